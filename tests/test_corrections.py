"""Analysts' corrections: stored with who/when/before/after, applied on read, undone, kept by anchor.

The article and its events are written for these tests and saved with ``Store.save_article``;
a re-extraction is imitated with ``Store.replace_annotations`` (the real one is in
test_reextract.py).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import inspect, select
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.models import Article, DateValue, Event, Span
from sitrep.review import (
    ReviewError,
    confirm_event,
    correct_event,
    correct_event_fields,
    corrections,
    reject_event,
    undo,
)
from sitrep.store import Store, article_identity, content_version, open_store
from sitrep.store import migrations
from sitrep.store import schema as s
from sitrep.store.corrections import anchors_for
from sitrep.store.engine import make_engine

RETRIEVED = datetime(2025, 3, 2, 18, 0, tzinfo=timezone.utc)
URL = "https://sahelwire.example/2025/03/02/gao-convoy-ambush"
TITLE = "Gunmen ambush army convoy near Gao, 9 soldiers killed"
BODY = (
    "Gunmen ambushed a Malian army convoy on the road between Gao and Ansongo on Saturday, killing nine "
    "soldiers, two security sources said.\n\n"
    "The attackers also set fire to three fuel trucks travelling with the convoy. No group has claimed the "
    "attack.\n\n"
    "On Friday, drone strikes hit two camps east of Menaka, the army said in a statement.\n\n"
    "Residents of Gao marched on Sunday to demand better protection for the road, a local journalist said."
)


def span(sentence: str) -> Span:
    start = BODY.index(sentence)
    return Span("body", start, start + len(sentence), sentence)


AMBUSH = ("Gunmen ambushed a Malian army convoy on the road between Gao and Ansongo on Saturday, killing nine "
          "soldiers, two security sources said.")
STRIKES = "On Friday, drone strikes hit two camps east of Menaka, the army said in a statement."
MARCH = "Residents of Gao marched on Sunday to demand better protection for the road, a local journalist said."


def events() -> list[Event]:
    mali = {"country": "Mali", "country_code": "ML", "admin1": "Gao", "precision": "town"}
    return [
        Event("v1", "Battles", "Armed clash", actor1="Unidentified Armed Group (Mali)",
              actor2="Military Forces of Mali", date=DateValue("2025-03-01", "day", "on Saturday"),
              location={**mali, "name": "Ansongo", "lat": 15.66, "lon": 0.50, "near": True},
              fatalities={"best": 9, "low": 9, "high": 9, "text": "killing nine soldiers"},
              attributed_to=["two security sources"], evidence=[span(AMBUSH)]),
        # Two strikes told in one sentence: two events with the same type, date and evidence.
        Event("v2", "Explosions/Remote violence", "Air/drone strike", actor1="Military Forces of Mali",
              date=DateValue("2025-02-28", "day", "On Friday"),
              location={"name": "Menaka", "country": "Mali", "country_code": "ML", "precision": "admin1"},
              attributed_to=["the army"], evidence=[span(STRIKES)]),
        Event("v3", "Explosions/Remote violence", "Air/drone strike", actor1="Military Forces of Mali",
              date=DateValue("2025-02-28", "day", "On Friday"),
              location={"name": "Menaka", "country": "Mali", "country_code": "ML", "precision": "admin1"},
              attributed_to=["the army"], evidence=[span(STRIKES)]),
        Event("v4", "Protests", "Peaceful protest", actor1="Protesters (Mali)",
              date=DateValue("2025-03-02", "day", "on Sunday"), location={**mali, "name": "Gao"},
              attributed_to=["a local journalist"], evidence=[span(MARCH)]),
    ]


def make_article(evs: list[Event] | None = None) -> Article:
    a = Article(id="", version_id="", input_id="pages/gao.html", title=TITLE, body=BODY, url=URL,
                outlet="Sahel Wire", published=DateValue("2025-03-02", "day"), retrieved=RETRIEVED.isoformat(),
                events=events() if evs is None else evs)
    a.id = article_identity(TITLE, "Sahel Wire", URL, 1)
    a.version_id = content_version(a)
    return a


@pytest.fixture
def saved(tmp_path) -> tuple[Store, str, str]:
    store = open_store(str(tmp_path / "review.db"))
    result = store.save_article(make_article(), None)
    yield store, result.article_id, result.version_id
    store.close()


def event_by_evidence(store: Store, article_id: str, words: str, **options) -> Event:
    found = [r.event for r in store.events(article_id=article_id, **options) if words in r.event.evidence[0].text]
    assert len(found) == 1
    return found[0]


# ---------------------------------------------------------------- correcting


def test_a_correction_is_stored_with_who_when_before_after_and_applied_on_read(saved):
    store, aid, _ = saved
    made = correct_event(store, aid, "v1", "fatalities.best", "11", who="idrissa", note="army statement on Sunday")
    assert (made.field, made.before, made.after, made.who, made.status) == ("fatalities.best", 9, 11, "idrissa", "applied")
    assert made.created_at.startswith("20") and made.note == "army statement on Sunday"
    record = next(r for r in store.events(article_id=aid) if r.event.id == "v1")
    assert record.event.fatalities["best"] == 11 and record.event.fatalities["low"] == 9
    assert record.corrected == ("fatalities.best",)
    # Every read applies it: get_article and articles() too.
    assert store.get_article(aid).events[0].fatalities["best"] == 11
    assert store.articles()[0].events[0].fatalities["best"] == 11
    # The extracted row is untouched: corrections live in their own table.
    assert store.counts()["corrections"] == 1
    listed = corrections(store, aid)
    assert [(c.id, c.status, c.event_key) for c in listed] == [(made.id, "applied", "v1")]


def test_fields_are_read_by_type(saved):
    store, aid, _ = saved
    correct_event_fields(store, aid, "v1", {"event_type": "Violence against civilians", "sub_event_type": "Attack"},
                         who="idrissa")
    correct_event(store, aid, "v1", "date", "2025-02-28/2025-03-01", who="idrissa")
    correct_event(store, aid, "v1", "civilian_targeting", "yes", who="idrissa")
    correct_event(store, aid, "v1", "location.lat", "15.6612", who="idrissa")
    correct_event(store, aid, "v1", "attributed_to", "two security sources; a local official", who="idrissa")
    correct_event(store, aid, "v4", "fatalities", "0", who="idrissa")
    ambush = event_by_evidence(store, aid, "Gunmen ambushed")
    assert (ambush.event_type, ambush.sub_event_type) == ("Violence against civilians", "Attack")
    assert (ambush.date.value, ambush.date.start, ambush.date.end, ambush.date.precision) == \
        ("2025-02-28", "2025-02-28", "2025-03-01", "day")
    assert ambush.civilian_targeting is True and ambush.location["lat"] == 15.6612
    assert ambush.location["name"] == "Ansongo"  # the other parts of the location stay
    assert ambush.attributed_to == ["two security sources", "a local official"]
    assert event_by_evidence(store, aid, "Residents of Gao").fatalities == {"best": 0, "low": 0, "high": 0}


@pytest.mark.parametrize("field, value, problem", [
    ("event_type", "Skirmish", "one of ACLED's"),
    ("sub_event_type", "Attack", "not a kind of 'Battles'"),
    ("fatalities.best", "-3", "cannot be"),
    ("fatalities.best", "several", "whole number"),
    ("date", "last Saturday", "not a date"),
    ("location.lat", "123", "between -90 and 90"),
    ("certainty", "probable", "certainty is one of"),
    ("evidence", "x", "cannot correct"),
    ("actor1", "Unidentified Armed Group (Mali)", "already"),
])
def test_values_that_do_not_fit_are_refused(saved, field, value, problem):
    store, aid, _ = saved
    with pytest.raises(ReviewError, match=problem):
        correct_event(store, aid, "v1", field, value, who="idrissa")
    assert store.counts()["corrections"] == 0


def test_unknown_article_or_event_is_refused(saved):
    store, aid, _ = saved
    with pytest.raises(ReviewError, match="no article"):
        correct_event(store, "a_0000000000000000", "v1", "actor1", "X", who="idrissa")
    with pytest.raises(ReviewError, match="no event 'v9'.*v1 \\(ev_"):
        correct_event(store, aid, "v9", "actor1", "X", who="idrissa")
    with pytest.raises(ReviewError, match="who"):
        correct_event(store, aid, "v1", "actor1", "X", who=" ")


def test_events_can_be_named_by_their_stable_id(saved):
    store, aid, _ = saved
    stable = next(r.anchor.id for r in store.events(article_id=aid) if r.event.id == "v4")
    correct_event(store, aid, stable, "actor1", "Protesters (Mali); Gao Youth Council", who="idrissa")
    assert event_by_evidence(store, aid, "Residents of Gao").actor1 == "Protesters (Mali); Gao Youth Council"


# ---------------------------------------------------------------- reject, confirm, undo


def test_reject_hides_the_event_and_undo_brings_it_back(saved):
    store, aid, _ = saved
    rejected = reject_event(store, aid, "v3", who="idrissa", note="the same strike as v2")
    assert [e.id for e in store.get_article(aid).events] == ["v1", "v2", "v4"]
    assert len(store.events(article_id=aid)) == 3
    hidden = [r for r in store.events(article_id=aid, include_rejected=True) if r.status == "rejected"]
    assert [r.event.id for r in hidden] == ["v3"]
    undone = undo(store, rejected.id)
    assert undone.status == "undone" and undone.undone_at
    assert [e.id for e in store.get_article(aid).events] == ["v1", "v2", "v3", "v4"]
    with pytest.raises(ReviewError, match="already undone"):
        undo(store, rejected.id)
    with pytest.raises(ReviewError, match="no correction 999"):
        undo(store, 999)


def test_undo_restores_the_value_before_the_correction(saved):
    store, aid, _ = saved
    first = correct_event(store, aid, "v1", "fatalities.best", "10", who="idrissa")
    second = correct_event(store, aid, "v1", "fatalities.best", "12", who="aminata")
    assert (second.before, second.after) == (10, 12)
    undo(store, second.id)
    assert event_by_evidence(store, aid, "Gunmen ambushed").fatalities["best"] == 10
    undo(store, first.id)
    assert event_by_evidence(store, aid, "Gunmen ambushed").fatalities == \
        {"best": 9, "low": 9, "high": 9, "text": "killing nine soldiers"}
    assert [c.status for c in corrections(store, aid)] == ["undone", "undone"]
    assert [c.status for c in corrections(store, aid, include_undone=False)] == []


def test_confirm_marks_the_event_reviewed(saved):
    store, aid, _ = saved
    confirm_event(store, aid, "v4", who="aminata")
    record = next(r for r in store.events(article_id=aid) if r.event.id == "v4")
    assert record.status == "confirmed" and record.corrected == ()
    with pytest.raises(ReviewError, match="already confirmed"):
        confirm_event(store, aid, "v4", who="aminata")


# ---------------------------------------------------------------- anchors


def test_events_told_in_one_sentence_get_distinct_anchors(saved):
    store, aid, _ = saved
    anchors = anchors_for(aid, events())
    assert len({a.id for a in anchors}) == 4
    assert (anchors[1].evidence, anchors[1].n, anchors[2].n) == (STRIKES, 1, 2)
    reject_event(store, aid, "v3", who="idrissa")
    assert [e.id for e in store.get_article(aid).events if e.evidence[0].text == STRIKES] == ["v2"]


def test_a_correction_follows_its_event_when_ids_and_order_change(saved):
    store, aid, vid = saved
    made = correct_event(store, aid, "v4", "actor1", "Protesters (Mali); Gao Youth Council", who="idrissa")
    again = make_article(list(reversed(events())))
    for i, event in enumerate(again.events, 1):
        event.id = f"v{i}"  # a re-extraction numbers its events afresh
    store.replace_annotations(aid, vid, again)
    march = event_by_evidence(store, aid, "Residents of Gao")
    assert march.id == "v1" and march.actor1 == "Protesters (Mali); Gao Youth Council"
    assert [(c.id, c.status, c.event_key) for c in corrections(store, aid)] == [(made.id, "applied", "v1")]


def test_a_correction_follows_its_event_when_the_extractor_reads_another_date(saved):
    store, aid, vid = saved
    correct_event(store, aid, "v1", "fatalities.best", "11", who="idrissa")
    changed = events()
    changed[0].date = DateValue("2025-02-22", "day", "on Saturday")  # a worse date reader: same sentence, same type
    store.replace_annotations(aid, vid, make_article(changed))
    assert event_by_evidence(store, aid, "Gunmen ambushed").fatalities["best"] == 11


def test_a_correction_whose_event_disappears_is_orphaned_then_applies_again(saved):
    store, aid, vid = saved
    made = correct_event(store, aid, "v4", "actor1", "Protesters (Mali); Gao Youth Council", who="idrissa")
    store.replace_annotations(aid, vid, make_article(events()[:3]))
    assert [(c.id, c.status, c.event_key) for c in corrections(store, aid)] == [(made.id, "orphaned", None)]
    assert store.counts()["corrections"] == 1
    store.replace_annotations(aid, vid, make_article(events()))
    assert corrections(store, aid)[0].status == "applied"
    assert event_by_evidence(store, aid, "Residents of Gao").actor1 == "Protesters (Mali); Gao Youth Council"


def test_an_ambiguous_match_is_not_guessed(saved):
    store, aid, vid = saved
    made = correct_event(store, aid, "v2", "location.name", "Inekar", who="idrissa")
    both = events()
    for event in both[1:3]:
        event.date = DateValue("2025-02-27", "day", "On Friday")  # both strike events move: which one was it?
    store.replace_annotations(aid, vid, make_article(both))
    assert [(c.id, c.status) for c in corrections(store, aid)] == [(made.id, "orphaned")]
    assert all(r.event.location["name"] == "Menaka" for r in store.events(article_id=aid)
               if r.event.evidence[0].text == STRIKES)


# ---------------------------------------------------------------- schema, command line, PostgreSQL


def test_migration_adds_anchor_columns_to_an_older_database(tmp_path):
    path = str(tmp_path / "old.db")
    engine = make_engine(path)
    migrations.migrate(engine, target=2)
    with engine.begin() as conn:  # what migration 1 built before corrections had anchors
        conn.exec_driver_sql("DROP INDEX ix_corrections_article")
        conn.exec_driver_sql("ALTER TABLE corrections DROP COLUMN anchor")
        conn.exec_driver_sql("ALTER TABLE corrections DROP COLUMN article_id")
    engine.dispose()
    with open_store(path) as store:
        with store.transaction() as conn:
            names = {c["name"] for c in inspect(conn).get_columns("corrections")}
        assert {"article_id", "anchor"} <= names
        aid = store.save_article(make_article(), None).article_id
        correct_event(store, aid, "v1", "actor1", "Islamic State Sahel Province", who="idrissa")
        assert event_by_evidence(store, aid, "Gunmen ambushed").actor1 == "Islamic State Sahel Province"


def test_cli_correct_reject_undo_and_list(tmp_path):
    db = str(tmp_path / "cli.db")
    with open_store(db) as store:
        aid = store.save_article(make_article(), None).article_id
    runner = CliRunner()
    result = runner.invoke(app, ["correct", aid, "v1", "--set", "fatalities.best=11", "--set", "actor1=JNIM",
                                 "--who", "idrissa", "--note", "claim on Telegram", "--db", db])
    assert result.exit_code == 0, result.output
    assert "fatalities.best: 9 -> 11" in result.stdout and 'actor1: "Unidentified Armed Group (Mali)" -> "JNIM"' in result.stdout
    result = runner.invoke(app, ["reject", aid, "v3", "--who", "idrissa", "--db", db])
    assert result.exit_code == 0 and "status: null -> \"rejected\"" in result.stdout
    result = runner.invoke(app, ["correct", aid, "v1", "--set", "fatalities.best=lots", "--who", "idrissa", "--db", db])
    assert result.exit_code == 1 and "whole number" in result.stderr
    result = runner.invoke(app, ["undo", "3", "--db", db])
    assert result.exit_code == 0 and "undone" in result.stdout
    result = runner.invoke(app, ["corrections", "--article", aid, "--db", db, "--json"])
    listed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(c["id"], c["field"], c["status"], c["who"]) for c in listed] == [
        (1, "fatalities.best", "applied", "idrissa"), (2, "actor1", "applied", "idrissa"),
        (3, "status", "undone", "idrissa")]
    with open_store(db) as store:
        assert [e.id for e in store.get_article(aid).events] == ["v1", "v2", "v3", "v4"]
        assert store.get_article(aid).events[0].actor1 == "JNIM"


@pytest.mark.postgres
def test_corrections_on_postgres(pg_store):
    aid = pg_store.save_article(make_article(), None).article_id
    made = correct_event(pg_store, aid, "v1", "fatalities.best", "11", who="idrissa")
    reject_event(pg_store, aid, "v3", who="idrissa")
    assert [e.id for e in pg_store.get_article(aid).events] == ["v1", "v2", "v4"]
    assert pg_store.get_article(aid).events[0].fatalities["best"] == 11
    undo(pg_store, made.id)
    assert pg_store.get_article(aid).events[0].fatalities["best"] == 9
    assert [c.status for c in corrections(pg_store)] == ["undone", "applied"]


def test_the_extracted_row_keeps_what_the_extractor_read(saved):
    store, aid, _ = saved
    correct_event(store, aid, "v1", "actor2", "Military Forces of Mali; convoy escort", who="idrissa")
    with store.transaction() as conn:
        stored = conn.execute(select(s.events.c.actor2).where(s.events.c.event_key == "v1")).scalar_one()
    assert stored == "Military Forces of Mali"
    assert store.get_article(aid).events[0].actor2 == "Military Forces of Mali; convoy escort"
