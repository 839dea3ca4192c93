"""Scoring sitrep's output against hand-checked gold files: ``sitrep eval`` and the quality gate.

Two gold shapes (the same as ``shared/eval/score.py``, whose rules this module re-implements):

- one page, ``{"input", "retrieved", "url"?, "articles": [...]}``: every aspect is scored
  (segmentation, metadata, cleaning, aliases, quotes, relations, claims, events, event attributes);
- many short texts, ``{"records": [{"id", "text", "published", "events": [...]}, ...]}``: events
  only (event_type, core_match, event_attributes). Records marked ``expect_no_violent_event``
  (``tests/gold/negatives.json``) are scored for the share on which no violent event was claimed.

Matching is deliberately lenient where the gold lists alternatives: outlets, wires, places and
actors as lists of accepted names, dates as intervals, text checks as normalised containment.
``evaluate_files`` runs the pipeline in-process, scores it and returns an ``EvalReport``; the
scorers ``score_page`` / ``score_records`` take gold and already-rendered output.
"""
from __future__ import annotations

import calendar
import dataclasses
import difflib
import json
import math
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from .settings import Settings

__all__ = [
    "AspectScore", "EVENT_FIELDS", "EvalReport", "FieldScore", "FileReport", "Miss", "STAGES", "TypeScore",
    "VIOLENT_TYPES", "check_article", "evaluate_file", "evaluate_files", "match_events", "pair_by_title",
    "score_page", "score_records",
]

# What negatives.json must not yield (its "about": violence that is no new violent event).
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots")
EVENT_FIELDS = ("sub_event_type", "date", "place", "fatalities", "actor1", "actor2", "certainty")


# ---------------------------------------------------------------- text, dates, countries

def normalise(text: Any) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", re.sub(r"[\u2010-\u2015]", "-", text).lower()).strip()


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def has_phrase(haystack: Any, needle: Any) -> bool:
    """Whole-word containment after normalising: "US" is not in "Russia", nor "IS" in "Israel"."""
    hay, pin = normalise(haystack), normalise(needle)
    if not hay or not pin:
        return False
    return re.search(r"(?<![a-z0-9])" + re.escape(pin) + r"(?![a-z0-9])", hay) is not None


def _names_any(haystack: Any, needles: Iterable[Any]) -> bool:
    return any(n is not None and has_phrase(haystack, n) for n in needles)


def day_interval(value: str | None) -> tuple[date, date] | None:
    """'2020' / '2020-01' / '2020-01-03' (anything after the day ignored) → first and last day."""
    if not value or not isinstance(value, str):
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


def _predicted_days(value: Any) -> tuple[date, date] | None:
    """A predicted DateValue (a range when it has start/end) or a bare string, as days."""
    if isinstance(value, str):
        return day_interval(value)
    if not isinstance(value, dict):
        return None
    if value.get("start") or value.get("end"):
        first = day_interval(value.get("start") or value.get("end"))
        last = day_interval(value.get("end") or value.get("start"))
        return (first[0], last[1]) if first and last else None
    return day_interval(value.get("value"))


def _gold_days(gold_date: dict[str, str]) -> tuple[date, date]:
    return day_interval(gold_date["from"])[0], day_interval(gold_date["to"])[1]


def _overlaps(pred: tuple[date, date] | None, gold: tuple[date, date]) -> bool:
    """They share a day, and the prediction is not far vaguer (a year at most, or twice the gold's width)."""
    if pred is None or pred[0] > gold[1] or gold[0] > pred[1]:
        return False
    return (pred[1] - pred[0]).days <= max(2 * (gold[1] - gold[0]).days, 400)


def _inside(pred: tuple[date, date] | None, gold: tuple[date, date]) -> bool:
    return pred is not None and gold[0] <= pred[0] and pred[1] <= gold[1]


# Other spellings of the gold's country names, and ISO 3166-1 alpha-2 codes (as in score.py).
_COUNTRY_NAMES: dict[str, set[str]] = {
    "palestine": {"ps", "palestinian territory", "palestinian territories", "state of palestine", "west bank",
                  "gaza", "gaza strip"},
    "syria": {"sy", "syrian arab republic"}, "iraq": {"iq"}, "iran": {"ir", "iran, islamic republic of"},
    "united states": {"us", "usa", "united states of america", "u.s.", "america"}, "israel": {"il"},
    "lebanon": {"lb"}, "jordan": {"jo"}, "yemen": {"ye"}, "saudi arabia": {"sa"}, "turkey": {"tr", "turkiye"},
    "egypt": {"eg"}, "libya": {"ly"}, "sudan": {"sd"}, "south sudan": {"ss"}, "somalia": {"so"}, "kenya": {"ke"},
    "ethiopia": {"et"}, "nigeria": {"ng"}, "mali": {"ml"}, "burkina faso": {"bf"}, "niger": {"ne"}, "chad": {"td"},
    "afghanistan": {"af"}, "pakistan": {"pk"}, "india": {"in"}, "myanmar": {"mm", "burma"}, "ukraine": {"ua"},
    "russia": {"ru", "russian federation"}, "oman": {"om"}, "mexico": {"mx"}, "brazil": {"br"},
    "democratic republic of congo": {"cd", "democratic republic of the congo", "dr congo", "drc",
                                     "congo, democratic republic of the"},
    "golan heights": {"sy", "il", "syria", "israel"}, "mozambique": {"mz"}, "uganda": {"ug"}, "rwanda": {"rw"},
    "burundi": {"bi"}, "angola": {"ao"}, "madagascar": {"mg"}, "malawi": {"mw"}, "haiti": {"ht"},
    "honduras": {"hn"}, "chile": {"cl"}, "greece": {"gr"}, "romania": {"ro"}, "serbia": {"rs"},
    "albania": {"al"}, "armenia": {"am"}, "azerbaijan": {"az"}, "georgia": {"ge"}, "belarus": {"by"},
    "kyrgyzstan": {"kg"}, "jamaica": {"jm"}, "puerto rico": {"pr"}, "trinidad and tobago": {"tt"},
}


