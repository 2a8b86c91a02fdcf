"""Score a tie under a rubric as of a date: levels -> folded values -> transform -> aggregate -> label.

Pure: no printing, no files. Everything a renderer shows is in the returned `TieScore`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import field
from collections.abc import Sequence
from typing import Any

from .crises import crisis_event, event_dict
from .dataset import LoadedDataset
from .errors import AllyscoreError
from .model import MUTUAL, Observation, Tie
from .plain import SCHEMA_VERSION, dataset_dict, observation_dict, rubric_ref
from .plugins import registry
from .records import Frozen, filled, frozen
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

    def to_dict(self, data: Any = None, evidence: bool = False) -> dict[str, Any]:
        """Plain, JSON-ready data, as `rate --format json` writes it; `data` (the LoadedDataset) adds
        the dataset's reference, and is needed for `evidence`."""
        if evidence and data is None:
            from .errors import AllyscoreError

            raise AllyscoreError("to_dict(evidence=True) needs the dataset", hint="result.to_dict(data, evidence=True)")
        return tie_score_dict(self, data, evidence=evidence)


def in_effect(observations: list[Observation], day: dt.date, crisis_start: dict[str, dt.date] | None = None,
              record: str = "latest") -> Observation | None:
    """The observation that holds on `day` for one dimension and direction.

    An ordinary observation holds over its period; of those that cover the day, the latest to begin wins.
    An observation linked to a crisis is a record of what was delivered in that crisis: it holds from
    the crisis on (its `until` ends the delivery, not the record). The record of the most recent crisis
    that had begun by `day` counts, at its peak so far; a later ordinary observation (say, "untested
    since the regime changed") replaces it.

    `record="weakest"` reads a direction's crisis record as the weakest of its crises instead of the
    latest: each crisis counts at its peak so far, and the crisis with the lowest peak wins (of equal
    peaks, the latest crisis). The crises counted are those recorded since the ordinary observation in
    effect began (a later ordinary observation still resets the record). A partner that failed one test
    is not cleared by partial help in the next.
    """
    if len(observations) == 1 and observations[0].crisis is None:  # the common case, read at once
        return observations[0] if observations[0].holds_on(day) else None
    best = None
    for obs in observations:
        if obs.crisis is None and obs.holds_on(day) and (best is None or obs.since > best.since):
            best = obs
    starts = crisis_start or {}
    if record == "weakest":
        return _weakest_record(observations, day, starts, best)
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


def _weakest_record(observations: list[Observation], day: dt.date, starts: dict[str, dt.date],
                    best: Observation | None) -> Observation | None:
    peaks: dict[str, Observation] = {}
    for obs in observations:
        if obs.crisis is None or obs.since > day or obs.level is None:
            continue
        if best is not None and obs.since < best.since:
            continue  # recorded before the ordinary observation in effect began: reset
        peak = peaks.get(obs.crisis)
        if peak is None or (obs.level, obs.since) > (peak.level, peak.since):  # type: ignore[operator]
            peaks[obs.crisis] = obs
    if not peaks:
        return best
    return min(peaks.values(), key=lambda o: (o.level, -starts.get(o.crisis, o.since).toordinal()))  # type: ignore[arg-type]


Reading = tuple[str, Any]  # how a dimension's crisis record is read: (record mode, choice-war floor or None)


def records_of(rubric: ResolvedRubric) -> dict[str, Reading]:
    """The dimensions whose crisis record a rubric reads other than as the latest crisis with every
    record counted: dimension -> (record mode, choice_war_floor). See `observations_in_effect`."""
    out = {}
    for dim_id, spec in rubric.model.dimensions.items():
        mode, floor = spec.record or "latest", spec.choice_war_floor
        if mode != "latest" or floor is not None:
            out[dim_id] = (mode, None if floor is None else float(floor))
    return out


