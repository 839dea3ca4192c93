"""HTML → blocks and metadata, through trafilatura.

trafilatura finds the article and hands back its structure (``head``, ``p``, ``list/item``,
``quote``, ``graphic``, ``table``); each element becomes a Block, its ``<lb/>`` breaks separate
lines. Its metadata (dates from htmldate) goes into ``meta``. trafilatura keeps images but drops
``<figcaption>``, so figure captions (and the credit when the markup separates it) are read from
the parsed tree with lxml and put back beside their image: that complements trafilatura, it does
not re-extract the article.

trafilatura and htmldate are imported here only, and this module is imported only when a page
is HTML: plain-text and Markdown input never pays for them.
"""
from __future__ import annotations

import re
from configparser import ConfigParser
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from trafilatura import bare_extraction
from trafilatura.settings import use_config
from trafilatura.utils import load_html

from ..errors import FormatError
from ..models import Block
from .markdown import is_file_or_url

NO_TEXT = "no article text found in HTML"

_DEFERRED = {"list", "table", "graphic"}  # block-level children handled after the lines around them
_BREAKING = {"p", "head", "quote", "item", "row", "cell", "div", "code"}
_LEAVES = {"head", "p", "quote", "code"}  # trafilatura's text blocks; other non-inline tags are wrappers
_INLINE = {"hi", "ref", "del", "span", "a", "b", "i", "em", "strong", "sub", "sup", "small", "abbr", "cite"}
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|byline|attribution|source|author", re.I)
_HEADING_LEVEL = re.compile(r"h([1-6])")


@dataclass
class _Figure:
    """A ``<figcaption>`` read from the page itself."""

    text: str
    credit: str | None
    images: set[str] = field(default_factory=set)  # file names of the figure's images
    before: str = ""  # text of the paragraph just before the figure
    after: str = ""  # ... and just after
    ancestors: tuple[Any, ...] = ()  # the figure's ancestor elements (kept alive: compared by id)
    used: bool = False


def html_page(text: str, source: str, url: str | None = None, fragment: bool = False) -> tuple[list[Block], dict[str, str]]:
    """``(blocks, meta)`` for an HTML page; ``fragment`` for feed-entry HTML (no page metadata).

    Raises FormatError when trafilatura finds no article text, or only link texts (navigation).
    """
    tree = load_html(text)
    if tree is None:
        raise FormatError(source, NO_TEXT)
    # Read what we need from the tree before trafilatura gets it.
    figures = _figures(tree)
    paragraphs = [(_ws(p.text_content()), tuple(p.iterancestors())) for p in tree.iter("p")] if figures else []
    anchors = {_ws(a.text_content()) for a in tree.iter("a")}
    updated = None if fragment else _updated_date(tree, url)
    stamped = None if fragment else _published_time(tree)
    result = bare_extraction(
        tree, url=url, include_comments=False, include_tables=True, include_images=True,
        with_metadata=not fragment, config=_config(),
    )
    if result is None or result.body is None:
        raise FormatError(source, NO_TEXT)
    blocks: list[Block] = []
    _element(result.body, blocks, figures, 0)
    if figures:
        _place_figures(blocks, figures, _article_root(blocks, paragraphs))
    body = [b for b in blocks if b.kind not in ("caption", "rule")]
    if not body or all(b.text in anchors for b in body):
        raise FormatError(source, NO_TEXT)
    meta = {} if fragment else _meta(result, updated)
    if stamped:
        meta["date"] = stamped  # the markup's own timestamp keeps the time of day htmldate drops
    if meta.get("title"):
        blocks.insert(0, Block(meta["title"], "title"))
    if blocks:
        blocks[0].blank_before = 0
    return blocks, meta


