"""Plain frozen dataclasses as the domain model, validated by pydantic only at the edge.

The dataset's and rubric's records are stdlib dataclasses: cheap to build and to import. pydantic
validates untrusted input into them (it understands dataclasses and the constraint markers below, and
is imported only when something is validated). `from_plain` rebuilds records from data validated
earlier in the same process, without validating again.

`Record` offers the few pydantic-style methods the code base uses: model_validate(_json),
model_json_schema, model_dump, model_copy.

What the hand-made `@frozen` buys over `@dataclass(frozen=True)`: no six generated methods per class
(about 17 ms of every start-up for 30 classes, measured in November 2026 with `benchmarks/run.py`), and
`from_plain`, which lets a signed cache entry become records without importing pydantic (see
allyscore.cache); building an observation costs about the same as a dataclass (1.4 vs 1.3 us).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")


# --- constraint markers pydantic understands (through __get_pydantic_core_schema__) -------------

class Pattern:
    """The string must match `regex` (shows in the JSON Schema as `pattern`)."""

    __slots__ = ("regex",)

    def __init__(self, regex: str) -> None:
        self.regex = regex

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema["pattern"] = self.regex
        return schema


class Core:
    """Set keys of the type's pydantic core schema, e.g. Core(strict=True, allow_inf_nan=False)."""

    __slots__ = ("settings",)

    def __init__(self, **settings: Any) -> None:
        self.settings = settings

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        _apply(schema, self.settings)
        return schema


def _apply(schema: dict[str, Any], settings: dict[str, Any]) -> None:
    """Set keys on a core schema, reaching into unions (int | float) and optionals."""
    if schema.get("type") == "union":
        for choice in schema["choices"]:
            _apply(choice[0] if isinstance(choice, tuple) else choice, settings)
    elif schema.get("type") in ("nullable", "default"):
        _apply(schema["schema"], settings)
    else:
        schema.update(settings)


def Strict() -> Core:  # noqa: N802 - these read like the markers they make
    """No lax conversions: an int is an int, not True and not "7"."""
    return Core(strict=True)


def Ge(bound: float) -> Core:  # noqa: N802
    return Core(ge=bound)


def Le(bound: float) -> Core:  # noqa: N802
    return Core(le=bound)


def MinLen(n: int) -> Core:  # noqa: N802
    return Core(min_length=n)


def MaxLen(n: int) -> Core:  # noqa: N802
    return Core(max_length=n)


class Before:
    """Run `fn` on the raw value before the type's own validation."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.fn, handler(source))


CONFIG = {"extra": "forbid"}


# --- frozen value classes without generated code ------------------------------------------------

F = TypeVar("F", bound=type)
_MISSING = dataclasses.MISSING


def frozen(cls: F) -> F:
    """Like @dataclass(frozen=True) for a subclass of `Frozen`, without compiling code for the class.

    dataclass() writes and compiles __init__, __repr__, __eq__, __hash__, __setattr__ and __delattr__
    for every class it makes, about half a millisecond each at import: over the thirty classes on the
    path of `allyscore rate`, a tenth of its start-up. `Frozen` holds one generic copy of each instead;
    `dataclasses.fields` and `replace`, and pydantic, see an ordinary dataclass.
    """
    if cls.__dict__.get("__doc__") is None:  # else dataclass() builds one with inspect.signature
        cls.__doc__ = f"{cls.__name__}(...)"  # a signature-like doc, which pydantic leaves out of schemas
    made: type[Frozen] = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(made)
    made.__init_names__ = tuple(f.name for f in fields if f.init)
    made.__init_accepts__ = frozenset(made.__init_names__)
    made.__init_defaults__ = {f.name: f.default for f in fields if f.default is not _MISSING}
    made.__init_factories__ = tuple((f.name, f.default_factory) for f in fields if f.default_factory is not _MISSING)
    made.__after_init__ = getattr(made, "__post_init__", None)
    made.__compared__ = tuple(f.name for f in fields if f.compare)
    return cls


class Frozen:
    """Base of the classes made by `frozen`: immutable values compared, hashed and shown by their fields."""

    __slots__ = ()
    __init_names__: ClassVar[tuple[str, ...]] = ()
    __init_accepts__: ClassVar[frozenset[str]] = frozenset()
    __init_defaults__: ClassVar[dict[str, Any]] = {}
    __init_factories__: ClassVar[tuple[tuple[str, Any], ...]] = ()
    __after_init__: ClassVar[Any] = None
    __compared__: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        if args:
            if len(args) > len(cls.__init_names__):
                raise TypeError(f"{cls.__name__}() takes {len(cls.__init_names__)} positional arguments but "
                                f"{len(args)} were given")
            for name, value in zip(cls.__init_names__, args):
                if name in kwargs:
                    raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
                kwargs[name] = value
        if not cls.__init_accepts__.issuperset(kwargs):
            unknown = next(name for name in kwargs if name not in cls.__init_accepts__)
            raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {unknown!r}")
        values = self.__dict__  # set directly: __setattr__ refuses
        values.update(cls.__init_defaults__)
        values.update(kwargs)
        for name, factory in cls.__init_factories__:
            if name not in kwargs:
                values[name] = factory()
        if len(values) < len(cls.__init_names__):
            missing = next(name for name in cls.__init_names__ if name not in values)
            raise TypeError(f"{cls.__name__}() missing required argument: {missing!r}")
        if cls.__after_init__ is not None:
            cls.__after_init__(self)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__compared__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Frozen) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__compared__)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def filled(cls: type[F], values: dict[str, Any]) -> F:
    """An instance of a `frozen` class from a dict that holds every one of its fields, without the checks
    of `Frozen.__init__` (unknown, missing or repeated names) and without `__post_init__`.

    For code that builds many records of its own making, with every field named: the engine's results,
    a few per tie, which a report over the world layer's 19,564 ties feels (1.0 against 3.9 us for a
    DimensionScore, timeit, 2026-11-30). tests/test_records.py checks that each such record is whole.
    """
    record = object.__new__(cls)
    record.__dict__.update(values)
    return record


# --- the record base -----------------------------------------------------------------------------

class Record(Frozen):
    """Base of the dataset's and rubric's records: frozen values that pydantic validates."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = CONFIG

    @classmethod
    def model_validate(cls: type[R], data: Any) -> R:
        """Validate untrusted data into an instance (raises pydantic.ValidationError)."""
        return _validator(cls).validate_python(data)

    @classmethod
    def model_validate_json(cls: type[R], text: str | bytes) -> R:
        return _adapter(cls).validate_json(text)

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        return _adapter(cls).json_schema()

    @classmethod
    def from_plain(cls: type[R], data: Any) -> R:
        """Rebuild an instance from `to_plain` output that was validated before (no validation)."""
        return _builder(cls)(data)

    def model_dump(self, mode: str = "json", exclude: set[str] | None = None) -> dict[str, Any]:
        out = to_plain(self)
        for key in exclude or ():
            out.pop(key, None)
        return out

    def dump_json(self, exclude_defaults: bool = False) -> bytes:
        """Compact UTF-8 JSON of `to_plain(self)`, written by pydantic-core (about 6 times faster);
        `exclude_defaults` leaves out fields that hold their default, which `from_plain` restores."""
        return _serializer(type(self)).to_json(self, exclude_defaults=exclude_defaults)

    def model_copy(self: R, update: dict[str, Any] | None = None) -> R:
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]


