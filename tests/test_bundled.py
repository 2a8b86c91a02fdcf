"""The bundled dataset and rubrics: valid, fully cited, and giving the judgments they were built for."""

from __future__ import annotations

import pytest

import allyscore
from allyscore.dataset import load_dataset
from allyscore.model import date_start
from allyscore.rubric import available, resolve_rubric


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def test_bundled_dataset_validates_without_warnings(data):
    assert data.model.ties
    assert [w.format() for w in data.warnings] == []


def test_every_observation_cites_a_defined_source(data):
    for tie in data.model.ties:
        for obs in tie.observations:
            assert obs.sources and all(s in data.sources for s in obs.sources), (tie.pair, obs.dimension)
            assert obs.claim.strip()


def test_every_source_has_publisher_title_and_date(data):
    for src in data.model.sources:
        assert src.publisher.strip() and src.title.strip() and date_start(src.date) <= data.model.as_of


@pytest.mark.parametrize("a, b", [("iran", "russia"), ("iran", "china")])
def test_the_source_analysis_ties_are_axes_of_convenience(data, a, b):
    for entry in available():
        if entry.name == "costly-signals":
            result = allyscore.rate(data, a, b, resolve_rubric(entry.ref, catalog=set(data.dimensions)))
            assert result.label == "axis_of_convenience", (entry.ref, result.score, result.reasons)


def test_every_tie_covers_every_dimension_both_ways(data):
    """A dimension nobody looked at would score as unknown by accident: each is observed, or null on purpose."""
    for tie in data.model.ties:
        pair = tie.pair
        seen = {(o.dimension, o.direction) for o in tie.observations}
        for dim in data.model.dimensions:
            directions = [f"{pair[0]}->{pair[1]}", f"{pair[1]}->{pair[0]}"] if dim.directed else ["mutual"]
            for d in directions:
                assert (dim.id, d) in seen, (pair, dim.id, d)


def test_june_2025_crisis_is_encoded(data):
    crisis = data.crises["iran-2025-06"]
    assert crisis.target == "IRN" and str(crisis.start) == "2025-06-13"
    assert {r.partner for r in crisis.responses} >= {"RUS", "CHN"}
