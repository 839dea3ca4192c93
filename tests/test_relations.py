"""Relations between actors, read from real spaCy parses of passages written for these tests."""
from __future__ import annotations

import pytest

from sitrep.models import Article, Relation
from sitrep.nlp.entities import resolve_entities
from sitrep.nlp.kb import KnowledgeBase
from sitrep.nlp.model import load_nlp, parse_article
from sitrep.nlp.relations import PREDICATES, find_relations


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(KnowledgeBase.empty())


def read(nlp, body: str, title: str = "Fighting resumes") -> tuple[Article, list[Relation]]:
    article = Article(id="a1", version_id="v1", input_id="test", title=title, body=body)
    sections = parse_article(nlp, article)
    entities = resolve_entities(sections, KnowledgeBase.empty())
    return article, find_relations(sections, entities)


def triples(nlp, body: str) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in read(nlp, body)[1]}


@pytest.mark.parametrize("body, expected", [
    # an organisation's own organisation
    ("Fighters from Hezbollah’s elite Radwan Force were moved south of the Litani River last month, according to residents.",
     ("Radwan Force", "part_of", "Hezbollah")),
    ("The Arakan Army’s political wing, the United League of Arakan, issued a statement.",
     ("United League of Arakan", "part_of", "Arakan Army")),
    ("The Qassam Brigades, Hamas’s armed wing, said it fired rockets.",
     ("Qassam Brigades", "part_of", "Hamas")),
    # member factions
    ("The Nujaba movement, one of the factions of the Popular Mobilization Forces, has threatened to strike American bases.",
     ("Nujaba", "member_of", "Popular Mobilization Forces")),
    ("Ahmed Salem, a member of the Sudan Liberation Movement, said the talks had failed.",
     ("Ahmed Salem", "member_of", "Sudan Liberation Movement")),
])
def test_parts_and_members(nlp, body, expected):
    assert expected in triples(nlp, body)


@pytest.mark.parametrize("body, expected", [
    ("The assault was planned by Al-Shabaab commander Ahmed Diriye, officials said.",
     ("Ahmed Diriye", "leads", "Al-Shabaab")),
    ("Mahamat Idriss Deby, the leader of the Transitional Military Council, visited the border town on Sunday.",
     ("Idriss Deby", "leads", "Transitional Military Council")),
    ("The town fell to the Rapid Support Forces, led by Mohamed Hamdan Dagalo, in October.",
     ("Mohamed Hamdan Dagalo", "leads", "Rapid Support Forces")),
    ("The M23 rebels, led by Sultani Makenga, seized the airport.",
     ("Sultani Makenga", "leads", "M23")),
    ("Officials said Abu Mohammed al-Jolani’s armed group, Hayat Tahrir al-Sham, controlled the crossing.",
     ("Abu Mohammed al-Jolani", "leads", "Hayat Tahrir al-Sham")),
])
def test_leaders(nlp, body, expected):
    assert expected in triples(nlp, body)


@pytest.mark.parametrize("body, expected", [
    ("“The ceasefire is fragile,” said Miriam Okafor, a senior analyst at the International Crisis Group.",
     ("Miriam Okafor", "affiliated_with", "International Crisis Group")),
    ("Ahmed Kaddour, the Red Crescent spokesperson, said teams had reached the village.",
     ("Ahmed Kaddour", "affiliated_with", "Red Crescent")),
    ("Pentagon spokesperson Sabrina Singh said the strikes were defensive.",
     ("Sabrina Singh", "affiliated_with", "Pentagon")),
])
def test_affiliations(nlp, body, expected):
    assert expected in triples(nlp, body)