def _in_country(location: dict[str, Any], gold_country: str) -> bool:
    wanted = normalise(gold_country)
    names = {wanted} | _COUNTRY_NAMES.get(wanted, set())
    return any(normalise(location.get(k)) in names for k in ("country", "country_code", "iso2") if location.get(k))


# ---------------------------------------------------------------- one-to-one matching

def _best_assignment(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Rows paired with columns so that the summed weight is largest (Hungarian method with
    potentials, on costs ``top - weight``); pairs of weight 0 are not pairs."""
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    size = max(rows, cols)
    top = max(max(row) for row in weights)
    cost = [[top - (weights[r][c] if r < rows and c < cols else 0.0) for c in range(size)] for r in range(size)]
    row_pot = [0.0] * (size + 1)
    col_pot = [0.0] * (size + 1)
    owner = [0] * (size + 1)  # owner[c]: 1-based row holding column c; column 0 is the free row being placed
    back = [0] * (size + 1)
    for row in range(1, size + 1):
        owner[0] = row
        col = 0
        slack = [math.inf] * (size + 1)
        done = [False] * (size + 1)
        while owner[col] != 0:
            done[col] = True
            r = owner[col]
            step, nxt = math.inf, 0
            for c in range(1, size + 1):
                if done[c]:
                    continue
                reduced = cost[r - 1][c - 1] - row_pot[r] - col_pot[c]
                if reduced < slack[c]:
                    slack[c], back[c] = reduced, col
                if slack[c] < step:
                    step, nxt = slack[c], c
            for c in range(size + 1):
                if done[c]:
                    row_pot[owner[c]] += step
                    col_pot[c] -= step
                else:
                    slack[c] -= step
            col = nxt
        while col:  # flip the augmenting path
            prev = back[col]
            owner[col] = owner[prev]
            col = prev
    return sorted((owner[c] - 1, c - 1) for c in range(1, size + 1)
                  if owner[c] and owner[c] - 1 < rows and c - 1 < cols and weights[owner[c] - 1][c - 1] > 0)


# ---------------------------------------------------------------- events

def event_core_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Type among the gold's alternatives, date overlapping, country right (when the gold says them)."""
    if normalise(pred.get("event_type")) not in {normalise(t) for t in gold["event_type"]}:
        return False
    if "date" in gold and not _overlaps(_predicted_days(pred.get("date")), _gold_days(gold["date"])):
        return False
    countries = gold.get("country")
    if countries:
        location = pred.get("location") or {}
        if not (location.get("country") or location.get("country_code")):
            return None in countries  # the gold allows "no country" (at sea, across borders)
        if not any(_in_country(location, c) for c in countries if c):
            return False
    return True


def event_attributes(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, bool]:
    """Each field the gold states, checked on a core-matched prediction."""
    checks: dict[str, bool] = {}
    if gold.get("sub_event_type"):
        checks["sub_event_type"] = normalise(pred.get("sub_event_type")) in {normalise(s) for s in gold["sub_event_type"]}
    if "date" in gold:
        checks["date"] = _inside(_predicted_days(pred.get("date")), _gold_days(gold["date"]))
    if gold.get("place"):
        location = pred.get("location") or {}
        checks["place"] = _names_any(" | ".join(str(location.get(k) or "") for k in ("name", "admin1", "admin2")),
                                     gold["place"])
    if gold.get("fatalities") is not None:
        fatalities = pred.get("fatalities")
        checks["fatalities"] = (fatalities.get("best") if isinstance(fatalities, dict) else fatalities) == gold["fatalities"]
    actors = " | ".join(str(pred.get(k) or "") for k in ("actor1", "actor2", "assoc_actor1", "assoc_actor2",
                                                         "assoc_actor_1", "assoc_actor_2"))
    for key in ("actor1", "actor2"):
        if gold.get(key):
            checks[key] = _names_any(actors, gold[key])
    if gold.get("certainty"):
        checks["certainty"] = normalise(pred.get("certainty")) in {normalise(c) for c in gold["certainty"]}
    return checks


@dataclass
class EventMatch:
    """The optimal one-to-one pairing of gold events with predicted ones."""

    pairs: dict[int, int]  # gold index → predicted index
    checks: dict[int, dict[str, bool]]  # gold index → attribute checks on its paired prediction
    required: list[int]  # indices of required gold events

    @property
    def found(self) -> int:
        return sum(g in self.pairs for g in self.required)


def match_events(gold_events: Sequence[dict[str, Any]], pred_events: Sequence[dict[str, Any]]) -> EventMatch:
    """A core match outweighs every attribute together, and a required gold event an optional one."""
    weights: list[list[float]] = []
    table: dict[tuple[int, int], dict[str, bool]] = {}
    for gi, gold in enumerate(gold_events):
        row = []
        for pi, pred in enumerate(pred_events):
            if event_core_match(gold, pred):
                table[gi, pi] = event_attributes(gold, pred)
                row.append((1000.0 if gold.get("required", True) else 100.0) + sum(table[gi, pi].values()))
            else:
                row.append(0.0)
        weights.append(row)
    pairs = dict(_best_assignment(weights))
    return EventMatch(pairs, {gi: table[gi, pi] for gi, pi in pairs.items()},
                      [gi for gi, g in enumerate(gold_events) if g.get("required", True)])


# ---------------------------------------------------------------- layout checks (tests/test_pages.py)

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


# ---------------------------------------------------------------- report records

def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class AspectScore:
    """One aspect of one gold file. ``score`` is what the gate compares (score.py's value);
    precision/recall/F1 are given where the gold makes them meaningful."""

    score: float
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    detail: str = ""  # the counts behind the score, e.g. "14/16 checks"

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "detail": self.detail}


