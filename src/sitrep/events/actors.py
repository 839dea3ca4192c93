"""Who did what to whom: actors of an event sentence, named the way ACLED names them.

Knowledge-base actors keep their canonical names, or ACLED's convention where it has one
("Military Forces of Sudan" for the SAF); a country acting with force is its military
("Israel carried out strikes" → Military Forces of Israel); unnamed groups get ACLED's
generic labels with the event's country: "Civilians (Sudan)", "Protesters (Kenya)",
"Rioters (India)", "Unidentified Armed Group (Mali)".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..models import Entity
from ..nlp.kb import KnowledgeBase

CIVILIAN_WORDS = (r"civilians?|villagers?|residents?|people|persons|children|women|families|family|displaced|worshippers|passengers|"
                  r"farmers?|shoppers|patients|students|fishermen|mourners|pilgrims|aid workers|medics|doctors|nurses|"
                  r"health workers|journalists?|traders|merchants|refugees?|migrants|drivers|workers|men|boys|girls|"
                  r"teachers|civilian|man|woman|child|girl|boy|father|mother|teenagers?|pupils|schoolchildren|schoolgirls|schoolboys|hostages|"
                  r"(?:community|village|religious|traditional|tribal|social|local|civic|civil society) leaders?|"
                  r"headm[ae]n|(?:village|traditional|tribal|local|community) chiefs?|elders|activists?|herders?|shepherds?|vendors|miners|labou?rers|priests?|pastors?|imams?|clerics?")
ARMED_UNKNOWN = r"gunmen|attackers|assailants|armed men|gang members|gangsters|unidentified (?:gunmen|assailants|men|attackers)|militants|bandits|perpetrators|unknown gunmen|suspected militants|insurgents|jihadists|fighters"
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
# Where a name the parser took for an organisation or a person is a place: after "in", "near",
# "the outskirts of", "the village of" ..., or before "refugee camp", "district" ...
PLACE_BEFORE = re.compile(r"(?:\b(?:in|near|at|outside|into|toward|towards|across|around|through)\s+(?:the\s+)?"
                           r"|\b(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+(?:the\s+)?"
                           r"|\b(?:km|kms|kilometres|kilometers|miles)\s+(?:from|of)\s+(?:the\s+)?"
                           r"|\b(?:outskirts|suburbs?|edge|vicinity|streets|city|town|village|hamlet|municipality|district|port|coast|island|capital|"
                           r"province|region|state|county|department|governorate|area|neighbou?rhood|camp|locality|commune)\s+of\s+(?:the\s+)?)$",
                           re.IGNORECASE)
PLACE_AFTER = re.compile(r"^\s+(?:refugee\s+camp|camp|district|province|region|governorate|county|municipality|village|town|city|"
                          r"department|oblast|prefecture|township|"
                          r"neighbou?rhood|suburb|area|state)\b", re.IGNORECASE)
_PLACE_PREP = re.compile(r"(?:\b(?:in|near|at|outside|from|into|across|of|to|toward|towards|around|east|west|north|south|between|and|hitting|hit|struck|on)\s+(?:the\s+)?(?:\w+\s+)?)$", re.IGNORECASE)


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


def _case_mismatch(text: str, actor) -> bool:
    """A short alias written in mixed case ("LeT", "JuD") names the group only in that case."""
    if actor is None or len(text) > 5 or any(n == text for n in actor.names):
        return False
    return any(n.lower() == text.lower() and any(c.isupper() for c in n[1:]) for n in actor.names)


def _same_demonym_forces(text: str, actor, kb: KnowledgeBase, country_code: str | None):
    """"Congolese army" in an event in the DR Congo is the DR Congo's army: when the demonym a
    state force was named by is shared with the event's country, that country's forces."""
    if actor is None or actor.type not in ("state_force", "police") or not country_code or actor.country == country_code:
        return None
    from ..geo.data import load_countries

    countries = load_countries()
    here, there = countries.get(country_code.upper()), countries.get((actor.country or "").upper())
    word = text.split()[0].lower() if text.split() else ""
    if here is None or there is None or word not in {d.lower() for d in here.demonyms} \
            or word not in {d.lower() for d in there.demonyms}:
        return None
    return kb.forces(country_code, "police" if actor.type == "police" else "military")


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
            if actor is None and m.text.isupper() and len(m.text) > 5:
                continue  # "KINDU", "GOMA": a dateline or a heading word, not a party to the event
            if actor is None and (PLACE_BEFORE.search(before) or PLACE_AFTER.match(sentence[end:end + 30])):
                continue  # a place the parser called a name: "the outskirts of Tibú", "the Balata refugee camp"
            if actor is not None and actor.type == "country" and _COUNTRY_MODIFIER.match(sentence[end:end + 40]):
                continue  # "Sudan's paramilitary Rapid Support Forces": the country qualifies the actor that follows
            if _is_source(sentence, start, end):
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
            if _case_mismatch(m.text, actor):
                continue  # "Let" (a word of "Let Yet Kone") is not "LeT", Lashkar-e-Taiba
            name, inter = acled_name(entity, kb, violent)
            local = _same_demonym_forces(m.text, actor, kb, country_code)
            if local is not None:
                name, inter = local.acled_name or local.name, local.acled_inter or 1
            found.append(ActorMention(name, start, end, m.text, inter, entity.kb_id))
    country = _country_name(kb, country_code)
    taken = [(a.start, a.end) for a in found]
    for label, pattern, inter in _GENERIC:
        for m in pattern.finditer(sentence):
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
                continue
            if _is_source(sentence, m.start(), m.end()) or _SPOKESPERSON.match(sentence[m.end():m.end() + 30]):
                continue  # ", the army said", "the military spokesman": who reports it
            if label == "Unidentified Armed Group" and any(
                    not f.generic and f.kb_id and (0 <= m.start() - f.end <= 2
                                                   or (f.start > m.end() and _MEMBER_OF.match(sentence[m.end():f.start])))
                    for f in found):
                continue  # "Al-Shabaab militants", "fighters presumed to belong to ISSP": the named group itself
            before = sentence[max(0, m.start() - 30):m.start()]
            demonym = _demonym_country(before, kb)
            if label.endswith(" of"):
                if re.search(r"[\w]-(?:led|backed|aligned|allied|affiliated|linked|supported)\s+$", before):
                    continue  # "Kurdish-led forces", "Iran-backed forces": a group, not a state's military
                code = demonym or country_code
                forces = kb.forces(code, "police" if label.startswith("Police") else "military")
                if forces is None:
                    continue
                name = forces.acled_name or forces.name
            else:
                name = f"{label} ({country})" if country else label
            taken.append((m.start(), m.end()))
            # "a police station", "a military base": the forces' premises, hit rather than acting
            premises = label.endswith(" of") and _PREMISES.match(sentence[m.end():m.end() + 20]) is not None
            found.append(ActorMention(name, m.start(), m.end(), m.group(0), inter, None, generic=True, victim=premises))
    for m in _DEMONYM_PEOPLE.finditer(sentence):  # "Three Palestinians were killed": people of a nation, as victims
        if m.group(1) in _people_words() and not any(a <= m.start() < b for a, b in taken) \
                and _PASSIVE_HIT.match(sentence[m.end():m.end() + 60]):
            name = f"Civilians ({country})" if country else "Civilians"
            taken.append((m.start(), m.end()))
            found.append(ActorMention(name, m.start(), m.end(), m.group(0), 7, None, generic=True))
    for m in _DEMONYM_FORCE.finditer(sentence):  # "Israeli airstrike", "Russian drones"
        code = _demonym_code(m.group(1), kb)
        if code and not any(a <= m.start() < b for a, b in taken) and not _is_source(sentence, m.start(), m.end()):
            forces = kb.forces(code)
            if forces is not None:
                found.append(ActorMention(forces.acled_name or forces.name, m.start(), m.end(1), m.group(1), 1))
    for actor in found:
        if _PASSIVE_HIT.match(sentence[actor.end:actor.end + 60]):
            actor.victim = True
    return sorted(found, key=lambda a: a.start)


# "Sudan's paramilitary RSF", "Lebanon's state-run news agency": a country that only qualifies
# the noun after it; "Sudan's army", "Israel's military" are its forces and stay.
_COUNTRY_MODIFIER = re.compile(r"^['’]s\s+(?!(?:\w+\s+)?(?:army|military|armed forces|forces|troops|soldiers|government|police|navy|"
                               r"air force|warplanes|jets|drones|missiles|artillery|security forces|authorities)\b)", re.IGNORECASE)
_MEMBER_OF = re.compile(r"^\s*,?\s*(?:[\w-]+\s+){0,3}?(?:belong(?:ing)?\s+to|from|of|linked\s+to|loyal\s+to|affiliated\s+with|"
                        r"allied\s+with|members\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
_PREMISES = re.compile(r"^\s+(?:station|post|posts|headquarters|building|compound|vehicles?|cars?|trucks?|checkpoints?|bases?|"
                       r"barracks|camps?|outposts?|convoys?|patrols?|positions?)\b", re.IGNORECASE)
_SPOKESPERSON = re.compile(r"^['’]?s?\s+(?:spokesm[ae]n|spokesperson|spokeswoman|sources?|officials?|statement|media office|press office)\b",
                           re.IGNORECASE)
_SPEECH_AFTER = re.compile(r"^(?:['’]s\s+(?:[\w-]+\s+){1,4}?|\s*(?:spokesm[ae]n|spokesperson|sources?|officials?|officers?|commanders?)\s+"
                           r"|\s+(?:(?:mission|office|ministry|agency|command|spokesm[ae]n|spokesperson|in|of|for|the|[A-Z][\w.’'-]*)\s+){1,4}?"
                           r"|\s*)"
                           r"(?:said|says|told|reported|announced|added|stated|confirmed)\b(?P<rest>.{0,30})", re.IGNORECASE)
_SELF_REFERENCE = re.compile(r"^\s*(?:on \w+\s+|in a statement\s+)?(?:that\s+)?(?:they|it|its|their|we|our|he|she)\b"
                             r"(?!\s+(?:had\s+|has\s+|have\s+)?(?:received|learned|learnt|documented|recorded|verified|seen|heard)\b)",
                             re.IGNORECASE)


def _is_source(sentence: str, start: int, end: int) -> bool:
    """True for who reports the event rather than takes part in it: "according to the police",
    "..., the army said", "Iraqi police told reporters". A source that speaks of its own action
    ("Police said they arrested ...") is still the actor."""
    before = sentence[max(0, start - 40):start]
    if re.search(r"(?:according to|told|cited|quoting|,\s*(?:said|says|reported|told))\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}$",
                 before, re.IGNORECASE):
        return True
    speech = _SPEECH_AFTER.match(sentence[end:end + 60])
    return speech is not None and _SELF_REFERENCE.match(speech.group("rest")) is None


_PASSIVE_HIT = re.compile(r"(?:\s+\w+){0,3}?\s+(?:were|was|have been|had been|are|being)\s+(?:\w+\s+)?(?:killed|wounded|injured|targeted|hit|attacked|struck|abducted|kidnapped|shot|detained|arrested)\b",
                          re.IGNORECASE)


_DEMONYM_PEOPLE = re.compile(r"\b([A-Z][a-z]+s)\b")


@functools.lru_cache(maxsize=1)
def _people_words() -> frozenset[str]:
    """Plural demonyms: "Palestinians", "Afghans", "Iraqis" (countries.yaml)."""
    from ..geo.data import load_countries

    return frozenset(f"{d}s" for c in load_countries().values() for d in c.demonyms if d[-1:] in "nil")


_DEMONYM_FORCE = re.compile(r"\b([A-Z][a-z]+(?:i|ian|ese|ish|an|ic))\s+(?:(?:glide|guided|aerial|cluster|ballistic|cruise|"
                            r"fighter|attack|kamikaze|naval|border|special|ground|security|long-range)\s+){0,2}(?:air ?strikes?|drones?|warplanes?|jets|"
                            r"missiles?|rockets?|bombs?|shells?|artillery|shelling|strikes?|raids?|attacks?|bombardment|helicopters?|"
                            r"aircraft|air defen[cs]es?|navy|forces|troops|soldiers|army|military|guards|fire|gunfire|snipers?)\b")


def _demonym_code(word: str, kb: KnowledgeBase) -> str | None:
    actor = kb.lookup(f"{word} military") or kb.lookup(f"{word} army") or kb.lookup(f"{word} forces")
    return actor.country if actor is not None and actor.type in ("state_force", "police") else None


def _demonym_country(before: str, kb: KnowledgeBase) -> str | None:
    m = re.search(r"([A-Z][a-z]+)\s+(?:\w+\s+)?$", before)
    return _demonym_code(m.group(1), kb) if m else None
