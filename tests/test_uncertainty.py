"""Monte Carlo intervals and label probabilities over the evidence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from allyscore import uncertainty
from allyscore.dataset import load_dataset
from allyscore.engine import score_tie
from allyscore.rubric import resolve_rubric

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"

DIMENSION = """- id: {id}
  name: {id}
  description: a test dimension
  directed: {directed}
  signal: costly
  levels: {{0: none, 1: some, 2: more, 3: much, 4: all}}
"""


def tiny_dataset(tmp_path: Path, observations: list[tuple[str, str, int | None, str]],
                 dims: tuple[tuple[str, bool], ...] = (("d1", False), ("d2", False))) -> Path:
    """A dataset with one tie AAA-BBB: observations are (dimension, direction, level, confidence)."""
    lines = ["schema_version: 1", "name: tiny", "version: '1'", "as_of: 2024-01-01", "dimensions:"]
    lines += [DIMENSION.format(id=d, directed=str(directed).lower()).rstrip("\n") for d, directed in dims]
    lines += ["countries:", "- {code: AAA, name: Aland}", "- {code: BBB, name: Bland}",
              "sources:", "- {id: s1, publisher: Wire, title: Report, date: '2020-01-01'}",
              "ties:", "- pair: [AAA, BBB]", "  observations:"]
    for dim, direction, level, conf in observations:
        lines.append(f"  - {{dimension: {dim}, direction: '{direction}', level: {'null' if level is None else level}, "
                     f"confidence: {conf}, since: '2020-01-01', claim: c, sources: [s1]"
                     + (", notes: unknown" if level is None else "") + "}")
    path = tmp_path / "tiny.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tiny_rubric(tmp_path: Path, weights: dict[str, float], policy: str = "skip", extra: str = "") -> Path:
    dims = "\n".join(f"  {d}: {{weight: {w}}}" for d, w in weights.items())
    text = f"""name: tiny
version: 1.0.0
description: a test rubric
changelog: test
missing: {{policy: {policy}}}
dimensions:
{dims}
labels:
  low: {{title: Low}}
  high: {{title: High}}
bands:
  - {{label: low, min: 0, max: 60}}
  - {{label: high, min: 60, max: 100}}
{extra}"""
    path = tmp_path / "tiny-rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_interval_contains_point_score_and_probabilities_sum_to_one():
    data = load_dataset()
    rubric = resolve_rubric(catalog=set(data.dimensions))
    results = uncertainty.simulate(data, None, rubric, draws=2000, seed=1)
    assert len(results) == len(data.model.ties)
    for tie, r in zip(data.model.ties, results):
        point = score_tie(data, tie, rubric)
        assert (r.score, r.label) == (point.score, point.label)
        assert r.low <= point.score <= r.high
        assert r.low < r.high  # every tie rests on some evidence short of certain
        assert sum(r.label_probabilities.values()) == pytest.approx(1.0, abs=1e-9)
        assert set(r.label_probabilities) == set(rubric.model.labels)
        assert r.level == 0.9 and r.draws == 2000


def test_high_confidence_gives_a_narrower_interval_than_low(tmp_path):
    rubric_path = tiny_rubric(tmp_path, {"d1": 1, "d2": 1})
    widths = {}
    for conf in ("high", "low"):
        data = load_dataset(tiny_dataset(tmp_path, [("d1", "mutual", 2, conf), ("d2", "mutual", 3, conf)]))
        rubric = resolve_rubric(str(rubric_path), catalog=set(data.dimensions))
        r = uncertainty.simulate(data, None, rubric, draws=4000, seed=3)[0]
        assert r.score == 62.5 and r.low <= 62.5 <= r.high
        widths[conf] = r.high - r.low
    assert widths["high"] < widths["low"]


def test_kernel_by_hand(tmp_path):
    """One high-confidence level 4 on the only dimension: level 4 w.p. .95 (the .05 above is clipped), 3 w.p. .05."""
    data = load_dataset(tiny_dataset(tmp_path, [("d1", "mutual", 4, "high")], dims=(("d1", False),)))
    rubric = resolve_rubric(str(tiny_rubric(tmp_path, {"d1": 1})), catalog=set(data.dimensions))
    r = uncertainty.simulate(data, None, rubric, draws=20000, seed=5)[0]
    assert r.label_probabilities == {"low": 0.0, "high": 1.0}  # 100 or 75: both high
    assert r.mean == pytest.approx(0.95 * 100 + 0.05 * 75, abs=0.3)
    table = uncertainty._table()
    high_4 = table[2 * 5 + 4]
    assert np.mean(high_4 == 4) == pytest.approx(0.95) and np.mean(high_4 == 3) == pytest.approx(0.05)
    low_0 = table[0 * 5 + 0]
    assert [np.mean(low_0 == k) for k in range(5)] == pytest.approx([0.75, 0.2, 0.05, 0, 0])


def test_unknown_dimensions_follow_the_missing_policy(tmp_path):
    obs = [("d1", "mutual", 2, "high"), ("d2", "mutual", None, "high")]
    data = load_dataset(tiny_dataset(tmp_path, obs))
    skip = resolve_rubric(str(tiny_rubric(tmp_path, {"d1": 1, "d2": 1})), catalog=set(data.dimensions))
    mid = resolve_rubric(str(tiny_rubric(tmp_path, {"d1": 1, "d2": 1}, policy="midpoint")),
                         catalog=set(data.dimensions))
    r_skip = uncertainty.simulate(data, None, skip, draws=4000, seed=2)[0]
    r_mid = uncertainty.simulate(data, None, mid, draws=4000, seed=2)[0]
    assert r_skip.score == 50.0 and r_mid.score == 50.0
    # skip: d2 stays out, only d1's high-confidence noise; midpoint: d2's stand-in spans 0..4
    assert r_skip.high - r_skip.low <= 25.0
    assert r_mid.low <= 37.5 and r_mid.high >= 62.5


def test_same_seed_same_bytes_and_other_seed_differs(cli):
    args = ["rate", "iran", "russia", "--draws", "3000", "--format", "json"]
    first, second = cli(*args, "--seed", "11"), cli(*args, "--seed", "11")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout
    out = json.loads(first.stdout)
    assert set(out["interval"]) == {"low", "high", "level"} and out["interval"]["level"] == 0.9
    assert sum(out["label_probabilities"].values()) == pytest.approx(1.0)
    assert out["simulation"]["seed"] == 11 and out["simulation"]["draws"] == 3000
    other = json.loads(cli(*args, "--seed", "12").stdout)
    assert other["simulation"]["mean"] != out["simulation"]["mean"]


def test_a_ties_draws_do_not_depend_on_the_other_ties():
    data = load_dataset()
    rubric = resolve_rubric(catalog=set(data.dimensions))
    pair = data.model.ties[-1].key
    alone = uncertainty.simulate(data, [pair], rubric, draws=500, seed=9)[0]
    together = [r for r in uncertainty.simulate(data, None, rubric, draws=500, seed=9) if r.pair == pair][0]
    assert alone.to_dict() == together.to_dict()


def test_rate_table_shows_interval_only_when_asked(cli):
    plain = cli("rate", "iran", "russia")
    assert plain.exit_code == 0 and "interval" not in plain.stdout
    asked = cli("rate", "iran", "russia", "--uncertainty", "--level", "0.8")
    assert asked.exit_code == 0, asked.stderr
    assert "80% interval" in asked.stdout and "seed 20260101" in asked.stdout


def test_bad_draws_and_level_are_user_errors(cli):
    for args in (["--draws", "0"], ["--level", "1.5"]):
        result = cli("rate", "iran", "russia", *args)
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        assert result.stderr.startswith("allyscore: ")


def test_rate_without_uncertainty_does_not_import_numpy():
    import subprocess
    import sys

    code = ("import sys; sys.argv = ['allyscore', 'rate', 'iran', 'russia', '-f', 'json', '--data', "
            f"{str(MINI)!r}]\nfrom allyscore.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('numpy' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().endswith("False")
