"""Event dates resolved against the article's own day (sitrep.events.dates).

Every sentence here is invented for these tests. Weekdays of the anchors used:
2024-10-04 Fri · 2025-03-10 Mon · 2025-12-10 Wed · 2025-05-28 Wed · 2025-03-16 Sun · 2025-01-05 Sun ·
2024-03-05 Tue · 2025-03-01 Sat · 2025-01-07 Tue · 2025-02-12 Wed · 2025-04-08 Tue · 2025-10-14 Tue.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest

from sitrep.events.dates import DateMention, date_interval, find_dates, resolve_date

D = date.fromisoformat


def shape(m: DateMention) -> tuple[str, str, str, str | None, str | None]:
    return m.text, m.value.value, m.value.precision, m.value.start, m.value.end


def only(text: str, anchor: str, **kw: bool) -> DateMention:
    found = find_dates(text, D(anchor), **kw)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


# ── absolute dates ─────────────────────────────────────────────────────────────────────────────────
def test_month_and_year_as_written():
    found = find_dates("The convoy was first hit in January 2020, and the group split again in 2022.", D("2025-12-10"))
    assert [shape(m) for m in found] == [
        ("January 2020", "2020-01", "month", None, None),
        ("2022", "2022", "year", None, None),
    ]
    assert [m.relative for m in found] == [False, False]


@pytest.mark.parametrize("sentence, text, value", [
    ("Police said on March 15, 2025 that the checkpoint had reopened.", "March 15, 2025", "2025-03-15"),
    ("The ministry confirmed the deaths on 15 March 2025.", "15 March 2025", "2025-03-15"),
    ("Rebels entered the town on Saturday, 15 March 2025, residents said.", "Saturday, 15 March 2025", "2025-03-15"),
    ("Protesters gathered again on the 3rd of March 2025.", "the 3rd of March 2025", "2025-03-03"),
    ("The raid, dated 2025-03-04 in the court filing, left two dead.", "2025-03-04", "2025-03-04"),
])
def test_full_day_dates(sentence, text, value):
    m = only(sentence, "2025-04-02")
    assert shape(m) == (text, value, "day", None, None)
    assert m.relative is False


def test_day_without_year_is_never_in_the_future():
    # Written in December: October is earlier the same year.
    assert only("Troops raided the farm on Oct. 19, officials said.", "2025-12-10").value.value == "2025-10-19"
    # Written in early January: the previous October.
    m = only("Troops raided the farm on Oct. 19, officials said.", "2025-01-05")
    assert (m.value.value, m.relative) == ("2024-10-19", True)
    assert only("The shelling started on 19 October, a local monitor said.", "2025-01-05").value.value == "2024-10-19"
    assert only("Elections were held on March 15 under heavy guard.", "2025-04-02").value.value == "2025-03-15"
    # The anchor day itself is allowed; the day after it is not.
    assert only("Fighting broke out on Dec. 10 near the port.", "2025-12-10").value.value == "2025-12-10"
    assert only("Fighting broke out on Dec. 11 near the port.", "2025-12-10").value.value == "2024-12-11"


def test_year_contexts():
    text = ("The movement, banned in 2016, has grown since 2020; a 2023 case against its leader and the "
            "2022 coup were both cited, along with the records of 2019.")
    found = find_dates(text, D("2025-12-10"))
    assert [(m.text, m.value.value, m.value.precision) for m in found] == [
        ("2016", "2016", "year"),
        ("since 2020", "2020-01-01", "year"),
        ("2023", "2023", "year"),
        ("2022", "2022", "year"),
        ("2019", "2019", "year"),
    ]
    assert (found[1].value.start, found[1].value.end, found[1].relative) == ("2020-01-01", "2025-12-10", True)


def test_listed_years_and_months_share_their_context_word():
    found = find_dates("Similar raids were recorded in 2014, 2016 and 2019, and in March and April 2024.", D("2025-12-10"))
    assert [m.value.value for m in found] == ["2014", "2016", "2019", "2025-03", "2024-04"]


# ── parts of months and years ──────────────────────────────────────────────────────────────────────
def test_mid_month_is_the_middle_third():
    m = only("Aid deliveries resumed in mid-April after weeks of delay.", "2025-12-10")
    assert shape(m) == ("mid-April", "2025-04-11", "month", "2025-04-11", "2025-04-20")


def test_parts_of_a_year():
    found = find_dates("The militia lost the ridge in late 2019 and retook it in early 2024.", D("2025-12-10"))
    assert [shape(m) for m in found] == [
        ("late 2019", "2019-09-01", "month", "2019-09-01", "2019-12-31"),
        ("early 2024", "2024-01-01", "month", "2024-01-01", "2024-04-30"),
    ]
    assert [m.relative for m in found] == [False, False]


def test_end_of_month():
    m = only("The bridge was blown up at the end of March, according to engineers.", "2025-12-10")
    assert shape(m) == ("the end of March", "2025-03-21", "month", "2025-03-21", "2025-03-31")


def test_part_of_month_running_into_the_anchor_is_cut_there():
    m = only("Curfews were imposed in mid-December across the district.", "2025-12-15")
    assert (m.value.start, m.value.end) == ("2025-12-11", "2025-12-15")
    # Written before the middle of the month: last year's mid-December.
    m = only("Curfews were imposed in mid-December across the district.", "2025-12-05")
    assert (m.value.start, m.value.end) == ("2024-12-11", "2024-12-20")


# ── ranges ─────────────────────────────────────────────────────────────────────────────────────────
def test_range_from_part_of_month_to_a_day():
    m = only("Shelling of the camp continued from late January to February 6, the agency said.", "2025-02-12")
    assert shape(m) == ("from late January to February 6", "2025-01-21", "month", "2025-01-21", "2025-02-06")
    assert m.relative is True


def test_range_of_days_in_one_month():
    m = only("Between 1 and 7 August, at least 40 families fled the villages.", "2025-09-01")
    assert shape(m) == ("Between 1 and 7 August", "2025-08-01", "day", "2025-08-01", "2025-08-07")
    m = only("Strikes hit the airport on Aug. 3-5, the monitor reported.", "2025-09-01")
    assert shape(m) == ("Aug. 3-5", "2025-08-03", "day", "2025-08-03", "2025-08-05")


def test_range_across_new_year():
    m = only("Shops stayed shut from Dec. 28 to Jan. 3 during the strike.", "2025-01-07")
    assert (m.value.start, m.value.end, m.value.precision) == ("2024-12-28", "2025-01-03", "day")


def test_range_of_years():
    found = find_dates("The insurgency peaked between 2014 and 2017 and flared again in 2019-21.", D("2025-12-10"))
    assert [(m.text, m.value.start, m.value.end, m.value.precision) for m in found] == [
        ("between 2014 and 2017", "2014-01-01", "2017-12-31", "year"),
        ("2019-21", "2019-01-01", "2021-12-31", "year"),
    ]


def test_since_a_month_runs_to_the_anchor():
    m = only("Drone attacks on shipping have continued since October 2023.", "2025-02-26")
    assert shape(m) == ("since October 2023", "2023-10-01", "month", "2023-10-01", "2025-02-26")
    assert m.relative is True


# ── weekdays ───────────────────────────────────────────────────────────────────────────────────────
def test_weekdays_are_the_most_recent_such_day():
    text = "Jets struck the depot on Sunday, and on Monday evening drones hit a school; talks resume Friday."
    found = find_dates(text, D("2025-12-10"))  # a Wednesday
    assert [(m.text, m.value.value, m.value.precision) for m in found] == [
        ("Sunday", "2025-12-07", "day"),
        ("Monday evening", "2025-12-08", "day"),
        ("Friday", "2025-12-05", "day"),
    ]
    assert all(m.relative for m in found)


def test_the_anchor_weekday_is_the_anchor_itself():
    text = "The health ministry said on Friday that 22 people were killed."
    assert only(text, "2024-10-04").value.value == "2024-10-04"
    assert only(text, "2024-10-04", anchor_weekday_ok=False).value.value == "2024-09-27"
    # "last Friday" never means the anchor day.
    assert only("The crossing was bombed last Friday.", "2024-10-04").value.value == "2024-09-27"
    assert only("The convoy was ambushed last Thursday near the border.", "2025-10-14").value.value == "2025-10-09"


def test_weekday_across_a_month_and_year_boundary():
    assert only("Gunmen attacked the market on Saturday.", "2025-01-07").value.value == "2025-01-04"
    assert only("Gunmen attacked the market on Tuesday.", "2025-01-05").value.value == "2024-12-31"


def test_night_events_span_two_days_but_never_pass_the_anchor():
    assert shape(only("Gunmen opened fire at a wedding on Saturday night.", "2025-03-16")) == (
        "Saturday night", "2025-03-15", "day", "2025-03-15", "2025-03-16")
    assert shape(only("Police said the blast happened late Monday.", "2025-04-08")) == (
        "late Monday", "2025-04-07", "day", "2025-04-07", "2025-04-08")
    # Overnight into the anchor day: the night before it.
    assert shape(only("Missiles were fired overnight Tuesday at the port.", "2025-04-08")) == (
        "overnight Tuesday", "2025-04-07", "day", "2025-04-07", "2025-04-08")


def test_weekday_names_that_are_names():
    assert find_dates("Families marked the anniversary of Bloody Sunday in the city.", D("2025-12-10")) == []
    assert find_dates("The Sunday Times first reported the leak.", D("2025-12-10")) == []


# ── relative to the anchor ────────────────────────────────────────────────────────────────────────
def test_today_yesterday_overnight():
    found = find_dates("Today the army said a raid yesterday followed clashes overnight.", D("2025-05-13"))
    assert [shape(m) for m in found] == [
        ("Today", "2025-05-13", "day", None, None),
        ("yesterday", "2025-05-12", "day", None, None),
        ("overnight", "2025-05-12", "day", "2025-05-12", "2025-05-13"),
    ]


@pytest.mark.parametrize("anchor, start, end", [
    ("2025-05-28", "2025-05-19", "2025-05-25"),  # Wednesday
    ("2025-03-10", "2025-03-03", "2025-03-09"),  # Monday
    ("2025-03-16", "2025-03-03", "2025-03-09"),  # Sunday: its own week is "this week"
    ("2025-01-01", "2024-12-23", "2024-12-29"),  # across the new year
])
def test_last_week_is_the_previous_monday_to_sunday(anchor, start, end):
    m = only("Militiamen stormed the camp last week, residents said.", anchor)
    assert shape(m) == ("last week", start, "week", start, end)


def test_this_week_month_year_end_at_the_anchor():
    found = find_dates("Raids this week and this month brought the toll this year past 300.", D("2025-12-10"))
    assert [(m.text, m.value.start, m.value.end, m.value.precision) for m in found] == [
        ("this week", "2025-12-08", "2025-12-10", "week"),
        ("this month", "2025-12-01", "2025-12-10", "month"),
        ("this year", "2025-01-01", "2025-12-10", "year"),
    ]


def test_last_month_and_last_year_are_whole_calendar_periods():
    found = find_dates("The port was shelled last month, and the airport last year.", D("2025-01-07"))
    assert [shape(m) for m in found] == [
        ("last month", "2024-12", "month", None, None),
        ("last year", "2024", "year", None, None),
    ]


def test_month_last_year():
    m = only("Talks collapsed in February last year after a deadly ambush.", "2025-12-10")
    assert shape(m) == ("February last year", "2024-02", "month", None, None)


def test_a_year_ago_is_vague_to_the_month():
    assert shape(only("The ceasefire was signed almost a year ago.", "2024-10-04")) == (
        "a year ago", "2023-10", "month", None, None)


def test_counted_units_ago():
    found = find_dates("The dam was hit two weeks ago and the bridge three days ago.", D("2025-03-02"))
    assert [shape(m) for m in found] == [
        ("two weeks ago", "2025-02-13", "week", "2025-02-13", "2025-02-19"),
        ("three days ago", "2025-02-27", "day", None, None),
    ]


def test_rolling_windows_end_at_the_anchor():
    found = find_dates("Four strikes in the past 24 hours, and 30 in the last two weeks, were recorded.", D("2025-12-10"))
    assert [shape(m) for m in found] == [
        ("the past 24 hours", "2025-12-09", "day", "2025-12-09", "2025-12-10"),
        ("the last two weeks", "2025-11-26", "week", "2025-11-26", "2025-12-10"),
    ]


def test_ordinal_week_of_a_month_is_not_last_week():
    m = only("Aid trucks were blocked during the last week of March.", "2025-12-10")
    assert (m.text, m.value.start, m.value.end) == ("the last week of March", "2025-03-25", "2025-03-31")


def test_earlier_this_month_and_late_last_month():
    found = find_dates("Clashes earlier this month followed a raid late last month.", D("2025-10-07"))
    assert [(m.text, m.value.start, m.value.end) for m in found] == [
        ("earlier this month", "2025-10-01", "2025-10-07"),
        ("late last month", "2025-09-21", "2025-09-30"),
    ]


def test_day_before_is_the_day_before_the_anchor():
    found = find_dates("A day earlier, a mortar round hit the clinic; guards had been warned the day before.", D("2025-06-17"))
    assert [(m.text, m.value.value, m.value.precision) for m in found] == [
        ("A day earlier", "2025-06-16", "day"),
        ("the day before", "2025-06-16", "day"),
    ]


def test_following_day_cannot_be_placed():
    m = only("Fighting resumed the following day, witnesses said.", "2025-06-17")
    assert (m.text, m.value.precision, m.relative) == ("the following day", "unknown", True)
    assert date_interval(m.value) is None
    # Anchored to another event, not to the article: also unknown.
    assert only("Soldiers deployed the day before the vote.", "2025-06-17").value.precision == "unknown"


# ── leap years and impossible dates ───────────────────────────────────────────────────────────────
def test_leap_days():
    assert only("A car bomb exploded on Feb. 29 outside the barracks.", "2025-03-01").value.value == "2024-02-29"
    assert only("A car bomb exploded on February 29 outside the barracks.", "2024-03-05").value.value == "2024-02-29"
    assert only("Schools shut at the end of February.", "2024-03-05").value.end == "2024-02-29"
    assert only("Schools shut at the end of February.", "2025-03-05").value.end == "2025-02-28"
    assert find_dates("The decree was dated 29 February 2023.", D("2025-12-10")) == []


@pytest.mark.parametrize("sentence", [
    "The order, signed on 31 February, was later withdrawn.",
    "Observers arrived on April 31 to inspect the site.",
])
def test_impossible_dates_are_dropped(sentence):
    assert find_dates(sentence, D("2025-12-10")) == []


# ── not dates ──────────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("sentence", [
    "A 45-year-old shepherd was detained for 10 days.",
    "The town endured an 18-month siege before it fell.",
    "The explosion was heard at 3 a.m. across the valley.",
    "Some 250,000 people have fled to camps near Tower 22.",
    "About 2,500 troops were sent under the Vision 2030 plan.",
    "The blasts killed 1200 and wounded hundreds more.",
    "Officials said the floods had destroyed 1950 homes.",
    "The ceasefire was extended in 2000 villages, the agency claimed.",
    "He may travel to the capital to join the march.",
    "The government aims to finish the pipeline by 2035.",  # a plan's target year, far past the anchor
])
def test_things_that_are_not_dates(sentence):
    assert find_dates(sentence, D("2025-12-10")) == []


def test_durations_next_to_real_dates():
    found = find_dates("A 32-year-old medic, held for 10 days, was freed on Tuesday.", D("2025-12-10"))
    assert [m.text for m in found] == ["Tuesday"]


# ── future dates are returned as written ─────────────────────────────────────────────────────────
def test_future_dates_are_kept_and_detectable():
    anchor = D("2025-12-10")
    found = find_dates("The truce expires on December 25, 2026, and monitors arrive next week.", anchor)
    assert [shape(m) for m in found] == [
        ("December 25, 2026", "2026-12-25", "day", None, None),
        ("next week", "2025-12-15", "week", "2025-12-15", "2025-12-21"),
    ]
    assert all(date_interval(m.value)[0] > anchor for m in found)  # type: ignore[index]
    # Without a year, the same day falls back a year rather than into the future.
    assert only("Shops reopened on Dec. 25.", "2025-12-10").value.value == "2024-12-25"


# ── offsets and shapes ────────────────────────────────────────────────────────────────────────────
def test_offsets_point_at_the_text():
    text = "KHARTOUM, March 10 — Paramilitaries shelled the market on Sunday, killing 9, after raids since early 2024."
    found = find_dates(text, D("2025-03-10"))
    assert [m.text for m in found] == ["March 10", "Sunday", "since early 2024"]
    for m in found:
        assert text[m.start:m.end] == m.text == m.value.text


def test_range_values_follow_the_contract():
    text = "Between 1 and 7 August, in mid-April, last week and since 2020, strikes went on."
    for m in find_dates(text, D("2025-09-01")):
        assert m.value.start is not None and m.value.value == m.value.start
        first, last = date_interval(m.value)  # type: ignore[misc]
        assert first <= last <= D("2025-09-01")


def test_non_ascii_text_offsets_are_code_points():
    text = "À Goma, l’attaque — “on Sunday” — was confirmed."
    m = only(text, "2025-03-10")
    assert text[m.start:m.end] == "Sunday"


def test_datetime_anchor_is_accepted():
    assert only("The airstrike came on Sunday.", "2025-03-10").value.value == \
        find_dates("The airstrike came on Sunday.", datetime(2025, 3, 10, 8, 30))[0].value.value


# ── resolve_date ───────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("phrase, value, precision", [
    ("2019", "2019", "year"),
    ("March", "2025-03", "month"),
    ("Oct. 19", "2025-10-19", "day"),
    ("last week", "2025-12-01", "week"),
    ("15/03/2025", "2025-03-15", "day"),  # numeric: through dateparser
    ("Tuesday", "2025-12-09", "day"),
])
def test_resolve_date(phrase, value, precision):
    got = resolve_date(phrase, D("2025-12-10"))
    assert got is not None and (got.value, got.precision) == (value, precision)


@pytest.mark.parametrize("phrase", ["", "the 4th", "for 10 days", "31 February 2024", "Tower 22"])
def test_resolve_date_refuses_non_dates(phrase):
    assert resolve_date(phrase, D("2025-12-10")) is None
