"""`allyscore rate A B`: one tie's score, label and the reasons for it."""

from __future__ import annotations

import sys

import typer

from .common import Format, app, err, handled, load_inputs, parse_date, parse_weights


@app.command()
@handled
def rate(
    a: str = typer.Argument(..., help="A country: name, alias or code (e.g. iran, IRN)."),
    b: str = typer.Argument(..., help="The other country."),
    rubric: str = typer.Option(None, "--rubric", "-r", help="NAME[@VERSION] or a file (default: costly-signals, latest)."),
    as_of: str = typer.Option(None, "--as-of", help="Score the tie as it stood on this date (YYYY-MM-DD)."),
    data: list[str] = typer.Option(None, "--data", "-d", help="A dataset file in allyscore's schema; repeat to layer several (curated over imported). Default: the bundled one, over the world layer when built."),
    evidence: bool = typer.Option(False, "--evidence", "-e", help="Show the sources behind each level, and the crises."),
    weight: list[str] = typer.Option(None, "--weight", "-w", help="Override a weight for this run: DIMENSION=VALUE (repeatable)."),
    uncertainty: bool = typer.Option(False, "--uncertainty", "-u", help="Add the score's interval and each label's probability (Monte Carlo over the evidence)."),
    draws: int = typer.Option(None, "--draws", help="Monte Carlo draws (default 2000); implies --uncertainty."),
    seed: int = typer.Option(None, "--seed", help="Random seed (default 20260101); implies --uncertainty."),
    level: float = typer.Option(None, "--level", help="The interval's coverage (default 0.9); implies --uncertainty."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json for scripts."),
) -> None:
    """Score the tie between two countries, dimension by dimension.

    Examples:

      allyscore rate iran russia

      allyscore rate IRN CHN --evidence

      allyscore rate "north korea" russia --as-of 2024-01-01 --format json

      allyscore rate iran russia --uncertainty --draws 10000 --seed 7
    """
    from ..api import rate as rate_tie

    day = parse_date(as_of)
    dataset, rub = load_inputs(data, rubric, parse_weights(weight))
    result = rate_tie(dataset, a, b, rub, day)
    from ..layers import thin_evidence_note

    note = thin_evidence_note(dataset, result)
    if note:
        err(f"allyscore: note: {note}")
    sim = None
    if uncertainty or draws is not None or seed is not None or level is not None:  # numpy only when asked
        from ..uncertainty import DEFAULT_DRAWS, DEFAULT_LEVEL, DEFAULT_SEED, simulate

        sim = simulate(dataset, [result.pair], rub, day, DEFAULT_DRAWS if draws is None else draws,
                       DEFAULT_SEED if seed is None else seed, DEFAULT_LEVEL if level is None else level)[0]
    if fmt is Format.json:
        from ..formats.jsonfmt import dumps, tie_score_dict

        sys.stdout.write(dumps(tie_score_dict(result, dataset, evidence=evidence, uncertainty=sim)))
        return
    from ..formats.terminal import render_rate

    render_rate(result, dataset, evidence=evidence, uncertainty=sim)
