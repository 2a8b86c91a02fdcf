"""allyscore: is a tie between two states a real alliance, or only an axis of convenience?

The library API, for notebooks and scripts (the CLI is a thin layer over it):

    >>> import allyscore
    >>> data = allyscore.load_dataset()                 # the bundled dataset, or a path
    >>> rubric = allyscore.resolve_rubric()             # the default rubric, latest version
    >>> result = allyscore.rate(data, "iran", "russia", rubric)
    >>> result.score, result.label, result.short_of

Also: compare (two rubrics or two dates, tie by tie), score_bloc, tie_history, simulate (Monte Carlo
intervals), analyse_sensitivity, load_reference and calibrate (agreement with published judgments). Each is imported on first use, so `import allyscore` stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute)
_LAZY = {
    "load_dataset": ("dataset", "load_dataset"),
    "load_rubric": ("rubric", "load_rubric"),
    "resolve_rubric": ("rubric", "resolve_rubric"),
    "rate": ("api", "rate"),
    "score_tie": ("engine", "score_tie"),
    "compare": ("diff", "diff"),
    "score_bloc": ("bloc", "score_bloc"),
    "tie_history": ("history", "tie_history"),
    "simulate": ("uncertainty", "simulate"),
    "analyse_sensitivity": ("sensitivity", "analyse"),
    "load_reference": ("calibrate", "load_reference"),
    "calibrate": ("calibrate", "calibrate"),
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:  # pragma: no cover
    from .api import rate
    from .bloc import score_bloc
    from .calibrate import calibrate, load_reference
    from .dataset import load_dataset
    from .diff import diff as compare
    from .engine import score_tie
    from .history import tie_history
    from .rubric import load_rubric, resolve_rubric
    from .sensitivity import analyse as analyse_sensitivity
    from .uncertainty import simulate


def __getattr__(name: str) -> Any:
    """Import the library's parts on first use."""
    if name in _LAZY:
        from importlib import import_module

        module, attribute = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module 'allyscore' has no attribute {name!r}")
