"""Score many ties at once with numpy: the engine's pipeline on arrays, with an optional draws axis.

The evidence of a dataset at a date compiles into `levels[tie, dimension, direction]` (NaN: unknown;
direction 0 is key[0]->key[1], 1 the reverse, where key is the tie's sorted pair as in the engine;
a mutual dimension uses slot 0 only) and the confidence of each observation in effect. A rubric's
built-in parts (weights, folds mean/min/max/toward_focal with `unknown_direction`, transforms linear/power/threshold,
aggregators weighted_mean/weighted_geometric, missing policy skip/zero/midpoint, bands or ordered
classes, rules, conditions on one direction, the say-do gap and min_coverage) compile into vectors.
Crisis records read as the rubric reads them (weakest, wars of choice) are compiled into the evidence
(`compile_evidence(..., rubric=)`); a `tested_under` record is fixed by the evidence and not drawn.
`evaluate` then gives the score and label of every tie, and of every draw when the arrays carry
leading axes (draws of levels, of weights, or both).

A rubric that names a fold, transform or aggregator the batch engine cannot vectorise (a plugin's, or
a built-in name that a plugin replaced) is still scored correctly: `score_all` falls back to
`engine.score_tie` per tie, and `evaluate` (used for draws) calls the plugin's function element by
element in Python. That is slow but gives the engine's numbers. `CompiledRubric.vectorised` says
which path a rubric takes.

numpy is imported here (and in the modules built on this one) only, so that commands that do not
simulate never pay for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .dataset import LoadedDataset
from .engine import observations_in_effect, record_under, records_of, score_tie, tested_under_conditions, under_key
from .model import MUTUAL, Tie
from .rubric import ResolvedRubric

CONFIDENCES = ("low", "medium", "high")  # codes 0, 1, 2; -1: no observation with a level
FOLDS = ("mean", "min", "max", "toward_focal")
TRANSFORMS = {"linear": set(), "power": {"exponent"}, "threshold": {"at"}}
AGGREGATORS = ("weighted_mean", "weighted_geometric")
_EPS = 1e-9  # as in the engine's conditions and threshold transform


# --- evidence ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """The levels and confidences in effect on `as_of` for some ties of a dataset."""

    pairs: tuple[tuple[str, str], ...]  # each tie's key (sorted pair)
    dims: tuple[str, ...]  # the dataset's dimension ids, in catalog order
    directed: Any  # bool[D]
    levels: Any  # float[T, D, 2], NaN: unknown
    confidence: Any  # int8[T, D, 2], index into CONFIDENCES, -1 where the level is unknown
    as_of: dt.date
    signals: tuple[str, ...] = ()  # each dimension's signal (costly, moderate, cheap), in catalog order
    records: tuple[tuple[str, Any], ...] = ()  # (dimension, (mode, floor)): how crisis records were read
    # the records the rubric's `tested_under` conditions read: engine.under_key -> float[T, 2] (NaN: none)
    under: dict[tuple[Any, ...], Any] | None = None

    def index(self, pair: Sequence[str]) -> int:
        a, b = pair
        key = (a, b) if a <= b else (b, a)
        return self.pairs.index(key)


def resolve_ties(data: LoadedDataset, ties: Iterable[Any] | None) -> list[Tie]:
    """Ties given as Tie objects or (code, code) pairs; None: every tie of the dataset."""
    if ties is None:
        return list(data.model.ties)
    return [t if isinstance(t, Tie) else data.tie(*t) for t in ties]


def compile_evidence(data: LoadedDataset, ties: Iterable[Any] | None = None,
                     as_of: dt.date | None = None, rubric: ResolvedRubric | None = None) -> Evidence:
    """The levels in effect on `as_of` (default: the dataset's date) as arrays, with crisis records read
    as `rubric` reads them (see `engine.records_of`; default: the latest crisis)."""
    records = records_of(rubric) if rubric is not None else {}
    day = as_of or data.header.as_of
    chosen = resolve_ties(data, ties)
    dims = [d.id for d in data.header.dimensions]
    col = {d: i for i, d in enumerate(dims)}
    directed = np.array([d.directed for d in data.header.dimensions], dtype=bool)
    levels = np.full((len(chosen), len(dims), 2), np.nan)
    conf = np.full((len(chosen), len(dims), 2), -1, dtype=np.int8)
    code = {c: i for i, c in enumerate(CONFIDENCES)}
    for t, tie in enumerate(chosen):
        a, b = tie.key
        slots = {MUTUAL: 0, f"{a}->{b}": 0, f"{b}->{a}": 1}
        # the engine's own choice of the observation in effect (periods, crisis records)
        for (dim, direction), obs in observations_in_effect(data, tie, day, records).items():
            if obs is None or obs.level is None or dim not in col or direction not in slots:
                continue
            s = slots[direction]
            levels[t, col[dim], s] = obs.level
            conf[t, col[dim], s] = code[obs.confidence]
    under = {}
    for key in (tested_under_conditions(rubric.model) if rubric is not None else []):
        values = np.full((len(chosen), 2), np.nan)
        for t, tie in enumerate(chosen):
            a, b = tie.key
            for s, direction in enumerate((f"{a}->{b}", f"{b}->{a}")):
                got = record_under(data, tie, day, direction, key, records.get(key[0], ("latest", None)))
                values[t, s] = np.nan if got is None else got
        under[key] = values
    return Evidence(tuple(t.key for t in chosen), tuple(dims), directed, levels, conf, day,
                    tuple(d.signal for d in data.header.dimensions), tuple(sorted(records.items())), under)


# --- rubric ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CompiledRubric:
    """A rubric's scoring rules as vectors over the dimensions it shares with the dataset."""

    rubric: ResolvedRubric
    dims: tuple[str, ...]  # the rubric's dimensions present in the dataset, in catalog order
    columns: Any  # int[D]: each one's column in Evidence.levels
    directed: Any  # bool[D]
    weights: Any  # float[D]
    folds: tuple[str, ...]
    unknown_direction: tuple[float | None, ...]  # fills an unknown direction when the other is known
    transforms: tuple[tuple[str, dict[str, float]], ...]
    aggregation: str
    focal: str | None
    policy: str
    labels: tuple[str, ...]  # the rubric's label ids; labels are returned as indices into this
    vectorised: bool  # False: some part is a plugin's (see the module docstring)
    levels: Any = None  # the evidence's levels float[T, Dall, 2], read by per-direction conditions
    under: Any = None  # the evidence's `tested_under` records (see Evidence.under)
    signals: tuple[str, ...] = ()  # each rubric dimension's signal, for the say-do gap

    @property
    def spec(self) -> Any:
        return self.rubric.model

    def label_index(self, label: str) -> int:
        return self.labels.index(label)


def _is_builtin(kind: str, name: str) -> bool:
    from . import builtins
    from .plugins import registry

    expected = {"folds": {"mean": builtins.fold_mean, "min": builtins.fold_min, "max": builtins.fold_max,
                          "toward_focal": builtins.fold_toward_focal},
                "transforms": {"linear": builtins.linear, "power": builtins.power,
                               "threshold": builtins.threshold},
                "aggregators": {"weighted_mean": builtins.weighted_mean,
                                "weighted_geometric": builtins.weighted_geometric}}[kind]
    try:
        return registry().get(kind, name) is expected.get(name)
    except Exception:
        return False


def compile_rubric(rubric: ResolvedRubric, evidence: Evidence) -> CompiledRubric:
    spec = rubric.model
    if tuple(sorted(records_of(rubric).items())) != evidence.records or \
            set(tested_under_conditions(spec)) - set(evidence.under or {}):
        raise ValueError(f"{rubric.ref} reads crisis records as {records_of(rubric) or 'latest'}: compile the "
                         "evidence with compile_evidence(..., rubric=rubric)")
    col = {d: i for i, d in enumerate(evidence.dims)}
    dims = tuple(d for d in evidence.dims if d in spec.dimensions)
    folds = tuple(spec.dimensions[d].fold or spec.fold for d in dims)
    transforms = tuple(((spec.dimensions[d].transform or spec.transform).name,
                        dict((spec.dimensions[d].transform or spec.transform).params)) for d in dims)
    directed = np.array([bool(evidence.directed[col[d]]) for d in dims], dtype=bool)
    vectorised = (_is_builtin("aggregators", spec.aggregation)
                  and all(_is_builtin("folds", f) for f, dr in zip(folds, directed) if dr)
                  and all(_is_builtin("transforms", n) and set(p) <= TRANSFORMS[n] for n, p in transforms))
    return CompiledRubric(
        rubric=rubric, dims=dims, columns=np.array([col[d] for d in dims], dtype=np.intp), directed=directed,
        weights=np.array([float(spec.dimensions[d].weight) for d in dims]), folds=folds,
        unknown_direction=tuple(getattr(spec.dimensions[d], "unknown_direction", None) for d in dims),
        transforms=transforms,
        aggregation=spec.aggregation, focal=spec.focal, policy=spec.missing.policy, labels=tuple(spec.labels),
        vectorised=vectorised, levels=evidence.levels, under=evidence.under,
        signals=tuple(evidence.signals[col[d]] for d in dims) if evidence.signals else ())


# --- the pipeline --------------------------------------------------------------------------------

def fold(cr: CompiledRubric, evidence: Evidence, levels: Any | None = None) -> Any:
    """Folded levels float[..., T, D] (NaN: unknown) from levels float[..., T, Dall, 2]."""
    from .plugins import registry

    lv = evidence.levels if levels is None else levels
    out = np.empty(lv.shape[:-2] + (len(cr.dims),))
    for j, (c, name) in enumerate(zip(cr.columns, cr.folds)):
        ab, ba = lv[..., c, 0], lv[..., c, 1]
        fill = cr.unknown_direction[j]
        if cr.directed[j] and fill is not None:  # as the engine: only when the other direction is known
            either = ~(np.isnan(ab) & np.isnan(ba))
            ab = np.where(np.isnan(ab) & either, float(fill), ab)
            ba = np.where(np.isnan(ba) & either, float(fill), ba)
        if not cr.directed[j]:
            out[..., j] = ab
        elif not _is_builtin("folds", name):
            out[..., j] = _fold_elementwise(name, ab, ba, evidence.pairs, cr.focal)
        elif name == "mean":
            out[..., j] = np.where(np.isnan(ab), ba, np.where(np.isnan(ba), ab, (ab + ba) / 2))
        elif name == "min":
            out[..., j] = np.fmin(ab, ba)
        elif name == "max":
            out[..., j] = np.fmax(ab, ba)
        else:  # toward_focal: the flow toward the focal party when it is in the pair, else the mean
            toward = np.array([1 if key[0] == cr.focal else 0 if key[1] == cr.focal else -1
                               for key in evidence.pairs])
            mean = np.where(np.isnan(ab), ba, np.where(np.isnan(ba), ab, (ab + ba) / 2))
            out[..., j] = np.where(toward == 0, ab, np.where(toward == 1, ba, mean))
    return out


def _fold_elementwise(name: str, ab: Any, ba: Any, pairs: Sequence[tuple[str, str]], focal: str | None) -> Any:
    """A plugin's fold, called once per tie and draw with the engine's arguments (results must be finite)."""
    from .plugins import registry

    fn = registry().get("folds", name)
    out = np.full(ab.shape, np.nan)
    for idx in np.ndindex(ab.shape):
        a, b = pairs[idx[-1]]
        flows = {k: float(v) for k, v in ((f"{a}->{b}", ab[idx]), (f"{b}->{a}", ba[idx])) if not np.isnan(v)}
        if flows:
            value = fn(flows, focal)
            out[idx] = np.nan if value is None else registry().finite("folds", name, value)
    return out


def _transform(name: str, params: dict[str, float], x: Any) -> Any:
    if not _is_builtin("transforms", name):
        from .plugins import registry

        fn = registry().get("transforms", name)
        out = np.full(x.shape, np.nan)
        for idx in np.ndindex(x.shape):
            if not np.isnan(x[idx]):
                out[idx] = registry().finite("transforms", name, fn(float(x[idx]), **params))
        return out
    if name == "linear":
        return x
    if name == "power":
        return x ** float(params.get("exponent", 2.0))
    at = float(params.get("at", 0.5))
    return np.where(np.isnan(x), np.nan, np.where(x >= at - _EPS, 1.0, 0.0))


def evaluate(cr: CompiledRubric, values: Any, weights: Any | None = None,
             imputed: Any | None = None, exact_rounding: bool = False, levels: Any | None = None,
             under: Any | None = None) -> tuple[Any, Any]:
    """Scores float[..., T] (0..100, rounded as the engine rounds) and label indices int16[..., T].

    `values`: folded levels float[..., T, D] (NaN: unknown). `weights`: float[D] (default: the
    rubric's), or float[N, D] for N draws of weights (then values' leading axis, if any, is N too).
    `imputed`: float[..., T, D], the value an unknown dimension takes when the missing-data policy
    imputes one (default: 0 for `zero`, 2 for `midpoint`); it never counts as known.
    `exact_rounding`: round with Python's `round` (as the engine does) rather than `np.round`, which
    can differ in the sixth decimal at half-way cases; for point scores, where T is small.
    `levels`: the levels float[..., T, Dall, 2] the values were folded from (default: the evidence's),
    read by conditions on one direction (`in_some_direction`); `under`: the `tested_under` records for
    the same ties (default: the evidence's).
    """
    spec = cr.spec
    w = cr.weights if weights is None else np.asarray(weights, dtype=float)
    shape = np.broadcast_shapes(values.shape[:-1], (w.shape[0], 1) if w.ndim == 2 else ())
    lead = (1,) * (len(shape) - 1)
    wcol = (lambda j: w[j]) if w.ndim == 1 else (lambda j: w[:, j].reshape((-1,) + lead))
    known = ~np.isnan(values)
    if cr.policy == "skip":
        filled = values
    else:
        fill = imputed if imputed is not None else (0.0 if cr.policy == "zero" else 2.0)
        filled = np.where(known, values, fill)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        trans = [_transform(n, p, filled[..., j] / 4) for j, (n, p) in enumerate(cr.transforms)]
        total = np.zeros(shape)
        for j, t in enumerate(trans):
            total = total + np.where(np.isnan(t), 0.0, wcol(j))
        if not _is_builtin("aggregators", cr.aggregation):
            score01 = _aggregate_elementwise(cr, trans, wcol, shape)
        elif cr.aggregation == "weighted_mean":
            score01 = np.zeros(shape)
            for j, t in enumerate(trans):  # the engine's order of operations: sum of w * v / total
                score01 = score01 + np.where(np.isnan(t), 0.0, wcol(j) * t / total)
            score01 = np.where(total > 0, score01, 0.0)
        else:  # weighted_geometric, floor 0.01
            logs = np.zeros(shape)
            for j, t in enumerate(trans):
                logs = logs + np.where(np.isnan(t), 0.0, wcol(j) * np.log(np.maximum(t, 0.01)) / total)
            score01 = np.where(total > 0, np.exp(logs), 0.0)
        score = np.clip(100.0 * score01, 0.0, 100.0)
        if exact_rounding:
            score = np.array([round(float(x), 6) for x in score.ravel()]).reshape(score.shape)
        else:
            score = np.round(score, 6)
        # coverage: the share of the weight on known dimensions (engine: unrounded)
        all_weight: Any = 0.0
        known_weight = np.zeros(shape)
        for j in range(len(cr.dims)):
            all_weight = all_weight + wcol(j)
            known_weight = known_weight + np.where(known[..., j], wcol(j), 0.0)
        coverage = np.where(all_weight > 0, known_weight / all_weight, 0.0)
        gap = _say_do_gap(cr, values, wcol, shape)
    return score, _labels(cr, score, values, coverage, gap, cr.levels if levels is None else levels,
                          cr.under if under is None else under)


def _aggregate_elementwise(cr: CompiledRubric, trans: list[Any], wcol: Any, shape: tuple[int, ...]) -> Any:
    from .plugins import registry

    fn = registry().get("aggregators", cr.aggregation)
    cols = [np.broadcast_to(t, shape) for t in trans]
    wts = [np.broadcast_to(wcol(j), shape) for j in range(len(trans))]
    out = np.zeros(shape)
    for idx in np.ndindex(shape):
        inc = [j for j in range(len(cols)) if not np.isnan(cols[j][idx])]
        score, parts = fn([float(cols[j][idx]) for j in inc], [float(wts[j][idx]) for j in inc])
        for part in parts:
            registry().finite("aggregators", cr.aggregation, part)
        out[idx] = registry().finite("aggregators", cr.aggregation, score)
    return out


def _holds(cond: Any, x: Any) -> Any:
    ok = ~np.isnan(x)
    if cond.min is not None:
        ok &= x >= cond.min - _EPS
    if cond.max is not None:
        ok &= x <= cond.max + _EPS
    return ok


def _say_do_gap(cr: CompiledRubric, values: Any, wcol: Any, shape: tuple[int, ...]) -> Any:
    """The engine's say-do gap: cheap talk minus costly deeds (weighted known levels, 0..100), rounded."""
    def mean(signal: str) -> Any:
        num, den = np.zeros(shape), np.zeros(shape)
        for j, sig in enumerate(cr.signals):
            if sig != signal:
                continue
            v = np.broadcast_to(values[..., j], shape)
            w = np.maximum(wcol(j), 1e-9)
            num = num + np.where(np.isnan(v), 0.0, w * np.nan_to_num(v) / 4)
            den = den + np.where(np.isnan(v), 0.0, w)
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)

    if not cr.signals:
        return np.full(shape, np.nan)
    return np.round(100 * (mean("cheap") - mean("costly")), 6)


