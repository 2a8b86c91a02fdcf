"""How sure is the label? Monte Carlo over the evidence, vectorised with numpy.

The model (one table, `KERNELS`): each known level is the coder's best reading, not the truth. In a
draw, an observation rated at level L with confidence c takes level L + k with the probability that
`KERNELS[c]` gives offset k, clipped to 0..4 (mass beyond an end stays on that end):

    confidence  -2     -1     0      +1     +2
    high        .      0.05   0.90   0.05   .
    medium      .      0.15   0.70   0.15   .
    low         0.05   0.20   0.50   0.20   0.05

Each direction of a directed dimension is drawn on its own; the draws then go through the rubric
exactly as the point score does (fold, missing-data policy, transform, aggregation, bands, rules,
coverage floor). Unknown dimensions follow the rubric's missing-data policy: under `skip` they are
left out of every draw, as they are of the score (what they might hide shows in the coverage and the
insufficient-evidence label, not in the interval); under `zero` or `midpoint`, where the rubric puts a
stand-in value, the stand-in varies uniformly over the whole range 0..4 (integers) in each draw, and
still never counts as known. Under `zero` the interval can therefore sit above the point score, which
takes the pessimistic stand-in.

Results are seeded and deterministic: each tie draws from its own stream, seeded by (seed, pair), so
a tie's interval does not depend on which other ties are simulated with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import batch
from .dataset import LoadedDataset
from .rubric import ResolvedRubric

MODEL = "confidence-kernels-1"
DEFAULT_DRAWS = 2000
DEFAULT_SEED = 20260101
DEFAULT_LEVEL = 0.90
KERNELS: dict[str, dict[int, float]] = {
    "high": {-1: 0.05, 0: 0.90, 1: 0.05},
    "medium": {-1: 0.15, 0: 0.70, 1: 0.15},
    "low": {-2: 0.05, -1: 0.20, 0: 0.50, 1: 0.20, 2: 0.05},
}
_CHUNK = 4_000_000  # level cells (draws x ties x dimensions x 2) held in memory at once
_RESOLUTION = 1000  # draws use integers 0..999; every kernel probability is a multiple of 1/1000


def _table() -> Any:
    """int8[confidence * 5 + level, RESOLUTION]: the drawn level for each of the equally likely bins."""
    out = np.zeros((len(batch.CONFIDENCES) * 5, _RESOLUTION), dtype=np.int8)
    for c, name in enumerate(batch.CONFIDENCES):
        kernel = KERNELS[name]
        bins = {k: round(p * _RESOLUTION) for k, p in kernel.items()}
        if sum(bins.values()) != _RESOLUTION or any(abs(bins[k] - p * _RESOLUTION) > 1e-9 for k, p in kernel.items()):
            raise ValueError(f"kernel {name!r} must sum to 1 in multiples of 1/{_RESOLUTION}")
        for level in range(5):
            row, start = out[c * 5 + level], 0
            for offset in sorted(bins):
                row[start:start + bins[offset]] = min(4, max(0, level + offset))
                start += bins[offset]
    return out


def tie_rng(seed: int, pair: tuple[str, str], purpose: int = 0) -> Any:
    """A random stream of one tie: the same (seed, pair, purpose) always gives the same draws.

    purpose 0: the evidence draws; 1: the weight draws of `allyscore.sensitivity`.
    """
    key = int.from_bytes(f"{pair[0]}-{pair[1]}".encode(), "big")
    return np.random.default_rng(np.random.SeedSequence([int(seed) & 0xFFFFFFFFFFFFFFFF, key, purpose]))


def draw_levels(evidence: batch.Evidence, draws: int, seed: int, ties: slice = slice(None),
                stand_ins: bool = True) -> tuple[Any, Any]:
    """Drawn levels float[N, T, Dall, 2] (NaN stays NaN) and uniform stand-ins float[N, T, Dall] (0..4).

    Per tie, in this order from its own stream: bins for every (dimension, direction) cell, whether
    known or not (so a tie's draws do not depend on which cells are known), then the stand-ins.
    """
    table = _table()
    levels = evidence.levels[ties]
    conf = evidence.confidence[ties]
    pairs = evidence.pairs[ties]
    n_dims = levels.shape[1]
    known = ~np.isnan(levels)
    row = np.where(known, conf.astype(np.intp) * 5 + np.where(known, levels, 0).astype(np.intp), 0)
    drawn = np.empty((draws, len(pairs), n_dims, 2))
    stand_in = np.empty((draws, len(pairs), n_dims)) if stand_ins else None
    for t, pair in enumerate(pairs):
        rng = tie_rng(seed, pair)
        bins = rng.integers(0, _RESOLUTION, (draws, n_dims, 2), dtype=np.int16)
        drawn[:, t] = np.where(known[t], table[row[t], bins], np.nan)
        if stand_in is not None:
            stand_in[:, t] = rng.integers(0, 5, (draws, n_dims), dtype=np.int8)
    return drawn, stand_in


@dataclass(frozen=True)
class TieUncertainty:
    pair: tuple[str, str]
    score: float  # the point score
    label: str  # the point label
    mean: float
    low: float
    high: float
    level: float
    label_probabilities: dict[str, float]  # every label of the rubric, in its order; sums to 1
    draws: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        return {"pair": list(self.pair), "score": self.score, "label": self.label,
                "interval": {"low": self.low, "high": self.high, "level": self.level},
                "label_probabilities": dict(self.label_probabilities),
                "simulation": {"draws": self.draws, "seed": self.seed, "mean": self.mean, "model": MODEL}}


@dataclass(frozen=True)
class Draws:
    """The raw draws for some ties: scores float[N, T], labels int16[N, T], folded values float[N, T, D]."""

    compiled: batch.CompiledRubric
    evidence: batch.Evidence
    scores: Any
    labels: Any
    values: Any  # the value each dimension entered the score with (drawn level or stand-in)


def run(cr: batch.CompiledRubric, evidence: batch.Evidence, draws: int, seed: int,
        ties: slice = slice(None), weights: Any | None = None) -> Draws:
    """Draw evidence for some ties and score every draw."""
    levels, stand_in = draw_levels(evidence, draws, seed, ties, stand_ins=cr.policy != "skip")
    sub = batch.Evidence(evidence.pairs[ties], evidence.dims, evidence.directed, evidence.levels[ties],
                         evidence.confidence[ties], evidence.as_of, evidence.signals, evidence.records,
                         {k: v[ties] for k, v in (evidence.under or {}).items()})
    values = batch.fold(cr, sub, levels)
    imputed = None if stand_in is None else stand_in[..., cr.columns]
    scores, labels = batch.evaluate(cr, values, weights=weights, imputed=imputed, levels=levels, under=sub.under)
    entered = values if imputed is None else np.where(np.isnan(values), imputed, values)
    return Draws(cr, sub, scores, labels, entered)


def simulate(data: LoadedDataset, ties: Iterable[Any] | None, rubric: ResolvedRubric,
             as_of: dt.date | None = None, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
             level: float = DEFAULT_LEVEL) -> list[TieUncertainty]:
    """Each tie's interval (`level`, e.g. 0.9), label probabilities and mean over `draws` draws.

    `ties`: Tie objects or (code, code) pairs, None for every tie. Results follow the order given.
    """
    from .errors import AllyscoreError

    if draws < 1:
        raise AllyscoreError(f"--draws: {draws} is too few", hint="draw at least 1 (e.g. 2000)")
    if not 0 < level < 1:
        raise AllyscoreError(f"--level: {level:g} is not between 0 and 1", hint="e.g. --level 0.9")
    ev = batch.compile_evidence(data, ties, as_of, rubric)
    cr = batch.compile_rubric(rubric, ev)
    point_scores, point_labels = batch.point(cr, ev)
    if not cr.vectorised:  # the point score comes from the engine itself
        exact = batch.score_all(data, rubric, as_of, batch.resolve_ties(data, ties))
        point_scores = exact.scores
        point_labels = np.array([cr.label_index(x) for x in exact.labels])
    per_chunk = max(1, _CHUNK // max(1, draws * len(ev.dims) * 2))
    out: list[TieUncertainty] = []
    q = [(1 - level) / 2, 1 - (1 - level) / 2]
    for start in range(0, len(ev.pairs), per_chunk):
        part = slice(start, min(len(ev.pairs), start + per_chunk))
        d = run(cr, ev, draws, seed, part)
        lows, highs = np.quantile(d.scores, q, axis=0)
        means = d.scores.mean(axis=0)
        for i, t in enumerate(range(part.start, part.stop)):
            counts = np.bincount(d.labels[:, i], minlength=len(cr.labels))
            probs = {lab: round(int(c) / draws, 6) for lab, c in zip(cr.labels, counts)}
            out.append(TieUncertainty(
                pair=ev.pairs[t], score=float(point_scores[t]), label=cr.labels[int(point_labels[t])],
                mean=round(float(means[i]), 4), low=round(float(lows[i]), 4), high=round(float(highs[i]), 4),
                level=level, label_probabilities=probs, draws=draws, seed=seed))
    return out
