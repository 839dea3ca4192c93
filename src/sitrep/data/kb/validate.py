"""Check sitrep's bundled knowledge base (actors.yaml, countries.yaml, wikidata-checked.tsv).

Run from the repository root::

    /work/venv/bin/python src/sitrep/data/kb/validate.py
    /work/venv/bin/python src/sitrep/data/kb/validate.py --user ~/.config/sitrep/actors.yaml

Checks: file schema, unique and well-formed ids, parents and relation objects exist (no
parent cycles), no alias or name shared by two entries unless listed under
``ambiguous_aliases``, no alias equal to a country name, QIDs well-formed, unique and
recorded in wikidata-checked.tsv, country codes and ACLED regions. Prints counts per
type. Exit status 0 when no error was found, 1 otherwise.

Only the standard library and PyYAML are used, so the script runs without sitrep
installed.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import yaml

HERE = Path(__file__).resolve().parent

ACTOR_TYPES = frozenset(
    {
        "state_force",
        "police",
        "militia",
        "rebel_group",
        "jihadist_group",
        "political_party",
        "government_body",
        "international_org",
        "ngo",
        "think_tank",
        "media",
        "person",
        "identity_group",
    }
)
# Types counted as curated non-state actors in the summary.
NON_STATE_TYPES = frozenset({"militia", "rebel_group", "jihadist_group", "political_party", "identity_group"})
PREDICATES = frozenset(
    {
        "part_of",
        "leads",
        "backed_by",
        "allied_with",
        "member_of",
        "opposes",
        "reports_to",
        "succeeded_by",
        "affiliated_with",
    }
)
# The 17 region names ACLED uses (checked against the acled.api R package's region list).
ACLED_REGIONS = frozenset(
    {
        "Western Africa",
        "Middle Africa",
        "Eastern Africa",
        "Southern Africa",
        "Northern Africa",
        "South Asia",
        "Southeast Asia",
        "Middle East",
        "Europe",
        "Caucasus and Central Asia",
        "Central America",
        "South America",
        "Caribbean",
        "East Asia",
        "North America",
        "Oceania",
        "Antarctica",
    }
)
# Words that must never be an alias on their own: they name no particular actor.
GENERIC_WORDS = frozenset(
    {
        "state",
        "the state",
        "army",
        "the army",
        "forces",
        "military",
        "the military",
        "government",
        "the government",
        "police",
        "militia",
        "militias",
        "rebels",
        "militants",
        "insurgents",
        "jihadists",
        "islamists",
        "gunmen",
        "group",
        "movement",
        "front",
        "party",
        "council",
        "ministry",
        "coalition",
        "security forces",
        "troops",
        "soldiers",
        "authorities",
        "regime",
        "brigade",
        "brigades",
    }
)
REQUIRED_ACTOR_KEYS = ("id", "name", "type", "country", "parent", "aliases")
OPTIONAL_ACTOR_KEYS = ("wikidata", "acled_inter", "relations", "note")
AMBIGUOUS_KEYS = ("alias", "ids", "case_sensitive", "note", "countries")
COUNTRY_KEYS = ("iso2", "iso3", "iso_numeric", "name", "aliases", "demonyms", "acled_region")
# Entities the issue asks for beyond UN members.
EXTRA_COUNTRIES = ("PS", "XK", "TW", "EH")
MIN_ACTORS = 330
MIN_NON_STATE = 170
MIN_COUNTRIES = 197

ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
ISO2_RE = re.compile(r"^[A-Z]{2}$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bf": "'", "\u02be": "'", "`": "'"})
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


def alias_key(text: str) -> str:
    """Return the comparison key of a name or alias (NFKC, casefolded, quotes and dashes unified)."""
    folded = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).translate(_DASHES).casefold()
    return " ".join(folded.split())


@dataclass
class Report:
    """Errors and warnings collected while checking, with the file each one is about."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


