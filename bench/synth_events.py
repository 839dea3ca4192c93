"""A synthetic sitrep store for the API-latency benchmark.

    python bench/synth_events.py --db /tmp/x.db --events 100000 [--seed 7]

``build_database(url, n_events, seed)`` fills a store with made-up but plausible news
articles: four to six ACLED-coded events each, actors from a pool of about 300 conflict-style
names, 40 countries with invented towns at points inside each country's rough box, event dates
from 2019 to late 2026 at mixed precisions, casualty counts with a long tail, a certainty mix,
and entities, quotes, claims and relations whose spans point at text really in the body.

Everything is drawn from generators seeded with ``seed``, so the same seed gives the same articles.
Only public Store methods are used (``save_article`` inside ``transaction()``), so whatever the
store maintains on save (search index, read models) is maintained here too, and timed.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sitrep.export.acled import TAXONOMY  # noqa: E402
from sitrep.models import (  # noqa: E402
    Article, Caption, Claim, Dateline, DateValue, Entity, Event, Mention, Quote, Relation, Span, sha256_hex,
)
from sitrep.store import article_identity, content_version, open_store  # noqa: E402

BATCH_ARTICLES = 200  # articles per transaction: fewer commits, still a bounded rollback
EXTRACTOR = "sitrep-bench synthetic"
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2026, 11, 20)

# (ISO alpha-2, name, weight, (min lon, min lat, max lon, max lat)): boxes drawn well inside each
# country so invented towns stay on its land; weights make a few conflicts dominate, as in life.
COUNTRIES: tuple[tuple[str, str, int, tuple[float, float, float, float]], ...] = (
    ("UA", "Ukraine", 30, (24.5, 46.8, 39.0, 51.0)),
    ("SD", "Sudan", 26, (24.5, 10.5, 35.5, 19.5)),
    ("SY", "Syria", 22, (36.2, 32.9, 41.2, 36.4)),
    ("MM", "Myanmar", 20, (94.2, 16.5, 97.8, 25.5)),
    ("CD", "Democratic Republic of Congo", 20, (18.5, -9.5, 29.0, 2.5)),
    ("YE", "Yemen", 16, (43.6, 13.6, 50.5, 16.8)),
    ("PS", "Palestine", 16, (35.0, 31.4, 35.45, 32.4)),
    ("NG", "Nigeria", 15, (4.0, 7.0, 13.0, 12.5)),
    ("ML", "Mali", 12, (-10.0, 12.0, 3.0, 19.5)),
    ("BF", "Burkina Faso", 12, (-4.5, 10.6, 1.5, 14.4)),
    ("SO", "Somalia", 12, (42.5, 0.0, 46.0, 5.0)),
    ("IQ", "Iraq", 10, (39.8, 30.2, 46.8, 36.4)),
    ("AF", "Afghanistan", 10, (62.2, 31.0, 70.0, 36.4)),
    ("ET", "Ethiopia", 10, (35.0, 5.0, 43.0, 12.5)),
    ("SS", "South Sudan", 9, (25.5, 4.5, 33.0, 9.5)),
    ("MX", "Mexico", 9, (-106.0, 17.5, -97.5, 26.5)),
    ("CO", "Colombia", 8, (-76.5, 1.0, -71.0, 8.5)),
    ("PK", "Pakistan", 8, (67.0, 25.0, 73.5, 34.0)),
    ("LB", "Lebanon", 7, (35.3, 33.2, 36.3, 34.5)),
    ("IL", "Israel", 7, (34.4, 30.2, 35.3, 33.0)),
    ("LY", "Libya", 6, (11.0, 25.0, 24.0, 31.5)),
    ("CF", "Central African Republic", 6, (16.0, 4.0, 25.0, 9.0)),
    ("CM", "Cameroon", 6, (10.0, 3.0, 15.0, 10.0)),
    ("NE", "Niger", 6, (2.5, 13.5, 12.0, 19.0)),
    ("HT", "Haiti", 6, (-73.6, 18.3, -72.0, 19.7)),
    ("MZ", "Mozambique", 5, (34.0, -19.0, 37.5, -13.0)),
    ("TD", "Chad", 5, (15.0, 9.0, 22.0, 19.0)),
    ("IN", "India", 5, (73.5, 12.5, 86.5, 26.5)),
    ("KE", "Kenya", 4, (35.0, -3.0, 40.0, 3.0)),
    ("IR", "Iran", 4, (46.5, 27.5, 59.5, 36.5)),
    ("TR", "Turkey", 4, (27.5, 37.2, 42.5, 40.3)),
    ("RU", "Russia", 4, (35.0, 50.5, 55.0, 57.5)),
    ("PH", "Philippines", 4, (122.5, 6.8, 125.8, 8.4)),
    ("VE", "Venezuela", 3, (-71.0, 5.5, -62.5, 10.0)),
    ("BR", "Brazil", 3, (-55.0, -20.0, -41.0, -6.0)),
    ("EG", "Egypt", 3, (26.5, 23.5, 32.5, 30.0)),
    ("BD", "Bangladesh", 3, (88.8, 22.2, 91.8, 25.2)),
    ("TH", "Thailand", 2, (99.2, 14.2, 103.8, 17.8)),
    ("AM", "Armenia", 2, (43.9, 39.1, 45.9, 40.9)),
    ("AZ", "Azerbaijan", 2, (45.7, 39.2, 49.3, 41.3)),
)

# Syllables for invented place, people and group names: no real town is named on purpose.
_SYLLABLES = ("ka", "ra", "bel", "do", "mi", "sun", "ta", "lo", "wen", "gar", "zi", "mar", "ho", "ne", "ash",
              "ul", "ba", "fen", "ri", "kor", "sa", "din", "mo", "vel", "ti", "nar", "yu", "el", "po", "gha")
_FIRST_NAMES = ("Amina", "Yusuf", "Olena", "Tariq", "Grace", "Ibrahim", "Mariam", "Dmytro", "Fatou", "Khalid", "Aung",
                "Lucia", "Samuel", "Nadia", "Hassan", "Ruth", "Omar", "Thandi", "Kofi", "Leila", "Bashir", "Irina")
_GROUP_PATTERNS = ("{x} Liberation Front", "{x} Defence Militia", "Revolutionary Army of {x}",
                   "Movement for Justice in {x}", "{x} Popular Resistance", "{x} Communal Militia ({c})",
                   "National Salvation Front of {x}", "{x} Self-Defence Forces", "Islamic Brigades of {x}")
_OUTLETS = (("The Daily Meridian", "dailymeridian.example"), ("Frontline Observer", "frontlineobserver.example"),
            ("Sahel Courier", "sahelcourier.example"), ("Levant Wire", "levantwire.example"),
            ("The Northern Ledger", "northernledger.example"), ("Eastern Post", "easternpost.example"),
            ("Horn Monitor", "hornmonitor.example"), ("Andes Report", "andesreport.example"),
            ("Gulf Chronicle", "gulfchronicle.example"), ("Continental Press", "continentalpress.example"),
            ("Delta Times", "deltatimes.example"), ("Border Gazette", "bordergazette.example"))
_WIRES = (None, None, None, "Allied Newswire", "Global Press Service", "International News Agency")
_SPEAKER_ROLES = (("spokesperson", "{g}"), ("governor", "{a1} province"), ("commander", "{g}"),
                  ("spokesperson", "the health ministry"), ("local official", "{a1} district"),
                  ("researcher", "the Centre for Conflict Studies"), ("coordinator", "the Relief Alliance"))
_AID_GROUPS = ("the Relief Alliance", "the UN refugee agency", "Medical Aid Without Borders", "the Red Crescent",
               "the Displacement Monitoring Group", "the Human Rights Observatory")
_QUOTE_LINES = ("We heard the explosions all night and nobody could leave their homes",
                "The situation is getting worse by the day and aid cannot reach the area",
                "Our forces will not withdraw until the area is secured",
                "We call on all parties to stop targeting civilians",
                "These reports are fabricated and our fighters were not there",
                "Families are sleeping in schools and mosques because their houses were destroyed",
                "The road to the hospital has been cut for three days")
_FILLERS = ("The area has seen repeated fighting over control of the main road in recent months.",
            "Humanitarian groups say access to the district remains severely restricted.",
            "Communications in the region were cut for several hours, making the toll hard to verify.",
            "Residents said many families had already fled to nearby towns.",
            "The violence comes amid stalled talks between the warring parties.",
            "Local markets remained closed and schools suspended classes.",
            "Independent verification was not possible because journalists are barred from the area.")
_DEMANDS = ("the release of detained activists", "lower fuel prices", "an end to the curfew", "the payment of salaries",
            "the resignation of the governor", "better protection from armed groups")

# certainty → (weight, sentence opening, sentence ending); {who} is actor1's words, {src} the source.
_CERTAINTY = (("reported", 72, "", ", {src} said"), ("confirmed", 5, "", ", the authorities confirmed"),
              ("claimed", 8, "", ", {who} said in a statement claiming the attack"),
              ("alleged", 7, "Witnesses alleged that ", ""), ("uncertain", 5, "Unconfirmed reports said ", ""),
              ("denied", 3, "", ", though {who} denied any involvement"))
_SOURCES = ("local officials", "residents", "a medical source", "a security source", "the army",
            "a monitoring group", "police")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

# sub-event type → sentence core; {a1}/{a2} are actors' words, {p} the place.
_CORES: dict[str, str] = {
    "Armed clash": "{a1} clashed with {a2} near {p}",
    "Government regains territory": "{a1} retook {p} from {a2}",
    "Non-state actor overtakes territory": "{a1} seized control of {p} from {a2}",
    "Chemical weapon": "{a1} used a chemical agent against {a2} in {p}",
    "Air/drone strike": "a drone strike by {a1} hit positions of {a2} in {p}",
    "Suicide bomb": "a suicide bomber sent by {a1} attacked {a2} in {p}",
    "Shelling/artillery/missile attack": "{a1} shelled areas held by {a2} in {p}",
    "Remote explosive/landmine/IED": "a roadside bomb planted by {a1} struck {a2} near {p}",
    "Grenade": "{a1} threw a grenade at {a2} in {p}",
    "Sexual violence": "{a1} sexually assaulted women among {a2} in {p}",
    "Attack": "{a1} attacked {a2} in {p}",
    "Abduction/forced disappearance": "{a1} abducted {a2} from {p}",
    "Peaceful protest": "{a1} marched through {p} to demand {d}",
    "Protest with intervention": "{a2} dispersed {a1} gathered in {p} to demand {d}",
    "Excessive force against protesters": "{a2} opened fire on {a1} in {p}",
    "Violent demonstration": "{a1} burned tyres and blocked roads in {p}",
    "Mob violence": "{a1} beat {a2} in {p}",
    "Agreement": "{a1} and {a2} signed a local ceasefire in {p}",
    "Arrests": "{a1} arrested suspected members of {a2} in {p}",
    "Change to group/activity": "{a1} announced a new command for its units around {p}",
    "Disrupted weapons use": "{a1} defused explosives planted by {a2} near {p}",
    "Headquarters or base established": "{a1} set up a new base in {p}",
    "Looting/property destruction": "{a1} looted shops and burned homes in {p}",
    "Non-violent transfer of territory": "{a2} withdrew from {p}, handing it to {a1}",
    "Other": "{a1} imposed a curfew on {p}",
}
# event type → weight in the synthetic mix
_TYPE_WEIGHTS = {"Battles": 28, "Explosions/Remote violence": 26, "Violence against civilians": 18, "Protests": 14,
                 "Riots": 5, "Strategic developments": 9}
_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}


@dataclass(frozen=True)
class Place:
    name: str
    admin1: str
    lat: float
    lon: float
    gazetteer_id: str


@dataclass(frozen=True)
class Actor:
    name: str  # the ACLED-style name events carry
    kind: str  # state | police | civilians | protesters | rioters | unidentified | group
    words: tuple[str, ...]  # how an article refers to it


@dataclass(frozen=True)
class CountryWorld:
    code: str
    name: str
    weight: int
    box: tuple[float, float, float, float]
    admin1: tuple[str, ...]
    places: tuple[Place, ...]
    actors: tuple[Actor, ...]

    def of_kind(self, *kinds: str) -> list[Actor]:
        return [a for a in self.actors if a.kind in kinds]


@dataclass(frozen=True)
class World:
    """The fixed cast the articles draw from: countries, their towns, actors and people."""

    countries: tuple[CountryWorld, ...]
    people: tuple[str, ...]

    @property
    def actor_names(self) -> list[str]:
        return [a.name for c in self.countries for a in c.actors]


def _invented_name(rng: random.Random, syllables: int) -> str:
    parts: list[str] = []
    while len(parts) < syllables:
        syllable = rng.choice(_SYLLABLES)
        if not parts or syllable != parts[-1]:  # no "Sunsun"
            parts.append(syllable)
    return "".join(parts).capitalize()


def _country_world(rng: random.Random, code: str, name: str, weight: int,
                   box: tuple[float, float, float, float]) -> CountryWorld:
    admin1 = tuple(dict.fromkeys(_invented_name(rng, 3) for _ in range(6)))
    places = tuple(
        Place(name=_invented_name(rng, rng.choice((2, 3))), admin1=rng.choice(admin1),
              lat=round(rng.uniform(box[1], box[3]), 4), lon=round(rng.uniform(box[0], box[2]), 4),
              gazetteer_id=f"synth:{code}:{i}")
        for i in range(24)
    )
    actors = [
        Actor(f"Military Forces of {name}", "state", ("government forces", "the army", "troops")),
        Actor(f"Police Forces of {name}", "police", ("police", "security forces", "riot police")),
        Actor(f"Civilians ({name})", "civilians", ("civilians", "villagers", "displaced families")),
        Actor(f"Protesters ({name})", "protesters", ("protesters", "hundreds of demonstrators", "students")),
        Actor(f"Rioters ({name})", "rioters", ("rioters", "angry youths", "a crowd")),
        Actor(f"Unidentified Armed Group ({name})", "unidentified", ("unidentified gunmen", "gunmen")),
    ]
    for _ in range(2 if weight < 10 else 3):  # bigger conflicts have more armed groups
        group = rng.choice(_GROUP_PATTERNS).format(x=_invented_name(rng, 2), c=name)
        actors.append(Actor(group, "group", (group,)))
    return CountryWorld(code, name, weight, box, admin1, places, tuple(actors))


def make_world(seed: int) -> World:
    """The cast for ``seed``: 40 countries, ~24 towns and 8-9 actors each (about 330 actors)."""
    rng = random.Random(f"world-{seed}")
    countries = tuple(_country_world(rng, *row) for row in COUNTRIES)
    people = tuple(f"{rng.choice(_FIRST_NAMES)} {_invented_name(rng, 2)}{rng.choice(('', 'i', 'ov', 'a'))}"
                   for _ in range(150))
    return World(countries, people)


@dataclass
class BodyWriter:
    """Builds a body paragraph by paragraph and remembers where labelled pieces landed, so every
    span is a true slice of the finished text."""

    paragraphs: list[list[str]] = field(default_factory=list)
    length: int = 0

    def paragraph(self) -> None:
        if self.paragraphs and self.paragraphs[-1]:
            self.length += 2  # "\n\n"
        self.paragraphs.append([])

    def sentence(self, pieces: list[tuple[str, str | None]]) -> tuple[Span, dict[str, tuple[int, int]]]:
        """Append one sentence made of (text, label) pieces; returns its span and each label's offsets."""
        if not self.paragraphs:
            self.paragraph()
        if self.paragraphs[-1]:
            self.length += 1  # " " between sentences
        start, cursor, where = self.length, self.length, {}
        for text, label in pieces:
            if label is not None:
                where.setdefault(label, (cursor, cursor + len(text)))
            cursor += len(text)
        text = "".join(t for t, _ in pieces)
        self.paragraphs[-1].append(text)
        self.length = cursor
        return Span("body", start, cursor, text), where

    @property
    def body(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paragraphs if p)


