"""Issue 18, configuration: --data and --rubric from the environment, a project file found upward, or
the user's config file; `allyscore config` says where each value comes from."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from allyscore.config import find_project_file, read_config_file, settings, user_config_path
from allyscore.errors import InputFileError

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with mini.yaml and a sub-folder to work in; the user's config in tmp too."""
    root = tmp_path / "proj"
    (root / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(MINI, root / "mini.yaml")
    monkeypatch.chdir(root / "sub" / "deeper")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ALLYSCORE_DATA", raising=False)
    monkeypatch.delenv("ALLYSCORE_RUBRIC", raising=False)
    return root


def _rate_dataset(cli, *args):
    result = cli("rate", "iran", "russia", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    return doc["dataset"]["name"], doc["rubric"]["version"]


def test_defaults_without_any_config(project, cli):
    found = settings()
    assert {k: (s.value, s.source) for k, s in found.items()} == {"data": (None, "default"),
                                                                  "rubric": (None, "default")}
    assert _rate_dataset(cli)[0] == "allyscore-ties"


def test_project_file_is_found_upward_and_its_paths_are_relative_to_it(project, cli):
    (project / "allyscore.toml").write_text('data = "mini.yaml"\nrubric = "costly-signals@1.0.0"\n')
    assert find_project_file() == project / "allyscore.toml"
    assert settings()["data"].value == str(project / "mini.yaml")
    assert _rate_dataset(cli) == ("mini", "1.0.0")
    assert _rate_dataset(cli, "--rubric", "costly-signals@1.1.0") == ("mini", "1.1.0")  # the command line wins


def test_pyproject_counts_only_with_a_tool_allyscore_table(project):
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_project_file() is None
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.allyscore]\ndata = "../mini.yaml"\n')
    assert find_project_file() == project / "sub" / "pyproject.toml"
    assert Path(settings()["data"].value).resolve() == (project / "mini.yaml").resolve()


def test_environment_beats_files_and_user_file_comes_last(project, cli, monkeypatch):
    user = user_config_path()
    user.parent.mkdir(parents=True)
    user.write_text(f'data = "{project / "mini.yaml"}"\nrubric = "costly-signals@1.0.0"\n')
    found = settings()
    assert (found["data"].source, found["rubric"].source) == (str(user), str(user))
    (project / "allyscore.toml").write_text('rubric = "costly-signals@1.1.0"\n')
    found = settings()
    assert (found["data"].source, found["rubric"].source) == (str(user), str(project / "allyscore.toml"))
    monkeypatch.setenv("ALLYSCORE_RUBRIC", "formal-commitment")
    assert settings()["rubric"].source == "ALLYSCORE_RUBRIC"
    monkeypatch.setenv("ALLYSCORE_DATA", str(MINI))
    result = cli("config", "-f", "json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)["settings"]
    assert shown == {"data": {"value": str(MINI), "source": "ALLYSCORE_DATA"},
                     "rubric": {"value": "formal-commitment", "source": "ALLYSCORE_RUBRIC"}}


def test_report_takes_the_configured_rubric_as_a_list(project, cli, monkeypatch):
    monkeypatch.setenv("ALLYSCORE_RUBRIC", "costly-signals@1.0.0")
    result = cli("report", "iran:russia", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rubric"]["ref"] == "costly-signals@1.0.0"


def test_config_table_names_each_source(project, cli):
    (project / "allyscore.toml").write_text('data = "mini.yaml"\n')
    result = cli("config")
    assert result.exit_code == 0
    assert f"data    {project / 'mini.yaml'}  [from {project / 'allyscore.toml'}]" in result.stdout
    assert "rubric  (costly-signals, latest)  [built-in default]" in result.stdout


@pytest.mark.parametrize("text, message", [
    ('data = "mini.yaml"\ncolour = "red"\n', "unknown setting 'colour' (known: data, rubric)"),
    ("data = 3\n", "data must be a non-empty string"),
    ('data = "mini.yaml\n', ":1:"),
])
def test_a_bad_config_file_is_one_line_and_exit_2(project, cli, text, message):
    (project / "allyscore.toml").write_text(text)
    with pytest.raises(InputFileError):
        read_config_file(project / "allyscore.toml")
    result = cli("rate", "iran", "russia")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert result.stderr.startswith(f"allyscore: {project / 'allyscore.toml'}")
    assert cli("schema", "rubric").exit_code == 0  # a command without --data/--rubric is not blocked


def test_subcommands_of_groups_get_the_default_too(project, cli):
    (project / "allyscore.toml").write_text('data = "mini.yaml"\n')
    result = cli("data", "audit", "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    assert "mini" in result.stdout


def test_user_config_path_follows_the_platform(monkeypatch, tmp_path):
    import sys

    if sys.platform.startswith("linux"):
        assert user_config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "allyscore" / "config.toml"
        assert user_config_path({"XDG_CONFIG_HOME": "relative", "HOME": str(tmp_path)}) == \
            tmp_path / ".config" / "allyscore" / "config.toml"
    assert user_config_path().name == "config.toml" and user_config_path().parent.name == "allyscore"
    assert os.path.isabs(user_config_path())


def test_help_still_works_with_a_broken_config_file(project):
    import subprocess
    import sys

    (project / "allyscore.toml").write_text("data = 3\n")
    env = {**os.environ, "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"]}
    shown = subprocess.run([sys.executable, "-m", "allyscore", "rate", "--help"], capture_output=True, text=True,
                           env=env, timeout=120)
    assert shown.returncode == 0 and "Usage: allyscore rate" in shown.stdout
    ran = subprocess.run([sys.executable, "-m", "allyscore", "rate", "iran", "russia"], capture_output=True,
                         text=True, env=env, timeout=120)
    assert ran.returncode == 2 and "data must be a non-empty string" in ran.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_as_config_is_never_waited_on(tmp_path, monkeypatch):
    import os

    os.mkfifo(tmp_path / "allyscore.toml")
    monkeypatch.chdir(tmp_path)
    assert find_project_file() is None  # not a file: not a project file
    with pytest.raises(InputFileError, match="FIFO"):
        read_config_file(tmp_path / "allyscore.toml")  # named directly: refused at once, not read
