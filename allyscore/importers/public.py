"""What the importers of public data share: the dataset head (countries from the registry, dates) and the
rubric their datasets are meant for."""

from __future__ import annotations

import datetime as dt
from typing import Any

PUBLIC_RUBRIC = "public-data"


def dataset_head(name: str, dimensions: list[dict[str, Any]], codes: list[str], sources: list[dict[str, Any]],
                 last_year: int, description: str) -> dict[str, Any]:
    """Everything but the ties: the dataset's as_of is 31 December of the last year (or the newest source's
    date, which a dataset's as_of may not precede); countries are named by the registry. The catalog is
    the bundled dataset's with the importer's own `dimensions` in place of (or beside) its definitions,
    so that a rubric written for the bundled catalog can read it."""
    from ..dataset import load_dataset
    from ..model import SCHEMA_VERSION
    from ..registry import registry

    reg = registry()
    as_of = dt.date(last_year, 12, 31)
    for source in sources:
        parts = [int(p) for p in str(source["date"]).split("-")] + [1, 1]
        as_of = max(as_of, dt.date(parts[0], parts[1], parts[2]))
    countries = []
    for code in codes:
        state = reg.by_code.get(code)
        entry: dict[str, Any] = {"code": code, "name": state.name if state else code}
        if state is not None and state.cow is not None:
            entry["cow"] = state.cow
        countries.append(entry)
    catalog = {d.id: {"id": d.id, "name": d.name, "description": d.description, "directed": d.directed,
                      "signal": d.signal, "levels": dict(d.levels)} for d in load_dataset().header.dimensions}
    catalog.update({d["id"]: d for d in dimensions})
    dimensions = list(catalog.values())
    return {"schema_version": SCHEMA_VERSION, "name": name, "version": as_of.isoformat(),
            "as_of": as_of.isoformat(), "description": description, "origin": "imported",
            "rubric": PUBLIC_RUBRIC, "dimensions": dimensions, "countries": countries, "sources": sources}
