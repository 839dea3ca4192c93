"""Versioned schema migrations, recorded in ``schema_migrations`` (version, name, applied_at).

Each migration is a plain function of a connection, run in its own transaction together
with the row that records it, so a failure leaves the database at the previous version.

Rule for later migrations: migration 1 builds the tables exactly as schema.py describes
them *now*, so a migration that alters an existing table must check first (add a column
only if it is missing). It is then a no-op on a database migration 1 has just built and an
upgrade on an older one. A new table gets a migration that calls ``_create_missing_tables``
(which skips tables that already exist).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import Connection, Engine, insert, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from sitrep.errors import MigrationError
from sitrep.store.schema import metadata, schema_migrations

Migration = tuple[int, str, Callable[[Connection], None]]


def _create_missing_tables(conn: Connection) -> None:
    metadata.create_all(conn, checkfirst=True)


_SQLITE_FTS = (
    # External-content index over article_versions: the text is stored once, in the table.
    """CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5(
        title, body, content='article_versions', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS article_fts_ai AFTER INSERT ON article_versions BEGIN
        INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS article_fts_ad AFTER DELETE ON article_versions BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS article_fts_au AFTER UPDATE OF title, body ON article_versions BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    # Index versions stored before this migration ran.
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
)

_POSTGRES_FTS = (
    # A generated column keeps itself in step with title/body: no triggers to maintain.
    """ALTER TABLE article_versions ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_article_versions_search ON article_versions USING gin (search)",
)


def _full_text_search(conn: Connection) -> None:
    dialect = conn.dialect.name
    statements = {"sqlite": _SQLITE_FTS, "postgresql": _POSTGRES_FTS}.get(dialect)
    if statements is None:
        raise MigrationError(f"full-text search is not available on {dialect}")
    for statement in statements:
        conn.exec_driver_sql(statement)


def _correction_anchors(conn: Connection) -> None:
    """Corrections name their event by article id + anchor (see store/corrections.py)."""
    _add_column_if_missing(conn, "corrections", "article_id", "TEXT")
    _add_column_if_missing(conn, "corrections", "anchor", "TEXT")
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_corrections_article ON corrections (article_id)"))


def _event_index(conn: Connection) -> None:
    """The event read model (store/event_index.py), filled from what is already stored."""
    from sitrep.store import event_index  # late: event_index reads through the store's codecs

    _create_missing_tables(conn)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_entities_name ON entities (name)"))
    event_index.rebuild(conn)


MIGRATIONS: tuple[Migration, ...] = (
    (1, "core tables", _create_missing_tables),
    (2, "full-text search over article titles and bodies", _full_text_search),
    (3, "corrections: article id and event anchor", _correction_anchors),
    (4, "event read model for the API", _event_index),
)
LATEST = MIGRATIONS[-1][0]


def applied_versions(conn: Connection) -> set[int]:
    """Versions recorded in the database (empty for a new one)."""
    if not inspect(conn).has_table(schema_migrations.name):
        return set()
    return set(conn.scalars(select(schema_migrations.c.version)))


def migrate(engine: Engine, target: int | None = None) -> list[int]:
    """Bring the schema up to ``target`` (default: the latest); return the versions applied.

    Raises MigrationError when the database was written by a newer sitrep, or a migration fails.
    """
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.begin() as conn:
            schema_migrations.create(conn, checkfirst=True)
            done = applied_versions(conn)
    except SQLAlchemyError as exc:
        raise MigrationError(f"cannot read the schema version of {where}: {exc}") from exc
    too_new = sorted(v for v in done if v > LATEST)
    if too_new:
        raise MigrationError(
            f"database {where} is at schema version {too_new[-1]}, but this sitrep only knows "
            f"versions up to {LATEST}; upgrade sitrep to open it"
        )
    applied: list[int] = []
    for version, name, apply in MIGRATIONS:
        if version in done or (target is not None and version > target):
            continue
        try:
            with engine.begin() as conn:
                apply(conn)
                conn.execute(
                    insert(schema_migrations).values(
                        version=version, name=name, applied_at=datetime.now(timezone.utc).isoformat()
                    )
                )
        except SQLAlchemyError as exc:
            raise MigrationError(f"migration {version} ({name}) failed on {where}: {exc}") from exc
        applied.append(version)
    return applied


def _column_exists(conn: Connection, table: str, column: str) -> bool:  # for later migrations
    return any(c["name"] == column for c in inspect(conn).get_columns(table))


def _add_column_if_missing(conn: Connection, table: str, column: str, ddl_type: str) -> None:
    """Helper for later migrations (see the module docstring)."""
    if not _column_exists(conn, table, column):
        conn.execute(text(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {ddl_type}'))
