"""The store: identity rules, round trips, idempotence, versions, search, migrations.

Core tests take ``any_store`` and run on SQLite and on PostgreSQL (skipped when the local
server cannot be reached). The article texts are written for these tests.
"""
from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime, timezone

import pytest
from sqlalchemy import insert

from sitrep.errors import MigrationError, StoreError
from sitrep.models import (
    Article,
    Caption,
    Claim,
    Dateline,
    DateValue,
    Entity,
    Event,
    FactBox,
    InputFailure,
    Mention,
    Quote,
    RawInput,
    Rejection,
    Relation,
    Span,
)
from sitrep.store import Store, article_identity, canonical_url, content_version, open_store
from sitrep.store import migrations
from sitrep.store.engine import make_engine
from sitrep.store.identity import normalise_outlet, normalise_title
from sitrep.store.schema import schema_migrations

RETRIEVED = datetime(2024, 11, 19, 7, 45, tzinfo=timezone.utc)

GRID_URL = "https://www.kyivledger.example/news/2024/11/19/drones-hit-substation-zaporizhzhia/"
GRID_TITLE = "Drones hit substation near Zaporizhzhia, cutting power to 40,000 homes"
GRID_BODY = (
    "Russian drones struck an electricity substation on the outskirts of Zaporizhzhia overnight, "
    "cutting power to about 40,000 households, the regional military administration said on Tuesday.\n\n"
    "Two maintenance workers were wounded by shrapnel and taken to hospital, the administration said "
    "in a statement. Repair crews expected to restore supply by the evening.\n\n"
    "\u201cThe enemy is again trying to leave people without light and heat before winter,\u201d the head "
    "of the administration said. Ukraine's air force said it had downed 31 of the 45 drones launched "
    "at the country overnight; the drones that got through hit energy sites in three regions.\n\n"
    "Russia's defence ministry did not comment on the strike."
)

MARKET_TITLE = "Shelling kills 11 at crowded market in El Fasher, medics say"
MARKET_BODY = (
    "Artillery shells fired by the Rapid Support Forces landed on the main livestock market in "
    "El Fasher on Sunday morning, killing at least 11 people and wounding dozens, a local medical "
    "network said.\n\n"
    "The city, the last major stronghold of the army in North Darfur, has been shelled almost daily "
    "since the paramilitary group tightened its siege in May. The RSF denied targeting civilians and "
    "accused the army of placing positions near the market."
)

BASE_TITLE = "Al-Shabaab fighters attack army base near Baidoa"
BASE_BODY = (
    "Al-Shabaab militants stormed a Somali army base west of Baidoa before dawn on Thursday, "
    "setting off a car bomb at the gate before gunmen forced their way in, residents said.\n\n"
    "A military officer said soldiers repelled the attack after a two-hour battle and that a "
    "surveillance drone was used to track the retreating fighters. The group said in a statement "
    "that it had killed 17 soldiers; the figure could not be independently verified."
)


def raw_for(source: str, text: str, *, record: str | None = None, url: str | None = None) -> RawInput:
    return RawInput(source=source, content=text.encode("utf-8"), format="text", retrieved=RETRIEVED,
                    record=record, url=url, encoding="utf-8")


def make_article(title: str, body: str, *, url: str | None = None, outlet: str | None = "Kyiv Ledger",
                 alone: bool = True, input_id: str = "pages/grid.txt", **extra) -> Article:
    """An article stamped the way the cleaner stamps it (id from identity, version from content)."""
    article = Article(id="", version_id="", input_id=input_id, title=title, body=body, url=url, outlet=outlet,
                      retrieved=RETRIEVED.isoformat(), **extra)
    article.id = article_identity(title, outlet, url, 1 if alone else 3)
    article.version_id = content_version(article)
    return article