def observations_in_effect(data: LoadedDataset, tie: Tie, day: dt.date, records: dict[str, Reading] | None = None,
                           ) -> dict[tuple[str, str], Observation]:
    """For each (dimension, direction) the tie has observations for, the one in effect on `day`.

    A (dimension, direction) with no observation in effect is absent: unknown. `records`: dimension ->
    (mode, floor): the crisis record is read as the latest crisis (mode "latest", the default) or the
    weakest ("weakest"; see `in_effect`); with a floor, a record below it from a war of the tested
    party's choosing (a crisis whose target is among its attackers) is read as untested: no defensive
    pledge or partnership obliges a partner to join such a war, so only help delivered counts.
    """
    groups: dict[tuple[str, str], list[Observation]] = {}
    for obs in tie.observations:
        groups.setdefault((obs.dimension, obs.direction), []).append(obs)
    starts = data.crisis_starts
    readings = records or {}
    choice_wars = data.choice_wars if readings and any(f is not None for _, f in readings.values()) else frozenset()
    out = {}
    for key, observations in groups.items():
        mode, floor = readings.get(key[0], ("latest", None))
        if floor is not None:
            observations = [o for o in observations if not (o.crisis in choice_wars and o.level is not None
                                                             and o.level < floor - 1e-9)]
        chosen = in_effect(observations, day, starts, mode)
        if chosen is not None:
            out[key] = chosen
    return out


class _RubricMemo:
    """What score_tie works out once per rubric object: how the rubric reads crisis records, the
    `tested_under` records it needs, its catalog's dimensions, and, remembered as they are met, its
    sums for each distinct piece of evidence (see `_sums`) and its judgement (label, reasons, what a tie
    falls short of) of each distinct set of facts. Both are pure functions of the rubric and what they
    are keyed on, and ties share them: on its last day the world layer's 19,564 ties hold 269 distinct
    pieces of evidence under public-data (64 under costly-signals 2.0.0), so a report over them works
    out 269 sums and 136 judgements (counted 2026-11-30)."""

    def __init__(self, rubric: ResolvedRubric) -> None:
        self.rubric = rubric  # held, so that its id is not reused while this memo lives
        self.readings = records_of(rubric)
        self.under = tested_under_conditions(rubric.model)
        self.judged: dict[tuple[Any, ...], tuple[str, tuple[str, ...], str, tuple[str, ...]]] = {}
        self.sums: dict[tuple[Any, ...], _Sums] = {}
        self.shared = _order_free(rubric)
        self._header: Any = None
        self._scored: list[tuple[Any, Any, str, Any, float]] = []
        self._unscored: tuple[str, ...] = ()

    def dimensions(self, header: Any) -> tuple[list[tuple[Any, Any, str, Any, float]], tuple[str, ...]]:
        """The catalog's dimensions this rubric scores, each with its spec, fold, transform and weight;
        and the ids of those it does not score."""
        if header is not self._header:
            spec = self.rubric.model
            self._scored = [(dim, dim_spec, dim_spec.fold or spec.fold, dim_spec.transform or spec.transform,
                             float(dim_spec.weight))
                            for dim in header.dimensions if (dim_spec := spec.dimensions.get(dim.id)) is not None]
            self._unscored = tuple(d.id for d in header.dimensions if d.id not in spec.dimensions)
            self._header = header
        return self._scored, self._unscored


def _order_free(rubric: ResolvedRubric) -> bool:
    """Whether a score under this rubric follows from the levels alone, whichever party is which: its folds
    are mean, min or max, and its folds, transforms and aggregator are the built-in functions (a plugin's
    may look at anything)."""
    from . import builtins

    spec = rubric.model
    reg = registry()
    folds = {"mean": builtins.fold_mean, "min": builtins.fold_min, "max": builtins.fold_max}
    transforms = {"linear": builtins.linear, "power": builtins.power, "threshold": builtins.threshold}
    aggregators = {"weighted_mean": builtins.weighted_mean, "weighted_geometric": builtins.weighted_geometric}
    try:
        return (all(reg.get("folds", name) is folds.get(name)
                    for name in {d.fold or spec.fold for d in spec.dimensions.values()})
                and all(reg.get("transforms", name) is transforms.get(name)
                        for name in {(d.transform or spec.transform).name for d in spec.dimensions.values()})
                and reg.get("aggregators", spec.aggregation) is aggregators.get(spec.aggregation))
    except AllyscoreError:  # an unknown name: scoring says so
        return False


