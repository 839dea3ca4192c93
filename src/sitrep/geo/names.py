"""Name folding shared by every lookup: the gazetteer index, `resolve` and `find_places`.

One folding everywhere, so "Sana'a", "Sanaa" and "SANA’A", or "el-Fasher" and "El Fasher",
meet on the same key. Three levels, from strict to loose:

    fold("Al-Ḩudaydah")      -> "al hudaydah"     case, diacritics, apostrophes, hyphens
    keys("Al-Ḩudaydah")      -> {"alhudaydah", "hudaydah"}   spaces dropped, leading article optional
    skeleton("Hudaydah")     -> "hddh"            consonants only: a last resort for transliterations
"""
from __future__ import annotations

import functools
import re
import unicodedata

# Letters NFKD does not decompose into base + mark.
_LETTERS = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe",
    "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k",
})
# Apostrophe-like marks (also the Arabic ayn/hamza transliteration marks) vanish: Sana'a = Sanaa.
_APOSTROPHES = re.compile(r"['’‘ʼʻʾʿ`´′]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./,]+")
_NON_WORD = re.compile(r"[^0-9a-z ]")

# Arabic definite article in its usual romanisations (sun-letter assimilation included).
ARTICLES = frozenset({"al", "el", "an", "ar", "as", "ash", "at", "ath", "ad", "adh", "az", "ul"})
# Article forms written hyphenated to the next word in lower case: "al-Mawasi", "ez-Zor".
HYPHEN_ARTICLES = frozenset(ARTICLES | {"ez", "es", "ed", "er", "en", "et", "el", "ul"})
# Words a place name may carry in lower case between capitalised words ("Deir ez-Zor",
# "Zawtar al-Sharqiya", "Bay of Islands", "Port-au-Prince", "Rio de Janeiro").
CONNECTORS = frozenset(ARTICLES | {
    "ez", "es", "ed", "er", "en", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
    "des", "la", "le", "les", "los", "las", "of", "the", "and", "au", "aux", "sur", "bin", "ibn",
    "wa", "y", "upon", "on", "am", "im", "an", "der",
})
# Words that are never a place name, whatever the gazetteer says (GeoNames has towns called
# "May", "In", "Of"): function words, days and months. Analysts' common words are data
# (places.yaml's ``common_words``); these are language.
NEVER = frozenset("""
a an and as at be but by for from he her his i if in into is it its me my no nor not of on
one or our she so than that the their them then there these they this those to too up us
was we who why will with yes you all any can did had has have how may more most much must
now off only over own some such very what when where which while also after before since
during until about under again still just even both each few many per via
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
fri sat sun january february march april june july august september october november
december jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
# Generic first words of Arabic/Hebrew/Persian place names ("Tall al-Tibah", "Kfar Kila",
# "Deir Hafer"): alone, they are not the place the text names.
GENERIC_HEADS = frozenset("""
tall tell tal tel deir dayr dair kafr kfar kafar beit bayt bait ain ein ayn wadi jabal jebel
khirbet khirbat umm um abu bir ras bani beni sidi bab hay hayy nahr qasr dar mazraat kuh
""".split())
# Words that turn a name into an administrative unit: "Kayah State", "Kharkiv region".
ADMIN_SUFFIXES = ("governorate", "province", "state", "region", "oblast", "district", "county",
                  "division", "prefecture", "department", "raion", "territory")
_ADMIN_SUFFIX_RE = re.compile(r"\s(?:" + "|".join(ADMIN_SUFFIXES) + r")$")
# Compass words are written both ways in admin names: "North Darfur" / "Northern Darfur".
_COMPASS = {"northern": "north", "southern": "south", "eastern": "east", "western": "west",
            "northeastern": "northeast", "northwestern": "northwest", "southeastern": "southeast",
            "southwestern": "southwest", "north eastern": "northeast", "north western": "northwest",
            "south eastern": "southeast", "south western": "southwest", "north east": "northeast",
            "north west": "northwest", "south east": "southeast", "south west": "southwest"}
_COMPASS_RE = re.compile(r"\b(" + "|".join(sorted(_COMPASS, key=len, reverse=True)) + r")\b")
_VOWELS = re.compile(r"[aeiouy]")
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "c"),
             ("ph", "f"), ("dj", "j"), ("zh", "j"), ("q", "k"), ("ck", "k"), ("ou", "u"), ("w", "u"))
_DOUBLES = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and apostrophes, turn hyphens/dots/underscores into spaces."""
    text = _APOSTROPHES.sub("", text.casefold())
    text = _SEPARATORS.sub(" ", text)
    if not text.isascii():
        # NFKD splits "ḩ" into "h" + mark; the ASCII encode then drops marks (and other scripts).
        text = unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode("ascii", "ignore").decode()
    return _NON_WORD.sub("", text).strip()


def strip_article(folded: str) -> str:
    """Drop a leading Arabic article: "al hudaydah" -> "hudaydah" (never down to nothing)."""
    head, _, rest = folded.partition(" ")
    if head in ARTICLES and len(rest) >= 3:
        return rest
    # A fused article ("alhudaydah") is left alone: too many names really start with "al".
    return folded


def keys(name: str) -> set[str]:
    """The exact-match index keys of a name: spaces dropped, with and without a leading article.

    Dropping spaces makes "Deir ez-Zor" and "Deir Ezzor", or "Tel Aviv" and "Telaviv", one key.
    """
    folded = fold(name)
    if not folded:
        return set()
    return {folded.replace(" ", ""), strip_article(folded).replace(" ", "")}


def admin_keys(name: str) -> set[str]:
    """Keys for an admin1 name: compass words normalised, a trailing "State"/"Region" optional."""
    folded = _COMPASS_RE.sub(lambda m: _COMPASS[m.group(1)], fold(name))
    bare = _ADMIN_SUFFIX_RE.sub("", folded)
    out: set[str] = set()
    for form in {folded, bare}:
        if form:
            out |= {form.replace(" ", ""), strip_article(form).replace(" ", "")}
    return out


def has_admin_suffix(name: str) -> bool:
    return bool(_ADMIN_SUFFIX_RE.search(fold(name)))


def skeleton(name: str) -> str:
    """Consonant skeleton for transliteration variants: Tulkarem/Tulkarm, Hodeidah/Hudaydah.

    Articles anywhere are dropped, common digraphs collapsed, a final vowel+h dropped
    ("Sharqiyah" = "Sharqiya"), vowels removed after the first letter, doubles collapsed.
    """
    words = [w for w in fold(name).split() if w not in ARTICLES]
    text = "".join(words)
    text = re.sub(r"([aeiouy])h$", r"\1", text)
    for a, b in _DIGRAPHS:
        text = text.replace(a, b)
    if not text:
        return ""
    text = text[0] + _VOWELS.sub("", text[1:])
    return _DOUBLES.sub(r"\1", text)


def is_latin_name(name: str) -> bool:
    """A GeoNames alternate name worth indexing: Latin script and written like a proper name.

    GeoNames alternates also hold other scripts, IATA codes ("BEY") and lower-case machine
    romanisations ("kadqly"); those only add false matches.
    """
    if not name or not name[0].isupper():
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return name.isascii() or all(_is_latin_char(c) for c in name if not c.isascii())


@functools.lru_cache(maxsize=4096)
def _is_latin_char(c: str) -> bool:
    return not c.isalpha() or "LATIN" in unicodedata.name(c, "")
