"""The engine judges each distinct set of facts once per rubric: the same results as judging every tie."""

from __future__ import annotations

import pytest

from allyscore import engine
from allyscore.dataset import load_dataset
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
    assert [engine.score_tie(data, tie, rubric) for tie in data.model.ties] == warm


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
