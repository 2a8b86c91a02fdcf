"""What every command shares: the app, error handling, and parsing of common options."""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import typer

from ..version import __version__
from ..errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, AllyscoreError
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


class RowFormat(str, Enum):
    """The formats of a command whose result is rows (history, bloc): for people, and for scripts."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


EXIT_OUTPUT = 74  # stdout could not be written: a closed pipe, a full disk (EX_IOERR)


def err(line: str) -> None:
    """One line on stderr; control characters from data in it are shown as escapes, never sent raw."""
    from ..sanitize import line as one_line

    sys.stderr.write(one_line(line.rstrip("\n")) + "\n")


def _stdout_failed(exc: OSError) -> None:
    """stdout is gone or full: say so in one line (when stderr still works) and exit EXIT_OUTPUT."""
    try:  # stdout now goes nowhere, so that what is still buffered cannot fail again at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    try:
        err(f"allyscore: cannot write the output: {exc.strerror or exc}")
    except OSError:
        pass
    raise typer.Exit(EXIT_OUTPUT) from None


def handled(fn: F) -> F:
    """Turn user errors into one line per problem on stderr and exit code 2; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            try:
                return fn(*args, **kwargs)
            finally:
                sys.stdout.flush()  # here, where a failure is reported, rather than at exit
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except AllyscoreError as exc:
            if _state["debug"]:
                raise
            for line in exc.lines():
                err(f"allyscore: {line}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:  # Ctrl-C; SIGTERM or SIGHUP while writing a file (atomic.Terminated)
            err("allyscore: interrupted; nothing was written")
            raise typer.Exit(getattr(exc, "exit_code", EXIT_INTERRUPTED)) from None
        except OSError as exc:
            if not _is_stdout_error(exc):
                if _state["debug"]:
                    raise
                err(f"allyscore: internal error: {type(exc).__name__}: {exc} "
                    "(a bug: run again with --debug and report the traceback)")
                raise typer.Exit(EXIT_INTERNAL) from None
            _stdout_failed(exc)
        except Exception as exc:
            if _state["debug"]:
                raise
            err(f"allyscore: internal error: {type(exc).__name__}: {exc} "
                "(a bug: run again with --debug and report the traceback)")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _is_stdout_error(exc: OSError) -> bool:
    """A write to stdout that failed: a closed pipe, or no space left where stdout goes."""
    import errno

    return isinstance(exc, BrokenPipeError) or exc.errno in (errno.ENOSPC, errno.EPIPE, errno.EDQUOT, errno.EFBIG)


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


def config_defaults(ctx: typer.Context) -> None:
    """Give the command about to run its --data and --rubric defaults from the environment and config files
    (allyscore.config), through Click's default_map; a bad config file is one line and exit 2."""
    name = ctx.invoked_subcommand
    if not name or not isinstance(ctx.command, typer.core.TyperGroup):
        return
    command = ctx.command.get_command(ctx, name)
    wanted = _configurable(command) if command is not None else {}
    if not wanted:
        return
    from ..config import settings

    try:
        found = {key: s.value for key, s in settings().items() if s.value is not None}
    except AllyscoreError as exc:
        if any(arg in ("--help", "-h") for arg in sys.argv[1:]):  # click keeps the rest of the line to itself
            return  # help works even with a broken config file
        for line in exc.lines():
            err(f"allyscore: {line}")
        raise typer.Exit(exc.exit_code) from None
    if found:
        ctx.default_map = {**(ctx.default_map or {}), name: _fill(wanted, found)}


def _configurable(command: Any) -> dict[str, Any]:
    """{param: setting} for a command's --data/--rubric options; {subcommand: ...} for a group."""
    if hasattr(command, "commands"):
        subs = {sub: _configurable(cmd) for sub, cmd in command.commands.items()}
        return {sub: found for sub, found in subs.items() if found}
    return {p.name: (p.name, p.multiple) for p in command.params
            if p.name in ("data", "rubric") and f"--{p.name}" in getattr(p, "opts", ())}


def _fill(wanted: dict[str, Any], found: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, spec in wanted.items():
        if isinstance(spec, dict):
            out[name] = _fill(spec, found)
        elif spec[0] in found:
            out[name] = [found[spec[0]]] if spec[1] else found[spec[0]]
    return out


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the versions of allyscore, its dataset and default rubric."),
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks (for bug reports).",
                               envvar="ALLYSCORE_DEBUG"),
) -> None:
    """Is a tie between two states a real alliance, or only an axis of convenience?

    Example: allyscore rate iran russia

    --data and --rubric default to ALLYSCORE_DATA and ALLYSCORE_RUBRIC, then to a project file
    (allyscore.toml, found upward from here) and a user file; `allyscore config` shows which.
    """
    _state["debug"] = debug
    config_defaults(ctx)


