"""Name keys for matching the many spellings of one actor.

``name_key`` folds what never distinguishes two names (case, diacritics, quote and dash
styles, a leading "the", a possessive). ``skeleton`` goes further, for transliterations of
Arabic and Persian names: it drops the article (al-/el-/ad-...), vowels after the first
letter, doubled letters and the z/s spelling split, so Qassem/Qasem/Qasim, Hashed/Hashd and
Mobilization/Mobilisation meet. A skeleton alone is too loose (Nasr/Nasser); callers use it
only together with another token that matches exactly.
"""
from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "“": '"', "”": '"'})
_ARTICLES = {"al", "el", "ad", "ag", "an", "ar", "as", "ash", "at", "az", "ul", "ud", "the"}
_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", fold(text)).strip()


def name_key(text: str) -> str:
    """'The Soufan Center’s' → 'soufan center'; 'Al-Hashd al-Shaabi' → 'al hashd al shaabi'."""
    text = strip_possessive(text).casefold()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\s\-'.]+", " ", text).strip()


def tokens(text: str) -> list[str]:
    """Content tokens of a name: articles dropped ('Al-Hashd Al-Shaabi' → ['hashd', 'shaabi'])."""
    return [t for t in name_key(text).split() if t not in _ARTICLES]


def skeleton_token(token: str) -> str:
    token = token.replace("z", "s").replace("ph", "f").replace("ou", "u").replace("kh", "k").replace("q", "k")
    if not token:
        return token
    head, rest = token[0], re.sub(r"[aeiouyw]", "", token[1:])
    return re.sub(r"(.)\1+", r"\1", head + rest)


def skeleton(text: str) -> tuple[str, ...]:
    return tuple(skeleton_token(t) for t in tokens(text))


def translit_equal(a: str, b: str) -> bool:
    """Two multi-word names that differ only in transliteration ('Qassem Soleimani' ~ 'Qasem Soleimani')."""
    ta, tb = tokens(a), tokens(b)
    if len(ta) < 2 or len(ta) != len(tb) or ta == tb:
        return ta == tb and len(ta) >= 1
    if not any(x == y for x, y in zip(ta, tb)):
        return False  # at least one word must agree letter for letter
    return all(x == y or _variant(x, y) for x, y in zip(ta, tb))


def _variant(x: str, y: str) -> bool:
    """One word spelled two ways: same consonant skeleton, nearly the same letters and length
    (Qassem/Qasem yes; Hassan/Hussein and Nasr/Nasser, which are different names, no)."""
    from rapidfuzz.fuzz import ratio

    if skeleton_token(x) != skeleton_token(y) or abs(len(x) - len(y)) > max(1, min(len(x), len(y)) // 4):
        return False
    return ratio(x, y) >= 75


def initials(text: str) -> str:
    """'Syrian Free Army' → 'SFA'; 'Islamic Revolutionary Guard Corps' → 'IRGC'; minor words skipped."""
    words = [w for w in re.split(r"\s+", strip_possessive(text)) if w]
    letters = []
    for word in words:
        word = re.sub(r"^(?:al|el|ad|as|an|ar)-", "", word, flags=re.IGNORECASE)  # "al-Fajr" counts as F
        for part in word.split("-"):
            if part[:1].isupper() and part.lower() not in {"of", "the", "and", "for", "in", "al", "el"}:
                letters.append(part[0])
    return "".join(letters).upper()


def is_acronym(text: str) -> bool:
    core = strip_possessive(text)
    return 2 <= len(core) <= 7 and core.replace("-", "").isalpha() and core.isupper()
