"""Several datasets scored as one: layers, with curated evidence on top of imported public data.

Precedence: curated layers (a dataset without `origin: imported`) win over imported ones, and among
layers of the same kind the one named first wins. For each tie, a lower layer's observation is left out
when a higher layer has an observation of the same dimension and direction whose period overlaps it;
otherwise it is kept, so a curated 2022 level and an imported 1990s level both stand. Every observation
keeps its own sources, and each layer its own catalog, countries, sources and crises (the first
definition of an id wins): the evidence always says which dataset and source it came from.

The world layer (`allyscore world build`) is found at `world_path()` and put under the bundled dataset
when no --data is given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from .dataset import LoadedDataset, load_dataset
from .indexed import indexable, load_indexed
from .model import MUTUAL, Dataset, Observation, Tie

WORLD_FILE = "world.json"


def world_path() -> Path | None:
    """Where `allyscore world build` writes by default and where the world layer is looked for:
    $ALLYSCORE_WORLD, else the platform's user data directory (XDG_DATA_HOME/allyscore/world.json on
    Linux). ALLYSCORE_WORLD=off turns the automatic world layer off."""
    import sys

    configured = os.environ.get("ALLYSCORE_WORLD")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "none", "0") else Path(configured)
    if sys.platform == "win32":
        root = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        root = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return root / "allyscore" / WORLD_FILE


def default_world() -> Path | None:
    """The world layer's path when the file exists."""
    path = world_path()
    return path if path is not None and path.is_file() else None


def load_layers(paths: list[str] | None = None) -> LoadedDataset:
    """The datasets named (or the bundled one, with the world layer under it when it has been built),
    as one dataset. One file loads as itself."""
    if not paths:
        world = default_world()
        paths = [None, str(world)] if world else [None]  # type: ignore[list-item]
    loaded = [load_indexed(p) if p is not None and indexable(p) else load_dataset(p) for p in paths]
    return loaded[0] if len(loaded) == 1 else Layers(loaded)


class Layers(LoadedDataset):
    """Layered datasets that read like one `LoadedDataset` (ties are merged as they are looked up)."""

    def __init__(self, layers: list[LoadedDataset]) -> None:
        curated = [d for d in layers if d.header.origin != "imported"]
        self.layers = curated + [d for d in layers if d.header.origin == "imported"]
        self.path = " + ".join(d.path for d in self.layers)
        self.digest = "+".join(d.digest for d in self.layers)
        self.warnings = [w for d in self.layers for w in d.warnings]
        self._model = None
        self._raw = None

    @cached_property
    def header(self) -> Dataset:
        top = self.layers[0].header
        merged: dict[str, dict[str, Any]] = {"dimensions": {}, "countries": {}, "sources": {}, "crises": {}}
        for layer in self.layers:
            h = layer.header
            for key, attr in (("dimensions", "id"), ("countries", "code"), ("sources", "id"), ("crises", "id")):
                for item in getattr(h, key):
                    merged[key].setdefault(getattr(item, attr), item)
        curated = any(d.header.origin != "imported" for d in self.layers)  # then the default rubric
        rubric = None if curated else next((d.header.rubric for d in self.layers if d.header.rubric), None)
        return dataclasses.replace(
            top, as_of=max(d.header.as_of for d in self.layers), ties=[],
            name=" + ".join(d.header.name for d in self.layers),
            version=" + ".join(d.header.version for d in self.layers),
            dimensions=list(merged["dimensions"].values()), countries=list(merged["countries"].values()),
            sources=list(merged["sources"].values()), crises=list(merged["crises"].values()), rubric=rubric,
            origin="curated" if any(d.header.origin != "imported" for d in self.layers) else "imported")

    @property
    def model(self) -> Dataset:
        if self._model is None:
            self._model = dataclasses.replace(self.header, ties=[self.ties[k] for k in self.ties])
        return self._model

    @cached_property
    def ties(self) -> Mapping[tuple[str, str], Tie]:
        return _MergedTies(self)

    def source_layer(self, obs: Observation) -> LoadedDataset | None:
        """The layer an observation came from (by its sources)."""
        for layer in self.layers:
            if all(s in layer.sources for s in obs.sources):
                return layer
        return None

    def default_day(self, tie: Tie) -> dt.date:
        key = tie.key
        curated = [d.header.as_of for d in self.layers if d.header.origin != "imported" and key in d.ties]
        if curated:
            return max(curated)
        return _evidence_day(self.header.as_of, tie)


def _evidence_day(as_of: dt.date, tie: Tie) -> dt.date:
    """The last day a tie's imported evidence covers (not after `as_of`): its newest year."""
    ends = [o.until or as_of for o in tie.observations]
    return min(as_of, max(ends)) if ends else as_of


_KEEP = 16  # merged ties kept for a command that asks for one again; few, as in indexed._IndexedTies


