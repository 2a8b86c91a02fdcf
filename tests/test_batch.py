"""The vectorised engine gives exactly the engine's scores and labels."""

from __future__ import annotations

import numpy as np
import pytest

from allyscore import batch
from allyscore.dataset import load_dataset
from allyscore.engine import score_tie
from allyscore.rubric import available, resolve_rubric

from pathlib import Path

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.mark.parametrize("path", [None, MINI], ids=["bundled", "mini"])
def test_batch_equals_engine_for_every_tie_and_bundled_rubric(path):
    data = load_dataset(path)
    entries = [e for e in available(include_plugins=False)]
    assert entries
    for entry in entries:
        if not set(resolve_rubric(str(entry.path)).model.dimensions) <= set(data.dimensions):
            continue  # a rubric for another catalog (public-data weighs voting_alignment)
        rubric = resolve_rubric(str(entry.path), catalog=set(data.dimensions))
        # every date on which some observation begins or ends, and the dataset's own
        days = sorted({o.since for t in data.model.ties for o in t.observations}
                      | {o.until for t in data.model.ties for o in t.observations if o.until}
                      | {data.model.as_of})[::7] + [data.model.as_of]
        for day in days:
            got = batch.score_all(data, rubric, day)
            assert got.vectorised
            assert len(got.pairs) == len(data.model.ties)
            for tie, score, label in zip(data.model.ties, got.scores, got.labels):
                want = score_tie(data, tie, rubric, day)
                assert score == pytest.approx(want.score, abs=1e-9), (entry.ref, tie.key, day)
                assert label == want.label, (entry.ref, tie.key, day)


CLASSES = """
classes:
  - {label: hollow_alliance, reason: r1, in_some_direction: {formal_commitment: {min: 3}, crisis_support: {max: 1, tested_under: formal_commitment}}}
  - {label: de_facto_alliance, reason: r0, in_some_direction: {formal_commitment: {min: 2}, crisis_support: {min: 3, tested_under: formal_commitment}}}
  - {label: alliance, reason: r2, when: {score: {min: 40}, coverage: {min: 0.7}}, in_some_direction: {military_aid: {min: 2}}}
  - {label: de_facto_alliance, reason: r3, when: {say_do_gap: {max: 0}}, unless: {formal_commitment: {min: 3}}}
  - {label: axis_of_convenience, reason: r4, when: {say_do_gap: {min: 10}}}
  - {label: arms_length, reason: r5}
"""


@pytest.mark.parametrize("record", ["latest", "weakest"])
def test_batch_equals_engine_for_classes_directions_indicators_and_records(tmp_path, record):
    text = ("extends: costly-signals@1.0.0\nname: variant\nversion: 9.0.0\ndescription: d\nchangelog: c\n"
            "bands: []\nrules: []\ntop_label: alliance\n"
            f"dimensions:\n  crisis_support: {{weight: 4, fold: min, record: {record}, choice_war_floor: 2}}\n" + CLASSES)
    for path in (None, MINI):
        data = load_dataset(path)
        rubric = resolve_rubric(str(_variant(tmp_path, text)), catalog=set(data.dimensions))
        days = sorted({o.since for t in data.model.ties for o in t.observations} | {data.model.as_of})
        for day in days[::5]:
            got = batch.score_all(data, rubric, day)
            assert got.vectorised
            for tie, score, label in zip(data.model.ties, got.scores, got.labels):
                want = score_tie(data, tie, rubric, day)
                assert (score, label) == (pytest.approx(want.score, abs=1e-9), want.label), (record, tie.key, day)


def test_evidence_compiled_for_another_reading_of_crisis_records_is_refused():
    data = load_dataset()
    rubric = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    with pytest.raises(ValueError, match="compile the evidence"):
        batch.compile_rubric(rubric, batch.compile_evidence(data))


def _variant(tmp_path, text):
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path


VARIANTS = {
    "geometric-power-zero": "aggregation: weighted_geometric\ntransform: {name: power, params: {exponent: 1.5}}\n"
                            "missing: {policy: zero, min_coverage: 0.5, label: insufficient_evidence}\n",
    "threshold-midpoint-max": "fold: max\ntransform: {name: threshold, params: {at: 0.5}}\n"
                              "missing: {policy: midpoint}\n",
    "focal-min": "fold: toward_focal\nfocal: IRN\ndimensions:\n  military_aid: {weight: 5, fold: min}\n"
                 "  crisis_support: {weight: 2, unknown_direction: 3}\n",
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_batch_equals_engine_for_every_builtin_part(tmp_path, name):
    text = ("extends: costly-signals@1.0.0\nname: variant\nversion: 9.0.0\n"
            "description: a test variant\nchangelog: test\n" + VARIANTS[name])
    for path in (None, MINI):
        data = load_dataset(path)
        rubric = resolve_rubric(str(_variant(tmp_path, text)), catalog=set(data.dimensions))
        for as_of in (None, data.model.as_of.replace(year=2021)):
            got = batch.score_all(data, rubric, as_of)
            for tie, score, label in zip(data.model.ties, got.scores, got.labels):
                want = score_tie(data, tie, rubric, as_of)
                assert (score, label) == (pytest.approx(want.score, abs=1e-9), want.label), (name, tie.key)


def test_draws_axis_gives_each_draw_its_own_score():
    data = load_dataset(MINI)
    rubric = resolve_rubric(catalog=set(data.dimensions))
    ev = batch.compile_evidence(data, rubric=rubric)
    cr = batch.compile_rubric(rubric, ev)
    values = batch.fold(cr, ev)
    stacked = np.stack([values, np.full_like(values, 4.0)])  # [2 draws, T, D]
    scores, labels = batch.evaluate(cr, stacked)
    assert scores.shape == (2, len(ev.pairs))
    assert scores[0, 0] == pytest.approx(score_tie(data, data.model.ties[0], rubric).score)
    assert scores[1, 0] == 100.0  # every dimension at its top level


def test_plugin_parts_fall_back_to_the_engine(tmp_path):
    from allyscore import plugins

    plugins.reset()
    try:
        reg = plugins.registry()
        reg.transforms["sqrt"] = lambda x: x ** 0.5
        reg.owners[("transforms", "sqrt")] = "test"
        data = load_dataset(MINI)
        text = ("extends: costly-signals@1.0.0\nname: variant\nversion: 9.0.0\ndescription: d\nchangelog: c\n"
                "transform: sqrt\n")
        rubric = resolve_rubric(str(_variant(tmp_path, text)), catalog=set(data.dimensions))
        got = batch.score_all(data, rubric)
        assert not got.vectorised
        want = score_tie(data, data.model.ties[0], rubric)
        assert (got.scores[0], got.labels[0]) == (want.score, want.label)
        # the draws path calls the plugin element by element and agrees too
        ev = batch.compile_evidence(data)
        cr = batch.compile_rubric(rubric, ev)
        scores, _ = batch.evaluate(cr, batch.fold(cr, ev)[None])
        assert scores[0, 0] == pytest.approx(want.score, abs=1e-9)
    finally:
        plugins.reset()