def full_article() -> Article:
    """Every part and every kind of annotation filled in, offsets consistent with the text."""
    body = GRID_BODY
    start = body.index("Russian drones")
    sentence_end = body.index("Tuesday.") + len("Tuesday.")
    quote_text = "The enemy is again trying to leave people without light and heat before winter,"
    q_start = body.index(quote_text)
    item = "45 drones launched overnight, 31 shot down"
    article = make_article(
        GRID_TITLE, body, url=GRID_URL,
        wire="Reuters",
        dateline=Dateline("Zaporizhzhia", "Ukraine", "ZAPORIZHZHIA, Ukraine"),
        published=DateValue("2024-11-19T06:10", "minute", "Updated 19 Nov 2024, 06:10", "updated"),
        summary=["About 40,000 households lost power", "Two workers wounded at the substation"],
        headings=["Strikes on the grid", "Air defence"],
        captions=[
            Caption("Firefighters work at the damaged substation.", "Handout/Regional Administration",
                    DateValue("2024-11-19", "day")),
            Caption("A repair crew on the site at dawn.", None, None),
        ],
        factboxes=[
            FactBox("OVERNIGHT ATTACK", [item, "3 regions hit"]),
            FactBox(None, ["Power restored by evening, officials say"]),
        ],
        warnings=["dateline guessed from the first line"],
        entities=[
            Entity("e1", "Armed Forces of Russia", "ORG", kb_id="sitrep:ru-army", wikidata="Q3395883",
                   aliases=["Russian forces"],
                   mentions=[Mention("body", start, start + len("Russian"), "Russian")]),
            Entity("e2", "Zaporizhzhia", "GPE", mentions=[Mention("title", GRID_TITLE.index("Zaporizhzhia"),
                                                  GRID_TITLE.index("Zaporizhzhia") + 12, "Zaporizhzhia")]),
        ],
        quotes=[Quote(quote_text, "direct", "head of the administration", "body", q_start,
                      q_start + len(quote_text), speaker_title="head of the regional military administration")],
        events=[Event(
            id="v1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
            actor1="Military Forces of Russia", actor2=None,
            date=DateValue("2024-11-18", "day", "overnight"),
            location={"name": "Zaporizhzhia", "admin1": "Zaporizhzhia", "admin2": None, "country": "Ukraine",
                      "country_code": "UA", "lat": 47.84, "lon": 35.14, "precision": "town",
                      "gazetteer_id": "geonames:687700", "why": "dateline and body agree"},
            fatalities={"best": 0, "low": 0, "high": 0, "text": "Two maintenance workers were wounded"},
            injured={"best": 2, "low": 2, "high": 2, "text": "Two maintenance workers were wounded"},
            certainty="reported", attributed_to=["regional military administration"],
            evidence=[Span("body", start, sentence_end, body[start:sentence_end])],
            extractor="sitrep 0.1.0",
        )],
        claims=[Claim("31 of the 45 drones", 31, "drones", "Ukrainian air force", "Ukraine's air force",
                      Span("factbox", 0, 2, "45", index=0))],
        relations=[Relation("regional military administration", "part_of", "Government of Ukraine")],
    )
    return article


# ---------------------------------------------------------------- identity (pure functions)


def test_canonical_url_drops_scheme_www_slash_and_tracking():
    a = canonical_url("https://www.KyivLedger.example/news/story-1/?utm_source=tg&utm_medium=social#comments")
    b = canonical_url("http://kyivledger.example:80/news/story-1")
    assert a == b == "kyivledger.example/news/story-1"
    # a parameter that picks the article is kept
    assert canonical_url("https://site.example/article.php?id=991&fbclid=x") == "site.example/article.php?id=991"
    assert canonical_url("not a url at all") is None


def test_title_normalisation_unifies_labels_quotes_dashes():
    plain = normalise_title("Shelling kills 11 at crowded market in El Fasher \u2014 medics")
    assert normalise_title("UPDATE 2-Shelling kills 11 at crowded market in El Fasher - medics") == plain
    assert normalise_title("Updated:  SHELLING kills 11 at crowded market in El Fasher \u2013 medics") == plain
    assert normalise_title("\u2018Leave now\u2019, army tells residents") == normalise_title("'Leave now', army tells residents")
    assert normalise_title("Army retakes bridge | Kyiv Ledger", "Kyiv Ledger") == "army retakes bridge"
    assert normalise_outlet("The Kyiv Ledger") == normalise_outlet("kyivledger.example") == "kyivledger"


def test_article_identity_url_only_for_single_article_pages():
    alone = article_identity(GRID_TITLE, "Kyiv Ledger", GRID_URL, 1)
    assert alone == article_identity("Another headline", None, GRID_URL.replace("https://www.", "http://"), 1)
    assert alone.startswith("a_") and len(alone) == 18
    on_listing = article_identity(GRID_TITLE, "Kyiv Ledger", GRID_URL, 4)
    assert on_listing != alone
    assert on_listing == article_identity("UPDATE 1-" + GRID_TITLE, "The Kyiv Ledger", None, 4)
    assert on_listing != article_identity(GRID_TITLE, "Sudan Tribune", None, 4)


def test_content_version_ignores_whitespace_and_fetch_time_but_not_edits():
    a = make_article(GRID_TITLE, GRID_BODY, url=GRID_URL)
    b = dataclasses.replace(a, body=GRID_BODY.replace("\n\n", "  \r\n\r\n"), retrieved="2025-01-01T00:00:00+00:00")
    assert content_version(a) == content_version(b)
    assert content_version(a) != content_version(dataclasses.replace(a, body=GRID_BODY.replace("31", "35")))
    assert content_version(a) != content_version(dataclasses.replace(a, captions=[Caption("New photo", None)]))


