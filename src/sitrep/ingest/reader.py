"""Where inputs come from (paths, directories, stdin, bytes in memory) and which reader gets them."""
from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import IO, BinaryIO

from ..errors import InputError
from ..models import InputFailure, RawInput
from ..settings import Settings
from .containers import Item, read_all, read_feed, read_jsonl, read_warc, too_large
from .decode import binary_kind
from .formats import canonical, sniff
from .pages import Hints, Origin, aware, document_from_bytes

HEAD = 4096  # enough to tell HTML, feeds, WARC and JSONL apart


def read_inputs(paths: Iterable[str], settings: Settings, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Documents (or failures) of every page in ``paths``, one at a time, in order.

    A path is a file, a directory (walked recursively in name order, hidden entries and
    symlinked directories skipped) or ``-`` for ``stdin`` (default: the process's stdin).
    """
    for path in paths:
        if path == "-":
            origin = Origin("-", settings, datetime.now(timezone.utc))
            yield from _read_stream(stdin if stdin is not None else sys.stdin.buffer, origin, None, None)
        else:
            yield from _read_path(path, settings)


def read_bytes(content: bytes, source: str, settings: Settings, fmt: str | None = None,
               retrieved: datetime | None = None) -> Iterator[Item]:
    """Documents (or failures) of an input already in memory (an upload, a stored raw input).

    ``source`` names it (its extension picks the format unless ``fmt`` does); ``retrieved``
    stands in for a file's mtime (default: now). ValueError for an unknown ``fmt``.
    """
    chosen = canonical(fmt) if fmt else None  # fail now, not at the first next()
    origin = Origin(source, settings, aware(retrieved) or datetime.now(timezone.utc))
    return _read_stream(io.BytesIO(content), origin, chosen, len(content))


def _read_path(path: str, settings: Settings) -> Iterator[Item]:
    try:
        info = os.stat(path)
    except OSError as exc:
        yield InputFailure(path, _os_problem(exc))
        return
    if not stat.S_ISDIR(info.st_mode):
        yield from _read_file(path, info, settings)
        return
    found = False
    for entry in _walk(path):
        found = True
        if isinstance(entry, InputFailure):
            yield entry
        else:
            yield from _read_file(*entry, settings)
    if not found:
        yield InputFailure(path, "no files in directory")


def _walk(directory: str) -> Iterator[tuple[str, os.stat_result] | InputFailure]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield InputFailure(directory, _os_problem(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path)
            elif entry.is_file():
                yield entry.path, entry.stat()
        except OSError as exc:
            yield InputFailure(entry.path, _os_problem(exc))


def _read_file(path: str, info: os.stat_result, settings: Settings) -> Iterator[Item]:
    origin = Origin(path, settings, datetime.fromtimestamp(info.st_mtime, timezone.utc))
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputFailure(path, _os_problem(exc))
        return
    with fh:
        yield from _read_stream(fh, origin, None, info.st_size if stat.S_ISREG(info.st_mode) else None)


def _read_stream(fh: IO[bytes], origin: Origin, fmt: str | None, size: int | None) -> Iterator[Item]:
    """Route one input to its reader; ``size`` (from stat) is checked before the body is read."""
    source = origin.source
    head = fh.read(HEAD)
    if fh.seekable():
        fh.seek(0)
    else:
        fh = io.BufferedReader(_Prefixed(head, fh))
    if not head:
        problem = "empty input" if source == "-" else "empty file"
        yield InputFailure(source, problem, RawInput(source, b"", fmt or "text", origin.retrieved()))
        return
    explicit = fmt is not None
    fmt = fmt or sniff("" if source == "-" else source, head)
    kind = None if fmt == "warc" else binary_kind(head)  # WARCs are gzip and hold binary payloads
    if kind is not None:
        problem = f"binary file ({kind}), not a text page" if kind else "binary file, not a text page"
        yield InputFailure(source, problem, RawInput(source, read_all(fh), fmt, origin.retrieved()))
        return
    if fmt == "jsonl":
        yield from read_jsonl(fh, origin)
        return
    if fmt == "warc":
        yield from read_warc(fh, origin)
        return
    # An oversized page is refused on its stat() size; it is still read (a megabyte at a time)
    # because the failure keeps its raw bytes for the store. Nothing outlives this record.
    oversized = bool(origin.limit) and size is not None and size > origin.limit
    data = read_all(fh)
    total = max(size or 0, len(data))
    if oversized or (origin.limit and total > origin.limit):
        raw = RawInput(source, data, fmt, origin.retrieved(), size=total)
        yield InputFailure(source, too_large("feed" if fmt == "feed" else "page", total, origin.limit), raw)
        return
    if fmt == "feed":
        yield from read_feed(data, origin)
        return
    raw = RawInput(source, data, fmt, origin.retrieved())
    try:
        yield document_from_bytes(raw, fmt, origin, Hints(), sniff=not explicit)
    except InputError as exc:
        yield InputFailure(source, exc.problem, raw)


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


class _Prefixed(io.RawIOBase):
    """A non-seekable stream (stdin) whose first bytes were already read for sniffing."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
