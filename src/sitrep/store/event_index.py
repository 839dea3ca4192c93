"""The event read model: every event of each article's latest version, corrections applied,
flattened into ``event_index`` (+ ``event_index_actors``) so the API can filter, page, map
and feed changes with plain SQL on 100,000s of events.

It is derived data: :func:`refresh` recomputes the rows of some articles from the stored
versions and corrections, and writes only what changed, stamping ``updated_at``. Events
that leave an article's latest version are not deleted but tombstoned (``deleted_at``), so
a downstream copy following the ``updated_since`` feed learns about deletions too.

Actor keys: an event names its actors as text ("Popular Mobilization Forces"). The key an
actor is grouped under is the knowledge-base id of a same-named entity of the article when
there is one, else the folded name (``n:popular mobilization forces``). Analysts' merges and
splits (``corrections`` rows with ``target_table = "actors"``) reassign keys on top.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from sitrep.models import Article, Event, to_dict
from sitrep.store import annotation_rows
from sitrep.store import codec
from sitrep.store import schema as s
from sitrep.store.corrections import ActorRule, CorrectionRow, ReviewedEvent, read_actor_rules, read_rows, review
from sitrep.store.events import day_bounds

ACTOR_ROLES = ("actor1", "actor2", "assoc_actor1", "assoc_actor2")
ACTOR_FIELD = "actor_key"
_BATCH = 200
_SPACE = re.compile(r"\s+")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def name_key(name: str) -> str:
    """The key of an actor known only by its name: case, accents and spacing folded."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    return "n:" + _SPACE.sub(" ", folded).strip().casefold()


def review_status(item: ReviewedEvent) -> str:
    if item.status == "rejected":
        return "rejected"
    if item.corrected:
        return "corrected"
    return "confirmed" if item.status == "confirmed" else "unreviewed"


def event_doc(article: Article, item: ReviewedEvent) -> dict[str, Any]:
    """The event as the API and the change feed return it."""
    doc = to_dict(item.event)
    doc.update(
        event_id=item.anchor.id,
        article_id=article.id,
        version_id=article.version_id,
        review_status=review_status(item),
        corrected=list(item.corrected),
        corrections=list(item.corrections),
        article={"title": article.title, "outlet": article.outlet, "wire": article.wire, "url": article.url,
                 "published": article.published.value if article.published else None},
    )
    return doc


def _entity_keys(article: Article) -> dict[str, str]:
    """Folded name/alias → knowledge-base id, from the article's own entities."""
    keys: dict[str, str] = {}
    for entity in article.entities:
        if entity.kb_id:
            for name in (entity.name, *entity.aliases):
                keys.setdefault(name_key(name), entity.kb_id)
    return keys


def _row(article: Article, item: ReviewedEvent) -> tuple[dict[str, Any], str]:
    """The event's index row and its document (JSON)."""
    event: Event = item.event
    location = event.location or {}
    bounds = day_bounds(event.date)
    doc = json.dumps(event_doc(article, item), ensure_ascii=False, sort_keys=True)
    return {
        "event_id": item.anchor.id, "article_id": article.id, "version_id": article.version_id,
        "event_key": event.id, "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "date_first": bounds[0].isoformat() if bounds else None,
        "date_last": bounds[1].isoformat() if bounds else None,
        "country": location.get("country"), "country_code": location.get("country_code"),
        "location_name": location.get("name"), "location_precision": location.get("precision"),
        "lat": _float(location.get("lat")), "lon": _float(location.get("lon")),
        "fatalities": _int((event.fatalities or {}).get("best")), "injured": _int((event.injured or {}).get("best")),
        "certainty": event.certainty, "civilian_targeting": bool(event.civilian_targeting),
        "background": bool(event.background), "review_status": review_status(item), "live": not item.rejected,
    }, doc


def _float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _actor_rows(item: ReviewedEvent, by_name: dict[str, str], rules: Sequence[ActorRule]) -> list[dict[str, Any]]:
    """The actor rows of one event; ``by_name``: the article's :func:`_entity_keys`."""
    event, event_id, live = item.event, item.anchor.id, not item.rejected
    rows = []
    for role in ACTOR_ROLES:
        name = getattr(event, role)
        if not name:
            continue
        nkey = name_key(name)
        raw = by_name.get(nkey, nkey)
        rows.append({"event_id": event_id, "role": role, "name": name, "name_key": nkey, "raw_key": raw,
                     "actor_key": resolve_actor_key(nkey, raw, rules), "live": live})
    return rows


# ---------------------------------------------------------------- actor merges and splits


def resolve_actor_key(nkey: str, raw_key: str, rules: Sequence[ActorRule]) -> str:
    """Apply merges/splits in the order made: a rule naming a key moves every name under it
    (a merge); a rule naming one name key moves just that name (a split); later rules win."""
    key = raw_key
    for rule in rules:
        if rule.target in (nkey, key):
            key = rule.into
    return key


