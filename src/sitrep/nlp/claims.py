"""Numeric claims: every count, amount, share or measure an article states, with who states it.

A claim is found from the tokens, not only from spaCy's CARDINAL/MONEY/PERCENT/QUANTITY
entities, so the forms the NER misses or mislabels count too ("250k", "$3.3 billion",
"1.2 million", "a half-dozen", "half a million", "dozens", "tens of thousands"). Years, dates,
times, durations, ordinals, ages ("a 45-year-old", "she is 31"), list counters ("1 of 3",
"Photo 2 of 5"), numbers inside names ("Tower 22", "F-16"), distances that only say where a
place is ("50 km north of X"), unit conversions in brackets ("30m (100ft)") and a number alone
on its line (a list marker) are not claims.

- ``value``: a number. Vague quantities take the floor ACLED codes (docs/annotation.md):
  dozens 12, scores 20, hundreds 100, thousands 1,000, tens of thousands 10,000. Shares are
  percentages ("two-thirds of" → 66.67).
- ``unit``: what is counted, the noun the number modifies ("fighters", "troops") or the noun
  after "of" ("dozens of militias"); "USD" (or the currency) for money; "percent"; the unit of
  a measure ("km", "tonnes"). A bare number takes the unit of the number it is compared or
  coordinated with ("375 ..., compared to 1,038"; "1,400 Lebanese ... and some 1.2 million").
- ``text``: the number with its qualifier ("at least", "some") and counted noun, and what the
  sentence says happened to the counted: "killing at least 24 people", "some 2.5 million were
  already displaced", "250,000 people estimated to remain inside El Fasher".
- ``subject``: whom the number belongs to, in this order: a named actor in the counted phrase
  ("100 Hezbollah fighters"), the owner in "X has/comprises N ..." or "allocated to X"; for a
  harm done (killed, displaced, launched ...) what did it: the subject of the verb, or for
  "..., killing N" the main clause ("a drone attack carried out by the RSF hit a vehicle ...");
  else the counted noun phrase itself.
- ``attributed_to``: the source: "according to X", the subject of the saying verb the number
  sits under ("..., the ministry said"; "Airwars has reported 52 incidents"), the speaker of
  the quote it sits in (not "we"); pronouns are read back to the actor last named.
- ``time``: the date phrase nearest the number in the parse ("for the year so far", "last year").
- ``evidence``: the sentence, cut at line breaks (a fact-box line is a sentence of its own).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Claim, Entity
from .model import Section
from .relations import MentionIndex, sentence_bounds, sentence_span, sentences

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan, Token

_DIGITS = re.compile(r"^(?P<cur>US\$|[$£€])?(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)(?P<suf>k|K|m|M|mn|mln|bn|b|B|tn)?$")
_SUFFIXED = re.compile(r"^\d[\d,.]*(?:k|K|bn|mn|mln)$")
_SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "dozen": 12}
# vague amounts: ACLED's convention records the floor of the range
_VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
          "billions": 1_000_000_000, "tens": 10}
_FRACTIONS = {"half": 50.0, "halves": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0,
              "fifth": 20.0, "fifths": 20.0, "tenth": 10.0, "tenths": 10.0}
_SUFFIX = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "B": 1e9, "tn": 1e12}
_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
                   "riyal": "SAR", "riyals": "SAR", "dinar": "IQD", "dinars": "IQD", "lira": "TRY", "rupee": "INR",
                   "rupees": "INR", "naira": "NGN", "shilling": "KES", "shillings": "KES", "yuan": "CNY", "rubles": "RUB",
                   "roubles": "RUB", "hryvnias": "UAH"}
_MEASURE_UNITS = {"km": "km", "kilometers": "kilometers", "kilometres": "kilometres", "kilometer": "kilometers",
                  "kilometre": "kilometres", "miles": "miles", "mile": "miles", "mi": "miles", "m": "m", "meters": "meters",
                  "metres": "metres", "meter": "meters", "metre": "metres", "ft": "feet", "feet": "feet", "foot": "feet",
                  "kg": "kg", "kilograms": "kilograms", "tonnes": "tonnes", "tons": "tons", "hectares": "hectares",
                  "acres": "acres", "cm": "cm", "mm": "mm", "sq": "square", "square": "square", "litres": "litres",
                  "liters": "liters", "barrels": "barrels", "magnitude": "magnitude"}
_DISTANCE = {"km", "kilometers", "kilometres", "kilometer", "kilometre", "miles", "mile", "mi", "m", "meters",
             "metres", "ft", "feet", "yards"}
_DIRECTIONS = re.compile(r"^(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?$|^(?:outside|from|off|away|inland|offshore|upstream|downstream)$",
                         re.IGNORECASE)
_QUALIFIERS = ["no fewer than", "no more than", "no less than", "as many as", "as much as", "as few as", "upwards of",
               "a total of", "an estimated", "an additional", "at least", "at most", "more than", "fewer than",
               "less than", "just over", "just under", "close to", "up to", "a further", "another", "about", "around",
               "approximately", "roughly", "nearly", "almost", "some", "over", "under", "only", "just", "estimated"]
_COUNTER_WORDS = {"list", "photo", "photos", "image", "images", "picture", "slide", "page", "part", "item", "chapter",
                  "episode", "no", "no.", "number", "#", "step", "figure", "table", "video", "gallery", "of"}
_SAY_VERBS = {"say", "tell", "report", "announce", "claim", "estimate", "state", "add", "note", "confirm", "document",
              "record", "count", "find", "show", "warn", "allege", "write", "post", "tweet", "put", "cite", "reveal",
              "indicate", "acknowledge", "insist", "assert", "declare", "explain", "tally", "log", "verify", "publish"}
_HARM_VERBS = {"kill", "injure", "wound", "displace", "launch", "fire", "destroy", "hit", "arrest", "detain", "abduct",
               "kidnap", "bomb", "strike", "target", "push", "drive", "force", "evacuate", "shoot", "capture", "seize",
               "free", "release", "execute", "behead", "rescue", "damage", "shell", "burn", "raze", "leave", "claim",
               "down", "intercept", "send", "deploy", "uproot", "maim", "massacre", "slaughter", "murder", "expel"}
_OWN_VERBS = {"have", "comprise", "include", "number", "field", "boast", "command", "possess", "control", "count",
              "maintain", "keep", "employ", "muster", "contain", "deploy", "station", "hold", "operate", "run", "own"}
_GIVE_VERBS = {"allocate", "give", "grant", "pledge", "provide", "earmark", "assign", "pay", "transfer", "disburse",
               "award", "promise", "budget"}
_LEVEL_VERBS = {"fall", "rise", "reach", "climb", "increase", "decrease", "drop", "stand", "total", "jump", "grow", "hit",
                "top", "surpass", "exceed", "soar", "edge", "decline", "be", "surge", "double", "triple", "swell",
                "go", "come", "amount", "number"}
_LEVEL_NOUNS = {"number", "total", "count", "tally", "figure", "level", "numbers", "share", "proportion", "rate"}
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
_THING_PRONOUNS = {"it", "they", "its", "their", "them"}
_ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
_TIME_PREPS = {"since", "in", "for", "during", "over", "until", "till", "by", "from", "through", "throughout", "between",
               "before", "after", "on", "at", "within", "across", "from"}
# vague amounts that are numbers only before "of": "scores of people", not "settle scores"
_NEED_OF = {"scores", "tens"}
# whose money it is: who pledges, spends, receives or raises it
_MONEY_VERBS = {"receive", "spend", "raise", "earn", "collect", "owe", "lose", "demand", "seek", "request", "invest",
                "approve", "announce", "donate", "contribute", "offer", "need", "require"}
_STATES = {"dead", "wounded", "injured", "killed", "missing", "displaced", "detained", "arrested", "hurt"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
           "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_DURATIONS = {"min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "h", "second", "seconds", "sec", "secs",
              "day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades", "century",
              "centuries", "ago", "am", "pm", "a.m.", "p.m.", "gmt", "utc"}
_REPORT_NOUNS = {"assessment", "report", "study", "survey", "analysis", "tally", "count", "review", "investigation",
                 "data", "figures", "statement", "estimate", "estimates", "census", "audit", "poll", "research"}
_DISTANCE_WORDS = ("kilomet", "kilometr", "mile", "metre", "meter", "km", "yard", "feet", "foot")
_LONG = 12  # tokens: a noun phrase longer than this is cut to its head and what precedes it
_CLAUSE = 30  # tokens: an event clause longer than this is not used as a claim's subject
# "are believed to be ...": the figure's own words stop before the hedge
_HEDGES = {"believe", "think", "expect", "estimate", "say", "report", "consider", "understand", "know", "fear"}
_PLACE_PREPS = {"in", "on", "at", "near", "into", "across", "outside", "inside", "around", "off", "along", "from"}


@dataclass
class _Number:
    """One number in a sentence, with what was read about it."""

    tokens: list[Token]
    value: float | int
    kind: str  # count | money | percent | measure
    unit: str | None = None
    head: Token | None = None  # the counted noun
    subject: str | None = None
    subject_from: str | None = None  # owner | agent | phrase
    start: int = 0  # char offsets of the claim text in the section
    end: int = 0

    @property
    def first(self) -> Token:
        return self.tokens[0]

    @property
    def last(self) -> Token:
        return self.tokens[-1]


class _Reader:
    def __init__(self, section: Section, entities: list[Entity]) -> None:
        self.section = section
        self.doc = section.doc
        self.index = MentionIndex(section, entities)
        # "12k" is never a date, whatever the NER says
        # nor is a bare "40" ("injuring 40"): a date has a month, a day or a year in it
        self.excluded = {t.i for e in self.doc.ents if e.label_ in ("DATE", "TIME", "ORDINAL") for t in e
                         if not _SUFFIXED.match(t.text) and not re.fullmatch(r"\d{1,3}(?:,\d{3})*", e.text)}
        self.quoted = _quoted_chars(section.text)

    # ---------------------------------------------------------------- finding numbers

    def numbers(self, sent: SpacySpan) -> Iterator[_Number]:
        toks = list(sent)
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not _numeric(tok) or tok.i in self.excluded:
                i += 1
                continue
            group = [tok]
            j = i + 1
            while j < len(toks):
                nxt = toks[j]
                if _numeric(nxt) and nxt.i not in self.excluded and _joins(group[-1], nxt):
                    group.append(nxt)
                elif nxt.text == "-" and j + 1 < len(toks) and _numeric(toks[j + 1]) and group[-1].is_alpha and toks[j + 1].is_alpha:
                    group.extend([nxt, toks[j + 1]])
                    j += 1
                elif nxt.lower_ == "of" and group[-1].lower_ in _VAGUE and j + 1 < len(toks) and toks[j + 1].lower_ in ("thousands", "millions", "hundreds"):
                    group.extend([nxt, toks[j + 1]])
                    j += 1
                elif nxt.lower_ == "a" and group[-1].lower_ == "half" and j + 1 < len(toks) and toks[j + 1].lower_ in _SCALES:
                    group.extend([nxt, toks[j + 1]])
                    j += 1
                else:
                    break
                j += 1
            i = j
            number = self.read_number(group)
            if number is not None:
                yield number

    def read_number(self, group: list[Token]) -> _Number | None:
        doc = self.doc
        first, last = group[0], group[-1]
        if self.skip(group):
            return None
        if last.lower_ in _FRACTIONS:
            return self.fraction(group)  # "two-thirds of", not "a half-dozen"
        value = _value([t.text for t in group])
        if value is None:
            return None
        kind, currency, unit = "count", None, None
        prev = doc[first.i - 1] if first.i > 0 else None
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        m = _DIGITS.match(first.text)
        if m and m.group("cur"):
            kind, currency = "money", _CURRENCY_SIGNS[m.group("cur")]
        elif prev is not None and prev.text in _CURRENCY_SIGNS:
            kind, currency = "money", _CURRENCY_SIGNS[prev.text]
            group = [prev, *group]
        elif prev is not None and prev.text == "$" or (prev is not None and prev.text.upper() in ("US$", "USD")):
            kind, currency = "money", "USD"
            group = [prev, *group]
        if nxt is not None and kind == "count":
            if nxt.text == "%" or nxt.lower_ in ("percent", "pct"):
                kind, unit = "percent", "percent"
                group = [*group, nxt]
            elif nxt.lower_ == "per" and last.i + 2 < len(doc) and doc[last.i + 2].lower_ == "cent":
                kind, unit = "percent", "percent"
                group = [*group, nxt, doc[last.i + 2]]
            elif nxt.lower_ in _CURRENCY_WORDS:
                kind, currency = "money", _CURRENCY_WORDS[nxt.lower_]
                group = [*group, nxt]
        suffix = m.group("suf") if m else None
        if suffix in ("m", "M") and kind == "count":
            # "30m (100ft) sinkhole" is a length, "2.5m people" a count
            after = _after_brackets(doc, last.i + 1)
            if after is None or not (after.tag_ in ("NNS", "NNPS") or after.lower_ in ("people", "dollars")):
                value, kind, unit = value / 1e6, "measure", "m"
        if kind == "count" and nxt is not None and nxt.lower_ in _MEASURE_UNITS and not (nxt.lower_ == "m" and nxt.tag_ in ("NNS",)):
            kind, unit = "measure", _MEASURE_UNITS[nxt.lower_]
            group = [*group, nxt]
        if kind == "count" and nxt is not None and nxt.text == "-" and last.i + 2 < len(doc) and doc[last.i + 2].lower_ in _MEASURE_UNITS:
            kind, unit = "measure", _MEASURE_UNITS[doc[last.i + 2].lower_]  # "7.7-magnitude"
            group = [*group, nxt, doc[last.i + 2]]
        if kind == "measure" and self.place_offset(group):
            return None
        if kind == "money":
            unit = currency
        return _Number(group, _tidy(value), kind, unit)

    def fraction(self, group: list[Token]) -> _Number | None:
        """'two-thirds of the country', 'half of the homes': a share, in percent."""
        last = group[-1]
        nxt = self.doc[last.i + 1] if last.i + 1 < len(self.doc) else None
        if nxt is None or nxt.lower_ != "of":
            return None
        words = [t.lower_ for t in group if t.text != "-"]
        share = _FRACTIONS.get(words[-1])
        if share is None:
            return None
        count = _value(words[:-1]) if len(words) > 1 else 1
        if count is None:
            return None
        return _Number(group, round(count * share, 2), "percent", "percent")

    def skip(self, group: list[Token]) -> bool:
        """Numbers that are no claim: parts of names, years, ages, list counters, 'one of'."""
        doc = self.doc
        first, last = group[0], group[-1]
        span = self.index.span(first)
        entity = self.index.entity(first)
        if span is not None and entity is not None and not (span[0] == first.i and entity.type == "PERSON"):
            return True  # "Tower 22", "the 1920 Revolution Brigades"; a person's name never starts with a number
        if any(t.ent_type_ in ("FAC", "PRODUCT", "LAW", "EVENT", "WORK_OF_ART") for t in group):
            return True
        prev = doc[first.i - 1] if first.i > 0 else None
        if prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper() and (first.head.i == prev.i or prev.head.i == first.i) \
                and prev.ent_type_ not in ("GPE", "NORP", "ORG", "MONEY", "CARDINAL", "QUANTITY"):
            return True
        if (prev is not None and prev.text in ("/", "#", "@")) or doc[last.i + 1: last.i + 2].text in ("/",):
            return True  # part of a path, tag or handle
        if prev is not None and prev.text == "-" and first.i > 1 and doc[first.i - 2].text[:1].isupper() and doc[first.i - 2].is_alpha:
            return True  # "F-16", "COVID-19"
        if len(group) == 1 and re.fullmatch(r"(1[89]|20)\d\d", first.text):
            nxt = doc[first.i + 1] if first.i + 1 < len(doc) else None
            if nxt is None or nxt.tag_ not in ("NNS", "NNPS"):
                return True  # a year
        if len(group) == 1 and first.lower_ in _NEED_OF and doc[last.i + 1: last.i + 2].text.lower() != "of":
            return True
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if (nxt is not None and nxt.lower_.rstrip(".") in _MONTHS | _DURATIONS) or (prev is not None and prev.lower_.rstrip(".") in _MONTHS):
            return True  # "9 September", "Sep 17", "35 min", "10 days": dates and durations
        if nxt is not None and nxt.lower_ in ("to", "and", "-", "–") and last.i + 3 < len(doc) \
                and doc[last.i + 2].like_num and doc[last.i + 3].lower_.rstrip(".") in _MONTHS:
            return True  # "from 1 to 14 October"
        lo, hi = sentence_bounds(first)
        if not any(t.is_alpha and t.i not in {g.i for g in group} for t in doc[lo:hi]):
            return True  # a number standing alone on its line: a list marker or page furniture
        if prev is not None and prev.text == "." and first.i > 1 and doc[first.i - 2].lower_ == "no":
            return True  # "No. 7"
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_.startswith(_DISTANCE_WORDS):
            after = _after_brackets(doc, nxt.i + 1)
            if after is not None and _DIRECTIONS.match(after.text) and after.lower_ not in ("from", "away"):
                return True  # "some 30 km south of Mosul": where a place is
        if first.lower_ == "one" and len(group) == 1:
            nxt = doc[first.i + 1] if first.i + 1 < len(doc) else None
            if nxt is not None and nxt.lower_ in ("of", "another", "day", "time"):
                return True  # "one of them": a pronoun
            if first.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos") and first.head.i != first.i and not _unit_after(doc, first):
                return True
        if prev is not None and prev.lower_ in _COUNTER_WORDS - {"of"} and first.like_num and first.text.isdigit():
            return True
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "of" and last.i + 2 < len(doc) and doc[last.i + 2].text.isdigit() and first.text.isdigit():
            return True  # "1 of 3"
        if prev is not None and prev.lower_ == "of" and first.i > 1 and doc[first.i - 2].text.isdigit() and first.text.isdigit():
            return True
        if self.is_age(group):
            return True
        return False

    def is_age(self, group: list[Token]) -> bool:
        """'Mala is 31', 'Khala, 45, ...', 'aged 60'."""
        doc = self.doc
        first, last = group[0], group[-1]
        if not all(t.like_num for t in group) or len(group) > 1:
            return False
        value = _value([first.text])
        if value is None or not (0 < value < 120):
            return False
        prev = doc[first.i - 1] if first.i > 0 else None
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if prev is not None and prev.lower_ in ("aged", "age"):
            return True
        if prev is not None and prev.text == "," and nxt is not None and nxt.text == "," and first.i > 1:
            e = self.index.entity(doc[first.i - 2])
            if e is not None and e.type == "PERSON":
                return True
        head = first.head
        if first.dep_ in ("attr", "acomp") and head.lemma_ == "be":
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subj is not None and (subj.lower_ in ("he", "she", "i") or (self.index.entity(subj) is not None and self.index.entity(subj).type == "PERSON")):
                return not _unit_after(doc, last)
        return False

    def place_offset(self, group: list[Token]) -> bool:
        """'about 50 kilometers (30 miles) east of Beirut': where a place is, not a claim; and a
        conversion in brackets after another measure."""
        doc = self.doc
        first, last = group[0], group[-1]
        if last.lower_ not in _DISTANCE and not (len(group) == 1 and doc[last.i + 1:last.i + 2].text.lower() in _DISTANCE):
            return False
        if first.i > 0 and doc[first.i - 1].text == "(":
            return True
        after = _after_brackets(doc, last.i + 1)
        return after is not None and bool(_DIRECTIONS.match(after.text))

    # ---------------------------------------------------------------- what the number counts

    def counted(self, number: _Number) -> None:
        """The counted noun and the unit."""
        doc = self.doc
        last = number.last
        head: Token | None = None
        core = [t for t in number.tokens if _numeric(t)] or number.tokens
        anchor = core[-1]
        nxt = doc[number.tokens[-1].i + 1] if number.tokens[-1].i + 1 < len(doc) else None
        # "dozens of militias", "87% of school buildings", "two of the patients"
        if nxt is not None and nxt.lower_ == "of" and (number.kind == "percent" or anchor.lower_ in _VAGUE or anchor.lower_ in _SCALES
                                                      or not _noun_head(anchor)):
            pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            if pobj is not None and (pobj.pos_ in ("NOUN", "PROPN") or (pobj.pos_ in ("ADJ", "VERB") and any(c.lower_ == "the" for c in pobj.children))) \
                    and pobj.lower_ not in ("them", "those", "these"):
                head = pobj  # "dozens of militias", "six of the dead"
        if head is None:
            h = _noun_head(anchor) or _noun_head(last)
            if h is not None and h.i > last.i:
                head = h
        if head is None and number.kind in ("count", "money"):
            # "250k Fighters": the tokens right after the number
            h = doc[last.i + 1] if last.i + 1 < len(doc) else None
            while h is not None and h.pos_ in ("ADJ", "NOUN", "PROPN") and h.i + 1 < len(doc) and doc[h.i + 1].pos_ == "NOUN" and h.head.i == doc[h.i + 1].i:
                h = doc[h.i + 1]
            if h is not None and h.pos_ in ("NOUN", "PROPN") and h.tag_ in ("NNS", "NNPS", "NN") and h.head.i != last.i \
                    and h.i not in self.excluded:
                if h.dep_ in ("nsubj", "dobj", "pobj", "ROOT", "nsubjpass", "attr", "appos", "conj") or h.head.pos_ == "VERB":
                    head = h
        lo, hi = sentence_bounds(last)
        if head is not None and (head.lower_ in _CURRENCY_WORDS or head.i in self.excluded or not lo <= head.i < hi):
            head = None
        if head is None and number.kind == "count" and nxt is not None and nxt.lower_ in _STATES and lo <= nxt.i < hi:
            number.unit, number.head = nxt.lower_, nxt  # "leaving 12 dead"
            return
        if head is not None and number.kind in ("count", "percent", "money"):
            number.head = head
            if number.kind == "count":
                # "Lebanese", "Pakistanis" keep their capital; a capitalised headline word ("Fighters") does not
                number.unit = head.text if head.ent_type_ == "NORP" else head.text.lower()
            return
        if number.kind == "measure":
            # "7 million tonnes of crude", "a 7.7-magnitude earthquake", "a 30m (100ft) sinkhole": what is measured
            unit_tok = number.tokens[-1]
            of = next((c for c in unit_tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            h = next((o for o in of.children if o.dep_ == "pobj"), None) if of is not None else None
            h = h or _noun_head(unit_tok) or _noun_head(anchor)
            if h is None:
                after = _after_brackets(doc, number.tokens[-1].i + 1)
                h = after if after is not None and after.pos_ == "NOUN" and after.tag_ == "NN" else None
            if h is not None and h.i > number.tokens[-1].i and h.lower_ not in _MEASURE_UNITS:
                number.subject, number.subject_from = h.text.lower(), "phrase"
            return
        if number.kind == "count":
            # "had fallen to 375": what the sentence's subject counts
            level = self.level_of(anchor)
            if level is not None:
                number.head = level
                number.unit = level.text.lower()

    def level_of(self, tok: Token) -> Token | None:
        """'the number of IS attacks ... had fallen to 375' → 'attacks'."""
        prep = tok.head
        if tok.dep_ != "pobj" or prep.lower_ not in ("to", "at", "from", "by", "of", "over") or prep.head.lemma_ not in _LEVEL_VERBS:
            return None
        verb = prep.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return None
        if subj.lower_ in _LEVEL_NOUNS:
            of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            return pobj
        return subj if subj.pos_ == "NOUN" else None

    # ---------------------------------------------------------------- whom it is about

    def entity_name(self, tok: Token | None) -> str | None:
        e = self.index.entity(tok) if tok is not None else None
        return e.name if e is not None and e.type in _ACTOR_TYPES else None

    def about(self, number: _Number) -> None:
        if number.kind == "measure":
            return
        head = number.head
        anchor = ([t for t in number.tokens if _numeric(t)] or number.tokens)[-1]
        own = {t.i for t in number.tokens}

        def actor(tok: Token | None) -> str | None:
            # an entity the NER made of the number itself ("250k Fighters") is no actor
            span = self.index.span(tok) if tok is not None else None
            if span is not None and any(span[0] <= i < span[1] for i in own):
                return None
            return self.entity_name(tok)

        # 1. a named actor in the counted phrase, or its owner
        if head is not None:
            name = actor(head)
            if name is None:
                for t in self.doc[number.last.i + 1: head.i]:
                    if t.dep_ in ("compound", "poss", "nmod", "amod") and actor(t):
                        name = actor(t)
                for c in head.children:
                    if c.dep_ in ("poss", "nmod", "compound") and c.i < head.i and actor(c):
                        name = actor(c)
            if name is None:
                # "2,500 members of IS", "12 fighters from the Syrian National Army"
                for of in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "from")):
                    name = name or next((actor(o) for o in of.children if o.dep_ == "pobj" and actor(o)), None)
            if name is None:
                name = self.recipient(head)
            if name is not None:
                number.subject, number.subject_from = name, "owner"
                return
        np = head if head is not None else anchor
        owner = self.owner(np)
        if owner is not None:
            number.subject, number.subject_from = owner, "owner"
            return
        if self.section.name == "factbox":
            # a fact box item is a figure about the one actor it names
            for t in self.doc:
                name = actor(t)
                if name is not None:
                    number.subject, number.subject_from = name, "owner"
                    return
        # 2. what did the harm the number counts
        verb = self.harm_verb(number, np)
        if verb is not None:
            agent = self.agent(verb)
            if agent:
                number.subject, number.subject_from = agent, "agent"
                return
        # 3. the counted phrase
        if head is not None:
            number.subject, number.subject_from = self.counted_phrase(number, head), "phrase"

    def owner(self, np: Token) -> str | None:
        """'The PMF comprised 70 groups made up of 250,000 fighters' → the PMF: up from the counted
        noun through 'made up of', 'with', 'of' to what a verb of having takes, and its subject."""
        t = np
        for _ in range(6):
            if t.dep_ in ("dobj", "attr", "conj", "appos") and t.head.lemma_ in _OWN_VERBS and t.head.pos_ in ("VERB", "AUX"):
                return self.entity_name(self.subject_token(t.head))
            if t.dep_ == "pobj" or t.dep_ == "prep" or (t.dep_ == "acl" and t.lemma_ in ("make", "consist", "compose", "number", "total")) \
                    or t.dep_ in ("conj", "appos"):
                t = t.head
                continue
            return None
        return None

    def counted_phrase(self, number: _Number, head: Token) -> str:
        """'more than 90 civilian deaths' → 'civilian deaths'; 'school buildings in Gaza'."""
        start = number.tokens[-1].i + 1
        if head.i < start:
            return self.phrase(head)
        if self.doc[start].lower_ == "of":
            start += 1
        end = head.i
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ in ("in", "of", "from", "on", "at", "across", "inside") and c.right_edge.i - end <= 6:
                end = c.right_edge.i
            else:
                break
        toks = [t for t in self.doc[start:end + 1] if not t.is_space]
        while toks and (toks[0].is_punct or toks[0].lower_ in ("the", "a", "an", "more", "other", "further", "additional")) and len(toks) > 1:
            toks.pop(0)
        while toks and toks[-1].is_punct:
            toks.pop()
        if not toks:
            return head.text
        return self.section.text[toks[0].idx: toks[-1].idx + len(toks[-1].text)]

    def recipient(self, head: Token) -> str | None:
        """'$3.3 billion budget allocated to the PMF' → the PMF."""
        for c in head.children:
            if c.dep_ in ("acl", "relcl") and c.lemma_ in _GIVE_VERBS:
                for p in c.children:
                    if p.dep_ in ("prep", "dative") and p.lower_ in ("to", "for"):
                        found = next((self.entity_name(o) for o in p.children if o.dep_ == "pobj" and self.entity_name(o)), None)
                        if found:
                            return found
        return None

    def harm_verb(self, number: _Number, np: Token, verbs: frozenset[str] | set[str] | None = None) -> Token | None:
        """The verb of what was done to the counted: its object, or the verb right before it."""
        verbs = _HARM_VERBS | _GIVE_VERBS | _MONEY_VERBS if verbs is None else verbs
        if np.dep_ in ("dobj", "nsubjpass") and np.head.lemma_ in verbs:
            return np.head
        # the parser lost the object: "killing at least 3,700 people, ..."
        i = number.first.i - 1
        while i >= 0 and self.doc[i].lower_ in {"at", "least", "more", "than", "some", "about", "around", "nearly",
                                                 "almost", "over", "approximately", "up", "to", "an", "estimated", "a"}:
            i -= 1
        if i >= 0 and self.doc[i].lemma_ in verbs and self.doc[i].tag_.startswith("VB"):
            return self.doc[i]
        return None

    def subject_token(self, verb: Token, depth: int = 0) -> Token | None:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("there",):
                return c
        if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            return self.subject_token(verb.head, depth + 1)
        return None

    def agent(self, verb: Token) -> str | None:
        """Who or what did it: the subject of the verb (of the clause a participle hangs on), the
        antecedent of 'that', the 'by' phrase of a passive."""
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        if by is not None:
            obj = next((o for o in by.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return self.entity_name(obj) or self.phrase(obj)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        first = verb
        while first.dep_ == "conj" and first.head.i != first.i and first.tag_ in ("VBG", "VBN") and subj is None:
            first = first.head  # "killing three people and injuring 17"
        if subj is None and first.dep_ in ("advcl", "xcomp") and first.tag_ in ("VBG", "VBN", "VB"):
            # "..., killing at least 24 people": what the main clause says happened
            clause = self.event_clause(first.head, skip=first)
            if clause:
                return clause
        if subj is None and verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBG", "VBN", "VB"):
            subj = self.subject_token(verb.head)
        if subj is None or sentence_bounds(subj) != sentence_bounds(verb):
            return None
        if subj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            antecedent = verb.head
            return self.entity_name(antecedent) or self.phrase(antecedent, cut=verb)
        if subj.lower_ in _THING_PRONOUNS | _PERSON_PRONOUNS:
            return self.pronoun(subj)
        if subj.pos_ == "PRON" or subj.tag_ in ("WDT", "WP", "DT"):
            return None
        return self.entity_name(subj) or self.phrase(subj)

    def event_clause(self, verb: Token, skip: Token) -> str | None:
        """'two guided bombs hit the Epicentr hypermarket in the city': the subject, the verb and
        what and where it hit, without the participle ``skip`` and what follows it."""
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ == "PRON" or subj.i > verb.i:
            return None
        lo = sentence_bounds(verb)[0]
        # a subject the parser found on another line (a caption run into the paragraph) is cut there
        start, end = max(subj.left_edge.i, lo), verb.i
        if start >= verb.i:
            return None
        for c in verb.rights:
            if c.i >= skip.left_edge.i or c.dep_ in ("punct", "cc", "conj", "advcl", "ccomp", "xcomp"):
                break
            if c.dep_ in ("dobj", "prt", "attr", "oprd", "acomp") or (c.dep_ == "prep" and c.lower_ in _PLACE_PREPS):
                end = c.right_edge.i
        toks = [t for t in self.doc[start:end + 1] if not t.is_space]
        while toks and (toks[-1].is_punct or toks[-1].lower_ in ("and", "or")):
            toks.pop()
        if not toks or len(toks) > _CLAUSE:
            return None
        return self.section.text[toks[0].idx: toks[-1].idx + len(toks[-1].text)]

    def phrase(self, head: Token, skip: set[int] | None = None, cut: Token | None = None) -> str:
        """The noun phrase of ``head`` (its relative clauses, and a clause ``cut``, left out)."""
        skip = skip or set()
        lo, hi = sentence_bounds(head)
        start, end = max(lo, head.left_edge.i), min(hi - 1, head.right_edge.i)
        for c in head.rights:
            if c.dep_ in ("relcl", "punct", "appos", "cc", "conj") or (cut is not None and c.i == cut.i):
                end = min(end, c.left_edge.i - 1)
        toks = [t for t in self.doc[start:end + 1] if t.i not in skip and not (t.i < head.i and t.dep_ == "det")]
        while toks and (toks[0].is_punct or toks[0].lower_ in ("of", "the", "a", "an")):
            toks.pop(0)
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        if len(toks) > _LONG:
            toks = [t for t in toks if t.i <= head.i][-_LONG:]
        if not toks:
            return head.text
        return self.section.text[toks[0].idx: toks[-1].idx + len(toks[-1].text)]

    # ---------------------------------------------------------------- who says so

    def pronoun(self, tok: Token) -> str | None:
        """'he' → the person last named before; 'it'/'they' → the actor last named as a subject."""
        person = tok.lower_ in _PERSON_PRONOUNS
        for t in reversed(self.doc[: tok.i]):
            e = self.index.entity(t)
            if e is None:
                continue
            if person and e.type == "PERSON":
                return e.name
            if not person and e.type in ("ORG", "GPE", "NORP"):
                root = t
                span = self.index.span(t)
                if span is not None:
                    root = next((x for x in self.doc[span[0]:span[1]] if not (span[0] <= x.head.i < span[1]) or x.head.i == x.i), t)
                if root.dep_ in ("nsubj", "nsubjpass"):
                    return e.name
        return None

    def speaker(self, verb: Token, number: _Number) -> str | None:
        own = {t.i for t in number.tokens}
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and any(t.i in own for t in subj.subtree):
            subj = None
        if subj is not None and sentence_bounds(subj) != sentence_bounds(verb):
            subj = None
        if subj is None:
            # "... the PMF claims to have": the parser hangs the actor on the verb
            subj = next((c for c in verb.children if c.dep_ in ("compound", "npadvmod") and self.index.entity(c) is not None), None)
        if subj is None:
            return None
        if subj.lower_ in _PERSON_PRONOUNS | _THING_PRONOUNS:
            return self.pronoun(subj)
        named = next((self.entity_name(c) for c in subj.children if c.dep_ == "appos" and self.entity_name(c)), None)
        if subj.lower_ in _REPORT_NOUNS:
            # "an assessment by the UN children's agency, UNICEF, found": whose assessment
            for p in subj.children:
                if p.dep_ == "prep" and p.lower_ in ("by", "from", "of"):
                    for o in p.children:
                        if o.dep_ == "pobj":
                            inner = next((self.entity_name(c) for c in o.children if c.dep_ == "appos" and self.entity_name(c)), None)
                            return self.entity_name(o) or inner or self.phrase(o)
        return self.entity_name(subj) or named or self.phrase(subj)

    def source(self, number: _Number, sent: SpacySpan) -> str | None:
        # "according to X"
        for t in sent:
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                obj = next((o for o in self.doc[t.i + 1].children if o.dep_ == "pobj"), None)
                if obj is not None:
                    return self.entity_name(obj) or self.phrase(obj)
        # the saying verb the number sits under
        tok = number.head if number.head is not None and number.head.i > number.last.i else number.last
        seen = 0
        line = sentence_bounds(tok)
        while seen < 20 and sentence_bounds(tok) == line:
            if tok.lemma_ in _SAY_VERBS and (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
                                             or any(c.dep_ == "nsubj" for c in tok.children)):
                found = self.speaker(tok, number)
                if found and found.lower() not in ("i", "we"):
                    return found  # "we counted" inside a quote: the quote's speaker says so
            if tok.head.i == tok.i:
                break
            tok = tok.head
            seen += 1
        # a quote whose speaker the next sentence names
        if number.first.idx in self.quoted:
            nxt = self.doc[sent.end].sent if sent.end < len(self.doc) else None
            for later in (nxt,):
                if later is None:
                    continue
                root = later.root
                if root.lemma_ in _SAY_VERBS:
                    return self.speaker(root, number)
        return None

    # ---------------------------------------------------------------- when

    def times(self, sent: SpacySpan, numbers: list[_Number]) -> dict[int, str]:
        """Each date phrase of the sentence goes to the number nearest it in the parse."""
        out: dict[int, tuple[int, str]] = {}
        for ent in sent.ents:
            if ent.label_ not in ("DATE", "TIME") or "year-old" in ent.text or "years-old" in ent.text:
                continue
            if any(_SUFFIXED.match(t.text) for t in ent) or not re.search(r"[A-Za-z]|\d{4}", ent.text):
                continue  # "12k" or an age ("31") mislabelled as a date
            if re.search(r"\bold\b", ent.text):
                continue
            best, best_d = None, 7
            for k, number in enumerate(numbers):
                anchor = number.head or number.last
                d = min(_distance(ent.root, anchor), _distance(ent.root, number.last))
                if d < best_d:
                    best, best_d = k, d
            if best is None:
                continue
            text = self.time_text(ent)
            if best not in out or best_d < out[best][0]:
                out[best] = (best_d, text)
        return {k: v for k, (_, v) in out.items()}

    def time_text(self, ent: SpacySpan) -> str:
        doc = self.doc
        start, end = ent.start, ent.end
        if start > 0 and doc[start - 1].lower_ in _TIME_PREPS:
            start -= 1
        if end + 1 < len(doc) and doc[end].lower_ == "so" and doc[end + 1].lower_ == "far":
            end += 2
        return self.section.text[doc[start].idx: doc[end - 1].idx + len(doc[end - 1].text)]

    # ---------------------------------------------------------------- the claim's own words

    def extent(self, number: _Number) -> None:
        doc = self.doc
        start = number.first.i
        if start > 0 and doc[start - 1].lower_ in ("a", "an") and number.first.lower_ in {"half", "dozen", "half-dozen", *_SCALES}:
            start -= 1  # "a dozen", "a half-dozen"
        words = [t.lower_ for t in doc[max(0, start - 3): start]]
        for q in _QUALIFIERS:
            parts = q.split()
            if q not in ("an", "a") and words[-len(parts):] == parts:
                start -= len(parts)
                break
        end = number.tokens[-1].i
        if number.head is not None and number.head.i > end and number.head.i - end <= 8:
            end = number.head.i
        anchor = ([t for t in number.tokens if _numeric(t)] or number.tokens)[-1]
        np = number.head if number.head is not None and number.head.i >= anchor.i else anchor
        if number.kind == "count":
            # what happened to what is counted: "killing at least 24 people", "had fled Filo Gringo"
            verb = self.harm_verb(number, np, _HARM_VERBS)
            if verb is not None and verb.i < start and start - verb.i <= 4:
                start = verb.i
            end = self.predicate_end(np, end)
        number.start = doc[start].idx
        number.end = doc[end].idx + len(doc[end].text)

    def predicate_end(self, np: Token, end: int) -> int:
        """A counted phrase keeps what it says of the counted: '250,000 people estimated to remain
        inside El Fasher', 'some 2.5 million were already displaced', '3,000 soldiers were now
        operating in the area'."""
        lo, hi = sentence_bounds(np)
        for c in np.rights:
            if c.dep_ in ("acl", "relcl"):
                # to the end of the clause, but not past the line or onto the next figure
                stop = min(c.right_edge.i, hi - 1)
                stop = min([stop, *(t.i - 1 for t in c.subtree if _numeric(t) and t.i > np.i)])
                while stop > c.i and (self.doc[stop].is_space or self.doc[stop].is_punct):
                    stop -= 1
                if c.i <= stop and stop - end <= 10:
                    return max(end, stop)
        verb = np.head
        if np.dep_ in ("nsubj", "nsubjpass") and verb.i > end and verb.i - end <= 4 \
                and verb.lemma_ not in _SAY_VERBS | _HEDGES:
            last = verb.i
            for c in verb.rights:
                if c.dep_ in ("punct", "cc", "conj", "advcl", "ccomp", "mark"):
                    break
                if c.dep_ in ("acomp", "attr", "prt", "oprd", "dobj", "prep", "advmod") and c.right_edge.i - verb.i <= 8:
                    last = max(last, c.right_edge.i)
                else:
                    break
            if last < hi and not (last == verb.i and verb.lemma_ == "be"):
                return last  # never a dangling "was"
        return end

    # ---------------------------------------------------------------- all together

    def read(self) -> list[Claim]:
        claims: list[Claim] = []
        for start, end in sentences(self.doc):
            sent = self.doc[start:end]
            numbers = list(self.numbers(sent))
            if not numbers:
                continue
            for number in numbers:
                self.counted(number)
                self.about(number)
            self.inherit(numbers)
            times = self.times(sent, numbers)
            evidence = sentence_span(self.section, list(sent))
            for k, number in enumerate(numbers):
                self.extent(number)
                claims.append(Claim(
                    text=self.section.text[number.start:number.end],
                    value=number.value,
                    unit=number.unit,
                    subject=number.subject,
                    attributed_to=self.source(number, sent),
                    evidence=evidence,
                    time=times.get(k),
                ))
        return claims

    def inherit(self, numbers: list[_Number]) -> None:
        """'375 ..., compared to 1,038', '1,400 Lebanese ... and some 1.2 million': a bare number
        counts what the number before it counts."""
        for k, number in enumerate(numbers):
            if number.unit is not None or number.kind != "count" or k == 0:
                continue
            source = next((n for n in reversed(numbers[:k]) if n.kind == "count" and n.unit is not None), None)
            if source is None:
                continue
            number.unit = source.unit
            if number.subject is None and source.subject_from != "agent":
                number.subject, number.subject_from = source.subject, source.subject_from
            elif number.subject is None:
                number.subject = source.unit


