"""Read routes: articles, events (list, one, map clusters, timeline, facets), actors, quotes,
claims, full-text search, the change feed, exports. Thin: each parses its parameters into a
``sitrep.store.browse`` call and returns what it returns."""
from __future__ import annotations

import calendar
import io
import json
import re
from dataclasses import asdict, replace
from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from sitrep.api.cache import AggregateCache
from sitrep.api.problems import Problem
from sitrep.export import FORMATS, Selection, TAXONOMY, export_events
from sitrep.output import article_json
from sitrep.review import CERTAINTIES, corrections as list_corrections
from sitrep.store import Store, browse
from sitrep.store.browse import REVIEW_STATUSES, EventFilter

router = APIRouter(prefix="/api")
MAX_PAGE = 500
WORLD_CLUSTER_ZOOM = 6  # up to here map views are cut from one whole-world clustering
_SUB_TYPES = {sub for subs in TAXONOMY.values() for sub in subs}
_COUNTRY = re.compile(r"^[A-Za-z][A-Za-z .'-]{1,60}$")
_EXPORT_TYPES = {"acled-csv": ("text/csv; charset=utf-8", "csv"), "jsonl": ("application/x-ndjson", "jsonl"),
                 "geojson": ("application/geo+json", "geojson"), "parquet": ("application/vnd.apache.parquet", "parquet")}


def store_of(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store_of)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]


def _values(raw: list[str] | None) -> tuple[str, ...]:
    """Repeated (?type=a&type=b) or comma-separated (?type=a,b) values."""
    out: list[str] = []
    for item in raw or ():
        out += [part.strip() for part in item.split(",") if part.strip()]
    return tuple(out)


def _day(value: str | None, name: str, end: bool = False) -> str | None:
    """YYYY-MM-DD, or YYYY-MM / YYYY meaning their first day (``end``: their last day)."""
    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}", value):
            return f"{value}-12-31" if end else f"{value}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = date.fromisoformat(value + "-01")
            if not end:
                return first.isoformat()
            return first.replace(day=calendar.monthrange(first.year, first.month)[1]).isoformat()
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise Problem(422, f"{name}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError:
        raise Problem(422, f"bbox: {value!r} is not 'min_lon,min_lat,max_lon,max_lat'") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise Problem(422, f"bbox: {value!r} is outside -180..180 / -90..90 or has south above north")
    return west, south, east, north


def _check(values: tuple[str, ...], allowed: Any, name: str) -> tuple[str, ...]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise Problem(422, f"{name}: unknown value {unknown[0]!r}; use one of: {', '.join(sorted(allowed))}")
    return values


def event_filter(
    request: Request,
    type: Annotated[list[str] | None, Query(description="ACLED event type(s).")] = None,
    sub_type: Annotated[list[str] | None, Query(description="ACLED sub-event type(s).")] = None,
    country: Annotated[list[str] | None, Query(description="ISO alpha-2 code(s) or country name(s).")] = None,
    actor: Annotated[str | None, Query(description="Actor key (from /api/actors) or name.")] = None,
    article: Annotated[str | None, Query(description="Only events of this article.")] = None,
    date_from: Annotated[str | None, Query(description="YYYY-MM-DD (or YYYY-MM, YYYY): events reaching this day or later.")] = None,
    date_to: Annotated[str | None, Query(description="YYYY-MM-DD (or YYYY-MM, YYYY: their last day): events starting on or before it.")] = None,
    certainty: Annotated[list[str] | None, Query()] = None,
    review: Annotated[list[str] | None, Query(description="unreviewed | confirmed | corrected | rejected")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0)] = None,
    civilian_targeting: bool | None = None,
    updated_since: Annotated[str | None, Query(description="ISO 8601 time: only events changed after it (deletions: /api/changes).")] = None,
    include_background: bool = True,
    include_rejected: bool = False,
) -> EventFilter:
    """The event filters shared by the list, the map, the timeline, the facets and the exports.
    Unknown values are errors, never an empty result that looks like 'nothing happened'."""
    countries = tuple(_country_code(request, c) for c in _values(country))
    where = EventFilter(
        event_types=_check(_values(type), TAXONOMY, "type"),
        sub_event_types=_check(_values(sub_type), _SUB_TYPES, "sub_type"),
        countries=countries,
        actor=actor.strip() if actor and actor.strip() else None,
        article_id=article,
        date_from=_day(date_from, "date_from"),
        date_to=_day(date_to, "date_to", end=True),
        certainty=_check(_values(certainty), CERTAINTIES, "certainty"),
        review_status=_check(_values(review), REVIEW_STATUSES, "review"),
        bbox=_bbox(bbox),
        min_fatalities=min_fatalities,
        civilian_targeting=civilian_targeting,
        updated_since=parse_instant(updated_since, "updated_since").isoformat() if updated_since else None,
        include_background=include_background,
        include_rejected=include_rejected,
    )
    if where.date_from and where.date_to and where.date_from > where.date_to:
        raise Problem(422, f"date_from {where.date_from} is after date_to {where.date_to}")
    if where.actor and not _actor_known(request.app.state.store, where.actor):
        raise Problem(404, f"no actor {where.actor!r}: see /api/actors?q=...", kind="unknown-actor")
    if where.article_id and request.app.state.store.get_article(where.article_id) is None:
        raise Problem(404, f"no article {where.article_id}")
    return where


