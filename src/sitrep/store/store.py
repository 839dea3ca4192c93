"""The Store: save pipeline records, read articles back, search them."""
from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from sitrep import __version__
from sitrep.errors import StoreError
from sitrep.models import Article, InputFailure, RawInput, Rejection, sha256_hex
from sitrep.store import annotation_rows as annotations
from sitrep.store import codec, event_index, migrations
from sitrep.store import schema as s
from sitrep.store.corrections import CorrectionsMixin, apply_to_articles
from sitrep.store.events import EventsMixin
from sitrep.store.engine import make_engine
from sitrep.store.identity import article_identity, canonical_url, content_version, title_key, url_identity
from sitrep.store.records import RawRecord, SaveResult, SearchHit, VersionInfo
from sitrep.store.search import search as _search

DEFAULT_EXTRACTOR = f"sitrep {__version__}"
_RAW_BATCH = 16  # raw rows per query in raw_inputs(): pages can be megabytes each


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _instant(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _key_hash(kind: str, key: str) -> str:
    return sha256_hex(f"{kind}\n{key}")


class Store(EventsMixin, CorrectionsMixin):
    """A sitrep database. Open with :func:`open_store`; use as a context manager or call close().

    Articles and events read back carry analysts' corrections; the event readers and the
    correction methods come from ``store/events.py`` and ``store/corrections.py``.

    Each save runs in its own transaction unless the caller groups several in
    ``with store.transaction():`` (one per page, say). One Store may serve several threads;
    a transaction belongs to the thread that opened it.
    """

    def __init__(self, engine: Engine, extractor: str = DEFAULT_EXTRACTOR) -> None:
        self._engine = engine
        self._extractor = extractor
        self._local = threading.local()

    # ---- plumbing ----

    @property
    def url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Group saves: all of them are committed together, or none on an exception.
        Nested calls join the outer transaction. The event read model of every article the
        transaction touched is brought up to date once, just before it commits."""
        outer = getattr(self._local, "conn", None)
        try:
            if outer is not None:
                yield outer
                return
            with self._engine.begin() as conn:
                self._local.conn, self._local.stale = conn, set()
                try:
                    yield conn
                    if self._local.stale:
                        event_index.refresh(conn, self._local.stale)
                finally:
                    self._local.conn, self._local.stale = None, set()
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: {exc}") from exc

    def _mark_stale(self, article_id: str) -> None:
        """Refresh this article's event index rows when the current transaction commits."""
        self._local.stale.add(article_id)

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        outer = getattr(self._local, "conn", None)
        try:
            if outer is not None:
                yield outer
                return
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: {exc}") from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for read queries (``sitrep.store.browse``); joins an open transaction."""
        with self._reading() as conn:
            yield conn

    def optimize(self, full: bool = False) -> None:
        """Refresh the query planner's statistics, so filters use the right index (SQLite has
        none until ANALYZE runs; with them, an actor's events are found through the actor and
        not by scanning every live event). Cheap: well under a second per 100,000 events.
        ``full``: analyze everything now (after a large ingest); else only what SQLite thinks
        is stale, or everything when it has never been analyzed."""
        with self.transaction() as conn:
            if conn.dialect.name != "sqlite":
                conn.exec_driver_sql("ANALYZE")
                return
            analyzed = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").first() is not None
            conn.exec_driver_sql("ANALYZE" if full or not analyzed else "PRAGMA optimize")

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- writing ----

    def save_raw(self, raw: RawInput) -> int:
        """Keep an input's bytes; saving the same bytes from the same source/record again
        returns the existing id."""
        t = s.raw_inputs
        record = raw.record or ""
        with self.transaction() as conn:
            found = conn.scalar(
                select(t.c.id).where(t.c.sha256 == raw.sha256, t.c.source == raw.source, t.c.record == record)
            )
            if found is not None:
                return int(found)
            return int(conn.execute(insert(t).values(
                sha256=raw.sha256, source=raw.source, record=record, format=raw.format, encoding=raw.encoding,
                url=raw.url, retrieved=raw.retrieved.isoformat(), size=raw.size or len(raw.content),
                content=raw.content, created_at=_now(),
            )).inserted_primary_key[0])

    def save_article(self, article: Article, raw_id: int | None, *, extractor: str | None = None) -> SaveResult:
        """Store an article: ``new`` (never seen), ``new_version`` (known article, changed
        text) or ``unchanged`` (nothing written but, at most, a new sighting)."""
        extractor = extractor or self._extractor
        now = _now()
        with self.transaction() as conn:
            article_id, url_key, t_key = self._resolve(conn, article)
            version_id = content_version(article, article_id=article_id)
            is_new = conn.scalar(select(s.articles.c.id).where(s.articles.c.id == article_id)) is None
            if is_new:
                conn.execute(insert(s.articles), {"id": article_id, "url_key": url_key, "title_key": t_key,
                                                  "first_seen": now, "latest_version": version_id})
            elif url_key:
                conn.execute(update(s.articles).where(s.articles.c.id == article_id, s.articles.c.url_key.is_(None))
                             .values(url_key=url_key))
            self._add_keys(conn, article_id, url_key, t_key)
            stored = conn.scalar(select(s.article_versions.c.id).where(s.article_versions.c.version_id == version_id))
            if stored is None:
                seq = conn.scalar(select(func.coalesce(func.max(s.article_versions.c.seq), 0))
                                  .where(s.article_versions.c.article_id == article_id)) + 1
                conn.execute(insert(s.article_versions), codec.version_row(
                    article, article_id=article_id, version_id=version_id, seq=seq, raw_id=raw_id,
                    extractor=extractor, created_at=now))
                parts = codec.part_rows(article, version_id)
                if parts:
                    conn.execute(insert(s.article_parts), parts)
                annotations.write(conn, version_id, article, extractor)
                if not is_new:
                    self._maybe_make_latest(conn, article_id, version_id, article.retrieved)
                self._mark_stale(article_id)
                status = "new" if is_new else "new_version"
            else:
                # Text seen before: only fill in annotations a first, un-annotated save lacked.
                if annotations.has_any(article) and not annotations.stored_any(conn, version_id):
                    annotations.write(conn, version_id, article, extractor)
                    self._mark_stale(article_id)
                status = "unchanged"
            self._add_sighting(conn, version_id, raw_id, article.input_id, now)
        return SaveResult(article_id, version_id, status)

    def replace_annotations(self, article_id: str, version_id: str, article: Article,
                            extractor: str | None = None) -> None:
        """Swap a stored version's entities/quotes/events/claims/relations for ``article``'s
        (a re-extraction). The text and parts are not touched."""
        with self.transaction() as conn:
            found = conn.scalar(select(s.article_versions.c.id).where(
                s.article_versions.c.article_id == article_id, s.article_versions.c.version_id == version_id))
            if found is None:
                raise StoreError(f"no version {version_id} of article {article_id}")
            annotations.delete_for(conn, version_id)
            annotations.write(conn, version_id, article, extractor or self._extractor)
            self._mark_stale(article_id)

    def save_rejection(self, rejection: Rejection, raw_id: int | None) -> None:
        key = sha256_hex("\x1f".join(map(str, (raw_id, rejection.input_id, rejection.reason, rejection.excerpt))))
        with self.transaction() as conn:
            if conn.scalar(select(s.rejections.c.id).where(s.rejections.c.key == key)) is None:
                conn.execute(insert(s.rejections).values(
                    key=key, raw_id=raw_id, input_id=rejection.input_id, reason=rejection.reason,
                    excerpt=rejection.excerpt, created_at=_now()))

    def save_failure(self, failure: InputFailure, raw_id: int | None) -> None:
        """Record an unreadable input; its raw bytes, when it has any, are saved too."""
        with self.transaction() as conn:
            if raw_id is None and failure.raw is not None:
                raw_id = self.save_raw(failure.raw)
            key = sha256_hex("\x1f".join(map(str, (raw_id, failure.source, failure.problem))))
            if conn.scalar(select(s.input_failures.c.id).where(s.input_failures.c.key == key)) is None:
                conn.execute(insert(s.input_failures).values(
                    key=key, raw_id=raw_id, source=failure.source, problem=failure.problem, created_at=_now()))

    # ---- identity helpers ----

    def _resolve(self, conn: Connection, article: Article) -> tuple[str, str | None, str | None]:
        """The id to store ``article`` under, and its URL / title keys.

        Order: its own id; an article seen at the same canonical URL; an article with the
        same outlet+title, unless that one is known at a different URL (a recurring
        headline such as "Live updates" is not one story).
        """
        by_url = url_identity(article.url)
        # The URL identifies the article only when the caller gave it a URL-based id,
        # i.e. it was alone on its page; a shared listing URL must not merge articles.
        url_key = canonical_url(article.url) if by_url and article.id == by_url else None
        t_key = title_key(article.title, article.outlet, article.body)
        own_id = article.id or article_identity(article.title, article.outlet, None, 0, article.body)
        if conn.scalar(select(s.articles.c.id).where(s.articles.c.id == own_id)) is not None:
            return own_id, url_key, t_key
        if url_key:
            found = self._lookup_key(conn, "url", url_key)
            if found:
                return found, url_key, t_key
        if t_key:
            found = self._lookup_key(conn, "title", t_key)
            if found:
                known_url = conn.scalar(select(s.articles.c.url_key).where(s.articles.c.id == found))
                if not (url_key and known_url and known_url != url_key):
                    return found, url_key, t_key
        return own_id, url_key, t_key

    @staticmethod
    def _lookup_key(conn: Connection, kind: str, key: str) -> str | None:
        return conn.scalar(select(s.article_keys.c.article_id).where(s.article_keys.c.key_hash == _key_hash(kind, key)))

    @staticmethod
    def _add_keys(conn: Connection, article_id: str, url_key: str | None, t_key: str | None) -> None:
        for kind, key in (("url", url_key), ("title", t_key)):
            if key and Store._lookup_key(conn, kind, key) is None:
                conn.execute(insert(s.article_keys), {"key_hash": _key_hash(kind, key), "kind": kind, "key": key,
                                                      "article_id": article_id})

    @staticmethod
    def _maybe_make_latest(conn: Connection, article_id: str, version_id: str, retrieved: str | None) -> None:
        """The latest version is the most recently fetched one, so ingesting an old archive
        after a fresh crawl does not roll an article back. Unknown times count as newest."""
        current = conn.scalar(
            select(s.article_versions.c.retrieved)
            .join(s.articles, s.articles.c.latest_version == s.article_versions.c.version_id)
            .where(s.articles.c.id == article_id)
        )
        new, old = _instant(retrieved), _instant(current)
        if new is None or old is None or new >= old:
            conn.execute(update(s.articles).where(s.articles.c.id == article_id).values(latest_version=version_id))

    @staticmethod
    def _add_sighting(conn: Connection, version_id: str, raw_id: int | None, input_id: str, now: str) -> None:
        t = s.article_sightings
        raw_match = t.c.raw_id.is_(None) if raw_id is None else t.c.raw_id == raw_id
        if conn.scalar(select(t.c.id).where(t.c.version_id == version_id, t.c.input_id == input_id, raw_match)) is None:
            conn.execute(insert(t), {"version_id": version_id, "raw_id": raw_id, "input_id": input_id, "seen_at": now})

    # ---- reading ----

    def _load(self, conn: Connection, versions: Sequence[Any], reviewed: bool = True) -> list[Article]:
        """Articles of version rows; ``reviewed``: corrections applied, rejected events left out."""
        ids = [v["version_id"] for v in versions]
        parts: dict[str, list[Any]] = {vid: [] for vid in ids}
        if ids:
            for row in conn.execute(select(s.article_parts).where(s.article_parts.c.version_id.in_(ids))).mappings():
                parts[row["version_id"]].append(row)
        notes = annotations.read(conn, ids)
        out = []
        for version in versions:
            article = codec.article_from(version, parts[version["version_id"]])
            extra = notes.get(version["version_id"])
            if extra:
                article.entities, article.quotes, article.events = extra.entities, extra.quotes, extra.events
                article.claims, article.relations = extra.claims, extra.relations
            out.append(article)
        if reviewed:
            apply_to_articles(conn, out)
        return out

    def _latest(self) -> Any:
        v, a = s.article_versions, s.articles
        return select(v).join(a, and_(a.c.id == v.c.article_id, a.c.latest_version == v.c.version_id))

    def get_article(self, article_id: str, version_id: str | None = None) -> Article | None:
        """An article with its parts and annotations: the latest version, or ``version_id``."""
        v = s.article_versions
        if version_id is None:
            query = self._latest().where(v.c.article_id == article_id)
        else:
            query = select(v).where(v.c.article_id == article_id, v.c.version_id == version_id)
        with self._reading() as conn:
            row = conn.execute(query).mappings().first()
            return self._load(conn, [row])[0] if row else None

    def versions(self, article_id: str) -> list[VersionInfo]:
        """Every stored version of an article, oldest first."""
        v, a = s.article_versions, s.articles
        query = (
            select(v.c.version_id, v.c.article_id, v.c.seq, v.c.title, v.c.created_at, v.c.retrieved,
                   v.c.input_id, v.c.raw_id, (a.c.latest_version == v.c.version_id).label("latest"))
            .join(a, a.c.id == v.c.article_id)
            .where(v.c.article_id == article_id)
            .order_by(v.c.seq)
        )
        with self._reading() as conn:
            return [VersionInfo(**{**r, "latest": bool(r["latest"])}) for r in conn.execute(query).mappings()]

    def articles(self, limit: int = 100, offset: int = 0) -> list[Article]:
        """Latest versions, most recently first-seen first."""
        query = (self._latest().order_by(s.articles.c.first_seen.desc(), s.articles.c.id)
                 .limit(max(limit, 0)).offset(max(offset, 0)))
        with self._reading() as conn:
            return self._load(conn, conn.execute(query).mappings().all())

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose latest title/body contain every word of ``query``, best first."""
        with self._reading() as conn:
            return _search(conn, query, limit)

    def raw_inputs(self) -> Iterator[RawRecord]:
        """Every stored input in the order saved, fetched a few at a time."""
        t = s.raw_inputs
        last = 0
        while True:
            with self._reading() as conn:
                rows = conn.execute(select(t).where(t.c.id > last).order_by(t.c.id).limit(_RAW_BATCH)).mappings().all()
            if not rows:
                return
            for r in rows:
                yield RawRecord(
                    id=r["id"], source=r["source"], record=r["record"] or None, content=bytes(r["content"]),
                    encoding=r["encoding"], url=r["url"], retrieved=datetime.fromisoformat(r["retrieved"]),
                    format=r["format"], sha256=r["sha256"], size=r["size"],
                )
            last = rows[-1]["id"]

    def counts(self) -> dict[str, int]:
        """Rows in every table."""
        with self._reading() as conn:
            return {t.name: int(conn.scalar(select(func.count()).select_from(t))) for t in s.metadata.sorted_tables}


def open_store(url_or_path: str, extractor: str = DEFAULT_EXTRACTOR) -> Store:
    """Open (creating or upgrading the schema as needed) a SQLite file, ``sqlite://`` for
    memory, or a ``postgresql://`` database. Raises StoreError / MigrationError."""
    engine = make_engine(url_or_path)
    try:
        try:
            with engine.connect():
                pass
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: "
                             f"{str(exc).splitlines()[0]}") from exc
        migrations.migrate(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(engine, extractor)
