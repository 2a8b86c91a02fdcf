"""`allyscore config`: the defaults of --data and --rubric, and where each comes from."""

from __future__ import annotations

import sys

import typer

from .common import Format, app, handled


@app.command("config")
@handled
def config_command(
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json for scripts."),
) -> None:
    """Show the --data and --rubric every command uses when they are not given, and where each comes from.

    First found wins: the command line, then ALLYSCORE_DATA / ALLYSCORE_RUBRIC, then the project file
    (allyscore.toml, .allyscore.toml or [tool.allyscore] in pyproject.toml, in this folder or the
    nearest one above), then the user's config.toml, then the built-in default. A relative path in a
    file is relative to that file's folder.

    Example of allyscore.toml:

      data = "data/ties.yaml"

      rubric = "costly-signals@1.1.0"
    """
    from ..config import DEFAULTS, find_project_file, settings, user_config_path

    found = settings()
    user, project = user_config_path(), find_project_file()
    if fmt is Format.json:
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps({
            "settings": {k: {"value": s.value, "source": s.source} for k, s in found.items()},
            "files": {"project": str(project) if project else None, "user": str(user),
                      "user_exists": user.is_file()},
        }))
        return
    for key, setting in found.items():
        value = setting.value if setting.value is not None else f"({DEFAULTS[key]})"
        source = "built-in default" if setting.source == "default" else f"from {setting.source}"
        typer.echo(f"{key:<7} {value}  [{source}]")
    typer.echo(f"project file: {project or 'none (allyscore.toml, .allyscore.toml, [tool.allyscore])'}", err=True)
    typer.echo(f"user file:    {user}{'' if user.is_file() else ' (not present)'}", err=True)
