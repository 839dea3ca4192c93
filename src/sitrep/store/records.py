"""What the store hands back besides models.Article: small frozen records."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sitrep.models import RawInput

SaveStatus = Literal["new", "new_version", "unchanged"]


@dataclass(frozen=True)
class SaveResult:
    """Where ``save_article`` put an article: ``article_id`` may differ from the incoming
    ``Article.id`` when the article was recognised by its URL or outlet+title."""

    article_id: str
    version_id: str
    status: SaveStatus


@dataclass(frozen=True)
class VersionInfo:
    version_id: str
    article_id: str
    seq: int  # 1 for the first version stored, then 2, 3, ...
    title: str
    created_at: str  # when the store saved it (ISO 8601, UTC)
    retrieved: str | None  # when the page was fetched
    input_id: str
    raw_id: int | None
    latest: bool


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    version_id: str
    title: str
    snippet: str  # body excerpt, matched words wrapped in ``**``
    score: float  # higher is better; comparable only within one result list
    outlet: str | None
    published: str | None


@dataclass(frozen=True)
class RawRecord:
    """One stored input, as read, for re-extraction."""

    id: int
    source: str
    record: str | None
    content: bytes
    encoding: str | None
    url: str | None
    retrieved: datetime
    format: str
    sha256: str
    size: int

    def to_raw_input(self) -> RawInput:
        return RawInput(
            source=self.source,
            content=self.content,
            format=self.format,
            retrieved=self.retrieved,
            record=self.record,
            encoding=self.encoding,
            url=self.url,
            size=self.size if self.size != len(self.content) else None,
        )