@dataclass
class TypeScore:
    """One ACLED event type: gold events of that type found, predictions of that type right."""

    gold: int = 0  # required gold events whose (first) type is this one
    found: int = 0  # of those, matched by a prediction
    predicted: int = 0  # predictions of this type
    correct: int = 0  # of those, matched to a gold event

    @property
    def precision(self) -> float | None:
        return _ratio(self.correct, self.predicted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.found, self.gold)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "found": self.found, "predicted": self.predicted, "correct": self.correct,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class FieldScore:
    """One event field (date, place...) checked on matched events: how often it was right."""

    correct: int = 0
    checked: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.checked)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "checked": self.checked, "accuracy": self.accuracy}


@dataclass(frozen=True)
class Miss:
    """Something the gold expects that the output did not give."""

    aspect: str  # segmentation, metadata, cleaning, aliases, quotes, relations, claims, events, fields, negatives
    where: str  # the article's title (shortened) or the record's id
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"aspect": self.aspect, "where": self.where, "detail": self.detail}


@dataclass
class FileReport:
    """Every score for one gold file."""

    path: str
    shape: str  # "page" or "records"
    items: int  # gold articles (page) or records
    aspects: dict[str, AspectScore] = field(default_factory=dict)
    event_types: dict[str, TypeScore] = field(default_factory=dict)
    fields: dict[str, FieldScore] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    @property
    def score(self) -> float:
        """The mean of the aspect scores (score.py's ``score``)."""
        return sum(a.score for a in self.aspects.values()) / len(self.aspects) if self.aspects else 0.0

    def to_dict(self, misses: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path, "shape": self.shape, "items": self.items, "score": self.score,
            "aspects": {k: v.to_dict() for k, v in self.aspects.items()},
            "event_types": {k: v.to_dict() for k, v in sorted(self.event_types.items())},
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
        }
        if misses:
            data["misses"] = [m.to_dict() for m in self.misses]
        return data


def _count_types(tally: dict[str, TypeScore], gold_events: Sequence[dict[str, Any]],
                 pred_events: Sequence[dict[str, Any]], match: EventMatch) -> None:
    for gi in match.required:
        kind = tally.setdefault(gold_events[gi]["event_type"][0], TypeScore())
        kind.gold += 1
        kind.found += gi in match.pairs
    taken = set(match.pairs.values())
    for pi, pred in enumerate(pred_events):
        kind = tally.setdefault(str(pred.get("event_type") or "(none)"), TypeScore())
        kind.predicted += 1
        kind.correct += pi in taken


def _when(pred: dict[str, Any]) -> str | None:
    days = pred.get("date")
    if not isinstance(days, dict):
        return days
    if days.get("start") or days.get("end"):
        return f"{days.get('start')}..{days.get('end')}"
    return days.get("value")


def _describe_event(pred: dict[str, Any]) -> str:
    """A prediction in a few words, for the list of misses."""
    location = pred.get("location") or {}
    where = location.get("name") or location.get("country") or "no place"
    return f"{pred.get('event_type')}/{pred.get('sub_event_type')} {_when(pred) or 'undated'} {where}"


def _field_value(key: str, pred: dict[str, Any]) -> Any:
    if key == "date":
        return _when(pred)
    if key == "place":
        location = pred.get("location") or {}
        return " / ".join(str(location.get(k)) for k in ("name", "admin1", "admin2") if location.get(k)) or None
    if key == "fatalities":
        value = pred.get("fatalities")
        return value.get("best") if isinstance(value, dict) else value
    return pred.get(key)


def _gold_value(key: str, gold: dict[str, Any]) -> Any:
    if key == "date":
        return f"{gold['date']['from']}..{gold['date']['to']}"
    value = gold.get(key)
    return value[:3] if isinstance(value, list) else value


def _field_misses(where: str, gold: dict[str, Any], pred: dict[str, Any], checks: dict[str, bool]) -> list[Miss]:
    label = str(gold.get("label", "?"))[:50]
    return [Miss("fields", where, f"{label}: {key} was {_field_value(key, pred)!r}, gold {_gold_value(key, gold)!r}")
            for key, ok in checks.items() if not ok]


# ---------------------------------------------------------------- one-page gold

def _surface_forms(entity: dict[str, Any]) -> set[str]:
    forms = {normalise(entity.get("name"))} | {normalise(a) for a in entity.get("aliases") or []}
    forms |= {normalise(m.get("text")) for m in entity.get("mentions") or [] if isinstance(m, dict)}
    return {f for f in forms if f}


def _entities_named(entities: Sequence[dict[str, Any]], form: str) -> set[int]:
    wanted = normalise(form)
    return {i for i, e in enumerate(entities) if wanted in _surface_forms(e)}