def _cap(text: str) -> str:
    """First letter upper-cased, the rest left alone (str.capitalize would lower "Tuesday")."""
    return text[:1].upper() + text[1:]


def _weighted(rng: random.Random, options: dict[str, int]) -> str:
    return rng.choices(list(options), weights=list(options.values()))[0]


def _event_date(rng: random.Random, news_day: date) -> tuple[DateValue, str, bool]:
    """A date, the words that tell it, and whether the event is background (well before the news)."""
    roll = rng.random()
    if roll < 0.08:  # recalled as context: month or year precision, months to years back
        past = max(FIRST_DAY, news_day - timedelta(days=rng.randint(60, 900)))
        if rng.random() < 0.6:
            return DateValue(f"{past:%Y-%m}", "month", f"in {_MONTHS[past.month - 1]} {past.year}"), \
                f"In {_MONTHS[past.month - 1]} {past.year}, ", True
        return DateValue(str(past.year), "year", f"in {past.year}"), f"In {past.year}, ", True
    day = news_day - timedelta(days=rng.choice((0, 0, 1, 1, 1, 2, 3)))
    if roll < 0.13:
        hour, minute = rng.randint(0, 23), rng.choice((0, 15, 30, 45))
        words = f"at around {hour:02d}:{minute:02d} on {_WEEKDAYS[day.weekday()]}"
        return DateValue(f"{day.isoformat()}T{hour:02d}:{minute:02d}Z", "minute", words), f"{_cap(words)}, ", False
    if roll < 0.20:
        monday = news_day - timedelta(days=news_day.weekday() + 7)
        return DateValue(monday.isoformat(), "week", "last week", start=monday.isoformat(),
                         end=(monday + timedelta(days=6)).isoformat()), "Last week, ", False
    if roll < 0.25:
        first = day - timedelta(days=rng.randint(1, 3))
        words = f"between {first.day} and {day.day} {_MONTHS[day.month - 1]}" if first.month == day.month \
            else f"between {first.day} {_MONTHS[first.month - 1]} and {day.day} {_MONTHS[day.month - 1]}"
        return DateValue(first.isoformat(), "day", words, start=first.isoformat(), end=day.isoformat()), \
            f"{_cap(words)}, ", False
    if roll < 0.30:
        return DateValue(f"{news_day:%Y-%m}", "month", "earlier this month"), "Earlier this month, ", False
    words = f"on {_WEEKDAYS[day.weekday()]}"
    return DateValue(day.isoformat(), "day", words), f"On {_WEEKDAYS[day.weekday()]}, ", False


