"""Scores computed by hand for the small dataset in fixtures/mini.yaml."""

from __future__ import annotations

import datetime as dt

import pytest

import allyscore
from allyscore.dataset import load_dataset
from allyscore.rubric import resolve_rubric

# costly-signals@1.0.0 weights: formal 3, crisis 4, military aid 3, tech 2, finance 2, cooperation 2,
# diplomacy 1, economy 1, rhetoric 0.5 (total 18.5).


@pytest.fixture
def data(mini_path):
    return load_dataset(mini_path)


@pytest.fixture
def rubric(data):
    return resolve_rubric("costly-signals@1.0.0", catalog=set(data.dimensions))


def test_score_by_hand(data, rubric):
    result = allyscore.rate(data, "iran", "russia", rubric)
    # known: formal 2/4*3 = 1.5; military aid mean(4, 0)/4*3 = 1.5; rhetoric 4/4*0.5 = 0.5;
    # crisis support 0 (Iran->Russia untested, left out of the fold); weight known = 3+3+0.5+4 = 10.5
    assert result.score == pytest.approx(100 * 3.5 / 10.5)
    assert result.indicators.coverage == pytest.approx(10.5 / 18.5, abs=1e-6)
    # 57% < 60% coverage: the rubric refuses to judge
    assert result.label == "insufficient_evidence"
    assert sum(d.contribution for d in result.dimensions) == pytest.approx(result.score)
    aid = result.dimension("military_aid")
    assert aid.flows == {"IRN->RUS": 4, "RUS->IRN": 0}
    assert aid.value == 2.0 and aid.confidence == "low"
    assert result.dimension("technology_transfer").status == "unknown"


def test_pair_order_does_not_matter(data, rubric):
    ab = allyscore.rate(data, "iran", "russia", rubric)
    ba = allyscore.rate(data, "RUS", "IRN", rubric)
    assert (ab.score, ab.label, ab.pair) == (ba.score, ba.label, ba.pair)


def test_as_of_uses_the_observation_in_effect(data, rubric):
    before = allyscore.rate(data, "iran", "russia", rubric, as_of=dt.date(2019, 6, 1))
    assert before.dimension("formal_commitment").value == 1.0
    # in 2019 no military aid or crisis observation held yet: only formal (1) and rhetoric are known...
    assert before.dimension("military_aid").status == "unknown"
    assert before.dimension("rhetoric").status == "unknown"  # rhetoric starts in 2020
    assert before.score == pytest.approx(100 * (0.25 * 3) / 3)
    assert before.crises == ()


def test_asymmetry_and_say_do_gap(data, rubric):
    result = allyscore.rate(data, "iran", "russia", rubric)
    asym = result.indicators.asymmetry
    # only military aid is known both ways: Iran gives 4, Russia 0
    assert asym.compared == ("military_aid",)
    assert asym.index == pytest.approx(1.0) and asym.giver == "IRN" and asym.flagged
    assert asym.describe(result.names) == "Iran gives Russia more than it gets"
    # talk: rhetoric 4/4 = 1.0; deeds (costly, known): formal .5 (w3), aid .5 (w3), crisis 0 (w4)
    deeds = (3 * 0.5 + 3 * 0.5 + 4 * 0) / 10
    assert result.indicators.say_do_gap == pytest.approx(100 * (1.0 - deeds))


def test_missing_policy_zero_and_overrides(data, rubric):
    zero = rubric.model.model_copy(update={"missing": rubric.model.missing.model_copy(update={"policy": "zero"})})
    from allyscore.rubric import ResolvedRubric, digest

    resolved = ResolvedRubric(zero, "x", digest(zero))
    result = allyscore.rate(data, "iran", "russia", resolved)
    assert result.score == pytest.approx(100 * 3.5 / 18.5)
    assert result.dimension("economic_ties").status == "imputed"
    heavier = rubric.with_weights({"rhetoric": 10.5})
    result = allyscore.rate(data, "iran", "russia", heavier)
    # known weight 3 + 3 + 10.5 + 4 = 20.5; points 1.5 + 1.5 + 10.5 + 0
    assert result.score == pytest.approx(100 * 13.5 / 20.5)
    assert result.rubric.overrides == {"rhetoric": 10.5}
    assert result.rubric.digest != rubric.digest


