"""Analysts' corrections to events: how they name their event, and how they are applied.

A correction never points at a row id or a version id: those change when an article is
re-extracted or gets a new version. It names its event by the **article id** plus an
**anchor** made of what the extractor read for the event:

- ``event_type``, as extracted (not as corrected);
- ``date``: the extracted ``date.value`` (or None);
- ``evidence``: the text of the first evidence span, whitespace collapsed;
- ``n``: 1 for the first event of the article with these three values, 2 for the next, ...
  (two strikes told in one sentence are two events with one anchor text).

``Anchor.id`` (``ev_`` + 16 hex, a hash of the article id and the four values) is the
event's stable id: exports show it as ``sitrep_event_id`` and the CLI accepts it.

Matching a stored correction against the events of a version, in order:
1. an event with the same anchor id;
2. else the one event whose first evidence text *and* type are the same (the extractor
   now reads another date);
3. else the one event whose first evidence text is the same (it now reads another type).
Anything else (no candidate, or several) leaves the correction **orphaned** for that
version: it is kept, listed, and applies again if a later extraction brings the event back.

Corrections are applied in the order they were made; an undone one is skipped, so undoing
the latest correction of a field restores the value before it.
"""
from __future__ import annotations

import copy
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sitrep.errors import StoreError
from sitrep.models import Article, DateValue, Event, sha256_hex
from sitrep.store import schema as s

STATUS = "status"  # the pseudo-field of reject/confirm corrections; after = "rejected" | "confirmed"
TARGET_EVENTS = "events"
TARGET_ACTORS = "actors"  # merges and splits of actors (store/event_index.py applies them)
_DICT_FIELDS = ("location", "fatalities", "injured")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def evidence_key(text: str | None) -> str:
    """The evidence text as anchors compare it: whitespace runs collapsed, ends stripped."""
    return " ".join((text or "").split())


@dataclass(frozen=True)
class Anchor:
    """What names one event of an article across re-extractions (see the module docstring)."""

    id: str
    event_type: str
    date: str | None
    evidence: str
    n: int = 1

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "event_type": self.event_type, "date": self.date,
                           "evidence": self.evidence, "n": self.n}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Anchor:
        data = json.loads(text)
        return cls(id=data["id"], event_type=data["event_type"], date=data.get("date"),
                   evidence=data.get("evidence") or "", n=int(data.get("n") or 1))


def anchors_for(article_id: str, events: Sequence[Event]) -> list[Anchor]:
    """The anchor of each event of one article version, in order."""
    seen: Counter[tuple[str, str | None, str]] = Counter()
    out = []
    for event in events:
        key = (event.event_type, event.date.value if event.date else None,
               evidence_key(event.evidence[0].text if event.evidence else ""))
        seen[key] += 1
        n = seen[key]
        digest = sha256_hex("\x1f".join((article_id, key[0], key[1] or "", key[2], str(n))), 16)
        out.append(Anchor(id=f"ev_{digest}", event_type=key[0], date=key[1], evidence=key[2], n=n))
    return out


def match(anchor: Anchor, anchors: Sequence[Anchor]) -> int | None:
    """Index of the event ``anchor`` names among ``anchors``, or None (orphaned)."""
    for i, candidate in enumerate(anchors):
        if candidate.id == anchor.id:
            return i
    if not anchor.evidence:
        return None
    same_text = [i for i, a in enumerate(anchors) if a.evidence == anchor.evidence]
    same_type = [i for i in same_text if anchors[i].event_type == anchor.event_type]
    for group in (same_type, same_text):
        if len(group) == 1:
            return group[0]
    return None


@dataclass(frozen=True)
class CorrectionRow:
    """One stored correction. ``before``/``after`` are JSON values (a date is a dict)."""

    id: int
    article_id: str
    anchor: Anchor
    field: str
    before: Any
    after: Any
    who: str
    created_at: str
    note: str | None = None
    undone_at: str | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None


@dataclass
class ReviewedEvent:
    """An extracted event with the corrections that apply to it."""

    event: Event  # a copy, corrections applied
    original: Event  # as extracted
    anchor: Anchor
    corrected: tuple[str, ...] = ()  # fields the corrections set, in the order first set
    status: str | None = None  # "confirmed" | "rejected" | None (not reviewed)
    corrections: tuple[int, ...] = ()  # ids of the corrections applied

    @property
    def rejected(self) -> bool:
        return self.status == "rejected"


def get_value(event: Event, path: str) -> Any:
    """The JSON value of ``field`` or ``field.key`` of an event (a date as a dict)."""
    head, _, key = path.partition(".")
    value = getattr(event, head)
    if isinstance(value, DateValue):
        value = {k: v for k, v in vars(value).items()}
    if key:
        return (value or {}).get(key) if isinstance(value, dict) or value is None else None
    return copy.deepcopy(value)