def _count(rng: random.Random, violent: bool) -> int | None:
    """Killed or hurt: None (no figure) often, mostly 0-10, a long tail up to a few hundred."""
    if rng.random() < (0.3 if violent else 0.85):
        return None
    roll = rng.random()
    if roll < 0.1:
        return 0
    if roll < 0.85:
        return rng.randint(1, 10)
    return min(int(10 * rng.paretovariate(1.2)), 600)


def _actors_for(rng: random.Random, country: CountryWorld, event_type: str, sub_type: str
                ) -> tuple[Actor, Actor | None]:
    armed = country.of_kind("state", "group")
    if sub_type == "Government regains territory":
        return country.of_kind("state")[0], rng.choice(country.of_kind("group"))
    if sub_type == "Non-state actor overtakes territory":
        return rng.choice(country.of_kind("group")), country.of_kind("state")[0]
    if event_type == "Battles":
        first = rng.choice(armed)
        return first, rng.choice([a for a in armed if a is not first] or armed)
    if event_type == "Explosions/Remote violence":
        first = rng.choice(armed)
        return first, rng.choice([a for a in armed if a is not first] + country.of_kind("civilians"))
    if event_type == "Violence against civilians":
        return rng.choice(armed + country.of_kind("unidentified")), country.of_kind("civilians")[0]
    if event_type == "Protests":
        return country.of_kind("protesters")[0], country.of_kind("police")[0]
    if event_type == "Riots":
        return country.of_kind("rioters")[0], rng.choice(country.of_kind("civilians", "police"))
    first = rng.choice(armed + country.of_kind("police"))
    return first, rng.choice([a for a in armed if a is not first] or armed)


