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
from ..crises import crisis_event, describe_roles
from .common import response_lines
from .console import LABEL_STYLES, UNWRAPPED, console  # noqa: F401 - UNWRAPPED re-exported
from .report_common import probability

def pager_command() -> list[str] | None:
    """The pager for long output, as git and gh choose it: ALLYSCORE_PAGER, else PAGER, else `less`;
    None when output is not a terminal, or when the pager is set empty or to `cat`."""
    import shlex
    import shutil

    if not (hasattr(sys.stdout, "isatty") and sys.stdout.isatty()):
        return None
    for name in ("ALLYSCORE_PAGER", "PAGER"):
        if name in os.environ:
            words = shlex.split(os.environ[name]) if os.environ[name].strip() else []
            return words if words and words != ["cat"] else None
    return ["less"] if shutil.which("less") else None


def paged(draw: Any) -> None:
    """Run `draw(console)`; on a terminal, send what it prints through the pager (less quits at once when
    it fits one screen: LESS=FRX unless LESS is set)."""
    import subprocess

    command = pager_command()
    out = console()
    if command is None:
        draw(out)
        return
    with out.capture() as captured:
        draw(out)
    text = captured.get()
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    try:
        with subprocess.Popen(command, stdin=subprocess.PIPE, env=env) as pager:
            assert pager.stdin is not None
            try:
                pager.stdin.write(text.encode("utf-8", "replace"))
                pager.stdin.close()
            except BrokenPipeError:  # the reader quit the pager early
                pass
            pager.wait()
    except OSError:  # no such pager: print as if there were none
        sys.stdout.write(text)


def _level(value: Any) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def label_text(label: str, title: str) -> Text:
    return Text(title, style=LABEL_STYLES.get(label, "bold"))


def render_rate(result: TieScore, data: LoadedDataset, evidence: bool = False, out: Console | None = None,
                uncertainty: Any = None, explain: bool = False, order: tuple[str, str] | None = None) -> None:
    """The tie's table and lines; `order`: the two codes in the order the user typed them (the title, the
    A→B columns and the asymmetry's sign follow it)."""
    out = out or console()
    a, b = order if order is not None and set(order) == set(result.pair) else result.pair
    sign = 1 if a == result.pair[0] else -1  # the asymmetry index is signed for the sorted pair
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
            + ", ".join(f"{titles[k]} {probability(p)}" for k, p in probs if p > 0)
            + f"  ({uncertainty.draws} draws, seed {uncertainty.seed})"))
    ind = result.indicators
    asym = ind.asymmetry
    line = Text(f"Asymmetry {sign * asym.index + 0.0:+.2f}: {asym.describe(result.names)}")
    if asym.flagged:
        line.append("  [one-way street]", style="bold yellow")
    lines.append(line)
    if asym.compared:
        gives = ", ".join(f"{result.names[c]} {asym.gives[c]:.0%}" for c in (a, b) if c in asym.gives)
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
    if explain:
        render_explain(result, out)
    if evidence:
        render_evidence(result, data, out)


def render_explain(result: TieScore, out: Console) -> None:
    """What the words of `rate` mean: the rubric's labels (the tie's marked) and the numbers' units."""
    from .report_common import TERMS

    out.print()
    out.print(Text("What the words mean", style="bold underline"))
    out.print(Text(f"Labels of {result.rubric.ref}:", style="bold"))
    for key, spec in result.rubric.model.labels.items():
        line = Text("  → " if key == result.label else "    ")
        line.append(spec.title, style=LABEL_STYLES.get(key, "bold"))
        line.append(f": {spec.description or '(no definition given)'}")
        out.print(line)
    for term, text in TERMS:
        line = Text(f"{term}: ", style="bold")
        line.append(text)
        out.print(line)


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
        out.print(Text(f"Crisis: {crisis.name} ({crisis.start}–{crisis.end or 'open'}): "
                       f"{describe_roles(crisis, data.countries.name)}", style="bold"))
        for resp in crisis_event(data, data.tie(*result.pair), crisis).responses:
            for text, style in response_lines(resp, data):  # delivered, what an ally would have done, the gap
                out.print(Text(f"  {text}", style=style))


def write_stdout(text: str) -> None:
    from ..sanitize import terminal

    sys.stdout.write(terminal(text))
