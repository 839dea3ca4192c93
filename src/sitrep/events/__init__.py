"""Stage 4, event coding: an annotated article → events in ACLED's taxonomy.

    code_events(sections, entities, article, kb, gazetteer, extractor) -> list[Event]

Modules: ``triggers.py`` (the trigger lexicon, data in ``data/event-triggers.yaml``),
``dates.py`` (dates against the article's own date, with precision), ``casualties.py``
(fatalities and injuries, ACLED's conservative counts), ``actors.py`` (ACLED-style actor
names), ``coder.py`` (candidates → merged events). Places come from ``sitrep.geo``.
"""
from __future__ import annotations

from .coder import code_events

__all__ = ["code_events"]
