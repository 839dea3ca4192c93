"""One page's bytes or text → Document: its format's blocks plus what the container said about it.

Precedence, the same for every reader:
- ``retrieved``: ``--retrieved`` (Settings) > the record's own (JSONL ``retrieved``, WARC-Date) > file mtime;
- ``url``: ``--url`` > the record's (JSONL ``url``, WARC-Target-URI, feed link) > the page's own
  (front matter ``canonical_url``/``url``/``source``, HTML canonical link);
- ``published_hint``: ``--published`` > the record's (JSONL ``published``, feed entry date).
Command-line values win over record fields because they are the user's explicit intent.
The page's own dates (front matter ``date``, HTML meta) stay in ``meta``: the cleaner weighs them.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..errors import EmptyInputError
from ..models import Block, Document, RawInput
from ..settings import Settings
from .decode import decode
from .formats import looks_like_html, looks_like_markdown
from .markdown import markdown_blocks, split_front_matter, url_from_meta
from .text import text_blocks


@dataclass(frozen=True)
class Origin:
    """One input (file, stdin, bytes) and the options of the call reading it."""

    source: str
    settings: Settings
    fallback_retrieved: datetime  # the file's mtime; the time of the call for stdin and bytes

    def retrieved(self, record_value: datetime | None = None) -> datetime:
        return aware(self.settings.retrieved) or record_value or self.fallback_retrieved

    @property
    def limit(self) -> int:
        return max(self.settings.max_page_bytes, 0)  # 0 or less: no limit


@dataclass(frozen=True)
class Hints:
    """What a container record says about its page."""

    url: str | None = None
    published: str | None = None
    title: str | None = None
    input_id: str | None = None  # a JSONL id
    declared_encoding: str | None = None  # HTTP Content-Type charset
    meta: dict[str, str] = field(default_factory=dict)
    fragment: bool = False  # feed-entry HTML: no page metadata of its own


def document_from_bytes(raw: RawInput, fmt: str, origin: Origin, hints: Hints, sniff: bool) -> Document:
    """Decode ``raw.content`` and build its Document. Raises InputError subclasses."""
    if not raw.content.strip():
        raise EmptyInputError(origin.source, "empty file")
    text, encoding = decode(raw.content, origin.source, hints.declared_encoding)
    return document_from_text(text, encoding, raw, fmt, origin, hints, sniff)


def document_from_text(text: str, encoding: str | None, raw: RawInput, fmt: str, origin: Origin,
                       hints: Hints, sniff: bool) -> Document:
    """Build the Document of an already decoded, normalised page.

    ``sniff``: the format came from a ``.txt``/unknown name or a JSONL ``text`` field, so
    check whether the text is really HTML or Markdown.
    """
    if not text.strip():
        raise EmptyInputError(origin.source, "empty file")
    if sniff and fmt == "text":
        if looks_like_html(text):
            fmt = "html"
        elif looks_like_markdown(text):
            fmt = "markdown"
    given_url = origin.settings.url or hints.url
    meta: dict[str, str]
    blocks: list[Block]
    if fmt == "html":
        from .html import html_page  # trafilatura is heavy: only HTML pays for it

        blocks, meta = html_page(text, origin.source, url=given_url, fragment=hints.fragment)
        page_url = meta.get("url")
    elif fmt == "markdown":
        meta, body = split_front_matter(text)
        blocks = markdown_blocks(body)
        page_url = url_from_meta(meta)
    else:
        meta, blocks, page_url = {}, text_blocks(text), None
    if not blocks:
        raise EmptyInputError(origin.source, "no text found in page")
    for key, value in hints.meta.items():
        meta.setdefault(key, value)
    url = given_url or page_url
    raw = dataclasses.replace(raw, encoding=encoding, url=url)
    return Document(
        input_id=hints.input_id or raw.input_id,
        raw=raw,
        blocks=blocks,
        retrieved=raw.retrieved,
        url=url,
        published_hint=origin.settings.published or hints.published,
        title_hint=hints.title,
        meta=meta,
        encoding=encoding,
        format=fmt,
    )


def aware(value: datetime | None) -> datetime | None:
    """Naive datetimes are taken as UTC: every retrieval time sitrep passes on is aware."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 stamp from a record (``2024-10-05T12:00:00Z``) → aware datetime, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return aware(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None
