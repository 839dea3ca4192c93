"""Persistence for sitrep: raw inputs, articles and their versions, annotations, corrections.

    from sitrep.store import open_store
    with open_store("sitrep.db") as store:          # or "sqlite://", "postgresql://..."
        with store.transaction():                   # one page = one transaction
            raw_id = store.save_raw(raw)
            result = store.save_article(article, raw_id)

SQLAlchemy Core, so the same code runs on SQLite (default) and PostgreSQL (psycopg 3).
See docs/store.md for the schema, identity/versioning rules and migrations.
"""
from __future__ import annotations

from sitrep.store.identity import article_identity, canonical_url, content_version
from sitrep.store.records import RawRecord, SaveResult, SearchHit, VersionInfo
from sitrep.store.store import Store, open_store

__all__ = [
    "RawRecord",
    "SaveResult",
    "SearchHit",
    "Store",
    "VersionInfo",
    "article_identity",
    "canonical_url",
    "content_version",
    "open_store",
]