@dataclass(frozen=True)
class Country:
    """The fields of a countries.yaml entry that other checks need."""

    iso2: str
    name: str
    aliases: tuple[str, ...]
    acled_region: str


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects a mapping with the same key twice (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(path: Path, report: Report) -> Any:
    """Parse a YAML file; record an error and return None when it cannot be read."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except (OSError, yaml.YAMLError) as exc:
        report.error(str(path), f"cannot read: {exc}")
        return None


def _is_str(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _string_list(value: object, where: str, key: str, report: Report) -> list[str]:
    if not isinstance(value, list):
        report.error(where, f"{key} must be a list")
        return []
    good = []
    for item in value:
        if _is_str(item):
            good.append(item)
        else:
            report.error(where, f"{key} holds a non-string or empty item: {item!r}")
    return good


def check_countries(data: Any, path: Path, report: Report) -> dict[str, Country]:
    """Check countries.yaml and return its entries by ISO alpha-2 code."""
    where = path.name
    rows = data.get("countries") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        report.error(where, "top level must be a mapping with a 'countries' list")
        return {}
    countries: dict[str, Country] = {}
    seen: dict[str, dict[object, str]] = defaultdict(dict)
    names: dict[str, str] = {}
    for index, row in enumerate(rows):
        here = f"{where} entry {index}"
        if not isinstance(row, dict):
            report.error(here, "entry must be a mapping")
            continue
        unknown = set(row) - set(COUNTRY_KEYS)
        missing = [key for key in COUNTRY_KEYS if key not in row]
        if unknown:
            report.error(here, f"unknown keys {sorted(unknown)}")
        if missing:
            report.error(here, f"missing keys {missing}")
            continue
        iso2, iso3, numeric = row["iso2"], row["iso3"], row["iso_numeric"]
        here = f"{where} {iso2}"
        if not (isinstance(iso2, str) and ISO2_RE.match(iso2)):
            report.error(here, f"iso2 {iso2!r} is not two capital letters (quote NO, which YAML reads as false)")
            continue
        if not (isinstance(iso3, str) and ISO3_RE.match(iso3)):
            report.error(here, f"iso3 {iso3!r} is not three capital letters")
        if numeric is not None and not (isinstance(numeric, int) and not isinstance(numeric, bool) and 0 < numeric < 1000):
            report.error(here, f"iso_numeric {numeric!r} must be an integer 1-999 or null")
        for key, value in (("iso2", iso2), ("iso3", iso3), ("iso_numeric", numeric)):
            if value is None:
                continue
            if value in seen[key]:
                report.error(here, f"{key} {value!r} also used by {seen[key][value]}")
            seen[key][value] = iso2
        if not _is_str(row["name"]):
            report.error(here, "name must be a non-empty string")
            continue
        aliases = _string_list(row["aliases"], here, "aliases", report)
        demonyms = _string_list(row["demonyms"], here, "demonyms", report)
        if not demonyms:
            report.error(here, "needs at least one demonym")
        if row["acled_region"] not in ACLED_REGIONS:
            report.error(here, f"acled_region {row['acled_region']!r} is not an ACLED region name")
        for text in (row["name"], *aliases):
            key = alias_key(text)
            if key in names and names[key] != iso2:
                report.error(here, f"name or alias {text!r} also used by {names[key]}")
            names[key] = iso2
        countries[iso2] = Country(iso2, row["name"], tuple(aliases), row["acled_region"])
    for code in EXTRA_COUNTRIES:
        if code not in countries:
            report.error(where, f"missing required entry {code}")
    if len(countries) < MIN_COUNTRIES:
        report.error(where, f"{len(countries)} countries; expected at least {MIN_COUNTRIES}")
    return countries


def _check_actor_entry(row: Mapping[str, Any], here: str, countries: Mapping[str, Country], report: Report) -> bool:
    """Check one entry's own fields; return False when it is too broken to index."""
    unknown = set(row) - set(REQUIRED_ACTOR_KEYS) - set(OPTIONAL_ACTOR_KEYS)
    missing = [key for key in REQUIRED_ACTOR_KEYS if key not in row]
    if unknown:
        report.error(here, f"unknown keys {sorted(unknown)}")
    if missing:
        report.error(here, f"missing keys {missing}")
        return False
    if not (isinstance(row["id"], str) and ID_RE.match(row["id"])):
        report.error(here, f"id {row['id']!r} is not a lowercase slug (a-z, 0-9, single underscores)")
        return False
    if not _is_str(row["name"]):
        report.error(here, "name must be a non-empty string")
        return False
    if row["type"] not in ACTOR_TYPES:
        report.error(here, f"type {row['type']!r} is not one of {sorted(ACTOR_TYPES)}")
    country = row["country"]
    if country is not None and country not in countries:
        report.error(here, f"country {country!r} is not an iso2 code in countries.yaml")
    if row["parent"] is not None and not isinstance(row["parent"], str):
        report.error(here, "parent must be an id or null")
    if "wikidata" in row and not (isinstance(row["wikidata"], str) and QID_RE.match(row["wikidata"])):
        report.error(here, f"wikidata {row['wikidata']!r} is not a QID like Q123")
    if "acled_inter" in row:
        inter = row["acled_inter"]
        if not (isinstance(inter, int) and not isinstance(inter, bool) and 1 <= inter <= 8):
            report.error(here, f"acled_inter {inter!r} must be an integer 1-8")
    if "note" in row and not _is_str(row["note"]):
        report.error(here, "note must be a non-empty string")
    relations = row.get("relations", [])
    if not isinstance(relations, list):
        report.error(here, "relations must be a list")
    else:
        for relation in relations:
            if not (isinstance(relation, dict) and set(relation) == {"predicate", "object"}):
                report.error(here, f"relation {relation!r} must have exactly predicate and object")
            elif relation["predicate"] not in PREDICATES:
                report.error(here, f"predicate {relation['predicate']!r} is not one of {sorted(PREDICATES)}")
    return True


def _check_aliases(row: Mapping[str, Any], here: str, report: Report) -> list[str]:
    aliases = _string_list(row["aliases"], here, "aliases", report)
    own = alias_key(row["name"])
    seen: set[str] = set()
    for alias in aliases:
        key = alias_key(alias)
        if key == own:
            report.error(here, f"alias {alias!r} repeats the name")
        elif key in seen:
            report.error(here, f"alias {alias!r} listed twice (case and punctuation are ignored)")
        if key in GENERIC_WORDS:
            report.error(here, f"alias {alias!r} is a generic word, never an alias")
        seen.add(key)
    return aliases


@dataclass
class ActorFile:
    """The parsed content of one actor YAML file."""

    path: Path
    entries: dict[str, dict[str, Any]]
    ambiguous: dict[str, dict[str, Any]]
    national_forces: dict[str, dict[str, str]] = field(default_factory=dict)


def parse_actor_file(data: Any, path: Path, countries: Mapping[str, Country], report: Report) -> ActorFile:
    """Check the structure of an actor file and index its entries by id.

    Accepts the bundled layout (a mapping with ``actors`` and optional ``ambiguous_aliases``)
    or, for user files, a bare list of entries.
    """
    where = path.name
    national_forces: Any = {}
    if data is None:  # unreadable (already reported) or empty: nothing to index
        return ActorFile(path, {}, {})
    if isinstance(data, list):
        rows, ambiguous_rows = data, []
    elif isinstance(data, dict) and isinstance(data.get("actors"), list):
        unknown = set(data) - {"schema_version", "actors", "ambiguous_aliases", "national_forces"}
        if unknown:
            report.error(where, f"unknown top-level keys {sorted(unknown)}")
        rows, ambiguous_rows = data["actors"], data.get("ambiguous_aliases") or []
        national_forces = data.get("national_forces") or {}
    else:
        report.error(where, "top level must be a list of entries or a mapping with an 'actors' list")
        return ActorFile(path, {}, {})
    entries: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(rows):
        here = f"{where} entry {index}"
        if not isinstance(row, dict):
            report.error(here, "entry must be a mapping")
            continue
        if isinstance(row.get("id"), str):
            here = f"{where} {row['id']}"
        if not _check_actor_entry(row, here, countries, report):
            continue
        if row["id"] in entries:
            report.error(here, "duplicate id")
            continue
        row = dict(row)
        row["aliases"] = _check_aliases(row, here, report)
        entries[row["id"]] = row
    ambiguous: dict[str, dict[str, Any]] = {}
    if not isinstance(ambiguous_rows, list):
        report.error(where, "ambiguous_aliases must be a list")
        ambiguous_rows = []
    for index, row in enumerate(ambiguous_rows):
        here = f"{where} ambiguous_aliases entry {index}"
        if not (isinstance(row, dict) and _is_str(row.get("alias")) and isinstance(row.get("ids"), list)):
            report.error(here, "needs alias (string) and ids (list)")
            continue
        if set(row) - set(AMBIGUOUS_KEYS):
            report.error(here, f"unknown keys {sorted(set(row) - set(AMBIGUOUS_KEYS))}")
        if not isinstance(row.get("case_sensitive", False), bool):
            report.error(here, "case_sensitive must be true or false")
        if not _is_str(row.get("note")):
            report.error(here, "needs a note saying how to resolve the alias")
        key = alias_key(row["alias"])
        if key in ambiguous and not row.get("case_sensitive"):
            report.error(here, f"alias {row['alias']!r} listed twice")
        ambiguous.setdefault(key, {"alias": row["alias"], "ids": set(), "countries": set()})
        ambiguous[key]["ids"].update(row["ids"])
        ambiguous[key]["countries"].update(row.get("countries") or [])
    forces = _check_national_forces(national_forces, entries, where, report)
    return ActorFile(path, entries, ambiguous, forces)


def _check_national_forces(
    data: Any, entries: Mapping[str, Mapping[str, Any]], where: str, report: Report
) -> dict[str, dict[str, str]]:
    """Check the optional ``national_forces`` map: kind -> {iso2: id of that country's force}."""
    wanted_type = {"military": "state_force", "police": "police"}
    if not isinstance(data, dict) or set(data) - set(wanted_type):
        report.error(where, "national_forces must be a mapping with 'military' and/or 'police'")
        return {}
    forces: dict[str, dict[str, str]] = {}
    for kind, mapping in data.items():
        if not isinstance(mapping, dict):
            report.error(where, f"national_forces.{kind} must map country codes to ids")
            continue
        for code, actor_id in mapping.items():
            row = entries.get(actor_id)
            if row is None:
                report.error(where, f"national_forces.{kind}.{code}: unknown id {actor_id!r}")
            elif row["type"] != wanted_type[kind] or row["country"] != code:
                report.error(where, f"national_forces.{kind}.{code}: {actor_id} must be a {wanted_type[kind]} of country {code}")
        forces[kind] = dict(mapping)
    return forces


def check_graph(entries: Mapping[str, Mapping[str, Any]], where: str, report: Report) -> None:
    """Check that parents and relation objects exist and that parent links have no cycle."""
    for actor_id, row in entries.items():
        here = f"{where} {actor_id}"
        parent = row["parent"]
        if parent is not None:
            if parent == actor_id:
                report.error(here, "is its own parent")
            elif parent not in entries:
                report.error(here, f"parent {parent!r} does not exist")
        for relation in row.get("relations") or []:
            if not isinstance(relation, dict):
                continue
            target = relation.get("object")
            if target == actor_id:
                report.error(here, f"relation {relation.get('predicate')} points to itself")
            elif target not in entries:
                report.error(here, f"relation object {target!r} does not exist")
    for start in entries:
        seen = {start}
        current = entries[start]["parent"]
        while isinstance(current, str) and current in entries:
            if current in seen:
                report.error(f"{where} {start}", "parent chain has a cycle")
                break
            seen.add(current)
            current = entries[current]["parent"]


def check_alias_collisions(
    entries: Mapping[str, Mapping[str, Any]],
    ambiguous: Mapping[str, Mapping[str, Any]],
    countries: Mapping[str, Country],
    where: str,
    report: Report,
    strict: bool = True,
) -> None:
    """Every name or alias carried by two entries, or equal to a country name, must be listed.

    With ``strict`` false (a user file merged over the bundled one), a listed entry that no
    longer carries the alias, because the user overrode it, is only a warning.
    """
    carriers: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, str] = {}
    for actor_id, row in entries.items():
        for text in (row["name"], *row["aliases"]):
            key = alias_key(text)
            carriers[key].add(actor_id)
            spelled.setdefault(key, text)
    country_names: dict[str, str] = {}
    for country in countries.values():
        for text in (country.name, *country.aliases):
            country_names[alias_key(text)] = country.iso2
    for key, ids in sorted(carriers.items()):
        listed = ambiguous.get(key)
        if len(ids) > 1 and (listed is None or not ids <= listed["ids"]):
            report.error(where, f"alias {spelled[key]!r} is shared by {sorted(ids)} but not listed in ambiguous_aliases")
        if key in country_names and (listed is None or country_names[key] not in listed["countries"]):
            report.error(where, f"alias {spelled[key]!r} of {sorted(ids)} is also a name of country {country_names[key]}")
    for key, listed in ambiguous.items():
        unknown = sorted(listed["ids"] - set(entries))
        if unknown:
            report.error(where, f"ambiguous alias {listed['alias']!r} lists unknown ids {unknown}")
        actual = carriers.get(key, set())
        missing = sorted((listed["ids"] & set(entries)) - actual)
        if missing:
            message = f"ambiguous alias {listed['alias']!r} lists {missing}, which do not carry it"
            (report.error if strict else report.warn)(where, message)
        extra = sorted(actual - listed["ids"])
        if extra:
            report.error(where, f"ambiguous alias {listed['alias']!r} is also carried by {extra}; list them")


