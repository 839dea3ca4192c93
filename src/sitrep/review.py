"""Analysts' corrections: change a field of an event, reject it, confirm it, undo any of that.

    from sitrep.review import correct_event, reject_event, confirm_event, undo, corrections
    c = correct_event(store, "a_1f...", "v2", "fatalities.best", 14, who="maria", note="hospital toll")
    reject_event(store, "a_1f...", "ev_9c0d...", who="maria", note="same strike as v1")
    undo(store, c.id)
    for item in corrections(store, article_id="a_1f..."): print(item.status, item.field, item.after)

An event is named by its article id and either its id in the article's latest version
("v2") or its stable id (``ev_...``, the ``sitrep_event_id`` of exports). What is stored is
the article id plus the event's *anchor* (type, date and first evidence text as extracted), so
the correction still finds its event after a re-extraction; see ``sitrep.store.corrections``.
Values typed on a command line arrive as strings and are read per field (numbers, dates,
true/false, JSON objects); a value that does not fit its field raises ``ReviewError``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from sitrep.errors import StoreError
from sitrep.export.acled import TAXONOMY
from sitrep.models import DateValue, Precision
from sqlalchemy import or_, select

from sitrep.store import Store
from sitrep.store import schema as s
from sitrep.store.event_index import name_key
from sitrep.store.corrections import STATUS, CorrectionRow, get_value, set_value
from sitrep.store.events import EventRecord, day_bounds

CERTAINTIES = ("confirmed", "reported", "alleged", "claimed", "denied", "uncertain")
LOCATION_PRECISIONS = ("point", "town", "admin2", "admin1", "country", "region", "unknown")
_TEXT_FIELDS = ("actor1", "actor2", "assoc_actor1", "assoc_actor2")
_BOOL_FIELDS = ("background", "civilian_targeting")
_COUNT_FIELDS = ("fatalities", "injured")
_COUNT_KEYS = ("best", "low", "high", "text")
_DATE_KEYS = ("value", "precision", "text", "start", "end")
FIELDS = ("event_type", "sub_event_type", *_TEXT_FIELDS, "date", "location", *_COUNT_FIELDS, *_BOOL_FIELDS,
          "certainty", "attributed_to")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_NULL = {"", "null", "none"}


class ReviewError(ValueError):
    """A correction that cannot be made: unknown article/event/field, or a value that does not fit."""


@dataclass(frozen=True)
class CorrectionInfo:
    """A correction as analysts see it, with whether it applies now.

    ``status``: ``applied`` (its event is in the article's latest version), ``orphaned`` (no
    event matches its anchor any more: kept, and applied again if the event comes back) or
    ``undone``. ``event_key`` is the event's id in the latest version when applied.
    """

    id: int
    article_id: str
    event_id: str  # the anchor id (sitrep_event_id)
    event_key: str | None
    field: str
    before: Any
    after: Any
    who: str
    created_at: str
    note: str | None
    undone_at: str | None
    status: str

    @classmethod
    def of(cls, row: CorrectionRow, status: str, event_key: str | None) -> CorrectionInfo:
        return cls(id=row.id, article_id=row.article_id, event_id=row.anchor.id, event_key=event_key,
                   field=row.field, before=row.before, after=row.after, who=row.who, created_at=row.created_at,
                   note=row.note, undone_at=row.undone_at, status=status)


# ---------------------------------------------------------------- finding the event


def find_event(store: Store, article_id: str, event_key: str) -> EventRecord:
    """An event of the article's latest version (rejected ones included), by "v2" or "ev_..."."""
    records = store.events(article_id=article_id, include_rejected=True)
    if not records and store.get_article(article_id) is None:
        raise ReviewError(f"no article {article_id}")
    key = event_key.strip()
    found = [r for r in records if key in (r.anchor.id, r.event.id)]
    if len(found) != 1:
        known = ", ".join(f"{r.event.id} ({r.anchor.id})" for r in records) or "none"
        raise ReviewError(f"article {article_id} has no event {event_key!r}; its events: {known}")
    return found[0]


# ---------------------------------------------------------------- reading values


def _text(value: Any) -> Any:
    if isinstance(value, str):
        stripped = value.strip()
        return None if stripped.lower() in _NULL else stripped
    return value


