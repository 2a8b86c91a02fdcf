"""Load a dataset file into validated models, check what refers to what, and look ties up."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any, NoReturn

from .countries import CountryIndex
from .files import decode, read_bytes
from .errors import InputFileError, LookupFailed, Problem
from .model import MUTUAL, Crisis, Dataset, Dimension, Observation, Tie, date_start


class LoadedDataset:
    """A validated dataset with its indices, where it came from, and any warnings.

    Built either from a validated `model`, or from `raw`: the plain data of a dataset validated on an
    earlier run (the cache). Then records are built only as they are used: `header` (everything but the
    ties) on first use, each tie when it is looked up, and the whole `model` only when asked for.
    """

    def __init__(self, model: Dataset | None = None, path: str = "", digest: str = "",
                 warnings: list[Problem] | None = None, *, raw: dict[str, Any] | None = None) -> None:
        if model is None and raw is None:
            raise ValueError("LoadedDataset needs a model or raw data")
        self._model = model
        self._raw = raw
        self.path = path
        self.digest = digest
        self.warnings = warnings or []

    @property
    def model(self) -> Dataset:
        if self._model is None:
            assert self._raw is not None
            self._model = Dataset.from_plain(self._raw)
        return self._model

    @cached_property
    def header(self) -> Dataset:
        """The dataset without building its ties: name, version, as_of, catalog, countries, sources, crises."""
        if self._model is not None:
            return self._model
        assert self._raw is not None
        return Dataset.from_plain({**self._raw, "ties": []})

    @cached_property
    def countries(self) -> CountryIndex:
        return CountryIndex(self.header.countries)

    @cached_property
    def dimensions(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.header.dimensions}

    @cached_property
    def sources(self) -> dict[str, Any]:
        return {s.id: s for s in self.header.sources}

    @cached_property
    def crises(self) -> dict[str, Any]:
        return {c.id: c for c in self.header.crises}

    @cached_property
    def choice_wars(self) -> frozenset[str]:
        """The crises whose target is among their attackers: a war of the tested party's choosing."""
        return frozenset(c.id for c in self.header.crises if c.target in c.attackers)

    @cached_property
    def crisis_starts(self) -> dict[str, dt.date]:
        return {c.id: c.start for c in self.header.crises}

    @cached_property
    def ties(self) -> Mapping[tuple[str, str], Tie]:
        if self._model is not None or self._raw is None:
            return {t.key: t for t in self.model.ties}
        return _LazyTies(self._raw["ties"])

    def tie(self, a: str, b: str) -> Tie:
        """The tie between two codes, in either order, or a LookupFailed that lists what exists."""
        key = (a, b) if a <= b else (b, a)
        if key in self.ties:
            return self.ties[key]
        if a == b:
            raise LookupFailed(f"{self.countries.name(a)} and {self.countries.name(b)} are the same country",
                               hint="name two different countries")
        near = [k for k in self.ties if a in k or b in k]
        unlisted = next((c for c in (a, b) if not self.countries.known(c)), None)
        if unlisted is not None:  # a real state (the registry knows it) that this dataset does not list
            self._no_tie_for(unlisted)
        listed = ", ".join(f"{self.countries.name(x).lower()}:{self.countries.name(y).lower()}" for x, y in near)
        raise LookupFailed(
            f"the dataset has no tie between {self.countries.name(a)} and {self.countries.name(b)}",
            hint=f"ties with either: {listed}" if listed else "neither country has a tie in this dataset")

    def _no_tie_for(self, code: str) -> NoReturn:
        having = sorted({self.countries.name(c) for k in self.ties for c in k})
        shown = ", ".join(having) if len(having) <= 30 else f"{len(having)} states"
        raise LookupFailed(
            f"the dataset has no tie for {self.countries.name(code)} ({code})",
            hint=f"its countries: {shown}; add a tie in a dataset of your own (docs/data-model.md) and "
                 "pass it with --data, or build the world layer (allyscore world build, docs/importing.md)")

    def default_day(self, tie: Tie) -> dt.date:
        """The day a tie is scored on when no date is given: the dataset's as_of; for imported public data,
        the last day its evidence covers (a year-level source holds to 31 December of its year)."""
        as_of = self.header.as_of
        if self.header.origin != "imported":
            return as_of
        ends = [o.until or as_of for o in tie.observations]
        return min(as_of, max(ends)) if ends else as_of

    def crises_for(self, tie: Tie) -> list[Any]:
        """Crises in which one party of the tie was the target and the other responded, by date."""
        a, b = tie.key
        return sorted((c for c in self.header.crises
                       if (c.target == a and any(r.partner == b for r in c.responses))
                       or (c.target == b and any(r.partner == a for r in c.responses))),
                      key=lambda c: c.start)


