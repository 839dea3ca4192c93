"""Publication stamps and caption dates: the text of a date → a DateValue with its precision.

Relative stamps ("Updated 52 min 3 sec ago", "2 hours ago", "yesterday") resolve against the
retrieval time, never against the clock. Absolute ones go through dateparser with the
retrieval time as the relative base, so "Updated 3 April" gets a year that is not in the future.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ..models import DateValue

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_LABEL = re.compile(
    r"^(?P<label>(?:last\s+)?updated(?:\s+on|\s+at)?|first\s+published(?:\s+on|\s+at)?|published(?:\s+on|\s+at)?|"
    r"posted(?:\s+on|\s+at)?|date(?:line)?|modified|created|(?:[A-Za-z]+\s+){0,4}as\s+of|"
    r"publi[ée]e?\s+le|mis\s+[àa]\s+jour\s+le|publicado(?:\s+el)?|actualizado(?:\s+el)?)\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hr": 3600,
                 "hour": 3600, "d": 86400, "day": 86400, "w": 604800, "week": 604800}
_REL_PART = re.compile(r"(\d+)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\b", re.IGNORECASE)
_RELATIVE = re.compile(
    r"^(?:(?:\d+\s*(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\b[\s,]*(?:and\s+)?)+ago|"
    r"just now|today|yesterday|an? (?:minute|hour|day|week) ago)\.?$",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)
_TZ = re.compile(r"\s*\(?\b(?:gmt|utc|bst|cet|cest|est|edt|et|pt|pst|pdt|ast|eat|ist|msk)\b\)?(?:\s*[+-]\d{1,2}(?::?\d{2})?)?", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTHS})\.?,?\s+(?P<y1>\d{{4}})|"
    rf"(?P<m2>{_MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTHS})\.?\s+(?P<y>\d{{4}})\b", re.IGNORECASE)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_STAMP_CHARS = re.compile(rf"^[\d\s,./:\-–—()+]*((?:{_MONTHS}|{_WEEKDAY}|am|pm|a\.m\.|p\.m\.|t|z|at|on|of)(?!\w)[\d\s,./:\-–—()+]*)*$", re.IGNORECASE)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _minute(dt: datetime) -> str:
    return _aware(dt).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def parse_relative(text: str, retrieved: datetime) -> DateValue | None:
    """'52 min 3 sec ago', '2 hours ago', 'yesterday' → the instant before ``retrieved``."""
    phrase = text.strip().rstrip(".").lower()
    if not _RELATIVE.match(phrase):
        return None
    if phrase in ("just now",):
        return DateValue(_minute(retrieved), "minute", text)
    if phrase == "today":
        return DateValue(_aware(retrieved).date().isoformat(), "day", text)
    if phrase == "yesterday":
        return DateValue((_aware(retrieved) - timedelta(days=1)).date().isoformat(), "day", text)
    seconds = 0
    for amount, unit in _REL_PART.findall(phrase):
        key = unit.lower().rstrip("s") or "s"
        seconds += int(amount) * _UNIT_SECONDS.get(key, _UNIT_SECONDS.get(key[:3], 0))
    if phrase.startswith(("a ", "an ")):
        seconds = _UNIT_SECONDS[phrase.split()[1]]
    instant = _aware(retrieved) - timedelta(seconds=seconds)
    if seconds >= 86400:  # "3 days ago" is a day, not an instant
        return DateValue(instant.date().isoformat(), "day", text)
    return DateValue(_minute(instant), "minute", text)


def parse_absolute(text: str, retrieved: datetime | None = None, languages: tuple[str, ...] = ("en",)) -> DateValue | None:
    """An absolute stamp ('03 April 2025', '2024-07-16 23:16:53', '14:22 GMT, 12 May 2025')."""
    raw = text.strip().strip("`'\"")
    iso = _ISO.match(raw)
    if iso:
        y, mo, d, hh, mm, _ss, tz = iso.groups()
        try:
            datetime(int(y), int(mo), int(d))
        except ValueError:
            return None
        if hh is None:
            return DateValue(f"{y}-{mo}-{d}", "day", text)
        if tz:
            stamp = datetime.fromisoformat(raw.replace(" ", "T").replace("Z", "+00:00"))
            return DateValue(_minute(stamp), "minute", text)
        return DateValue(f"{y}-{mo}-{d}T{hh}:{mm}", "minute", text)
    cleaned = _TZ.sub(" ", raw)
    english = tuple(languages) == ("en",)
    if english and (quick := _quick_absolute(cleaned.strip(" ,"))) is not None:
        quick.text = text
        return quick
    if not re.search(r"\d", cleaned) or (english and not _STAMP_CHARS.match(cleaned.strip())):
        return None
    if not english and len(cleaned.split()) > 6:
        return None
    import dateparser  # imported lazily: it is slow to import and most pages need it once

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False}
    if retrieved is not None:
        settings["RELATIVE_BASE"] = _aware(retrieved).replace(tzinfo=None)
    parsed = dateparser.parse(cleaned, languages=list(dict.fromkeys([*languages, "en"])), settings=settings)
    if parsed is None:
        return None
    has_day = bool(_DAY_MONTH_YEAR.search(cleaned) or re.search(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", cleaned))
    if _TIME.search(cleaned) and has_day:
        return DateValue(parsed.strftime("%Y-%m-%dT%H:%M"), "minute", text)
    if not english and not has_day and re.search(r"\b\d{1,2}\b", cleaned) and re.search(r"\b\d{4}\b", cleaned):
        has_day = True  # "22 juillet 2025": the month name is not English
    if has_day or re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")\b|\b(?:" + _MONTHS + r")\.?\s+\d{1,2}\b", cleaned, re.IGNORECASE):
        return DateValue(parsed.date().isoformat(), "day", text)
    if _MONTH_YEAR.search(cleaned):
        return DateValue(parsed.strftime("%Y-%m"), "month", text)
    if re.fullmatch(r"\d{4}", cleaned.strip()):
        return DateValue(cleaned.strip(), "year", text)
    return None


_MONTH_NUMBER = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_QUICK = re.compile(
    rf"^(?:{_WEEKDAY}\s+)?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTHS})\.?,?\s+(?P<y1>\d{{4}})|"
    rf"(?P<m2>{_MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))"
    r"(?:,?\s+(?:at\s+)?(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::\d{2})?\s*(?P<ap>am|pm|a\.m\.|p\.m\.)?)?$",
    re.IGNORECASE,
)


def _quick_absolute(text: str) -> DateValue | None:
    """The common stamp shapes without dateparser ('03 April 2025', 'Oct. 3, 2025 at 9:41 a.m.'):
    most pages have one, and dateparser costs milliseconds a call."""
    m = _QUICK.match(text)
    if not m:
        return None
    day = int(m.group("d1") or m.group("d2"))
    month = _MONTH_NUMBER[(m.group("m1") or m.group("m2")).lower()[:3]]
    year = int(m.group("y1") or m.group("y2"))
    try:
        moment = datetime(year, month, day)
    except ValueError:
        return None
    if m.group("h") is None:
        return DateValue(moment.date().isoformat(), "day", text)
    hour, minute = int(m.group("h")), int(m.group("mi"))
    ampm = (m.group("ap") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return DateValue(moment.replace(hour=hour, minute=minute).strftime("%Y-%m-%dT%H:%M"), "minute", text)


_MAYBE_STAMP = re.compile(r"\d|yesterday|today|just now|an? (?:minute|hour|day|week) ago", re.IGNORECASE)


def parse_stamp(line: str, retrieved: datetime | None, languages: tuple[str, ...] = ("en",)) -> DateValue | None:
    """A whole line that is a publication stamp → DateValue with ``kind`` published/updated, else None."""
    text = line.strip()
    if not text or len(text) > 90 or not _MAYBE_STAMP.search(text):
        return None
    label_match = _LABEL.match(text)
    label = (label_match.group("label").lower() if label_match else "")
    rest = text[label_match.end():] if label_match else text
    rest = re.sub(r"^(?:on|at)\s+", "", rest.strip(), flags=re.IGNORECASE).strip(" |·•")
    if not rest:
        return None
    value = parse_relative(rest, retrieved) if retrieved is not None else None
    if value is None:
        if not label and not re.search(r"\d{4}|\bago\b", rest):
            return None  # a bare "12 May" line without a label is too weak to call a stamp
        value = parse_absolute(rest, retrieved, languages)
    if value is None:
        return None
    value.text = text
    value.kind = "updated" if any(w in label for w in ("updated", "modified", "mis à jour", "mis a jour", "actualizado")) else "published"
    return value


def find_date(text: str) -> DateValue | None:
    """The first full calendar date written in a caption or sentence ('on August 22, 2017')."""
    m = _DAY_MONTH_YEAR.search(text)
    if m:
        found = m.group(0)
        value = parse_absolute(found)
        if value is not None:
            value.text = found
            return value
    return None
