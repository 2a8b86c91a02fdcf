"""`allyscore bloc A B C ...`: every pair among a group of countries, the bloc's cohesion and a verdict."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from .common import app, complete_country, complete_rubric, handled, load_inputs, parse_date, parse_weights


class BlocFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    jsonl = "jsonl"
    csv = "csv"


@app.command()
@handled
def bloc(
    countries: list[str] = typer.Argument(..., help="Two or more countries: names, aliases or codes.",
                                          autocompletion=complete_country),
    rubric: str = typer.Option(None, "--rubric", "-r", help="NAME[@VERSION] or a file (default: costly-signals, latest).", autocompletion=complete_rubric),
    data: str = typer.Option(None, "--data", "-d", help="A dataset file in allyscore's schema (default: the bundled one)."),
    as_of: str = typer.Option(None, "--as-of", help="Score every pair as it stood on this date (YYYY-MM-DD)."),
    weight: list[str] = typer.Option(None, "--weight", "-w", help="Override a weight for this run: DIMENSION=VALUE (repeatable)."),
    fmt: BlocFormat = typer.Option(BlocFormat.table, "--format", "-f", help="table (a coloured grid), json, markdown (grid and verdict), "
                                           "or one row per pair: jsonl, csv."),
) -> None:
    """Score every pair among a group of countries: the matrix, the bloc's cohesion and a verdict.

    Cohesion is the mean score over the pairs with data; the weakest link is the lowest pair. The
    verdict: an alliance when every pair is labelled an alliance; an axis of convenience when every
    pair reaches the axis band of the rubric; otherwise neither (or undetermined when a pair has no data).

    Examples:

      allyscore bloc iran russia china "north korea"

      allyscore bloc usa uk --format json
    """
    from ..bloc import score_bloc

    day = parse_date(as_of)
    dataset, rub = load_inputs(data, rubric, parse_weights(weight))
    result = score_bloc(dataset, countries, rub, day)
    if fmt is BlocFormat.json:
        from ..bloc import bloc_dict
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps(bloc_dict(result, dataset)))
        return
    if fmt in (BlocFormat.jsonl, BlocFormat.csv):
        from ..bloc import bloc_dict
        from ..formats.rows import BLOC_COLUMNS, bloc_rows, write_rows

        write_rows(bloc_rows(bloc_dict(result, dataset)), BLOC_COLUMNS, fmt.value, sys.stdout)
        return
    if fmt is BlocFormat.markdown:
        from ..formats.bloc import bloc_markdown

        sys.stdout.write(bloc_markdown(result, dataset))
        return
    from ..formats.bloc import render_bloc

    render_bloc(result, dataset)
