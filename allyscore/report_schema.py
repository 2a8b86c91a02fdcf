"""The JSON Schema of `allyscore report` output, generated from pydantic models of its parts.

A json report is one `ReportDocument` ({header, entries}); a jsonl report is one `ReportEntry` per line.
`report_schema()` accepts either, so one schema checks both. The models mirror what `allyscore.report`
produces (additional properties are refused, so a field added there and not here fails the tests).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from .report import REPORT_SCHEMA_VERSION

Number = float  # JSON Schema's "number" (integers included)
Level = Annotated[int, Field(ge=0, le=4)]
SchemaVersion = Literal[1]  # == REPORT_SCHEMA_VERSION (tests/test_report.py checks that they agree)


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Tool(_Closed):
    name: Literal["allyscore"]
    version: str


class RateDatasetRef(_Closed):
    """The dataset as `rate` records it."""

    name: str
    version: str
    digest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")


class DatasetRef(RateDatasetRef):
    path: str | None = Field(description="The dataset file as given with --data; null: the bundled dataset.")


class RateRubricRef(_Closed):
    """The rubric as `rate` records it."""

    name: str
    version: str
    digest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    weights_overridden: dict[str, Number] | None = None


class LabelInfo(_Closed):
    id: str
    title: str
    definition: str | None = Field(description="What the label means, in the rubric's words; null: not given.")


class RubricRef(RateRubricRef):
    ref: str = Field(description="NAME@VERSION")


class HeaderRubricRef(RubricRef):
    labels: list[LabelInfo] = Field(description="The rubric's labels, in its order, with their definitions.")


class DimensionInfo(_Closed):
    id: str
    name: str
    directed: bool
    signal: Literal["costly", "moderate", "cheap"]


class ReportHeader(_Closed):
    """Who made the report from what."""

    schema_version: SchemaVersion
    tool: Tool
    dataset: DatasetRef
    rubrics: list[HeaderRubricRef]
    as_of: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    pairs: list[list[str]] = Field(description="The ties reported, as pairs of country codes (sorted).")
    dimensions: list[DimensionInfo] = Field(description="The dataset's dimension catalog, in order.")


class DimensionEntry(_Closed):
    id: str
    name: str
    directed: bool
    signal: Literal["costly", "moderate", "cheap"]
    levels: dict[str, Level | None] = Field(
        description='Level 0..4 by direction ("AAA->BBB") or "mutual"; null: unknown.')
    value: Number | None = Field(description="The folded level, 0..4; null: unknown and left out.")
    status: Literal["known", "unknown", "imputed"]
    weight: Number
    transformed: Number | None = Field(description="0..1, after the rubric's transform.")
    contribution: Number = Field(description="Points of the 0..100 score; contributions add up to it.")
    confidence: Literal["low", "medium", "high"] | None


class Asymmetry(_Closed):
    index: Number = Field(ge=-1, le=1)
    giver: str | None
    flagged: bool
    gives: dict[str, Number]
    compared: list[str]
    summary: str


class Indicators(_Closed):
    asymmetry: Asymmetry
    say_do_gap: Number | None
    coverage: Number = Field(ge=0, le=1)


class Interval(_Closed):
    low: Number = Field(ge=0, le=100)
    high: Number = Field(ge=0, le=100)
    level: Number = Field(gt=0, lt=1, description="The interval's coverage, e.g. 0.9.")


class Simulation(_Closed):
    draws: int = Field(ge=1)
    seed: int
    mean: Number
    model: str = Field(description="How levels vary with their confidence (allyscore.uncertainty).")


class ShortOf(_Closed):
    label: str | None = Field(description="The label of the rubric's highest band (e.g. alliance).")
    because: list[str] = Field(description="What keeps the tie from it; empty when the tie has it.")


class _Score(_Closed):
    """What `rate --format json` and a report entry share."""

    schema_version: SchemaVersion
    pair: list[str] = Field(min_length=2, max_length=2)
    names: dict[str, str]
    score: Number = Field(ge=0, le=100)
    label: str
    label_title: str
    reasons: list[str]
    short_of: ShortOf
    as_of: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    unscored_dimensions: list[str] = Field(description="Catalog dimensions this rubric does not score.")
    indicators: Indicators
    interval: Interval | None = Field(None, description="With --uncertainty: the score's Monte Carlo interval.")
    label_probabilities: dict[str, Number] | None = Field(
        None, description="With --uncertainty: each label's share of the draws (they sum to 1).")
    simulation: Simulation | None = Field(None, description="With --uncertainty: how the draws were made.")


class ReportEntry(_Score):
    """One tie under one rubric; self-contained (a jsonl line needs nothing else)."""

    tool: Tool
    rubric: RubricRef
    dataset: DatasetRef
    dimensions: list[DimensionEntry]


class SourceEntry(_Closed):
    id: str
    publisher: str
    title: str
    date: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD; null: the page shows no date.")
    url: str | None = None
    note: str | None = None


class EvidenceEntry(_Closed):
    direction: str
    level: Level | None
    confidence: Literal["low", "medium", "high"]
    since: str
    until: str | None
    claim: str
    sources: list[SourceEntry]
    notes: str | None = None
    crisis: str | None = None
    dataset: str | None = Field(None, description="With several datasets (layers): the one this observation came from.")


class RateDimensionEntry(DimensionEntry):
    evidence: list[EvidenceEntry] | None = Field(None, description="With --evidence: the observations in effect.")


class CrisisResponseEntry(_Closed):
    partner: str
    delivered: str
    expected: str | None
    dimension: str | None = None
    level: Number | None = None
    top_level: Number | None = None
    gap: Number | None = None


class CrisisEntry(_Closed):
    id: str
    name: str
    target: str = Field(description="The party whose partners' help the crisis tests (one of the attackers or "
                        "the attacked when roles are recorded).")
    attackers: list[str] = Field(default_factory=list, description="Who attacked (ISO 3166 alpha-3); empty: "
                                 "not recorded, or not a state.")
    attacked: list[str] = Field(default_factory=list, description="Who was attacked (ISO 3166 alpha-3).")
    start: str
    end: str | None
    responses: list[CrisisResponseEntry]


class RateResult(_Score):
    """`allyscore rate --format json`: one tie under one rubric (evidence and crises with --evidence)."""

    rubric: RateRubricRef
    dataset: RateDatasetRef
    dimensions: list[RateDimensionEntry]
    crises: list[CrisisEntry] | None = None


def rate_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `allyscore rate --format json`."""
    from pydantic import TypeAdapter

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:allyscore:schema:rate:{REPORT_SCHEMA_VERSION}",
        "title": "allyscore rate",
        "x-schema-version": REPORT_SCHEMA_VERSION,
        **TypeAdapter(RateResult).json_schema(),
    }


class ReportDocument(_Closed):
    """A json report: the header, then one entry per tie and rubric."""

    header: ReportHeader
    entries: list[ReportEntry]


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that a json report document and each jsonl line validate against."""
    from pydantic import TypeAdapter

    inner = TypeAdapter(Union[ReportDocument, ReportEntry]).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:allyscore:schema:report:{REPORT_SCHEMA_VERSION}",
        "title": "allyscore report",
        "description": ("The output of `allyscore report`: --format json gives one ReportDocument, "
                        "--format jsonl gives one ReportEntry per line. "
                        f"schema_version {REPORT_SCHEMA_VERSION}."),
        "x-schema-version": REPORT_SCHEMA_VERSION,
        **inner,
    }
