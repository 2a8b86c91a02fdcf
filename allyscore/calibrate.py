"""Calibration: score the ties of a reference file (published expert judgments) under a rubric.

A reference file (data/reference.yaml) lists, for a tie and a date, the class that published analysis
gives it (the consensus, or the majority where experts split) and who calls it what. `calibrate` scores
each entry as of its date and reports the agreement, the confusion matrix, each disagreement with the
definition or rule that produced the label, and (with draws) each label's probability under the
evidence's uncertainty. Pure: no printing; numpy only when probabilities are asked for.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, Any, Literal

from .errors import InputFileError, Problem
from .model import CountryCode, Date, Id, Source, Text
from .records import Frozen, MinLen, Record, frozen

LabelId = Annotated[str, MinLen(1)]
# The file writes `class`, a Python keyword: the records name it `label`, and the loader renames the key.


@frozen
class Judgment(Record):
    """Who calls the tie what: a published source (defined in the reference file or the dataset)."""

    source: Id
    label: LabelId
    says: Text


@frozen
class Reference(Record):
    """The class published analysis gives a tie as of a date, and the judgments behind it."""

    pair: tuple[CountryCode, CountryCode]
    label: LabelId
    as_of: Date
    judgments: Annotated[list[Judgment], MinLen(1)]
    split: bool = False  # experts disagree: the judgments record both sides
    notes: str | None = None


@frozen
class ReferenceFile(Record):
    schema_version: Literal[1]
    name: Text
    sources: list[Source]
    references: Annotated[list[Reference], MinLen(1)]
    description: str | None = None


def reference_schema() -> dict[str, Any]:
    """The JSON Schema of a reference file, as written (`class`, not the records' `label`)."""
    schema = ReferenceFile.model_json_schema()
    for name in ("Judgment", "Reference"):
        definition = schema.get("$defs", {}).get(name, {})
        props = definition.get("properties", {})
        if "label" in props:
            definition["properties"] = {("class" if k == "label" else k): v for k, v in props.items()}
            definition["required"] = ["class" if k == "label" else k for k in definition.get("required", [])]
            definition["properties"]["class"]["description"] = "A label id of the rubric, e.g. alliance."
    return schema


def load_reference(path: str | os.PathLike[str] | None = None, data: Any = None) -> ReferenceFile:
    """Read and validate a reference file (default: the bundled one); with `data` (a LoadedDataset),
    check that its countries, sources and dates make sense against that dataset."""
    from . import yamlio
    from .dataset import _dotted, locate, validate_model
    from .resources import bundled_reference

    name = str(path) if path is not None else str(bundled_reference())
    located = yamlio.load(name)
    if not isinstance(located.data, dict):
        raise InputFileError("a reference file is a mapping (schema_version, name, sources, references)",
                             file=name, line=1, column=1)
    renamed = yamlio.Located(_rename(located.data, "class", "label"),
                             {_path(k): v for k, v in located.values.items()},
                             {_path(k): v for k, v in located.keys.items()}, name)
    try:
        model = validate_model(ReferenceFile, renamed)
    except InputFileError as exc:
        raise InputFileError(_unrename(exc.problems[0].message),
                             problems=[_unrename_problem(p) for p in exc.problems]) from None
    problems = check_reference(model, data)
    if problems:
        errors = [locate(renamed, Problem(_unrename(f"{_dotted(where)}: {msg}"), hint=hint), where)
                  for where, msg, hint in problems]
        raise InputFileError(errors[0].message, problems=errors)
    return model


def _rename(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {(new if k == old else k): _rename(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, old, new) for v in value]
    return value


def _path(path: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple("label" if part == "class" else part for part in path)


def _unrename(message: str) -> str:
    return message.replace(".label:", ".class:").replace("'label'", "'class'")


def _unrename_problem(problem: Problem) -> Problem:
    import dataclasses

    hint = problem.hint.replace(" label,", " class,") if problem.hint else problem.hint
    return dataclasses.replace(problem, message=_unrename(problem.message), hint=hint)


def check_reference(model: ReferenceFile, data: Any = None) -> list[tuple[tuple[Any, ...], str, str | None]]:
    """Checks across the file: unique source ids, known sources, and (with a dataset) known ties and
    dates no later than the dataset's."""
    out: list[tuple[tuple[Any, ...], str, str | None]] = []
    ids: set[str] = set()
    for i, src in enumerate(model.sources):
        if src.id in ids:
            out.append((("sources", i, "id"), f"duplicate id {src.id!r}", None))
        ids.add(src.id)
    known = ids | (set(data.sources) if data is not None else set())
    seen: dict[tuple[tuple[str, str], dt.date], int] = {}
    for i, ref in enumerate(model.references):
        a, b = ref.pair
        key = ((a, b) if a <= b else (b, a), ref.as_of)
        if key in seen:
            out.append((("references", i, "as_of"), f"{a}-{b} as of {ref.as_of} appears twice "
                        f"(first as references[{seen[key]}])", "one entry per tie and date"))
        seen.setdefault(key, i)
        for j, judgment in enumerate(ref.judgments):
            if judgment.source not in known:
                out.append((("references", i, "judgments", j, "source"), f"unknown source {judgment.source!r}",
                            "define it under sources, or in the dataset"))
        if data is not None:
            if key[0] not in data.ties:
                out.append((("references", i, "pair"), f"the dataset has no tie {a}-{b}",
                            "add the tie to the dataset, or score the reference file against another"))
            if ref.as_of > data.header.as_of:
                out.append((("references", i, "as_of"), f"{ref.as_of} is after the dataset's as_of "
                            f"({data.header.as_of})", None))
    return out


# --- scoring -------------------------------------------------------------------------------------

@frozen
class Entry(Frozen):
    """One reference entry, scored."""

    pair: tuple[str, str]
    names: dict[str, str]
    as_of: dt.date
    reference: str  # the reference class
    split: bool
    judged: tuple[str, ...]  # every class some judgment gives, in order of first appearance
    label: str  # the rubric's label
    score: float
    reasons: tuple[str, ...]  # the definition (class) or rules that produced the label
    probabilities: dict[str, float] | None = None  # label -> share of draws
    interval: tuple[float, float] | None = None

    @property
    def agrees(self) -> bool:
        return self.label == self.reference


@frozen
class Calibration(Frozen):
    rubric: Any  # ResolvedRubric
    reference_name: str
    reference_path: str
    labels: tuple[str, ...]  # the confusion matrix's rows and columns: the rubric's labels, then others
    entries: tuple[Entry, ...]
    draws: int
    seed: int | None
    foreign: tuple[str, ...] = ()  # reference classes that are not labels of the rubric (never agreed with)

    @property
    def agreeing(self) -> int:
        return sum(e.agrees for e in self.entries)

    @property
    def agreement(self) -> float:
        return self.agreeing / len(self.entries) if self.entries else 0.0

    @property
    def within_judgments(self) -> int:
        """Entries whose label is the reference class or a class some cited judgment gives (a split)."""
        return sum(e.agrees or e.label in e.judged for e in self.entries)

    @property
    def disagreements(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if not e.agrees)

    def confusion(self) -> list[list[int]]:
        """counts[i][j]: entries whose reference class is labels[i] and whose label is labels[j]."""
        index = {label: i for i, label in enumerate(self.labels)}
        counts = [[0] * len(self.labels) for _ in self.labels]
        for e in self.entries:
            counts[index[e.reference]][index[e.label]] += 1
        return counts


def calibrate(data: Any, rubric: Any, reference: ReferenceFile, reference_path: str = "",
              draws: int = 0, seed: int | None = None) -> Calibration:
    """Score every reference entry as of its date; with `draws`, each label's probability too."""
    from .engine import score_tie

    sims: dict[tuple[tuple[str, str], dt.date], Any] = {}
    used_seed = None
    if draws:
        from . import uncertainty

        used_seed = uncertainty.DEFAULT_SEED if seed is None else seed

        by_day: dict[dt.date, list[tuple[str, str]]] = {}
        for ref in reference.references:
            by_day.setdefault(ref.as_of, []).append(data.tie(*ref.pair).key)
        for day, pairs in by_day.items():
            for sim in uncertainty.simulate(data, list(dict.fromkeys(pairs)), rubric, day, draws, used_seed):
                sims[(sim.pair, day)] = sim
    entries = []
    for ref in reference.references:
        tie = data.tie(*ref.pair)
        result = score_tie(data, tie, rubric, ref.as_of)
        sim = sims.get((tie.key, ref.as_of))
        judged = tuple(dict.fromkeys(j.label for j in ref.judgments))
        entries.append(Entry(pair=tie.key, names=result.names, as_of=ref.as_of, reference=ref.label,
                             split=ref.split, judged=judged, label=result.label, score=result.score,
                             reasons=result.reasons,
                             probabilities=dict(sim.label_probabilities) if sim is not None else None,
                             interval=(sim.low, sim.high) if sim is not None else None))
    labels = tuple(rubric.model.labels)
    foreign = tuple(sorted({e.reference for e in entries} - set(labels)))  # classes the rubric cannot give
    return Calibration(rubric, reference.name, reference_path, labels + foreign, tuple(entries), draws,
                       used_seed, foreign)
