"""The dataset's shape: dimensions, countries, sources, ties with dated observations, crisis events.

These pydantic models check each value on its own; checks that need the whole dataset (references,
duplicates, directions) live in `allyscore.dataset`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, model_validator

SCHEMA_VERSION = 1
MUTUAL = "mutual"


def _iso_date(value: object) -> object:
    """Accept only ISO text dates (YYYY-MM-DD), not numbers that pydantic would read as Unix time."""
    if isinstance(value, (dt.date, str)):
        return value
    raise ValueError("expected a date written YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]


def _partial_date(value: object) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD: books and data releases are often dated by year or month only."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        parts = value.split("-")
        try:
            if len(parts) == 1 and len(value) == 4:
                int(value)
                return value
            if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:
                dt.date(int(parts[0]), int(parts[1]), 1)
                return value
            if len(parts) == 3:
                return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError("expected a date written YYYY-MM-DD, YYYY-MM or YYYY")


def date_start(value: str) -> dt.date:
    """The first day a (possibly partial) date can mean."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


PartialDate = Annotated[str, BeforeValidator(_partial_date)]
Level = Annotated[StrictInt, Field(ge=0, le=4)]
# JSON keys are text: a level used as a key may be written "0"
LevelKey = Annotated[StrictInt, BeforeValidator(lambda v: int(v) if isinstance(v, str) and v.isdigit() else v),
                     Field(ge=0, le=4)]
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=120)]
DimensionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Direction = Annotated[str, Field(pattern=r"^(mutual|[A-Z]{3}->[A-Z]{3})$")]
Confidence = Literal["low", "medium", "high"]
Signal = Literal["costly", "moderate", "cheap"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dimension(Strict):
    """One scored aspect of a tie, defined once in the dataset's catalog."""

    id: DimensionId
    name: Text
    description: Text
    directed: StrictBool
    signal: Signal
    levels: dict[LevelKey, Text]

    @model_validator(mode="after")
    def _all_levels(self) -> Dimension:
        if sorted(self.levels) != [0, 1, 2, 3, 4]:
            raise ValueError("levels must describe each of 0, 1, 2, 3 and 4")
        return self


class Country(Strict):
    code: CountryCode
    name: Text
    aliases: list[Text] = []
    cow: StrictInt | None = Field(default=None, ge=1, le=999)


class Source(Strict):
    id: Id
    publisher: Text
    title: Text
    date: PartialDate | None = None  # None only for pages that show no date: `note` must say so
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _dated_or_explained(self) -> Source:
        if self.date is None and not self.note:
            raise ValueError("an undated source needs a note saying why it has no date")
        return self


class Observation(Strict):
    """A level of one dimension, in one direction, over a period, with its evidence."""

    dimension: DimensionId
    direction: Direction
    level: Level | None  # None: unknown on purpose (notes say why)
    confidence: Confidence
    since: Date
    until: Date | None = None
    claim: Text
    sources: Annotated[list[Id], Field(min_length=1)]
    notes: str | None = None
    crisis: Id | None = None

    @model_validator(mode="after")
    def _period(self) -> Observation:
        if self.until is not None and self.until < self.since:
            raise ValueError(f"period ends ({self.until}) before it starts ({self.since})")
        if self.level is None and not self.notes:
            raise ValueError("an unknown level (null) needs notes saying why")
        return self

    def holds_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


class Tie(Strict):
    pair: tuple[CountryCode, CountryCode]
    summary: str | None = None
    notes: str | None = None
    observations: list[Observation]

    @property
    def key(self) -> tuple[str, str]:
        a, b = self.pair
        return (a, b) if a <= b else (b, a)


class CrisisResponse(Strict):
    partner: CountryCode
    delivered: Text
    expected: str | None = None
    sources: Annotated[list[Id], Field(min_length=1)]


class Crisis(Strict):
    """A dated episode in which `target` was attacked or at war, and what its partners delivered."""

    id: Id
    name: Text
    target: CountryCode
    start: Date
    end: Date | None = None
    description: str | None = None
    sources: Annotated[list[Id], Field(min_length=1)]
    responses: list[CrisisResponse] = []

    @model_validator(mode="after")
    def _period(self) -> Crisis:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"crisis ends ({self.end}) before it starts ({self.start})")
        return self


class Dataset(Strict):
    schema_version: Literal[1]
    name: Text
    version: Text
    as_of: Date
    description: str | None = None
    dimensions: Annotated[list[Dimension], Field(min_length=1)]
    countries: list[Country]
    sources: list[Source]
    ties: list[Tie]
    crises: list[Crisis] = []
