"""What the report formats share: titles, number formatting, and the chart's scale. No rich, no printing."""

from __future__ import annotations

from typing import Any


def pair_title(entry: dict[str, Any], dash: str = " – ") -> str:
    a, b = entry["pair"]
    return f"{entry['names'][a]}{dash}{entry['names'][b]}"


def pair_codes(entry: dict[str, Any]) -> str:
    return ":".join(entry["pair"])


def level_text(value: Any) -> str:
    """A level or folded value as people read it: 2, 2.5, or ? when unknown."""
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def signed(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:+.{digits}f}"


def flows(entry: dict[str, Any], dim: dict[str, Any]) -> tuple[str, str]:
    """The levels A->B and B->A of a dimension (the same level twice for a mutual one)."""
    a, b = entry["pair"]
    levels = dim["levels"]
    if dim["directed"]:
        return level_text(levels.get(f"{a}->{b}")), level_text(levels.get(f"{b}->{a}"))
    mutual = level_text(levels.get("mutual"))
    return mutual, mutual


def dimension_value(dim: dict[str, Any]) -> str:
    if dim["status"] == "unknown":
        return "unknown"
    return level_text(dim["value"]) + ("*" if dim["status"] == "imputed" else "")


def possible_points(entry: dict[str, Any]) -> dict[str, float]:
    """Each scored dimension's share of the score's weight, in points: the most it could contribute."""
    scored = [d for d in entry["dimensions"] if d["transformed"] is not None]
    total = sum(d["weight"] for d in scored)
    return {d["id"]: (100.0 * d["weight"] / total if total else 0.0) for d in scored}