class _LazyTies(Mapping[tuple[str, str], Tie]):
    """Ties by sorted pair, each built from its plain data on first access."""

    def __init__(self, raw_ties: list[dict[str, Any]]) -> None:
        self._raw = {}
        paused = gc.isenabled()  # a large dataset's plain data is many objects: no collector passes over them
        gc.disable()
        try:
            for item in raw_ties:
                a, b = item["pair"]
                self._raw[(a, b) if a <= b else (b, a)] = item
        finally:
            if paused:
                gc.enable()
        self._built: dict[tuple[str, str], Tie] = {}

    def __getitem__(self, key: tuple[str, str]) -> Tie:
        tie = self._built.get(key)
        if tie is None:
            tie = self._built[key] = Tie.from_plain(self._raw[key])
        return tie

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, key: object) -> bool:
        return key in self._raw


def bundled_path() -> str:
    from .resources import bundled_dataset

    return str(bundled_dataset())


def load_dataset(path: str | os.PathLike[str] | None = None) -> LoadedDataset:
    """Read, validate and cross-check a dataset file (the bundled one when `path` is None)."""
    name = str(path) if path is not None else bundled_path()
    raw = read_bytes(name)
    from .cache import cached_or_validate

    # a large file makes hundreds of thousands of objects, none in a reference cycle: paused, the
    # cyclic collector does not rescan them all as they are made (about 0.1 s on 10,000 ties)
    paused = gc.isenabled()
    gc.disable()
    try:
        return cached_or_validate(name, raw, _validate_bytes, _restore_cached)
    finally:
        if paused:
            gc.enable()


def validate_text(text: str, name: str) -> LoadedDataset:
    """Validate a dataset's text as `load_dataset` validates a file (for a dataset about to be written)."""
    from .cache import content_digest

    return _validate_text(name, text, content_digest(text))


def _restore_cached(name: str, digest: str, warnings: list[Problem], body: bytes, signed: bool) -> LoadedDataset | None:
    """A dataset back from its cache entry (allyscore.cache): as written when allyscore signed the entry,
    else validated as input (model and whole-dataset checks) and kept only when the checks find the same
    warnings as were stored (with their positions)."""
    if signed:
        import json

        def no_constant(word: str) -> Any:
            raise ValueError(f"{word} in a cache entry")  # json.loads would otherwise accept NaN and Infinity

        return LoadedDataset(path=name, digest=digest, warnings=warnings, raw=json.loads(body, parse_constant=no_constant))
    model = Dataset.model_validate_json(body)  # parsed and validated in one pass (numbers: strict ints)
    problems = [p for p, _ in check(model)]
    if any(p.severity == "error" for p in problems) or [p.message for p in problems] != [w.message for w in warnings]:
        return None
    return LoadedDataset(model=model, path=name, digest=digest, warnings=warnings)


def _validate_bytes(name: str, raw: bytes, digest: str) -> LoadedDataset:
    return _validate_text(name, decode(raw, name), digest)


