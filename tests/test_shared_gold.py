"""The project's shared gold pages (../shared/gold), scored by the shared scorer itself.

Skipped when ../shared is not beside the checkout. The sample page's cleaning score has a
ceiling of 15/17: its gold forbids the substrings "follow" and "faulty intelligence" in
bodies whose own sentences contain them ("follow a military order", "based on faulty
intelligence"), so no correct cleaner can reach 1.0 there.
"""
from __future__ import annotations

import importlib.util
import json
from datetime import datetime
from pathlib import Path

import pytest

from sitrep.output import document_json
from sitrep.pipeline import process
from sitrep.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = sorted((SHARED / "gold").glob("*.gold.json")) if SHARED.is_dir() else []
pytestmark = pytest.mark.skipif(not GOLD, reason="../shared/gold is not available")
CEILING = {"arabnews-two-articles": {"cleaning": 15 / 17}}


@pytest.fixture(scope="module")
def scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("gold_file", GOLD, ids=[p.name.removesuffix(".gold.json") for p in GOLD])
def test_cleaning_aspects(gold_file: Path, scorer) -> None:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    settings = Settings(retrieved=datetime.fromisoformat(gold["retrieved"].replace("Z", "+00:00")), url=gold.get("url"))
    pred = document_json(process([str(SHARED / gold["input"])], settings, annotators=[]))
    parts = scorer.score_page(gold, pred)["parts"]
    ceiling = CEILING.get(gold_file.name.removesuffix(".gold.json"), {})
    assert parts["segmentation"] == 1.0
    assert parts["metadata"] == 1.0
    assert parts["cleaning"] >= ceiling.get("cleaning", 1.0) - 1e-9