def set_value(event: Event, path: str, value: Any) -> None:
    """Set ``field`` or ``field.key`` (location/fatalities/injured only) of an event."""
    head, _, key = path.partition(".")
    if head == "date":
        event.date = DateValue(**value) if value else None
    elif key:
        if head not in _DICT_FIELDS:
            raise ValueError(f"{head} has no parts to correct")
        current = dict(getattr(event, head) or {})
        current[key] = value
        if key == "best" and head in ("fatalities", "injured") and isinstance(value, int):
            # a corrected best stays inside its range: low/high widen to take it in
            low, high = current.get("low"), current.get("high")
            current["low"] = value if low is None else min(low, value)
            current["high"] = value if high is None else max(high, value)
        setattr(event, head, current)
    elif head in _DICT_FIELDS:
        setattr(event, head, dict(value) if value else None)
    elif head == "attributed_to":
        event.attributed_to = list(value or [])
    else:
        setattr(event, head, value)


def review(article_id: str, events: Sequence[Event], rows: Iterable[CorrectionRow]) -> list[ReviewedEvent]:
    """Apply the active corrections of one article to the events of one of its versions."""
    anchors = anchors_for(article_id, events)
    out = [ReviewedEvent(copy.deepcopy(e), e, a) for e, a in zip(events, anchors)]
    for row in sorted((r for r in rows if r.active and r.article_id == article_id), key=lambda r: r.id):
        i = match(row.anchor, anchors)
        if i is None:
            continue
        reviewed = out[i]
        if row.field == STATUS:
            reviewed.status = row.after
        else:
            set_value(reviewed.event, row.field, row.after)
            if row.field not in reviewed.corrected:
                reviewed.corrected += (row.field,)
        reviewed.corrections += (row.id,)
    return out


# ---------------------------------------------------------------- rows


def _row(r: Any) -> CorrectionRow:
    anchor = Anchor.from_json(r["anchor"]) if r["anchor"] else Anchor(id=r["target_id"].rpartition("/")[2],
                                                                       event_type="", date=None, evidence="")
    return CorrectionRow(
        id=int(r["id"]), article_id=r["article_id"] or r["target_id"].partition("/")[0], anchor=anchor,
        field=r["field"], before=json.loads(r["before"]) if r["before"] is not None else None,
        after=json.loads(r["after"]) if r["after"] is not None else None, who=r["who"],
        created_at=r["created_at"], note=r["note"], undone_at=r["undone_at"],
    )


def read_rows(conn: Connection, article_ids: Sequence[str] | None = None, *,
              include_undone: bool = True) -> list[CorrectionRow]:
    """Event corrections, oldest first; of some articles only when ``article_ids`` is given."""
    t = s.corrections
    query = select(t).where(t.c.target_table == TARGET_EVENTS).order_by(t.c.id)
    if article_ids is not None:
        if not article_ids:
            return []
        query = query.where(t.c.article_id.in_(list(article_ids)))
    if not include_undone:
        query = query.where(t.c.undone_at.is_(None))
    return [_row(r) for r in conn.execute(query).mappings()]


def apply_to_articles(conn: Connection, articles: Sequence[Article]) -> None:
    """Replace each article's events by their corrected copies, rejected events left out."""
    rows = read_rows(conn, sorted({a.id for a in articles}), include_undone=False)
    if not rows:
        return
    by_article: dict[str, list[CorrectionRow]] = defaultdict(list)
    for row in rows:
        by_article[row.article_id].append(row)
    for article in articles:
        if article.events and article.id in by_article:
            article.events = [r.event for r in review(article.id, article.events, by_article[article.id])
                              if not r.rejected]


@dataclass(frozen=True)
class ActorRule:
    """One merge (every name under ``target`` joins ``into``) or split (the name key ``target``
    gets a key of its own: ``into == target``) of actors."""

    id: int
    kind: str  # "merge" | "split"
    target: str
    into: str
    who: str
    created_at: str
    note: str | None = None
    undone_at: str | None = None


def read_actor_rules(conn: Connection, *, include_undone: bool = False) -> list[ActorRule]:
    """Actor merges and splits, oldest first; only those not undone unless ``include_undone``."""
    t = s.corrections
    query = select(t).where(t.c.target_table == TARGET_ACTORS).order_by(t.c.id)
    if not include_undone:
        query = query.where(t.c.undone_at.is_(None))
    return [ActorRule(id=int(r["id"]), kind=json.loads(r["before"]).get("kind"), target=r["target_id"],
                      into=json.loads(r["after"]), who=r["who"], created_at=r["created_at"], note=r["note"],
                      undone_at=r["undone_at"]) for r in conn.execute(query).mappings()]