# ---------------------------------------------------------------- small helpers

def _numeric(tok: Token) -> bool:
    low = tok.lower_
    if _DIGITS.match(tok.text):
        return True
    return low in _SMALL or low in _SCALES or low in _VAGUE or low in _FRACTIONS or low in ("half-dozen",)


def _joins(prev: Token, nxt: Token) -> bool:
    """'1.2 million', 'two dozen', 'twenty five': one number; '3 4' or 'two three' not."""
    p, n = prev.lower_, nxt.lower_
    if n in _SCALES or n in ("thousands", "millions", "hundreds", "thirds", "quarters", "fifths", "half"):
        return True
    if p in _SMALL and _SMALL[p] >= 20 and _SMALL.get(n, 99) < 10:
        return True
    if p in _SCALES and (n in _SMALL):
        return True
    return False


def _value(words: list[str]) -> float | int | None:
    """Words and digits of one number → its value ('1.2 million', 'tens of thousands', '250k')."""
    total, current = 0.0, None
    seen = False
    for w in words:
        low = w.lower()
        if low in ("of", "-", "a", "and", "an"):
            continue
        m = _DIGITS.match(w)
        if m:
            n = float(m.group("num").replace(",", ""))
            if m.group("suf"):
                n *= _SUFFIX[m.group("suf")]
            current = (current or 0) + n
            seen = True
        elif low == "half-dozen":
            current = (current or 1) * 6
            seen = True
        elif low in _SMALL:
            current = (current or 0) + _SMALL[low]
            seen = True
        elif low == "half":
            current = (current or 1) * 0.5
            seen = True
        elif low in _SCALES or (low in _VAGUE and seen):
            scale = _SCALES.get(low) or _VAGUE[low]
            current = (current if current is not None else 1) * scale
            if scale >= 1000:
                total += current
                current = None
            seen = True
        elif low in _VAGUE:
            current = float(_VAGUE[low])
            seen = True
        else:
            return None
    if not seen:
        return None
    return _tidy(total + (current or 0))


