"""`allyscore import ...`: turn third-party data into a dataset in allyscore's schema."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from .common import app, err, handled

import_app = typer.Typer(help="Import third-party alliance data as an allyscore dataset.\n\n"
                        "Example: allyscore import atop atop5_1_directed_dyad_year.csv --year 2018",
                        no_args_is_help=True,
                        rich_markup_mode=None)
app.add_typer(import_app, name="import")


class DataFormat(str, Enum):
    yaml = "yaml"
    json = "json"


@import_app.command("atop")
@handled
def atop(
    dyad_csv: str = typer.Argument(..., help="ATOP v5.1 directed dyad-year CSV (atop5_1_directed_dyad_year.csv)."),
    years: str = typer.Option(None, "--years", help="Only these years, FIRST-LAST (e.g. 1990-2018)."),
    year: str = typer.Option(None, "--year", help="Only this year (e.g. 2018)."),
    states: str = typer.Option(None, "--states", help="The COW state list (default: cow_states2016.csv beside DYAD_CSV)."),
    output: str = typer.Option(None, "--output", "-o", help="Write the dataset here, atomically (default: stdout)."),
    fmt: DataFormat = typer.Option(None, "--format", "-f", help="yaml or json (default: json when --output ends in .json, else yaml)."),
    force: bool = typer.Option(False, "--force", help="Replace a read-only --output file."),
) -> None:
    """Convert ATOP alliance obligations into a dataset of directed formal-commitment observations.

    Defence maps to level 4, offence 3, neutrality or consultation 2, non-aggression 1, none 0;
    consecutive years with the same obligations fold into one dated period; every observation cites
    ATOP v5.1. A summary (dyads, periods, years) goes to stderr.

    Examples:

      allyscore import atop atop5_1_directed_dyad_year.csv --years 1990-2018 -o atop.yaml

      allyscore report --data atop.yaml --rubric formal-commitment --format jsonl
    """
    from ..errors import AllyscoreError
    from ..importers.atop import import_atop, parse_years

    if years is not None and year is not None:
        raise AllyscoreError("give --years or --year, not both", hint="--year 2018 is --years 2018-2018")
    selection = parse_years(years, "--years") if years is not None else parse_years(year, "--year")
    chosen = fmt.value if fmt is not None else ("json" if output and output.lower().endswith(".json") else "yaml")
    import os

    inputs = [dyad_csv, states or os.path.join(os.path.dirname(dyad_csv), "cow_states2016.csv")]
    if output:
        from ..atomic import output_target

        output_target(output, inputs, force)  # fail before any work
    result = import_atop(dyad_csv, states, selection)
    s = result.summary
    text = result.dumps(chosen)
    from ..dataset import validate_text
    from ..errors import InputFileError

    try:  # never write a dataset that its own validator rejects
        validate_text(text, output or "<stdout>")
    except InputFileError as exc:
        raise AllyscoreError(f"the imported dataset would not be valid: {exc.problems[0].format()}",
                             file=dyad_csv, hint="nothing was written; please report this with the input") from None
    if output:
        from ..atomic import write_output

        write_output(output, text, inputs, force)
    else:
        sys.stdout.write(text)
    span = "no rows" if s.years is None else (f"{s.years[0]}-{s.years[1]}" if s.years[0] != s.years[1] else str(s.years[0]))
    err(f"allyscore: imported {s.rows:,} ATOP rows: {s.dyads:,} dyads, {s.periods:,} periods "
        f"(directed observations), {s.countries} countries, years {span}"
        + (f"; written to {output}" if output else ""))
    as_of = result.head["as_of"]
    if s.years is not None and int(as_of[:4]) > s.years[1]:
        err(f"allyscore: note: the dataset's as_of is {as_of} (its source is dated 2002); "
            f"score it with --as-of {s.years[1]}-12-31")


def _write_dataset(document: dict, output: str | None, fmt: DataFormat | None, source: str, force: bool) -> None:
    """The imported dataset to stdout, or to --output as `import atop` writes it: a regular file only,
    never the file imported from, a read-only one only with --force."""
    from ..importers.atop import dumps

    chosen = fmt.value if fmt is not None else ("json" if output and output.lower().endswith(".json") else "yaml")
    text = dumps(document, chosen)
    if output:
        from ..atomic import write_output

        write_output(output, text, [source], force)
    else:
        sys.stdout.write(text)


@import_app.command("unga")
@handled
def unga(
    csv_file: str = typer.Argument(..., help="The UN voting ideal points (IdealpointestimatesJuly2025.csv, Voeten et al.)."),
    years: str = typer.Option(None, "--years", help="Only these years, FIRST-LAST (e.g. 1990-2024)."),
    output: str = typer.Option(None, "--output", "-o", help="Write the dataset here, atomically (default: stdout)."),
    fmt: DataFormat = typer.Option(None, "--format", "-f", help="yaml or json (default: json when --output ends in .json, else yaml)."),
    force: bool = typer.Option(False, "--force", help="Replace a read-only --output file."),
) -> None:
    """Convert UN General Assembly ideal points into yearly voting_alignment between every pair of members.

    Distance between ideal points (standard deviations): under 0.25 level 4, 0.5 level 3, 1 level 2,
    2 level 1, else 0; the estimates' uncertainty sets each observation's confidence.

    Example: allyscore import unga IdealpointestimatesJuly2025.csv -o unga.json
    """
    from ..importers.atop import parse_years
    from ..importers.unga import import_unga

    if output:
        from ..atomic import output_target

        output_target(output, [csv_file], force)  # fail before any work
    document, s = import_unga(csv_file, parse_years(years, "--years") if years else None)
    _write_dataset(document, output, fmt, csv_file, force)
    span = f"{s.years[0]}-{s.years[1]}" if s.years else "no rows"
    err(f"allyscore: imported {s.rows:,} country-years: {s.dyads:,} dyads, {s.periods:,} periods, "
        f"{s.countries} countries, years {span}" + (f"; written to {output}" if output else ""))


@import_app.command("sipri")
@handled
def sipri(
    register: str = typer.Argument(..., help="The SIPRI trade register CSV, as sipri.org exports it."),
    years: str = typer.Option(None, "--years", help="Only these years, FIRST-LAST."),
    output: str = typer.Option(None, "--output", "-o", help="Write the dataset here, atomically (default: stdout)."),
    fmt: DataFormat = typer.Option(None, "--format", "-f", help="yaml or json (default: json when --output ends in .json, else yaml)."),
    force: bool = typer.Option(False, "--force", help="Replace a read-only --output file."),
) -> None:
    """Convert SIPRI arms transfers into directed military_aid (deliveries) and technology_transfer (licences).

    Military aid from the supplier's share of the recipient's imports and the volume over five years:
    30% and 100 TIV level 3; 10% and 20 TIV (or 100 TIV) level 2; any delivery 1; none 0. Licensed
    production is technology transfer level 2. SIPRI's terms forbid redistributing the data: keep the
    output for your own use.

    Example: allyscore import sipri trade-register.csv -o sipri.json
    """
    from ..importers.atop import parse_years
    from ..importers.sipri import import_sipri

    if output:
        from ..atomic import output_target

        output_target(output, [register], force)  # fail before any work
    document, s = import_sipri(register, parse_years(years, "--years") if years else None)
    _write_dataset(document, output, fmt, register, force)
    skipped = sum(s.skipped_actors.values())
    err(f"allyscore: imported {s.used:,} of {s.deals:,} deals (those with a non-state party left out: {skipped:,}; "
        f"malformed lines skipped: {len(s.malformed)}"
        + (f", first at line {s.malformed[0]}" if s.malformed else "") + f"): {s.dyads:,} dyads, {s.periods:,} periods"
        + (f"; written to {output}" if output else ""))