def check_wikidata(entries: Mapping[str, Mapping[str, Any]], tsv: Path, report: Report) -> int:
    """Each recorded QID must be unique and appear, with its id, in wikidata-checked.tsv."""
    where = tsv.name
    checked: dict[str, str] = {}
    try:
        with tsv.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            if reader.fieldnames is None or not {"id", "qid", "where_seen"} <= set(reader.fieldnames):
                report.error(where, "header must contain id, qid and where_seen columns")
                return 0
            for line, row in enumerate(reader, start=2):
                actor_id, qid = (row.get("id") or "").strip(), (row.get("qid") or "").strip()
                if actor_id in checked:
                    report.error(f"{where} line {line}", f"id {actor_id!r} listed twice")
                if not QID_RE.match(qid):
                    report.error(f"{where} line {line}", f"qid {qid!r} is malformed")
                if not (row.get("where_seen") or "").strip():
                    report.error(f"{where} line {line}", "where_seen is empty")
                if actor_id not in entries:
                    report.error(f"{where} line {line}", f"id {actor_id!r} is not in actors.yaml")
                checked[actor_id] = qid
    except OSError as exc:
        report.error(where, f"cannot read: {exc}")
        return 0
    owners: dict[str, str] = {}
    recorded = 0
    for actor_id, row in entries.items():
        qid = row.get("wikidata")
        if qid is None:
            if actor_id in checked:
                report.error(f"actors.yaml {actor_id}", f"checked QID {checked[actor_id]} is not recorded in the entry")
            continue
        recorded += 1
        if qid in owners:
            report.error(f"actors.yaml {actor_id}", f"wikidata {qid} also used by {owners[qid]}")
        owners[qid] = actor_id
        if checked.get(actor_id) != qid:
            report.error(f"actors.yaml {actor_id}", f"wikidata {qid} has no matching row in {where}")
    return recorded


