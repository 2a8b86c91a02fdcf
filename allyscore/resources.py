"""Where the bundled dataset and rubrics are: inside the installed package, or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    installed = _PACKAGE / "_bundled" / name  # placed there by the wheel build (pyproject.toml)
    if installed.exists():
        return installed
    return _PACKAGE.parent / name  # a source checkout or an editable install


def bundled_dataset() -> Path:
    return _find("data") / "alliances.yaml"


def bundled_registry() -> Path:
    return _find("data") / "states.csv"


def bundled_rubrics() -> Path:
    return _find("rubrics")


def bundled_reference() -> Path:
    return _find("data") / "reference.yaml"
