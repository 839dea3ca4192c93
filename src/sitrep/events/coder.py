"""Sentences → coded events (ACLED taxonomy) with actors, date, place, casualties, certainty
and evidence. Rules over the parse, in order:

1. every sentence of the body, summary and captions is matched against the trigger lexicon
   (``data/event-triggers.yaml``); the highest-priority rule gives the type and sub-type;
2. statements of what did not happen — threats, conditionals, plans, vows — are dropped;
3. context refines the sub-type (a protest met with tear gas is "Protest with intervention";
   one fired upon, "Excessive force against protesters"; rockets intercepted, "Disrupted
   weapons use");
4. each candidate gets its actors, date (against the article's own date), place
   (gazetteer), fatalities and injuries, certainty and who reports it;
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
from .actors import ActorMention, sentence_actors
from .casualties import Count, fatalities, injured
from .triggers import TriggerMatch, match_triggers

BACKGROUND_DAYS = 45  # an event this long before the article is context, not news
_NOT_HAPPENED = re.compile(
    r"\b(?:if|unless|would|could|might|may|will|shall|threaten(?:s|ed)?|vow(?:s|ed)?|pledg(?:e|ed|es)|plan(?:s|ned|ning)? to|"
    r"intend(?:s|ed)? to|prepar(?:ed|ing) to|ready to|warn(?:s|ed)? (?:of|that|against)|aim(?:s|ed)? to|seek(?:s|ing)? to|"
    r"call(?:s|ed)? for|demand(?:s|ed)?|fear(?:s|ed)?|risk(?:s|ed)?|to prevent|in case|threat of|possible|potential|"
    r"prais(?:ed|es|ing)|condemn(?:ed|s|ing)|denounc(?:ed|es|ing)|critici[sz](?:ed|es|ing)|welcom(?:ed|es|ing)|"
    r"anniversary|commemorat\w*|in response to|in retaliation for|retaliate|retaliation)\b",
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
_CIVILIAN_TARGET = re.compile(r"\b(?:civilians?|villagers|worshippers|displaced|residents|children|women|families|farmers|passengers|shoppers|patients|hospital|school|market|camp for displaced|displacement camp|mosque|church|wedding|homes?)\b", re.IGNORECASE)
_ARMED_TARGET = re.compile(r"\b(?:soldiers|troops|army|military|militants|fighters|insurgents|rebels|positions?|base|checkpoint|convoy|police|militia|patrol|outpost|barracks)\b", re.IGNORECASE)
_PROTEST_CONTEXT = re.compile(r"\bprotest|demonstrat|march|rally|sit-in", re.IGNORECASE)


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


_CLAUSE_BREAK = re.compile(r"[,;:—–]|\b(?:and|but|after|before|when|while|as|because|since|that)\b")


def _happened(sentence: str, trigger: TriggerMatch) -> bool:
    """False for threats, conditionals and plans: a modal or threat word in the trigger's own
    clause before it ("the US will respond", "vowed to retaliate"), or "if" right after it."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, trigger.start)]
    clause = sentence[breaks[-1] if breaks else 0:trigger.start]
    if _NOT_HAPPENED.search(clause):
        return False
    return re.search(r"\b(?:if|unless)\b", sentence[trigger.end:trigger.end + 40], re.IGNORECASE) is None


def _refine(candidate: Candidate, sentence: str) -> None:
    """Context that changes the sub-type the trigger alone gave."""
    etype, sub = candidate.event_type, candidate.sub_event_type
    if etype in ("Violence against civilians", "Battles") and _PROTEST_CONTEXT.search(sentence) and _PROTEST_FORCE.search(sentence):
        candidate.event_type, candidate.sub_event_type = "Protests", "Excessive force against protesters"
        return
    if etype == "Protests" or (etype in ("Riots",) and _PROTEST_CONTEXT.search(sentence)):
        if _PROTEST_FORCE.search(sentence):
            candidate.event_type, candidate.sub_event_type = "Protests", "Excessive force against protesters"
        elif _PROTEST_VIOLENT.search(sentence):
            candidate.event_type, candidate.sub_event_type = "Riots", "Violent demonstration"
        elif _PROTEST_INTERVENTION.search(sentence):
            candidate.event_type, candidate.sub_event_type = "Protests", "Protest with intervention"
    if etype == "Explosions/Remote violence" and _INTERCEPTED.search(sentence):
        candidate.event_type, candidate.sub_event_type = "Strategic developments", "Disrupted weapons use"
    if etype == "Battles" and sub == "Armed clash" and _CIVILIAN_TARGET.search(sentence) and not _ARMED_TARGET.search(sentence[candidate.trigger.end - 0:]):
        candidate.event_type, candidate.sub_event_type = "Violence against civilians", "Attack"
    if etype == "Violence against civilians" and sub == "Attack" and _ARMED_TARGET.search(sentence[candidate.trigger.end:]) and not _CIVILIAN_TARGET.search(sentence):
        candidate.event_type, candidate.sub_event_type = "Battles", "Armed clash"


