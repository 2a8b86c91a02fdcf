"""The example plugin (examples/allyscore-plugin-example) loads through an entry point and works from a rubric.

Installing it into a fresh venv would be slow and needs the network; instead its folder goes on sys.path
and a fake entry point names its module, as pip's installation would (see tests/test_plugins.py).
"""

from __future__ import annotations

import importlib.metadata as md
import json
import math
from pathlib import Path

import pytest

from allyscore import plugins

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "allyscore-plugin-example"


@pytest.fixture
def example_installed(monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLE))
    eps = [md.EntryPoint("example", "allyscore_plugin_example", plugins.GROUP),
           md.EntryPoint("builtin", "allyscore.builtins", plugins.GROUP)]
    monkeypatch.setattr(md, "entry_points", lambda group=None: [e for e in eps if e.group == group])
    plugins.reset()
    yield
    plugins.reset()


def test_the_entry_point_matches_the_example_pyproject():
    text = (EXAMPLE / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."allyscore.plugins"]\nexample = "allyscore_plugin_example"' in text


def test_its_rubric_is_listed(example_installed, cli):
    result = cli("rubrics", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["ref"]: row for row in json.loads(result.stdout)}
    assert rows["costly-signals-sqrt@1.0.0"]["plugin"] == "example"
    assert rows["costly-signals-sqrt@1.0.0"]["default"] is False
    assert result.stderr == ""  # no plugin failed


def test_rate_with_the_plugins_rubric(example_installed, cli, mini_path):
    result = cli("rate", "iran", "russia", "--data", str(mini_path), "--rubric", "costly-signals-sqrt", "--format", "json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["rubric"]["name"] == "costly-signals-sqrt"
    dims = {d["id"]: d for d in out["dimensions"]}
    # mini.yaml as of 2024-01-01: formal commitment 2 (w 3), military aid 4 one way and 0 the other (w 3),
    # rhetoric 4 (w 0.5), crisis support 0 (w 4, min with the untested direction filled as 2); the rest unknown.
    assert dims["military_aid"]["value"] == 0.0  # harmonic mean of 4 and 0 (the mean would give 2)
    assert dims["formal_commitment"]["transformed"] == round(math.sqrt(0.5), 6)
    expected = 100 * (3 * math.sqrt(2 / 4) + 3 * 0 + 0.5 * math.sqrt(4 / 4) + 4 * 0) / (3 + 3 + 0.5 + 4)
    assert out["score"] == pytest.approx(expected, abs=1e-6)  # 24.964956


def test_any_rubric_file_can_use_its_transform(example_installed, cli, mini_path, tmp_path):
    rubric = tmp_path / "mine.yaml"
    rubric.write_text("name: mine\nversion: 1.0.0\ndescription: x\nchangelog: x\ntransform: sqrt\n"
                      "dimensions:\n  formal_commitment: {weight: 1}\n  rhetoric: {weight: 1}\n"
                      "labels: {all: {title: All}}\nbands: [{label: all, min: 0, max: 100}]\n", encoding="utf-8")
    result = cli("rate", "iran", "russia", "--data", str(mini_path), "--rubric", str(rubric), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["score"] == pytest.approx(100 * (math.sqrt(0.5) + 1) / 2, abs=1e-6)


def test_without_the_plugin_its_names_are_unknown(monkeypatch, cli, mini_path):
    monkeypatch.setenv("ALLYSCORE_PLUGINS", "")
    plugins.reset()
    try:
        result = cli("rate", "iran", "russia", "--data", str(mini_path), "--rubric", "costly-signals-sqrt")
    finally:
        plugins.reset()
    assert result.exit_code == 2
    assert result.stderr.startswith("allyscore: unknown rubric 'costly-signals-sqrt'")
