"""Relations between actors, read from the dependency parse and the resolved entity mentions.

Each rule reads one way reporters state a tie between two actors; subject and object are the
entities' canonical names and the evidence is the sentence that states it:

- titles before a name: "Quds Force commander X", "Iranian Foreign Minister X", "Airwars
  director X" (leads / affiliated_with / member_of by the title; a country is led only by a
  head of state or government, other office holders are affiliated with it; a deputy or a
  former holder does not lead);
- appositive titles: "X, a senior fellow at Y", "X, the Y spokesperson", "X, the head of Y's
  communications division" (a post in a unit of Y: member_of Y); relative clauses: "X, who
  heads Y" (leads), "X, who leads a team of Y" (member_of), "X, who writes about Libya for Y",
  "X, who coordinates Y" (affiliated_with);
- "Y led by X", "X-led Y", "X's insurgent group, Y" (leads); "X, one of the factions of Y",
  "a member of Y", "a wing of Y", "X is part of Y" (member_of / part_of); possessive
  organisations: "Y's extraterritorial X" (part_of); "X pledged allegiance to Y", "the
  Y-linked X" (affiliated_with);
- "X-backed Y", "Y backed/funded/armed by X", "Y loyal to X", "Y takes orders from X",
  "X, its main backer" (Y backed_by X);
- "X reports to Y", "the Y-run X" (reports_to), "X, a force under Y" (part_of);
- "X and allied Y", "Y, allied with X", "X's ally Y", "X fights alongside Y" (allied_with); "the
  conflict between X and Y", "X battling Y", "X competes with Y" (opposes); "X fighting ...
  with Y" for a person (member_of).

A tie stated of an unnamed group is carried to the named actor only along the parse:
"militias loyal to the IRGC" relates nobody, but "the PMF ... include militias loyal to the
IRGC" makes the PMF backed_by the IRGC, because a group whose members take orders from an
actor is backed by it; "an umbrella group of Iranian-backed militias calling itself Z" makes
Z backed_by Iran. "It" and "its" are read back to the organisation last named as a subject,
and "the army", "the movement" to the one organisation of the article the text calls so
(nothing when two could be meant). Countries named by an adjective ("Iranian", "Pakistani")
are read with the bundled country table. An organisation the NER missed may still be the
object of a title ("Acme director X") under the capitalised words the text gives for it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml

from ..models import Entity, Relation, Span
from .model import Section
from .names import name_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PREDICATES = ("part_of", "member_of", "leads", "backed_by", "allied_with", "opposes", "affiliated_with", "reports_to")

# FAC too: the NER often calls an institute or a centre a facility ("Bamako Centre for Security Studies")
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
_SYMMETRIC = {"allied_with", "opposes"}
# one person-to-organisation tie is kept per pair: the most specific
_PERSON_TIES = {"leads": 3, "member_of": 2, "affiliated_with": 1}

# ---------------------------------------------------------------- lexicon

_LEAD = {"leader", "chief", "head", "commander", "founder", "co-founder", "cofounder", "president", "chairman",
         "chairwoman", "chairperson", "chair", "director", "director-general", "emir", "amir", "king", "queen",
         "sultan", "premier", "chancellor", "governor", "mayor", "ceo", "boss", "commander-in-chief",
         "secretary-general", "ruler", "monarch", "warlord", "coordinator-general"}
# who leads a country (others holding a title of it are affiliated with it)
_HEAD_OF_STATE = {"president", "prime minister", "premier", "king", "queen", "emir", "amir", "sultan", "chancellor",
                  "supreme leader", "leader", "ruler", "monarch", "head of state"}
_AFFILIATE = {"spokesperson", "spokesman", "spokeswoman", "official", "officer", "minister", "envoy", "ambassador",
              "adviser", "advisor", "aide", "negotiator", "representative", "diplomat", "secretary", "lawyer",
              "manager", "commissioner", "investigator", "coordinator", "consultant", "strategist", "attorney",
              "counsel", "delegate", "emissary", "general", "colonel", "lieutenant", "captain", "sergeant",
              "brigadier", "admiral", "marshal", "corporal", "inspector", "staffer", "employee", "agent",
              "lt", "col", "gen", "maj", "capt", "sgt", "brig", "adm", "cpl", "lt.", "col.", "gen.", "maj.",
              "capt.", "sgt.", "brig.", "adm.", "cpl.", "major", "deputy", "undersecretary", "under-secretary",
              "speaker"}
# people who study or report on a place: a country before the title is a topic, not a tie
_EXPERT = {"fellow", "analyst", "researcher", "expert", "scholar", "correspondent", "reporter", "editor", "professor",
           "lecturer", "economist", "journalist", "photographer", "specialist", "director of research"}
_MEMBER = {"member", "fighter", "militant", "soldier", "operative", "recruit", "volunteer", "loyalist", "combatant",
           "guerrilla", "lawmaker", "legislator", "mp", "senator", "activist"}
_ALLY = {"ally"}
_PROXY = {"proxy"}
_TITLES = _LEAD | _AFFILIATE | _EXPERT | _MEMBER | _ALLY | _PROXY
_RANKS = {"lt", "col", "gen", "maj", "capt", "sgt", "brig", "adm", "cpl", "cmdr", "lieut"}
_MODIFIERS = {"senior", "junior", "top", "former", "longtime", "long-time", "veteran", "acting", "interim", "deputy",
              "vice", "assistant", "associate", "foreign", "prime", "supreme", "high", "regional", "military",
              "political", "spiritual", "religious", "local", "field", "late", "founding", "executive", "general",
              "principal", "visiting", "nonresident", "non-resident", "research", "policy", "press", "public",
              "defence", "defense", "interior", "finance", "health", "information", "justice", "national",
              "chief", "lead", "special", "permanent", "current", "self-styled", "self-proclaimed", "overall",
              "de", "facto", "exiled", "ousted", "elected", "newly", "designate", "first", "top-ranking", "high-ranking",
              "-", "state", "operations", "media", "communications", "intelligence", "security"}
_HONORIFICS = {"ayatollah", "grand", "sheikh", "shaikh", "imam", "mullah", "dr", "dr.", "mr", "mr.", "mrs", "mrs.",
               "ms", "ms.", "sir", "hajj", "sayyed", "sayyid", "mawlawi", "maulana", "father", "rev", "rev."}
# a deputy does not lead; nor does a former holder now (relations carry no dates)
_DOWNGRADE = {"deputy", "vice", "assistant", "associate", "under-secretary", "undersecretary", "former", "ex",
              "ousted", "deposed", "then", "outgoing"}
# nouns of a non-state armed group: "Iraqi militia commander X" is no office of Iraq
_NON_STATE = {"militia", "militias", "rebel", "rebels", "insurgent", "insurgents", "opposition", "resistance",
              "jihadist", "jihadists", "extremist", "extremists", "separatist", "separatists", "terrorist", "armed",
              "paramilitary", "gang", "cartel", "tribal", "clan", "islamist", "group"}
_GROUP_NOUNS = {"group", "groups", "faction", "factions", "militia", "militias", "movement", "organisation",
                "organization", "force", "forces", "fighters", "militants", "members", "troops", "soldiers", "gunmen",
                "paramilitaries", "paramilitary", "rebels", "insurgents", "coalition", "alliance", "network", "party",
                "outfit", "army", "wing", "unit", "brigade", "body", "agency", "monitor", "tank", "institute", "ngo",
                "charity", "service", "services", "ministry", "department", "office", "council", "command",
                "authority", "front", "bloc", "umbrella", "grouping", "federation", "affiliate", "branch", "division",
                "battalion", "regiment", "platoon", "company", "cell", "team", "administration", "government", "junta"}
_MEMBERS = {"fighters", "militants", "members", "troops", "soldiers", "forces", "rebels", "insurgents", "gunmen"}
_COLLECTIVE = {"group", "network", "umbrella", "coalition", "alliance", "grouping", "federation", "front", "bloc",
               "array", "collection", "constellation", "confederation", "union", "dozens", "scores", "hundreds"}
_PART_NOUNS = {"wing", "branch", "unit", "division", "arm", "brigade", "battalion", "regiment", "department",
               "agency", "body", "component", "subsidiary", "section", "office", "directorate", "cell", "part"}
_MEMBER_NOUNS = {"faction", "member", "affiliate", "group", "militia", "party", "constituent", "franchise"}
_BACK_VERBS = {"back", "fund", "arm", "sponsor", "finance", "support", "train", "equip", "bankroll", "supply"}
_OATHS = {"allegiance", "loyalty", "fealty", "bay'a", "bayah", "bayat"}
_OATH_VERBS = {"pledge", "swear", "declare", "renew", "give", "announce"}
_TIE_WORDS = {"linked", "affiliated", "tied", "connected", "associated"}
_CONTROL_WORDS = {"run", "controlled", "owned", "operated", "administered", "managed"}
_BACKER_NOUNS = {"backer", "sponsor", "patron", "benefactor", "paymaster", "financier", "supporter"}
_SUPPLY_NOUNS = {"order", "orders", "instruction", "instructions", "money", "funding", "funds", "fund", "weapon",
                 "weapons", "weaponry", "arms", "support", "backing", "financing", "cash", "salary", "salaries",
                 "training", "direction", "directions", "command", "commands", "much", "most", "all"}
_LEAD_VERBS = {"lead", "head", "command", "found", "run", "chair", "direct", "co-found"}
# a person's work for an organisation: "works for", "writes for", "follows Yemen for", "coordinates"
_WORK_VERBS = {"work", "write", "report", "research", "serve", "coordinate", "represent", "follow", "cover",
               "monitor", "analyse", "analyze", "advise", "teach", "volunteer"}
_CONFLICT_NOUNS = {"conflict", "war", "fighting", "clashes", "clash", "battle", "fight", "hostilities",
                   "confrontation", "standoff", "feud", "skirmishes", "confrontations", "battles", "wars"}
_CAMPAIGN_NOUNS = {"war", "fight", "campaign", "offensive", "struggle", "insurgency", "coalition", "operations",
                   "operation", "crackdown"}
_FIGHT_VERBS = {"battle", "fight", "combat", "clash", "war"}
_EXCHANGE_NOUNS = {"fire", "blows", "strikes", "attacks", "shots"}
_INCLUDE_VERBS = {"include", "comprise", "contain", "incorporate", "encompass", "unite", "group", "bring"}
_NAMING_VERBS = {"call", "know", "name", "dub", "style", "brand"}
_GOV_WORDS = {"ministry", "department", "army", "police", "navy", "forces", "parliament", "guard", "corps", "command",
              "cabinet", "government", "military", "council", "directorate", "service", "gendarmerie"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
# words by which a text refers back to a state force or armed group it has named
_INSTITUTIONS = {"military", "army", "junta", "regime", "government", "police", "navy", "militia", "rebels",
                 "insurgents", "paramilitaries", "paramilitary", "movement", "group", "organisation", "organization"}
# what an article may call "the army"
_ARMY_WORDS = ("army", "military", "armed forces", "defence forces", "defense forces")
_PRONOUNS = {"its", "their", "it", "they", "itself", "themselves"}


# ---------------------------------------------------------------- countries by adjective

@lru_cache(maxsize=1)
def _countries() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """(demonym → country name, country name or alias → country name), lower-case keys, from the
    bundled country table. Read once: it is package data and never changes while the process runs."""
    demonyms: dict[str, str] = {}
    names: dict[str, str] = {}
    try:
        text = resources.files("sitrep").joinpath("data", "kb", "countries.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (FileNotFoundError, OSError, yaml.YAMLError):
        data = {}
    rows = data.get("countries", []) if isinstance(data, dict) else data
    for row in rows or []:
        if not isinstance(row, dict) or not row.get("name"):
            continue
        country = str(row["name"])
        for demonym in row.get("demonyms") or []:
            demonyms.setdefault(str(demonym).lower(), country)
        for name in (country, *(row.get("aliases") or [])):
            names.setdefault(str(name).lower(), country)
    return MappingProxyType(demonyms), MappingProxyType(names)


# ---------------------------------------------------------------- mentions by token

class MentionIndex:
    """Which resolved entity each token of one section belongs to, and its mention's tokens."""

    def __init__(self, section: Section, entities: Iterable[Entity]) -> None:
        self.section = section
        self.doc: Doc = section.doc
        self._entity: dict[int, Entity] = {}
        self._span: dict[int, tuple[int, int]] = {}
        mentions = [(m, e) for e in entities for m in e.mentions if m.section == section.name and m.index == section.index]
        # a longer mention wins the tokens it shares with a shorter one
        for m, e in sorted(mentions, key=lambda me: me[0].start - me[0].end):
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or any(t.i in self._entity for t in span):
                continue
            for t in span:
                self._entity[t.i] = e
                self._span[t.i] = (span.start, span.end)

    def entity(self, token: Token) -> Entity | None:
        return self._entity.get(token.i)

    def span(self, token: Token) -> tuple[int, int] | None:
        """(first token, end token) of the mention holding ``token``."""
        return self._span.get(token.i)

    def mentions(self) -> Iterator[tuple[int, int, Entity]]:
        seen = set()
        for i, (start, end) in sorted(self._span.items()):
            if (start, end) not in seen:
                seen.add((start, end))
                yield start, end, self._entity[i]


