"""Container inputs: many pages in one file. Each reader yields one item per record, streaming.

- JSON Lines: one record a line; ``record`` is the ``id`` (else the line number); ``raw`` is the line.
- WARC (``.warc``, ``.warc.gz``): each HTML (or plain-text) ``response``/``resource`` record with a
  2xx status is a page; other records (requests, metadata, images, redirects) are skipped.
  ``record`` is the record's byte offset, ``raw`` its HTTP payload. A damaged or truncated
  archive yields the records before the damage, then one failure naming the offset.
- RSS/Atom: each entry is a page; its HTML content (or summary) is read as HTML. ``record`` is the
  entry number (from 1), ``raw`` the entry's own XML. feedparser needs the whole document, so the
  size limit applies to the feed file as a whole.

A cut that only loses a gzip trailer or the blank lines between WARC records loses no record
bytes and is not reported. The size limit applies per record for JSONL and WARC. Record-level problems are prefixed with
where they are ("line 3: invalid JSON: ...").
"""
from __future__ import annotations

import codecs
import dataclasses
import email.utils
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from ..errors import EmptyInputError, FormatError, InputError, TooLargeError
from ..models import Document, InputFailure, RawInput
from .decode import charset_from_content_type, decode, normalise
from .pages import Hints, Origin, document_from_bytes, document_from_text, parse_time

CHUNK = 1 << 20
_JSONL_FIELDS = {"id", "text", "html", "url", "title", "published", "retrieved"}

Item = Document | InputFailure


def too_large(what: str, size: int, limit: int) -> str:
    """``page is 52.4 MB, above the 10.0 MB limit (raise --max-page-bytes)``."""
    return f"{what} is {human_size(size)}, above the {human_size(limit)} limit (raise --max-page-bytes)"


def human_size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.1f} KB"
    return f"{n} bytes"


def read_all(fh: IO[bytes]) -> bytes:
    """The rest of ``fh``, read a megabyte at a time."""
    return b"".join(iter(lambda: fh.read(CHUNK), b""))


# ---------------------------------------------------------------- JSON Lines

def read_jsonl(fh: IO[bytes], origin: Origin) -> Iterator[Item]:
    any_record = False
    for number, line in enumerate(fh, 1):
        body = line.rstrip(b"\r\n")
        if number == 1 and body.startswith(codecs.BOM_UTF8):
            body = body[len(codecs.BOM_UTF8):]
        if not body.strip():
            continue
        any_record = True
        yield _jsonl_record(body, number, origin)
    if not any_record:
        yield InputFailure(origin.source, "empty file", RawInput(origin.source, b"", "jsonl", origin.retrieved()))


