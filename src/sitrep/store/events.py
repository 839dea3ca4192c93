"""Reading events back with analysts' corrections applied, and the look-ups re-extraction needs.

    store.events()                              # latest version of every article, corrected, rejected left out
    store.events(article_id="a_...", include_rejected=True, include_background=False, since=date(2024, 1, 1))
    for article, reviewed in store.reviewed_articles(): ...   # stored article + ReviewedEvent per event

Only the latest version of each article is read: older versions are kept for provenance,
but the record of what happened is the newest text.
"""
from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from sitrep.models import Article, DateValue, Event
from sitrep.store import schema as s
from sitrep.store.corrections import Anchor, CorrectionRow, ReviewedEvent, read_rows, review
from sitrep.store.records import RawRecord

_BATCH = 100  # latest versions loaded per query round
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-\d)?$")


def _parse_day(text: str | None) -> tuple[date, str] | None:
    """``2024``, ``2024-03``, ``2024-03-05``, ``2024-03-05T10:00Z``, ``2024-W10`` → (first day, unit)."""
    if not text:
        return None
    text = text.strip()
    week = _WEEK.match(text)
    try:
        if week:
            return date.fromisocalendar(int(week[1]), int(week[2]), 1), "week"
        m = _DAY.match(text)
        if not m:
            return None
        if m[3]:
            return date(int(m[1]), int(m[2]), int(m[3])), "day"
        if m[2]:
            return date(int(m[1]), int(m[2]), 1), "month"
        return date(int(m[1]), 1, 1), "year"
    except ValueError:
        return None


def _last_day(first: date, unit: str) -> date:
    if unit == "year":
        return date(first.year, 12, 31)
    if unit == "month":
        return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    if unit == "week":
        return first + timedelta(days=6)
    return first


def day_bounds(value: DateValue | None) -> tuple[date, date] | None:
    """First and last day a date (or range) can mean; None when it names no day at all.

    ``start``/``end`` win over ``value``; otherwise the span follows ``precision`` (a month
    is its first to last day, a year 1 January to 31 December, a week seven days).
    """
    if value is None or value.precision == "unknown":
        return None
    first = _parse_day(value.start) or _parse_day(value.value)
    if first is None:
        return None
    start, unit = first
    if not value.start and value.precision in ("year", "month", "week"):
        unit = value.precision  # "2024-03-04" stated with week precision: the week from that day
    end_parsed = _parse_day(value.end)
    end = _last_day(*end_parsed) if end_parsed else _last_day(start, unit)
    return (start, end) if end >= start else (start, start)


@dataclass(frozen=True)
class EventRecord:
    """One event of an article's latest version, with corrections applied, and where it comes from."""

    article_id: str
    version_id: str
    event: Event  # corrections applied
    anchor: Anchor  # ``anchor.id`` is the stable ``sitrep_event_id``
    corrected: tuple[str, ...]  # fields analysts changed
    status: str | None  # "confirmed" | "rejected" | None
    corrections: tuple[int, ...]  # ids of the corrections applied
    title: str
    outlet: str | None
    wire: str | None
    url: str | None
    published: DateValue | None
    retrieved: str | None

    @property
    def event_id(self) -> str:
        return self.anchor.id


def _keep(record: EventRecord, include_background: bool, include_rejected: bool, since: date | None) -> bool:
    if record.status == "rejected" and not include_rejected:
        return False
    if record.event.background and not include_background:
        return False
    if since is not None:
        bounds = day_bounds(record.event.date)
        if bounds is None or bounds[1] < since:
            return False
    return True


def _raw_record(r: Any) -> RawRecord:
    return RawRecord(
        id=r["id"], source=r["source"], record=r["record"] or None, content=bytes(r["content"]),
        encoding=r["encoding"], url=r["url"], retrieved=datetime.fromisoformat(r["retrieved"]),
        format=r["format"], sha256=r["sha256"], size=r["size"],
    )