def summarise(entries: Mapping[str, Mapping[str, Any]], countries: Mapping[str, Country], qids: int) -> list[str]:
    """Return printable summary lines: counts per type, non-state total, QIDs, regions."""
    by_type = Counter(row["type"] for row in entries.values())
    non_state = sum(by_type[name] for name in NON_STATE_TYPES)
    lines = [f"actors: {len(entries)}"]
    lines += [f"  {name:18} {count}" for name, count in sorted(by_type.items(), key=lambda item: (-item[1], item[0]))]
    lines.append(f"non-state actors ({', '.join(sorted(NON_STATE_TYPES))}): {non_state}")
    lines.append(f"aliases: {sum(len(row['aliases']) for row in entries.values())}")
    lines.append(f"wikidata QIDs recorded: {qids}")
    lines.append(f"countries: {len(countries)}")
    regions = Counter(country.acled_region for country in countries.values())
    lines += [f"  {name:26} {count}" for name, count in sorted(regions.items())]
    return lines


def run(actors_path: Path, countries_path: Path, tsv_path: Path, user_paths: Sequence[Path]) -> tuple[Report, list[str]]:
    """Validate the bundled files, then each user file merged over them; return report and summary."""
    report = Report()
    countries = check_countries(load_yaml(countries_path, report), countries_path, report)
    bundled = parse_actor_file(load_yaml(actors_path, report), actors_path, countries, report)
    check_graph(bundled.entries, actors_path.name, report)
    check_alias_collisions(bundled.entries, bundled.ambiguous, countries, actors_path.name, report)
    qids = check_wikidata(bundled.entries, tsv_path, report)
    non_state = sum(1 for row in bundled.entries.values() if row["type"] in NON_STATE_TYPES)
    if len(bundled.entries) < MIN_ACTORS:
        report.error(actors_path.name, f"{len(bundled.entries)} entries; expected at least {MIN_ACTORS}")
    if non_state < MIN_NON_STATE:
        report.error(actors_path.name, f"{non_state} non-state entries; expected at least {MIN_NON_STATE}")
    summary = summarise(bundled.entries, countries, qids)
    for kind, mapping in sorted(bundled.national_forces.items()):
        summary.append(f"named national {kind} forces: {len(mapping)}")
    for user_path in user_paths:
        user = parse_actor_file(load_yaml(user_path, report), user_path, countries, report)
        merged = {**bundled.entries, **user.entries}  # user entries override bundled ones with the same id
        ambiguous = {**bundled.ambiguous, **user.ambiguous}
        check_graph(merged, user_path.name, report)
        check_alias_collisions(merged, ambiguous, countries, user_path.name, report, strict=False)
        overridden = sorted(set(user.entries) & set(bundled.entries))
        summary.append(f"{user_path}: {len(user.entries)} entries, {len(overridden)} override bundled ids {overridden}")
    return report, summary


def main(argv: Iterable[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=Path, default=HERE / "actors.yaml")
    parser.add_argument("--countries", type=Path, default=HERE / "countries.yaml")
    parser.add_argument("--checked", type=Path, default=HERE / "wikidata-checked.tsv")
    parser.add_argument("--user", type=Path, action="append", default=[], help="a user actor file to check on top of the bundled one")
    args = parser.parse_args(list(argv) if argv is not None else None)
    report, summary = run(args.actors, args.countries, args.checked, [path.expanduser() for path in args.user])
    print("\n".join(summary))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
