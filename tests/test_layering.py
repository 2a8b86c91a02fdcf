"""The package keeps its shape.

The import-linter contracts in pyproject.toml ([tool.importlinter]: layers, no circles, no import of the
public face, no rich or typer in the core) pass, and each kind of break fails them, in a copy of the
package that has it. At run time the core never imports the CLI or the renderers; the JSON path never
imports rich."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "allyscore"
CORE = ["errors", "model", "yamlio", "yamlcareful", "countries", "plugins", "builtins", "dataset", "rubric", "engine",
        "api", "cache", "atomic", "resources", "registry", "layers"]


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_library_does_not_import_cli_or_rich(mini_path):
    mods = _modules_after(
        f"import allyscore; d = allyscore.load_dataset({str(mini_path)!r}); allyscore.rate(d, 'iran', 'russia')")
    assert "allyscore.engine" in mods
    assert not {m for m in mods if m.split(".")[0] in ("typer", "rich", "click")}
    assert "allyscore.cli" not in mods and "allyscore.formats.terminal" not in mods


def test_plain_data_is_not_a_renderer(mini_path):
    mods = _modules_after(f"import allyscore; d = allyscore.load_dataset({str(mini_path)!r}); "
                          "allyscore.rate(d, 'iran', 'russia').to_dict(d, evidence=True)")
    assert "allyscore.plain" in mods
    assert not {m for m in mods if m.split(".")[0] in ("typer", "rich", "click")}
    assert not {m for m in mods if m.startswith(("allyscore.cli", "allyscore.formats"))}


RUBRICS = ["costly-signals@1.0.0", "costly-signals@1.1.0"]
SCRIPT_PATHS = [  # (command line, the module that does the work): output for scripts and files, never rich
    (["rate", "iran", "russia", "-f", "json"], "allyscore.engine"),
    (["bloc", "iran", "russia", "-f", "json"], "allyscore.bloc"),
    (["history", "iran", "russia", "-f", "json"], "allyscore.history"),
    (["data", "audit", "-f", "json"], "allyscore.audit"),
    *[(["cite", "iran:russia", "-f", f], "allyscore.cite") for f in ("text", "bibtex", "csl-json")],
    *[(["diff", *RUBRICS, "-f", f], "allyscore.diff") for f in ("json", "csv", "markdown")],
    *[(["report", "-f", f], "allyscore.report") for f in ("json", "jsonl", "csv", "markdown", "html")],
]


@pytest.mark.parametrize("args, worker", SCRIPT_PATHS, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_script_outputs_do_not_import_rich(mini_path, args, worker):
    argv = ["allyscore", *args, "--data", str(mini_path)]
    code = (f"import sys; sys.argv = {argv!r}\nfrom allyscore.cli import main\ntry:\n    main()\n"
            "except SystemExit as exc:\n    assert not exc.code, exc.code")
    mods = _modules_after(code)
    assert worker in mods
    assert not {m for m in mods if m.split(".")[0] == "rich"}


def test_core_modules_import_nothing_above_them():
    for name in CORE:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                target = node.module
                assert not target.startswith(("cli", "formats", "typer", "rich")), f"{name} imports {target}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in ("typer", "rich", "click"), f"{name} imports {alias.name}"


def test_a_command_loads_only_its_own_cli_module(mini_path):
    code = ("import sys; sys.argv = ['allyscore', 'rate', 'iran', 'russia', '-f', 'json', '--data', "
            f"{str(mini_path)!r}]\nfrom allyscore.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass")
    mods = _modules_after(code)
    assert "allyscore.cli.rate" in mods
    assert not {"allyscore.cli.report", "allyscore.cli.diff", "allyscore.cli.bloc"} & mods


def test_help_lists_every_command_in_order_whatever_was_imported_first():
    import allyscore.cli.schema  # noqa: F401 - registers `schema` before `rate`
    from allyscore.cli import COMMANDS, load

    app = load()
    names = [info.name or info.callback.__name__ for info in app.registered_commands]
    names += [info.name for info in app.registered_groups]
    assert names == list(COMMANDS)


def test_public_api_names_resolve():
    import allyscore

    for name in allyscore.__all__:
        assert getattr(allyscore, name) is not None, name
    data = allyscore.load_dataset()
    rubric = allyscore.resolve_rubric()
    assert allyscore.score_bloc(data, ["iran", "russia"], rubric) is not None


# --- the contracts (lint-imports) --------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")

def lint(where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the allyscore package found in `where`, with the project's contracts."""
    assert LINT is not None, "import-linter is missing: pip install -e '.[test]'"
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run([str(LINT), "--no-cache", *args, str(ROOT / "pyproject.toml")],
                          cwd=where, env=env, capture_output=True, text=True, timeout=120)


def test_the_package_keeps_every_contract() -> None:
    run = lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    """A copy of the package to break (the checkout is never touched)."""
    shutil.copytree(ROOT / "allyscore", tmp_path / "allyscore", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


def test_the_copy_is_what_is_checked(copy: Path) -> None:
    """Unbroken, the copy keeps the contracts too: the failures below come from the lines they add."""
    run = lint(copy)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(("module", "line", "contract", "names"), [
    # the ground floor reaching up into the engine, inside a function (lazy imports count)
    ("model.py", "def _up():\n    from .engine import score_tie", "layers", "allyscore.model -> allyscore.engine"),
    # the engine importing a renderer
    ("engine.py", "from .formats import jsonfmt", "layers", "allyscore.engine -> allyscore.formats"),
    # one format importing another instead of a common module
    ("formats/bloc.py", "from . import terminal", "formats", "allyscore.formats.bloc -> allyscore.formats.terminal"),
    # a circle where no layer is declared (the command modules)
    ("cli/common.py", "def _round():\n    from . import rate", "acyclic", ".common -> .rate"),
    # an analysis importing the public face
    ("report.py", "from . import __version__ as _v", "public-face", "allyscore.report -> allyscore"),
    # the core importing the terminal library
    ("history.py", "def _draw():\n    import rich", "core-no-ui", "allyscore.history -> rich"),
])
def test_a_deliberate_break_fails_its_contract(copy: Path, module: str, line: str, contract: str, names: str) -> None:
    add_line(copy / "allyscore" / module, line)
    run = lint(copy, "--contract", contract)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "BROKEN" in run.stdout and names in run.stdout, run.stdout