@pytest.mark.parametrize("body, expected", [
    # a country is led only by its head of state or government; other office holders are affiliated
    ("Nigerian President Bola Tinubu ordered the deployment on Tuesday.", ("Bola Tinubu", "leads", "Nigeria")),
    ("Turkish Foreign Minister Hakan Fidan arrived in Damascus on Monday.", ("Hakan Fidan", "affiliated_with", "Turkey")),
    # a military rank; the parser ends the sentence after "Gen.", the title still reaches the name
    ("Sudanese Brig. Gen. Nabil Abdallah said the army had repelled the attack.", ("Nabil Abdallah", "affiliated_with", "Sudan")),
    ("UN Secretary-General Antonio Guterres called for a ceasefire.", ("Antonio Guterres", "leads", "UN")),
    # a former head of government no longer leads (relations carry no dates)
    ("Former Pakistani Prime Minister Imran Khan remains in jail.", ("Imran Khan", "affiliated_with", "Pakistan")),
    # the head of a unit of an organisation is a member of it
    ("The attack was condemned by UN human rights chief Volker Turk.", ("Volker Turk", "member_of", "UN")),
])
def test_titles_before_names(nlp, body, expected):
    assert expected in triples(nlp, body)


@pytest.mark.parametrize("body, expected", [
    ("The Iran-backed Houthis have fired missiles at ships in the Red Sea.", ("Houthis", "backed_by", "Iran")),
    ("The Kataib Sayyid al-Shuhada, funded by Iran, claimed the drone attack.",
     ("Kataib Sayyid al-Shuhada", "backed_by", "Iran")),
    ("The Wagner Group, which takes its orders from the Kremlin, has left the town.", ("Wagner Group", "backed_by", "Kremlin")),
    ("Analysts say Hamas has received much of its funding from Qatar, its main backer.", ("Hamas", "backed_by", "Qatar")),
    # a tie stated of unnamed members, carried to the named group that includes them
    ("The Southern Transitional Council includes several brigades loyal to the United Arab Emirates.",
     ("Southern Transitional Council", "backed_by", "United Arab Emirates")),
    ("An alliance of Turkish-backed factions calling itself the Syrian National Army attacked the town.",
     ("Syrian National Army", "backed_by", "Turkey")),
])
def test_backing(nlp, body, expected):
    assert expected in triples(nlp, body)


@pytest.mark.parametrize("body, expected", [
    ("The Rapid Intervention Force now reports to the Ministry of Interior.",
     ("Rapid Intervention Force", "reports_to", "Ministry of Interior")),
    ("He served with the Border Guard Force, a unit under the Ministry of Defence.",
     ("Border Guard Force", "part_of", "Ministry of Defence")),
    ("The Sudanese Armed Forces and allied Darfur Joint Protection Force retook the town.",
     ("Darfur Joint Protection Force", "allied_with", "Sudanese Armed Forces")),
    ("The Houthis, allied with Iran, have threatened shipping.", ("Houthis", "allied_with", "Iran")),
    ("The fighting between the Sudanese Armed Forces and the Rapid Support Forces has displaced millions.",
     ("Sudanese Armed Forces", "opposes", "Rapid Support Forces")),
    ("Al-Shabaab has been battling the Somali National Army for more than a decade.",
     ("Al-Shabaab", "opposes", "Somali National Army")),
    ("The clashes between Fatah and Hamas left three dead.", ("Fatah", "opposes", "Hamas")),
])
def test_command_alliance_and_conflict(nlp, body, expected):
    assert expected in triples(nlp, body)


@pytest.mark.parametrize("body, expected", [
    ("Al-Shabaab pledged allegiance to al-Qaeda in 2012.", ("Al-Shabaab", "affiliated_with", "al-Qaeda")),
    ("The al-Qaeda-linked Hurras al-Din claimed the attack.", ("Hurras al-Din", "affiliated_with", "al-Qaeda")),
    ("The Wagner Group is linked to the Kremlin, analysts say.", ("Wagner Group", "affiliated_with", "Kremlin")),
    ("The Hamas-run Gaza Health Ministry said the toll had risen.", ("Gaza Health Ministry", "reports_to", "Hamas")),
    ("Russia's Africa Corps fights alongside the Malian Armed Forces in the north.",
     ("Africa Corps", "allied_with", "Malian Armed Forces")),
])
def test_links_control_and_sides(nlp, body, expected):
    assert expected in triples(nlp, body)


