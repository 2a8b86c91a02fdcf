"""Renderers for `allyscore history` (JSON, and a rich table with an inline chart) and for crisis gaps.

rich is imported inside the functions that draw tables, so the JSON path never loads it.
"""

from __future__ import annotations

from typing import Any

from ..dataset import LoadedDataset
from ..history import CrisisEvent, ResponseGap, TieHistory, describe_roles
from .jsonfmt import SCHEMA_VERSION, dataset_dict

_EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(score: float, width: int = 12) -> str:
    """A horizontal bar of `width` cells for a 0..100 score, in eighths of a cell."""
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def expected_text(expected: str) -> str:
    """The dataset's words for what an ally would have done, as one line that says so."""
    return expected if expected.casefold().startswith("an ally would") else f"An ally would have: {expected}"


def gap_text(resp: ResponseGap, dimension_name: str | None = None) -> str:
    """One line: how far what was delivered fell short of the top of the scale (4: fought alongside)."""
    if resp.gap is None:
        what = f"{dimension_name or resp.dimension} level unknown" if resp.dimension else \
            "no level recorded for this crisis"
        return f"Gap to an ally: unknown ({what})"
    name = (dimension_name or resp.dimension or "").lower()
    short = "none" if resp.gap == 0 else f"{resp.gap} level{'s' if resp.gap != 1 else ''}"
    return f"Gap to an ally: {short} ({name} {resp.level} of {resp.top})"


def response_lines(resp: ResponseGap, data: LoadedDataset) -> list[tuple[str, str]]:
    """The lines (text, style) that show one partner's response to a crisis and its gap."""
    dim = data.dimensions.get(resp.dimension) if resp.dimension else None
    lines = [(f"{data.countries.name(resp.partner)} delivered: {resp.delivered}", "")]
    if resp.expected:
        lines.append((expected_text(resp.expected), "italic"))
    lines.append((gap_text(resp, dim.name if dim else None), "bold" if resp.gap else ""))
    return lines


def response_dict(resp: ResponseGap) -> dict[str, Any]:
    return {"partner": resp.partner, "delivered": resp.delivered, "expected": resp.expected,
            "dimension": resp.dimension, "level": resp.level, "top_level": resp.top, "gap": resp.gap}


def event_dict(event: CrisisEvent) -> dict[str, Any]:
    return {"id": event.id, "name": event.name, "target": event.target, "attackers": list(event.attackers),
            "attacked": list(event.attacked), "start": event.start.isoformat(),
            "end": event.end.isoformat() if event.end else None,
            "responses": [response_dict(r) for r in event.responses]}


def history_dict(history: TieHistory, data: LoadedDataset | None = None) -> dict[str, Any]:
    """The JSON form of a tie's history: one entry per date its evidence changed, and the crises."""
    rub = history.rubric
    rubric: dict[str, Any] = {"name": rub.model.name, "version": rub.model.version, "digest": rub.digest}
    if rub.overrides:
        rubric["weights_overridden"] = dict(sorted(rub.overrides.items()))
    points = []
    previous = None
    for p in history.points:
        r = p.result
        points.append({"date": p.date.isoformat(), "score": r.score,
                       "delta": None if previous is None else round(r.score - previous, 6),
                       "label": r.label, "label_title": r.label_title, "coverage": r.indicators.coverage,
                       "asymmetry": r.indicators.asymmetry.index,
                       "changes": [{"kind": c.kind, "text": c.text} for c in p.changes]})
        previous = r.score
    return {"schema_version": SCHEMA_VERSION, "pair": list(history.pair), "names": dict(history.names),
            "rubric": rubric, "dataset": dataset_dict(data), "as_of": history.as_of.isoformat(),
            "sparkline": history.sparkline(), "points": points,
            "events": [event_dict(e) for e in history.events]}


def render_history(history: TieHistory, data: LoadedDataset, out: Any = None) -> None:
    """A table of the tie's score at each change, with a bar per row and a sparkline over all of them."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from .terminal import LABEL_STYLES, console

    out = out or console()
    a, b = history.pair
    title = f"{history.names[a]} – {history.names[b]} over time"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    chart = out.width >= 72  # a narrow terminal drops the bar chart rather than cut a value
    table.add_column("Date", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Δ", justify="right", no_wrap=True)
    if chart:
        table.add_column("Chart", no_wrap=True)
    table.add_column("Label", max_width=13, overflow="fold")
    table.add_column("What changed", ratio=1, min_width=12, overflow="fold")
    previous = None
    for p in history.points:
        r = p.result
        delta = "" if previous is None or abs(r.score - previous) < 0.05 else f"{r.score - previous:+.1f}"
        crisis = any(c.kind.startswith("crisis") for c in p.changes)
        changed = "\n".join(("⚑ " if c.kind.startswith("crisis") else "") + c.text for c in p.changes)
        cells = [p.date.isoformat(), f"{r.score:.1f}", delta]
        if chart:
            cells.append(Text(bar(r.score, 8), style=LABEL_STYLES.get(r.label, "")))
        table.add_row(*cells, Text(r.label_title, style=LABEL_STYLES.get(r.label, "bold")),
                      Text(changed, style="bold" if crisis else ""))
        previous = r.score
    out.print(table)
    if history.points:
        first, last = history.points[0], history.points[-1]
        line = Text("Trend ")
        line.append(history.sparkline(), style="bold")
        line.append(f"  {first.date} → {last.date}: {first.score:.1f} → {last.score:.1f}, "
                    f"{len(history.points)} points (⚑ = a crisis begins or ends)")
        out.print(line)
    else:
        out.print(Text("No dated evidence for this tie.", style="dim"))
    for event in history.events:
        out.print()
        end = event.end.isoformat() if event.end else "open"
        out.print(Text(f"⚑ Crisis: {event.name} ({event.start}–{end}): "
                       f"{describe_roles(event, data.countries.name)}", style="bold"))
        for resp in event.responses:
            for text, style in response_lines(resp, data):
                out.print(Text(f"  {text}", style=style))
    rub = history.rubric
    out.print(Text(f"Rubric {rub.ref} · data {data.model.name} {data.model.version} · each point equals "
                   f"`allyscore rate --as-of DATE`", style="dim"))
