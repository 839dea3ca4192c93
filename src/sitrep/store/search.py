"""Full-text search over the latest version of each article (title and body).

SQLite: the FTS5 table ``article_fts`` (porter stemming), ranked by bm25 with the title
weighted double. PostgreSQL: the generated ``article_versions.search`` tsvector (english
configuration, title weight A, body weight B), ranked by ts_rank. Both take the query as
plain words that must all occur (no operator syntax), so user input cannot break the query.
"""
from __future__ import annotations

import re

from sqlalchemy import Connection, text

from sitrep.errors import StoreError
from sitrep.store.records import SearchHit

HIT_MARK = "**"  # wraps matched words in snippets
_WORD = re.compile(r"\w+", re.UNICODE)

_SQLITE = text(
    f"""
    SELECT v.article_id, v.version_id, v.title, v.outlet, v.published_value,
           -bm25(article_fts, 2.0, 1.0) AS score,
           snippet(article_fts, 1, '{HIT_MARK}', '{HIT_MARK}', '…', 24) AS snippet
    FROM article_fts
    JOIN article_versions v ON v.id = article_fts.rowid
    JOIN articles a ON a.id = v.article_id AND a.latest_version = v.version_id
    WHERE article_fts MATCH :query
    ORDER BY bm25(article_fts, 2.0, 1.0), v.id
    LIMIT :limit
    """
)

_POSTGRES = text(
    f"""
    WITH q AS (SELECT plainto_tsquery('english', :query) AS q),
    hits AS (
        SELECT v.id, ts_rank(v.search, q.q) AS score
        FROM article_versions v
        JOIN articles a ON a.id = v.article_id AND a.latest_version = v.version_id
        CROSS JOIN q
        WHERE v.search @@ q.q
        ORDER BY score DESC, v.id
        LIMIT :limit
    )
    SELECT v.article_id, v.version_id, v.title, v.outlet, v.published_value, hits.score,
           ts_headline('english', v.body, q.q,
                       'StartSel={HIT_MARK}, StopSel={HIT_MARK}, MaxWords=30, MinWords=12') AS snippet
    FROM hits JOIN article_versions v ON v.id = hits.id CROSS JOIN q
    ORDER BY hits.score DESC, v.id
    """
)


def _fts5_query(query: str) -> str:
    """Plain words → an FTS5 query where every word must occur ("al-Shabaab" → "al" "shabaab")."""
    return " ".join(f'"{word}"' for word in _WORD.findall(query))


def search(conn: Connection, query: str, limit: int) -> list[SearchHit]:
    dialect = conn.dialect.name
    if dialect == "sqlite":
        statement, param = _SQLITE, _fts5_query(query)
    elif dialect == "postgresql":
        statement, param = _POSTGRES, query
    else:
        raise StoreError(f"full-text search is not available on {dialect}")
    if not _WORD.search(query) or limit <= 0:
        return []
    rows = conn.execute(statement, {"query": param, "limit": limit}).mappings()
    return [
        SearchHit(
            article_id=r["article_id"],
            version_id=r["version_id"],
            title=r["title"],
            snippet=r["snippet"] or "",
            score=float(r["score"]),
            outlet=r["outlet"],
            published=r["published_value"],
        )
        for r in rows
    ]
