"""The REST API (``sitrep serve``) through FastAPI's test client, on SQLite and PostgreSQL.

Two invented reports are stored with hand-made events (no NLP, so every expected count is
known); one test posts a page through the whole pipeline.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from sitrep.api import ServeConfig, create_app
from sitrep.models import Article, DateValue, Entity, Event, Relation, Span
from sitrep.store import article_identity, content_version, open_store

RETRIEVED = datetime(2025, 6, 3, 9, 0, tzinfo=timezone.utc)
TOKEN = "test-token-4b1f"

SUDAN_BODY = (
    "Rapid Support Forces fighters shelled the Abu Shouk camp outside El Fasher on Monday, killing six "
    "civilians, the camp's coordination committee said.\n\n"
    "The army said its aircraft struck RSF positions east of the city on Tuesday. The RSF, also known as "
    "the Janjaweed successor force, did not comment.\n\n"
    "In Port Sudan, dozens of residents marched on Wednesday to demand that aid reach Darfur, a witness said."
)
MYANMAR_BODY = (
    "Fighters of the Arakan Army clashed with junta troops near Sittwe on May 28, a local monitor said, "
    "with at least four soldiers killed.\n\n"
    "A military jet bombed a village market in Mrauk-U township the next day, residents said; 11 people "
    "were killed, according to a rescue worker."
)


def _span(body: str, sentence: str) -> Span:
    start = body.index(sentence)
    return Span("body", start, start + len(sentence), sentence)


def _article(title: str, body: str, outlet: str, events: list[Event], entities: list[Entity] = (),
             relations: list[Relation] = ()) -> Article:
    article_id = article_identity(title, outlet, None, 0, body)
    article = Article(id=article_id, version_id="", input_id=f"test:{article_id}", title=title, body=body,
                      outlet=outlet, published=DateValue("2025-06-02", "day"), retrieved=RETRIEVED.isoformat(),
                      events=events, entities=list(entities), relations=list(relations))
    article.version_id = content_version(article, article_id=article_id)
    return article


def sudan() -> Article:
    b = SUDAN_BODY
    darfur = {"country": "Sudan", "country_code": "SD", "admin1": "North Darfur"}
    shelling = b[:b.index("\n\n")]
    strike = "The army said its aircraft struck RSF positions east of the city on Tuesday."
    march = "In Port Sudan, dozens of residents marched on Wednesday to demand that aid reach Darfur, a witness said."
    rsf = Entity("e1", "Rapid Support Forces", "ORG", kb_id="sitrep:rsf", aliases=["RSF"],
                 mentions=[_span(b, "Rapid Support Forces"), _span(b, "RSF")])
    return _article("Shelling kills six in Darfur camp as army strikes back", b, "Nile Courier", [
        Event("v1", "Explosions/Remote violence", "Shelling/artillery/missile attack", actor1="Rapid Support Forces",
              actor2="Civilians (Sudan)", date=DateValue("2025-06-02", "day", "on Monday"),
              location={**darfur, "name": "Abu Shouk", "lat": 13.66, "lon": 25.33, "precision": "town"},
              fatalities={"best": 6, "low": 6, "high": 6}, civilian_targeting=True,
              attributed_to=["the camp's coordination committee"], evidence=[_span(b, shelling)]),
        Event("v2", "Explosions/Remote violence", "Air/drone strike", actor1="Military Forces of Sudan",
              actor2="Rapid Support Forces", date=DateValue("2025-06-03", "day", "on Tuesday"),
              location={**darfur, "name": "El Fasher", "lat": 13.63, "lon": 25.35, "precision": "town"},
              certainty="claimed", attributed_to=["the army"], evidence=[_span(b, strike)]),
        Event("v3", "Protests", "Peaceful protest", actor1="Protesters (Sudan)",
              date=DateValue("2025-06-04", "day", "on Wednesday"),
              location={"name": "Port Sudan", "country": "Sudan", "country_code": "SD", "admin1": "Red Sea",
                        "lat": 19.62, "lon": 37.22, "precision": "town"},
              attributed_to=["a witness"], evidence=[_span(b, march)]),
    ], entities=[rsf], relations=[Relation("Rapid Support Forces", "also_known_as", "Janjaweed successor force")])


def myanmar() -> Article:
    b = MYANMAR_BODY
    rakhine = {"country": "Myanmar", "country_code": "MM", "admin1": "Rakhine"}
    clash = b[:b.index("\n\n")]
    bombing = b[b.index("A military jet"):]
    return _article("Arakan Army clashes with junta near Sittwe; jet bombs market", b, "Bay Monitor", [
        Event("v1", "Battles", "Armed clash", actor1="Arakan Army", actor2="Military Forces of Myanmar",
              date=DateValue("2025-05-28", "day", "on May 28"),
              location={**rakhine, "name": "Sittwe", "lat": 20.15, "lon": 92.9, "precision": "town"},
              fatalities={"best": 4, "low": 4, "high": 4}, attributed_to=["a local monitor"],
              evidence=[_span(b, clash)]),
        Event("v2", "Explosions/Remote violence", "Air/drone strike", actor1="Military Forces of Myanmar",
              actor2="Civilians (Myanmar)", date=DateValue("2025-05-29", "day", "the next day"),
              location={**rakhine, "name": "Mrauk-U", "lat": 20.59, "lon": 93.19, "precision": "admin2"},
              fatalities={"best": 11, "low": 11, "high": 11}, civilian_targeting=True,
              attributed_to=["residents", "a rescue worker"], evidence=[_span(b, bombing)]),
    ])


def _fill(url: str) -> None:
    with open_store(url) as store:
        for article in (sudan(), myanmar()):
            store.save_article(article, raw_id=None)


def _client(url: str, **config) -> TestClient:
    app = create_app(ServeConfig(db=url, token=config.pop("token", TOKEN), **config))
    return TestClient(app, base_url="http://localhost")


@pytest.fixture
def api(tmp_path):
    url = str(tmp_path / "api.db")
    _fill(url)
    with _client(url) as client:
        yield client
    client.app.state.store.close()


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _events(api, **params) -> dict:
    answer = api.get("/api/events", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _one(api, **params) -> dict:
    items = _events(api, **params)["items"]
    assert len(items) == 1, items
    return items[0]


# ---------------------------------------------------------------- reading


def test_events_are_listed_with_total_and_paged_in_date_order(api):
    first = _events(api, limit=2)
    assert first["total"] == 5 and first["limit"] == 2 and first["offset"] == 0
    assert [e["date"]["value"] for e in first["items"]] == ["2025-06-04", "2025-06-03"]
    rest = _events(api, limit=2, offset=2)["items"] + _events(api, limit=2, offset=4)["items"]
    assert [e["date"]["value"] for e in rest] == ["2025-06-02", "2025-05-29", "2025-05-28"]
    assert [e["fatalities"]["best"] for e in _events(api, sort="-fatalities", limit=2)["items"]] == [11, 6]


def test_each_filter_narrows_the_list(api):
    assert _events(api, type="Battles")["total"] == 1
    assert _events(api, type="Battles,Protests")["total"] == 2
    assert _events(api, sub_type="Air/drone strike")["total"] == 2
    assert _events(api, country="MM")["total"] == 2 and _events(api, country="sudan")["total"] == 3
    assert _events(api, country="SDN,Myanmar")["total"] == 5
    assert _events(api, date_from="2025-06-01")["total"] == 3
    assert _events(api, date_from="2025-05", date_to="2025-05")["total"] == 2
    assert _events(api, certainty="claimed")["items"][0]["actor1"] == "Military Forces of Sudan"
    assert _events(api, bbox="90,15,95,25")["total"] == 2  # Rakhine only
    assert _events(api, min_fatalities=5)["total"] == 2
    assert _events(api, civilian_targeting="true")["total"] == 2
    assert _events(api, actor="Rapid Support Forces")["total"] == 2  # as actor1 and as actor2
    assert _events(api, type="Explosions/Remote violence", country="SD", date_to="2025-06-02")["total"] == 1


def test_bad_filters_are_explicit_problems_not_empty_lists(api):
    for params, words in (({"type": "Batles"}, "unknown value 'Batles'"),
                          ({"bbox": "1,2"}, "bbox"),
                          ({"date_from": "last week"}, "not a date"),
                          ({"date_from": "2025-06-02", "date_to": "2025-01-01"}, "after date_to"),
                          ({"limit": 0}, "limit"),
                          ({"sort": "random"}, "sort"),
                          ({"country": "Atlantis"}, "'Atlantis' is neither an ISO code nor a country name")):
        answer = api.get("/api/events", params=params)
        assert answer.status_code == 422, params
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert problem["status"] == 422 and problem["instance"] == "/api/events" and problem["type"].startswith("https://")
        assert words in problem["detail"], problem
    unknown = api.get("/api/events", params={"actor": "Nobody At All"})
    assert unknown.status_code == 404 and "Nobody At All" in unknown.json()["detail"]
    assert api.get("/api/events/ev_0000").json()["status"] == 404
    assert api.get("/api/no/such/route").headers["content-type"] == "application/problem+json"


def test_map_clusters_group_by_zoom_and_single_events_carry_their_id(api):
    world = api.get("/api/events/clusters", params={"zoom": 0}).json()
    assert world["total"] == 5 and world["unplaced"] == 0
    assert sorted(c["count"] for c in world["clusters"]) == [2, 3]  # Sudan and Myanmar
    close = api.get("/api/events/clusters", params={"zoom": 9, "country": "MM"}).json()
    assert [c["count"] for c in close["clusters"]] == [1, 1]
    assert all(c["event_id"].startswith("ev_") for c in close["clusters"])
    only_view = api.get("/api/events/clusters", params={"zoom": 3, "bbox": "20,10,40,25"}).json()
    assert only_view["total"] == 3


def test_timeline_and_facets_count_the_same_events(api):
    months = api.get("/api/events/timeline").json()
    assert [(b["start"], b["count"], b["fatalities"]) for b in months["buckets"]] == [("2025-05", 2, 15), ("2025-06", 3, 6)]
    days = api.get("/api/events/timeline", params={"interval": "day", "country": "SD"}).json()
    assert [b["start"] for b in days["buckets"]] == ["2025-06-02", "2025-06-03", "2025-06-04"]
    facets = api.get("/api/facets").json()
    assert facets["total"] == 5 and facets["date_min"] == "2025-05-28"
    assert {f["value"]: f["count"] for f in facets["countries"]} == {"SD": 3, "MM": 2}
    assert facets["event_types"][0] == {"value": "Explosions/Remote violence", "count": 3}


def test_an_article_comes_with_annotations_whose_offsets_point_at_their_words(api):
    listed = api.get("/api/articles").json()
    assert listed["total"] == 2 and {a["events"] for a in listed["items"]} == {2, 3}
    article_id = next(a["id"] for a in listed["items"] if a["outlet"] == "Nile Courier")
    article = api.get(f"/api/articles/{article_id}").json()
    body = article["body"]
    for event in article["events"]:
        for span in event["evidence"]:
            assert body[span["start"]:span["end"]] == span["text"]
        assert event["event_id"].startswith("ev_") and event["review_status"] == "unreviewed"
    for mention in article["entities"][0]["mentions"]:
        assert body[mention["start"]:mention["end"]] in ("Rapid Support Forces", "RSF")
    assert article["versions"][0]["latest"] is True
    assert api.get("/api/articles/a_missing").status_code == 404


def test_one_event_names_its_source_article(api):
    event = _one(api, type="Battles")
    again = api.get(f"/api/events/{event['event_id']}").json()
    assert again["article"]["title"].startswith("Arakan Army clashes") and again["history"] == []
    assert again["location"]["name"] == "Sittwe"


def test_actors_quotes_claims_and_search(api):
    actors = api.get("/api/actors").json()
    assert actors["total"] == 7 and [a["events"] for a in actors["items"]][:3] == [2, 2, 1]
    rsf_row = next(a for a in actors["items"] if a["name"] == "Rapid Support Forces")
    assert rsf_row["events"] == 2 and rsf_row["key"] == "sitrep:rsf"  # keyed by the entity's knowledge-base id
    assert api.get("/api/actors", params={"q": "arakan"}).json()["items"][0]["name"] == "Arakan Army"
    rsf = api.get("/api/actors/sitrep:rsf").json()
    assert "RSF" in rsf["aliases"] and rsf["roles"] == {"actor1": 1, "actor2": 1}
    assert rsf["relations"][0]["object"] == "Janjaweed successor force"
    assert [m["start"] for m in rsf["by_month"]] == ["2025-06"]
    assert api.get("/api/actors/n:nobody").status_code == 404
    hits = api.get("/api/search", params={"q": "market jet"}).json()
    assert hits["total"] == 1 and hits["items"][0]["title"].startswith("Arakan Army")
    assert api.get("/api/search").status_code == 422
    assert api.get("/api/quotes").json()["total"] == 0 and api.get("/api/claims").json()["total"] == 0


# ---------------------------------------------------------------- writing and review


def test_writes_need_the_token(api):
    event = _one(api, type="Battles")
    path = f"/api/events/{event['event_id']}/corrections"
    body = {"who": "amina", "changes": {"fatalities": 5}}
    assert api.post(path, json=body).status_code == 401
    wrong = api.post(path, json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
    assert api.post("/api/ingest", content=b"A page", headers={"Content-Type": "text/plain"}).status_code == 401
    assert _one(api, type="Battles")["fatalities"]["best"] == 4


def test_a_read_only_server_refuses_writes_even_with_the_token(tmp_path):
    url = str(tmp_path / "ro.db")
    _fill(url)
    with _client(url, read_only=True) as client:
        event = client.get("/api/events", params={"type": "Battles"}).json()["items"][0]
        answer = client.post(f"/api/events/{event['event_id']}/reject", json={"who": "amina"}, headers=AUTH)
        assert answer.status_code == 403 and "read-only" in answer.json()["detail"]
        assert client.get("/api/health").json()["writable"] is False
    client.app.state.store.close()


def test_a_server_bound_beyond_localhost_without_a_token_is_read_only():
    remote = ServeConfig.from_environment("x.db", host="0.0.0.0", token=None)
    local = ServeConfig.from_environment("x.db", host="127.0.0.1", token=None)
    assert not remote.writable and remote.token_for_page is None
    assert local.writable and local.token and local.token_for_page == local.token
    shared = ServeConfig.from_environment("x.db", host="0.0.0.0", token="s3cret")
    assert shared.writable and shared.token_for_page is None  # a remote page never carries the token


def test_correct_reload_and_undo_an_event(api):
    event = _one(api, type="Battles")
    path = f"/api/events/{event['event_id']}"
    made = api.post(f"{path}/corrections", headers=AUTH,
                    json={"who": "amina", "note": "hospital list", "changes": {"fatalities": 5, "actor2": "Military Forces of Myanmar (2021-)"}})
    assert made.status_code == 200, made.text
    assert made.json()["event"]["fatalities"]["best"] == 5
    again = api.get(path).json()
    assert again["review_status"] == "corrected" and sorted(again["corrected"]) == ["actor2", "fatalities"]
    assert {(h["field"], h["who"], h["before"]["best"] if h["field"] == "fatalities" else h["before"])
            for h in again["history"]} == {("fatalities", "amina", 4), ("actor2", "amina", "Military Forces of Myanmar")}
    assert _events(api, min_fatalities=5, country="MM")["total"] == 2
    fatalities = next(h for h in again["history"] if h["field"] == "fatalities")
    assert api.post(f"/api/corrections/{fatalities['id']}/undo", headers=AUTH).json()["correction"]["status"] == "undone"
    assert api.get(path).json()["fatalities"]["best"] == 4
    bad = api.post(f"{path}/corrections", headers=AUTH, json={"who": "amina", "changes": {"fatalities": "many"}})
    assert bad.status_code == 422 and bad.json()["type"].endswith("invalid-correction")


def test_reject_hides_an_event_from_lists_and_exports_until_undone(api):
    event = _one(api, type="Protests")
    answer = api.post(f"/api/events/{event['event_id']}/reject", headers=AUTH, json={"who": "amina", "note": "a march, no event"})
    assert answer.json()["event"]["review_status"] == "rejected"
    assert _events(api)["total"] == 4 and _events(api, include_rejected="true")["total"] == 5
    assert _events(api, review="rejected")["items"][0]["event_id"] == event["event_id"]
    exported = api.get("/api/export/acled-csv")
    assert len(list(csv.DictReader(io.StringIO(exported.text)))) == 4
    correction_id = answer.json()["corrections"][0]["id"]
    api.post(f"/api/corrections/{correction_id}/undo", headers=AUTH)
    assert _events(api)["total"] == 5


def test_change_feed_reports_updates_and_deletions(api, tmp_path):
    start = api.get("/api/changes", params={"since": "1970-01-01"}).json()
    assert len(start["events"]) == 5 and {c["change"] for c in start["events"]} == {"upserted"}
    mark = start["next"]["since"]
    assert api.get("/api/changes", params={"since": mark}).json()["events"] == []
    battle = _one(api, type="Battles")
    api.post(f"/api/events/{battle['event_id']}/confirm", headers=AUTH, json={"who": "amina"})
    changed = api.get("/api/changes", params={"since": mark}).json()["events"]
    assert [(c["event_id"], c["change"], c["event"]["review_status"]) for c in changed] == \
        [(battle["event_id"], "upserted", "confirmed")]
    # A re-extraction that no longer finds the market bombing: the feed says it is gone.
    store = api.app.state.store
    article = myanmar()
    bombing = next(e for e in article.events if e.event_type != "Battles")
    article.events = [e for e in article.events if e is not bombing]
    stored = store.get_article(article.id)
    store.replace_annotations(stored.id, stored.version_id, article)
    feed = api.get("/api/changes", params={"since": changed[-1]["updated_at"]}).json()["events"]
    assert [c["change"] for c in feed] == ["deleted"]
    assert api.get(f"/api/events/{feed[0]['event_id']}").json()["deleted_at"]
    assert _events(api)["total"] == 4
    assert _events(api, updated_since=mark)["total"] == 1  # the confirmed battle; the deleted one is gone
    assert api.get("/api/changes").status_code == 422


def test_change_feed_pages_with_a_cursor(api):
    seen, params = [], {"since": "1970-01-01", "limit": 2}
    while True:
        page = api.get("/api/changes", params=params).json()
        seen += [c["event_id"] for c in page["events"]]
        if not page["more"]:
            break
        params = {"since": page["next"]["since"], "after_id": page["next"]["after_id"], "limit": 2}
    assert len(seen) == len(set(seen)) == 5


def test_merge_and_split_actors_and_undo(api):
    merged = api.post("/api/actors/merge", headers=AUTH,
                      json={"who": "amina", "source": "n:military forces of sudan", "into": "sitrep:rsf"})
    assert merged.status_code == 200, merged.text
    assert _events(api, actor="sitrep:rsf")["total"] == 2  # the strike names both: counted once
    rsf = api.get("/api/actors/sitrep:rsf").json()
    assert {n["name"] for n in rsf["names"]} == {"Rapid Support Forces", "Military Forces of Sudan"}
    assert rsf["merges"][0]["kind"] == "merge"
    split = api.post("/api/actors/split", headers=AUTH, json={"who": "amina", "name": "Military Forces of Sudan"})
    assert split.status_code == 200
    assert {n["name"] for n in api.get("/api/actors/sitrep:rsf").json()["names"]} == {"Rapid Support Forces"}
    api.post(f"/api/corrections/{split.json()['correction_id']}/undo", headers=AUTH)
    api.post(f"/api/corrections/{merged.json()['correction_id']}/undo", headers=AUTH)
    assert api.get("/api/actors/n:military forces of sudan").json()["events"] == 1
    assert api.post("/api/actors/merge", headers=AUTH,
                    json={"who": "amina", "source": "n:nobody", "into": "sitrep:rsf"}).status_code == 422


def test_exports_are_filtered_paged_and_counted(api):
    answer = api.get("/api/export/acled-csv", params={"country": "SD", "limit": 2})
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert answer.headers["x-total-count"] == "3" and len(rows) == 2
    assert {r["country"] for r in rows} == {"Sudan"}
    geo = api.get("/api/export/geojson", params={"type": "Battles"}).json()
    assert [f["geometry"]["coordinates"] for f in geo["features"]] == [[92.9, 20.15]]
    lines = api.get("/api/export/jsonl", params={"country": "MM"}).text.strip().splitlines()
    assert len(lines) == 1
    parquet = api.get("/api/export/parquet")
    assert parquet.content[:4] == b"PAR1" and parquet.headers["x-exported"] == "5"
    assert api.get("/api/export/xlsx").status_code == 404


# ---------------------------------------------------------------- guards


def test_requests_too_large_bad_hosts_and_paths_are_refused(api, tmp_path):
    big = api.post("/api/actors/merge", headers={**AUTH, "Content-Type": "application/json"}, content=b"{" + b" " * 300_000 + b"}")
    assert big.status_code == 413 and big.json()["title"] == "Request too large"
    rebinding = api.get("/api/health", headers={"Host": "evil.example"})
    assert rebinding.status_code == 400
    for path in ("/static/../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2fapi%2fapp.py"):
        answer = api.get(path)
        assert answer.status_code == 404 and "root:" not in answer.text
    assert api.get("/api/health").headers["content-security-policy"].startswith("default-src 'self'")


def test_openapi_docs_are_served_without_a_cdn(api):
    page = api.get("/docs")
    assert page.status_code == 200 and "swagger" in page.text.lower()
    assert "cdn." not in page.text and "https://" not in page.text.split("</head>")[0].replace("https://sitrep.invalid", "")
    spec = api.get("/openapi.json").json()
    assert {"/api/events", "/api/events/clusters", "/api/changes", "/api/ingest", "/api/export/{fmt}"} <= set(spec["paths"])


def test_ingest_a_page_by_post_runs_the_pipeline_and_is_idempotent(api):
    page = ("KHARTOUM, Sudan (Nile Courier) —\n\nArtillery fire killed three people in the Omdurman market on "
            "Thursday, a medical group said.\n\nThe shells hit the market shortly after noon, witnesses said, "
            "and the wounded were carried to a nearby hospital. The Sudanese army and the paramilitary force "
            "have fought for control of the city for months, and residents say shelling has become daily.\n")
    params = {"filename": "../../etc/omdurman.txt", "retrieved": "2025-06-06T10:00:00Z"}
    first = api.post("/api/ingest", params=params, content=page.encode(), headers={**AUTH, "Content-Type": "text/plain"})
    assert first.status_code == 200, first.text
    assert first.json()["source"] == "upload:omdurman.txt" and first.json()["articles_new"] == 1
    again = api.post("/api/ingest", params=params, content=page.encode(), headers={**AUTH, "Content-Type": "text/plain"})
    assert again.json()["unchanged"] == 1 and again.json()["articles_new"] == 0
    article_id = first.json()["articles"][0]["id"]
    assert api.get(f"/api/articles/{article_id}").json()["body"].startswith("Artillery fire")
    assert _events(api, article=article_id)["total"] >= 1
    broken = api.post("/api/ingest", params={"filename": "feed.jsonl"}, content=b"{not json",
                      headers={**AUTH, "Content-Type": "application/octet-stream"})
    assert broken.status_code == 422 and "feed.jsonl" in broken.json()["detail"]
    assert api.post("/api/ingest", content=b"   ", headers=AUTH).status_code == 422


# ---------------------------------------------------------------- PostgreSQL


@pytest.mark.postgres
def test_the_same_queries_on_postgresql(pg_url):
    _fill(pg_url)
    with _client(pg_url) as client:
        assert client.get("/api/events", params={"country": "SD", "date_from": "2025-06-03"}).json()["total"] == 2
        world = client.get("/api/events/clusters", params={"zoom": 0}).json()
        assert sorted(c["count"] for c in world["clusters"]) == [2, 3]
        close = client.get("/api/events/clusters", params={"zoom": 9, "country": "MM"}).json()
        assert [c["count"] for c in close["clusters"]] == [1, 1]
        months = client.get("/api/events/timeline").json()["buckets"]
        assert [(b["start"], b["count"]) for b in months] == [("2025-05", 2), ("2025-06", 3)]
        assert {a["key"] for a in client.get("/api/actors").json()["items"][:2]} == {"sitrep:rsf", "n:military forces of myanmar"}
        event = client.get("/api/events", params={"type": "Battles"}).json()["items"][0]
        client.post(f"/api/events/{event['event_id']}/reject", headers=AUTH, json={"who": "amina"})
        assert client.get("/api/events").json()["total"] == 4
        assert client.get("/api/search", params={"q": "market"}).json()["total"] == 1
    client.app.state.store.close()


def test_an_older_database_gets_its_event_index_when_opened(tmp_path):
    url = str(tmp_path / "old.db")
    _fill(url)
    with open_store(url) as store, store.transaction() as conn:  # as a database before migration 4 was
        conn.exec_driver_sql("DROP TABLE event_index_actors")
        conn.exec_driver_sql("DROP TABLE event_index")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version = 4")
    with _client(url) as client:
        assert client.get("/api/events").json()["total"] == 5
        assert client.get("/api/actors/sitrep:rsf").json()["events"] == 2
    client.app.state.store.close()


def test_count_corrections_stay_consistent_and_events_carry_actor_keys(api):
    battle = _one(api, type="Battles")
    assert battle["actor_keys"] == {"actor1": "n:arakan army", "actor2": "n:military forces of myanmar"}
    path = f"/api/events/{battle['event_id']}/corrections"
    wider = api.post(path, headers=AUTH, json={"who": "amina", "changes": {"fatalities.best": 12}}).json()
    assert {k: wider["event"]["fatalities"][k] for k in ("best", "low", "high")} == {"best": 12, "low": 4, "high": 12}
    bad = api.post(path, headers=AUTH, json={"who": "amina", "changes": {"fatalities.low": 20}})
    assert bad.status_code == 422 and "bracket" in bad.json()["detail"]
    protest = _one(api, type="Protests")
    fresh = api.post(f"/api/events/{protest['event_id']}/corrections", headers=AUTH,
                     json={"who": "amina", "changes": {"injured.best": 3}}).json()
    assert {k: fresh["event"]["injured"][k] for k in ("best", "low", "high")} == {"best": 3, "low": 3, "high": 3}
    taxonomy = api.get("/api/taxonomy").json()
    assert len(taxonomy["event_types"]) == 6 and sum(len(t["sub_event_types"]) for t in taxonomy["event_types"]) == 25


def test_a_split_names_the_new_actor_and_the_only_name_cannot_be_split(api):
    merged = api.post("/api/actors/merge", headers=AUTH,
                      json={"who": "amina", "source": "n:arakan army", "into": "sitrep:rsf"}).json()
    split = api.post("/api/actors/split", headers=AUTH, json={"who": "amina", "name": "Arakan Army"}).json()
    assert split["actor"] == "n:arakan army"
    assert _one(api, type="Battles")["actor_keys"]["actor1"] == "n:arakan army"
    kinds = [m["kind"] for m in api.get("/api/actors/sitrep:rsf").json()["merges"]]
    assert kinds == ["merge", "split"] and merged["actor"] == "sitrep:rsf"
    only = api.post("/api/actors/split", headers=AUTH, json={"who": "amina", "name": "Arakan Army"})
    assert only.status_code == 422 and "already an actor of its own" in only.json()["detail"]
    lone = api.post("/api/actors/split", headers=AUTH, json={"who": "amina", "name": "Rapid Support Forces"})
    assert lone.status_code == 422 and "only name" in lone.json()["detail"]


def test_serving_gives_sqlite_the_statistics_its_query_plans_need(tmp_path):
    url = str(tmp_path / "stats.db")
    _fill(url)
    with _client(url) as client:
        store = client.app.state.store
        with store.reading() as conn:
            stats = {r[0] for r in conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
        assert {"event_index", "event_index_actors"} <= stats
    client.app.state.store.close()
