"""The country registry that ships with allyscore: every state of the international system, past and present.

One row per Correlates of War state (and a few non-members that sources name), from data/states.csv
(written by scripts/gen_registry.py): the code allyscore uses (ISO 3166-1 alpha-3 where the state has
one; a historical state without one keeps its COW identity), ISO alpha-2, COW number and letter code,
English short and formal names, the years COW counts it as a state, what succeeded it, and the aliases
people type. Every dataset uses it, so a name resolves the same way everywhere: a dataset's own names
come first, the registry fills in the rest.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache

from .records import Frozen, frozen


REGISTRY_FILE = "states.csv"


def normalise(text: str) -> str:
    """Case, spacing, punctuation and a leading 'the' do not matter."""
    text = re.sub(r"[\s_.'’-]+", " ", text.casefold()).strip()
    return text[4:] if text.startswith("the ") else text


@frozen
class State(Frozen):
    code: str
    iso2: str | None
    cow: int | None
    cow_abb: str | None
    name: str
    formal_name: str
    start: int | None  # first year COW counts it as a state
    end: int | None  # last year (None: still a state)
    successors: tuple[str, ...]  # codes of the states that took its place
    aliases: tuple[str, ...]
    note: str

    @property
    def historical(self) -> bool:
        return self.end is not None

    def describe(self) -> str:
        """One line: the name, its years, and who succeeded it."""
        years = "" if self.start is None else f" ({self.start}-{self.end or ''})"
        after = f"; succeeded by {', '.join(self.successors)}" if self.successors else ""
        return f"{self.name}{years}{after}"


class Registry:
    """States by code, by COW number and by every name, alias and code people may type."""

    def __init__(self, states: list[State]) -> None:
        self.states = states
        self.by_code = {s.code: s for s in states}
        self.by_cow = {s.cow: s for s in states if s.cow is not None}
        self.names: dict[str, str] = {}
        # codes first, then short names, then the rest: "uk" is the United Kingdom's alias before
        # anything else's prefix, and no alias can take a code
        for s in states:
            self.names.setdefault(normalise(s.code), s.code)
        for s in states:
            self.names.setdefault(normalise(s.name), s.code)
        for s in states:
            for name in (s.formal_name, *s.aliases, *( [s.iso2] if s.iso2 else [])):
                self.names.setdefault(normalise(name), s.code)
            if s.cow is not None:
                self.names.setdefault(str(s.cow), s.code)

    def code_for_cow(self, cow: int) -> str | None:
        state = self.by_cow.get(cow)
        return state.code if state else None

    def lookup(self, text: str) -> State | None:
        code = self.names.get(normalise(text))
        return self.by_code[code] if code else None


def parse(text: str) -> list[State]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    out = []
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        out.append(State(
            code=row["code"], iso2=row["iso2"] or None, cow=int(row["cow"]) if row["cow"] else None,
            cow_abb=row["cow_abb"] or None, name=row["name"], formal_name=row["formal_name"],
            start=int(row["start"]) if row["start"] else None, end=int(row["end"]) if row["end"] else None,
            successors=tuple(c for c in row["successors"].split(";") if c),
            aliases=tuple(a for a in row["aliases"].split(";") if a), note=row["note"]))
    return out


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry shipped with allyscore (read once per process)."""
    from .resources import bundled_registry

    with open(bundled_registry(), encoding="utf-8") as handle:
        return Registry(parse(handle.read(1 << 20)))
