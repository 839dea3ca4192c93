"""Which reader a file goes to: by its name first, then by a look at its first bytes.

Page formats (one page per input): ``text``, ``markdown``, ``html``.
Container formats (many records per input): ``jsonl``, ``warc``, ``feed``.

Content wins over a misleading name: a ``.txt`` that starts with ``<!doctype html`` is HTML, an
``.xml`` that is not RSS/Atom is read as markup (HTML), a ``.txt`` carrying YAML front matter,
``# headings`` or ``[link](url)`` syntax (what crawlers and reader tools save) is Markdown.
"""
from __future__ import annotations

import re
import zlib

PAGE_FORMATS = ("text", "markdown", "html")
CONTAINER_FORMATS = ("jsonl", "warc", "feed")
FORMATS = PAGE_FORMATS + CONTAINER_FORMATS

_BY_SUFFIX = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
_ALIASES = {"txt": "text", "md": "markdown", "htm": "html", "ndjson": "jsonl", "rss": "feed", "atom": "feed", "xml": "feed"}

_FIRST_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf"}
_HTML_ROOTS = {b"html", b"head", b"body"}
_WS = b" \t\r\n\x0c"

# Markdown tells: front matter at the top, an ATX heading line, link or image syntax. Separate
# patterns behind substring checks: one alternation scanned over a page costs ten times more.
_FRONT_MATTER = re.compile(r"---[ \t]*\n[A-Za-z_][\w-]*[ \t]*:")
_ATX_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S", re.M)
_LINK = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)")


def canonical(fmt: str) -> str:
    """A caller's format name (``md``, ``rss``...) → one of FORMATS; ValueError otherwise."""
    name = fmt.lower().lstrip(".")
    name = _ALIASES.get(name, name)
    if name not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return name


def format_from_name(name: str) -> str | None:
    """The format a file name announces, or None (``.txt`` says ``text``)."""
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    dot = lower.rfind(".")
    if dot == -1 or "/" in lower[dot:] or "\\" in lower[dot:]:
        return None
    return _BY_SUFFIX.get(lower[dot:])


def sniff(name: str, head: bytes) -> str:
    """The reader for a file called ``name`` whose first bytes are ``head``.

    ``text`` here still means "plain or Markdown": that is decided after decoding
    (:func:`looks_like_markdown`) unless the name said ``.md``.
    """
    by_name = format_from_name(name)
    if by_name in ("warc", "jsonl", "markdown", "html"):
        return by_name
    start = _skip_bom(head).lstrip(_WS)
    root = _root_tag(start)
    if by_name == "feed" and not name.lower().endswith(".xml"):
        return "feed"  # .rss/.atom: a feed or a broken one, never a page
    if by_name == "feed":
        return "feed" if root in _FEED_ROOTS else "html"
    if start[:1] == b"<":
        if root in _HTML_ROOTS or start[:14].lower() == b"<!doctype html":
            return "html"
        if root in _FEED_ROOTS:
            return "feed"
    if start.startswith(b"WARC/") or _gzipped_warc(head):
        return "warc"
    if by_name is None and start.startswith((b'{"', b"{ \"")):
        return "jsonl"
    return "text"


def looks_like_html(text: str) -> bool:
    """Is this text field really an HTML page (a JSONL ``text`` holding markup)?"""
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html"))


def looks_like_markdown(text: str) -> bool:
    """Does this "plain" text carry Markdown structure (front matter, ``#`` headings, links)?"""
    return bool(
        (text.startswith("---") and _FRONT_MATTER.match(text))
        or ("#" in text and _ATX_HEADING.search(text))
        or ("](" in text and _LINK.search(text))
    )


def _skip_bom(head: bytes) -> bytes:
    return head[3:] if head.startswith(b"\xef\xbb\xbf") else head


def _root_tag(start: bytes) -> bytes | None:
    # The first element name after the XML declaration, doctype and comments.
    pos = 0
    while True:
        match = _FIRST_TAG.search(start, pos)
        if match is None:
            return None
        comment_open = start.rfind(b"<!--", 0, match.start())
        if comment_open != -1 and start.find(b"-->", comment_open) > match.start():
            pos = start.find(b"-->", comment_open) + 3  # the tag sits inside a comment
            continue
        return match.group(1).lower()


def _gzipped_warc(head: bytes) -> bool:
    if not head.startswith(b"\x1f\x8b"):
        return False
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16).startswith(b"WARC/")
    except zlib.error:
        return False