def _labels(cr: CompiledRubric, score: Any, values: Any, coverage: Any, gap: Any, levels: Any,
            under: Any) -> Any:
    """The engine's `_label`: the first class that holds (or the band), then each rule in order, then
    the coverage floor."""
    spec = cr.spec
    col = {d: j for j, d in enumerate(cr.dims)}
    nan = np.full(score.shape, np.nan)

    def value(key: str) -> Any:
        if key == "score":
            return score
        if key == "coverage":
            return np.broadcast_to(coverage, score.shape)
        if key == "say_do_gap":
            return np.broadcast_to(gap, score.shape)
        return np.broadcast_to(values[..., col[key]], score.shape) if key in col else nan

    def direction(key: str, s: int) -> Any:
        if key not in col:
            return nan
        j = col[key]
        slot = s if cr.directed[j] else 0
        return np.broadcast_to(levels[..., cr.columns[j], slot], score.shape)

    def met(item: Any) -> Any:
        hit = np.ones(score.shape, dtype=bool)
        for k, c in item.when.items():
            hit &= _holds(c, value(k))
        if item.unless:
            unless = np.ones(score.shape, dtype=bool)
            for k, c in item.unless.items():
                unless &= _holds(c, value(k))
            hit &= ~unless
        if item.in_some_direction:
            some = np.zeros(score.shape, dtype=bool)
            for s in (0, 1):
                one = np.ones(score.shape, dtype=bool)
                for k, c in item.in_some_direction.items():
                    if c.tested_under:  # a record fixed by the evidence (not drawn)
                        lv = under[under_key(k, c, item.in_some_direction)][..., s]
                        one &= _holds(c, np.broadcast_to(lv, score.shape))
                    else:
                        one &= _holds(c, direction(k, s))
                some |= one
            hit &= some
        return hit

    if spec.classes:
        label = np.full(score.shape, -1, dtype=np.int16)
        for definition in spec.classes:  # the first class that holds wins
            take = (label < 0) & met(definition)
            label = np.where(take, np.int16(cr.label_index(definition.label)), label)
    else:
        bands = sorted(spec.bands, key=lambda band: band.min)
        label = np.full(score.shape, cr.label_index(bands[-1].label), dtype=np.int16)
        for band in reversed(bands):  # the first band that holds wins
            label = np.where((score >= band.min) & (score < band.max), np.int16(cr.label_index(band.label)),
                             label)
    for rule in spec.rules:
        if not (rule.when or rule.unless or rule.in_some_direction):
            continue
        hit = met(rule)
        if rule.if_label is not None:
            hit &= np.isin(label, [cr.label_index(x) for x in rule.if_label])
        label = np.where(hit, np.int16(cr.label_index(rule.label)), label)
    if spec.missing.label is not None:
        label = np.where(coverage < spec.missing.min_coverage, np.int16(cr.label_index(spec.missing.label)), label)
    return label


