"""Sentences → coded events (ACLED taxonomy) with actors, date, place, casualties, certainty
and evidence. Rules over the parse, in order:

1. every sentence of the body, summary and captions (cut at paragraph breaks) is matched
   against the trigger lexicon (``data/event-triggers.yaml``); the highest-priority rule that
   tells something that happened gives the type and sub-type; a bare "attacked" with an armed
   subject is typed by its target; "the abductions", "those abducted" only refer back;
2. statements of what did not happen — threats, conditionals, plans, vows, motives, habits,
   aggregates over months or years — are dropped;
3. context refines the sub-type (a protest met with tear gas is "Protest with intervention";
   one fired upon, "Excessive force against protesters"; rockets intercepted, "Disrupted
   weapons use");
4. each candidate gets its actors (what an active verb hits is the target, who reports it is
   no actor), date (against the article's own date; the day something was said only when no
   other is given), place (gazetteer: the most specific after the trigger, not a place the
   text only links the event to), fatalities and injuries, certainty and who reports it;
5. candidates that describe one real-world event (same type, compatible date and place,
   close in the text, or a generic "the attack" right after) merge into one event with
   several evidence spans;
6. events dated well before the article are marked as background.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..models import Article, DateValue, Entity, Event, Span
from ..nlp.kb import KnowledgeBase
from ..nlp.model import Section
from .actors import PLACE_AFTER, PLACE_BEFORE, ActorMention, sentence_actors
from .casualties import Count, fatalities, injured
from .triggers import TriggerMatch, match_triggers

BACKGROUND_DAYS = 45  # an event this long before the article is context, not news
_NOT_HAPPENED = re.compile(
    r"\b(?:if|unless|would|could|might|may|will|shall|threaten(?:s|ed)?|vow(?:s|ed)?|pledg(?:e|ed|es)|plan(?:s|ned|ning)? to|"
    r"intend(?:s|ed)? to|prepar(?:ed|ing|es) (?:to|for|an?)|ready to|warn(?:s|ed)? (?:of|that|against)|aim(?:s|ed)? to|seek(?:s|ing)? to|"
    r"call(?:s|ed)? for|demand(?:s|ed)?|fear(?:s|ed)?|risk(?:s|ed)?|to prevent|in case|threat of|possible|potential|"
    r"prais(?:ed|es|ing)|condemn(?:ed|s|ing)|denounc(?:ed|es|ing)|critici[sz](?:ed|es|ing)|welcom(?:ed|es|ing)|"
    r"anniversary|commemorat\w*|(?:in|a|as a) response to|responding to|in retaliation for|retaliate|retaliation|in reprisal for)\b",
    re.IGNORECASE,
)
_CLAIMED = re.compile(r"\bclaim(?:ed|s|ing)? (?:responsibility|to have|it had|that it)|\bsaid it (?:had )?(?:carried out|launched|targeted|struck|attacked|fired)|\bclaimed\b", re.IGNORECASE)
_ALLEGED = re.compile(r"\ballegedly\b|\balleged\b|\baccus(?:ed|es|ing)\b|\breportedly\b|\bsuspected\b|\bpresumed\b|\bpurported(?:ly)?\b", re.IGNORECASE)
_DENIED = re.compile(r"\bdenied\b|\bdenies\b|\brejected (?:the )?(?:claim|accusation|report)", re.IGNORECASE)
_UNCERTAIN = re.compile(r"could not (?:be )?(?:independently )?(?:verif|confirm)|unconfirmed|it (?:was|is) (?:unclear|not clear)|unverified", re.IGNORECASE)
_ATTRIBUTION = re.compile(
    r"according to (?:the |a |an )?(?P<a>[A-Za-z][\w'’ .-]{2,60}?)(?=[,.;]|$| said| who)"
    r"|(?:,|”|\")\s*(?:the |a |an )?(?P<b>[A-Za-z][\w'’ .-]{2,60}?) (?:said|says|reported|announced|told)\b"
    r"|(?P<c>[A-Z][\w'’ .-]{2,60}?) (?:said|says|reported|announced)(?: (?:on|in|that|it))?\b",
)
_PROTEST_FORCE = re.compile(r"\b(?:opened fire|shot dead|killed|live (?:fire|ammunition|rounds))\b", re.IGNORECASE)
_PROTEST_INTERVENTION = re.compile(r"\b(?:tear ?gas|water cannons?|dispersed|rubber bullets|batons?|arrested|detained|beat|charged at|broke up)\b", re.IGNORECASE)
_PROTEST_VIOLENT = re.compile(r"\b(?:set fire|torched|stormed|hurled|threw (?:stones|rocks|petrol bombs|molotov)|burned tyres|burning tyres|clashed with (?:police|security forces)|vandali[sz]ed|looted|smashed)\b", re.IGNORECASE)
_INTERCEPTED = re.compile(r"\b(?:intercepted|shot down|downed)\b", re.IGNORECASE)
_CIVILIAN_TARGET = re.compile(r"\b(?:civilians?|villagers?|worshippers|displaced|refugees?|migrants|teenagers?|residents|children|women|families|farmers|passengers|shoppers|patients|hospital|school|market|camp for displaced|displacement camp|mosque|church|wedding|homes?)\b", re.IGNORECASE)
_ARMED_TARGET = re.compile(r"\b(?:soldiers|troops|army|military|militants|fighters|insurgents|rebels|positions?|base|checkpoint|convoy|police|militia|patrol|outpost|barracks)\b", re.IGNORECASE)
_PROTEST_CONTEXT = re.compile(r"\bprotest|demonstrat|march|rally|sit-in", re.IGNORECASE)
# Why people protest is not what happened to them: "to demand justice for students killed last year"
_PROTEST_REASON = re.compile(r"\b(?:over|against|for|about|demand\w*|protest\w*|denounc\w*|condemn\w*|mourn\w*|commemorat\w*|"
                             r"justice|anniversary|death of|deaths of|killing of)\b", re.IGNORECASE)
_CROWD_CLASH = re.compile(r"\b(?:protesters|demonstrators|rioters|supporters|youths|students|residents|crowds?|mourners|"
                          r"opposition)\b[^.;]{0,80}?\bclash(?:ed|es|ing)?\s+with\s+(?:the\s+)?(?:\w+\s+)?"
                          r"(?:police|security forces|riot police|soldiers|troops|gendarmes)", re.IGNORECASE)
# fighting is a battle whoever it displaces: "clashes broke out ..., forcing families to flee"
_FIGHTING_WORD = re.compile(r"(?:clash|fighting|fought|gun ?battle|gunfight|fire ?fight|exchange|skirmish|battle)", re.IGNORECASE)
_ARMED_VICTIMS_BEFORE = re.compile(r"\b(?:soldiers?|troops|policem[ae]n|police officers?|officers|gendarmes?|servicem[ae]n|"
                                   r"militants|fighters|rebels|insurgents|militiamen|guards)\b(?:\s+[\w-]+){0,3}?\s+"
                                   r"(?:was|were|have been|had been)\s+(?:\w+\s+)?$", re.IGNORECASE)
_FIGHT = re.compile(r"\b(?:clash(?:ed|es)?|fought|gun ?battles?|exchange(?:d)? (?:of )?fire|firefights?)\b[^.;]{0,60}?"
                    r"|\b(?:killing|killed)\s+(?:\w+\s+){0,2}(?:gunmen|bandits|attackers|militants|insurgents|fighters)\b", re.IGNORECASE)
_CROWD_CONTROL = re.compile(r"\b(?:tear ?gas|water cannons?|rubber bullets|crowds?|protesters|demonstrators|marchers|dispers\w+)\b",
                            re.IGNORECASE)
# ", the army said." / ", according to police.": who tells the story, not who is in it
_TRAILING_ATTRIBUTION = re.compile(r"(?:,\s*(?:according to\b[^,]*|(?:the\s+|a\s+|an\s+)?[\w'’ -]{1,80}?\s+(?:said|says|told \w+|reported|added|announced)\b[^,]*)|\s+according to\b[^,]*)[.!]?\s*$",
                                   re.IGNORECASE)


def _without_attribution(text: str) -> str:
    """The clause without a closing attribution (", police said.")."""
    return _TRAILING_ATTRIBUTION.sub("", text)


def _protest_force(sentence: str) -> bool:
    """Lethal force against the crowd, not a death the crowd protests about."""
    for m in _PROTEST_FORCE.finditer(sentence):
        breaks = [b.end() for b in re.finditer(r"[,;:]", sentence[:m.start()])]
        chunk = sentence[breaks[-1] if breaks else 0:m.start()]
        if not _PROTEST_REASON.search(chunk):
            return True
    return False


@dataclass
class Candidate:
    """One sentence's evidence of an event, before merging."""

    section: Section
    start: int  # sentence offsets in the section text
    end: int
    sentence_no: int
    paragraph: int
    trigger: TriggerMatch
    event_type: str | None
    sub_event_type: str | None
    actors: list[ActorMention] = field(default_factory=list)
    date: DateValue | None = None
    told_on: bool = False  # the date is only when the news was told ("officials said Tuesday")
    place: object | None = None  # a sitrep.geo Place
    killed: Count | None = None
    hurt: Count | None = None
    certainty: str = "reported"
    sources: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.section.text[self.start:self.end]