@dataclass
class ArticleDraft:
    """What one article accumulates while its body is written."""

    writer: BodyWriter = field(default_factory=BodyWriter)
    entities: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)  # key → (id, type, kb_id)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def mark(self, name: str, kind: str, where: tuple[int, int], kb_id: str | None = None) -> None:
        if name not in self.entities:
            self.entities[name] = (f"e{len(self.entities) + 1}", kind, kb_id)
        start, end = where
        self.mentions.setdefault(name, []).append(Mention("body", start, end, name))

    def entity_list(self) -> list[Entity]:
        return [Entity(id=eid, name=name, type=kind, kb_id=kb, mentions=self.mentions.get(name, []))
                for name, (eid, kind, kb) in self.entities.items()]


def _words(rng: random.Random, actor: Actor) -> str:
    return rng.choice(actor.words)


def _core_pieces(rng: random.Random, core: str, a1_words: str, a2_words: str, place: str
                 ) -> list[tuple[str, str | None]]:
    """The sentence core split at its placeholders, so actor and place words become labelled pieces."""
    fills = {"{a1}": (a1_words, "a1"), "{a2}": (a2_words, "a2"), "{p}": (place, "place")}
    pieces: list[tuple[str, str | None]] = []
    for chunk in core.replace("{", "\x00{").replace("}", "}\x00").split("\x00"):
        if chunk == "{d}":
            pieces.append((rng.choice(_DEMANDS), None))
        elif chunk:
            pieces.append(fills.get(chunk, (chunk, None)))
    return pieces


