"""Stage 3, understanding: entities with identities, quotes, relations and numeric claims.

    annotator = NlpAnnotator(KnowledgeBase.bundled())
    annotator(article)        # fills article.entities / quotes / relations / claims in place

One spaCy pass per article (every part: title, summary, body, captions, fact-box items), then
rule stages over the parse, in order: entities (``entities.py``) → quotes (``quotes.py``) →
relations (``relations.py``) → claims (``claims.py``). English only: the pipeline does not call
it for other languages.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Article, Entity, Relation
from .claims import find_claims
from .entities import resolve_entities
from .kb import KnowledgeBase
from .model import load_nlp, parse_article
from .quotes import find_quotes
from .relations import find_relations

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["NlpAnnotator", "KnowledgeBase", "load_knowledge_base"]

MAX_PART_CHARS = 200_000  # a part longer than this is not a news article; parsing it would only burn memory


def load_knowledge_base(extra_files: Iterable[Path] = ()) -> KnowledgeBase:
    """The bundled actors and countries plus the user's own YAML files (same schema, theirs win)."""
    return KnowledgeBase.bundled(extra_files)


def _as_written(relation: Relation, entities: list[Entity]) -> Relation:
    """Name each side of a relation the way its evidence sentence writes it ("US State Department"),
    when the canonical name (the KB's "United States Department of State") is not in that sentence."""
    if relation.evidence is None:
        return relation
    span = relation.evidence
    by_name = {e.name: e for e in entities}
    for side in ("subject", "object"):
        name = getattr(relation, side)
        entity = by_name.get(name)
        if entity is None or name in span.text:
            continue
        written = [m.text for m in entity.mentions if m.section == span.section and m.index == span.index
                   and span.start <= m.start < span.end]
        if written:
            setattr(relation, side, max(written, key=len))
    return relation


class NlpAnnotator:
    """Loads the spaCy pipeline once; each call annotates one article in place: entities,
    quotes, relations, claims — and events when a gazetteer is given (one parse for all)."""

    def __init__(self, kb: KnowledgeBase, nlp: Language | None = None, gazetteer=None, extractor: str | None = None) -> None:
        from .. import EXTRACTOR

        self.kb = kb
        self.nlp = nlp if nlp is not None else load_nlp(kb)
        self.gazetteer = gazetteer
        self.extractor = extractor or EXTRACTOR

    def __call__(self, article: Article) -> None:
        too_long = [name for name, text in (("body", article.body), ("title", article.title)) if len(text) > MAX_PART_CHARS]
        if too_long:
            article.warnings.append(f"not annotated: {', '.join(too_long)} longer than {MAX_PART_CHARS} characters")
            return
        sections = parse_article(self.nlp, article)
        article.entities = resolve_entities(sections, self.kb)
        article.quotes = find_quotes(sections, article.entities)
        article.relations = [_as_written(r, article.entities) for r in find_relations(sections, article.entities)]
        article.claims = find_claims(sections, article.entities)
        if self.gazetteer is not None:
            from ..events import code_events

            article.events = code_events(sections, article.entities, article, self.kb, self.gazetteer, self.extractor)
