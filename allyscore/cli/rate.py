"""`allyscore rate A B`: one tie's score, label and the reasons for it."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from .common import (app, complete_country, complete_rubric, err, handled, load_inputs, parse_date,
                     parse_weights, two_countries, warn_after_dataset)


class RateFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


@app.command(context_settings={"allow_extra_args": True})  # "saudi arabia usa": say to quote, in two_countries
@handled
def rate(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="A country: name, alias or code (e.g. iran, IRN).",
                            autocompletion=complete_country),
    b: str = typer.Argument(..., help="The other country.", autocompletion=complete_country),
    rubric: str = typer.Option(None, "--rubric", "-r", help="NAME[@VERSION] or a file (default: costly-signals, latest).", autocompletion=complete_rubric),
    as_of: str = typer.Option(None, "--as-of", help="Score the tie as it stood on this date (YYYY-MM-DD)."),
    data: list[str] = typer.Option(None, "--data", "-d", help="A dataset file in allyscore's schema; repeat to layer several (curated over imported). Default: the bundled one, over the world layer when built."),
    evidence: bool = typer.Option(False, "--evidence", "-e", help="Show the sources behind each level, and the crises."),
    explain: bool = typer.Option(False, "--explain", "-x",
                                 help="Say what the labels (the rubric's definitions) and the numbers mean."),
    weight: list[str] = typer.Option(None, "--weight", "-w", help="Override a weight for this run: DIMENSION=VALUE (repeatable)."),
    uncertainty: bool = typer.Option(False, "--uncertainty", "-u", help="Add the score's interval and each label's probability (Monte Carlo over the evidence)."),
    draws: int = typer.Option(None, "--draws", help="Monte Carlo draws (default 2000); implies --uncertainty."),
    seed: int = typer.Option(None, "--seed", help="Random seed (default 20260101); implies --uncertainty."),
    level: float = typer.Option(None, "--level", help="The interval's coverage (default 0.9); implies --uncertainty."),
    fmt: RateFormat = typer.Option(RateFormat.table, "--format", "-f",
                                   help="table for people, json for scripts; jsonl, csv or markdown as `report` "
                                        "writes them (the same columns)."),
) -> None:
    """Score the tie between two countries, dimension by dimension.

    Examples:

      allyscore rate iran russia

      allyscore rate IRN CHN --evidence

      allyscore rate iran russia --explain

      allyscore rate "north korea" russia --as-of 2024-01-01 --format json

      allyscore rate iran russia --uncertainty --draws 10000 --seed 7
    """
    from ..api import rate as rate_tie

    a, b = two_countries(a, b, ctx.args, "rate")
    day = parse_date(as_of)
    dataset, rub = load_inputs(data, rubric, parse_weights(weight))
    warn_after_dataset(day, dataset)
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
    if fmt in (RateFormat.jsonl, RateFormat.csv, RateFormat.markdown):  # one tie, as `report` writes it
        from ..report import ReportPlan
        from .report import ReportFormat, writer

        plan = ReportPlan(data=dataset, rubrics=[rub], as_of=day or dataset.header.as_of, pairs=[result.pair],
                          dataset_path=data)
        if sim is not None:
            plan.uncertainty = (sim.draws, sim.seed, sim.level)
        writer(ReportFormat(fmt.value))(plan.header(), plan.entries(), sys.stdout)
        return
    if fmt is RateFormat.json:
        from ..formats.jsonfmt import dumps, tie_score_dict

        sys.stdout.write(dumps(tie_score_dict(result, dataset, evidence=evidence, uncertainty=sim)))
        return
    from ..formats.terminal import paged, render_rate

    typed = (dataset.countries.resolve(a), dataset.countries.resolve(b))  # the table follows the order typed
    if evidence:  # long: paged on a terminal (ALLYSCORE_PAGER, PAGER, less), never when piped
        paged(lambda out: render_rate(result, dataset, evidence=True, out=out, uncertainty=sim, explain=explain,
                                      order=typed))
    else:
        render_rate(result, dataset, evidence=evidence, uncertainty=sim, explain=explain, order=typed)
