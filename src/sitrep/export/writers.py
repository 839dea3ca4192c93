"""One writer per export format. Each streams: nothing but a batch of rows is held in memory."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from sitrep.export.acled import COLUMNS, MONTH_DAYS, Countries, InterCodes, flat_row
from sitrep.models import to_dict
from sitrep.output import article_json
from sitrep.store import Store
from sitrep.store.corrections import ReviewedEvent
from sitrep.store.events import EventRecord, day_bounds

_PARQUET_BATCH = 5000


@dataclass(frozen=True)
class Selection:
    """Export only these events (ids as ``sitrep_event_id``), read from only these articles:
    a filter evaluated elsewhere, e.g. by the API over the event index."""

    event_ids: frozenset[str]
    article_ids: tuple[str, ...]


@dataclass
class ExportReport:
    """What an export wrote and what it left out, and why (the CLI prints it on stderr)."""

    format: str
    written: int = 0  # events written (jsonl: articles)
    events: int = 0  # events that passed the filters below
    rejected: int = 0  # rejected by an analyst: never exported
    background: int = 0  # left out by include_background=False
    before_since: int = 0  # dated before ``since``, or undated while ``since`` was given
    no_country: int = 0  # acled-csv: no country, left out
    no_date: int = 0  # acled-csv: no usable date, left out
    no_coordinates: int = 0  # geojson: no (valid) coordinates, left out
    wide_dates: int = 0  # acled-csv/parquet: dated to a year or a range over a month (time_precision 3 anyway)
    corrected: int = 0  # events written with analysts' corrections
    not_selected: int = 0  # outside the caller's Selection

    def problems(self) -> list[str]:
        """One line per kind of event that was left out or approximated."""
        lines = []
        if self.no_country:
            lines.append(f"{self.no_country} events without a country left out (ACLED needs one)")
        if self.no_date:
            lines.append(f"{self.no_date} events without a date left out (ACLED needs one)")
        if self.no_coordinates:
            lines.append(f"{self.no_coordinates} events without coordinates left out of the GeoJSON")
        if self.wide_dates:
            lines.append(f"{self.wide_dates} events known only to a year or a range over a month: "
                         "event_date is the first day, time_precision 3 (see date_precision, date_start, date_end)")
        return lines

    def summary(self) -> str:
        what = "articles" if self.format == "jsonl" else "events"
        left = [f"{n} {why}" for n, why in ((self.rejected, "rejected by analysts"),
                                            (self.background, "background"),
                                            (self.before_since, "before --since")) if n]
        text = f"{self.written} {what} written ({self.corrected} events with corrections)"
        return text + (f"; left out: {', '.join(left)}" if left else "")


def _on_or_after(record_date: Any, since: date) -> bool:
    bounds = day_bounds(record_date)
    return bounds is not None and bounds[1] >= since


def _filtered(records: Iterator[EventRecord] | Iterator[ReviewedEvent], report: ExportReport,
              include_background: bool, since: date | None, selection: Selection | None = None) -> Iterator[Any]:
    for record in records:
        if selection is not None and record.anchor.id not in selection.event_ids:
            report.not_selected += 1
        elif record.status == "rejected":
            report.rejected += 1
        elif record.event.background and not include_background:
            report.background += 1
        elif since is not None and not _on_or_after(record.event.date, since):
            report.before_since += 1
        else:
            report.events += 1
            yield record


def _rows(store: Store, report: ExportReport, codes: InterCodes, countries: Countries,
          include_background: bool, since: date | None, selection: Selection | None) -> Iterator[dict[str, Any]]:
    records = store.iter_events(include_background=True, include_rejected=True,
                                article_ids=selection.article_ids if selection is not None else None)
    for record in _filtered(records, report, include_background, since, selection):
        row = flat_row(record, codes, countries)
        row["_corrected"] = bool(record.corrected or record.status)
        yield row


def _wide(row: dict[str, Any]) -> bool:
    return row["date_start"] is not None and (row["date_end"] - row["date_start"]).days > MONTH_DAYS


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class _Text:
    """A UTF-8 text view of the caller's binary stream, detached (not closed) at the end."""

    fh: IO[bytes]

    def __enter__(self) -> io.TextIOWrapper:
        self.wrapper = io.TextIOWrapper(self.fh, encoding="utf-8", newline="", write_through=True)  # type: ignore[arg-type]
        return self.wrapper

    def __exit__(self, *_exc: object) -> None:
        self.wrapper.flush()
        self.wrapper.detach()