def _validate_text(name: str, text: str, digest: str) -> LoadedDataset:
    """Validate fast from plain data; only when something is wrong, parse again to locate it."""
    from pydantic_core import ValidationError

    from . import yamlio

    data = yamlio.parse_data(text, name)
    if isinstance(data, dict):
        try:
            model = Dataset.model_validate(data)
        except ValidationError:
            model = None
        if model is not None:
            problems = check(model)
            if not problems:
                return LoadedDataset(model=model, path=name, digest=digest, warnings=[])
            warnings = _locate_top_level(name, text, problems)
            if warnings is not None:  # e.g. a schema-1 file: no need to parse again for one position
                return LoadedDataset(model=model, path=name, digest=digest, warnings=warnings)
    return _validate_located(name, text, digest)


def _locate_top_level(name: str, text: str, problems: list[tuple[Problem, tuple[Any, ...]]]) -> list[Problem] | None:
    """Warnings about top-level keys, located by the key's line (`key:` at the start of a line); None
    when any problem is an error or lies deeper (then the careful parser locates it)."""
    import re

    out = []
    for problem, path in problems:
        if problem.severity == "error" or len(path) != 1 or not isinstance(path[0], str):
            return None
        found = re.search(rf"^{re.escape(path[0])}[ \t]*:[ \t]*(?=\S)", text, re.M)
        if found is None:
            return None
        line = text.count("\n", 0, found.start()) + 1
        column = found.end() - found.start() + 1  # the value's, as the careful parser gives it
        out.append(Problem(problem.message, name, line, column, problem.hint, problem.severity))
    return out


def _validate_located(name: str, text: str, digest: str) -> LoadedDataset:
    from . import yamlio

    located = yamlio.parse(text, name)
    if not isinstance(located.data, dict):
        raise InputFileError("a dataset is a mapping with dimensions, countries, sources and ties",
                             file=name, line=1, column=1)
    model = validate_model(Dataset, located)
    problems = check(model)
    errors = [locate(located, p, path) for p, path in problems if p.severity == "error"]
    if errors:
        raise InputFileError(errors[0].message, problems=errors)
    warnings = [locate(located, p, path) for p, path in problems if p.severity != "error"]
    return LoadedDataset(model=model, path=name, digest=digest, warnings=warnings)


_EXTRA = ("extra_forbidden", "unexpected_keyword_argument")
_MISSING = ("missing", "missing_argument")


