"""Plain text → blocks: one per non-empty line, the gaps between them counted.

The words are not touched: only the surrounding whitespace of a line goes, and the bullet
of a bullet line. Scraped pages keep photo captions and page furniture between wide gaps,
so ``blank_before`` is what lets the cleaner tell them from article paragraphs.
"""
from __future__ import annotations

import re

from ..models import Block

_BULLET = re.compile(r"[•*\-–·][ \t\u00a0]+(?=\S)")


def text_blocks(text: str) -> list[Block]:
    """Blocks of a normalised plain-text page (see module docstring)."""
    blocks: list[Block] = []
    blank = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            blank += 1
            continue
        bullet = _BULLET.match(stripped)
        if bullet:
            blocks.append(Block(stripped[bullet.end():], "list_item", level=indent_depth(line), blank_before=blank))
        else:
            blocks.append(Block(stripped, "text", blank_before=blank))
        blank = 0
    return blocks


def indent_depth(line: str) -> int:
    """Nesting depth from leading indentation: two columns a level (a tab is four), as Markdown nests lists."""
    columns = 0
    for char in line:
        if char == " " or char == "\u00a0":
            columns += 1
        elif char == "\t":
            columns += 4
        else:
            break
    return columns // 2
