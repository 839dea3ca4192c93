"""Event triggers (``data/event-triggers.yaml``) compiled once, and matched against sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class TriggerRule:
    pattern: re.Pattern[str]
    event_type: str | None
    sub_event_type: str | None
    priority: int
    unless: re.Pattern[str] | None
    generic: bool


@dataclass(frozen=True)
class TriggerMatch:
    rule: TriggerRule
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def load_triggers() -> tuple[TriggerRule, ...]:
    data = yaml.safe_load(resources.files("sitrep").joinpath("data").joinpath("event-triggers.yaml").read_text(encoding="utf-8"))
    rules = []
    for row in data["rules"]:
        rules.append(TriggerRule(
            pattern=re.compile(rf"(?<![\w-])(?:{row['pattern']})(?![\w])", re.IGNORECASE),
            event_type=row.get("type"), sub_event_type=row.get("sub"), priority=int(row.get("priority", 0)),
            unless=re.compile(row["unless"], re.IGNORECASE) if row.get("unless") else None,
            generic=bool(row.get("generic")),
        ))
    return tuple(sorted(rules, key=lambda r: -r.priority))


def match_triggers(sentence: str) -> list[TriggerMatch]:
    """Every rule that fires in the sentence, highest priority first (vetoed rules left out)."""
    found = []
    for rule in load_triggers():
        if rule.unless is not None and rule.unless.search(sentence):
            continue
        m = rule.pattern.search(sentence)
        if m:
            found.append(TriggerMatch(rule, m.start(), m.end(), m.group(0)))
    return found
