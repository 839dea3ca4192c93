"""One options object, built once by the CLI, the REST API or a Python caller and passed down."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

DEFAULT_DB = "sitrep.db"
DEFAULT_MAX_PAGE_BYTES = 10 * 1024 * 1024  # a news page is rarely above 2 MB; 10 MB leaves room for inline HTML junk


@dataclass(frozen=True)
class Settings:
    retrieved: datetime | None = None  # overrides each input's retrieval time (else record field, else file mtime)
    published: str | None = None  # publication date to use when a page states none
    url: str | None = None  # where the page came from (outlet may be read from it)
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    db: str | None = None

    @property
    def db_url(self) -> str:
        return self.db or os.environ.get("SITREP_DB") or DEFAULT_DB