_MEMOS: dict[int, _RubricMemo] = {}
_MEMO_RUBRICS = 64  # sensitivity analyses make a rubric per weight tried: start again past this many
_KEPT = 100_000  # sums or judgements remembered per rubric (the world layer needs a few thousand)


def _memo(rubric: ResolvedRubric) -> _RubricMemo:
    memo = _MEMOS.get(id(rubric))
    if memo is None or memo.rubric is not rubric:
        if len(_MEMOS) >= _MEMO_RUBRICS:
            _MEMOS.clear()
        memo = _MEMOS[id(rubric)] = _RubricMemo(rubric)
    return memo


def _judge(memo: _RubricMemo, facts: Facts) -> tuple[str, tuple[str, ...], str, tuple[str, ...]]:
    """The label, its reasons, the top label and what the tie falls short of it by, for these facts."""
    key = (tuple(facts.values.items()), facts.score, facts.coverage, facts.say_do_gap,
           tuple(tuple(d.items()) for d in facts.directions), tuple(tuple(u.items()) for u in facts.under))
    judged = memo.judged.get(key)
    if judged is None:
        spec = memo.rubric.model
        label, reasons = _label(spec, facts)
        top, short_of = _short_of(spec, facts, label)
        if len(memo.judged) >= _KEPT:
            memo.judged.clear()
        judged = memo.judged[key] = (label, tuple(reasons), top, short_of)
    return judged


def score_tie(data: LoadedDataset, tie: Tie, rubric: ResolvedRubric, as_of: dt.date | None = None) -> TieScore:
    """Score one tie. The result does not depend on the order of the pair."""
    day = as_of or data.default_day(tie)
    a, b = tie.key
    memo = _memo(rubric)
    scored, unscored = memo.dimensions(data.header)
    current = observations_in_effect(data, tie, day, memo.readings)
    forward, backward = f"{a}->{b}", f"{b}->{a}"
    used = [(current.get((dim.id, forward)), current.get((dim.id, backward))) if dim.directed
            else (current.get((dim.id, MUTUAL)),) for dim, *_ in scored]
    under = tuple({key: value for key in memo.under
                   if (value := record_under(data, tie, day, direction, key,
                                             memo.readings.get(key[0], ("latest", None)))) is not None}
                  for direction in (forward, backward)) if memo.under else ({}, {})
    sums = _sums(memo, scored, used, under, a, b)
    # the results are built with `filled`, each with every field named: a report builds a few per tie
    dims = []
    for (dim, _, _, _, weight), obs, (value, status, transformed, contribution, confidence) \
            in zip(scored, used, sums.rows):
        if dim.directed:
            flows = {forward: None if obs[0] is None else obs[0].level,
                     backward: None if obs[1] is None else obs[1].level}
        else:
            flows = {MUTUAL: None if obs[0] is None else obs[0].level}
        dims.append(filled(DimensionScore, {
            "id": dim.id, "name": dim.name, "directed": dim.directed, "signal": dim.signal, "flows": flows,
            "value": value, "status": status, "weight": weight, "transformed": transformed,
            "contribution": contribution, "confidence": confidence,
            "observations": tuple(o for o in obs if o is not None)}))
    index, shares, giver, flagged, compared = sums.asymmetry
    asymmetry = filled(Asymmetry, {"index": index, "gives": {a: shares[0], b: shares[1]},
                                   "giver": None if giver is None else (a, b)[giver], "flagged": flagged,
                                   "compared": compared})
    names = {a: data.countries.name(a), b: data.countries.name(b)}
    crises = tuple(c for c in data.crises_for(tie) if c.start <= day)
    return filled(TieScore, {
        "pair": (a, b), "names": names, "as_of": day, "rubric": rubric, "score": sums.score, "label": sums.label,
        "label_title": rubric.model.labels[sums.label].title, "reasons": sums.reasons, "dimensions": tuple(dims),
        "indicators": filled(Indicators, {"asymmetry": asymmetry, "say_do_gap": sums.say_do_gap,
                                          "coverage": sums.coverage}),
        "crises": crises, "top_label": sums.top, "short_of": sums.short_of, "unscored": unscored})


