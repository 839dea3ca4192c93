"""The records that flow through sitrep, in pipeline order.

    RawInput ─ingest→ Document (one page, as blocks) ─clean→ Article | Rejection ─nlp/events→ annotated Article ─store

Plain dataclasses: every stage takes one kind of record and returns the next, so stages
can be tested alone and swapped. ``to_dict`` renders the contract's JSON shape
(``../shared/contract/README.md``); nothing else in the package decides field names.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

SCHEMA = "sitrep/1"

Precision = Literal["minute", "day", "week", "month", "year", "unknown"]
SectionName = Literal["title", "summary", "body", "caption", "factbox", "heading"]
BlockKind = Literal[
    "text",  # a paragraph or line whose role the cleaner must decide (plain text gives only these)
    "title",  # the page's own title (HTML <title>/<h1>, Markdown '# ', front matter title)
    "heading",  # a section heading inside the page
    "list_item",  # a bullet or numbered item
    "caption",  # a photo caption the source marked up as one (figcaption, Markdown image alt)
    "quote",  # a block quote
    "rule",  # a horizontal rule / separator
]


def sha256_hex(data: bytes | str, length: int = 64) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:length]


@dataclass(frozen=True)
class RawInput:
    """The bytes of one input record exactly as read, so nothing is ever lost.

    ``source`` is the file path (or ``-``), ``record`` the position of the record inside a
    container file (JSONL line number, WARC record offset, feed entry index), or None.
    """

    source: str
    content: bytes
    format: str
    retrieved: datetime
    record: str | None = None
    encoding: str | None = None
    url: str | None = None
    size: int | None = None  # the original size when ``content`` was not kept whole (oversized input)

    @property
    def sha256(self) -> str:
        return sha256_hex(self.content)

    @property
    def input_id(self) -> str:
        return self.source if self.record is None else f"{self.source}#{self.record}"


@dataclass
class Block:
    """One paragraph-level unit of a page, with the structure its format told us."""

    text: str
    kind: BlockKind = "text"
    level: int = 0  # heading level, list depth
    blank_before: int = 0  # blank lines before it in a text page: captions and furniture sit between wide gaps
    attrs: dict[str, str] = field(default_factory=dict)  # e.g. {"credit": ...} from HTML figure markup


@dataclass
class Document:
    """One page: decoded text split into blocks, and what the container said about it."""

    input_id: str
    raw: RawInput
    blocks: list[Block]
    retrieved: datetime
    url: str | None = None
    published_hint: str | None = None  # --published / a record's `published`
    title_hint: str | None = None  # a record's `title`
    meta: dict[str, str] = field(default_factory=dict)  # front matter / <meta>: title, date, description, site_name, author, outlet
    encoding: str | None = None
    format: str = "text"


@dataclass
class DateValue:
    value: str
    precision: Precision
    text: str | None = None
    kind: str | None = None  # "published" | "updated" (article stamps)
    start: str | None = None
    end: str | None = None


@dataclass
class Dateline:
    place: str
    country: str | None = None
    text: str | None = None


@dataclass
class Caption:
    text: str
    credit: str | None = None
    date: DateValue | None = None


@dataclass
class FactBox:
    title: str | None
    items: list[str]


@dataclass
class Span:
    section: SectionName
    start: int
    end: int
    text: str
    index: int | None = None


@dataclass
class Mention(Span):
    pass


@dataclass
class Entity:
    id: str
    name: str
    type: str
    kb_id: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Quote:
    text: str
    kind: str  # direct | partial | indirect | scare (a quoted name or term, not speech: speaker None)
    speaker: str | None
    section: SectionName
    start: int
    end: int
    speaker_entity: str | None = None
    speaker_title: str | None = None
    speaker_org: str | None = None
    index: int | None = None


@dataclass
class Claim:
    text: str
    value: float | int | None
    unit: str | None
    subject: str | None
    attributed_to: str | None
    evidence: Span | None = None
    time: str | None = None


@dataclass
class Relation:
    subject: str
    predicate: str
    object: str
    evidence: Span | None = None


@dataclass
class Event:
    id: str
    event_type: str
    sub_event_type: str | None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor1: str | None = None
    assoc_actor2: str | None = None
    date: DateValue | None = None
    location: dict[str, Any] | None = None
    fatalities: dict[str, Any] | None = None
    injured: dict[str, Any] | None = None
    background: bool = False
    civilian_targeting: bool = False
    certainty: str = "reported"
    attributed_to: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    extractor: str | None = None


@dataclass
class Article:
    """One article found on a page, cleaned, with its parts kept apart."""

    id: str
    version_id: str
    input_id: str
    title: str
    body: str
    url: str | None = None
    outlet: str | None = None
    wire: str | None = None
    dateline: Dateline | None = None
    published: DateValue | None = None
    updated: DateValue | None = None  # extension: the "Updated ..." stamp when the page also gives a published one
    summary: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    factboxes: list[FactBox] = field(default_factory=list)
    language: str = "en"
    retrieved: str | None = None
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def section_text(self, section: SectionName, index: int | None = None) -> str:
        """The text that offsets with this ``section``/``index`` point into."""
        if section == "title":
            return self.title
        if section == "body":
            return self.body
        if section == "summary":
            return self.summary[index or 0]
        if section == "heading":
            return self.headings[index or 0]
        if section == "caption":
            return self.captions[index or 0].text
        if section == "factbox":
            items = [i for box in self.factboxes for i in box.items]
            return items[index or 0]
        raise ValueError(f"unknown section {section!r}")

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)


@dataclass
class Rejection:
    """An input or page part that is not an article: kept, marked, never stored as an article."""

    input_id: str
    reason: str
    excerpt: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"input_id": self.input_id, "reason": self.reason}


def to_dict(record: Any) -> Any:
    """Dataclass → plain JSON-ready dict (contract field names are the attribute names)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    if isinstance(record, datetime):
        return record.isoformat()
    return record


@dataclass
class InputFailure:
    """An input that could not be read. Its raw bytes (when there were any) are kept all the same."""

    source: str
    problem: str
    raw: RawInput | None = None

    @property
    def input_id(self) -> str:
        return self.raw.input_id if self.raw else self.source

    def to_dict(self) -> dict[str, Any]:
        return {"input_id": self.input_id, "reason": f"unreadable: {self.problem}"}
