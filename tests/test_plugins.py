"""Plugins: found through entry points, used from a rubric, and a broken one is reported by name."""

from __future__ import annotations

import importlib.metadata as md
import sys
import types

import pytest

import allyscore
from allyscore import plugins
from allyscore.errors import PluginError
from allyscore.rubric import load_rubric


@pytest.fixture
def fake_plugins(monkeypatch):
    """Install entry points that point at modules made here, as a pip-installed plugin would."""
    sample = types.ModuleType("allyscore_sample_plugin")

    def register_transforms(register):
        register("sqrt", lambda x: x ** 0.5)
        register("explodes", lambda x: 1 / 0)

    sample.register_transforms = register_transforms
    broken = types.ModuleType("allyscore_broken_plugin")

    def register_folds(register):
        raise RuntimeError("cannot start")

    broken.register_folds = broken_hook = register_folds  # noqa: F841
    monkeypatch.setitem(sys.modules, "allyscore_sample_plugin", sample)
    monkeypatch.setitem(sys.modules, "allyscore_broken_plugin", broken)
    eps = [md.EntryPoint("sample", "allyscore_sample_plugin", plugins.GROUP),
           md.EntryPoint("broken", "allyscore_broken_plugin", plugins.GROUP),
           md.EntryPoint("builtin", "allyscore.builtins", plugins.GROUP)]
    monkeypatch.setattr(md, "entry_points", lambda group=None: [e for e in eps if e.group == group])
    plugins.reset()
    yield
    plugins.reset()


def _rubric(tmp_path, transform: str):
    path = tmp_path / "r.yaml"
    path.write_text(f"name: r\nversion: 1.0.0\ndescription: x\nchangelog: x\ntransform: {transform}\n"
                    "dimensions:\n  military_aid: {weight: 1}\n  formal_commitment: {weight: 1}\n"
                    "labels: {low: {title: Low}}\nbands: [{label: low, min: 0, max: 100}]\n")
    return load_rubric(path)


def test_plugin_transform_used_from_a_rubric(fake_plugins, tmp_path, mini_path):
    data = allyscore.load_dataset(mini_path)
    result = allyscore.rate(data, "iran", "russia", _rubric(tmp_path, "sqrt"))
    # formal 2/4 -> sqrt .5; aid mean(4, 0) = 2 -> sqrt .5
    assert result.score == pytest.approx(100 * 0.5 ** 0.5)
    failure = plugins.registry().failures
    assert [f.name for f in failure] == ["broken"]
    assert "RuntimeError: cannot start" in failure[0].format()


def test_plugin_that_fails_in_use_is_named(fake_plugins, tmp_path, mini_path):
    data = allyscore.load_dataset(mini_path)
    with pytest.raises(PluginError) as info:
        allyscore.rate(data, "iran", "russia", _rubric(tmp_path, "explodes"))
    assert "transform 'explodes' from plugin sample failed: ZeroDivisionError" in str(info.value)


def test_allyscore_plugins_restricts(fake_plugins, monkeypatch, tmp_path):
    monkeypatch.setenv("ALLYSCORE_PLUGINS", "broken")
    plugins.reset()
    with pytest.raises(Exception) as info:
        _rubric(tmp_path, "sqrt")
    assert "unknown transform 'sqrt'" in str(info.value)


def test_cli_reports_broken_plugin_and_goes_on(fake_plugins, cli):
    result = cli("rubrics", "list", "--format", "json")
    assert result.exit_code == 0
    assert "plugin broken ? failed to load: RuntimeError: cannot start" in result.stderr
