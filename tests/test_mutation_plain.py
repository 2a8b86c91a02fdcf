"""The plain-data form of a score (`rate --format json`, `TieScore.to_dict`), key by key.

The full mutmut run over engine.py (issue 19, docs/development.md) left most mutants of
`tie_score_dict` and `crisis_dict` alive: a renamed key, a dropped rounding or a lost field went unseen
by the fast tests. Each test here names the mutants it kills.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import allyscore
from allyscore.dataset import load_dataset
from allyscore.engine import crisis_dict, tie_score_dict
from allyscore.errors import AllyscoreError
from allyscore.plain import SCHEMA_VERSION, dataset_dict, rubric_ref
from allyscore.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
RATE_SCHEMA = json.loads((ROOT / "schemas" / "rate.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def data():
    return load_dataset(MINI)


@pytest.fixture
def part_rubric(tmp_path, data):
    """Four of the catalog's dimensions (one unknown on the mini tie), transformed by a square root (so that
    rounding shows)."""
    doc = {"name": "part", "version": "1.0.0", "description": "d", "changelog": "c",
           "dimensions": {"military_aid": 3, "rhetoric": 1, "crisis_support": 4, "technology_transfer": 1},
           "transform": {"name": "power", "params": {"exponent": 0.5}},
           "labels": {"low": {"title": "Low"}, "high": {"title": "High"}},
           "bands": [{"label": "low", "min": 0, "max": 90}, {"label": "high", "min": 90, "max": 100}]}
    path = tmp_path / "part.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return load_rubric(path, set(data.dimensions))


def test_every_field_of_the_json_form_is_the_score_it_stands_for(data, part_rubric):
    # kills tie_score_dict mutants 8-35 and 45-104 (each key renamed), 7 (evidence on by default),
    # 25 and 28-31 (`transformed` not rounded to 6 places), 74 (the dataset dropped); score_tie 21 (the
    # first unscored dimension ending the loop), 97 (the transform's parameters dropped), the fields of the
    # TieScore left empty (126, 186, 193, 196, 340, 342, 346, 351, 365) and the rounding of the score,
    # the contributions and the coverage (182, 237, 273); _say_do_gap 40, 42 and 46 (its rounding)
    result = allyscore.rate(data, "iran", "russia", part_rubric)
    # by hand: military aid mean(4, 0) = 2 -> sqrt(2/4) x 3; rhetoric 4 -> 1 x 1; crisis support 0 x 4;
    # technology transfer unknown (left out): 100 x (3 sqrt(0.5) + 1) / 8 = 39.0165043...
    assert result.score == 39.016504
    assert result.indicators.coverage == 0.888889  # 8 of 9
    assert result.indicators.say_do_gap == 78.571429  # talk 1.0 minus deeds (3 x 0.5 + 4 x 0) / 7
    doc = tie_score_dict(result, data)
    jsonschema.validate(doc, RATE_SCHEMA)  # no key unknown to the schema, none it requires missing
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["pair"] == ["IRN", "RUS"] and doc["names"] == {"IRN": "Iran", "RUS": "Russia"}
    assert (doc["score"], doc["label"], doc["label_title"]) == (result.score, "low", "Low")
    assert doc["reasons"] == list(result.reasons)
    assert doc["short_of"] == {"label": "high", "because": list(result.short_of)} and result.short_of
    assert doc["rubric"] == rubric_ref(part_rubric) and doc["dataset"] == dataset_dict(data)
    assert doc["dataset"]["name"] == "mini"
    assert doc["as_of"] == "2024-01-01"
    scored = ("military_aid", "rhetoric", "crisis_support", "technology_transfer")
    assert doc["unscored_dimensions"] == [d for d in data.dimensions if d not in scored]
    aid = next(d for d in doc["dimensions"] if d["id"] == "military_aid")
    # military aid: IRN->RUS 4, RUS->IRN 0, folded by the mean to 2; sqrt(2/4) = 0.70710678...
    assert aid == {"id": "military_aid", "name": "Military aid", "directed": True, "signal": "costly",
                   "levels": {"IRN->RUS": 4, "RUS->IRN": 0}, "value": 2.0, "status": "known", "weight": 3.0,
                   "transformed": 0.707107, "contribution": 26.516504, "confidence": "low"}  # 100 x 3 sqrt(0.5) / 8
    assert "evidence" not in aid and "crises" not in doc  # evidence only when asked
    asym = result.indicators.asymmetry
    assert doc["indicators"] == {
        "asymmetry": {"index": asym.index, "giver": "IRN", "flagged": asym.flagged, "gives": dict(asym.gives),
                      "compared": ["military_aid"], "summary": "Iran gives Russia more than it gets"},
        "say_do_gap": result.indicators.say_do_gap, "coverage": result.indicators.coverage}
    assert asym.index == 1.0 and asym.flagged


def test_evidence_lists_each_observation_and_each_crisis(data, part_rubric):
    # kills tie_score_dict mutants 36-38 (evidence dropped or renamed) and 124 and 127 (the crises without the dataset)
    result = allyscore.rate(data, "iran", "russia", part_rubric)
    doc = tie_score_dict(result, data, evidence=True)
    jsonschema.validate(doc, RATE_SCHEMA)
    aid = next(d for d in doc["dimensions"] if d["id"] == "military_aid")
    assert [(e["direction"], e["level"]) for e in aid["evidence"]] == [("IRN->RUS", 4), ("RUS->IRN", 0)]
    assert [c["id"] for c in doc["crises"]] == ["iran-test"]
    # with the dataset, each response also gives the level delivered and the gap (tie_score_dict 124, 127)
    assert doc["crises"][0]["responses"] == [{"partner": "RUS", "delivered": "words", "expected": "arms",
                                              "dimension": "crisis_support", "level": 0, "top_level": 4, "gap": 4}]
    assert result.to_dict(data, evidence=True) == doc


def test_to_dict_is_the_json_form_and_needs_the_dataset_for_evidence(data, part_rubric):
    # kills TieScore.to_dict mutants (none of the fast tests reached it)
    result = allyscore.rate(data, "iran", "russia", part_rubric)
    assert result.to_dict() == tie_score_dict(result, None)
    assert result.to_dict()["dataset"] is None
    assert result.to_dict(data) == tie_score_dict(result, data)
    assert "crises" not in result.to_dict(data)
    with pytest.raises(AllyscoreError) as exc:
        result.to_dict(evidence=True)
    problem = exc.value.problems[0]
    assert problem.message == "to_dict(evidence=True) needs the dataset"
    assert problem.hint == "result.to_dict(data, evidence=True)"


def test_a_crisis_without_the_dataset_lists_only_the_partners_responses(data, part_rubric, tmp_path):
    # kills crisis_dict mutants 1 and 9-38 (the plain form of a crisis when no dataset is given)
    doc = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    doc["schema_version"] = 2  # crisis roles (attackers, attacked)
    doc["crises"][0].update(attackers=["ISR"], attacked=["IRN"], end=None)
    doc["crises"][0]["responses"].append({"partner": "CHN", "delivered": "words", "sources": ["src-a"]})
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    data = load_dataset(path)
    result = allyscore.rate(data, "iran", "russia", part_rubric)
    (crisis,) = result.crises
    plain = crisis_dict(crisis, result)
    assert plain == {"id": "iran-test", "name": "Test crisis", "target": "IRN", "attackers": ["ISR"],
                     "attacked": ["IRN"], "start": "2023-01-01", "end": None,
                     "responses": [{"partner": "RUS", "delivered": "words", "expected": "arms"}]}
    jsonschema.validate(plain, RATE_SCHEMA["$defs"]["CrisisEntry"] | {"$defs": RATE_SCHEMA["$defs"]})
    ended = crisis_dict(allyscore.rate(load_dataset(MINI), "iran", "russia", part_rubric).crises[0], result)
    assert ended["end"] == "2023-01-10" and ended["attackers"] == [] and ended["attacked"] == []


def test_uncertainty_adds_its_interval_probabilities_and_simulation(data, part_rubric):
    # kills tie_score_dict mutants 106-118 (the uncertainty fields of `rate --uncertainty -f json`)
    from allyscore.uncertainty import simulate

    result = allyscore.rate(data, "iran", "russia", part_rubric)
    (sim,) = simulate(data, [result.pair], part_rubric, None, 50, 7, 0.9)
    doc = tie_score_dict(result, data, uncertainty=sim)
    jsonschema.validate(doc, RATE_SCHEMA)
    u = sim.to_dict()
    assert doc["interval"] == u["interval"] and doc["interval"]["level"] == 0.9
    assert doc["label_probabilities"] == u["label_probabilities"]
    assert set(doc["label_probabilities"]) == {"low", "high"}
    assert doc["simulation"] == u["simulation"] and doc["simulation"]["draws"] == 50
