"""Numeric claims, read from real spaCy parses of passages written for these tests."""
from __future__ import annotations

import pytest

from sitrep.models import Article, Claim, FactBox
from sitrep.nlp.claims import find_claims
from sitrep.nlp.entities import resolve_entities
from sitrep.nlp.kb import KnowledgeBase
from sitrep.nlp.model import load_nlp, parse_article


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(KnowledgeBase.empty())


def read(nlp, body: str, **parts) -> tuple[Article, list[Claim]]:
    article = Article(id="a1", version_id="v1", input_id="test", title=parts.pop("title", "Fighting resumes"),
                      body=body, **parts)
    sections = parse_article(nlp, article)
    return article, find_claims(sections, resolve_entities(sections, KnowledgeBase.empty()))


def claims(nlp, body: str) -> list[Claim]:
    return [c for c in read(nlp, body)[1] if c.evidence.section == "body"]


def only(nlp, body: str) -> Claim:
    found = claims(nlp, body)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


@pytest.mark.parametrize("body, value, unit, text", [
    ("Al-Shabaab has 12k fighters under arms, the Somali government estimates.", 12000, "fighters", "12k fighters"),
    ("The European Union pledged $2.5 billion in aid for Sudan on Monday.", 2_500_000_000, "USD", "$2.5 billion"),
    # what is said of the counted stays with it
    ("More than 1.2 million people have fled the fighting since April, the UN refugee agency said.",
     1_200_000, "people", "More than 1.2 million people have fled the fighting since April"),
    ("At least 87% of the homes in the district were damaged, the report found.", 87, "percent", "At least 87% of the homes"),
    ("Nine soldiers were killed in the ambush near the river.", 9, "soldiers",
     "Nine soldiers were killed in the ambush near the river"),
    ("The convoy lost a half-dozen vehicles in the ambush.", 6, "vehicles", "a half-dozen vehicles"),
    ("Tawila now hosts more than half a million displaced people.", 500_000, "people",
     "more than half a million displaced people"),
    ("Dozens of families were sheltering in the school.", 12, "families", "Dozens of families"),
    ("Tens of thousands of people remain without water.", 10_000, "people", "Tens of thousands of people"),
    ("As much as two-thirds of the province is now controlled by the rebels.", 66.67, "percent",
     "As much as two-thirds of the province"),
    ("A 30m (100ft) crater was left in the road.", 30, "m", "30m"),
])
def test_values_units_and_text(nlp, body, value, unit, text):
    claim = only(nlp, body)
    assert (claim.value, claim.unit, claim.text) == (value, unit, text)


@pytest.mark.parametrize("body", [
    "A 45-year-old teacher was among those who stayed behind.",  # an age
    "She is 31 and lives near the market.",  # an age, said plainly
    "The attack on 12 March 2024 came at 3 a.m., on the second anniversary of the siege.",  # date, time, ordinal
    "The camp lies 12 miles west of Goma.",  # where a place is
    "Photo 2 of 5: residents inspect the damage.",  # a list counter
    "Residents of Block 9 said the water had been cut.",  # part of a name
    "One of them was later released.",  # a pronoun
    "The ceasefire was first agreed in 2019 and renewed in 2021.",  # years
    "Rival clans have used the war to settle scores.",  # not a number at all
])
def test_not_claims(nlp, body):
    assert claims(nlp, body) == []


def test_owner_of_the_counted_things(nlp):
    found = claims(nlp, "The Syrian Democratic Forces have roughly 45 allied units with some 60,000 fighters, "
                        "according to Human Rights Watch.")
    assert [(c.value, c.unit, c.subject, c.attributed_to) for c in found] == [
        (45, "units", "Syrian Democratic Forces", "Human Rights Watch"),
        (60000, "fighters", "Syrian Democratic Forces", "Human Rights Watch"),
    ]


def test_harm_counts_belong_to_what_did_the_harm(nlp):
    claim = only(nlp, "A drone strike on a market in El Fasher killed at least 23 people on Sunday, "
                      "the Sudan Doctors Network said.")
    assert (claim.value, claim.unit, claim.text) == (23, "people", "killed at least 23 people")
    assert "drone strike" in claim.subject
    assert claim.attributed_to == "Sudan Doctors Network"
    assert claim.time == "on Sunday"


