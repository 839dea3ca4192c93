"""Re-extraction over stored raw inputs: idempotent, stamps the current extractor, keeps new
versions, and never loses a correction.

The pages are written for these tests and go through the real ingest and cleaner. Events come
from ``SentenceEvents``, a small stand-in for the event extractor (which is not used here): one
event for each body sentence with a violent verb, dated to the article's publication day.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sitrep.export import export_events
from sitrep.models import Article, DateValue, Event, Span
from sitrep.pipeline import ingest_into, process
from sitrep.reextract import reextract
from sitrep.review import correct_event, corrections, reject_event
from sitrep.settings import Settings
from sitrep.store import Store, content_version, open_store

RETRIEVED = datetime(2024, 3, 10, 7, 0, tzinfo=timezone.utc)

PORT_PAGE = """---
title: "Missiles strike grain terminal in Odesa port, three dead | Black Sea Herald"
source: https://blackseaherald.example/news/2024/03/09/odesa-grain-terminal-strike
date: 2024-03-09
author: "Herald staff"
---

# Missiles strike grain terminal in Odesa port, three dead

Russian missiles struck a grain terminal in the port of Odesa on Saturday morning, killing three dock workers and wounding eight, the regional administration said.

Two ships moored at the terminal were damaged. Port officials said loading would resume within days once the debris was cleared.

Ukrainian and Russian forces clashed near Robotyne on the same day, the general staff said in its evening update.

The port has been a frequent target since the collapse of the grain corridor deal in 2023, and insurers have raised premiums for ships calling there.
"""

RECORDS = [
    {"url": "https://lakeside.example/2024/03/08/goma-shelling",
     "title": "Shells land in displacement site outside Goma",
     "published": "2024-03-08",
     "text": ("Shells land in displacement site outside Goma\n\n"
              "Artillery shelled a displacement site on the western edge of Goma on Friday, killing four people "
              "who had fled fighting further north, aid workers said.\n\n"
              "The site shelters about 30,000 people in tents and shacks. Aid groups said the dead included two "
              "children and called on both sides to keep heavy weapons away from camps.\n\n"
              "M23 rebels and the army have fought for control of the hills north of the city since January.")},
    {"url": "https://lakeside.example/2024/03/08/bukavu-market",
     "title": "Traders in Bukavu shut market in protest over new levy",
     "published": "2024-03-08",
     "text": ("Traders in Bukavu shut market in protest over new levy\n\n"
              "Traders in Bukavu closed the central market on Friday and marched to the provincial assembly to "
              "protest against a new levy on goods brought across the border from Rwanda.\n\n"
              "Police watched the march but did not intervene, and the traders dispersed peacefully after "
              "delivering a petition to the assembly's speaker.\n\n"
              "Assembly members said they would discuss the levy at their next session.")},
]

_SENTENCE = re.compile(r"[^.\n]+\.")
_RULES = (
    ("struck", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("shelled", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("clashed", "Battles", "Armed clash"),
    ("marched", "Protests", "Peaceful protest"),
)


class SentenceEvents:
    """Stand-in event extractor: one event per body sentence holding one of ``_RULES``' verbs."""

    def __call__(self, article: Article) -> None:
        for match in _SENTENCE.finditer(article.body):
            sentence = match.group().strip()
            start = article.body.index(sentence, match.start())
            for verb, event_type, sub_type in _RULES:
                if verb in sentence:
                    day = article.published.value[:10] if article.published else None
                    article.events.append(Event(
                        id=f"v{len(article.events) + 1}", event_type=event_type, sub_event_type=sub_type,
                        date=DateValue(day, "day") if day else None,
                        location={"name": "Odesa" if "Odesa" in sentence else "Goma", "country": "Ukraine"
                                  if "Odesa" in sentence or "Robotyne" in sentence else "Democratic Republic of Congo",
                                  "precision": "town"},
                        evidence=[Span("body", start, start + len(sentence), sentence)],
                    ))
                    break


@pytest.fixture
def pages(tmp_path) -> list[str]:
    md = tmp_path / "odesa.md"
    md.write_text(PORT_PAGE, encoding="utf-8")
    jsonl = tmp_path / "lakeside.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return [str(md), str(jsonl)]


