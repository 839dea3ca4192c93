"""Entities: one identity per actor inside an article, with and without the knowledge base."""
from __future__ import annotations

import pytest

from sitrep.models import Article
from sitrep.nlp import NlpAnnotator
from sitrep.nlp.kb import KnowledgeBase

TEXT = (
    "Fighters of the Tanzim Liwa al-Fajr (TLF) stormed a police post near Kidal on Monday, the regional governor said. "
    "The TLF, known locally as Jamaat al-Fajr, has grown since 2023.\n\n"
    "Colonel Moussa Ag Hamid, who commands the garrison, said two of his men were wounded. "
    "Ag Hamid added that reinforcements had arrived. His brother, Ibrahim Hamid, a trader in Gao, said the road was closed.\n\n"
    "Analysts say Qasem Haidari, the group's spokesman, had warned of attacks. Qassem Haidari did not answer calls."
)


def article(text: str = TEXT) -> Article:
    return Article(id="a", version_id="v", input_id="t", title="Attack near Kidal", body=text)


@pytest.fixture(scope="module")
def empty_annotator() -> NlpAnnotator:
    return NlpAnnotator(KnowledgeBase.empty())


@pytest.fixture(scope="module")
def bundled_annotator() -> NlpAnnotator:
    return NlpAnnotator(KnowledgeBase.bundled())


def entity_with(entities, form):
    hits = [e for e in entities if form.lower() in {e.name.lower(), *(a.lower() for a in e.aliases), *(m.text.lower() for m in e.mentions)}]
    assert hits, f"no entity has the form {form!r}: {[e.name for e in entities]}"
    return hits[0]


def test_text_states_aliases_and_they_merge_without_a_kb(empty_annotator):
    a = article()
    empty_annotator(a)
    tlf = entity_with(a.entities, "TLF")
    assert entity_with(a.entities, "Tanzim Liwa al-Fajr") is tlf  # "Name (ACR)"
    assert entity_with(a.entities, "Jamaat al-Fajr") is tlf  # "known locally as"


def test_short_forms_and_transliterations_without_a_kb(empty_annotator):
    a = article()
    empty_annotator(a)
    colonel = entity_with(a.entities, "Ag Hamid")
    assert colonel is entity_with(a.entities, "Moussa Ag Hamid")
    brother = entity_with(a.entities, "Ibrahim Hamid")
    assert brother is not colonel  # a relative sharing a family name stays apart
    assert entity_with(a.entities, "Qasem Haidari") is entity_with(a.entities, "Qassem Haidari")


def test_mentions_point_at_their_words(empty_annotator):
    a = article()
    empty_annotator(a)
    for entity in a.entities:
        for m in entity.mentions:
            assert a.section_text(m.section, m.index)[m.start:m.end] == m.text


def test_kb_links_aliases_across_articles(bundled_annotator):
    one = article("Islamic State fighters attacked a checkpoint near Deir ez-Zor, the Syrian Democratic Forces (SDF) said.")
    two = article("The SDF said Daesh cells had regrouped in the desert, and that ISIS still held prisoners.")
    bundled_annotator(one)
    bundled_annotator(two)
    is_one = entity_with(one.entities, "Islamic State")
    is_two = entity_with(two.entities, "Daesh")
    assert is_one.kb_id and is_one.kb_id == is_two.kb_id
    assert entity_with(two.entities, "ISIS") is is_two
    assert entity_with(one.entities, "SDF").kb_id == entity_with(two.entities, "SDF").kb_id


def test_kb_keeps_namesakes_apart(bundled_annotator):
    a = article("Kataib Hezbollah fired drones at a base, while Hezbollah in Lebanon stayed quiet. "
                "Houthi leader Abdul Malik al-Houthi praised the Houthis.")
    bundled_annotator(a)
    assert entity_with(a.entities, "Kataib Hezbollah") is not entity_with(a.entities, "Hezbollah")
    assert entity_with(a.entities, "Houthis") is not entity_with(a.entities, "Abdul Malik al-Houthi")
    assert entity_with(a.entities, "Houthis").type == "ORG"


@pytest.mark.parametrize("body", [
    "It rained all week and the markets were quiet.",  # no entities at all
    "“They came at night and they never left, " * 40,  # a quote that never closes, very long
    ("The convoy passed " + ", ".join(f"village number {i}" for i in range(400)) + "."),  # one enormous sentence
    "قالت الشرطة إن الهجوم وقع ليلا. Police in Mosul said the attack happened at night.",  # mixed scripts
])
def test_hard_input_never_crashes(bundled_annotator, body):
    a = article(body)
    bundled_annotator(a)
    for q in a.quotes:
        assert a.section_text(q.section, q.index)[q.start:q.end] == q.text


def test_oversized_part_is_skipped_with_a_warning(bundled_annotator):
    a = article("Gunmen attacked a convoy. " * 20000)
    bundled_annotator(a)
    assert a.entities == [] and any("not annotated" in w for w in a.warnings)


def test_an_acronym_the_article_defines_means_what_the_article_says(bundled_annotator):
    # The knowledge base knows "BRN" as Barisan Revolusi Nasional; this article defines it otherwise.
    text = ("The Basra Rights Network (BRN), a local monitoring group, said at least 43 people had been "
            "detained overnight. \"Many were taken from their homes after midnight,\" said a lawyer with the BRN. "
            "Separately, the Rapid Support Forces (RSF) said its fighters had repelled an attack near El Fasher.")
    annotated = article(text)
    bundled_annotator(annotated)
    network = entity_with(annotated.entities, "BRN")
    assert network.name == "Basra Rights Network" and network.kb_id is None
    assert entity_with(annotated.entities, "RSF").kb_id == "sitrep:rsf"  # defined as the KB says: kept