def _event_index() -> Any:
    from sitrep.store import event_index  # late: event_index builds on this module

    return event_index


class CorrectionsMixin:
    """Store methods for corrections (mixed into ``Store``; uses its ``transaction``/``_reading``)."""

    def add_correction(self, article_id: str, anchor: Anchor, field: str, before: Any, after: Any, who: str,
                       note: str | None = None) -> CorrectionRow:
        """Record one correction of an event (the caller has validated ``after``)."""
        if not who or not who.strip():
            raise StoreError("a correction needs the name of who made it")
        created = _now()
        values = {
            "who": who.strip(), "created_at": created, "target_table": TARGET_EVENTS,
            "target_id": f"{article_id}/{anchor.id}", "field": field,
            "before": json.dumps(before, ensure_ascii=False), "after": json.dumps(after, ensure_ascii=False),
            "note": note, "article_id": article_id, "anchor": anchor.to_json(),
        }
        with self.transaction() as conn:  # type: ignore[attr-defined]
            if conn.scalar(select(s.articles.c.id).where(s.articles.c.id == article_id)) is None:
                raise StoreError(f"no article {article_id}")
            new_id = int(conn.execute(insert(s.corrections).values(**values)).inserted_primary_key[0])
            self._mark_stale(article_id)  # type: ignore[attr-defined]
        return CorrectionRow(id=new_id, article_id=article_id, anchor=anchor, field=field, before=before,
                             after=after, who=who.strip(), created_at=created, note=note)

    def correction(self, correction_id: int) -> CorrectionRow | None:
        t = s.corrections
        with self._reading() as conn:  # type: ignore[attr-defined]
            row = conn.execute(select(t).where(t.c.id == correction_id, t.c.target_table == TARGET_EVENTS)
                               ).mappings().first()
        return _row(row) if row else None

    def undo_correction(self, correction_id: int) -> CorrectionRow:
        """Mark a correction (of an event, or an actor merge/split) undone; it stays in the
        table, with when it was undone."""
        t = s.corrections
        with self.transaction() as conn:  # type: ignore[attr-defined]
            row = conn.execute(select(t).where(t.c.id == correction_id)).mappings().first()
            if row is None or row["target_table"] not in (TARGET_EVENTS, TARGET_ACTORS):
                raise StoreError(f"no correction {correction_id}")
            if row["undone_at"] is not None:
                raise StoreError(f"correction {correction_id} was already undone at {row['undone_at']}")
            when = _now()
            conn.execute(update(t).where(t.c.id == correction_id).values(undone_at=when))
            if row["target_table"] == TARGET_ACTORS:
                _event_index().reapply_actor_rules(conn)
            elif row["article_id"]:
                self._mark_stale(row["article_id"])  # type: ignore[attr-defined]
        return _row({**row, "undone_at": when})

    def add_actor_rule(self, target_key: str, into_key: str, kind: str, who: str, note: str | None = None) -> int:
        """Record a merge (every name under ``target_key`` joins ``into_key``) or a split (the
        name key ``target_key`` gets a key of its own); returns the correction id."""
        if not who or not who.strip():
            raise StoreError("a correction needs the name of who made it")
        values = {
            "who": who.strip(), "created_at": _now(), "target_table": TARGET_ACTORS, "target_id": target_key,
            "field": "actor_key", "before": json.dumps({"target": target_key, "kind": kind}, ensure_ascii=False),
            "after": json.dumps(into_key, ensure_ascii=False), "note": note,
        }
        with self.transaction() as conn:  # type: ignore[attr-defined]
            new_id = int(conn.execute(insert(s.corrections).values(**values)).inserted_primary_key[0])
            _event_index().reapply_actor_rules(conn)
        return new_id

    def actor_rule_rows(self, include_undone: bool = True) -> list[ActorRule]:
        """Actor merges and splits, oldest first."""
        with self._reading() as conn:  # type: ignore[attr-defined]
            return read_actor_rules(conn, include_undone=include_undone)

    def correction_rows(self, article_id: str | None = None, *, include_undone: bool = True) -> list[CorrectionRow]:
        with self._reading() as conn:  # type: ignore[attr-defined]
            return read_rows(conn, None if article_id is None else [article_id], include_undone=include_undone)


__all__ = [
    "ActorRule",
    "Anchor",
    "CorrectionRow",
    "CorrectionsMixin",
    "ReviewedEvent",
    "STATUS",
    "anchors_for",
    "apply_to_articles",
    "evidence_key",
    "get_value",
    "match",
    "read_actor_rules",
    "read_rows",
    "review",
    "set_value",
]
