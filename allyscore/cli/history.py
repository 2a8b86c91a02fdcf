"""`allyscore history A B`: a tie's score and label at each date its evidence changed, and its crises."""

from __future__ import annotations

import sys

import typer

from .common import (RowFormat, app, complete_country, complete_rubric, err, handled, load_inputs, parse_weights,
                     two_countries)


@app.command(context_settings={"allow_extra_args": True})  # "saudi arabia usa": say to quote, in two_countries
@handled
def history(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="A country: name, alias or code (e.g. iran, IRN).",
                            autocompletion=complete_country),
    b: str = typer.Argument(..., help="The other country.", autocompletion=complete_country),
    rubric: str = typer.Option(None, "--rubric", "-r", help="NAME[@VERSION] or a file (default: costly-signals, latest).", autocompletion=complete_rubric),
    data: list[str] = typer.Option(None, "--data", "-d", help="A dataset file in allyscore's schema; repeat to layer several (curated over imported). Default: the bundled one, over the world layer when built."),
    weight: list[str] = typer.Option(None, "--weight", "-w", help="Override a weight for this run: DIMENSION=VALUE (repeatable)."),
    fmt: RowFormat = typer.Option(RowFormat.table, "--format", "-f",
                                  help="table (with a sparkline), json, or one row per date: jsonl, csv, markdown."),
) -> None:
    """Show how a tie's score and label moved: one point per date its evidence changed or a crisis began or ended.

    Each point equals `allyscore rate A B --as-of DATE`. Crises are listed with what the partner
    delivered and the gap to what an ally would have done.

    Examples:

      allyscore history iran russia

      allyscore history russia "north korea" --format json

      allyscore history iran russia --format csv > iran-russia.csv
    """
    from ..history import tie_history

    a, b = two_countries(a, b, ctx.args, "history")
    dataset, rub = load_inputs(data, rubric, parse_weights(weight))
    result = tie_history(dataset, a, b, rub)
    from ..layers import thin_evidence_note

    last = dataset.default_day(dataset.ties[result.pair]) if result.points else None
    shown = [p for p in result.points if last is not None and p.date <= last] or list(result.points)
    note = thin_evidence_note(dataset, shown[-1].result) if shown else None
    if note:
        err(f"allyscore: note: {note}")
    if fmt is RowFormat.json:
        from ..history import history_dict
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps(history_dict(result, dataset)))
        return
    if fmt is not RowFormat.table:
        from ..history import history_dict
        from ..formats.rows import HISTORY_COLUMNS, history_rows, write_rows

        write_rows(history_rows(history_dict(result, dataset)), HISTORY_COLUMNS, fmt.value, sys.stdout)
        return
    from ..formats.history import render_history

    render_history(result, dataset)