def _alias_checks(gold: dict[str, Any], pred: dict[str, Any]) -> list[tuple[bool, str]]:
    """Every pair inside an alias group must share an entity; every 'distinct' pair must not."""
    entities = pred.get("entities") or []
    checks = []
    for group in gold.get("alias_groups", []):
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                checks.append((bool(_entities_named(entities, a) & _entities_named(entities, b)),
                               f"{a!r} and {b!r} are not one entity"))
    for a, b in gold.get("distinct", []):
        ea, eb = _entities_named(entities, a), _entities_named(entities, b)
        checks.append((bool(ea) and bool(eb) and not ea & eb, f"{a!r} and {b!r} are not two distinct entities"))
    return checks


def _metadata_checks(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, tuple[bool, Any, Any]]:
    """field → (passed, predicted value, gold value)."""
    wires = _as_list(gold["wire"])
    wire = pred.get("wire")
    gold_published = gold["published"]  # None: the page states no date, so none may be claimed
    got_published = pred.get("published") or {}
    if gold_published is None:
        published_ok = _predicted_days(pred.get("published")) is None
    elif "T" in gold_published["from"]:  # minute precision: the instant must fall in the window
        moment = _instant(got_published.get("value"))
        published_ok = moment is not None and _instant(gold_published["from"]) <= moment <= _instant(gold_published["to"])
    else:
        published_ok = _inside(_predicted_days(pred.get("published")), _gold_days(gold_published))
    factbox = sum(len(f.get("items") or []) for f in pred.get("factboxes") or [])
    headings = [normalise(h) for h in pred.get("headings") or []]
    return {
        "outlet": (normalise(pred.get("outlet")) in {normalise(o) for o in _as_list(gold["outlet"])},
                   pred.get("outlet"), gold["outlet"]),
        "wire": ((not wire) if gold["wire"] is None
                 else _names_any(wire, wires) or normalise(wire) in {normalise(w) for w in wires}, wire, gold["wire"]),
        "dateline": (normalise((pred.get("dateline") or {}).get("place")) == normalise(gold["dateline"]),
                     (pred.get("dateline") or {}).get("place"), gold["dateline"]),
        "published": (published_ok, got_published.get("value"), gold_published),
        "summary": (len(pred.get("summary") or []) == gold["summary_count"], len(pred.get("summary") or []),
                    gold["summary_count"]),
        "captions": (len(pred.get("captions") or []) == gold["captions_count"], len(pred.get("captions") or []),
                     gold["captions_count"]),
        "factbox": (factbox == gold["factbox_items"], factbox, gold["factbox_items"]),
        "headings": (headings == [normalise(h) for h in gold["headings"]], pred.get("headings") or [], gold["headings"]),
    }


def _cleaning_checks(gold: dict[str, Any], pred: dict[str, Any]) -> list[tuple[bool, str]]:
    body = normalise(pred.get("body"))
    return ([(normalise(s) in body, f"body lacks {s[:60]!r}") for s in gold["body_contains"]]
            + [(normalise(s) not in body, f"body has {s[:60]!r}") for s in gold["body_excludes"]])


def _relation_checks(gold: dict[str, Any], pred: dict[str, Any]) -> list[tuple[bool, str]]:
    relations, entities = pred.get("relations") or [], pred.get("entities") or []

    def same(name: Any, gold_names: list[str]) -> bool:
        if not name or len(normalise(name)) < 3:
            return False
        if _names_any(name, gold_names):
            return True  # the gold name is a whole phrase of the predicted one
        if len(normalise(name).split()) >= 2 and any(has_phrase(g, name) for g in gold_names):
            return True  # a multi-word predicted name inside the gold one ("State Department")
        return any(_entities_named(entities, name) & _entities_named(entities, g) for g in gold_names)

    checks = []
    for g in gold.get("relations", []):
        ok = any(normalise(r.get("predicate")) in {normalise(p) for p in _as_list(g["predicate"])}
                 and same(r.get("subject"), _as_list(g["subject"])) and same(r.get("object"), _as_list(g["object"]))
                 for r in relations)
        checks.append((ok, f"{_as_list(g['subject'])[0]} -{_as_list(g['predicate'])[0]}-> {_as_list(g['object'])[0]}"))
    return checks


def _claim_checks(gold: dict[str, Any], pred: dict[str, Any]) -> list[tuple[bool, str]]:
    """A claim counts when its value matches and its subject, unit or text names the gold subject."""
    claims = pred.get("claims") or []
    checks = []
    for g in gold.get("claims", []):
        ok = any(isinstance(c.get("value"), (int, float)) and not isinstance(c.get("value"), bool)
                 and abs(c["value"] - g["value"]) <= 0.005 * max(1, g["value"])
                 and _names_any(" | ".join(str(c.get(k) or "") for k in ("subject", "unit", "text")), _as_list(g["subject"]))
                 for c in claims)
        checks.append((ok, f"{g['value']} {_as_list(g['subject'])[0]}"))
    return checks


def _quote_tally(gold: dict[str, Any], pred: dict[str, Any], where: str, misses: list[Miss]) -> tuple[int, int, int, int]:
    """(found, speaker right, gold quotes, scare quotes given as someone's direct quote)."""
    quotes = pred.get("quotes") or []
    found = speaker_ok = 0
    for g in gold.get("quotes", []):
        snippet = normalise(g["contains"])
        hits = [q for q in quotes if snippet in normalise(q.get("text"))]
        if not hits:
            misses.append(Miss("quotes", where, f"no quote contains {g['contains'][:50]!r} (speaker {g['speaker']})"))
            continue
        found += 1
        surname = normalise(g["speaker"]).split()[-1]  # "Mariam Dembélé" → any speaker naming "dembele"
        if any(surname in normalise(q.get("speaker")) for q in hits):
            speaker_ok += 1
        else:
            speakers = sorted({str(q.get("speaker")) for q in hits})
            misses.append(Miss("quotes", where, f"{g['contains'][:50]!r}: speaker {', '.join(speakers)}, "
                                                f"gold {g['speaker']}"))
    false = 0
    for q in quotes:
        for text in gold.get("not_quotes", []):
            if normalise(q.get("text")) == normalise(text) and q.get("speaker") and q.get("kind", "direct") == "direct":
                false += 1
                misses.append(Miss("quotes", where, f"scare quote {text!r} given as a direct quote by {q.get('speaker')}"))
    return found, speaker_ok, len(gold.get("quotes", [])), false


