"""report --uncertainty: each entry carries the interval and label probabilities that rate --uncertainty gives."""

from __future__ import annotations

import csv
import io
import json

import pytest


@pytest.fixture
def schema(cli):
    return json.loads(cli("schema", "report").stdout)


def test_report_entries_carry_rate_uncertainty(cli, schema):
    import jsonschema

    result = cli("report", "iran:russia", "iran:china", "--uncertainty", "--draws", "500", "--seed", "3", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(entries) == 2
    for entry in entries:
        jsonschema.validate(entry, schema)
        assert entry["interval"]["low"] <= entry["score"] <= entry["interval"]["high"]
        assert sum(entry["label_probabilities"].values()) == pytest.approx(1)
        a, b = entry["pair"]
        rate = json.loads(cli("rate", a, b, "--draws", "500", "--seed", "3", "-f", "json").stdout)
        assert (entry["interval"], entry["label_probabilities"]) == (rate["interval"], rate["label_probabilities"])


def test_report_without_uncertainty_has_no_interval(cli):
    entry = json.loads(cli("report", "iran:russia", "-f", "jsonl").stdout.splitlines()[0])
    assert "interval" not in entry and "label_probabilities" not in entry


def test_csv_has_interval_columns(cli):
    out = cli("report", "iran:russia", "-u", "--draws", "200", "-f", "csv").stdout
    row = next(csv.DictReader(io.StringIO(out)))
    assert float(row["interval_low"]) <= float(row["score"]) <= float(row["interval_high"])
    assert "axis_of_convenience=" in row["label_probabilities"]
