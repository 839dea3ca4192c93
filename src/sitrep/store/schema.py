"""The database schema, as SQLAlchemy Core tables (the same definitions serve SQLite and PostgreSQL).

Times the store sets itself (``created_at``, ``first_seen``, ...) are ISO 8601 UTC strings;
times from the input (``retrieved``, dates with a precision) are kept as the ISO strings
they came as, so nothing is shifted between time zones or rounded.

Everything an extraction stage produces ("annotations") hangs off one article version and
carries an ``extractor`` label, so a re-extraction can replace it without touching the
text it points into, and analysts' ``corrections`` live apart from it.

Columns are unsized ``Text``: most values come from extractors, and PostgreSQL would
enforce a VARCHAR length that SQLite ignores. Only hashes the store computes are sized.

Do not edit an existing table without adding a migration (see migrations.py).
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

_CASCADE = {"ondelete": "CASCADE"}


def _version_fk() -> Column:
    return Column("version_id", Text, ForeignKey("article_versions.version_id", **_CASCADE), nullable=False, index=True)


def _date_columns(prefix: str) -> list[Column]:
    """A models.DateValue flattened: value/precision for filtering, the rest to rebuild it."""
    return [
        Column(f"{prefix}_value", Text),
        Column(f"{prefix}_precision", Text),
        Column(f"{prefix}_text", Text),
        Column(f"{prefix}_kind", Text),
        Column(f"{prefix}_start", Text),
        Column(f"{prefix}_end", Text),
    ]


def _span_columns(prefix: str = "") -> list[Column]:
    """Where a piece of evidence sits: section, which item of it (idx), code-point offsets, text."""
    return [
        Column(f"{prefix}section", Text),
        Column(f"{prefix}idx", Integer),
        Column(f"{prefix}start", Integer),
        Column(f"{prefix}end", Integer),
        Column(f"{prefix}text", Text),
    ]


schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

raw_inputs = Table(
    "raw_inputs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("source", Text, nullable=False),  # file path, "-" or URL
    Column("record", Text, nullable=False, default=""),  # "" = the whole file (NULL would defeat the unique key)
    Column("format", Text, nullable=False),
    Column("encoding", Text),
    Column("url", Text),
    Column("retrieved", Text, nullable=False),
    Column("size", Integer, nullable=False),  # original size; content may be truncated for oversized input
    Column("content", LargeBinary, nullable=False),
    Column("created_at", Text, nullable=False),
    UniqueConstraint("sha256", "source", "record", name="uq_raw_inputs_identity"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True),
    Column("url_key", Text),  # canonical URL, when the article was ever seen alone on its page
    Column("title_key", Text),  # normalised outlet + title when first seen
    Column("first_seen", Text, nullable=False, index=True),
    Column("latest_version", Text),  # no FK: the version row is written after this one
)

# Every identity key an article has been seen under (one per URL and per title over its
# versions), so a later copy reached by any of them maps to the same article.
article_keys = Table(
    "article_keys",
    metadata,
    Column("key_hash", String(64), primary_key=True),  # sha256(kind + key): URLs can outgrow a btree entry
    Column("kind", String(8), nullable=False),  # "url" | "title"
    Column("key", Text, nullable=False),
    Column("article_id", Text, ForeignKey("articles.id", **_CASCADE), nullable=False, index=True),
)

article_versions = Table(
    "article_versions",
    metadata,
    Column("id", Integer, primary_key=True),  # rowid for the FTS5 index
    Column("version_id", Text, nullable=False, unique=True),
    Column("article_id", Text, ForeignKey("articles.id", **_CASCADE), nullable=False, index=True),
    Column("seq", Integer, nullable=False),  # 1, 2, ... in the order versions were stored
    Column("raw_id", Integer, ForeignKey("raw_inputs.id", ondelete="SET NULL")),
    Column("input_id", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("url", Text),
    Column("outlet", Text, index=True),
    Column("wire", Text),
    Column("dateline_place", Text),
    Column("dateline_country", Text),
    Column("dateline_text", Text),
    *_date_columns("published"),
    Column("language", Text, nullable=False),
    Column("retrieved", Text),
    Column("warnings", Text),  # JSON list
    Column("extractor", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Index("ix_article_versions_published", "published_value"),
)

# Which raw inputs a version was read from: the same story in two files is one version
# with two sightings.
article_sightings = Table(
    "article_sightings",
    metadata,
    Column("id", Integer, primary_key=True),
    _version_fk(),
    Column("raw_id", Integer, ForeignKey("raw_inputs.id", ondelete="SET NULL"), index=True),
    Column("input_id", Text, nullable=False),
    Column("seen_at", Text, nullable=False),
)

article_parts = Table(
    "article_parts",
    metadata,
    Column("id", Integer, primary_key=True),
    _version_fk(),
    Column("section", Text, nullable=False),  # summary | heading | caption | factbox
    Column("idx", Integer),  # index within the section (fact-box items are numbered across boxes)
    Column("text", Text),  # NULL only for a fact box without items
    Column("credit", Text),  # caption credit
    *_date_columns("date"),  # caption date
    Column("box", Integer),  # which fact box an item belongs to
    Column("factbox_title", Text),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),  # hash of what makes it the same rejection
    Column("raw_id", Integer, ForeignKey("raw_inputs.id", ondelete="SET NULL"), index=True),
    Column("input_id", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("excerpt", Text),
    Column("created_at", Text, nullable=False),
)

input_failures = Table(
    "input_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("raw_id", Integer, ForeignKey("raw_inputs.id", ondelete="SET NULL"), index=True),
    Column("source", Text, nullable=False),
    Column("problem", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

# ---- annotations (written by the NLP / event stages) ----

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    _version_fk(),
    Column("local_id", Text, nullable=False),  # "e1": what quotes' speaker_entity points to
    Column("kb_id", Text, index=True),
    Column("name", Text, nullable=False, index=True),  # index added by migration 4 (actor pages look names up)
    Column("type", Text, nullable=False),
    Column("wikidata", Text),
    Column("extractor", Text, nullable=False),
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", **_CASCADE), nullable=False, index=True),
    Column("alias", Text, nullable=False, index=True),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    _version_fk(),
    Column("entity_id", Integer, ForeignKey("entities.id", **_CASCADE), nullable=False, index=True),
    *_span_columns(),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    _version_fk(),
    Column("ord", Integer, nullable=False),  # order in the article
    Column("kind", Text, nullable=False),
    Column("speaker", Text),
    Column("speaker_entity", Text),
    Column("speaker_title", Text),
    Column("speaker_org", Text),
    *_span_columns(),
    Column("extractor", Text, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    _version_fk(),
    Column("event_key", Text, nullable=False),  # the article-local id ("v1")
    Column("event_type", Text, nullable=False, index=True),
    Column("sub_event_type", Text),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("assoc_actor1", Text),
    Column("assoc_actor2", Text),
    *_date_columns("date"),
    Column("location_name", Text),
    Column("location_admin1", Text),
    Column("location_admin2", Text),
    Column("location_country", Text, index=True),
    Column("location_country_code", Text),
    Column("location_lat", Float),
    Column("location_lon", Float),
    Column("location_precision", Text),
    Column("location_gazetteer_id", Text),
    Column("location_why", Text),
    Column("fatalities_best", Integer),
    Column("fatalities_low", Integer),
    Column("fatalities_high", Integer),
    Column("fatalities_text", Text),
    Column("injured_best", Integer),
    Column("injured_low", Integer),
    Column("injured_high", Integer),
    Column("injured_text", Text),
    Column("background", Boolean, nullable=False, default=False),
    Column("civilian_targeting", Boolean, nullable=False, default=False),
    Column("certainty", Text, nullable=False),
    Column("attributed_to", Text),  # JSON list
    Column("extra", Text),  # JSON: location/fatalities/injured keys the columns above do not cover
    Column("extractor", Text, nullable=False),
    Index("ix_events_date", "date_value"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", **_CASCADE), nullable=False, index=True),
    Column("role", Text, nullable=False),  # actor1 | actor2 | assoc_actor1 | assoc_actor2
    Column("name", Text, nullable=False, index=True),
    Column("kb_id", Text, index=True),
)

event_evidence = Table(
    "event_evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", **_CASCADE), nullable=False, index=True),
    Column("ord", Integer, nullable=False),
    *_span_columns(),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    _version_fk(),
    Column("ord", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float),
    Column("unit", Text),
    Column("subject", Text),
    Column("attributed_to", Text),
    Column("time", Text),
    *_span_columns("evidence_"),
    Column("extractor", Text, nullable=False),
)

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True),
    _version_fk(),
    Column("ord", Integer, nullable=False),
    Column("subject", Text, nullable=False),
    Column("predicate", Text, nullable=False, index=True),
    Column("object", Text, nullable=False),
    *_span_columns("evidence_"),
    Column("extractor", Text, nullable=False),
)

# Analysts' edits, kept apart from extracted rows so a re-extraction cannot wipe them; the
# stage that re-extracts re-applies those not undone.
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("who", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("target_table", Text, nullable=False),
    Column("target_id", Text, nullable=False),  # "<article_id>/<anchor id>" for an event
    Column("field", Text, nullable=False),
    Column("before", Text),  # JSON
    Column("after", Text),  # JSON
    Column("note", Text),
    Column("undone_at", Text),
    # Added by migration 3: events are targeted by article + anchor (store/corrections.py),
    # which survives re-extraction where a row id or a version id would not.
    Column("article_id", Text),
    Column("anchor", Text),  # JSON: event_type, date, evidence, n, id
    Index("ix_corrections_target", "target_table", "target_id"),
    Index("ix_corrections_article", "article_id"),
)

# ---- the read model (migration 4): what the API lists and filters ----
# One row per event of each article's latest version, analysts' corrections applied,
# flattened for SQL filtering and paging. The store keeps it in step whenever an article,
# its annotations or its corrections change (store/event_index.py); ``updated_at`` and
# ``deleted_at`` (tombstones, never removed) feed the ``updated_since`` change feed.
event_index = Table(
    "event_index",
    metadata,
    Column("event_id", Text, primary_key=True),  # the anchor id ("ev_..."), stable across re-extraction
    Column("article_id", Text, nullable=False, index=True),
    Column("version_id", Text, nullable=False),
    Column("event_key", Text, nullable=False),  # "v1": the event's id inside that version
    Column("event_type", Text, nullable=False, index=True),
    Column("sub_event_type", Text),
    Column("date_value", Text),
    Column("date_precision", Text),
    Column("date_first", Text, index=True),  # first and last day the date can mean (ISO), for range filters
    Column("date_last", Text),
    Column("country", Text),
    Column("country_code", Text, index=True),
    Column("location_name", Text),
    Column("location_precision", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("fatalities", Integer),
    Column("injured", Integer),
    Column("certainty", Text),
    Column("civilian_targeting", Boolean, nullable=False, default=False),
    Column("background", Boolean, nullable=False, default=False),
    Column("review_status", Text, nullable=False),  # unreviewed | confirmed | corrected | rejected
    Column("live", Boolean, nullable=False),  # neither deleted nor rejected: what lists show by default
    Column("updated_at", Text, nullable=False),
    Column("deleted_at", Text),  # set when the event left the latest version (or its article was replaced)
    Index("ix_event_index_changes", "updated_at", "event_id"),
    # Covers the default filters, so counts and date-ordered pages read the index alone.
    Index("ix_event_index_live", "live", "date_first", "date_last", "lat", "lon", "event_type", "country_code",
          "fatalities", "certainty", "civilian_targeting", "background", "sub_event_type"),
    Index("ix_event_index_live_fatalities", "live", "fatalities", "date_first"),  # sort=-fatalities
)

# The event as the API returns it, kept apart so the rows filters scan stay small.
event_docs = Table(
    "event_docs",
    metadata,
    Column("event_id", Text, ForeignKey("event_index.event_id", **_CASCADE), primary_key=True),
    Column("doc", Text, nullable=False),  # JSON
)

event_index_actors = Table(
    "event_index_actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Text, ForeignKey("event_index.event_id", **_CASCADE), nullable=False, index=True),
    Column("role", Text, nullable=False),  # actor1 | actor2 | assoc_actor1 | assoc_actor2
    Column("name", Text, nullable=False),  # as the event names it
    Column("name_key", Text, nullable=False, index=True),  # "n:" + folded name
    Column("raw_key", Text, nullable=False, index=True),  # knowledge-base id when the article links one, else name_key
    Column("actor_key", Text, nullable=False, index=True),  # raw_key after analysts' merges/splits
    Column("live", Boolean, nullable=False),  # the event is not rejected (deleted events have no rows here)
    Index("ix_event_index_actors_live", "live", "actor_key", "event_id"),
)

ANNOTATION_TABLES = (entities, quotes, events, claims, relations)  # the ones keyed by version_id
