"""Split a page's blocks into article drafts and give every block a role.

A scraped page glues articles and furniture together. We find where articles start from
signals any outlet's layout gives — a title line that repeats a few lines later, a title
followed by a publication stamp, a Markdown/HTML title — then walk each article's blocks
with a small state machine: the header (stamps, summary bullets, kickers) until the first
real paragraph, then the body, where captions, fact boxes, section headings and "Read more"
link lists are set apart from the paragraphs.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from ..models import Block, Caption, DateValue, FactBox
from .parts import is_caption, is_standalone_dateline, make_caption
from .rules import CleaningRules
from .stamps import parse_stamp

Role = str  # furniture | stamp | caption | list | titlelike | para | title | heading | related
_BYLINE = re.compile(r"^(?:by|words by|reporting by|written by)\s+[A-Z]", re.IGNORECASE)
_QUOTE_CHARS = set("“”\"«»„")
_SENTENCE_END = re.compile(r"[.;:,][\"”’')\]]*$")


@dataclass
class Line:
    text: str
    block: Block
    role: Role
    stamp: DateValue | None = None


@dataclass
class Draft:
    """An article before metadata is read: its blocks sorted into parts."""

    title: str | None
    title_source: str  # "page" | "meta" | "none"
    paragraphs: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    factboxes: list[FactBox] = field(default_factory=list)
    stamps: list[DateValue] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)  # kept for wire/paywall detection, never in body
    kickers: list[str] = field(default_factory=list)
    dropped_related: int = 0
    ended_with_marker: bool = False


def norm_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\W+", " ", text).strip()


def _clean_text(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _titlelike(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 25 or _SENTENCE_END.search(text):
        return False
    first = text.lstrip("“\"‘'([")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


_NAV_SEGMENT = re.compile(r"\s+[|›»·>]\s+|\s{2,}")


def is_nav_line(text: str) -> bool:
    """'Home | Somalia | Region | World', 'Somalia › Security': a site's navigation, not prose."""
    segments = _NAV_SEGMENT.split(text)
    return len(segments) >= 2 and all(0 < len(seg.split()) <= 3 for seg in segments) and not _SENTENCE_END.search(text)


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


_PIPE = re.compile(r"\s+\|\s+")


def _stamp_in_segments(text: str, retrieved: datetime | None, languages: tuple[str, ...]) -> DateValue | None:
    """A publication stamp inside a pipe-separated meta line."""
    segments = _PIPE.split(text)
    if len(segments) < 2 or any(len(seg.split()) > 12 for seg in segments):
        return None
    for segment in segments:
        stamp = parse_stamp(segment, retrieved, languages)
        if stamp is not None:
            return stamp
    return None


def _furniture_segments(text: str, rules: CleaningRules) -> bool:
    """'Download PDF (412 KB) | Subscribe to updates': a row of links, one of them page furniture."""
    segments = _PIPE.split(text)
    return len(segments) >= 2 and all(len(seg.split()) <= 8 for seg in segments) and any(
        rules.furniture.match(seg) or rules.related_header.match(seg) for seg in segments)


def classify(blocks: list[Block], rules: CleaningRules, retrieved: datetime | None,
             languages: tuple[str, ...] = ("en",)) -> list[Line]:
    """Give each block a first role from its own text and markup; context comes later."""
    lines: list[Line] = []
    for block in blocks:
        text = _clean_text(block.text)
        if not text or block.kind == "rule":
            continue
        if block.kind == "title" or (block.kind == "heading" and block.level == 1):
            role = "title"
        elif block.kind == "caption":
            role = "caption"
        elif rules.related_header.match(text):
            role = "related"
        elif (stamp := _stamp_in_segments(text, retrieved, languages)) is not None:
            lines.append(Line(text, block, "stamp", stamp))  # "By X staff | Published 18 June 2025, 14:20 GMT | 6 min read"
            continue
        elif rules.furniture.match(text) or is_nav_line(text) or _furniture_segments(text, rules):
            role = "furniture"
        elif _BYLINE.match(text) or (rules.outlet_by_name(text) is not None and len(text.split()) <= 5):
            role = "furniture"  # a byline, or the name of an outlet or agency on its own line
        elif len(text.split()) == 1 and block.kind not in ("list_item", "heading") and not re.search(r"[.!?]$", text):
            role = "furniture"  # a lone word between blocks: a tag, a section label, a "More" link
        elif (stamp := parse_stamp(text, retrieved, languages)) is not None:
            lines.append(Line(text, block, "stamp", stamp))
            continue
        elif block.kind == "list_item":
            role = "list"
        elif block.kind == "heading":
            role = "heading"
        elif is_caption(text, rules):
            role = "caption"
        elif _titlelike(text):
            role = "titlelike"
        else:
            role = "para"
        lines.append(Line(text, block, role))
    for i, line in enumerate(lines[:-1]):
        # a short line above the navigation bar is the site's masthead, not a headline
        if line.role == "titlelike" and len(line.text.split()) <= 6 and is_nav_line(lines[i + 1].text):
            line.role = "furniture"
    return _join_datelines(lines, rules)