def test_rules_relabel(data, rubric):
    from allyscore.engine import Facts
    from allyscore.engine import _label as label_of

    def _label(spec, score, values, coverage):
        return label_of(spec, Facts(values, score, coverage, None, (values, values)))

    spec = rubric.model
    # a high score without a defence pledge is a de facto alliance
    assert _label(spec, 80, {"formal_commitment": 2}, 1.0)[0] == "de_facto_alliance"
    assert _label(spec, 80, {"formal_commitment": 4, "crisis_support": 3}, 1.0)[0] == "alliance"
    # a pledge not honoured when tested is hollow, whatever the score
    assert _label(spec, 80, {"formal_commitment": 4, "crisis_support": 1}, 1.0)[0] == "hollow_alliance"
    assert _label(spec, 30, {"formal_commitment": 3, "crisis_support": 0.5}, 1.0)[0] == "hollow_alliance"
    # untested crisis support is unknown, not a failure
    assert _label(spec, 80, {"formal_commitment": 4}, 1.0)[0] == "alliance"
    assert _label(spec, 30, {}, 1.0)[0] == "axis_of_convenience"
    assert _label(spec, 19.99, {}, 1.0)[0] == "arms_length"
    assert _label(spec, 100, {"formal_commitment": 4}, 1.0)[0] == "alliance"


def test_unknown_pair_lists_ties(data):
    from allyscore.errors import LookupFailed

    with pytest.raises(LookupFailed) as info:
        allyscore.rate(data, "china", "iran")
    assert "no tie between China and Iran" in str(info.value)
    assert "iran:russia" in info.value.problems[0].hint


def test_crisis_record_holds_after_the_crisis(tmp_path, mini_text):
    """A crisis-support record holds from the crisis on; the most recent crisis counts, at its peak."""
    text = mini_text.replace("crisis: iran-test", "crisis: iran-test\n    until: 2023-01-05")
    path = tmp_path / "d.yaml"
    path.write_text(text)
    data = load_dataset(path)
    rubric = resolve_rubric("costly-signals@1.0.0", catalog=set(data.dimensions))
    later = allyscore.rate(data, "iran", "russia", rubric, as_of=dt.date(2023, 12, 31))
    assert later.dimension("crisis_support").flows["RUS->IRN"] == 0
    before = allyscore.rate(data, "iran", "russia", rubric, as_of=dt.date(2022, 12, 31))
    assert before.dimension("crisis_support").flows["RUS->IRN"] is None


def test_in_effect_prefers_latest_crisis_peak_and_later_ordinary_observations():
    from allyscore.engine import in_effect
    from allyscore.model import Observation

    def obs(level, since, until=None, crisis=None):
        return Observation.model_validate(dict(
            dimension="crisis_support", direction="RUS->PRK", level=level, confidence="high", since=since,
            until=until, claim="c", sources=["s"], crisis=crisis, notes=None if level is not None else "untested"))

    war = obs(4, "1950-06-25", "1953-07-27", crisis="war")
    lapse = obs(None, "1953-07-28")
    starts = {"war": dt.date(1950, 6, 25), "kursk": dt.date(2024, 8, 6), "ukraine": dt.date(2022, 2, 24)}
    assert in_effect([war, lapse], dt.date(1952, 1, 1), starts) is war
    assert in_effect([war, lapse], dt.date(2000, 1, 1), starts) is lapse  # "untested since" replaces the record
    shells = obs(3, "2023-09-01", "2024-10-07", crisis="ukraine")
    troops = obs(4, "2024-10-08", "2025-04-26", crisis="kursk")
    after = obs(3, "2025-04-27", crisis="ukraine")
    both = [shells, troops, after]
    assert in_effect(both, dt.date(2024, 9, 1), starts) is shells  # Kursk began, troops not yet there
    assert in_effect(both, dt.date(2026, 1, 1), starts) is troops  # the latest crisis (Kursk), at its peak


def test_unknown_direction_imputation(data):
    """costly-signals@1.1.0: crisis support folds by min, an untested direction counts as level 2."""
    rubric = resolve_rubric("costly-signals@1.1.0", catalog=set(data.dimensions))
    result = allyscore.rate(data, "iran", "russia", rubric)
    crisis = result.dimension("crisis_support")
    assert crisis.flows == {"IRN->RUS": None, "RUS->IRN": 0}
    assert crisis.value == 0.0  # min(2 imputed, 0)
    rubric2 = rubric.with_weights({})
    spec = rubric2.model.dimensions["crisis_support"]
    assert spec.fold == "min" and spec.unknown_direction == 2


def test_short_of_names_what_keeps_a_tie_from_the_top_label(rubric):
    from allyscore.engine import Facts
    from allyscore.engine import _short_of as short_of

    def _short_of(spec, score, values, coverage, label):
        return short_of(spec, Facts(values, score, coverage, None, (values, values)), label)

    spec = rubric.model
    top, because = _short_of(spec, 48.0, {"formal_commitment": 2}, 1.0, "axis_of_convenience")
    assert top == "alliance"
    assert because == ("score 48.0 is below 60", "no written defence pledge (formal commitment below 3)")
    assert _short_of(spec, 48.0, {"formal_commitment": 4}, 1.0, "axis_of_convenience")[1] == \
        ("score 48.0 is below 60",)
    assert _short_of(spec, 70.0, {"formal_commitment": 4, "crisis_support": 3}, 1.0, "alliance")[1] == ()


