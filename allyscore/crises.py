"""A crisis as it bears on one tie: what each partner delivered, and the gap to what an ally would have done.

Used by the engine (a score's crises), by `allyscore history` and by the renderers, so it sits below them
all: it needs the dataset and nothing that scores.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .dataset import LoadedDataset
from .model import MUTUAL, Crisis, Tie
from .records import Frozen, frozen


@frozen
class ResponseGap(Frozen):
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


@frozen
class CrisisEvent(Frozen):
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


def response_dict(resp: ResponseGap) -> dict[str, Any]:
    return {"partner": resp.partner, "delivered": resp.delivered, "expected": resp.expected,
            "dimension": resp.dimension, "level": resp.level, "top_level": resp.top, "gap": resp.gap}


def event_dict(event: CrisisEvent) -> dict[str, Any]:
    return {"id": event.id, "name": event.name, "target": event.target, "attackers": list(event.attackers),
            "attacked": list(event.attacked), "start": event.start.isoformat(),
            "end": event.end.isoformat() if event.end else None,
            "responses": [response_dict(r) for r in event.responses]}
