"""Read queries behind the API and the web UI: filtered, paged, counted lists; map clusters;
timelines; facets; actors; quotes and claims; the change feed.

Events are read from the read model (``event_index``, see store/event_index.py), so every
filter is SQL and a page of 50 out of 100,000 events costs one indexed query plus a count.
Each list returns a :class:`Page` (``total`` = rows matching, before paging).
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Float, Integer, and_, cast, desc, func, or_, select, true
from sqlalchemy.sql import ColumnElement, Select

from sitrep.store import schema as s
from sitrep.store.event_index import name_key

EVENT_SORTS = {
    "date": (s.event_index.c.date_first,), "-date": (desc(s.event_index.c.date_first),),
    "fatalities": (s.event_index.c.fatalities,), "-fatalities": (desc(s.event_index.c.fatalities),),
    "updated": (s.event_index.c.updated_at,), "-updated": (desc(s.event_index.c.updated_at),),
}
TIMELINE_INTERVALS = {"year": 4, "month": 7, "day": 10}  # prefix length of an ISO day
REVIEW_STATUSES = ("unreviewed", "confirmed", "corrected", "rejected")


@dataclass(frozen=True)
class Page:
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


@dataclass(frozen=True)
class EventFilter:
    """What the events list, map, timeline and exports can be narrowed by (all optional, ANDed;
    several values of one field are ORed)."""

    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO alpha-2 codes
    actor: str | None = None  # an actor key ("n:..." or a knowledge-base id) or a name
    article_id: str | None = None
    date_from: str | None = None  # ISO day; an event counts when its date range reaches into [from, to]
    date_to: str | None = None
    certainty: tuple[str, ...] = ()
    review_status: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    min_fatalities: int | None = None
    civilian_targeting: bool | None = None
    updated_since: str | None = None  # ISO 8601 time: only events changed after it
    include_background: bool = True
    include_rejected: bool = False

    def conditions(self) -> list[ColumnElement[bool]]:
        t = s.event_index
        if self.review_status:
            out: list[ColumnElement[bool]] = [t.c.deleted_at.is_(None), t.c.review_status.in_(self.review_status)]
        elif self.include_rejected:
            out = [t.c.deleted_at.is_(None)]
        else:
            out = [t.c.live == true()]
        if self.event_types:
            out.append(t.c.event_type.in_(self.event_types))
        if self.sub_event_types:
            out.append(t.c.sub_event_type.in_(self.sub_event_types))
        if self.countries:
            out.append(t.c.country_code.in_([c.upper() for c in self.countries]))
        if self.actor:
            a = s.event_index_actors
            # IN (not a correlated EXISTS): the actor's events are found once, by index
            out.append(t.c.event_id.in_(select(a.c.event_id).where(
                or_(a.c.actor_key == self.actor, a.c.name_key == name_key(self.actor)))))
        if self.article_id:
            out.append(t.c.article_id == self.article_id)
        if self.date_from:
            out.append(t.c.date_last >= self.date_from)
        if self.date_to:
            out.append(t.c.date_first <= self.date_to)
        if self.certainty:
            out.append(t.c.certainty.in_(self.certainty))
        if self.bbox:
            west, south, east, north = self.bbox
            out.append(and_(t.c.lat >= south, t.c.lat <= north))
            # A box across the antimeridian (west > east) wraps around.
            lon = and_(t.c.lon >= west, t.c.lon <= east) if west <= east else or_(t.c.lon >= west, t.c.lon <= east)
            out.append(lon)
        if self.min_fatalities is not None:
            out.append(t.c.fatalities >= self.min_fatalities)
        if self.civilian_targeting is not None:
            out.append(t.c.civilian_targeting == self.civilian_targeting)
        if not self.include_background:
            out.append(t.c.background.is_(False))
        if self.updated_since:
            out.append(t.c.updated_at > self.updated_since)
        return out


def data_version(conn: Connection) -> tuple[Any, ...]:
    """Changes whenever any event, correction or actor merge changes: the key for caching
    aggregates (two indexed look-ups)."""
    t, c = s.event_index, s.corrections
    return (conn.scalar(select(func.max(t.c.updated_at))), conn.scalar(select(func.max(c.c.id))),
            conn.scalar(select(func.max(c.c.undone_at))))


def _count(conn: Connection, query: Select[Any]) -> int:
    return int(conn.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)


def _docs(rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [json.loads(r) for r in rows]


def list_events(conn: Connection, where: EventFilter, sort: str = "-date", limit: int = 50,
                offset: int = 0) -> Page:
    total, ids = event_ids(conn, where, sort, limit, offset)
    return Page(total, limit, offset, _docs_of(conn, ids))


def _docs_of(conn: Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Documents of these events, in this order. Paging picks ids from the index first, so
    rows skipped by an offset never have their documents read."""
    td = s.event_docs
    found = dict(conn.execute(select(td.c.event_id, td.c.doc).where(td.c.event_id.in_(list(ids)))).all()) if ids else {}
    docs = [json.loads(found[i]) for i in ids if i in found]
    _add_actor_keys(conn, docs)
    return docs


