"""Renderers for `allyscore history` (JSON, and a rich table with an inline chart) and for crisis gaps.

rich is imported inside the functions that draw tables, so the JSON path never loads it.
"""

from __future__ import annotations

from typing import Any

from ..dataset import LoadedDataset
from ..history import TieHistory, describe_roles
from .common import response_lines

_EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(score: float, width: int = 12) -> str:
    """A horizontal bar of `width` cells for a 0..100 score, in eighths of a cell."""
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def render_history(history: TieHistory, data: LoadedDataset, out: Any = None) -> None:
    """A table of the tie's score at each change, with a bar per row and a sparkline over all of them."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from .console import LABEL_STYLES, console

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
    out.print(Text(f"Rubric {rub.ref} · data {data.header.name} {data.header.version} · each point equals "
                   f"`allyscore rate --as-of DATE`", style="dim"))