def test_a_participle_count_belongs_to_the_main_clause(nlp):
    found = claims(nlp, "Two guided bombs hit a crowded market in Kramatorsk, killing 11 people and injuring 40, "
                        "regional officials said.")
    assert [(c.value, c.unit, c.text) for c in found] == [
        (2, "bombs", "Two guided bombs hit a crowded market in Kramatorsk"),
        (11, "people", "killing 11 people"), (40, "people", "injuring 40")]
    for claim in found[1:]:
        assert claim.subject.startswith("Two guided bombs hit a crowded market in Kramatorsk")
        assert claim.attributed_to == "regional officials"


def test_a_figure_line_keeps_its_description(nlp):
    article, found = read(nlp, "KEY FIGURES\n\n120,000 people estimated to remain inside the city\n\n"
                               "The siege entered its second year in May.")
    assert [(c.value, c.text) for c in found if c.evidence.section == "body"] == [
        (120000, "120,000 people estimated to remain inside the city")]


def test_according_to_and_since(nlp):
    claim = only(nlp, "Airstrikes on the city have killed 48 civilians since 2023, according to Amnesty International.")
    assert (claim.value, claim.unit, claim.attributed_to, claim.time) == (48, "civilians", "Amnesty International", "since 2023")


def test_a_compared_figure_counts_the_same_thing(nlp):
    found = claims(nlp, "The group's attacks fell to 120 for the year so far, compared to 310 last year, "
                        "the Armed Conflict Location and Event Data Project said.")
    assert [(c.value, c.unit, c.time) for c in found] == [
        (120, "attacks", "for the year so far"), (310, "attacks", "last year")]
    assert {c.attributed_to for c in found} == {"Armed Conflict Location and Event Data Project"}


def test_coordinated_bare_figure_inherits_the_unit(nlp):
    found = claims(nlp, "Humanitarian groups say some 30,000 people were displaced, and 4,500 more crossed into Chad.")
    assert [(c.value, c.unit) for c in found] == [(30000, "people"), (4500, "people")]
    assert all(c.attributed_to == "Humanitarian groups" for c in found)


def test_quote_speaker_not_we(nlp):
    claim = only(nlp, "“We counted 17 bodies in the mosque,” said Yusuf Ali, a local volunteer.")
    assert (claim.value, claim.unit, claim.attributed_to) == (17, "bodies", "Yusuf Ali")


def test_pronoun_source_and_repeated_amount(nlp):
    found = claims(nlp, "The World Food Programme said it needed $410 million to feed 2.5 million people "
                        "over the next six months. Donors have so far given less than half of the $410 million.")
    money = [c for c in found if c.unit == "USD"]
    assert [c.value for c in money] == [410_000_000, 410_000_000]
    assert all(c.subject == "World Food Programme" for c in money)  # the second names no owner: it is the same sum
    people = next(c for c in found if c.unit == "people")
    assert (people.value, people.time) == (2_500_000, "over the next six months")


def test_factbox_item_is_its_own_section(nlp):
    article, found = read(nlp, "The Arakan Army controls most of Rakhine state.",
                          factboxes=[FactBox("IN NUMBERS", ["Arakan Army", "30k Fighters the Arakan Army says it commands."])])
    boxed = [c for c in found if c.evidence.section == "factbox"]
    assert [(c.value, c.unit, c.subject, c.evidence.index) for c in boxed] == [
        (30000, "fighters", "Arakan Army", 1)]
    ev = boxed[0].evidence
    assert article.section_text("factbox", ev.index)[ev.start:ev.end] == ev.text


def test_evidence_is_the_sentence(nlp):
    article, found = read(nlp, "Clashes continued overnight. Nine soldiers were killed in the ambush near the river.\n\n"
                               "The army said it would respond.")
    claim = next(c for c in found if c.evidence.section == "body")
    assert claim.evidence.text == "Nine soldiers were killed in the ambush near the river."
    ev = claim.evidence
    assert article.section_text("body")[ev.start:ev.end] == ev.text


def test_title_and_caption_claims(nlp):
    article, found = read(nlp, "Shelling resumed on Monday.", title="Shelling kills 14 in border town",
                          captions=[])
    title = [c for c in found if c.evidence.section == "title"]
    assert [(c.value, c.evidence.index) for c in title] == [(14, None)]
