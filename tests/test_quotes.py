"""Quotes and their speakers, on short news passages written for these tests, through the real
spaCy pipeline (empty knowledge base) and the real entity resolution."""
from __future__ import annotations

import pytest

from sitrep.models import Article, Entity, Quote
from sitrep.nlp.entities import resolve_entities
from sitrep.nlp.kb import KnowledgeBase
from sitrep.nlp.model import Section, load_nlp, parse_article
from sitrep.nlp.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(KnowledgeBase.empty())


def read(nlp, body: str, title: str = "Fighting continues", summary: tuple[str, ...] = ()) -> tuple[list[Section], list[Entity], list[Quote]]:
    article = Article(id="t", version_id="v", input_id="test", title=title, body=body, summary=list(summary))
    sections = parse_article(nlp, article)
    entities = resolve_entities(sections, KnowledgeBase.empty())
    quotes = find_quotes(sections, entities)
    for q in quotes:  # offsets point at the words inside the marks, in the right part
        section = next(s for s in sections if s.name == q.section and s.index == q.index)
        assert section.text[q.start:q.end] == q.text
        assert q.kind in ("direct", "partial", "scare")
        if q.kind == "scare":
            assert q.speaker is None and q.speaker_entity is None
    return sections, entities, quotes


def one(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.text]
    assert len(hits) == 1, (fragment, [q.text for q in quotes])
    return hits[0]


def entity_named(entities: list[Entity], name: str) -> Entity:
    return next(e for e in entities if e.name == name)


def test_inverted_attribution_with_apposition_gives_title_and_org(nlp):
    body = ("Fighting spread to the outskirts of Kosti on Tuesday, local officials said.\n\n"
            "“The road to the south is closed and nobody can leave,” said Amira Hassan, a senior coordinator "
            "at the Sudan Relief Network.")
    _, entities, quotes = read(nlp, body)
    q = one(quotes, "The road to the south is closed")
    assert q.kind == "direct"
    assert q.speaker == "Amira Hassan"
    assert q.speaker_entity == entity_named(entities, "Amira Hassan").id
    assert q.speaker_title == "senior coordinator"
    assert q.speaker_org and "Sudan Relief Network" in q.speaker_org
    assert q.section == "body" and q.index is None


def test_short_name_and_pronoun_resolve_to_full_canonical_name(nlp):
    body = ("Amira Hassan, who runs a kitchen in the camp, said food prices had tripled in a week.\n\n"
            "“People eat one meal a day. Some eat nothing at all,” Hassan said.\n\n"
            "Hassan said the last convoy arrived in May. “We have not seen a truck since,” she said.")
    _, _, quotes = read(nlp, body)
    multi = one(quotes, "People eat one meal a day")
    assert multi.text.endswith("nothing at all,")  # two sentences in one quote
    assert multi.speaker == "Amira Hassan"
    assert one(quotes, "We have not seen a truck").speaker == "Amira Hassan"


def test_second_quote_after_attribution_keeps_the_speaker(nlp):
    body = ("“Our units held the bridge through the night,” Col. Pierre Mbeki told reporters on Monday. "
            "“The enemy withdrew at dawn and left its dead behind.”")
    _, _, quotes = read(nlp, body)
    assert one(quotes, "held the bridge").speaker == "Pierre Mbeki"
    assert one(quotes, "The enemy withdrew").speaker == "Pierre Mbeki"


def test_multi_paragraph_quote_reopens_and_keeps_speaker(nlp):
    body = ("The army spokesman, Col. Pierre Mbeki, said: “Our units held the bridge through the night. "
            "The enemy withdrew at dawn.\n\n"
            "“We will not give up a single metre of that road.”\n\n"
            "The rebels did not comment.")
    sections, _, quotes = read(nlp, body)
    first = one(quotes, "held the bridge")
    assert first.text == "Our units held the bridge through the night. The enemy withdrew at dawn."
    assert "\n" not in first.text  # an open quote ends with its paragraph
    second = one(quotes, "single metre")
    assert first.speaker == second.speaker == "Pierre Mbeki"
    assert second.speaker_title == "army spokesman"


def test_multi_paragraph_quote_attributed_only_at_its_end(nlp):
    body = ("Residents of the district described a night of shelling.\n\n"
            "“The first shell hit the bakery. Then the school.\n\n"
            "“We ran to the river with the children,” said Nadia Karam, a teacher.")
    _, _, quotes = read(nlp, body)
    assert one(quotes, "hit the bakery").speaker == "Nadia Karam"
    assert one(quotes, "ran to the river").speaker == "Nadia Karam"


def test_quote_that_never_closes_ends_at_paragraph_end(nlp):
    body = "Witnesses said the convoy was hit twice.\n\n“It burned for hours and nobody came"
    sections, _, quotes = read(nlp, body)
    q = one(quotes, "It burned for hours")
    assert q.text == "It burned for hours and nobody came"
    assert q.end == len(sections[-1].text)


