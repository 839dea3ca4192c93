"""Exports: ACLED-layout CSV (columns, codes, what ACLED cannot hold), GeoJSON, Parquet, JSON Lines.

Articles and their events are built by hand (the event extractor is not used here) and saved
with ``Store.save_article``; the texts are written for these tests.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.export import COLUMNS, TAXONOMY, InterCodes, export_events
from sitrep.export.acled import first_sentence, interaction
from sitrep.models import Article, DateValue, Event, Span
from sitrep.nlp.kb import KnowledgeBase
from sitrep.review import correct_event, reject_event
from sitrep.store import Store, article_identity, content_version, open_store

RETRIEVED = datetime(2024, 11, 20, 8, 30, tzinfo=timezone.utc)

# ACLED's columns, in ACLED's order, written out here rather than imported: the test must fail
# if the module's list drifts.
ACLED_HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso",
    "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities",
]

KHERSON_URL = "https://dniprocourier.example/2024/11/17/drone-strike-fuel-depot-kherson"
KHERSON_TITLE = "Drone strike sets fuel depot ablaze in Kherson, two killed"
KHERSON_BODY = (
    "Russian drones struck a fuel depot on the eastern edge of Kherson early on Sunday, killing two workers "
    "and setting storage tanks on fire, the regional governor said. Firefighters worked through the morning "
    "to contain the blaze.\n\n"
    "The governor said a third drone was shot down over the Dnipro river before it reached the port.\n\n"
    "Kherson was retaken by Ukrainian troops in November 2022 after weeks of heavy fighting with Russian "
    "forces on the west bank of the river.\n\n"
    "In 2023, residents held rallies in the city centre demanding faster repairs to the water network.\n\n"
    "Separately, unidentified gunmen abducted a local council member last week, the police said, without "
    "saying where.\n\n"
    "Shelling of villages along the river continued between 11 and 15 November, officials said.\n\n"
    "Local officials say strikes on the district's power lines have gone on since early September, leaving "
    "some streets without electricity for weeks."
)

BAIDOA_TITLE = "Al-Shabaab fighters kill five villagers near Baidoa"
BAIDOA_BODY = (
    "Al-Shabaab fighters killed five villagers in an attack on a farming settlement outside Baidoa on "
    "Tuesday, elders said.\n\n"
    "The militants accused the villagers of cooperating with government troops. Army units arrived in the "
    "area hours later, the elders added."
)

NAIROBI_TITLE = "Police fire tear gas at fuel-price marchers in Nairobi"
NAIROBI_BODY = (
    "Police fired tear gas and water cannon at hundreds of people marching against fuel prices in central "
    "Nairobi on Thursday, witnesses said.\n\n"
    "Earlier in the day minibus owners held a peaceful sit-in outside parliament to demand lower taxes on "
    "diesel."
)


def span(body: str, sentence: str) -> Span:
    start = body.index(sentence)
    return Span("body", start, start + len(sentence), sentence)


def article(title: str, body: str, *, url: str | None = None, outlet: str, wire: str | None = None,
            published: str = "2024-11-17", events: list[Event]) -> Article:
    a = Article(id="", version_id="", input_id="pages/test.txt", title=title, body=body, url=url, outlet=outlet,
                wire=wire, published=DateValue(published, "day", kind="published"),
                retrieved=RETRIEVED.isoformat(), events=events)
    a.id = article_identity(title, outlet, url, 1)
    a.version_id = content_version(a)
    return a


def kherson_events() -> list[Event]:
    b = KHERSON_BODY
    town = {"name": "Kherson", "admin1": "Kherson", "admin2": "Khersonskyi", "country": "Ukraine",
            "country_code": "UA", "lat": 46.6354, "lon": 32.6169, "precision": "town"}
    return [
        Event("v1", "Explosions/Remote violence", "Air/drone strike", actor1="Military Forces of Russia",
              date=DateValue("2024-11-17", "day", "early on Sunday"), location=town,
              fatalities={"best": 2, "low": 2, "high": 2, "text": "killing two workers"},
              attributed_to=["regional governor"],
              evidence=[span(b, "Russian drones struck a fuel depot on the eastern edge of Kherson early on Sunday, "
                                "killing two workers and setting storage tanks on fire, the regional governor said. "
                                "Firefighters worked through the morning to contain the blaze.")]),
        Event("v2", "Battles", "Armed clash", actor1="Military Forces of Ukraine", actor2="Military Forces of Russia",
              date=DateValue("2022-11", "month", "November 2022"), background=True,
              location={"name": "Kherson", "admin1": "Kherson", "country": "Ukraine", "country_code": "UA",
                        "lat": 46.75, "lon": 33.35, "precision": "admin1"},
              evidence=[span(b, "Kherson was retaken by Ukrainian troops in November 2022 after weeks of heavy "
                                "fighting with Russian forces on the west bank of the river.")]),
        Event("v3", "Protests", "Peaceful protest", actor1="Protesters (Ukraine)",
              date=DateValue("2023", "year", "In 2023"), background=True,
              location={"name": "Kherson", "country": "Ukraine", "country_code": "UA", "precision": "town"},
              evidence=[span(b, "In 2023, residents held rallies in the city centre demanding faster repairs to "
                                "the water network.")]),
        Event("v4", "Violence against civilians", "Abduction/forced disappearance",
              actor1="Unidentified Armed Group (Ukraine)", actor2="Civilians (Ukraine)",
              date=DateValue("2024-11-11", "week", "last week"), civilian_targeting=True,
              evidence=[span(b, "Separately, unidentified gunmen abducted a local council member last week, the "
                                "police said, without saying where.")]),
        Event("v5", "Explosions/Remote violence", "Shelling/artillery/missile attack",
              actor1="Military Forces of Russia",
              date=DateValue("2024-11-11", "day", "between 11 and 15 November", start="2024-11-11", end="2024-11-15"),
              location={"name": "Kherson", "admin1": "Kherson", "country": "Ukraine", "country_code": "UA",
                        "lat": 46.6354, "lon": 32.6169, "precision": "town", "near": True},
              evidence=[span(b, "Shelling of villages along the river continued between 11 and 15 November, "
                                "officials said.")]),
        Event("v6", "Explosions/Remote violence", "Shelling/artillery/missile attack",
              date=DateValue("2024-09-01", "day", "since early September", start="2024-09-01", end="2024-11-17"),
              location={"name": "Khersonskyi", "admin1": "Kherson", "admin2": "Khersonskyi", "country": "Ukraine",
                        "country_code": "UA", "lat": 46.7, "lon": 32.8, "precision": "admin2"},
              certainty="reported", attributed_to=["local officials"],
              evidence=[span(b, "Local officials say strikes on the district's power lines have gone on since "
                                "early September, leaving some streets without electricity for weeks.")]),
        Event("v7", "Strategic developments", "Disrupted weapons use", actor1="Military Forces of Ukraine",
              date=None, location=town, attributed_to=["regional governor"],
              evidence=[span(b, "The governor said a third drone was shot down over the Dnipro river before it "
                                "reached the port.")]),
    ]


def baidoa_events() -> list[Event]:
    b = BAIDOA_BODY
    return [Event(
        "v1", "Violence against civilians", "Attack", actor1="Al-Shabaab", actor2="Civilians (Somalia)",
        date=DateValue("2024-11-19", "day", "on Tuesday"), civilian_targeting=True,
        location={"name": "Baidoa", "admin1": "Bay", "country": "Somalia", "lat": 3.1136, "lon": 43.6498,
                  "precision": "town", "near": True},
        fatalities={"best": 5, "low": 5, "high": 5, "text": "killed five villagers"}, attributed_to=["elders"],
        evidence=[span(b, "Al-Shabaab fighters killed five villagers in an attack on a farming settlement outside "
                          "Baidoa on Tuesday, elders said.")],
    )]


def nairobi_events() -> list[Event]:
    b = NAIROBI_BODY
    where = {"name": "Nairobi", "admin1": "Nairobi", "country": "Kenya", "country_code": "KE",
             "lat": -1.2864, "lon": 36.8172, "precision": "town"}
    return [
        Event("v1", "Protests", "Excessive force against protesters", actor1="Police Forces of Kenya",
              actor2="Protesters (Kenya)", date=DateValue("2024-11-14", "day", "on Thursday"), location=where,
              evidence=[span(b, "Police fired tear gas and water cannon at hundreds of people marching against fuel "
                                "prices in central Nairobi on Thursday, witnesses said.")]),
        Event("v2", "Protests", "Peaceful protest", actor1="Protesters (Kenya)",
              assoc_actor1="Matatu Owners Association", date=DateValue("2024-11-14", "day"), location=where,
              evidence=[span(b, "Earlier in the day minibus owners held a peaceful sit-in outside parliament to "
                                "demand lower taxes on diesel.")]),
        Event("v3", "Strategic developments", "Other", actor1="Protesters (Kenya)", actor2="Nairobi Fuel Traders",
              date=DateValue("2024-11-14", "day"), location=where,
              evidence=[span(b, "Earlier in the day minibus owners held a peaceful sit-in outside parliament to "
                                "demand lower taxes on diesel.")]),
    ]


def fill(store: Store) -> dict[str, str]:
    """Save the three articles; their stored ids by place."""
    ids = {}
    for place, a in (
        ("kherson", article(KHERSON_TITLE, KHERSON_BODY, url=KHERSON_URL, outlet="Dnipro Courier", wire="Reuters",
                            events=kherson_events())),
        ("baidoa", article(BAIDOA_TITLE, BAIDOA_BODY, outlet="Mogadishu Monitor", published="2024-11-20",
                           events=baidoa_events())),
        ("nairobi", article(NAIROBI_TITLE, NAIROBI_BODY, outlet="Nairobi Evening Post", published="2024-11-14",
                            events=nairobi_events())),
    ):
        ids[place] = store.save_article(a, None).article_id
    return ids


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.bundled()


@pytest.fixture
def store(tmp_path) -> Store:
    with open_store(str(tmp_path / "export.db")) as s:
        yield s


def export_csv(store: Store, kb: KnowledgeBase, **options) -> tuple[list[str], list[dict[str, str]], object]:
    out = io.BytesIO()
    report = export_events(store, "acled-csv", out, kb=kb, **options)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8"))))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]], report


def by_evidence(rows: list[dict[str, str]], words: str) -> dict[str, str]:
    found = [r for r in rows if words in r["evidence"]]
    assert len(found) == 1, (words, [r["evidence"][:40] for r in rows])
    return found[0]


# ---------------------------------------------------------------- CSV layout and codes


def test_csv_header_is_acleds_columns_in_order_then_sitreps(store, kb):
    fill(store)
    header, rows, _ = export_csv(store, kb)
    assert header[: len(ACLED_HEADER)] == ACLED_HEADER
    assert header[len(ACLED_HEADER):][:8] == ["sitrep_event_id", "article_id", "version_id", "certainty",
                                              "background", "evidence", "date_precision", "extractor"]
    assert all(len(r) == len(header) for r in rows)


def test_csv_with_no_events_still_has_the_header(store, kb):
    header, rows, report = export_csv(store, kb)
    assert header == list(COLUMNS) and rows == [] and report.written == 0


def test_time_precision_codes(store, kb):
    fill(store)
    _, rows, report = export_csv(store, kb)
    day = by_evidence(rows, "fuel depot on the eastern edge")
    assert (day["event_date"], day["year"], day["time_precision"], day["date_precision"]) == \
        ("2024-11-17", "2024", "1", "day")
    week_range = by_evidence(rows, "between 11 and 15 November")
    assert (week_range["event_date"], week_range["time_precision"]) == ("2024-11-11", "2")
    assert (week_range["date_start"], week_range["date_end"]) == ("2024-11-11", "2024-11-15")
    month = by_evidence(rows, "retaken by Ukrainian troops")
    assert (month["event_date"], month["time_precision"], month["date_precision"]) == ("2022-11-01", "3", "month")
    assert month["date_end"] == "2022-11-30"
    # ACLED has no code for a year or a range over a month: first day, code 3, and sitrep's own columns say so.
    year = by_evidence(rows, "In 2023, residents held rallies")
    assert (year["event_date"], year["year"], year["time_precision"], year["date_precision"]) == \
        ("2023-01-01", "2023", "3", "year")
    assert year["date_end"] == "2023-12-31"
    long_range = by_evidence(rows, "since early September")
    assert (long_range["event_date"], long_range["time_precision"], long_range["date_end"]) == \
        ("2024-09-01", "3", "2024-11-17")
    assert report.wide_dates == 2


def test_geo_precision_codes(store, kb):
    fill(store)
    _, rows, _ = export_csv(store, kb)
    assert by_evidence(rows, "fuel depot on the eastern edge")["geo_precision"] == "1"
    assert by_evidence(rows, "between 11 and 15 November")["geo_precision"] == "2"  # "near" a town
    assert by_evidence(rows, "since early September")["geo_precision"] == "2"  # admin2
    assert by_evidence(rows, "retaken by Ukrainian troops")["geo_precision"] == "3"  # admin1
    depot = by_evidence(rows, "fuel depot on the eastern edge")
    assert (depot["latitude"], depot["longitude"], depot["location"], depot["admin2"]) == \
        ("46.6354", "32.6169", "Kherson", "Khersonskyi")


def test_inter_and_interaction_codes(store, kb):
    fill(store)
    _, rows, _ = export_csv(store, kb)
    police = by_evidence(rows, "tear gas and water cannon")
    assert (police["inter1"], police["inter2"], police["interaction"]) == ("1", "6", "16")
    shabaab = by_evidence(rows, "farming settlement outside Baidoa")
    assert (shabaab["inter1"], shabaab["inter2"], shabaab["interaction"]) == ("2", "7", "27")
    clash = by_evidence(rows, "retaken by Ukrainian troops")
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == ("1", "1", "11")
    alone = by_evidence(rows, "fuel depot on the eastern edge")  # one actor: its code then 0
    assert (alone["inter1"], alone["actor2"], alone["interaction"]) == ("1", "", "10")
    sit_in = [r for r in rows if "peaceful sit-in" in r["evidence"]]
    peaceful = next(r for r in sit_in if r["sub_event_type"] == "Peaceful protest")
    assert (peaceful["inter1"], peaceful["assoc_actor_1"], peaceful["interaction"]) == \
        ("6", "Matatu Owners Association", "60")
    unknown = next(r for r in sit_in if r["actor2"] == "Nairobi Fuel Traders")
    assert (unknown["inter1"], unknown["inter2"], unknown["interaction"]) == ("6", "", "")  # never guessed


def test_inter_codes_come_from_the_kb_before_the_name():
    codes = InterCodes(KnowledgeBase.empty())
    assert [codes(n) for n in ("Military Forces of Iraq", "Police Forces of the United States", "Rioters (Chad)",
                               "Unidentified Armed Group (Mali)", "Civilians (Haiti)", "Protesters (Peru)",
                               "Islamic State", None)] == [1, 1, 5, 3, 7, 6, None, None]
    assert interaction(3, 1, True) == 13 and interaction(7, 1, True) == 17 and interaction(2, None, False) == 20
    assert interaction(None, 1, True) is None and interaction(1, None, True) is None


def test_country_iso_region_and_civilian_targeting(store, kb):
    fill(store)
    _, rows, _ = export_csv(store, kb)
    depot = by_evidence(rows, "fuel depot on the eastern edge")
    assert (depot["country"], depot["iso"], depot["region"]) == ("Ukraine", "804", "Europe")
    assert depot["event_id_cnty"].startswith("UKR") and depot["event_id_cnty"][3:].isdigit()
    assert depot["civilian_targeting"] == ""
    shabaab = by_evidence(rows, "farming settlement outside Baidoa")  # country given by name only
    assert (shabaab["country"], shabaab["iso"], shabaab["region"]) == ("Somalia", "706", "Eastern Africa")
    assert shabaab["civilian_targeting"] == "Civilian targeting"
    assert shabaab["fatalities"] == "5"


def test_source_notes_and_sitrep_columns(store, kb):
    ids = fill(store)
    _, rows, _ = export_csv(store, kb)
    depot = by_evidence(rows, "fuel depot on the eastern edge")
    assert depot["source"] == "Dnipro Courier; Reuters"
    assert depot["source_scale"] == ""
    assert depot["notes"] == ("Russian drones struck a fuel depot on the eastern edge of Kherson early on Sunday, "
                              "killing two workers and setting storage tanks on fire, the regional governor said. "
                              "[sitrep: certainty=reported; attributed to regional governor]")
    assert depot["article_id"] == ids["kherson"] and depot["sitrep_event_id"].startswith("ev_")
    assert depot["certainty"] == "reported" and depot["background"] == "false"
    start = KHERSON_BODY.index("Russian drones")
    assert depot["evidence_spans"].startswith(f"body:{start}-")
    assert by_evidence(rows, "retaken by Ukrainian troops")["background"] == "true"


def test_events_acled_cannot_hold_are_left_out_and_counted(store, kb):
    fill(store)
    _, rows, report = export_csv(store, kb)
    assert not [r for r in rows if "abducted a local council member" in r["evidence"]]  # no country
    assert not [r for r in rows if "third drone was shot down" in r["evidence"]]  # no date
    assert (report.no_country, report.no_date) == (1, 1)
    assert report.written == len(rows) == 11 - 2
    assert any("without a country" in line for line in report.problems())


def test_no_background_and_since(store, kb):
    fill(store)
    _, rows, report = export_csv(store, kb, include_background=False)
    assert rows and all(r["background"] == "false" for r in rows)
    assert report.background == 2
    _, rows, report = export_csv(store, kb, since=date(2024, 11, 15))
    kept = sorted(r["evidence"][:30] for r in rows)
    # The 11-15 November range ends on the 15th and is kept; the month of November 2022 is not.
    assert any(k.startswith("Shelling of villages") for k in kept)
    assert not any(k.startswith("Kherson was retaken") for k in kept)
    assert all(r["date_end"] >= "2024-11-15" for r in rows)


def test_event_ids_are_stable_across_exports(store, kb):
    fill(store)
    _, first, _ = export_csv(store, kb)
    _, second, _ = export_csv(store, kb)
    assert [(r["event_id_cnty"], r["sitrep_event_id"]) for r in first] == \
        [(r["event_id_cnty"], r["sitrep_event_id"]) for r in second]
    assert len({r["sitrep_event_id"] for r in first}) == len(first)


def test_first_sentence_keeps_abbreviations_and_cuts_long_text():
    assert first_sentence("Gen. Abdel spoke. Then he left.") == "Gen. Abdel spoke."
    assert first_sentence("U.S. Army units withdrew. Later more.") == "U.S. Army units withdrew."
    long = "word " * 200
    cut = first_sentence(long)
    assert len(cut) <= 301 and cut.endswith("\u2026")


def test_taxonomy_is_the_contracts():
    path = Path(__file__).resolve().parents[1] / ".." / "shared" / "contract" / "acled-taxonomy.json"
    if not path.is_file():
        pytest.skip("shared contract not present")
    shared = json.loads(path.read_text(encoding="utf-8"))
    assert {k: list(v) for k, v in TAXONOMY.items()} == shared


# ---------------------------------------------------------------- corrections in exports


def test_exports_apply_corrections_and_mark_them(store, kb):
    ids = fill(store)
    correct_event(store, ids["kherson"], "v1", "fatalities.best", "3", who="olena", note="hospital update")
    reject_event(store, ids["nairobi"], "v3", who="olena", note="not an event")
    _, rows, report = export_csv(store, kb)
    depot = by_evidence(rows, "fuel depot on the eastern edge")
    assert depot["fatalities"] == "3"
    assert depot["corrected"] == "fatalities.best"
    assert "corrected: fatalities.best" in depot["notes"]
    assert not [r for r in rows if r["actor2"] == "Nairobi Fuel Traders"]
    assert report.rejected == 1 and report.corrected == 1
    out = io.BytesIO()
    export_events(store, "jsonl", out)
    events = [e for line in out.getvalue().decode().splitlines() for e in json.loads(line)["events"]]
    depot_json = next(e for e in events if e["sitrep_event_id"] == depot["sitrep_event_id"])
    assert depot_json["fatalities"]["best"] == 3 and depot_json["corrected"] == ["fatalities.best"]
    assert not [e for e in events if e["actor2"] == "Nairobi Fuel Traders"]


# ---------------------------------------------------------------- GeoJSON, Parquet, JSON Lines


def test_geojson_is_a_feature_collection_in_lon_lat_order(store, kb):
    fill(store)
    out = io.BytesIO()
    report = export_events(store, "geojson", out, kb=kb)
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    for feature in features:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["longitude"] == lon and feature["properties"]["latitude"] == lat
    depot = next(f for f in features if "fuel depot" in f["properties"]["evidence"])
    assert depot["geometry"]["coordinates"] == [32.6169, 46.6354]  # longitude first
    assert depot["properties"]["geo_precision"] == 1 and depot["properties"]["location_precision"] == "town"
    assert depot["properties"]["event_date"] == "2024-11-17"
    nairobi = next(f for f in features if "tear gas" in f["properties"]["evidence"])
    assert nairobi["geometry"]["coordinates"] == [36.8172, -1.2864]
    # The 2023 rallies and the abduction have no coordinates: left out, counted. The country-less
    # and undated rows ACLED's CSV drops are in the GeoJSON when they have coordinates.
    assert report.no_coordinates == 2 and len(features) == report.written == 11 - 2
    assert any("third drone" in f["properties"]["evidence"] for f in features)


def test_parquet_round_trip(store, kb, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    fill(store)
    path = tmp_path / "events.parquet"
    report = export_events(store, "parquet", path, kb=kb)
    table = pq.read_table(path)
    assert table.column_names == list(COLUMNS)
    assert table.num_rows == report.written == 11  # Parquet keeps what the CSV cannot hold, as nulls
    rows = table.to_pylist()
    depot = next(r for r in rows if "fuel depot" in r["evidence"])
    assert depot["event_date"] == date(2024, 11, 17) and depot["time_precision"] == 1
    assert depot["inter1"] == 1 and depot["interaction"] == 10 and depot["iso"] == 804
    assert depot["latitude"] == 46.6354 and depot["background"] is False
    undated = next(r for r in rows if "third drone" in r["evidence"])
    assert undated["event_date"] is None and undated["time_precision"] is None
    _, csv_rows, _ = export_csv(store, kb)
    assert {r["sitrep_event_id"] for r in csv_rows} <= {r["sitrep_event_id"] for r in rows}


def test_jsonl_one_article_per_line_with_annotations(store):
    ids = fill(store)
    out = io.BytesIO()
    report = export_events(store, "jsonl", out, include_background=False)
    lines = out.getvalue().decode("utf-8").splitlines()
    assert len(lines) == report.written == 3
    articles = [json.loads(line) for line in lines]
    assert {a["id"] for a in articles} == set(ids.values())
    kherson = next(a for a in articles if a["id"] == ids["kherson"])
    assert kherson["title"] == KHERSON_TITLE and kherson["body"] == KHERSON_BODY
    assert kherson["published"] == {"value": "2024-11-17", "precision": "day", "kind": "published"}
    assert len(kherson["events"]) == 5 and not any(e["background"] for e in kherson["events"])
    for event in kherson["events"]:
        for ev in event["evidence"]:
            assert kherson["body"][ev["start"]:ev["end"]] == ev["text"]


# ---------------------------------------------------------------- command line and PostgreSQL


def test_cli_export_reports_what_it_left_out(tmp_path):
    db = str(tmp_path / "cli.db")
    with open_store(db) as s:
        fill(s)
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["export", "--format", "acled-csv", "--db", db, "-o", str(out),
                                      "--no-background"])
    assert result.exit_code == 0, result.output
    assert "1 events without a country left out" in result.stderr
    assert "1 events without a date left out" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 11 - 2 - 2 and all(r["background"] == "false" for r in rows)
    result = CliRunner().invoke(app, ["export", "--format", "geojson", "--db", db, "--since", "2024-11-19"])
    assert result.exit_code == 0, result.output
    features = json.loads(result.stdout)["features"]
    assert [f["properties"]["location"] for f in features] == ["Baidoa"]


@pytest.mark.postgres
def test_export_with_corrections_on_postgres(pg_store, kb):
    ids = fill(pg_store)
    correct_event(pg_store, ids["baidoa"], "v1", "actor2", "Civilians (Somalia); farmers", who="amina")
    _, rows, report = export_csv(pg_store, kb)
    shabaab = by_evidence(rows, "farming settlement outside Baidoa")
    assert shabaab["actor2"] == "Civilians (Somalia); farmers" and shabaab["corrected"] == "actor2"
    assert report.written == 9 and report.no_country == 1
