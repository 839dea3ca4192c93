"""Quotations in an article and who said them.

Two steps, both linear in the text:

1. A character scanner finds quoted stretches per paragraph: curly “…”, straight "…", «…»,
   top-level ‘…’ (headline style); single quotes nested inside a double quote stay text. A
   quote left open runs to the end of its paragraph; when the next paragraph opens with a
   quotation mark it continues the same speech (the newspaper convention).
2. Each quote is attributed from the spaCy parse of its own sentence (the text around it up
   to a real sentence end, quotes skipped over): the speech verb that governs it, or the
   nearest one, and that verb's subject. A subject becomes an entity (its canonical name),
   the holder of a role the text gave by apposition or title ("his mother", "the general"),
   the organisation named by the same head noun ("the ministry"), a pronoun's most recent
   referent, or stays the description itself for anonymous sources ("A US defense
   official"). A quote with no attribution of its own continues the paragraph's speaker, or
   the previous paragraph's, or the last person named there.

Quoted names and scare quotes (after "so-called"/"known as", a quoted modifier before a noun,
a title-case name inside a sentence, a self-description) get kind "scare" and no speaker.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..models import Entity, Quote
from .model import Section

if TYPE_CHECKING:
    from spacy.tokens import Token

_SPEECH_VERBS = frozenset("""
say tell add write warn state explain describe insist claim note announce call ask reply urge accuse deny
condemn caution post tweet declare stress emphasise emphasize argue suggest comment remark recall admit
acknowledge confirm report assert allege vow pledge promise predict complain lament observe conclude respond
answer shout scream yell whisper plead demand threaten advise recommend testify decry denounce quip concede
counter maintain contend reiterate repeat inform quote dub term label brand
""".split())
# verbs of naming: with a subject they attribute a word ("he called it a “joke”"); without one
# ("a group called “X”") the quote is only a name
_NAMING_VERBS = frozenset({"call", "dub", "term", "label", "brand", "name", "nickname", "title", "entitle", "codename"})

_DOUBLE_OPEN = "“«„"
_CLOSE = "”»\""
_TERMINAL = re.compile(r"[.!?…]+")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_NAMING_CUE = re.compile(
    r"(?:\bso[-\s]called|\b(?:also\s+|widely\s+|better\s+)?known\s+as|\bdubbed|\bnicknamed|\bcode-?named|\btermed|"
    r"\blabell?ed|\bbranded|\bcalled|\bnamed|\btitled|\bentitled|"
    r"\bthe\s+(?:word|words|term|phrase|slogan|label|name|hashtag|motto|banner|title))\s*$", re.IGNORECASE)
# "describes itself as part of an “…”": a self-description, not a statement
_SELF_NAMING = re.compile(r"\b(?:describ|call|nam|label|styl|present|brand|bill|cast)\w*\s+(?:itself|themselves|himself|herself)"
                          r"(?:\s+as)?(?:\s+[\w'’-]+){0,3}\s*$", re.IGNORECASE)
_SMALL_NAME_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "al", "el", "bin", "ibn", "de", "la", "du", "da", "von", "van", "&"})
_NAME_PARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|at|ash|az|ul|bin|ibn|abu|bint)[-‐]", re.IGNORECASE)
_AGE = re.compile(r"\b\d+[-\s]years?[-\s]old\b,?\s*", re.IGNORECASE)

_PERSON_PRONOUNS = {"he": "m", "she": "f"}
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"})
_QUANTIFIERS = frozenset({"one", "some", "many", "another", "each", "several", "two", "three", "four", "none", "most"})
_TITLE_WORDS = frozenset("""
president prime minister foreign defense defence interior general gen lt col maj capt sgt brig adm dr mr mrs ms
father sister sheikh shaikh imam ayatollah grand supreme leader king queen prince princess emir sen rep gov
secretary commander chief deputy vice high commissioner ambassador envoy special colonel major captain sergeant
lieutenant brigadier admiral senator governor mayor speaker director spokesman spokeswoman spokesperson chairman
chairwoman pope bishop rabbi cardinal archbishop judge justice attorney pastor rev reverend crown interim acting
former late senior inspector superintendent cmdr insp supt
""".split())
_ABBREVIATIONS = {"gen": "general", "col": "colonel", "lt": "lieutenant", "maj": "major", "capt": "captain",
                  "sgt": "sergeant", "brig": "brigadier", "adm": "admiral", "gov": "governor", "sen": "senator",
                  "rep": "representative", "dr": "doctor", "rev": "reverend", "insp": "inspector",
                  "supt": "superintendent", "cmdr": "commander"}
_FEMALE = frozenset("""
mother wife daughter sister grandmother aunt niece widow woman girl mrs ms miss madam businesswoman
spokeswoman chairwoman congresswoman queen princess actress nun granddaughter stepmother mum mom
""".split())
_MALE = frozenset("""
father husband son brother grandfather uncle nephew widower man boy mr sir spokesman chairman congressman king
prince actor monk priest grandson stepfather dad imam sheikh
""".split())
# head nouns of descriptions that are institutions, not people: "it", never "he"
_ORG_NOUNS = frozenset("""
ministry army military government police agency group office council committee department command force forces
authority authorities administration statement report embassy consulate hospital movement militia organisation
organization company network channel media outlet court parliament party coalition alliance union commission
institute centre center service agency junta regime state federation secretariat unit brigade battalion division
mission team station newspaper television radio broadcaster website presidency cabinet directorate headquarters
""".split())
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_ROLE_PREPOSITIONS = frozenset({"of", "at", "in", "for", "with", "from", "on", "to"})
# verbs whose object is the one spoken to, never the speaker
_ADDRESSING_VERBS = frozenset({"tell", "ask", "urge", "advise", "inform", "brief", "accuse", "warn", "call", "quote"})

_WhoKind = Literal["person", "org", "group"]


@dataclass
class _Found:
    """One quoted stretch: the words (start/end) and the marks around them (outer_*)."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool
    para: int
    continues: bool = False


