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
from dataclasses import dataclass
from typing import Any

from .crises import CrisisEvent, crisis_events, describe_roles, event_dict  # noqa: F401 - describe_roles re-exported
from .dataset import LoadedDataset
from .engine import TieScore, score_tie
from .model import MUTUAL, Tie
from .plain import SCHEMA_VERSION, dataset_dict, rubric_ref
from .rubric import ResolvedRubric

SPARKS = "▁▂▃▄▅▆▇█"
_DAY = dt.timedelta(days=1)


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
        return history_dict(self, data)


def sparkline(scores: list[float], low: float = 0.0, high: float = 100.0) -> str:
    """One block character per score on a fixed 0..100 scale (so a flat line means an unchanged score)."""
    span = high - low
    out = []
    for s in scores:
        frac = min(1.0, max(0.0, (s - low) / span)) if span else 0.0
        out.append(SPARKS[min(len(SPARKS) - 1, int(frac * len(SPARKS)))])
    return "".join(out)


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


def history_dict(history: TieHistory, data: LoadedDataset | None = None) -> dict[str, Any]:
    """The JSON form of a tie's history: one entry per date its evidence changed, and the crises."""
    points = []
    previous = None
    for p in history.points:
        r = p.result
        points.append({"date": p.date.isoformat(), "score": r.score,
                       "delta": None if previous is None else round(r.score - previous, 6),
                       "label": r.label, "label_title": r.label_title, "coverage": r.indicators.coverage,
                       "asymmetry": r.indicators.asymmetry.index,
                       "changes": [{"kind": c.kind, "text": c.text} for c in p.changes]})
        previous = r.score
    return {"schema_version": SCHEMA_VERSION, "pair": list(history.pair), "names": dict(history.names),
            "rubric": rubric_ref(history.rubric), "dataset": dataset_dict(data), "as_of": history.as_of.isoformat(),
            "sparkline": history.sparkline(), "points": points,
            "events": [event_dict(e) for e in history.events]}


def tie_history(data: LoadedDataset, a: str, b: str, rubric: ResolvedRubric) -> TieHistory:
    """The tie between two countries (names, aliases or codes) at each date its evidence changed."""
    code_a, code_b = data.countries.resolve(a), data.countries.resolve(b)
    tie = data.tie(code_a, code_b)
    points = tuple(HistoryPoint(day, score_tie(data, tie, rubric, day), tuple(changes))
                   for day, changes in change_dates(data, tie).items())
    names = {c: data.countries.name(c) for c in tie.key}
    return TieHistory(tie.key, names, rubric, data.header.as_of, points, crisis_events(data, tie))