def parse_date(text: str | None, option: str = "--as-of") -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise AllyscoreError(f"{option}: {text!r} is not a date", hint="write it YYYY-MM-DD, e.g. 2025-06-30") from None


def two_countries(a: str, b: str, extra: list[str] | None, command: str) -> tuple[str, str]:
    """The two countries a command was given; more words than two are a user error with a hint to quote
    the names of several words (`allyscore rate "saudi arabia" usa`)."""
    if not extra:
        return a, b
    words = [a, b, *extra]
    quoted = " ".join(f'"{w}"' if " " in w else w for w in words)
    split = _likely_split(words)
    example = (f"allyscore {command} " + " ".join(f'"{n}"' if " " in n else n for n in split) if split else
               f'allyscore {command} "north korea" russia')
    raise AllyscoreError(f"{command} takes two countries, got {len(words)} words: {quoted}",
                         hint=f"quote a name of several words, e.g. {example}")


def _likely_split(words: list[str]) -> tuple[str, str] | None:
    """The one way to cut `words` into two names that both look like country names, if there is one."""
    from ..countries import world_country

    found = []
    for cut in range(1, len(words)):
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        if world_country(left) and world_country(right):
            found.append((left, right))
    return found[0] if len(found) == 1 else None


def warn_after_dataset(day: dt.date | None, data: Any) -> None:
    """A warning on stderr when --as-of is later than the date the dataset describes (read from its
    header: building the whole model of a large layer would cost seconds)."""
    if day is None:
        return
    known = data.header.as_of
    if day > known:
        err(f"allyscore: warning: --as-of {day} is after the dataset's as_of {known}: it knows nothing later, "
            f"so this is the tie as known on {known}")


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
        if not math.isfinite(out[dim.strip()]):
            raise AllyscoreError(f"--weight: {item!r}: {value.strip()} is not a finite number",
                                 hint="a weight is a number of 0 or more, e.g. --weight rhetoric=0.5")
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
    from ..rubric import check_focal

    data = load_data(data_path)
    rubric = pick_rubric(data, rubric_ref, weights)
    check_focal(rubric, {c.code for c in data.header.countries})
    return data, rubric


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


EXIT_CODES = {0: "ok", 1: "findings", EXIT_INPUT: "bad input or usage", EXIT_OUTPUT: "cannot write the output",
              EXIT_INTERRUPTED: "interrupted", EXIT_INTERNAL: "internal error"}


def complete_country(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: the countries of the dataset the command would read (--data, else the configured
    or bundled one): codes, names and aliases, in lower case."""
    try:
        from ..config import settings
        from ..countries import normalise
        from ..dataset import load_dataset

        named = ctx.params.get("data")  # --data may be repeated (layers): a list
        paths = ([named] if isinstance(named, str) else list(named or [])) or [settings()["data"].value]
        countries = [c for path in paths for c in load_dataset(path).header.countries]
    except Exception:  # completion must never print a traceback into the shell
        return []
    want = normalise(incomplete.strip("'\""))
    words = sorted({w for c in countries for w in (c.code.lower(), c.name.lower(), *(a.lower() for a in c.aliases))})
    return [w for w in words if normalise(w).startswith(want)]


def complete_rubric(incomplete: str) -> list[str]:
    """Shell completion: every rubric as NAME and NAME@VERSION."""
    try:
        from ..rubric import available

        entries = available()
    except Exception:  # completion must never print a traceback into the shell
        return []
    refs = sorted({e.name for e in entries} | {e.ref for e in entries})
    return [r for r in refs if r.startswith(incomplete)]