# ---------------------------------------------------------------- store, on both databases


def test_round_trip_of_an_article_with_all_parts(any_store: Store):
    article = full_article()
    raw_id = any_store.save_raw(raw_for("pages/grid.txt", GRID_BODY, url=GRID_URL))
    result = any_store.save_article(article, raw_id)
    assert (result.article_id, result.version_id, result.status) == (article.id, article.version_id, "new")
    back = any_store.get_article(article.id)
    assert back is not None
    assert back.to_dict() == article.to_dict()
    assert back.section_text("factbox", 2) == "Power restored by evening, officials say"
    assert any_store.get_article("a_0000000000000000") is None


def test_resaving_changes_no_row_anywhere(any_store: Store):
    def ingest() -> list[str]:
        statuses = []
        with any_store.transaction():
            raw_id = any_store.save_raw(raw_for("feed.jsonl", GRID_BODY, record="1", url=GRID_URL))
            statuses.append(any_store.save_article(full_article(), raw_id).status)
            market_raw = any_store.save_raw(raw_for("feed.jsonl", MARKET_BODY, record="2"))
            market = make_article(MARKET_TITLE, MARKET_BODY, outlet="Darfur Dispatch", alone=False,
                                  input_id="feed.jsonl#2")
            statuses.append(any_store.save_article(market, market_raw).status)
            any_store.save_rejection(Rejection("feed.jsonl#3", "listing page", "Latest news | More stories"), None)
            any_store.save_failure(InputFailure("scan.pdf", "binary data, not text",
                                                RawInput("scan.pdf", b"%PDF-1.7\x00\x01", "unknown", RETRIEVED)), None)
        return statuses

    assert ingest() == ["new", "new"]
    before = any_store.counts()
    assert before["articles"] == 2 and before["raw_inputs"] == 3 and before["events"] == 1
    assert before["rejections"] == 1 and before["input_failures"] == 1
    assert ingest() == ["unchanged", "unchanged"]
    assert any_store.counts() == before


def test_same_article_from_two_sources_is_stored_once(any_store: Store):
    # The same story, saved by a crawler as JSONL (with URL) and as an HTML file (tracking URL).
    first = make_article(GRID_TITLE, GRID_BODY, url=GRID_URL, input_id="crawl.jsonl#7")
    raw1 = any_store.save_raw(raw_for("crawl.jsonl", GRID_BODY, record="7", url=GRID_URL))
    second_url = GRID_URL.replace("https://www.", "http://") + "?utm_source=telegram"
    second = make_article(GRID_TITLE, GRID_BODY, url=second_url, input_id="saved/grid.html")
    raw2 = any_store.save_raw(raw_for("saved/grid.html", "<html>" + GRID_BODY, url=second_url))
    # ... and a plain-text scrape of a page that also held other stories (so no URL identity).
    third = make_article(GRID_TITLE, GRID_BODY, outlet="The Kyiv Ledger", alone=False, input_id="scrape.txt")
    assert len({first.id, second.id, third.id}) == 2  # the cleaner gave the scrape a title-based id
    raw3 = any_store.save_raw(raw_for("scrape.txt", "Top stories\n" + GRID_BODY))

    results = [any_store.save_article(first, raw1), any_store.save_article(second, raw2),
               any_store.save_article(third, raw3)]
    assert [r.status for r in results] == ["new", "unchanged", "unchanged"]
    assert {r.article_id for r in results} == {first.id}
    assert {r.version_id for r in results} == {first.version_id}
    counts = any_store.counts()
    assert counts["articles"] == counts["article_versions"] == 1
    assert counts["article_sightings"] == 3  # where it was seen is kept for each source


def test_distinct_articles_are_not_merged(any_store: Store):
    # A listing page: two different stories share the page URL, neither gets a URL identity.
    page = "https://darfurdispatch.example/latest"
    a = make_article(MARKET_TITLE, MARKET_BODY, url=page, outlet="Darfur Dispatch", alone=False)
    b = make_article(BASE_TITLE, BASE_BODY, url=page, outlet="Darfur Dispatch", alone=False)
    # A recurring headline at two different URLs is two articles.
    live1 = make_article("Sudan war: live updates", MARKET_BODY, url="https://darfurdispatch.example/live/1")
    live2 = make_article("Sudan war: live updates", BASE_BODY, url="https://darfurdispatch.example/live/2")
    ids = {any_store.save_article(x, None).article_id for x in (a, b, live1, live2)}
    assert len(ids) == 4
    assert any_store.counts()["articles"] == 4


