"""Scoring sitrep's output against hand-checked gold pages (the format of ``shared/gold``).

Used by the test-suite on the bundled fixtures; the ``sitrep eval`` command builds on it.
Matching is deliberately lenient where the gold lists alternatives: outlets and wires as
lists of accepted names, dates as intervals, text checks as normalised containment.
"""
from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any


def normalise(text: Any) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", re.sub(r"[\u2010-\u2015]", "-", text).lower()).strip()


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def day_interval(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = date(year, int(month), int(day))
            return d, d
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return date(year, int(month), 1), date(year, int(month), last)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def _instant(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).strip().replace(" ", "T").replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


@dataclass
class ArticleCheck:
    title: str
    failed: list[str] = field(default_factory=list)
    passed: int = 0

    def check(self, name: str, ok: bool) -> None:
        if ok:
            self.passed += 1
        else:
            self.failed.append(name)


def check_article(gold: dict[str, Any], pred: dict[str, Any]) -> ArticleCheck:
    """Metadata and cleaning checks of one predicted article against its gold."""
    result = ArticleCheck(gold["title"])
    result.check("outlet", normalise(pred.get("outlet")) in {normalise(o) for o in _as_list(gold["outlet"])})
    wires = _as_list(gold["wire"])
    result.check("wire", not pred.get("wire") if gold["wire"] is None
                 else normalise(pred.get("wire")) in {normalise(w) for w in wires})
    result.check("dateline", normalise((pred.get("dateline") or {}).get("place")) == normalise(gold["dateline"]))
    gold_published = gold["published"]
    published = (pred.get("published") or {}).get("value")
    if gold_published is None:
        result.check("published", published is None)
    elif "T" in gold_published["from"]:
        moment = _instant(published)
        result.check("published", moment is not None and _instant(gold_published["from"]) <= moment <= _instant(gold_published["to"]))
    else:
        got, lo, hi = day_interval(published), day_interval(gold_published["from"]), day_interval(gold_published["to"])
        result.check("published", got is not None and lo[0] <= got[0] and got[1] <= hi[1])
    result.check("summary", len(pred.get("summary") or []) == gold["summary_count"])
    result.check("captions", len(pred.get("captions") or []) == gold["captions_count"])
    result.check("factbox", sum(len(f.get("items") or []) for f in pred.get("factboxes") or []) == gold["factbox_items"])
    result.check("headings", [normalise(h) for h in pred.get("headings") or []] == [normalise(h) for h in gold["headings"]])
    if "language" in gold:
        result.check("language", pred.get("language") == gold["language"])
    body = normalise(pred.get("body"))
    for text in gold["body_contains"]:
        result.check(f"body has {text[:40]!r}", normalise(text) in body)
    for text in gold["body_excludes"]:
        result.check(f"body lacks {text[:40]!r}", normalise(text) not in body)
    return result


def pair_by_title(gold_articles: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> dict[int, int]:
    """Gold index → predicted index, greedy on title similarity above 0.8."""
    scored = sorted(
        ((difflib.SequenceMatcher(None, normalise(g["title"]), normalise(p.get("title"))).ratio(), gi, pi)
         for gi, g in enumerate(gold_articles) for pi, p in enumerate(predicted)),
        reverse=True,
    )
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for ratio, gi, pi in scored:
        if ratio > 0.8 and gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs
