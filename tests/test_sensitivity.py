"""Sensitivity: flips computed by hand on a tiny dataset, weight draws, first-order variance shares."""

from __future__ import annotations

import json

import pytest

from allyscore import sensitivity
from allyscore.dataset import load_dataset
from allyscore.rubric import resolve_rubric

from test_uncertainty import tiny_dataset, tiny_rubric  # noqa: E402  (tests/ is on sys.path)


@pytest.fixture
def tiny(tmp_path):
    """d1 = 4 and d2 = 0, weights 1 and 1: score 100 * (w1 * 1 + w2 * 0) / (w1 + w2) = 50, label low (< 60)."""
    data_path = tiny_dataset(tmp_path, [("d1", "mutual", 4, "high"), ("d2", "mutual", 0, "high")])
    rubric_path = tiny_rubric(tmp_path, {"d1": 1, "d2": 1})
    data = load_dataset(data_path)
    return data, resolve_rubric(str(rubric_path), catalog=set(data.dimensions)), data_path, rubric_path


def test_one_at_a_time_flips_match_the_hand_computation(tiny):
    data, rubric, _, _ = tiny
    res = sensitivity.analyse(data, ("AAA", "BBB"), rubric, draws=500)
    assert (res.score, res.label) == (50.0, "low")
    d1, d2 = res.dimensions
    # weight of d1: 100 * w / (w + 1) >= 60  <=>  w >= 1.5
    assert d1.weight.to == pytest.approx(1.5, abs=1e-4) and d1.weight.label == "high"
    assert d1.weight.delta == pytest.approx(0.5, abs=1e-4)
    # weight of d2: 100 / (1 + w) >= 60  <=>  w <= 2/3
    assert d2.weight.to == pytest.approx(2 / 3, abs=1e-4) and d2.weight.delta == pytest.approx(-1 / 3, abs=1e-4)
    # level of d2: 100 * (1 + v / 4) / 2 >= 60  <=>  v >= 0.8
    assert d2.level.current == 0 and d2.level.to == pytest.approx(0.8, abs=1e-4) and d2.level.label == "high"
    # d1 can only go down from 4, which lowers the score: no flip within 0..4
    assert d1.level.to is None and d1.level.label is None
    assert d1.weight.high == 3.0  # searched up to 3 x the largest weight


def test_weight_draws_keep_the_label_at_the_hand_computed_rate(tiny):
    """Weights w1, w2 = U(.75, 1.25) each: high iff w1 >= 1.5 w2, of probability 0.005208 / 0.25 = 0.020833."""
    data, rubric, _, _ = tiny
    res = sensitivity.analyse(data, ("AAA", "BBB"), rubric, draws=40000, seed=4)
    assert res.keep_label == pytest.approx(1 - 0.020833, abs=0.004)
    assert sum(res.weight_label_shares.values()) == pytest.approx(1.0)


def test_first_order_shares_of_an_additive_score(tmp_path):
    """Score = 12.5 (X1 + X2): shares are Var(X1) : Var(X2) = 0.8 (low, at 2) : 0.1 (high, at 2)."""
    data = load_dataset(tiny_dataset(tmp_path, [("d1", "mutual", 2, "low"), ("d2", "mutual", 2, "high")]))
    rubric = resolve_rubric(str(tiny_rubric(tmp_path, {"d1": 1, "d2": 1})), catalog=set(data.dimensions))
    res = sensitivity.analyse(data, ("AAA", "BBB"), rubric, draws=20000, seed=8)
    d1, d2 = res.dimensions
    assert d1.first_order == pytest.approx(0.8 / 0.9, abs=0.03)
    assert d2.first_order == pytest.approx(0.1 / 0.9, abs=0.03)
    assert res.interactions == pytest.approx(0.0, abs=0.03)


def test_unknown_level_reports_the_label_if_known(tmp_path):
    data = load_dataset(tiny_dataset(tmp_path, [("d1", "mutual", 4, "high"), ("d2", "mutual", None, "high")]))
    rubric = resolve_rubric(str(tiny_rubric(tmp_path, {"d1": 1, "d2": 1})), catalog=set(data.dimensions))
    res = sensitivity.analyse(data, ("AAA", "BBB"), rubric, draws=200)
    assert res.label == "high"  # only d1 counts: 100
    d2 = res.dimensions[1]
    assert d2.status == "unknown" and d2.level is None
    # known at v: 100 * (1 + v / 4) / 2 >= 60 <=> v >= 0.8
    assert d2.if_known == {0: "low", 1: "high", 2: "high", 3: "high", 4: "high"}


def test_cli_json_is_deterministic_and_complete(cli, tiny):
    _, _, data_path, rubric_path = tiny
    args = ["sensitivity", "AAA", "BBB", "--data", str(data_path), "--rubric", str(rubric_path),
            "--draws", "300", "--format", "json"]
    first, second = cli(*args), cli(*args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    out = json.loads(first.stdout)
    assert out["pair"] == ["AAA", "BBB"] and out["label"] == "low"
    assert [d["id"] for d in out["one_at_a_time"]] == ["d1", "d2"]
    assert out["one_at_a_time"][0]["weight"]["to"] == pytest.approx(1.5, abs=1e-4)
    assert set(out["variance"]["first_order"]) == {"d1", "d2"}
    assert set(out) >= {"weights", "interval", "label_probabilities", "simulation", "rubric", "dataset"}


def test_cli_table_and_errors(cli):
    result = cli("sensitivity", "iran", "russia", "--draws", "300")
    assert result.exit_code == 0, result.stderr
    assert "One at a time" in result.stdout and "keep the label" in result.stdout
    bad = cli("sensitivity", "iran", "atlantis")
    assert bad.exit_code == 2 and bad.stderr.startswith("allyscore: ")
    bad = cli("sensitivity", "iran", "russia", "--spread", "1.5")
    assert bad.exit_code == 2 and "--spread" in bad.stderr
