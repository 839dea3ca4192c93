"""The scoring rules of ``sitrep eval`` on small hand-made gold/output pairs, and the command itself.

The pairs are invented; each pins one rule: an event matched whose date is wrong, an alias pair
split across two entities, a scare quote given as a quote, a record with no prediction (no
division by zero), precision and recall per event type, negatives. When ../shared is beside the
checkout, the same pairs are also scored by the shared scorer, which must agree.
"""
from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitrep.evaluate import STAGES, score_page, score_records

SHARED_SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"


# ---------------------------------------------------------------- hand-made pages

def gold_article(**changes: Any) -> dict[str, Any]:
    article = {
        "title": "Drone strike on Kadugli market kills five, residents say",
        "outlet": ["Nuba Herald"], "wire": None, "dateline": "Kadugli",
        "published": {"from": "2025-05-04", "to": "2025-05-04"},
        "summary_count": 0, "captions_count": 0, "factbox_items": 0, "headings": [],
        "body_contains": ["A drone struck the main market in Kadugli"], "body_excludes": ["Subscribe to our newsletter"],
        "alias_groups": [], "distinct": [], "quotes": [], "not_quotes": [], "events": [], "relations": [], "claims": [],
    }
    article.update(changes)
    return article


def pred_article(**changes: Any) -> dict[str, Any]:
    article = {
        "title": "Drone strike on Kadugli market kills five, residents say", "outlet": "Nuba Herald", "wire": None,
        "dateline": {"place": "Kadugli", "country": "Sudan"},
        "published": {"value": "2025-05-04", "precision": "day"},
        "summary": [], "captions": [], "factboxes": [], "headings": [],
        "body": "A drone struck the main market in Kadugli on Saturday morning, killing five people.",
        "entities": [], "quotes": [], "events": [], "relations": [], "claims": [],
    }
    article.update(changes)
    return article


def page(*articles: dict[str, Any]) -> dict[str, Any]:
    return {"input": "pages/kadugli.txt", "retrieved": "2025-05-04T18:00:00Z", "articles": list(articles)}


MARKET_STRIKE = {
    "label": "Drone strike on Kadugli market, 5 killed", "required": True,
    "event_type": ["Explosions/Remote violence"], "sub_event_type": ["Air/drone strike"],
    "date": {"from": "2025-05-03", "to": "2025-05-03"}, "country": ["Sudan"], "place": ["Kadugli"], "fatalities": 5,
}


def predicted_strike(**changes: Any) -> dict[str, Any]:
    event = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
             "date": {"value": "2025-05-03", "precision": "day"},
             "location": {"name": "Kadugli", "admin1": "South Kordofan", "country": "Sudan", "country_code": "SD"},
             "fatalities": {"best": 5}, "actor1": "Rapid Support Forces", "certainty": "reported"}
    event.update(changes)
    return event


def test_an_event_with_a_vaguer_date_is_matched_but_its_date_is_wrong() -> None:
    # "in May" overlaps the gold's 3 May, so the event is found; the date field is not right.
    vague = predicted_strike(date={"value": "2025-05", "precision": "month"})
    report = score_page(page(gold_article(events=[MARKET_STRIKE])), {"articles": [pred_article(events=[vague])]})
    assert report.aspects["events"].score == 1.0
    assert (report.fields["date"].correct, report.fields["date"].checked) == (0, 1)
    assert report.fields["place"].accuracy == report.fields["fatalities"].accuracy == 1.0
    assert report.aspects["event_attributes"].score == pytest.approx(3 / 4)  # sub-type, place, fatalities right
    assert any(m.aspect == "fields" and "date was '2025-05'" in m.detail for m in report.misses)