def ingest(store: Store, paths: list[str], alter=None, settings: Settings | None = None) -> None:
    """The real pipeline; ``alter`` changes each cleaned article first (an older cleaner's output)."""
    results = []
    for result in process(paths, settings or Settings(retrieved=RETRIEVED), annotators=[]):
        for article in result.articles:
            if alter is not None:
                alter(article)
                article.version_id = content_version(article)
            SentenceEvents()(article)
        results.append(result)
    ingest_into(store, results)


def without_read_model(counts: dict[str, int]) -> dict[str, int]:
    return {table: n for table, n in counts.items() if not table.startswith("event_index")}


def event_rows(store: Store) -> list[tuple[str, str, str]]:
    with store.transaction() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT version_id, event_key, extractor FROM events ORDER BY version_id, event_key")]


def test_reextract_twice_with_a_correction_between_keeps_it_and_adds_no_rows(tmp_path, pages):
    db = str(tmp_path / "re.db")
    with open_store(db, extractor="sitrep test-1") as store:
        ingest(store, pages)
        before = store.counts()
    assert before["raw_inputs"] == 3 and before["article_versions"] == 3 and before["events"] == 4

    with open_store(db, extractor="sitrep test-2") as store:
        report = reextract(store, Settings(), [SentenceEvents()])
        assert (report.inputs, report.articles, report.unchanged, report.new_versions, report.new_articles) == \
            (3, 3, 3, 0, 0)
        assert report.reannotated == 3 and report.unreadable == 0
        assert store.counts() == before
        assert {extractor for _, _, extractor in event_rows(store)} == {"sitrep test-2"}

        port = next(a for a in store.articles() if "Odesa" in a.title)
        strike = next(e for e in port.events if "grain terminal" in e.evidence[0].text)
        clash = next(e for e in port.events if "Robotyne" in e.evidence[0].text)
        correct_event(store, port.id, strike.id, "fatalities", "3", who="nadiya", note="administration figure")
        correct_event(store, port.id, strike.id, "actor1", "Military Forces of Russia", who="nadiya")
        reject_event(store, port.id, clash.id, who="nadiya", note="not in Odesa: separate report")
        with_corrections = store.counts()

    with open_store(db, extractor="sitrep test-3") as store:
        report = reextract(store, Settings(), [SentenceEvents()])
        assert (report.corrections_applied, report.corrections_orphaned) == (3, 0)
        assert store.counts() == with_corrections
        # The read model gains the actor a correction added; the stored tables only the corrections.
        assert without_read_model(with_corrections) == {**without_read_model(before), "corrections": 3}
        assert {extractor for _, _, extractor in event_rows(store)} == {"sitrep test-3"}
        port = store.get_article(port.id)
        strike = next(e for e in port.events if "grain terminal" in e.evidence[0].text)
        assert strike.fatalities == {"best": 3, "low": 3, "high": 3}
        assert strike.actor1 == "Military Forces of Russia"
        assert not [e for e in port.events if "Robotyne" in e.evidence[0].text]
        assert [c.status for c in corrections(store)] == ["applied"] * 3
        out = io.BytesIO()
        export_events(store, "acled-csv", out)
        rows = list(csv.DictReader(io.StringIO(out.getvalue().decode())))
        exported = next(r for r in rows if "grain terminal" in r["evidence"])
        assert (exported["fatalities"], exported["actor1"], exported["corrected"]) == \
            ("3", "Military Forces of Russia", "fatalities; actor1")
        assert not [r for r in rows if "Robotyne" in r["evidence"]]


