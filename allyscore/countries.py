"""Resolve what a person types (a name, an alias or a code, any case) to a country code."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cached_property

from .errors import LookupFailed
from .model import Country
from .registry import Registry, normalise, registry  # normalise: re-exported


def world_country(text: str) -> tuple[str, str] | None:
    """(code, name) of a real state named `text` (allyscore.registry), whether or not a dataset has it;
    None when the name is no state's."""
    from .registry import registry

    state = registry().lookup(text) if len(text) <= 100 else None
    return (state.code, state.name) if state is not None else None


class CountryIndex:
    """Names, aliases and codes of the dataset's countries, each mapped to its code; then every name the
    country registry knows (allyscore.registry), so that a name resolves the same way in every dataset.
    The registry is read only when a name or code is not the dataset's own (about 25 ms of `rate`)."""

    def __init__(self, countries: Iterable[Country], use_registry: bool = True) -> None:
        self.by_code: dict[str, Country] = {}
        self._own: dict[str, str] = {}
        for country in countries:
            self.by_code[country.code] = country
            for name in (country.code, country.name, *country.aliases):
                self._own.setdefault(normalise(name), country.code)
            if country.cow is not None:
                self._own.setdefault(str(country.cow), country.code)
        self._use_registry = use_registry

    @cached_property
    def _registry(self) -> Registry | None:
        return registry() if self._use_registry else None

    @cached_property
    def _names(self) -> dict[str, str]:
        """Every name: the dataset's own first, then the registry's."""
        names = dict(self._own)
        if self._registry is not None:
            for key, code in self._registry.names.items():
                names.setdefault(key, code)
        return names

    def resolve(self, text: str) -> str:
        """The code for `text`, or a LookupFailed that suggests the nearest names."""
        key = normalise(text)
        code = self._own.get(key)
        if code is not None:
            return code
        if key in self._names:
            return self._names[key]
        close = _closest(key, list(self._names))
        if not close:  # prefixes catch "north" for "north korea"
            close = [n for n in self._names if n.startswith(key)][:3] if key else []
        elsewhere = world_country(text)
        if elsewhere is not None:  # a real country, just not in this dataset: not "unknown"
            code, name = elsewhere
            raise LookupFailed(
                f"the dataset has no tie for {name} ({code})",
                hint="its countries: " + ", ".join(sorted(c.name for c in self.by_code.values()))
                + "; add a tie for it in a dataset of your own (docs/data-model.md) and pass it with --data")
        hint = ("did you mean " + " or ".join(repr(c) for c in close) + "?") if close else \
            "known: " + ", ".join(sorted(c.name.casefold() for c in self.by_code.values()))
        raise LookupFailed(f"unknown country {text!r}", hint=hint)

    def name(self, code: str) -> str:
        country = self.by_code.get(code)
        if country is not None:
            return country.name
        state = self._registry.by_code.get(code) if self._registry is not None else None
        return state.name if state is not None else code

    def known(self, code: str) -> bool:
        """Whether the dataset lists the country (the registry may know more)."""
        return code in self.by_code


def _closest(key: str, names: list[str]) -> list[str]:
    """Up to three names close to `key`, keeping only those nearly as close as the best ("north kroea":
    north korea, not south korea too)."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scored = []
    for name in names:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            ratio = matcher.ratio()
            if ratio >= 0.6:
                scored.append((ratio, name))
    scored.sort(key=lambda item: -item[0])
    best = scored[0][0] if scored else 0.0
    return [name for ratio, name in scored[:3] if ratio >= best - 0.05]