@frozen
class _Sums(Frozen):
    """What a score makes of the levels and confidences in effect, with each party named by its place in
    the pair (0: the first code, 1: the second)."""

    rows: tuple[tuple[Any, ...], ...]  # per scored dimension: value, status, transformed, contribution, confidence
    score: float
    coverage: float
    say_do_gap: float | None
    asymmetry: tuple[Any, ...]  # index, (share of the first, of the second), giver's place or None, flagged, compared
    label: str
    reasons: tuple[str, ...]
    top: str
    short_of: tuple[str, ...]




def _sums(memo: _RubricMemo, scored: list[tuple[Any, ...]], used: Sequence[tuple[Observation | None, ...]],
          under: tuple[dict[tuple[Any, ...], float], ...], a: str, b: str) -> _Sums:
    """The arithmetic and the judgement of a tie, from the observations in effect. When the rubric's folds
    do not look at which party is which (mean, min, max) and its functions are the built-ins, they follow
    from the levels, confidences and crisis records alone, so ties that share those share the result
    (see _RubricMemo): a report over the world layer went from 1.10 to 0.98 million instructions a tie,
    reading and writing included (valgrind --tool=callgrind over 978 of its ties, 2026-11-30)."""
    key = None
    if memo.shared:
        key = (tuple(tuple(None if o is None else (o.level, o.confidence) for o in obs) for obs in used),
               tuple(tuple(u.items()) for u in under))
        found = memo.sums.get(key)
        if found is not None:
            return found
    spec = memo.rubric.model
    reg = registry()
    rows: list[dict[str, Any]] = []
    for (dim, dim_spec, fold, transform, weight), obs in zip(scored, used):
        directions = [f"{a}->{b}", f"{b}->{a}"] if dim.directed else [MUTUAL]
        flows = {d: (o.level if o else None) for d, o in zip(directions, obs)}
        known = {d: float(v) for d, v in flows.items() if v is not None}
        if known and dim_spec.unknown_direction is not None:
            known = {d: float(v) if v is not None else float(dim_spec.unknown_direction) for d, v in flows.items()}
        value = None
        if known:
            value = known[MUTUAL] if not dim.directed else reg.call("folds", fold, known, spec.focal)
        status = "known" if value is not None else "unknown"
        if value is None and spec.missing.policy != "skip":
            value, status = (0.0 if spec.missing.policy == "zero" else 2.0), "imputed"
        transformed = None
        if value is not None:
            transformed = float(reg.call("transforms", transform.name, value / 4, **transform.params))
        present = [o for o in obs if o is not None]
        confidence = min((o.confidence for o in present), key=_CONFIDENCE_ORDER.__getitem__, default=None)
        rows.append(dict(dim=dim, weight=weight, flows=flows, value=value, status=status,
                         transformed=transformed, confidence=confidence))

    included = [r for r in rows if r["transformed"] is not None]
    score01, parts = reg.call("aggregators", spec.aggregation,
                              [r["transformed"] for r in included], [r["weight"] for r in included])
    contribution = {id(r): 100.0 * p for r, p in zip(included, parts)}
    score = round(max(0.0, min(100.0, 100.0 * float(score01))), 6)
    dims = tuple(DimensionScore(
        id=r["dim"].id, name=r["dim"].name, directed=r["dim"].directed, signal=r["dim"].signal,
        flows=r["flows"], value=r["value"], status=r["status"], weight=r["weight"],
        transformed=r["transformed"], contribution=round(contribution.get(id(r), 0.0), 6),
        confidence=r["confidence"], observations=()) for r in rows)

    total_weight = sum(d.weight for d in dims)
    coverage = sum(d.weight for d in dims if d.status == "known") / total_weight if total_weight else 0.0
    asymmetry = _asymmetry(dims, a, b, spec.indicators.asymmetry_flag)
    say_do_gap = _say_do_gap(dims)
    facts = Facts({d.id: d.value for d in dims if d.status == "known"}, score, coverage, say_do_gap,
                  _directions(dims, a, b), under)
    label, reasons, top, short_of = _judge(memo, facts)
    sums = _Sums(rows=tuple((d.value, d.status, d.transformed, d.contribution, d.confidence) for d in dims),
                 score=score, coverage=round(coverage, 6), say_do_gap=say_do_gap,
                 asymmetry=(asymmetry.index, (asymmetry.gives[a], asymmetry.gives[b]),
                            None if asymmetry.giver is None else (a, b).index(asymmetry.giver), asymmetry.flagged,
                            asymmetry.compared),
                 label=label, reasons=reasons, top=top, short_of=short_of)
    if key is not None:
        if len(memo.sums) >= _KEPT:
            memo.sums.clear()
        memo.sums[key] = sums
    return sums