def _jsonl_record(body: bytes, number: int, origin: Origin) -> Item:
    source = origin.source
    raw = RawInput(source, body, "jsonl", origin.retrieved(), record=str(number))
    try:
        if origin.limit and len(body) > origin.limit:
            raise TooLargeError(source, too_large("record", len(body), origin.limit))
        line, encoding = decode(body, source)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            reason = exc.msg.removesuffix(" at")  # "Unterminated string starting at"
            raise FormatError(source, f"invalid JSON: {reason} (column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise FormatError(source, "not a JSON object")
        record_id = _string(obj.get("id"))
        raw = dataclasses.replace(raw, record=record_id or raw.record,
                                  retrieved=origin.retrieved(parse_time(obj.get("retrieved"))))
        html_field, text_field = obj.get("html"), obj.get("text")
        if isinstance(html_field, str) and html_field.strip():
            page, fmt = html_field, "html"
        elif isinstance(text_field, str) and text_field.strip():
            page, fmt = text_field, "text"
        elif isinstance(html_field, str) or isinstance(text_field, str):
            raise EmptyInputError(source, "empty text")
        else:
            raise FormatError(source, "no text or html field")
        hints = Hints(
            url=_string(obj.get("url")), published=_string(obj.get("published")),
            title=_string(obj.get("title")), input_id=record_id,
            meta={k.lower(): s for k, v in obj.items() if k not in _JSONL_FIELDS and (s := _string(v))},
        )
        return document_from_text(normalise(page), encoding, raw, fmt, origin, hints, sniff=fmt == "text")
    except InputError as exc:
        return InputFailure(source, f"line {number}: {exc.problem}", raw)


def _string(value: Any) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


# ---------------------------------------------------------------- WARC

def read_warc(fh: IO[bytes], origin: Origin) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = origin.source
    iterator = ArchiveIterator(fh, check_digests=False)
    records = iter(iterator)
    pages = 0
    while True:
        try:
            record = next(records, None)
            if record is None:
                break
            offset = iterator.offset  # start of the record being read
            outcome = _warc_record(record, offset, fh, origin)
        except Exception as exc:  # warcio raises all sorts (AttributeError included) on damaged input
            # ArchiveLoadFailed quotes the offending line: keep the message, not the bytes.
            reason = str(exc).split(", first line")[0] if isinstance(exc, (ArchiveLoadFailed, zlib.error)) else "unreadable record"
            yield InputFailure(source, f"damaged WARC at byte {iterator.offset}: {reason}",
                               _tail(fh, iterator.offset, origin))
            return
        if isinstance(outcome, InputFailure):
            yield outcome
            if outcome.problem.startswith("truncated"):
                return
        elif outcome is not None:
            pages += 1
            yield _warc_document(*outcome, origin)
    # warcio stops quietly when a record is cut before its headers end: compare with the length.
    end = _drain(iterator.fh)
    if end > iterator.offset:
        yield InputFailure(source, f"truncated WARC: no complete record after byte {iterator.offset}",
                           _tail(fh, iterator.offset, origin))
    elif pages == 0:
        yield InputFailure(source, "no HTML pages in WARC", None)


def _warc_record(record: Any, offset: int, fh: IO[bytes], origin: Origin
                 ) -> tuple[RawInput, str | None] | InputFailure | None:
    """Read one record: ``(raw, charset)`` for a page, a failure, or None for a record that is not a page.

    Everything that touches warcio is here, so its errors are told apart from the page's own.
    """
    source = origin.source
    if _incomplete_headers(record):
        return InputFailure(source, f"truncated WARC: record at byte {offset} has incomplete headers",
                            _tail(fh, offset, origin))
    page = _warc_page(record)
    if page is None:
        if _cut_short(record):
            return InputFailure(source, f"truncated WARC: record at byte {offset} is cut short", _tail(fh, offset, origin))
        return None
    fmt, charset = page
    url = record.rec_headers.get_header("WARC-Target-URI")
    retrieved = origin.retrieved(parse_time(record.rec_headers.get_header("WARC-Date")))
    raw = RawInput(source, b"", fmt, retrieved, record=str(offset), url=url)
    try:
        payload, truncated = _payload(record)
    except (zlib.error, ValueError, EOFError) as exc:  # a bad Content-Encoding spoils this record only
        return InputFailure(source, f"record at byte {offset}: cannot decode HTTP body: {exc}", raw)
    raw = dataclasses.replace(raw, content=payload)
    if truncated:
        return InputFailure(source, f"truncated WARC: record at byte {offset} is cut short", raw)
    return raw, charset


def _warc_document(raw: RawInput, charset: str | None, origin: Origin) -> Item:
    try:
        if origin.limit and len(raw.content) > origin.limit:
            raise TooLargeError(origin.source, too_large("page", len(raw.content), origin.limit))
        hints = Hints(url=raw.url, declared_encoding=charset)
        return document_from_bytes(raw, raw.format, origin, hints, sniff=False)
    except InputError as exc:
        return InputFailure(origin.source, f"record at byte {raw.record}: {exc.problem}", raw)


def _warc_page(record: Any) -> tuple[str, str | None] | None:
    """(format, charset) of a record that is a page, else None."""
    if record.rec_type == "response" and record.http_headers is not None:
        if not record.http_headers.get_statuscode().startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    lower = content_type.lower()
    if "html" in lower:
        return "html", charset_from_content_type(content_type)
    if lower.startswith("text/plain"):
        return "text", charset_from_content_type(content_type)
    return None


def _incomplete_headers(record: Any) -> bool:
    # A record cut inside its header block still parses: without a type, or with an empty length.
    if record.rec_type is None or record.length is None:
        return True
    declared = record.rec_headers.get_header("Content-Length")
    return record.format == "warc" and not (declared or "").strip().isdigit()


def _payload(record: Any) -> tuple[bytes, bool]:
    """The decoded HTTP body, and whether the record ends before its Content-Length says."""
    stream = record.content_stream()
    payload = b"".join(iter(lambda: stream.read(CHUNK), b""))
    return payload, _cut_short(record)


def _cut_short(record: Any) -> bool:
    rest = record.raw_stream
    while rest.read(CHUNK):
        pass
    return (getattr(rest, "limit", 0) or 0) > 0  # bytes Content-Length promised that never came


def _drain(fh: Any) -> int:
    while fh.read(CHUNK):
        pass
    return int(fh.tell())


def _tail(fh: IO[bytes], offset: int, origin: Origin) -> RawInput | None:
    """The damaged part of an archive, kept raw (only when the input can be re-read)."""
    try:
        if not fh.seekable():
            return None
        fh.seek(offset)
        return RawInput(origin.source, read_all(fh), "warc", origin.retrieved(), record=str(offset))
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------- RSS / Atom

def read_feed(data: bytes, origin: Origin) -> Iterator[Item]:
    import feedparser

    source = origin.source
    whole = RawInput(source, data, "feed", origin.retrieved())
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    entries = parsed.entries
    if not entries:
        problem = f"feed does not parse: {_feed_error(parsed)}" if parsed.bozo else "feed holds no entries"
        yield InputFailure(source, problem, whole)
        return
    encoding = parsed.get("encoding") or None
    site = parsed.feed.get("title")
    entry_xml = _entry_xml(data, len(entries))
    for index, entry in enumerate(entries, 1):
        own = entry_xml[index - 1] if entry_xml else None
        yield _feed_entry(entry, index, own, site, encoding, origin)
    if parsed.bozo and _is_damage(parsed.get("bozo_exception")):
        yield InputFailure(source, f"feed damaged after entry {len(entries)}: {_feed_error(parsed)}", whole)


def _feed_entry(entry: Any, index: int, own_xml: bytes | None, site: str | None, encoding: str | None,
                origin: Origin) -> Item:
    content, fmt = _entry_content(entry)
    raw = RawInput(origin.source, own_xml or content.encode("utf-8"), "feed", origin.retrieved(),
                   record=str(index), encoding=encoding)
    published = _entry_date(entry.get("published"))
    updated = _entry_date(dict.get(entry, "updated"))  # plain dict.get: no fallback to "published"
    meta = {
        "title": entry.get("title"), "date": published, "author": entry.get("author"),
        "url": entry.get("link"), "site_name": site,
        "date_updated": updated if updated != published else None,
        "categories": ", ".join(t.get("term", "") for t in entry.get("tags") or [] if t.get("term")),
    }
    hints = Hints(url=entry.get("link") or None, published=published, title=entry.get("title") or None,
                  meta={k: v for k, v in meta.items() if v}, fragment=True)
    try:
        if not content.strip():
            raise EmptyInputError(origin.source, "no content")
        if fmt == "html":
            content = f"<html><body><article>{content}</article></body></html>"
        return document_from_text(normalise(content), encoding, raw, fmt, origin, hints, sniff=False)
    except InputError as exc:
        return InputFailure(origin.source, f"entry {index}: {exc.problem}", raw)


def _entry_content(entry: Any) -> tuple[str, str]:
    """The entry's fullest text: ``content`` (HTML preferred), else ``summary``; and its format."""
    candidates = list(entry.get("content") or [])
    candidates.sort(key=lambda c: "html" not in (c.get("type") or ""))
    detail = entry.get("summary_detail") or {}
    if entry.get("summary"):
        candidates.append({"value": entry.get("summary"), "type": detail.get("type", "text/html")})
    for candidate in candidates:
        value = candidate.get("value") or ""
        if value.strip():
            return value, "text" if candidate.get("type") == "text/plain" else "html"
    return "", "html"


def _entry_date(value: str | None) -> str | None:
    """RFC 822 feed dates → ISO 8601 keeping their own offset; other forms as given."""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return value.strip() or None


def _entry_xml(data: bytes, count: int) -> list[bytes] | None:
    """Each entry's own XML, when lxml finds the same entries feedparser did."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    found = [el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname in ("item", "entry")]
    return [etree.tostring(el, with_tail=False) for el in found] if len(found) == count else None


def _is_damage(exc: Any) -> bool:
    # A wrong declared charset or an HTML entity feedparser recovered from is not damage.
    message = str(getattr(exc, "getMessage", lambda: exc)())
    return type(exc).__name__ == "SAXParseException" and "undefined entity" not in message


def _feed_error(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return "not RSS or Atom"
    if hasattr(exc, "getMessage") and hasattr(exc, "getLineNumber"):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}"
    return str(exc) or type(exc).__name__
