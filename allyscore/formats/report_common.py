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


def probability(p: float) -> str:
    """A probability as every command prints it: 0%, <1%, 1%..99%, >99%, 100%."""
    if p <= 0:
        return "0%"
    if p >= 1:
        return "100%"
    text = f"{p:.0%}"
    return {"0%": "<1%", "100%": ">99%"}.get(text, text)  # never 0% or 100% for what happened or failed once


def interval_range(entry: dict[str, Any]) -> str:
    """`39.9–56.1` for an entry with uncertainty, else ''."""
    interval = entry.get("interval")
    return f"{interval['low']:.1f}–{interval['high']:.1f}" if interval else ""


def interval_text(entry: dict[str, Any]) -> str:
    """`90% interval 39.9–56.1` for an entry with uncertainty, else ''."""
    interval = entry.get("interval")
    return f"{interval['level']:.0%} interval {interval_range(entry)}" if interval else ""


def label_probability(entry: dict[str, Any]) -> str:
    """How often the simulation gave the entry's own label ('' without uncertainty)."""
    probs = entry.get("label_probabilities")
    return probability(probs.get(entry["label"], 0.0)) if probs else ""


def label_chances(entry: dict[str, Any], titles: dict[str, str]) -> list[tuple[str, str]]:
    """(label title, probability) for each label the simulation ever reached, the likeliest first."""
    probs = entry.get("label_probabilities") or {}
    ranked = sorted(((k, p) for k, p in probs.items() if p > 0), key=lambda kp: -kp[1])
    return [(titles.get(k, k), probability(p)) for k, p in ranked]


def label_titles(header: dict[str, Any], ref: str) -> dict[str, str]:
    """Label id -> title under the rubric `ref` of a report header."""
    for rubric in header["rubrics"]:
        if rubric["ref"] == ref:
            return {label["id"]: label["title"] for label in rubric.get("labels", [])}
    return {}


def uncertainty_text(header: dict[str, Any], entry: dict[str, Any]) -> str:
    """One line: the interval, then each label's probability; '' without uncertainty."""
    interval = interval_text(entry)
    if not interval:
        return ""
    chances = label_chances(entry, label_titles(header, entry["rubric"]["ref"]))
    sim = entry.get("simulation") or {}
    return (interval + "; " + ", ".join(f"{t} {p}" for t, p in chances)
            + (f" ({sim['draws']} draws, seed {sim['seed']})" if sim else ""))


def short_of_text(entry: dict[str, Any], titles: dict[str, str]) -> str:
    """`Not an alliance: score 48.0 is below 60; …`, or '' when the tie reached the top label."""
    short = entry.get("short_of")
    if not short or not short.get("because"):
        return ""
    top = titles.get(short["label"], short["label"]).lower()
    article = "an" if top[:1] in "aeiou" else "a"
    return f"Not {article} {top}: " + "; ".join(short["because"])


# What the numbers mean: one wording for the terminal (rate --explain) and the HTML report.
TERMS: list[tuple[str, str]] = [
    ("Score", "0 to 100: the rubric weighs the known dimensions, each level put on a 0..1 scale by its transform."),
    ("Points", "What a dimension adds to the score; the points of all dimensions add up to the score."),
    ("Level", "0 (none) to 4 (the top of the catalog scale), as the dataset's catalog defines each dimension; "
              "? or unknown: no evidence; * imputed; (talk): cheap talk."),
    ("Weight", "How much the rubric counts the dimension; its share is the weight over the sum of weights."),
    ("Conf.", "The confidence of the weakest observation behind the level: low, medium or high."),
    ("Coverage", "The share of the rubric's weight that rests on known dimensions."),
    ("Asymmetry", "-1 to 1: how much more one side gives than the other, over the directed dimensions known "
                  "both ways; a one-way street beyond the rubric's flag (0.33 by default)."),
    ("Say–do gap", "Talk minus delivery, in points of 100: the cheap-talk level minus the costly signals' level; "
                   "positive when words outrun deeds."),
    ("Interval", "With --uncertainty: the range that holds the given share of the Monte Carlo draws over the "
                 "evidence; each label's probability is how often the draws gave it."),
]
