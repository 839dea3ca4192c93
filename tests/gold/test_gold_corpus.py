"""The hand-made gold corpus stays valid (see docs/annotation.md and check_gold.py)."""
from __future__ import annotations

import json
from pathlib import Path

import check_gold

HERE = Path(__file__).resolve().parent


def test_gold_corpus_passes_all_checks(capsys) -> None:
    status = check_gold.main([])
    out = capsys.readouterr().out
    assert status == 0, out


def test_every_record_has_one_required_event_and_negatives_have_none() -> None:
    records = json.loads((HERE / "event-reports.gold.json").read_text(encoding="utf-8"))["records"]
    assert all(len(r["events"]) == 1 and r["events"][0]["required"] is True for r in records)
    negatives = json.loads((HERE / "negatives.json").read_text(encoding="utf-8"))["records"]
    assert negatives and all("events" not in r for r in negatives)


def test_sentence_counter_on_wire_text() -> None:
    text = 'KYIV (Reuters) - Troops advanced, the army said. Russia called it "a fabrication". No one was hurt.'
    assert check_gold.sentences(text) == 3