def _join_datelines(lines: list[Line], rules: CleaningRules) -> list[Line]:
    """A dateline printed on a line of its own ("KASSALA, Sudan (AP) —") opens the paragraph
    below it: join them, so it is read as the dateline and never taken for a headline."""
    out: list[Line] = []
    pending: Line | None = None
    for line in lines:
        if pending is not None:
            if line.role == "para":
                line.text = f"{pending.text} {line.text}"
            else:
                out.append(pending)
            pending = None
        if line.role in ("titlelike", "heading", "para") and is_standalone_dateline(line.text, rules):
            pending = line
            continue
        out.append(line)
    if pending is not None:
        out.append(pending)
    return out


_SKIPPABLE = {"furniture", "stamp", "caption", "related"}


def find_starts(lines: list[Line]) -> tuple[list[int], set[int]]:
    """Indexes of lines that open an article, and of repeated-title lines to drop."""
    starts: list[int] = []
    duplicates: set[int] = set()
    seen_para = False
    for i, line in enumerate(lines):
        if line.role == "para":
            seen_para = True
        if i in duplicates:
            continue
        if line.role == "title":
            if starts and norm_key(lines[starts[-1]].text) == norm_key(line.text) and all(
                    lines[k].role in _SKIPPABLE for k in range(starts[-1] + 1, i)):
                duplicates.add(i)  # <title> and <h1> saying the same thing: one title
                continue
            starts.append(i)
            continue
        if line.role not in ("titlelike", "heading") or len(line.text.split()) < 3 or is_all_caps(line.text):
            continue
        key = norm_key(line.text)
        stamp_follows = False
        for j in range(i + 1, min(len(lines), i + 12)):
            other = lines[j]
            if norm_key(other.text) == key:
                duplicates.add(j)
                starts.append(i)
                break
            if other.role == "stamp":
                stamp_follows = True
                continue
            if other.role in _SKIPPABLE:
                continue
            if other.role == "list" and stamp_follows:
                continue
            break
        if starts and starts[-1] == i:
            continue
        previous = lines[i - 1].role if i else None
        if stamp_follows and (not seen_para or line.block.blank_before >= 2 or previous in ("furniture", "stamp")):
            starts.append(i)
    if not starts:
        # the page's own title: a title-like line that the text (or a stamp) follows, before any paragraph
        for i, line in enumerate(lines):
            if line.role == "para":
                break
            if line.role == "titlelike" and len(line.text.split()) >= 3 and not is_all_caps(line.text):
                following = next((other for other in lines[i + 1:] if other.role not in ("furniture", "caption")), None)
                if following is not None and following.role in ("para", "stamp", "list"):
                    starts.append(i)
                    break
    return sorted(set(starts)), duplicates


def _next_content(lines: list[Line], i: int, end: int) -> Line | None:
    for j in range(i + 1, end):
        if lines[j].role not in ("furniture", "caption", "stamp"):
            return lines[j]
    return None


def _is_heading(line: Line, following: Line | None) -> bool:
    text = line.text
    if len(text.split()) > 12 or any(c in _QUOTE_CHARS for c in text) or text.endswith(("-", "—", "–")):
        return False
    if re.search(r"\b(?:said|says|told)\b", text):
        return False
    return following is not None and following.role in ("para", "list")


def _is_factbox_title(line: Line, following: Line | None) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", line.text)
    return (
        len(line.text.split()) <= 6
        and letters.isupper()
        and following is not None
        and following.role == "list"
    )


def _append_paragraph(paragraphs: list[str], text: str, block: Block) -> None:
    # hard-wrapped text: a line that continues the previous sentence joins it
    if paragraphs and block.blank_before == 0 and text[:1].islower() and not re.search(r"[.!?][\"”’)]*$", paragraphs[-1]):
        paragraphs[-1] = paragraphs[-1] + " " + text
    else:
        paragraphs.append(text)