def score_page(gold: dict[str, Any], pred: dict[str, Any], path: str = "") -> FileReport:
    """Score one page's output (``{"articles": [...]}``, the JSON of ``sitrep extract``)."""
    gold_articles, predicted = gold["articles"], pred.get("articles") or []
    report = FileReport(path, "page", len(gold_articles))
    similar = [[difflib.SequenceMatcher(None, normalise(g["title"]), normalise(p.get("title"))).ratio() for p in predicted]
               for g in gold_articles]
    paired = dict(_best_assignment([[r if r > 0.8 else 0.0 for r in row] for row in similar]))
    matched = len(paired)
    report.aspects["segmentation"] = AspectScore(
        matched / len(gold_articles) * (1.0 if len(predicted) == len(gold_articles) else 0.5),
        _ratio(matched, len(predicted)) or 0.0, matched / len(gold_articles),
        _f1(_ratio(matched, len(predicted)) or 0.0, matched / len(gold_articles)),
        f"{matched}/{len(gold_articles)} articles found, {len(predicted)} predicted")
    for gi, g in enumerate(gold_articles):
        if gi not in paired:
            report.misses.append(Miss("segmentation", g["title"][:40], "no predicted article has this title"))
    for pi in sorted(set(range(len(predicted))) - set(paired.values())):
        report.misses.append(Miss("segmentation", str(predicted[pi].get("title"))[:40], "predicted article not in the gold"))

    tallies = {k: [0, 0] for k in ("metadata", "cleaning", "aliases", "relations", "claims")}
    quotes = [0, 0, 0, 0]
    n_gold = n_pred = n_found = n_pairs = 0
    for gi, g in enumerate(gold_articles):
        p = predicted[paired[gi]] if gi in paired else None
        where, art = g["title"][:40] + "…", p or {}
        meta = _metadata_checks(g, art)
        checks = {
            "metadata": [(ok, f"{k} was {got!r}, gold {want!r}") for k, (ok, got, want) in meta.items()],
            "cleaning": _cleaning_checks(g, art), "aliases": _alias_checks(g, art),
            "relations": _relation_checks(g, art), "claims": _claim_checks(g, art),
        }
        for aspect, results in checks.items():
            tallies[aspect][1] += len(results)
            if p is None:
                continue  # a missing article passes nothing (score.py), and its misses are the segmentation's
            tallies[aspect][0] += sum(ok for ok, _ in results)
            report.misses += [Miss(aspect, where, text) for ok, text in results if not ok]
        for i, n in enumerate(_quote_tally(g, art, where, report.misses if p is not None else [])):
            quotes[i] += n
        pred_events = art.get("events") or []
        match = match_events(g["events"], pred_events)
        n_gold += len(match.required)
        n_found += match.found
        n_pred += len(pred_events)
        n_pairs += len(match.pairs)
        _count_types(report.event_types, g["events"], pred_events, match)
        for gi_event in match.required:
            event = g["events"][gi_event]
            if gi_event not in match.pairs:
                if p is not None:
                    report.misses.append(Miss("events", where, str(event.get("label", "?"))))
                continue
            for key, ok in match.checks[gi_event].items():
                tally = report.fields.setdefault(key, FieldScore())
                tally.correct += ok
                tally.checked += 1
            report.misses += _field_misses(where, event, pred_events[match.pairs[gi_event]], match.checks[gi_event])
    for aspect, (ok, total) in tallies.items():
        if total:  # an aspect with nothing in the gold is not scored
            report.aspects[aspect] = AspectScore(ok / total, None, ok / total, None, f"{ok}/{total}")
    found, speaker_ok, gold_quotes, false = quotes
    if gold_quotes:
        report.aspects["quotes"] = AspectScore(
            speaker_ok / gold_quotes / (1 + false), None, found / gold_quotes, None,
            f"{found}/{gold_quotes} found, {speaker_ok} with the right speaker, {false} scare quotes as quotes")
    if n_gold or n_pred:  # nothing expected and nothing claimed: not scored
        recall = n_found / n_gold if n_gold else 0.0  # score.py: no required event means no recall
        precision = n_pairs / n_pred if n_pred else 0.0
        report.aspects["events"] = AspectScore(_f1(precision, recall) or 0.0, precision, recall, _f1(precision, recall),
                                               f"{n_found}/{n_gold} found, {n_pairs}/{n_pred} predictions matched")
        accuracies = [f.accuracy for f in report.fields.values() if f.checked]
        report.aspects["event_attributes"] = AspectScore(
            recall * sum(accuracies) / len(accuracies) if accuracies else 0.0,
            detail="field accuracy on matched events × events recall")
    report.fields = {k: report.fields[k] for k in EVENT_FIELDS if k in report.fields}
    return report


# ---------------------------------------------------------------- many-record gold

def _events_by_record(lines: Iterable[dict[str, Any] | str]) -> dict[str, list[dict[str, Any]]]:
    """JSONL output (``record_json`` lines, parsed or not) → record id → every event predicted for it."""
    found: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        if isinstance(line, str):
            if not line.strip():
                continue
            line = json.loads(line)
        found[str(line.get("input_id"))] = [e for a in line.get("articles") or [] for e in a.get("events") or []]
    return found