@dataclass
class _Who:
    """A speaker: an entity, or a description kept as written."""

    name: str | None
    entity: Entity | None = None
    title: str | None = None
    org: str | None = None
    gender: str | None = None
    kind: _WhoKind = "person"  # what a pronoun may refer back to it: he/she, it, they


@dataclass
class _Event:
    """Someone named (or resolved as a speaker) at ``pos`` of a section."""

    pos: int
    who: _Who
    subject: bool


@dataclass
class _Role:
    word: str  # a role word of the title, lower case, abbreviations spelled out ("mother", "general")
    entity: Entity
    order: tuple[int, int]


@dataclass
class _Profile:
    title: str | None = None
    org: str | None = None
    gender: str | None = None


def find_quotes(sections: list[Section], entities: list[Entity]) -> list[Quote]:
    """Every quotation in the article's parts, with its kind and, for speech, its speaker."""
    article = _Article(sections, entities)
    quotes: list[Quote] = []
    for order, section in enumerate(sections):
        quotes.extend(_SectionReader(article, order, section).read())
    return quotes


# ---------------------------------------------------------------- scanning


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _scan_quotes(text: str) -> list[_Found]:
    """The quoted stretches of a text, paragraph by paragraph, in order."""
    found: list[_Found] = []
    for number, (ps, pe) in enumerate(_paragraphs(text)):
        mine = _scan_paragraph(text, ps, pe, number)
        if mine and found and found[-1].para == number - 1 and not found[-1].closed:
            lead = len(text[ps:pe]) - len(text[ps:pe].lstrip())
            if mine[0].outer_start == ps + lead:
                mine[0].continues = True
        found.extend(mine)
    return found


def _scan_paragraph(text: str, ps: int, pe: int, para: int) -> list[_Found]:
    found: list[_Found] = []
    opener: str | None = None
    open_at = -1
    i = ps
    while i < pe:
        c = text[i]
        if opener is None:
            if c in _DOUBLE_OPEN or (c == '"' and not _stray_straight(text, i, ps, pe)):
                opener, open_at = c, i
            elif c == "‘" and (i == ps or not text[i - 1].isalnum()) and i + 1 < pe and text[i + 1].isalnum():
                close = _single_close(text, i + 1, pe)
                if close is not None:
                    _emit(found, text, i, i + 1, close, close + 1, True, para)
                    i = close + 1
                    continue
        elif c in _CLOSE or (c == "“" and opener == "„"):
            _emit(found, text, open_at, open_at + 1, i, i + 1, True, para)
            opener = None
        elif c in _DOUBLE_OPEN:
            # a new quotation opens before the last one closed: the last one ends here
            _emit(found, text, open_at, open_at + 1, i, i, False, para)
            opener, open_at = c, i
        i += 1
    if opener is not None:
        _emit(found, text, open_at, open_at + 1, pe, pe, False, para)
    return found


def _stray_straight(text: str, i: int, ps: int, pe: int) -> bool:
    """A straight quote that can only close (after a word, before a space): inches, or a
    quotation whose opening mark is missing. It opens nothing."""
    before = text[i - 1] if i > ps else " "
    after = text[i + 1] if i + 1 < pe else " "
    return (before.isalnum() or before in ".,!?;:)]’'") and not (after.isalnum() or after in "‘'([")


def _single_close(text: str, i: int, pe: int) -> int | None:
    """The ’ that closes a top-level ‘…’: not an apostrophe inside a word ("don’t")."""
    for j in range(i, pe):
        c = text[j]
        if c in "“”\"‘\n":
            return None
        if c == "’" and not text[j - 1].isspace() and (j + 1 >= pe or not text[j + 1].isalnum()):
            return j
    return None


def _emit(found: list[_Found], text: str, outer_start: int, start: int, end: int, outer_end: int,
          closed: bool, para: int) -> None:
    inner = text[start:end]
    start += len(inner) - len(inner.lstrip())
    end -= len(inner) - len(inner.rstrip())
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        found.append(_Found(start, end, outer_start, outer_end, closed, para))


# ---------------------------------------------------------------- article-wide knowledge


class _Article:
    """What every section's reader needs: entity mentions by position, people's roles."""

    def __init__(self, sections: list[Section], entities: list[Entity]) -> None:
        self.sections = sections
        self.entities = entities
        self.order = {(s.name, s.index): i for i, s in enumerate(sections)}
        self.by_part: dict[tuple[str, int | None], list[tuple[int, int, Entity]]] = {}
        for entity in entities:
            for m in entity.mentions:
                self.by_part.setdefault((m.section, m.index), []).append((m.start, m.end, entity))
        for spans in self.by_part.values():
            spans.sort(key=lambda x: (x[0], -x[1]))
        self.starts = {k: [s for s, _, _ in v] for k, v in self.by_part.items()}
        self.longest = max((e - s for v in self.by_part.values() for s, e, _ in v), default=0)
        self._profiles: dict[str, _Profile] | None = None
        self.roles: list[_Role] = []

    def at(self, part: tuple[str, int | None], start: int, end: int) -> tuple[int, int, Entity] | None:
        """The mention overlapping [start, end), longest overlap first."""
        spans = self.by_part.get(part)
        if not spans:
            return None
        starts = self.starts[part]
        lo = bisect.bisect_left(starts, start - self.longest)
        hi = bisect.bisect_left(starts, end)
        best, overlap = None, 0
        for s, e, entity in spans[lo:hi]:
            o = min(e, end) - max(s, start)
            if o > overlap:
                best, overlap = (s, e, entity), o
        return best

    def profiles(self) -> dict[str, _Profile]:
        """Titles, organisations and roles the text gives each entity (first mention that has one)."""
        if self._profiles is not None:
            return self._profiles
        self._profiles = {}
        for order, section in enumerate(self.sections):
            for s, e, entity in self.by_part.get((section.name, section.index), []):
                span = section.doc.char_span(s, e, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                found = _role_of(self, section, span.root, (s, e))
                if found is None:
                    continue
                title, org = found
                prof = self._profiles.setdefault(entity.id, _Profile())
                if title:
                    words = _role_words(title)
                    self.roles.extend(_Role(w, entity, (order, s)) for w in words)
                    prof.gender = prof.gender or _gender_of(words)
                    if prof.title is None:
                        prof.title, prof.org = title, org or prof.org
                if prof.org is None and org:
                    prof.org = org
        return self._profiles


def _role_words(title: str) -> list[str]:
    """The words a title can be referred back by: "Brig. Gen." → brigadier, general."""
    words = [w.strip(".,’'").lower() for w in re.findall(r"[\w.’'-]+", title)]
    words = [_ABBREVIATIONS.get(w, w) for w in words if w]
    for k, w in enumerate(words):
        if k and w in _ROLE_PREPOSITIONS:
            words = words[:k]  # the role is the noun before "of …": "head of the drivers' union" → head
            break
    keep = [w for w in words if w in _TITLE_WORDS or w in _FEMALE or w in _MALE or w in _ABBREVIATIONS.values()]
    if words and words[-1] not in keep:
        keep.append(words[-1])
    return keep


def _gender_of(words: Iterable[str]) -> str | None:
    for w in words:
        if w in _FEMALE:
            return "f"
        if w in _MALE:
            return "m"
    return None


def _role_of(article: _Article, section: Section, head: Token, mention: tuple[int, int]) -> tuple[str | None, str | None] | None:
    """(title, organisation) for a name from its apposition or the words before it:
    "X, a senior fellow at Chatham House", "Al-Masoud’s cousin, X", "Airwars director X"."""
    for child in head.children:
        if child.dep_ == "appos" and _common_noun(child) and not _inside_mention(article, section, child):
            return _phrase_role(article, section, child)
    if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i < head.i:
        holder = head.head
        if holder.pos_ == "NOUN" or not _person_at(article, section, holder):
            return _phrase_role(article, section, holder)
    return _premodifier_role(article, section, head, mention)


def _common_noun(tok: Token) -> bool:
    """A role noun; the tagger sometimes calls a lower-case one a proper noun ("the parish priest")."""
    return tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.text[:1].islower())


