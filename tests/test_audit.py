"""`allyscore data audit`: shares of levels on thin evidence, untested ties, uncited sources; --strict."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from allyscore import yamlio
from allyscore.audit import audit, date_end, parse_duration
from allyscore.dataset import load_dataset
from allyscore.errors import AllyscoreError

D = dt.date


def _write(tmp_path: Path, data: dict, name: str) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def mini_data(mini_path) -> dict:
    return copy.deepcopy(yamlio.load(mini_path).data)


@pytest.fixture
def clean_path(tmp_path, mini_data) -> Path:
    """Nothing to find: one level, two recent sources, high confidence, tested by a crisis, all cited."""
    data = mini_data
    data["sources"][0]["date"] = "2023-06-01"
    data["sources"][1]["date"] = "2023-07-01"
    data["ties"][0]["observations"] = [{
        "dimension": "crisis_support", "direction": "RUS->IRN", "level": 1, "confidence": "high",
        "since": "2023-01-01", "claim": "mediation", "sources": ["src-a", "src-b"], "crisis": "iran-test"}]
    return _write(tmp_path, data, "clean.yaml")


@pytest.fixture
def more_path(tmp_path, mini_data) -> Path:
    """The mini dataset plus an untested China-Iran tie resting on a year-dated source, and an uncited source."""
    data = mini_data
    data["sources"] += [{"id": "src-y", "publisher": "Annual", "title": "Yearbook", "date": "2023"},
                        {"id": "src-z", "publisher": "Nobody", "title": "Never cited", "date": "2023-05-05"}]
    data["ties"].append({"pair": ["CHN", "IRN"], "observations": [
        {"dimension": "rhetoric", "direction": "mutual", "level": 2, "confidence": "medium",
         "since": "2023-01-01", "claim": "partnership words", "sources": ["src-y"]},
        {"dimension": "crisis_support", "direction": "CHN->IRN", "level": None, "confidence": "low",
         "since": "2023-01-01", "claim": "no crisis", "sources": ["src-y"], "notes": "never tested"}]})
    return _write(tmp_path, data, "more.yaml")


@pytest.mark.parametrize(("text", "day", "expected"), [
    ("12m", D(2024, 1, 1), D(2023, 1, 1)),
    ("1m", D(2024, 3, 31), D(2024, 2, 29)),
    ("18m", D(2024, 1, 15), D(2022, 7, 15)),
    ("2y", D(2024, 2, 29), D(2022, 2, 28)),
    ("90d", D(2024, 1, 1), D(2023, 10, 3)),
    ("6w", D(2024, 1, 1), D(2023, 11, 20)),
    (" 3Y ", D(2024, 1, 1), D(2021, 1, 1)),
])
def test_durations(text, day, expected):
    assert parse_duration(text).before(day) == expected


@pytest.mark.parametrize("text", ["12", "m", "-1m", "1.5y", "12 months", "", "12mm"])
def test_bad_durations_are_user_errors(text):
    with pytest.raises(AllyscoreError, match="is not a duration") as info:
        parse_duration(text)
    assert "90d" in info.value.problems[0].hint


def test_partial_dates_end_late():
    assert date_end("2023") == D(2023, 12, 31)
    assert date_end("2024-02") == D(2024, 2, 29)
    assert date_end("2024-02-03") == D(2024, 2, 3)
    assert date_end(D(2020, 1, 1)) == D(2020, 1, 1)


def test_mini_dataset_by_hand(mini_path):
    # As of 2024-01-01 six levels are in effect (the 2001-2019 formal_commitment has ended); each rests
    # on one source; RUS->IRN military aid is low confidence; IRN->RUS crisis support is unknown.
    report = audit(load_dataset(mini_path), "12m")
    assert report.stale_before == D(2023, 1, 1)
    (tie,) = report.ties
    assert tie.pair == ("IRN", "RUS") and tie.names == ("Iran", "Russia")
    assert [(r.dimension, r.direction, r.index) for r in tie.levels] == [
        ("crisis_support", "IRN->RUS", 6), ("crisis_support", "RUS->IRN", 5), ("formal_commitment", "mutual", 1),
        ("military_aid", "IRN->RUS", 2), ("military_aid", "RUS->IRN", 3), ("rhetoric", "mutual", 4)]
    assert tie.count("single_source") == 6 and tie.share("single_source") == 1.0
    assert [r.index for r in tie.flagged["low_confidence"]] == [3]
    assert [r.index for r in tie.flagged["unknown"]] == [6]
    assert tie.count("stale") == 6  # newest evidence 2021-06-01, before 2023-01-01
    assert tie.crisis_tested  # RUS->IRN crisis support has level 0 for iran-test
    assert report.uncited_sources == []
    assert report.findings == 6 + 1 + 1 + 6


@pytest.mark.parametrize(("after", "stale"), [("5y", []), ("3y", [6, 5, 1, 4]), ("31m", [6, 5, 1, 4]),
                                              ("30m", [6, 5, 1, 2, 3, 4])])
def test_stale_threshold(mini_path, after, stale):
    # src-a is dated 2020-01-01, src-b 2021-06-01; as_of is 2024-01-01 (31m before: 2021-06-01, not after).
    (tie,) = audit(load_dataset(mini_path), after).ties
    assert [r.index for r in tie.flagged["stale"]] == stale


def test_untested_tie_uncited_source_and_partial_dates(more_path):
    report = audit(load_dataset(more_path), "6m")  # evidence before 2023-07-01 is stale
    assert [t.pair for t in report.ties] == [("CHN", "IRN"), ("IRN", "RUS")]
    chn = report.ties[0]
    assert not chn.crisis_tested  # its only crisis_support level is unknown and names no crisis
    assert [t.pair for t in report.untested] == [("CHN", "IRN")]
    assert report.uncited_sources == ["src-z"]
    assert chn.count("stale") == 0  # src-y is dated "2023": it may be as late as 2023-12-31
    assert chn.count("unknown") == 1 and chn.count("low_confidence") == 1 and chn.share("single_source") == 1.0
    doc = report.to_dict()
    assert doc["untested_ties"] == [["CHN", "IRN"]] and doc["uncited_sources"] == ["src-z"]
    assert doc["totals"]["levels"] == 8 and doc["totals"]["untested_ties"] == 1


def test_clean_dataset_has_no_findings(clean_path):
    report = audit(load_dataset(clean_path))
    assert report.findings == 0 and report.levels == 1


def test_cli_table(cli, mini_path):
    result = cli("data", "audit", "--data", str(mini_path))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    row = next(line for line in out.splitlines() if "IRN–RUS" in line)
    assert row.split() == ["IRN–RUS", "6", "100%", "17%", "100%", "17%", "yes"]
    assert "Audit of mini 1, as of 2024-01-01" in out
    assert "6 (100%) rest on a single source" in out
    assert "1 (17%) rest on low confidence" in out
    assert "6 (100%) rest on evidence from before 2023-01-01 (12m)" in out
    assert "0 ties never tested by a crisis" in out and "0 sources cited nowhere" in out
    assert result.stderr == ""


def test_cli_table_fits_a_narrow_terminal(runner, more_path):
    from allyscore.cli import app

    result = runner.invoke(app, ["data", "audit", "--data", str(more_path)], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 60
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert "Crisis" in result.stdout and "…" not in result.stdout
    assert "1 ties never tested by a crisis: China–Iran" in result.stdout
    assert "1 sources cited nowhere: src-z" in result.stdout


def test_cli_json(cli, more_path):
    result = cli("data", "audit", "--data", str(more_path), "--format", "json", "--stale-after", "3y")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["as_of"] == "2024-01-01" and doc["stale_after"] == "3y" and doc["stale_before"] == "2021-01-01"
    assert doc["dataset"]["name"] == "mini" and doc["dataset"]["digest"].startswith("sha256:")
    rus = next(t for t in doc["ties"] if t["pair"] == ["IRN", "RUS"])
    assert rus["levels"] == 6 and rus["crisis_tested"] is True
    assert rus["low_confidence"]["count"] == 1
    assert rus["low_confidence"]["levels"] == [{
        "observation": 3, "dimension": "military_aid", "direction": "RUS->IRN", "level": 0, "confidence": "low",
        "since": "2021-06-01", "sources": ["src-b"], "evidence_date": "2021-06-01"}]
    assert rus["stale"]["count"] == 4 and rus["stale"]["share"] == pytest.approx(4 / 6, abs=1e-6)
    assert doc["totals"]["findings"] == sum(
        t[k]["count"] for t in doc["ties"] for k in ("single_source", "low_confidence", "stale", "unknown")
    ) + 1 + 1
    assert result.stderr == ""


def test_strict_exit_codes(cli, mini_path, clean_path):
    found = cli("data", "audit", "--data", str(mini_path), "--strict")
    assert found.exit_code == 1 and "findings (--strict)" in found.stderr
    assert cli("data", "audit", "--data", str(mini_path)).exit_code == 0
    clean = cli("data", "audit", "--data", str(clean_path), "--strict", "--format", "json")
    assert clean.exit_code == 0, clean.stderr
    assert json.loads(clean.stdout)["totals"]["findings"] == 0


def test_cli_bad_duration(cli, mini_path):
    result = cli("data", "audit", "--data", str(mini_path), "--stale-after", "a year")
    assert result.exit_code == 2
    assert "--stale-after: 'a year' is not a duration" in result.stderr and result.stdout == ""


def test_bundled_dataset_audit_is_consistent(cli):
    result = cli("data", "audit", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    data = load_dataset()
    assert doc["as_of"] == data.model.as_of.isoformat() and len(doc["ties"]) == len(data.model.ties)
    for kind in ("single_source", "low_confidence", "stale", "unknown"):
        assert doc["totals"][kind]["count"] == sum(t[kind]["count"] for t in doc["ties"])
    assert doc["totals"]["levels"] == sum(t["levels"] for t in doc["ties"])


