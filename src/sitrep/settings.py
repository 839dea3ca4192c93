"""One options object, built once by the CLI, the REST API or a Python caller and passed down."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

DEFAULT_DB = "sitrep.db"
DEFAULT_MAX_PAGE_BYTES = 10 * 1024 * 1024  # a news page is rarely above 2 MB; 10 MB leaves room for inline HTML junk


@dataclass(frozen=True)
class Settings:
    retrieved: datetime | None = None  # overrides each input's retrieval time (else record field, else file mtime)
    published: str | None = None  # publication date to use when a page states none
    url: str | None = None  # where the page came from (outlet may be read from it)
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    db: str | None = None
    kb_files: tuple[Path, ...] = field(default_factory=tuple)  # the user's own actor YAML files (--kb, $SITREP_KB)
    place_files: tuple[Path, ...] = field(default_factory=tuple)  # the analyst's own places YAML (--places, $SITREP_PLACES)
    annotate: bool = True  # run the English annotation stages (entities, quotes, events...)

    @property
    def user_kb_files(self) -> tuple[Path, ...]:
        from_env = tuple(Path(p) for p in os.environ.get("SITREP_KB", "").split(os.pathsep) if p)
        return from_env + tuple(self.kb_files)

    @property
    def user_place_files(self) -> tuple[Path, ...]:
        from_env = tuple(Path(p) for p in os.environ.get("SITREP_PLACES", "").split(os.pathsep) if p)
        return from_env + tuple(self.place_files)

    @property
    def db_url(self) -> str:
        return self.db or os.environ.get("SITREP_DB") or DEFAULT_DB
