"""How costly-signals 2.0.0 reads a crisis record, case by case (the functions a partial mutation run
found thinly tested): the weakest crisis, the peak within one crisis, a reset by a later observation,
wars of the tested party's choosing, and a pledge that fails only in a crisis that began while it held."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

import allyscore
from allyscore.dataset import load_dataset
from allyscore.rubric import resolve_rubric

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "alliances.yaml"
CATALOG = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["dimensions"]
AS_OF = "2024-12-31"


def obs(dimension, direction, level, since, crisis=None, until=None, notes=None):
    out = {"dimension": dimension, "direction": direction, "level": level, "confidence": "high",
           "since": since, "claim": "c", "sources": ["s"]}
    for key, value in (("crisis", crisis), ("until", until), ("notes", notes)):
        if value is not None:
            out[key] = value
    return out


def background(level_ab=2, level_ba=2):
    """Every dimension known, so that coverage is never what decides."""
    out = []
    for d in CATALOG:
        if d["id"] in ("crisis_support", "formal_commitment"):
            continue
        if d["directed"]:
            out += [obs(d["id"], "AAA->BBB", level_ab, "2010-01-01"), obs(d["id"], "BBB->AAA", level_ba, "2010-01-01")]
        else:
            out.append(obs(d["id"], "mutual", 2, "2010-01-01"))
    return out


def crisis(cid, start, target="BBB", attackers=("CCC",), attacked=None):
    attacked = list(attacked) if attacked is not None else [target]
    return {"id": cid, "name": cid, "target": target, "start": start, "sources": ["s"],
            "attackers": list(attackers), "attacked": attacked,
            "responses": [{"partner": "AAA" if target == "BBB" else "BBB", "delivered": "d", "sources": ["s"]}]}


def rate(tmp_path, observations, crises, as_of=None, ref="costly-signals@2.0.0"):
    doc = {"schema_version": 2, "name": "t", "version": "1", "as_of": AS_OF, "dimensions": CATALOG,
           "countries": [{"code": c, "name": f"Land {c}"} for c in ("AAA", "BBB", "CCC")],
           "sources": [{"id": "s", "publisher": "P", "title": "T", "date": "2009-01-01"}],
           "ties": [{"pair": ["AAA", "BBB"], "observations": observations}], "crises": crises}
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    data = load_dataset(path)
    return allyscore.rate(data, "AAA", "BBB", resolve_rubric(ref), as_of=as_of)


def pledges(level=4, since="2010-01-01"):
    return [obs("formal_commitment", "AAA->BBB", level, since), obs("formal_commitment", "BBB->AAA", level, since)]


def test_the_weakest_crisis_is_the_record_under_2_0_and_the_latest_under_1_1(tmp_path):
    rows = [*background(), *pledges(2),
            obs("crisis_support", "AAA->BBB", 1, "2015-03-01", crisis="first", until="2020-02-29"),
            obs("crisis_support", "AAA->BBB", 3, "2020-03-01", crisis="second")]
    crises = [crisis("first", "2015-03-01"), crisis("second", "2020-03-01")]
    new = rate(tmp_path, rows, crises)
    assert new.dimension("crisis_support").flows["AAA->BBB"] == 1  # a failure is not erased by later help
    old = rate(tmp_path, rows, crises, ref="costly-signals@1.1.0")
    assert old.dimension("crisis_support").flows["AAA->BBB"] == 3


def test_within_one_crisis_the_peak_counts(tmp_path):
    rows = [*background(), *pledges(2),
            obs("crisis_support", "AAA->BBB", 1, "2020-03-01", crisis="war", until="2020-05-31"),
            obs("crisis_support", "AAA->BBB", 3, "2020-06-01", crisis="war")]
    assert rate(tmp_path, rows, [crisis("war", "2020-03-01")]).dimension("crisis_support").flows["AAA->BBB"] == 3


def test_a_later_ordinary_observation_resets_the_record(tmp_path):
    rows = [*background(), *pledges(2),
            obs("crisis_support", "AAA->BBB", 0, "2015-03-01", crisis="war", until="2018-12-31"),
            obs("crisis_support", "AAA->BBB", None, "2019-01-01", notes="untested since the regime changed")]
    crises = [crisis("war", "2015-03-01")]
    assert rate(tmp_path, rows, crises).dimension("crisis_support").flows["AAA->BBB"] is None
    before = rate(tmp_path, rows, crises, as_of=dt.date(2018, 1, 1))
    assert before.dimension("crisis_support").flows["AAA->BBB"] == 0


@pytest.mark.parametrize(("delivered", "seen"), [(0, None), (1, None), (2, 2), (3, 3)])
def test_help_withheld_in_a_war_of_the_tested_partys_choosing_is_no_test(tmp_path, delivered, seen):
    # BBB attacked CCC: its partner AAA owed it nothing, so only help given counts (choice_war_floor 2)
    rows = [*background(), *pledges(2), obs("crisis_support", "AAA->BBB", delivered, "2020-03-01", crisis="choice")]
    war = crisis("choice", "2020-03-01", target="BBB", attackers=("BBB",), attacked=("CCC",))
    assert rate(tmp_path, rows, [war]).dimension("crisis_support").flows["AAA->BBB"] == seen
    old = rate(tmp_path, rows, [war], ref="costly-signals@1.1.0")  # 1.x reads every record as it is
    assert old.dimension("crisis_support").flows["AAA->BBB"] == delivered


def test_a_pledge_fails_only_in_a_crisis_that_began_while_it_held(tmp_path):
    # AAA pledged to defend BBB from 2019; it gave nothing in 2018 (no pledge then) and in 2021 (pledged)
    base = [*background(3, 3), *pledges(4, "2019-01-01"),
            obs("formal_commitment", "AAA->BBB", 1, "2010-01-01", until="2018-12-31"),
            obs("formal_commitment", "BBB->AAA", 1, "2010-01-01", until="2018-12-31")]
    before = [*base, obs("crisis_support", "AAA->BBB", 0, "2018-03-01", crisis="early")]
    early = crisis("early", "2018-03-01")
    assert rate(tmp_path, before, [early]).label == "alliance"  # the 2018 failure came before the pledge
    after = [*base, obs("crisis_support", "AAA->BBB", 0, "2018-03-01", crisis="early", until="2021-02-28"),
             obs("crisis_support", "AAA->BBB", 0, "2021-03-01", crisis="late")]
    result = rate(tmp_path, after, [early, crisis("late", "2021-03-01")])
    assert result.label == "hollow_alliance"
    assert "pledging party gave crisis support of 1 or less" in result.reasons[0]


def test_what_keeps_a_tie_from_alliance_is_said_condition_by_condition(tmp_path):
    rows = [*background(1, 0), *pledges(1), obs("crisis_support", "AAA->BBB", 1, "2020-03-01", crisis="war")]
    result = rate(tmp_path, rows, [crisis("war", "2020-03-01")])
    assert result.label != "alliance"
    assert any(s.startswith("no direction has formal_commitment >= 3") for s in result.short_of), result.short_of
