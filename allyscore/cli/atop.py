"""`allyscore data check-atop`: compare a dataset's formal commitments with ATOP's obligations."""

from __future__ import annotations

import sys
from typing import Any

import typer

from .common import Format, err, exit_code, handled
from .data import data_app


@data_app.command("check-atop")
@handled
def check_atop(
    atop_csv: str = typer.Argument(..., help="ATOP v5.1 directed dyad-year CSV (atop5_1_directed_dyad_year.csv)."),
    data: str = typer.Option(None, "--data", "-d", help="A dataset file (default: the bundled one)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json for scripts."),
) -> None:
    """List the years in which a dataset's formal commitment disagrees with ATOP's obligations.

    Every tie whose two countries carry COW codes is checked for each year up to 2018: ATOP's
    obligations mapped as `import atop` maps them (a mutual level against the weaker direction)
    agree when the dataset holds that level on some day of the year. Years the dataset does not
    cover while ATOP codes an obligation are listed as uncovered. Exit 1 when there are
    disagreements, 0 otherwise.

    Example: allyscore data check-atop ../shared/data/atop/atop5_1_directed_dyad_year.csv
    """
    from ..dataset import load_dataset
    from ..importers.atop import check_dataset

    loaded = load_dataset(data)
    result = check_dataset(loaded, atop_csv)
    names = {c.code: c.name for c in loaded.header.countries}
    if fmt is Format.json:
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps(_as_dict(result, loaded, names)))
    else:
        _table(result, names)
    exit_code(1 if result.disagreements else 0)


def _levels(held: dict[str, tuple[int, ...]]) -> dict[str, Any]:
    return {d: [None if x < 0 else x for x in levels] for d, levels in held.items()}


def _as_dict(result: Any, loaded: Any, names: dict[str, str]) -> dict[str, Any]:
    def finding(f: Any) -> dict[str, Any]:
        return {"kind": f.kind, "pair": list(f.pair), "names": {c: names.get(c, c) for c in f.pair},
                "years": f.years, "first": f.first, "last": f.last, "ours": _levels(f.ours),
                "atop": dict(f.atop), "atop_obligations": dict(f.atop_obligations)}

    return {"dataset": {"file": loaded.path, "name": loaded.model.name, "version": loaded.model.version,
                        "digest": loaded.digest},
            "atop": result.file, "last_year": result.last_year, "rule": result.rule,
            "checked": [list(p) for p in result.checked],
            "skipped": [{"pair": list(p), "reason": why} for p, why in result.skipped],
            "disagreements": [finding(f) for f in result.findings if f.kind == "disagreement"],
            "uncovered": [finding(f) for f in result.findings if f.kind == "uncovered"]}


def _show(levels: dict[str, Any]) -> str:
    parts = []
    for d, value in levels.items():
        text = "/".join("null" if v is None else str(v) for v in value) if isinstance(value, list) else str(value)
        parts.append(text if d == "mutual" else f"{d} {text}")
    return "; ".join(parts) or "-"


def _table(result: Any, names: dict[str, str]) -> None:
    from rich.table import Table

    from ..formats.terminal import console

    out = console()
    for kind, title in (("disagreement", "Disagreements with ATOP"),
                        ("uncovered", "Years ATOP codes an obligation and the dataset has no level")):
        rows = [f for f in result.findings if f.kind == kind]
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        for col in ("Tie", "Years", "Ours", "ATOP", "ATOP obligations"):
            table.add_column(col, overflow="fold")
        for f in rows:
            table.add_row(f"{names.get(f.pair[0], f.pair[0])}–{names.get(f.pair[1], f.pair[1])}", f.years,
                          _show(_levels(f.ours)) if any(f.ours.values()) else "none",
                          _show(f.atop), "; ".join(f"{d}: {o}" for d, o in f.atop_obligations.items()))
        out.print(table)
    for pair, why in result.skipped:
        err(f"allyscore: {pair[0]}-{pair[1]} not checked: {why}")
    n = len(result.disagreements)
    err(f"allyscore: {len(result.checked)} ties checked against {result.file} up to {result.last_year}: "
        f"{n} disagreement{'s' if n != 1 else ''}, "
        f"{sum(f.kind == 'uncovered' for f in result.findings)} uncovered periods")
