"""`allyscore report [A:B ...]`: many ties under one or more rubrics, in a format for scripts or readers.

Exit codes: 0 every pair was reported; 2 a bad pair (reported on stderr and skipped; with --output
nothing is written), a bad option or input; with --keep-going bad pairs are skipped and the exit code is
0 as long as something was reported. 130 interrupted (143 SIGTERM, 129 SIGHUP), 74 stdout could not be
written, 70 internal error or a lost worker process (--jobs); none of them writes --output.
"""

from __future__ import annotations

import functools
import io
import operator
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import Any, TextIO, TypeVar

import typer

from ..errors import EXIT_INPUT, AllyscoreError
from .common import app, complete_rubric, err, handled, parse_date, warn_after_dataset

PROGRESS_MIN = 40  # entries: a shorter run needs no progress bar
T = TypeVar("T")


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    html = "html"


# an --output file's extension -> the format it implies (when --format is not given)
EXTENSIONS = {".txt": "table", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
              ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def output_format(fmt: ReportFormat | None, output: str | None) -> ReportFormat:
    """The format to write: --format if given, else the one --output's extension names, else a table.

    A --format that contradicts the extension (`-f json -o r.csv`) is a user error."""
    import os

    implied = EXTENSIONS.get(os.path.splitext(output)[1].lower()) if output else None
    if fmt is None:
        return ReportFormat(implied or "table")
    if implied is not None and implied != fmt.value:
        raise AllyscoreError(f"--format {fmt.value} contradicts --output {output!r}, which names {implied}",
                             hint=f"drop --format to write {implied}, or name the file for {fmt.value}")
    return fmt


Writer = Callable[[dict[str, Any], Iterable[dict[str, Any]], TextIO], None]


def writer(fmt: ReportFormat) -> Writer:
    """The function that writes a report in `fmt` (each format's module is imported only when chosen)."""
    if fmt is ReportFormat.json:
        from ..formats.report_json import write
    elif fmt is ReportFormat.jsonl:
        from ..formats.report_json import write_lines as write
    elif fmt is ReportFormat.csv:
        from ..formats.report_csv import write
    elif fmt is ReportFormat.markdown:
        from ..formats.report_markdown import write
    elif fmt is ReportFormat.html:
        from ..formats.report_html import write
    else:
        write = write_table
    return write


def write_table(header: dict[str, Any], entries: Iterable[dict[str, Any]], out: TextIO) -> None:
    """A rich summary table: one row per tie and rubric (plain text when `out` is not a terminal).

    With uncertainty, two more columns: the score's interval and the probability of the label shown."""
    from rich.table import Table

    from ..formats.report_common import interval_range, label_probability, pair_title, percent, signed
    from ..formats.terminal import UNWRAPPED, console, label_text

    rows = list(entries)
    data = header["dataset"]
    several = len(header["rubrics"]) > 1
    intervals = any(e.get("interval") for e in rows)
    caption = ("" if several else "Rubric " + header["rubrics"][0]["ref"] + ". ")
    if intervals:
        level, draws = rows[0]["interval"]["level"], rows[0]["simulation"]["draws"]
        caption += (f"Interval: {level:.0%} of {draws} Monte Carlo draws; P: how often the draws gave the label "
                    "shown. ")
    caption += ("Cov.: weight on known dimensions; Asym.: who gives more (-1..1); "
                "Say–do: talk minus delivery, in points.")
    table = Table(title=f"allyscore report · {data['name']} {data['version']} · as of {header['as_of']}",
                  title_justify="left", caption_justify="left", caption=caption)
    columns = [("Pair", "left"), ("Rubric", "left")] if several else [("Pair", "left")]
    columns += [("Score", "right")] + ([("Interval", "right")] if intervals else []) + [("Label", "left")]
    columns += ([("P", "right")] if intervals else []) + [("Cov.", "right"), ("Asym.", "right"), ("Say–do", "right")]
    for col, justify in columns:
        table.add_column(col, justify=justify,  # type: ignore[arg-type]
                         no_wrap=col not in ("Pair", "Rubric", "Label"),  # numbers are never cut
                         overflow="fold", min_width=12 if col == "Label" else None)
    for e in rows:
        ind = e["indicators"]
        gap = ind["say_do_gap"]
        cells = [pair_title(e)] + ([e["rubric"]["ref"]] if several else []) + [f"{e['score']:.1f}"]
        if intervals:
            cells.append(interval_range(e))
        cells.append(label_text(e["label"], e["label_title"]))
        if intervals:
            cells.append(label_probability(e))
        cells += [percent(ind["coverage"]), signed(ind["asymmetry"]["index"]), "" if gap is None else f"{gap:+.0f}"]
        table.add_row(*cells)
    if out is sys.stdout:
        target = console()
    else:
        target = console(file=out, width=UNWRAPPED, color_system=None, force_terminal=False)
    target.print(table)
    if not rows:
        target.print("No tie to report.")


def read_pairs(pairs: list[str] | None, pairs_file: str | None) -> list[Any] | None:
    """The pairs asked for: arguments first, then the pairs file's lines; None when neither is given."""
    from ..report import PairRequest, parse_pairs_text

    if not pairs and pairs_file is None:
        return None
    requests = [PairRequest(p) for p in pairs or []]
    if pairs_file is not None:
        from ..errors import InputFileError
        from ..files import decode, read_bytes, read_stream

        name = "<stdin>" if pairs_file == "-" else pairs_file
        try:
            raw = read_stream(sys.stdin.buffer, name, "pairs") if pairs_file == "-" else read_bytes(pairs_file, "pairs")
            text = decode(raw, name)
        except InputFileError as exc:
            problem = exc.problems[0]
            raise AllyscoreError(f"--pairs-file: cannot read {pairs_file!r}: {problem.message}",
                                 hint=problem.hint or "one pair per line, e.g. iran:russia; '-' reads stdin") from None
        requests += parse_pairs_text(text, name)
    return requests


def want_progress(size: int, stderr: TextIO | None = None) -> bool:
    """A progress bar only for long runs, and only when stderr is a terminal."""
    stream = stderr if stderr is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return size >= PROGRESS_MIN and bool(isatty and isatty())


def with_progress(items: Iterator[T], total: int, count: Callable[[T], int] | None = None) -> Iterator[T]:
    """The items, with a progress bar on stderr that advances by `count(item)` entries for each (one
    without `count`)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..formats.terminal import console

    with Progress(TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), console=console(stderr=True),
                  transient=True) as progress:
        task = progress.add_task("scoring", total=total)
        for item in items:
            yield item
            progress.advance(task, 1 if count is None else count(item))


def write_chunks(header: dict[str, Any], chunks: Iterable[tuple[int, str]], out: TextIO) -> None:
    """jsonl rendered in chunks (report.rendered): each written and flushed as it comes."""
    for _, text in chunks:
        out.write(text)
        out.flush()


@app.command()
@handled
def report(
    pairs: list[str] = typer.Argument(None, help="Ties as A:B (e.g. iran:russia); none: every tie in the dataset.",
                                      show_default=False, metavar="A:B"),
    pairs_file: str = typer.Option(None, "--pairs-file", "-p",
                                   help="A file of pairs, one per line (A:B or A,B; # comments); '-' reads stdin."),
    rubric: list[str] = typer.Option(None, "--rubric", "-r", autocompletion=complete_rubric,
                                     help="NAME, NAME@VERSION or a file (repeatable: rubrics side by side; "
                                          "default: costly-signals, latest)."),
    as_of: str = typer.Option(None, "--as-of", help="Score the ties as they stood on this date (YYYY-MM-DD)."),
    data: list[str] = typer.Option(None, "--data", "-d", help="A dataset file in allyscore's schema; repeat to layer several (curated over imported). Default: the bundled one, over the world layer when built."),
    fmt: ReportFormat = typer.Option(None, "--format", "-f", show_default=False,
                                     help="table, json, jsonl (one object per line, streamed), csv, markdown or html "
                                          "(default: the one --output's extension names, else table)."),
    output: str = typer.Option(None, "--output", "-o",
                               help="Write to this file (atomically, only once the run has succeeded) instead of "
                                    "stdout; its extension (.html, .json, .jsonl, .csv, .md, .txt) sets the format."),
    keep_going: bool = typer.Option(False, "--keep-going", "-k",
                                    help="Skip bad pairs (still reported on stderr) and exit 0."),
    uncertainty: bool = typer.Option(False, "--uncertainty", "-u",
                                     help="Add each score's interval and label probabilities (Monte Carlo)."),
    draws: int = typer.Option(None, "--draws", help="Monte Carlo draws (default 2000); implies --uncertainty."),
    seed: int = typer.Option(None, "--seed", help="Random seed (default 20260101); implies --uncertainty."),
    level: float = typer.Option(None, "--level", help="The interval's coverage (default 0.9); implies --uncertainty."),
    force: bool = typer.Option(False, "--force", help="Replace a read-only --output file."),
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, show_default=False,
                             help="Processes that score a jsonl report of 2,000 entries or more (Linux; "
                                  "default: one per CPU). The output is the same."),
    csv_raw: bool = typer.Option(False, "--csv-raw",
                                 help="CSV: write text cells exactly, even those a spreadsheet would run as a formula "
                                      "(= + - @ at the start; by default they get a leading ')."),
) -> None:
    """Score many ties, under one or more rubrics, for scripts, spreadsheets and readers.

    Bad pairs are reported on stderr and skipped; the exit code is then 2 (and --output is not
    written) unless --keep-going is given.

    Examples:

      allyscore report

      allyscore report iran:russia iran:china --rubric costly-signals@1.0.0 --rubric costly-signals@1.1.0

      allyscore report --pairs-file pairs.txt --output ties.csv

      allyscore report --format jsonl | jq .score

      allyscore report --uncertainty --output ties.html
    """
    from ..report import plan_report
    from ..rubric import resolve_rubric
    from .common import load_data, pick_rubric

    from ..atomic import output_target
    from ..dataset import bundled_path
    from ..rubric import check_focal, find_rubric_path

    day = parse_date(as_of)
    fmt = output_format(fmt, output)
    inputs: list[Any] = []
    if output is not None:  # every input of the run, which --output may not overwrite
        inputs = [*(data or [bundled_path()]), pairs_file, *(find_rubric_path(ref) for ref in (rubric or [None]))]
        output_target(output, inputs, force)  # fail before any work
    requests = read_pairs(pairs, pairs_file)
    dataset = load_data(data)
    warn_after_dataset(day, dataset)
    rubrics = [resolve_rubric(ref, catalog=set(dataset.dimensions)) for ref in rubric] if rubric \
        else [pick_rubric(dataset, None)]
    for rub in rubrics:
        check_focal(rub, {c.code for c in dataset.header.countries})
    plan = plan_report(dataset, rubrics, requests, day, dataset_path=dataset.path if data else None)
    if uncertainty or draws is not None or seed is not None or level is not None:  # numpy only when asked
        from ..uncertainty import DEFAULT_DRAWS, DEFAULT_LEVEL, DEFAULT_SEED

        plan.uncertainty = (DEFAULT_DRAWS if draws is None else draws, DEFAULT_SEED if seed is None else seed,
                            DEFAULT_LEVEL if level is None else level)

    plan.evidence = fmt is ReportFormat.html  # the page one sends to a colleague carries its evidence
    for note in plan.notes:
        err(f"allyscore: {note.format()}")
    for problem in plan.problems:
        err(f"allyscore: {problem.format()}")
    failed = bool(plan.problems) and (not keep_going or not plan.pairs)
    if plan.problems:
        total = len(plan.problems) + len(plan.pairs)
        err(f"allyscore: {len(plan.problems)} of {total} pairs skipped"
            + ("" if not failed or output is None else f"; nothing written to {output}")
            + ("" if keep_going else " (--keep-going reports the others and exits 0)"))
        if failed and output is not None:
            raise typer.Exit(EXIT_INPUT)

    write: Any = writer(fmt)
    if fmt is ReportFormat.csv and csv_raw:
        write = functools.partial(write, raw=True)
    entries: Iterator[Any] = plan.entries()
    count = None
    if fmt is ReportFormat.jsonl:  # rendered in chunks, by --jobs processes forked now (before the bar's thread)
        from ..formats.report_json import lines
        from ..workers import available_cpus

        write, entries = write_chunks, plan.rendered(lines, available_cpus() if jobs is None else jobs)
        count = operator.itemgetter(0)  # a chunk is (entries, text)
    if want_progress(plan.size):
        entries = with_progress(entries, plan.size, count)
    if output is None:
        write(plan.header(), entries, sys.stdout)
        sys.stdout.flush()
    else:
        from ..atomic import write_output

        buffer = io.StringIO(newline="")
        write(plan.header(), entries, buffer)
        write_output(output, buffer.getvalue(), inputs, force)
    if failed:
        raise typer.Exit(EXIT_INPUT)