def score_records(gold: dict[str, Any], lines: Iterable[dict[str, Any] | str], path: str = "") -> FileReport:
    """Score JSONL output against a records gold file.

    Records with ``events`` (one gold event each): credit for a record is shared among what was
    predicted for it, so with k predictions a right type or a core match earns 1/k and guessing
    every type earns little. A record with no prediction earns nothing (score.py divides by zero
    there). Records with ``expect_no_violent_event``: the share on which no violent event was
    predicted (events marked background are allowed when the record recalls a past event).
    """
    predicted = _events_by_record(lines)
    records = gold["records"]
    report = FileReport(path, "records", len(records))
    scored = [r for r in records if "events" in r]
    n_gold = sum(len(r["events"]) for r in scored)
    type_credit = core_credit = 0.0
    type_found = type_right_preds = n_pred = n_pairs = n_found = 0
    weighted: dict[str, list[float]] = {}  # field → [credit-weighted right, credit-weighted checked]
    for record in scored:
        rid = str(record["id"])
        preds = predicted.get(rid, [])
        n_pred += len(preds)
        kinds = {normalise(p.get("event_type")) for p in preds}
        for event in record["events"]:
            accepted = {normalise(t) for t in event["event_type"]}
            if kinds & accepted:
                type_credit += 1 / len(kinds)
                type_found += 1
            type_right_preds += sum(normalise(p.get("event_type")) in accepted for p in preds)
        match = match_events(record["events"], preds)
        _count_types(report.event_types, record["events"], preds, match)
        n_pairs += len(match.pairs)
        n_found += match.found
        for gi, event in enumerate(record["events"]):
            if gi not in match.pairs:  # unmatched (and every event of a record with no prediction): no credit
                if gi in match.required:
                    got = "; ".join(_describe_event(p) for p in preds) or "nothing"
                    report.misses.append(Miss("events", rid, f"{event.get('label', '?')} (predicted: {got})"))
                continue
            share = 1 / len(preds)
            core_credit += share
            for key, ok in match.checks[gi].items():
                weighted.setdefault(key, [0.0, 0.0])
                weighted[key][0] += ok * share
                weighted[key][1] += share
                tally = report.fields.setdefault(key, FieldScore())
                tally.correct += ok
                tally.checked += 1
            report.misses += _field_misses(rid, event, preds[match.pairs[gi]], match.checks[gi])
    if n_gold:
        report.aspects["event_type"] = AspectScore(
            type_credit / n_gold, _ratio(type_right_preds, n_pred) or 0.0, type_found / n_gold,
            _f1(_ratio(type_right_preds, n_pred) or 0.0, type_found / n_gold),
            f"{type_found}/{n_gold} gold types predicted, {type_right_preds}/{n_pred} predictions of an accepted type")
        precision = _ratio(n_pairs, n_pred) or 0.0
        report.aspects["core_match"] = AspectScore(
            core_credit / n_gold, precision, n_found / n_gold, _f1(precision, n_found / n_gold),
            f"{n_found}/{n_gold} found, {n_pairs}/{n_pred} predictions matched")
        accuracies = [right / checked for right, checked in weighted.values() if checked]
        report.aspects["event_attributes"] = AspectScore(
            core_credit / n_gold * sum(accuracies) / len(accuracies) if accuracies else 0.0,
            detail="credit-weighted field accuracy × core match")
    report.fields = {k: report.fields[k] for k in EVENT_FIELDS if k in report.fields}
    _score_negatives(report, records, predicted)
    return report


def _score_negatives(report: FileReport, records: Sequence[dict[str, Any]],
                     predicted: dict[str, list[dict[str, Any]]]) -> None:
    negatives = [r for r in records if r.get("expect_no_violent_event")]
    if not negatives:
        return
    violent = {normalise(t) for t in VIOLENT_TYPES}
    clean = 0
    for record in negatives:
        allowed_background = bool(record.get("recalls_past_event"))
        wrong = [p for p in predicted.get(str(record["id"]), [])
                 if normalise(p.get("event_type")) in violent and not (allowed_background and p.get("background"))]
        if wrong:
            report.misses.append(Miss("negatives", str(record["id"]), "violent event predicted: "
                                      + "; ".join(_describe_event(p) for p in wrong)))
        else:
            clean += 1
    report.aspects["no_violent_event"] = AspectScore(
        clean / len(negatives), detail=f"{clean}/{len(negatives)} records with no violent event predicted")


# ---------------------------------------------------------------- running the pipeline on gold

_RECORD_FIELDS = ("id", "text", "published", "url", "title", "retrieved")  # what score.py feeds as JSONL (+ retrieved)

# What ``--profile`` times: (module, attribute, stage). The pipeline looks these names up when it
# calls them, so a timing wrapper put in their place for the run sees every call. Classes: every
# public method is timed. A name that has gone (renamed) is listed in the report as not timed;
# its time then counts for the stage that called it.
_TIMED: tuple[tuple[str, str, str], ...] = (
    ("sitrep.pipeline", "read_inputs", "ingest"),
    ("sitrep.pipeline", "clean_document", "clean"),
    ("sitrep.nlp", "parse_article", "nlp parse"),
    ("sitrep.nlp", "resolve_entities", "entities"),
    ("sitrep.nlp", "find_quotes", "quotes"),
    ("sitrep.nlp", "find_relations", "relations"),
    ("sitrep.nlp", "find_claims", "claims"),
    ("sitrep.events", "code_events", "events"),
    ("sitrep.geo", "find_places", "geo"),
    ("sitrep.geo", "Gazetteer", "geo"),
    ("sitrep.output", "article_json", "render"),
)
STAGES = ("ingest", "clean", "nlp parse", "entities", "quotes", "relations", "claims", "events", "geo", "render")


