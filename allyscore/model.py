"""The dataset's shape: dimensions, countries, sources, ties with dated observations, crisis events.

Frozen dataclasses (see `allyscore.records`): pydantic validates input into them and checks each value
on its own; checks that need the whole dataset (references, duplicates, directions) live in
`allyscore.dataset`. Nothing here imports pydantic.
"""


import datetime as dt
from dataclasses import field
from typing import Annotated, Literal

from .records import Before, Core, Ge, Le, MaxLen, MinLen, Pattern, Record, Strict, frozen

SCHEMA_VERSION = 2  # the schema this version writes; 1 still loads (see `allyscore data migrate`)
SCHEMA_VERSIONS = (1, 2)
MUTUAL = "mutual"


def _iso_date(value: object) -> object:
    """Accept only ISO text dates (YYYY-MM-DD), not numbers that pydantic would read as Unix time."""
    if isinstance(value, (dt.date, str)):
        return value
    raise ValueError("expected a date written YYYY-MM-DD")


Date = Annotated[dt.date, Before(_iso_date)]


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


def _level_key(value: object) -> object:
    """JSON keys are text: a level used as a key may be written "0"."""
    return int(value) if isinstance(value, str) and value.isdigit() else value


PartialDate = Annotated[str, Before(_partial_date)]
StrictInt = Annotated[int, Strict()]
StrictBool = Annotated[bool, Strict()]
Level = Annotated[int, Strict(), Ge(0), Le(4)]
LevelKey = Annotated[int, Before(_level_key), Strict(), Ge(0), Le(4)]
Text = Annotated[str, MinLen(1)]
Id = Annotated[str, Pattern(r"^[a-z0-9][a-z0-9_.-]*$"), MaxLen(120)]
DimensionId = Annotated[str, Pattern(r"^[a-z][a-z0-9_]*$"), MaxLen(64)]
CountryCode = Annotated[str, Pattern(r"^[A-Z]{3}$")]
Direction = Annotated[str, Pattern(r"^(mutual|[A-Z]{3}->[A-Z]{3})$")]
Url = Annotated[str, Pattern(r"^https?://\S+$")]
Confidence = Literal["low", "medium", "high"]
Signal = Literal["costly", "moderate", "cheap"]


@frozen
class Dimension(Record):
    """One scored aspect of a tie, defined once in the dataset's catalog."""

    id: DimensionId
    name: Text
    description: Text
    directed: StrictBool
    signal: Signal
    levels: dict[LevelKey, Text]

    def __post_init__(self) -> None:
        if sorted(self.levels) != [0, 1, 2, 3, 4]:
            raise ValueError("levels must describe each of 0, 1, 2, 3 and 4")


@frozen
class Country(Record):
    code: CountryCode
    name: Text
    aliases: list[Text] = field(default_factory=list)
    cow: Annotated[int, Strict(), Ge(1), Le(999)] | None = None


@frozen
class Source(Record):
    id: Id
    publisher: Text
    title: Text
    date: PartialDate | None = None  # None only for pages that show no date: `note` must say so
    url: Url | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.date is None and not self.note:
            raise ValueError("an undated source needs a note saying why it has no date")


@frozen
class Observation(Record):
    """A level of one dimension, in one direction, over a period, with its evidence."""

    dimension: DimensionId
    direction: Direction
    level: Level | None  # None: unknown on purpose (notes say why)
    confidence: Confidence
    since: Date
    claim: Text
    sources: Annotated[list[Id], MinLen(1)]
    until: Date | None = None
    notes: str | None = None
    crisis: Id | None = None

    def __post_init__(self) -> None:
        if self.until is not None and self.until < self.since:
            raise ValueError(f"period ends ({self.until}) before it starts ({self.since})")
        if self.level is None and not self.notes:
            raise ValueError("an unknown level (null) needs notes saying why")

    def holds_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


@frozen
class Tie(Record):
    pair: tuple[CountryCode, CountryCode]
    observations: list[Observation]
    summary: str | None = None
    notes: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        a, b = self.pair
        return (a, b) if a <= b else (b, a)


@frozen
class CrisisResponse(Record):
    partner: CountryCode
    delivered: Text
    sources: Annotated[list[Id], MinLen(1)]
    expected: str | None = None


@frozen
class Crisis(Record):
    """A dated episode of war or attack in which the help of `target`'s partners was tested.

    Schema 2 adds the roles: `attackers` and `attacked` (ISO codes, not necessarily in the dataset).
    When they are given, `target` is one of them: the party whose partners' help the crisis tests. A
    party may be in both lists when both sides struck each other.
    """

    id: Id
    name: Text
    target: CountryCode
    start: Date
    sources: Annotated[list[Id], MinLen(1)]
    end: Date | None = None
    description: str | None = None
    responses: list[CrisisResponse] = field(default_factory=list)
    attackers: list[CountryCode] = field(default_factory=list)
    attacked: list[CountryCode] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"crisis ends ({self.end}) before it starts ({self.start})")
        if (self.attackers or self.attacked) and self.target not in (*self.attackers, *self.attacked):
            raise ValueError(f"target {self.target} must be one of the attackers or the attacked")


@frozen
class Dataset(Record):
    schema_version: Literal[1, 2]
    name: Text
    version: Text
    as_of: Date
    dimensions: Annotated[list[Dimension], MinLen(1)]
    countries: list[Country]
    sources: list[Source]
    ties: list[Tie]
    description: str | None = None
    crises: list[Crisis] = field(default_factory=list)
    rubric: Annotated[str, MinLen(1), MaxLen(200)] | None = None  # the rubric the data is meant for
    origin: Literal["curated", "imported"] = "curated"  # imported: written by an importer from public data