def _add_actor_keys(conn: Connection, docs: list[dict[str, Any]]) -> None:
    """Each event's actor keys by role, as merges and splits group them now (``actor_keys``)."""
    a = s.event_index_actors
    keys: dict[str, dict[str, str]] = {}
    ids = [d["event_id"] for d in docs]
    if ids:
        for r in conn.execute(select(a.c.event_id, a.c.role, a.c.actor_key).where(a.c.event_id.in_(ids))):
            keys.setdefault(r.event_id, {})[r.role] = r.actor_key
    for doc in docs:
        doc["actor_keys"] = keys.get(doc["event_id"], {})


def event_ids(conn: Connection, where: EventFilter, sort: str = "-date", limit: int | None = None,
              offset: int = 0) -> tuple[int, list[str]]:
    """The ids of matching events in list order (exports filter by them), and how many match."""
    t = s.event_index
    conditions = where.conditions()
    total = int(conn.scalar(select(func.count()).select_from(t).where(*conditions)) or 0)
    query = select(t.c.event_id).where(*conditions).order_by(*EVENT_SORTS[sort], t.c.event_id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return total, list(conn.scalars(query))


def get_event(conn: Connection, event_id: str) -> dict[str, Any] | None:
    """One event (also a deleted one, marked ``deleted_at``)."""
    t = s.event_index
    td = s.event_docs
    row = conn.execute(select(td.c.doc, t.c.deleted_at, t.c.updated_at).join(td, td.c.event_id == t.c.event_id)
                       .where(t.c.event_id == event_id)).first()
    if row is None:
        return None
    doc = json.loads(row[0])
    doc.update(deleted_at=row[1], updated_at=row[2])
    _add_actor_keys(conn, [doc])
    return doc


def article_events(conn: Connection, article_id: str) -> list[dict[str, Any]]:
    """Every current event of an article, rejected ones included (the reader shows them struck out)."""
    t = s.event_index
    td = s.event_docs
    docs = conn.scalars(select(td.c.doc).join(t, td.c.event_id == t.c.event_id)
                        .where(t.c.article_id == article_id, t.c.deleted_at.is_(None))).all()
    out = sorted(_docs(docs), key=lambda d: _event_order(d["id"]))
    _add_actor_keys(conn, out)
    return out


def _event_order(key: str) -> tuple[int, str]:
    digits = "".join(ch for ch in key if ch.isdigit())
    return (int(digits) if digits else 0, key)


def clusters(conn: Connection, where: EventFilter, zoom: int) -> dict[str, Any]:
    """Events grouped on a grid whose cells halve with each zoom level (cell = 45° / 2**zoom).

    A cell of one event carries its id so the map can open it; larger cells carry counts only.
    Events without coordinates are counted in ``unplaced``.
    """
    t = s.event_index
    cell = 45.0 / (2 ** max(0, min(zoom, 16)))
    conditions = where.conditions()
    lat_cell, lon_cell = _grid(conn, t.c.lat + 90.0, cell), _grid(conn, t.c.lon + 180.0, cell)
    query = (
        select(lat_cell.label("gy"), lon_cell.label("gx"), func.count().label("n"),
               func.avg(t.c.lat).label("lat"), func.avg(t.c.lon).label("lon"),
               func.min(t.c.event_id).label("first_id"), func.sum(t.c.fatalities).label("fatalities"),
               func.min(t.c.location_precision).label("precision"), func.min(t.c.location_name).label("place"))
        .where(*conditions, t.c.lat.is_not(None), t.c.lon.is_not(None))
        .group_by(lat_cell, lon_cell)
    )
    out = []
    total = 0
    for r in conn.execute(query).mappings():
        n = int(r["n"])
        total += n
        item: dict[str, Any] = {"lat": round(float(r["lat"]), 5), "lon": round(float(r["lon"]), 5), "count": n,
                                "fatalities": int(r["fatalities"] or 0)}
        if n == 1:
            item.update(event_id=r["first_id"], precision=r["precision"], place=r["place"])
        out.append(item)
    unplaced = int(conn.scalar(select(func.count()).select_from(t).where(
        *conditions, or_(t.c.lat.is_(None), t.c.lon.is_(None)))) or 0)
    return {"zoom": zoom, "cell_degrees": cell, "total": total, "unplaced": unplaced, "clusters": out}


def clusters_in_box(world: dict[str, Any], bbox: tuple[float, float, float, float]) -> dict[str, Any]:
    """The cells of a whole-world :func:`clusters` answer whose centre lies in ``bbox``: panning
    a map at one zoom level then costs no query."""
    west, south, east, north = bbox

    def inside(cell: dict[str, Any]) -> bool:
        lon_ok = west <= cell["lon"] <= east if west <= east else (cell["lon"] >= west or cell["lon"] <= east)
        return south <= cell["lat"] <= north and lon_ok

    cells = [c for c in world["clusters"] if inside(c)]
    return {**world, "total": sum(c["count"] for c in cells), "clusters": cells}


def _grid(conn: Connection, column: Any, cell: float) -> Any:
    scaled = column / cell
    if conn.dialect.name == "postgresql":
        return func.floor(cast(scaled, Float))
    # SQLite's CAST truncates; the shifted coordinates are never negative, so that is floor.
    return cast(scaled, Integer)


def timeline(conn: Connection, where: EventFilter, interval: str = "month") -> dict[str, Any]:
    """Events and fatalities per year / month / day of their first possible day. Events whose
    date is vaguer than the interval are counted in their first bucket and in ``coarser``."""
    t = s.event_index
    width = TIMELINE_INTERVALS[interval]
    bucket = func.substr(t.c.date_first, 1, width)
    conditions = where.conditions()
    query = (select(bucket.label("b"), func.count().label("n"), func.sum(t.c.fatalities).label("f"))
             .where(*conditions, t.c.date_first.is_not(None)).group_by(bucket).order_by(bucket))
    buckets = [{"start": r["b"], "count": int(r["n"]), "fatalities": int(r["f"] or 0)}
               for r in conn.execute(query).mappings()]
    coarse = {"year": ("unknown",), "month": ("year", "unknown"), "day": ("year", "month", "week", "unknown")}
    coarser = int(conn.scalar(select(func.count()).select_from(t).where(
        *conditions, t.c.date_first.is_not(None), t.c.date_precision.in_(coarse[interval]))) or 0)
    undated = int(conn.scalar(select(func.count()).select_from(t).where(
        *conditions, t.c.date_first.is_(None))) or 0)
    return {"interval": interval, "buckets": buckets, "coarser": coarser, "undated": undated}


def facets(conn: Connection, where: EventFilter) -> dict[str, Any]:
    """Counts per value of the fields the UI filters by, for the current filter (one scan)."""
    t = s.event_index
    keys = (t.c.event_type, t.c.sub_event_type, t.c.country_code, t.c.certainty, t.c.review_status)
    query = (select(*keys, func.count().label("n"), func.min(t.c.country).label("country"),
                    func.min(t.c.date_first).label("first"), func.max(t.c.date_last).label("last"))
             .where(*where.conditions()).group_by(*keys))
    tallies: dict[str, Counter[str]] = {name: Counter() for name in
                                        ("event_types", "sub_event_types", "countries", "certainty", "review_status")}
    names: dict[str, str] = {}
    total, first, last = 0, None, None
    for r in conn.execute(query):
        n = int(r.n)
        total += n
        for name, value in zip(tallies, r[:5]):
            if value is not None:
                tallies[name][value] += n
        if r.country_code and r.country:
            names.setdefault(r.country_code, r.country)
        first = r.first if first is None or (r.first is not None and r.first < first) else first
        last = r.last if last is None or (r.last is not None and r.last > last) else last

    def ranked(counter: Counter[str]) -> list[dict[str, Any]]:
        return [{"value": v, "count": n} for v, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]

    out: dict[str, Any] = {"total": total, "date_min": first, "date_max": last}
    out.update({name: ranked(counter) for name, counter in tallies.items()})
    out["countries"] = [{**item, "name": names.get(item["value"])} for item in out["countries"]]
    return out


# ---------------------------------------------------------------- actors


@dataclass(frozen=True)
class RankedActor:
    key: str
    events: int
    names: tuple[str, ...]  # most used first


def actor_ranking(conn: Connection) -> list[RankedActor]:
    """Every actor with its number of (current, not rejected) events and its names, most
    events first. Two grouped scans: callers cache it and search it with :func:`matching_actors`."""
    a = s.event_index_actors
    live = a.c.live == true()
    counts = select(a.c.actor_key, func.count(func.distinct(a.c.event_id))).where(live).group_by(a.c.actor_key)
    names = select(a.c.actor_key, a.c.name, func.count()).where(live).group_by(a.c.actor_key, a.c.name)
    by_key: dict[str, Counter[str]] = {}
    for key, name, n in conn.execute(names):
        by_key.setdefault(key, Counter())[name] += int(n)
    ranked = [RankedActor(key, int(n), tuple(name for name, _ in by_key.get(key, Counter()).most_common()))
              for key, n in conn.execute(counts)]
    return sorted(ranked, key=lambda r: (-r.events, r.key))


def matching_actors(ranking: list[RankedActor], q: str | None) -> list[RankedActor]:
    """The actors one of whose names (or whose key) contains ``q``, case and accents folded."""
    if not q or not q.strip():
        return ranking
    wanted = name_key(q)[2:]
    return [r for r in ranking if wanted in r.key.casefold() or any(wanted in name_key(n)[2:] for n in r.names)]


def list_actors(conn: Connection, q: str | None = None, limit: int = 50, offset: int = 0,
                ranking: list[RankedActor] | None = None) -> Page:
    """A page of :func:`actor_ranking` (pass ``ranking`` when the caller has it already)."""
    ranked = matching_actors(actor_ranking(conn) if ranking is None else ranking, q)
    items = [{"key": r.key, "name": r.names[0] if r.names else _display(None, r.key), "events": r.events,
              "names": list(r.names)} for r in ranked[offset:offset + limit]]
    return Page(len(ranked), limit, offset, items)


def _names(conn: Connection, keys: Sequence[str]) -> dict[str, Counter[str]]:
    a = s.event_index_actors
    out: dict[str, Counter[str]] = {}
    if not keys:
        return out
    query = (select(a.c.actor_key, a.c.name, func.count().label("n")).where(a.c.actor_key.in_(list(keys)))
             .group_by(a.c.actor_key, a.c.name))
    for r in conn.execute(query).mappings():
        out.setdefault(r["actor_key"], Counter())[r["name"]] += int(r["n"])
    return out


def actor_exists(conn: Connection, actor: str) -> bool:
    """Whether any current event names this actor (by key or by name)."""
    a = s.event_index_actors
    return conn.scalar(select(a.c.id).where(or_(a.c.actor_key == actor, a.c.name_key == name_key(actor)))
                       .limit(1)) is not None


def name_keys_of(conn: Connection, key: str) -> set[str]:
    """Name keys grouped under an actor now, or originally (before merges and splits)."""
    a = s.event_index_actors
    return set(conn.scalars(select(a.c.name_key).where(or_(a.c.actor_key == key, a.c.raw_key == key)).distinct()))


def articles_of(conn: Connection, event_ids: Sequence[str]) -> list[str]:
    """The articles these events come from."""
    t = s.event_index
    out: set[str] = set()
    ids = list(event_ids)
    for start in range(0, len(ids), 500):
        out.update(conn.scalars(select(t.c.article_id).where(t.c.event_id.in_(ids[start:start + 500]))))
    return sorted(out)


def _display(names: Counter[str] | None, key: str) -> str:
    if names:
        return names.most_common(1)[0][0]
    return key[2:] if key.startswith("n:") else key


def actor_summary(conn: Connection, key: str) -> dict[str, Any] | None:
    """One actor: the names events give it, the entity aliases articles link to it, the
    relations it takes part in, and its events per month and by type."""
    a, t = s.event_index_actors, s.event_index
    names = _names(conn, [key]).get(key)
    if not names:
        return None
    live = and_(a.c.actor_key == key, a.c.live == true())  # the actor row's flag: looked up by actor_key
    joined = select(t).join(a, a.c.event_id == t.c.event_id).where(live)
    sub = joined.subquery()
    by_month = [{"start": r[0], "count": int(r[1]), "fatalities": int(r[2] or 0)} for r in conn.execute(
        select(func.substr(sub.c.date_first, 1, 7), func.count(func.distinct(sub.c.event_id)), func.sum(sub.c.fatalities))
        .where(sub.c.date_first.is_not(None)).group_by(func.substr(sub.c.date_first, 1, 7))
        .order_by(func.substr(sub.c.date_first, 1, 7)))]
    by_type = [{"value": r[0], "count": int(r[1])} for r in conn.execute(
        select(sub.c.event_type, func.count(func.distinct(sub.c.event_id))).group_by(sub.c.event_type)
        .order_by(desc(func.count(func.distinct(sub.c.event_id)))))]
    roles = {r[0]: int(r[1]) for r in conn.execute(
        select(a.c.role, func.count()).join(t, t.c.event_id == a.c.event_id).where(live).group_by(a.c.role))}
    all_names = set(names)
    aliases = _entity_aliases(conn, key, all_names)
    return {
        "key": key,
        "name": _display(names, key),
        "names": [{"name": n, "count": c} for n, c in names.most_common()],
        "aliases": sorted(aliases - all_names),
        "events": int(conn.scalar(select(func.count(func.distinct(sub.c.event_id)))) or 0),
        "roles": roles,
        "by_month": by_month,
        "by_type": by_type,
        "relations": _relations(conn, all_names | aliases),
    }


def _entity_aliases(conn: Connection, key: str, names: set[str]) -> set[str]:
    """Aliases of stored entities with this knowledge-base id or one of these names (latest versions only)."""
    e, al, ar = s.entities, s.entity_aliases, s.articles
    latest = select(ar.c.latest_version)
    match = or_(e.c.kb_id == key, e.c.name.in_(sorted(names)))
    found: set[str] = set()
    for r in conn.execute(select(e.c.name, al.c.alias).outerjoin(al, al.c.entity_id == e.c.id)
                          .where(match, e.c.version_id.in_(latest)).limit(2000)):
        found.add(r[0])
        if r[1]:
            found.add(r[1])
    return found


def _relations(conn: Connection, names: set[str], limit: int = 200) -> list[dict[str, Any]]:
    r, ar = s.relations, s.articles
    if not names:
        return []
    chosen = sorted(names)
    query = (select(r.c.subject, r.c.predicate, r.c.object, r.c.evidence_text, ar.c.id.label("article_id"))
             .join(ar, ar.c.latest_version == r.c.version_id)
             .where(or_(r.c.subject.in_(chosen), r.c.object.in_(chosen))).limit(limit))
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in conn.execute(query).mappings():
        triple = (row["subject"], row["predicate"], row["object"])
        item = seen.setdefault(triple, {"subject": triple[0], "predicate": triple[1], "object": triple[2],
                                        "evidence": row["evidence_text"], "articles": []})
        if row["article_id"] not in item["articles"]:
            item["articles"].append(row["article_id"])
    return list(seen.values())


# ---------------------------------------------------------------- articles, quotes, claims


def list_articles(conn: Connection, outlet: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Latest versions, most recently first-seen first, with their event counts."""
    v, ar, t = s.article_versions, s.articles, s.event_index
    query = (select(ar.c.id, v.c.title, v.c.outlet, v.c.wire, v.c.url, v.c.published_value, v.c.published_precision,
                    v.c.dateline_place, v.c.language, ar.c.first_seen, v.c.version_id)
             .join(v, v.c.version_id == ar.c.latest_version))
    if outlet:
        query = query.where(func.lower(v.c.outlet) == outlet.casefold())
        total = _count(conn, query)
    else:  # every article has exactly one latest version
        total = int(conn.scalar(select(func.count()).select_from(ar)) or 0)
    rows = conn.execute(query.order_by(desc(ar.c.first_seen), ar.c.id).limit(limit).offset(offset)).mappings().all()
    ids = [r["id"] for r in rows]
    n_events = dict(conn.execute(select(t.c.article_id, func.count()).where(
        # not the live flag: the planner would scan its index instead of looking up these articles
        t.c.article_id.in_(ids), t.c.deleted_at.is_(None), t.c.review_status != "rejected")
        .group_by(t.c.article_id)).all()) if ids else {}
    items = [{"id": r["id"], "version_id": r["version_id"], "title": r["title"], "outlet": r["outlet"],
              "wire": r["wire"], "url": r["url"], "published": r["published_value"],
              "published_precision": r["published_precision"], "dateline": r["dateline_place"],
              "language": r["language"], "first_seen": r["first_seen"], "events": int(n_events.get(r["id"], 0))}
             for r in rows]
    return Page(total, limit, offset, items)


def list_quotes(conn: Connection, speaker: str | None = None, q: str | None = None, limit: int = 50,
                offset: int = 0) -> Page:
    qt, ar, v = s.quotes, s.articles, s.article_versions
    query = (select(qt.c.kind, qt.c.speaker, qt.c.speaker_title, qt.c.speaker_org, qt.c.section, qt.c.idx,
                    qt.c.start, qt.c.end, qt.c.text, ar.c.id.label("article_id"), v.c.title, v.c.published_value)
             .join(ar, ar.c.latest_version == qt.c.version_id).join(v, v.c.version_id == qt.c.version_id))
    if speaker:
        query = query.where(func.lower(qt.c.speaker).like(f"%{speaker.casefold()}%"))
    if q:
        query = query.where(func.lower(qt.c.text).like(f"%{q.casefold()}%"))
    total = _count(conn, query)
    rows = conn.execute(query.order_by(desc(v.c.published_value), ar.c.id, qt.c.ord).limit(limit).offset(offset))
    items = [{"kind": r["kind"], "speaker": r["speaker"], "speaker_title": r["speaker_title"],
              "speaker_org": r["speaker_org"], "text": r["text"],
              "span": {"section": r["section"], "index": r["idx"], "start": r["start"], "end": r["end"]},
              "article": {"id": r["article_id"], "title": r["title"], "published": r["published_value"]}}
             for r in rows.mappings()]
    return Page(total, limit, offset, items)


def list_claims(conn: Connection, attributed_to: str | None = None, q: str | None = None, limit: int = 50,
                offset: int = 0) -> Page:
    c, ar, v = s.claims, s.articles, s.article_versions
    query = (select(c.c.text, c.c.value, c.c.unit, c.c.subject, c.c.attributed_to, c.c.time, c.c.evidence_section,
                    c.c.evidence_idx, c.c.evidence_start, c.c.evidence_end, ar.c.id.label("article_id"), v.c.title,
                    v.c.published_value)
             .join(ar, ar.c.latest_version == c.c.version_id).join(v, v.c.version_id == c.c.version_id))
    if attributed_to:
        query = query.where(func.lower(c.c.attributed_to).like(f"%{attributed_to.casefold()}%"))
    if q:
        query = query.where(or_(func.lower(c.c.text).like(f"%{q.casefold()}%"),
                                func.lower(c.c.subject).like(f"%{q.casefold()}%")))
    total = _count(conn, query)
    rows = conn.execute(query.order_by(desc(v.c.published_value), ar.c.id, c.c.ord).limit(limit).offset(offset))
    items = [{"text": r["text"], "value": r["value"], "unit": r["unit"], "subject": r["subject"],
              "attributed_to": r["attributed_to"], "time": r["time"],
              "evidence": {"section": r["evidence_section"], "index": r["evidence_idx"],
                           "start": r["evidence_start"], "end": r["evidence_end"]},
              "article": {"id": r["article_id"], "title": r["title"], "published": r["published_value"]}}
             for r in rows.mappings()]
    return Page(total, limit, offset, items)


# ---------------------------------------------------------------- the change feed


def changes(conn: Connection, since: str, limit: int = 500, after_id: str | None = None) -> dict[str, Any]:
    """Events changed or deleted after ``since`` (ISO 8601), oldest change first, and the
    articles that gained a version. Resume with the returned ``next`` (since + after_id)."""
    t = s.event_index
    newer = t.c.updated_at > since
    if after_id is not None:
        newer = or_(newer, and_(t.c.updated_at == since, t.c.event_id > after_id))
    td = s.event_docs
    rows = conn.execute(select(t.c.event_id, td.c.doc, t.c.updated_at, t.c.deleted_at)
                        .outerjoin(td, td.c.event_id == t.c.event_id).where(newer)
                        .order_by(t.c.updated_at, t.c.event_id).limit(limit + 1)).mappings().all()
    more = len(rows) > limit
    rows = rows[:limit]
    events = []
    for r in rows:
        if r["deleted_at"]:
            events.append({"event_id": r["event_id"], "change": "deleted", "updated_at": r["updated_at"]})
        else:
            events.append({"event_id": r["event_id"], "change": "upserted", "updated_at": r["updated_at"],
                           "event": json.loads(r["doc"])})
    v = s.article_versions
    articles = [{"article_id": r[0], "version_id": r[1], "created_at": r[2]} for r in conn.execute(
        select(v.c.article_id, v.c.version_id, v.c.created_at).where(v.c.created_at > since)
        .order_by(v.c.created_at, v.c.id).limit(limit))]
    nxt = {"since": rows[-1]["updated_at"], "after_id": rows[-1]["event_id"]} if rows else None
    return {"since": since, "events": events, "articles": articles, "more": more, "next": nxt}


__all__ = [
    "EVENT_SORTS",
    "EventFilter",
    "Page",
    "REVIEW_STATUSES",
    "RankedActor",
    "TIMELINE_INTERVALS",
    "actor_exists",
    "actor_ranking",
    "actor_summary",
    "articles_of",
    "article_events",
    "changes",
    "clusters",
    "clusters_in_box",
    "data_version",
    "event_ids",
    "facets",
    "get_event",
    "list_actors",
    "matching_actors",
    "list_articles",
    "name_keys_of",
    "list_claims",
    "list_events",
    "list_quotes",
    "timeline",
]
