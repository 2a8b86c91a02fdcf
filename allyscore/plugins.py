"""The plugin registry: transforms, folds, aggregators and rubric files, found through entry points.

A plugin is a module (or object) named by an entry point in the group ``allyscore.plugins`` that has
any of these hooks, each called with a ``register(name, thing)`` function:

    register_transforms(register)   # name -> f(x: float in 0..1, **params) -> float in 0..1
    register_folds(register)        # name -> f(values: list[float], directions, focal) -> float | None
    register_aggregators(register)  # name -> f(values, weights) -> (score in 0..1, contributions)
    register_rubrics(register)      # register(path) for each rubric YAML file the plugin ships

The built-ins (`allyscore.builtins`) register through the same hooks. Third-party entry points are read
only when something asks for a name the built-ins lack, or for the full list, so start-up stays fast.
A plugin can never replace a name already registered (a built-in's, or an earlier plugin's in name
order): it is then not loaded at all and reported as failed, naming the conflict, so a name means the
same function whether or not plugins happen to have been loaded.
``ALLYSCORE_PLUGINS=name1,name2`` restricts which entry points load (empty: none). A plugin that raises
while loading is recorded with its name and version and reported; the others still load.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import PluginError
from .records import Frozen, frozen

GROUP = "allyscore.plugins"
KINDS = ("transforms", "folds", "aggregators")


@frozen
class PluginFailure(Frozen):
    name: str
    version: str
    error: str

    def format(self) -> str:
        return f"plugin {self.name} {self.version} failed to load: {self.error}"


class Registry:
    """What the built-ins and plugins registered, by kind and name, and which plugins failed."""

    def __init__(self) -> None:
        self.transforms: dict[str, Callable[..., Any]] = {}
        self.folds: dict[str, Callable[..., Any]] = {}
        self.aggregators: dict[str, Callable[..., Any]] = {}
        self.rubric_files: list[tuple[str, Path]] = []  # (plugin name, path)
        self.owners: dict[tuple[str, str], str] = {}  # (kind, name) -> plugin
        self.failures: list[PluginFailure] = []
        self.plugins_loaded = False

    def load(self, plugin: Any, name: str) -> None:
        """Call each hook the plugin has; on error nothing it registered in this call is kept."""
        staged: list[tuple[str, str, Any]] = []
        for kind in (*KINDS, "rubrics"):
            hook = getattr(plugin, f"register_{kind}", None)
            if hook is None:
                continue
            if kind == "rubrics":
                hook(lambda path, _k=kind: staged.append((_k, str(path), Path(path))))
            else:
                hook(lambda key, fn, _k=kind: staged.append((_k, key, fn)))
        for kind, key, thing in staged:
            owner = self.owners.get((kind, key))
            if owner is not None and kind != "rubrics":
                raise PluginError(f"plugin {name} registers {kind[:-1]} {key!r}, which {_owner(owner)} already "
                                  "provides", hint="a plugin cannot replace a name: rename it in the plugin")
        for kind, key, thing in staged:
            if kind == "rubrics":
                self.rubric_files.append((name, thing))
            else:
                getattr(self, kind)[key] = thing
                self.owners[(kind, key)] = name

    def get(self, kind: str, name: str) -> Callable[..., Any]:
        table = getattr(self, kind)
        if name not in table and not self.plugins_loaded:
            self.load_entry_points()
        if name not in table:
            import difflib

            close = difflib.get_close_matches(name, list(table), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(sorted(table))
            if self.failures:
                hint += "; not loaded: " + "; ".join(f.format() for f in self.failures)
            raise PluginError(f"unknown {kind[:-1]} {name!r}", hint=hint)
        return table[name]

    def call(self, kind: str, name: str, *args: Any, **kwargs: Any) -> Any:
        """Run a registered function; a plugin that raises is named in a clear error."""
        fn = self.get(kind, name)
        try:
            result = fn(*args, **kwargs)
        except PluginError:
            raise
        except Exception as exc:
            owner = self.owners.get((kind, name), "?")
            raise PluginError(f"{kind[:-1]} {name!r} from plugin {owner} failed: {type(exc).__name__}: {exc}",
                              hint="report it to the plugin's author; run with --debug for the traceback") from exc
        if kind == "aggregators":
            try:
                score, parts = result
                parts = list(parts)
            except (TypeError, ValueError):
                raise PluginError(f"aggregator {name!r} from {_owner(self.owners.get((kind, name), '?'))} returned "
                                  f"{_shown(result)}, not (score, contributions)",
                                  hint="report it to the plugin's author") from None
            self.finite(kind, name, score)
            for part in parts:
                self.finite(kind, name, part)
        elif result is not None or kind != "folds":
            self.finite(kind, name, result)
        return result

    def finite(self, kind: str, name: str, value: Any) -> float:
        """A plugin function's result as a float; NaN, infinity or a non-number is an error naming it."""
        import math

        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            owner = self.owners.get((kind, name), "?")
            raise PluginError(f"{kind[:-1]} {name!r} from {_owner(owner)} returned {_shown(value)}, not a finite number",
                              hint="report it to the plugin's author")
        return number

    def load_entry_points(self) -> None:
        self.plugins_loaded = True
        from importlib.metadata import entry_points

        allowed = os.environ.get("ALLYSCORE_PLUGINS")
        wanted = None if allowed is None else {n.strip() for n in allowed.split(",") if n.strip()}
        for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
            if ep.value.split(":")[0] == "allyscore.builtins":
                continue  # already loaded first, below every third-party plugin
            if wanted is not None and ep.name not in wanted:
                continue
            version = getattr(getattr(ep, "dist", None), "version", None) or "?"
            try:
                self.load(ep.load(), ep.name)
            except PluginError as exc:  # a name conflict: the plugin is not loaded, and says why
                self.failures.append(PluginFailure(ep.name, version, exc.problems[0].message))
            except Exception as exc:  # a broken plugin must not break the tool
                self.failures.append(PluginFailure(ep.name, version, f"{type(exc).__name__}: {exc}"))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _owner(plugin: str) -> str:
    return "a built-in" if plugin == "builtin" else f"plugin {plugin}"


_REGISTRY: Registry | None = None


def registry() -> Registry:
    """The process-wide registry, with the built-ins loaded."""
    global _REGISTRY
    if _REGISTRY is None:
        from . import builtins

        _REGISTRY = Registry()
        _REGISTRY.load(builtins, "builtin")
    return _REGISTRY


def reset() -> None:
    """Forget loaded plugins (for tests)."""
    global _REGISTRY
    _REGISTRY = None
