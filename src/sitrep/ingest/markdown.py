"""Markdown (as crawlers and reader tools save it) → front-matter metadata and blocks.

Markdown syntax is page structure, not article text: headings, list items, quotes, rules and
image captions become block kinds; a link keeps its words and loses its URL; code, emphasis
and embedded HTML tags lose their markers. Like plain text, one block per non-empty line:
crawler Markdown rarely follows the blank-line paragraph rule, so lines are kept apart and the
cleaner joins them.
"""
from __future__ import annotations

import html
import re
from typing import Any

from ..models import Block
from .text import indent_depth

_FRONT_START = re.compile(r"\A---[ \t]*\n")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_FRONT_KEY = re.compile(r"\s*[A-Za-z_][\w-]*[ \t]*:")
_SIMPLE_PAIR = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
_URL_KEYS = ("canonical_url", "url", "source")

_HIDDEN = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_FENCE = re.compile(r"(`{3,}|~{3,})")
_RULE = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_SETEXT_H1 = re.compile(r"={3,}")
_HEADING = re.compile(r"(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_QUOTE = re.compile(r"(?:>[ \t]?)+")
_LIST = re.compile(r"(?:[*+\-•–·]|\d{1,3}[.)])[ \t]+(?=\S)")
_REF_DEF = re.compile(r"\[[^\]]+\]:[ \t]*\S+")
_TABLE_SEP = re.compile(r"\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?")

_URL = r"(?:[^()\s]|\([^()\s]*\))*(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?[ \t]*"
_ALT = r"((?:[^\[\]]|\[[^\[\]]*\])*)"  # alt text may hold one level of brackets: "[File: AP]"
_IMAGE = re.compile(r"!\[" + _ALT + r"\]\(" + _URL + r"\)|!\[" + _ALT + r"\]\[[^\]]*\]")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(" + _URL + r"\)")
_REF_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG_EM = (
    re.compile(r"(?<![\w*])(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?![\w*])"),
    re.compile(r"(?<![\w_])(_{1,3})(?=[^\s_])(.+?)(?<=[^\s_])\1(?![\w_])"),
    re.compile(r"(~~)(?=\S)(.+?)(?<=\S)\1"),
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PLACEHOLDERS = re.compile("[\ue000-\ue07f]")
_SPECIAL = re.compile(r"[\\`*_\[\]<>&~!]")
_SPACES = re.compile(r"[ \t]{2,}")
# Reader tools prefix alt text with "Image 3:"; file names and URLs are not captions.
_ALT_PREFIX = re.compile(r"^(?:image|photo|picture|figure)\s*\d*\s*:\s*", re.I)
_NOT_A_CAPTION = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|svg|avif)$|^(?:https?:|www\.|data:)", re.I)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(meta, rest)``: YAML front matter at the very top, keys lower-cased, values as strings."""
    start = _FRONT_START.match(text)
    if start is None or not _FRONT_KEY.match(text, start.end()):
        return {}, text
    end = _FRONT_END.search(text, start.end())
    if end is None:
        return {}, text
    meta = _parse_yaml(text[start.end():end.start()])
    rest_start = text.find("\n", end.end())
    return meta, ("" if rest_start == -1 else text[rest_start + 1:])


def url_from_meta(meta: dict[str, str]) -> str | None:
    """The page URL a front matter gives (``canonical_url``, ``url`` or ``source``)."""
    for key in _URL_KEYS:
        value = meta.get(key, "").strip()
        if value.startswith(("http://", "https://")):
            return value
    return None


def markdown_blocks(text: str) -> list[Block]:
    """Blocks of a Markdown page body (front matter already split off)."""
    if "<" in text:
        # Multi-line comments and scripts vanish but keep their newlines, so gaps stay counted.
        text = _HIDDEN.sub(lambda m: "\n" * m.group().count("\n"), text)
    blocks: list[Block] = []
    blank = 0
    fence: str | None = None
    for line in text.split("\n"):
        stripped = line.strip()
        if fence is not None:  # inside a code fence: lines as they are
            if stripped.startswith(fence):
                fence = None
            elif stripped:
                blocks.append(Block(stripped, "text", blank_before=blank))
                blank = 0
            else:
                blank += 1
            continue
        if not stripped:
            blank += 1
            continue
        fence_match = _FENCE.match(stripped)
        if fence_match:
            fence = fence_match.group(1)
            continue
        if _RULE.fullmatch(stripped):
            blocks.append(Block("", "rule", blank_before=blank))
            blank = 0
            continue
        if _SETEXT_H1.fullmatch(stripped) and blank == 0 and blocks and blocks[-1].kind == "text":
            blocks[-1].kind, blocks[-1].level = "heading", 1
            continue
        if _TABLE_SEP.fullmatch(stripped) and "|" in stripped:
            continue
        new = _line_blocks(line, stripped, blank)
        if new:
            blocks.extend(new)
            blank = 0
        else:
            blank += 1  # a line that renders as nothing (empty link, bare tag) is a gap
    return blocks


def _line_blocks(line: str, stripped: str, blank: int) -> list[Block]:
    if _REF_DEF.fullmatch(stripped):
        return []
    kind, level, body = "text", 0, stripped
    heading = _HEADING.fullmatch(stripped)
    if heading:
        kind, level, body = "heading", len(heading.group(1)), heading.group(2) or ""
    elif quote := _QUOTE.match(stripped):
        kind, level, body = "quote", quote.group().count(">") - 1, stripped[quote.end():]
    elif item := _LIST.match(stripped):
        kind, level, body = "list_item", indent_depth(line), stripped[item.end():]
    elif stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        cells = (_cell_text(cell) for cell in stripped[1:-1].split("|"))
        row = " | ".join(cell for cell in cells if cell)
        return [Block(row, "text", blank_before=blank)] if row else []
    out: list[Block] = []
    if "![" in body:
        for image in _IMAGE.finditer(body):
            alt = _caption_text(image.group(1) if image.group(1) is not None else image.group(2))
            if alt:
                out.append(Block(alt, "caption", blank_before=blank if not out else 0))
        body = _IMAGE.sub("", body)
    words = clean_inline(body)
    if words:
        out.append(Block(words, kind, level=level, blank_before=blank if not out else 0))
    return out


def clean_inline(text: str) -> str:
    """Inline Markdown → its words: links keep their text, code/emphasis/tag markers go."""
    if not _SPECIAL.search(text):
        return text.strip()
    escaped = "\\" in text and not _PLACEHOLDERS.search(text)
    if escaped:  # hide \* \_ \[ ... from the rules below, restore them at the end
        text = _ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)
    if "`" in text:
        text = _CODE.sub(lambda m: m.group(2).strip(), text)
    if "[" in text:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(lambda m: m.group(1), text)
        text = _REF_LINK.sub(lambda m: m.group(1), text)
    if "<" in text:
        text = _AUTOLINK.sub(lambda m: m.group(1), text)
        text = _TAG.sub(" ", text)
    for pattern in _STRONG_EM:
        for _ in range(3):  # nested emphasis: ***a** b*
            text, count = pattern.subn(lambda m: m.group(2), text)
            if not count:
                break
    if "&" in text:
        text = html.unescape(text)
    if escaped:
        text = _PLACEHOLDERS.sub(lambda m: chr(ord(m.group()) - 0xE000), text)
    return _SPACES.sub(" ", text).strip()