def write_csv(store: Store, fh: IO[bytes], *, codes: InterCodes, countries: Countries,
              include_background: bool = True, since: date | None = None,
              selection: Selection | None = None) -> ExportReport:
    """ACLED's columns in ACLED's order, then sitrep's. Events ACLED cannot hold (no country,
    no date) are left out and counted; nothing is filled in with a guess."""
    report = ExportReport("acled-csv")
    with _Text(fh) as text:
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        for row in _rows(store, report, codes, countries, include_background, since, selection):
            if row["country"] is None:
                report.no_country += 1
                continue
            if row["event_date"] is None:
                report.no_date += 1
                continue
            report.wide_dates += _wide(row)
            report.corrected += row["_corrected"]
            writer.writerow([_csv_cell(row[c]) for c in COLUMNS])
            report.written += 1
    return report


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def write_geojson(store: Store, fh: IO[bytes], *, codes: InterCodes, countries: Countries,
                  include_background: bool = True, since: date | None = None,
              selection: Selection | None = None) -> ExportReport:
    """A FeatureCollection of Point features ([longitude, latitude], WGS 84) whose properties
    are the CSV's columns; events without valid coordinates are left out and counted."""
    report = ExportReport("geojson")
    with _Text(fh) as text:
        text.write('{"type": "FeatureCollection", "features": [')
        for row in _rows(store, report, codes, countries, include_background, since, selection):
            lat, lon = row["latitude"], row["longitude"]
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                report.no_coordinates += 1
                continue
            report.corrected += row["_corrected"]
            feature = {
                "type": "Feature",
                "id": row["sitrep_event_id"],
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {c: _json_value(row[c]) for c in COLUMNS},
            }
            text.write(("\n" if report.written == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
            report.written += 1
        text.write("\n]}\n")
    return report


def parquet_schema() -> Any:
    import pyarrow as pa

    ints = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
            "fatalities_low", "fatalities_high", "injured"}
    kinds = {"latitude": pa.float64(), "longitude": pa.float64(), "background": pa.bool_(),
             "event_date": pa.date32(), "date_start": pa.date32(), "date_end": pa.date32()}
    return pa.schema([(c, pa.int64() if c in ints else kinds.get(c, pa.string())) for c in COLUMNS])


def write_parquet(store: Store, fh: IO[bytes], *, codes: InterCodes, countries: Countries,
                  include_background: bool = True, since: date | None = None,
              selection: Selection | None = None) -> ExportReport:
    """One flat, typed table with the CSV's columns. Unlike the CSV it keeps events without a
    country or date (those cells are null): Parquet has no format to satisfy."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    report = ExportReport("parquet")
    schema = parquet_schema()
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(fh, schema) as writer:
        for row in _rows(store, report, codes, countries, include_background, since, selection):
            report.wide_dates += _wide(row)
            report.corrected += row["_corrected"]
            batch.append(row)
            report.written += 1
            if len(batch) >= _PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return report


def event_json(item: ReviewedEvent) -> dict[str, Any]:
    """An event in the contract's shape, plus its stable id and what analysts did to it."""
    data = to_dict(item.event)
    data["sitrep_event_id"] = item.anchor.id
    data["corrected"] = list(item.corrected)
    data["review"] = item.status
    data["corrections"] = list(item.corrections)
    return data


def write_jsonl(store: Store, fh: IO[bytes], *, include_background: bool = True,
                since: date | None = None, selection: Selection | None = None) -> ExportReport:
    """One article per line in the contract's JSON (latest version, every annotation), its
    events corrected. With ``since``, an article is written when one of its events or, failing
    any, its publication (else retrieval) date is on or after that day."""
    report = ExportReport("jsonl")
    for article, reviewed in store.reviewed_articles(
            article_ids=selection.article_ids if selection is not None else None):
        kept = list(_filtered(iter(reviewed), report, include_background, since, selection))
        if selection is not None and not kept:
            continue
        if since is not None and not kept and not _article_since(article, since):
            continue
        data = article_json(article)
        data["events"] = [event_json(item) for item in kept]
        report.corrected += sum(1 for item in kept if item.corrected or item.status)
        fh.write((json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8"))
        report.written += 1
    return report


def _article_since(article: Any, since: date) -> bool:
    if article.published is not None:
        return _on_or_after(article.published, since)
    return bool(article.retrieved) and article.retrieved[:10] >= since.isoformat()