def _inside_mention(article: _Article, section: Section, tok: Token) -> bool:
    return article.at((section.name, section.index), tok.idx, tok.idx + len(tok)) is not None


def _person_at(article: _Article, section: Section, tok: Token) -> bool:
    hit = article.at((section.name, section.index), tok.idx, tok.idx + len(tok))
    return hit is not None and hit[2].type == "PERSON"


def _org_in(article: _Article, section: Section, tokens: Iterable[Token]) -> tuple[Entity, int, int] | None:
    """The first organisation (else place) named among these tokens."""
    part = (section.name, section.index)
    fallback = None
    for tok in tokens:
        hit = article.at(part, tok.idx, tok.idx + len(tok))
        if hit is None:
            continue
        s, e, entity = hit
        if all(w.strip(".").lower() in _TITLE_WORDS for w in section.text[s:e].split()):
            continue  # "Interior" of "Interior Minister" tagged as an organisation
        if entity.type in ("ORG", "NORP"):
            return entity, s, e
        if entity.type in ("GPE", "LOC") and fallback is None:
            fallback = (entity, s, e)
    return fallback


def _until_comma(tokens: list[Token]) -> list[Token]:
    """A phrase's tokens up to a comma or a relative clause ("the building who …")."""
    clause = {t.i for tok in tokens if tok.dep_ in ("relcl", "acl") for t in tok.subtree}
    for k, tok in enumerate(tokens):
        if tok.text in ",;:()" or tok.i in clause:
            return tokens[:k]
    return tokens


def _phrase_role(article: _Article, section: Section, noun: Token) -> tuple[str | None, str | None]:
    """Title and organisation from a role noun phrase ("a senior fellow at Chatham House")."""
    text = section.text
    skip: set[int] = set()
    org = None
    for child in noun.children:
        if child.i > noun.i:
            continue
        possessor = child.dep_ == "poss" or (child.dep_ == "nmod" and any(c.dep_ == "case" for c in child.children))
        if child.dep_ in ("det", "predet", "punct") or possessor:
            skip.update(t.i for t in child.subtree)
        if possessor:
            hit = _org_in(article, section, child.subtree)
            if hit and org is None:
                org = hit[0].name  # "Lebanon’s parliament speaker"
    left = [t for t in section.doc[noun.left_edge.i:noun.i + 1] if t.i == noun.i or (t.i not in skip and not t.is_punct)]
    modifiers = left[:-1]
    # an organisation leading the modifiers ("US State Department spokesperson", "Quds Force commander")
    hit = _org_in(article, section, modifiers[:1])
    lead = _leading_proper(modifiers)
    whole = None
    if lead:
        inside = hit is not None and hit[1] <= lead[0].idx and hit[2] >= lead[-1].idx + len(lead[-1])
        org = org or (hit[0].name if inside else text[lead[0].idx:lead[-1].idx + len(lead[-1])])
        left = [t for t in left if t.i > lead[-1].i]
    elif hit is not None and hit[0].type in ("ORG", "NORP"):
        org = org or hit[0].name
        if hit[2] > noun.idx:
            # the office is the organisation: "UN High Commissioner for Human Rights"
            whole = (left[0].idx, max(hit[2], noun.idx + len(noun)))
        left = [t for t in left if t.idx >= hit[2]]
    title_end = noun.idx + len(noun)
    for child in noun.children:
        if child.dep_ != "prep" or child.i < noun.i:
            continue
        sub = _until_comma(list(child.subtree))
        if not sub:
            continue
        found = _org_in(article, section, sub)
        objects = [c for c in child.children if c.dep_ == "pobj"]
        if found is not None:
            if org is None or (found[0].type == "ORG" and whole is None):
                org = found[0].name
        elif objects and objects[0].pos_ == "PROPN" and child.lower_ in ("at", "with", "of", "for") and org is None:
            # "a researcher at the Bamako Centre for Security Studies": a name the NER missed
            names = [t for t in sub[1:] if not (t.dep_ == "det" and t.i == sub[1].i)]
            if names:
                org = text[names[0].idx:names[-1].idx + len(names[-1])]
        elif child.i == noun.i + 1 and title_end == noun.idx + len(noun) and len(sub) <= 6 and child.lower_ in ("of", "in", "from", "on"):
            title_end = sub[-1].idx + len(sub[-1])  # "doctor in charge", "head of the drivers' union"
    if not left:
        return (_snap(section, whole) if whole else None), org
    title = _AGE.sub("", text[left[0].idx:title_end]).strip(" ,-")
    return (title or None), org


