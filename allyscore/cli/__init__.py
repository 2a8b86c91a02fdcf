"""The `allyscore` command line: parse arguments, call the library, hand results to a renderer.

Exit codes: 0 ok; 1 findings (`diff --exit-code` saw a label change, `data audit --strict` found
something); 2 bad input or usage; 130 interrupted; 70 an internal error (a bug: please report it with
the output of --debug).

Each module below adds its commands to the app. `main` imports only the modules of the command being
run (every module for help, completion or an unknown command), so `allyscore rate` does not pay for
building the other commands; `from allyscore.cli import app` gives the whole app.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

# command -> the modules that add it; in the order of `allyscore --help`
COMMANDS: dict[str, tuple[str, ...]] = {
    "rate": ("rate",),
    "report": ("report",),
    "schema": ("schema",),
    "sensitivity": ("sensitivity",),
    "bloc": ("bloc",),
    "history": ("history",),
    "diff": ("diff",),
    "cite": ("cite",),
    "config": ("config",),
    "calibrate": ("calibrate",),
    "data": ("data", "audit", "atop"),
    "rubrics": ("rubrics",),
    "import": ("importer",),
    "world": ("world",),
}


def load(command: str | None = None) -> Any:
    """The app with `command`'s modules loaded (all of them when `command` is None or unknown)."""
    names = COMMANDS.get(command or "") or tuple(m for mods in COMMANDS.values() for m in mods)
    for name in names:
        import_module(f"{__name__}.{name}")
    from .common import app

    # commands register as their modules are imported, in whatever order that happened: restore ours
    rank = {command: i for i, command in enumerate(COMMANDS)}
    app.registered_commands.sort(key=lambda info: rank.get(_name(info), len(rank)))
    app.registered_groups.sort(key=lambda info: rank.get(info.name or "", len(rank)))
    return app


def _name(info: Any) -> str:
    return info.name or info.callback.__name__.replace("_", "-")


def _command(argv: list[str]) -> str | None:
    """The command a command line runs: its first word that is not an option."""
    if any(key.endswith("_COMPLETE") for key in os.environ):  # shell completion needs every command
        return None
    return next((arg for arg in argv if not arg.startswith("-")), None)


def main() -> None:
    load(_command(sys.argv[1:]))(prog_name="allyscore")


def __getattr__(name: str) -> Any:
    if name == "app":
        return load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
