"""The rich table of `allyscore diff`. Imported only when a table is asked for."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..diff import Diff
from .diff import (FLIP_MARKER, data_line, dimension_note, moved_by, pair_title, rank_text, signed, summary,
                   title)
from .terminal import LABEL_STYLES, console


def render_diff(result: Diff, out: Console | None = None) -> None:
    out = out or console()
    table = Table(title=title(result), title_justify="left", expand=False, box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Tie", overflow="fold")
    table.add_column("Old", justify="right", no_wrap=True)
    table.add_column("New", justify="right", no_wrap=True)
    table.add_column("Δ", justify="right", no_wrap=True)
    table.add_column("Label", overflow="fold")
    table.add_column("Rank", no_wrap=True)
    table.add_column("Moved by", overflow="fold")
    for t in result.ties:
        if t.label_changed:
            label = Text(t.old.label_title, style=LABEL_STYLES.get(t.old.label, "bold"))
            label.append(" → ")
            label.append(t.new.label_title, style=LABEL_STYLES.get(t.new.label, "bold"))
            tie, style = Text(f"{FLIP_MARKER} ", style="bold red") + Text(pair_title(t)), "bold"
        else:
            label = Text(t.new.label_title, style=LABEL_STYLES.get(t.new.label, ""))
            tie, style = Text(pair_title(t)), ("dim" if t.delta == 0 else "")
        delta = Text(signed(t.delta), style="red" if t.delta < 0 else ("green" if t.delta > 0 else ""))
        table.add_row(tie, f"{t.old.score:.1f}", f"{t.new.score:.1f}", delta, label,
                      rank_text(t, compact=True), moved_by(t, sep="\n"), style=style)
    out.print(table)
    note = dimension_note(result)
    if note:
        out.print(note)
    for t in result.label_changes:  # why each label moved: the definitions or rules behind old and new
        out.print(Text(f"{FLIP_MARKER} {pair_title(t)}: {t.old.label_title} → {t.new.label_title}", style="bold"))
        for side, score in (("was", t.old), ("now", t.new)):
            why = "; ".join(score.reasons) or _band(score)
            out.print(Text(f"    {side} {score.label_title.lower()}: {why}"))
    line = summary(result)
    if result.label_changes:
        line += f" ({FLIP_MARKER} marks a label change)"
    out.print(Text(line, style="bold" if result.label_changes else ""))
    out.print(Text(data_line(result), style="dim"))


def _band(score: Any) -> str:
    """The score band that gave a label no rule changed (rubrics with bands)."""
    bands = sorted(score.rubric.model.bands, key=lambda b: b.min)
    band = next((b for b in bands if b.min <= score.score < b.max), bands[-1] if bands else None)
    return f"score {score.score:.1f} in the band {band.min:g} to {band.max:g}" if band else "-"
