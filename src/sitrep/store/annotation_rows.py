"""Entities, quotes, events, claims and relations of one article version: write, read, drop.

Every row carries the version it points into and the ``extractor`` that produced it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, exists, insert, select

from sitrep.models import Article, Claim, Entity, Event, Mention, Quote, Relation
from sitrep.store import schema as s
from sitrep.store.codec import date_columns, date_from, dumps, loads, span_columns, span_from

_LOCATION_KEYS = ("name", "admin1", "admin2", "country", "country_code", "lat", "lon", "precision", "gazetteer_id", "why")
_COUNT_KEYS = ("best", "low", "high", "text")
_ACTOR_ROLES = ("actor1", "actor2", "assoc_actor1", "assoc_actor2")


@dataclass
class Annotations:
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def has_any(article: Article) -> bool:
    return bool(article.entities or article.quotes or article.events or article.claims or article.relations)


def stored_any(conn: Connection, version_id: str) -> bool:
    return any(
        conn.scalar(select(exists().where(table.c.version_id == version_id))) for table in s.ANNOTATION_TABLES
    )


def delete_for(conn: Connection, version_id: str) -> None:
    """Drop a version's annotations (children go by ON DELETE CASCADE, and explicitly for
    SQLite databases opened without foreign keys)."""
    entity_ids = select(s.entities.c.id).where(s.entities.c.version_id == version_id)
    event_ids = select(s.events.c.id).where(s.events.c.version_id == version_id)
    conn.execute(delete(s.mentions).where(s.mentions.c.version_id == version_id))
    conn.execute(delete(s.entity_aliases).where(s.entity_aliases.c.entity_id.in_(entity_ids)))
    conn.execute(delete(s.event_actors).where(s.event_actors.c.event_id.in_(event_ids)))
    conn.execute(delete(s.event_evidence).where(s.event_evidence.c.event_id.in_(event_ids)))
    for table in s.ANNOTATION_TABLES:
        conn.execute(delete(table).where(table.c.version_id == version_id))


def _counts(prefix: str, value: dict[str, Any] | None) -> dict[str, Any]:
    value = value or {}
    return {f"{prefix}_{k}": value.get(k) for k in _COUNT_KEYS}


def _event_row(event: Event, version_id: str, extractor: str) -> dict[str, Any]:
    location = event.location or {}
    extra = {
        name: {k: v for k, v in (value or {}).items() if k not in keys}
        for name, value, keys in (
            ("location", event.location, _LOCATION_KEYS),
            ("fatalities", event.fatalities, _COUNT_KEYS),
            ("injured", event.injured, _COUNT_KEYS),
        )
    }
    return {
        "version_id": version_id,
        "event_key": event.id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        **{role: getattr(event, role) for role in _ACTOR_ROLES},
        **date_columns("date", event.date),
        **{f"location_{k}": location.get(k) for k in _LOCATION_KEYS},
        **_counts("fatalities", event.fatalities),
        **_counts("injured", event.injured),
        "background": event.background,
        "civilian_targeting": event.civilian_targeting,
        "certainty": event.certainty,
        "attributed_to": dumps(event.attributed_to),
        "extra": dumps({k: v for k, v in extra.items() if v}),
        "extractor": event.extractor or extractor,
    }


def write(conn: Connection, version_id: str, article: Article, extractor: str) -> None:
    for ent in article.entities:
        # insert(table) with the row as parameters: .values(row) would rebuild the statement every call
        entity_id = conn.execute(insert(s.entities), {
            "version_id": version_id, "local_id": ent.id, "kb_id": ent.kb_id, "name": ent.name, "type": ent.type,
            "wikidata": ent.wikidata, "extractor": extractor,
        }).inserted_primary_key[0]
        if ent.aliases:
            conn.execute(insert(s.entity_aliases), [{"entity_id": entity_id, "alias": a} for a in ent.aliases])
        if ent.mentions:
            conn.execute(
                insert(s.mentions),
                [{"version_id": version_id, "entity_id": entity_id, **span_columns(m)} for m in ent.mentions],
            )
    if article.quotes:
        conn.execute(insert(s.quotes), [
            {"version_id": version_id, "ord": i, "kind": q.kind, "speaker": q.speaker,
             "speaker_entity": q.speaker_entity, "speaker_title": q.speaker_title, "speaker_org": q.speaker_org,
             "section": q.section, "idx": q.index, "start": q.start, "end": q.end, "text": q.text,
             "extractor": extractor}
            for i, q in enumerate(article.quotes)
        ])
    for event in article.events:
        event_id = conn.execute(insert(s.events), _event_row(event, version_id, extractor)).inserted_primary_key[0]
        actors = [{"event_id": event_id, "role": r, "name": getattr(event, r)} for r in _ACTOR_ROLES if getattr(event, r)]
        if actors:
            conn.execute(insert(s.event_actors), actors)
        if event.evidence:
            conn.execute(insert(s.event_evidence), [
                {"event_id": event_id, "ord": i, **span_columns(span)} for i, span in enumerate(event.evidence)
            ])
    if article.claims:
        conn.execute(insert(s.claims), [
            {"version_id": version_id, "ord": i, "text": c.text, "value": c.value, "unit": c.unit,
             "subject": c.subject, "attributed_to": c.attributed_to, "time": c.time,
             **span_columns(c.evidence, "evidence_"), "extractor": extractor}
            for i, c in enumerate(article.claims)
        ])
    if article.relations:
        conn.execute(insert(s.relations), [
            {"version_id": version_id, "ord": i, "subject": r.subject, "predicate": r.predicate,
             "object": r.object, **span_columns(r.evidence, "evidence_"), "extractor": extractor}
            for i, r in enumerate(article.relations)
        ])


def _rows_by(conn: Connection, table: Any, column: Any, keys: Sequence[Any], order: Any) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    if keys:
        for row in conn.execute(select(table).where(column.in_(keys)).order_by(column, order)).mappings():
            grouped[row[column.name]].append(row)
    return grouped


def _dict_or_none(row: Any, prefix: str, keys: Sequence[str], extra: dict[str, Any]) -> dict[str, Any] | None:
    value = {k: row[f"{prefix}_{k}"] for k in keys}
    if all(v is None for v in value.values()) and not extra:
        return None
    return {**value, **extra}


def _number(value: float | None) -> float | int | None:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _read_events(conn: Connection, version_ids: Sequence[str], out: dict[str, Annotations]) -> None:
    """Add each version's events (with their evidence) to ``out``."""
    evs = _rows_by(conn, s.events, s.events.c.version_id, version_ids, s.events.c.id)
    event_ids = [row["id"] for rows in evs.values() for row in rows]
    evidence = _rows_by(conn, s.event_evidence, s.event_evidence.c.event_id, event_ids, s.event_evidence.c.ord)
    for vid, rows in evs.items():
        for r in rows:
            extra = loads(r["extra"], {})
            out[vid].events.append(Event(
                id=r["event_key"], event_type=r["event_type"], sub_event_type=r["sub_event_type"],
                **{role: r[role] for role in _ACTOR_ROLES},
                date=date_from(r, "date"),
                location=_dict_or_none(r, "location", _LOCATION_KEYS, extra.get("location", {})),
                fatalities=_dict_or_none(r, "fatalities", _COUNT_KEYS, extra.get("fatalities", {})),
                injured=_dict_or_none(r, "injured", _COUNT_KEYS, extra.get("injured", {})),
                background=bool(r["background"]), civilian_targeting=bool(r["civilian_targeting"]),
                certainty=r["certainty"], attributed_to=loads(r["attributed_to"], []),
                evidence=[span_from(e) for e in evidence[r["id"]]], extractor=r["extractor"],
            ))


