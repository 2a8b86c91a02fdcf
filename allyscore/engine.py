"""Score a tie under a rubric as of a date: levels -> folded values -> transform -> aggregate -> label.

Pure: no printing, no files. Everything a renderer shows is in the returned `TieScore`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any

from .dataset import LoadedDataset
from .model import MUTUAL, Observation, Tie
from .plugins import registry
from .records import Frozen, frozen
from .rubric import Condition, ResolvedRubric

_CONFIDENCE_ORDER = {"low": 0, "medium": 1, "high": 2}


@frozen
class DimensionScore(Frozen):
    id: str
    name: str
    directed: bool
    signal: str
    flows: dict[str, int | None]  # "IRN->RUS" -> level, or "mutual" -> level; None: unknown
    value: float | None  # the folded level, 0..4 (None: unknown and left out)
    status: str  # known | unknown | imputed
    weight: float
    transformed: float | None  # 0..1
    contribution: float  # points of the 0..100 score
    confidence: str | None  # the lowest confidence among the observations used
    observations: tuple[Observation, ...]


@frozen
class Asymmetry(Frozen):
    index: float  # -1..1; positive: the first party of the pair gives more than it gets
    gives: dict[str, float]  # code -> weighted share of the maximum it could give (0..1)
    giver: str | None
    flagged: bool
    compared: tuple[str, ...]  # directed dimensions known both ways

    def describe(self, names: dict[str, str]) -> str:
        if self.giver is None or not self.compared:
            return "balanced" if self.compared else "no directed dimension is known both ways"
        other = next(c for c in self.gives if c != self.giver)
        return f"{names[self.giver]} gives {names[other]} more than it gets"


@frozen
class Indicators(Frozen):
    asymmetry: Asymmetry
    say_do_gap: float | None  # points: cheap talk minus costly support, each on 0..100
    coverage: float  # the share of the rubric's weight resting on known dimensions


@frozen
class TieScore(Frozen):
    pair: tuple[str, str]
    names: dict[str, str]
    as_of: dt.date
    rubric: ResolvedRubric
    score: float
    label: str
    label_title: str
    reasons: tuple[str, ...]
    dimensions: tuple[DimensionScore, ...]
    indicators: Indicators
    crises: tuple[Any, ...] = field(default=())
    top_label: str | None = None  # the label of the rubric's highest band (e.g. alliance)
    short_of: tuple[str, ...] = ()  # what keeps the tie from the top label (empty when it has it)
    unscored: tuple[str, ...] = ()  # catalog dimensions the rubric does not score

    def dimension(self, dim_id: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.id == dim_id)


def in_effect(observations: list[Observation], day: dt.date, crisis_start: dict[str, dt.date] | None = None,
              ) -> Observation | None:
    """The observation that holds on `day` for one dimension and direction.

    An ordinary observation holds over its period; of those that cover the day, the latest to begin wins.
    An observation linked to a crisis is a record of what was delivered in that crisis: it holds from
    the crisis on (its `until` ends the delivery, not the record). The record of the most recent crisis
    that had begun by `day` counts, at its peak so far; a later ordinary observation (say, "untested
    since the regime changed") replaces it.
    """
    best = None
    for obs in observations:
        if obs.crisis is None and obs.holds_on(day) and (best is None or obs.since > best.since):
            best = obs
    starts = crisis_start or {}
    record = None
    for obs in observations:
        if obs.crisis is None or obs.since > day or obs.level is None:
            continue
        key = (starts.get(obs.crisis, obs.since), obs.level, obs.since)
        if record is None or key > record[0]:
            record = (key, obs)
    if record is not None and (best is None or best.since <= record[1].since):
        return record[1]
    return best


def observations_in_effect(data: LoadedDataset, tie: Tie, day: dt.date) -> dict[tuple[str, str], Observation]:
    """For each (dimension, direction) the tie has observations for, the one in effect on `day`.

    A (dimension, direction) with no observation in effect is absent: unknown.
    """
    groups: dict[tuple[str, str], list[Observation]] = {}
    for obs in tie.observations:
        groups.setdefault((obs.dimension, obs.direction), []).append(obs)
    starts = data.crisis_starts
    out = {}
    for key, observations in groups.items():
        chosen = in_effect(observations, day, starts)
        if chosen is not None:
            out[key] = chosen
    return out


def score_tie(data: LoadedDataset, tie: Tie, rubric: ResolvedRubric, as_of: dt.date | None = None) -> TieScore:
    """Score one tie. The result does not depend on the order of the pair."""
    day = as_of or data.default_day(tie)
    a, b = tie.key
    spec = rubric.model
    reg = registry()
    current = observations_in_effect(data, tie, day)

    rows: list[dict[str, Any]] = []
    for dim in data.header.dimensions:
        dim_spec = spec.dimensions.get(dim.id)
        if dim_spec is None:
            continue
        directions = [f"{a}->{b}", f"{b}->{a}"] if dim.directed else [MUTUAL]
        used = [current.get((dim.id, d)) for d in directions]
        flows = {d: (o.level if o else None) for d, o in zip(directions, used)}
        known = {d: float(v) for d, v in flows.items() if v is not None}
        if known and dim_spec.unknown_direction is not None:
            known = {d: float(v) if v is not None else float(dim_spec.unknown_direction) for d, v in flows.items()}
        value = None
        if known:
            fold = dim_spec.fold or spec.fold
            value = known[MUTUAL] if not dim.directed else reg.call("folds", fold, known, spec.focal)
        status = "known" if value is not None else "unknown"
        if value is None and spec.missing.policy != "skip":
            value, status = (0.0 if spec.missing.policy == "zero" else 2.0), "imputed"
        transformed = None
        if value is not None:
            t = dim_spec.transform or spec.transform
            transformed = float(reg.call("transforms", t.name, value / 4, **t.params))
        present = [o for o in used if o is not None]
        confidence = min((o.confidence for o in present), key=_CONFIDENCE_ORDER.__getitem__, default=None)
        rows.append(dict(dim=dim, weight=float(dim_spec.weight), flows=flows, value=value, status=status,
                         transformed=transformed, confidence=confidence, observations=tuple(present)))

    included = [r for r in rows if r["transformed"] is not None]
    score01, parts = reg.call("aggregators", spec.aggregation,
                              [r["transformed"] for r in included], [r["weight"] for r in included])
    contribution = {id(r): 100.0 * p for r, p in zip(included, parts)}
    score = round(max(0.0, min(100.0, 100.0 * float(score01))), 6)
    dims = tuple(DimensionScore(
        id=r["dim"].id, name=r["dim"].name, directed=r["dim"].directed, signal=r["dim"].signal,
        flows=r["flows"], value=r["value"], status=r["status"], weight=r["weight"],
        transformed=r["transformed"], contribution=round(contribution.get(id(r), 0.0), 6),
        confidence=r["confidence"], observations=r["observations"]) for r in rows)

    total_weight = sum(d.weight for d in dims)
    coverage = sum(d.weight for d in dims if d.status == "known") / total_weight if total_weight else 0.0
    indicators = Indicators(_asymmetry(dims, a, b, spec.indicators.asymmetry_flag), _say_do_gap(dims),
                            round(coverage, 6))
    known = {d.id: d.value for d in dims if d.status == "known"}
    label, reasons = _label(spec, score, known, coverage)
    top, short_of = _short_of(spec, score, known, coverage, label)
    names = {a: data.countries.name(a), b: data.countries.name(b)}
    crises = tuple(c for c in data.crises_for(tie) if c.start <= day)
    return TieScore(pair=(a, b), names=names, as_of=day, rubric=rubric, score=score, label=label,
                    label_title=spec.labels[label].title, reasons=tuple(reasons), dimensions=dims,
                    indicators=indicators, crises=crises, top_label=top, short_of=short_of,
                    unscored=tuple(d.id for d in data.header.dimensions if d.id not in spec.dimensions))


def _holds(cond: Condition, value: float | None) -> bool:
    if value is None:
        return False
    eps = 1e-9
    return (cond.min is None or value >= cond.min - eps) and (cond.max is None or value <= cond.max + eps)


def _label(spec: Any, score: float, values: dict[str, float], coverage: float) -> tuple[str, list[str]]:
    """The band the score falls in, then each rule in order, then the coverage floor."""
    bands = sorted(spec.bands, key=lambda band: band.min)
    label = next((band.label for band in bands if band.min <= score < band.max), bands[-1].label)
    reasons = []
    values = {**values, "score": score}
    for rule in spec.rules:
        if rule.if_label is not None and label not in rule.if_label:
            continue
        when = all(_holds(c, values.get(k)) for k, c in rule.when.items())
        unless = bool(rule.unless) and all(_holds(c, values.get(k)) for k, c in rule.unless.items())
        if when and not unless and (rule.when or rule.unless):
            label = rule.label
            reasons.append(rule.reason)
    if spec.missing.label is not None and coverage < spec.missing.min_coverage:
        label = spec.missing.label
        reasons.append(f"only {coverage:.0%} of the rubric's weight rests on known dimensions "
                       f"(needs {spec.missing.min_coverage:.0%})")
    return label, reasons


def _short_of(spec: Any, score: float, values: dict[str, float], coverage: float,
              label: str) -> tuple[str, tuple[str, ...]]:
    """What keeps a tie from the label of the highest band: the score, then any rule that would
    relabel it even with a top-band score (e.g. "no defence pledge")."""
    top_band = max(spec.bands, key=lambda band: band.max)
    if label == top_band.label:
        return top_band.label, ()
    out = []
    if score < top_band.min:
        out.append(f"score {score:.1f} is below {top_band.min:g}")
    hypothetical, reasons = _label(spec, max(score, top_band.min), values, coverage)
    if hypothetical != top_band.label:
        out += reasons
    return top_band.label, tuple(out)


def _asymmetry(dims: tuple[DimensionScore, ...], a: str, b: str, flag: float) -> Asymmetry:
    gives = {a: 0.0, b: 0.0}
    weight = 0.0
    compared = []
    for d in dims:
        if not d.directed or d.weight <= 0:
            continue
        ab, ba = d.flows.get(f"{a}->{b}"), d.flows.get(f"{b}->{a}")
        if ab is None or ba is None:
            continue
        compared.append(d.id)
        gives[a] += d.weight * ab / 4
        gives[b] += d.weight * ba / 4
        weight += d.weight
    total = gives[a] + gives[b]
    index = (gives[a] - gives[b]) / total if total else 0.0
    giver = None if abs(index) < 1e-9 else (a if index > 0 else b)
    shares = {k: round(v / weight, 6) if weight else 0.0 for k, v in gives.items()}
    return Asymmetry(round(index, 6), shares, giver, abs(index) >= flag and bool(compared), tuple(compared))


def _say_do_gap(dims: tuple[DimensionScore, ...]) -> float | None:
    def mean(signal: str) -> float | None:
        known = [d for d in dims if d.signal == signal and d.status == "known" and d.value is not None]
        weight = sum(max(d.weight, 1e-9) for d in known)
        if not known:
            return None
        return sum(max(d.weight, 1e-9) * (d.value or 0) / 4 for d in known) / weight

    talk, deeds = mean("cheap"), mean("costly")
    if talk is None or deeds is None:
        return None
    return round(100 * (talk - deeds), 6)
