"""Shared fixtures: stores on a fresh SQLite file and on a throw-away PostgreSQL schema.

PostgreSQL: the local server (127.0.0.1:5432, database ``test``, trust auth) or the URL in
``$SITREP_TEST_PG``. Tests that need it are skipped when it cannot be reached.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from sitrep.store import Store, open_store

_PG_CANDIDATES = ("postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_server() -> str:
    """A reachable PostgreSQL URL, or skip."""
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed")
    env = os.environ.get("SITREP_TEST_PG")
    problems = []
    for url in (env,) if env else _PG_CANDIDATES:
        try:
            with psycopg.connect(url, connect_timeout=3):
                return url
        except psycopg.Error as exc:
            problems.append(f"{url}: {str(exc).strip()}")
    pytest.skip("PostgreSQL not reachable: " + "; ".join(problems))


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL whose search_path is a new, empty schema; the schema is dropped afterwards."""
    import psycopg

    schema = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{pg_server}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def fresh_db(tmp_path) -> Iterator[Store]:
    store = open_store(str(tmp_path / "sitrep.db"))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = open_store(pg_url)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest) -> Store:
    """The same test on SQLite and on PostgreSQL."""
    return request.getfixturevalue("fresh_db" if request.param == "sqlite" else "pg_store")