def _country_code(request: Request, value: str) -> str:
    """An ISO alpha-2 code for a code (alpha-2/3) or a country's name or alias."""
    found = request.app.state.countries().find(value, value) if _COUNTRY.match(value) else None
    if found is None:
        raise Problem(422, f"country: {value!r} is neither an ISO code nor a country name sitrep knows")
    return found.iso2


def _actor_known(store: Store, actor: str) -> bool:
    with store.reading() as conn:
        return browse.actor_exists(conn, actor)


Filters = Annotated[EventFilter, Depends(event_filter)]


def _cache(request: Request) -> AggregateCache:
    return request.app.state.aggregates


def _page(page: browse.Page, **extra: Any) -> dict[str, Any]:
    return {"total": page.total, "limit": page.limit, "offset": page.offset, "items": page.items, **extra}


def _applied(where: EventFilter) -> dict[str, Any]:
    return {k: v for k, v in asdict(where).items() if v not in (None, (), {}, False) or k == "include_background"}


# ---------------------------------------------------------------- health


@router.get("/health", tags=["meta"], summary="Is the server up, on which database, may it write")
def health(request: Request, store: StoreDep) -> dict[str, Any]:
    with store.reading() as conn:
        conn.exec_driver_sql("SELECT 1")  # the database answers; counts live in /api/facets and list totals
    return {"status": "ok", "version": request.app.version, "database": store.url, "dialect": store.dialect,
            "writable": request.app.state.config.writable}


# ---------------------------------------------------------------- events


@router.get("/events", tags=["events"], summary="Events, filtered and paged")
def list_events(store: StoreDep, where: Filters, limit: Limit = 50, offset: Offset = 0,
                sort: Literal["-date", "date", "-fatalities", "fatalities", "-updated", "updated"] = "-date"
                ) -> dict[str, Any]:
    with store.reading() as conn:
        return _page(browse.list_events(conn, where, sort, limit, offset), filters=_applied(where))


@router.get("/events/clusters", tags=["events"], summary="Events grouped on a grid for the map")
def event_clusters(request: Request, where: Filters, zoom: Annotated[int, Query(ge=0, le=16)] = 0) -> dict[str, Any]:
    if where.bbox is not None and zoom <= WORLD_CLUSTER_ZOOM:
        # Few cells at these zooms: cluster the whole world once, cut out each view from it.
        world = replace(where, bbox=None)
        cells = _cache(request).get(("clusters", world, zoom), lambda conn: browse.clusters(conn, world, zoom))
        return browse.clusters_in_box(cells, where.bbox)
    return _cache(request).get(("clusters", where, zoom), lambda conn: browse.clusters(conn, where, zoom))


