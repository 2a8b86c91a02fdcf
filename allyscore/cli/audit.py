"""`allyscore data audit`: where a dataset's levels rest on thin, uncertain or old evidence."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from ..errors import EXIT_FINDINGS
from .common import Format, err, exit_code, handled
from .data import data_app, dataset_file

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit


@data_app.command("audit")
@handled
def audit_command(
    ctx: typer.Context,
    path: str = typer.Argument(None, help="The dataset file (default: --data, else the bundled dataset)."),
    data: str = typer.Option(None, "--data", "-d", help="A dataset file in allyscore's schema (default: the bundled one)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json for scripts."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when anything is found (for CI of the data)."),
    stale_after: str = typer.Option("12m", "--stale-after", metavar="DURATION",
                                    help="Evidence older than this before the dataset's as_of is stale: 90d, 6w, 12m, 2y."),
) -> None:
    """Audit the evidence: per tie, the share of levels resting on one source, low confidence or old evidence.

    Counts the levels in effect at the dataset's as_of (the ones `rate` scores): those resting on a
    single source, on low confidence, on evidence older than --stale-after, and unknown levels. Lists
    the ties whose partners were never tested by a crisis and the sources cited nowhere.
    With --strict, exit code 1 when anything is found.

    Examples:

      allyscore data audit

      allyscore data audit --stale-after 18m --format json

      allyscore data audit my-ties.yaml --strict
    """
    from ..audit import audit, parse_duration
    from ..dataset import load_dataset

    duration = parse_duration(stale_after)  # a bad option fails before the dataset is read
    report = audit(load_dataset(dataset_file(ctx, path, data)), duration)
    if fmt is Format.json:
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps(report.to_dict()))
    else:
        render_table(report)
    if strict and report.findings:
        err(f"allyscore: {report.findings} findings (--strict)")
        exit_code(EXIT_FINDINGS)


def render_table(report: Audit) -> None:
    """One row per tie: how many levels, and the share of them that each finding concerns."""
    from rich import box
    from rich.table import Table

    from ..audit import KINDS
    from ..formats.terminal import console

    out = console()
    table = Table(title=f"Evidence audit as of {report.as_of.isoformat()}", title_justify="left",
                  caption="shares of the levels in effect; Crisis: tested by a crisis", caption_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False, collapse_padding=True)
    table.add_column("Tie", no_wrap=True)
    for title in ("Levels", "1 source", "Low conf.", "Stale", "Unknown"):  # wrap headers, never cut them
        table.add_column(title, justify="right", min_width=max(len(w) for w in title.split()))
    table.add_column("Crisis", justify="center", min_width=6)
    for tie in report.ties:
        a, b = tie.pair
        table.add_row(f"{a}–{b}", str(len(tie.levels)), *(f"{tie.share(k):.0%}" for k in KINDS),
                      "yes" if tie.crisis_tested else "no")
    out.print(table)
    for line in report.summary_lines():
        out.print(line, highlight=False, markup=False)