def test_nested_single_quotes_stay_inside_the_double_quote(nlp):
    body = ("“They keep calling it a ‘temporary measure’ but it has lasted a year,” said Omar Farouk, "
            "who heads the traders’ association in the port.")
    _, _, quotes = read(nlp, body)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text == "They keep calling it a ‘temporary measure’ but it has lasted a year,"
    assert q.speaker == "Omar Farouk"


def test_straight_quotes_colon_and_comma_attribution(nlp):
    body = ('Police chief Daniel Otieno said: "We have arrested four suspects in connection with the attack." '
            'He added, "More arrests will follow this week."')
    _, _, quotes = read(nlp, body)
    first = one(quotes, "arrested four suspects")
    assert first.speaker == "Daniel Otieno"
    assert first.speaker_title and "chief" in first.speaker_title
    assert one(quotes, "More arrests").speaker == "Daniel Otieno"


def test_attribution_in_the_sentence_before_carries_to_the_quote(nlp):
    body = ("There is no clean water left in the camp, Leila Mansouri, a nurse with the Red Crescent, "
            "told Reuters. “Children are drinking from the canal.”")
    _, _, quotes = read(nlp, body)
    q = one(quotes, "drinking from the canal")
    assert q.kind == "direct"
    assert q.speaker == "Leila Mansouri"
    assert q.speaker_title == "nurse"


def test_quote_only_paragraph_takes_last_person_named_before(nlp):
    body = ("Father Thomas Aye, the parish priest, has sheltered 200 people in the church hall since March.\n\n"
            "“Nobody comes to help us. We share what we have.”")
    _, _, quotes = read(nlp, body)
    q = one(quotes, "Nobody comes to help us")
    assert q.speaker is not None and q.speaker.endswith("Thomas Aye")
    assert q.speaker_title == "parish priest"


def test_quote_only_paragraph_continues_previous_quote_speaker(nlp):
    body = ("“The checkpoint was empty when we passed,” said Samir Haddad, a driver for the aid convoy.\n\n"
            "“Ten minutes later the shooting started.”")
    _, _, quotes = read(nlp, body)
    assert one(quotes, "Ten minutes later").speaker == "Samir Haddad"


def test_role_given_by_apposition_resolves_his_mother(nlp):
    body = ("Rescuers pulled three bodies from the rubble of a house in Jabalia overnight.\n\n"
            "Yousef Salem’s mother, Huda Salem, said the family had been asleep. “We heard the plane and then "
            "the roof fell on us,” she said.\n\n"
            "Ahmad Yassin, a neighbour, said he ran to help. “I dug with my hands until the morning,” he said.\n\n"
            "“I only want to bury my son,” his mother said.")
    _, _, quotes = read(nlp, body)
    assert one(quotes, "the roof fell on us").speaker == "Huda Salem"
    assert one(quotes, "I dug with my hands").speaker == "Ahmad Yassin"
    son = one(quotes, "bury my son")
    assert son.speaker == "Huda Salem"
    assert son.speaker_title == "mother"


def test_the_ministry_is_the_ministry_named_before(nlp):
    body = ("The Ministry of Public Health said on Sunday that 14 people were killed in the strike.\n\n"
            "“Most of the victims were women buying bread,” the ministry said.")
    _, entities, quotes = read(nlp, body)
    q = one(quotes, "Most of the victims")
    assert q.speaker is not None and "Ministry of Public Health" in q.speaker
    assert q.speaker_entity is not None


def test_organisation_statement_partial_quote(nlp):
    body = ("The Al-Awda Hospital said in a statement that its generators “will stop within 48 hours” "
            "unless fuel is allowed in.")
    _, _, quotes = read(nlp, body)
    q = one(quotes, "will stop within 48 hours")
    assert q.kind == "partial"
    assert q.speaker is not None and "Al-Awda Hospital" in q.speaker


def test_anonymous_source_keeps_its_description(nlp):
    body = ("A senior security official, who spoke on condition of anonymity because he was not authorised "
            "to brief reporters, said, “The attackers knew the convoy schedule.”\n\n"
            "“They had help from inside the base,” the official said.")
    _, _, quotes = read(nlp, body)
    first = one(quotes, "knew the convoy schedule")
    assert first.speaker == "A senior security official"
    assert first.speaker_entity is None
    assert one(quotes, "help from inside").speaker == "A senior security official"


def test_pronoun_after_anonymous_source_is_that_source(nlp):
    body = ("Governor Ibrahim Lawal visited the town on Friday.\n\n"
            "A farmer who escaped by hiding in the forest said the gunmen came on motorbikes. "
            "“They were calling out names from a list,” he said.")
    _, _, quotes = read(nlp, body)
    assert one(quotes, "calling out names").speaker == "A farmer"


