"""A tie over time: its score and label at each date its evidence changed, and the crises that tested it.

Each point is `score_tie(data, tie, rubric, as_of=date)`, the same as `allyscore rate --as-of DATE`.
The dates are every observation's `since`, the day after every `until` (the first day it no longer
holds), and each crisis event's first and last day, up to the dataset's own `as_of`.

A crisis event records, for each partner of the tie that responded, what it delivered (the dataset's
words and the level of the observation recorded for that crisis) and the gap to what an ally would have
done: the dataset's `expected` words, and the levels between the delivered level and the top of the
dimension's scale (4 on crisis support: "fought alongside the partner", which is what a defence pledge
promises).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from dataclasses import dataclass
from typing import Any

from .dataset import LoadedDataset
from .engine import TieScore, score_tie
from .model import MUTUAL, Crisis, Tie
from .rubric import ResolvedRubric

SPARKS = "▁▂▃▄▅▆▇█"
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class ResponseGap:
    """What one partner delivered in a crisis, and how far that fell short of an ally's help."""

    partner: str
    delivered: str
    expected: str | None  # what an ally would have done, in the dataset's words
    dimension: str | None  # the dimension of the observation recorded for this crisis
    level: int | None  # the level delivered (None: no observation recorded for the crisis, or unknown)
    top: int | None  # the top of that dimension's scale
    top_meaning: str | None  # what the top level means
    level_meaning: str | None  # what the delivered level means

    @property
    def gap(self) -> int | None:
        """Levels between what was delivered and the top of the scale (None when the level is unknown)."""
        return None if self.level is None or self.top is None else self.top - self.level


@dataclass(frozen=True)
class CrisisEvent:
    id: str
    name: str
    target: str  # the party whose partners' help the crisis tests
    start: dt.date
    end: dt.date | None
    responses: tuple[ResponseGap, ...]
    attackers: tuple[str, ...] = ()
    attacked: tuple[str, ...] = ()