def _tidy(value: float) -> float | int:
    return int(round(value)) if abs(value - round(value)) < 1e-9 else round(value, 4)


def _noun_head(tok: Token) -> Token | None:
    """The noun a number modifies ('70 ... armed groups', '250,000 fighters')."""
    t = tok
    for _ in range(3):
        if t.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "advmod") and t.head.i != t.i:
            t = t.head
            if t.pos_ in ("NOUN", "PROPN") and not _numeric(t):
                while t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i:
                    t = t.head  # "three drone strikes" counts strikes
                return t
        else:
            return None
    return None


def _unit_after(doc, tok: Token) -> bool:
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.head.i == tok.i or (nxt is not None and tok.head.i == nxt.i)


def _after_brackets(doc, i: int) -> Token | None:
    """The token at ``i``, or after the bracketed aside that starts there."""
    if i < len(doc) and doc[i].text == "(":
        while i < len(doc) and doc[i].text != ")":
            i += 1
        i += 1
    return doc[i] if i < len(doc) else None


def _distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up_a = [a, *a.ancestors]
    index = {t.i: k for k, t in enumerate(up_a)}
    for k, t in enumerate([b, *b.ancestors]):
        if t.i in index:
            return index[t.i] + k
    return 99


def _quoted_chars(text: str) -> set[int]:
    """Character offsets inside double quotation marks, paragraph by paragraph."""
    inside: set[int] = set()
    for para in re.finditer(r"[^\n]+", text):
        opened = None
        for m in re.finditer(r"[“”\"]", para.group()):
            ch = m.group()
            pos = para.start() + m.start()
            if opened is None and ch in "“\"":
                opened = pos
            elif opened is not None and ch in "”\"":
                inside.update(range(opened, pos))
                opened = None
        if opened is not None:
            inside.update(range(opened, para.end()))  # a quote running on to the next paragraph
    return inside


def find_claims(sections: list[Section], entities: list[Entity]) -> list[Claim]:
    """Every numeric claim of the article, in reading order, each with its sentence as evidence."""
    claims: list[Claim] = []
    for section in sections:
        claims.extend(_Reader(section, entities).read())
    # "could cut the $3.3 billion": an amount stated again belongs to whom it belonged before
    for k, claim in enumerate(claims):
        if claim.subject is None and claim.value is not None and (claim.unit in _CURRENCY_SIGNS.values() or claim.value >= 100):
            earlier = next((c for c in claims[:k] if c.value == claim.value and c.subject and c.unit is not None
                            and claim.unit in (None, c.unit)), None)
            if earlier is not None:
                claim.subject = earlier.subject
                claim.unit = claim.unit or earlier.unit
    return claims
