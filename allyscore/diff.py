"""Compare two scorings of the same ties: two rubrics, or one rubric at two dates (or both at once).

For each tie: old and new score, the delta, old and new label, the rank in each ordering, and the
attribution: per dimension, the new contribution minus the old one. Contributions add up to the score
(engine.TieScore), so the attribution adds up to the delta, up to the engine's rounding to 6 decimals.
Pure: no printing, no files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .dataset import LoadedDataset
from .engine import DimensionScore, TieScore, score_tie
from .errors import LookupFailed
from .plain import SCHEMA_VERSION, dataset_dict, rubric_ref
from .rubric import ResolvedRubric

_PLACES = 6  # the engine rounds scores and contributions to 6 decimals; so do we


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a rubric applied as of a date."""

    rubric: ResolvedRubric
    as_of: dt.date


@dataclass(frozen=True)
class DimensionChange:
    """How one dimension's part of the score moved.

    status: "added" (only the new rubric has it), "removed" (only the old one), "changed" (its
    contribution moved) or "unchanged". For a dimension absent from one side, that side's weight and
    value are None and its contribution 0.
    """

    id: str
    name: str
    status: str
    old_weight: float | None
    new_weight: float | None
    old_value: float | None  # the folded level, 0..4 (None: unknown, or not in that rubric)
    new_value: float | None
    old_contribution: float
    new_contribution: float

    @property
    def delta(self) -> float:
        return round(self.new_contribution - self.old_contribution, _PLACES) + 0.0  # never -0.0


@dataclass(frozen=True)
class TieDiff:
    """One tie under both sides. Ranks are 1 for the highest score among all the dataset's ties."""

    old: TieScore
    new: TieScore
    old_rank: int
    new_rank: int
    attribution: tuple[DimensionChange, ...]  # by |delta|, largest first; then in catalog order

    @property
    def pair(self) -> tuple[str, str]:
        return self.old.pair

    @property
    def names(self) -> dict[str, str]:
        return self.old.names

    @property
    def delta(self) -> float:
        return round(self.new.score - self.old.score, _PLACES) + 0.0  # never -0.0

    @property
    def label_changed(self) -> bool:
        return self.old.label != self.new.label

    @property
    def rank_change(self) -> int:
        """Places climbed: positive when the tie ranks higher under the new side."""
        return self.old_rank - self.new_rank


@dataclass(frozen=True)
class Diff:
    old: Side
    new: Side
    dataset: LoadedDataset
    ties: tuple[TieDiff, ...]  # by |delta|, largest first; then by pair
    added: tuple[str, ...]  # dimensions only the new rubric scores
    removed: tuple[str, ...]  # dimensions only the old rubric scores
    ranked: int  # how many ties the ranks are taken among (all the dataset's ties)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data, as `diff --format json` writes it."""
        return diff_dict(self)

    @property
    def label_changes(self) -> tuple[TieDiff, ...]:
        return tuple(t for t in self.ties if t.label_changed)

    @property
    def score_changes(self) -> tuple[TieDiff, ...]:
        return tuple(t for t in self.ties if t.delta != 0)


def resolve_pair(data: LoadedDataset, text: str) -> tuple[str, str]:
    """`iran:russia` (names, aliases or codes) -> the tie's key, or a LookupFailed with suggestions."""
    a, sep, b = text.partition(":")
    if not sep or not a.strip() or not b.strip() or ":" in b:
        raise LookupFailed(f"{text!r} is not a pair", hint="write two countries as A:B, e.g. iran:russia")
    code_a, code_b = data.countries.resolve(a.strip()), data.countries.resolve(b.strip())
    return data.tie(code_a, code_b).key


def _ranks(scores: dict[tuple[str, str], float]) -> dict[tuple[str, str], int]:
    """Competition ranking (1, 2, 2, 4): equal scores share a rank; 1 is the highest."""
    ordered = sorted(scores.values(), reverse=True)
    first = {}
    for i, score in enumerate(ordered, start=1):
        first.setdefault(score, i)
    return {key: first[score] for key, score in scores.items()}


