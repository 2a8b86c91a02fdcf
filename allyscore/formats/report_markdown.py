"""Markdown report: a summary table, then each tie's dimension breakdown under each rubric."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from .report_common import (dimension_value, flows, interval_range, label_probability, label_titles, pair_title,
                            percent, short_of_text, signed, uncertainty_text)


def _cell(text: Any) -> str:
    from ..sanitize import markdown_cell

    return markdown_cell(text)


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |\n"


def _gap(value: float | None) -> str:
    return "" if value is None else f"{value:+.0f}"


def render(header: dict[str, Any], entries: list[dict[str, Any]]) -> str:
    data = header["dataset"]
    rubrics = ", ".join(f"{_cell(r['ref'])} (`{r['digest'][:19]}…`)" for r in header["rubrics"])
    parts = ["# allyscore report\n\n",
             f"- Dataset: {_cell(data['name'])} {_cell(data['version'])} (`{data['digest'][:19]}…`)\n",
             f"- Rubrics: {rubrics}\n",
             f"- As of: {header['as_of']}\n",
             f"- Made by {header['tool']['name']} {header['tool']['version']}; "
             f"report schema {header['schema_version']}\n\n",
             "## Summary\n\n"]
    intervals = any(e.get("interval") for e in entries)
    if intervals:
        parts += [_row(["Pair", "Rubric", "Score", "Interval", "Label", "P(label)", "Coverage", "Asymmetry",
                        "Say–do gap"]),
                  "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n"]
    else:
        parts += [_row(["Pair", "Rubric", "Score", "Label", "Coverage", "Asymmetry", "Say–do gap"]),
                  "| --- | --- | ---: | --- | ---: | ---: | ---: |\n"]
    for e in entries:
        ind = e["indicators"]
        score = [f"{e['score']:.1f}"] + ([interval_range(e)] if intervals else [])
        label = [e["label_title"]] + ([label_probability(e)] if intervals else [])
        parts.append(_row([pair_title(e), e["rubric"]["ref"], *score, *label,
                           percent(ind["coverage"]), signed(ind["asymmetry"]["index"]), _gap(ind["say_do_gap"])]))
    if intervals:
        parts.append(f"\nInterval: {entries[0]['interval']['level']:.0%} of the Monte Carlo draws; "
                     "P(label): how often the draws gave the label shown.\n")
    if not entries:
        parts.append("\nNo tie to report.\n")
    current = None
    for e in entries:
        a, b = e["pair"]
        if current != e["pair"]:
            current = e["pair"]
            parts.append(f"\n## {_cell(pair_title(e))}\n")
        ind = e["indicators"]
        parts.append(f"\n### {_cell(e['rubric']['ref'])}: {e['score']:.1f} / 100, {_cell(e['label_title'])}\n\n")
        for reason in e["reasons"]:
            parts.append(f"- because {_cell(reason)}\n")
        if e["reasons"]:
            parts.append("\n")
        short = short_of_text(e, label_titles(header, e["rubric"]["ref"]))
        if short:
            parts.append(f"{short}.\n\n")
        chances = uncertainty_text(header, e)
        if chances:
            parts.append(f"Uncertainty: {chances}.\n\n")
        parts.append(_row(["Dimension", f"{a}→{b}", f"{b}→{a}", "Level", "Weight", "Points", "Confidence"]))
        parts.append("| --- | :---: | :---: | ---: | ---: | ---: | --- |\n")
        for d in e["dimensions"]:
            ab, ba = flows(e, d)
            name = d["name"] + (" (talk)" if d["signal"] == "cheap" else "")
            parts.append(_row([name, ab, ba, dimension_value(d), f"{d['weight']:g}", f"{d['contribution']:.1f}",
                               d["confidence"] or ""]))
        asym = ind["asymmetry"]
        parts.append(f"\nAsymmetry {asym['index']:+.2f}: {_cell(asym['summary'])}"
                     f"{' (one-way street)' if asym['flagged'] else ''}. ")
        if ind["say_do_gap"] is not None:
            parts.append(f"Say–do gap {_gap(ind['say_do_gap'])} points. ")
        parts.append(f"Coverage {percent(ind['coverage'])} of the weight rests on known dimensions.\n")
    return "".join(parts)


def write(header: dict[str, Any], entries: Iterable[dict[str, Any]], out: TextIO) -> None:
    out.write(render(header, list(entries)))
