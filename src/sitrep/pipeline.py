"""The one orchestrator. Stages, in order:

    1. ingest   — files, directories, stdin → RawInput → Document (one page, as blocks)   ``sitrep.ingest``
    2. clean    — Document → Articles (+ Rejections for what is not one)                   ``sitrep.clean``
    3. annotate — each English Article → entities, quotes, relations, claims, events        ``Annotator``s
    4. store    — the caller's choice: ``ingest_into(store, ...)`` keeps raw input and results

Every stage is a plain function over the previous stage's records; the CLI, the REST API
and ``sitrep.extract`` only build ``Settings`` and call ``process``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

from .clean import clean_document
from .ingest import read_inputs
from .models import Article, Document, InputFailure, RawInput, Rejection
from .settings import Settings
from .store.records import SaveResult


class Annotator(Protocol):
    """A stage that adds annotations to an English article in place (entities, events...)."""

    def __call__(self, article: Article) -> None: ...


@dataclass
class PageResult:
    """What one input record became."""

    input_id: str
    raw: RawInput | None
    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    failure: InputFailure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def default_annotators(settings: Settings) -> list[Annotator]:
    """The annotation stages shipped with this version, in order."""
    if not settings.annotate:
        return []
    from .geo import Gazetteer
    from .nlp import NlpAnnotator, load_knowledge_base

    gazetteer = Gazetteer.bundled(settings.user_place_files)
    return [NlpAnnotator(load_knowledge_base(settings.user_kb_files), gazetteer=gazetteer)]


def process_document(document: Document, annotators: Sequence[Annotator]) -> PageResult:
    result = PageResult(document.input_id, document.raw)
    for item in clean_document(document):
        if isinstance(item, Rejection):
            result.rejected.append(item)
            continue
        if item.language == "en":
            for annotate in annotators:
                annotate(item)
        result.articles.append(item)
    return result


def process(paths: Iterable[str], settings: Settings, *, stdin: BinaryIO | None = None,
            annotators: Sequence[Annotator] | None = None) -> Iterator[PageResult]:
    """Stream results page by page: nothing is held between inputs, so memory stays flat."""
    stages = default_annotators(settings) if annotators is None else annotators
    yield from process_items(read_inputs(paths, settings, stdin=stdin), stages)


def process_items(items: Iterable[Document | InputFailure], annotators: Sequence[Annotator]) -> Iterator[PageResult]:
    """Pages already read (``read_inputs``, ``read_bytes``) → results; unreadable ones stay failures."""
    for item in items:
        if isinstance(item, InputFailure):
            yield PageResult(item.input_id, item.raw, failure=item)
        else:
            yield process_document(item, annotators)


@dataclass
class IngestReport:
    pages: int = 0
    failed: int = 0
    articles_new: int = 0
    versions_new: int = 0
    unchanged: int = 0
    rejected: int = 0
    saved: list[SaveResult] = field(default_factory=list)  # where every article went, in order


def ingest_into(store, results: Iterable[PageResult], on_page: Callable[[PageResult], None] | None = None) -> IngestReport:
    """Store every page: raw input always (failures too), then articles or the reasons they are not."""
    report = IngestReport()
    for result in results:
        report.pages += 1
        with store.transaction():
            raw_id = store.save_raw(result.raw) if result.raw is not None else None
            if result.failure is not None:
                report.failed += 1
                store.save_failure(result.failure, raw_id)
            for rejection in result.rejected:
                report.rejected += 1
                store.save_rejection(rejection, raw_id)
            for article in result.articles:
                saved = store.save_article(article, raw_id)
                report.saved.append(saved)
                if saved.status == "new":
                    report.articles_new += 1
                elif saved.status == "new_version":
                    report.versions_new += 1
                else:
                    report.unchanged += 1
        if on_page is not None:
            on_page(result)
    return report
