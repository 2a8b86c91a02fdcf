"""Rich tables for the terminal. Imported only when a table is asked for."""

from __future__ import annotations

import os
import sys
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..dataset import LoadedDataset
from ..engine import TieScore

LABEL_STYLES = {"alliance": "bold green", "de_facto_alliance": "green", "hollow_alliance": "bold yellow",
                "axis_of_convenience": "bold yellow", "arms_length": "bold red",
                "insufficient_evidence": "dim"}


def console(stderr: bool = False) -> Console:
    """A console whose colour follows the terminal: none when piped, none under NO_COLOR."""
    return Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False,  # data may hold ":x:"
                   no_color=bool(os.environ.get("NO_COLOR")) or None)


def _level(value: Any) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def label_text(label: str, title: str) -> Text:
    return Text(title, style=LABEL_STYLES.get(label, "bold"))


def render_rate(result: TieScore, data: LoadedDataset, evidence: bool = False, out: Console | None = None,
                uncertainty: Any = None) -> None:
    out = out or console()
    a, b = result.pair
    na, nb = result.names[a], result.names[b]
    narrow = out.width < 80  # light borders and wrapped names, so that numbers are never cut
    table = Table(title=f"{na} – {nb}", title_justify="left", show_lines=False, expand=False,
                  **({"box": box.SIMPLE_HEAD, "show_edge": False, "pad_edge": False, "collapse_padding": True}
                     if narrow else {}))
    table.add_column("Dimension", no_wrap=not narrow)
    table.add_column(f"{a}→{b}", justify="center", no_wrap=True)
    table.add_column(f"{b}→{a}", justify="center", no_wrap=True)
    table.add_column("Level", justify="right", no_wrap=True)
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Points", justify="right", no_wrap=True)
    table.add_column("Conf.", justify="left", no_wrap=True)
    for d in result.dimensions:
        if d.directed:
            ab, ba = _level(d.flows.get(f"{a}->{b}")), _level(d.flows.get(f"{b}->{a}"))
        else:
            ab = ba = _level(d.flows.get("mutual"))
        value = "unknown" if d.status == "unknown" else _level(d.value) + ("*" if d.status == "imputed" else "")
        style = "dim" if d.status == "unknown" else ("italic" if d.signal == "cheap" else "")
        table.add_row(d.name + (" (talk)" if d.signal == "cheap" else ""), ab, ba, value, f"{d.weight:g}",
                      f"{d.contribution:.1f}", d.confidence or "", style=style)
    lines: list[Text] = []  # printed at once below the table: one render pass, and no markup parsing
    line = Text("Score ")
    line.append(f"{result.score:.1f}", style="bold")
    line.append(" / 100   Label ")
    line.append_text(label_text(result.label, result.label_title))
    lines.append(line)
    lines += [Text(f"  because {reason}") for reason in result.reasons]
    if result.short_of and result.top_label:
        top = result.rubric.model.labels[result.top_label].title.lower()
        lines.append(Text(f"Not {_article(top)} {top}: " + "; ".join(result.short_of)))
    if uncertainty is not None:  # an allyscore.uncertainty.TieUncertainty (rate --uncertainty)
        titles = {k: v.title for k, v in result.rubric.model.labels.items()}
        probs = sorted(uncertainty.label_probabilities.items(), key=lambda kv: -kv[1])
        lines.append(Text(
            f"{uncertainty.level:.0%} interval {uncertainty.low:.1f}–{uncertainty.high:.1f}   "
            + ", ".join(f"{titles[k]} {p:.0%}" if p >= 0.005 else f"{titles[k]} <1%" for k, p in probs if p > 0)
            + f"  ({uncertainty.draws} draws, seed {uncertainty.seed})"))
    ind = result.indicators
    asym = ind.asymmetry
    line = Text(f"Asymmetry {asym.index:+.2f}: {asym.describe(result.names)}")
    if asym.flagged:
        line.append("  [one-way street]", style="bold yellow")
    lines.append(line)
    if asym.compared:
        gives = ", ".join(f"{result.names[c]} {share:.0%}" for c, share in asym.gives.items())
        n = len(asym.compared)
        lines.append(Text(f"  each gives, of its most: {gives} ({n} dimension{'s' * (n != 1)} known both ways)"))
    if ind.say_do_gap is not None:
        gap = ind.say_do_gap
        words = "talk outruns delivery" if gap > 0 else "delivery matches or exceeds talk"
        lines.append(Text(f"Say–do gap {gap:+.0f} points: {words}"))
    lines.append(Text(f"Coverage {ind.coverage:.0%} of the weight rests on known dimensions"))
    if result.unscored:
        names = ", ".join(data.dimensions[d].name.lower() for d in result.unscored)
        lines.append(Text(f"Not scored by this rubric: {names}"))
    rub = result.rubric
    over = ""
    if rub.overrides:
        over = " (weights overridden: " + ", ".join(f"{k}={v:g}" for k, v in sorted(rub.overrides.items())) + ")"
    lines.append(Text(f"Rubric {rub.ref}{over} · data {data.header.name} {data.header.version} · as of "
                      f"{result.as_of.isoformat()}", style="dim"))
    out.print(table)
    out.print(Text("\n").join(lines))
    if evidence:
        render_evidence(result, data, out)


def render_evidence(result: TieScore, data: LoadedDataset, out: Console) -> None:
    out.print()
    out.print(Text("Evidence", style="bold underline"))
    for d in result.dimensions:
        if not d.observations:
            out.print(Text(f"{d.name}: no observation as of {result.as_of}", style="dim"))
            continue
        for obs in d.observations:
            period = f"{obs.since}–{obs.until or ''}"
            head = Text(f"{d.name} {obs.direction if obs.direction != 'mutual' else ''} ", style="bold")
            head.append(f"level {_level(obs.level)} ({obs.confidence}, {period}): ", style="")
            head.append(obs.claim)
            out.print(head)
            if obs.notes:
                out.print(Text(f"    note: {obs.notes}", style="italic"))
            layer = data.source_layer(obs) if hasattr(data, "source_layer") else None  # layers: which dataset
            if layer is not None:
                out.print(Text(f"    from dataset {layer.header.name} ({layer.path})", style="dim"), overflow="fold")
            for sid in obs.sources:
                src = data.sources[sid]
                cite = f"    [{sid}] {src.publisher}, \"{src.title}\", {src.date or 'undated'}"
                out.print(Text(cite + (f", {src.url}" if src.url else "")), overflow="fold")
    for crisis in result.crises:
        out.print()
        out.print(Text(f"Crisis: {crisis.name} ({crisis.start}–{crisis.end or ''}), "
                       f"{data.countries.name(crisis.target)} attacked", style="bold"))
        from ..history import crisis_event
        from .history import response_lines

        for resp in crisis_event(data, data.tie(*result.pair), crisis).responses:
            for text, style in response_lines(resp, data):  # delivered, what an ally would have done, the gap
                out.print(Text(f"  {text}", style=style))


def write_stdout(text: str) -> None:
    sys.stdout.write(text)
