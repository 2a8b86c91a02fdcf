"""`allyscore data migrate`: schema 1 -> 2, lossless (every rubric scores the file as before), atomic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from allyscore.dataset import load_dataset
from allyscore.engine import score_tie
from allyscore.migrate import migrate_data
from allyscore.rubric import available, resolve_rubric

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
EXAMPLES = Path(__file__).parent / "examples"


def _scores(path: Path) -> dict:
    data = load_dataset(path)
    out = {}
    for entry in available(include_plugins=False):
        rubric = resolve_rubric(str(entry.path))  # dimensions the file lacks are left out
        for tie in data.model.ties:
            for day in sorted({o.since for o in tie.observations} | {data.model.as_of}):
                result = score_tie(data, tie, rubric, day)
                out[(entry.ref, tie.key, day)] = (result.score, result.label)
    return out


@pytest.mark.parametrize("source", [MINI, EXAMPLES / "good" / "tiny-dataset.yaml"], ids=["mini", "tiny"])
def test_migration_is_lossless_for_every_rubric_and_date(cli, tmp_path, source):
    path = tmp_path / "ties.yaml"
    path.write_bytes(source.read_bytes())
    before = _scores(path)
    result = cli("data", "migrate", str(path))
    assert result.exit_code == 0, result.stderr
    assert "migrated to schema_version 2" in result.stderr and result.stdout == ""
    migrated = load_dataset(path)
    assert migrated.model.schema_version == 2 and migrated.warnings == []
    assert migrated.dimensions["formal_commitment"].directed
    assert _scores(path) == before
    # each mutual observation became one per direction, with everything else kept
    old = yaml.safe_load(source.read_text(encoding="utf-8"))
    new = yaml.safe_load(path.read_text(encoding="utf-8"))
    for old_tie, new_tie in zip(old["ties"], new["ties"]):
        a, b = old_tie["pair"]
        mutual = [o for o in old_tie["observations"] if o["dimension"] == "formal_commitment"]
        directed = [o for o in new_tie["observations"] if o["dimension"] == "formal_commitment"]
        assert len(directed) == 2 * len(mutual)
        for obs, (ab, ba) in zip(mutual, zip(directed[::2], directed[1::2])):
            assert (ab["direction"], ba["direction"]) == (f"{a}->{b}", f"{b}->{a}")
            def rest(o):  # a date quoted or not is the same date to the loader
                return {k: str(v) for k, v in o.items() if k != "direction"}

            assert rest(ab) == rest(obs) == rest(ba)


def test_a_schema_1_file_still_loads_and_says_how_to_migrate(cli):
    result = cli("data", "validate", str(MINI))
    assert result.exit_code == 0
    assert "schema_version: 1 still loads, but is out of date" in result.stderr
    assert "allyscore data migrate FILE" in result.stderr


def test_roles_in_a_schema_1_file_point_at_migrate(cli, tmp_path):
    text = MINI.read_text(encoding="utf-8").replace("  target: IRN\n", "  target: IRN\n  attacked: [IRN]\n")
    path = tmp_path / "old.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("data", "validate", str(path))
    assert result.exit_code == 2
    assert "need schema_version 2" in result.stderr and "allyscore data migrate FILE" in result.stderr


def test_output_option_leaves_the_source_alone_and_json_reports_the_changes(cli, tmp_path):
    path, out = tmp_path / "old.yaml", tmp_path / "new.yaml"
    path.write_bytes(MINI.read_bytes())
    result = cli("data", "migrate", str(path), "--output", str(out), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["migrated"] is True and doc["changes"][0] == "schema_version: 1 -> 2"
    assert path.read_bytes() == MINI.read_bytes()
    assert load_dataset(out).model.schema_version == 2


def test_a_schema_2_file_is_left_alone(cli, tmp_path):
    path = tmp_path / "ties.yaml"
    path.write_bytes(MINI.read_bytes())
    assert cli("data", "migrate", str(path)).exit_code == 0
    once = path.read_bytes()
    result = cli("data", "migrate", str(path))
    assert result.exit_code == 0 and "already schema_version 2" in result.stderr
    assert path.read_bytes() == once


def test_an_invalid_file_is_refused_and_not_written(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    text = MINI.read_text(encoding="utf-8").replace("level: 4", "level: 7", 1)
    path.write_text(text, encoding="utf-8")
    result = cli("data", "migrate", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and ":" in result.stderr.split(str(path))[1][:3]
    assert path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]  # no temporary file left behind


def test_migrate_data_keeps_other_dimensions_and_a_directed_catalog_as_they_are():
    plain = {"schema_version": 1, "dimensions": [{"id": "formal_commitment", "directed": True}],
             "ties": [{"pair": ["A", "B"], "observations": [{"dimension": "formal_commitment", "direction": "A->B"}]}]}
    out, changes = migrate_data(plain)
    assert out["schema_version"] == 2 and changes == ["schema_version: 1 -> 2"]
    assert out["ties"] == plain["ties"] and plain["schema_version"] == 1  # the input is not modified
