"""Unit behaviour of the cleaner's recognisers, on lines written the way real pages write them."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sitrep.clean.parts import outlet_in_text, read_dateline, split_credit, title_and_site, wire_in_text
from sitrep.clean.rules import load_rules
from sitrep.clean.stamps import find_date, parse_stamp

RETRIEVED = datetime(2025, 6, 20, 9, 30, tzinfo=timezone.utc)
RULES = load_rules()


@pytest.mark.parametrize(
    ("line", "value", "precision", "kind"),
    [
        ("Updated 14 June 2025", "2025-06-14", "day", "updated"),
        ("Updated 12 min 40 sec ago", "2025-06-20T09:17Z", "minute", "updated"),
        ("3 hours ago", "2025-06-20T06:30Z", "minute", "published"),
        ("yesterday", "2025-06-19", "day", "published"),
        ("Published: 2025-06-18 07:05:11", "2025-06-18T07:05", "minute", "published"),
        ("Published 08:40 GMT, 17 June 2025", "2025-06-17T08:40", "minute", "published"),
        ("Last updated: Jun. 16, 2025 at 4:12 p.m. ET", "2025-06-16T16:12", "minute", "updated"),
        ("Posted on 2 May 2025", "2025-05-02", "day", "published"),
        ("2 days ago", "2025-06-18", "day", "published"),
    ],
)
def test_stamps_resolve_with_precision(line, value, precision, kind):
    stamp = parse_stamp(line, RETRIEVED)
    assert stamp is not None, line
    assert (stamp.value, stamp.precision, stamp.kind) == (value, precision, kind)
    assert stamp.text == line


@pytest.mark.parametrize("line", ["Follow", "Gunmen attacked the convoy", "Fighting in the north", "Share on X", "Fighters seized 12 trucks"])
def test_ordinary_lines_are_not_stamps(line):
    assert parse_stamp(line, RETRIEVED) is None


def test_relative_stamp_needs_retrieval_time_not_the_clock():
    early = parse_stamp("Updated 5 min ago", datetime(2020, 1, 1, 0, 3, tzinfo=timezone.utc))
    assert early is not None and early.value == "2019-12-31T23:58Z"


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("Displaced families queue for water at a camp near Kassala on May 2, 2025. (AFP/File)", "AFP/File"),
        ("A convoy drives through the desert. (AFP)/File)", "AFP/File"),
        ("Smoke rises over the port. (Reuters/Khalil Ashawi)", "Reuters/Khalil Ashawi"),
        ("Damage at the airfield seen from orbit. (Satellite image (c) 2025 Planet Labs/via AP)", "Satellite image (c) 2025 Planet Labs/via AP"),
        ("Soldiers patrol the market in Gao [File: Souleymane Ag Anara/AFP]", "File: Souleymane Ag Anara/AFP"),
    ],
)
def test_photo_credit_is_split_from_caption(caption, credit):
    text, found = split_credit(caption, RULES)
    assert found == credit
    assert credit not in text and text


@pytest.mark.parametrize(
    "sentence",
    [
        "Fighters of the Islamic State group (IS) attacked the base.",
        "The army said it killed dozens of militants (a figure that could not be verified)",
        "The group is known in Arabic as Ansar Allah (Partisans of God)",
    ],
)
def test_parenthesised_text_is_not_a_credit(sentence):
    assert split_credit(sentence, RULES)[1] is None


def test_caption_date_is_read():
    date = find_date("Rescuers search the rubble in Antakya on February 7, 2023, after the quake")
    assert date is not None and (date.value, date.precision) == ("2023-02-07", "day")


@pytest.mark.parametrize(
    ("paragraph", "place", "country", "wire"),
    [
        ("KHARTOUM, Jan 4 (Reuters) - Paramilitary forces shelled the city.", "Khartoum", None, "Reuters"),
        ("GAO, Mali (AP) — Gunmen attacked a convoy on Tuesday.", "Gao", "Mali", "The Associated Press"),
        ("ADEN: Separatist forces took control of the port.", "Aden", None, None),
        ("DEIR EZZOR, Syria: Clashes broke out overnight.", "Deir Ezzor", "Syria", None),
        ("AL-HASAKAH, Syria: Kurdish-led forces detained 20 men.", "Al-Hasakah", "Syria", None),
    ],
)
def test_dateline_and_agency(paragraph, place, country, wire):
    dateline, agency, cut = read_dateline(paragraph, RULES)
    assert dateline is not None
    assert (dateline.place, dateline.country, agency) == (place, country, wire)
    assert paragraph[cut:][0].isupper()


@pytest.mark.parametrize("paragraph", ["The UN said on Monday that fighting continued.", "US: the talks failed", "IS fighters attacked a village."])
def test_sentences_are_not_datelines(paragraph):
    assert read_dateline(paragraph, RULES)[0] is None


def test_wire_from_self_reference_not_from_photo_credit():
    texts = ["Two officials told The Associated Press that the strike killed four people.",
             "Smoke rises over Khan Younis (AFP/File)"]
    assert wire_in_text(texts, RULES, outlet="Arab News") == "The Associated Press"
    assert wire_in_text(["A fighter poses for a photo. (Reuters)"], RULES, outlet="CNN") is None


def test_outlet_named_by_its_own_reporting():
    texts = ["Video obtained by Reuters and geolocated by CNN shows the blast.", "CNN has contacted the ministry."]
    assert outlet_in_text(texts, RULES) == "CNN"


def test_site_suffix_is_removed_from_meta_title():
    assert title_and_site("Drone strikes hit Port Sudan | Sudan war News | Al Jazeera", RULES) == (
        "Drone strikes hit Port Sudan", "Al Jazeera")
    assert title_and_site("Update: Ceasefire broken within hours", RULES) == ("Ceasefire broken within hours", None)


def test_outlet_from_url_host():
    assert RULES.outlet_by_host("https://edition.cnn.com/2025/01/01/world/x").name == "CNN"
    assert RULES.outlet_by_host("https://example.org/news") is None


@pytest.mark.parametrize("dateline", ["HODEIDAH, Yemen, Aug. 14 (Reuters) -", "HODEIDAH, Yemen (AP) —", "HODEIDAH, Yemen:"])
def test_a_dateline_on_its_own_line_opens_the_text_and_is_never_the_headline(dateline):
    import sitrep

    page = (f"Port cranes stand idle in Hodeidah after overnight strikes\n\n{dateline}\n\n"
            "Air strikes hit the container terminal at Hodeidah port overnight, port workers said on Thursday, "
            "leaving three cranes out of service.\n\n"
            "Shipping agents said two vessels waiting to unload had moved away from the port after the strikes.\n")
    [article] = sitrep.extract(page, retrieved=RETRIEVED, annotate=False)
    assert article.title == "Port cranes stand idle in Hodeidah after overnight strikes"
    assert (article.dateline.place, article.dateline.country) == ("Hodeidah", "Yemen")
    assert article.body.startswith("Air strikes hit the container terminal")
