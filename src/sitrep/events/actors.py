"""Who did what to whom: actors of an event sentence, named the way ACLED names them.

Knowledge-base actors keep their canonical names, or ACLED's convention where it has one
("Military Forces of Sudan" for the SAF); a country acting with force is its military
("Israel carried out strikes" → Military Forces of Israel); unnamed groups get ACLED's
generic labels with the event's country: "Civilians (Sudan)", "Protesters (Kenya)",
"Rioters (India)", "Unidentified Armed Group (Mali)".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Entity
from ..nlp.kb import KnowledgeBase

CIVILIAN_WORDS = (r"civilians?|villagers?|residents?|people|persons|children|women|families|family|displaced|worshippers|passengers|"
                  r"farmers?|shoppers|patients|students|fishermen|mourners|pilgrims|aid workers|medics|doctors|nurses|"
                  r"health workers|journalists?|traders|merchants|refugees|migrants|drivers|workers|men|boys|girls|"
                  r"teachers|civilian|man|woman|child|girl|boy|father|mother")
ARMED_UNKNOWN = r"gunmen|attackers|assailants|armed men|unidentified (?:gunmen|assailants|men|attackers)|militants|bandits|perpetrators|unknown gunmen|suspected militants|insurgents|jihadists|fighters"
PROTEST_WORDS = r"protesters|demonstrators|marchers|protester|demonstrator|depositors|strikers"
RIOT_WORDS = r"rioters|mob|vigilantes"
POLICE_WORDS = r"police(?:men| officers| forces)?|policeman|gendarmes?|gendarmerie"
MILITARY_WORDS = r"soldiers|troops|army|military|armed forces|security forces|forces|junta|warplanes|jets|air force|navy"

_GENERIC = [
    ("Protesters", re.compile(rf"\b(?:{PROTEST_WORDS})\b", re.IGNORECASE), 6),
    ("Rioters", re.compile(rf"\b(?:{RIOT_WORDS})\b", re.IGNORECASE), 5),
    ("Unidentified Armed Group", re.compile(rf"\b(?:{ARMED_UNKNOWN})\b", re.IGNORECASE), 3),
    ("Police Forces of", re.compile(rf"\b(?:{POLICE_WORDS})\b", re.IGNORECASE), 1),
    ("Military Forces of", re.compile(rf"\b(?:{MILITARY_WORDS})\b", re.IGNORECASE), 1),
    ("Civilians", re.compile(rf"\b(?:{CIVILIAN_WORDS})\b", re.IGNORECASE), 7),
]
_PLACE_PREP = re.compile(r"(?:\b(?:in|near|at|outside|from|into|across|of|to|toward|towards|around|east|west|north|south|between|and|hitting|hit|struck|on)\s+(?:the\s+)?(?:\w+\s+)?)$", re.IGNORECASE)
_SOURCE = re.compile(r"(?:according to|told|said|says|reported|cited)\s+(?:the\s+)?$|^\s*(?:said|says|told|reported)\b", re.IGNORECASE)


@dataclass
class ActorMention:
    name: str  # ACLED-style name
    start: int
    end: int
    text: str
    inter: int | None = None
    kb_id: str | None = None
    generic: bool = False
    victim: bool = False  # the subject of a passive "were killed": who was hit, not who acted


def _country_name(kb: KnowledgeBase, code: str | None) -> str | None:
    if not code:
        return None
    actor = kb.get(f"country-{code.lower()}")
    return actor.name if actor else None


def acled_name(entity: Entity, kb: KnowledgeBase, violent: bool) -> tuple[str, int | None]:
    actor = kb.get(entity.kb_id)
    if actor is None:
        return entity.name, None
    if actor.type == "country":
        if violent:
            forces = kb.forces(actor.country)
            if forces is not None:
                return forces.acled_name or forces.name, 1
        return actor.name, None
    return actor.acled_name or actor.name, actor.acled_inter


def sentence_actors(sentence: str, offset: int, entities: list[Entity], section: str, index: int | None,
                    kb: KnowledgeBase, country_code: str | None, violent: bool) -> list[ActorMention]:
    """Actor mentions in one sentence (offsets relative to the sentence), in order."""
    found: list[ActorMention] = []
    end_of_sentence = offset + len(sentence)
    for entity in entities:
        if entity.type not in ("ORG", "PERSON", "NORP", "GPE"):
            continue
        for m in entity.mentions:
            if m.section != section or m.index != index or not (offset <= m.start < end_of_sentence):
                continue
            start, end = m.start - offset, m.end - offset
            before = sentence[max(0, start - 40):start]
            actor = kb.get(entity.kb_id)
            if entity.type == "GPE" and (actor is None or actor.type != "country" or _PLACE_PREP.search(before)):
                continue  # a place, not an actor: "in Beirut", "near Baghdad"
            if _SOURCE.search(before) or _SOURCE.search(sentence[end:end + 12]):
                continue  # who reports it, not who did it
            if re.match(r"-(?:aligned|backed|allied|led|based|funded|supported|linked|affiliated|controlled|held)\b", sentence[end:end + 14]):
                continue  # "Iran-aligned Houthis": a modifier of the actor, not the actor
            if entity.type == "PERSON":
                # a person is coded by what they command: "the Biden administration bombed" → the US military
                governs = re.match(r"[’']?s?\s+(?:administration|government|regime|forces|troops|army|military)\b", sentence[end:end + 30])
                if governs and actor is not None and actor.country:
                    forces = kb.forces(actor.country)
                    if forces is not None and violent:
                        found.append(ActorMention(forces.acled_name or forces.name, start, end + governs.end(), m.text, 1))
                continue  # otherwise a named individual is a victim, a witness or a leader, not the actor
            name, inter = acled_name(entity, kb, violent)
            found.append(ActorMention(name, start, end, m.text, inter, entity.kb_id))
    country = _country_name(kb, country_code)
    taken = [(a.start, a.end) for a in found]
    for label, pattern, inter in _GENERIC:
        for m in pattern.finditer(sentence):
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
                continue
            before = sentence[max(0, m.start() - 30):m.start()]
            demonym = _demonym_country(before, kb)
            if label.endswith(" of"):
                code = demonym or country_code
                forces = kb.forces(code, "police" if label.startswith("Police") else "military")
                if forces is None:
                    continue
                name = forces.acled_name or forces.name
            else:
                name = f"{label} ({country})" if country else label
            taken.append((m.start(), m.end()))
            found.append(ActorMention(name, m.start(), m.end(), m.group(0), inter, None, generic=True))
    for m in _DEMONYM_FORCE.finditer(sentence):  # "Israeli airstrike", "Russian drones"
        code = _demonym_code(m.group(1), kb)
        if code and not any(a <= m.start() < b for a, b in taken):
            forces = kb.forces(code)
            if forces is not None:
                found.append(ActorMention(forces.acled_name or forces.name, m.start(), m.end(1), m.group(1), 1))
    for actor in found:
        if _PASSIVE_HIT.match(sentence[actor.end:actor.end + 60]):
            actor.victim = True
    return sorted(found, key=lambda a: a.start)


_PASSIVE_HIT = re.compile(r"(?:\s+\w+){0,3}?\s+(?:were|was|have been|had been|are|being)\s+(?:\w+\s+)?(?:killed|wounded|injured|targeted|hit|attacked|struck|abducted|kidnapped|shot|detained|arrested)\b",
                          re.IGNORECASE)


_DEMONYM_FORCE = re.compile(r"\b([A-Z][a-z]+(?:i|ian|ese|ish|an|ic))\s+(?:air ?strikes?|drones?|warplanes?|jets|missiles?|rockets?|"
                            r"artillery|shelling|strikes?|raids?|attacks?|bombardment|helicopters?|navy|forces|troops|soldiers|army|military)\b")


def _demonym_code(word: str, kb: KnowledgeBase) -> str | None:
    actor = kb.lookup(f"{word} military") or kb.lookup(f"{word} army") or kb.lookup(f"{word} forces")
    return actor.country if actor is not None and actor.type in ("state_force", "police") else None


def _demonym_country(before: str, kb: KnowledgeBase) -> str | None:
    m = re.search(r"([A-Z][a-z]+)\s+(?:\w+\s+)?$", before)
    return _demonym_code(m.group(1), kb) if m else None