def sentence_bounds(token: Token) -> tuple[int, int]:
    """(first token, end token) of the sentence holding ``token``, cut at line breaks: the
    parser runs a paragraph without a full stop into the next one, a reader does not."""
    doc = token.doc
    start, end = token.sent.start, token.sent.end
    for k in range(token.i - 1, start - 1, -1):
        if doc[k].is_space and "\n" in doc[k].text:
            start = k + 1
            break
    for k in range(token.i + 1, end):
        if doc[k].is_space and "\n" in doc[k].text:
            end = k
            break
    return start, end


def sentences(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token bounds of every sentence, cut at line breaks (see ``sentence_bounds``)."""
    for sent in doc.sents:
        start = sent.start
        for k in range(sent.start, sent.end):
            if doc[k].is_space and "\n" in doc[k].text:
                if k > start:
                    yield start, k
                start = k + 1
        if start < sent.end:
            yield start, sent.end


def sentence_span(section: Section, tokens: Iterable[Token]) -> Span:
    """The sentence(s) holding ``tokens``, as evidence (whitespace trimmed, text = the slice)."""
    doc = section.doc
    bounds = [sentence_bounds(t) for t in tokens]
    first, last = min(b[0] for b in bounds), max(b[1] for b in bounds)
    start = doc[first].idx
    end = doc[last - 1].idx + len(doc[last - 1].text)
    text = section.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(section.name, start, end, text[start:end], section.index)


# ---------------------------------------------------------------- parties

@dataclass(frozen=True)
class _Party:
    name: str
    type: str
    entity: Entity | None = None


def _party(entity: Entity) -> _Party:
    return _Party(entity.name, entity.type, entity)


class _Collector:
    """Relations in first-seen order, deduplicated; one person→organisation tie per pair."""

    def __init__(self) -> None:
        self.relations: list[Relation] = []
        self._keys: dict[tuple[str, str, str], int] = {}
        self._ties: dict[tuple[str, str], int] = {}

    def add(self, subject: _Party, predicate: str, obj: _Party, evidence: Span) -> None:
        if name_key(subject.name) == name_key(obj.name) or (subject.entity is not None and subject.entity is obj.entity):
            return
        s, o = subject.name, obj.name
        key = (name_key(s), predicate, name_key(o))
        if key in self._keys or (predicate in _SYMMETRIC and (key[2], predicate, key[0]) in self._keys):
            return
        if predicate in _PERSON_TIES:
            pair = (key[0], key[2])
            if pair in self._ties:
                old = self.relations[self._ties[pair]]
                if _PERSON_TIES[old.predicate] >= _PERSON_TIES[predicate]:
                    return
                old.predicate = predicate  # a more specific tie for the same pair (e.g. leads over affiliated_with)
                return
            self._ties[pair] = len(self.relations)
        self._keys[key] = len(self.relations)
        self.relations.append(Relation(s, predicate, o, evidence))


# ---------------------------------------------------------------- the reader of one section

class _Reader:
    def __init__(self, section: Section, entities: list[Entity], out: _Collector) -> None:
        self.section = section
        self.doc = section.doc
        self.index = MentionIndex(section, entities)
        self.entities = entities
        self.out = out

    # -- looking things up

    def entity(self, tok: Token | None) -> _Party | None:
        if tok is None:
            return None
        e = self.index.entity(tok)
        return _party(e) if e is not None and e.type in ACTOR_TYPES else None

    def country(self, tok: Token) -> _Party | None:
        """'Iranian' → Iran (the article's entity for it when there is one)."""
        name = _countries()[0].get(tok.text.lower().strip("’'"))
        if name is None or tok.text[:1].islower():
            return None
        for e in self.entities:
            if e.type == "GPE" and (name_key(e.name) == name_key(name) or any(name_key(a) == name_key(name) for a in e.aliases)):
                return _party(e)
        return _Party(name, "GPE")

    def party(self, tok: Token | None) -> _Party | None:
        if tok is None:
            return None
        return self.entity(tok) or self.country(tok)

    def emit(self, subject: _Party | None, predicate: str, obj: _Party | None, *tokens: Token) -> None:
        if subject is None or obj is None:
            return
        self.out.add(subject, predicate, obj, sentence_span(self.section, tokens))

    def mention_root(self, tok: Token) -> Token:
        span = self.index.span(tok)
        if span is None:
            return tok
        inside = [t for t in self.doc[span[0]:span[1]] if not (span[0] <= t.head.i < span[1]) or t.head.i == t.i]
        return inside[0] if inside else tok

    def apposed_before(self, tok: Token) -> _Party | None:
        """'Airwars, a London-based monitor': the entity right before the comma that opens the
        noun phrase of ``tok`` (a bracketed alias in between is skipped)."""
        i = tok.left_edge.i - 1
        if i < 1 or self.doc[i].text != ",":
            return None
        i -= 1
        if self.doc[i].text == ")":
            while i > 0 and self.doc[i].text != "(":
                i -= 1
            i -= 1
        return self.entity(self.doc[i]) if i >= 0 else None

    def apposed_after(self, tok: Token) -> _Party | None:
        """'another resistance group, the Karenni National Army': the entity right after the comma
        that closes the noun phrase of ``tok``."""
        i = tok.right_edge.i + 1
        if i >= len(self.doc) - 1 or self.doc[i].text != ",":
            return None
        i += 1
        if self.doc[i].lower_ == "the":
            i += 1
        found = self.entity(self.doc[i]) if i < len(self.doc) else None
        return found if found is not None and found.type != "PERSON" else None

    def referent(self, tok: Token | None, depth: int = 0) -> _Party | None:
        """The named actor a noun phrase stands for: the entity itself, the antecedent of a
        relative pronoun, or a descriptive noun's name ('a paramilitary group that ...' after
        'RSF,'; 'an umbrella group ... calling itself Z'; 'the Hashed al-Shaabi paramilitaries')."""
        if tok is None or depth > 4:
            return None
        found = self.entity(tok)
        if found is not None:
            return found
        if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
            return self.referent(tok.head.head, depth + 1)
        if tok.lower_ in _PRONOUNS:
            return self.pronoun(tok)
        if tok.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ", "PRON"):
            return None
        for child in tok.children:
            if child.dep_ == "appos" and self.entity(child) is not None:
                return self.entity(child)
            if child.dep_ == "acl" and child.lemma_ in _NAMING_VERBS:
                for g in child.subtree:
                    if g.dep_ in ("oprd", "attr", "dobj", "pobj", "appos") and self.entity(g) is not None and g.lower_ != "itself":
                        return self.entity(g)
                # "calling itself the X": the parser may hang X elsewhere; the words follow all the same
                k = child.right_edge.i + 1
                while k < len(self.doc) and self.doc[k].lower_ in ("the", "as"):
                    k += 1
                if k < len(self.doc) and self.entity(self.doc[k]) is not None:
                    return self.entity(self.doc[k])
        if tok.dep_ == "appos" and self.entity(tok.head) is not None:
            return self.entity(tok.head)
        if tok.lower_ in _GROUP_NOUNS:
            for child in tok.children:
                if child.dep_ in ("compound", "nmod", "amod") and self.entity(child) is not None:
                    return self.entity(child)
                if tok.lower_ in _MEMBERS and child.dep_ == "prep" and child.lower_ in ("of", "from"):
                    # "fighters of the National Liberation Army"
                    found = next((self.entity(o) for o in child.children if o.dep_ == "pobj"), None)
                    if found is not None:
                        return found
            return self.apposed_before(tok) or self.apposed_after(tok)
        return None

    def owner(self, tok: Token | None, depth: int = 0) -> _Party | None:
        """The named actor a tie stated of an unnamed group belongs to: the group itself when
        named; the subject of 'include/comprise' when the group is what it includes; the
        umbrella named for 'a group of <these>'."""
        if tok is None or depth > 5:
            return None
        found = self.referent(tok)
        if found is not None:
            return found
        if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
            return self.owner(tok.head.head, depth + 1)
        head = tok.head
        if tok.dep_ in ("dobj", "attr", "conj") and head.lemma_ in _INCLUDE_VERBS:
            return self.referent(self.subject(head))
        if tok.dep_ == "conj":
            return self.owner(head, depth + 1)
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _COLLECTIVE:
            return self.owner(head.head, depth + 1)
        return self.definite(tok) if depth == 0 else None  # "The movement is backed by Iran"

    def subject(self, verb: Token, depth: int = 0) -> Token | None:
        """The subject of a verb, through coordination, control and participles."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if depth > 4:
            return None
        if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
            return self.subject(verb.head, depth + 1)
        if verb.dep_ in ("acl", "relcl") and verb.head.i != verb.i:
            return verb.head
        return None

    def pronoun(self, tok: Token) -> _Party | None:
        """'it', 'its', 'their': the organisation last named as a subject (in this sentence or the
        two before it), else the organisation last named before it in its own sentence."""
        best = None
        window_start = tok.sent.start
        for _ in range(2):
            if window_start > 0:
                window_start = self.doc[window_start - 1].sent.start
        for t in reversed(self.doc[window_start:tok.i]):
            e = self.entity(t)
            if e is None or e.type not in ("ORG", "GPE", "NORP"):
                continue
            root = self.mention_root(t)
            if root.dep_ in ("nsubj", "nsubjpass"):
                return e
            if t.sent.start == tok.sent.start:
                best = best or e  # no subject found: the organisation last named in this sentence
        return best

    def institution(self, tok: Token) -> _Party | None:
        """'the army spokesman': the article's one organisation the text calls by that word."""
        if tok.lower_ not in _INSTITUTIONS:
            return None
        # the word itself first ("the Myanmar military"), then what else an article calls its army
        tries = [(tok.lower_,), _ARMY_WORDS] if tok.lower_ in ("army", "military") else [(tok.lower_,)]
        for words in tries:
            hits = []
            for e in self.entities:
                if e.type != "ORG":
                    continue
                forms = {e.name.lower(), *(a.lower() for a in e.aliases), *(m.text.lower() for m in e.mentions)}
                if any(f == w or f.endswith(" " + w) or (len(w.split()) > 1 and w in f) for f in forms for w in words):
                    hits.append(e)
            if hits:
                return _party(hits[0]) if len(hits) == 1 else None
        return None

    def definite(self, tok: Token | None) -> _Party | None:
        """'the military dictatorship' → the one organisation of the article that the text also
        calls by that word ('the Myanmar military'); nothing when two could be meant."""
        if tok is None:
            return None
        found = self.referent(tok)
        if found is not None:
            return found
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        for word in sorted([tok, *(c for c in tok.children if c.dep_ in ("amod", "compound"))], key=lambda t: -t.i):
            found = self.institution(word)
            if found is not None:
                return found
        return None

    # -- the rules

    def read(self) -> None:
        for start, end, entity in list(self.index.mentions()):
            if entity.type in ACTOR_TYPES:
                self.title_before(start, end, entity)
        for tok in self.doc:
            self.appositive_title(tok)
            self.led_by(tok)
            self.persons_group(tok)
            self.possessive_org(tok)
            self.membership(tok)
            self.subordination(tok)
            self.backing(tok)
            self.alliance(tok)
            self.opposition(tok)
            self.fighting_with(tok)
            self.allegiance(tok)

    # titles before a name

    def _is_title_word(self, tok: Token) -> bool:
        low = tok.lower_.rstrip(".")
        return low in _TITLES or low in _RANKS

    def title_before(self, start: int, end: int, entity: Entity) -> None:
        doc = self.doc
        name_start = start
        while name_start < end - 1 and (self._is_title_word(doc[name_start]) or doc[name_start].lower_ in _MODIFIERS
                                        or doc[name_start].lower_ in _HONORIFICS or doc[name_start].text == "."):
            name_start += 1  # the NER took the title into the name
        run: list[Token] = list(doc[start:name_start])
        i = start - 1
        while i >= 0:
            t = doc[i]
            span = self.index.span(t)
            e = self.index.entity(t)
            if span is not None and e is not None and e.type != "PERSON":
                run[:0] = list(doc[span[0]:span[1]])
                i = span[0] - 1
                continue
            low = t.lower_
            if (self._is_title_word(t) or low in _MODIFIERS or low in _HONORIFICS or t.text in _POSSESSIVE
                    or low in ("of", "for", "to") or self.country(t) is not None
                    or (t.text == "." and i > 0 and doc[i - 1].lower_ in _RANKS)
                    or (t.pos_ == "PROPN" and t.text[:1].isupper())
                    or (t.pos_ in ("NOUN", "ADJ") and t.dep_ in ("compound", "amod") and t.text.islower())):
                run.insert(0, t)
                i -= 1
                continue
            break
        self._read_title(run, doc[name_start], entity)

    def _read_title(self, run: list[Token], name: Token, entity: Entity) -> None:
        while run and run[0].lower_ in {"of", "for", "to", "-"} | _POSSESSIVE:
            run.pop(0)
        if not run:
            return
        # the title word nearest the name; what follows it must name the office ("for Human Rights", "to Syria")
        pos = None
        for k in range(len(run) - 1, -1, -1):
            t = run[k]
            if self._is_title_word(t) and not (t.lower_ in ("general", "major", "chief", "head") and k + 1 < len(run)
                                                and self._is_title_word(run[k + 1])):
                tail = run[k + 1:]
                if all(x.text == "." or x.lower_ in _HONORIFICS for x in tail) or (
                        tail and tail[0].lower_ in ("for", "of", "to") and all(x.text[:1].isupper() or x.lower_ in ("of", "for", "the", "and", "to") or x.text in _POSSESSIVE for x in tail)):
                    pos = k
                    break
        if pos is None:
            self._possessor_before_name(run, name, entity)
            return
        title_tok = run[pos]
        words = [t.lower_.rstrip(".") for t in run[: pos + 1]]
        title = title_tok.lower_.rstrip(".")
        if pos >= 2 and run[pos - 1].text == "-" and f"{run[pos - 2].lower_}-{title}" in _TITLES:
            title = f"{run[pos - 2].lower_}-{title}"  # "Secretary-General", "Director-General"
            words = [*words[: pos - 2], title]
        phrase = " ".join(words[-2:]) if len(words) >= 2 else title
        is_person = entity.type == "PERSON" or _looks_like_person(entity.name)
        kind = "lead" if phrase in _HEAD_OF_STATE else _kind(title)
        if kind in ("ally", "proxy"):
            is_person = True  # allies and proxies may be organisations
        if not is_person:
            return
        # the office holder's organisation: nearest named party before the title, else one the title sits in
        org: _Party | None = None
        unit = blocked = False
        tail_parties = []
        after_to = False
        for t in run[pos + 1:]:
            if t.lower_ == "to":
                after_to = True
            elif not after_to and self.entity(t) is not None:
                tail_parties.append(self.entity(t))
        inside = self.entity(title_tok)
        for t in reversed(run[:pos]):
            if t.lower_ == "to":
                break
            low = t.lower_
            if low in _NON_STATE:
                blocked = True
            party = self.entity(t) or self.country(t)
            if party is not None and party.type != "PERSON" and not _only_title_words(party.name):
                org = party
                break
            if t.pos_ == "NOUN" and low not in _MODIFIERS and low not in _TITLES and not t.text[:1].isupper():
                unit = True  # "UN human rights chief": the head of a unit of the UN
        if org is None and inside is not None and inside.type != "PERSON":
            org = inside
        if org is None and tail_parties:
            org = tail_parties[0]
        if org is None:
            org = self._proper_name(run[:pos])
        if org is None:
            self._title_in_group(name, entity, title)
            return
        downgrade = any(w in _DOWNGRADE for w in words[:-1])
        predicate = _predicate(kind, phrase, title, org, unit, downgrade, blocked)
        if predicate:
            self.emit(_party(entity), predicate, org, *run, name)

    def _proper_name(self, tokens: list[Token]) -> _Party | None:
        """Capitalised words before a title that the NER did not tag ('Acme director X')."""
        words: list[Token] = []
        for t in reversed(tokens):
            if t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in _MODIFIERS and t.lower_ not in _HONORIFICS \
                    and not self._is_title_word(t) and self.country(t) is None:
                words.insert(0, t)
            elif words:
                break
        if not words:
            return None
        text = " ".join(w.text for w in words)
        country = _countries()[1].get(text.lower())
        return _Party(country, "GPE") if country else _Party(text, "ORG")

    def _possessor_before_name(self, run: list[Token], name: Token, entity: Entity) -> None:
        """"the BBC's Quentin Sommerville": an organisation's own person (its reporter, its staff)."""
        if entity.type != "PERSON" or len(run) < 2 or run[-1].text not in _POSSESSIVE:
            return
        org = self.entity(run[-2])
        if org is not None and org.type == "ORG":
            self.emit(_party(entity), "affiliated_with", org, *run, name)

    def _title_in_group(self, name: Token, entity: Entity, title: str) -> None:
        """'Hezbollah's key members, including longtime leader X': the group the list belongs to."""
        root = self.mention_root(name)
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ not in ("including", "among", "like") or entity.type != "PERSON":
            return
        group = prep.head
        for t in group.subtree:
            if t.i >= root.i or prep.left_edge.i <= t.i <= prep.right_edge.i:
                continue
            party = self.entity(t)
            if party is not None and party.type == "ORG" and t.dep_ in ("poss", "nmod", "compound"):
                kind = _kind(title)
                predicate = {"lead": "leads", "member": "member_of"}.get(kind, "affiliated_with")
                self.emit(_party(entity), predicate, party, name, group)
                return

    # appositive titles: "X, a senior fellow at Y"

    def appositive_title(self, tok: Token) -> None:
        if self.index.entity(tok) is not None or tok.lower_ not in _TITLES:
            return
        person: Token | None = None
        if tok.dep_ == "appos" and self.entity(tok.head) is not None:
            person = tok.head
        else:
            for child in tok.children:
                if child.dep_ == "appos" and self.entity(child) is not None:
                    person = child
        if person is None:
            before = self.apposed_before(tok)
            if before is None:
                return
            person_party = before
        else:
            person_party = self.entity(person)
        if person_party is None or person_party.type != "PERSON":
            return
        title = tok.lower_
        words = [c.lower_ for c in tok.lefts]
        downgrade = any(w in _DOWNGRADE for w in words)
        phrase = f"{words[-1]} {title}" if words else title
        kind = "lead" if phrase in _HEAD_OF_STATE else _kind(title)
        org, unit = self._office_of(tok, person)
        if org is None or org.type == "PERSON":
            return
        if org.type == "GPE" and kind == "expert" and not unit:
            return
        predicate = _predicate(kind, phrase, title, org, unit, downgrade, False)
        if predicate:
            self.emit(person_party, predicate, org, tok, person or tok)

    def _office_of(self, title: Token, person: Token | None) -> tuple[_Party | None, bool]:
        """The organisation of a title noun: in the title's own phrase ('the US State Department
        spokesperson', "Lebanon's parliament speaker") or after it ('head of Y', 'fellow at Y')."""
        unit = False
        left: _Party | None = None
        for child in sorted(title.lefts, key=lambda c: -c.i):
            if child.dep_ not in ("compound", "poss", "nmod", "amod"):
                continue
            party = self.entity(child) or self.country(child) or self.institution(child)
            if party is not None and party.type != "PERSON" and not _only_title_words(party.name):
                left = party
                break
            if child.pos_ == "NOUN":
                unit = True
                for g in child.children:
                    party = self.entity(g) or self.country(g)
                    if g.dep_ in ("poss", "compound", "nmod") and party is not None and party.type != "PERSON":
                        return party, True
        if left is not None and left.type != "GPE":
            return left, unit
        after = self._office_after(title, person)
        if after[0] is not None:
            return after
        return left, unit

    def _office_after(self, title: Token, person: Token | None) -> tuple[_Party | None, bool]:
        """'head of Y', 'fellow at Y', 'commander of another group, the Y Army', 'head of Y's division'."""
        for child in title.children:
            if child.dep_ != "prep" or child.lower_ not in ("of", "at", "with", "for", "in", "from"):
                continue
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                party = self.entity(obj)
                if party is not None:
                    return party, False
                if obj.lower_ in _GROUP_NOUNS and obj.lower_ not in _PART_NOUNS:
                    named = self.referent(obj) or self.apposed_after(obj)
                    if named is None and person is not None:
                        # "X, the commander of another group, the Y Army": the parser hangs Y on X
                        for sib in person.children:
                            if sib.dep_ == "appos" and sib.i > obj.i and self.entity(sib) is not None:
                                named = self.entity(sib)
                    if named is not None:
                        return named, False
                for g in obj.children:
                    party = self.entity(g) or self.country(g)
                    if g.dep_ in ("poss", "compound", "nmod") and party is not None and party.type != "PERSON":
                        return party, True
        return None, False

    # "Y led by X", "X leads Y", "X-led Y"

    def led_by(self, tok: Token) -> None:
        lemma = _lemma(tok)
        if lemma in _WORK_VERBS and _verbal(tok):
            self.works_for(tok, lemma)
            return
        if lemma not in _LEAD_VERBS and tok.lower_.split("-")[-1] not in ("led", "founded", "headed"):
            return
        if tok.tag_ == "VBN":
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            if agent is None and lemma == "run":
                return  # "the Houthi-run agency" is control, read by ``tie``
            if agent is not None:
                # "led by the Malian jihadist Iyad Ag Ghaly": the name may stand in apposition
                leader = next((self.entity(o) or next((self.entity(a) for a in o.children if a.dep_ == "appos"), None)
                               for o in agent.children if o.dep_ == "pobj"), None)
                group = self.referent(tok.head) if tok.dep_ in ("acl", "relcl") else None
                if group is None:
                    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
                    group = self.referent(subj)
                if leader is not None and leader.type in ("PERSON", "ORG", "GPE") and group is not None:
                    self.emit(leader, "leads", group, tok)
                return
            # "US-led coalition"
            hyphen = tok.i > 1 and self.doc[tok.i - 1].text == "-"
            if hyphen and tok.dep_ in ("amod", "compound"):
                leader = self.party(self.doc[tok.i - 2])
                group = self.referent(tok.head)
                if leader is not None and group is not None and group.type == "ORG":
                    self.emit(leader, "leads", group, tok)
            return
        if tok.pos_ == "VERB" and tok.tag_ in ("VBZ", "VBD", "VBP", "VBG"):
            subj = self.referent(self.subject(tok))
            if subj is None or subj.type != "PERSON":
                return
            for obj in (c for c in tok.children if c.dep_ == "dobj"):
                found = self.entity(obj)
                if found is not None and found.type in ("ORG", "FAC"):
                    self.emit(subj, "leads", found, tok)
                    return
                # "who leads a rescue team of the State Emergency Service": a unit of it
                whole = next((self.entity(o) for p in obj.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), None)
                if whole is not None and whole.type in ("ORG", "FAC"):
                    self.emit(subj, "member_of", whole, tok)
                    return

    def works_for(self, tok: Token, lemma: str) -> None:
        """'X, who coordinates the Y Forum', 'X, who follows Yemen for the Y Forum', 'X works at Y'."""
        subj = self.referent(self.subject(tok))
        if subj is None or subj.type != "PERSON":
            return
        targets = [c for c in tok.children if c.dep_ == "dobj"] if lemma in ("coordinate", "represent", "advise") else []
        # one follows a country *for* an institute, but works *at* or *with* one
        preps = ("for", "at", "with") if lemma in ("work", "serve", "volunteer", "teach") else ("for",)
        # on the verb, or after its first complement ("writes about Libya for the X Institute")
        targets += [o for p in tok.subtree if p.dep_ == "prep" and p.lower_ in preps
                    and (p.head.i == tok.i or (p.head.dep_ == "pobj" and p.head.head.head.i == tok.i))
                    for o in p.children if o.dep_ == "pobj"]
        for t in targets:
            org = self.entity(t)
            if org is not None and org.type in ("ORG", "FAC"):
                self.emit(subj, "affiliated_with", org, tok)
                return

    # "X's insurgent group, Y"

    def persons_group(self, tok: Token) -> None:
        if tok.lower_ not in _GROUP_NOUNS and self.entity(tok) is None:
            return
        for child in tok.children:
            if child.dep_ in ("poss", "nmod") and self.entity(child) is not None and self.entity(child).type == "PERSON":
                if any(c.text in _POSSESSIVE for c in child.children) or child.dep_ == "poss":
                    group = self.entity(tok) if self.entity(tok) is not None else (
                        next((self.entity(c) for c in tok.children if c.dep_ == "appos" and self.entity(c)), None)
                        or self.apposed_after(tok))
                    if group is not None and group.type != "GPE" and tok.lower_ not in ("government", "administration"):
                        self.emit(self.entity(child), "leads", group, tok)

    # "the IRGC's extraterritorial Quds Force"

    def possessive_org(self, tok: Token) -> None:
        inner = self.entity(tok)
        if inner is None or inner.type != "ORG" or self.mention_root(tok).i != tok.i:
            return
        for child in tok.children:
            if child.dep_ not in ("poss", "nmod"):
                continue
            if not (child.dep_ == "poss" or any(c.text in _POSSESSIVE for c in child.children)):
                continue
            outer = self.entity(child)
            if outer is None or outer.entity is inner.entity:
                continue
            if outer.type == "ORG" or (outer.type == "GPE" and _is_state_body(inner.name) and name_key(outer.name) not in name_key(inner.name)):
                self.emit(inner, "part_of", outer, tok)

    # "X, one of the member factions of Y", "X, a wing of Y", "X is part of Y"

    def membership(self, tok: Token) -> None:
        low = tok.lower_
        if low not in _PART_NOUNS and low not in _MEMBER_NOUNS and low not in ("one", "part", "members", "factions"):
            return
        if self.index.entity(tok) is not None:
            return
        member: _Party | None = None
        if tok.dep_ == "appos":
            member = self.referent(tok.head)
        elif tok.dep_ == "attr" and tok.head.lemma_ == "be":
            member = self.referent(self.subject(tok.head))  # "X is part of Y", "X, which is part of Y"
        if member is None:
            # "Y's armed wing, the X Brigades"
            member = next((self.entity(c) for c in tok.children if c.dep_ == "appos" and self.entity(c)), None)
        if member is None:
            member = self.apposed_before(tok)
        if member is None:
            return  # any type: a person may be 'a member of' a group, and the NER mislabels groups
        noun = tok
        if low == "one":
            noun = next((o for p in tok.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), None)
            if noun is None or (noun.lower_ not in _MEMBER_NOUNS | _PART_NOUNS and noun.lemma_ not in _MEMBER_NOUNS | _PART_NOUNS):
                return
        whole = None
        for p in noun.children:
            if p.dep_ == "prep" and p.lower_ == "of":
                whole = next((self.referent(o) for o in p.children if o.dep_ == "pobj"), None)
        if whole is None:
            whole = next((self.entity(c) for c in noun.children if c.dep_ in ("poss", "nmod") and self.entity(c)), None)
        if whole is None or whole.type not in ("ORG", "NORP"):
            return
        lemma = noun.lemma_.lower()
        predicate = "part_of" if lemma in _PART_NOUNS or low == "part" else "member_of"
        self.emit(member, predicate, whole, tok, noun)

    # "X reports to Y", "X, a force under Y"

    def subordination(self, tok: Token) -> None:
        if tok.lemma_ in ("report", "answer") and tok.pos_ == "VERB":
            to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
            boss = next((self.entity(o) for o in to.children if o.dep_ == "pobj"), None) if to is not None else None
            sub = self.referent(self.subject(tok))
            if boss is not None and sub is not None and sub.type == "ORG" and boss.type in ("ORG", "GPE", "PERSON"):
                self.emit(sub, "reports_to", boss, tok)
            return
        if tok.lower_ != "under" or tok.dep_ != "prep":
            return
        obj = next((o for o in tok.children if o.dep_ == "pobj"), None)
        if obj is None:
            return
        boss = self.entity(obj)
        predicate = "part_of"
        if boss is None and obj.lower_ in ("command", "control", "authority", "supervision", "umbrella", "auspices", "leadership"):
            predicate = "reports_to"
            boss = next((self.entity(o) for p in obj.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), None)
        if boss is None or boss.type not in ("ORG", "GPE"):
            return
        head = tok.head
        if head.pos_ in ("NOUN", "PROPN"):
            sub = self.referent(head) or self.apposed_before(head)
        elif head.pos_ in ("VERB", "AUX") and head.lemma_ in ("operate", "fall", "serve", "work", "be", "come", "sit", "place"):
            sub = self.referent(self.subject(head))
            predicate = "reports_to" if head.lemma_ != "be" or predicate == "reports_to" else "part_of"
        else:
            return
        if sub is not None and sub.type == "ORG":
            self.emit(sub, predicate, boss, tok)

    # "X-backed Y", "Y backed by X", "Y loyal to X", "Y takes orders from X", "X, its main backer"

    def backing(self, tok: Token) -> None:
        low = tok.lower_
        lemma = tok.lemma_.lower()
        if low in _TIE_WORDS or low in _CONTROL_WORDS:
            self.tie(tok, low)
            return
        if lemma in _BACK_VERBS or low.endswith(("backed", "funded", "armed", "sponsored", "trained", "supported")):
            if tok.i > 1 and self.doc[tok.i - 1].text == "-" and tok.dep_ in ("amod", "compound", "acl", "conj"):
                backer = self.party(self.doc[tok.i - 2])
                if backer is not None:
                    self.emit(self.owner(tok.head), "backed_by", backer, tok)
                return
            if tok.tag_ == "VBN":
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                if agent is None and tok.dep_ == "conj":
                    return
                if agent is None:
                    # "armed and funded by Iran": the agent hangs on the last verb of the pair
                    agent = next((c for conj in tok.children if conj.dep_ == "conj" for c in conj.children if c.dep_ == "agent"), None)
                if agent is None:
                    return
                backer = next((self.party(o) for o in agent.children if o.dep_ == "pobj"), None)
                if tok.dep_ in ("acl", "relcl", "amod"):
                    backed = self.owner(tok.head)
                else:
                    backed = self.owner(next((c for c in tok.children if c.dep_ == "nsubjpass"), None))
                self.emit(backed, "backed_by", backer, tok)
            return
        if low in ("loyal", "beholden", "answerable", "subservient"):
            to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
            backer = next((self.entity(o) or self.country(o) for o in to.children if o.dep_ == "pobj"), None) if to is not None else None
            if backer is None:
                return
            backed = self.owner(tok.head) if tok.dep_ in ("amod", "acl") else self.owner(self.subject(tok.head)) if tok.dep_ == "acomp" else None
            self.emit(backed, "backed_by", backer, tok)
            return
        if lemma in ("take", "receive", "get", "accept", "draw") and tok.pos_ == "VERB":
            objects = [c for c in tok.children if c.dep_ == "dobj"]
            objects += [c for o in objects for c in o.conjuncts]
            if not any(o.lower_ in _SUPPLY_NOUNS for o in objects):
                return
            frm = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"), None)
            backer = next((self.party(o) for o in frm.children if o.dep_ == "pobj"), None) if frm is not None else None
            if backer is not None:
                self.emit(self.owner(self.subject(tok)), "backed_by", backer, tok)
            return
        if lemma in _BACKER_NOUNS or low in _BACKER_NOUNS:
            whose = next((c for c in tok.children if c.dep_ == "poss"), None)
            backed = None
            if whose is not None:
                backed = self.pronoun(whose) if whose.lower_ in _PRONOUNS else self.entity(whose)
            if backed is None:
                backed = next((self.referent(o) for p in tok.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), None)
            backer = self.apposed_before(tok)
            if backer is None and tok.dep_ == "attr":
                backer = self.referent(self.subject(tok.head))
            if backer is not None and backed is not None and backer.entity is not backed.entity:
                self.emit(backed, "backed_by", backer, tok)

    def tie(self, tok: Token, low: str) -> None:
        """'the al-Qaeda-linked X', 'X, affiliated with Y' (affiliated_with); 'the Houthi-run Saba
        news agency' (reports_to)."""
        doc = self.doc
        predicate = "affiliated_with" if low in _TIE_WORDS else "reports_to"
        if tok.i > 1 and doc[tok.i - 1].text == "-":
            other = self.party(doc[tok.i - 2])
            if other is None and tok.i > 2 and doc[tok.i - 2].dep_ in ("npadvmod", "compound", "punct"):
                other = self.entity(doc[tok.i - 2]) or self.party(doc[tok.i - 3])
            subject = self.owner(tok.head) if tok.dep_ in ("amod", "compound", "acl") else None
            if subject is not None and (predicate == "affiliated_with" or subject.type in ("ORG", "FAC")):
                self.emit(subject, predicate, other, tok)
            return
        if predicate != "affiliated_with":
            return
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "with")), None)
        other = next((self.party(o) for o in prep.children if o.dep_ == "pobj"), None) if prep is not None else None
        if other is None:
            return
        prev = doc[tok.i - 1] if tok.i > 0 else None
        passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            subject = self.referent(passive)  # "X is linked to Y"
        elif tok.dep_ in ("amod", "acl") or (prev is not None and prev.text == ","):
            subject = self.owner(tok.head) if tok.dep_ in ("amod", "acl") else None
            subject = subject or (self.entity(doc[tok.i - 2]) if tok.i > 1 else None)
        elif tok.dep_ == "acomp":
            subject = self.referent(self.subject(tok.head))
        else:
            return
        self.emit(subject, predicate, other, tok)

    # "X and allied Y", "Y, allied with X", "X-aligned Y", "Y, an ally of X"

    def alliance(self, tok: Token) -> None:
        low = tok.lower_
        doc = self.doc
        if low in ("allied", "aligned"):
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            prev = doc[tok.i - 1] if tok.i > 0 else None
            if prev is not None and prev.text == "-" and tok.i > 1:
                ally = self.party(doc[tok.i - 2])
                other = self.referent(tok.head) if tok.dep_ in ("amod", "compound") else None
                if other is None and nxt is not None:
                    other = self.entity(nxt)
                self.emit(other, "allied_with", ally, tok)
                return
            if prev is not None and prev.lower_ in ("and", ",") and nxt is not None and self.entity(nxt) is not None:
                first = self.entity(doc[tok.i - 2]) if tok.i > 1 else None
                if first is not None:
                    self.emit(self.entity(nxt), "allied_with", first, tok)
                return
            if nxt is not None and nxt.lower_ in ("with", "to"):
                target = next((self.definite(o) or self.country(o) for o in nxt.children if o.dep_ == "pobj"), None)
                if target is None and tok.i + 2 < len(doc):
                    target = self.entity(doc[tok.i + 2]) or self.country(doc[tok.i + 2])
                who = None
                if prev is not None and prev.text == ",":
                    who = self.entity(doc[tok.i - 2]) if tok.i > 1 else None
                elif tok.dep_ in ("amod", "acl"):
                    who = self.owner(tok.head)  # "a coalition of rebel movements allied with the army"
                elif tok.dep_ in ("acomp",):
                    who = self.referent(self.subject(tok.head))
                self.emit(who, "allied_with", target, tok)
            return
        if low in ("ally", "allies") and self.index.entity(tok) is None:
            whose = next((self.entity(c) or self.country(c) for c in tok.children if c.dep_ in ("poss", "nmod")), None)
            if whose is None:
                whose = next((self.entity(o) or self.country(o) for p in tok.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), None)
            if whose is None:
                return
            who = None
            if tok.dep_ == "appos":
                who = self.entity(tok.head)
            who = who or self.apposed_before(tok) or next((self.entity(c) for c in tok.children if c.dep_ == "appos"), None)
            if who is None and tok.dep_ == "attr":
                who = self.referent(self.subject(tok.head))
            self.emit(who, "allied_with", whose, tok)

    # "the conflict between X and Y", "X battling Y", "X and Y fought a war", "X's war on Y"

    def opposition(self, tok: Token) -> None:
        low = tok.lower_
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("NOUN", "PROPN") and low in _CONFLICT_NOUNS:
            between = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"), None)
            if between is None and tok.dep_ in ("nsubj", "nsubjpass"):
                # "The clashes began Saturday ... between X and Y": the parser hangs it on the verb
                between = next((c for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "between"), None)
            if between is not None:
                first = next((o for o in between.children if o.dep_ == "pobj"), None)
                if first is not None:
                    second = next((c for c in first.conjuncts if c.i > first.i), None)
                    self.emit(self.referent(first), "opposes", self.referent(second), tok)
                return
        if tok.pos_ in ("NOUN", "PROPN") and low in _CAMPAIGN_NOUNS:
            against = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("against", "on")), None)
            target = next((self.entity(o) for o in against.children if o.dep_ == "pobj"), None) if against is not None else None
            if target is None:
                return
            whose = next((self.entity(c) for c in tok.children if c.dep_ in ("poss", "nmod", "compound") and self.entity(c)), None)
            if whose is None:
                whose = self.entity(tok)
            self.emit(whose, "opposes", target, tok)
            return
        if tok.pos_ != "VERB":
            return
        if lemma in _FIGHT_VERBS or lemma == "compete":
            subj_tok = self.subject(tok)
            subj = self.referent(subj_tok)
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "alongside" and subj is not None and subj.type != "PERSON":
                    # "fights alongside the Malian army": on the same side
                    for o in c.children:
                        if o.dep_ == "pobj":
                            self.emit(subj, "allied_with", self.definite(o), tok)
            if lemma == "compete":
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in ("with", "against"):
                        for o in c.children:
                            target = self.definite(o) if o.dep_ == "pobj" else None
                            if subj is not None and target is not None and subj.type not in ("PERSON", "GPE"):
                                self.emit(subj, "opposes", target, tok)
                return
            targets = [c for c in tok.children if c.dep_ == "dobj"]
            for c in tok.children:
                if c.dep_ == "prep" and (c.lower_ == "against" or (c.lower_ == "with" and lemma in ("clash", "battle"))):
                    targets += [o for o in c.children if o.dep_ == "pobj"]
            for t in targets:
                target = self.definite(t)
                if target is not None and subj is not None and subj.type != "PERSON" and target.type != "GPE":
                    self.emit(subj, "opposes", target, tok)
            if not targets or all(t.lower_ in ("war", "battle", "battles", "wars") for t in targets):
                self._mutual(subj_tok, tok)
            return
        if lemma == "trade" and any(c.dep_ == "dobj" and c.lower_ in _EXCHANGE_NOUNS for c in tok.children):
            self._mutual(self.subject(tok), tok)

    def _mutual(self, subj_tok: Token | None, verb: Token) -> None:
        """'X and Y fought a war': the two coordinated subjects oppose each other."""
        if subj_tok is None:
            return
        first = self.referent(subj_tok)
        for conj in subj_tok.conjuncts:
            if conj.i > subj_tok.i:
                second = self.referent(conj)
                if first is not None and second is not None and first.type != "PERSON" and second.type != "PERSON":
                    self.emit(first, "opposes", second, verb)
                return

    # "X, a 23-year-old fighting the army with Y", "X joined Y"

    def allegiance(self, tok: Token) -> None:
        """'X has pledged allegiance to Y', 'X swore loyalty to Y': X is an affiliate of Y."""
        if tok.lower_ not in _OATHS:
            return
        verb = tok.head if tok.dep_ == "dobj" and tok.head.lemma_ in _OATH_VERBS else None
        # the tagger may make "pledged" an adjective of "allegiance", and the group its modifier
        pledged = verb or next((c for c in tok.children if c.dep_ == "amod" and c.lemma_ in _OATH_VERBS), None)
        if pledged is None:
            return
        to = next((c for c in [*tok.children, *pledged.children] if c.dep_ == "prep" and c.lower_ == "to"), None)
        lord = next((self.entity(o) for o in to.children if o.dep_ == "pobj"), None) if to is not None else None
        if verb is not None:
            vassal = self.referent(self.subject(verb))
        else:
            vassal = next((self.entity(c) for c in tok.children if c.dep_ in ("nmod", "poss", "compound") and self.entity(c)), None)
        self.emit(vassal, "affiliated_with", lord, tok)

    def fighting_with(self, tok: Token) -> None:
        lemma = _lemma(tok)
        if not _verbal(tok) or lemma not in ("fight", "serve", "join", "enlist"):
            return
        if lemma in ("join", "enlist"):
            subj = self.referent(self.subject(tok))
            group = next((self.entity(c) for c in tok.children if c.dep_ == "dobj"), None)
            if group is None:
                group = next((self.entity(o) for p in tok.children if p.lower_ in ("in", "with") for o in p.children if o.dep_ == "pobj"), None)
            if subj is not None and subj.type == "PERSON" and group is not None and group.type == "ORG":
                self.emit(subj, "member_of", group, tok)
            return
        group = None
        for t in tok.subtree:
            # "fighting (the army) with Y": a preposition on the verb or on its object
            if t.dep_ != "prep" or t.lower_ not in ("with", "for", "in") or tok.i not in (t.head.i, t.head.head.i):
                continue
            candidate = next((self.entity(o) for o in t.children if o.dep_ == "pobj"), None)
            if candidate is not None and candidate.type == "ORG":
                group = candidate
                break
        if group is None:
            return
        fighter = self.referent(self.subject(tok))
        if fighter is None and tok.dep_ in ("advcl", "acl"):
            # a participle with no subject of its own: the person it describes
            for c in tok.head.children:
                if c.dep_ in ("dobj", "nsubj", "nsubjpass") and self.entity(c) is not None and c.i < tok.i:
                    fighter = self.entity(c)
        if fighter is not None and fighter.type == "PERSON":
            self.emit(fighter, "member_of", group, tok)
            # "fighting the junta with Y": Y fights the junta
            for c in tok.children:
                if c.dep_ == "dobj":
                    self.emit(group, "opposes", self.definite(c), tok)


