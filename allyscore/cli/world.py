"""`allyscore world build`: one world dataset from the public files a user has."""

from __future__ import annotations

import sys

import typer

from .common import app, err, handled

world_app = typer.Typer(help="Build the world layer: every pair of states from public data.\n\n"
                        "Example: allyscore world build --atop atop5_1_directed_dyad_year.csv --unga Idealpointestimates.csv",
                        no_args_is_help=True, rich_markup_mode=None)
app.add_typer(world_app, name="world")


@world_app.command("build")
@handled
def build(
    atop: str = typer.Option(None, "--atop", help="ATOP v5.1 directed dyad-year CSV (cow_states2016.csv beside it)."),
    unga: str = typer.Option(None, "--unga", help="UN voting ideal points CSV (IdealpointestimatesJuly2025.csv)."),
    sipri: str = typer.Option(None, "--sipri", help="SIPRI trade register CSV, as sipri.org exports it."),
    states: str = typer.Option(None, "--states", help="The COW state list for ATOP (default: beside the ATOP file)."),
    output: str = typer.Option(None, "--output", "-o", help="Where to write (default: the world layer's place, found automatically)."),
    force: bool = typer.Option(False, "--force", help="Replace a read-only output file."),
) -> None:
    """Import ATOP, UN voting and SIPRI into one world dataset; rate, history and report then use it under the bundled data.

    The default output is where allyscore looks for the world layer ($ALLYSCORE_WORLD, else
    ~/.local/share/allyscore/world.json on Linux). What it covers goes to stderr.

    Example: allyscore world build --atop atop5_1_directed_dyad_year.csv --unga IdealpointestimatesJuly2025.csv --sipri trade-register.csv
    """
    from ..errors import AllyscoreError
    from ..importers.atop import dumps
    from ..importers.world import build_world
    from ..layers import world_path

    if not (atop or unga or sipri):
        raise AllyscoreError("name at least one source", hint="--atop FILE, --unga FILE and/or --sipri FILE")
    target = output or (str(world_path()) if world_path() else None)
    if target is None:
        raise AllyscoreError("ALLYSCORE_WORLD is off: name the file with --output")
    from pathlib import Path

    from ..atomic import output_target

    Path(target).parent.mkdir(parents=True, exist_ok=True)
    output_target(target, [atop, unga, sipri, states], force)  # fail before any work
    steps = [s for s, given in (("reading ATOP", atop), ("reading UN voting", unga), ("reading SIPRI", sipri)) if given]
    steps += ["joining", "writing"]
    progress = _progress(steps) if sys.stderr.isatty() else None
    try:
        document, summary = build_world(atop, unga, sipri, states, step=progress.step if progress else None)
        if progress:
            progress.step("writing")
        from ..atomic import write_output

        text = dumps(document, "json" if not target.lower().endswith((".yaml", ".yml")) else "yaml")
        write_output(target, text, [atop, unga, sipri, states], force)  # a regular file, never an input
    finally:
        if progress:
            progress.stop()
    for name, line in summary.parts.items():
        err(f"allyscore: {name}: {line}")
    dims = ", ".join(f"{k} {v:,}" for k, v in sorted(summary.by_dimension.items()))
    span = f"{summary.years[0]}-{summary.years[1]}" if summary.years else "none"
    err(f"allyscore: world layer: {summary.countries} countries, {summary.dyads:,} dyads, "
        f"{summary.observations:,} observations ({dims}), years {span}; written to {target}")
    missing = [n for n, given in (("ATOP (formal commitment)", atop), ("UN voting (voting alignment)", unga),
                                  ("SIPRI (military aid, technology transfer)", sipri)) if not given]
    if missing:
        err(f"allyscore: not included: {'; '.join(missing)}")


class _progress:
    """A progress bar over the build's steps, on stderr (only on a terminal)."""

    def __init__(self, steps: list[str]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                             console=Console(stderr=True), transient=True)
        self._task = self._bar.add_task(steps[0], total=len(steps))
        self._started = False
        self._bar.start()

    def step(self, text: str) -> None:
        if self._started:
            self._bar.advance(self._task)
        self._started = True
        self._bar.update(self._task, description=text)

    def stop(self) -> None:
        self._bar.stop()
