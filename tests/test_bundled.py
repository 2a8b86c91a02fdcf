"""The bundled dataset and rubrics: valid, fully cited, and giving the judgments they were built for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
        assert src.publisher.strip() and src.title.strip()
        if src.date is None:  # pages that show no date say so in the note
            assert src.note and "date" in src.note.lower(), src.id
        else:
            assert date_start(src.date) <= data.model.as_of


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


@pytest.fixture(scope="module")
def latest(data):
    return resolve_rubric(None, catalog=set(data.dimensions))


def _rate(data, rubric, a, b):
    return allyscore.rate(data, a, b, rubric)


def test_reference_ties_get_the_labels_their_nature_demands(data, latest):
    assert latest.ref == "costly-signals@2.0.0"
    assert _rate(data, latest, "usa", "uk").label == "alliance"
    assert _rate(data, latest, "russia", "north korea").label == "alliance"
    assert _rate(data, latest, "armenia", "russia").label == "hollow_alliance"  # Russia did not come, 2020-2023
    assert _rate(data, latest, "usa", "israel").label == "de_facto_alliance"  # no pledge; delivered under fire
    assert _rate(data, latest, "china", "north korea").label != "axis_of_convenience"
    for a, b in [("iran", "russia"), ("iran", "china")]:
        assert _rate(data, latest, a, b).label == "axis_of_convenience"


def test_reference_order(data, latest):
    """Alliances first; Russia-China above Iran's ties, and above Iran-China's 90% interval."""
    from allyscore.uncertainty import simulate

    alliances = [_rate(data, latest, a, b).score for a, b in [("usa", "uk"), ("russia", "north korea")]]
    rc = _rate(data, latest, "russia", "china")
    iran = [_rate(data, latest, a, b) for a, b in [("iran", "russia"), ("iran", "china")]]
    assert min(alliances) > rc.score > max(t.score for t in iran)
    assert rc.label == "strategic_partnership" and {t.label for t in iran} == {"axis_of_convenience"}
    sims = {s.pair: s for s in simulate(data, [("CHN", "RUS"), ("CHN", "IRN")], latest)}
    assert rc.score > sims[("CHN", "IRN")].high and sims[("CHN", "RUS")].low > iran[1].score
    # not asserted, and reported: Russia-China (52.0, 90% interval 46.6-60.1) and Iran-Russia (48.6,
    # 44.6-55.4) overlap; Iran's drones and missiles for Russia's war are costlier deeds than China's


def test_a_one_way_pledge_is_a_pledge_and_an_untested_direction_counts_for_nothing(data, latest):
    us_israel = _rate(data, latest, "usa", "israel")
    crisis = us_israel.dimension("crisis_support")
    assert crisis.flows["ISR->USA"] is None and crisis.value == crisis.flows["USA->ISR"]
    assert us_israel.indicators.asymmetry.giver == "USA"
    # 1981-1991: ATOP codes a US defence pledge to Israel and consultation only from Israel
    mou = allyscore.rate(data, "usa", "israel", latest, as_of=date(1985, 1, 1)).dimension("formal_commitment")
    assert mou.flows == {"ISR->USA": 2, "USA->ISR": 3} and mou.value == 3


@pytest.mark.parametrize("a, b, day, label", [
    ("russia", "syria", "2020-01-01", "de_facto_alliance"),  # Russia fought for Assad from 2015
    ("iran", "syria", "2020-01-01", "alliance"),
    ("iran", "syria", "2026-11-26", "arms_length"),  # after Assad's fall (8 Dec 2024)
    ("armenia", "russia", "2020-09-26", "alliance"),  # before Russia stood by
    ("russia", "north korea", "2026-11-26", "alliance"),
])
def test_dated_reference_classes_are_reproduced_with_as_of(data, latest, a, b, day, label):
    assert allyscore.rate(data, a, b, latest, as_of=date.fromisoformat(day)).label == label


def test_as_of_gives_the_tie_as_it_stood(data, latest):
    # before the June 2024 treaty, Russia-North Korea had only the 2000 consultation treaty (ATOP: consultation)
    before = allyscore.rate(data, "russia", "north korea", latest, as_of=date(2024, 6, 1))
    after = allyscore.rate(data, "russia", "north korea", latest)
    assert before.dimension("formal_commitment").value == 2
    assert after.dimension("formal_commitment").value == 4
    # the Iran-Russia treaty of January 2025 (in force 2 October 2025) has no defence clause
    assert allyscore.rate(data, "iran", "russia", latest).dimension("formal_commitment").value == 2


ATOP = next((p / "shared" / "data" / "atop" / "atop5_1_directed_dyad_year.csv"  # a checkout, or a worktree
             for p in Path(__file__).resolve().parents[2:4]
             if (p / "shared" / "data" / "atop" / "atop5_1_directed_dyad_year.csv").exists()),
            Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "atop" / "atop5_1_directed_dyad_year.csv")


# Where the dataset's formal commitment knowingly departs from ATOP (each kept by the researchers, who
# say why in the observation's notes); any other disagreement fails.
ATOP_EXCEPTIONS = {
    (("IRN", "SYR"), "2007-2018"): "the 2006 Iran-Syria defence agreement (text unpublished) is coded 3, low "
                                   "confidence; ATOP codes no alliance",
}


@pytest.mark.skipif(not ATOP.exists(), reason=f"ATOP v5.1 dyad-year file not found at {ATOP}")
def test_formal_commitments_agree_with_atop_per_direction_up_to_2018(data):
    from allyscore.importers.atop import check_dataset

    result = check_dataset(data, ATOP)
    assert len(result.checked) == len(data.model.ties)
    assert data.dimensions["formal_commitment"].directed  # compared direction by direction
    assert {(f.pair, f.years) for f in result.disagreements} == set(ATOP_EXCEPTIONS)


def test_no_date_lies_after_the_dataset_as_of(data):
    for tie in data.model.ties:
        for obs in tie.observations:
            assert obs.since <= data.model.as_of and (obs.until is None or obs.until <= data.model.as_of)
    for crisis in data.model.crises:
        assert crisis.start <= data.model.as_of


def test_every_source_is_cited(data):
    cited = {s for t in data.model.ties for o in t.observations for s in o.sources}
    cited |= {s for c in data.model.crises for s in [*c.sources, *(x for r in c.responses for x in r.sources)]}
    assert sorted(set(data.sources) - cited) == []