def test_a_changed_cleaner_output_becomes_a_new_version_and_corrections_follow(tmp_path, pages):
    db = str(tmp_path / "versions.db")

    def older_cleaner(article: Article) -> None:
        # An older cleaner that kept an advertising line at the top of the body.
        article.body = "ADVERTISEMENT\n\n" + article.body

    with open_store(db) as store:
        ingest(store, pages, alter=older_cleaner)
        port = next(a for a in store.articles() if "Odesa" in a.title)
        assert port.body.startswith("ADVERTISEMENT")
        old_version = port.version_id
        strike = next(e for e in port.events if "grain terminal" in e.evidence[0].text)
        correct_event(store, port.id, strike.id, "fatalities.best", "3", who="nadiya")
        before = store.counts()

        report = reextract(store, Settings(), [SentenceEvents()])
        assert (report.new_versions, report.unchanged, report.new_articles) == (3, 0, 0)
        after = store.counts()
        assert after["article_versions"] == before["article_versions"] + 3
        assert after["articles"] == before["articles"] and after["raw_inputs"] == before["raw_inputs"]
        assert after["corrections"] == 1

        versions = store.versions(port.id)
        assert [v.version_id for v in versions][0] == old_version and versions[-1].latest
        latest = store.get_article(port.id)
        assert not latest.body.startswith("ADVERTISEMENT")
        assert latest.published.value == "2024-03-09"
        strike = next(e for e in latest.events if "grain terminal" in e.evidence[0].text)
        assert strike.fatalities["best"] == 3
        assert latest.body[strike.evidence[0].start:strike.evidence[0].end] == strike.evidence[0].text
        # The old version is kept, re-annotated from its own text: offsets point into that text.
        old = store.get_article(port.id, old_version)
        old_strike = next(e for e in old.events if "grain terminal" in e.evidence[0].text)
        assert old.body[old_strike.evidence[0].start:old_strike.evidence[0].end] == old_strike.evidence[0].text
        assert old_strike.evidence[0].start != strike.evidence[0].start

        # JSONL records keep their input ids (file#line), so no sighting is added twice.
        with store.transaction() as conn:
            sightings = sorted(r[0] for r in conn.exec_driver_sql("SELECT input_id FROM article_sightings"))
        assert sightings == sorted([pages[0]] * 2 + [f"{pages[1]}#1"] * 2 + [f"{pages[1]}#2"] * 2)

        settled = store.counts()
        again = reextract(store, Settings(), [SentenceEvents()])
        assert (again.new_versions, again.unchanged) == (0, 3)
        assert store.counts() == settled


def test_a_correction_whose_event_is_gone_is_kept_and_reported_orphaned(tmp_path, pages):
    db = str(tmp_path / "orphan.db")
    with open_store(db) as store:
        ingest(store, pages)
        market = next(a for a in store.articles() if "Bukavu" in a.title)
        march = market.events[0]
        made = correct_event(store, market.id, march.id, "sub_event_type", "Protest with intervention", who="nadiya")

        class NoProtests(SentenceEvents):
            def __call__(self, article: Article) -> None:
                super().__call__(article)
                article.events = [e for e in article.events if e.event_type != "Protests"]

        messages: list[str] = []
        report = reextract(store, Settings(), [NoProtests()], on_progress=messages.append)
        assert (report.corrections_applied, report.corrections_orphaned) == (0, 1)
        assert any(f"correction {made.id}" in m and "orphaned" in m for m in messages)
        listed = corrections(store, market.id)
        assert [(c.id, c.status) for c in listed] == [(made.id, "orphaned")]
        assert store.counts()["corrections"] == 1

        reextract(store, Settings(), [SentenceEvents()])
        assert corrections(store, market.id)[0].status == "applied"
        assert store.get_article(market.id).events[0].sub_event_type == "Protest with intervention"


def test_reextract_one_article_leaves_the_others_alone(tmp_path, pages):
    db = str(tmp_path / "one.db")
    with open_store(db, extractor="sitrep test-1") as store:
        ingest(store, pages)
        goma = next(a for a in store.articles() if "Goma" in a.title)
    with open_store(db, extractor="sitrep test-2") as store:
        report = reextract(store, Settings(), [SentenceEvents()], article_id=goma.id)
        assert (report.inputs, report.reannotated) == (1, 1)
        labels = {vid: extractor for vid, _, extractor in event_rows(store)}
        assert labels.pop(goma.version_id) == "sitrep test-2"
        assert set(labels.values()) == {"sitrep test-1"}
        with pytest.raises(Exception, match="no article a_nothing"):
            reextract(store, Settings(), [SentenceEvents()], article_id="a_nothing")