def test_updated_text_is_a_new_version_and_the_old_one_stays_readable(any_store: Store):
    original = make_article(MARKET_TITLE, MARKET_BODY, url="https://darfurdispatch.example/market-shelling",
                            outlet="Darfur Dispatch")
    updated_body = MARKET_BODY.replace("killing at least 11 people", "killing at least 19 people")
    updated = make_article("Shelling kills 19 at crowded market in El Fasher, medics say", updated_body,
                           url=original.url, outlet="Darfur Dispatch")
    updated.retrieved = "2024-11-20T09:00:00+00:00"
    first = any_store.save_article(original, None)
    second = any_store.save_article(updated, None)
    assert (first.status, second.status) == ("new", "new_version")
    assert first.article_id == second.article_id and first.version_id != second.version_id

    latest = any_store.get_article(first.article_id)
    assert latest is not None and "19 people" in latest.body
    old = any_store.get_article(first.article_id, first.version_id)
    assert old is not None and "at least 11 people" in old.body and old.title == MARKET_TITLE
    history = any_store.versions(first.article_id)
    assert [(v.seq, v.version_id, v.latest) for v in history] == [
        (1, first.version_id, False), (2, second.version_id, True)]
    # Ingesting an older copy of the original again changes nothing.
    assert any_store.save_article(original, None).status == "unchanged"
    assert any_store.get_article(first.article_id).version_id == second.version_id

    # A copy fetched before the current latest one does not roll the article back.
    stale = make_article(MARKET_TITLE, MARKET_BODY + "\n\nThis story is developing.", url=original.url,
                         outlet="Darfur Dispatch")
    stale.retrieved = "2024-11-18T00:00:00+00:00"
    assert any_store.save_article(stale, None).status == "new_version"
    assert any_store.get_article(first.article_id).version_id == second.version_id
    assert len(any_store.versions(first.article_id)) == 3


def test_search_finds_body_words_and_ranks(any_store: Store):
    grid = make_article(GRID_TITLE, GRID_BODY, url=GRID_URL)
    market = make_article(MARKET_TITLE, MARKET_BODY, outlet="Darfur Dispatch", alone=False)
    base = make_article(BASE_TITLE, BASE_BODY, outlet="Horn Observer", alone=False)
    with any_store.transaction():
        for article in (grid, market, base):
            any_store.save_article(article, None)

    hits = any_store.search("drones")
    # the grid story has "drones" in its title and three times in its body; the base story one "drone"
    assert [h.article_id for h in hits] == [grid.id, base.id]
    assert hits[0].score > hits[1].score
    assert "**" in hits[0].snippet and hits[0].title == GRID_TITLE
    assert [h.article_id for h in any_store.search("shelled market")] == [market.id]  # stemming: shelling/shelled
    assert [h.article_id for h in any_store.search("Al-Shabaab: Baidoa?")] == [base.id]  # punctuation is no syntax
    assert any_store.search("substation El Fasher") == []  # every word must occur
    assert any_store.search("  ?!  ") == []


def test_search_reads_only_the_latest_version(any_store: Store):
    url = "https://horn-observer.example/baidoa-attack"
    first = make_article(BASE_TITLE, BASE_BODY, url=url, outlet="Horn Observer")
    any_store.save_article(first, None)
    assert [h.article_id for h in any_store.search("surveillance")] == [first.id]
    corrected = make_article(BASE_TITLE, BASE_BODY.replace("surveillance drone", "helicopter"), url=url,
                             outlet="Horn Observer")
    any_store.save_article(corrected, None)
    assert any_store.search("surveillance") == []
    assert [h.version_id for h in any_store.search("helicopter")] == [corrected.version_id]


def test_raw_inputs_come_back_byte_for_byte(any_store: Store):
    latin = "Bombardement \u00e0 Goma : trois morts".encode("latin-1")
    raws = [
        RawInput("pages/goma.txt", latin, "text", RETRIEVED, encoding="latin-1", url="https://kivu.example/goma"),
        RawInput("crawl.jsonl", b'{"text": "..."}', "jsonl", RETRIEVED, record="12"),
        RawInput("huge.html", b"<html>" + b"x" * 100, "html", RETRIEVED, size=25_000_000),
    ]
    ids = [any_store.save_raw(r) for r in raws]
    assert [any_store.save_raw(r) for r in raws] == ids  # idempotent
    back = list(any_store.raw_inputs())
    assert [r.id for r in back] == ids
    assert [r.to_raw_input() for r in back] == raws
    assert back[0].sha256 == raws[0].sha256 and back[2].size == 25_000_000


