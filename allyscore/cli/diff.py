"""`allyscore diff OLD NEW [A:B ...]`: what a rubric change (or the passing of time) does to each tie."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from ..errors import EXIT_FINDINGS, AllyscoreError
from .common import app, handled, parse_date, parse_weights


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def looks_like_pair(arg: str) -> bool:
    """`iran:russia` is a pair; a rubric reference (NAME@VERSION, a .yaml path) never is."""
    return ":" in arg and not arg.endswith((".yaml", ".yml")) and not Path(arg).exists()


def split_arguments(args: list[str], dated: bool) -> tuple[list[str], list[str]]:
    """Rubric references first, then pairs. Two references without dates; zero to two with them."""
    refs: list[str] = []
    pairs: list[str] = []
    for arg in args:
        if looks_like_pair(arg):
            pairs.append(arg)
        elif pairs:
            raise AllyscoreError(f"{arg!r} comes after the pairs and is not a pair",
                                 hint="rubrics come first, then pairs as A:B: allyscore diff OLD NEW iran:russia")
        else:
            refs.append(arg)
    if len(refs) > 2:
        raise AllyscoreError(f"too many rubrics: {' '.join(refs)}",
                             hint="give OLD and NEW, then pairs written A:B, e.g. iran:russia")
    if not dated and len(refs) != 2:
        raise AllyscoreError("diff needs OLD and NEW rubrics" + (f" (got only {refs[0]!r})" if refs else ""),
                             hint="e.g. allyscore diff costly-signals@1.0.0 costly-signals@1.1.0, or one rubric "
                                  "with --as-of-old DATE --as-of-new DATE")
    return refs, pairs


@app.command("diff")
@handled
def diff_command(
    args: list[str] = typer.Argument(None, metavar="OLD NEW [A:B]...",
                                     help="Two rubrics (NAME[@VERSION] or files), then pairs such as iran:russia "
                                          "(default: every tie). With --as-of-old/--as-of-new: one rubric "
                                          "(or none: the default; or two)."),
    data: str = typer.Option(None, "--data", "-d", help="A dataset file in allyscore's schema (default: the bundled one)."),
    as_of: str = typer.Option(None, "--as-of", help="Score both sides as the ties stood on this date (YYYY-MM-DD)."),
    as_of_old: str = typer.Option(None, "--as-of-old", help="Score the old side as of this date (default: --as-of)."),
    as_of_new: str = typer.Option(None, "--as-of-new", help="Score the new side as of this date (default: --as-of)."),
    weight: list[str] = typer.Option(None, "--weight", "-w", help="Override a weight of NEW for this run: DIMENSION=VALUE (repeatable)."),
    fmt: DiffFormat = typer.Option(DiffFormat.table, "--format", "-f", help="table, json, csv or markdown."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when any label changed, 0 otherwise (for CI)."),
    csv_raw: bool = typer.Option(False, "--csv-raw",
                                 help="CSV: write names exactly, even those a spreadsheet would run as a formula "
                                      "(= + - @ at the start; by default they get a leading ')."),
) -> None:
    """Compare two rubrics (or two dates) tie by tie: scores, labels, ranks, and which dimensions moved them.

    Ties are sorted by the size of the change; a label change is marked. Ranks are among all the
    dataset's ties (1: the highest score).

    Examples:

      allyscore diff costly-signals@1.0.0 costly-signals@1.1.0

      allyscore diff costly-signals@1.0.0 my-rubric.yaml iran:russia iran:china --format markdown

      allyscore diff costly-signals@1.1.0 costly-signals@1.1.0 --weight rhetoric=0 --exit-code

      allyscore diff costly-signals --as-of-old 2025-06-01 --as-of-new 2025-07-01
    """
    from ..dataset import load_dataset
    from ..diff import diff as compute
    from ..diff import resolve_pair
    from ..rubric import resolve_rubric

    day = parse_date(as_of)
    day_old, day_new = parse_date(as_of_old, "--as-of-old"), parse_date(as_of_new, "--as-of-new")
    refs, pair_args = split_arguments(list(args or []), dated=day_old is not None or day_new is not None)
    weights = parse_weights(weight)
    dataset = load_dataset(data)
    catalog = set(dataset.dimensions)
    old = resolve_rubric(refs[0] if refs else None, catalog=catalog)
    new = resolve_rubric(refs[1], catalog=catalog) if len(refs) == 2 else old
    from ..rubric import check_focal

    for side in (old, new):
        check_focal(side, {c.code for c in dataset.header.countries})
    new = new.with_weights(weights)
    pairs = [resolve_pair(dataset, p) for p in pair_args] or None
    result = compute(dataset, old, new, pairs, as_of=day, as_of_old=day_old, as_of_new=day_new)

    if fmt is DiffFormat.json:
        from ..diff import diff_dict
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps(diff_dict(result)))
    elif fmt is DiffFormat.csv:
        from ..formats.diff import diff_csv

        sys.stdout.write(diff_csv(result, raw=csv_raw))
    elif fmt is DiffFormat.markdown:
        from ..formats.diff import diff_markdown

        sys.stdout.write(diff_markdown(result))
    else:
        from ..formats.diff import render_diff

        render_diff(result)
    if exit_code and result.label_changes:
        raise typer.Exit(EXIT_FINDINGS)