def test_an_event_a_week_off_is_not_found_and_is_listed_as_missed() -> None:
    late = predicted_strike(date={"value": "2025-05-10", "precision": "day"})
    report = score_page(page(gold_article(events=[MARKET_STRIKE])), {"articles": [pred_article(events=[late])]})
    events = report.aspects["events"]
    assert (events.score, events.precision, events.recall) == (0.0, 0.0, 0.0)
    assert [m.detail for m in report.misses if m.aspect == "events"] == ["Drone strike on Kadugli market, 5 killed"]
    assert report.event_types["Explosions/Remote violence"].to_dict() == {
        "gold": 1, "found": 0, "predicted": 1, "correct": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_an_event_in_the_wrong_country_is_not_found() -> None:
    abroad = predicted_strike(location={"name": "Kadugli", "country": "South Sudan", "country_code": "SS"})
    report = score_page(page(gold_article(events=[MARKET_STRIKE])), {"articles": [pred_article(events=[abroad])]})
    assert report.aspects["events"].recall == 0.0


RSF_GROUP = {"alias_groups": [["Rapid Support Forces", "RSF"]], "distinct": [["Rapid Support Forces", "Sudanese Armed Forces"]]}


def test_an_alias_pair_split_across_two_entities_fails() -> None:
    split = [{"name": "Rapid Support Forces"}, {"name": "RSF"}, {"name": "Sudanese Armed Forces"}]
    report = score_page(page(gold_article(**RSF_GROUP)), {"articles": [pred_article(entities=split)]})
    assert report.aspects["aliases"].score == 0.5  # the pair fails, the distinct pair holds
    assert [m.detail for m in report.misses if m.aspect == "aliases"] == ["'Rapid Support Forces' and 'RSF' are not one entity"]


def test_aliases_found_through_mentions_and_an_over_merged_entity() -> None:
    merged = [{"name": "Rapid Support Forces", "mentions": [{"text": "RSF"}]}, {"name": "Sudanese Armed Forces"}]
    assert score_page(page(gold_article(**RSF_GROUP)), {"articles": [pred_article(entities=merged)]}).aspects["aliases"].score == 1.0
    lumped = [{"name": "Rapid Support Forces", "aliases": ["RSF", "Sudanese Armed Forces"]}]
    assert score_page(page(gold_article(**RSF_GROUP)), {"articles": [pred_article(entities=lumped)]}).aspects["aliases"].score == 0.5


TRADER_QUOTE = {"quotes": [{"contains": "carrying the wounded to the hospital", "speaker": "Adam Kuku"}],
                "not_quotes": ["liberation"]}


def test_a_scare_quote_given_as_a_direct_quote_halves_the_quote_score() -> None:
    said = {"text": "We were carrying the wounded to the hospital on donkey carts", "speaker": "Kuku", "kind": "direct"}
    scare = {"text": "liberation", "speaker": "Rapid Support Forces", "kind": "direct"}
    report = score_page(page(gold_article(**TRADER_QUOTE)), {"articles": [pred_article(quotes=[said, scare])]})
    assert report.aspects["quotes"].score == 0.5
    assert any("scare quote 'liberation'" in m.detail for m in report.misses)
    marked = dict(scare, kind="scare")
    report = score_page(page(gold_article(**TRADER_QUOTE)), {"articles": [pred_article(quotes=[said, marked])]})
    assert report.aspects["quotes"].score == 1.0


def test_a_quote_given_to_the_wrong_speaker_is_found_but_listed() -> None:
    wrong = {"text": "We were carrying the wounded to the hospital", "speaker": "Nuba Herald", "kind": "direct"}
    report = score_page(page(gold_article(**TRADER_QUOTE)), {"articles": [pred_article(quotes=[wrong])]})
    assert (report.aspects["quotes"].score, report.aspects["quotes"].recall) == (0.0, 1.0)
    assert [m.detail for m in report.misses if m.aspect == "quotes"] == [
        "'carrying the wounded to the hospital': speaker Nuba Herald, gold Adam Kuku"]


def test_failing_metadata_fields_are_named_with_both_values() -> None:
    report = score_page(page(gold_article()), {"articles": [pred_article(outlet="Nuba Times", wire="AFP")]})
    assert report.aspects["metadata"].score == 6 / 8
    details = [m.detail for m in report.misses if m.aspect == "metadata"]
    assert details == ["outlet was 'Nuba Times', gold ['Nuba Herald']", "wire was 'AFP', gold None"]


def test_cleaning_checks_and_an_extra_article_halve_segmentation() -> None:
    leaky = pred_article(body="A drone struck the main market in Kadugli. Subscribe to our newsletter")
    stray = pred_article(title="Weather: heavy rain expected across the Nuba Mountains")
    report = score_page(page(gold_article()), {"articles": [leaky, stray]})
    assert report.aspects["cleaning"].score == 0.5
    assert report.aspects["segmentation"].score == 0.5  # found, but the page was cut into two articles
    assert report.aspects["segmentation"].precision == 0.5 and report.aspects["segmentation"].recall == 1.0


def test_a_page_with_no_events_on_either_side_is_not_scored_for_events() -> None:
    report = score_page(page(gold_article()), {"articles": [pred_article()]})
    assert "events" not in report.aspects and "event_attributes" not in report.aspects


# ---------------------------------------------------------------- hand-made records

def record(rid: str, kind: str, day: str, country: str, **extra: Any) -> dict[str, Any]:
    event = {"label": f"{kind} in {country}", "required": True, "event_type": [kind], "date": {"from": day, "to": day},
             "country": [country]}
    event.update(extra)
    return {"id": rid, "text": "...", "published": f"{day}T12:00:00Z", "events": [event]}


def prediction(kind: str, day: str, country: str, **extra: Any) -> dict[str, Any]:
    return {"event_type": kind, "date": {"value": day, "precision": "day"}, "location": {"country": country}, **extra}


def line(rid: str, *events: dict[str, Any]) -> dict[str, Any]:
    return {"input_id": rid, "articles": [{"events": list(events)}]}


RECORDS = {"records": [
    record("ng-1", "Battles", "2025-03-09", "Nigeria"),
    record("ng-2", "Battles", "2025-03-11", "Nigeria"),
    record("ke-1", "Protests", "2025-06-25", "Kenya"),
]}
OUTPUT = [
    line("ng-1", prediction("Battles", "2025-03-09", "Nigeria")),
    line("ng-2", prediction("Violence against civilians", "2025-03-11", "Nigeria")),
    line("ke-1", prediction("Protests", "2025-06-25", "Kenya"), prediction("Riots", "2025-06-25", "Kenya")),
]


def test_precision_and_recall_per_event_type() -> None:
    report = score_records(RECORDS, OUTPUT)
    types = {k: (t.gold, t.found, t.predicted, t.correct) for k, t in report.event_types.items()}
    assert types == {"Battles": (2, 1, 1, 1), "Violence against civilians": (0, 0, 1, 0),
                     "Protests": (1, 1, 1, 1), "Riots": (0, 0, 1, 0)}
    battles = report.event_types["Battles"]
    assert (battles.precision, battles.recall, battles.f1) == (1.0, 0.5, pytest.approx(2 / 3))
    assert report.event_types["Riots"].precision == 0.0 and report.event_types["Riots"].recall is None


def test_record_credit_is_shared_among_the_predictions() -> None:
    report = score_records(RECORDS, OUTPUT)
    # ng-1 right (1), ng-2 wrong type (0), ke-1 right among two guesses (1/2)
    assert report.aspects["event_type"].score == pytest.approx(1.5 / 3)
    core = report.aspects["core_match"]
    assert core.score == pytest.approx(1.5 / 3)
    assert (core.precision, core.recall) == (0.5, pytest.approx(2 / 3))
    assert [m.where for m in report.misses if m.aspect == "events"] == ["ng-2"]


def test_a_record_with_no_prediction_scores_nothing_without_dividing_by_zero() -> None:
    gold = {"records": [record("so-1", "Battles", "2025-04-02", "Somalia"),
                        record("so-2", "Riots", "2025-04-03", "Somalia", required=False)]}
    report = score_records(gold, [line("so-1"), line("so-2")])  # nothing predicted for either
    assert report.aspects["core_match"].score == 0.0 and report.aspects["event_type"].score == 0.0
    assert report.aspects["event_attributes"].score == 0.0
    assert "predicted: nothing" in report.misses[0].detail


def test_attribute_fields_on_records_are_counted_per_matched_event() -> None:
    gold = {"records": [record("ml-1", "Battles", "2025-06-16", "Mali", place=["Kayes"], fatalities=12,
                               actor1=["JNIM", "Jama'at Nusrat al-Islam wal-Muslimin"])]}
    guess = prediction("Battles", "2025-06-16", "Mali", location={"name": "Kayes", "country": "Mali"},
                       fatalities={"best": 9}, actor1="Jama'at Nusrat al-Islam wal-Muslimin")
    report = score_records(gold, [line("ml-1", guess)])
    assert {k: f.accuracy for k, f in report.fields.items()} == {"date": 1.0, "place": 1.0, "fatalities": 0.0, "actor1": 1.0}
    assert report.aspects["event_attributes"].score == pytest.approx(3 / 4)


def test_negatives_count_records_with_no_violent_event() -> None:
    gold = {"records": [
        {"id": "threat", "text": "...", "published": "2025-04-09", "expect_no_violent_event": True},
        {"id": "flood", "text": "...", "published": "2025-08-24", "expect_no_violent_event": True},
        {"id": "memorial", "text": "...", "published": "2025-03-01", "expect_no_violent_event": True,
         "recalls_past_event": True},
    ]}
    output = [
        line("threat", prediction("Strategic developments", "2025-04-09", "Kenya")),  # not violent
        line("flood", prediction("Violence against civilians", "2025-08-24", "Pakistan")),
        line("memorial", prediction("Explosions/Remote violence", "2015-03-01", "Iraq", background=True)),
    ]
    report = score_records(gold, output)
    assert list(report.aspects) == ["no_violent_event"]
    assert report.aspects["no_violent_event"].score == pytest.approx(2 / 3)
    assert [m.where for m in report.misses] == ["flood"]


# ---------------------------------------------------------------- agreement with the shared scorer

@pytest.fixture(scope="module")
def shared_scorer():
    if not SHARED_SCORER.is_file():
        pytest.skip("../shared/eval/score.py is not beside the checkout")
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAGE_CASES = [
    (gold_article(events=[MARKET_STRIKE], **RSF_GROUP, **TRADER_QUOTE),
     pred_article(events=[predicted_strike(date={"value": "2025-05", "precision": "month"})],
                  entities=[{"name": "Rapid Support Forces"}, {"name": "RSF"}],
                  quotes=[{"text": "liberation", "speaker": "RSF", "kind": "direct"}], outlet="Nuba Times")),
    (gold_article(events=[MARKET_STRIKE, dict(MARKET_STRIKE, label="optional", required=False)]),
     pred_article(events=[predicted_strike(), predicted_strike(fatalities={"best": 4})])),
]


@pytest.mark.parametrize("case", range(len(PAGE_CASES)))
def test_page_scores_agree_with_the_shared_scorer(case: int, shared_scorer) -> None:
    gold, pred = page(PAGE_CASES[case][0]), {"articles": [PAGE_CASES[case][1]]}
    theirs = shared_scorer.score_page(copy.deepcopy(gold), copy.deepcopy(pred))["parts"]
    ours = {k: a.score for k, a in score_page(gold, pred).aspects.items()}
    assert ours == pytest.approx(theirs)


def test_record_scores_agree_with_the_shared_scorer(shared_scorer) -> None:
    theirs = shared_scorer.score_records(RECORDS, [json.dumps(x) for x in OUTPUT])["parts"]
    assert {k: a.score for k, a in score_records(RECORDS, OUTPUT).aspects.items()} == pytest.approx(theirs)


def test_the_shared_scorer_divides_by_zero_where_ours_does_not(shared_scorer) -> None:
    gold = {"records": [record("so-2", "Riots", "2025-04-03", "Somalia", required=False)]}
    with pytest.raises(ZeroDivisionError):
        shared_scorer.score_records(gold, [json.dumps(line("so-2"))])
    assert score_records(gold, [line("so-2")]).aspects["core_match"].score == 0.0


# ---------------------------------------------------------------- the command

PAGE_TEXT = """NUBA HERALD
News | Sudan | Opinion | Contact

Drone strike on Kadugli market kills five, residents say

May 4, 2025

KADUGLI, Sudan — A drone struck the main market in Kadugli, the capital of South Kordofan state, on Saturday morning, killing five people and wounding at least a dozen, residents and a local medical official said.

Witnesses said the drone hit a row of vegetable stalls shortly after the market opened. Residents blamed the Rapid Support Forces, which have besieged the city for months. The RSF did not respond to a request for comment.

"We were carrying the wounded to the hospital on donkey carts because there was no fuel," said Adam Kuku, a trader who was at the market.

The Sudanese Armed Forces hold Kadugli, while the Rapid Support Forces and their allies control much of the surrounding countryside.

Subscribe to our newsletter
"""


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("eval")
    (root / "pages").mkdir()
    (root / "pages" / "kadugli.txt").write_text(PAGE_TEXT, encoding="utf-8")
    (root / "gold").mkdir()
    # The last body_excludes string is in the article's own text: a check the output must fail, to be listed.
    article = gold_article(body_excludes=["Subscribe to our newsletter", "News | Sudan | Opinion", "capital of South Kordofan"],
                           events=[MARKET_STRIKE], **RSF_GROUP, **TRADER_QUOTE)
    path = root / "gold" / "kadugli.gold.json"
    path.write_text(json.dumps(page(article)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shared_annotators():
    from sitrep.pipeline import default_annotators
    from sitrep.settings import Settings

    return default_annotators(Settings())


@pytest.fixture
def cli(monkeypatch, shared_annotators):
    """The real command, with the models loaded once for this module rather than once per run."""
    import sitrep.pipeline
    from sitrep.cli import app

    monkeypatch.setattr(sitrep.pipeline, "default_annotators", lambda settings: shared_annotators)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["eval", *map(str, args)])


def test_eval_json_scores_a_page_gold_file(cli, gold_file: Path) -> None:
    run = cli(gold_file, "--json", "--misses")
    assert run.exit_code == 0, run.output
    (result,) = json.loads(run.stdout)["files"]
    assert result["shape"] == "page" and result["path"] == str(gold_file)
    assert set(result["aspects"]) == {"segmentation", "metadata", "cleaning", "aliases", "quotes", "events", "event_attributes"}
    assert result["aspects"]["segmentation"]["score"] == 1.0
    assert result["aspects"]["cleaning"]["score"] == 0.75  # 4 checks, one of them impossible
    assert {"aspect": "cleaning", "where": "Drone strike on Kadugli market kills fiv…",
            "detail": "body has 'capital of South Kordofan'"} in result["misses"]
    assert all(0.0 <= a["score"] <= 1.0 for a in result["aspects"].values())
    assert set(result["fields"]) <= {"sub_event_type", "date", "place", "fatalities", "actor1", "actor2", "certainty"}


def test_eval_table_and_profile(cli, gold_file: Path) -> None:
    import sitrep.nlp

    before = sitrep.nlp.find_quotes
    run = cli(gold_file, "--profile")
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    assert "segmentation" in run.stdout and "event field" in run.stdout and "misses (" not in run.stdout
    timing = lines[next(i for i, x in enumerate(lines) if x.startswith("time per pipeline stage")) + 2:]
    assert {"ingest", "clean", "nlp", "entities", "quotes", "relations", "claims", "events", "geo", "total"} <= {
        x.split()[0] for x in timing}
    assert sitrep.nlp.find_quotes is before  # the timing wrappers are gone


def test_eval_profile_times_every_stage(shared_annotators, gold_file: Path) -> None:
    from sitrep.evaluate import evaluate_files

    report = evaluate_files([gold_file], annotators=shared_annotators, profile=True)
    assert report.untimed == []  # every stage function was found
    assert set(report.stages) == {*STAGES, "other", "total", "load"}
    assert report.stages["nlp parse"] > 0 and report.stages["entities"] > 0
    assert report.stages["total"] == pytest.approx(sum(report.stages[s] for s in (*STAGES, "other")))


def test_eval_unreadable_gold_files(cli, gold_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.gold.json"
    run = cli(missing)
    assert run.exit_code == 1
    assert f"sitrep: {missing}: No such file or directory" in run.stderr
    not_gold = tmp_path / "list.json"
    not_gold.write_text("[1, 2]", encoding="utf-8")
    run = cli(gold_file, not_gold)
    assert run.exit_code == 3 and "not a gold file" in run.stderr
    assert str(gold_file) in run.stdout
