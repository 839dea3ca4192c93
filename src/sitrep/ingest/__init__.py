"""Stage 1, ingest: input files → Documents (one page each, as structured blocks).

    read_inputs(paths, settings)        files, directories, ``-`` (stdin)
    read_bytes(content, source, ...)    an input already in memory

Both stream: one ``Document`` or ``InputFailure`` at a time, nothing kept between records.
A bad input never stops the others; it becomes an ``InputFailure`` whose short ``problem``
("empty file", "binary file (PDF), not a text page", "line 3: invalid JSON: ...") is printed as
``sitrep: FILE: problem`` and whose ``raw`` keeps the bytes when there were any.

Formats (``formats.py``): text, Markdown, HTML, JSON Lines, WARC, RSS/Atom, by extension and
then by content. Decoding (``decode.py``), one module per page format (``text.py``,
``markdown.py``, ``html.py``), containers (``containers.py``), precedence of command-line
options over record fields (``pages.py``).
"""
from __future__ import annotations

from .reader import read_bytes, read_inputs

__all__ = ["read_bytes", "read_inputs"]