def _holds(cond: Condition, value: float | None) -> bool:
    if value is None:
        return False
    eps = 1e-9
    return (cond.min is None or value >= cond.min - eps) and (cond.max is None or value <= cond.max + eps)


@frozen
class Facts(Frozen):
    """What a rubric's conditions may read: folded levels, the score, the indicators, and each
    direction's levels (a mutual dimension's level counts for both directions)."""

    values: dict[str, float]  # known dimensions' folded levels
    score: float
    coverage: float
    say_do_gap: float | None
    directions: tuple[dict[str, float], ...]  # per direction: dimension -> known level
    # per direction: (dimension, tested_under, its min, its max) -> the record under that condition
    under: tuple[dict[tuple[Any, ...], float], ...] = field(default_factory=lambda: ({}, {}))

    def value(self, key: str) -> float | None:
        if key == "score":
            return self.score
        if key == "coverage":
            return self.coverage
        if key == "say_do_gap":
            return self.say_do_gap
        return self.values.get(key)


def _directions(dims: tuple[DimensionScore, ...], a: str, b: str) -> tuple[dict[str, float], ...]:
    out = []
    for direction in (f"{a}->{b}", f"{b}->{a}"):
        levels = {}
        for d in dims:
            level = d.flows.get(direction if d.directed else MUTUAL)
            if level is not None:
                levels[d.id] = float(level)
        out.append(levels)
    return tuple(out)


def _met(item: Any, facts: Facts) -> bool:
    """Whether a rule's or a class definition's conditions hold (a condition on an unknown fails)."""
    if not all(_holds(c, facts.value(k)) for k, c in item.when.items()):
        return False
    if item.unless and all(_holds(c, facts.value(k)) for k, c in item.unless.items()):
        return False
    if item.in_some_direction:
        block = item.in_some_direction
        return any(all(_holds(c, under.get(under_key(k, c, block)) if c.tested_under else levels.get(k))
                       for k, c in block.items())
                   for levels, under in zip(facts.directions, facts.under))
    return True


def under_key(dim: str, cond: Condition, block: dict[str, Condition]) -> tuple[Any, ...]:
    """The key of a `tested_under` record: the dimension, and the condition it is read under."""
    other = block[cond.tested_under]  # type: ignore[index]
    return (dim, cond.tested_under, other.min, other.max)


def tested_under_conditions(spec: Any) -> list[tuple[Any, ...]]:
    """Every distinct `tested_under` record a rubric's classes and rules read, as under_key tuples."""
    keys: dict[tuple[Any, ...], None] = {}
    for item in [*spec.classes, *spec.rules]:
        for dim, cond in item.in_some_direction.items():
            if cond.tested_under:
                keys[under_key(dim, cond, item.in_some_direction)] = None
    return list(keys)


