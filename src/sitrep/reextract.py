"""Re-extraction: run the current cleaner and annotators again over everything stored.

    report = reextract(store, Settings(), annotators=None)   # None: the shipped annotators
    print(report.summary())

Two passes:

1. **Inputs.** Every stored raw input is read again from its bytes (``sitrep.ingest.read_bytes``
   with its stored source name, format, retrieval time and URL) and cleaned. An article whose
   text is already stored is left to pass 2. An article whose text changed (a better cleaner)
   is annotated and stored as a **new version** of the article it came from; the old version
   stays. What the bytes alone cannot say (a ``--published`` or ``--url`` given at ingest) is
   taken from the stored version of the same article. Nothing is deleted: a page the cleaner
   now rejects keeps its stored articles; failures and rejections are counted, not re-stored.
2. **Versions.** Every stored version not written in pass 1 is annotated again from its stored
   text (so offsets keep pointing into exactly that text) and its annotations are replaced,
   stamped with the current extractor label.

Corrections live in their own table and name events by anchor, so they are never touched:
afterwards each one applies to the event it matches, or is reported orphaned.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .clean import clean_document
from .errors import StoreError
from .ingest import read_bytes
from .ingest.formats import sniff
from .models import Article, Document, InputFailure, Rejection
from .pipeline import Annotator, default_annotators
from .settings import Settings
from .store import Store, content_version
from .store.records import RawRecord

Progress = Callable[[str], None]
_HEAD = 4096


@dataclass
class ReextractReport:
    inputs: int = 0  # stored raw inputs read again
    unreadable: int = 0  # records among them that still (or now) fail to read
    articles: int = 0  # articles the cleaner found in them
    unchanged: int = 0  # ... whose text is already stored
    new_versions: int = 0  # ... stored as a new version of a known article
    new_articles: int = 0  # ... stored as an article never seen before
    not_articles: int = 0  # page parts the cleaner rejects (stored articles are kept)
    out_of_scope: int = 0  # other articles of the same pages, left alone when one article was asked for
    reannotated: int = 0  # stored versions whose annotations were replaced from their stored text
    corrections_applied: int = 0
    corrections_orphaned: int = 0

    def summary(self) -> str:
        return (f"{self.inputs} inputs ({self.unreadable} unreadable): {self.articles} articles, "
                f"{self.unchanged} unchanged, {self.new_versions} new versions, {self.new_articles} new articles, "
                f"{self.not_articles} not articles; {self.reannotated} versions re-annotated; corrections: "
                f"{self.corrections_applied} applied, {self.corrections_orphaned} orphaned")


def _clear(article: Article) -> None:
    article.entities, article.quotes, article.events, article.claims, article.relations = [], [], [], [], []


def _documents(record: RawRecord, settings: Settings) -> list[Document | InputFailure]:
    """The record's pages, read as at ingest: the stored retrieval time and URL stand in for
    the command line's, and the record keeps its position in its container."""
    own = dataclasses.replace(settings, retrieved=record.retrieved, url=record.url, published=None)
    # Name-based sniffing gave the stored format unless the record was cut from a container
    # (a WARC payload, a feed entry): then the stored format must be named.
    source_for_sniff = "" if record.source == "-" else record.source
    fmt = None if sniff(source_for_sniff, record.content[:_HEAD]) == record.format else record.format
    items = list(read_bytes(record.content, record.source, own, fmt=fmt, retrieved=record.retrieved))
    if record.format == "feed" and all(isinstance(i, InputFailure) for i in items):
        # A feed entry stored as its HTML content (its XML could not be cut out at ingest).
        items = list(read_bytes(record.content, record.source, own, fmt="html", retrieved=record.retrieved))
    original = record.to_raw_input().input_id
    out: list[Document | InputFailure] = []
    for item in items:
        if isinstance(item, Document) and item.raw.record != record.record:
            if item.input_id == item.raw.input_id:  # not a JSONL id: the record's own position
                item.input_id = original
            item.raw = dataclasses.replace(item.raw, record=record.record)
        out.append(item)
    return out


def _owner(article: Article, stored: list[tuple[str, str]], n_articles: int) -> str | None:
    """The stored article a re-cleaned one continues: same id, or the one story of a one-story page."""
    ids = {aid for aid, _ in stored}
    if article.id in ids:
        return article.id
    if n_articles == 1 and len(ids) == 1:
        return next(iter(ids))
    return None


