"""ACLED's columns and codes, and one flat row per event (the CSV, Parquet and GeoJSON rows).

Nothing here reads the database: ``flat_row`` takes an ``EventRecord`` (an event with its
corrections applied and its article's outlet/wire/url) and returns a typed dict whose keys
are ``COLUMNS``. ``docs/export.md`` explains every column and every code.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from sitrep.models import Event, Span, sha256_hex
from sitrep.nlp.kb import KnowledgeBase
from sitrep.store.events import EventRecord, day_bounds

# ACLED's own columns, in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
)
# sitrep's own columns, after ACLED's.
SITREP_COLUMNS: tuple[str, ...] = (
    "sitrep_event_id", "article_id", "version_id", "certainty", "background", "evidence", "date_precision",
    "extractor", "date_start", "date_end", "location_precision", "fatalities_low", "fatalities_high",
    "injured", "attributed_to", "evidence_spans", "url", "published", "corrected", "review",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + SITREP_COLUMNS

# ACLED's event types and sub-event types (the contract's acled-taxonomy.json).
TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}

# time_precision: 1 a day, 2 a week (or a span of up to eight days), 3 a month or wider.
WEEK_DAYS = 7  # last day - first day: a Monday-Sunday week is 6, a "Monday to next Monday" span 7
MONTH_DAYS = 31
# geo_precision from sitrep's location.precision.
GEO_PRECISION = {"point": 1, "town": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
# ACLED-style actor names ACLED uses by convention, when the KB does not know the actor.
_NAME_INTER = (
    (re.compile(r"^(?:Military|Police) Forces of ", re.I), 1),
    (re.compile(r"^Unidentified Armed Group \(", re.I), 3),
    (re.compile(r"^Rioters \(", re.I), 5),
    (re.compile(r"^Protesters \(", re.I), 6),
    (re.compile(r"^Civilians \(", re.I), 7),
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
NOTE_CHARS = 300
_ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cpl", "Brig", "Adm", "Rev",
                  "St", "No", "Sen", "Rep", "Gov", "Pres", "Prof", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep",
                  "Oct", "Nov", "Dec", "approx", "vs"}


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str | None
    iso_numeric: int | None
    name: str
    region: str | None


@dataclass
class Countries:
    """The bundled country table (``data/kb/countries.yaml``), looked up by code or name."""

    by_code: dict[str, Country] = field(default_factory=dict)
    by_name: dict[str, Country] = field(default_factory=dict)

    @classmethod
    def bundled(cls) -> Countries:
        path = resources.files("sitrep").joinpath("data").joinpath("kb").joinpath("countries.yaml")
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        table = cls()
        for row in data.get("countries") or []:
            if not isinstance(row, dict) or not row.get("iso2") or not row.get("name"):
                continue
            country = Country(iso2=str(row["iso2"]).upper(), iso3=row.get("iso3"), iso_numeric=row.get("iso_numeric"),
                              name=str(row["name"]), region=row.get("acled_region"))
            table.by_code[country.iso2] = country
            if country.iso3:
                table.by_code[str(country.iso3).upper()] = country
            for name in (country.name, *(row.get("aliases") or [])):
                table.by_name.setdefault(_name_key(str(name)), country)
        return table

    def find(self, code: str | None, name: str | None) -> Country | None:
        """By ISO alpha-2/alpha-3 code first, then by name or alias (case-insensitive)."""
        if code and (found := self.by_code.get(code.strip().upper())):
            return found
        return self.by_name.get(_name_key(name)) if name else None


def _name_key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").casefold().split()).removeprefix("the ")


class InterCodes:
    """ACLED actor-type codes (inter1/inter2) for actor names, from a knowledge base.

    Order: the KB's ``acled_inter`` for the actor the name resolves to (by name, alias or
    ACLED's conventional name, "Military Forces of Sudan" for the army entry), else what an
    ACLED-style name says ("Protesters (Iraq)" → 6), else None.
    """

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb
        self._by_acled_name: dict[str, int] = {}
        for actor in kb or ():
            if actor.acled_name and actor.acled_inter:
                self._by_acled_name[_name_key(actor.acled_name)] = int(actor.acled_inter)

    def __call__(self, actor: str | None, countries: Iterable[str] = ()) -> int | None:
        if not actor:
            return None
        if self.kb is not None:
            known = self.kb.lookup(actor, countries)
            if known is not None and known.acled_inter:
                return int(known.acled_inter)
            by_acled = self._by_acled_name.get(_name_key(actor))
            if by_acled:
                return by_acled
        for pattern, code in _NAME_INTER:
            if pattern.match(actor.strip()):
                return code
        return None


def interaction(inter1: int | None, inter2: int | None, has_actor2: bool) -> int | None:
    """Two codes combined as ACLED does, smaller first (1 and 3 → 13); one actor alone → 10, 60...
    None when a code is missing: a guessed interaction would be worse than none."""
    if inter1 is None:
        return None
    if not has_actor2:
        return inter1 * 10
    if inter2 is None:
        return None
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def time_precision(first: Any, last: Any) -> int:
    span = (last - first).days
    if span <= 0:
        return 1
    return 2 if span <= WEEK_DAYS else 3


def geo_precision(location: dict[str, Any] | None) -> int | None:
    if not location:
        return None
    code = GEO_PRECISION.get(str(location.get("precision") or ""))
    if code == 1 and location.get("near"):
        return 2  # "near Kherson": ACLED codes the nearest town at precision 2
    return code


def first_sentence(text: str, limit: int = NOTE_CHARS) -> str:
    """The first sentence of an evidence span, whitespace collapsed, cut at ``limit`` on a word."""
    text = " ".join(text.split())
    for end in _SENTENCE_END.finditer(text):
        word = text[: end.start()].rsplit(" ", 1)[-1].rstrip(".!?\"'\u201d\u2019)")
        if word not in _ABBREVIATIONS and not re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word):
            text = text[: end.start()]  # "Gen. Idris" and "U.S. Army" do not end a sentence
            break
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return text


def notes(event: Event, corrected: tuple[str, ...] = ()) -> str:
    """The first evidence sentence, then what sitrep knows about it in brackets."""
    summary = first_sentence(event.evidence[0].text) if event.evidence else ""
    tags = [f"certainty={event.certainty}"]
    if event.attributed_to:
        tags.append("attributed to " + ", ".join(event.attributed_to))
    if event.background:
        tags.append("background")
    if corrected:
        tags.append("corrected: " + ", ".join(corrected))
    return f"{summary} [sitrep: {'; '.join(tags)}]".strip()


def _span_ref(span: Span) -> str:
    where = span.section if span.index is None else f"{span.section}[{span.index}]"
    return f"{where}:{span.start}-{span.end}"


def _count(value: dict[str, Any] | None, key: str) -> int | None:
    if not value or value.get(key) is None:
        return None
    try:
        return int(value[key])
    except (TypeError, ValueError):
        return None


def _number(value: Any) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


def _source(record: EventRecord) -> str | None:
    names: list[str] = []
    for name in (record.outlet, record.wire):
        if name and name not in names:
            names.append(name)
    if not names and record.url:
        host = re.sub(r"^[a-z]+://", "", record.url).split("/", 1)[0]
        names.append(host.removeprefix("www."))
    return "; ".join(names) or None


def event_id_cnty(country: Country | None, sitrep_event_id: str) -> str:
    """ACLED's form, ISO alpha-3 + digits ("SDN418210337"), derived from the stable sitrep id
    (so it survives re-extraction); "XXX" when the country is not in the table."""
    digits = int(sha256_hex(sitrep_event_id, 12), 16) % 10**9
    return f"{(country.iso3 if country and country.iso3 else 'XXX')}{digits}"


def flat_row(record: EventRecord, codes: InterCodes, countries: Countries) -> dict[str, Any]:
    """Every column of one event, typed (int/float/bool/str/None); dates as ``datetime.date``."""
    event = record.event
    location = event.location or {}
    country = countries.find(location.get("country_code"), location.get("country"))
    iso2 = [country.iso2] if country else []
    bounds = day_bounds(event.date)
    inter1 = codes(event.actor1, iso2)
    inter2 = codes(event.actor2, iso2)
    fatalities = _count(event.fatalities, "best")
    if fatalities is None:
        fatalities = _count(event.fatalities, "low")
    injured = _count(event.injured, "best")
    if injured is None:
        injured = _count(event.injured, "low")
    return {
        "event_id_cnty": event_id_cnty(country, record.event_id),
        "event_date": bounds[0] if bounds else None,
        "year": bounds[0].year if bounds else None,
        "time_precision": time_precision(*bounds) if bounds else None,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor1,
        "inter1": inter1,
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor2,
        "inter2": inter2,
        "interaction": interaction(inter1, inter2, bool(event.actor2)),
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else None,
        "iso": country.iso_numeric if country else None,
        "region": country.region if country else None,
        "country": country.name if country else (location.get("country") or None),
        "admin1": location.get("admin1"),
        "admin2": location.get("admin2"),
        "admin3": location.get("admin3"),
        "location": location.get("name") or location.get("admin2") or location.get("admin1") or None,
        "latitude": _number(location.get("lat")),
        "longitude": _number(location.get("lon")),
        "geo_precision": geo_precision(location),
        "source": _source(record),
        "source_scale": None,
        "notes": notes(event, record.corrected),
        "fatalities": fatalities,
        "sitrep_event_id": record.event_id,
        "article_id": record.article_id,
        "version_id": record.version_id,
        "certainty": event.certainty,
        "background": bool(event.background),
        "evidence": " | ".join(" ".join(span.text.split()) for span in event.evidence) or None,
        "date_precision": event.date.precision if event.date else None,
        "extractor": event.extractor,
        "date_start": bounds[0] if bounds else None,
        "date_end": bounds[1] if bounds else None,
        "location_precision": location.get("precision"),
        "fatalities_low": _count(event.fatalities, "low"),
        "fatalities_high": _count(event.fatalities, "high"),
        "injured": injured,
        "attributed_to": "; ".join(event.attributed_to) or None,
        "evidence_spans": "; ".join(_span_ref(span) for span in event.evidence) or None,
        "url": record.url,
        "published": record.published.value if record.published else None,
        "corrected": "; ".join(record.corrected) or None,
        "review": record.status,
    }
