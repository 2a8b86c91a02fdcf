"""`allyscore data ...`: check dataset files."""

from __future__ import annotations

import sys
from dataclasses import asdict

import typer

from .common import Format, app, err, handled

data_app = typer.Typer(help="Check and inspect dataset files.\n\nExample: allyscore data validate my-ties.yaml",
                       no_args_is_help=True, rich_markup_mode=None)
app.add_typer(data_app, name="data")


def dataset_file(ctx: typer.Context, path: str | None, data: str | None) -> str | None:
    """The dataset a `data` command works on: FILE or --data (the same way in every command), once.

    FILE wins over a --data that came from the configuration (allyscore config), not from the command line."""
    if path is not None and data is not None and path != data and _given(ctx, "data"):
        from ..errors import AllyscoreError

        raise AllyscoreError(f"two datasets named: {path!r} and --data {data!r}", hint="name the file once")
    return path if path is not None else data


def _given(ctx: typer.Context, param: str) -> bool:
    """Whether the command's `param` was typed on the command line (not a configured default)."""
    source = ctx.get_parameter_source(param)
    return source is None or source.name == "COMMANDLINE"


@data_app.command("validate")
@handled
def validate(
    ctx: typer.Context,
    path: str = typer.Argument(None, help="The dataset file (default: --data, else the bundled dataset)."),
    data: str = typer.Option(None, "--data", "-d", help="The dataset file, as other commands name it."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (lines on stderr) or json (stdout)."),
) -> None:
    """Validate a dataset file: structure, references, dates and directions.

    Problems are printed as FILE:LINE:COL: MESSAGE; exit code 2 when the file is invalid.

    Example: allyscore data validate data/alliances.yaml
    """
    from ..dataset import load_dataset
    from ..errors import EXIT_INPUT, AllyscoreError

    path = dataset_file(ctx, path, data)
    try:
        loaded = load_dataset(path)
    except AllyscoreError as exc:
        if fmt is Format.json:
            from ..formats.jsonfmt import dumps

            sys.stdout.write(dumps({"valid": False, "problems": [asdict(p) for p in exc.problems]}))
            raise typer.Exit(EXIT_INPUT) from None
        raise
    from ..dataset import missing_dimensions

    m = loaded.model
    warnings = [*loaded.warnings, *missing_dimensions(loaded)]
    summary = {"valid": True, "file": loaded.path, "name": m.name, "version": m.version, "digest": loaded.digest,
               "countries": len(m.countries), "sources": len(m.sources), "ties": len(m.ties),
               "observations": sum(len(t.observations) for t in m.ties), "crises": len(m.crises),
               "warnings": [asdict(w) for w in warnings]}
    if fmt is Format.json:
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps(summary))
        return
    for w in warnings:
        err(w.format())
    err(f"{loaded.path}: valid ({summary['ties']} ties, {summary['observations']} observations, "
        f"{summary['sources']} sources, {summary['crises']} crises)")


@data_app.command("migrate")
@handled
def migrate(
    path: str = typer.Argument(..., help="The dataset file to upgrade (written in place unless --output)."),
    output: str = typer.Option(None, "--output", "-o", help="Write the upgraded file here instead."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (lines on stderr) or json (stdout)."),
) -> None:
    """Upgrade a schema-1 dataset file to schema 2, losslessly.

    Formal commitment becomes directed: each mutual observation is written once per direction (the same
    level and sources), so every rubric scores the file as before. The file is validated before and
    after, and replaced atomically; a file already at schema 2 is left alone.

    Example: allyscore data migrate my-ties.yaml
    """
    from ..migrate import migrate_file

    changes = migrate_file(path, output)
    if fmt is Format.json:
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps({"file": path, "output": output or path, "migrated": bool(changes),
                                "changes": changes}))
        return
    if not changes:
        err(f"{path}: already schema_version 2; nothing to do")
        return
    for change in changes:
        err(f"  {change}")
    err(f"{output or path}: migrated to schema_version 2")
