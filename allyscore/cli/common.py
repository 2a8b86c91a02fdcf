"""What every command shares: the app, error handling, and parsing of common options."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import typer

from .. import __version__
from ..errors import EXIT_INPUT, EXIT_INTERRUPTED, AllyscoreError

EXIT_INTERNAL = 70
F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="allyscore",
    help="Is a tie between two states a real alliance, or only an axis of convenience?\n\n"
         "Example: allyscore rate iran russia",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: instant, and the same on every terminal
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": bool(os.environ.get("ALLYSCORE_DEBUG"))}


class Format(str, Enum):
    table = "table"
    json = "json"


def err(line: str) -> None:
    sys.stderr.write(line.rstrip("\n") + "\n")


def handled(fn: F) -> F:
    """Turn user errors into one line per problem on stderr and exit code 2; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except AllyscoreError as exc:
            if _state["debug"]:
                raise
            for line in exc.lines():
                err(f"allyscore: {line}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err("allyscore: interrupted; nothing was written")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0) from None
        except Exception as exc:
            if _state["debug"]:
                raise
            err(f"allyscore: internal error: {type(exc).__name__}: {exc} "
                "(a bug: run again with --debug and report the traceback)")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if not value:
        return
    from ..resources import bundled_dataset
    from ..rubric import DEFAULT_RUBRIC, available
    from ..yamlio import read_text
    import re

    text = read_text(bundled_dataset())[:4000]
    found = dict(re.findall(r"^(name|version):\s*['\"]?([^'\"\n]+)['\"]?\s*$", text, re.M))
    latest = [e for e in available(include_plugins=False) if e.name == DEFAULT_RUBRIC]
    rubric = latest[-1].ref if latest else "none"
    typer.echo(f"allyscore {__version__}\ndataset {found.get('name', '?')} {found.get('version', '?')}\n"
               f"default rubric {rubric}")
    raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the versions of allyscore, its dataset and default rubric."),
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks (for bug reports).",
                               envvar="ALLYSCORE_DEBUG"),
) -> None:
    """Is a tie between two states a real alliance, or only an axis of convenience?

    Example: allyscore rate iran russia
    """
    _state["debug"] = debug


def parse_date(text: str | None, option: str = "--as-of") -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise AllyscoreError(f"{option}: {text!r} is not a date", hint="write it YYYY-MM-DD, e.g. 2025-06-30") from None


def parse_weights(items: list[str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items or []:
        dim, sep, value = item.partition("=")
        try:
            if not sep or not dim.strip():
                raise ValueError
            out[dim.strip()] = float(value)
        except ValueError:
            raise AllyscoreError(f"--weight: {item!r} is not DIMENSION=VALUE",
                                 hint="e.g. --weight rhetoric=0") from None
    return out


def load_data(data_paths: str | list[str] | None) -> Any:
    """One dataset, or several as layers (--data repeated); none: the bundled one over the world layer."""
    from ..layers import load_layers

    paths = [data_paths] if isinstance(data_paths, str) else list(data_paths or [])
    return load_layers(paths)


def load_inputs(data_path: str | list[str] | None, rubric_ref: str | None,
                weights: dict[str, float] | None = None) -> Any:
    """The dataset (or layers) and the rubric (checked against the catalog), ready to score. With no
    --rubric, a dataset that names the rubric it is meant for (`rubric:`) gets that one."""
    data = load_data(data_path)
    return data, pick_rubric(data, rubric_ref, weights)


def pick_rubric(data: Any, rubric_ref: str | None, weights: dict[str, float] | None = None) -> Any:
    from ..errors import InputFileError
    from ..rubric import DEFAULT_RUBRIC, resolve_rubric

    catalog = set(data.dimensions)
    if rubric_ref is not None:
        return resolve_rubric(rubric_ref, catalog=catalog, weights=weights)
    named = data.header.rubric
    try:
        return resolve_rubric(named, catalog=catalog, weights=weights)
    except InputFileError:
        rubric = resolve_rubric(named)
        missing = sorted(set(rubric.model.dimensions) - catalog)
        if not missing:
            raise
        raise AllyscoreError(
            f"{data.path}: the rubric {rubric.ref} scores {', '.join(missing)}, which this dataset does not have",
            hint=f"pass a rubric made for it, e.g. -r formal-commitment for an ATOP import, or name one in the "
                 f"dataset's `rubric:` field (default: {DEFAULT_RUBRIC})") from None


def exit_code(code: int) -> None:
    if code:
        raise typer.Exit(code)


EXIT_CODES = {0: "ok", 1: "findings", EXIT_INPUT: "bad input or usage", EXIT_INTERRUPTED: "interrupted",
              EXIT_INTERNAL: "internal error"}