def validate_model(model_type: Any, located: Any) -> Any:
    """Validate plain data against a model (a Record), turning errors into positioned problems."""
    from pydantic_core import ValidationError

    try:
        return model_type.model_validate(located.data)
    except ValidationError as exc:
        # one problem per path: of a union's failed members (int | float), a broken bound ("less than or
        # equal to") says more than a wrong type, else the last (broadest) type error
        found: dict[tuple[Any, ...], Problem] = {}
        bound: set[tuple[Any, ...]] = set()
        for error in exc.errors(include_url=False):
            path = _data_path(located.data, error["loc"])
            if path in bound:
                continue
            if not error["type"].endswith(("_type", "_parsing")):
                bound.add(path)
            extra = error["type"] in _EXTRA
            message = _message(error, path)
            line, column = located.position(path, prefer_key=extra)
            hint = _hint(error, model_type, path)
            found[path] = Problem(message, located.file, line, column, hint)
        problems = sorted(found.values(), key=lambda p: (p.line or 0, p.column or 0))
        raise InputFileError(problems[0].message, problems=problems) from None


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Keep only the parts of a pydantic `loc` that index into the data (drops union and validator tags)."""
    path: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and not part.startswith(("function-", "tagged-")) \
                and "[" not in part:
            path.append(part)  # a missing or extra key: keep its name for the message
            node = None
    return tuple(path)


def _dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def _message(error: dict[str, Any], path: tuple[Any, ...]) -> str:
    kind = error["type"]
    where = _dotted(path)
    if kind in _MISSING:
        return f"{where}: required key is missing"
    if kind in _EXTRA:
        return f"{where}: unknown key {path[-1]!r}" if path else "unknown key"
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    got = error.get("input")
    if kind in ("greater_than_equal", "less_than_equal") and path and path[-1] == "level":
        return f"{where}: level {got!r} is out of range (levels run 0..4)"
    if kind in _DATE_ERRORS:
        if _is_iso_form(got):  # the right form, an impossible day: say which part is wrong
            return f"{where}: {got!r} is not a date: {msg.rpartition(', ')[2]}"
        return f"{where}: {got!r} is not a date"
    text = f"{where}: {msg[0].lower() + msg[1:]}"
    if isinstance(got, (str, int, float, bool)) and not kind.startswith(("value_error", "assertion")):
        shown = repr(got) if len(repr(got)) <= 60 else repr(got)[:57] + "..."
        text += f", got {shown}"
    return text


def _is_iso_form(value: Any) -> bool:
    import re

    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


_DATE_ERRORS = ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type")


def _hint(error: dict[str, Any], model_type: Any, path: tuple[Any, ...]) -> str | None:
    if error["type"] in _DATE_ERRORS and not _is_iso_form(error.get("input")):
        return "write dates YYYY-MM-DD, e.g. 2019-01-31"
    if getattr(model_type, "__name__", "") == "Rubric" and len(path) == 2 and path[0] == "dimensions":
        return f"write a weight, {path[1]}: 2, or a spec, {path[1]}: {{weight: 2, fold: min}}"
    if error["type"] not in _EXTRA or not path:
        return None
    import difflib

    allowed = _allowed_keys(model_type, path[:-1])
    close = difflib.get_close_matches(str(path[-1]), allowed, n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "allowed: " + ", ".join(allowed) if allowed else None


def _allowed_keys(model_type: Any, path: tuple[Any, ...]) -> list[str]:
    """The field names of the record found at `path` (following lists, dicts and nested records)."""
    import dataclasses
    import typing

    current: Any = model_type
    for part in path:
        if isinstance(part, int):
            continue
        if not dataclasses.is_dataclass(current):
            return []
        hints = typing.get_type_hints(current)
        if part not in hints:
            current = _inner_record(current, typing)  # a key of a dict of records
            continue
        current = _inner_record(hints[part], typing)
    return [f.name for f in dataclasses.fields(current)] if dataclasses.is_dataclass(current) else []


def _inner_record(annotation: Any, typing: Any) -> Any:
    """The record type inside an annotation such as list[X], dict[str, X] or X | None."""
    import dataclasses

    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_record(arg, typing)
        if found is not None:
            return found
    return None


def locate(located: Any, problem: Problem, path: tuple[Any, ...]) -> Problem:
    line, column = located.position(path)
    return Problem(problem.message, located.file, line, column, problem.hint, problem.severity)


def check(ds: Dataset) -> list[tuple[Problem, tuple[Any, ...]]]:
    """Checks that need the whole dataset: uniqueness, references, directions, overlapping periods."""
    out: list[tuple[Problem, tuple[Any, ...]]] = []

    def err(path: tuple[Any, ...], message: str, hint: str | None = None, severity: str = "error") -> None:
        out.append((Problem(f"{_dotted(path)}: {message}", hint=hint, severity=severity), path))

    def suggest(name: str, known: list[str]) -> str | None:
        import difflib

        close = difflib.get_close_matches(name, known, n=1)
        return f"did you mean {close[0]!r}?" if close else None

    def unique(items: list[Any], attr: str, section: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for i, item in enumerate(items):
            value = getattr(item, attr)
            if value in seen:
                err((section, i, attr), f"duplicate {attr} {value!r}")
            seen.setdefault(value, item)
        return seen

    dims = unique(ds.dimensions, "id", "dimensions")
    countries = unique(ds.countries, "code", "countries")
    sources = unique(ds.sources, "id", "sources")
    crises = unique(ds.crises, "id", "crises")
    names: dict[str, str] = {}
    for i, country in enumerate(ds.countries):
        for j, alias in enumerate([country.name, *country.aliases]):
            from .countries import normalise

            key = normalise(alias)
            if names.setdefault(key, country.code) != country.code:
                path = ("countries", i, "name") if j == 0 else ("countries", i, "aliases", j - 1)
                err(path, f"name {alias!r} already names {names[key]}")
    cited: set[str] = set()

    def refs(path: tuple[Any, ...], ids: list[str]) -> None:
        for k, sid in enumerate(ids):
            cited.add(sid)
            if sid not in sources:
                err(path + (k,), f"unknown source {sid!r}", suggest(sid, list(sources)))

    def country(path: tuple[Any, ...], code: str) -> None:
        if code not in countries:
            err(path, f"unknown country {code!r}", suggest(code, list(countries)) or "add it under countries")

    def not_future(path: tuple[Any, ...], day: dt.date | None) -> None:
        if day is not None and day > ds.as_of:
            err(path, f"date {day} is after the dataset's as_of ({ds.as_of})")

    for i, src in enumerate(ds.sources):
        if src.date is not None:
            not_future(("sources", i, "date"), date_start(src.date))
    seen_ties: dict[tuple[str, str], int] = {}
    as_of = ds.as_of
    for i, tie in enumerate(ds.ties):  # the hot loop: paths are built only for what is wrong
        a, b = tie.pair
        if a not in countries or b not in countries:
            for k, code in enumerate(tie.pair):
                country(("ties", i, "pair", k), code)
            for obs in tie.observations:
                cited.update(obs.sources)
            continue  # one line for the country, not a cascade about this tie's directions and crises
        if a == b:
            err(("ties", i, "pair"), f"a tie of {a} with itself")
            continue
        key = (a, b) if a <= b else (b, a)
        if key in seen_ties:
            err(("ties", i, "pair"), f"tie {a}-{b} appears twice (first as ties[{seen_ties[key]}])",
                "merge the two entries")
        else:
            seen_ties[key] = i
        flows = (f"{a}->{b}", f"{b}->{a}")
        periods: dict[tuple[str, str], list[tuple[Observation, int]]] = {}
        for j, obs in enumerate(tie.observations):
            cited.update(obs.sources)
            for sid in obs.sources:
                if sid not in sources:
                    refs(("ties", i, "observations", j, "sources"), obs.sources)
                    break
            if obs.since > as_of or (obs.until is not None and obs.until > as_of):
                not_future(("ties", i, "observations", j, "since"), obs.since)
                not_future(("ties", i, "observations", j, "until"), obs.until)
            dim = dims.get(obs.dimension)
            if dim is None:
                err(("ties", i, "observations", j, "dimension"), f"unknown dimension {obs.dimension!r}",
                    suggest(obs.dimension, list(dims)))
                continue
            if (obs.direction not in flows) if dim.directed else (obs.direction != MUTUAL):
                _check_direction(dim, obs, tie, ("ties", i, "observations", j), err)
            if obs.crisis is not None:
                _check_crisis(ds, crises, obs, ("ties", i, "observations", j), err, suggest)
            same = periods.setdefault((obs.dimension, obs.direction), [])
            for other, k in same:
                if obs.crisis and other.crisis and obs.crisis != other.crisis:
                    continue  # each crisis's record holds until a later crisis supersedes it
                if _overlap(obs, other):
                    err(("ties", i, "observations", j, "since"), f"{obs.dimension} {obs.direction}: period "
                        f"overlaps observations[{k}] ({other.since} to {other.until or 'open'})",
                        "end one period (until) before the next begins")
            same.append((obs, j))
    if ds.schema_version == 1:
        err(("schema_version",), "1 still loads, but is out of date",
            "`allyscore data migrate FILE` upgrades it to schema 2, with formal commitment per direction",
            severity="warning")
    for i, crisis in enumerate(ds.crises):
        country(("crises", i, "target"), crisis.target)
        if ds.schema_version == 1 and (crisis.attackers or crisis.attacked):
            err(("crises", i, "attackers" if crisis.attackers else "attacked"),
                "crisis roles (attackers, attacked) need schema_version 2",
                "run `allyscore data migrate FILE`, which upgrades the file losslessly")
        refs(("crises", i, "sources"), crisis.sources)
        not_future(("crises", i, "start"), crisis.start)
        not_future(("crises", i, "end"), crisis.end)
        for j, response in enumerate(crisis.responses):
            country(("crises", i, "responses", j, "partner"), response.partner)
            refs(("crises", i, "responses", j, "sources"), response.sources)
    for i, src in enumerate(ds.sources):
        if src.id not in cited:
            err(("sources", i, "id"), f"source {src.id!r} is cited nowhere",
                "cite it from an observation or a crisis, or remove it", severity="warning")
    return out


def _check_crisis(ds: Dataset, crises: dict[str, Crisis], obs: Observation, path: tuple[Any, ...], err: Any,
                  suggest: Any) -> None:
    crisis = crises.get(obs.crisis)  # type: ignore[arg-type]
    if crisis is None:
        err(path + ("crisis",), f"unknown crisis {obs.crisis!r}", suggest(obs.crisis, list(crises)))
    elif obs.direction != MUTUAL and obs.direction.split("->")[1] != crisis.target:
        err(path + ("crisis",), f"crisis {obs.crisis!r} targets {crisis.target}, "
            f"but this observation flows {obs.direction}")
    elif not (crisis.start <= obs.since <= (crisis.end or ds.as_of)):
        err(path + ("since",), f"since {obs.since} lies outside crisis {obs.crisis!r} "
            f"({crisis.start} to {crisis.end or 'open'})",
            "a crisis record holds from the crisis on: date it within the crisis")


def _check_direction(dim: Dimension, obs: Observation, tie: Tie, path: tuple[Any, ...], err: Any) -> None:
    a, b = tie.pair
    if not dim.directed:
        if obs.direction != MUTUAL:
            err(path + ("direction",), f"{dim.id} is mutual, so direction must be 'mutual'")
        return
    giver, _, receiver = obs.direction.partition("->")
    if obs.direction == MUTUAL or {giver, receiver} != {a, b}:
        err(path + ("direction",), f"{dim.id} is directed: direction must be '{a}->{b}' or '{b}->{a}'")


def _overlap(x: Observation, y: Observation) -> bool:
    x_end = x.until or dt.date.max
    y_end = y.until or dt.date.max
    return x.since <= y_end and y.since <= x_end


def missing_dimensions(loaded: LoadedDataset) -> list[Problem]:
    """Warnings for ties with no observation at all of a catalog dimension (shown by `data validate`).

    A dimension unknown on purpose is written as an observation with `level: null` and notes; a
    dimension left out silently is more often forgotten. The file is parsed again for positions only
    when there is something to report."""
    model = loaded.model
    catalog = [d.id for d in model.dimensions]
    gaps = []
    for i, tie in enumerate(model.ties):
        seen = {obs.dimension for obs in tie.observations}
        missing = [d for d in catalog if d not in seen]
        if missing:
            gaps.append((i, tie, missing))
    if not gaps:
        return []
    from . import yamlio
    from .files import read_text

    try:
        located = yamlio.parse(read_text(loaded.path), loaded.path)
    except (InputFileError, OSError):
        located = None
    out = []
    for i, tie, missing in gaps:
        line, column = located.position(("ties", i, "pair")) if located is not None else (None, None)
        out.append(Problem(f"ties[{i}] ({'-'.join(tie.pair)}): no observation of {', '.join(missing)}",
                           loaded.path, line, column,
                           "add one per dimension; level: null with notes when it is unknown on purpose",
                           severity="warning"))
    return out