def record_under(data: LoadedDataset, tie: Tie, day: dt.date, direction: str, key: tuple[Any, ...],
                 reading: Reading) -> float | None:
    """A direction's crisis record (read as `reading`), counting only crises that began while the
    condition `key` names held without a break up to `day` (see Condition.tested_under)."""
    dim, under_dim, low, high = key
    cond = Condition(min=low, max=high)
    ordinary = [o for o in tie.observations if o.dimension == under_dim and o.crisis is None
                and o.direction in (direction, MUTUAL)]
    start, cursor = None, day
    while True:
        current = in_effect(ordinary, cursor)
        if current is None or not _holds(cond, current.level):
            break
        start = current.since
        if start == dt.date.min:
            break
        cursor = start - dt.timedelta(days=1)
    if start is None:
        return None
    starts = data.crisis_starts
    mode, floor = reading
    choice_wars = data.choice_wars if floor is not None else frozenset()
    kept = [o for o in tie.observations if o.dimension == dim and o.direction == direction
            and (o.crisis is None or starts.get(o.crisis, o.since) >= start)
            and not (o.crisis in choice_wars and o.level is not None and o.level < floor - 1e-9)]
    chosen = in_effect(kept, day, starts, mode)
    return None if chosen is None or chosen.level is None else float(chosen.level)


def _label(spec: Any, facts: Facts) -> tuple[str, list[str]]:
    """The first class that holds (or the band the score falls in), then each rule in order, then the
    coverage floor."""
    if spec.classes:
        chosen = next(c for c in spec.classes if _met(c, facts))  # the last class always holds
        label, reasons = chosen.label, [chosen.reason]
    else:
        bands = sorted(spec.bands, key=lambda band: band.min)
        label = next((band.label for band in bands if band.min <= facts.score < band.max), bands[-1].label)
        reasons = []
    for rule in spec.rules:
        if rule.if_label is not None and label not in rule.if_label:
            continue
        if (rule.when or rule.unless or rule.in_some_direction) and _met(rule, facts):
            label = rule.label
            # a rule that fired because a dimension is unknown must not state that dimension's value
            unknown = [k.replace("_", " ") for k in (*rule.when, *rule.unless) if facts.value(k) is None]
            reasons.append(rule.reason if not unknown else _needs_known(unknown))
    if spec.missing.label is not None and facts.coverage < spec.missing.min_coverage:
        label = spec.missing.label
        if spec.classes:  # the coverage floor is the first definition: no class was reached
            reasons = []
        reasons.append(f"only {facts.coverage:.0%} of the rubric's weight rests on known dimensions "
                       f"(needs {spec.missing.min_coverage:.0%})")
    return label, reasons


def top_label(spec: Any) -> str:
    """The label a tie is measured against: the rubric's `top_label`, else its highest band's."""
    if spec.top_label is not None:
        return str(spec.top_label)
    if spec.bands:
        return str(max(spec.bands, key=lambda band: band.max).label)
    return str(spec.classes[0].label)


def _short_of(spec: Any, facts: Facts, label: str) -> tuple[str, tuple[str, ...]]:
    """What keeps a tie from the top label: with bands, the score, then any rule that would relabel it
    even with a top-band score (e.g. "no defence pledge"); with classes, the class that took the tie
    before it and each condition of the top class that fails."""
    top = top_label(spec)
    if label == top:
        return top, ()
    if spec.classes:
        out = []
        for definition in spec.classes:
            if definition.label == top:
                out += _failed(definition, facts)
                break
            if _met(definition, facts):
                out.append(definition.reason)
        return top, tuple(out)
    top_band = max(spec.bands, key=lambda band: band.max)
    out = []
    if facts.score < top_band.min:
        out.append(f"score {facts.score:.1f} is below {top_band.min:g}")
    hypothetical, reasons = _label(spec, dataclasses.replace(facts, score=max(facts.score, top_band.min)))
    if hypothetical != top_band.label:
        out += reasons
    return top_band.label, tuple(out)


def _bound(cond: Condition) -> str:
    if cond.min is not None and cond.max is not None:
        return f"between {cond.min:g} and {cond.max:g}"
    return f">= {cond.min:g}" if cond.min is not None else f"<= {cond.max:g}"


