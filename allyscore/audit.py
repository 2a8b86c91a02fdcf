"""An audit of a dataset's evidence: where the levels rest on thin, uncertain or old ground.

For each tie, the levels in effect at the dataset's `as_of` (one per dimension and direction, the same
observation the engine scores) are counted by what they rest on: a single source, low confidence,
evidence older than a threshold, or an unknown level. Ties whose partners were never tested by a crisis
and sources that nothing cites are listed too. Every one of these is a finding.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .dataset import LoadedDataset
from .engine import in_effect
from .errors import AllyscoreError
from .model import Observation, Tie

CRISIS_DIMENSION = "crisis_support"
DEFAULT_STALE_AFTER = "12m"
KINDS = ("single_source", "low_confidence", "stale", "unknown")
KIND_TITLES = {"single_source": "single source", "low_confidence": "low confidence",
               "stale": "stale evidence", "unknown": "unknown level"}
_DURATION = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$", re.I)


@dataclass(frozen=True)
class Duration:
    """A span written like 90d, 6w, 12m or 2y; months and years step by calendar month."""

    text: str
    days: int = 0
    months: int = 0

    def before(self, day: dt.date) -> dt.date:
        """The date this long before `day` (the 31st becomes the month's last day when needed)."""
        day = day - dt.timedelta(days=self.days)
        if self.months:
            index = day.year * 12 + (day.month - 1) - self.months
            year, month = divmod(index, 12)
            month += 1
            day = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
        return day


def parse_duration(text: str) -> Duration:
    """'90d', '6w', '12m', '18m', '2y' -> Duration; anything else is a user error with a hint."""
    match = _DURATION.match(text or "")
    if not match:
        raise AllyscoreError(f"--stale-after: {text!r} is not a duration",
                             hint="write a number and a unit: 90d, 6w, 12m, 18m or 2y")
    n, unit = int(match.group(1)), match.group(2).lower()
    normal = f"{n}{unit}"
    if unit == "d":
        return Duration(normal, days=n)
    if unit == "w":
        return Duration(normal, days=7 * n)
    return Duration(normal, months=n if unit == "m" else 12 * n)


def date_end(value: str | dt.date) -> dt.date:
    """The last day a (possibly partial) date can mean: 2024 -> 2024-12-31, 2024-02 -> 2024-02-29."""
    if isinstance(value, dt.date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], parts[1], parts[2])


@dataclass(frozen=True)
class LevelRef:
    """One level in effect: which observation of the tie (0-based index) and what it says."""

    index: int
    dimension: str
    direction: str
    level: int | None
    confidence: str
    since: dt.date
    sources: tuple[str, ...]
    evidence_date: dt.date | None  # the newest of its sources' dates

    def label(self) -> str:
        direction = "" if self.direction == "mutual" else f" {self.direction}"
        return f"{self.dimension}{direction}"

    def to_dict(self) -> dict[str, Any]:
        return {"observation": self.index, "dimension": self.dimension, "direction": self.direction,
                "level": self.level, "confidence": self.confidence, "since": self.since.isoformat(),
                "sources": list(self.sources),
                "evidence_date": self.evidence_date.isoformat() if self.evidence_date else None}


@dataclass
class TieAudit:
    pair: tuple[str, str]
    names: tuple[str, str]
    levels: list[LevelRef]
    flagged: dict[str, list[LevelRef]]
    crisis_tested: bool

    def count(self, kind: str) -> int:
        return len(self.flagged[kind])

    def share(self, kind: str) -> float:
        return self.count(kind) / len(self.levels) if self.levels else 0.0

    @property
    def findings(self) -> int:
        return sum(self.count(k) for k in KINDS) + (0 if self.crisis_tested else 1)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pair": list(self.pair), "names": list(self.names), "levels": len(self.levels)}
        for kind in KINDS:
            out[kind] = {"count": self.count(kind), "share": round(self.share(kind), 6),
                         "levels": [ref.to_dict() for ref in self.flagged[kind]]}
        out["crisis_tested"] = self.crisis_tested
        return out


