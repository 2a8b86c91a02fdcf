"""`allyscore sensitivity A B`: how much a tie's label rests on the weights and on each level."""

from __future__ import annotations

import sys
from typing import Any

import typer

from .common import (RowFormat, app, complete_country, complete_rubric, handled, load_inputs, parse_date,
                     two_countries, warn_after_dataset)


@app.command(context_settings={"allow_extra_args": True})  # "saudi arabia usa": say to quote, in two_countries
@handled
def sensitivity(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="A country: name, alias or code (e.g. iran, IRN).",
                            autocompletion=complete_country),
    b: str = typer.Argument(..., help="The other country.", autocompletion=complete_country),
    rubric: str = typer.Option(None, "--rubric", "-r", help="NAME[@VERSION] or a file (default: costly-signals, latest).", autocompletion=complete_rubric),
    data: str = typer.Option(None, "--data", "-d", help="A dataset file in allyscore's schema (default: the bundled one)."),
    as_of: str = typer.Option(None, "--as-of", help="Analyse the tie as it stood on this date (YYYY-MM-DD)."),
    draws: int = typer.Option(2000, "--draws", "-n", help="Monte Carlo draws (of the evidence, and of the weights)."),
    seed: int = typer.Option(20260101, "--seed", help="Random seed: the same seed prints the same numbers."),
    spread: float = typer.Option(0.25, "--spread", help="Weight draws multiply each weight by U(1-s, 1+s)."),
    level: float = typer.Option(0.9, "--level", help="The interval's coverage (0..1)."),
    fmt: RowFormat = typer.Option(RowFormat.table, "--format", "-f",
                                  help="table for people, json for scripts, or one row per dimension: jsonl, csv, "
                                       "markdown."),
) -> None:
    """How robust is the tie's label: weight draws, one-at-a-time flips, variance shares.

    Examples:

      allyscore sensitivity iran russia

      allyscore sensitivity IRN PRK --draws 10000 --seed 7 --format json
    """
    from ..sensitivity import analyse

    a, b = two_countries(a, b, ctx.args, "sensitivity")
    day = parse_date(as_of)
    dataset, rub = load_inputs(data, rubric)
    warn_after_dataset(day, dataset)
    tie = dataset.tie(dataset.countries.resolve(a), dataset.countries.resolve(b))
    result = analyse(dataset, tie, rub, day, draws=draws, seed=seed, spread=spread, level=level)
    names = {c: dataset.countries.name(c) for c in result.pair}
    if fmt is not RowFormat.table:
        from ..formats.jsonfmt import dataset_dict, dumps

        out = {"schema_version": 1, "pair": list(result.pair), "names": names,
               "rubric": {"name": rub.model.name, "version": rub.model.version, "digest": rub.digest},
               "dataset": dataset_dict(dataset), "as_of": (day or dataset.header.as_of).isoformat()}
        out.update({k: v for k, v in result.to_dict().items() if k != "pair"})
        if fmt is RowFormat.json:
            sys.stdout.write(dumps(out))
            return
        from ..formats.rows import SENSITIVITY_COLUMNS, sensitivity_rows, write_rows

        titles = {d.id: d.name for d in dataset.header.dimensions}
        write_rows(sensitivity_rows(out, titles), SENSITIVITY_COLUMNS, fmt.value, sys.stdout)
        return
    _render(result, names, rub, dataset, day or dataset.header.as_of)


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.4g}"


def _flip(flip: Any, titles: dict[str, str]) -> str:
    if flip is None:
        return ""
    if flip.to is None:
        return "none in range"
    return f"{_num(flip.to)}: {titles[flip.label]}"


def _runs(if_known: dict[int, str], titles: dict[str, str]) -> str:
    """{0: x, 1: x, 2: y} -> '0–1 X; 2 Y'."""
    runs: list[list[Any]] = []
    for level, label in sorted(if_known.items()):
        if runs and runs[-1][2] == label:
            runs[-1][1] = level
        else:
            runs.append([level, level, label])
    return "; ".join((f"{lo}" if lo == hi else f"{lo}–{hi}") + f" {titles[lab]}" for lo, hi, lab in runs)


def _render(result: Any, names: dict[str, str], rub: Any, dataset: Any, day: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..formats.report_common import probability
    from ..formats.terminal import console, label_text

    out = console()
    titles = {k: v.title for k, v in rub.model.labels.items()}
    a, b = result.pair
    line = Text(f"{names[a]} – {names[b]}: score ")
    line.append(f"{result.score:.1f}", style="bold")
    line.append("  label ")
    line.append_text(label_text(result.label, titles[result.label]))
    out.print(line)
    u = result.uncertainty
    probs = ", ".join(f"{titles[k]} {probability(p)}" for k, p in sorted(u.label_probabilities.items(),
                                                                 key=lambda kv: -kv[1]) if p > 0)
    out.print(f"Evidence: {u.level:.0%} interval {u.low:.1f}–{u.high:.1f}; labels {probs}")
    shares = ", ".join(f"{titles[k]} {probability(p)}" for k, p in result.weight_label_shares.items())
    out.print(f"Weights ±{result.spread:.0%}: {result.keep_label:.0%} of {result.weight_draws} draws keep the "
              f"label ({shares})")
    table = Table(title="One at a time: the smallest change that flips the label", title_justify="left")
    table.add_column("Dimension", overflow="fold")
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("flips at", overflow="fold")
    table.add_column("Level", justify="right", no_wrap=True)
    table.add_column("flips at", overflow="fold")
    table.add_column("Var.", justify="right", no_wrap=True)
    for d in result.dimensions:
        if d.level is not None:
            level, flip = _num(d.level.current), _flip(d.level, titles)
        else:
            level = "?"
            flip = "if known: " + _runs(d.if_known, titles)
        table.add_row(dataset.dimensions[d.id].name, _num(d.weight.current), _flip(d.weight, titles), level, flip,
                      f"{d.first_order:.0%}", style="dim" if d.level is None else "")
    out.print(table)
    out.print(f"Variance: first-order shares from {u.draws} evidence draws; interactions {result.interactions:.0%}")
    out.print(Text(f"Rubric {rub.ref} · data {dataset.header.name} {dataset.header.version} · as of {day} · "
                   f"seed {u.seed}", style="dim"))