# --- convenience ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchScores:
    pairs: tuple[tuple[str, str], ...]
    scores: Any  # float[T]
    labels: tuple[str, ...]
    vectorised: bool

    def to_dict(self) -> list[dict[str, Any]]:
        return [{"pair": list(p), "score": float(s), "label": lab}
                for p, s, lab in zip(self.pairs, self.scores, self.labels)]


def score_all(data: LoadedDataset, rubric: ResolvedRubric, as_of: dt.date | None = None,
              ties: Iterable[Any] | None = None) -> BatchScores:
    """Every tie's score and label at once; equal to `engine.score_tie` tie by tie.

    A rubric with plugin parts falls back to `engine.score_tie` per tie.
    """
    chosen = resolve_ties(data, ties)
    ev = compile_evidence(data, chosen, as_of, rubric)
    cr = compile_rubric(rubric, ev)
    if not cr.vectorised:
        results = [score_tie(data, t, rubric, as_of) for t in chosen]
        return BatchScores(ev.pairs, np.array([r.score for r in results]), tuple(r.label for r in results), False)
    score, label = point(cr, ev)
    return BatchScores(ev.pairs, score, tuple(cr.labels[i] for i in label), True)


def point(cr: CompiledRubric, evidence: Evidence) -> tuple[Any, Any]:
    """The point scores float[T] and label indices int16[T] (no draws), rounded as the engine rounds."""
    return evaluate(cr, fold(cr, evidence), exact_rounding=True)
