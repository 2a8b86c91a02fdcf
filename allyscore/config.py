"""Defaults for --data and --rubric, so that they need not be repeated on every command.

Where a value comes from, first found wins:

1. the command line (`--data`, `--rubric`);
2. the environment: ALLYSCORE_DATA, ALLYSCORE_RUBRIC;
3. the project file: `allyscore.toml` or `.allyscore.toml`, or a `[tool.allyscore]` table in
   `pyproject.toml`, in the working directory or the nearest folder above it that has one (as ruff and
   pytest look for theirs);
4. the user's file: `config.toml` in the platform's config folder (`$XDG_CONFIG_HOME/allyscore` or
   `~/.config/allyscore` on Linux, `~/Library/Application Support/allyscore` on macOS,
   `%APPDATA%\\allyscore` on Windows);
5. the built-in default: the bundled dataset, the latest costly-signals rubric.

A file holds `data = "PATH"` and `rubric = "NAME[@VERSION] or PATH"`; a relative path in a file is
relative to that file's folder. Only the CLI reads these: the library takes its inputs as arguments.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from .errors import InputFileError
from .records import Frozen, frozen

KEYS = ("data", "rubric")
ENV = {"data": "ALLYSCORE_DATA", "rubric": "ALLYSCORE_RUBRIC"}
PROJECT_FILES = ("allyscore.toml", ".allyscore.toml", "pyproject.toml")
DEFAULTS = {"data": "the bundled dataset", "rubric": "costly-signals, latest"}


@frozen
class Setting(Frozen):
    """One setting's value (None: the built-in default) and where it came from."""

    key: str
    value: str | None
    source: str  # "--data", "ALLYSCORE_DATA", a file's path, or "default"


def user_config_path(environ: dict[str, str] | None = None) -> Path:
    """The user's config file, in the platform's config folder (it need not exist)."""
    env = os.environ if environ is None else environ
    if sys.platform == "win32":
        base = Path(env.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = env.get("XDG_CONFIG_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path(env.get("HOME") or Path.home()) / ".config"
    return base / "allyscore" / "config.toml"


def find_project_file(start: Path | None = None) -> Path | None:
    """The nearest project file at or above `start` (default: the working directory), or None.

    A pyproject.toml counts only when it has a [tool.allyscore] table."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in PROJECT_FILES:
            path = candidate / name
            if not path.is_file():
                continue
            if name != "pyproject.toml" or "[tool.allyscore]" in _read(path):
                return path
    return None


def _read(path: Path) -> str:
    """A config file's text: a regular file only (a FIFO never hangs a command), at most 1 MiB."""
    from .files import read_text

    return read_text(path, "config")


def read_config_file(path: Path) -> dict[str, str]:
    """The settings a config file holds (`[tool.allyscore]` of a pyproject.toml), paths made absolute."""
    import re

    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    try:
        table: Any = tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "not valid TOML"
        raise InputFileError(message, file=str(path), line=int(found[1]) if found else None,
                             column=int(found[2]) if found else None,
                             hint='write data = "PATH" and rubric = "NAME" (TOML)') from None
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("allyscore", {})
    where = f"[tool.allyscore] in {path}" if path.name == "pyproject.toml" else str(path)
    out: dict[str, str] = {}
    for key, value in table.items():
        if key not in KEYS:
            raise InputFileError(f"unknown setting {key!r}", file=where, hint="known: " + ", ".join(KEYS))
        if not isinstance(value, str) or not value.strip():
            raise InputFileError(f"{key} must be a non-empty string", file=where,
                                 hint=f'e.g. {key} = "{"ties.yaml" if key == "data" else "costly-signals"}"')
        out[key] = _anchor(key, value.strip(), path.parent)
    return out


def _anchor(key: str, value: str, folder: Path) -> str:
    """A path written in a config file, made absolute against the file's folder (a rubric name stays)."""
    is_path = key == "data" or value.endswith((".yaml", ".yml")) or "/" in value or os.sep in value
    if not is_path or os.path.isabs(os.path.expanduser(value)):
        return os.path.expanduser(value) if is_path else value
    return str(folder / value)


def settings(given: dict[str, str | None] | None = None, cwd: Path | None = None,
             environ: dict[str, str] | None = None) -> dict[str, Setting]:
    """Each setting's value and source: the command line (`given`), the environment, the project file,
    the user's file, else the built-in default. A bad config file is an InputFileError."""
    env = os.environ if environ is None else environ
    out: dict[str, Setting] = {}
    for key in KEYS:
        value = (given or {}).get(key)
        if value:
            out[key] = Setting(key, value, f"--{key}")
        elif env.get(ENV[key], "").strip():
            out[key] = Setting(key, env[ENV[key]].strip(), ENV[key])
    if len(out) == len(KEYS):
        return out
    for path in (find_project_file(cwd), user_config_path(environ)):
        if path is None or not path.is_file():
            continue
        for key, value in read_config_file(path).items():
            out.setdefault(key, Setting(key, value, str(path)))
    for key in KEYS:
        out.setdefault(key, Setting(key, None, "default"))
    return {key: out[key] for key in KEYS}
