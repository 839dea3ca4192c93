"""Write stored events out: ACLED-layout CSV, the contract's JSON Lines, GeoJSON, Parquet.

    from sitrep.export import export_events
    with open_store("sitrep.db") as store:
        report = export_events(store, "acled-csv", "events.csv", include_background=False)
    print(report.summary())

Every format reads the latest version of each article with analysts' corrections applied
(rejected events left out, corrected fields named). ``docs/export.md`` describes the formats,
the columns and ACLED's codes, and what ACLED cannot express.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date
from typing import IO, Iterator, Literal

from sitrep.export.acled import ACLED_COLUMNS, COLUMNS, SITREP_COLUMNS, TAXONOMY, Countries, InterCodes, flat_row
from sitrep.export.writers import ExportReport, Selection, write_csv, write_geojson, write_jsonl, write_parquet
from sitrep.nlp.kb import KnowledgeBase
from sitrep.store import Store

ExportFormat = Literal["acled-csv", "jsonl", "geojson", "parquet"]
FORMATS: tuple[str, ...] = ("acled-csv", "jsonl", "geojson", "parquet")


@contextmanager
def _binary(out: str | os.PathLike[str] | IO[bytes]) -> Iterator[IO[bytes]]:
    if isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as fh:
            yield fh
    else:
        yield out


def export_events(store: Store, format: str, out: str | os.PathLike[str] | IO[bytes], *,
                  include_background: bool = True, since: date | None = None,
                  kb: KnowledgeBase | None = None, countries: Countries | None = None,
                  selection: Selection | None = None) -> ExportReport:
    """Write ``store``'s events (``jsonl``: its articles) to ``out`` (a path or a binary stream).

    ``include_background``: keep events the articles recall as context (default), with a
    ``background`` column. ``since``: only events dated on or after that day (a range counts
    when it ends then or later). ``kb``: actors for ACLED inter codes (default: the bundled
    knowledge base). ``selection``: only these events (see :class:`Selection`).
    Raises ValueError for an unknown format.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    if format == "jsonl":
        with _binary(out) as fh:
            return write_jsonl(store, fh, include_background=include_background, since=since, selection=selection)
    codes = InterCodes(kb if kb is not None else KnowledgeBase.bundled())
    countries = countries if countries is not None else Countries.bundled()
    writer = {"acled-csv": write_csv, "geojson": write_geojson, "parquet": write_parquet}[format]
    with _binary(out) as fh:
        return writer(store, fh, codes=codes, countries=countries, include_background=include_background, since=since,
                      selection=selection)


__all__ = [
    "ACLED_COLUMNS",
    "COLUMNS",
    "Countries",
    "ExportFormat",
    "ExportReport",
    "FORMATS",
    "InterCodes",
    "SITREP_COLUMNS",
    "Selection",
    "TAXONOMY",
    "export_events",
    "flat_row",
]