@router.get("/events/timeline", tags=["events"], summary="Events and fatalities per year, month or day")
def event_timeline(request: Request, where: Filters,
                   interval: Literal["year", "month", "day"] = "month") -> dict[str, Any]:
    return _cache(request).get(("timeline", where, interval), lambda conn: browse.timeline(conn, where, interval))


@router.get("/facets", tags=["events"], summary="Counts per event type, country, certainty and review state")
def event_facets(request: Request, where: Filters) -> dict[str, Any]:
    return _cache(request).get(("facets", where), lambda conn: browse.facets(conn, where))


@router.get("/events/{event_id}", tags=["events"], summary="One event, with the article it comes from")
def get_event(store: StoreDep, event_id: str) -> dict[str, Any]:
    with store.reading() as conn:
        doc = browse.get_event(conn, event_id)
    if doc is None:
        raise Problem(404, f"no event {event_id}")
    doc["history"] = [asdict(c) for c in list_corrections(store, doc["article_id"]) if c.event_id == event_id]
    return doc


# ---------------------------------------------------------------- articles


@router.get("/articles", tags=["articles"], summary="Articles (latest versions), newest first")
def list_articles(store: StoreDep, limit: Limit = 50, offset: Offset = 0,
                  outlet: str | None = None) -> dict[str, Any]:
    with store.reading() as conn:
        return _page(browse.list_articles(conn, outlet, limit, offset))


@router.get("/articles/{article_id}", tags=["articles"],
            summary="One article: text, parts and every annotation with its offsets")
def get_article(store: StoreDep, article_id: str, version: str | None = None) -> dict[str, Any]:
    article = store.get_article(article_id, version)
    if article is None:
        raise Problem(404, f"no article {article_id}" + (f" version {version}" if version else ""))
    data = article_json(article)
    with store.reading() as conn:
        # Every event of the latest version with its review state, rejected ones included,
        # so the reader can show them; an older version shows its events as extracted.
        if version is None or version == article.version_id:
            data["events"] = browse.article_events(conn, article_id)
    data["versions"] = [asdict(v) for v in store.versions(article_id)]
    return data


# ---------------------------------------------------------------- actors, quotes, claims, search


@router.get("/actors", tags=["actors"], summary="Actors by number of events; q matches any of their names")
def list_actors(request: Request, store: StoreDep, limit: Limit = 50, offset: Offset = 0,
                q: str | None = None) -> dict[str, Any]:
    ranking = _cache(request).get("actor-ranking", browse.actor_ranking)
    with store.reading() as conn:
        return _page(browse.list_actors(conn, q, limit, offset, ranking=ranking))


@router.get("/actors/{key:path}", tags=["actors"],
            summary="One actor: names, aliases, knowledge-base entry, relations, events over time")
def get_actor(request: Request, store: StoreDep, key: str) -> dict[str, Any]:
    with store.reading() as conn:
        summary = browse.actor_summary(conn, key)
    if summary is None:
        raise Problem(404, f"no actor {key!r}: see /api/actors?q=...")
    kb = request.app.state.knowledge_base()
    summary["knowledge_base"] = _kb_entry(kb, kb.get(key) or kb.lookup(summary["name"]))
    rules = store.actor_rule_rows()
    with store.reading() as conn:
        involved = {key} | browse.name_keys_of(conn, key) | {r.target for r in rules if r.into == key}
    # merges into or out of this actor, and splits of names it has or was given by a merge
    summary["merges"] = [asdict(r) for r in rules if r.target in involved or r.into == key]
    return summary


def _kb_entry(kb: Any, entry: Any) -> dict[str, Any] | None:
    if entry is None:
        return None

    def named(ref: str) -> dict[str, Any]:
        other = kb.get(ref)
        return {"id": other.kb_id, "name": other.name} if other else {"id": None, "name": ref}

    return {"id": entry.kb_id, "name": entry.name, "type": entry.type, "country": entry.country,
            "parent": named(entry.parent) if entry.parent else None, "wikidata": entry.wikidata,
            "aliases": list(entry.aliases), "acled_name": entry.acled_name,
            "relations": [{"predicate": p, "object": named(o)["name"], "object_id": named(o)["id"]}
                          for p, o in entry.relations]}


