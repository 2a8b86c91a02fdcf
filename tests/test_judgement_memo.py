"""The engine works out each distinct set of evidence, and judges each distinct set of facts, once per rubric:
the same results as working out every tie."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from allyscore import engine
from allyscore.dataset import load_dataset
from allyscore.model import Observation, Tie
from allyscore.rubric import resolve_rubric


@pytest.fixture(scope="module")
def data():
    return load_dataset(None)


@pytest.mark.parametrize("ref", ["costly-signals@1.0.0", "costly-signals@1.1.0", "costly-signals@2.0.0"])
def test_memo_gives_what_judging_each_tie_gives(data, ref, monkeypatch):
    rubric = resolve_rubric(ref, catalog=set(data.dimensions))
    warm = [engine.score_tie(data, tie, rubric) for tie in data.model.ties]
    warm_again = [engine.score_tie(data, tie, rubric) for tie in data.model.ties]
    assert warm == warm_again
    memo = engine._memo(rubric)
    assert 0 < len(memo.judged) <= len(warm)

    def judge_every_time(memo, facts):
        label, reasons = engine._label(memo.rubric.model, facts)
        top, short_of = engine._short_of(memo.rubric.model, facts, label)
        return label, tuple(reasons), top, short_of

    monkeypatch.setattr(engine, "_judge", judge_every_time)
    monkeypatch.setattr(engine, "_order_free", lambda rubric: False)  # no evidence shared between ties
    monkeypatch.setattr(engine, "_MEMOS", {})
    assert [engine.score_tie(data, tie, rubric) for tie in data.model.ties] == warm
    assert engine._memo(rubric).sums == {}


def test_a_memo_is_never_another_rubrics(data, monkeypatch):
    # keyed by the rubric object's id; an id reused by a later rubric must not find the earlier memo
    old = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    new = old.with_weights({"rhetoric": 4.0})
    monkeypatch.setattr(engine, "_MEMOS", {id(new): engine._RubricMemo(old)})
    assert engine._memo(new).rubric is new
    tie = data.tie("IRN", "RUS")
    assert engine.score_tie(data, tie, new).score != engine.score_tie(data, tie, old).score


def test_the_memos_start_again_past_their_limit(data, monkeypatch):
    monkeypatch.setattr(engine, "_MEMOS", {})
    base = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    rubrics = [base.with_weights({"rhetoric": 0.1 * i}) for i in range(1, engine._MEMO_RUBRICS + 2)]
    for rubric in rubrics:
        engine._memo(rubric)
        assert len(engine._MEMOS) <= engine._MEMO_RUBRICS
    assert engine._memo(rubrics[-1]).rubric is rubrics[-1]


def _obs(dim, direction, level, confidence="high"):
    return Observation(dimension=dim, direction=direction, level=level, confidence=confidence,
                       since=dt.date(2020, 1, 1), claim="x", sources=["s"])


def test_ties_that_share_evidence_share_the_sums_each_in_its_own_terms(data, monkeypatch):
    rubric = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    assert engine._memo(rubric).shared
    gives = Tie(pair=("IRN", "RUS"), observations=[_obs("military_aid", "IRN->RUS", 4), _obs("military_aid", "RUS->IRN", 0),
                                                   _obs("rhetoric", "mutual", 3, "low")])
    takes = Tie(pair=("CHN", "PRK"), observations=[_obs("military_aid", "CHN->PRK", 4), _obs("military_aid", "PRK->CHN", 0),
                                                   _obs("rhetoric", "mutual", 3, "low")])
    mirror = Tie(pair=("CHN", "PRK"), observations=[_obs("military_aid", "PRK->CHN", 4), _obs("military_aid", "CHN->PRK", 0),
                                                    _obs("rhetoric", "mutual", 3, "low")])
    day = dt.date(2021, 1, 1)
    results = [engine.score_tie(data, t, rubric, day) for t in (gives, takes, mirror)]
    assert [r.indicators.asymmetry.giver for r in results] == ["IRN", "CHN", "PRK"]
    assert results[0].dimension("military_aid").flows == {"IRN->RUS": 4, "RUS->IRN": 0}
    assert results[1].dimension("rhetoric").flows == {"mutual": 3}  # a mutual level stays mutual
    assert results[2].dimension("military_aid").flows == {"CHN->PRK": 0, "PRK->CHN": 4}
    assert results[2].indicators.asymmetry.gives == {"CHN": 0.0, "PRK": 1.0}
    assert [r.score for r in results] == [results[0].score] * 3
    assert len(results[1].dimension("rhetoric").observations) == 1
    surer = Tie(pair=("CHN", "PRK"), observations=[*takes.observations[:2], _obs("rhetoric", "mutual", 3, "high")])
    assert engine.score_tie(data, surer, rubric, day).dimension("rhetoric").confidence == "high"
    assert results[1].dimension("rhetoric").confidence == "low"
    monkeypatch.setattr(engine, "_order_free", lambda rubric: False)
    monkeypatch.setattr(engine, "_MEMOS", {})
    assert [engine.score_tie(data, t, rubric, day) for t in (gives, takes, mirror)] == results


def test_a_rubric_whose_fold_looks_at_the_parties_shares_nothing(data):
    base = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    focal = dataclasses.replace(base, model=base.model.model_copy(update={"fold": "toward_focal", "focal": "IRN"}))
    assert not engine._memo(focal).shared
    engine.score_tie(data, data.tie("IRN", "RUS"), focal)
    assert engine._memo(focal).sums == {}


def test_what_a_rubric_remembers_is_bounded(data, monkeypatch):
    rubric = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    expected = [engine.score_tie(data, tie, rubric) for tie in data.model.ties]
    monkeypatch.setattr(engine, "_MEMOS", {})
    monkeypatch.setattr(engine, "_KEPT", 2)
    assert [engine.score_tie(data, tie, rubric) for tie in data.model.ties] == expected
    memo = engine._memo(rubric)
    assert 0 < len(memo.sums) <= 2 and 0 < len(memo.judged) <= 2


def test_each_distinct_piece_of_evidence_is_worked_out_once(data, monkeypatch):
    # the memos buy speed only: the arithmetic (here: the asymmetry) runs once for evidence met before,
    # and the judgement (the label) once for facts met before
    calls = {"asymmetry": 0, "label": 0}
    asymmetry, label = engine._asymmetry, engine._label

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(engine, "_asymmetry", counted("asymmetry", asymmetry))
    monkeypatch.setattr(engine, "_label", counted("label", label))
    rubric = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    tie = data.tie("IRN", "RUS")
    first = engine.score_tie(data, tie, rubric)
    assert calls == {"asymmetry": 1, "label": 1}
    assert engine.score_tie(data, tie, rubric) == first
    assert calls == {"asymmetry": 1, "label": 1}
    monkeypatch.setattr(engine, "_order_free", lambda rubric: False)  # worked out each time, judged once
    unshared = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions)).with_weights({"rhetoric": 0.5})
    engine.score_tie(data, tie, unshared)
    engine.score_tie(data, tie, unshared)
    assert calls == {"asymmetry": 3, "label": 2}


@pytest.mark.parametrize("transform", [{"name": "linear"}, {"name": "power", "params": {"exponent": 2.0}},
                                       {"name": "threshold", "params": {"at": 0.5}}])
@pytest.mark.parametrize("aggregation", ["weighted_mean", "weighted_geometric"])
@pytest.mark.parametrize("fold", ["mean", "min", "max"])
def test_every_built_in_but_toward_focal_is_shared(data, transform, aggregation, fold):
    from allyscore.rubric import TransformSpec

    base = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    spec = base.model.model_copy(update={"transform": TransformSpec(**transform), "aggregation": aggregation,
                                         "fold": fold})
    assert engine._order_free(dataclasses.replace(base, model=spec))
