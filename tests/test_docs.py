"""The docs cannot drift: the command reference (docs/cli.md) is --help, every command shows an example,
and shell completion works."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gen_cli_docs.py"
README = ROOT / "docs" / "cli.md"  # the command reference


def _script():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # importing it changes nothing: main() fixes the terminal
    return module


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "TERMINAL_WIDTH", "FORCE_COLOR")}
    env.update(extra)
    return env


def test_readme_command_reference_matches_help():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True,
                            cwd=ROOT, env=_clean_env(COLUMNS="37", FORCE_COLOR="1"), timeout=120)
    assert result.returncode == 0, (
        "docs/cli.md differs from the commands' --help: "
        "run `python scripts/gen_cli_docs.py` and commit docs/cli.md\n" + result.stderr)


def test_reference_lists_every_command_with_its_help():
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- cli-reference:start -->", 1)[1].split("<!-- cli-reference:end -->", 1)[0]
    headings = re.findall(r"^### `(allyscore[^`]*)`$", block, re.M)
    paths = _script().command_paths()
    assert headings == [" ".join(("allyscore", *p)) for p in paths]
    for must in ("allyscore", "allyscore rate", "allyscore cite", "allyscore data audit", "allyscore schema"):
        assert must in headings
    assert "Usage: allyscore data audit [OPTIONS]" in block
    assert "\x1b[" not in block  # no colour codes
    assert all(len(line) <= 100 for line in block.splitlines() if not line.startswith("<!--"))
    assert text.index("# Command reference") < text.index("<!-- cli-reference:start -->")


def test_check_fails_when_the_readme_drifts_and_writing_fixes_it(tmp_path):
    readme = tmp_path / "README.md"
    stale = "intro\n<!-- cli-reference:start -->\nold help\n<!-- cli-reference:end -->\noutro\n"
    readme.write_text(stale, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(SCRIPT), "--readme", str(readme), *args], capture_output=True,
                              text=True, cwd=ROOT, env=_clean_env(), timeout=120)

    check = run("--check")
    assert check.returncode == 1
    assert "run `python scripts/gen_cli_docs.py`" in check.stderr
    assert readme.read_text(encoding="utf-8") == stale  # --check writes nothing
    write = run()
    assert write.returncode == 0, write.stderr
    out = readme.read_text(encoding="utf-8")
    assert out.startswith("intro\n<!-- cli-reference:start -->\n")
    assert out.endswith("<!-- cli-reference:end -->\noutro\n")
    assert "old help" not in out and "### `allyscore rate`" in out
    assert run("--check").returncode == 0


def test_markers_are_required():
    module = _script()
    with pytest.raises(SystemExit, match="cli-reference:start"):
        module.updated_readme("no markers here\n")


def test_every_command_help_has_an_example(cli):
    missing = []
    for path in _script().command_paths():
        result = cli(*path, "--help")
        assert result.exit_code == 0, (path, result.output)
        if "Example" not in result.stdout:
            missing.append(" ".join(("allyscore", *path)))
    assert not missing, ("these commands' --help shows no example: " + ", ".join(missing) + ". Add an 'Example:' "
                         "line to the command's docstring; for a group, to the help= of its typer.Typer(...), "
                         "which replaces the callback's docstring. Then run `python scripts/gen_cli_docs.py`.")


def test_show_completion_for_bash():
    # The shell is named, not detected from the processes above pytest (there may be none).
    env = _clean_env(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    result = subprocess.run([sys.executable, "-m", "allyscore", "--show-completion", "bash"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "complete -o default -F _allyscore_completion allyscore" in result.stdout
    assert "_ALLYSCORE_COMPLETE=complete_bash" in result.stdout


@pytest.mark.parametrize(("words", "cword", "expected"), [
    ("allyscore ra", "1", {"rate"}),
    ("allyscore data au", "2", {"audit"}),
    ("allyscore cite --format ", "3", {"text", "bibtex", "csl-json", "json"}),
])
def test_bash_completion_protocol(words, cword, expected):
    env = _clean_env(_ALLYSCORE_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
    result = subprocess.run([sys.executable, "-m", "allyscore"], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == expected


# --- conventions: colour follows the terminal, tables fit narrow terminals ---------------------------

def _colours(text: str) -> list[int]:
    """The colour parameters (30-49, 90-107) of the SGR escape codes in `text`; bold or italic are not colour."""
    params = [int(p) for codes in re.findall(r"\x1b\[([0-9;]*)m", text) for p in codes.split(";") if p]
    return [p for p in params if 30 <= p <= 49 or 90 <= p <= 107]


def test_colour_only_on_a_terminal_and_never_under_no_color(runner):
    from allyscore.cli import app

    args = ["rate", "iran", "russia"]
    piped = runner.invoke(app, args, env={"NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": "100"})
    assert piped.exit_code == 0 and "\x1b[" not in piped.stdout
    terminal = runner.invoke(app, args, env={"NO_COLOR": None, "FORCE_COLOR": "1", "COLUMNS": "100"})
    assert terminal.exit_code == 0 and _colours(terminal.stdout)  # the label is coloured on a terminal
    no_color = runner.invoke(app, args, env={"NO_COLOR": "1", "FORCE_COLOR": "1", "COLUMNS": "100"})
    assert no_color.exit_code == 0 and _colours(no_color.stdout) == []


@pytest.mark.parametrize("args", [["rate", "iran", "russia"], ["rate", "north korea", "russia", "--evidence"],
                                  ["data", "audit"], ["rubrics", "list"]])
def test_tables_fit_60_columns(runner, args):
    from allyscore.cli import app

    result = runner.invoke(app, args, env={"COLUMNS": "60", "NO_COLOR": None, "FORCE_COLOR": None})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    if args[0] == "rate":
        table = lines[: next(i for i, line in enumerate(lines) if line.startswith("Score "))]
        assert "…" not in "\n".join(table)  # no level, weight or point is cut short
