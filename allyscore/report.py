"""Batch reports: many ties under one or more rubrics, as plain data that any format can render.

A report is a header (who made it from what) and a stream of entries, one per tie and rubric. Each
entry is the JSON form of one score (`formats.jsonfmt.tie_score_dict`) plus what makes it
self-contained on its own line: the tool's version, the dataset's path, the rubric's reference.
Entries are produced lazily, so that jsonl can write each one as soon as it is scored.
`allyscore schema report` prints the JSON Schema that headers and entries follow.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .version import __version__
from .dataset import LoadedDataset
from .engine import score_tie, tie_score_dict
from .errors import AllyscoreError, Problem
from .plain import dataset_dict
from .rubric import ResolvedRubric

REPORT_SCHEMA_VERSION = 1  # bump when a field changes meaning or goes away; additions keep it
TOOL = "allyscore"
CHUNK = 256  # pairs rendered at a time: about 0.05 s of scoring in the world layer before the first lines
PARALLEL_MIN = 2_000  # entries: a smaller report is scored in one process (forking and warming cost more)
_SEPARATOR = re.compile(r"\s*[:,]\s*")
T = TypeVar("T")


@dataclass(frozen=True)
class PairRequest:
    """One pair as a person wrote it, and where: an argument (file None) or a line of a pairs file."""

    text: str
    file: str | None = None
    line: int | None = None


@dataclass
class ReportPlan:
    """What a report will cover: the ties (as sorted code pairs), the rubrics, the date, and the problems."""

    data: LoadedDataset
    rubrics: list[ResolvedRubric]
    as_of: dt.date
    pairs: list[tuple[str, str]]
    problems: list[Problem] = field(default_factory=list)  # bad pairs: each reported, then skipped
    notes: list[Problem] = field(default_factory=list)  # warnings (e.g. a pair listed twice)
    dataset_path: str | None = None  # as the user gave it; None: the bundled dataset
    uncertainty: tuple[int, int, float] | None = None  # (draws, seed, level): add intervals when set
    evidence: bool = False  # add each dimension's observations and sources, and the crises (the HTML report)
    simulated: dict[int, dict[tuple[str, str], Any]] = field(default_factory=dict, repr=False)  # by rubric

    @property
    def size(self) -> int:
        return len(self.pairs) * len(self.rubrics)

    def header(self) -> dict[str, Any]:
        return report_header(self)

    def entries(self) -> Iterator[dict[str, Any]]:
        return iter_entries(self)

    def rendered(self, render: Callable[[Iterator[dict[str, Any]]], T], jobs: int = 1) -> Iterator[tuple[int, T]]:
        return rendered(self, render, jobs)


def parse_pairs_text(text: str, file: str) -> list[PairRequest]:
    """The pairs in a pairs file: one per line (`iran,russia` or `iran:russia`); blank lines and `#` comments skipped."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(PairRequest(line, file, number))
    return out


def split_pair(text: str) -> tuple[str, str]:
    """`iran:russia` or `iran,russia` -> ("iran", "russia"), or an AllyscoreError saying what is wrong."""
    parts = _SEPARATOR.split(text.strip())
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise AllyscoreError("not a pair", hint="write A:B or A,B, e.g. iran:russia")
    return parts[0].strip(), parts[1].strip()


def resolve_pair(data: LoadedDataset, request: PairRequest) -> tuple[str, str]:
    """The tie's key (two codes, sorted) for a pair as written, or an AllyscoreError with the reason."""
    a, b = split_pair(request.text)
    code_a, code_b = data.countries.resolve(a), data.countries.resolve(b)
    return data.tie(code_a, code_b).key


def plan_report(data: LoadedDataset, rubrics: list[ResolvedRubric], requests: list[PairRequest] | None,
                as_of: dt.date | None = None, dataset_path: str | None = None) -> ReportPlan:
    """Resolve the pairs (None: every tie in the dataset, by code) and collect each bad one as a problem."""
    plan = ReportPlan(data=data, rubrics=_unique_rubrics(rubrics), as_of=as_of or data.header.as_of, pairs=[],
                      dataset_path=dataset_path)
    if requests is None:
        plan.pairs = sorted(data.ties)
        return plan
    seen: dict[tuple[str, str], PairRequest] = {}
    for request in requests:
        try:
            key = resolve_pair(data, request)
        except AllyscoreError as exc:
            first = exc.problems[0]
            plan.problems.append(Problem(f"{request.text}: {first.message}", request.file, request.line, None,
                                         first.hint))
            continue
        if key in seen:
            before = seen[key]
            at = f"{before.file}:{before.line}" if before.file is not None else f"argument {before.text!r}"
            plan.notes.append(Problem(f"{request.text}: the same tie as {at}; reported once", request.file,
                                      request.line, severity="warning"))
            continue
        seen[key] = request
        plan.pairs.append(key)
    return plan


