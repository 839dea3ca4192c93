"""Turn what a user typed after ``--db`` into a configured SQLAlchemy engine."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from sitrep.errors import StoreError

_MEMORY = {":memory:", "sqlite://", "sqlite:///:memory:"}


def database_url(url_or_path: str) -> URL:
    """``sitrep.db``, ``/x/y.db``, ``sqlite:///x.db``, ``sqlite://`` (memory) or
    ``postgresql://user@host/db`` (``postgres://`` also accepted) → a driver URL."""
    spec = url_or_path.strip()
    if not spec:
        raise StoreError("no database given: pass a file path, sqlite:///path or postgresql://...")
    if spec in _MEMORY:
        return URL.create("sqlite")
    if "://" not in spec:
        return URL.create("sqlite", database=str(Path(spec).expanduser()))
    if spec.startswith("postgres://"):
        spec = "postgresql://" + spec[len("postgres://"):]
    try:
        url = make_url(spec)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url_or_path!r}") from exc
    backend = url.get_backend_name()
    if backend == "postgresql":
        return url.set(drivername="postgresql+psycopg")  # psycopg 3, whatever driver was named
    if backend == "sqlite":
        return url
    raise StoreError(f"unsupported database {backend!r}: use a SQLite file or postgresql://...")


def _sqlite_engine(url: URL) -> Engine:
    memory = url.database in (None, "", ":memory:")
    if not memory:
        parent = Path(url.database).expanduser().parent
        if not parent.is_dir():
            raise StoreError(f"cannot create database {url.database}: directory {parent} does not exist")
    kwargs: dict[str, Any] = {}
    if memory:
        # One shared connection, or each new connection would see its own empty database.
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy issue BEGIN itself (below): pysqlite's implicit transactions skip
        # DDL, which would leave a half-applied migration behind on failure.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")  # readers (the web UI) do not block the ingest
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster per commit
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def make_engine(url_or_path: str) -> Engine:
    url = database_url(url_or_path)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": 10}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
