"""Entity mentions → entities with one identity each, inside one article.

Mentions come from spaCy's NER (with the KB ruler in front). They are merged when the text
says they are one actor — not when they merely look alike:

- the same name up to case, diacritics, "the", a possessive;
- the same multi-word name in another transliteration (Qassem/Qasem Soleimani, Hashed/Hashd);
- a short form that repeats the end of a full person name exactly (Al-Masoud → Khaled
  Al-Masoud, never Abdel Kareem Masoud, whose name ends differently);
- an acronym whose letters are the initials of an organisation named in the article (SFA);
- an alias the text gives: "Daesh (IS)", "PMF, known in Arabic as Al-Hashd Al-Shaabi";
- the same knowledge-base actor (Daesh in one article, IS in another → one kb_id).

After merging, every surface form is searched for again, so mentions the NER missed
("Turk said") are still counted.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..models import Entity, Mention
from .kb import Actor, KnowledgeBase
from .model import Section
from .names import fold, initials, is_acronym, name_key, strip_possessive, tokens, translit_equal

KEEP_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
_ALIAS_LINK = re.compile(r"^\s*,?\s*(?:(?:also|better|widely|formerly)\s+)?(?:known|referred to|called)\s+(?:locally\s+|in\s+\w+\s+)?as\s+$"
                         r"|^\s*,\s*or\s+$|^\s*\(\s*$|^\s*,\s*(?:also\s+)?(?:called|dubbed)\s+$", re.IGNORECASE)
_NAME_LEAD = re.compile(r"(?<![\w-])(?:[A-Z][a-z]+[ ]){1,3}(?:al|Al|el|El|bin|ibn)[-‐ ]$")
_ORG_HEADS = re.compile(r"\b(?:Embassy|Ministry|Consulate|Mission|Office|Command|Council|Department)$")


@dataclass
class RawMention:
    section: Section
    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None


@dataclass
class Cluster:
    """The mentions of one entity (their forms, labels and KB actor are read from them)."""

    mentions: list[RawMention] = field(default_factory=list)


_TITLES = re.compile(
    r"(?:(?:the|The|Grand|Supreme|Leader|Ayatollah|Sheikh|Shaikh|Imam|Mullah|President|Prime Minister|Minister|"
    r"Gen\.|General|Lt\.|Col\.|Maj\.|Capt\.|Brig\.|Sgt\.|Adm\.|Dr\.|Mr\.|Mrs\.|Ms\.|Sen\.|Rep\.|Gov\.|King|Queen|Prince|Emir)\s+)+"
)


def _trim(section: Section, start: int, end: int, label: str) -> tuple[int, int]:
    """Drop a leading "the" (and a person's titles) and a trailing possessive from a span."""
    text = section.text
    m = (_TITLES if label == "PERSON" else re.compile(r"(?:the|The)\s+")).match(text[start:end])
    if m and end - start > m.end():
        start += m.end()
    m = re.search(r"(?:[’']s|[’'])$", text[start:end])
    if m and m.start() > 0:
        end = start + m.start()
    return start, end


def collect_mentions(sections: list[Section], kb: KnowledgeBase) -> list[RawMention]:
    mentions: list[RawMention] = []
    for section in sections:
        ents = [e for e in section.doc.ents if e.label_ in KEEP_LABELS]
        spans: list[list] = []
        for ent in ents:
            label = ent.label_
            start, end = _trim(section, ent.start_char, ent.end_char, label)
            # "Abdul Malik al-Houthi": a group's name ("Houthi") as the family name of a person
            lead = _NAME_LEAD.search(section.text, max(0, start - 60), start)
            if ent.ent_id_ and label != "PERSON" and lead and lead.end() == start:
                if spans and spans[-1][1] > lead.start():
                    spans.pop()
                spans.append([lead.start(), end, "PERSON", ""])
                continue
            # "Sabah Al-Sheikh" + "Al-Kilani": one name the NER cut in two
            if spans and label == "PERSON" and spans[-1][2] == "PERSON" and section.text[spans[-1][1]:start].strip() == "":
                spans[-1][1] = end
                continue
            # "the US embassy in Muscat": the place is part of the organisation's name
            tail = re.match(r"\s+in\s+([A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)", section.text[end:end + 40])
            if label == "ORG" and tail and _ORG_HEADS.search(section.text[start:end]):
                end += tail.end()
            spans.append([start, end, label, ent.ent_id_ or ""])
        for start, end, label, ent_id in spans:
            text = section.text[start:end]
            if not text.strip() or len(text) < 2:
                continue
            actor = kb.get(ent_id) if ent_id else kb.lookup(text)
            if label == "NORP" and actor is None:
                continue  # demonyms ("Syrian") are not actors unless the KB knows the group
            if actor is not None:
                label = actor.label
            mentions.append(RawMention(section, start, end, text, label, actor))
            mentions.extend(_stated_alias(section, end, label, kb))
        mentions.extend(_missions(section, mentions, kb))
        mentions.extend(_defined_acronyms(section, mentions, kb))
    mentions.extend(_full_names(sections, mentions))
    return mentions


_DEFINED = re.compile(r"(?P<name>(?:[A-Z][\w'’-]*|al-[\w'’-]+)(?:\s+(?:[A-Z][\w'’-]*|al-[\w'’-]+|el-[\w'’-]+|of|the|and|for)){1,7})"
                      r"\s*\(\s*(?P<acr>[A-Z][A-Za-z-]{1,7})\s*\)")


def _defined_name(m: re.Match[str]) -> tuple[str, str, int] | None:
    """A ``_DEFINED`` match → (name, acronym, name start): the name is the shortest run of final
    words whose initials spell the acronym ("the Tanzim Liwa al-Fajr (TLF)" → "Tanzim Liwa al-Fajr")."""
    words = m.group("name").split()
    while words and words[0] in ("The", "the", "of", "and", "for"):
        words = words[1:]
    acronym = m.group("acr").replace("-", "").upper()
    name = next((" ".join(words[i:]) for i in reversed(range(len(words)))
                 if words[i][:1].isupper() and initials(" ".join(words[i:])) == acronym), None)
    if not name:
        return None
    return name, acronym, m.start("name") + m.group("name").rfind(name)


def _defined_acronyms(section: Section, found: list[RawMention], kb: KnowledgeBase) -> list[RawMention]:
    """'the Tanzim Liwa al-Fajr (TLF)': the text defines a name the NER missed; its initials prove it."""
    out = []
    for m in _DEFINED.finditer(section.text):
        defined = _defined_name(m)
        if defined is None:
            continue
        name, _, start = defined
        end = start + len(name)
        if any(f.section is section and f.start <= start < f.end for f in found):
            continue
        out.append(RawMention(section, start, end, name, "ORG", kb.lookup(name)))
    return out


_MISSION = re.compile(r"\b(?:(?:[A-Z]\.){2,}[ ]|[A-Z][\w'’-]*[ ]){1,3}(?:[Ee]mbassy|[Cc]onsulate|[Hh]igh [Cc]ommission)\b(?:\s+in\s+[A-Z][\w-]+)?")


def _missions(section: Section, found: list[RawMention], kb: KnowledgeBase) -> list[RawMention]:
    """'the Pakistan Embassy in Muscat', 'The US embassy in Muscat': one organisation each."""
    out = []
    for m in _MISSION.finditer(section.text):
        start, end = m.start(), m.end()
        if section.text[start:end].startswith(("The ", "the ")):
            start += 4
        if any(f.section is section and f.start <= start and end <= f.end for f in found):
            continue
        found[:] = [f for f in found if not (f.section is section and start <= f.start and f.end <= end)]
        out.append(RawMention(section, start, end, section.text[start:end], "ORG", kb.lookup(section.text[start:end])))
    return out


_NOT_GIVEN_NAMES = {"The", "A", "An", "In", "On", "At", "By", "For", "Of", "And", "But", "Rights", "Affairs", "Forces",
                    "General", "President", "Minister", "Commander", "Spokesman", "Spokeswoman", "Director", "Chief",
                    "Col", "Gen", "Lt", "Sgt", "Capt", "Maj", "Dr", "Mr", "Mrs", "Ms", "Sheikh", "Father", "Police",
                    "Army", "Ministry", "Council", "Command", "Office", "Department", "State", "Foreign", "Defense",
                    "Defence", "Interior", "Prime", "Supreme", "Leader", "Senior", "Former", "Commissioner"}


def _full_names(sections: list[Section], found: list[RawMention]) -> list[RawMention]:
    """'Shoshani' tagged alone, and the text also says 'Lt. Col. Nadav Shoshani': add the full name.
    One capitalised given name right before the surname; title and institution words are not names."""
    singles = {m.text for m in found if len(m.text.split()) == 1 and m.actor is None and not is_acronym(m.text)
               and m.label in ("PERSON", "ORG") and m.text[:1].isupper()}
    fulls = {m.text.split()[-1] for m in found if len(m.text.split()) >= 2 and m.label == "PERSON"}
    out = []
    for surname in singles - fulls:
        pattern = re.compile(r"(?<![\w.-])([A-Z][a-z]+)\s+" + re.escape(surname) + r"(?![\w-])")
        for section in sections:
            for m in pattern.finditer(section.text):
                given = m.group(1)
                if given in _NOT_GIVEN_NAMES or any(e.start_char <= m.start() < e.end_char for e in section.doc.ents
                                                    if e.label_ not in ("PERSON", "ORG")):
                    continue
                found[:] = [f for f in found if not (f.section is section and m.start() <= f.start and f.end <= m.end())]
                out.append(RawMention(section, m.start(), m.end(), m.group(0), "PERSON", None))
    return out


_STATED = re.compile(
    r"(?:\s*\(\s*|\s*,?\s*(?:(?:also|better|widely|formerly)\s+)?(?:known|referred to)\s+(?:locally\s+|in\s+\w+\s+)?as\s+)"
    r"(?P<name>(?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|al-\w+|al|el|of|the)){0,5})(?=\s*[),.;:]|\s*$)"
)


def _stated_alias(section: Section, end: int, label: str, kb: KnowledgeBase) -> list[RawMention]:
    """An alias the text gives right after a name, even when the NER did not tag it:
    "Daesh (IS)", "the PMF, known in Arabic as Al-Hashd Al-Shaabi"."""
    m = _STATED.match(section.text, end)
    if not m or (label not in ("ORG", "PERSON", "NORP") and not is_acronym(m.group("name"))):
        return []
    start, stop = m.start("name"), m.end("name")
    name = section.text[start:stop]
    if any(e.start_char <= start < e.end_char for e in section.doc.ents):
        return []  # the NER has it; it is collected on its own
    if is_acronym(name):
        label = "ORG"  # "Daesh (IS)": the NER may call the group a place; its acronym is an organisation
    return [RawMention(section, start, stop, name, label, kb.lookup(name))]


class _Forms:
    """Union-find over surface forms (by name_key)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _position(m: RawMention, order: dict[int, int]) -> tuple[int, int]:
    return order[id(m.section)], m.start


def resolve_entities(sections: list[Section], kb: KnowledgeBase) -> list[Entity]:
    """All entities of one article, merged, with every mention's offsets."""
    order = {id(s): i for i, s in enumerate(sections)}
    mentions = collect_mentions(sections, kb)
    _apply_text_definitions(sections, mentions, kb)
    forms = _Forms()
    info: dict[str, dict] = {}
    for m in mentions:
        key = name_key(m.text)
        forms.find(key)
        slot = info.setdefault(key, {"text": Counter(), "labels": Counter(), "actor": None, "first": _position(m, order),
                                     "first_body": None})
        if m.section.name == "body" and slot["first_body"] is None:
            slot["first_body"] = m.start
        slot["text"][strip_possessive(m.text)] += 1
        slot["labels"][m.label] += 1
        if m.actor is not None:
            slot["actor"] = m.actor
    keys = sorted(info, key=lambda k: info[k]["first"])

    def label_of(key: str) -> str:
        return info[key]["labels"].most_common(1)[0][0]

    # 1. the same knowledge-base actor
    by_actor: dict[str, str] = {}
    for key in keys:
        actor = info[key]["actor"]
        if actor is not None:
            if actor.id in by_actor:
                forms.union(by_actor[actor.id], key)
            else:
                by_actor[actor.id] = key
    # 2. transliteration variants of one multi-word name
    multi = [k for k in keys if len(tokens(k)) >= 2]
    for i, a in enumerate(multi):
        for b in multi[i + 1:]:
            if _compatible(info, a, b) and translit_equal(a, b):
                forms.union(a, b)
    # 3. short forms of person names, 4. acronyms of organisation names
    for key in keys:
        display = info[key]["text"].most_common(1)[0][0]
        if is_acronym(display):
            target = _acronym_target(display, key, keys, info)
        elif len(display.split()) <= 2:
            target = _surname_target(display, key, keys, info)
        else:
            target = None
        if target is not None:
            forms.union(target, key)
    # "Kataib Hezbollah militia" is "Kataib Hezbollah"
    for key in keys:
        stem = re.sub(r"\s+(?:militia|militias|group|faction|movement|organi[sz]ation)$", "", key)
        if stem != key and stem in info:
            forms.union(stem, key)
    # 5. aliases the text states: "X (Y)", "X, known in Arabic as Y", "X, or Y,"
    by_section: dict[int, list[RawMention]] = {}
    for m in mentions:
        by_section.setdefault(id(m.section), []).append(m)
    for group in by_section.values():
        group.sort(key=lambda m: m.start)
        for a, b in zip(group, group[1:]):
            between = a.section.text[a.end:b.start]
            if _ALIAS_LINK.match(between) and _compatible(info, name_key(a.text), name_key(b.text), stated=True):
                if between.strip() == "(" and label_of(name_key(b.text)) in ("GPE", "LOC"):
                    continue  # "Hezbollah (Lebanon)": a place in brackets is not an alias
                forms.union(name_key(a.text), name_key(b.text))
    clusters: dict[str, Cluster] = {}
    for m in mentions:
        root = forms.find(name_key(m.text))
        cluster = clusters.setdefault(root, Cluster())
        cluster.mentions.append(m)
    _find_missed_mentions(sections, clusters, info, forms)
    return _entities(clusters, order)


def _apply_text_definitions(sections: list[Section], mentions: list[RawMention], kb: KnowledgeBase) -> None:
    """An acronym the article defines ("the Basra Rights Network (BRN)") means what the article
    says, not another actor the knowledge base knows by the same letters (BRN: Barisan
    Revolusi Nasional): its mentions take the defined name's actor, or none."""
    defined: dict[str, Actor | None] = {}
    for section in sections:
        for found in filter(None, map(_defined_name, _DEFINED.finditer(section.text))):
            name, acronym, _ = found
            if acronym not in defined:
                defined[acronym] = kb.lookup(name)
    for mention in mentions:
        letters = mention.text.replace("-", "").upper()
        if mention.actor is None or not is_acronym(mention.text) or letters not in defined:
            continue
        meant = defined[letters]
        if meant is None or meant.id != mention.actor.id:
            mention.actor = meant


def _compatible(info: dict, a: str, b: str, stated: bool = False) -> bool:
    """Two forms may name one actor: not two different KB actors; not a person and an
    organisation, unless the text states the alias (the NER often calls a militia a person)."""
    la, lb = info[a]["labels"].most_common(1)[0][0], info[b]["labels"].most_common(1)[0][0]
    aa, ab = info[a]["actor"], info[b]["actor"]
    if aa is not None and ab is not None and aa.id != ab.id:
        return False
    if stated:
        return True
    people = {la == "PERSON", lb == "PERSON"}
    return len(people) == 1 or (aa is not None and aa is ab)


def _surname_target(display: str, key: str, keys: list[str], info: dict) -> str | None:
    """'Al-Masoud' → the full person name that ends with exactly that word, first introduced."""
    if info[key]["actor"] is not None and info[key]["actor"].label != "PERSON":
        return None
    short = fold(display).casefold().split()
    candidates = []
    for other in keys:
        if other == key:
            continue
        full = info[other]["text"].most_common(1)[0][0]
        parts = fold(full).casefold().split()
        if len(parts) > len(short) and parts[-len(short):] == short and info[other]["labels"].most_common(1)[0][0] == "PERSON" and info[other]["actor"] is None or (
            len(parts) > len(short) and parts[-len(short):] == short and info[other]["actor"] is not None and info[other]["actor"].label == "PERSON"
        ):
            candidates.append(other)
    # reporters introduce the full name first: a word used before that is another actor ("Hezbollah"
    # before "Kataib Hezbollah")
    mine = info[key]["first_body"]
    candidates = [c for c in candidates if mine is None or info[c]["first_body"] is None or info[c]["first_body"] <= mine]
    if not candidates:
        return None
    # the most mentioned full name wins; ties go to the first introduced
    return max(candidates, key=lambda k: (sum(info[k]["text"].values()), -info[k]["first"][0], -info[k]["first"][1]))


def _acronym_target(acronym: str, key: str, keys: list[str], info: dict) -> str | None:
    letters = acronym.replace("-", "").upper()
    for other in keys:
        if other == key:
            continue
        full = info[other]["text"].most_common(1)[0][0]
        if len(full.split()) >= 2 and initials(full) == letters and info[other]["labels"].most_common(1)[0][0] != "PERSON":
            actor, mine = info[other]["actor"], info[key]["actor"]
            if actor is not None and mine is not None and actor.id != mine.id:
                continue
            return other
    return None


def _find_missed_mentions(sections: list[Section], clusters: dict[str, Cluster], info: dict, forms: _Forms) -> None:
    """Search each cluster's surface forms again (and surnames of people) where the NER missed them."""
    taken: dict[int, list[tuple[int, int]]] = {}
    for cluster in clusters.values():
        for m in cluster.mentions:
            taken.setdefault(id(m.section), []).append((m.start, m.end))
    patterns: list[tuple[str, str]] = []
    for root, cluster in clusters.items():
        surface = {strip_possessive(m.text) for m in cluster.mentions}
        labels = Counter(m.label for m in cluster.mentions)
        if labels.most_common(1)[0][0] == "PERSON":
            surface |= {s.split()[-1] for s in list(surface) if len(s.split()) >= 2}
        for form in surface:
            if len(form) >= 3 or is_acronym(form):
                patterns.append((form, root))
    patterns.sort(key=lambda p: len(p[0]), reverse=True)
    owner: dict[str, str] = {}
    for form, root in patterns:
        owner.setdefault(form, root)  # a surname shared by two people stays with the first claimant
    for section in sections:
        spans = taken.setdefault(id(section), [])
        for form, root in owner.items():
            flags = 0 if is_acronym(form) or not form.islower() else re.IGNORECASE
            for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", section.text, flags):
                s, e = m.start(), m.end()
                if any(a < e and s < b for a, b in spans):
                    continue
                if not section.text[s:e][:1].isupper():
                    continue
                spans.append((s, e))
                clusters[root].mentions.append(RawMention(section, s, e, section.text[s:e], "", None))


def _entities(clusters: dict[str, Cluster], order: dict[int, int]) -> list[Entity]:
    entities: list[Entity] = []
    ranked = sorted(clusters.values(), key=lambda c: min(_position(m, order) for m in c.mentions))
    for cluster in ranked:
        cluster.mentions.sort(key=lambda m: _position(m, order))
        actor = next((m.actor for m in cluster.mentions if m.actor is not None), None)
        labels = Counter(m.label for m in cluster.mentions if m.label)
        label = actor.label if actor is not None else (labels.most_common(1)[0][0] if labels else "ORG")
        surface = Counter(strip_possessive(m.text) for m in cluster.mentions)
        if actor is not None:
            name = actor.name
        else:
            # the fullest name the article uses: most words, then most often
            name = max(surface, key=lambda s: (not is_acronym(s), len(s.split()), surface[s]))
        if actor is None:
            named = Counter(m.label for m in cluster.mentions if m.label and name_key(m.text) == name_key(name))
            label = named.most_common(1)[0][0] if named else label
        aliases = sorted({s for s in surface if name_key(s) != name_key(name)}, key=lambda s: (-surface[s], s))
        entity = Entity(
            id=f"e{len(entities) + 1}", name=name, type=label,
            kb_id=actor.kb_id if actor is not None else None,
            wikidata=actor.wikidata if actor is not None else None,
            aliases=aliases,
            mentions=[Mention(m.section.name, m.start, m.end, m.section.text[m.start:m.end], m.section.index)
                      for m in cluster.mentions],
        )
        entities.append(entity)
    return entities


def entity_at(entities: list[Entity], section: str, index: int | None, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping [start, end) in that section, longest overlap first."""
    best, best_overlap = None, 0
    for entity in entities:
        for m in entity.mentions:
            if m.section == section and m.index == index:
                overlap = min(end, m.end) - max(start, m.start)
                if overlap > best_overlap:
                    best, best_overlap = entity, overlap
    return best
