"""The core never imports the CLI or the renderers; the JSON path never imports rich."""

from __future__ import annotations

import ast
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
    assert "allyscore.formats.jsonfmt" in mods
    assert not {m for m in mods if m.split(".")[0] in ("typer", "rich", "click")}
    assert "allyscore.cli" not in mods and "allyscore.formats.terminal" not in mods


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


# Plain data (JSON-ready dicts), no rendering: results' to_dict() may use it (test_plain_data_is_not_a_renderer)
PLAIN_DATA = "formats.jsonfmt"


def test_core_modules_import_nothing_above_them():
    for name in CORE:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                target = node.module
                if target == PLAIN_DATA:
                    continue
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