def test_unreadable_stored_inputs_are_counted_not_stored_again(tmp_path, pages):
    empty = Path(tmp_path / "empty.txt")
    empty.write_bytes(b"")
    db = str(tmp_path / "bad.db")
    with open_store(db) as store:
        ingest(store, pages + [str(empty)])
        before = store.counts()
        assert before["input_failures"] == 1
        report = reextract(store, Settings(), [SentenceEvents()])
        assert report.unreadable == 1 and report.inputs == 4
        assert store.counts() == before


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Red Sea Observer</title><link>https://redseaobserver.example/</link>
<item><title>Houthi drone hits cargo ship off Hodeidah</title>
<link>https://redseaobserver.example/2024/03/07/cargo-ship-drone</link>
<pubDate>Thu, 07 Mar 2024 16:20:00 GMT</pubDate>
<description><![CDATA[<p>A drone launched from Yemen struck a bulk carrier about 50 nautical miles west of Hodeidah on Thursday, setting a fire in one of its holds, a maritime security agency said.</p><p>The crew put out the fire and the ship continued to its next port, the agency said. No one was hurt.</p><p>The Houthi movement said it had targeted the ship because of its links to Israel, a claim the ship's manager denied.</p>]]></description></item>
<item><title>Fishermen detained after boats seized near Kamaran island</title>
<link>https://redseaobserver.example/2024/03/07/fishermen-detained</link>
<pubDate>Thu, 07 Mar 2024 09:05:00 GMT</pubDate>
<description><![CDATA[<p>Coast guard forces seized three fishing boats near Kamaran island on Wednesday and detained eleven fishermen, relatives said.</p><p>The fishermen's union called for their release and said the men had been fishing in waters they have used for decades.</p><p>The coast guard did not comment on the detentions.</p>]]></description></item>
</channel></rss>
"""

NOTICE = """Curfew extended in Kismayo after night attack

A night-time curfew in Kismayo was extended by a week after gunmen struck a police post on the edge of the city, killing two officers, the regional administration said.

Residents said shops closed early and traffic on the main road thinned well before the curfew began.

The administration said security forces had arrested five suspects and were searching for others.
"""


def test_container_records_and_ingest_options_are_read_as_at_ingest(tmp_path):
    feed = tmp_path / "observer.rss"
    feed.write_text(FEED, encoding="utf-8")
    notice = tmp_path / "kismayo.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    crawl = tmp_path / "odesa-crawl.txt"  # Markdown saved under .txt: recognised by content, as at ingest
    crawl.write_text(PORT_PAGE, encoding="utf-8")
    given = Settings(retrieved=RETRIEVED, published="2024-03-06", url="https://jubbapost.example/kismayo-curfew")
    db = str(tmp_path / "containers.db")
    with open_store(db) as store:
        ingest(store, [str(feed), str(crawl)], settings=Settings(retrieved=RETRIEVED))
        ingest(store, [str(notice)], settings=given)
        before = store.counts()
        assert before["article_versions"] == 4
        report = reextract(store, Settings(), [SentenceEvents()])
        assert (report.unchanged, report.new_versions, report.new_articles, report.unreadable) == (4, 0, 0, 0)
        assert store.counts() == before

    def older_cleaner(article: Article) -> None:
        article.body = "Share this story\n\n" + article.body

    db = str(tmp_path / "older.db")
    with open_store(db) as store:
        ingest(store, [str(notice)], alter=older_cleaner, settings=given)
        report = reextract(store, Settings(), [SentenceEvents()])
        assert report.new_versions == 1
        latest = next(a for a in store.articles() if "Kismayo" in a.title)
        assert not latest.body.startswith("Share this story")
        # --published and --url were options of the ingest, not in the bytes: the stored version gives them.
        assert latest.published.value == "2024-03-06"
        assert latest.url == "https://jubbapost.example/kismayo-curfew"


def test_cli_reextract_prints_progress_and_a_summary(tmp_path, pages, monkeypatch):
    from typer.testing import CliRunner

    from sitrep import pipeline
    from sitrep.cli import app

    db = str(tmp_path / "cli.db")
    with open_store(db) as store:
        ingest(store, pages)
    # The shipped annotators load spaCy; the stand-in keeps this test small.
    monkeypatch.setattr(pipeline, "default_annotators", lambda settings: [SentenceEvents()])
    monkeypatch.setattr("sitrep.reextract.default_annotators", lambda settings: [SentenceEvents()])
    result = CliRunner().invoke(app, ["reextract", "--db", db])
    assert result.exit_code == 0, result.output
    assert "[3/3]" in result.stderr
    assert "3 inputs (0 unreadable): 3 articles, 3 unchanged, 0 new versions" in result.stderr