def _location(rng: random.Random, country: CountryWorld, place: Place) -> dict:
    """The event's location object at a drawn precision; towns jittered around their point."""
    precision = _weighted(rng, {"town": 80, "admin1": 9, "country": 8, "region": 3})
    name, admin1 = place.name, place.admin1
    lat: float | None = round(place.lat + rng.uniform(-0.05, 0.05), 4)
    lon: float | None = round(place.lon + rng.uniform(-0.05, 0.05), 4)
    if precision == "admin1":
        name = admin1
    elif precision == "country":
        name, admin1 = country.name, None
        lat, lon = (country.box[1] + country.box[3]) / 2, (country.box[0] + country.box[2]) / 2
    elif precision == "region":
        name, admin1, lat, lon = f"northern {country.name}", None, None, None
    return {"name": name, "admin1": admin1, "admin2": None, "country": country.name, "country_code": country.code,
            "lat": lat, "lon": lon, "precision": precision, "gazetteer_id": place.gazetteer_id,
            "why": "synthetic benchmark place"}


def _write_event(rng: random.Random, draft: ArticleDraft, country: CountryWorld, news_day: date,
                 source: str) -> None:
    """One event sentence in the body, and the coded event whose evidence it is."""
    event_type = _weighted(rng, _TYPE_WEIGHTS)
    sub_type = rng.choice(TAXONOMY[event_type])
    actor1, actor2 = _actors_for(rng, country, event_type, sub_type)
    place = rng.choice(country.places)
    when, opening, background = _event_date(rng, news_day)
    certainty, _, lead, tail = rng.choices(_CERTAINTY, weights=[c[1] for c in _CERTAINTY])[0]
    a1_words, a2_words = _words(rng, actor1), (_words(rng, actor2) if actor2 else "")
    pieces = [(lead or opening, None), *_core_pieces(rng, _CORES[sub_type], a1_words, a2_words, place.name)]
    if lead:  # "Witnesses alleged that" opens the sentence, so the date goes after the core
        pieces.append((f" {when.text}", None))
    killed, hurt = _count(rng, event_type in _VIOLENT), _count(rng, event_type in _VIOLENT) or None  # no "0 hurt"
    high = killed + rng.randint(1, killed // 2 + 2) if killed and rng.random() < 0.2 else None
    if killed == 0:
        pieces.append((", ", None))
        pieces.append(("with no deaths reported", "killed"))
    elif killed is not None:
        pieces.append((", ", None))
        words = f"killing between {killed} and {high} people" if high else f"killing at least {killed} people"
        pieces.append((words, "killed"))
    if hurt:
        pieces.append((" and ", None) if killed else (", ", None))
        pieces.append((f"wounding {hurt} others" if killed else f"wounding {hurt} people", "hurt"))
    pieces.append((tail.format(src=source, who=a1_words) + ".", None))
    span, where = draft.writer.sentence(pieces)
    for label, actor in (("a1", actor1), ("a2", actor2)):
        if actor is not None and actor.kind == "group" and label in where:
            draft.mark(actor.name, "ORG", where[label], kb_id=f"synth:{sha256_hex(actor.name, 12)}")
    if not draft.events:  # only the lead's place: each entity costs the store two statements
        draft.mark(place.name, "GPE", where["place"])

    def counted(value: int | None, label: str, top: int | None = None) -> dict | None:
        if value is None:
            return None
        start, end = where[label]
        return {"best": value, "low": value, "high": top or value, "text": span.text[start - span.start:end - span.start]}

    target = actor2 if "a2" in where else None  # cores without a second actor name none
    draft.events.append(Event(
        id=f"v{len(draft.events) + 1}", event_type=event_type, sub_event_type=sub_type,
        actor1=actor1.name, actor2=target.name if target else None, date=when,
        location=_location(rng, country, place),
        fatalities=counted(killed, "killed", high), injured=counted(hurt, "hurt"),
        background=background,
        civilian_targeting=event_type == "Violence against civilians" or (target is not None and target.kind == "civilians"),
        certainty=certainty, attributed_to=[source], evidence=[span], extractor=EXTRACTOR,
    ))


def _write_quote(rng: random.Random, draft: ArticleDraft, world: World, country: CountryWorld) -> None:
    speaker = rng.choice(world.people)
    role, org_pattern = rng.choice(_SPEAKER_ROLES)
    groups = country.of_kind("group")
    org = org_pattern.format(g=rng.choice(groups).name, a1=rng.choice(country.admin1))
    line = rng.choice(_QUOTE_LINES)
    span, where = draft.writer.sentence([("\u201c", None), (line, "quote"), (",\u201d said ", None),
                                         (speaker, "speaker"), (f", a {role} for {org}.", None)])
    draft.mark(speaker, "PERSON", where["speaker"])
    start, end = where["quote"]
    draft.quotes.append(Quote(text=line, kind="direct", speaker=speaker, section="body", start=start, end=end,
                              speaker_entity=draft.entities[speaker][0], speaker_title=role, speaker_org=org))


def _write_claim(rng: random.Random, draft: ArticleDraft, country: CountryWorld) -> None:
    value = rng.choice((300, 1200, 2500, 4000, 8000, 15000, 40000, 120000))
    unit = rng.choice(("people", "families", "households"))
    place = rng.choice(country.places)
    source = rng.choice(_AID_GROUPS)
    words = f"more than {value:,} {unit}"
    span, where = draft.writer.sentence([(_cap(words), "claim"), (" have fled ", None),
                                         (place.name, "place"), (f" since the fighting began, according to {source}.",
                                                                 None)])
    draft.mark(place.name, "GPE", where["place"])
    draft.claims.append(Claim(text=span.text[:len(words)], value=value, unit=unit, subject=place.name,
                              attributed_to=source, evidence=span))


def _write_relation(rng: random.Random, draft: ArticleDraft, country: CountryWorld) -> None:
    groups = country.of_kind("group")
    first, second = rng.sample(groups, 2)
    predicate, verb = rng.choice((("allied_with", " has fought alongside "), ("opposes", " has long fought against ")))
    span, where = draft.writer.sentence([(first.name, "g1"), (verb, None), (second.name, "g2"),
                                         (f" in the {rng.choice(country.admin1)} area.", None)])
    draft.mark(first.name, "ORG", where["g1"])
    draft.mark(second.name, "ORG", where["g2"])
    draft.relations.append(Relation(first.name, predicate, second.name, evidence=span))


def _title(rng: random.Random, event: Event) -> str:
    place = event.location["name"] if event.location else "the region"
    killed = (event.fatalities or {}).get("best")
    heads = {
        "Battles": f"Fighting erupts around {place}",
        "Explosions/Remote violence": f"Strike hits {place}",
        "Violence against civilians": f"Civilians attacked in {place}",
        "Protests": f"Protesters take to the streets in {place}",
        "Riots": f"Unrest in {place} as crowds clash",
        "Strategic developments": f"Shift on the ground in {place}",
    }
    head = heads[event.event_type]
    if killed:
        head += rng.choice((f", {killed} dead", f": at least {killed} killed", f" leaving {killed} dead"))
    return head


def make_article(rng: random.Random, world: World, serial: int, n_events: int) -> Article:
    """One synthetic article with ``n_events`` events and the spans that back them."""
    country = rng.choices(world.countries, weights=[c.weight for c in world.countries])[0]
    news_day = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    outlet, domain = rng.choice(_OUTLETS)
    wire = rng.choice(_WIRES)
    draft = ArticleDraft()
    for n in range(n_events):
        draft.writer.paragraph()
        _write_event(rng, draft, country, news_day, rng.choice(_SOURCES))
        if n == 0 or rng.random() < 0.35:
            draft.writer.sentence([(rng.choice(_FILLERS), None)])
        if n == 1 and rng.random() < 0.7:
            draft.writer.paragraph()
            _write_quote(rng, draft, world, country)
        if n == 2 and rng.random() < 0.5:
            draft.writer.paragraph()
            _write_claim(rng, draft, country)
    if rng.random() < 0.3 and len(country.of_kind("group")) >= 2:
        draft.writer.paragraph()
        _write_relation(rng, draft, country)
    body = draft.writer.body
    title = _title(rng, draft.events[0])
    published_day = news_day + timedelta(days=rng.choice((0, 0, 1)))
    hour, minute = rng.randint(5, 22), rng.randint(0, 59)
    published = (DateValue(f"{published_day.isoformat()}T{hour:02d}:{minute:02d}Z", "minute",
                           f"{published_day.day} {_MONTHS[published_day.month - 1]} {published_day.year}",
                           kind="published")
                 if rng.random() < 0.7 else DateValue(published_day.isoformat(), "day", None, kind="published"))
    url = f"https://{domain}/{published_day:%Y/%m}/{serial:07d}-{title.lower().split()[0]}"
    dateline_place = draft.events[0].location["name"] if draft.events[0].location else country.name
    article = Article(
        id="", version_id="", input_id=f"synthetic/{serial:07d}.html", title=title, body=body, url=url,
        outlet=outlet, wire=wire, dateline=Dateline(dateline_place, country.name, dateline_place.upper()),
        published=published, retrieved=f"{published_day.isoformat()}T{min(hour + 2, 23):02d}:{minute:02d}:00+00:00",
        captions=[Caption(f"Smoke rises over {dateline_place}.", "Staff photographer")] if rng.random() < 0.3 else [],
        summary=[f"{len(draft.events)} incidents reported in {country.name}"] if rng.random() < 0.2 else [],
        entities=draft.entity_list(), quotes=draft.quotes, events=draft.events, claims=draft.claims,
        relations=draft.relations,
    )
    article.entities.append(Entity(id=f"e{len(article.entities) + 1}", name=country.name, type="GPE",
                                   kb_id=f"synth:{country.code}"))
    article.id = article_identity(title, outlet, url, 1, body)
    article.version_id = content_version(article)
    return article


def iter_articles(n_events: int, seed: int = 7) -> Iterator[Article]:
    """Articles holding exactly ``n_events`` events in all (4-6 each; the last may have fewer)."""
    world = make_world(seed)
    rng = random.Random(seed)
    left, serial = n_events, 0
    while left > 0:
        count = min(left, rng.randint(4, 6))
        yield make_article(rng, world, serial, count)
        left -= count
        serial += 1


def build_database(url: str, n_events: int = 100_000, seed: int = 7, batch: int = BATCH_ARTICLES,
                   progress: Callable[[int, float], None] | None = None) -> dict:
    """Fill the store at ``url`` (path or URL, created if needed) with ``n_events`` synthetic events.

    Returns what was written (articles, events, entities, quotes, claims, relations), the
    store's own row counts, and the seconds taken (generation and saving together).
    ``progress(events_so_far, seconds)`` is called after each committed batch.
    """
    totals = {"articles": 0, "events": 0, "entities": 0, "quotes": 0, "claims": 0, "relations": 0}
    start = time.perf_counter()
    with open_store(url, extractor=EXTRACTOR) as store:
        articles = iter_articles(n_events, seed)
        while True:
            chunk = [a for _, a in zip(range(batch), articles)]
            if not chunk:
                break
            with store.transaction():
                for article in chunk:
                    store.save_article(article, raw_id=None)
            for article in chunk:
                totals["articles"] += 1
                totals["events"] += len(article.events)
                totals["entities"] += len(article.entities)
                totals["quotes"] += len(article.quotes)
                totals["claims"] += len(article.claims)
                totals["relations"] += len(article.relations)
            if progress is not None:
                progress(totals["events"], time.perf_counter() - start)
        store.optimize(full=True)  # as `sitrep ingest` does after storing new articles
        elapsed = time.perf_counter() - start
        counts = store.counts()
    return {**totals, "seed": seed, "seconds": round(elapsed, 1),
            "events_per_s": round(totals["events"] / elapsed, 1) if elapsed else None, "store_counts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="SQLite path or database URL (created if missing)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    next_report = [10_000]  # a line on stderr about every 10,000 events

    def report(events: int, seconds: float) -> None:
        if events >= next_report[0] or events == args.events:
            next_report[0] += 10_000
            print(f"{events} events, {seconds:.0f} s, {events / seconds:.0f} events/s", file=sys.stderr, flush=True)

    print(json.dumps(build_database(args.db, args.events, args.seed, progress=report), indent=2))


if __name__ == "__main__":
    main()