@router.get("/taxonomy", tags=["meta"], summary="ACLED event types and their sub-event types; review values")
def taxonomy() -> dict[str, Any]:
    return {"event_types": [{"name": t, "sub_event_types": list(subs)} for t, subs in TAXONOMY.items()],
            "certainty": list(CERTAINTIES), "review_status": list(REVIEW_STATUSES)}


@router.get("/quotes", tags=["quotes"], summary="Quotes; filter by speaker or words")
def list_quotes(store: StoreDep, limit: Limit = 50, offset: Offset = 0, speaker: str | None = None,
                q: str | None = None) -> dict[str, Any]:
    with store.reading() as conn:
        return _page(browse.list_quotes(conn, speaker, q, limit, offset))


@router.get("/claims", tags=["claims"], summary="Numeric claims and who makes them")
def list_claims(store: StoreDep, limit: Limit = 50, offset: Offset = 0, attributed_to: str | None = None,
                q: str | None = None) -> dict[str, Any]:
    with store.reading() as conn:
        return _page(browse.list_claims(conn, attributed_to, q, limit, offset))


@router.get("/search", tags=["articles"], summary="Full-text search over article titles and bodies")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    hits = store.search(q, limit)
    return {"total": len(hits), "limit": limit, "offset": 0, "query": q, "items": [asdict(h) for h in hits]}


# ---------------------------------------------------------------- changes and corrections


def parse_instant(value: str, name: str) -> datetime:
    """An ISO 8601 time parameter (a trailing Z, or none: UTC), else a 422 problem naming it."""
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Problem(422, f"{name}: {value!r} is not an ISO 8601 time") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


@router.get("/changes", tags=["sync"], summary="Events changed or deleted since a time: keep a copy in step")
def changes(store: StoreDep,
            since: Annotated[str | None, Query(description="ISO 8601 time; 1970-01-01 for everything")] = None,
            updated_since: Annotated[str | None, Query(description="Another name for since.")] = None,
            limit: Annotated[int, Query(ge=1, le=5000)] = 500, after_id: str | None = None) -> dict[str, Any]:
    given = since or updated_since
    if not given:
        raise Problem(422, "since: required (ISO 8601 time; 1970-01-01 for everything)")
    with store.reading() as conn:
        return browse.changes(conn, parse_instant(given, "since").isoformat(), limit, after_id)


@router.get("/corrections", tags=["review"], summary="Analysts' corrections, oldest first")
def corrections(store: StoreDep, article: str | None = None) -> dict[str, Any]:
    items = [asdict(c) for c in list_corrections(store, article)]
    return {"total": len(items), "items": items, "actor_merges": [asdict(r) for r in store.actor_rule_rows()]}


# ---------------------------------------------------------------- exports


@router.get("/export/{fmt}", tags=["export"], summary="The filtered events as sitrep export writes them",
            response_class=Response)
def export(request: Request, store: StoreDep, where: Filters, fmt: str, limit: Annotated[int | None, Query(ge=1)] = None,
           offset: Offset = 0) -> Response:
    if fmt not in FORMATS:
        raise Problem(404, f"no export format {fmt!r}: use one of {', '.join(FORMATS)}")
    with store.reading() as conn:
        total, ids = browse.event_ids(conn, where, "-date", limit, offset)
        articles = browse.articles_of(conn, ids)
    buffer = io.BytesIO()
    report = export_events(store, fmt, buffer, include_background=where.include_background,
                           kb=request.app.state.knowledge_base(), selection=Selection(frozenset(ids), tuple(articles)))
    media, extension = _EXPORT_TYPES[fmt]
    headers = {"X-Total-Count": str(total), "X-Exported": str(report.written),
               "X-Export-Summary": json.dumps(report.summary())[1:-1][:500],
               "Content-Disposition": f'attachment; filename="sitrep-events.{extension}"'}
    return Response(buffer.getvalue(), media_type=media, headers=headers)