@cache
def _adapter(cls: type) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


@cache
def _validator(cls: type) -> Any:
    """pydantic-core's validator for `cls`, generated from the type hints (about 0.15 s, once a process).

    It is never kept on disk: a pickled validator is code, and anyone who could write the cache would
    run theirs.
    """
    return _adapter(cls).validator


@cache
def _serializer(cls: type) -> Any:
    """pydantic-core's serializer for `cls`, made as the validator is."""
    return _adapter(cls).serializer


def to_plain(value: Any) -> Any:
    """JSON-ready data: dataclasses become dicts (in field order), dates ISO text, tuples lists."""
    if isinstance(value, Record):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}  # type: ignore[arg-type]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- rebuilding from trusted plain data ----------------------------------------------------------

def _identity(value: Any) -> Any:
    return value


def _date(value: Any) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@cache
def _builder(tp: Any) -> Callable[[Any], Any]:
    """A function that turns plain data into values of type `tp` (dataclasses, containers, dates)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _builder(typing.get_args(tp)[0])
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        declared = {f.name: f.type for f in dataclasses.fields(tp) if f.init}
        if any(isinstance(t, str) for t in declared.values()):  # postponed annotations: evaluate them
            hints = typing.get_type_hints(tp, include_extras=True)
            declared = {name: hints[name] for name in declared}
        fields = [(name, _builder(t)) for name, t in declared.items()]
        if not issubclass(tp, Frozen):
            def build_dataclass(data: dict[str, Any]) -> Any:
                return tp(**{name: build(data[name]) for name, build in fields if name in data})

            return build_dataclass
        # a Frozen record is filled in directly, as its __init__ would, converting only the fields
        # that need it: three to five times faster, which a report over the world layer's 117,948
        # observations feels (benchmarks/bench_world.py); __post_init__ still runs
        converted = [(name, build) for name, build in fields if build is not _identity]
        defaults, factories, after = tp.__init_defaults__, tp.__init_factories__, tp.__after_init__
        new = object.__new__

        def build_record(data: dict[str, Any]) -> Any:
            record = new(tp)
            values = record.__dict__
            values.update(defaults)
            values.update(data)
            for name, build in converted:
                if name in data:
                    values[name] = build(data[name])
            for name, factory in factories:
                if name not in data:
                    values[name] = factory()
            if after is not None:
                after(record)
            return record

        return build_record
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(inner) == 1:
            build_one = _builder(inner[0])
            if build_one is _identity or build_one is _date:
                return build_one  # each passes None through
            return lambda v: None if v is None else build_one(v)
        return _identity  # unions of scalars (int | float) need nothing
    if origin is list:
        build_item = _builder(typing.get_args(tp)[0])
        if build_item is _identity:
            return list
        return lambda v: [build_item(x) for x in v]
    if origin is tuple:
        builders = [_builder(a) for a in typing.get_args(tp)]
        return lambda v: tuple(b(x) for b, x in zip(builders, v))
    if origin is dict:
        key_tp, value_tp = typing.get_args(tp)
        build_key, build_value = _builder(key_tp), _builder(value_tp)
        if build_key is _identity and _bare(key_tp) is int:
            build_key = int  # JSON object keys are text
        return lambda v: {build_key(k): build_value(x) for k, x in v.items()}
    if tp is dt.date:
        return _date
    return _identity


def _bare(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp
