"""Find place names in running text and resolve them: ``find_places``.

Candidates are runs of 1-4 capitalised tokens ("Bint Jbeil", "Deir ez-Zor", "al-Mawasi",
"Kayah State", "Kharkiv region"), tried longest first and kept when the gazetteer knows the
name (an O(1) key lookup) and can place it. Words before or after the name set a qualifier:
"near Baghdad airport", "20 km east of Damascus", "in the south of Lebanon", "southern
Lebanon", "Kharkiv's outskirts". A name followed by ", <admin1 or country>" is resolved
within it ("Marte, Borno state"). A run that is only part of a longer capitalised name the
gazetteer does not know ("San" of "San Juancito") is no place: better unresolved than placed
on another continent.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .gazetteer import Gazetteer, Place, clean_name, qualify
from .names import ADMIN_SUFFIXES, CONNECTORS, GENERIC_HEADS, HYPHEN_ARTICLES, NEVER, fold

MAX_TOKENS = 4

# Words: letters/digits with inner apostrophes or hyphens ("Sana'a", "el-Fasher",
# "Port-au-Prince"); dotted acronyms ("U.S.") are one token.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[^\W_]|['’ʼ‘`](?=[^\W\d_])|[-‐‑](?=[^\W_]))*")
_POSSESSIVE = re.compile(r"['’]s$")
_DIRS = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?"
_NEAR = re.compile(
    r"\b(?P<q>near|nearby|close\s+to|next\s+to|around|outside|just\s+outside|in\s+the\s+vicinity\s+of|"
    r"(?:on\s+|in\s+)?the\s+(?:outskirts|edge|suburbs|edges)\s+of|(?:outskirts|suburbs)\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE)
_DIR_OF = re.compile(
    r"(?:\b(?P<dist>\d+(?:[.,]\d+)?)\s*(?:-\s*)?(?:km|kms|kilometres|kilometers|kilometre|kilometer|miles|mi)\s+)?"
    r"\b(?P<dir>" + _DIRS + r")\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_IN_PART = re.compile(
    r"\b(?:in|across|throughout|to)\s+the\s+(?P<dir>" + _DIRS + r"|centre|center|middle)(?:ern)?\s+"
    r"(?:part\s+|parts\s+|region\s+)?of\s+(?:the\s+)?$", re.IGNORECASE)
_ADJ = re.compile(r"\b(?P<adj>" + _DIRS + r"ern|central|" + _DIRS + r")\s+$", re.IGNORECASE)
_AFTER_OUTSKIRTS = re.compile(r"^(?:['’]s)?\s+(?:outskirts|suburbs)\b", re.IGNORECASE)
_HINT = re.compile(r"^\s*,\s*((?:[A-Z][\w'’\-]*)(?:\s+[A-Z][\w'’\-]*){0,3})(?:\s+(" +
                   "|".join(ADMIN_SUFFIXES) + r"))?\b")


@dataclass
class PlaceMention:
    """A place name found in text: ``text == sentence[start:end]``, resolved to ``place``."""

    start: int
    end: int
    text: str
    place: Place
    qualifier: str | None = None  # "near", "east of", "outskirts of", "in the south of", "southern"


def find_places(text: str, gazetteer: Gazetteer, *, countries: Sequence[str] = (),
                near: Place | None = None,
                exclude_spans: Sequence[tuple[int, int]] = ()) -> list[PlaceMention]:
    """Place names in ``text``, left to right, each resolved with the article's context.

    ``countries``: ISO alpha-2 codes of the article's countries, most mentioned first;
    ``near``: the dateline place; ``exclude_spans``: (start, end) offsets the caller knows are
    people or organisations ("Hassan Nasrallah", "Damascus Declaration") - no mention overlaps them.
    A name that is also a common English word ("Mobile", "Police") is kept only when the place
    lies in one of ``countries``.
    """
    tokens = _tokens(text, gazetteer)
    if not countries:
        # No article countries given: take them from the text's own country and admin1
        # mentions, most frequent first, and read the text again with them.
        first = _scan(text, tokens, gazetteer, (), near, exclude_spans)
        counts = Counter(m.place.country_code for m in first
                         if m.place.country_code and m.place.precision in ("country", "admin1", "region"))
        countries = [cc for cc, _ in counts.most_common()]
        if not countries:
            return first
    return _scan(text, tokens, gazetteer, countries, near, exclude_spans)


def _scan(text: str, tokens: list[tuple[int, int]], gazetteer: Gazetteer, countries: Sequence[str],
          near: Place | None, exclude_spans: Sequence[tuple[int, int]]) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    i = 0
    while i < len(tokens):
        found = None
        for n in range(min(MAX_TOKENS, len(tokens) - i), 0, -1):
            span = tokens[i:i + n]
            start, end = span[0][0], span[-1][1]
            if not _joined(text, span) or not _capitalised(text, span) or _overlaps(start, end, exclude_spans):
                continue
            surface = text[start:end]
            if _fragment(text, tokens, i, n) or not _plausible(text, tokens, i, n, surface, gazetteer):
                continue
            place = _resolve_here(text, end, surface, gazetteer, countries, near)
            if place is not None:
                found = (n, start, end, place)
                break
        if found is None:
            i += 1
            continue
        n, start, end, place = found
        if place.precision == "country" and _adjectival_acronym(text, start, end):
            i += n  # "US soldiers", "U.S. jets": a nationality, not a place
            continue
        end, place = _feature_after(text, start, end, place)
        qualifier = qualifier_before(text[max(0, start - 60):start])
        after = _qualifier_after(text[end:end + 20])
        if after and qualifier in (None, "near"):  # "around Kharkiv's outskirts"
            qualifier = after
        if qualifier:
            place = qualify(place, qualifier)
            qualifier = "near" if qualifier == "outside" else qualifier  # "outside Kharkiv"
        if place is not None:
            out.append(PlaceMention(start, end, text[start:end], place, qualifier))
        i += n
        while i < len(tokens) and tokens[i][0] < end:
            i += 1
    return out


def split_qualifier(name: str) -> tuple[str | None, str]:
    """("east of", "Damascus") from "20 km east of Damascus"; (None, name) when unqualified."""
    for m in list(_TOKEN.finditer(name))[1:]:
        if not _cap_word(m.group()):
            continue
        head = name[: m.start()]
        found = _qualifier_match(head)
        # "east of Damascus", "a town 20 km east of Damascus": only lower-case words may lead
        if found and not any(_cap_word(w) for w in head[: found[1]].split()):
            return found[0], name[m.start():]
    return None, name


def qualifier_before(before: str) -> str | None:
    """The qualifier phrase that ``before`` ends with, normalised ("in the south of")."""
    found = _qualifier_match(before)
    return found[0] if found else None


def _qualifier_match(before: str) -> tuple[str, int] | None:
    m = _IN_PART.search(before)  # before "<direction> of": "in the south of" ends with "south of"
    if m:
        d = m.group("dir").lower()
        return ("in the centre of" if d in ("centre", "center", "middle") else f"in the {_norm_dir(d)} of"), m.start()
    m = _DIR_OF.search(before)
    if m:
        return f"{_norm_dir(m.group('dir'))} of", m.start()
    m = _NEAR.search(before)
    if m:
        q = " ".join(m.group("q").lower().split())
        if "outskirts" in q or "suburbs" in q or "edge" in q:
            return "outskirts of", m.start()
        return ("outside" if q.endswith("outside") else "near"), m.start()
    m = _ADJ.search(before)
    if m:
        adj = _norm_dir(m.group("adj"))
        return (adj if adj == "central" or adj.endswith("ern") else adj + "ern"), m.start()
    return None


def _qualifier_after(after: str) -> str | None:
    return "outskirts of" if _AFTER_OUTSKIRTS.match(after) else None


def _norm_dir(word: str) -> str:
    w = word.lower().replace(" ", "-")
    return re.sub(r"^(north|south)(east|west)", r"\1-\2", w)


def _resolve_here(text: str, end: int, surface: str, gazetteer: Gazetteer,
                  countries: Sequence[str], near: Place | None) -> Place | None:
    """Resolve a candidate name, narrowed by a following ", <admin1|country>" when there is one."""
    name = clean_name(surface)
    hint = _HINT.match(text[end:end + 60])
    if hint:
        where = hint.group(1) + (f" {hint.group(2)}" if hint.group(2) else "")
        ctx_place = gazetteer.country(hint.group(1)) or gazetteer.admin1(where, None)
        if ctx_place is not None and ctx_place.country_code and ctx_place.precision in ("country", "admin1"):
            ref = gazetteer.admin1_ref(ctx_place)
            place = gazetteer.resolve_mention(name, countries=[ctx_place.country_code, *countries], near=near,
                                              admin1=ref)
            if place is not None and place.precision == "town" and place.country_code == ctx_place.country_code:
                return place
    return gazetteer.resolve_mention(name, countries=countries, near=near)


_FEATURE_AFTER = re.compile(
    r"^\s+(?P<f>(?:International\s+)?Airport|airport|air\s*base|Air\s*Base|(?:refugee\s+)?camp|"
    r"Refugee\s+Camp|Camp|(?:border\s+)?crossing|Crossing|checkpoint)\b")


def _feature_after(text: str, start: int, end: int, place: Place) -> tuple[int, Place]:
    """Extend "Baghdad" to "Baghdad airport", "Tulkarem" to "Tulkarem refugee camp"."""
    m = _FEATURE_AFTER.match(text[end:end + 40])
    if m is None or place.precision not in ("town", "point"):
        return end, place
    new_end = end + m.end()
    full = " ".join(text[start:new_end].split())
    return new_end, replace(place, name=full,
                            why=f"{place.why}; {m.group('f').lower()} of {place.name}: coded at {place.name}")


_ENGLISH_ARTICLE_WORDS = frozenset({"as", "at", "an", "ad", "ar"})  # English words first, articles second
_COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                            "central", "north-east", "north-west", "south-east", "south-west",
                            "northeast", "northwest", "southeast", "southwest"})


def _plausible(text: str, tokens: list[tuple[int, int]], i: int, n: int, surface: str,
               gazetteer: Gazetteer) -> bool:
    """Cheap checks before a lookup: is this run of words a place name at all?"""
    words = [text[s:e] for s, e in tokens[i:i + n]]
    first = words[0].lower()
    if first == "the" or _is_short_caps(surface):  # "The UN", "The Iraq"; "UN", "RSF", "WHO"
        return False
    if n == 1 and gazetteer.is_demonym(surface):  # "Somali forces"
        return False
    if i > 0 and not words[0][:1].isupper() and _joined(text, [tokens[i - 1], tokens[i]]) \
            and _cap_word(text[tokens[i - 1][0]:tokens[i - 1][1]]):
        return False  # "al-Tibah" of "Tall al-Tibah": the tail of a longer name
    nxt = text[tokens[i + n][0]:tokens[i + n][1]] if i + n < len(tokens) else ""
    joined_next = i + n < len(tokens) and _joined(text, [tokens[i + n - 1], tokens[i + n]])
    if joined_next and _cap_word(nxt) and "-" in nxt and nxt.split("-")[0].lower() in HYPHEN_ARTICLES:
        return False  # "Zawtar" in "Zawtar al-Sharqiya": a longer name we do not know
    if n == 1 and joined_next and fold(first) in GENERIC_HEADS and (_cap_word(nxt) or nxt.lower() in CONNECTORS):
        return False  # "Tall" of "Tall al Tibah", "Deir" of "Deir Hafer"
    if n > 1 and first.rstrip(".") in _COMPASS_WORDS:
        rest = text[tokens[i + 1][0]:tokens[i + n - 1][1]]
        if gazetteer.country(rest) is not None and gazetteer.country(surface) is None:
            return False  # "South Lebanon": southern Lebanon, not a town in Ohio
    if n > 1 and first in _ENGLISH_ARTICLE_WORDS:
        return gazetteer.has_exact_name(surface)  # "As Sudan's war ...": "As" is English
    return gazetteer.has_name(surface)


# Capitalised words that may follow a place name without being part of it: "Kharkiv Governor
# Oleh Syniehubov", "Gaza Health Ministry", "Baghdad International Airport", "in Beirut Tuesday".
_NOT_NAME_TAIL = frozenset("""
governor governors mayor mayors police army military militia forces province provincial state region
regional district governorate county oblast raion city town village municipality municipal department
airport international camp crossing border hospital university council ministry health authorities
authority officials residents mosque church market road highway street bridge port base prison jail
stadium square station refugee refugees court administration office front brigade battalion division
command operations group network chief commander commanders strip valley offensive campaign
""".split())
# Lower-case words inside a longer place name ("San José de Apartadó", "Zawtar al-Sharqiya"); "and",
# "of", "the" are left out: "between Zaria and Kaduna" is two places.
_NAME_LINKS = frozenset({"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le",
                         "les", "los", "las", "al", "el", "ed", "er", "es", "ez", "ul", "bin", "ibn"})
# Capitalised words that may stand before a place name without being part of it.
_NOT_NAME_HEAD = frozenset({"greater", "president", "governor", "general", "gen", "mr", "mrs"}) | _COMPASS_WORDS


def _fragment(text: str, tokens: list[tuple[int, int]], i: int, n: int) -> bool:
    """True when tokens[i:i+n] are only part of a longer capitalised name ("San" of "San
    Juancito", "Juancito" of it): the longer name is unknown, so its first word must not stand
    for it (San, Mali), nor its last. Days, months, titles and feature words around a place
    ("Beirut Tuesday", "Kharkiv Governor", "Lake Chad") do not make it a fragment."""
    end = tokens[i + n - 1][1]
    if i + n < len(tokens) and _joined(text, [tokens[i + n - 1], tokens[i + n]]):
        nxt = text[tokens[i + n][0]:tokens[i + n][1]]
        if _name_word(nxt, _NOT_NAME_TAIL):
            return True
        if nxt.lower() in _NAME_LINKS and i + n + 1 < len(tokens) \
                and _joined(text, [tokens[i + n], tokens[i + n + 1]]) \
                and _name_word(text[tokens[i + n + 1][0]:tokens[i + n + 1][1]], _NOT_NAME_TAIL):
            return True  # "San José" of "San José de Apartadó"
    if i > 0 and _joined(text, [tokens[i - 1], tokens[i]]) and text[tokens[i - 1][1]:end][:1] == " ":
        prev = text[tokens[i - 1][0]:tokens[i - 1][1]]
        if _name_word(prev, _NOT_NAME_HEAD) and not _sentence_start(text, tokens[i - 1][0]):
            return True  # "Juancito" of "San Juancito"
        if prev.lower() in _NAME_LINKS and i > 1 and _joined(text, [tokens[i - 2], tokens[i - 1]]) \
                and _name_word(text[tokens[i - 2][0]:tokens[i - 2][1]], _NOT_NAME_HEAD):
            return True  # "Apartadó" of "San José de Apartadó"
    return False


def _name_word(word: str, not_name: frozenset[str]) -> bool:
    """A capitalised word that reads as part of a proper name (not a day, a title, a feature)."""
    if not word[:1].isupper() or _is_short_caps(word):
        return False
    folded = fold(word)
    return folded not in NEVER and folded not in not_name and folded.rstrip(".") not in not_name


def _sentence_start(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(" \t\u00a0\"“‘'(")
    return not before or before[-1] in ".!?:;\n—–"


def _tokens(text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """(start, end) of each word, a possessive "'s" trimmed ("Kharkiv's outskirts"), except in
    a name the gazetteer knows with it: "Cox's Bazar" is one token, not "Cox" and "Bazar"."""
    matches = list(_TOKEN.finditer(text))
    out: list[tuple[int, int]] = []
    skip = False
    for k, m in enumerate(matches):
        if skip:
            skip = False
            continue
        end = _token_end(m)
        if end != m.end() and k + 1 < len(matches) and text[m.end():matches[k + 1].start()] == " " \
                and matches[k + 1].group()[:1].isupper() \
                and gazetteer.has_exact_name(text[m.start():_token_end(matches[k + 1])]):
            out.append((m.start(), _token_end(matches[k + 1])))
            skip = True
            continue
        out.append((m.start(), end))
    return out


def _token_end(m: re.Match[str]) -> int:
    p = _POSSESSIVE.search(m.group())
    return m.end() - (len(p.group()) if p and len(m.group()) > 3 else 0)


def _joined(text: str, span: list[tuple[int, int]]) -> bool:
    """Tokens of one name are separated by plain spaces (no punctuation, no line break)."""
    for (_, e), (s, _) in zip(span, span[1:]):
        gap = text[e:s]
        if not gap or gap.strip(" \t\u00a0") or len(gap) > 2:
            return False
    return True


def _capitalised(text: str, span: list[tuple[int, int]]) -> bool:
    words = [text[s:e] for s, e in span]
    if not _cap_word(words[0]):
        return False
    for w in words[1:-1]:
        if not (_cap_word(w) or w.lower() in CONNECTORS):
            return False
    if len(words) > 1:
        last = words[-1]
        return _cap_word(last) or last.isdigit() or last.lower() in ADMIN_SUFFIXES
    return True


def _cap_word(w: str) -> bool:
    if w[:1].isupper():
        return True
    head, sep, rest = w.partition("-")  # "al-Mawasi", "el-Fasher"
    return bool(sep) and head.lower() in HYPHEN_ARTICLES and rest[:1].isupper()


def _is_short_caps(surface: str) -> bool:
    """"UN", "RSF", "WHO": acronyms are organisations far more often than places."""
    letters = surface.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4 and "." not in surface \
        and letters not in ("US", "UK", "USA", "UAE", "DRC", "CAR", "KSA")


def _adjectival_acronym(text: str, start: int, end: int) -> bool:
    letters = text[start:end].replace(".", "")
    return letters.isupper() and bool(re.match(r" [a-z]", text[end:end + 2]))


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)