@cache
def _config() -> ConfigParser:
    """trafilatura's settings, but short texts (a brief, a feed entry) are kept as found.

    Below MIN_EXTRACTED_SIZE trafilatura falls back to a baseline that glues every text node of
    the page together (navigation included, paragraphs sometimes twice); a short article is better
    taken as its main extraction found it. An empty extraction still gets the fallback.
    """
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _element(el: Any, blocks: list[Block], figures: list[_Figure], depth: int) -> None:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return
    if tag == "graphic":
        _graphic(el, blocks, figures)
    elif tag == "list":
        first = True
        for item in el:
            if item.tag != "item":
                _element(item, blocks, figures, depth)
                continue
            lines, deferred = _lines(item)
            for line in lines:
                blocks.append(Block(line, "list_item", level=depth, blank_before=1 if first else 0))
                first = False
            for child in deferred:
                _element(child, blocks, figures, depth + 1)
    elif tag == "table":
        for i, row in enumerate(el.iter("row")):
            cells = [_ws(" ".join(cell.itertext())) for cell in row.iter("cell")]
            line = " | ".join(c for c in cells if c)
            if line:
                blocks.append(Block(line, "text", blank_before=0 if i else 1))
    elif tag not in _LEAVES:
        _wrapper(el, blocks, figures, depth)
    else:
        kind, level = "text", 0
        if tag == "head":
            kind = "heading"
            match = _HEADING_LEVEL.fullmatch(el.get("rend") or "")
            level = int(match.group(1)) if match else 2
        elif tag == "quote":
            kind = "quote"
        lines, deferred = _lines(el)
        for i, line in enumerate(lines):
            blocks.append(Block(line, kind, level=level, blank_before=0 if i else 1))
        for child in deferred:
            _element(child, blocks, figures, depth)


def _wrapper(el: Any, blocks: list[Block], figures: list[_Figure], depth: int) -> None:
    """``<body>``, or the bare ``<article>``/``<div>`` trafilatura returns for short texts: its loose
    text runs become text blocks, its block children are read in order."""
    run: list[str] = []

    def flush() -> None:
        lines = [line for line in (_ws(part) for part in "".join(run).split("\n")) if line]
        blocks.extend(Block(line, "text", blank_before=0 if i else 1) for i, line in enumerate(lines))
        run.clear()

    if el.text:
        run.append(el.text)
    for child in el:
        tag = child.tag
        if tag == "lb":
            run.append("\n")
        elif tag in _INLINE:
            run.append("".join(child.itertext()))
        elif isinstance(tag, str):
            flush()
            _element(child, blocks, figures, depth)
        if child.tail:
            run.append(child.tail)
    flush()


def _lines(el: Any) -> tuple[list[str], list[Any]]:
    """The text lines of an element (split at ``<lb/>`` and inner paragraphs), and its nested blocks."""
    parts: list[str] = []
    deferred: list[Any] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            if isinstance(tag, str):
                if tag in _DEFERRED:
                    deferred.append(child)
                elif tag == "lb":
                    parts.append("\n")
                elif tag in _BREAKING:
                    parts.append("\n")
                    walk(child)
                    parts.append("\n")
                else:
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = (_ws(line) for line in "".join(parts).split("\n"))
    return [line for line in lines if line], deferred


def _graphic(el: Any, blocks: list[Block], figures: list[_Figure]) -> None:
    key = _image_key(el.get("src"))
    figure = next((f for f in figures if not f.used and key and key in f.images), None)
    if figure is not None:
        figure.used = True
        _add_caption(blocks, figure.text, figure.credit)
        return
    title, alt = _ws(el.get("title") or ""), _ws(el.get("alt") or "")
    text = title if len(title.split()) >= 2 else alt
    # A one-word alt ("photo", "logo") or a file name says nothing about the picture.
    if len(text.split()) >= 2 and not is_file_or_url(text):
        _add_caption(blocks, text, None)


def _add_caption(blocks: list[Block], text: str, credit: str | None, at: int | None = None) -> None:
    if any(b.kind == "caption" and b.text == text for b in blocks):
        return
    block = Block(text, "caption", blank_before=1, attrs={"credit": credit} if credit else {})
    blocks.insert(len(blocks) if at is None else at, block)


def _place_figures(blocks: list[Block], figures: list[_Figure], root: Any) -> None:
    """Give each figcaption one caption block, beside its image or the paragraph it follows.

    trafilatura either drops a figcaption (then it is put back, if the figure sits inside the
    article: not in a sidebar or a related-stories teaser) or keeps it as plain paragraphs
    (then those become the caption, or go when the caption is already there).
    """
    for figure in figures:
        full = _ws(f"{figure.text} {figure.credit or ''}")
        copies = [i for i, b in enumerate(blocks) if b.kind != "caption" and b.text in (figure.text, full, figure.credit)]
        placed = next((i for i, b in enumerate(blocks) if b.kind == "caption" and b.text == figure.text), None)
        if placed is None and copies and blocks[copies[0]].text in (figure.text, full):
            placed = copies.pop(0)  # trafilatura kept the caption as a paragraph
            blocks[placed].kind, blocks[placed].text, blocks[placed].level = "caption", figure.text, 0
            if figure.credit:
                blocks[placed].attrs["credit"] = figure.credit
        if placed is not None:
            for i in reversed(copies):
                if abs(i - placed) <= 3:  # the caption's words again, as paragraphs beside it
                    del blocks[i]
            continue
        if root is None or id(root) not in {id(a) for a in figure.ancestors}:
            continue
        at = None
        if figure.before:
            at = next((i + 1 for i in range(len(blocks) - 1, -1, -1)
                       if blocks[i].kind != "caption" and figure.before.endswith(blocks[i].text)), None)
        if at is None and figure.after:
            at = next((i for i, b in enumerate(blocks) if b.kind != "caption" and figure.after.startswith(b.text)), None)
        if at is not None:
            _add_caption(blocks, figure.text, figure.credit, at)


