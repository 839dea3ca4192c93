"""The actor knowledge base: who an alias refers to.

Bundled data lives in ``data/kb/actors.yaml`` and ``data/kb/countries.yaml``
(``docs/knowledge-base.md``); users add or override entries in their own YAML files with the
same schema. Each country also yields ACLED-style state-force actors ("Military Forces of
Iraq", "Police Forces of Iraq") with demonym aliases ("Iraqi army", "Iraqi police").

The KB adds identities; it never stands in for reading the text: ``KnowledgeBase.empty()``
is a valid KB and the in-text merging works without it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .names import is_acronym, name_key

PERSON_TYPES = {"person"}
# Country names ACLED writes with an article: "Military Forces of the United States".
_WITH_THE = {"United States", "United Kingdom", "Netherlands", "Philippines", "Democratic Republic of Congo",
             "Democratic Republic of the Congo", "Central African Republic", "United Arab Emirates", "Gambia",
             "Bahamas", "Comoros", "Maldives", "Marshall Islands", "Solomon Islands", "Republic of Congo",
             "Czech Republic", "Dominican Republic"}
PLACE_TYPES = {"country"}


@dataclass(frozen=True)
class Actor:
    id: str  # sitrep's stable id without the "sitrep:" prefix
    name: str
    type: str
    country: str | None = None
    parent: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    acled_inter: int | None = None
    relations: tuple[tuple[str, str], ...] = ()
    acled_name: str | None = None  # ACLED's name for it when ACLED names it by convention ("Military Forces of Sudan")

    @property
    def kb_id(self) -> str:
        return f"sitrep:{self.id}"

    @property
    def label(self) -> str:
        """The spaCy entity label this actor should carry."""
        if self.type in PERSON_TYPES:
            return "PERSON"
        if self.type in PLACE_TYPES:
            return "GPE"
        return "ORG"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class KnowledgeBase:
    actors: dict[str, Actor] = field(default_factory=dict)
    _by_key: dict[str, str] = field(default_factory=dict)  # name_key → actor id (case-insensitive aliases)
    _by_exact: dict[str, str] = field(default_factory=dict)  # exact text → actor id (short acronyms: "IS" ≠ "is")
    _ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # alias → the actors it may name
    _case_sensitive: set[str] = field(default_factory=set)
    _forces: dict[tuple[str, str], str] = field(default_factory=dict)  # (military|police, ISO2) → actor id

    @classmethod
    def empty(cls) -> KnowledgeBase:
        return cls()

    @classmethod
    def bundled(cls, extra_files: Iterable[Path] = ()) -> KnowledgeBase:
        kb = cls()
        base = resources.files("sitrep").joinpath("data").joinpath("kb")
        actors_file = base.joinpath("actors.yaml")
        data = yaml.safe_load(actors_file.read_text(encoding="utf-8")) if actors_file.is_file() else {}
        rules = data if isinstance(data, dict) else {}
        for item in rules.get("ambiguous_aliases") or []:
            if isinstance(item, dict) and item.get("alias"):
                if item.get("case_sensitive"):
                    kb._case_sensitive.add(str(item["alias"]))
                if len(item.get("ids") or []) > 1:
                    kb._ambiguous[name_key(str(item["alias"]))] = tuple(item["ids"])
        kb.add_rows(_rows(data, "actors"))
        national = rules.get("national_forces") or {}
        countries = base.joinpath("countries.yaml")
        if countries.is_file():
            for row in _rows(yaml.safe_load(countries.read_text(encoding="utf-8")), "countries"):
                for actor in _country_actors(row):
                    kb._add_national(actor, national)
        for path in extra_files:
            kb.add_rows(_rows(yaml.safe_load(Path(path).read_text(encoding="utf-8")), "actors"))
        return kb

    def _add_national(self, generated: Actor, national: dict[str, dict[str, str]]) -> None:
        """A country's generated "Military/Police Forces of X": merged into the KB's own entry for
        that force when there is one (SAF for Sudan), keeping that entry's name and aliases."""
        kind = {"state_force": "military", "police": "police"}.get(generated.type)
        named = (national.get(kind) or {}).get(generated.country or "") if kind else None
        own = self.actors.get(named) if named else None
        if kind:
            self._forces[(kind, generated.country or "")] = own.id if own is not None else generated.id
        if own is None:
            taken = [a for a in generated.aliases if self.lookup(a) is None]
            self.add(replace(generated, aliases=tuple(taken), acled_name=generated.name if kind else None))
            return
        extra = tuple(a for a in generated.aliases if self.lookup(a) is None)
        self.add(replace(own, aliases=own.aliases + extra, acled_name=generated.name))

    def forces(self, country_code: str | None, kind: str = "military") -> Actor | None:
        """A country's military or police as an actor ("Military Forces of Sudan" = the SAF entry)."""
        found = self._forces.get((kind, (country_code or "").upper()))
        return self.actors.get(found) if found else None

    def add_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            if isinstance(row, dict) and row.get("id") and row.get("name"):
                self.add(_actor(row))

    def add(self, actor: Actor) -> None:
        """Add or replace (same id) an actor; later entries win an alias they share."""
        old = self.actors.get(actor.id)
        if old is not None:
            for name in old.names:
                self._by_key.pop(name_key(name), None)
                self._by_exact.pop(name, None)
        self.actors[actor.id] = actor
        for name in actor.names:
            if (is_acronym(name) and len(name) <= 4) or name in self._case_sensitive:
                self._by_exact[name] = actor.id
            else:
                self._by_key[name_key(name)] = actor.id

    def is_exact_case(self, name: str) -> bool:
        return name in self._by_exact

    def lookup(self, text: str, countries: Iterable[str] = ()) -> Actor | None:
        """The actor a surface form names, or None. An alias two actors share ("SNA": Syrian or
        Somali National Army) resolves only with the article's countries (ISO alpha-2)."""
        text = text.strip()
        choices = self._ambiguous.get(name_key(text))
        if choices:
            wanted = set(countries)
            for actor_id in choices:
                actor = self.actors.get(actor_id)
                if actor is not None and actor.country in wanted:
                    return actor
            return None
        exact = self._by_exact.get(text)
        if exact:
            return self.actors[exact]
        found = self._by_key.get(name_key(text))
        return self.actors[found] if found else None

    def ambiguous(self, name: str) -> bool:
        return name_key(name) in self._ambiguous

    def get(self, kb_id: str | None) -> Actor | None:
        if not kb_id:
            return None
        return self.actors.get(kb_id.removeprefix("sitrep:"))

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())