def test_annotations_added_to_an_unannotated_version_once(any_store: Store):
    bare = make_article(GRID_TITLE, GRID_BODY, url=GRID_URL)
    any_store.save_article(bare, None)
    annotated = full_article()
    # same text parts → same version; the annotations are filled in, once
    annotated.summary, annotated.headings, annotated.captions, annotated.factboxes = [], [], [], []
    assert any_store.save_article(annotated, None).status == "unchanged"
    counts = any_store.counts()
    assert counts["events"] == 1 and counts["entities"] == 2 and counts["mentions"] == 2
    any_store.save_article(annotated, None)
    assert any_store.counts() == counts
    back = any_store.get_article(bare.id)
    assert back.events[0].location["country_code"] == "UA" and back.events[0].fatalities["best"] == 0

    any_store.replace_annotations(bare.id, bare.version_id, dataclasses.replace(annotated, events=[], quotes=[]))
    after = any_store.counts()
    assert after["events"] == 0 and after["event_evidence"] == 0 and after["entities"] == 2


def test_a_failed_transaction_leaves_nothing(any_store: Store):
    with pytest.raises(RuntimeError):
        with any_store.transaction():
            any_store.save_raw(raw_for("pages/grid.txt", GRID_BODY))
            any_store.save_article(make_article(GRID_TITLE, GRID_BODY, url=GRID_URL), None)
            raise RuntimeError("the cleaner crashed half-way through the page")
    counts = any_store.counts()
    assert counts["raw_inputs"] == counts["articles"] == counts["article_versions"] == 0


def test_unknown_raw_id_is_a_store_error(any_store: Store):
    with pytest.raises(StoreError):
        any_store.save_article(make_article(GRID_TITLE, GRID_BODY, url=GRID_URL), raw_id=424242)
    assert any_store.counts()["articles"] == 0


def test_articles_lists_latest_versions_in_pages(any_store: Store):
    for i in range(5):
        any_store.save_article(make_article(f"Clashes reported in district {i} of Khartoum", MARKET_BODY,
                                            outlet="Darfur Dispatch", alone=False), None)
    page1, page2 = any_store.articles(limit=3), any_store.articles(limit=3, offset=3)
    assert len(page1) == 3 and len(page2) == 2
    assert len({a.id for a in page1 + page2}) == 5


# ---------------------------------------------------------------- migrations and opening


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    return str(tmp_path / "m.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")


def test_migrations_are_recorded_and_reopening_is_a_no_op(db_url: str):
    with open_store(db_url) as store:
        store.save_article(make_article(GRID_TITLE, GRID_BODY, url=GRID_URL), None)
        counts = store.counts()
    assert counts["schema_migrations"] == migrations.LATEST
    engine = make_engine(db_url)
    try:
        assert migrations.migrate(engine) == []
        with engine.connect() as conn:
            assert migrations.applied_versions(conn) == {v for v, _, _ in migrations.MIGRATIONS}
    finally:
        engine.dispose()
    with open_store(db_url) as store:
        assert store.counts() == counts


def test_a_database_from_a_newer_sitrep_is_refused(db_url: str):
    open_store(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(insert(schema_migrations).values(version=migrations.LATEST + 7, name="from the future",
                                                      applied_at="2031-01-01T00:00:00+00:00"))
    engine.dispose()
    with pytest.raises(MigrationError, match=rf"schema version {migrations.LATEST + 7}.*upgrade sitrep"):
        open_store(db_url)


def test_an_older_database_is_upgraded_and_its_articles_indexed(db_url: str):
    engine = make_engine(db_url)
    assert migrations.migrate(engine, target=1) == [1]
    old = Store(engine)  # a sitrep that predates full-text search
    saved = old.save_article(make_article(MARKET_TITLE, MARKET_BODY, outlet="Darfur Dispatch", alone=False), None)
    old.close()
    with open_store(db_url) as store:
        assert store.counts()["schema_migrations"] == migrations.LATEST
        assert [h.article_id for h in store.search("livestock")] == [saved.article_id]


def test_sqlite_file_uses_wal(tmp_path):
    path = tmp_path / "w.db"
    open_store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("where", ["/no/such/dir/sitrep.db", "mysql://db.example/sitrep",
                                   "postgresql://nobody@127.0.0.1:1/none"])
def test_bad_locations_fail_with_store_error(where: str):
    with pytest.raises(StoreError):
        open_store(where)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("Casualty figures for the week, typed up by hand.\n" * 50)
    with pytest.raises(StoreError):
        open_store(str(path))