def _article_root(blocks: list[Block], paragraphs: list[tuple[str, tuple[Any, ...]]]) -> Any:
    """The smallest element of the page holding every paragraph trafilatura kept, or None."""
    kept = {b.text for b in blocks if b.kind != "caption"}
    chains = [ancestors for text, ancestors in paragraphs if text and text in kept]
    if not chains:
        return None
    common = set(map(id, chains[0]))
    for chain in chains[1:]:
        common &= set(map(id, chain))
    return next((a for a in chains[0] if id(a) in common), None)


def _figures(tree: Any) -> list[_Figure]:
    figures: list[_Figure] = []
    for caption in tree.iter("figcaption"):
        text_parts: list[str] = []
        credit_parts: list[str] = []
        _split_credit(caption, text_parts, credit_parts, is_credit=False)
        text, credit = _ws(" ".join(text_parts)), _ws(" ".join(credit_parts))
        if not text:
            text, credit = credit, ""
        if not text:
            continue
        figure = next((a for a in caption.iterancestors() if a.tag == "figure"), caption.getparent())
        images: set[str] = set()
        for img in figure.iter("img", "source"):
            for attr in ("src", "data-src", "data-original", "srcset", "data-srcset"):
                for candidate in (img.get(attr) or "").split(","):
                    key = _image_key(candidate.strip().split(" ")[0])
                    if key:
                        images.add(key)
        before = figure.xpath("preceding::p[1]")
        after = figure.xpath("following::p[1]")
        figures.append(_Figure(
            text=text, credit=credit or None, images=images,
            before=_ws(before[0].text_content()) if before else "",
            after=_ws(after[0].text_content()) if after else "",
            ancestors=(figure, *figure.iterancestors()),
        ))
    return figures


def _split_credit(node: Any, text_parts: list[str], credit_parts: list[str], is_credit: bool) -> None:
    # Credit: an element the markup marks as one (<cite>, <small>, class="credit"/"copyright"...).
    if node.text:
        (credit_parts if is_credit else text_parts).append(node.text)
    for child in node:
        if isinstance(child.tag, str):
            child_credit = is_credit or child.tag in ("cite", "small") or bool(_CREDIT_CLASS.search(child.get("class") or ""))
            _split_credit(child, text_parts, credit_parts, child_credit)
        if child.tail:
            (credit_parts if is_credit else text_parts).append(child.tail)


_PUBLISHED_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
    '//article//time[@datetime]/@datetime',
    '//time[@pubdate]/@datetime',
)


def _published_time(tree: Any) -> str | None:
    """A publication timestamp with a time of day, as the markup states it (ISO 8601), or None."""
    for path in _PUBLISHED_XPATHS:
        for value in tree.xpath(path):
            value = str(value).strip()
            if re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", value):
                return value
    return None


def _updated_date(tree: Any, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        # Markup only (no free-text search): "last updated" must come from the page's own stamps.
        return find_date(tree, url=url, original_date=False, extensive_search=False)
    except Exception:  # htmldate failing on odd markup must not cost the page itself
        return None


def _meta(result: Any, updated: str | None) -> dict[str, str]:
    meta: dict[str, str] = {}
    fields = {
        "title": result.title, "date": result.date, "description": result.description,
        "site_name": result.sitename, "author": result.author, "url": result.url,
        "language": result.language,
        "categories": ", ".join(result.categories or []), "tags": ", ".join(result.tags or []),
    }
    for key, value in fields.items():
        if value and _ws(str(value)):
            meta[key] = _ws(str(value))
    if updated and updated != meta.get("date"):
        meta["date_updated"] = updated
    return meta


def _image_key(src: str | None) -> str:
    return urlsplit(src).path.rsplit("/", 1)[-1] if src else ""


def _ws(text: str) -> str:
    return " ".join(text.split())
