"""Event coding on short reports written the way wires and monitors write them."""
from __future__ import annotations

import pytest

from sitrep.geo import Gazetteer
from sitrep.models import Article, DateValue
from sitrep.nlp import NlpAnnotator
from sitrep.nlp.kb import KnowledgeBase


@pytest.fixture(scope="module")
def annotate() -> NlpAnnotator:
    return NlpAnnotator(KnowledgeBase.bundled(), gazetteer=Gazetteer.bundled())


def coded(annotate, body: str, published: str = "2025-06-18", title: str = "Report") -> Article:
    article = Article(id="a", version_id="v", input_id="t", title=title, body=body,
                      published=DateValue(published, "day"))
    annotate(article)
    for event in article.events:
        for span in event.evidence:
            assert article.section_text(span.section, span.index)[span.start:span.end] == span.text
    return article


def test_air_strike_with_actor_victims_date_place_and_toll(annotate):
    a = coded(annotate, "An Israeli airstrike hit a house in Khan Younis on Sunday, killing five people, including two children, "
                        "according to the Gaza civil defence agency.", published="2025-06-18")
    (event,) = a.events
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert event.actor1 == "Military Forces of Israel" and event.actor2 and event.actor2.startswith("Civilians")
    assert event.date.value == "2025-06-15" and event.date.precision == "day"  # the Sunday before the article
    assert event.location["name"] in ("Khan Younis", "Khan Yunis") and event.location["country_code"] == "PS"
    assert event.fatalities["best"] == 5 and event.civilian_targeting
    assert event.attributed_to and "civil defence" in event.attributed_to[0].lower()
    assert event.background is False


def test_threats_and_conditionals_are_not_events(annotate):
    a = coded(annotate, "The group vowed to retaliate against any new strikes on its positions. "
                        "If the militias attack American bases, the US will respond with force, the spokesman said.")
    assert a.events == []


def test_protest_met_with_tear_gas(annotate):
    a = coded(annotate, "NAIROBI, Kenya - Police fired tear gas to disperse hundreds of protesters who marched to Parliament "
                        "on Tuesday against a new finance bill, witnesses said.", published="2025-06-18")
    (event,) = a.events
    assert (event.event_type, event.sub_event_type) == ("Protests", "Protest with intervention")
    assert event.location["country_code"] == "KE"


def test_two_events_in_one_sentence_and_background(annotate):
    body = ("In March 2023, the army bombed rebel positions near Kidal after three soldiers were killed in a roadside bomb "
            "attack on a convoy. On Monday, gunmen abducted four traders on the road to Gao, residents said.")
    a = coded(annotate, body, published="2025-06-18")
    kinds = {(e.event_type, e.sub_event_type): e for e in a.events}
    assert ("Explosions/Remote violence", "Remote explosive/landmine/IED") in kinds
    assert ("Violence against civilians", "Abduction/forced disappearance") in kinds
    bomb = kinds[("Explosions/Remote violence", "Remote explosive/landmine/IED")]
    assert bomb.fatalities["best"] == 3 and bomb.background is True
    abduction = kinds[("Violence against civilians", "Abduction/forced disappearance")]
    assert abduction.background is False and abduction.date.value == "2025-06-16"


def test_vague_numbers_and_hedges(annotate):
    a = coded(annotate, "Dozens of villagers were reportedly killed when gunmen attacked a market in northern Burkina Faso on Friday.")
    (event,) = a.events
    assert event.fatalities["best"] == 12  # ACLED codes "dozens" as 12
    assert event.certainty == "alleged"
    assert event.actor1.startswith("Unidentified Armed Group")


def test_hard_cases_never_crash_or_invent(annotate):
    body = ("Shelling hit a village called Qaryat al-Zayzafun on 31 February, residents said, and hundreds were displaced. "
            "The ministry said a ceremony would be held on December 25, 2027.")
    a = coded(annotate, body, published="2025-06-18")
    for event in a.events:
        assert event.date is None or event.date.value <= "2025-06-18"  # no impossible or future date invented
        assert event.fatalities is None  # "hundreds were displaced" is not a death toll
    assert coded(annotate, "The weather in Aden was hot and humid throughout the week.").events == []