def _failed(definition: Any, facts: Facts) -> list[str]:
    """Each condition of a class definition that the tie does not meet, in words."""
    out = []
    for key, cond in definition.when.items():
        value = facts.value(key)
        if not _holds(cond, value):
            shown = "unknown" if value is None else f"{value:.1f}" if key != "coverage" else f"{value:.0%}"
            out.append(f"{key} is {shown}, needs {_bound(cond)}")
    if definition.unless and all(_holds(c, facts.value(k)) for k, c in definition.unless.items()):
        out.append("not when " + " and ".join(f"{k} {_bound(c)}" for k, c in definition.unless.items()))
    block = definition.in_some_direction
    if block and not _met(dataclasses.replace(definition, when={}, unless={}), facts):
        # a level unknown in every direction is not cited as below the bound (an untested crisis record,
        # read under `tested_under`, is the rubric's own "no level" and is stated as such)
        plain = [k for k, c in block.items() if not c.tested_under]
        unknown = [k.replace("_", " ") for k in plain
                   if facts.value(k) is None and all(levels.get(k) is None for levels in facts.directions)]
        if unknown:
            out.append(_needs_known(unknown))
        else:
            partly = any(any(levels.get(k) is None for levels in facts.directions)
                         and any(levels.get(k) is not None for levels in facts.directions) for k in plain)
            out.append(("no known direction has " if partly else "no direction has ") + " and ".join(
                f"{k} {_bound(c)}" + (f" in a crisis under that {c.tested_under}" if c.tested_under else "")
                for k, c in block.items()))
    return out


def _needs_known(unknown: list[str]) -> str:
    """The reason given where a condition fails only because its dimensions are unknown."""
    return (f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} unknown, and the rubric "
            f"needs {'it' if len(unknown) == 1 else 'them'} known")


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


# --- plain data (TieScore.to_dict; `rate --format json`) ----------------------------------------------

def crisis_dict(crisis: Any, result: TieScore, data: LoadedDataset | None = None) -> dict[str, Any]:
    """A crisis that tested the tie; with `data`, each response also gives the level delivered and the gap."""
    if data is not None:
        return event_dict(crisis_event(data, data.tie(*result.pair), crisis))
    partners = set(result.pair) - {crisis.target}
    return {"id": crisis.id, "name": crisis.name, "target": crisis.target, "attackers": list(crisis.attackers),
            "attacked": list(crisis.attacked), "start": crisis.start.isoformat(),
            "end": crisis.end.isoformat() if crisis.end else None,
            "responses": [{"partner": r.partner, "delivered": r.delivered, "expected": r.expected}
                          for r in crisis.responses if r.partner in partners]}


def tie_score_dict(result: TieScore, data: LoadedDataset | None, evidence: bool = False,
                   uncertainty: Any = None) -> dict[str, Any]:
    """The JSON form of one score (see `allyscore schema report`)."""
    asym = result.indicators.asymmetry
    dims = []
    for d in result.dimensions:
        entry: dict[str, Any] = {
            "id": d.id, "name": d.name, "directed": d.directed, "signal": d.signal,
            "levels": dict(d.flows), "value": d.value, "status": d.status, "weight": d.weight,
            "transformed": None if d.transformed is None else round(d.transformed, 6),
            "contribution": d.contribution, "confidence": d.confidence}
        if evidence:
            entry["evidence"] = [observation_dict(o, data) for o in d.observations]
        dims.append(entry)
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "pair": list(result.pair),
        "names": dict(result.names),
        "score": result.score,
        "label": result.label,
        "label_title": result.label_title,
        "reasons": list(result.reasons),
        "short_of": {"label": result.top_label, "because": list(result.short_of)},
        "rubric": rubric_ref(result.rubric),
        "dataset": dataset_dict(data),
        "as_of": result.as_of.isoformat(),
        "dimensions": dims,
        "unscored_dimensions": list(result.unscored),
        "indicators": {
            "asymmetry": {"index": asym.index, "giver": asym.giver, "flagged": asym.flagged,
                          "gives": dict(asym.gives), "compared": list(asym.compared),
                          "summary": asym.describe(result.names)},
            "say_do_gap": result.indicators.say_do_gap,
            "coverage": result.indicators.coverage,
        },
    }
    if uncertainty is not None:  # an allyscore.uncertainty.TieUncertainty (rate --uncertainty)
        u = uncertainty.to_dict()
        out.update(interval=u["interval"], label_probabilities=u["label_probabilities"], simulation=u["simulation"])
    if evidence:
        out["crises"] = [crisis_dict(c, result, data) for c in result.crises]
    return out
