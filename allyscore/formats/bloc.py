"""Renderers for `allyscore bloc`: JSON, Markdown, and a coloured grid for the terminal.

rich is imported inside `render_bloc` only, so the JSON and Markdown paths never load it.
"""

from __future__ import annotations

from typing import Any

from ..bloc import BlocScore, pair_name
from ..dataset import LoadedDataset


def cohesion_lines(bloc: BlocScore) -> list[str]:
    """The cohesion and verdict as plain lines (shared by the terminal and Markdown renderers)."""
    c, v = bloc.cohesion, bloc.verdict
    lines = []
    if c.mean is None:
        lines.append(f"Cohesion: no pair has data (0 of {len(bloc.pairs)})")
    else:
        n = len(bloc.pairs)
        lines.append(f"Cohesion {c.mean:.1f} / 100 (mean of {c.scored} of {n} pair{'s' * (n != 1)})")
    if c.weakest is not None and c.weakest.result is not None:
        lines.append(f"Weakest link {pair_name(c.weakest.pair, bloc.names)} {c.weakest.score:.1f} "
                     f"({c.weakest.result.label_title})")
    missing = ", ".join(pair_name(m, bloc.names) for m in c.missing) or "none"
    lines.append(f"No data: {missing}")
    held = f"; held back by {pair_name(v.held_back_by.pair, bloc.names)}" if v.held_back_by else ""
    lines.append(f"Verdict: {v.title}{held}: {v.reason}")
    return lines


def _footer(bloc: BlocScore, data: LoadedDataset) -> str:
    over = ""
    if bloc.rubric.overrides:
        over = " (weights overridden: " + ", ".join(f"{k}={v:g}" for k, v in sorted(bloc.rubric.overrides.items())) + ")"
    return (f"Rubric {bloc.rubric.ref}{over} · data {data.header.name} {data.header.version} · "
            f"as of {bloc.as_of.isoformat()}")


def bloc_markdown(bloc: BlocScore, data: LoadedDataset) -> str:
    from ..sanitize import markdown_cell as esc

    names = [esc(bloc.names[c]) for c in bloc.codes]
    out = [f"## Bloc: {', '.join(names)}", "", "| | " + " | ".join(names) + " |",
           "| --- |" + " ---: |" * len(names)]
    for a in bloc.codes:
        cells = []
        for b in bloc.codes:
            p = bloc.pair(a, b)
            if p is None:
                cells.append("—")
            elif p.result is None:
                cells.append("no data")
            else:
                cells.append(f"{p.result.score:.1f} {esc(p.result.label_title.lower())}")
        out.append(f"| **{esc(bloc.names[a])}** | " + " | ".join(cells) + " |")
    out.append("")
    lines = cohesion_lines(bloc)
    out.extend(f"- {esc(line)}" for line in lines[:-1])
    out.append(f"- **{esc(lines[-1])}**")
    out.extend(["", f"_{esc(_footer(bloc, data))}_", ""])
    return "\n".join(out)


def render_bloc(bloc: BlocScore, data: LoadedDataset, out: Any = None) -> None:
    """A coloured grid of the pairs' scores (coloured by label), then the cohesion and the verdict."""
    from rich.table import Table
    from rich.text import Text

    from .console import LABEL_STYLES, console

    out = out or console()
    table = Table(title="Bloc: " + ", ".join(bloc.names[c] for c in bloc.codes), title_justify="left",
                  show_lines=True)
    table.add_column("", no_wrap=True)
    for code in bloc.codes:
        table.add_column(code, justify="center")
    for a in bloc.codes:
        cells: list[Any] = []
        for b in bloc.codes:
            p = bloc.pair(a, b)
            if p is None:
                cells.append(Text("—", style="dim"))
            elif p.result is None:
                cells.append(Text("no data", style="dim"))
            else:
                style = LABEL_STYLES.get(p.result.label, "")
                cell = Text(f"{p.result.score:.1f}", style=style)
                cell.append(f"\n{p.result.label_title}", style=style)
                cells.append(cell)
        table.add_row(Text(f"{bloc.names[a]} ({a})", style="bold"), *cells)
    out.print(table)
    lines = cohesion_lines(bloc)
    for line in lines[:-1]:
        out.print(Text(line))
    style = LABEL_STYLES.get(bloc.verdict.verdict, "bold")
    verdict = Text(lines[-1], style=style if bloc.verdict.verdict != "neither" else "bold red")
    out.print(verdict)
    out.print(Text(_footer(bloc, data), style="dim"))
