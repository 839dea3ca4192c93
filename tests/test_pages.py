"""End to end over page layouts users collect: each fixture goes through ingest and cleaning
and is checked against its hand-written expectations (tests/fixtures/pages/expected/)."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from sitrep.evaluate import check_article, pair_by_title
from sitrep.output import article_json
from sitrep.pipeline import process
from sitrep.settings import Settings

PAGES = Path(__file__).parent / "fixtures" / "pages"
GOLD = Path(__file__).parent / "gold"
# layout fixtures (input relative to the fixtures folder) and the annotated gold pages (relative to tests/gold)
EXPECTED = sorted((PAGES / "expected").glob("*.json")) + sorted((GOLD / "pages").glob("*.gold.json"))


def run_page(expected: dict, base: Path = PAGES) -> tuple[list[dict], list[str]]:
    path = (base / expected["input"]).resolve()
    settings = Settings(retrieved=datetime.fromisoformat(expected["retrieved"].replace("Z", "+00:00")),
                        url=expected.get("url"), annotate=False)
    results = list(process([str(path)], settings, annotators=[]))
    articles = [article_json(a) for r in results for a in r.articles]
    reasons = [x.reason for r in results for x in r.rejected] + [r.failure.problem for r in results if r.failure]
    return articles, reasons


@pytest.mark.parametrize("expected_file", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_layout(expected_file: Path) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    articles, reasons = run_page(expected, GOLD if expected_file.name.endswith(".gold.json") else PAGES)
    assert len(articles) == len(expected["articles"]), [a["title"] for a in articles]
    for want in expected.get("rejected") or []:
        assert any(want["reason_contains"] in reason for reason in reasons), reasons
    pairs = pair_by_title(expected["articles"], articles)
    assert len(pairs) == len(expected["articles"]), "an expected article was not found by title"
    failures = {}
    for gi, pi in pairs.items():
        check = check_article(expected["articles"][gi], articles[pi])
        if check.failed:
            failures[check.title] = check.failed
    assert not failures


def test_offsets_are_code_points_into_parts() -> None:
    """Captions, summary and body are separate strings: nothing of one leaks into another."""
    expected = json.loads((PAGES / "expected" / "demo-page.json").read_text(encoding="utf-8"))
    articles, _ = run_page(expected)
    for article in articles:
        for caption in article["captions"]:
            assert caption["text"] not in article["body"]
        for bullet in article["summary"]:
            assert bullet not in article["body"]