def reapply_actor_rules(conn: Connection) -> list[str]:
    """Recompute ``actor_key`` where a rule applies or applied; touch those events. Returns their ids."""
    t = s.event_index_actors
    rules = read_actor_rules(conn)
    targets = {r.target for r in rules} | {r.into for r in rules}
    query = select(t.c.id, t.c.event_id, t.c.name_key, t.c.raw_key, t.c.actor_key)
    conditions = [t.c.actor_key != t.c.raw_key]
    if targets:
        conditions += [t.c.raw_key.in_(targets), t.c.name_key.in_(targets), t.c.actor_key.in_(targets)]
    changed: set[str] = set()
    for row in conn.execute(query.where(or_(*conditions))).mappings().all():
        key = resolve_actor_key(row["name_key"], row["raw_key"], rules)
        if key != row["actor_key"]:
            conn.execute(update(t).where(t.c.id == row["id"]).values(actor_key=key))
            changed.add(row["event_id"])
    if changed:
        conn.execute(update(s.event_index).where(s.event_index.c.event_id.in_(sorted(changed)))
                     .values(updated_at=_now()))
    return sorted(changed)


# ---------------------------------------------------------------- refreshing


def _latest_articles(conn: Connection, article_ids: Sequence[str]) -> list[Article]:
    v, a = s.article_versions, s.articles
    rows = conn.execute(
        select(v).join(a, and_(a.c.id == v.c.article_id, a.c.latest_version == v.c.version_id))
        .where(v.c.article_id.in_(list(article_ids)))
    ).mappings().all()
    notes = annotation_rows.read(conn, [r["version_id"] for r in rows], events_only=True)
    out = []
    for row in rows:
        article = codec.article_from(row, ())
        extra = notes.get(row["version_id"])
        if extra:
            article.entities, article.events = extra.entities, extra.events
        out.append(article)
    return out


def refresh(conn: Connection, article_ids: Iterable[str]) -> int:
    """Bring the index rows of these articles in step with the store; returns rows written or tombstoned."""
    ids = sorted(set(article_ids))
    changed = 0
    for start in range(0, len(ids), _BATCH):
        changed += _refresh_batch(conn, ids[start:start + _BATCH])
    return changed


def _refresh_batch(conn: Connection, ids: Sequence[str]) -> int:
    t, ta, td = s.event_index, s.event_index_actors, s.event_docs
    now = _now()
    corrections: dict[str, list[CorrectionRow]] = defaultdict(list)
    for row in read_rows(conn, ids, include_undone=False):
        corrections[row.article_id].append(row)
    rules = read_actor_rules(conn)
    wanted: dict[str, tuple[dict[str, Any], str, list[dict[str, Any]]]] = {}
    for article in _latest_articles(conn, ids):
        by_name = _entity_keys(article)
        for item in review(article.id, article.events, corrections.get(article.id, ())):
            row, doc = _row(article, item)
            wanted[item.anchor.id] = (row, doc, _actor_rows(item, by_name, rules))
    stored = {r["event_id"]: r for r in conn.execute(
        select(t.c.event_id, td.c.doc, t.c.deleted_at).outerjoin(td, td.c.event_id == t.c.event_id)
        .where(t.c.article_id.in_(list(ids)))).mappings()}
    changed = 0
    new_rows: list[dict[str, Any]] = []
    new_docs: list[dict[str, Any]] = []
    new_actors: list[dict[str, Any]] = []
    for event_id, (row, doc, actors) in wanted.items():
        old = stored.get(event_id)
        if old is not None and old["doc"] == doc and old["deleted_at"] is None:
            continue
        if old is None:
            new_rows.append({**row, "updated_at": now, "deleted_at": None})
            new_docs.append({"event_id": event_id, "doc": doc})
        else:
            conn.execute(update(t).where(t.c.event_id == event_id).values(**row, updated_at=now, deleted_at=None))
            conn.execute(update(td).where(td.c.event_id == event_id).values(doc=doc))
            conn.execute(delete(ta).where(ta.c.event_id == event_id))
        new_actors += actors
        changed += 1
    for table, rows in ((t, new_rows), (td, new_docs), (ta, new_actors)):
        if rows:
            conn.execute(insert(table), rows)  # one executemany per table
    gone = [e for e, r in stored.items() if e not in wanted and r["deleted_at"] is None]
    if gone:
        conn.execute(update(t).where(t.c.event_id.in_(gone)).values(deleted_at=now, updated_at=now, live=False))
        conn.execute(delete(ta).where(ta.c.event_id.in_(gone)))
        changed += len(gone)
    return changed


def rebuild(conn: Connection) -> int:
    """Refresh every article (after the migration that adds the index, or to repair it)."""
    ids = [str(i) for i in conn.scalars(select(s.articles.c.id).order_by(s.articles.c.id))]
    return refresh(conn, ids)


__all__ = [
    "ACTOR_ROLES",
    "event_doc",
    "name_key",
    "reapply_actor_rules",
    "rebuild",
    "refresh",
    "resolve_actor_key",
    "review_status",
]
