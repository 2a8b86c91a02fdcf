"""How much does a tie's label rest on the weights someone chose, and on each level?

Three analyses of one tie, all on the vectorised engine (`allyscore.batch`):

- Weight robustness: `draws` draws in which each weight is multiplied by its own factor drawn
  uniformly from [1 - spread, 1 + spread] (`WEIGHT_SPREAD` = 0.25: every weight may move by up to a
  quarter), the evidence held at its point levels. Reported: the share of draws that keep the label,
  and the share of each label.
- One at a time: for each dimension, the smallest change to its weight alone (searched over
  [0, `WEIGHT_MAX_FACTOR` x the rubric's largest weight]), and separately to its folded level alone
  (the value after both directions are folded, continuous over 0..4), that changes the label; or none
  within that range. A grid (`GRID` steps) finds the nearest change on each side and bisection then
  pins it down to 1e-6. A dimension whose level is unknown has no level to change: it reports the label
  the tie would get if the level were known to be each of 0..4.
- Variance: the first-order share of the score's variance due to each dimension, S_j = Var(E[score |
  X_j]) / Var(score), from the Monte Carlo draws of the evidence (`allyscore.uncertainty`), where X_j
  is the value dimension j entered the score with in a draw. Drawn values are discrete (levels 0..4
  and their half-steps), so E[score | X_j] is taken exactly by grouping the draws on each distinct
  value (binning with one bin per value); this overstates each share by about (bins - 1) / draws.
  What the shares leave of 1 is due to interactions (rules, bands' edges, the geometric mean).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import batch, uncertainty
from .dataset import LoadedDataset
from .model import Tie
from .rubric import ResolvedRubric

WEIGHT_SPREAD = 0.25
WEIGHT_MAX_FACTOR = 3.0
GRID = 400
_TOL = 1e-6


@dataclass(frozen=True)
class Flip:
    """The smallest change to one input that changes the label (`to` None: none within range).

    `to` is the edge where the label changes, to 4 decimals (the label there, or just past it, is
    `label`); `delta` is `to - current`.
    """

    current: float | None
    to: float | None
    label: str | None
    low: float  # the range searched
    high: float

    @property
    def delta(self) -> float | None:
        return None if self.to is None or self.current is None else round(self.to - self.current, 4)

    def to_dict(self) -> dict[str, Any]:
        return {"current": self.current, "to": self.to, "delta": self.delta, "label": self.label,
                "range": [self.low, self.high]}


@dataclass(frozen=True)
class DimensionSensitivity:
    id: str
    status: str  # known | unknown | imputed
    weight: Flip
    level: Flip | None  # None when the level is unknown
    if_known: dict[int, str] | None  # unknown level: the label if it were known to be 0..4
    first_order: float  # share of the score's variance

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "weight": self.weight.to_dict(),
                "level": None if self.level is None else self.level.to_dict(),
                "if_known": None if self.if_known is None else {str(k): v for k, v in self.if_known.items()},
                "first_order": self.first_order}


@dataclass(frozen=True)
class Sensitivity:
    pair: tuple[str, str]
    score: float
    label: str
    labels: tuple[str, ...]
    weight_draws: int
    spread: float
    keep_label: float
    weight_label_shares: dict[str, float]
    dimensions: tuple[DimensionSensitivity, ...]
    interactions: float
    uncertainty: uncertainty.TieUncertainty

    def to_dict(self) -> dict[str, Any]:
        return {
            "pair": list(self.pair), "score": self.score, "label": self.label,
            "weights": {"draws": self.weight_draws, "spread": self.spread, "keep_label": self.keep_label,
                        "label_shares": dict(self.weight_label_shares)},
            "one_at_a_time": [d.to_dict() for d in self.dimensions],
            "variance": {"first_order": {d.id: d.first_order for d in self.dimensions},
                         "interactions": self.interactions,
                         "method": "binning on distinct drawn values"},
            "interval": {"low": self.uncertainty.low, "high": self.uncertainty.high,
                         "level": self.uncertainty.level},
            "label_probabilities": dict(self.uncertainty.label_probabilities),
            "simulation": {"draws": self.uncertainty.draws, "seed": self.uncertainty.seed,
                           "mean": self.uncertainty.mean, "model": uncertainty.MODEL},
        }


def _search(label_at: Any, current: float, low: float, high: float, label0: int, labels: tuple[str, ...],
            ) -> Flip:
    """The nearest point to `current` in [low, high] where `label_at` (vectorised) differs from label0."""
    grid = np.linspace(low, high, GRID + 1)
    found = label_at(grid)
    best: tuple[float, int] | None = None
    for side in (1, -1):
        changed = np.nonzero(((grid > current) if side > 0 else (grid < current)) & (found != label0))[0]
        if not len(changed):
            continue
        i = int(changed[0] if side > 0 else changed[-1])
        outside = float(grid[i])
        if side > 0:
            inside = max(current, float(grid[i - 1])) if i > 0 else current
        else:
            inside = min(current, float(grid[i + 1])) if i < GRID else current
        if label_at(np.array([inside]))[0] != label0:
            inside = current
        while abs(outside - inside) > _TOL:
            mid = (inside + outside) / 2
            if label_at(np.array([mid]))[0] == label0:
                inside = mid
            else:
                outside = mid
        if best is None or abs(outside - current) < abs(best[0] - current):
            best = (outside, int(label_at(np.array([outside]))[0]))
    if best is None:
        return Flip(round(current, 6), None, None, low, high)
    return Flip(round(current, 6), round(best[0], 4), labels[best[1]], low, high)


def analyse(data: LoadedDataset, tie: Tie | tuple[str, str], rubric: ResolvedRubric,
            as_of: dt.date | None = None, draws: int = uncertainty.DEFAULT_DRAWS,
            seed: int = uncertainty.DEFAULT_SEED, spread: float = WEIGHT_SPREAD,
            level: float = uncertainty.DEFAULT_LEVEL) -> Sensitivity:
    """Weight robustness, one-at-a-time flips and first-order variance shares for one tie."""
    from .errors import AllyscoreError

    if not 0 <= spread < 1:
        raise AllyscoreError(f"--spread: {spread:g} is not in [0, 1)", hint="e.g. --spread 0.25")
    sim = uncertainty.simulate(data, [tie], rubric, as_of, draws, seed, level)[0]  # checks draws, level
    ev = batch.compile_evidence(data, [tie], as_of, rubric)
    cr = batch.compile_rubric(rubric, ev)
    values = batch.fold(cr, ev)  # [1, D]
    score0, lab0 = batch.point(cr, ev)
    label0 = int(lab0[0])
    base = cr.weights

    # weight robustness
    rng = uncertainty.tie_rng(seed, ev.pairs[0], purpose=1)
    factors = rng.uniform(1 - spread, 1 + spread, (draws, len(base)))
    _, wl = batch.evaluate(cr, values, weights=base * factors)
    keep = float(np.mean(wl[:, 0] == label0))
    counts = np.bincount(wl[:, 0], minlength=len(cr.labels))
    shares = {lab: round(int(c) / draws, 6) for lab, c in zip(cr.labels, counts) if c}

    # variance shares from the evidence draws
    d = uncertainty.run(cr, ev, draws, seed)
    y = d.scores[:, 0]
    var = float(y.var())
    first = []
    for j in range(len(cr.dims)):
        x = d.values[:, 0, j]
        if var <= 0 or np.isnan(x).all():
            first.append(0.0)
            continue
        keys, inverse = np.unique(x, return_inverse=True)
        n = np.bincount(inverse, minlength=len(keys))
        means = np.bincount(inverse, weights=y, minlength=len(keys)) / n
        first.append(round(float(np.sum(n * (means - y.mean()) ** 2) / len(y) / var), 4))

    # one at a time
    wmax = WEIGHT_MAX_FACTOR * float(base.max())
    out = []
    for j, dim in enumerate(cr.dims):
        def by_weight(ws: Any, j: int = j) -> Any:
            w = np.tile(base, (len(ws), 1))
            w[:, j] = ws
            return batch.evaluate(cr, values, weights=w)[1][:, 0]

        def by_level(vs: Any, j: int = j) -> Any:
            v = np.repeat(values[None], len(vs), axis=0)  # [G, 1, D]
            v[:, 0, j] = vs
            # the directions a rubric's conditions may read move with the level: each known direction
            # (both of a directed dimension, slot 0 of a mutual one, when none is known) takes it too
            lv = np.repeat(ev.levels[None], len(vs), axis=0)  # [G, 1, Dall, 2]
            c = cr.columns[j]
            known = ~np.isnan(ev.levels[0, c])
            slots = known if known.any() else np.array([True, bool(cr.directed[j])])
            lv[:, 0, c, :] = np.where(slots[None, :], vs[:, None], np.nan)
            return batch.evaluate(cr, v, levels=lv)[1][:, 0]

        wflip = _search(by_weight, float(base[j]), 0.0, wmax, label0, cr.labels)
        known = not np.isnan(values[0, j])
        status = "known" if known else ("unknown" if cr.policy == "skip" else "imputed")
        lflip = _search(by_level, float(values[0, j]), 0.0, 4.0, label0, cr.labels) if known else None
        if_known = None if known else {k: cr.labels[int(x)] for k, x in
                                       enumerate(by_level(np.arange(5, dtype=float)))}
        out.append(DimensionSensitivity(dim, status, wflip, lflip, if_known, first[j]))
    total_first = sum(first)
    return Sensitivity(pair=ev.pairs[0], score=float(score0[0]), label=cr.labels[label0], labels=cr.labels,
                       weight_draws=draws, spread=spread, keep_label=round(keep, 6), weight_label_shares=shares,
                       dimensions=tuple(out), interactions=round(max(0.0, 1.0 - total_first), 4), uncertainty=sim)
