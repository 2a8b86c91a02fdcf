"""An example allyscore plugin: a transform, a fold and a rubric file, registered through hooks.

allyscore calls each `register_*` function that the entry point's module has, with a `register`
function. Names must not clash with the built-ins (linear, power, threshold; mean, min, max,
toward_focal); a plugin that raises while registering is reported by name and version and skipped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUBRICS = Path(__file__).parent / "rubrics"


def sqrt(x: float) -> float:
    """Concave: the first steps up from nothing count most (x = level / 4, in 0..1)."""
    return math.sqrt(x)


def harmonic(flows: dict[str, float], focal: str | None = None) -> float:
    """The harmonic mean of the two directions (0..4): a one-way tie scores near its weaker side."""
    values = list(flows.values())
    if any(v == 0 for v in values):
        return 0.0
    return len(values) / sum(1 / v for v in values)


def register_transforms(register: Callable[[str, Any], None]) -> None:
    register("sqrt", sqrt)


def register_folds(register: Callable[[str, Any], None]) -> None:
    register("harmonic", harmonic)


def register_rubrics(register: Callable[[Path], None]) -> None:
    for path in sorted(RUBRICS.glob("*.yaml")):
        register(path)