def _listed(codes: tuple[str, ...] | list[str], name: Any) -> str:
    names = [name(c) for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe_roles(crisis: Any, name: Any) -> str:
    """Who attacked whom, and whose partners the crisis tests, in words: "Russia attacked Ukraine; help
    to Russia tested". `name` maps a code to a name. Without recorded roles only the test is named."""
    tested = f"help to {name(crisis.target)} tested"
    if crisis.attackers and set(crisis.attackers) == set(crisis.attacked):
        return f"{_listed(crisis.attackers, name)} struck each other; {tested}"
    if crisis.attackers and crisis.attacked:
        return f"{_listed(crisis.attackers, name)} attacked {_listed(crisis.attacked, name)}; {tested}"
    if crisis.attacked:
        verb = "was" if len(crisis.attacked) == 1 else "were"
        return f"{_listed(crisis.attacked, name)} {verb} attacked; {tested}"
    if crisis.attackers:
        return f"{_listed(crisis.attackers, name)} attacked; {tested}"
    return tested


@dataclass(frozen=True)
class Change:
    """One thing that changed on a point's date."""

    kind: str  # begins | ends | crisis_start | crisis_end
    text: str


@dataclass(frozen=True)
class HistoryPoint:
    date: dt.date
    result: TieScore
    changes: tuple[Change, ...]

    @property
    def score(self) -> float:
        return self.result.score

    @property
    def label(self) -> str:
        return self.result.label


@dataclass(frozen=True)
class TieHistory:
    pair: tuple[str, str]
    names: dict[str, str]
    rubric: ResolvedRubric
    as_of: dt.date
    points: tuple[HistoryPoint, ...]
    events: tuple[CrisisEvent, ...]

    def sparkline(self) -> str:
        return sparkline([p.score for p in self.points])

    def to_dict(self, data: Any = None) -> dict[str, Any]:
        """Plain, JSON-ready data, as `history --format json` writes it (`data` adds the dataset's reference)."""
        from .formats.history import history_dict

        return history_dict(self, data)


def sparkline(scores: list[float], low: float = 0.0, high: float = 100.0) -> str:
    """One block character per score on a fixed 0..100 scale (so a flat line means an unchanged score)."""
    span = high - low
    out = []
    for s in scores:
        frac = min(1.0, max(0.0, (s - low) / span)) if span else 0.0
        out.append(SPARKS[min(len(SPARKS) - 1, int(frac * len(SPARKS)))])
    return "".join(out)


def crisis_event(data: LoadedDataset, tie: Tie, crisis: Crisis) -> CrisisEvent:
    """The crisis as it bears on this tie: the responses of the tie's other party, with their gaps."""
    partners = set(tie.key) - {crisis.target}
    responses = []
    for resp in crisis.responses:
        if resp.partner not in partners:
            continue
        direction = f"{resp.partner}->{crisis.target}"
        recorded = [o for o in tie.observations if o.crisis == crisis.id and o.direction in (direction, MUTUAL)]
        order = {d.id: i for i, d in enumerate(data.header.dimensions)}
        recorded.sort(key=lambda o: (order.get(o.dimension, len(order)), o.since))
        obs = recorded[0] if recorded else None
        dim = data.dimensions.get(obs.dimension) if obs else None
        top = max(dim.levels) if dim else None
        level = obs.level if obs else None
        responses.append(ResponseGap(
            partner=resp.partner, delivered=resp.delivered, expected=resp.expected,
            dimension=obs.dimension if obs else None, level=level, top=top,
            top_meaning=dim.levels[top] if dim and top is not None else None,
            level_meaning=dim.levels[level] if dim and level is not None else None))
    return CrisisEvent(crisis.id, crisis.name, crisis.target, crisis.start, crisis.end, tuple(responses),
                       tuple(crisis.attackers), tuple(crisis.attacked))


def crisis_events(data: LoadedDataset, tie: Tie, as_of: dt.date | None = None) -> tuple[CrisisEvent, ...]:
    """The crises that tested the tie and had begun by `as_of` (default: the dataset's date), by date."""
    day = as_of or data.header.as_of
    return tuple(crisis_event(data, tie, c) for c in data.crises_for(tie) if c.start <= day)


def change_dates(data: LoadedDataset, tie: Tie, until: dt.date | None = None) -> dict[dt.date, list[Change]]:
    """Every date on which the tie's evidence changed, up to `until`, with what changed, in date order."""
    last = until or data.header.as_of
    out: dict[dt.date, list[Change]] = {}

    def add(day: dt.date, change: Change) -> None:
        if day <= last:
            out.setdefault(day, []).append(change)

    for obs in tie.observations:
        where = "" if obs.direction == MUTUAL else f" {obs.direction}"
        level = "?" if obs.level is None else str(obs.level)
        dim = data.dimensions.get(obs.dimension)
        name = dim.name if dim is not None else obs.dimension  # the title people read, not the id
        add(obs.since, Change("begins", f"{name}{where} {level}"))
        if obs.until is not None:
            add(obs.until + _DAY, Change("ends", f"{name}{where} {level} ended"))
    for crisis in data.crises_for(tie):
        add(crisis.start, Change("crisis_start", f"crisis begins: {crisis.name}"))
        if crisis.end is not None:
            add(crisis.end, Change("crisis_end", f"crisis ends: {crisis.name}"))
    return dict(sorted(out.items()))


def tie_history(data: LoadedDataset, a: str, b: str, rubric: ResolvedRubric) -> TieHistory:
    """The tie between two countries (names, aliases or codes) at each date its evidence changed."""
    code_a, code_b = data.countries.resolve(a), data.countries.resolve(b)
    tie = data.tie(code_a, code_b)
    points = tuple(HistoryPoint(day, score_tie(data, tie, rubric, day), tuple(changes))
                   for day, changes in change_dates(data, tie).items())
    names = {c: data.countries.name(c) for c in tie.key}
    return TieHistory(tie.key, names, rubric, data.header.as_of, points, crisis_events(data, tie))