# ---------------------------------------------------------------- helpers

def _verbal(tok: Token) -> bool:
    """A verb, or a participle the tagger called a noun ('a 23-year-old fighting the army')."""
    return tok.pos_ == "VERB" or tok.tag_ in ("VBG", "VBN", "VBD", "VBZ", "VBP", "VB") or (
        tok.dep_ in ("advcl", "acl", "relcl", "xcomp", "ccomp") and tok.lower_.endswith("ing"))


_FORMS = {"fighting": "fight", "fought": "fight", "fights": "fight", "serving": "serve", "served": "serve",
          "serves": "serve", "joined": "join", "joining": "join", "joins": "join", "enlisted": "enlist"}


def _lemma(tok: Token) -> str:
    """The verb's lemma, also when the tagger took a participle for a noun."""
    return _FORMS.get(tok.lower_, tok.lemma_.lower())


def _kind(title: str) -> str:
    if title in _ALLY:
        return "ally"
    if title in _PROXY:
        return "proxy"
    if title in _LEAD:
        return "lead"
    if title in _MEMBER:
        return "member"
    if title in _EXPERT:
        return "expert"
    return "affiliate"


def _predicate(kind: str, phrase: str, title: str, org: _Party, unit: bool, downgrade: bool, blocked: bool) -> str | None:
    """The tie a title makes between its holder and the organisation or country it names."""
    if kind == "ally":
        return "allied_with"
    if kind == "proxy":
        return "backed_by"
    if org.type == "GPE":
        if blocked or kind == "expert":
            return None
        if kind == "lead" and not unit and not downgrade and (phrase in _HEAD_OF_STATE or title in _HEAD_OF_STATE):
            return "leads"
        return "affiliated_with"
    if unit:
        return "member_of" if kind in ("lead", "member") else "affiliated_with"
    if kind == "lead" and not downgrade:
        return "leads"
    if kind == "member":
        return "member_of"
    return "affiliated_with"


_ORG_WORDS = {"forces", "force", "army", "council", "ministry", "group", "front", "party", "movement", "network",
              "agency", "office", "department", "command", "brigade", "brigades", "corps", "organization",
              "organisation", "union", "committee", "crossing", "hospital", "airport", "news", "center", "centre"}


def _looks_like_person(name: str) -> bool:
    """A name the NER mislabelled after a title: two to four capitalised words, none an organisation word."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not any(w.lower() in _ORG_WORDS for w in words)


def _only_title_words(name: str) -> bool:
    """'Supreme' tagged as an organisation out of 'Supreme Leader': no organisation at all."""
    words = [w.lower() for w in name.split()]
    return all(w in _MODIFIERS or w in _TITLES or w in _HONORIFICS for w in words)


def _is_state_body(name: str) -> bool:
    return any(w in _GOV_WORDS for w in name_key(name).split())


def find_relations(sections: list[Section], entities: list[Entity]) -> list[Relation]:
    """Relations between the article's entities, each with the sentence that states it."""
    out = _Collector()
    for section in sections:
        _Reader(section, entities, out).read()
    return out.relations
