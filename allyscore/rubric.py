"""Rubrics: versioned YAML files that say how a tie's levels become a score and a label.

A rubric is addressed as NAME@VERSION (the latest version when VERSION is left out) or by a file path.
A rubric may build on another with `extends: NAME@VERSION`, overriding only what it changes: mappings
(dimensions, labels, missing) merge key by key, lists (bands, rules) are replaced whole.
"""


import json
import math
import os
import re
from dataclasses import field
from pathlib import Path
from typing import Annotated, Any, Literal

from .errors import InputFileError, LookupFailed, Problem
from .model import CountryCode, DimensionId, Text
from .records import Before, Core, Frozen, Ge, Le, Pattern, Record, Strict, frozen, to_plain
from .sha import sha256

DEFAULT_RUBRIC = "costly-signals"
# finite and bounded: .inf, .nan or a 400-digit integer would poison scores
Number = Annotated[int, Core(strict=True, ge=-10**15, le=10**15)] | \
    Annotated[float, Core(strict=True, allow_inf_nan=False, ge=-1e15, le=1e15)]
LabelId = Annotated[str, Pattern(r"^[a-z][a-z0-9_]*$")]
SemVer = Annotated[str, Pattern(r"^\d+\.\d+\.\d+$")]


@frozen
class TransformSpec(Record):
    name: Text
    params: dict[str, Number] = field(default_factory=dict)