@dataclass
class Cluster:
    candidates: list[Candidate]

    @property
    def first(self) -> Candidate:
        return self.candidates[0]

    @property
    def typed(self) -> list[Candidate]:
        return [c for c in self.candidates if c.event_type]


def _anchor(article: Article) -> date:
    value = (article.published.value if article.published else None) or article.retrieved or ""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return date.today()


def _certainty(sentence: str) -> str:
    if _DENIED.search(sentence):
        return "denied"
    if _CLAIMED.search(sentence):
        return "claimed"
    if _ALLEGED.search(sentence):
        return "alleged"
    if _UNCERTAIN.search(sentence):
        return "uncertain"
    return "reported"


def _sources(sentence: str) -> list[str]:
    out = []
    for m in _ATTRIBUTION.finditer(sentence):
        who = next((g for g in m.groups() if g), "").strip(" ,.")
        words = who.split()
        if 1 <= len(words) <= 8 and not re.match(r"(?i)^(he|she|it|they|we|i)$", who):
            out.append(who)
    return out


_CAMPAIGN = re.compile(r"(?:\w+\s+)?(?:offensive|campaign|war|invasion|operations?)", re.IGNORECASE)
_ESCALATION = re.compile(r"\b(?:escalated|intensified|launched|began|started|stepped up|expanded|resumed)\b", re.IGNORECASE)
_MOTIVE = re.compile(r"\b(?:response|retaliation|reprisal|revenge)\s+(?:to|for)\b[^.;:]{0,50}$", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\s+(?:[\w'’.-]+\s+){0,5}$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:—–]|\b(?:and|but|after|before|when|while|as|because|since|that)\b")


def _happened(sentence: str, trigger: TriggerMatch) -> bool:
    """False for threats, conditionals and plans: a modal or threat word in the trigger's own
    clause before it ("the US will respond", "vowed to retaliate"), or "if" right after it."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, trigger.start)]
    clause = sentence[breaks[-1] if breaks else 0:trigger.start]
    if _NOT_HAPPENED.search(clause):
        return False
    if _MOTIVE.search(sentence[max(0, trigger.start - 60):trigger.start]):
        return False  # "a response to repeated missile and drone attacks": the reason given, told elsewhere
    since = _SINCE.search(sentence[max(0, trigger.start - 60):trigger.start])
    if since and (_CAMPAIGN.fullmatch(trigger.text) or _ESCALATION.search(since.group())):
        return False  # "since Israel launched its offensive": a whole campaign as a point in time, not the news
    return re.search(r"\b(?:if|unless)\b", sentence[trigger.end:trigger.end + 40], re.IGNORECASE) is None


def _refine(candidate: Candidate, sentence: str, offset: int = 0, whole: str | None = None) -> None:
    """Context that changes the sub-type the trigger alone gave. ``sentence`` is the trigger's
    clause, starting ``offset`` characters into the sentence the trigger's offsets count in."""
    etype, sub = candidate.event_type, candidate.sub_event_type
    sentence = _without_attribution(sentence)
    trigger_end = max(0, candidate.trigger.end - offset)
    if etype == "Battles" and sub == "Armed clash" and _CROWD_CLASH.search(sentence):
        candidate.event_type, candidate.sub_event_type = "Riots", "Violent demonstration"  # a crowd fighting the police
        return
    if etype in ("Violence against civilians", "Battles") and _PROTEST_CONTEXT.search(sentence) and _protest_force(sentence):
        candidate.event_type, candidate.sub_event_type = "Protests", "Excessive force against protesters"
        return
    if etype == "Protests" or (etype in ("Riots",) and _PROTEST_CONTEXT.search(sentence)):
        if _protest_force(sentence):
            candidate.event_type, candidate.sub_event_type = "Protests", "Excessive force against protesters"
        elif _PROTEST_VIOLENT.search(sentence):
            candidate.event_type, candidate.sub_event_type = "Riots", "Violent demonstration"
        elif _PROTEST_INTERVENTION.search(sentence):
            candidate.event_type, candidate.sub_event_type = "Protests", "Protest with intervention"
    if etype == "Riots" and sub == "Mob violence" and _FIGHT.search(sentence):
        # vigilantes who fight gunmen are a side in a battle, not a mob
        candidate.event_type, candidate.sub_event_type = "Battles", "Armed clash"
        return
    if etype == "Strategic developments" and sub == "Arrests" and _CROWD_CONTROL.search(whole or sentence):
        # arrests made while breaking up a crowd are how the protest was met, not a separate event
        candidate.event_type, candidate.sub_event_type = "Protests", "Protest with intervention"
        return
    if etype == "Explosions/Remote violence" and _INTERCEPTED.search(sentence):
        candidate.event_type, candidate.sub_event_type = "Strategic developments", "Disrupted weapons use"
    if etype == "Battles" and sub == "Armed clash" and not _FIGHTING_WORD.match(candidate.trigger.text) \
            and _CIVILIAN_TARGET.search(sentence) and not _ARMED_TARGET.search(sentence[trigger_end:]):
        candidate.event_type, candidate.sub_event_type = "Violence against civilians", "Attack"
    if etype == "Violence against civilians" and sub == "Attack" and _ARMED_VICTIMS_BEFORE.search(sentence[:max(0, candidate.trigger.start - offset)]) \
            and not _CIVILIAN_TARGET.search(sentence):
        candidate.event_type, candidate.sub_event_type = "Battles", "Armed clash"  # "two policemen were shot dead by gunmen"
        return
    if etype == "Violence against civilians" and sub == "Attack" and _ARMED_TARGET.search(sentence[trigger_end:]) and not _CIVILIAN_TARGET.search(sentence):
        candidate.event_type, candidate.sub_event_type = "Battles", "Armed clash"


_ARMED_SUBJECT = re.compile(r"\b(?:gunmen|militants|armed men|fighters|rebels|insurgents|jihadists|bandits|assailants|attackers|"
                            r"extremists|terrorists|militiamen|guerrillas|islamists)\b(?:\s+[\w'’-]+){0,3}?\s*$", re.IGNORECASE)
_ATTACK_VERB = re.compile(r"(?:attacked|raided|stormed|struck|assaulted|targeted)$", re.IGNORECASE)


_RELATIVE_PROTEST = re.compile(r"\b(?:who|which|that)\b[^,;]{0,50}$", re.IGNORECASE)


def _prefer_arrest(triggers: list[TriggerMatch], sentence: str) -> list[TriggerMatch]:
    """"Agents detained three women who had organised a protest": the protest is what the
    people did before, told in a relative clause; the arrest is the event."""
    if len(triggers) < 2 or triggers[0].rule.event_type != "Protests":
        return triggers
    protest = triggers[0]
    arrest = next((t for t in triggers if t.rule.sub_event_type == "Arrests" and t.start < protest.start), None)
    if arrest is None or not _RELATIVE_PROTEST.search(sentence[arrest.end:protest.start]):
        return triggers
    return [arrest] + [t for t in triggers if t is not arrest]


_DEFINITE_BEFORE = re.compile(r"\b(?:the|those|these|such)\s+$", re.IGNORECASE)


def _refers_back(sentence: str, trigger: TriggerMatch) -> bool:
    """A trigger word that names something already told: "the abductions", "those abducted".
    (Only a bare word: "the clashes between X and Y", "the town of X" come with more.)"""
    return " " not in trigger.text.strip() and _DEFINITE_BEFORE.search(sentence[max(0, trigger.start - 12):trigger.start]) is not None


def _type_by_participants(clause: str, start: int, end: int) -> tuple[str | None, str | None]:
    """A bare "attacked" or "raided" types an event by who did it to whom when an armed group
    is its subject: "Unknown assailants attacked a convoy of soldiers" is a battle, "gunmen
    raided a farming settlement, killing villagers" an attack on civilians. Anything else
    ("the attack", "an explosion") only joins an event told nearby."""
    if not _ATTACK_VERB.search(clause[start:end]) or not _ARMED_SUBJECT.search(clause[:start]):
        return None, None
    target = _without_attribution(clause[end:])
    if _ARMED_TARGET.search(target) and not _CIVILIAN_TARGET.search(target):
        return "Battles", "Armed clash"
    if _CIVILIAN_TARGET.search(target) or fatalities(target) is not None:
        return "Violence against civilians", "Attack"
    return None, None


_REPORTING_BEFORE = re.compile(r"\b(?:said|says|say|told\s+\w+|announced|reported|accused(?:\s+[\w-]+){0,3}|added|stated|confirmed|"
                               r"denied|claimed|warned|wrote|posted|tweeted|statement)\s+(?:on\s+|late\s+|early\s+|last\s+)?$",
                               re.IGNORECASE)


def _reporting_date(sentence: str, start: int) -> bool:
    """A date that tells when something was said ("officials said Tuesday", "accused Russian
    forces on Tuesday of ...")."""
    return _REPORTING_BEFORE.search(sentence[max(0, start - 45):start]) is not None


def _paragraph_of(section: Section, offset: int) -> int:
    return section.text.count("\n\n", 0, offset)


_SPLIT = re.compile(r";|,?\s+\b(?:after|before|when|while|as well as)\b|,\s+and\s+(?=\w+\s+\w+ing\b)|\s+and\s+(?=(?:\w+\s+){0,2}(?:clashing|fighting|killing|attacking)\b)")
_HABITUAL = re.compile(r"\b(?:often|usually|typically|routinely|frequently|regularly|thought it was|believed (?:it|to be)|as if|"
                       r"every (?:protest|march|rally|demonstration|week|day|time|year|month|night|friday)|"
                       r"follows? a pattern|a pattern of|(?:did|does|would) not say|declined to say|did not specify|"
                       r"in recent (?:years|months)|over the (?:past|last) (?:few |several )?(?:years|decades)|"
                       r"in the first (?:half|quarter|\w+ months?) of|so far this year|since the (?:start|beginning) of the year)\b",
                       re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(?:the|this|that|its|their)\s+(?:\w+\s+)?(?:attack|strike|raid|blast|explosion|bombing|shooting|assault|incident|shelling|fighting|clash(?:es)?|ambush|killing|operation)s?\b", re.IGNORECASE)


_AND_NEW_SUBJECT = re.compile(r",\s+and\s+(?=(?:a|an|the|another|two|three|four|five|several|\d+)\s)", re.IGNORECASE)
_SUBORDINATOR = re.compile(r"\b(?:after|before|when|while)\b", re.IGNORECASE)


def _clauses(sentence: str, finite: tuple[int, ...] | None = None) -> list[tuple[int, int]]:
    """A sentence that tells two events ("bombed 85 targets after three soldiers were killed
    in a drone attack") is read clause by clause. ``finite``: offsets of finite verbs; "after",
    "when" ... start a clause only when a finite verb follows ("seized the town after heavy
    fighting with the army" is one event, told with its circumstances)."""
    found = list(_SPLIT.finditer(sentence))
    cuts = [0]
    for k, m in enumerate(found):
        if finite is not None and _SUBORDINATOR.search(m.group()):
            upto = found[k + 1].start() if k + 1 < len(found) else len(sentence)
            # a clause needs a subject before its verb: "the day before killed X" is an adverb
            if not any(m.end() <= v < upto and sentence[m.end():v].strip() for v in finite):
                continue
        cuts.append(m.start())
    if finite:
        # ", and a missile hit a warehouse": a new subject with its own verb is a new clause;
        # ", and killed two" (no subject of its own) is the same one
        for m in _AND_NEW_SUBJECT.finditer(sentence):
            if any(m.end() < v <= m.end() + 40 and re.fullmatch(r"[\w'’ -]+", sentence[m.end():v].strip() or ",")
                   for v in finite) and m.start() not in cuts:
                cuts.append(m.start())
        cuts.sort()
    cuts.append(len(sentence))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if sentence[a:b].strip()]


def _excluded_spans(entities: list[Entity], section: Section, kb: KnowledgeBase, gazetteer=None,
                    countries: list[str] | None = None) -> list[tuple[int, int]]:
    """Names that are not places: people, organisations, and countries used as actors or
    adjectives ("US forces", "Syrian officials"). A one-word name the parser called a person
    or an organisation stays a place when it is a town or state of the article's countries
    and no title stands before it ("Russian forces attacked Kharkiv")."""
    spans = []
    for entity in entities:
        actor = kb.get(entity.kb_id)
        for m in entity.mentions:
            if m.section != section.name or m.index != section.index:
                continue
            placey = re.search(r"\b(?:camp|district|province|village|town|city|region|state|crossing|airport|port|neighbou?rhood|governorate|county)\b",
                               m.text, re.IGNORECASE)
            if placey and entity.type != "PERSON":
                continue  # "the Tulkarem refugee camp": a place the NER called an organisation
            if re.search(r"\b(?:in|near|at|outside|into|from)\s+$", section.text[max(0, m.start - 25):m.start]) \
                    or (actor is None and (PLACE_BEFORE.search(section.text[max(0, m.start - 40):m.start])
                                           or PLACE_AFTER.match(section.text[m.end:m.end + 30]))):
                continue  # "a house in Khan Younis", "the outskirts of Tibú": a place, even if the NER said person
            if actor is None and re.fullmatch(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? and [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?", m.text):
                continue  # "Lima and Arequipa": two names the NER ran together
            if actor is None and gazetteer is not None and countries and _known_place_word(m.text, section.text[max(0, m.start - 25):m.start],
                                                                                           gazetteer, countries):
                continue
            if entity.type in ("PERSON", "ORG", "NORP") or (actor is not None and actor.type not in ("country",)):
                spans.append((m.start, m.end))
            elif actor is not None and re.search(r"\bby\s+$", section.text[max(0, m.start - 10):m.start]):
                spans.append((m.start, m.end))  # "drones launched by Russia": who acted, not where
            elif re.match(r"\s*(?:forces|troops|military|army|officials?|government|authorities|soldiers|police|president|citizens)\b",
                          section.text[m.end:m.end + 20], re.IGNORECASE):
                spans.append((m.start, m.end))
    return spans


@dataclass(frozen=True)
class _Sentence:
    """One sentence of a section, as the coder reads it."""

    start: int  # offsets in the section text
    end: int
    text: str
    finite: tuple[int, ...] = ()  # offsets (in ``text``) of finite verbs, from the parser's tags


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_ONLY_QUOTES = re.compile(r"[\s\"“”‘’'«»]*")


def _sentences(section: Section) -> list[_Sentence]:
    """The parser's sentences, cut again at paragraph breaks: a sentence never runs across
    paragraphs, and the closing quote the parser hangs on the next paragraph's first sentence
    (a lone '"', a blank line, then "The ombudsman's office said ...") is dropped, so that
    sentence is not taken for a quotation."""
    out: list[_Sentence] = []
    for sent in section.doc.sents:
        cut = sent.start_char
        for piece_end in [m.start() for m in _PARAGRAPH_BREAK.finditer(sent.text)] + [len(sent.text)]:
            piece_start = cut - sent.start_char
            text = sent.text[piece_start:piece_end]
            if not _ONLY_QUOTES.fullmatch(text):
                start = cut + len(text) - len(text.lstrip())
                end = sent.start_char + piece_end
                finite = tuple(t.idx - start for t in sent if start <= t.idx < end and t.tag_ in _FINITE_TAGS)
                out.append(_Sentence(start, end, text.lstrip(), finite))
            m = _PARAGRAPH_BREAK.match(sent.text, piece_end)
            cut = sent.start_char + (m.end() if m else piece_end)
    return out


_TITLE_BEFORE = re.compile(r"\b(?:President|Gen|General|Mr|Mrs|Ms|Dr|Minister|Commander|Colonel|Col|Lt|Captain|Capt|"
                           r"Sheikh|Imam|Governor|Mayor|Judge|Senator|leader|spokesman|spokeswoman)\.?\s+$")


def _known_place_word(text: str, before: str, gazetteer, countries: list[str]) -> bool:
    """One capitalised word that is a town or state of the article's countries (or of a country
    next to its main one), with no title before it."""
    if " " in text.strip() or not text[:1].isupper() or _TITLE_BEFORE.search(before):
        return False
    place = gazetteer.resolve_mention(text, countries=countries[:3])
    if place is None or place.precision not in ("town", "admin1"):
        return False
    # in the article's countries or next door ("Russian forces attacked Kharkiv")
    return place.country_code in countries[:3] or place.country_code in gazetteer.neighbours(countries[0])


def collect_candidates(sections: list[Section], entities: list[Entity], article: Article, kb: KnowledgeBase,
                       gazetteer, anchor: date, countries: list[str]) -> list[Candidate]:
    from ..geo import find_places
    from .dates import find_dates

    candidates: list[Candidate] = []
    number = 0
    for section in sections:
        if section.name not in ("body", "summary", "caption"):
            continue
        excluded = _excluded_spans(entities, section, kb, gazetteer, countries)
        for sent in _sentences(section):
            number += 1
            sentence = sent.text
            if sentence.lstrip()[:1] in "“\"«" or _HABITUAL.search(sentence):
                continue  # a quoted voice or a habit, not a reported incident
            clauses = [(a, b, match_triggers(sentence[a:b])) for a, b in _clauses(sentence, sent.finite)]
            typed_in = [any(not m.rule.generic for m in matches) for _, _, matches in clauses]
            killed_here = fatalities(sentence)
            if not any(matches for _, _, matches in clauses) and not (killed_here is not None and candidates):
                continue  # most sentences tell no incident: no dates or places to look up
            dates = [d for d in find_dates(sentence, anchor)
                     if d.value.precision != "unknown" and (d.value.start or d.value.value) <= anchor.isoformat()]
            local_excluded = [(a - sent.start, b - sent.start) for a, b in excluded if sent.start <= a < sent.end]
            places = find_places(sentence, gazetteer, countries=countries, exclude_spans=local_excluded)
            actors: list | None = None
            found_any = False
            for n, (a, b, matches) in enumerate(clauses):
                clause = sentence[a:b]
                typed = [m for m in matches if not m.rule.generic]
                if not typed and (found_any or not matches):
                    continue
                # the highest-priority trigger that tells something that happened ("fired tear gas
                # at people marching to demand answers over abductions": the march, not abductions)
                shifted = _prefer_arrest([TriggerMatch(m.rule, m.start + a, m.end + a, m.text) for m in (typed or matches[:1])],
                                         sentence)
                trigger = next((t for t in shifted if _happened(sentence, t)), None)
                if trigger is None:
                    continue
                reference = _refers_back(sentence, trigger) and not dates and killed_here is None
                if reference and trigger.text.lower().endswith("s") and not trigger.text.lower().endswith("ss"):
                    continue  # "denied any role in the abductions": the known pattern, no new incident
                found_any = True
                cand = Candidate(section, sent.start, sent.end, number, _paragraph_of(section, sent.start),
                                 trigger, trigger.rule.event_type, trigger.rule.sub_event_type)
                if reference:
                    cand.event_type, cand.sub_event_type = None, None  # "those abducted from Kanoma": joins the incident told
                elif not typed:
                    cand.event_type, cand.sub_event_type = _type_by_participants(clause, trigger.start - a, trigger.end - a)
                if cand.event_type:
                    _refine(cand, clause, a, sentence)
                in_clause = [d for d in dates if a <= d.start < b] or dates
                # "said on Monday that ... bombed villages on Saturday night": the day it was told is
                # not the day it happened, when the sentence gives another
                in_clause = [d for d in in_clause if not _reporting_date(sentence, d.start)] or in_clause
                if in_clause:
                    chosen = min(in_clause, key=lambda d: abs(d.start - trigger.start))
                    cand.date, cand.told_on = chosen.value, _reporting_date(sentence, chosen.start)
                cand.place = _choose_place([p for p in places if a <= p.start < b] or places, trigger, countries, sentence)
                # a clause without its own count takes the sentence's, unless another clause tells its own incident
                shares_counts = len(clauses) > 1 and not any(t for k, t in enumerate(typed_in) if k != n)
                cand.killed = fatalities(clause) or (killed_here if shares_counts else None)
                cand.hurt = injured(clause) or (injured(sentence) if shares_counts else None)
                cand.certainty = _certainty(sentence)
                cand.sources = _sources(sentence)
                code = getattr(cand.place, "country_code", None) or (countries[0] if countries else None)
                violent = cand.event_type not in ("Protests", "Strategic developments", None)
                if actors is None or violent != actors_violent or code != actors_code:
                    actors = sentence_actors(sentence, sent.start, entities, section.name, section.index, kb, code, violent)
                    actors_violent, actors_code = violent, code
                # a clause that tells no incident of its own lends its actors: "Nine people were
                # killed | when a suicide bomber ..." (the victims are in the first clause)
                lending = [(ca, cb) for k, (ca, cb, _) in enumerate(clauses) if k == n or not typed_in[k]]
                cand.actors = [x for x in actors if any(ca <= x.start < cb for ca, cb in lending)]
                candidates.append(cand)
            if (not found_any and killed_here is not None and candidates
                    and candidates[-1].sentence_no == number - 1 and not dates
                    and not re.match(r"\s*(?:since|overall|in total|so far|altogether|more than|in all)\b", sentence, re.IGNORECASE)):
                # "At least 18 Palestinians were killed.": the count of the incident just told
                cont = Candidate(section, sent.start, sent.end, number, _paragraph_of(section, sent.start),
                                 TriggerMatch(candidates[-1].trigger.rule, 0, 0, ""), None, None)
                cont.killed, cont.hurt = killed_here, injured(sentence)
                cont.certainty = _certainty(sentence)
                candidates.append(cont)
    return candidates


_SPECIFICITY = {"point": 0, "town": 0, "admin2": 0, "admin1": 1, "region": 2, "country": 3}


# Places a sentence names that are not where it happened: "a vessel linked to Israel",
# "missiles launched from Yemen", "fighters loyal to Damascus", "people fled to Chad".
_NOT_WHERE = re.compile(r"\b(?:(?:linked|tied|loyal|belonging|affiliated|allied|returned|returning|sent|moved|fled|fleeing|"
                        r"deported|transferred|travell?ing|travell?ed|heading|headed|bound)\s+(?:back\s+)?to"
                        r"|(?:launched|fired|fled|fleeing|displaced|came|coming|arrived|returned|deported|expelled|originating)\s+from)"
                        r"\s+(?:the\s+)?$", re.IGNORECASE)
_PART_OF = re.compile(r"^\s+(?:suburbs?|districts?|neighbou?rhoods?|areas?|communes?|quarters?|outskirts)\s+of\s+(?:the\s+)?",
                      re.IGNORECASE)
_QUOTED = re.compile(r"“[^”]{1,300}”|\"[^\"]{1,300}\"")


def _choose_place(places: list, trigger: TriggerMatch, countries: list[str] | None = None, sentence: str = ""):
    """The place the event happened: among the places after the trigger ("... into Israel"),
    else those before it ("the Gaza war" before "launched drones at Israel" is no location),
    the most specific (a town before its state, a state before its country: "a market in the
    town of X in Sudan's North Darfur state"), one in the article's countries before one
    outside them, then the nearest."""
    if sentence:
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(sentence)]
        places = [p for p in places if not _NOT_WHERE.search(sentence[max(0, p.start - 30):p.start])
                  and not any(a <= p.start < b for a, b in quoted)]  # "'until the aggression on Gaza stops'"
        # "the Port-au-Prince suburb of Croix-des-Bouquets": the part named after "of" is where
        inner = [p for p in places if _PART_OF.match(sentence[p.end:p.end + 30])
                 and any(q.start > p.end and _PART_OF.match(sentence[p.end:q.start]) for q in places)]
        places = [p for p in places if p not in inner]
    if not places:
        return None
    # town, point and admin2 rank alike: "20 km east of X" is as precise as a town can be coded
    specific = [p for p in places if p.place.precision in ("town", "point", "admin2")]
    after = [p for p in places if p.start >= trigger.start]
    if specific and not any(p.start >= trigger.start for p in specific):
        after = []  # a town before the trigger beats a country after it ("in Kharkiv, shelling hit Ukraine's ...")
    pool = after or places
    level = min(_SPECIFICITY.get(p.place.precision, 4) for p in pool)
    pool = [p for p in pool if _SPECIFICITY.get(p.place.precision, 4) == level]
    if countries:
        pool = [p for p in pool if p.place.country_code in countries] or pool
    return min(pool, key=lambda p: abs(p.start - trigger.start)).place


def _dates_agree(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    a0, a1 = _interval(a)
    b0, b1 = _interval(b)
    return a0 <= b1 and b0 <= a1


def _interval(value: DateValue) -> tuple[str, str]:
    start = value.start or value.value
    end = value.end or value.value
    return start[:10], end[:10] + "~"  # "2020-01" sorts before any day of January; "~" after


def _places_agree(a, b) -> bool:
    if a is None or b is None:
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.precision in ("country", "region") or b.precision in ("country", "region"):
        return True
    return a.name == b.name or a.admin1 == b.admin1


def cluster(candidates: list[Candidate]) -> list[Cluster]:
    """Sentences that tell one incident become one event. A typed sentence joins an earlier
    event of the same sub-type when it refers back to it ("the attack", "the strike") or names
    the same place and date; an untyped one ("the raid", a death toll) joins the event just told."""
    clusters: list[Cluster] = []
    for cand in candidates:
        home = None
        for existing in reversed(clusters):
            head = existing.typed[0]
            last = existing.candidates[-1]
            near = last.section is cand.section and cand.sentence_no - last.sentence_no <= 2
            dates_ok = head.told_on or cand.told_on or _dates_agree(head.date, cand.date)
            if cand.event_type is None:
                if near and dates_ok and _places_agree(head.place, cand.place):
                    home = existing
                break
            same_kind = head.event_type == cand.event_type and (head.sub_event_type == cand.sub_event_type)
            if not same_kind:
                continue
            if not (dates_ok and _places_agree(head.place, cand.place)):
                continue
            refers_back = near and (_ANAPHORA.search(cand.text) is not None or cand.sentence_no == last.sentence_no)
            same_where_when = (cand.place is not None and head.place is not None and cand.place.name == head.place.name
                               and cand.date is not None and head.date is not None)
            if refers_back or same_where_when:
                home = existing
            break
        if home is not None:
            home.candidates.append(cand)
        elif cand.event_type is not None:
            clusters.append(Cluster([cand]))
    return clusters


def _pick_actors(cl: Cluster, country: str | None) -> tuple[str | None, str | None]:
    """actor1: who acts (before the trigger, or "by X"); actor2: who is hit (after it)."""
    head = cl.typed[0]
    before: list[ActorMention] = []
    after: list[ActorMention] = []
    objects: list[ActorMention] = []  # what an active verb acts on: never the one who acts
    for cand in cl.typed:
        sentence = cand.text
        by = re.search(r"\b(?:by|from)\s+(?:the\s+)?", sentence[cand.trigger.end:cand.trigger.end + 60])
        verb_end = _object_start(sentence, cand.trigger)
        for actor in cand.actors:
            if actor.victim:
                after.append(actor)
                objects.append(actor)
            elif actor.start < cand.trigger.start or (by and cand.trigger.end + by.end() <= actor.start < cand.trigger.end + by.end() + 40):
                before.append(actor)
            else:
                after.append(actor)
                if verb_end is not None and actor.start >= verb_end:
                    objects.append(actor)
    if head.event_type in ("Protests", "Riots"):
        # who demonstrates, and who (if anyone) intervenes
        crowd = next((a for a in before + after if a.name.startswith(("Protesters", "Rioters"))), None)
        label = "Protesters" if head.event_type == "Protests" else "Rioters"
        name1 = crowd.name.replace("Protesters", label).replace("Rioters", label) if crowd else (f"{label} ({country})" if country else label)
        force = next((a for a in before + after if a.name.startswith(("Military Forces", "Police Forces")) or (a.kb_id and not a.generic)), None)
        return name1, (force.name if force and head.sub_event_type != "Peaceful protest" else None)
    if head.event_type == "Battles":  # "vigilantes" who fight are a side, not rioters
        before = [a for a in before if not a.name.startswith(("Rioters", "Protesters"))]
        after = [a for a in after if not a.name.startswith(("Rioters", "Protesters"))]
    armed = [a for a in before if not a.name.startswith(("Civilians", "Protesters"))]
    first = _best(armed, prefer_armed=True) or _best(
        [a for a in after if not a.name.startswith(("Civilians", "Protesters")) and not any(a is o for o in objects)],
        prefer_armed=True)
    rest = [a for a in after + before if first is None or a.name != first.name]
    rest = [a for a in rest if not (first is not None and a.name.split(" (")[0] == first.name.split(" (")[0])]
    # who is hit is told after the trigger ("struck a military base"); a second actor before it
    # ("Al-Shabaab militants attacked ...") is the same side more often than the other
    rest_after = [a for a in rest if any(a is x for x in after)]
    if head.event_type == "Battles":  # a fight has two armed sides: civilians caught in it are not one
        rest_after = [a for a in rest_after if not a.name.startswith(("Civilians", "Protesters"))]
        rest = [a for a in rest if not a.name.startswith(("Civilians", "Protesters"))]
    second = _best(rest_after, prefer_armed=head.event_type == "Battles") or _best(rest, prefer_armed=head.event_type == "Battles")
    if head.event_type == "Violence against civilians" and (second is None or not second.name.startswith("Civilians")):
        civ = next((a for a in rest if a.name.startswith("Civilians")), None)
        second = civ or second
    name1 = first.name if first else None
    if name1 is None and head.event_type in ("Violence against civilians", "Explosions/Remote violence", "Battles") and country:
        name1 = f"Unidentified Armed Group ({country})"
    if name1 is None and head.event_type in ("Protests", "Riots"):
        protesters = next((a for a in before + after if a.name.startswith(("Protesters", "Rioters"))), None)
        name1 = protesters.name if protesters else (f"Protesters ({country})" if country and head.event_type == "Protests" else None)
    return name1, (second.name if second else None)


_VERB_TRIGGER = re.compile(r"(?:\w+ed|struck|hit|shot|fought|overran|overrun|took|fell|blew|threw|set|kidnap(?:ped)?|seized|"
                           r"stormed|killed|attacked|raided|ambushed|bombed|shelled|abducted|arrested|detained|looted)$",
                           re.IGNORECASE)
_HIT_VERB = re.compile(r"\b(?:struck|hit|killed|killing|wounded|wounding|injured|injuring|targeted|targeting|destroyed|"
                       r"damaged|slammed into|tore through|ripped through|landed on|attacked|ransacked|looted|burned|torched|"
                       r"stormed|raided|abducted|kidnapped|seized|captured|shelled|bombed|exploded|went off|detonated)\b", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _object_start(sentence: str, trigger: TriggerMatch) -> int | None:
    """Where what was hit starts: after the active verb that tells the blow ("a drone ...
    struck a military base", "gunmen kidnapped 23 passengers", "a roadside bomb struck a
    police vehicle"). Actors after it are targets, never the one who acted; actors between a
    noun trigger and its verb ("clashes between the army and rebels killed ...") are not.
    None when there is no such verb (a passive "were abducted by", a bare "fighting between")."""
    words = trigger.text.split()
    if len(words) > 1 and _VERB_TRIGGER.fullmatch(words[0]):  # "killed a senior Islamic State commander"
        if _PASSIVE_BEFORE.search(sentence[max(0, trigger.start - 30):trigger.start]) is None:
            return trigger.start + len(words[0])
        return None
    last = words[-1] if words else ""
    if _VERB_TRIGGER.search(last):
        at = trigger.end - len(last)
        if _PASSIVE_BEFORE.search(sentence[max(0, at - 30):at]) is None:
            return trigger.end
        return None
    m = _HIT_VERB.search(sentence, trigger.end, min(len(sentence), trigger.end + 120))
    if m is not None and _PASSIVE_BEFORE.search(sentence[max(0, m.start() - 30):m.start()]) is None:
        return m.end()
    return None


def _best(actors: list[ActorMention], prefer_armed: bool) -> ActorMention | None:
    if not actors:
        return None
    named = [a for a in actors if not a.generic]
    pool = named or actors
    if prefer_armed:
        armed = [a for a in pool if not a.name.startswith(("Civilians", "Protesters"))]
        pool = armed or pool
    counts = Counter(a.name for a in pool)
    return max(pool, key=lambda a: (counts[a.name], -a.start))


_CERTAINTY_ORDER = ["denied", "claimed", "alleged", "uncertain", "reported", "confirmed"]


def _town(cl: Cluster, default_place):
    local = ("town", "point", "admin2", "admin1")
    for cand in cl.candidates:
        if cand.place is not None and cand.place.precision in local:
            return cand.place.gazetteer_id or cand.place.name  # "Basra" and "Basrah" are one place
    if default_place is not None and default_place.precision in local:
        return default_place.gazetteer_id or default_place.name
    return None


# One protest, riot or round of arrests in a town on a day is one event whatever words each
# sentence used; the most severe reading wins (ACLED codes a protest met with lethal force as such).
_SEVERITY = ["Excessive force against protesters", "Protest with intervention", "Peaceful protest",
             "Violent demonstration", "Mob violence"]
_MERGE_ACROSS_SUBTYPES = {"Protests", "Riots", "Strategic developments"}


def _same_kind(a: Candidate, b: Candidate) -> bool:
    if a.event_type != b.event_type:
        return False
    if a.event_type in _MERGE_ACROSS_SUBTYPES and a.event_type != "Strategic developments":
        return True
    return a.sub_event_type == b.sub_event_type


def merge_same_place(clusters: list[Cluster], default_place) -> list[Cluster]:
    """One incident told in several paragraphs (the raid in the lead, "the raid occurred in
    Dumayr" lower down): same type and sub-type, same town, dates that agree → one event."""
    merged: list[Cluster] = []
    for cl in clusters:
        head = cl.typed[0]
        town = _town(cl, default_place)
        target = None
        if town is not None:
            for other in merged:
                oh = other.typed[0]
                if (_same_kind(oh, head) and _town(other, default_place) == town and _dates_agree(oh.date, head.date)
                        and (oh.date is None or head.date is None or oh.date.value == head.date.value)):
                    target = other
                    break
        if target is not None:
            target.candidates.extend(cl.candidates)
            typed = target.typed
            worst = min(typed, key=lambda c: _SEVERITY.index(c.sub_event_type) if c.sub_event_type in _SEVERITY else 99)
            target.candidates.remove(worst)
            target.candidates.insert(0, worst)  # the head gives the event its type
        else:
            merged.append(cl)
    return merged


def news_day(clusters: list[Cluster], anchor: date) -> str | None:
    """The day most of the article's dated news happened on (within a week before its date)."""
    days = Counter(c.date.value for cl in clusters for c in cl.typed[:1]
                   if c.date is not None and c.date.precision == "day" and c.date.value <= anchor.isoformat()
                   and c.date.value >= (anchor - timedelta(days=7)).isoformat())
    return days.most_common(1)[0][0] if days else None


def build_event(cl: Cluster, n: int, anchor: date, article: Article, default_place, extractor: str,
                news_day: str | None = None) -> Event:
    typed = cl.typed
    head = typed[0]
    when = next((c.date for c in typed if c.date is not None and not c.told_on), None) \
        or next((c.date for c in cl.candidates if c.date and not c.told_on), None) \
        or next((c.date for c in typed if c.date is not None), None) or next((c.date for c in cl.candidates if c.date), None)
    # where a typed sentence says it happened before where a sentence that only refers back does;
    # such a sentence's place abroad ("the road from the ports of Dakar") is not where it happened
    home = default_place.country_code if default_place is not None else None
    place = next((c.place for c in typed if c.place is not None and c.place.precision in ("town", "point")), None) \
        or next((c.place for c in typed if c.place is not None), None) \
        or next((c.place for c in cl.candidates if c.place is not None and (home is None or c.place.country_code == home)), None) \
        or default_place
    killed = max((c.killed for c in cl.candidates if c.killed is not None), key=lambda k: k.best, default=None)
    hurt = max((c.hurt for c in cl.candidates if c.hurt is not None), key=lambda k: k.best, default=None)
    certainty = min((c.certainty for c in cl.candidates), key=_CERTAINTY_ORDER.index)
    sources = [s for c in cl.candidates for s in c.sources]
    actor1, actor2 = _pick_actors(cl, (place.country if place is not None else None))
    if when is None:
        # undated news: the day the article's other news events happened, else the day it was reported
        when = DateValue(news_day or anchor.isoformat(), "day", None)
    end = (when.end or when.value)[:10]
    background = len(end) >= 4 and end < (anchor - timedelta(days=BACKGROUND_DAYS)).isoformat()[: len(end)]
    civilian = head.event_type == "Violence against civilians" or bool(actor2 and actor2.startswith("Civilians"))
    return Event(
        id=f"v{n}", event_type=head.event_type, sub_event_type=head.sub_event_type,
        actor1=actor1, actor2=actor2, date=when,
        location=place.to_dict() if place is not None else None,
        fatalities=killed.to_dict() if killed else None, injured=hurt.to_dict() if hurt else None,
        background=background, civilian_targeting=civilian, certainty=certainty,
        attributed_to=list(dict.fromkeys(sources)) or ([article.wire or article.outlet] if (article.wire or article.outlet) else []),
        evidence=[Span(c.section.name, c.start, c.end, c.text, c.section.index) for c in cl.candidates],
        extractor=extractor,
    )


def article_countries(entities: list[Entity], kb: KnowledgeBase, article: Article) -> list[str]:
    """ISO codes of the countries the article is about, most mentioned first (dateline first)."""
    counts: Counter[str] = Counter()
    for entity in entities:
        actor = kb.get(entity.kb_id)
        if actor is not None and actor.country and actor.type == "country":
            counts[actor.country] += len(entity.mentions)
        elif actor is not None and actor.country:
            counts[actor.country] += 0.5 * len(entity.mentions)  # a national actor points to its country, more weakly
        elif entity.type == "NORP":
            forces = kb.lookup(f"{entity.name} military") or kb.lookup(f"{entity.name} army")
            if forces is not None and forces.country:
                counts[forces.country] += 0.5 * len(entity.mentions)
    ranked = [code for code, _ in counts.most_common()]
    if article.dateline and article.dateline.country:
        found = kb.lookup(article.dateline.country)
        if found is not None and found.country and (found.country in ranked[:3] or not ranked):
            ranked = [found.country] + [c for c in ranked if c != found.country]
    return ranked


_DEMONYM_WORD = re.compile(r"\b[A-Z][a-z]+\b")


def text_countries(text: str, gazetteer) -> list[str]:
    """The article's countries read from its words when no actor or place entity gave one:
    country names, states and provinces named as such ("Plateau state"), and nationality
    adjectives ("the northeastern Nigerian town of Konduga"), most mentioned first. Without
    them every place would be looked up worldwide ("San" of "San Juancito" in Mali)."""
    from ..geo import find_places
    from ..geo.names import has_admin_suffix

    counts: Counter[str] = Counter()
    for m in find_places(text, gazetteer, countries=()):
        code = m.place.country_code
        if code and (m.place.precision == "country" or (m.place.precision == "admin1" and has_admin_suffix(m.text))):
            counts[code] += 1
    for word in _DEMONYM_WORD.findall(text):
        codes = gazetteer.demonym_countries(word)
        if len(codes) == 1:  # "Congolese" names no one country
            counts[codes[0]] += 1
    return [code for code, _ in counts.most_common()]


def code_events(sections: list[Section], entities: list[Entity], article: Article, kb: KnowledgeBase,
                gazetteer, extractor: str) -> list[Event]:
    """All events of one article, in order of first evidence."""
    anchor = _anchor(article)
    countries = article_countries(entities, kb, article)
    # countries the words name but no entity carried ("Mozambican and Rwandan troops"): last,
    # so they widen where places may lie without changing the article's main country
    countries += [c for c in text_countries(f"{article.title}\n\n{article.body}", gazetteer) if c not in countries]
    candidates = collect_candidates(sections, entities, article, kb, gazetteer, anchor, countries)
    clusters = cluster(candidates)
    default_place = None
    if article.dateline is not None:
        # the dateline is where the reporter files from: the events' place only if it lies in the
        # country the article is about ("LONDON:" above a story on Iraq is not a place in Iraq)
        dateline = gazetteer.resolve(article.dateline.place, countries=countries)
        if dateline is not None and (not countries or dateline.country_code == countries[0]):
            default_place = dateline
    if default_place is None and countries:
        default_place = gazetteer.country(countries[0])
    words = len(article.body.split())
    if words <= 200 and len(clusters) > 1:
        # a short report is about one incident: later clusters on the same day are its context,
        # unless the same sentence tells them as a second incident ("... after a bomb killed three")
        first = clusters[0]
        clusters = [first] + [cl for cl in clusters[1:]
                              if not _dates_agree(cl.typed[0].date, first.typed[0].date)
                              or cl.typed[0].sentence_no == first.typed[0].sentence_no]
    clusters = merge_same_place(clusters, default_place)
    day = news_day(clusters, anchor)
    return [build_event(cl, n, anchor, article, default_place, extractor, day) for n, cl in enumerate(clusters, 1)]
