"""Event dates: every date phrase in a sentence → a DateValue resolved against the article's own day.

    find_dates("Gunmen attacked the base on Sunday, the army said.", date(2025, 3, 10))
    → [DateMention(start=28, end=34, text="Sunday", value=DateValue("2025-03-09", "day", ...), relative=True)]

The ``anchor`` is the day the article reports from (its publication date). The rules:

- A day or month written without its year takes the latest year that does not put it after the anchor
  ("Oct. 19" in an article of 2025-01-05 is 2024-10-19); a period that would run past the anchor is cut
  at the anchor ("earlier this month", "mid-December" written on 15 December ends on the 15th).
- A weekday is the most recent such day, the anchor itself included ("on Friday" in a Friday article is
  that Friday; ``anchor_weekday_ok=False`` makes it the week before). "last Friday" is never the anchor.
  "Saturday night", "late Monday" and "overnight Tuesday" span that day and the next (never past the
  anchor), because reports place night events on either date.
- Rolling and calendar periods: "last week" is the previous Monday–Sunday (precision week); "in the past
  24 hours" / "in the last two weeks" run up to the anchor; "since X" runs from the start of X to the anchor.
- "a year ago" is the month one year before (precision month: the phrase is vague); "N weeks ago" is a
  week-long window around that day; "N days ago" is that day.
- "the day before" / "a day earlier" are the anchor's previous day (brief: relative to the anchor; a
  narrative "the day before the vote" is anchored to something else and comes back as ``unknown``).
  "the following day" / "a day later" would be after the anchor, so they come back as precision
  ``unknown``: a date is mentioned, but not one that can be placed.
- Explicit dates are kept as written, even after the anchor ("December 25, 2026" in a 2025 article), and
  so are future relative phrases ("next week", "tomorrow"). ``date_interval(value)[0] > anchor`` tells the
  event coder that the thing has not happened yet. Impossible dates ("31 February") are not returned.
- Not dates: ages ("45-year-old"), durations ("for 10 days", "an 18-month siege"), times alone
  ("3 a.m."), counts ("250,000", "killed 1950 people"), numbers in names ("Vision 2030", "Tower 22").
  A bare four-digit year counts only between 1900 and the anchor's year + 1 and in a date-like context
  ("in 2016", "since 2020", "of 2023", "the 2022 coup", "a 2023 case").

Shapes of the returned DateValue (contract: ``value`` = ``start`` for a range):
a day → ``value`` "2025-10-19", precision day; a whole calendar month → "2020-01", precision month;
a whole calendar year → "2019", precision year; anything else → a range with ``start``/``end`` (ISO days),
``value`` = ``start`` and, as precision, the coarser of the two ends as written ("from late January to
February 6": month; "between 1 and 7 August": day; "last week": week; "late 2019": month);
``unknown`` → ``value`` is the anchor day as a placeholder, with no start/end: never use it as the date.

Numeric dates ("15/03/2025") are not searched for in sentences (day/month order is ambiguous), but
``resolve_date`` reads them through dateparser. Seasons count only with a year ("summer 2024"); winter
(it straddles two years) and holidays ("Easter Sunday") are not resolved.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..models import DateValue, Precision

__all__ = ["DateMention", "find_dates", "resolve_date", "date_interval"]


@dataclass
class DateMention:
    """One date phrase found in a sentence: code-point offsets into the sentence and its value."""

    start: int
    end: int
    text: str
    value: DateValue
    relative: bool  # the value depends on the anchor: a weekday, "last week", a day written without its year, "since ..."


# ── vocabulary ──────────────────────────────────────────────────────────────────────────────────────
_MONTH_FULL = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
_MONTH_NUM = {m[:3].lower(): i + 1 for i, m in enumerate(_MONTH_FULL)}
# Month and weekday names must be capitalised: "may", "march" and "sunday best" are not dates.
_MONTH = "(?:" + "|".join(
    [*_MONTH_FULL, *(m.upper() for m in _MONTH_FULL),
     *(rf"{a}\.?" for a in ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"))]
) + r")(?![A-Za-z])"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + r")(?![A-Za-z])"
# A day of the month: not part of a bigger number, a time ("5:30") or a decimal.
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:%]|[.,]\d)"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)(?![\d%]|[.,]\d)"
_SEASON = "(?i:spring|summer|autumn|fall)"
_ISO_YEAR, _ISO_DAY = r"(?:19|20)\d\d", r"0[1-9]|[12]\d|3[01]"
_PART = r"(?i:early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of)(?:\s*-\s*|\s+)"
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
            "thirty": 30, "forty-eight": 48, "seventy-two": 72}
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_VAGUE = r"(?:a\s+few|few|several|a\s+couple\s+of|couple\s+of|a\s+number\s+of)"
# A plural count after a number means it is a count, whatever precedes it ("in 2000 homes").
_COUNT_NOUNS = frozenset(
    "people persons troops soldiers fighters civilians men women children families households homes houses "
    "residents refugees dead deaths casualties killed wounded injured members militants rebels prisoners "
    "detainees hostages vehicles rockets missiles drones shells rounds km kilometres kilometers miles metres "
    "meters tonnes tons dollars euros pounds votes cases victims workers students migrants buildings villages "
    "hectares acres bodies graves sorties strikes attacks".split())
_EVENT_NOUNS = (r"(?:coup|election|elections|vote|referendum|war|uprising|revolution|revolt|ceasefire|truce|"
                r"agreement|accord|deal|attack|attacks|offensive|invasion|case|report|census|law|protests?|"
                r"earthquake|floods?|raid|massacre|bombing|siege|clashes|crackdown|riots?|campaign|summit|"
                r"killing|killings|ruling|constitution|budget|operation|incursion|withdrawal|takeover)")
# Words that turn a weekday into a name: "Bloody Sunday", "Good Friday".
_WEEKDAY_NAMES = frozenset("bloody good black super ash holy palm easter maundy cyber great clean shrove".split())
# Leading words never kept in a mention's span ("on Sunday" → "Sunday"); "since", "from" and "last" are kept.
_TRIM = re.compile(r"(?i:on|in|at|during|over|for|of|within)\s+")  # used with .match(text, pos): anchored there
_SINCE = re.compile(r"(?i:\bsince)\s+$")
_ORDER: dict[str, int] = {"minute": 0, "day": 1, "week": 2, "month": 3, "year": 4, "unknown": 5}


# ── point forms: one date as written, possibly missing its year or month ─────────────────────────────
def _forms(named: bool) -> dict[str, str]:
    """The shapes one date is written in. Named groups for parsing a phrase alone; plain groups for
    embedding in bigger patterns (a regex may not repeat a group name)."""

    def g(name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    weekday = rf"(?:{_WEEKDAY},?\s+)?"  # "Sunday, March 9": the explicit date decides
    year = rf"(?:,?\s+(?:(?i:of)\s+)?{g('y', _YEAR)})?"
    return {
        "iso": g("y", _ISO_YEAR) + "-" + g("m", "0[1-9]|1[0-2]") + "-" + g("d", _ISO_DAY) + r"(?![\d-])",
        "dmy": rf"{weekday}(?:(?i:the)\s+)?{g('d', _DAY)}\s+(?:(?i:of)\s+)?{g('m', _MONTH)}{year}",
        "mdy": rf"{weekday}{g('m', _MONTH)}\s+{g('d', _DAY)}{year}",
        "partm": rf"{g('p', _PART)}{g('m', _MONTH)}{year}",
        "party": rf"{g('p', _PART)}{g('y', _YEAR)}",
        "season": rf"(?:(?i:the)\s+)?{g('s', _SEASON)}\s+(?:(?i:of)\s+)?{g('y', _YEAR)}",
        "my": rf"{g('m', _MONTH)},?\s+(?:(?i:of)\s+)?{g('y', _YEAR)}",
        "m": g("m", _MONTH),
        "y": g("y", _YEAR),
        "d": g("d", _DAY),
    }


_NAMED = {k: re.compile(v) for k, v in _forms(True).items()}
_PLAIN = _forms(False)
_WHOLE = "|".join(_PLAIN[k] for k in ("iso", "dmy", "mdy", "partm", "party", "season", "my"))
_ENDPOINT = "|".join(_PLAIN[k] for k in ("iso", "dmy", "mdy", "partm", "party", "season", "my", "m", "y", "d"))


@dataclass(frozen=True)
class _Point:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    part: str | None = None  # early | mid | late | spring | summer | autumn

    @property
    def year_only(self) -> bool:
        return self.month is None and self.day is None


def _part(word: str) -> str:
    word = word.lower()
    if "mid" in word:
        return "mid"
    if "late" in word or "end" in word:
        return "late"
    return "early"


def _parse_point(phrase: str) -> _Point | None:
    """A phrase already known to be one written date → its parts."""
    for kind, rx in _NAMED.items():
        m = rx.fullmatch(phrase)
        if not m:
            continue
        groups = m.groupdict()
        part = _part(groups["p"]) if groups.get("p") else None
        if groups.get("s"):
            part = "autumn" if groups["s"].lower() == "fall" else groups["s"].lower()
        month = groups.get("m")
        return _Point(
            year=int(groups["y"]) if groups.get("y") else None,
            month=(int(month) if kind == "iso" else _MONTH_NUM[month.lower()[:3]]) if month else None,
            day=int(re.match(r"\d+", groups["d"]).group()) if groups.get("d") else None,  # type: ignore[union-attr]
            part=part,
        )
    return None


# ── calendar helpers ────────────────────────────────────────────────────────────────────────────────
def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _thirds(first: date, last: date, part: str) -> tuple[date, date]:
    """Early/mid/late of a month (days 1–10, 11–20, 21–end) or of a year (Jan–Apr, May–Aug, Sep–Dec)."""
    if first.month == last.month:
        bounds = {"early": (1, 10), "mid": (11, 20), "late": (21, last.day)}[part]
        return first.replace(day=bounds[0]), first.replace(day=bounds[1])
    months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    return date(first.year, months[0], 1), _month_end(first.year, months[1])


def _bounds(p: _Point, year: int) -> tuple[date, date, Precision] | None:
    """First and last day a written date covers in ``year``; None when no such day exists (31 February)."""
    try:
        if p.day is not None and p.month is not None:
            day = date(year, p.month, p.day)
            return day, day, "day"
        if p.month is not None:
            first, last = date(year, p.month, 1), _month_end(year, p.month)
            if p.part:
                first, last = _thirds(first, last, p.part)
            return first, last, "month"
        if p.part in ("spring", "summer", "autumn"):
            start = {"spring": 3, "summer": 6, "autumn": 9}[p.part]
            return date(year, start, 1), _month_end(year, start + 2), "month"
        if p.part:
            first, last = _thirds(date(year, 1, 1), date(year, 12, 31), p.part)
            return first, last, "month"
        return date(year, 1, 1), date(year, 12, 31), "year"
    except ValueError:
        return None


@dataclass(frozen=True)
class _Res:
    """A resolved period. ``first``/``last`` None means precision unknown."""

    first: date | None
    last: date | None
    precision: Precision
    relative: bool


def _unknown() -> _Res:
    return _Res(None, None, "unknown", True)


def _resolve_point(p: _Point, anchor: date, mod: str | None = None) -> _Res | None:
    """A written date → its period. A missing year is the latest that keeps the start on or before
    the anchor ("last": strictly before the anchor's month; "next": after the anchor)."""
    if p.year is not None:
        got = _bounds(p, p.year)
        if got is None:
            return None
        if p.year_only and not 1900 <= p.year <= anchor.year + 1:
            return None  # a number, not a year ("Resolution 2254", "in 2500 homes" is caught elsewhere)
        return _Res(*got, relative=False)
    if mod == "next":
        for year in range(anchor.year, anchor.year + 9):
            got = _bounds(p, year)
            if got and got[0] > anchor:
                return _Res(*got, relative=True)
        return None
    if mod == "this":
        got = _bounds(p, anchor.year)
        if got is None:
            return None
        first, last, precision = got
        return _Res(first, min(last, anchor) if first <= anchor else last, precision, True)
    limit = date(anchor.year, anchor.month, 1) - timedelta(days=1) if mod == "last" else anchor
    for year in range(anchor.year, anchor.year - 9, -1):  # 9 years: a 29 February always turns up
        got = _bounds(p, year)
        if got and got[0] <= limit:
            return _Res(got[0], min(got[1], anchor), got[2], True)
    return None


def _coarser(a: Precision, b: Precision) -> Precision:
    return a if _ORDER[a] >= _ORDER[b] else b


# ── candidates ──────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class _Cand:
    start: int  # span kept as the mention
    end: int
    raw_start: int  # what the pattern matched, context words included: longer wins an overlap
    raw_end: int
    res: _Res
    chain: str | None = None  # "y" / "m": a bare year or month that may be followed by ", 2017 and 2019"


def _trimmed(text: str, start: int, end: int) -> int:
    m = _TRIM.match(text, start, end)
    return m.end() if m else start


_Handler = Callable[[re.Match[str], str, date, bool], "_Cand | None"]


def _cand(m: re.Match[str], text: str, res: _Res | None, group: str | int = 0, chain: str | None = None) -> _Cand | None:
    if res is None:
        return None
    start, end = m.span(group)
    if group == 0:
        start = _trimmed(text, start, end)
    return _Cand(start, end, m.start(), m.end(), res, chain)


def _whole(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    p = _parse_point(m.group("core"))
    return _cand(m, text, _resolve_point(p, anchor) if p else None, "core")


_BARE_FOLLOW = re.compile(r"\s+(?P<w>[a-z]+)")


def _followed_by_count(text: str, end: int) -> bool:
    m = _BARE_FOLLOW.match(text, end)
    return bool(m and m.group("w") in _COUNT_NOUNS)


def _bare(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    core = m.group("core")
    p = _parse_point(core)
    if p is None or (p.year_only and _followed_by_count(text, m.end())):
        return None
    mod = m.group("pre").lower()
    res = _resolve_point(p, anchor, mod if mod in ("last", "this", "next") else None)
    if mod in ("last", "this", "next") and res is not None:
        return _Cand(m.start(), m.end(), m.start(), m.end(), res)  # "last March": the modifier is part of it
    return _cand(m, text, res, "core", chain="y" if p.year_only else "m")


def _year_adjective(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    if m.group("noun") in _COUNT_NOUNS:
        return None
    p = _parse_point(m.group("core"))
    return _cand(m, text, _resolve_point(p, anchor) if p else None, "core")


def _month_this_last_year(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    p = _parse_point(m.group("pt"))
    if p is None:
        return None
    year = anchor.year - (1 if m.group("mod").lower() == "last" else 0)
    got = _bounds(_Point(year, p.month, p.day, p.part), year)
    if got is None:
        return None
    first, last, precision = got
    if first <= anchor:
        last = min(last, anchor)
    return _cand(m, text, _Res(first, last, precision, True))


def _decade(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    start = int(m.group("dec"))
    first, last = start, start + 9
    if m.group("dp"):
        first, last = {"early": (start, start + 3), "mid": (start + 3, start + 6), "late": (start + 6, start + 9)}[_part(m.group("dp"))]
    if first > anchor.year:
        return None
    return _cand(m, text, _Res(date(first, 1, 1), date(last, 12, 31), "year", False))


def _range(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    a, b = _parse_point(m.group("a")), _parse_point(m.group("b"))
    if a is None or b is None:
        return None
    sep = m.group("sep").lower()
    prefixed = m.groupdict().get("kw") is not None
    bare_a = a.month is None and a.day is not None
    bare_b = b.month is None and b.day is not None
    if a.year_only and b.year_only:  # "between 2014 and 2017", "2014-2017"
        if not (prefixed or sep in "-–—") or b.year <= a.year:  # type: ignore[operator]
            return None
    elif a.year_only and bare_b and sep in "-–—" and len(m.group("b")) == 2:
        b = _Point(year=a.year // 100 * 100 + b.day)  # type: ignore[operator]  # "2014–17"
        if b.year <= a.year:  # type: ignore[operator]
            return None
    elif bare_a and b.month is not None:  # "1 to 7 August"
        a = _Point(b.year, b.month, a.day)
    elif bare_b and a.month is not None and a.day is not None:  # "August 1-7"
        b = _Point(a.year, a.month, b.day)
    elif a.month is None or b.month is None:
        return None
    if a.year_only != b.year_only:
        return None  # "from 2019 to March" is not a range this reads
    if a.year is None and b.year is not None:
        a = _Point(b.year, a.month, a.day, a.part)
        got_a, got_b = _bounds(a, b.year), _bounds(b, b.year)
        if got_a and got_b and got_a[0] > got_b[0]:
            a = _Point(b.year - 1, a.month, a.day, a.part)  # "from December 20 to January 5, 2025"
    res_b = _resolve_point(b, anchor)
    if res_b is None or res_b.first is None:
        return None
    if a.year is None:
        year = res_b.first.year
        got = _bounds(_Point(year, a.month, a.day, a.part), year)
        if got and got[0] > res_b.first:
            year -= 1
        a = _Point(year, a.month, a.day, a.part)
    res_a = _resolve_point(a, anchor)
    if res_a is None or res_a.first is None or res_b.last is None or res_a.first > res_b.last:
        return None
    res = _Res(res_a.first, res_b.last, _coarser(res_a.precision, res_b.precision), res_a.relative or res_b.relative)
    return _cand(m, text, res)


def _weekday_day(anchor: date, weekday: int, mod: str | None, ok: bool) -> date:
    if mod == "next":
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    back = (anchor.weekday() - weekday) % 7
    if back == 0 and (mod in ("last", "past") or not ok):
        back = 7
    return anchor - timedelta(days=back)


_PREV_WORD = re.compile(r"([A-Za-z]+)\s+$")
_NEWSPAPER = re.compile(r"\s+(?:Times|Telegraph|Mail|Mirror|Express|Herald|Post|Independent|Observer|Tribune|Star|Nation)\b")


def _weekday(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    before = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
    if before and not m.group("mod") and not m.group("pre2") and before.group(1).lower() in _WEEKDAY_NAMES:
        return None  # "Bloody Sunday", "Good Friday": names, not days
    if _NEWSPAPER.match(text, m.end("wd")):
        return None  # "the Sunday Times"
    mod = (m.group("mod") or "").lower() or None
    day = _weekday_day(anchor, _WEEKDAYS.index(m.group("wd")), mod, ok)
    pre2 = (m.group("pre2") or "").lower()
    tod = (m.group("tod") or "").lower()
    first = last = day
    if pre2 == "overnight" or tod == "overnight" or tod == "night" or pre2 == "late":
        # Night events are reported under either calendar date: take both, never past the anchor.
        if day == anchor and (pre2 == "overnight" or tod == "overnight"):
            first = day - timedelta(days=1)
        elif mod == "next" or day < anchor:
            last = day + timedelta(days=1)
    return _cand(m, text, _Res(first, last, "day", True))


def _today(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    w = re.sub(r"\s+", " ", m.group("w").lower())
    one = timedelta(days=1)
    if w == "the day before yesterday":
        res = _Res(anchor - 2 * one, anchor - 2 * one, "day", True)
    elif w in ("last night", "overnight", "yesterday night"):
        res = _Res(anchor - one, anchor, "day", True)
    elif w.startswith("yesterday"):
        res = _Res(anchor - one, anchor - one, "day", True)
    elif w == "tomorrow":
        res = _Res(anchor + one, anchor + one, "day", True)
    else:
        res = _Res(anchor, anchor, "day", True)
    return _cand(m, text, res)


def _unit(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    """last/this/next week, weekend, month, year, with an optional early/mid/late/earlier/later."""
    mod, unit = m.group("mod").lower(), m.group("unit").lower()
    if not m.group("part") and _THE_BEFORE.search(text, max(0, m.start() - 5), m.start()) and _OF_AFTER.match(text, m.end()):
        return None  # "the last week of March", "the last year of the war": an ordinal, not the calendar
    raw_part = (m.group("part") or "").lower()
    part = raw_part if raw_part in ("earlier", "later") else (_part(raw_part) if raw_part else None)
    if part in ("earlier", "later") and mod != "this":
        part = "early" if part == "earlier" else "late"
    step = {"last": -1, "this": 0, "next": 1}[mod]
    precision: Precision
    if unit == "weekend":
        return _cand(m, text, _weekend(anchor, mod))
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        first, last, precision = monday, monday + timedelta(days=6), "week"
        if part in ("early", "mid", "late"):
            offset = {"early": 0, "mid": 1, "late": 3}[part]
            first = monday + timedelta(days=offset)
            last = first + timedelta(days=2 if part != "late" else 3)
    elif unit == "month":
        first = _shift_months(anchor.replace(day=1), step)
        last, precision = _month_end(first.year, first.month), "month"
        if part in ("early", "mid", "late"):
            first, last = _thirds(first, last, part)
    else:
        first, last, precision = date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31), "year"
        if part in ("early", "mid", "late"):
            (first, last), precision = _thirds(first, last, part), "month"
    if part == "earlier":
        last = anchor
    elif part == "later":
        first = anchor + timedelta(days=1)
    elif mod == "this" and first <= anchor:
        last = min(last, anchor)
    if first > last:
        return None
    return _cand(m, text, _Res(first, last, precision, True))


_THE_BEFORE = re.compile(r"(?i:\bthe)\s+$")
_OF_AFTER = re.compile(r"\s+(?i:of)\b")


def _nth_of(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    """'the last week of March', 'the first half of 2024', 'the third quarter of 2023'."""
    p = _parse_point(m.group("core"))
    nth, unit = m.group("nth").lower(), m.group("unit").lower()
    if p is None or p.day is not None or (unit == "week") == (p.month is None):
        return None
    whole = _resolve_point(p, anchor)
    if whole is None or whole.first is None:
        return None
    year = whole.first.year
    if whole.relative and p.month is not None and _month_end(year, p.month) - timedelta(days=6) > anchor and nth in ("last", "final"):
        year -= 1  # "the last week of May" written on 10 May: last year's
        whole = _Res(date(year, p.month, 1), _month_end(year, p.month), "month", True)
    precision: Precision
    if unit == "week":
        end_day = _month_end(year, whole.first.month)
        index = {"first": 0, "second": 1, "third": 2, "fourth": 3}.get(nth)
        first = whole.first + timedelta(days=7 * index) if index is not None else end_day - timedelta(days=6)
        last, precision = (first + timedelta(days=6) if index is not None else end_day), "week"
    else:
        size = 6 if unit == "half" else 3
        index = {"first": 0, "second": 1, "third": 2, "fourth": 3}.get(nth, 12 // size - 1)
        if index * size >= 12:
            return None  # "the third half"
        first = date(year, 1 + index * size, 1)
        last, precision = _month_end(year, index * size + size), "month"
    if whole.relative and first <= anchor:
        last = min(last, anchor)
    if first > last or (whole.relative and first > anchor):
        return None
    return _cand(m, text, _Res(first, last, precision, whole.relative))


def _weekend(anchor: date, mod: str | None) -> _Res:
    saturday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=5)
    in_weekend = anchor.weekday() >= 5
    if mod == "next":
        first = saturday if not in_weekend else saturday + timedelta(weeks=1)
        return _Res(first, first + timedelta(days=1), "day", True)
    if mod == "last" or not in_weekend:
        first = saturday - timedelta(weeks=1)
        return _Res(first, first + timedelta(days=1), "day", True)
    return _Res(saturday, anchor, "day", True)  # "over the weekend" written on a Saturday or Sunday


def _the_weekend(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    return _cand(m, text, _weekend(anchor, None))


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    word = re.sub(r"\s+", " ", word.lower())
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def _window_start(anchor: date, unit: str, n: int) -> tuple[date, Precision]:
    unit = unit.rstrip("s")
    if unit == "hour":
        return anchor - timedelta(days=max(1, -(-n // 24))), "day"
    if unit == "day":
        return anchor - timedelta(days=n), "day"
    if unit == "week":
        return anchor - timedelta(weeks=n), "week"
    if unit == "month":
        return _shift_months(anchor, -n), "month"
    if unit == "decade":
        return _shift_months(anchor, -120 * n), "year"
    return _shift_months(anchor, -12 * n), "year"


def _past(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    """'in the past 24 hours', 'over the last two weeks', 'in recent days': up to the anchor."""
    if m.group("runit"):
        unit, n = m.group("runit").lower(), {"days": 7, "weeks": 6, "months": 6, "years": 5}[m.group("runit").lower()]
    else:
        unit = m.group("unit").lower()
        raw = m.group("n")
        n = 1 if raw is None else (_count(raw) or (3 if "couple" in raw.lower() else 7))
    first, precision = _window_start(anchor, unit, n)
    return _cand(m, text, _Res(first, anchor, precision, True))


def _ago(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    unit = m.group("unit").lower().rstrip("s")
    n = _count(m.group("n"))
    if n is None and unit == "hour":
        n = 7  # "a few hours ago": the day before or the anchor
    if n is None:  # "a few days ago", "weeks ago": somewhere between two and seven units back
        hi, precision = _window_start(anchor, unit, 3 if m.group("n") and "couple" in m.group("n").lower() else 7)
        lo, _ = _window_start(anchor, unit, 1 if m.group("n") and "couple" in m.group("n").lower() else 2)
        return _cand(m, text, _Res(hi, lo, precision, True))
    if unit == "hour":
        return _cand(m, text, _Res(anchor - timedelta(days=max(1, -(-n // 24))), anchor - timedelta(days=n // 24), "day", True))
    if unit == "day":
        day = anchor - timedelta(days=n)
        return _cand(m, text, _Res(day, day, "day", True))
    if unit == "week":
        centre = anchor - timedelta(weeks=n)
        return _cand(m, text, _Res(centre - timedelta(days=3), min(centre + timedelta(days=3), anchor), "week", True))
    if unit == "month" or (unit == "year" and n == 1):
        first = _shift_months(anchor, -n if unit == "month" else -12).replace(day=1)
        return _cand(m, text, _Res(first, _month_end(first.year, first.month), "month", True))
    years = n * (10 if unit == "decade" else 1)
    return _cand(m, text, _Res(date(anchor.year - years, 1, 1), date(anchor.year - years, 12, 31), "year", True))


_CLAUSE_END = re.compile(r"\s*(?:[,.;:)!?—–]|$)")
_DURATION_BEFORE = re.compile(r"(?i:\bfor)\s+$")


def _day_relative(m: re.Match[str], text: str, anchor: date, ok: bool) -> _Cand | None:
    if _DURATION_BEFORE.search(text, max(0, m.start() - 5), m.start()):
        return None  # "fought for two days before withdrawing": a duration
    if m.group("back") and _CLAUSE_END.match(text, m.end()):
        n = 1 if m.group("nb") is None else (_count(m.group("nb")) or 1)
        day = anchor - timedelta(days=n)
        return _cand(m, text, _Res(day, day, "day", True))
    # "the following day", or "the day before the vote": anchored to another event, not to the article.
    return _cand(m, text, _unknown())


# ── patterns, in order of preference when two of the same length overlap ─────────────────────────────
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (re.compile(rf"(?<![\w$£€#])(?P<kw>(?i:from|between))\s+(?P<a>{_ENDPOINT})\s*"
                rf"(?P<sep>(?i:to|and|until|till|through)|[-–—])\s*(?P<b>{_ENDPOINT})(?![\w-])"), _range),
    (re.compile(rf"(?<![\w$£€#.,:/-])(?P<a>{_ENDPOINT})\s*(?P<sep>[-–—]|(?i:to|through|until))\s*(?P<b>{_ENDPOINT})(?![\w-])"), _range),
    (re.compile(rf"(?<![\w$£€#.,:/])(?P<core>{_WHOLE})(?![\w-])"), _whole),
    (re.compile(rf"(?<![\w$£€#])(?P<pt>{_PLAIN['d']}\s+(?:(?i:of)\s+)?{_MONTH}|{_MONTH}\s+{_PLAIN['d']}|{_MONTH})\s+"
                r"(?P<mod>(?i:last|this))\s+(?i:year)\b"), _month_this_last_year),
    (re.compile(r"\b(?P<pre>(?i:in|since|of|by|during|until|till|through|throughout|from|before|after|around|"
                rf"as\s+of|last|this|next))\s+(?P<core>{_PLAIN['m']}|{_PLAIN['y']})(?![\w-])"), _bare),
    (re.compile(rf"(?P<pre>\b(?i:the|a|an|its|his|her|their|this|that)\s+|[’']s\s+)(?P<core>{_PLAIN['y']})\s+(?P<noun>[a-z][a-z-]+)"), _year_adjective),
    (re.compile(rf"(?<![\w$£€#.,])(?P<core>{_PLAIN['y']})\s+(?P<noun>{_EVENT_NOUNS})\b"), _year_adjective),
    (re.compile(rf"\b(?i:the)\s+(?P<nth>(?i:first|second|third|fourth|last|final))\s+(?P<unit>(?i:week|half|quarter))\s+"
                rf"(?i:of)\s+(?P<core>{_PLAIN['my']}|{_PLAIN['m']}|{_PLAIN['y']})(?![\w-])"), _nth_of),
    (re.compile(r"\b(?i:the)\s+(?:(?P<dp>(?i:early|mid|late))[\s-]+)?(?P<dec>(?:19|20)\d0)s\b"), _decade),
    (re.compile(rf"(?:\b(?P<mod>(?i:last|this|next|past))\s+)?(?:(?P<pre2>(?i:late|early|overnight|before\s+dawn))"
                rf"(?:\s+(?i:on))?\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?P<tod>(?i:morning|afternoon|evening|night|overnight))\b)?"), _weekday),
    (re.compile(r"\b(?P<w>(?i:the\s+day\s+before\s+yesterday|earlier\s+today|today|tonight|this\s+(?:morning|afternoon|evening)|"
                r"yesterday(?:\s+(?:morning|afternoon|evening|night))?|last\s+night|overnight|tomorrow))\b"), _today),
    (re.compile(r"\b(?i:(?:(?P<part>early|mid|late|earlier|later|(?:the\s+)?(?:end|beginning|start|middle)\s+of)[\s-]+)?"
                r"(?P<mod>last|this|next)\s+(?P<unit>week|weekend|month|year))\b"), _unit),
    (re.compile(r"\b(?i:(?:over|at|during|on)\s+the\s+weekend)\b"), _the_weekend),
    (re.compile(rf"\b(?i:(?:(?:in|over|during|for|within)\s+)?the\s+(?:past|last)\s+(?:(?P<n>{_NUM}|{_VAGUE})\s+)?"
                r"(?P<unit>hours?|days?|weeks?|months?|years?|decades?)|in\s+recent\s+(?P<runit>days|weeks|months|years))\b"
                r"(?!\s+of\b)"), _past),
    (re.compile(rf"\b(?i:(?:(?P<n>{_NUM}|{_VAGUE})\s+)?(?P<unit>hours?|days?|weeks?|months?|years?|decades?)\s+ago)\b"), _ago),
    (re.compile(rf"\b(?i:(?P<back>the\s+day\s+before|the\s+previous\s+day|the\s+day\s+earlier|(?P<nb>{_NUM})\s+days?\s+(?:earlier|before))|"
                rf"(?P<fwd>the\s+(?:following|next)\s+day|the\s+day\s+after|{_NUM}\s+days?\s+later))\b"), _day_relative),
)
# Cheap test before running the patterns: most sentences carry none of these.
_HINT = re.compile(r"\d|" + _MONTH + "|" + _WEEKDAY + r"|(?i:day|night|week|month|year|ago|tomorrow|overnight|morning|evening|recent|the\s+\d0s)")
_CHAIN = {
    "y": re.compile(rf"(?:,\s*|,?\s+(?i:and|or)\s+)(?P<core>{_PLAIN['y']})(?![\w-])"),
    "m": re.compile(rf"(?:,\s*|,?\s+(?i:and|or)\s+)(?P<core>{_PLAIN['my']}|{_PLAIN['m']})(?![\w-])"),
}


def _value(res: _Res, text: str, anchor: date) -> DateValue:
    if res.first is None or res.last is None:
        return DateValue(anchor.isoformat(), "unknown", text)
    first, last = res.first, res.last
    if first == last and res.precision == "day":
        return DateValue(first.isoformat(), "day", text)
    if res.precision == "month" and first.day == 1 and last == _month_end(first.year, first.month):
        return DateValue(first.strftime("%Y-%m"), "month", text)
    if res.precision == "year" and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return DateValue(str(first.year), "year", text)
    return DateValue(first.isoformat(), res.precision, text, start=first.isoformat(), end=last.isoformat())


def _since(res: _Res, anchor: date) -> _Res | None:
    if res.first is None or res.first > anchor:
        return None
    return _Res(res.first, anchor, res.precision, True)


def find_dates(text: str, anchor: date, *, anchor_weekday_ok: bool = True) -> list[DateMention]:
    """Every date phrase in ``text`` (one sentence), resolved against ``anchor`` (the article's day),
    in text order and never overlapping. See the module docstring for the rules."""
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    if not _HINT.search(text):
        return []
    cands: list[_Cand] = []
    for pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            cand = handler(m, text, anchor, anchor_weekday_ok)
            if cand is not None:
                cands.append(cand)
    # The longest mention wins an overlap ("October 2023" over "since October"); then the one with more
    # context ("the 2022 coup"); then the earlier pattern (candidates keep pattern order).
    chosen: list[_Cand] = []
    for cand in sorted(cands, key=lambda c: (c.start - c.end, c.raw_start - c.raw_end)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    chosen.extend(_chained(text, anchor, chosen))
    mentions = []
    for cand in sorted(chosen, key=lambda c: c.start):
        start, res = cand.start, cand.res
        since = _SINCE.search(text, max(0, start - 8), start)
        if since and (extended := _since(res, anchor)) is not None:
            start, res = since.start(), extended
        phrase = text[start:cand.end]
        mentions.append(DateMention(start, cand.end, phrase, _value(res, phrase, anchor), res.relative))
    return mentions


def _chained(text: str, anchor: date, chosen: list[_Cand]) -> list[_Cand]:
    """'in 2014, 2016 and 2019', 'in March and April': the context word covers the whole list."""
    extra: list[_Cand] = []
    for cand in chosen:
        kind, end = cand.chain, cand.end
        while kind is not None:
            m = _CHAIN[kind].match(text, end)
            if m is None or any(m.start("core") < c.end and m.end("core") > c.start for c in chosen):
                break
            p = _parse_point(m.group("core"))
            res = _resolve_point(p, anchor) if p else None
            if res is None or (p is not None and p.year_only and _followed_by_count(text, m.end())):
                break
            extra.append(_Cand(m.start("core"), m.end("core"), m.start("core"), m.end("core"), res, kind))
            end = m.end()
    return extra


_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")


def resolve_date(phrase: str, anchor: date) -> DateValue | None:
    """One phrase known to be a date ("Oct. 19", "last week", "2019", "15/03/2025") → its value, or None.

    The sentence rules first (a bare "2019" or "March" is read as if written "in 2019"); dateparser only
    for what they do not read (numeric dates), with this module's anchoring and precision on top."""
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    phrase = phrase.strip()
    if not phrase:
        return None
    for candidate in (phrase, "in " + phrase):
        found = find_dates(candidate, anchor)
        if found:
            return max(found, key=lambda d: d.end - d.start).value
    if not (_NUMERIC_DATE.search(phrase) or re.search(_MONTH, phrase)):
        return None  # dateparser reads "the 4th" or "5" as some day of some month: not worth it
    return _dateparser(phrase, anchor)


def _dateparser(phrase: str, anchor: date) -> DateValue | None:
    from dateparser.date import DateDataParser  # lazy: slow to import, and only this fallback needs it

    base = datetime(anchor.year, anchor.month, anchor.day, 12)
    parser = DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base,
                                                        "RETURN_AS_TIMEZONE_AWARE": False})
    data = parser.get_date_data(phrase)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return DateValue(str(day.year), "year", phrase)
    if data.period == "month":
        return DateValue(day.strftime("%Y-%m"), "month", phrase)
    return DateValue(day.isoformat(), "day", phrase)


def date_interval(value: DateValue) -> tuple[date, date] | None:
    """The first and last day a DateValue covers; None for precision unknown.

    ``date_interval(v)[0] > anchor`` marks a date the article gives in its future (a plan, a deadline)."""
    if value.precision == "unknown":
        return None
    if value.start and value.end:
        return date.fromisoformat(value.start[:10]), date.fromisoformat(value.end[:10])
    v = value.value
    if value.precision == "year":
        return date(int(v[:4]), 1, 1), date(int(v[:4]), 12, 31)
    if value.precision == "month":
        first = date(int(v[:4]), int(v[5:7]), 1)
        return first, _month_end(first.year, first.month)
    day = date.fromisoformat(v[:10])
    return day, (day + timedelta(days=6) if value.precision == "week" else day)
