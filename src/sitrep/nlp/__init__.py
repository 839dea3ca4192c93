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

from ..models import Article
from .entities import resolve_entities
from .kb import KnowledgeBase
from .model import load_nlp, parse_article

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["NlpAnnotator", "KnowledgeBase", "load_knowledge_base"]

MAX_PART_CHARS = 200_000  # a part longer than this is not a news article; parsing it would only burn memory


def load_knowledge_base(extra_files: Iterable[Path] = ()) -> KnowledgeBase:
    """The bundled actors and countries plus the user's own YAML files (same schema, theirs win)."""
    return KnowledgeBase.bundled(extra_files)


class NlpAnnotator:
    """Loads the spaCy pipeline once; each call annotates one article in place."""

    def __init__(self, kb: KnowledgeBase, nlp: Language | None = None) -> None:
        self.kb = kb
        self.nlp = nlp if nlp is not None else load_nlp(kb)

    def __call__(self, article: Article) -> None:
        too_long = [name for name, text in (("body", article.body), ("title", article.title)) if len(text) > MAX_PART_CHARS]
        if too_long:
            article.warnings.append(f"not annotated: {', '.join(too_long)} longer than {MAX_PART_CHARS} characters")
            return
        sections = parse_article(self.nlp, article)
        article.entities = resolve_entities(sections, self.kb)
