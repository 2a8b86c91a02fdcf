"""allyscore: is a tie between two states a real alliance, or only an axis of convenience?

The library API, for notebooks and scripts (the CLI is a thin layer over it):

    >>> import allyscore
    >>> data = allyscore.load_dataset()                 # the bundled dataset
    >>> rubric = allyscore.resolve_rubric()             # the default rubric, latest version
    >>> result = allyscore.rate(data, "iran", "russia", rubric)
    >>> result.score, result.label
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "load_dataset", "load_rubric", "resolve_rubric", "rate", "score_tie"]

if TYPE_CHECKING:  # pragma: no cover
    from .api import rate
    from .dataset import load_dataset
    from .engine import score_tie
    from .rubric import load_rubric, resolve_rubric

_LAZY = {"load_dataset": "dataset", "load_rubric": "rubric", "resolve_rubric": "rubric",
         "rate": "api", "score_tie": "engine"}


def __getattr__(name: str) -> Any:
    """Import the library's parts on first use, so that `import allyscore` stays instant."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'allyscore' has no attribute {name!r}")
