"""Renderers for `allyscore diff`: a JSON-ready dict, CSV and Markdown. and the rich table (rich imported only when a table is drawn)."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..diff import Diff, DimensionChange, Side, TieDiff

FLIP_MARKER = "⚠"


# --- shared wording --------------------------------------------------------------------------------

def overrides_text(side: Side) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in sorted(side.rubric.overrides.items()))


def side_title(side: Side, with_date: bool) -> str:
    text = side.rubric.ref
    if side.rubric.overrides:
        text += " (weights overridden: " + overrides_text(side) + ")"
    if with_date:
        text += f" as of {side.as_of.isoformat()}"
    return text


def title(result: Diff) -> str:
    """`OLD → NEW`; the dates join in when they differ, the rubric once when only dates differ."""
    old, new = result.old, result.new
    dated = old.as_of != new.as_of
    if dated and old.rubric.digest == new.rubric.digest:
        return f"{side_title(old, False)}: as of {old.as_of.isoformat()} → as of {new.as_of.isoformat()}"
    return f"{side_title(old, dated)} → {side_title(new, dated)}"


def pair_title(tie: TieDiff) -> str:
    a, b = tie.pair
    return f"{tie.names[a]} – {tie.names[b]}"


def signed(value: float, places: int = 1) -> str:
    text = f"{value:+.{places}f}"
    return "±0" if float(text) == 0 else text.replace("-", "−")


def moved_by(tie: TieDiff, limit: int = 3, sep: str = ", ") -> str:
    """The dimensions that moved the score most, e.g. `Crisis support −2.7, Rhetoric +0.4`."""
    shown = [c for c in tie.attribution if abs(c.delta) >= 0.05]
    parts = [f"{c.name} {signed(c.delta)}" + _tag(c) for c in shown[:limit]]
    if len(shown) > limit:
        parts.append(f"{len(shown) - limit} more")
    return sep.join(parts)


def _tag(change: DimensionChange) -> str:
    return f" ({change.status})" if change.status in ("added", "removed") else ""


def summary(result: Diff) -> str:
    n = len(result.ties)
    flips = len(result.label_changes)
    return (f"{len(result.score_changes)} of {n} tie{'s' if n != 1 else ''} changed score; "
            f"{flips} label{'s' if flips != 1 else ''} changed")


def dimension_note(result: Diff) -> str | None:
    names = {d.id: d.name for d in result.dataset.header.dimensions}
    parts = []
    if result.added:
        parts.append("added in new: " + ", ".join(names.get(d, d) for d in result.added))
    if result.removed:
        parts.append("removed in new: " + ", ".join(names.get(d, d) for d in result.removed))
    return "Dimensions " + "; ".join(parts) if parts else None


def data_line(result: Diff) -> str:
    data = result.dataset.model
    line = f"Data {data.name} {data.version}"
    if result.old.as_of == result.new.as_of:
        line += f" · as of {result.old.as_of.isoformat()}"
    return line + f" · ranks among {result.ranked} ties"


# --- CSV -----------------------------------------------------------------------------------------

def _num(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{round(value, 6) + 0.0:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def csv_dimensions(result: Diff) -> list[str]:
    """The dimensions that have a `delta_<id>` column: those either rubric scores, in catalog order."""
    present = {c.id for t in result.ties for c in t.attribution} | set(result.added) | set(result.removed)
    return [d.id for d in result.dataset.header.dimensions if d.id in present]


def diff_csv(result: Diff, raw: bool = False) -> str:
    """One row per tie; every row names both rubrics (name, version, digest) and dates.

    Names that a spreadsheet would run as a formula get a leading `'` unless `raw` (`--csv-raw`)."""
    from ..sanitize import csv_cell

    dims = csv_dimensions(result)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["a", "b", "a_name", "b_name", "old_score", "new_score", "delta", "old_label", "new_label",
                     "label_changed", "old_rank", "new_rank", "rank_change",
                     "old_rubric", "old_version", "old_digest", "old_as_of", "old_weights_overridden",
                     "new_rubric", "new_version", "new_digest", "new_as_of", "new_weights_overridden",
                     *(f"delta_{d}" for d in dims)])
    sides = []
    for side in (result.old, result.new):
        r = side.rubric
        sides += [r.model.name, r.model.version, r.digest, side.as_of.isoformat(),
                  ";".join(f"{k}={v:g}" for k, v in sorted(r.overrides.items()))]
    for t in result.ties:
        a, b = t.pair
        deltas = {c.id: c.delta for c in t.attribution}
        writer.writerow([a, b, csv_cell(t.names[a], raw), csv_cell(t.names[b], raw), _num(t.old.score), _num(t.new.score), _num(t.delta),
                         t.old.label, t.new.label, "true" if t.label_changed else "false",
                         t.old_rank, t.new_rank, t.rank_change, *sides,
                         *(_num(deltas.get(d, 0.0)) for d in dims)])
    return buf.getvalue()


# --- Markdown ------------------------------------------------------------------------------------

def _cell(text: str) -> str:
    from ..sanitize import markdown_cell

    return markdown_cell(text)


def label_change_text(t: TieDiff) -> str:
    if t.label_changed:
        return f"{t.old.label_title} → {t.new.label_title}"
    return t.new.label_title


def rank_text(t: TieDiff, compact: bool = False) -> str:
    """`4 → 5 (↓1)`; compact: `4→5`."""
    if t.rank_change == 0:
        return str(t.new_rank)
    if compact:
        return f"{t.old_rank}→{t.new_rank}"
    arrow = "↑" if t.rank_change > 0 else "↓"
    return f"{t.old_rank} → {t.new_rank} ({arrow}{abs(t.rank_change)})"


def diff_markdown(result: Diff) -> str:
    lines = [f"## Diff: {_cell(title(result))}", "", _cell(data_line(result))]
    note = dimension_note(result)
    if note:
        lines += ["", _cell(note)]
    lines += ["", "| Tie | Old | New | Δ | Label | Rank | Moved by |",
              "| --- | ---: | ---: | ---: | --- | --- | --- |"]
    for t in result.ties:
        tie, label = _cell(pair_title(t)), _cell(label_change_text(t))
        if t.label_changed:
            tie, label = f"**{FLIP_MARKER} {tie}**", f"**{label}**"
        lines.append(f"| {tie} | {t.old.score:.1f} | {t.new.score:.1f} | {signed(t.delta)} | {label} | "
                     f"{rank_text(t)} | {_cell(moved_by(t))} |")
    lines += ["", summary(result) + (f" ({FLIP_MARKER} marks a label change)." if result.label_changes else ".")]
    return "\n".join(lines) + "\n"


# --- terminal (rich, imported here only) --------------------------------------------------------

def render_diff(result: Diff, out: Any = None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from .console import LABEL_STYLES, console

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