def _load_gold(path: Path) -> dict[str, Any]:
    from .errors import InputError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"not JSON: {exc}") from None
    if not isinstance(data, dict) or not (isinstance(data.get("records"), list)
                                          or ("input" in data and isinstance(data.get("articles"), list))):
        raise InputError(str(path), 'not a gold file: expected {"records": [...]} or {"input": ..., "articles": [...]}')
    return data


def _gold_settings(gold: dict[str, Any], settings: Settings) -> Settings:
    retrieved = _instant(gold["retrieved"]) if gold.get("retrieved") else settings.retrieved
    return dataclasses.replace(settings, retrieved=retrieved, url=gold.get("url") or settings.url)


def _page_output(gold: dict[str, Any], path: Path, settings: Settings, annotators: Callable[[], Sequence[Any]],
                 clock: _StageClock | None) -> dict[str, Any]:
    from .errors import InputError
    from .output import document_json
    from .pipeline import process

    page = Path(os.path.abspath(path)).parent.parent / gold["input"]  # inputs are relative to the gold folder's parent
    if not page.is_file():
        raise InputError(str(path), f"its input {gold['input']} is not at {page}")
    stages = annotators()
    with clock or _Quiet():
        return document_json(process([str(page)], _gold_settings(gold, settings), annotators=stages))


def _records_output(gold: dict[str, Any], settings: Settings, annotators: Sequence[Any],
                    clock: _StageClock | None) -> list[dict[str, Any]]:
    from .output import record_json
    from .pipeline import process

    with tempfile.TemporaryDirectory(prefix="sitrep-eval-") as folder:
        feed = Path(folder) / "records.jsonl"
        with feed.open("w", encoding="utf-8") as out:
            for record in gold["records"]:
                out.write(json.dumps({k: record[k] for k in _RECORD_FIELDS if record.get(k)}, ensure_ascii=False) + "\n")
        with clock or _Quiet():
            return [record_json(result) for result in process([str(feed)], _gold_settings(gold, settings),
                                                              annotators=annotators)]


class _StageClock:
    """Wall-clock time per pipeline stage, the pipeline's code unchanged: while a block runs, the
    stage functions named in ``_TIMED`` are replaced by timing wrappers (put back on leaving).
    Time is exclusive: geo called from the event coder is geo's, not the coder's; what runs in no
    stage (the pipeline's glue) is "other". The wrappers are process-wide while the block runs:
    do not profile while other threads run the pipeline."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys((*STAGES, "other"), 0.0)
        self.untimed: list[str] = []
        self._stack = ["other"]
        self._last = 0.0
        self._undo: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> None:
        import importlib
        import inspect

        try:
            for module_name, name, stage in _TIMED:
                owner = importlib.import_module(module_name)
                target = vars(owner).get(name)
                if inspect.isclass(target):
                    for attr, value in list(vars(target).items()):
                        if not attr.startswith("_") and inspect.isfunction(value):
                            self._swap(target, attr, self._timed(stage, value))
                elif callable(target):
                    self._swap(owner, name, self._timed(stage, target))
                elif f"{module_name}.{name}" not in self.untimed:
                    self.untimed.append(f"{module_name}.{name}")
        except BaseException:
            self.__exit__()
            raise
        self._stack = ["other"]
        self._last = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.seconds["other"] += time.perf_counter() - self._last
        while self._undo:
            owner, name, original = self._undo.pop()
            setattr(owner, name, original)

    def _swap(self, owner: Any, name: str, replacement: Any) -> None:
        self._undo.append((owner, name, vars(owner)[name]))
        setattr(owner, name, replacement)

    def _enter(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[self._stack[-1]] += now - self._last
        self._last = now
        self._stack.append(stage)

    def _leave(self) -> None:
        now = time.perf_counter()
        self.seconds[self._stack.pop()] += now - self._last
        self._last = now

    def _timed(self, stage: str, func: Any) -> Any:
        import functools
        import inspect

        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._stack[-1] == stage:  # a stage calling itself: already on its clock
                return func(*args, **kwargs)
            self._enter(stage)
            try:
                result = func(*args, **kwargs)
            finally:
                self._leave()
            return self._timed_steps(stage, result) if inspect.isgenerator(result) else result

        return timed

    def _timed_steps(self, stage: str, steps: Any) -> Any:
        """A generator stage (ingest, clean) works when asked for its next item, not when called."""
        while True:
            self._enter(stage)
            try:
                item = next(steps)
            except StopIteration:
                return
            finally:
                self._leave()
            yield item

    def report(self, loading: float) -> dict[str, float]:
        return {**self.seconds, "total": sum(self.seconds.values()), "load": loading}


class _Quiet:
    """No clock: the block runs as it is."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def evaluate_file(path: str | os.PathLike[str], settings: Settings | None = None, *,
                  annotators: Sequence[Any] | None = None) -> FileReport:
    """Run the pipeline on one gold file's input(s) and score the output.

    Raises ``sitrep.errors.InputError`` when the gold file (or the page it names) cannot be read.
    Pass ``annotators`` (``default_annotators(Settings())``) to load the models once for many files.
    """
    from .pipeline import default_annotators

    settings = settings or Settings()
    return _evaluate(Path(path), settings,
                     lambda: default_annotators(settings) if annotators is None else annotators, None)