class _MergedTies(Mapping[tuple[str, str], Tie]):
    def __init__(self, owner: Layers) -> None:
        self._owner = owner
        self._built: dict[tuple[str, str], Tie] = {}

    def __contains__(self, key: object) -> bool:
        return any(key in d.ties for d in self._owner.layers)

    def __getitem__(self, key: tuple[str, str]) -> Tie:
        tie = self._built.get(key)
        if tie is None:
            found = [(d, d.ties[key]) for d in self._owner.layers if key in d.ties]
            if not found:
                raise KeyError(key)
            tie = merge_tie(self._owner.header, found)
            if len(self._built) >= _KEEP:
                self._built.clear()
            self._built[key] = tie
        return tie

    def __iter__(self) -> Iterator[tuple[str, str]]:
        seen: dict[tuple[str, str], None] = {}
        for d in self._owner.layers:
            for key in d.ties:
                seen.setdefault(key, None)
        return iter(seen)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def merge_tie(header: Dataset, found: list[tuple[LoadedDataset, Tie]]) -> Tie:
    """One tie from the layers that hold it, highest first: a lower observation is kept unless a higher
    layer has one of the same dimension and direction over an overlapping period. A layer whose catalog
    disagrees with the merged one on whether a dimension is directed is read in the merged catalog's
    terms (`_conform`)."""
    directed = {d.id: d.directed for d in header.dimensions}
    a, b = found[0][1].pair
    kept: list[Observation] = []
    above: dict[tuple[str, str], list[Observation]] = {}
    for layer, tie in found:
        mine: dict[tuple[str, str], list[Observation]] = {}
        for obs in _conform(tie, directed):
            key = (obs.dimension, obs.direction)
            if any(_overlap(obs, other) for other in above.get(key, ())):
                continue
            kept.append(obs)
            mine.setdefault(key, []).append(obs)
        for key, items in mine.items():
            above.setdefault(key, []).extend(items)
    return dataclasses.replace(found[0][1], pair=(a, b), observations=kept)


def _conform(tie: Tie, directed: dict[str, bool]) -> list[Observation]:
    """The tie's observations in the merged catalog's terms: a mutual observation of a dimension the
    catalog directs holds both ways (as `data migrate` reads a mutual commitment); directed observations
    of a dimension the catalog calls mutual give, where both directions are known, the weaker level
    (the obligation both carry: how the bundled data's mutual formal commitment reads ATOP)."""
    out: list[Observation] = []
    to_mutual: dict[str, list[Observation]] = {}
    a, b = tie.pair
    for obs in tie.observations:
        is_directed = obs.direction != MUTUAL
        wanted = directed.get(obs.dimension, is_directed)
        if wanted == is_directed:
            out.append(obs)
        elif wanted:
            out += [dataclasses.replace(obs, direction=f"{a}->{b}"), dataclasses.replace(obs, direction=f"{b}->{a}")]
        elif obs.crisis is None:
            to_mutual.setdefault(obs.dimension, []).append(obs)
    for observations in to_mutual.values():
        out += _weaker_direction(observations, a, b)
    return out


_DAY = dt.timedelta(days=1)
_RANK = {"low": 0, "medium": 1, "high": 2}


def _weaker_direction(observations: list[Observation], a: str, b: str) -> list[Observation]:
    ab = [o for o in observations if o.direction == f"{a}->{b}"]
    ba = [o for o in observations if o.direction == f"{b}->{a}"]
    cuts = sorted({o.since for o in observations} | {o.until + _DAY for o in observations if o.until})
    out = []
    for i, start in enumerate(cuts):
        x = next((o for o in ab if o.holds_on(start)), None)
        y = next((o for o in ba if o.holds_on(start)), None)
        if x is None or y is None or x.level is None or y.level is None:
            continue
        end = cuts[i + 1] - _DAY if i + 1 < len(cuts) else min((u for u in (x.until, y.until) if u), default=None)
        out.append(dataclasses.replace(
            x, direction=MUTUAL, level=min(x.level, y.level), since=start, until=end,
            confidence=min(x.confidence, y.confidence, key=_RANK.__getitem__),
            claim=f"The weaker direction ({a}->{b} {x.level}, {b}->{a} {y.level}): {x.claim}"
                  + ("" if y.claim == x.claim else f" / {y.claim}"),
            sources=list(dict.fromkeys([*x.sources, *y.sources]))))
    return out


def _overlap(x: Observation, y: Observation) -> bool:
    x_end = x.until or dt.date.max
    y_end = y.until or dt.date.max
    return x.since <= y_end and y.since <= x_end


def thin_evidence_note(data: LoadedDataset, result: Any) -> str | None:
    """A note for a tie known only from imported public data: where its evidence comes from, how old the
    newest is, which of the rubric's dimensions it lacks, and the rubric made for such data."""
    layers = data.layers if isinstance(data, Layers) else [data]
    key = tuple(sorted(result.pair))
    holding = [d for d in layers if key in d.ties]
    if not holding or any(d.header.origin != "imported" for d in holding):
        return None
    tie = data.ties[key]  # type: ignore[index]
    newest = max((o.until or o.since for o in tie.observations), default=None)
    missing = [d.name.lower() for d in result.dimensions if d.status != "known"]
    names = " and ".join(result.names[c] for c in result.pair)
    text = (f"{names}: known only from imported public data ({', '.join(d.header.name for d in holding)}); "
            f"newest evidence {newest.isoformat() if newest else 'none'}")
    if missing:
        text += f"; no evidence on {', '.join(missing)}"
    if result.rubric.model.name != "public-data":
        text += "; -r public-data labels only what such data can show"
    return text
