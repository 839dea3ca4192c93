"""Fatality and injury counts in a sentence, the conservative way ACLED counts them.

"killing at least 24 people" → 24; "Nine insurgents and two soldiers were killed" → 11;
"dozens" → 12, "scores" → 20, "hundreds" → 100, "a few" → 3, "several" → no figure (ACLED
codes vague words it can bound; "several" it cannot); "killed X alongside Y" → 2 (named
people). A figure is kept with the words it came from; the best estimate is the lowest
credible one ("at least 6" → 6; "between 10 and 15" → 10, high 15).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

WORD_NUMBERS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "a dozen": 12, "half a dozen": 6, "half-dozen": 6, "dozens": 12, "scores": 20, "hundreds": 100,
    "a few": 3, "a couple": 2, "tens": 10, "thousands": 1000, "a handful": 3,
}
_NUM = (r"(?:\d{1,3}(?:,\d{3})+|\d+|half a dozen|half-dozen|a dozen|a few|a couple|a handful|dozens|scores|hundreds|thousands|tens|"
        r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
        r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")
_QUAL = r"(?:(?P<qual>at least|more than|over|nearly|almost|about|around|some|roughly|up to|as many as|an estimated|approximately)\s+)?"
_WHO = (r"(?:(?!and\b|or\b|\d)\w+[- ]){0,3}?(?:people|persons|civilians|soldiers|troops|fighters|militants|insurgents|rebels|policemen|police officers|officers|"
        r"members|villagers|residents|children|women|men|workers|worshippers|protesters|demonstrators|passengers|farmers|students|"
        r"staff|patients|employees|others|personnel|guards|gunmen|attackers|perpetrators|assailants|family members|relatives|"
        r"displaced|herders|miners|fishermen|journalists|aid workers|[A-Z][a-z]+(?:is|ans|ese|ians|s))")
_KILLED = r"(?:killed|dead|died|slain|killed and|lost their lives|were killed|have been killed|had been killed|was killed|shot dead)"
_INJURED = r"(?:injured|wounded|hurt|injuries)"

_PATTERNS_KILLED = [
    re.compile(rf"\b{_QUAL}(?P<n>{_NUM})\s+{_WHO},?\s+and\s+(?:(?:at least|some|about|around)\s+)?(?P<n2>{_NUM})\s+{_WHO}\s+(?:were|have been|had been)\s+(?:\w+\s+)?(?:killed|slain)\b", re.IGNORECASE),
    re.compile(rf"\b(?:killing|killed|kills|kill|leaving|left)\s+{_QUAL}(?P<n>{_NUM})\b(?:\s+{_WHO})?", re.IGNORECASE),
    re.compile(rf"\b{_QUAL}(?P<n>{_NUM})\s+{_WHO}\s+(?:(?:were|was|have been|had been|are|being)\s+)?(?:\w+\s+){{0,2}}?(?:killed|dead|died|slain|shot dead)\b", re.IGNORECASE),
    re.compile(rf"\b{_QUAL}(?P<n>{_NUM})\s+(?:(?:were|have been|had been)\s+)?(?:killed|dead|deaths|fatalities|bodies)\b", re.IGNORECASE),
    re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,4}}?(?:to|at|of|reached|stood at|rose to|climbed to)\s+{_QUAL}(?P<n>{_NUM})\b", re.IGNORECASE),
    re.compile(rf"\b(?:shot dead|killed|killing)\s+(?P<n>a|an|one)\s+\w+", re.IGNORECASE),
    re.compile(rf"\b(?P<n>a|an|one)\s+(?:\w+[- ]){{0,3}}?(?:\w+)\s+(?:was|has been|had been)\s+(?:\w+\s+)?(?:killed|shot dead|beaten to death|hacked to death|stabbed to death)\b", re.IGNORECASE),
]
_PATTERNS_INJURED = [
    re.compile(rf"\b(?:wounding|injuring|injured|wounded|hurting)\s+{_QUAL}(?P<n>{_NUM})\b", re.IGNORECASE),
    re.compile(rf"\b{_QUAL}(?P<n>{_NUM})\s+(?:{_WHO}\s+)?(?:(?:were|was|have been|had been)\s+)?(?:\w+\s+){{0,2}}?{_INJURED}\b", re.IGNORECASE),
]
_NO_DEATHS = re.compile(r"\b(?:no (?:one|casualties|deaths|fatalities)|nobody) (?:was|were)? ?(?:killed|hurt|injured|reported)|\bwithout (?:causing )?casualties"
                        r"|\bno (?:immediate )?reports? of (?:any )?(?:casualties|injuries|deaths|fatalities)|\bno (?:casualties|injuries) (?:were|was) reported"
                        r"|\b(?:the )?(?:crew|passengers) (?:was|were) (?:safe|unharmed)", re.IGNORECASE)
_ALONGSIDE = re.compile(r"\bkilled\s+(?:[\w-]+\s+){0,4}?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*\s+(?:alongside|along with|together with|and)\s+(?:[\w-]+\s+){0,4}?[A-Z][\w-]+", re.UNICODE)


_KILLED_NAMED = re.compile(r"\b(?:killed|assassinated|shot dead)\s+(?:[a-z-]+\s+){0,3}?[A-Z][\w'’-]+(?:\s+(?:al-|bin\s+)?[A-Z][\w'’-]+){1,3}\b")


@dataclass
class Count:
    best: int
    low: int
    high: int
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"best": self.best, "low": self.low, "high": self.high, "text": self.text}


def number(word: str) -> int | None:
    w = word.lower().replace(",", "").strip()
    if w.isdigit():
        return int(w)
    if w in WORD_NUMBERS:
        return WORD_NUMBERS[w]
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in WORD_NUMBERS and parts[1] in WORD_NUMBERS:
        return WORD_NUMBERS[parts[0]] + WORD_NUMBERS[parts[1]]
    return None


def _collect(sentence: str, patterns: list[re.Pattern[str]]) -> list[Count]:
    found: list[Count] = []
    for pattern in patterns:
        for m in pattern.finditer(sentence):
            value = number(m.group("n"))
            if value is None or value > 100000:
                continue
            if m.groupdict().get("n2"):
                value += number(m.group("n2")) or 0
            if re.match(r"\s*(?:-|‑)?\s*(?:year|month|day|km|kilomet|mile|meter|metre|percent|%)", sentence[m.end("n"):m.end("n") + 12], re.IGNORECASE):
                continue  # "a 45-year-old", "30 kilometres"
            qual = (m.groupdict().get("qual") or "").lower()
            high = value
            if qual in ("more than", "over"):
                value = value + (1 if value < 10 else 0)  # "more than 90": at least 91 for small numbers, else keep
            if any(c.start <= m.start() < c.end or m.start() <= c.start < m.end() for c in found):
                continue
            found.append(Count(value, value, high, m.group(0).strip(), m.start(), m.end()))
    return found


def _sum_conjoined(sentence: str, counts: list[Count]) -> list[Count]:
    """'Nine insurgents and two soldiers were killed': two counts joined by 'and' before one verb add up."""
    merged: list[Count] = []
    for count in sorted(counts, key=lambda c: c.start):
        if merged:
            between = sentence[merged[-1].end:count.start]
            if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", between) or re.fullmatch(r"\s*(?:\w+\s+){0,2}and\s*", between):
                last = merged[-1]
                merged[-1] = Count(last.best + count.best, last.low + count.low, last.high + count.high,
                                   sentence[last.start:count.end], last.start, count.end)
                continue
        merged.append(count)
    return merged


def fatalities(sentence: str) -> Count | None:
    """The fatality count a sentence reports, or None when it gives no figure (0 only when it says so)."""
    if _NO_DEATHS.search(sentence):
        m = _NO_DEATHS.search(sentence)
        return Count(0, 0, 0, m.group(0), m.start(), m.end())
    counts = _sum_conjoined(sentence, _collect(sentence, _PATTERNS_KILLED))
    if not counts:
        m = _ALONGSIDE.search(sentence)
        if m:
            return Count(2, 2, 2, m.group(0), m.start(), m.end())
        m = _KILLED_NAMED.search(sentence)
        if m:  # "killed Mohammed Rashid Skafi, the head of ...": one named person
            return Count(1, 1, 1, m.group(0), m.start(), m.end())
        return None
    best = max(counts, key=lambda c: c.best)
    return best


def injured(sentence: str) -> Count | None:
    if (m := _NO_DEATHS.search(sentence)) and re.search(r"hurt|injur|casualt|safe|unharmed", m.group(0)):
        return Count(0, 0, 0, m.group(0), m.start(), m.end())
    counts = _sum_conjoined(sentence, _collect(sentence, _PATTERNS_INJURED))
    return max(counts, key=lambda c: c.best) if counts else None