def _evaluate(path: Path, settings: Settings, annotators: Callable[[], Sequence[Any]],
              clock: _StageClock | None) -> FileReport:
    from .errors import InputError

    gold = _load_gold(path)
    try:
        if "records" in gold:
            return score_records(gold, _records_output(gold, settings, annotators(), clock), str(path))
        pred = _page_output(gold, path, settings, annotators, clock)
        report = score_page(gold, pred, str(path))
    except KeyError as exc:
        raise InputError(str(path), f"not a gold file: an item lacks {exc}") from None
    for item in pred.get("rejected") or []:
        report.misses.append(Miss("segmentation", str(item.get("input_id") or item.get("source") or "?")[-40:],
                                  f"not read as an article: {item.get('reason') or item.get('problem')}"))
    return report


def evaluate_files(paths: Iterable[str | os.PathLike[str]], settings: Settings | None = None, *,
                   annotators: Sequence[Any] | None = None, profile: bool = False) -> EvalReport:
    """Score the pipeline on every gold file (either shape). A gold file that cannot be read is
    listed in ``failures``; the others are still scored. ``profile`` times each pipeline stage."""
    from .errors import InputError
    from .pipeline import default_annotators

    settings = settings or Settings()
    report = EvalReport()
    loaded: list[Sequence[Any]] = [] if annotators is None else [annotators]
    loading = 0.0

    def stages() -> Sequence[Any]:
        nonlocal loading
        if not loaded:  # the models load once, and only when some gold file is readable
            started = time.perf_counter()
            loaded.append(default_annotators(settings))
            loading = time.perf_counter() - started
        return loaded[0]

    clock = _StageClock() if profile else None
    for path in paths:
        try:
            report.files.append(_evaluate(Path(path), settings, stages, clock))
        except InputError as exc:
            report.failures.append((str(path), exc.problem))
    if clock is not None:
        report.stages = clock.report(loading)
        report.untimed = clock.untimed
    return report


# ---------------------------------------------------------------- the report

def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _grid(header: Sequence[str], rows: Sequence[Sequence[Any]], align: str) -> list[str]:
    """Plain-text columns: ``align`` has one 'l' or 'r' per column."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return ["  " + "  ".join(c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(row, widths, align)).rstrip()
            for row in cells]


@dataclass
class EvalReport:
    """Scores for every gold file evaluated, plus the files that could not be."""

    files: list[FileReport] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (gold file, problem)
    stages: dict[str, float] | None = None  # seconds per pipeline stage (profile=True); "load" is outside "total"
    untimed: list[str] = field(default_factory=list)  # stage functions --profile could not find (renamed?)

    def file(self, path: str | os.PathLike[str]) -> FileReport:
        """The report of one gold file, by the path it was given as."""
        return next(f for f in self.files if f.path == str(Path(path)))

    def to_dict(self, misses: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"files": [f.to_dict(misses) for f in self.files],
                                "failures": [{"path": p, "problem": why} for p, why in self.failures]}
        if self.stages is not None:
            data["stages"] = self.stages
            data["untimed"] = self.untimed
        return data

    def table(self, misses: bool = False) -> str:
        """The human-readable report: per file its aspects, event types and fields; a summary.
        Gold files that could not be scored are in ``failures``, not here (the CLI prints them on stderr)."""
        lines: list[str] = []
        for report in self.files:
            unit = "article" if report.shape == "page" else "record"
            lines.append(f"{report.path} ({report.shape}, {report.items} {unit}{'s' * (report.items != 1)})"
                         f"  score {report.score:.3f}")
            lines += _grid(("aspect", "score", "precision", "recall", "f1", "detail"),
                           [(k, _num(a.score), _num(a.precision), _num(a.recall), _num(a.f1), a.detail)
                            for k, a in report.aspects.items()], "lrrrrl")
            if report.event_types:
                lines.append("")
                lines += _grid(("event type", "gold", "found", "predicted", "correct", "precision", "recall", "f1"),
                               [(k, t.gold, t.found, t.predicted, t.correct, _num(t.precision), _num(t.recall), _num(t.f1))
                                for k, t in sorted(report.event_types.items())], "lrrrrrrr")
            if report.fields:
                lines.append("")
                lines += _grid(("event field", "accuracy", "right"),
                               [(k, _num(f.accuracy), f"{f.correct}/{f.checked}") for k, f in report.fields.items()], "lrr")
            if misses and report.misses:
                lines += ["", f"  misses ({len(report.misses)}):"]
                lines += [f"    {m.aspect:<12} {m.where}: {m.detail}" for m in report.misses]
            lines.append("")
        if len(self.files) > 1:
            lines.append("summary")
            lines += _grid(("gold file", "shape", "score"), [(f.path, f.shape, f"{f.score:.3f}") for f in self.files], "llr")
            lines.append("")
        if self.stages is not None:
            total = self.stages["total"] or 1.0
            lines.append("time per pipeline stage (wall clock, each stage without the stages it calls)")
            rows = [(name, f"{self.stages[name]:.2f}", f"{100 * self.stages[name] / total:.0f}%")
                    for name in (*STAGES, "other")]
            rows.append(("total", f"{self.stages['total']:.2f}", "100%"))
            rows.append(("load (models, KB, gazetteer)", f"{self.stages['load']:.2f}", ""))
            lines += _grid(("stage", "seconds", "share"), rows, "lrr")
            if self.untimed:
                lines.append("not timed (not found; their time counts for their caller): " + ", ".join(self.untimed))
        return "\n".join(lines).rstrip() + "\n"
