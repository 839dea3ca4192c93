"""sitrep: raw conflict-news pages in, a sourced record of who did what to whom, where and when out.

    import sitrep
    articles = sitrep.extract("page.txt", retrieved="2025-12-10T12:00:00Z")

Many pages in a loop: build the annotators (spaCy, knowledge base, gazetteer) once and pass them:

    from sitrep.pipeline import default_annotators
    from sitrep.settings import Settings
    stages = default_annotators(Settings())
    for page in pages:
        articles = sitrep.extract(page, annotators=stages)
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .models import Article

__version__ = "0.1.0"
EXTRACTOR = f"sitrep {__version__}"

__all__ = ["Article", "extract", "__version__"]


def _moment(value: datetime | str | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=timezone.utc)
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _names_a_file(text: str) -> bool:
    if "\n" in text or len(text) > 1024:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # "File name too long" and the like: it is text, not a path
        return False


def extract(text_or_path: str | os.PathLike[str], *, retrieved: datetime | str | None = None,
            published: str | None = None, url: str | None = None, fmt: str | None = None,
            annotate: bool = True, annotators: Sequence[Any] | None = None) -> list[Article]:
    """Every article in a file (any supported format) or in a page given as a string.

    A string that names an existing file is read as that file; any other string is the page's
    text (``fmt`` says its format: "text" by default, "markdown", "html"...). Unreadable input
    raises ``sitrep.errors.InputError`` naming the problem. ``annotators``: stages built once
    by the caller (``sitrep.pipeline.default_annotators``) instead of loading them on each call.
    """
    from .errors import InputError
    from .ingest import read_bytes
    from .pipeline import default_annotators, process, process_items
    from .settings import Settings

    settings = Settings(retrieved=_moment(retrieved), published=published, url=url, annotate=annotate)
    as_path = Path(os.fspath(text_or_path))
    is_file = isinstance(text_or_path, os.PathLike) or _names_a_file(str(text_or_path))
    stages = annotators if annotators is not None else default_annotators(settings)
    if is_file:
        results = list(process([str(as_path)], settings, annotators=stages))
    else:
        results = list(process_items(read_bytes(str(text_or_path).encode("utf-8"), "<text>", settings,
                                                fmt=fmt or "text", retrieved=settings.retrieved), stages))
        failed = next((r.failure for r in results if r.failure is not None), None)
        if failed is not None:
            raise InputError(failed.source, failed.problem)
    for result in results:
        if result.failure is not None and len(results) == 1:
            raise InputError(result.failure.source, result.failure.problem)
    return [article for result in results for article in result.articles]
