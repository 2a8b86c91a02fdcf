"""Engine behaviour that the full mutmut run over engine.py (issue 19) showed no fast test watched.

Each test names the mutants it kills (mutmut's names; see docs/development.md, "Mutation testing").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

import allyscore
from allyscore.dataset import load_dataset
from allyscore.engine import (
    Asymmetry, DimensionScore, Facts, _bound, _directions, _failed, _label, _needs_known, in_effect, record_under,
    records_of, top_label)
from allyscore.rubric import Condition, Definition, load_rubric, resolve_rubric

C = Condition

NAMES = {"AAA": "Aland", "BBB": "Bland"}


def test_the_asymmetry_summary_in_words():
    # kills Asymmetry.describe mutants 1 and 4-9: balanced, nothing known both ways, and who gives more
    both = ("military_aid",)
    assert Asymmetry(0.0, {"AAA": 0.5, "BBB": 0.5}, None, False, both).describe(NAMES) == "balanced"
    assert Asymmetry(0.0, {"AAA": 0.0, "BBB": 0.0}, None, False, ()).describe(NAMES) == \
        "no directed dimension is known both ways"
    giving = Asymmetry(0.5, {"AAA": 0.75, "BBB": 0.25}, "AAA", True, both)
    assert giving.describe(NAMES) == "Aland gives Bland more than it gets"
    assert Asymmetry(-0.5, {"AAA": 0.25, "BBB": 0.75}, "BBB", True, both).describe(NAMES) == \
        "Bland gives Aland more than it gets"


def test_a_bound_in_words():
    # kills _bound mutants 2 and 5: "between", ">=" and "<=" each where it belongs
    assert _bound(Condition(min=1, max=3)) == "between 1 and 3"
    assert _bound(Condition(min=2.5)) == ">= 2.5"
    assert _bound(Condition(max=1)) == "<= 1"


def test_one_unknown_dimension_or_several():
    # kills _needs_known mutants 2, 4, 9-10, 12, 17-18: the list, and "is ... it" against "are ... them"
    assert _needs_known(["formal commitment"]) == "formal commitment is unknown, and the rubric needs it known"
    assert _needs_known(["formal commitment", "crisis support"]) == \
        "formal commitment, crisis support are unknown, and the rubric needs them known"


# --- helpers: a two-country dataset on the bundled catalog (schema 2: directed pledges, crisis roles) -----

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "alliances.yaml"
CATALOG = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["dimensions"]
DAY = dt.date(2024, 12, 31)


def obs(dimension, direction, level, since, crisis=None, until=None):
    out = {"dimension": dimension, "direction": direction, "level": level, "confidence": "high",
           "since": since, "claim": "c", "sources": ["s"]}
    out.update({k: v for k, v in (("crisis", crisis), ("until", until)) if v is not None})
    if level is None:
        out["notes"] = "untested"
    return out


def crisis(cid, start, target="AAA", attackers=("CCC",), attacked=None):
    return {"id": cid, "name": cid, "target": target, "start": start, "sources": ["s"],
            "attackers": list(attackers), "attacked": list(attacked) if attacked is not None else [target],
            "responses": [{"partner": "BBB" if target == "AAA" else "AAA", "delivered": "d", "sources": ["s"]}]}


def load(tmp_path, observations, crises=()):
    doc = {"schema_version": 2, "name": "t", "version": "1", "as_of": DAY.isoformat(), "dimensions": CATALOG,
           "countries": [{"code": c, "name": f"Land {c}"} for c in ("AAA", "BBB", "CCC")],
           "sources": [{"id": "s", "publisher": "P", "title": "T", "date": "2000-01-01"}],
           "ties": [{"pair": ["AAA", "BBB"], "observations": observations}], "crises": list(crises)}
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return load_dataset(path)


def write_rubric(tmp_path, body, name="r.yaml"):
    doc = {"name": "edge", "version": "1.0.0", "description": "d", "changelog": "c", **body}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return load_rubric(path)


def pledge(level=3, since="2020-01-01", until=None, direction="BBB->AAA"):
    return obs("formal_commitment", direction, level, since, until=until)


UNDER_PLEDGE = ("crisis_support", "formal_commitment", 3, None)  # BBB's record in crises under its pledge


def under(data, key=UNDER_PLEDGE, reading=("weakest", None), direction="BBB->AAA"):
    return record_under(data, data.tie("AAA", "BBB"), DAY, direction, key, reading)


# --- the crisis record read under a condition (record_under) -----------------------------------------

def test_the_record_under_a_pledge_counts_crises_from_the_day_it_began(tmp_path):
    # kills record_under 12, 47 (direction filters), 54 (a crisis starting the day the pledge began),
    # 67 and 71 (the reading mode lost); 32 (cursor moving forward) loops until mutmut's timeout
    data = load(tmp_path, [pledge(3, "2020-01-01"),
                           obs("crisis_support", "BBB->AAA", 1, "2020-01-01", crisis="c1", until="2021-05-31"),
                           obs("crisis_support", "BBB->AAA", 3, "2021-06-01", crisis="c2")],
                [crisis("c1", "2020-01-01"), crisis("c2", "2021-06-01")])
    assert under(data) == 1.0  # the weakest of the two crises
    assert under(data, reading=("latest", None)) == 3.0
    assert under(data, direction="AAA->BBB") is None  # AAA pledged nothing and was never tested


def test_the_record_under_a_pledge_needs_the_pledge_unbroken(tmp_path):
    # kills record_under 34: a one-day gap in the pledge (31 December) starts it again
    data = load(tmp_path, [pledge(3, "2015-01-01", until="2019-12-30"), pledge(3, "2020-01-01"),
                           obs("crisis_support", "BBB->AAA", 0, "2018-01-01", crisis="c0", until="2020-12-31"),
                           obs("crisis_support", "BBB->AAA", 2, "2021-01-01", crisis="c1")],
                [crisis("c0", "2018-01-01"), crisis("c1", "2021-01-01")])
    assert under(data) == 2.0  # the 2018 failure came under the earlier pledge, before the break


def test_the_record_under_a_bounded_condition(tmp_path):
    # kills record_under 4 and 6 (the condition's max dropped): a pledge at 3 is not "between 1 and 2"
    data = load(tmp_path, [pledge(3, "2020-01-01"), obs("crisis_support", "BBB->AAA", 1, "2021-01-01", crisis="c1")],
                [crisis("c1", "2021-01-01")])
    assert under(data, ("crisis_support", "formal_commitment", 1, 2)) is None
    assert under(data, ("crisis_support", "formal_commitment", 3, 4)) == 1.0


def test_crises_are_placed_by_their_start_not_by_when_the_record_was_written(tmp_path):
    # kills record_under 50 (a crisis begun before the pledge, recorded after it) and 66, and
    # observations_in_effect 7 (the crisis starts not passed on: the latest crisis found by record date)
    rows = [pledge(3, "2021-03-01"),
            obs("crisis_support", "BBB->AAA", 0, "2022-03-01", crisis="early"),  # written late
            obs("crisis_support", "BBB->AAA", 2, "2021-06-01", crisis="later")]
    data = load(tmp_path, rows, [crisis("early", "2021-01-01"), crisis("later", "2021-06-01")])
    assert under(data) == 2.0  # "early" began before the pledge
    assert under(data, ("crisis_support", "formal_commitment", 1, None), ("latest", None)) == 2.0
    both = load(tmp_path, [pledge(3, "2020-01-01"), *rows[1:]],
                [crisis("early", "2021-01-01"), crisis("later", "2021-06-01")])
    assert under(both, reading=("latest", None)) == 2.0  # "later" is the latest crisis, whatever was written last
    result = allyscore.rate(both, "AAA", "BBB", resolve_rubric("costly-signals@1.1.0"))  # the latest crisis
    assert result.dimension("crisis_support").flows["BBB->AAA"] == 2


@pytest.mark.parametrize(("delivered", "seen"), [(1, 3.0), (2, 2.0)])
def test_the_record_under_a_pledge_in_a_war_of_choice(tmp_path, delivered, seen):
    # kills record_under 39, 41 and 59 (the floor ignored), 61 (a record at the floor read as untested),
    # 62 (a record one below the floor kept), 40 (the floor read when there is none)
    war = crisis("war", "2021-01-01", target="AAA", attackers=("AAA",), attacked=("CCC",))  # AAA attacked
    data = load(tmp_path, [pledge(3, "2020-01-01"),
                           obs("crisis_support", "BBB->AAA", delivered, "2021-01-01", crisis="war"),
                           obs("crisis_support", "BBB->AAA", 3, "2022-01-01", crisis="defence")],
                [war, crisis("defence", "2022-01-01")])
    assert under(data, reading=("weakest", 2.0)) == seen
    assert under(data, reading=("weakest", None)) == delivered  # without a floor every record counts


def test_the_record_under_an_observation_from_the_first_day(tmp_path):
    # kills record_under 30: a pledge recorded from 0001-01-01 still has a record under it
    data = load(tmp_path, [pledge(3, "0001-01-01"), obs("crisis_support", "BBB->AAA", 1, "2021-01-01", crisis="c1")],
                [crisis("c1", "2021-01-01")])
    assert under(data) == 1.0


# --- the weakest crisis (_weakest_record) and how a rubric asks for it (records_of) ---------------------

def weakest(data, day=DAY, direction="BBB->AAA"):
    observations = [o for o in data.tie("AAA", "BBB").observations
                    if o.dimension == "crisis_support" and o.direction == direction]
    return in_effect(observations, day, data.crisis_starts, "weakest")


def test_a_crisis_counts_from_its_first_day(tmp_path):
    # kills _weakest_record 5: a record that begins on the scoring day
    data = load(tmp_path, [obs("crisis_support", "BBB->AAA", 2, "2021-01-01", crisis="c1"),
                           obs("crisis_support", "BBB->AAA", 0, DAY.isoformat(), crisis="c2")],
                [crisis("c1", "2021-01-01"), crisis("c2", DAY.isoformat())])
    assert weakest(data).level == 0
    assert weakest(data, DAY - dt.timedelta(days=1)).level == 2


def test_an_ordinary_observation_before_the_records_does_not_hide_them(tmp_path):
    # kills _weakest_record 7: the loop stopped at the first ordinary observation
    data = load(tmp_path, [obs("crisis_support", "BBB->AAA", None, "2010-01-01", until="2020-12-31"),
                           obs("crisis_support", "BBB->AAA", 1, "2021-01-01", crisis="c1")],
                [crisis("c1", "2021-01-01")])
    assert weakest(data).level == 1


def test_a_crisis_counts_at_its_peak_even_when_help_fell_off_later(tmp_path):
    # kills _weakest_record 12 and 13: the last record of a crisis taken for its peak
    data = load(tmp_path, [obs("crisis_support", "BBB->AAA", 3, "2021-01-01", crisis="c1", until="2021-05-31"),
                           obs("crisis_support", "BBB->AAA", 1, "2021-06-01", crisis="c1")],
                [crisis("c1", "2021-01-01")])
    assert weakest(data).level == 3


def test_of_equally_weak_crises_the_latest_to_begin_is_the_record(tmp_path):
    # kills _weakest_record 24 (the earliest crisis) and 25 (crises ordered by when their record was written)
    data = load(tmp_path, [obs("crisis_support", "BBB->AAA", 1, "2023-01-01", crisis="c1"),  # written late
                           obs("crisis_support", "BBB->AAA", 1, "2022-01-01", crisis="c2")],
                [crisis("c1", "2021-01-01"), crisis("c2", "2022-01-01")])
    assert weakest(data).crisis == "c2"


def test_which_dimensions_a_rubric_reads_other_than_by_the_latest_crisis(tmp_path):
    # kills records_of 6, 7, 10 and 12: the weakest crisis without a floor, and a floor on the latest crisis
    rubric = write_rubric(tmp_path, {"extends": "costly-signals@2.0.0", "dimensions": {
        "crisis_support": {"record": "weakest", "choice_war_floor": None},
        "military_aid": {"choice_war_floor": 2}}})
    assert records_of(rubric) == {"crisis_support": ("weakest", None), "military_aid": ("latest", 2.0)}
    assert records_of(resolve_rubric("costly-signals@1.1.0")) == {}


def hollow_tie(tmp_path):
    """BBB pledged to defend AAA (level 4) and gave 1 in one crisis under the pledge, 3 in a later one."""
    rows = [pledge(4, "2010-01-01"), pledge(4, "2010-01-01", direction="AAA->BBB"),
            obs("crisis_support", "BBB->AAA", 1, "2021-01-01", crisis="c1", until="2021-12-31"),
            obs("crisis_support", "BBB->AAA", 3, "2022-01-01", crisis="c2")]
    for d in CATALOG:
        if d["id"] not in ("crisis_support", "formal_commitment"):
            rows += [obs(d["id"], "AAA->BBB", 2, "2010-01-01"), obs(d["id"], "BBB->AAA", 2, "2010-01-01")] \
                if d["directed"] else [obs(d["id"], "mutual", 2, "2010-01-01")]
    return load(tmp_path, rows, [crisis("c1", "2021-01-01"), crisis("c2", "2022-01-01")])


def test_the_record_under_a_pledge_is_read_as_the_rubric_says(tmp_path):
    # kills score_tie 291 and 295 (the record under the pledge read as the latest crisis, not the weakest),
    # 292 and 294 (a dimension read the default way has no reading to pass on)
    data = hollow_tie(tmp_path)
    assert allyscore.rate(data, "AAA", "BBB", resolve_rubric("costly-signals@2.0.0")).label == "hollow_alliance"
    latest = write_rubric(tmp_path, {"extends": "costly-signals@2.0.0", "dimensions": {
        "crisis_support": {"record": "latest", "choice_war_floor": None}}})
    assert records_of(latest) == {}
    assert allyscore.rate(data, "AAA", "BBB", latest).label == "alliance"  # the latest crisis: help delivered


# --- labels, and what keeps a tie from the top label --------------------------------------------------


BANDED = {"dimensions": {"formal_commitment": {"weight": 1, "fold": "max"}, "economic_ties": 1},
          "labels": {"low": {"title": "Low"}, "mid": {"title": "Mid"}, "high": {"title": "High"},
                     "thin": {"title": "Thin"}},
          "bands": [{"label": "low", "min": 0, "max": 25}, {"label": "mid", "min": 25, "max": 75},
                    {"label": "high", "min": 75, "max": 100}]}


def facts(score=40.0, values=None, coverage=1.0, gap=None, directions=({}, {}), under=({}, {})):
    return Facts(values or {}, score, coverage, gap, directions, under)


def test_a_score_on_a_bands_lower_edge_is_in_that_band(tmp_path):
    # kills _label 19: `band.min <= score` -> `<` would send 0 and 25 to the top band
    spec = write_rubric(tmp_path, BANDED).model
    assert [_label(spec, facts(s))[0] for s in (0.0, 24.9, 25.0, 75.0, 100.0)] == ["low", "low", "mid", "high", "high"]


def test_a_rule_fired_by_an_unknown_dimension_says_it_is_unknown(tmp_path):
    # kills _label 36, 41, 42 and 47: the reason names the unknown dimension instead of stating its value
    body = {**BANDED, "rules": [{"label": "low", "if_label": ["mid"], "unless": {"formal_commitment": {"min": 3}},
                                 "reason": "no defence pledge"}]}
    spec = write_rubric(tmp_path, body).model
    assert _label(spec, facts(50.0)) == ("low", ["formal commitment is unknown, and the rubric needs it known"])
    assert _label(spec, facts(50.0, {"formal_commitment": 2.0})) == ("low", ["no defence pledge"])


def test_the_coverage_floor_is_met_at_exactly_the_minimum(tmp_path):
    # kills _label 52 (coverage at the minimum read as below it) and 55 (the floor's reason)
    spec = write_rubric(tmp_path, {**BANDED, "missing": {"min_coverage": 0.6, "label": "thin"}}).model
    assert _label(spec, facts(50.0, coverage=0.6)) == ("mid", [])
    assert _label(spec, facts(50.0, coverage=0.5)) == \
        ("thin", ["only 50% of the rubric's weight rests on known dimensions (needs 60%)"])


def test_the_top_label(tmp_path):
    # kills top_label 3 (bands), 9 and 10 (classes without a top_label: the first class)
    assert top_label(write_rubric(tmp_path, BANDED).model) == "high"
    classes = write_rubric(tmp_path, {"extends": "costly-signals@2.0.0", "top_label": None}).model
    assert classes.top_label is None and top_label(classes) == classes.classes[0].label == "hollow_alliance"


def test_a_tie_a_rule_lifts_to_the_top_label_is_short_of_nothing(tmp_path):
    # kills score_tie 329: short_of worked out as if the tie had no label ("score 50.0 is below 75")
    body = {**BANDED, "rules": [{"label": "high", "when": {"formal_commitment": {"min": 4}}, "reason": "pledged"}]}
    data = load(tmp_path, [pledge(4), pledge(4, direction="AAA->BBB"), obs("economic_ties", "mutual", 0, "2010-01-01")])
    result = allyscore.rate(data, "AAA", "BBB", write_rubric(tmp_path, body))
    assert (result.score, result.label, result.short_of) == (50.0, "high", ())


def test_short_of_gives_the_class_that_took_the_tie_before_the_top_one(tmp_path):
    # kills _short_of 6 and 17: the hollow alliance's reason comes first, then what alliance lacks
    rubric = resolve_rubric("costly-signals@2.0.0")
    hollow, alliance = rubric.model.classes[:2]
    top = write_rubric(tmp_path, {"extends": "costly-signals@2.0.0", "top_label": "alliance"})
    result = allyscore.rate(hollow_tie(tmp_path), "AAA", "BBB", top)
    assert (result.label, alliance.label) == ("hollow_alliance", "alliance")
    assert result.short_of[0] == hollow.reason and len(result.short_of) >= 1


def test_each_failed_condition_in_words():
    # kills _failed 9-20 (the value shown: unknown, one decimal, a percentage for coverage) and
    # Facts.value 5 and 6 (coverage read as a dimension)
    definition = Definition(label="x", reason="r", when={
        "score": C(min=60), "coverage": C(min=0.9), "formal_commitment": C(min=3), "crisis_support": C(max=1)})
    assert _failed(definition, facts(40.0, {"formal_commitment": 2.0}, coverage=0.5)) == [
        "score is 40.0, needs >= 60", "coverage is 50%, needs >= 0.9", "formal_commitment is 2.0, needs >= 3",
        "crisis_support is unknown, needs <= 1"]


def test_an_unless_that_holds_is_named(tmp_path):
    # kills _failed 23-36: "not when" and each of its conditions
    definition = Definition(label="x", reason="r", unless={"say_do_gap": C(min=25), "score": C(max=50)})
    assert _failed(definition, facts(40.0, gap=30.0)) == ["not when say_do_gap >= 25 and score <= 50"]
    assert _failed(definition, facts(60.0, gap=30.0)) == []


def test_a_direction_block_that_is_met_is_not_named(tmp_path):
    # kills _failed 38, 48 and 49: the block judged together with `when` or `unless`
    definition = Definition(label="x", reason="r", when={"score": C(min=60)}, unless={"say_do_gap": C(min=25)},
                            in_some_direction={"formal_commitment": C(min=3)})
    met = facts(40.0, {"formal_commitment": 4.0}, gap=30.0, directions=({"formal_commitment": 4.0}, {}))
    assert _failed(definition, met) == ["score is 40.0, needs >= 60", "not when say_do_gap >= 25"]


def test_a_failed_direction_block_names_each_condition():
    # kills _failed 85, 86 and 89: the conditions joined by "and", and the crisis record's condition
    block = {"formal_commitment": C(min=3), "crisis_support": C(max=1, tested_under="formal_commitment")}
    definition = Definition(label="x", reason="r", in_some_direction=block)
    both = ({"formal_commitment": 4.0}, {"formal_commitment": 4.0})
    pledged = facts(40.0, {"formal_commitment": 4.0}, directions=both)
    assert _failed(definition, pledged) == [
        "no direction has formal_commitment >= 3 and crisis_support <= 1 in a crisis under that formal_commitment"]


def test_a_mutual_level_counts_for_both_directions():
    # kills _directions 6: a mutual dimension's level looked up per direction
    def dim(id_, directed, flows):
        return DimensionScore(id=id_, name=id_, directed=directed, signal="costly", flows=flows, value=None,
                              status="known", weight=1.0, transformed=None, contribution=0.0, confidence=None,
                              observations=())

    dims = (dim("economic_ties", False, {"mutual": 2}), dim("military_aid", True, {"AAA->BBB": 3, "BBB->AAA": None}))
    assert _directions(dims, "AAA", "BBB") == ({"economic_ties": 2.0, "military_aid": 3.0}, {"economic_ties": 2.0})


# --- indicators and the score ------------------------------------------------------------------------

def test_the_asymmetry_counts_directed_dimensions_with_weight(tmp_path):
    # kills _asymmetry 7 and 9 (a weightless dimension counted), 10 (a weight of 1 left out), 58 (shares
    # rounded to 7 places) and 59 (the shares when nothing is compared)
    rubric = write_rubric(tmp_path, {"dimensions": {"military_aid": 3, "technology_transfer": 3,
                                                    "diplomatic_support": 1, "financial_backing": 0},
                                     "labels": BANDED["labels"], "bands": BANDED["bands"]})
    levels = {"military_aid": (1, 0), "technology_transfer": (0, 0), "diplomatic_support": (0, 0),
              "financial_backing": (4, 0)}
    rows = [row for dim, (ab, ba) in levels.items()
            for row in (obs(dim, "AAA->BBB", ab, "2010-01-01"), obs(dim, "BBB->AAA", ba, "2010-01-01"))]
    asym = allyscore.rate(load(tmp_path, rows), "AAA", "BBB", rubric).indicators.asymmetry
    assert sorted(asym.compared) == ["diplomatic_support", "military_aid", "technology_transfer"]
    assert asym.gives == {"AAA": 0.107143, "BBB": 0.0}  # 3 x 1/4 over a weight of 7
    one_way = allyscore.rate(load(tmp_path, rows[::2]), "AAA", "BBB", rubric).indicators.asymmetry
    assert (one_way.compared, one_way.gives) == ((), {"AAA": 0.0, "BBB": 0.0})


def test_a_tie_with_nothing_scores_zero(tmp_path):
    # kills score_tie 173: the score's floor of 0 moved to 1
    rubric = write_rubric(tmp_path, BANDED)
    data = load(tmp_path, [pledge(0), pledge(0, direction="AAA->BBB"), obs("economic_ties", "mutual", 0, "2010-01-01")])
    assert allyscore.rate(data, "AAA", "BBB", rubric).score == 0.0


def test_toward_focal_folds_to_the_flow_toward_the_focal_country(tmp_path):
    # kills score_tie 55 and 59: the focal country not passed to the fold (the mean instead)
    rubric = write_rubric(tmp_path, {**BANDED, "fold": "toward_focal", "focal": "AAA",
                                     "dimensions": {"military_aid": 1}})
    data = load(tmp_path, [obs("military_aid", "AAA->BBB", 1, "2010-01-01"),
                           obs("military_aid", "BBB->AAA", 3, "2010-01-01")])
    assert allyscore.rate(data, "AAA", "BBB", rubric).dimension("military_aid").value == 3.0


def test_imported_data_is_scored_on_the_last_day_its_evidence_covers(tmp_path):
    # kills score_tie 3: the default day worked out without the tie
    doc = {"schema_version": 2, "name": "t", "version": "1", "as_of": DAY.isoformat(), "origin": "imported",
           "dimensions": CATALOG, "countries": [{"code": c, "name": c} for c in ("AAA", "BBB")],
           "sources": [{"id": "s", "publisher": "P", "title": "T", "date": "2000-01-01"}],
           "ties": [{"pair": ["AAA", "BBB"], "observations": [
               obs("economic_ties", "mutual", 2, "2010-01-01", until="2022-12-31")]}], "crises": []}
    path = tmp_path / "imported.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    result = allyscore.rate(load_dataset(path), "AAA", "BBB", resolve_rubric("costly-signals@1.0.0"))
    assert result.as_of == dt.date(2022, 12, 31)


def latest(data, day=DAY, direction="BBB->AAA"):
    observations = [o for o in data.tie("AAA", "BBB").observations
                    if o.dimension == "crisis_support" and o.direction == direction]
    return in_effect(observations, day, data.crisis_starts)


def test_the_latest_crisis_is_the_record_whatever_its_level(tmp_path):
    # kills in_effect 29 (a record that begins on the scoring day), 31 (the loop stopped at an ordinary
    # observation) and 35 (crises ordered by level, not by when they began)
    data = load(tmp_path, [obs("crisis_support", "BBB->AAA", None, "2010-01-01", until="2020-12-31"),
                           obs("crisis_support", "BBB->AAA", 3, "2021-01-01", crisis="c1"),
                           obs("crisis_support", "BBB->AAA", 1, DAY.isoformat(), crisis="c2")],
                [crisis("c1", "2021-01-01"), crisis("c2", DAY.isoformat())])
    assert latest(data).crisis == "c2" and latest(data).level == 1
    assert latest(data, DAY - dt.timedelta(days=1)).level == 3