def _cell_text(cell: str) -> str:
    return clean_inline(_IMAGE.sub("", cell))


def is_file_or_url(text: str) -> bool:
    """Alt text that names a file or a URL says nothing about the picture."""
    return _NOT_A_CAPTION.search(text) is not None


def _caption_text(alt: str) -> str:
    alt = _ALT_PREFIX.sub("", clean_inline(alt))
    return "" if is_file_or_url(alt) else alt


def _parse_yaml(block: str) -> dict[str, str]:
    import yaml  # only pages with front matter pay for it

    try:
        # BaseLoader keeps every scalar as written: "2026-02-09" stays a string, not a date.
        data = yaml.load(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        data = None
    meta: dict[str, str] = {}
    if isinstance(data, dict):
        _flatten(data, "", meta)
        return meta
    for key, value in _SIMPLE_PAIR.findall(block):  # broken YAML: keep the plain key: value lines
        value = value.strip().strip("\"'")
        if value:
            meta[key.lower()] = value
    return meta


def _flatten(data: dict[Any, Any], prefix: str, meta: dict[str, str]) -> None:
    for key, value in data.items():
        name = prefix + str(key).strip().lower()
        if isinstance(value, dict):
            _flatten(value, name + ".", meta)
        elif isinstance(value, list):
            joined = ", ".join(str(v).strip() for v in value if isinstance(v, str) and v.strip())
            if joined:
                meta[name] = joined
        elif value is not None and str(value).strip():
            meta[name] = str(value).strip()