def _attribution(old: TieScore, new: TieScore, order: dict[str, int],
                 names: dict[str, str]) -> tuple[DimensionChange, ...]:
    o: dict[str, DimensionScore] = {d.id: d for d in old.dimensions}
    n: dict[str, DimensionScore] = {d.id: d for d in new.dimensions}
    out = []
    for dim_id in sorted(set(o) | set(n), key=lambda d: (order.get(d, len(order)), d)):
        od, nd = o.get(dim_id), n.get(dim_id)
        oc = od.contribution if od else 0.0
        nc = nd.contribution if nd else 0.0
        if od is None:
            status = "added"
        elif nd is None:
            status = "removed"
        else:
            status = "changed" if round(nc - oc, _PLACES) != 0 else "unchanged"
        out.append(DimensionChange(
            id=dim_id, name=names.get(dim_id, dim_id), status=status,
            old_weight=od.weight if od else None, new_weight=nd.weight if nd else None,
            old_value=od.value if od else None, new_value=nd.value if nd else None,
            old_contribution=oc, new_contribution=nc))
    return tuple(sorted(out, key=lambda c: -abs(c.delta)))  # stable: catalog order among equals


def diff(data: LoadedDataset, old: ResolvedRubric, new: ResolvedRubric | None = None,
         pairs: Iterable[tuple[str, str]] | None = None, *, as_of: dt.date | None = None,
         as_of_old: dt.date | None = None, as_of_new: dt.date | None = None) -> Diff:
    """Score ties under OLD and NEW and explain each change.

    `new` defaults to `old` (to compare two dates). Each side's date is its own `as_of_old` /
    `as_of_new`, else `as_of`, else the dataset's date. `pairs` are tie keys or pairs of codes in
    either order (default: every tie in the dataset). Ranks are taken among all the dataset's ties,
    so a tie's rank does not depend on which other pairs were asked for.
    """
    new = new or old
    base = as_of or data.header.as_of
    old_side, new_side = Side(old, as_of_old or base), Side(new, as_of_new or base)

    olds = {key: score_tie(data, tie, old, old_side.as_of) for key, tie in data.ties.items()}
    news = {key: score_tie(data, tie, new, new_side.as_of) for key, tie in data.ties.items()}
    old_ranks = _ranks({k: s.score for k, s in olds.items()})
    new_ranks = _ranks({k: s.score for k, s in news.items()})

    if pairs is None:
        keys = list(data.ties)
    else:
        keys = []
        for a, b in pairs:
            key = data.tie(a, b).key
            if key not in keys:
                keys.append(key)

    order = {d.id: i for i, d in enumerate(data.header.dimensions)}
    names = {d.id: d.name for d in data.header.dimensions}
    ties = [TieDiff(olds[k], news[k], old_ranks[k], new_ranks[k], _attribution(olds[k], news[k], order, names))
            for k in keys]
    ties.sort(key=lambda t: (-abs(t.delta), t.pair))

    old_dims = set(old.model.dimensions) & set(order)  # the engine scores only the catalog's dimensions
    new_dims = set(new.model.dimensions) & set(order)
    by_order = lambda ids: tuple(sorted(ids, key=lambda d: (order.get(d, len(order)), d)))  # noqa: E731
    return Diff(old_side, new_side, data, tuple(ties), by_order(new_dims - old_dims), by_order(old_dims - new_dims),
                len(data.ties))


# --- plain data (Diff.to_dict; `diff --format json`) -----------------------------------------------

def _side_dict(side: Side) -> dict[str, Any]:
    return {"rubric": rubric_ref(side.rubric), "as_of": side.as_of.isoformat()}


def _change_dict(c: DimensionChange) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "status": c.status, "delta": c.delta,
            "old": {"weight": c.old_weight, "value": c.old_value, "contribution": c.old_contribution},
            "new": {"weight": c.new_weight, "value": c.new_value, "contribution": c.new_contribution}}


def _tie_dict(t: TieDiff) -> dict[str, Any]:
    def side(score: Any, rank: int) -> dict[str, Any]:
        return {"score": score.score, "label": score.label, "label_title": score.label_title, "rank": rank,
                "reasons": list(score.reasons)}

    return {"pair": list(t.pair), "names": dict(t.names), "delta": t.delta, "label_changed": t.label_changed,
            "rank_change": t.rank_change, "old": side(t.old, t.old_rank), "new": side(t.new, t.new_rank),
            "attribution": [_change_dict(c) for c in t.attribution]}


def diff_dict(result: Diff) -> dict[str, Any]:
    """The JSON form of a diff. `rank_change` > 0: the tie climbed; attribution deltas sum to `delta`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "diff",
        "old": _side_dict(result.old),
        "new": _side_dict(result.new),
        "dataset": dataset_dict(result.dataset),
        "dimensions": {"added": list(result.added), "removed": list(result.removed)},
        "summary": {"ties": len(result.ties), "ranked_among": result.ranked,
                    "score_changes": len(result.score_changes), "label_changes": len(result.label_changes)},
        "ties": [_tie_dict(t) for t in result.ties],
    }