def _paragraph_of(section: Section, offset: int) -> int:
    return section.text.count("\n\n", 0, offset)


_SPLIT = re.compile(r";|,?\s+\b(?:after|before|when|while|as well as)\b|,\s+and\s+(?=\w+\s+\w+ing\b)|\s+and\s+(?=(?:\w+\s+){0,2}(?:clashing|fighting|killing|attacking)\b)")
_HABITUAL = re.compile(r"\b(?:often|usually|typically|routinely|frequently|regularly|thought it was|believed (?:it|to be)|as if)\b", re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(?:the|this|that|its|their)\s+(?:\w+\s+)?(?:attack|strike|raid|blast|explosion|bombing|shooting|assault|incident|shelling|fighting|clash(?:es)?|ambush|killing|operation)s?\b", re.IGNORECASE)


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """A sentence that tells two events ("bombed 85 targets after three soldiers were killed
    in a drone attack") is read clause by clause."""
    cuts = [0] + [m.start() for m in _SPLIT.finditer(sentence)] + [len(sentence)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if sentence[a:b].strip()]


def _excluded_spans(entities: list[Entity], section: Section, kb: KnowledgeBase) -> list[tuple[int, int]]:
    """Names that are not places: people, organisations, and countries used as actors or
    adjectives ("US forces", "Syrian officials")."""
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
            if re.search(r"\b(?:in|near|at|outside|into|from|of the town of|of the city of|village of)\s+$", section.text[max(0, m.start - 25):m.start]):
                continue  # "a house in Khan Younis": after a place preposition, even if the NER said person
            if entity.type in ("PERSON", "ORG", "NORP") or (actor is not None and actor.type not in ("country",)):
                spans.append((m.start, m.end))
            elif re.match(r"\s*(?:forces|troops|military|army|officials?|government|authorities|soldiers|police|president|citizens)\b",
                          section.text[m.end:m.end + 20], re.IGNORECASE):
                spans.append((m.start, m.end))
    return spans


def collect_candidates(sections: list[Section], entities: list[Entity], article: Article, kb: KnowledgeBase,
                       gazetteer, anchor: date, countries: list[str]) -> list[Candidate]:
    from ..geo import find_places
    from .dates import find_dates

    candidates: list[Candidate] = []
    number = 0
    for section in sections:
        if section.name not in ("body", "summary", "caption"):
            continue
        excluded = _excluded_spans(entities, section, kb)
        for sent in section.doc.sents:
            number += 1
            sentence = sent.text
            if sentence.lstrip()[:1] in "“\"«" or _HABITUAL.search(sentence):
                continue  # a quoted voice or a habit, not a reported incident
            clauses = [(a, b, match_triggers(sentence[a:b])) for a, b in _clauses(sentence)]
            typed_in = [any(not m.rule.generic for m in matches) for _, _, matches in clauses]
            killed_here = fatalities(sentence)
            if not any(matches for _, _, matches in clauses) and not (killed_here is not None and candidates):
                continue  # most sentences tell no incident: no dates or places to look up
            dates = [d for d in find_dates(sentence, anchor)
                     if d.value.precision != "unknown" and (d.value.start or d.value.value) <= anchor.isoformat()]
            local_excluded = [(a - sent.start_char, b - sent.start_char) for a, b in excluded if sent.start_char <= a < sent.end_char]
            places = find_places(sentence, gazetteer, countries=countries, exclude_spans=local_excluded)
            actors: list | None = None
            found_any = False
            for n, (a, b, matches) in enumerate(clauses):
                clause = sentence[a:b]
                typed = [m for m in matches if not m.rule.generic]
                if not typed and (found_any or not matches):
                    continue
                trigger = typed[0] if typed else matches[0]
                trigger = TriggerMatch(trigger.rule, trigger.start + a, trigger.end + a, trigger.text)
                if not _happened(sentence, trigger):
                    continue
                found_any = True
                cand = Candidate(section, sent.start_char, sent.end_char, number, _paragraph_of(section, sent.start_char),
                                 trigger, trigger.rule.event_type, trigger.rule.sub_event_type)
                if cand.event_type:
                    _refine(cand, clause)
                in_clause = [d for d in dates if a <= d.start < b] or dates
                if in_clause:
                    cand.date = min(in_clause, key=lambda d: abs(d.start - trigger.start)).value
                cand.place = _choose_place([p for p in places if a <= p.start < b] or places, trigger)
                # a clause without its own count takes the sentence's, unless another clause tells its own incident
                shares_counts = len(clauses) > 1 and not any(t for k, t in enumerate(typed_in) if k != n)
                cand.killed = fatalities(clause) or (killed_here if shares_counts else None)
                cand.hurt = injured(clause) or (injured(sentence) if shares_counts else None)
                cand.certainty = _certainty(sentence)
                cand.sources = _sources(sentence)
                code = getattr(cand.place, "country_code", None) or (countries[0] if countries else None)
                violent = cand.event_type not in ("Protests", "Strategic developments", None)
                if actors is None or violent != actors_violent or code != actors_code:
                    actors = sentence_actors(sentence, sent.start_char, entities, section.name, section.index, kb, code, violent)
                    actors_violent, actors_code = violent, code
                cand.actors = [x for x in actors if a <= x.start < b] or ([] if len(clauses) > 1 else actors)
                candidates.append(cand)
            if (not found_any and killed_here is not None and candidates
                    and candidates[-1].sentence_no == number - 1 and not dates
                    and not re.match(r"\s*(?:since|overall|in total|so far|altogether|more than|in all)\b", sentence, re.IGNORECASE)):
                # "At least 18 Palestinians were killed.": the count of the incident just told
                cont = Candidate(section, sent.start_char, sent.end_char, number, _paragraph_of(section, sent.start_char),
                                 TriggerMatch(candidates[-1].trigger.rule, 0, 0, ""), None, None)
                cont.killed, cont.hurt = killed_here, injured(sentence)
                cont.certainty = _certainty(sentence)
                candidates.append(cont)
    return candidates


def _choose_place(places: list, trigger: TriggerMatch):
    """The most specific place, nearest after the trigger ("... into Israel"), else before it."""
    if not places:
        return None
    specific = [p for p in places if p.place.precision in ("town", "point", "admin2")] or places
    after = [p for p in specific if p.start >= trigger.start]
    pool = after or specific
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
            if cand.event_type is None:
                if near and _dates_agree(head.date, cand.date) and _places_agree(head.place, cand.place):
                    home = existing
                break
            same_kind = head.event_type == cand.event_type and (head.sub_event_type == cand.sub_event_type)
            if not same_kind:
                continue
            if not (_dates_agree(head.date, cand.date) and _places_agree(head.place, cand.place)):
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
    for cand in cl.typed:
        sentence = cand.text
        by = re.search(r"\b(?:by|from)\s+(?:the\s+)?", sentence[cand.trigger.end:cand.trigger.end + 60])
        for actor in cand.actors:
            if actor.victim:
                after.append(actor)
            elif actor.start < cand.trigger.start or (by and cand.trigger.end + by.end() <= actor.start < cand.trigger.end + by.end() + 40):
                before.append(actor)
            else:
                after.append(actor)
    if head.event_type in ("Protests", "Riots"):
        # who demonstrates, and who (if anyone) intervenes
        crowd = next((a for a in before + after if a.name.startswith(("Protesters", "Rioters"))), None)
        label = "Protesters" if head.event_type == "Protests" else "Rioters"
        name1 = crowd.name.replace("Protesters", label).replace("Rioters", label) if crowd else (f"{label} ({country})" if country else label)
        force = next((a for a in before + after if a.name.startswith(("Military Forces", "Police Forces")) or (a.kb_id and not a.generic)), None)
        return name1, (force.name if force and head.sub_event_type != "Peaceful protest" else None)
    armed = [a for a in before if not a.name.startswith(("Civilians", "Protesters"))]
    first = _best(armed, prefer_armed=True) or _best([a for a in after if not a.name.startswith(("Civilians", "Protesters"))], prefer_armed=True)
    rest = [a for a in after + before if first is None or a.name != first.name]
    rest = [a for a in rest if not (first is not None and a.name.split(" (")[0] == first.name.split(" (")[0])]
    second = _best(rest, prefer_armed=head.event_type == "Battles")
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
    when = next((c.date for c in typed if c.date is not None), None) or next((c.date for c in cl.candidates if c.date), None)
    place = next((c.place for c in typed if c.place is not None and c.place.precision in ("town", "point")), None) \
        or next((c.place for c in cl.candidates if c.place is not None), None) or default_place
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


def code_events(sections: list[Section], entities: list[Entity], article: Article, kb: KnowledgeBase,
                gazetteer, extractor: str) -> list[Event]:
    """All events of one article, in order of first evidence."""
    anchor = _anchor(article)
    countries = article_countries(entities, kb, article)
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