def test_a_rubric_that_scores_part_of_the_catalog_says_what_it_leaves_out(data):
    rubric = resolve_rubric("formal-commitment", catalog=set(data.dimensions))
    result = allyscore.rate(data, "iran", "russia", rubric)
    assert [d.id for d in result.dimensions] == ["formal_commitment"]
    assert set(result.unscored) == set(data.dimensions) - {"formal_commitment"}
    full = allyscore.rate(data, "iran", "russia", resolve_rubric("costly-signals@1.0.0", catalog=set(data.dimensions)))
    assert full.unscored == ()


def test_classes_the_first_definition_that_holds_and_what_keeps_a_tie_short(data):
    """costly-signals@2.0.0 on hand-made facts: order, one-direction conditions, and short_of."""
    from allyscore.engine import Facts, _label, _short_of

    spec = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions)).model
    pledge = ({"formal_commitment": 4.0, "crisis_support": 1.0}, {"formal_commitment": 1.0})

    def facts(values, score, directions=({}, {}), under=({}, {}), gap=0.0):
        return Facts(values, score, 1.0, gap, directions, under)

    key = ("crisis_support", "formal_commitment", 3, None)
    # a pledge that failed under it is hollow; failed before it held (no record under it) is not
    assert _label(spec, facts({"formal_commitment": 4}, 60, pledge, ({key: 1.0}, {})))[0] == "hollow_alliance"
    assert _label(spec, facts({"formal_commitment": 4}, 60, pledge))[0] == "alliance"
    # a one-way pledge is a pledge: the other direction owes nothing
    one_way = ({"formal_commitment": 3.0}, {"formal_commitment": 0.0})
    assert _label(spec, facts({"formal_commitment": 3, "crisis_support": 4}, 30, one_way))[0] == "alliance"
    # no pledge: delivered under fire and a high score, a de facto alliance; else partnership or axis
    assert _label(spec, facts({"formal_commitment": 1, "crisis_support": 3}, 70))[0] == "de_facto_alliance"
    assert _label(spec, facts({"formal_commitment": 1, "crisis_support": 2}, 40))[0] == "strategic_partnership"
    assert _label(spec, facts({"formal_commitment": 1}, 40, gap=30))[0] == "axis_of_convenience"
    assert _label(spec, facts({"formal_commitment": 1, "crisis_support": 1}, 10))[0] == "axis_of_convenience"
    assert _label(spec, facts({"formal_commitment": 1}, 10))[0] == "arms_length"
    top, why = _short_of(spec, facts({"formal_commitment": 2, "crisis_support": 2}, 40), "strategic_partnership")
    assert top == "alliance" and why == ("no direction has formal_commitment >= 3",)


def test_class_reasons_and_short_of_never_state_an_unknown_value(data):
    """A condition on an unknown dimension is not cited as a value: short_of says formal commitment is
    unknown, and a direction whose level is unknown is not counted as lacking a pledge."""
    from allyscore.engine import Facts, _label, _short_of

    spec = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions)).model
    delivered = ({"crisis_support": 3.0}, {"crisis_support": 3.0})
    unknown_pledge = Facts({"crisis_support": 3}, 70, 1.0, 0.0, delivered)
    assert _short_of(spec, unknown_pledge, "de_facto_alliance")[1] == \
        ("formal commitment is unknown, and the rubric needs it known",)
    one_known = Facts({"formal_commitment": 2}, 40, 1.0, 0.0, ({"formal_commitment": 2.0}, {}))
    assert _short_of(spec, one_known, "strategic_partnership")[1] == \
        ("no known direction has formal_commitment >= 3",)
    known = Facts({"formal_commitment": 1, "crisis_support": 3}, 70, 1.0, 0.0,
                  ({"formal_commitment": 1.0, "crisis_support": 3.0}, {"formal_commitment": 1.0, "crisis_support": 3.0}))
    assert _label(spec, known)[0] == "de_facto_alliance"
    assert _short_of(spec, known, "de_facto_alliance")[1] == ("no direction has formal_commitment >= 3",)


def test_rubrics_show_prints_the_classes_in_order(cli):
    out = " ".join(cli("rubrics", "show", "costly-signals@2.0.0").stdout.split())
    assert "Classes, in order" in out and "1. Hollow alliance:" in out and "7. Arm's length:" in out
