"""`allyscore world build`: one world dataset from the public files a user has (ATOP, UN voting, SIPRI).

The importers' datasets are joined tie by tie (each keeps its observations and cites its own source);
the catalog is the bundled dataset's, with ATOP's directed formal commitment and the UN voting
dimension, so that any rubric written for the bundled catalog can read it. The dataset says it is
imported (`origin: imported`), so curated layers win over it, and names the rubric made for public data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .public import dataset_head


@dataclass
class WorldSummary:
    parts: dict[str, str] = field(default_factory=dict)  # source -> one line on what it gave
    dyads: int = 0
    observations: int = 0
    countries: int = 0
    years: tuple[int, int] | None = None
    by_dimension: dict[str, int] = field(default_factory=dict)


def build_world(atop: str | Path | None = None, unga: str | Path | None = None, sipri: str | Path | None = None,
                states: str | Path | None = None, step: Callable[[str], None] | None = None) -> tuple[dict[str, Any], WorldSummary]:
    """The world dataset as plain data, and what it covers. `step(text)` is called as each part begins."""
    from ..dataset import load_dataset

    step = step or (lambda text: None)
    summary = WorldSummary()
    docs: list[dict[str, Any]] = []
    own: dict[str, dict[str, Any]] = {}  # the dimensions the importers define (the rest is the bundled catalog)
    if atop is not None:
        step("reading ATOP")
        from .atop import import_atop

        imported = import_atop(atop, states)
        docs.append(imported.document)
        own["formal_commitment"] = imported.document["dimensions"][0]
        s = imported.summary
        summary.parts["ATOP v5.1"] = f"{s.dyads:,} dyads, {s.periods:,} periods, years {s.years[0]}-{s.years[1]}" \
            if s.years else "no rows"
    if unga is not None:
        step("reading UN voting")
        from .unga import import_unga

        doc, u = import_unga(unga)
        docs.append(doc)
        own["voting_alignment"] = next(d for d in doc["dimensions"] if d["id"] == "voting_alignment")
        summary.parts["UN voting"] = f"{u.dyads:,} dyads, {u.periods:,} periods, years {u.years[0]}-{u.years[1]}" \
            if u.years else "no rows"
    if sipri is not None:
        step("reading SIPRI")
        from .sipri import import_sipri

        doc, v = import_sipri(sipri)
        docs.append(doc)
        skipped = sum(v.skipped_actors.values())
        summary.parts["SIPRI"] = (f"{v.used:,} deals between states ({skipped:,} with non-state parties left out, "
                                  f"{len(v.malformed)} malformed lines skipped), {v.dyads:,} dyads, {v.periods:,} periods")
    step("joining")
    catalog = {d.id: {"id": d.id, "name": d.name, "description": d.description, "directed": d.directed,
                      "signal": d.signal, "levels": dict(d.levels)} for d in load_dataset().header.dimensions}
    catalog.update(own)
    ties: dict[tuple[str, str], list[dict[str, Any]]] = {}
    sources: dict[str, dict[str, Any]] = {}
    years: list[int] = []
    for doc in docs:
        for src in doc["sources"]:
            sources.setdefault(src["id"], src)
        for tie in doc["ties"]:
            a, b = tie["pair"]
            ties.setdefault((a, b) if a <= b else (b, a), []).extend(tie["observations"])
        years.append(int(doc["as_of"][:4]))
    for obs in ties.values():
        for o in obs:
            summary.by_dimension[o["dimension"]] = summary.by_dimension.get(o["dimension"], 0) + 1
    first = min((int(o["since"][:4]) for obs in ties.values() for o in obs), default=None)
    last = max((int((o.get("until") or o["since"])[:4]) for obs in ties.values() for o in obs), default=None)
    codes = sorted({c for pair in ties for c in pair})
    head = dataset_head("allyscore-world", list(catalog.values()), codes, list(sources.values()), last or 2000,
                        "The world layer: every pair of states in the public data given to `allyscore world build` "
                        f"({', '.join(summary.parts) or 'nothing'}); levels by each importer's documented mapping.")
    summary.dyads, summary.countries = len(ties), len(codes)
    summary.observations = sum(len(v) for v in ties.values())
    summary.years = (first, last) if first is not None and last is not None else None
    return {**head, "ties": [{"pair": list(k), "observations": v} for k, v in sorted(ties.items())]}, summary