def _transform(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


Transform = Annotated[TransformSpec, Before(_transform)]  # `transform: power` is short for {name: power}


@frozen
class DimensionSpec(Record):
    weight: Annotated[Number, Ge(0)]
    fold: str | None = None
    transform: Transform | None = None
    # the level a directed dimension's unknown direction takes when the other direction is known
    # (None: fold over the known directions only)
    unknown_direction: Annotated[Number, Ge(0), Le(4)] | None = None
    # how a direction's crisis record is read: the latest crisis (default) or the weakest (see engine.in_effect)
    record: Literal["latest", "weakest"] | None = None
    # a record below this level, from a crisis whose target is among its attackers, is read as untested
    # (see engine.observations_in_effect); None: every record counts
    choice_war_floor: Annotated[Number, Ge(0), Le(4)] | None = None


@frozen
class Condition(Record):
    """Bounds on a dimension's folded level (0..4), or on `score` (0..100).

    `tested_under` (in `in_some_direction` only): read this dimension's crisis record only from crises
    that began while the named dimension's condition in the same block held, without a break, in the
    same direction up to the scoring date: "failed when tested, in a crisis where the pledge applied".
    """

    min: Number | None = None
    max: Number | None = None
    tested_under: DimensionId | None = None


# What a condition may name besides a dimension (its folded level, 0..4): the score (0..100) and the
# indicators: coverage (0..1, the share of the weight on known dimensions) and say_do_gap (points,
# cheap talk minus costly deeds, each on 0..100; unknown when either side is unknown).
FACTS = ("score", "coverage", "say_do_gap")


@frozen
class Rule(Record):
    """Relabel a tie: when every `when` condition holds (or some `unless` condition fails).

    `in_some_direction`: conditions on the levels of one direction, all met by the same direction
    (A->B for every dimension named, a mutual dimension's level counting for both): e.g. a defence
    pledge by A to B (formal_commitment A->B >= 3) that A did not honour when B was tested
    (crisis_support A->B <= 1). A direction with an unknown level does not meet a condition on it.
    """

    label: LabelId
    reason: Text
    if_label: list[LabelId] | None = None
    when: dict[str, Condition] = field(default_factory=dict)
    unless: dict[str, Condition] = field(default_factory=dict)
    in_some_direction: dict[DimensionId, Condition] = field(default_factory=dict)


@frozen
class Definition(Record):
    """One class of an ordered taxonomy: the tie has `label` when all of its conditions hold.

    Conditions as in `Rule`; a definition with none holds always (the last, catch-all class).
    """

    label: LabelId
    reason: Text
    when: dict[str, Condition] = field(default_factory=dict)
    unless: dict[str, Condition] = field(default_factory=dict)
    in_some_direction: dict[DimensionId, Condition] = field(default_factory=dict)


@frozen
class Band(Record):
    label: LabelId
    min: Annotated[Number, Ge(0), Le(100)]
    max: Annotated[Number, Ge(0), Le(100)]


@frozen
class LabelSpec(Record):
    title: Text
    description: str | None = None


@frozen
class MissingPolicy(Record):
    policy: str = "skip"  # skip: leave unknown dimensions out and renormalise; zero; midpoint
    min_coverage: Annotated[Number, Ge(0), Le(1)] = 0.0
    label: LabelId | None = None  # the label when coverage falls below min_coverage


@frozen
class IndicatorSpec(Record):
    asymmetry_flag: Annotated[Number, Ge(0), Le(1)] = 0.33


@frozen
class Rubric(Record):
    name: Annotated[str, Pattern(r"^[a-z][a-z0-9-]*$")]
    version: SemVer
    description: Text
    changelog: Text
    dimensions: dict[DimensionId, DimensionSpec]
    labels: dict[LabelId, LabelSpec]
    bands: list[Band] = field(default_factory=list)  # score bands; or, instead, `classes`
    rules: list[Rule] = field(default_factory=list)
    # an ordered taxonomy: the first definition that holds gives the label (instead of bands)
    classes: list[Definition] = field(default_factory=list)
    top_label: LabelId | None = None  # the label a tie is measured against ("short of"); default: the top band's
    rationale: str | None = None
    extends: str | None = None
    fold: str = "mean"
    focal: CountryCode | None = None
    transform: Transform = field(default_factory=lambda: TransformSpec(name="linear"))
    aggregation: str = "weighted_mean"
    missing: MissingPolicy = field(default_factory=MissingPolicy)
    indicators: IndicatorSpec = field(default_factory=IndicatorSpec)

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


@frozen
class ResolvedRubric(Frozen):
    """A rubric after `extends` and any weight overrides, with where it came from and its digest."""

    model: Rubric
    path: str
    digest: str
    overrides: dict[str, float] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return self.model.ref

    def with_weights(self, overrides: dict[str, float]) -> "ResolvedRubric":
        """A copy with some dimensions' weights replaced for one run (recorded in `overrides`)."""
        if not overrides:
            return self
        dims = dict(self.model.dimensions)
        for dim_id, weight in overrides.items():
            if dim_id not in dims:
                import difflib

                close = difflib.get_close_matches(dim_id, list(dims), n=1)
                raise LookupFailed(f"--weight: rubric {self.ref} has no dimension {dim_id!r}",
                                   hint=f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(dims))
            if not math.isfinite(weight):
                raise LookupFailed(f"--weight: {dim_id}={weight} is not a finite number", hint="e.g. --weight rhetoric=0.5")
            if weight < 0:
                raise LookupFailed(f"--weight: {dim_id}={weight} is negative", hint="weights are 0 or more")
            dims[dim_id] = dims[dim_id].model_copy(update={"weight": weight})
        model = self.model.model_copy(update={"dimensions": dims})
        if not any(d.weight > 0 for d in dims.values()):
            raise LookupFailed("--weight: every weight would be zero", hint="keep at least one weight above 0")
        return ResolvedRubric(model, self.path, digest(model), {**self.overrides, **overrides})


def digest(model: Rubric) -> str:
    """SHA-256 of the resolved rubric's canonical JSON: equal content, equal digest.

    Fields added in rubric schema revisions (classes, top_label, in_some_direction, record) are left
    out while they hold their defaults, so that a rubric written before them keeps its digest.
    """
    plain = model.model_dump(mode="json", exclude={"extends"})
    for key, default in (("classes", []), ("top_label", None)):
        if plain.get(key) == default:
            plain.pop(key, None)
    for rule in plain.get("rules", []):
        if rule.get("in_some_direction") == {}:
            rule.pop("in_some_direction")
        for part in ("when", "unless"):
            for cond in rule.get(part, {}).values():
                if cond.get("tested_under") is None:
                    cond.pop("tested_under", None)
    for spec in plain.get("dimensions", {}).values():
        for key in ("record", "choice_war_floor"):
            if spec.get(key) is None:
                spec.pop(key, None)
    canonical = json.dumps(plain, sort_keys=True, separators=(",", ":"))
    return "sha256:" + sha256(canonical.encode()).hexdigest()


# --- loading -----------------------------------------------------------------------------------

def load_rubric(path: str | os.PathLike[str], catalog: set[str] | None = None,
                _chain: tuple[str, ...] = (), links: list[dict[str, Any]] | None = None) -> ResolvedRubric:
    """Load and validate a rubric file, resolving `extends` (checked against `catalog` when given).

    `links`, when given, receives each file of the `extends` chain as it was actually resolved (the
    reference as written, the folder it was resolved from, the path and the SHA-256 of its bytes).
    """
    located = _load_link(path, links, None, None)
    return _resolve(located, catalog, _chain, links)


def _load_link(path: str | os.PathLike[str], links: list[dict[str, Any]] | None, ref: str | None,
               base: Path | None) -> Any:
    """Read (within the rubric size limit, regular files only) and parse one file of a chain."""
    from . import yamlio
    from .files import decode, read_bytes

    raw = read_bytes(path, "rubric")
    if links is not None:
        links.append({"extends": ref, "base": None if base is None else str(base), "path": str(path),
                      "sha256": sha256(raw).hexdigest()})
    return yamlio.parse(decode(raw, str(path)), str(path))


def _resolve(located: Any, catalog: set[str] | None, chain: tuple[str, ...],
             links: list[dict[str, Any]] | None = None) -> ResolvedRubric:
    from . import yamlio
    from .dataset import locate, validate_model

    name = located.file
    data = located.data
    if not isinstance(data, dict):
        raise InputFileError("a rubric is a mapping (name, version, dimensions, labels, bands...)",
                             file=name, line=1, column=1)
    dims = data.get("dimensions")
    if isinstance(dims, dict) and any(_is_weight(v) for v in dims.values()):  # `rhetoric: 2`: {weight: 2}
        data = {**data, "dimensions": {k: {"weight": v} if _is_weight(v) else v for k, v in dims.items()}}
        located = yamlio.Located(data, located.values, located.keys, name)
    parent_ref = data.get("extends")
    if parent_ref is not None:
        if not isinstance(parent_ref, str):
            line, col = located.position(("extends",))
            raise InputFileError("extends: expected NAME@VERSION or a path", file=name, line=line, column=col)
        key = str(Path(name).resolve())
        if key in chain:
            line, col = located.position(("extends",))
            raise InputFileError(f"extends: {parent_ref!r} leads back to this file (a cycle)",
                                 file=name, line=line, column=col)
        try:
            parent_path = find_rubric_path(parent_ref, base=Path(name).parent)
        except LookupFailed as exc:
            line, col = located.position(("extends",))
            p = exc.problems[0]
            raise InputFileError(f"extends: {p.message}", file=name, line=line, column=col, hint=p.hint) from None
        parent = _load_link(parent_path, links, parent_ref, Path(name).parent)
        parent_resolved = _resolve(parent, None, chain + (key,), links)
        merged = _merge(to_plain(parent_resolved.model), data)
        located = yamlio.Located(merged, located.values, located.keys, name)
    model = validate_model(Rubric, located)
    problems = check_rubric(model, catalog)
    errors = [locate(located, p, path) for p, path in problems]
    if errors:
        raise InputFileError(errors[0].message, problems=errors)
    return ResolvedRubric(model, name, digest(model))


def _is_weight(value: Any) -> bool:
    """A bare number where a dimension's spec goes: the shorthand for {weight: NUMBER}."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    return override


def check_rubric(model: Rubric, catalog: set[str] | None = None) -> list[tuple[Problem, tuple[Any, ...]]]:
    """Checks across the rubric: bands tile 0..100, labels exist, weights, and names that plugins provide."""
    from .dataset import _dotted
    from .plugins import registry

    out: list[tuple[Problem, tuple[Any, ...]]] = []

    def err(path: tuple[Any, ...], message: str, hint: str | None = None) -> None:
        out.append((Problem(f"{_dotted(path)}: {message}", hint=hint), path))

    def suggest(name: str, known: Any) -> str | None:
        import difflib

        close = difflib.get_close_matches(name, list(known), n=1)
        return f"did you mean {close[0]!r}?" if close else None

    labels = model.labels
    if not model.dimensions or not any(d.weight > 0 for d in model.dimensions.values()):
        err(("dimensions",), "every weight is zero", "give at least one dimension a weight above 0")
    for dim_id, spec in model.dimensions.items():
        if catalog is not None and dim_id not in catalog:
            err(("dimensions", dim_id), f"unknown dimension {dim_id!r}",
                suggest(dim_id, catalog) or "dimensions come from the dataset's catalog")
    reg = registry()
    for path, kind, value in _named_parts(model):
        try:
            reg.get(kind, value)
        except Exception as exc:  # PluginError: unknown name
            problem = getattr(exc, "problems", [Problem(str(exc))])[0]
            err(path, problem.message, problem.hint)
    for path, spec in _transforms(model):
        if spec.name == "power" and spec.params.get("exponent", 2.0) <= 0:
            err(path + ("params", "exponent"), f"power exponent {spec.params['exponent']:g} is not above 0",
                "use an exponent above 0; above 1 makes high levels count more")
        at = spec.params.get("at", 0.5)
        if spec.name == "threshold" and not 0 <= at <= 1:
            err(path + ("params", "at"), f"threshold at {at:g} is outside 0..1",
                "`at` is a level divided by 4: 0.75 means level 3")
    focal_paths = [("fold",)] if model.fold == "toward_focal" else []
    focal_paths += [("dimensions", k, "fold") for k, d in model.dimensions.items() if d.fold == "toward_focal"]
    if focal_paths and model.focal is None:
        err(focal_paths[0], "fold 'toward_focal' needs a focal country", "add e.g. 'focal: IRN' at the top level")
    if model.classes and model.bands:
        err(("bands",), "a rubric has either bands or classes, not both",
            "drop the bands: the classes decide the label")
    _check_classes(model, catalog, err, suggest)
    bands = sorted(enumerate(model.bands), key=lambda ib: (ib[1].min, ib[1].max))
    expected = 0.0
    for i, band in bands:
        if band.max <= band.min:
            err(("bands", i), f"band {band.label} is empty or reversed ({band.min} to {band.max})")
            continue
        if band.min > expected:
            err(("bands", i, "min"), f"bands leave a gap from {expected:g} to {band.min:g}")
        elif band.min < expected:
            err(("bands", i, "min"), f"band {band.label} ({band.min:g} to {band.max:g}) overlaps the band before it")
        expected = max(expected, band.max)
        if band.label not in labels:
            err(("bands", i, "label"), f"unknown label {band.label!r}", suggest(band.label, labels))
    if model.bands and expected < 100:
        err(("bands",), f"bands leave a gap from {expected:g} to 100")
    if not model.bands and not model.classes:
        err(("bands",), "no bands", "bands must cover 0 to 100, or give ordered `classes` instead")
    for i, rule in enumerate(model.rules):
        if rule.label not in labels:
            err(("rules", i, "label"), f"unknown label {rule.label!r}", suggest(rule.label, labels))
        for j, lab in enumerate(rule.if_label or []):
            if lab not in labels:
                err(("rules", i, "if_label", j), f"unknown label {lab!r}", suggest(lab, labels))
        _check_conditions(model, catalog, ("rules", i), rule, err, suggest)
        if not rule.when and not rule.unless and not rule.in_some_direction:
            err(("rules", i), "a rule needs `when`, `unless` or `in_some_direction`")
    if model.top_label is not None and model.top_label not in labels:
        err(("top_label",), f"unknown label {model.top_label!r}", suggest(model.top_label, labels))
    if model.missing.policy not in ("skip", "zero", "midpoint"):
        err(("missing", "policy"), f"unknown missing-data policy {model.missing.policy!r}",
            "use skip, zero or midpoint")
    if model.missing.label is not None and model.missing.label not in labels:
        err(("missing", "label"), f"unknown label {model.missing.label!r}", suggest(model.missing.label, labels))
    return out


def _transforms(model: Rubric) -> list[tuple[tuple[Any, ...], TransformSpec]]:
    found = [(("transform",), model.transform)]
    found += [(("dimensions", k, "transform"), d.transform) for k, d in model.dimensions.items() if d.transform]
    return found


def check_focal(rubric: ResolvedRubric, countries: Any) -> None:
    """A rubric's focal country must be one of the dataset's countries when it scores that dataset."""
    focal = rubric.model.focal
    if focal is not None and focal not in countries:
        import difflib

        close = difflib.get_close_matches(focal, list(countries), n=1)
        raise InputFileError(f"focal: {focal!r} is not a country of the dataset", file=rubric.path,
                             hint=f"did you mean {close[0]!r}?" if close else "use a code from the dataset's countries")


def _check_conditions(model: Rubric, catalog: set[str] | None, path: tuple[Any, ...], item: Any, err: Any,
                      suggest: Any) -> None:
    """Each condition names a known dimension (or, outside in_some_direction, a fact) and a bound."""
    known = set(model.dimensions) | (catalog or set())
    for part in ("when", "unless", "in_some_direction"):
        allowed = known if part == "in_some_direction" else known | set(FACTS)
        for key, cond in getattr(item, part).items():
            if key not in allowed:
                hint = suggest(key, sorted(allowed))
                if part == "in_some_direction" and key in FACTS:
                    hint = f"{key} is a fact of the whole tie: put it under `when`"
                err(path + (part, key), f"unknown dimension {key!r}" if part == "in_some_direction"
                    else f"unknown dimension or fact {key!r}", hint or "facts: " + ", ".join(FACTS))
            if cond.min is None and cond.max is None:
                err(path + (part, key), "a condition needs min or max")
            top = {"score": 100, "coverage": 1, "say_do_gap": 100}.get(key, 4)
            bottom = -100 if key == "say_do_gap" else 0
            for bound in ("min", "max"):
                value = getattr(cond, bound)
                if value is not None and not bottom <= value <= top:
                    err(path + (part, key, bound), f"{bound} {value:g} is outside {bottom:g}..{top:g}",
                        {100: "scores run 0 to 100", 1: "coverage runs 0 to 1"}.get(top, "levels run 0 to 4")
                        if key != "say_do_gap" else "the say-do gap runs -100 to 100 points")
            if cond.min is not None and cond.max is not None and cond.min > cond.max:
                err(path + (part, key), f"min {cond.min:g} is above max {cond.max:g}", "no value can meet this condition")
            if cond.tested_under is not None:
                block = getattr(item, part)
                if part != "in_some_direction":
                    err(path + (part, key, "tested_under"), "tested_under applies to one direction's record",
                        "move the condition under `in_some_direction`")
                elif cond.tested_under == key or cond.tested_under not in block or \
                        block[cond.tested_under].tested_under is not None:
                    err(path + (part, key, "tested_under"),
                        f"tested_under names {cond.tested_under!r}, which is not another plain condition of this block",
                        "name a dimension conditioned in the same in_some_direction, e.g. formal_commitment")


def _check_classes(model: Rubric, catalog: set[str] | None, err: Any, suggest: Any) -> None:
    """Ordered classes: known labels and conditions, and a last class that always holds."""
    for i, definition in enumerate(model.classes):
        if definition.label not in model.labels:
            err(("classes", i, "label"), f"unknown label {definition.label!r}",
                suggest(definition.label, model.labels))
        _check_conditions(model, catalog, ("classes", i), definition, err, suggest)
        unconditional = not (definition.when or definition.unless or definition.in_some_direction)
        if unconditional and i < len(model.classes) - 1:
            err(("classes", i), f"class {definition.label} has no condition, so the classes after it "
                "can never apply", "give it conditions, or move it last")
    if model.classes:
        last = model.classes[-1]
        if last.when or last.unless or last.in_some_direction:
            err(("classes", len(model.classes) - 1), "the last class must have no condition: it takes "
                "every tie that no class before it took", "add a catch-all class, e.g. arms_length")


def _named_parts(model: Rubric) -> list[tuple[tuple[Any, ...], str, str]]:
    parts = [(("fold",), "folds", model.fold), (("transform", "name"), "transforms", model.transform.name),
             (("aggregation",), "aggregators", model.aggregation)]
    for dim_id, spec in model.dimensions.items():
        if spec.fold:
            parts.append((("dimensions", dim_id, "fold"), "folds", spec.fold))
        if spec.transform:
            parts.append((("dimensions", dim_id, "transform", "name"), "transforms", spec.transform.name))
    return parts


# --- the registry of available rubrics ---------------------------------------------------------

@frozen
class RubricEntry(Frozen):
    name: str
    version: str
    description: str
    path: Path
    plugin: str

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def available(include_plugins: bool = True) -> list[RubricEntry]:
    """Every rubric the built-ins and plugins ship, sorted by name and version."""
    from .plugins import registry

    reg = registry()
    if include_plugins and not reg.plugins_loaded:
        reg.load_entry_points()
    entries: dict[str, RubricEntry] = {}
    for plugin, path in reg.rubric_files:  # the built-ins first: a plugin cannot replace one of theirs
        if plugin != "builtin" and not include_plugins:
            continue  # whether or not plugins happen to be loaded already
        header = _header(path)
        if header is not None:
            entry = RubricEntry(header["name"], header["version"], header.get("description", ""), path, plugin)
            entries.setdefault(entry.ref, entry)
    return sorted(entries.values(), key=lambda e: (e.name, _version_key(e.version)))


_HEADER = re.compile(r"^(name|version|description):\s*(.+?)\s*$", re.M)


def _header(path: Path) -> dict[str, str] | None:
    """name, version and description, read cheaply from the top-level keys of a rubric file."""
    from .files import decode, read_bytes

    try:
        text = decode(read_bytes(path, "rubric"), str(path))
    except InputFileError:
        return None
    found: dict[str, str] = {}
    for key, value in _HEADER.findall(text):
        found.setdefault(key, value.strip("'\""))
    if "name" in found and "version" in found and re.fullmatch(r"\d+\.\d+\.\d+", found["version"]):
        return found
    return None


def find_rubric_path(ref: str | None, base: Path | None = None) -> Path:
    """The file for a reference: a path, NAME@VERSION, or NAME (its latest version)."""
    ref = ref or DEFAULT_RUBRIC
    candidate = Path(ref) if base is None or Path(ref).is_absolute() else base / ref
    if ref.endswith((".yaml", ".yml")) or os.sep in ref or "/" in ref:
        if candidate.exists() or Path(ref).exists():
            return candidate if candidate.exists() else Path(ref)
        raise LookupFailed(f"no rubric file {ref!r}", hint="check the path, or name a rubric as NAME@VERSION")
    name, _, version = ref.partition("@")
    entries = [e for e in available(include_plugins=False) if e.name == name]
    if not entries or (version and not any(e.version == version for e in entries)):
        entries = [e for e in available() if e.name == name]  # look in plugins too
    if not entries:
        import difflib

        names = sorted({e.name for e in available()})
        close = difflib.get_close_matches(name, names, n=1)
        hint = (f"did you mean {close[0]!r}? " if close else "") + "available: " + \
            ", ".join(e.ref for e in available())
        raise LookupFailed(f"unknown rubric {name!r}", hint=hint)
    if version:
        for entry in entries:
            if entry.version == version:
                return entry.path
        raise LookupFailed(f"rubric {name} has no version {version!r}",
                           hint="versions: " + ", ".join(e.version for e in entries))
    return entries[-1].path


def resolve_rubric(ref: str | None = None, catalog: set[str] | None = None,
                   weights: dict[str, float] | None = None) -> ResolvedRubric:
    """Find, load and validate a rubric by reference, then apply any weight overrides.

    The cache saves parsing YAML, nothing else: its key is the file's path and bytes and the catalog;
    an entry holds the `extends` chain as it was resolved (each reference, path and SHA-256) and is used
    only while resolving each reference again gives the same files with the same bytes. The model it
    holds is validated and checked again, as if it came from YAML.
    """
    from .cache import cached_plain
    from .files import read_bytes

    path = find_rubric_path(ref)
    top = read_bytes(path, "rubric")
    catalog_key = repr(sorted(catalog) if catalog is not None else None).encode()
    key = [b"rubric", str(path.resolve()).encode(), catalog_key, top]

    def build() -> tuple[ResolvedRubric, list[dict[str, Any]]]:
        links: list[dict[str, Any]] = []
        return load_rubric(path, catalog, links=links), links

    def dump(made: tuple[ResolvedRubric, list[dict[str, Any]]]) -> dict[str, Any]:
        return {"model": to_plain(made[0].model), "chain": made[1], "digest": made[0].digest}

    def trusted(entry: dict[str, Any]) -> tuple[ResolvedRubric, list[dict[str, Any]]] | None:
        """An entry allyscore signed after validating it: current if its extends chain still is."""
        if not _chain_current(entry["chain"], path, top):
            return None
        return ResolvedRubric(Rubric.from_plain(entry["model"]), str(path), entry["digest"]), entry["chain"]

    def restore(entry: dict[str, Any]) -> tuple[ResolvedRubric, list[dict[str, Any]]] | None:
        from .dataset import validate_model
        from .yamlio import Located

        if not _chain_current(entry["chain"], path, top):
            return None
        model = validate_model(Rubric, Located(entry["model"], {}, {}, str(path)))
        if check_rubric(model, catalog):
            return None
        return ResolvedRubric(model, str(path), digest(model)), entry["chain"]

    rubric, _ = cached_plain("rubrics", key, build, dump, restore, trusted)
    return rubric.with_weights(weights or {})


def _chain_current(links: list[dict[str, Any]], path: Path, top: bytes) -> bool:
    """True when each file of a recorded `extends` chain still resolves to the same path and bytes."""
    from .files import read_bytes

    if not links or links[0]["path"] != str(path) or links[0]["sha256"] != sha256(top).hexdigest():
        return False
    for link in links[1:]:
        try:
            found = find_rubric_path(link["extends"], base=Path(link["base"]))
            if str(found) != link["path"] or sha256(read_bytes(found, "rubric")).hexdigest() != link["sha256"]:
                return False
        except (LookupFailed, InputFileError):
            return False
    return True