def _unique_rubrics(rubrics: list[ResolvedRubric]) -> list[ResolvedRubric]:
    out: list[ResolvedRubric] = []
    for rubric in rubrics:
        if not any(r.digest == rubric.digest and r.ref == rubric.ref for r in out):
            out.append(rubric)
    return out


def tool_dict() -> dict[str, str]:
    return {"name": TOOL, "version": __version__}


def report_dataset_dict(plan: ReportPlan) -> dict[str, Any]:
    return {**dataset_dict(plan.data), "path": plan.dataset_path}


def rubric_ref_dict(rubric: ResolvedRubric) -> dict[str, Any]:
    out: dict[str, Any] = {"ref": rubric.ref, "name": rubric.model.name, "version": rubric.model.version,
                           "digest": rubric.digest}
    if rubric.overrides:
        out["weights_overridden"] = dict(sorted(rubric.overrides.items()))
    out["labels"] = [{"id": key, "title": spec.title, "definition": spec.description}
                     for key, spec in rubric.model.labels.items()]
    return out


def report_header(plan: ReportPlan) -> dict[str, Any]:
    """Who made the report from what: tool, dataset, rubrics, date, the ties and the dimension catalog."""
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": tool_dict(),
        "dataset": report_dataset_dict(plan),
        "rubrics": [rubric_ref_dict(r) for r in plan.rubrics],
        "as_of": plan.as_of.isoformat(),
        "pairs": [list(p) for p in plan.pairs],
        "dimensions": [{"id": d.id, "name": d.name, "directed": d.directed, "signal": d.signal}
                       for d in plan.data.header.dimensions],
    }


def entry_dict(plan: ReportPlan, result: Any, uncertainty: Any = None) -> dict[str, Any]:
    """One tie under one rubric: the rate JSON, plus the tool, the dataset's path and the rubric's ref."""
    base = tie_score_dict(result, plan.data, evidence=plan.evidence, uncertainty=uncertainty)
    out: dict[str, Any] = {"schema_version": REPORT_SCHEMA_VERSION, "tool": tool_dict()}
    for key, value in base.items():
        if key == "schema_version":
            continue
        if key == "rubric":
            value = {"ref": result.rubric.ref, **value}
        elif key == "dataset":
            value = {**value, "path": plan.dataset_path}
        out[key] = value
    return out


def iter_entries(plan: ReportPlan, pairs: list[tuple[str, str]] | None = None) -> Iterator[dict[str, Any]]:
    """Score each tie (`pairs`, by default the plan's) under each rubric, in order (ties first, then
    rubrics), one entry at a time."""
    for key in plan.pairs if pairs is None else pairs:
        tie = plan.data.ties[key]
        for i, rubric in enumerate(plan.rubrics):
            sim = None
            if plan.uncertainty is not None:
                if i not in plan.simulated:  # one vectorised run per rubric, over every tie of the report
                    from .uncertainty import simulate

                    draws, seed, level = plan.uncertainty
                    results = simulate(plan.data, plan.pairs, rubric, plan.as_of, draws, seed, level)
                    plan.simulated[i] = {r.pair: r for r in results}
                sim = plan.simulated[i][key]
            yield entry_dict(plan, score_tie(plan.data, tie, rubric, plan.as_of), sim)


def rendered(plan: ReportPlan, render: Callable[[Iterator[dict[str, Any]]], T], jobs: int = 1,
             ) -> Iterator[tuple[int, T]]:
    """`render(entries)` for each run of CHUNK pairs, in order, with the number of entries rendered.

    With jobs > 1, a report of PARALLEL_MIN entries or more is scored by that many worker processes
    (allyscore.workers; Linux only), each chunk's rendering coming back from the worker that did it:
    the world layer's 19,564 ties in jsonl take about half the time on two cores. With --uncertainty a
    report is scored here: its Monte Carlo runs once over every tie, with numpy's threads.
    """
    from .workers import ordered

    if plan.uncertainty is not None or plan.size < PARALLEL_MIN:
        jobs = 1

    def work(start: int, stop: int) -> tuple[int, T]:
        return (stop - start) * len(plan.rubrics), render(iter_entries(plan, plan.pairs[start:stop]))

    return ordered(work, len(plan.pairs), CHUNK, jobs)