@pytest.mark.parametrize("body, expected", [
    ("\"We need access,\" said Leila Mansour, who coordinates the Sudan Emergency Response Network.",
     ("Leila Mansour", "affiliated_with", "Sudan Emergency Response Network")),
    ("Sara Haddad, who writes about Libya for the Sahel Research Institute, said the talks had stalled.",
     ("Sara Haddad", "affiliated_with", "Sahel Research Institute")),
    # leading a team of an organisation is membership of it, not leadership
    ("Omar Farah, who leads a search team of the Somali Red Crescent Society, said the rubble was unstable.",
     ("Omar Farah", "member_of", "Somali Red Crescent Society")),
])
def test_work_described_in_a_relative_clause(nlp, body, expected):
    assert expected in triples(nlp, body)


def test_it_refers_back_to_the_group_named_before(nlp):
    found = triples(nlp, "Hezbollah was founded in 1982. It is led by Naim Qassem and competes with the Amal Movement "
                         "for Shiite votes.")
    assert ("Naim Qassem", "leads", "Hezbollah") in found
    assert ("Hezbollah", "opposes", "Amal Movement") in found


def test_the_army_is_the_one_army_the_article_names(nlp):
    found = triples(nlp, "The Malian Armed Forces retook the town on Sunday. The army spokesman, Colonel Issa Traore, "
                         "said the operation was over.")
    assert ("Issa Traore", "affiliated_with", "Malian Armed Forces") in found


def test_fighting_with_a_group_makes_a_member(nlp):
    found = triples(nlp, "I met Aung Ko near the front, a 24-year-old fighting the junta with the Karenni Army.")
    assert ("Aung Ko", "member_of", "Karenni Army") in found


@pytest.mark.parametrize("body", [
    # loyal to Iran, but nobody named is loyal
    "Militias loyal to Iran have attacked the base several times this year.",
    # the commander of a militia holds no office of Iraq
    "Iraqi militia commander Abu Fadak al-Mohammedawi was not present.",
    # a country before an analyst's title is the topic of the work, not an employer
    "Nigeria analyst Idayat Hassan said the vote would be close.",
    # several actors in one sentence and no stated tie between them
    "The Islamic State and the Syrian Democratic Forces were both mentioned in the report by Human Rights Watch.",
    "The Houthis launched missiles at Israel on Friday.",
])
def test_no_relation_without_a_stated_tie(nlp, body):
    assert triples(nlp, body) == set()


def test_evidence_is_the_sentence_and_relations_are_unique(nlp):
    body = ("The Rapid Intervention Force now reports to the Ministry of Interior. It was formed in 2019.\n\n"
            "Officials repeated that the Rapid Intervention Force reports to the Ministry of Interior.")
    article, relations = read(nlp, body)
    assert [(r.subject, r.predicate, r.object) for r in relations] == [
        ("Rapid Intervention Force", "reports_to", "Ministry of Interior")]
    evidence = relations[0].evidence
    assert evidence.section == "body"
    assert evidence.text == "The Rapid Intervention Force now reports to the Ministry of Interior."
    assert article.section_text(evidence.section, evidence.index)[evidence.start:evidence.end] == evidence.text


def test_predicates_are_from_the_contract_and_never_reflexive(nlp):
    body = ("Hezbollah’s Radwan Force and the Amal Movement, allied with Hezbollah, held positions near the border. "
            "The Radwan Force, led by Ali Tabatabai, reports to Hezbollah’s Jihad Council. "
            "Pentagon spokesperson Sabrina Singh said the Pentagon was watching.")
    _, relations = read(nlp, body)
    assert relations
    for r in relations:
        assert r.predicate in PREDICATES
        assert r.subject != r.object


def test_caption_and_summary_sections_carry_their_index(nlp):
    article = Article(id="a2", version_id="v2", input_id="test", title="Clashes in the north",
                      body="Clashes continued on Monday.",
                      summary=["Residents fled the town.", "Al-Shabaab commander Ahmed Diriye was seen in the area."])
    sections = parse_article(nlp, article)
    relations = find_relations(sections, resolve_entities(sections, KnowledgeBase.empty()))
    assert [(r.subject, r.predicate, r.object, r.evidence.section, r.evidence.index) for r in relations] == [
        ("Ahmed Diriye", "leads", "Al-Shabaab", "summary", 1)]
    ev = relations[0].evidence
    assert article.section_text("summary", 1)[ev.start:ev.end] == ev.text