def build_draft(lines: list[Line], start: int, end: int, duplicates: set[int], rules: CleaningRules,
                title: str | None, title_source: str) -> Draft:
    """Walk one article's lines: header until the first paragraph, then body."""
    draft = Draft(title=title, title_source=title_source)
    in_body = in_related = False
    factbox: FactBox | None = None
    title_key = norm_key(title) if title else None
    last_caption_alt = -2
    for i in range(start, end):
        line = lines[i]
        role, text = line.role, line.text
        if draft.ended_with_marker:
            draft.furniture.append(text)  # after "Continue reading..." comes the login prompt, never the article
            continue
        if i in duplicates or (title_key and norm_key(text) == title_key and role != "para"):
            continue
        if role == "related":
            in_related, factbox = True, None
            draft.dropped_related += 1
            draft.furniture.append(text)
            continue
        if in_related:
            if role in ("list", "titlelike", "stamp", "furniture", "heading"):
                draft.dropped_related += 1
                continue
            in_related = False
        if role == "furniture":
            draft.furniture.append(text)
            if in_body and rules.truncation_tail.fullmatch(text.strip()):
                draft.ended_with_marker = True
            continue
        if role == "stamp":
            if not in_body and line.stamp is not None:
                draft.stamps.append(line.stamp)
            else:
                draft.furniture.append(text)
            continue
        if role == "caption":
            caption = make_caption(text, rules, line.block.attrs.get("credit"))
            if draft.captions and last_caption_alt == i - 1 and line.block.kind != "caption":
                draft.captions[-1] = caption  # an image's alt text, then its printed caption: one caption
            else:
                draft.captions.append(caption)
            if line.block.kind == "caption":
                last_caption_alt = i
            continue
        following = _next_content(lines, i, end)
        if role == "list":
            if factbox is not None:
                factbox.items.append(text)
            elif not in_body:
                draft.summary.append(text)
            else:
                _append_paragraph(draft.paragraphs, text, line.block)
            continue
        factbox = None
        if role in ("titlelike", "heading", "title"):
            if _is_factbox_title(line, following):
                factbox = FactBox(title=text, items=[])
                draft.factboxes.append(factbox)
            elif not in_body and following is not None and following.role == "para" and (
                    role == "heading" or ((draft.factboxes or draft.summary) and _is_heading(line, following))):
                # a heading right above the text, after the standfirst: the first section of the article
                draft.headings.append(text)
            elif not in_body:
                if not _BYLINE.match(text):
                    draft.kickers.append(text)
                draft.furniture.append(text)
            elif role == "heading" or _is_heading(line, following):
                draft.headings.append(text)
            else:
                _append_paragraph(draft.paragraphs, text, line.block)
            continue
        # a paragraph
        if rules.truncation_tail.fullmatch(text):
            draft.ended_with_marker = True
            draft.furniture.append(text)
            continue
        in_body = True
        _append_paragraph(draft.paragraphs, text, line.block)
    draft.factboxes = [box for box in draft.factboxes if box.items]
    return draft


def segment(blocks: list[Block], rules: CleaningRules, retrieved: datetime | None,
            meta_title: str | None, languages: tuple[str, ...] = ("en",)) -> list[Draft]:
    """All article drafts of one page, in page order."""
    lines = classify(blocks, rules, retrieved, languages)
    starts, duplicates = find_starts(lines)
    drafts: list[Draft] = []
    if not starts:
        return [build_draft(lines, 0, len(lines), duplicates, rules, meta_title, "meta" if meta_title else "none")]
    lead = lines[: starts[0]]
    if sum(1 for line in lead if line.role == "para") >= 2:
        drafts.append(build_draft(lines, 0, starts[0], duplicates, rules, meta_title, "meta" if meta_title else "none"))
        lead = []
    bounds = starts + [len(lines)]
    for n, start in enumerate(starts):
        draft = build_draft(lines, start + 1, bounds[n + 1], duplicates, rules, lines[start].text, "page")
        if n == 0 and lead:
            # captions shown above the first title belong to it
            draft.captions[:0] = [make_caption(line.text, rules, line.block.attrs.get("credit"))
                                  for line in lead if line.role == "caption"]
            if not draft.stamps:  # "Posted 7 Aug 2025" in the meta line above the headline
                draft.stamps = [line.stamp for line in lead if line.role == "stamp" and line.stamp is not None]
        drafts.append(draft)
    return drafts
