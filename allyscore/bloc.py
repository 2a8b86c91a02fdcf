"""Score a group of countries as a bloc: every pair, the matrix, its cohesion and a verdict.

A bloc is as strong as its weakest link. The verdict rule, read from the rubric's bands:
- **alliance**: every pair has data and every pair carries the label of the rubric's top band
  ("alliance" under costly-signals; a de facto or hollow alliance does not count);
- **axis of convenience**: every pair has data and scores at least the floor of the band just below
  the top (20 under costly-signals 1.x; with ordered classes, the lowest score a class definition
  asks for: 25 under 2.0.0), but not every pair is an alliance;
- **neither**: some pair scores below that floor (whatever the other pairs are);
- **undetermined**: no pair rules the bloc out, but some pair has no tie in the dataset or too little
  evidence to be judged (the rubric's missing-data label), so the verdict cannot be given.
The pair that holds the bloc back is named: the lowest-scoring pair below the bar it misses, or the
first pair without data. A bloc of two is its one pair: cohesion and weakest link equal its score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .dataset import LoadedDataset
from .engine import TieScore, score_tie
from .errors import AllyscoreError
from .plain import SCHEMA_VERSION, dataset_dict, rubric_ref
from .rubric import ResolvedRubric

ALLIANCE = "alliance"
AXIS = "axis_of_convenience"
NEITHER = "neither"
UNDETERMINED = "undetermined"
VERDICT_TITLES = {ALLIANCE: "Alliance", AXIS: "Axis of convenience", NEITHER: "Neither",
                  UNDETERMINED: "Undetermined"}


@dataclass(frozen=True)
class PairScore:
    """One pair of the bloc, in the order the countries were given; `result` is None without a tie."""

    pair: tuple[str, str]
    result: TieScore | None

    @property
    def score(self) -> float | None:
        return None if self.result is None else self.result.score

    @property
    def label(self) -> str | None:
        return None if self.result is None else self.result.label


@dataclass(frozen=True)
class Cohesion:
    mean: float | None  # mean score over the pairs with data
    weakest: PairScore | None  # the pair with the lowest score (the first such pair on a tie)
    missing: tuple[tuple[str, str], ...]  # pairs with no tie in the dataset
    scored: int  # pairs with data


@dataclass(frozen=True)
class Verdict:
    verdict: str  # alliance | axis_of_convenience | neither | undetermined
    title: str
    held_back_by: PairScore | None
    reason: str  # one line: why the bloc falls short (or why it meets the bar)
    alliance_label: str  # the rubric label every pair needs for an alliance
    axis_floor: float | None  # the score every pair needs for an axis of convenience


@dataclass(frozen=True)
class BlocScore:
    codes: tuple[str, ...]
    names: dict[str, str]
    as_of: dt.date
    rubric: ResolvedRubric
    pairs: tuple[PairScore, ...]
    cohesion: Cohesion
    verdict: Verdict

    def to_dict(self, data: Any = None) -> dict[str, Any]:
        """Plain, JSON-ready data, as `bloc --format json` writes it (`data` adds the dataset's reference)."""
        return bloc_dict(self, data)

    def pair(self, a: str, b: str) -> PairScore | None:
        """The pair of two codes, in either order; None on the diagonal."""
        for p in self.pairs:
            if set(p.pair) == {a, b} and a != b:
                return p
        return None

    def matrix(self) -> list[list[float | None]]:
        """Scores by row and column in the order of `codes`; None on the diagonal and where no tie exists."""
        return [[(p.score if (p := self.pair(a, b)) is not None else None) for b in self.codes] for a in self.codes]


def _pair_ref(p: PairScore | None) -> dict[str, Any] | None:
    if p is None:
        return None
    out: dict[str, Any] = {"pair": list(p.pair), "score": p.score, "label": p.label}
    if p.result is not None:
        out["label_title"] = p.result.label_title
    return out


def bloc_dict(bloc: BlocScore, data: LoadedDataset | None = None) -> dict[str, Any]:
    """The JSON form of a bloc: countries, pairs, the score matrix, cohesion and the verdict."""
    pairs = []
    for p in bloc.pairs:
        entry: dict[str, Any] = {"pair": list(p.pair), "data": p.result is not None, "score": p.score,
                                 "label": p.label}
        if p.result is not None:
            asym = p.result.indicators.asymmetry
            entry.update(label_title=p.result.label_title, coverage=p.result.indicators.coverage,
                         asymmetry={"index": asym.index, "giver": asym.giver, "flagged": asym.flagged})
        pairs.append(entry)
    c, v = bloc.cohesion, bloc.verdict
    return {
        "schema_version": SCHEMA_VERSION,
        "countries": [{"code": code, "name": bloc.names[code]} for code in bloc.codes],
        "rubric": rubric_ref(bloc.rubric),
        "dataset": dataset_dict(data),
        "as_of": bloc.as_of.isoformat(),
        "pairs": pairs,
        "matrix": bloc.matrix(),
        "cohesion": {"mean": c.mean, "pairs_scored": c.scored, "pairs": len(bloc.pairs),
                     "weakest_link": _pair_ref(c.weakest), "missing": [list(m) for m in c.missing]},
        "verdict": {"verdict": v.verdict, "title": v.title, "held_back_by": _pair_ref(v.held_back_by),
                    "reason": v.reason, "alliance_label": v.alliance_label, "axis_floor": v.axis_floor},
    }


def resolve_members(data: LoadedDataset, members: list[str]) -> tuple[str, ...]:
    """Codes for the names given, in order; at least two, each once."""
    codes: list[str] = []
    for text in members:
        code = data.countries.resolve(text)
        if code in codes:
            raise AllyscoreError(f"{data.countries.name(code)} is named twice ({text!r})",
                                 hint="name each country of the bloc once")
        codes.append(code)
    if len(codes) < 2:
        raise AllyscoreError("a bloc needs at least two countries", hint="e.g. allyscore bloc iran russia china")
    return tuple(codes)


def score_bloc(data: LoadedDataset, members: list[str], rubric: ResolvedRubric,
               as_of: dt.date | None = None) -> BlocScore:
    """Score every pair among `members` (names, aliases or codes) and judge the bloc."""
    codes = resolve_members(data, members)
    day = as_of or data.header.as_of
    pairs = []
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            key = (a, b) if a <= b else (b, a)
            tie = data.ties.get(key)
            pairs.append(PairScore((a, b), score_tie(data, tie, rubric, day) if tie is not None else None))
    names = {c: data.countries.name(c) for c in codes}
    cohesion = _cohesion(pairs)
    verdict = _verdict(pairs, rubric, names)
    return BlocScore(codes, names, day, rubric, tuple(pairs), cohesion, verdict)


def _cohesion(pairs: list[PairScore]) -> Cohesion:
    scored = [p for p in pairs if p.result is not None]
    missing = tuple(p.pair for p in pairs if p.result is None)
    if not scored:
        return Cohesion(None, None, missing, 0)
    mean = round(sum(p.result.score for p in scored if p.result) / len(scored), 6)
    weakest = min(scored, key=lambda p: p.score if p.score is not None else 0.0)
    return Cohesion(mean, weakest, missing, len(scored))


def _bars(rubric: ResolvedRubric) -> tuple[str, float | None]:
    """The label of the top band (the alliance bar) and the floor of the band below it (the axis bar);
    with ordered classes, the top label and the lowest score any class definition asks for."""
    if not rubric.model.bands:  # ordered classes: the lowest score a class definition asks for
        from .engine import top_label

        floors = [c.when["score"].min for c in rubric.model.classes
                  if "score" in c.when and c.when["score"].min is not None]
        return top_label(rubric.model), (min(floors) if floors else None)
    bands = sorted(rubric.model.bands, key=lambda band: band.min)
    return bands[-1].label, (bands[-2].min if len(bands) > 1 else None)


def pair_name(pair: tuple[str, str], names: dict[str, str]) -> str:
    return f"{names[pair[0]]}–{names[pair[1]]}"


def _verdict(pairs: list[PairScore], rubric: ResolvedRubric, names: dict[str, str]) -> Verdict:
    spec = rubric.model
    top, floor = _bars(rubric)
    top_title = spec.labels[top].title if top in spec.labels else top
    unjudged_label = spec.missing.label
    scored = [p for p in pairs if p.result is not None]
    unjudged = [p for p in pairs if p.result is None or (unjudged_label and p.label == unjudged_label)]

    def lowest(items: list[PairScore]) -> PairScore:
        return min(items, key=lambda p: p.score if p.score is not None else 0.0)

    def make(verdict: str, held: PairScore | None, reason: str) -> Verdict:
        return Verdict(verdict, VERDICT_TITLES[verdict], held, reason, top, floor)

    below = [p for p in scored if floor is not None and p.score is not None and p.score < floor - 1e-9
             and p not in unjudged]
    if below:
        held = lowest(below)
        return make(NEITHER, held, f"{pair_name(held.pair, names)} scores {held.score:.1f}, below the "
                                   f"{floor:g} that cooperation needs")
    if unjudged:
        held = unjudged[0]
        why = ("has no tie in the dataset" if held.result is None
               else f"has too little evidence to judge ({held.result.label_title.lower()})")
        return make(UNDETERMINED, held, f"{pair_name(held.pair, names)} {why}")
    short = [p for p in scored if p.label != top]
    if not short:
        return make(ALLIANCE, None, f"every pair is labelled {top_title.lower()}")
    held = lowest(short)
    assert held.result is not None
    if floor is None:
        return make(NEITHER, held, f"{pair_name(held.pair, names)} is labelled "
                                   f"{held.result.label_title.lower()}, not {top_title.lower()}")
    return make(AXIS, held, f"{pair_name(held.pair, names)} is labelled {held.result.label_title.lower()} "
                            f"({held.score:.1f}), not {top_title.lower()}")