class EventsMixin:
    """Store methods over events (mixed into ``Store``; uses its ``_reading``/``_latest``/``_load``)."""

    def reviewed_articles(self, article_id: str | None = None, batch: int = _BATCH, *,
                          article_ids: Sequence[str] | None = None) -> Iterator[tuple[Article, list[ReviewedEvent]]]:
        """Latest version of every article (oldest first seen first) as stored — events as
        extracted — with each event's review. Reads ``batch`` articles per round.
        ``article_ids``: only these articles (a selection made elsewhere, e.g. an API filter)."""
        if article_ids is not None:
            wanted = sorted(set(article_ids))
            for start in range(0, len(wanted), batch):
                yield from self._reviewed_batch(wanted[start:start + batch], None, 0)
            return
        offset = 0
        while True:
            got = list(self._reviewed_batch(None if article_id is None else [article_id], batch, offset))
            if not got:
                return
            yield from got
            offset += len(got)

    def _reviewed_batch(self, ids: Sequence[str] | None, limit: int | None, offset: int
                        ) -> Iterator[tuple[Article, list[ReviewedEvent]]]:
        v, a = s.article_versions, s.articles
        query = self._latest().order_by(a.c.first_seen, a.c.id)  # type: ignore[attr-defined]
        if ids is not None:
            query = query.where(v.c.article_id.in_(list(ids)))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self._reading() as conn:  # type: ignore[attr-defined]
            rows = conn.execute(query).mappings().all()
            if not rows:
                return
            articles = self._load(conn, rows, reviewed=False)  # type: ignore[attr-defined]
            corrections: dict[str, list[CorrectionRow]] = defaultdict(list)
            for row in read_rows(conn, [x.id for x in articles], include_undone=False):
                corrections[row.article_id].append(row)
        for article in articles:
            yield article, review(article.id, article.events, corrections.get(article.id, ()))

    def iter_events(self, *, article_id: str | None = None, include_background: bool = True,
                    include_rejected: bool = False, since: date | None = None,
                    article_ids: Sequence[str] | None = None) -> Iterator[EventRecord]:
        """Events of the latest versions, corrected; see :meth:`events`."""
        for article, reviewed in self.reviewed_articles(article_id, article_ids=article_ids):
            for item in reviewed:
                record = EventRecord(
                    article_id=article.id, version_id=article.version_id, event=item.event, anchor=item.anchor,
                    corrected=item.corrected, status=item.status, corrections=item.corrections,
                    title=article.title, outlet=article.outlet, wire=article.wire, url=article.url,
                    published=article.published, retrieved=article.retrieved,
                )
                if _keep(record, include_background, include_rejected, since):
                    yield record

    def events(self, *, article_id: str | None = None, include_background: bool = True,
               include_rejected: bool = False, since: date | None = None) -> list[EventRecord]:
        """Events of the latest version of each article with analysts' corrections applied.

        Rejected events are left out unless ``include_rejected``; background events unless
        ``include_background`` is False. ``since`` keeps events whose date (or range) reaches
        that day or later; undated events are then left out.
        """
        return list(self.iter_events(article_id=article_id, include_background=include_background,
                                     include_rejected=include_rejected, since=since))

    # ---- for re-extraction ----

    def raw_input(self, raw_id: int) -> RawRecord | None:
        t = s.raw_inputs
        with self._reading() as conn:  # type: ignore[attr-defined]
            row = conn.execute(select(t).where(t.c.id == raw_id)).mappings().first()
        return _raw_record(row) if row else None

    def raw_ids(self, article_id: str | None = None) -> list[int]:
        """Ids of stored inputs, in the order saved; only those an article was read from when given."""
        with self._reading() as conn:  # type: ignore[attr-defined]
            if article_id is None:
                return [int(i) for i in conn.scalars(select(s.raw_inputs.c.id).order_by(s.raw_inputs.c.id))]
            v, g = s.article_versions, s.article_sightings
            ids = set(conn.scalars(select(v.c.raw_id).where(v.c.article_id == article_id, v.c.raw_id.is_not(None))))
            ids |= set(conn.scalars(select(g.c.raw_id).join(v, v.c.version_id == g.c.version_id)
                                    .where(v.c.article_id == article_id, g.c.raw_id.is_not(None))))
            return sorted(int(i) for i in ids)

    def versions_from_raw(self, raw_id: int) -> list[tuple[str, str]]:
        """(article_id, version_id) of every stored version read from one input."""
        v, g = s.article_versions, s.article_sightings
        query = (select(v.c.article_id, v.c.version_id).outerjoin(g, g.c.version_id == v.c.version_id)
                 .where(or_(v.c.raw_id == raw_id, g.c.raw_id == raw_id)).distinct().order_by(v.c.version_id))
        with self._reading() as conn:  # type: ignore[attr-defined]
            return [(r[0], r[1]) for r in conn.execute(query)]

    def version_keys(self, article_id: str | None = None) -> list[tuple[str, str]]:
        """(article_id, version_id) of every stored version (of one article), in the order stored."""
        v = s.article_versions
        query = select(v.c.article_id, v.c.version_id).order_by(v.c.id)
        if article_id is not None:
            query = query.where(v.c.article_id == article_id)
        with self._reading() as conn:  # type: ignore[attr-defined]
            return [(r[0], r[1]) for r in conn.execute(query)]


__all__ = ["EventRecord", "EventsMixin", "day_bounds"]
