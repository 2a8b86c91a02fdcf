"""The built-in transforms, folds, aggregators and rubrics, registered like any plugin's."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any


# Transforms map a normalised level x = level / 4 (0..1) to a value in 0..1.
def linear(x: float) -> float:
    return x


def power(x: float, exponent: float = 2.0) -> float:
    """Convex for exponent > 1: high levels count more than in proportion."""
    return x ** exponent


def threshold(x: float, at: float = 0.5) -> float:
    """All or nothing: 1 from level `at` x 4 up, else 0."""
    return 1.0 if x >= at - 1e-9 else 0.0


# Folds turn the two directions of a directed dimension into one level (0..4).
# `flows` maps "GIVER->RECEIVER" to a known level.
def fold_mean(flows: dict[str, float], focal: str | None = None) -> float:
    return sum(flows.values()) / len(flows)


def fold_min(flows: dict[str, float], focal: str | None = None) -> float:
    return min(flows.values())


def fold_max(flows: dict[str, float], focal: str | None = None) -> float:
    return max(flows.values())


def fold_toward_focal(flows: dict[str, float], focal: str | None = None) -> float | None:
    """The flow toward the focal party when it is in the pair, else the mean."""
    if focal is not None:
        toward = [v for k, v in flows.items() if k.endswith("->" + focal)]
        if toward:
            return toward[0]
        if any(k.startswith(focal + "->") for k in flows):
            return None  # the flow toward the focal party is unknown
    return fold_mean(flows)


# Aggregators turn values (0..1) and weights into a score (0..1) and each value's contribution to it,
# such that the contributions add up to the score.
def weighted_mean(values: Sequence[float], weights: Sequence[float]) -> tuple[float, list[float]]:
    total = sum(weights)
    contributions = [w * v / total for v, w in zip(values, weights)] if total else [0.0] * len(values)
    return sum(contributions), contributions


def weighted_geometric(values: Sequence[float], weights: Sequence[float],
                       floor: float = 0.01) -> tuple[float, list[float]]:
    """Less compensatory: a weak dimension drags the score down more than in the mean."""
    total = sum(weights)
    if not total:
        return 0.0, [0.0] * len(values)
    logs = [w * math.log(max(v, floor)) / total for v, w in zip(values, weights)]
    score = math.exp(sum(logs))
    mean_score, mean_parts = weighted_mean(values, weights)
    # attribute the score in proportion to each dimension's share of the weighted mean
    if mean_score:
        parts = [score * p / mean_score for p in mean_parts]
    else:  # every value is 0 and the floor still scores: split it by weight
        parts = [score * w / total for w in weights]
    return score, parts


def register_transforms(register: Callable[[str, Any], None]) -> None:
    register("linear", linear)
    register("power", power)
    register("threshold", threshold)


def register_folds(register: Callable[[str, Any], None]) -> None:
    register("mean", fold_mean)
    register("min", fold_min)
    register("max", fold_max)
    register("toward_focal", fold_toward_focal)


def register_aggregators(register: Callable[[str, Any], None]) -> None:
    register("weighted_mean", weighted_mean)
    register("weighted_geometric", weighted_geometric)


def register_rubrics(register: Callable[[Any], None]) -> None:
    from .resources import bundled_rubrics

    for path in sorted(bundled_rubrics().glob("*.yaml")):
        register(path)