def _rows(data: Any, key: str) -> list[dict[str, Any]]:
    """A KB file is a list of entries, or a mapping holding that list under ``key``."""
    if isinstance(data, dict):
        data = data.get(key)
    return [row for row in data or [] if isinstance(row, dict)]


def _actor(row: dict[str, Any]) -> Actor:
    rels = tuple((str(r.get("predicate")), str(r.get("object"))) for r in row.get("relations") or [] if isinstance(r, dict))
    return Actor(
        id=str(row["id"]), name=str(row["name"]), type=str(row.get("type") or "organisation"),
        country=row.get("country"), parent=row.get("parent"), wikidata=row.get("wikidata"),
        aliases=tuple(str(a) for a in row.get("aliases") or () if a), acled_inter=row.get("acled_inter"),
        relations=rels,
    )


def _country_actors(row: dict[str, Any]) -> Iterator[Actor]:
    iso2 = str(row.get("iso2") or "").upper()
    name = row.get("name")
    if not iso2 or not name:
        return
    demonyms = [d for d in row.get("demonyms") or [] if d]
    yield Actor(id=f"country-{iso2.lower()}", name=name, type="country", country=iso2,
                wikidata=row.get("wikidata"), aliases=tuple(row.get("aliases") or ()))
    the = "the " if name in _WITH_THE else ""
    military = [f"{d} {n}" for d in demonyms for n in ("army", "military", "armed forces", "troops", "soldiers", "forces")]
    yield Actor(id=f"military-{iso2.lower()}", name=f"Military Forces of {the}{name}", type="state_force", country=iso2,
                aliases=tuple(military), acled_inter=1)
    police = [f"{d} {n}" for d in demonyms for n in ("police", "police forces", "policemen")]
    yield Actor(id=f"police-{iso2.lower()}", name=f"Police Forces of {the}{name}", type="police", country=iso2,
                aliases=tuple(police), acled_inter=1)