@dataclass
class Audit:
    name: str
    version: str
    digest: str
    as_of: dt.date
    stale_after: Duration
    stale_before: dt.date
    ties: list[TieAudit]
    uncited_sources: list[str] = field(default_factory=list)

    @property
    def untested(self) -> list[TieAudit]:
        return [t for t in self.ties if not t.crisis_tested]

    @property
    def levels(self) -> int:
        return sum(len(t.levels) for t in self.ties)

    def count(self, kind: str) -> int:
        return sum(t.count(kind) for t in self.ties)

    def share(self, kind: str) -> float:
        return self.count(kind) / self.levels if self.levels else 0.0

    @property
    def findings(self) -> int:
        """How many things the audit flags: flagged levels (once per reason), untested ties, uncited sources."""
        return sum(t.findings for t in self.ties) + len(self.uncited_sources)

    def to_dict(self) -> dict[str, Any]:
        totals: dict[str, Any] = {"ties": len(self.ties), "levels": self.levels}
        for kind in KINDS:
            totals[kind] = {"count": self.count(kind), "share": round(self.share(kind), 6)}
        totals["untested_ties"] = len(self.untested)
        totals["uncited_sources"] = len(self.uncited_sources)
        totals["findings"] = self.findings
        return {
            "dataset": {"name": self.name, "version": self.version, "digest": self.digest},
            "as_of": self.as_of.isoformat(),
            "stale_after": self.stale_after.text,
            "stale_before": self.stale_before.isoformat(),
            "totals": totals,
            "ties": [t.to_dict() for t in self.ties],
            "untested_ties": [list(t.pair) for t in self.untested],
            "uncited_sources": list(self.uncited_sources),
        }

    def summary_lines(self) -> list[str]:
        """A short plain-text summary (the same words in the table output and the README)."""
        n = self.levels
        lines = [f"Audit of {self.name} {self.version}, as of {self.as_of.isoformat()}",
                 f"  {n} levels in effect across {len(self.ties)} ties, of which"]
        width = len(str(n))
        for kind, words in (("single_source", "rest on a single source"),
                            ("low_confidence", "rest on low confidence"),
                            ("stale", f"rest on evidence from before {self.stale_before.isoformat()} "
                                      f"({self.stale_after.text})"),
                            ("unknown", "are unknown")):
            lines.append(f"  {self.count(kind):>{width}} {f'({self.share(kind):.0%})':>5} {words}")
        untested = ", ".join(f"{a}–{b}" for a, b in (t.names for t in self.untested))
        lines.append(f"  {len(self.untested):>{width}} ties never tested by a crisis"
                     + (f": {untested}" if untested else ""))
        cited = ", ".join(self.uncited_sources)
        lines.append(f"  {len(self.uncited_sources):>{width}} sources cited nowhere" + (f": {cited}" if cited else ""))
        return lines


def _evidence_date(obs: Observation, data: LoadedDataset) -> dt.date | None:
    dates = [date_end(data.sources[s].date) for s in obs.sources
             if s in data.sources and data.sources[s].date is not None]  # undated pages do not count
    return max(dates) if dates else None


def crisis_tested(tie: Tie) -> bool:
    """True when some crisis_support observation, in either direction, gives a level for a named crisis."""
    return any(o.dimension == CRISIS_DIMENSION and o.level is not None and o.crisis for o in tie.observations)


def audit_tie(data: LoadedDataset, tie: Tie, stale_before: dt.date) -> TieAudit:
    day = data.header.as_of
    groups: dict[tuple[str, str], list[tuple[int, Observation]]] = {}
    for index, obs in enumerate(tie.observations):
        groups.setdefault((obs.dimension, obs.direction), []).append((index, obs))
    levels: list[LevelRef] = []
    for key in sorted(groups):
        chosen = in_effect([o for _, o in groups[key]], day, data.crisis_starts)
        if chosen is None:
            continue
        index = next(i for i, o in groups[key] if o is chosen)
        levels.append(LevelRef(index, chosen.dimension, chosen.direction, chosen.level, chosen.confidence,
                               chosen.since, tuple(chosen.sources), _evidence_date(chosen, data)))
    flagged: dict[str, list[LevelRef]] = {
        "single_source": [r for r in levels if len(set(r.sources)) == 1],
        "low_confidence": [r for r in levels if r.confidence == "low"],
        "stale": [r for r in levels if r.evidence_date is not None and r.evidence_date < stale_before],
        "unknown": [r for r in levels if r.level is None],
    }
    a, b = tie.key
    return TieAudit((a, b), (data.countries.name(a), data.countries.name(b)), levels, flagged, crisis_tested(tie))


def cited_sources(data: LoadedDataset) -> set[str]:
    cited: set[str] = set()
    for tie in data.model.ties:
        for obs in tie.observations:
            cited.update(obs.sources)
    for crisis in data.model.crises:
        cited.update(crisis.sources)
        for response in crisis.responses:
            cited.update(response.sources)
    return cited


def audit(data: LoadedDataset, stale_after: str | Duration = DEFAULT_STALE_AFTER) -> Audit:
    """Audit every tie of a dataset against its own `as_of`."""
    duration = parse_duration(stale_after) if isinstance(stale_after, str) else stale_after
    m = data.model
    stale_before = duration.before(m.as_of)
    ties = [audit_tie(data, tie, stale_before) for tie in sorted(m.ties, key=lambda t: t.key)]
    cited = cited_sources(data)
    uncited = sorted(s.id for s in m.sources if s.id not in cited)
    return Audit(m.name, m.version, data.digest, m.as_of, duration, stale_before, ties, uncited)