def _snap(section: Section, span: tuple[int, int]) -> str:
    """The text of whole tokens covering span (mentions may end inside a word)."""
    chars = section.doc.char_span(span[0], span[1], alignment_mode="expand")
    return chars.text if chars is not None else section.text[span[0]:span[1]]


def _leading_proper(tokens: list[Token]) -> list[Token]:
    """'Airwars' in "Airwars director": capitalised non-title words before a lower-case noun."""
    run: list[Token] = []
    for tok in tokens:
        if tok.pos_ == "PROPN" and not _is_title_word(tok):
            run.append(tok)
            continue
        break
    if run and len(run) < len(tokens) and tokens[len(run)].text[:1].islower() and tokens[len(run)].pos_ == "NOUN":
        return run
    return []


def _is_title_word(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in _TITLE_WORDS


def _premodifier_role(article: _Article, section: Section, head: Token, mention: tuple[int, int]) -> tuple[str | None, str | None] | None:
    """'Airwars director Emily Tripp', 'Iranian Foreign Minister Abbas Araghchi', 'his wife Mala'."""
    doc = section.doc
    span = doc.char_span(mention[0], mention[1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    j = span.start
    while j < span.end - 1 and _is_title_word(doc[j]):
        j += 1  # the name's own span may start with its title ("Foreign Minister Abbas Araghchi")
    found = _walk_left(article, section, j, min(head.left_edge.i, j), False, mention[0])
    if found is None or found[0] is None:
        # the parse may cut "Lt. Col." off the name: take capitalised words that end in a title
        loose = _walk_left(article, section, j, max(0, j - 8), True, mention[0])
        if loose is not None and loose[0] is not None:
            return loose
    return found


def _walk_left(article: _Article, section: Section, j: int, floor: int, titled: bool,
               mention_start: int) -> tuple[str | None, str | None] | None:
    """The title words left of token ``j`` (the name): stop at a determiner, verb, clause
    punctuation or another person; ``titled`` (no parse to follow) wants a title word last."""
    doc, text = section.doc, section.text
    taken: list[Token] = []
    org = None
    i = j - 1
    while i >= floor:
        tok = doc[i]
        if tok.dep_ == "case" or tok.lower_ in ("’s", "'s"):
            hit = _org_in(article, section, [doc[i - 1]]) if i > 0 else None
            if hit is not None:
                org = hit[0].name
            break
        if tok.pos_ in ("DET", "PRON", "VERB", "AUX", "SCONJ", "CCONJ", "PART", "NUM", "SPACE"):
            break
        if tok.is_punct and tok.text != "-" and not (tok.text == "." and i > 0 and _is_title_word(doc[i - 1])):
            break  # "Lt. Col." may come as "Lt" "." "Col" "."
        if tok.pos_ == "ADP" and not (taken and taken[0].text[:1].isupper() and i > 0 and doc[i - 1].text[:1].isupper()):
            break
        if tok.idx < mention_start and _person_at(article, section, tok):
            break
        if titled and tok.text[:1].islower() and tok.text != ".":
            break
        taken.insert(0, tok)
        i -= 1
    while taken and (taken[0].pos_ == "ADP" or taken[0].is_punct):
        taken.pop(0)
    if titled:
        words = [t for t in taken if t.text != "."]
        if not words or not _is_title_word(words[-1]):
            return None
    if not taken:
        return (None, org) if org else None
    hit = _org_in(article, section, taken[:1])
    lead = _leading_proper(taken)
    if lead:
        inside = hit is not None and hit[1] <= lead[0].idx and hit[2] >= lead[-1].idx + len(lead[-1])
        org = org or (hit[0].name if inside else text[lead[0].idx:lead[-1].idx + len(lead[-1])])
        taken = taken[len(lead):]
    elif hit is not None and hit[0].type != "NORP" and hit[2] <= taken[-1].idx:
        org = org or hit[0].name
        taken = [t for t in taken if t.idx >= hit[2]]
    if not taken:
        return None, org
    title = _AGE.sub("", text[taken[0].idx:taken[-1].idx + len(taken[-1])]).strip(" ,-")
    if not title or not any(ch.isalpha() for ch in title):
        return None, org
    return title, org


def _entity_kind(entity: Entity) -> _WhoKind:
    return "person" if entity.type == "PERSON" else "org"


# ---------------------------------------------------------------- one section


class _SectionReader:
    """Quotes of one section, attributed in reading order."""

    def __init__(self, article: _Article, order: int, section: Section) -> None:
        self.article = article
        self.order = order
        self.section = section
        self.part = (section.name, section.index)
        self.text = section.text
        self.doc = section.doc
        self.found = _scan_quotes(self.text)
        self.paragraphs = _paragraphs(self.text)
        self.para_starts = [s for s, _ in self.paragraphs]
        self.outer = [(q.outer_start, q.outer_end) for q in self.found]
        self.outer_starts = [s for s, _ in self.outer]
        self.token_starts = [t.idx for t in self.doc]
        self.bounds: list[int] = []
        self.events: list[_Event] = []
        self.event_pos: list[int] = []
        self.resolved: dict[int, _Who | None] = {}  # speech verb token index → its speaker
        self.speaker_of: dict[int, _Who | None] = {}  # quote number → speaker
        self.explicit: dict[int, bool] = {}
        self.parsed = self.doc.has_annotation("DEP")
        self.para_last: dict[int, tuple[int, _Who]] = {}  # paragraph → its last quote speaker so far
        self.speech: list[Token] = []  # speech verbs outside quotes, in order
        self.speech_pos: list[int] = []

    # --- positions

    def inside(self, pos: int) -> bool:
        k = bisect.bisect_right(self.outer_starts, pos) - 1
        return k >= 0 and pos < self.outer[k][1]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        lo = bisect.bisect_left(self.token_starts, start)
        hi = bisect.bisect_left(self.token_starts, end)
        return [self.doc[i] for i in range(lo, hi)]

    def _boundaries(self) -> list[int]:
        """Where sentences end: a separate terminal punctuation token outside quotes (so
        "Lt." and "U.S." never end one), a quote ending in . ! ? before a capital, a paragraph."""
        bounds = {s for s, _ in self.paragraphs} | {e for _, e in self.paragraphs}
        for tok in self.doc:
            if _TERMINAL.fullmatch(tok.text) and not self.inside(tok.idx):
                if tok.text == "." and tok.i > 0 and self.doc[tok.i - 1].idx + len(self.doc[tok.i - 1]) == tok.idx \
                        and _is_title_word(self.doc[tok.i - 1]):
                    continue  # "Col." cut in two by the tokenizer
                bounds.add(tok.idx + len(tok.text))
        for q in self.found:
            if q.closed and _TERMINAL.search(self.text[q.end - 1:q.end]):
                rest = self.text[q.outer_end:q.outer_end + 3].lstrip()
                if not rest or rest[0].isupper() or rest[0] in _DOUBLE_OPEN + '"‘' or rest[0].isdigit():
                    bounds.add(q.outer_end)
        return sorted(bounds)

    def unit(self, q: _Found) -> tuple[int, int]:
        """The sentence a quote belongs to, quotes inside it skipped over, at most ±400 characters."""
        k = bisect.bisect_right(self.bounds, q.outer_start) - 1
        start = self.bounds[k] if k >= 0 else 0
        k = bisect.bisect_left(self.bounds, q.outer_end)
        end = self.bounds[k] if k < len(self.bounds) else len(self.text)
        ps, pe = self.paragraphs[q.para]
        return max(start, ps, q.outer_start - 400), min(end, pe, q.outer_end + 400)

    def narrative(self, q: _Found) -> list[Token]:
        us, ue = self.unit(q)
        return [t for t in self.tokens_between(us, ue) if not t.is_space and not self.inside(t.idx)]

    # --- events: who was named where

    def _build_events(self) -> None:
        profiles = self.article.profiles()
        for s, e, entity in self.article.by_part.get(self.part, []):
            if self.inside(s):
                continue
            span = self.doc.char_span(s, e, alignment_mode="expand")
            subject = span is not None and len(span) > 0 and _is_subject(span.root)
            prof = profiles.get(entity.id)
            who = _Who(entity.name, entity, prof.title if prof else None, prof.org if prof else None,
                       prof.gender if prof else None, _entity_kind(entity))
            self._add_event(_Event(s, who, subject))

    def _add_event(self, event: _Event) -> None:
        k = bisect.bisect_right(self.event_pos, event.pos)
        self.event_pos.insert(k, event.pos)
        self.events.insert(k, event)

    # --- the pass

    def read(self) -> list[Quote]:
        if not self.found:
            return []
        self.bounds = self._boundaries()
        self._build_events()
        # reported speech in reading order, so "A resident said … “…,” he said" finds the resident
        for tok in self.doc:
            if _is_speech(tok) and not self.inside(tok.idx):
                self.speech.append(tok)
                self.speech_pos.append(tok.idx)
                self._speaker_of_verb(tok)
        kinds: list[str] = []
        for n, q in enumerate(self.found):
            kind, who, explicit = self._attribute(n, q)
            kinds.append(kind)
            self.speaker_of[n] = who
            self.explicit[n] = explicit
            if who is not None and kind != "scare":
                self.para_last[q.para] = (q.outer_start, who)
        self._carry_over_paragraphs(kinds)
        out = []
        for n, q in enumerate(self.found):
            who = self.speaker_of[n] if kinds[n] != "scare" else None
            entity = who.entity if who else None
            out.append(Quote(
                text=self.text[q.start:q.end], kind=kinds[n], speaker=who.name if who else None,
                section=self.section.name, start=q.start, end=q.end,
                speaker_entity=entity.id if entity is not None else None,
                speaker_title=who.title if who else None, speaker_org=who.org if who else None,
                index=self.section.index,
            ))
        return out

    def _attribute(self, n: int, q: _Found) -> tuple[str, _Who | None, bool]:
        """(kind, speaker, whether the speaker comes from the quote's own sentence)."""
        narrative = self.narrative(q)
        embedded = self._embedded(q)
        if self._scare(q, embedded):
            return "scare", None, True
        verb = self._speech_verb(q, narrative)
        kind = "partial" if embedded else "direct"
        if verb is not None:
            return kind, self._speaker_of_verb(verb), True
        who = self._context_speaker(n, q)
        if embedded and (who is None or len(self.text[q.start:q.end].split()) < 3):
            return "scare", None, True  # a short quoted phrase with no one saying it
        return kind, who, False

    # --- kinds

    def _embedded(self, q: _Found) -> bool:
        """Inside a sentence ("described it as a “…”") rather than opening one or following
        "said:" / "said," / another quote."""
        ps, _ = self.paragraphs[q.para]
        j = q.outer_start - 1
        while j >= ps and self.text[j].isspace():
            j -= 1
        if j < ps:
            return False
        return self.text[j] not in ".!?:;,…—–-" + _CLOSE + "’"

    def _scare(self, q: _Found, embedded: bool) -> bool:
        inner = self.text[q.start:q.end]
        words = inner.split()
        ps, _ = self.paragraphs[q.para]
        before = self.text[max(ps, q.outer_start - 60):q.outer_start]
        if _SELF_NAMING.search(before):
            return True
        cue = _NAMING_CUE.search(before)
        if cue and not self._named_by_someone(q.outer_start - len(before) + cue.start()):
            return True
        # the “maximum pressure” campaign: a short quoted modifier of the noun after it
        if len(words) <= 4 and not re.search(r"[.!?,;:]$", inner) and q.closed:
            after = [t for t in self.tokens_between(q.outer_end, q.outer_end + 40) if not t.is_space]
            if after and after[0].idx <= q.outer_end + 1 and after[0].pos_ in ("NOUN", "PROPN") and after[0].text[:1].islower():
                return True
        return embedded and _title_case_name(words)

    def _named_by_someone(self, cue_pos: int) -> bool:
        """'what he called “…”' quotes him; 'a group called “…”' only names the group."""
        for tok in self.tokens_between(cue_pos, cue_pos + 30)[:3]:
            if tok.lemma_.lower() in _NAMING_VERBS:
                return any(c.dep_ == "nsubj" for c in tok.children)
        return False

    # --- speech verbs

    def _speech_verb(self, q: _Found, narrative: list[Token]) -> Token | None:
        speech = [t for t in narrative if _is_speech(t)]
        if speech:
            ids = {t.i for t in speech}
            best, best_d = None, 10**9
            for tok in self.tokens_between(q.start, q.end):
                if q.outer_start <= tok.head.idx < q.outer_end:
                    continue  # not a root of the quoted words
                hops, cur = 0, tok
                while hops < 12 and cur.head is not cur:
                    cur = cur.head
                    hops += 1
                    if cur.i in ids:
                        d = self._distance(q, cur)
                        if d < best_d:
                            best, best_d = cur, d
                        break
            if best is not None:
                return best
            return min(speech, key=lambda t: self._distance(q, t))
        # “…,” they sing / “…?” she asked, laughing: any verb right after a quote that runs on
        tail = self.text[q.end - 1:q.outer_end + 2]
        if q.closed and re.search(r"[,?!—–-]", tail):
            for tok in [t for t in narrative if t.idx >= q.outer_end][:5]:
                if tok.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in tok.children):
                    return tok
        return None

    def _distance(self, q: _Found, tok: Token) -> int:
        return q.outer_start - tok.idx if tok.idx < q.outer_start else tok.idx - q.outer_end

    def _speaker_of_verb(self, verb: Token) -> _Who | None:
        if verb.i in self.resolved:
            return self.resolved[verb.i]
        self.resolved[verb.i] = None  # guards against cycles through descriptions
        subject = _subject(verb, self.inside)
        who = self._who(subject) if subject is not None else self._adjacent_name(verb)
        self.resolved[verb.i] = who
        if who is not None and who.name:
            self._add_event(_Event(verb.idx, who, True))
        return who

    def _adjacent_name(self, verb: Token) -> _Who | None:
        """The name next to a verb the parse gave no subject: "X, a nurse with Y, told Reuters"
        (leftwards, skipping prepositional objects) or "…,” said X" (right after the verb;
        never after tell/ask/urge, whose object is the one spoken to)."""
        doc = self.doc
        for i in range(verb.i - 1, max(-1, verb.i - 16), -1):
            tok = doc[i]
            if self.inside(tok.idx) or _TERMINAL.fullmatch(tok.text):
                break
            if tok.pos_ != "PROPN" or tok.dep_ in ("pobj", "dobj", "poss", "compound"):
                continue
            hit = self.article.at(self.part, tok.idx, tok.idx + len(tok))
            if hit is not None and hit[2].type in ("PERSON", "ORG"):
                return self._entity_who(hit[2], tok)
        if verb.lemma_.lower() not in _ADDRESSING_VERBS and verb.i + 1 < len(doc):
            nxt = doc[verb.i + 1]
            hit = self.article.at(self.part, nxt.idx, nxt.idx + len(nxt))
            if hit is not None and hit[2].type in ("PERSON", "ORG") and not self.inside(nxt.idx):
                return self._entity_who(hit[2], nxt)
        return None

    # --- subjects → speakers

    def _who(self, subject: Token) -> _Who | None:
        low = subject.lower_
        if low in _QUANTIFIERS or subject.pos_ == "NUM":
            # "One of the marchers, a university student whose …, said"
            for child in subject.children:
                if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN"):
                    return self._who(child)
            return self._description(subject)
        if subject.pos_ == "PRON" or low in _PERSON_PRONOUNS:
            return self._pronoun(subject)
        hit = self.article.at(self.part, subject.idx, subject.idx + len(subject))
        if hit is not None:
            return self._entity_who(hit[2], subject)
        person_role = subject.pos_ == "NOUN" and subject.lemma_.lower() not in _ORG_NOUNS
        for child in subject.children:
            if child.dep_ == "appos":
                hit = self.article.at(self.part, child.idx, child.idx + len(child))
                # "X’s mother, Huda Salem, said": a name in apposition to a person's role is a
                # person, whatever label the tagger gave it
                if hit is not None and (hit[2].type == "PERSON" or person_role):
                    return self._entity_who(hit[2], child, person=True)
        if subject.pos_ == "PROPN":
            start, end, _ = self._np(subject)
            name = self.text[start:end]
            if name.lower().startswith("the "):
                name = name[4:]
            return _Who(name, kind="group" if subject.tag_ == "NNPS" else "person")
        return self._description(subject)

    def _entity_who(self, entity: Entity, tok: Token, person: bool = False) -> _Who:
        prof = self.article.profiles().get(entity.id)
        if entity.type != "PERSON" and not person:
            return _Who(entity.name, entity, kind="org")
        title, org = (prof.title, prof.org) if prof else (None, None)
        span = self.article.at(self.part, tok.idx, tok.idx + len(tok))
        if span is not None:
            chars = self.doc.char_span(span[0], span[1], alignment_mode="expand")
            if chars is not None and len(chars):
                local = _role_of(self.article, self.section, chars.root, (span[0], span[1]))
                if local is not None and local[0]:
                    title, org = local[0], local[1] or org
        return _Who(entity.name, entity, title, org, prof.gender if prof else None, "person")

    def _pronoun(self, pron: Token) -> _Who | None:
        """he/she → the most recent person (that sentence's subject first); it → the most
        recent institution that was a subject; they → a group speaker in this or the last
        paragraph. I, we, you stay unnamed."""
        low = pron.lower_
        k = bisect.bisect_left(self.event_pos, pron.idx)
        if low in _PERSON_PRONOUNS:
            return self._recent_person(pron.idx, _PERSON_PRONOUNS[low])
        wanted = {"it": "org", "they": "group"}.get(low)
        if wanted is None:
            return None
        para = bisect.bisect_right(self.para_starts, pron.idx) - 1
        floor = self.para_starts[max(0, para - 1)] if wanted == "group" else 0
        for e in reversed(self.events[:k]):
            if e.pos < floor:
                break
            if e.subject and e.who.kind == wanted:
                return e.who
        return None

    def _recent_person(self, pos: int, gender: str | None) -> _Who | None:
        """The most recent person before pos, the subject of that sentence first."""
        k = bisect.bisect_left(self.event_pos, pos)
        people = [e for e in self.events[:k] if e.who.kind == "person" and (gender is None or e.who.gender in (None, gender))]
        if not people:
            return None
        last = people[-1]
        chars = self.doc.char_span(last.pos, last.pos + 1, alignment_mode="expand") if self.parsed else None
        if chars is not None and len(chars):
            sent = chars[0].sent
            subjects = [e for e in people if sent.start_char <= e.pos < sent.end_char and e.subject]
            if subjects:
                return subjects[-1].who
        return last.who

    def _described_person(self, head: Token, start: int) -> _Who | None:
        """A recent person whose known title or organisation shares a word with the description."""
        words = {t.lower_ for t in self.doc[head.left_edge.i:head.i + 1]
                 if t.idx >= start and t.pos_ in ("NOUN", "PROPN", "ADJ")} | {head.lemma_.lower()}
        k = bisect.bisect_left(self.event_pos, head.idx)
        seen: set[str] = set()
        for e in reversed(self.events[:k]):
            who = e.who
            if who.kind != "person" or who.entity is None or who.entity.id in seen:
                continue
            seen.add(who.entity.id)
            known = " ".join(x for x in (who.title, who.org) if x).lower()
            if words & set(re.findall(r"[\w-]+", known)):
                return who
            if len(seen) >= 6:
                break
        return None

    def _np(self, head: Token) -> tuple[int, int, bool]:
        """(start, end, has an of-phrase) of the noun phrase: modifiers, head, "of …"."""
        start = head.idx
        for t in reversed(self.doc[head.left_edge.i:head.i]):
            if t.is_punct or t.is_space or self.inside(t.idx) or t.dep_ == "relcl":
                break
            start = t.idx
        end = head.idx + len(head)
        has_of = False
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == head.i + 1:
                sub = _until_comma(list(child.subtree))
                if 1 < len(sub) <= 10 and not any(self.inside(t.idx) for t in sub):
                    end, has_of = sub[-1].idx + len(sub[-1]), True
            break
        return start, end, has_of

    def _description(self, head: Token) -> _Who | None:
        """'the ministry', 'his mother', 'the head of the administration', 'A US defense official'."""
        start, end, has_of = self._np(head)
        first = self.doc[bisect.bisect_left(self.token_starts, start)]
        phrase = self.text[start:end]
        lemma = head.lemma_.lower()
        words = {head.lower_, lemma, _ABBREVIATIONS.get(head.lower_.rstrip("."), lemma)}
        kind: _WhoKind = "group" if head.tag_ in ("NNS", "NNPS") else "org" if lemma in _ORG_NOUNS else "person"
        definite = first.lower_ in _DEFINITE or any(c.dep_ == "poss" for c in head.children)
        if definite:
            found = None
            if not has_of:
                found = self._role_holder(words, head.idx) or self._entity_named(words, head, start)
            found = found or self._earlier_phrase(head, end - start)
            if found is None and kind == "person" and not has_of and first.lower_ in ("the", "this", "that"):
                # "the UN human rights chief said" after "UN High Commissioner for Human Rights
                # Volker Turk": someone already in the story whose title shares its words
                found = self._described_person(head, start)
            if found is not None:
                return found
            if first.lower_ == "the":
                phrase = self.text[first.idx + len(first):end].lstrip()
        title, org = _phrase_role(self.article, self.section, head) if not definite else (None, None)
        if kind == "group":
            title = None  # "Displaced families" is who they are, not a title
        return _Who(phrase, None, title, org, _gender_of([lemma]), kind)

    def _role_holder(self, words: set[str], pos: int) -> _Who | None:
        """'his mother' / 'the general': the person the text gave that role, most recently."""
        self.article.profiles()
        here = (self.order, pos)
        best = None
        for role in self.article.roles:
            if role.word in words and role.order < here and (best is None or role.order > best.order):
                best = role
        if best is None:
            return None
        prof = self.article.profiles().get(best.entity.id)
        kind: _WhoKind = "org" if best.word in _ORG_NOUNS else "person"
        return _Who(best.entity.name, best.entity, prof.title if prof else None, prof.org if prof else None,
                    prof.gender if prof else None, kind)

    def _entity_named(self, words: set[str], head: Token, start: int) -> _Who | None:
        """'the ministry', 'the regional administration': the most recently mentioned
        institution whose name has the head noun and the other lower-case words."""
        extra = {t.lower_ for t in self.doc[head.left_edge.i:head.i]
                 if t.idx >= start and t.text[:1].islower() and t.pos_ in ("NOUN", "ADJ")}
        here = (self.order, head.idx)
        best, best_at = None, None
        for entity in self.article.entities:
            if entity.type == "PERSON":
                continue
            names = [set(re.findall(r"[\w-]+", n.lower())) for n in (entity.name, *entity.aliases)]
            if not any(words & n and extra <= n for n in names):
                continue
            for m in entity.mentions:
                at = (self.article.order.get((m.section, m.index), 99), m.start)
                if at < here and (best_at is None or at > best_at):
                    best, best_at = entity, at
        return _Who(best.name, best, kind="org") if best is not None else None

    def _earlier_phrase(self, head: Token, length: int) -> _Who | None:
        """'The official' after 'A US defense official', 'the head of the administration' after
        'the head of the Kharkiv regional military administration': the fuller phrase used before."""
        lemma = head.lemma_.lower()
        floor = max(0, head.i - 3000)
        for tok in reversed(self.doc[floor:head.i]):
            if tok.lemma_.lower() != lemma or tok.pos_ not in ("NOUN", "PROPN") or self.inside(tok.idx):
                continue
            start, end, _ = self._np(tok)
            if end - start > length:
                for child in tok.children:  # "The head of the union, Tomas Okello, said"
                    hit = self.article.at(self.part, child.idx, child.idx + len(child)) if child.dep_ == "appos" else None
                    if hit is not None and hit[2].type == "PERSON":
                        return self._entity_who(hit[2], child, person=True)
                first = self.doc[bisect.bisect_left(self.token_starts, start)]
                if first.lower_ == "the":
                    start = first.idx + len(first) + 1
                kind: _WhoKind = "group" if tok.tag_ in ("NNS", "NNPS") else "org" if lemma in _ORG_NOUNS else "person"
                title, org = _phrase_role(self.article, self.section, tok)
                return _Who(self.text[start:end].strip(), None, title, org, _gender_of([lemma]), kind)
        return None

    # --- quotes with no attribution of their own

    def _context_speaker(self, n: int, q: _Found) -> _Who | None:
        ps, _ = self.paragraphs[q.para]
        # the paragraph's speaker so far: an earlier quote or reported speech
        latest = self._latest_speaker(q.para, q.outer_start)
        if latest is not None:
            return latest
        # “A.” “B,” she said.
        if n + 1 < len(self.found):
            nxt = self.found[n + 1]
            if nxt.para == q.para and not self.text[q.outer_end:nxt.outer_start].strip():
                verb = self._speech_verb(nxt, self.narrative(nxt))
                if verb is not None and self._speaker_of_verb(verb) is not None:
                    return self._speaker_of_verb(verb)
        # a paragraph that opens with the quote continues the previous paragraph
        if not self.text[ps:q.outer_start].strip() and q.para > 0:
            pps, ppe = self.paragraphs[q.para - 1]
            latest = self._latest_speaker(q.para - 1, ppe)
            if latest is not None:
                return latest
            people = [e for e in self._events_in(pps, ppe) if e.who.kind == "person"]
            if people:
                return people[-1].who
        # the person the paragraph is about so far
        people = [e for e in self._events_in(ps, q.outer_start) if e.who.kind == "person"]
        if people:
            subjects = [e for e in people if e.subject]
            return (subjects or people)[-1].who
        return None

    def _events_in(self, start: int, end: int) -> list[_Event]:
        return self.events[bisect.bisect_left(self.event_pos, start):bisect.bisect_left(self.event_pos, end)]

    def _latest_speaker(self, para: int, end: int) -> _Who | None:
        """The last speaker in a paragraph before ``end``: of a quote (not scare) or of reported speech."""
        start = self.paragraphs[para][0]
        best_pos, best = self.para_last.get(para, (-1, None))
        if best_pos >= end:
            best_pos, best = -1, None  # only quotes attributed so far count, and they come in order
        lo = bisect.bisect_left(self.speech_pos, max(start, best_pos + 1))
        hi = bisect.bisect_left(self.speech_pos, end)
        for k in range(hi - 1, max(lo, hi - 50) - 1, -1):
            who = self._speaker_of_verb(self.speech[k])
            if who is not None:
                return who
        return best

    def _carry_over_paragraphs(self, kinds: list[str]) -> None:
        """A speech running over paragraphs has one speaker: one named in any of its parts."""
        chains: list[list[int]] = []
        for n, q in enumerate(self.found):
            if q.continues and chains and chains[-1][-1] == n - 1:
                chains[-1].append(n)
            else:
                chains.append([n])
        for chain in chains:
            named = [n for n in chain if self.explicit.get(n) and self.speaker_of.get(n) is not None and kinds[n] != "scare"]
            if len(chain) < 2 or not named:
                continue
            for n in chain:
                if not self.explicit.get(n) and kinds[n] != "scare":
                    self.speaker_of[n] = self.speaker_of[named[0]]


def _title_case_name(words: list[str]) -> bool:
    """'Asaib Ahl al-Haq', 'Axis of Resistance': a name, not speech."""
    if not words or len(words) > 6:
        return False
    if any(re.search(r"[,.!?;:]$", w) for w in words):
        return False
    capital = 0
    for w in words:
        w = w.strip("()[]'’‘")
        if not w:
            continue
        if w[:1].isupper():
            capital += 1
        elif not (w.lower() in _SMALL_NAME_WORDS or _NAME_PARTICLE.match(w) or w[:1].isdigit()):
            return False
    return capital > 0 and not (len(words) == 1 and words[0] in ("I", "OK"))


def _is_speech(tok: Token) -> bool:
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    return tok.lemma_.lower() in _SPEECH_VERBS and (tok.pos_ == "VERB" or tok.tag_.startswith("VB"))


def _is_subject(tok: Token) -> bool:
    while tok.dep_ in ("appos", "compound", "flat", "conj") and tok.head is not tok:
        tok = tok.head
    return tok.dep_ in _SUBJECT_DEPS


def _subject(verb: Token, quoted: Callable[[int], bool]) -> Token | None:
    """The one who speaks: the verb's subject, climbing from "calling it …"/"and said" to the
    clause that has one; "according to X" → X; a relative clause → the noun it modifies.
    A passive's agent counts only on the speech verb itself ("was announced by the army")."""
    tok = verb
    for level in range(6):
        if tok.lower_ == "according":
            for prep in tok.children:
                if prep.lower_ == "to":
                    objs = [c for c in prep.children if c.dep_ == "pobj"]
                    return objs[0] if objs else None
            return None
        subjects = [c for c in tok.children
                    if (c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and (level > 0 or tok.lemma_ == "quote")))
                    and not c.is_punct and not quoted(c.idx)]
        # "the raid, which it said targeted …": the speaker is "it", not the relative pronoun
        plain = [c for c in subjects if c.lower_ not in ("who", "which", "that")]
        # a mis-parse may give two ("Col" and "Mbeki" in "Col. Pierre Mbeki told"): not a bare
        # title, and the one nearest the verb
        plain = [c for c in plain if not _is_title_word(c)] or plain
        if plain:
            return min(plain, key=lambda c: abs(c.i - tok.i))
        if subjects:
            return tok.head if tok.dep_ == "relcl" else None
        if level == 0:
            for child in tok.children:
                if child.dep_ == "agent":
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    if objs:
                        return objs[0]
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl") and tok.head is not tok:
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
                return tok.head
            tok = tok.head
            continue
        return None
    return None
