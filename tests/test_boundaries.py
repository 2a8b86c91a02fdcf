"""Boundaries that mutation testing showed no test watched: each case sits exactly on a comparison.

Each test names the mutant it kills (see the development docs on mutation testing).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

import allyscore
from allyscore.dataset import load_dataset
from allyscore.errors import AllyscoreError
from allyscore.rubric import load_rubric, resolve_rubric

FIXTURE = Path(__file__).parent / "fixtures" / "mini.yaml"
CATALOG = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["dimensions"]


def obs(dimension: str, direction: str, level: int | None, since: str = "2020-01-01", **extra):
    return {"dimension": dimension, "direction": direction, "level": level, "confidence": "high",
            "since": since, "claim": "c", "sources": ["s"], **extra}


def dataset(tmp_path: Path, observations: list[dict], as_of: str = "2024-01-01", crises: list | None = None,
            source_date: str = "2019-01-01"):
    doc = {"schema_version": 1, "name": "t", "version": "1", "as_of": as_of, "dimensions": CATALOG,
           "countries": [{"code": "AAA", "name": "Aland"}, {"code": "BBB", "name": "Bland"}],
           "sources": [{"id": "s", "publisher": "P", "title": "T", "date": source_date}],
           "ties": [{"pair": ["AAA", "BBB"], "observations": observations}], "crises": crises or []}
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def rubric(tmp_path: Path, body: dict, name: str = "r.yaml") -> Path:
    doc = {"name": "edge", "version": "1.0.0", "description": "d", "changelog": "c", **body}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


ONE_DIMENSION = {  # only economic ties weigh: the score is 25 x its level
    "extends": "costly-signals@1.0.0",
    "dimensions": {d["id"]: {"weight": 1 if d["id"] == "economic_ties" else 0} for d in CATALOG},
}


def problems(exc: pytest.ExceptionInfo) -> str:
    return "\n".join(p.message for p in exc.value.problems)


# --- engine -----------------------------------------------------------------------------------------

def test_a_score_exactly_at_the_top_band_is_not_short_of_it(tmp_path):
    # engine._short_of: `score < top_band.min` -> `<=` would report "score 75.0 is below 75"
    body = {**ONE_DIMENSION, "bands": [{"label": "axis_of_convenience", "min": 0, "max": 75},
                                       {"label": "alliance", "min": 75, "max": 100}]}
    data = load_dataset(dataset(tmp_path, [obs("economic_ties", "mutual", 3)]))
    result = allyscore.rate(data, "AAA", "BBB", load_rubric(rubric(tmp_path, body), set(data.dimensions)))
    assert result.score == 75.0
    assert result.label == "de_facto_alliance"  # the top band, relabelled: no defence pledge
    assert not any(s.startswith("score ") for s in result.short_of), result.short_of
    assert result.short_of  # the missing pledge is still what keeps it from "alliance"


def test_an_asymmetry_exactly_at_the_flag_is_flagged(tmp_path):
    # engine._asymmetry: `abs(index) >= flag` -> `>`; index = (3 - 1) / (3 + 1) = 0.5 exactly
    body = {"extends": "costly-signals@1.0.0", "indicators": {"asymmetry_flag": 0.5}}
    data = load_dataset(dataset(tmp_path, [obs("military_aid", "AAA->BBB", 3), obs("military_aid", "BBB->AAA", 1)]))
    result = allyscore.rate(data, "AAA", "BBB", load_rubric(rubric(tmp_path, body), set(data.dimensions)))
    assert result.indicators.asymmetry.index == 0.5
    assert result.indicators.asymmetry.flagged


def test_nothing_given_either_way_is_balanced(tmp_path):
    # engine._asymmetry: the both-zero index `0.0` -> `1.0` would flag a tie where nobody gives anything
    data = load_dataset(dataset(tmp_path, [obs("military_aid", "AAA->BBB", 0), obs("military_aid", "BBB->AAA", 0)]))
    asym = allyscore.rate(data, "AAA", "BBB", resolve_rubric("costly-signals@1.0.0")).indicators.asymmetry
    assert (asym.index, asym.giver, asym.flagged) == (0.0, None, False)
    assert asym.compared == ("military_aid",)


def test_the_midpoint_policy_imputes_level_2(tmp_path):
    # engine.score_tie: the imputed midpoint `2.0` -> `3.0`
    body = {**ONE_DIMENSION, "missing": {"policy": "midpoint"}}
    data = load_dataset(dataset(tmp_path, [obs("rhetoric", "mutual", 4)]))
    result = allyscore.rate(data, "AAA", "BBB", load_rubric(rubric(tmp_path, body), set(data.dimensions)))
    economy = result.dimension("economic_ties")
    assert (economy.status, economy.value) == ("imputed", 2.0)
    assert result.score == 50.0


CRISIS = {"id": "war", "name": "A war", "target": "AAA", "start": "2023-06-01", "sources": ["s"],
          "responses": [{"partner": "BBB", "delivered": "words", "sources": ["s"]}]}


def test_a_crisis_that_starts_on_the_scoring_date_counts(tmp_path):
    # engine.score_tie: `c.start <= day` -> `<`
    data = load_dataset(dataset(tmp_path, [obs("rhetoric", "mutual", 2)], crises=[CRISIS]))
    r = resolve_rubric("costly-signals@1.0.0")
    assert [c.id for c in allyscore.rate(data, "AAA", "BBB", r, as_of=dt.date(2023, 6, 1)).crises] == ["war"]
    assert allyscore.rate(data, "AAA", "BBB", r, as_of=dt.date(2023, 5, 31)).crises == ()


# --- rubric checks ---------------------------------------------------------------------------------

def test_a_negative_weight_override_is_refused_however_small():
    # rubric.with_weights: `weight < 0` -> `< -1`
    with pytest.raises(AllyscoreError, match="negative"):
        resolve_rubric("costly-signals@1.0.0", weights={"rhetoric": -0.5})


@pytest.mark.parametrize(("bands", "message"), [
    ([(0, 20), (20, 20), (20, 100)], "empty or reversed"),  # `band.max <= band.min` -> `<`
    ([(0, 20), (21, 100)], "gap from 20 to 21"),  # `band.min > expected` -> `> expected + 1`
    ([(0, 20), (19.5, 100)], "overlaps"),  # `band.min < expected` -> `< expected - 1`
    ([(0, 20), (20, 99.5)], "gap from 99.5 to 100"),  # `expected < 100` -> `< 99`
])
def test_bands_must_tile_0_to_100_exactly(tmp_path, bands, message):
    labels = ["arms_length", "axis_of_convenience", "alliance"]
    body = {"extends": "costly-signals@1.0.0",
            "bands": [{"label": labels[i], "min": lo, "max": hi} for i, (lo, hi) in enumerate(bands)]}
    with pytest.raises(AllyscoreError) as exc:
        load_rubric(rubric(tmp_path, body))
    assert message in problems(exc)


def test_an_unknown_missing_data_policy_is_refused(tmp_path):
    # rubric.check_rubric: the policy list accepting "mean"
    body = {"extends": "costly-signals@1.0.0", "missing": {"policy": "mean"}}
    with pytest.raises(AllyscoreError) as exc:
        load_rubric(rubric(tmp_path, body))
    assert "unknown missing-data policy 'mean'" in problems(exc)


def test_toward_focal_at_the_top_level_needs_a_focal_country(tmp_path):
    body = {"extends": "costly-signals@1.0.0", "fold": "toward_focal"}
    with pytest.raises(AllyscoreError) as exc:
        load_rubric(rubric(tmp_path, body))
    assert "needs a focal country" in problems(exc)


def test_versions_sort_as_numbers_not_as_text(tmp_path, monkeypatch):
    # rubric.available: "1.10.0" sorts after "1.9.0"
    from allyscore.plugins import registry
    from allyscore.rubric import find_rubric_path

    base = {"extends": "costly-signals@1.0.0"}
    old = rubric(tmp_path, {**base, "version": "1.9.0"}, "edge-1.9.0.yaml")
    new = rubric(tmp_path, {**base, "version": "1.10.0"}, "edge-1.10.0.yaml")
    reg = registry()
    monkeypatch.setattr(reg, "rubric_files", [*reg.rubric_files, ("test", new), ("test", old)])
    assert find_rubric_path("edge") == new


def test_the_rubric_cache_tells_catalogs_apart(tmp_path):
    # rubric.resolve_rubric: the cache key must include the catalog
    path = rubric(tmp_path, {"extends": "costly-signals@1.0.0"})
    full = {d["id"] for d in CATALOG}
    assert resolve_rubric(str(path), catalog=full).ref == "edge@1.0.0"  # now cached for this catalog
    with pytest.raises(AllyscoreError) as exc:
        resolve_rubric(str(path), catalog=full - {"rhetoric"})
    assert "rhetoric" in problems(exc)


# --- dataset checks --------------------------------------------------------------------------------

def test_evidence_dated_on_as_of_is_valid_and_a_day_later_is_not(tmp_path):
    # dataset checks: `day > ds.as_of` -> `>=` (sources and crises), `obs.since > as_of` (observations)
    def on(day: str):
        crisis = {**CRISIS, "start": day}
        return dataset(tmp_path, [obs("rhetoric", "mutual", 2, since=day)], crises=[crisis], source_date=day)

    data = load_dataset(on("2024-01-01"))
    assert data.model.ties[0].observations[0].since == data.model.as_of == data.model.crises[0].start
    with pytest.raises(AllyscoreError) as exc:
        load_dataset(on("2024-01-02"))
    assert problems(exc).count("is after the dataset's as_of") == 3  # the source, the observation, the crisis


def test_periods_that_share_a_day_overlap(tmp_path):
    # dataset checks: `x.since <= y_end` -> `<` (periods include both their first and last day)
    touching = [obs("rhetoric", "mutual", 2, until="2021-01-01"), obs("rhetoric", "mutual", 3, since="2021-01-01")]
    with pytest.raises(AllyscoreError) as exc:
        load_dataset(dataset(tmp_path, touching))
    assert "overlap" in problems(exc)
    apart = [obs("rhetoric", "mutual", 2, until="2020-12-31"), obs("rhetoric", "mutual", 3, since="2021-01-01")]
    load_dataset(dataset(tmp_path, apart))


# --- batch and diff --------------------------------------------------------------------------------

def test_evidence_finds_a_tie_in_either_order(tmp_path):
    from allyscore.batch import compile_evidence

    data = load_dataset(dataset(tmp_path, [obs("rhetoric", "mutual", 2)]))
    evidence = compile_evidence(data)
    assert evidence.index(("AAA", "BBB")) == evidence.index(("BBB", "AAA")) == 0


def test_the_vectorised_power_transform_defaults_to_exponent_2(tmp_path):
    from allyscore.batch import score_all

    body = {**ONE_DIMENSION, "transform": {"name": "power"}}
    data = load_dataset(dataset(tmp_path, [obs("economic_ties", "mutual", 2)]))
    r = load_rubric(rubric(tmp_path, body), set(data.dimensions))
    assert allyscore.rate(data, "AAA", "BBB", r).score == 25.0  # (2/4) ** 2
    batch = score_all(data, r)
    assert batch.vectorised and float(batch.scores[0]) == pytest.approx(25.0)


def test_a_pair_has_two_parts():
    from allyscore.diff import resolve_pair

    data = load_dataset(FIXTURE)
    with pytest.raises(AllyscoreError, match="not a pair"):
        resolve_pair(data, "iran:russia:china")


def test_diff_ranks_among_all_ties_whatever_is_asked():
    from allyscore.diff import diff

    data = load_dataset()  # the bundled dataset: several ties
    r = resolve_rubric("costly-signals@1.0.0")
    some = diff(data, r, pairs=[("IRN", "RUS")])
    assert len(some.ties) == 1
    assert some.ranked == len(data.ties) > 1