def _json_or_text(value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise ReviewError(f"not valid JSON: {exc.msg}") from None
    return value


def _bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ReviewError(f"{name} is true or false, not {value!r}")


def _count(value: Any, name: str) -> int | None:
    value = _text(value)
    if value is None:
        return None
    try:
        number = int(str(value).replace(",", "")) if not isinstance(value, int) else value
    except ValueError:
        raise ReviewError(f"{name} is a whole number, not {value!r}") from None
    if number < 0 or isinstance(number, bool):
        raise ReviewError(f"{name} cannot be {value!r}")
    return number


def _float(value: Any, name: str, low: float, high: float) -> float | None:
    value = _text(value)
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ReviewError(f"{name} is a number, not {value!r}") from None
    if not low <= number <= high:
        raise ReviewError(f"{name} must be between {low:g} and {high:g}, not {number:g}")
    return number


_DATE_FORM = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _date_text(text: str) -> dict[str, Any]:
    """``2024-11-17``, ``2024-11``, ``2024``, or a range ``2024-11-03/2024-11-05``."""
    text = text.strip()
    if "/" in text:
        start, _, end = text.partition("/")
        one, two = _date_text(start), _date_text(end)
        first, last = day_bounds(_date_value(one)), day_bounds(_date_value(two))
        if first is None or last is None or last[1] < first[0]:
            raise ReviewError(f"not a date range: {text!r}")
        # A range is as precise as its coarser end ("2024-03/2024-05": month); start/end say how long it is.
        order = ("day", "month", "year")
        precision = max(one["precision"], two["precision"], key=order.index)
        return {"value": one["value"], "precision": precision, "text": None, "start": one["value"],
                "end": two["value"]}
    if not _DATE_FORM.match(text) or day_bounds(_date_value({"value": text, "precision": "day"})) is None:
        raise ReviewError(f"not a date (use YYYY-MM-DD, YYYY-MM, YYYY or START/END): {text!r}")
    precision = {4: "year", 7: "month"}.get(len(text), "day")
    return {"value": text, "precision": precision, "text": None, "start": None, "end": None}


def _date_value(data: Mapping[str, Any]) -> DateValue:
    return DateValue(**{k: data.get(k) for k in ("value", "precision", "text", "kind", "start", "end")})


def _date(value: Any, current: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    value = _json_or_text(value)
    if key:
        if key not in _DATE_KEYS:
            raise ReviewError(f"date has no part {key!r} (parts: {', '.join(_DATE_KEYS)})")
        merged = dict(current or {"value": None, "precision": "unknown"})
        merged[key] = _text(value)
        if key == "value" and merged["value"] and current is None:
            merged.update(_date_text(merged["value"]))
        value = merged
    elif isinstance(value, str):
        return None if value.strip().lower() in _NULL else _date_text(value)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ReviewError("date is YYYY-MM-DD, YYYY-MM, YYYY, START/END or a JSON object")
    unknown = set(value) - set(_DATE_KEYS) - {"kind"}
    if unknown:
        raise ReviewError(f"date has no part {sorted(unknown)[0]!r}")
    if value.get("precision") not in get_args(Precision):
        raise ReviewError(f"date precision is one of {', '.join(get_args(Precision))}")
    data = {k: value.get(k) for k in ("value", "precision", "text", "kind", "start", "end")}
    if data["precision"] != "unknown" and day_bounds(_date_value(data)) is None:
        raise ReviewError(f"not a date: {data['value']!r}")
    return data


def _mapping(value: Any, name: str) -> dict[str, Any] | None:
    value = _json_or_text(value)
    if _text(value) is None:
        return None
    if not isinstance(value, dict):
        raise ReviewError(f"{name} takes a JSON object, or {name}.<part>=value")
    return value


def _checked_counts(head: str, counts: dict[str, Any]) -> dict[str, Any]:
    low, best, high = counts.get("low"), counts.get("best"), counts.get("high")
    if best is not None and ((low is not None and low > best) or (high is not None and high < best)):
        raise ReviewError(f"{head}: low {low} and high {high} must bracket best {best}")
    if low is not None and high is not None and low > high:
        raise ReviewError(f"{head}: low {low} is above high {high}")
    return counts


def coerce(field: str, value: Any, record: EventRecord) -> tuple[str, Any]:
    """``(field, JSON value)`` to store for ``field=value`` on an event, checked against its field.

    A part of the date (``date.value``) becomes a correction of the whole date; parts of
    location, fatalities and injured (``fatalities.best``) are corrected on their own.
    """
    head, _, key = field.strip().partition(".")
    if head not in FIELDS:
        raise ReviewError(f"cannot correct {field!r}; fields: {', '.join(FIELDS)} "
                          "(and location.<part>, fatalities.best/low/high, injured.best/low/high, date.<part>)")
    if key and head not in ("date", "location", *_COUNT_FIELDS):
        raise ReviewError(f"{head} has no parts")
    event = record.event
    if head == "event_type":
        text = _text(value)
        if text not in TAXONOMY:
            raise ReviewError(f"event_type is one of ACLED's: {', '.join(TAXONOMY)}")
        return head, text
    if head == "sub_event_type":
        text = _text(value)
        if text is not None and text not in {sub for subs in TAXONOMY.values() for sub in subs}:
            raise ReviewError(f"{text!r} is not one of ACLED's sub-event types")
        return head, text
    if head in _TEXT_FIELDS:
        return head, _text(value)
    if head in _BOOL_FIELDS:
        return head, _bool(value, head)
    if head == "certainty":
        text = _text(value)
        if text not in CERTAINTIES:
            raise ReviewError(f"certainty is one of {', '.join(CERTAINTIES)}")
        return head, text
    if head == "attributed_to":
        value = _json_or_text(value)
        if isinstance(value, str):
            value = [part.strip() for part in value.split(";") if part.strip()]
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ReviewError("attributed_to is a list of names (A; B)")
        return head, value
    if head == "date":
        return "date", _date(value, get_value(event, "date"), key)
    if head in _COUNT_FIELDS:
        if key:
            if key not in _COUNT_KEYS:
                raise ReviewError(f"{head} has no part {key!r} (parts: {', '.join(_COUNT_KEYS)})")
            if key == "text":
                return field, _text(value)
            number = _count(value, field)
            if key != "best":  # a new best widens low/high when applied (set_value); a bound must still bracket it
                _checked_counts(head, {**(get_value(event, head) or {}), key: number})
            return field, number
        value = _json_or_text(value)
        if isinstance(value, dict):
            return head, _checked_counts(head, {k: (_count(value.get(k), f"{head}.{k}") if k != "text" else value.get(k))
                                                for k in _COUNT_KEYS if k in value})
        number = _count(value, head)
        return head, None if number is None else {"best": number, "low": number, "high": number}
    # location
    if key:
        if key in ("lat", "lon"):
            limit = 90.0 if key == "lat" else 180.0
            return field, _float(value, field, -limit, limit)
        if key == "precision" and _text(value) not in LOCATION_PRECISIONS:
            raise ReviewError(f"location.precision is one of {', '.join(LOCATION_PRECISIONS)}")
        return field, _text(value)
    return head, _mapping(value, head)


def _check_types(record: EventRecord) -> None:
    subs = TAXONOMY.get(record.event.event_type, ())
    sub = record.event.sub_event_type
    if sub is not None and sub not in subs:
        raise ReviewError(f"sub_event_type {sub!r} is not a kind of {record.event.event_type!r}: "
                          f"correct both together (--set event_type=... --set sub_event_type=...)")


# ---------------------------------------------------------------- the public functions


def correct_event_fields(store: Store, article_id: str, event_key: str, changes: Mapping[str, Any], who: str,
                         note: str | None = None) -> list[CorrectionInfo]:
    """Several field corrections of one event, checked together and stored in one transaction
    (``event_type`` and ``sub_event_type`` must agree once all are applied)."""
    if not changes:
        raise ReviewError("nothing to correct")
    if not who or not who.strip():
        raise ReviewError("say who makes the correction (--who)")
    record = find_event(store, article_id, event_key)
    planned: list[tuple[str, Any, Any]] = []
    for field, value in changes.items():
        name, after = coerce(field, value, record)
        before = get_value(record.event, name)
        if before == after:
            raise ReviewError(f"{name} of {record.event.id} is already {json.dumps(after, ensure_ascii=False)}")
        set_value(record.event, name, after)  # later changes are read against this one
        planned.append((name, before, after))
    _check_types(record)
    out = []
    with store.transaction():
        for name, before, after in planned:
            row = store.add_correction(article_id, record.anchor, name, before, after, who, note)
            out.append(CorrectionInfo.of(row, "applied", record.event.id))
    return out


def correct_event(store: Store, article_id: str, event_key: str, field: str, value: Any, who: str,
                  note: str | None = None) -> CorrectionInfo:
    """Set one field of an event (``fatalities.best``, ``actor2``, ``date``, ...)."""
    return correct_event_fields(store, article_id, event_key, {field: value}, who, note)[0]


def _set_status(store: Store, article_id: str, event_key: str, status: str, who: str,
                note: str | None) -> CorrectionInfo:
    if not who or not who.strip():
        raise ReviewError("say who makes the correction (--who)")
    record = find_event(store, article_id, event_key)
    if record.status == status:
        raise ReviewError(f"event {record.event.id} of {article_id} is already {status}")
    row = store.add_correction(article_id, record.anchor, STATUS, record.status, status, who, note)
    return CorrectionInfo.of(row, "applied", record.event.id)


def reject_event(store: Store, article_id: str, event_key: str, who: str, note: str | None = None) -> CorrectionInfo:
    """Mark an event as wrongly extracted: reads and exports leave it out from now on."""
    return _set_status(store, article_id, event_key, "rejected", who, note)


def confirm_event(store: Store, article_id: str, event_key: str, who: str, note: str | None = None) -> CorrectionInfo:
    """Mark an event as checked by an analyst (exports show ``review = confirmed``)."""
    return _set_status(store, article_id, event_key, "confirmed", who, note)


def undo(store: Store, correction_id: int) -> CorrectionInfo:
    """Undo a correction: the field goes back to what it was before it (it stays listed as undone)."""
    try:
        row = store.undo_correction(int(correction_id))
    except StoreError as exc:
        raise ReviewError(str(exc)) from None
    return CorrectionInfo.of(row, "undone", None)


def corrections(store: Store, article_id: str | None = None, *, include_undone: bool = True) -> list[CorrectionInfo]:
    """Every correction (of one article), oldest first, with whether it applies to the latest version."""
    rows = store.correction_rows(article_id, include_undone=include_undone)
    applied: dict[int, str] = {}
    for wanted in sorted({r.article_id for r in rows if r.active}):
        for record in store.events(article_id=wanted, include_rejected=True):
            for correction_id in record.corrections:
                applied[correction_id] = record.event.id
    return [CorrectionInfo.of(r, "undone" if not r.active else "applied" if r.id in applied else "orphaned",
                              applied.get(r.id)) for r in rows]


# ---------------------------------------------------------------- actors


def _actor_exists(store: Store, key: str) -> bool:
    a = s.event_index_actors
    with store.reading() as conn:
        return conn.scalar(select(a.c.id).where(or_(a.c.actor_key == key, a.c.raw_key == key,
                                                    a.c.name_key == key)).limit(1)) is not None


def merge_actors(store: Store, source: str, into: str, who: str, note: str | None = None) -> int:
    """Say two actor keys are one actor: every name grouped under ``source`` joins ``into``.
    Returns the correction id (undo it with :func:`undo`)."""
    if not who or not who.strip():
        raise ReviewError("say who makes the correction (--who)")
    if source == into:
        raise ReviewError(f"cannot merge actor {source!r} into itself")
    for key in (source, into):
        if not _actor_exists(store, key):
            raise ReviewError(f"no actor {key!r}")
    return store.add_actor_rule(source, into, "merge", who, note)


def split_actor(store: Store, name: str, who: str, note: str | None = None) -> tuple[int, str]:
    """Take one name out of the actor it is grouped under (e.g. a cousin wrongly linked to the
    same person): events naming it get an actor of their own. Returns the correction id and
    the new actor's key."""
    if not who or not who.strip():
        raise ReviewError("say who makes the correction (--who)")
    key = name_key(name)
    a = s.event_index_actors
    with store.reading() as conn:
        current = conn.scalar(select(a.c.actor_key).where(a.c.name_key == key).limit(1))
    if current is None:
        raise ReviewError(f"no actor is named {name!r}")
    if current == key:
        raise ReviewError(f"{name!r} is already an actor of its own")
    with store.reading() as conn:
        others = conn.scalar(select(a.c.id).where(a.c.actor_key == current, a.c.name_key != key).limit(1))
    if others is None:
        raise ReviewError(f"{name!r} is the only name of actor {current!r}: there is nothing to split it from")
    return store.add_actor_rule(key, key, "split", who, note), key


def parse_assignment(text: str) -> tuple[str, str]:
    """``field=value`` (as typed after ``--set``) → (field, value)."""
    field, sep, value = text.partition("=")
    if not sep or not field.strip():
        raise ReviewError(f"expected FIELD=VALUE, got {text!r}")
    return field.strip(), value


__all__ = [
    "CERTAINTIES",
    "CorrectionInfo",
    "FIELDS",
    "ReviewError",
    "coerce",
    "confirm_event",
    "correct_event",
    "correct_event_fields",
    "corrections",
    "find_event",
    "merge_actors",
    "split_actor",
    "parse_assignment",
    "reject_event",
    "undo",
]
