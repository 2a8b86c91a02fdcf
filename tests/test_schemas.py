"""Schema files for editors: equal to `allyscore schema KIND`, named by the shipped YAML, and satisfied by it."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from allyscore import yamlio
from allyscore.cli.schema import SchemaKind

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
KINDS = [kind.value for kind in SchemaKind]  # one file per kind that `allyscore schema` knows
SHIPPED = sorted([*(ROOT / "data").glob("*.yaml"), *(ROOT / "rubrics").glob("*.yaml")])
LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _kind_of(path: Path) -> str:
    if path.parent.name == "data":
        return "reference" if path.name == "reference.yaml" else "dataset"
    return "rubric"


def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema)


def _errors(kind: str, instance: object) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path)) or 'document'}: {e.message}"
            for e in _validator(kind).iter_errors(instance)]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_file_equals_what_the_command_prints(cli, kind):
    result = cli("schema", kind)
    assert result.exit_code == 0, result.stderr
    path = SCHEMAS / f"{kind}.schema.json"
    assert path.exists(), f"{path} is missing: run `python scripts/gen_schemas.py`"
    assert path.read_text(encoding="utf-8") == result.stdout, \
        f"{path.name} differs from `allyscore schema {kind}`: run `python scripts/gen_schemas.py`"


def test_gen_schemas_check_agrees():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_schemas.py"), "--check"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr


def test_there_are_shipped_files_and_schema_kinds():
    assert {"dataset", "rubric", "report"} <= set(KINDS)
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(f"{k}.schema.json" for k in KINDS)
    names = {p.name for p in SHIPPED}
    assert "alliances.yaml" in names and any(n.startswith("costly-signals-") for n in names)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_yaml_names_an_existing_schema_of_its_kind(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = LINE.match(first)
    assert match, f"{path.name}: the first line must be '# yaml-language-server: $schema=../schemas/...'"
    target = (path.parent / match.group(1)).resolve()
    assert target.is_file(), f"{path.name} points at {match.group(1)}, which does not exist"
    assert target == (SCHEMAS / f"{_kind_of(path)}.schema.json").resolve()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_yaml_validates_against_its_schema(path):
    data = yamlio.load(path).data
    assert _errors(_kind_of(path), data) == []


def test_dates_reach_the_schema_as_text():
    """The loader keeps YAML timestamps as text, so a schema's "type": "string" is what editors check."""
    data = yamlio.load(ROOT / "data" / "alliances.yaml").data
    assert isinstance(data["as_of"], str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["as_of"])
    assert all(isinstance(s.get("date"), (str, type(None))) for s in data["sources"])


def test_a_typo_is_caught_by_the_dataset_schema(mini_path):
    data = yamlio.load(mini_path).data
    assert _errors("dataset", data) == []
    bad = copy.deepcopy(data)
    obs = bad["ties"][0]["observations"][0]
    obs["confidance"] = obs.pop("confidence")
    errors = _errors("dataset", bad)
    assert any("confidance" in e for e in errors) and any("'confidence' is a required property" in e for e in errors)
    bad = copy.deepcopy(data)
    bad["ties"][0]["observations"][0]["level"] = 5
    assert any(e.startswith("ties.0.observations.0.level") for e in _errors("dataset", bad))


def test_a_typo_is_caught_by_the_rubric_schema():
    data = yamlio.load(ROOT / "rubrics" / "costly-signals-1.0.0.yaml").data
    bad = copy.deepcopy(data)
    bad["bandz"] = bad.pop("bands")
    errors = _errors("rubric", bad)
    assert any("bandz" in e for e in errors)
