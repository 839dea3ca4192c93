"""The quality gate: no gold file may score below its floors in tests/quality-baseline.json.

One test per gold file: the annotated pages, the event reports and the negatives in tests/gold,
and the project's shared gold pages when ../shared is beside the checkout (skipped otherwise).
The pipeline (spaCy model, knowledge base, gazetteer) is loaded once for the whole module.
Raising a floor is a commit of its own: see docs/evaluation.md.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitrep.evaluate import FileReport, evaluate_file
from sitrep.pipeline import default_annotators
from sitrep.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tests" / "quality-baseline.json"
GOLD = ROOT / "tests" / "gold"
SHARED_GOLD = ROOT.parent / "shared" / "gold"

LOCAL = sorted((GOLD / "pages").glob("*.gold.json")) + [GOLD / "event-reports.gold.json", GOLD / "negatives.json"]
SHARED = sorted(SHARED_GOLD.glob("*.gold.json")) if SHARED_GOLD.is_dir() else []


def key(path: Path) -> str:
    """A gold file as the baseline names it: relative to the repository root, with forward slashes."""
    return Path(os.path.relpath(path, ROOT)).as_posix()


def floors() -> dict[str, dict[str, float]]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))["floors"]


@pytest.fixture(scope="module")
def annotators() -> list:
    return default_annotators(Settings())


def below_floors(report: FileReport, wanted: dict[str, float]) -> list[str]:
    problems = []
    for aspect, floor in wanted.items():
        got = report.aspects.get(aspect)
        if got is None:
            problems.append(f"{aspect}: not scored any more (floor {floor:.2f})")
        elif got.score < floor - 1e-9:
            problems.append(f"{aspect}: {got.score:.3f} is below its floor {floor:.2f}")
    return problems


def check(gold_file: Path, annotators: list) -> None:
    name = key(gold_file)
    wanted = floors().get(name)
    assert wanted, f"{name} has no floors in {BASELINE.name}: run `sitrep eval {name}` and add them"
    report = evaluate_file(gold_file, annotators=annotators)
    unguarded = sorted(set(report.aspects) - set(wanted))
    problems = below_floors(report, wanted) + [f"{aspect}: scored but has no floor" for aspect in unguarded]
    assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize("gold_file", LOCAL, ids=[p.name.removesuffix(".json").removesuffix(".gold") for p in LOCAL])
def test_local_gold_meets_its_floors(gold_file: Path, annotators: list) -> None:
    check(gold_file, annotators)


@pytest.mark.skipif(not SHARED, reason="../shared/gold is not beside the checkout")
@pytest.mark.parametrize("gold_file", SHARED, ids=[p.name.removesuffix(".gold.json") for p in SHARED])
def test_shared_gold_meets_its_floors(gold_file: Path, annotators: list) -> None:
    check(gold_file, annotators)


def test_every_floor_names_a_gold_file_and_a_known_aspect() -> None:
    aspects = {"segmentation", "metadata", "cleaning", "aliases", "relations", "claims", "quotes", "events",
               "event_attributes", "event_type", "core_match", "no_violent_event"}
    for name, wanted in floors().items():
        path = ROOT / name
        if not name.startswith("../shared/"):
            assert path.is_file(), f"{name}: floors for a gold file that does not exist"
        assert set(wanted) <= aspects, f"{name}: unknown aspects {set(wanted) - aspects}"
        assert all(0.0 <= v <= 1.0 for v in wanted.values()), f"{name}: floors must lie in [0, 1]"


def test_below_floors_names_the_aspect_the_score_and_the_floor() -> None:
    from sitrep.evaluate import AspectScore

    report = FileReport("x.gold.json", "records", 3, aspects={"core_match": AspectScore(0.5), "event_type": AspectScore(0.9)})
    assert below_floors(report, {"core_match": 0.77, "event_type": 0.9}) == ["core_match: 0.500 is below its floor 0.77"]
    assert below_floors(report, {"event_attributes": 0.5}) == ["event_attributes: not scored any more (floor 0.50)"]