def read(conn: Connection, version_ids: Sequence[str], *, events_only: bool = False) -> dict[str, Annotations]:
    """Annotations of several versions in a fixed number of queries. ``events_only``: just the
    events and the entities' names and aliases (what the event index needs; no mentions,
    quotes, claims or relations)."""
    out: dict[str, Annotations] = defaultdict(Annotations)
    ents = _rows_by(conn, s.entities, s.entities.c.version_id, version_ids, s.entities.c.id)
    entity_ids = [row["id"] for rows in ents.values() for row in rows]
    aliases = _rows_by(conn, s.entity_aliases, s.entity_aliases.c.entity_id, entity_ids, s.entity_aliases.c.id)
    mentions = {} if events_only else _rows_by(conn, s.mentions, s.mentions.c.entity_id, entity_ids, s.mentions.c.id)
    for vid, rows in ents.items():
        out[vid].entities = [
            Entity(id=r["local_id"], name=r["name"], type=r["type"], kb_id=r["kb_id"], wikidata=r["wikidata"],
                   aliases=[a["alias"] for a in aliases[r["id"]]],
                   mentions=[Mention(**vars(span_from(m))) for m in mentions.get(r["id"], ())])
            for r in rows
        ]
    if events_only:
        _read_events(conn, version_ids, out)
        return out
    for vid, rows in _rows_by(conn, s.quotes, s.quotes.c.version_id, version_ids, s.quotes.c.ord).items():
        out[vid].quotes = [
            Quote(text=r["text"], kind=r["kind"], speaker=r["speaker"], section=r["section"], start=r["start"],
                  end=r["end"], speaker_entity=r["speaker_entity"], speaker_title=r["speaker_title"],
                  speaker_org=r["speaker_org"], index=r["idx"])
            for r in rows
        ]
    _read_events(conn, version_ids, out)
    for vid, rows in _rows_by(conn, s.claims, s.claims.c.version_id, version_ids, s.claims.c.ord).items():
        out[vid].claims = [
            Claim(text=r["text"], value=_number(r["value"]), unit=r["unit"], subject=r["subject"],
                  attributed_to=r["attributed_to"], evidence=span_from(r, "evidence_"), time=r["time"])
            for r in rows
        ]
    for vid, rows in _rows_by(conn, s.relations, s.relations.c.version_id, version_ids, s.relations.c.ord).items():
        out[vid].relations = [
            Relation(subject=r["subject"], predicate=r["predicate"], object=r["object"],
                     evidence=span_from(r, "evidence_"))
            for r in rows
        ]
    return out
