"""The example plugin's own tests: its functions, and its rubric loaded through allyscore's registry."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs without installing too

import allyscore_plugin_example as example  # noqa: E402
from allyscore import plugins  # noqa: E402
from allyscore.rubric import load_rubric  # noqa: E402

CATALOG = {"formal_commitment", "crisis_support", "military_aid", "technology_transfer", "financial_backing",
           "military_cooperation", "diplomatic_support", "economic_ties", "rhetoric"}


@pytest.fixture
def registered():
    plugins.reset()
    plugins.registry().load(example, "example")
    yield plugins.registry()
    plugins.reset()


def test_sqrt_is_monotone_and_maps_0_1_onto_0_1():
    xs = [i / 4 for i in range(5)]
    assert [example.sqrt(x) for x in xs] == [0.0, 0.5, math.sqrt(0.5), math.sqrt(0.75), 1.0]


def test_harmonic_fold():
    assert example.harmonic({"IRN->RUS": 4.0, "RUS->IRN": 1.0}) == pytest.approx(2 / (1 / 4 + 1 / 1))  # 1.6
    assert example.harmonic({"IRN->RUS": 4.0, "RUS->IRN": 0.0}) == 0.0
    assert example.harmonic({"IRN->RUS": 3.0}) == 3.0


def test_registers_its_parts(registered):
    assert registered.get("transforms", "sqrt") is example.sqrt
    assert registered.get("folds", "harmonic") is example.harmonic
    assert [p.name for _, p in registered.rubric_files if _ == "example"] == ["costly-signals-sqrt-1.0.0.yaml"]


def test_its_rubric_validates(registered):
    path = example.RUBRICS / "costly-signals-sqrt-1.0.0.yaml"
    rubric = load_rubric(path, CATALOG)
    assert rubric.ref == "costly-signals-sqrt@1.0.0"
    assert rubric.model.transform.name == "sqrt"
    assert rubric.model.dimensions["military_aid"].fold == "harmonic"
    assert rubric.model.dimensions["crisis_support"].fold == "min"  # inherited from costly-signals@1.1.0