def test_the_general_is_the_officer_introduced_with_that_rank(nlp):
    body = ("The operation is commanded by Gen. Marcos Duarte. The general said on Monday that 2,000 troops "
            "had been deployed.\n\n"
            "“We will not allow these groups to hold the valley,” the general told reporters.")
    _, _, quotes = read(nlp, body)
    assert one(quotes, "hold the valley").speaker == "Marcos Duarte"


def test_partial_quote_in_reported_sentence(nlp):
    body = ("Interior Minister Karim Jaber described the agreement as a “dead end.” "
            "He said the truce was “fragile at best” and could collapse within days.")
    _, _, quotes = read(nlp, body)
    dead = one(quotes, "dead end")
    assert dead.kind == "partial"
    assert dead.speaker == "Karim Jaber"
    assert dead.speaker_title == "Interior Minister"
    fragile = one(quotes, "fragile at best")
    assert fragile.kind == "partial" and fragile.speaker == "Karim Jaber"


def test_title_before_name_splits_organisation(nlp):
    body = "Amnesty researcher Dalia Mourad said the detainees had been “held without charge for months.”"
    _, _, quotes = read(nlp, body)
    q = one(quotes, "held without charge")
    assert q.speaker == "Dalia Mourad"
    assert q.speaker_title == "researcher"
    assert q.speaker_org == "Amnesty"


def test_scare_quotes_and_quoted_names_have_no_speaker(nlp):
    body = ("Officials blamed the so-called “Desert Hawks” brigade for the ambush.\n\n"
            "The government said it would resume its “zero tolerance” policy toward smugglers.\n\n"
            "The militia, known as “the Guardians”, controls the crossing.\n\n"
            'The commander founded "Saraya al-Mukhtar" in 2013, a defector said.')
    _, _, quotes = read(nlp, body)
    for fragment in ("Desert Hawks", "zero tolerance", "the Guardians", "Saraya al-Mukhtar"):
        q = one(quotes, fragment)
        assert q.kind == "scare", fragment
        assert q.speaker is None


def test_quoted_word_with_a_speaker_calling_it_is_partial(nlp):
    body = "The ministry condemned the shelling of the school, calling it a “cowardly crime.”"
    _, _, quotes = read(nlp, body)
    q = one(quotes, "cowardly crime")
    assert q.kind == "partial"
    assert q.speaker is not None and "ministry" in q.speaker.lower()


def test_headline_single_quotes_and_summary(nlp):
    _, _, quotes = read(nlp, "The agency said its teams were ready.",
                        title="UN agency warns of ‘total collapse’ of aid in Darfur",
                        summary=("Convoys stopped for a third week",))
    q = one(quotes, "total collapse")
    assert q.section == "title"
    assert q.kind == "partial"


def test_no_crash_on_hard_text(nlp):
    long_sentence = ("The spokesman said " + ", and ".join(f"the unit shelled village number {i}" for i in range(300))
                     + " before calling it “a necessary step.”")
    arabic = "قال المتحدث باسم الدفاع المدني “لا يوجد مكان آمن” في غزة. “We are exhausted,” said Mahmoud Basal."
    for body in (long_sentence, arabic, "“", "” “ \" ’ ‘", "“Open\n\n“Open again\n\n\"", "He said 5\" of rain fell."):
        read(nlp, body)
    _, _, quotes = read(nlp, arabic)
    assert one(quotes, "We are exhausted").speaker == "Mahmoud Basal"


def test_role_noun_and_fuller_phrase_point_back_to_the_named_person(nlp):
    body = ("The leader of the fishermen’s union, Tomas Okello, said boats had not left the harbour for a week.\n\n"
            "Patrol boats fired on two canoes near the island on Sunday, residents said.\n\n"
            "“We cannot feed our families from the shore,” the union leader said.\n\n"
            "“Nobody has told us when we can go back,” the leader of the union said.")
    _, _, quotes = read(nlp, body)
    assert one(quotes, "feed our families").speaker == "Tomas Okello"
    assert one(quotes, "Nobody has told us").speaker == "Tomas Okello"
    assert one(quotes, "feed our families").speaker_title == "leader of the fishermen’s union"


def test_told_agency_colon_and_wrote(nlp):
    body = ("Hamid Karimi, the mayor of Zaranj, told Reuters: “The bridge is gone and the river is rising.”\n\n"
            "Karimi later posted a photo of the flooded market. “Nobody should try to cross tonight,” he wrote.")
    _, _, quotes = read(nlp, body)
    bridge = one(quotes, "The bridge is gone")
    assert bridge.kind == "direct" and bridge.speaker == "Hamid Karimi"
    assert (bridge.speaker_title, bridge.speaker_org) == ("mayor", "Zaranj")
    assert one(quotes, "Nobody should try to cross").speaker == "Hamid Karimi"
