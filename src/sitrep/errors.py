"""Exceptions sitrep raises, each carrying the input it concerns.

    SitrepError
    ├── InputError          an input could not be read as a page (names file and problem)
    │   ├── DecodeError     bytes that are not text in any encoding we accept (binary, PDF, PNG)
    │   ├── EmptyInputError nothing but whitespace
    │   ├── TooLargeError   over the configured size limit (kept raw, not processed)
    │   └── FormatError     a container that is broken (truncated .warc.gz, bad JSONL line, bad feed)
    └── StoreError          the database could not be opened or written
        └── MigrationError  the schema could not be brought to the current version
"""
from __future__ import annotations


class SitrepError(Exception):
    """Base class: every sitrep failure a caller may want to catch."""


class InputError(SitrepError):
    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class DecodeError(InputError):
    pass


class EmptyInputError(InputError):
    pass


class TooLargeError(InputError):
    pass


class FormatError(InputError):
    pass


class StoreError(SitrepError):
    pass


class MigrationError(StoreError):
    pass