def _fill_gaps(store: Store, article: Article, owner: str, stored: list[tuple[str, str]]) -> None:
    """What ingest knew but the bytes do not (``--published``, ``--url``) from the stored version."""
    seq = {v.version_id: v.seq for v in store.versions(owner)}
    mine = [vid for aid, vid in stored if aid == owner and vid in seq]
    previous = store.get_article(owner, max(mine, key=seq.__getitem__)) if mine else None
    if previous is None:
        return
    for name in ("published", "outlet", "wire", "url"):
        if getattr(article, name) is None and getattr(previous, name) is not None:
            setattr(article, name, getattr(previous, name))


def _reread(store: Store, record: RawRecord, settings: Settings, stages: Sequence[Annotator],
            article_id: str | None, report: ReextractReport, fresh: set[str]) -> str:
    if record.size != len(record.content):
        report.unreadable += 1
        return "stored bytes are incomplete (an oversized input): skipped"
    stored = store.versions_from_raw(record.id)
    stored_versions = {vid for _, vid in stored}
    stored_articles = sorted({aid for aid, _ in stored})
    notes: list[str] = []
    with store.transaction():
        for item in _documents(record, settings):
            if isinstance(item, InputFailure):
                report.unreadable += 1
                notes.append(f"unreadable: {item.problem}")
                continue
            results = clean_document(item)
            articles = [a for a in results if isinstance(a, Article)]
            report.not_articles += sum(1 for r in results if isinstance(r, Rejection))
            for article in articles:
                report.articles += 1
                if any(content_version(article, article_id=aid) in stored_versions for aid in stored_articles):
                    report.unchanged += 1
                    continue
                owner = _owner(article, stored, len(articles))
                if article_id is not None and article_id not in (owner, article.id):
                    report.out_of_scope += 1
                    continue
                if owner is not None:
                    article.id = owner
                    article.version_id = content_version(article)
                    _fill_gaps(store, article, owner, stored)
                if article.language == "en":
                    for annotate in stages:
                        annotate(article)
                saved = store.save_article(article, record.id)
                if saved.status == "unchanged":
                    report.unchanged += 1
                    continue
                fresh.add(saved.version_id)
                if saved.status == "new":
                    report.new_articles += 1
                    notes.append(f"new article {saved.article_id}")
                else:
                    report.new_versions += 1
                    notes.append(f"new version {saved.version_id} of {saved.article_id}")
    return "; ".join(notes) or "unchanged"


def reextract(store: Store, settings: Settings, annotators: Sequence[Annotator] | None = None, *,
              article_id: str | None = None, on_progress: Progress | None = None) -> ReextractReport:
    """Re-run cleaning and annotation over every stored input and version (of one article).

    ``annotators``: None for the shipped ones (``pipeline.default_annotators``). Progress
    messages go to ``on_progress``. Raises StoreError for an unknown ``article_id``.
    """
    from .review import corrections

    say = on_progress or (lambda _message: None)
    if article_id is not None and store.get_article(article_id) is None:
        raise StoreError(f"no article {article_id}")
    stages = default_annotators(settings) if annotators is None else list(annotators)
    report = ReextractReport()
    fresh: set[str] = set()
    raw_ids = store.raw_ids(article_id)
    for n, raw_id in enumerate(raw_ids, 1):
        record = store.raw_input(raw_id)
        if record is None:
            continue
        report.inputs += 1
        outcome = _reread(store, record, settings, stages, article_id, report, fresh)
        say(f"[{n}/{len(raw_ids)}] {record.to_raw_input().input_id}: {outcome}")
    keys = [(aid, vid) for aid, vid in store.version_keys(article_id) if vid not in fresh]
    for n, (aid, vid) in enumerate(keys, 1):
        article = store.get_article(aid, vid)
        if article is None:
            continue
        _clear(article)
        if article.language == "en":
            for annotate in stages:
                annotate(article)
        store.replace_annotations(aid, vid, article)
        report.reannotated += 1
        say(f"[{n}/{len(keys)}] re-annotated {aid} {vid}: {len(article.events)} events")
    for info in corrections(store, article_id, include_undone=False):
        if info.status == "applied":
            report.corrections_applied += 1
        else:
            report.corrections_orphaned += 1
            say(f"correction {info.id} ({info.field} of {info.article_id} {info.event_id}) is orphaned: "
                "no event of the latest version matches its anchor")
    return report


__all__ = ["ReextractReport", "reextract"]
