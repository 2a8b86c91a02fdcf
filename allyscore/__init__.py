"""allyscore: is a tie between two states a real alliance, or only an axis of convenience?

The library API, for notebooks and scripts (the CLI is a thin layer over it):

    >>> import allyscore
    >>> data = allyscore.load_dataset()                 # the bundled dataset, or a path
    >>> rubric = allyscore.resolve_rubric()             # the default rubric, latest version
    >>> result = allyscore.rate(data, "iran", "russia", rubric)   # or rate(data, "iran:russia")
    >>> result.score, result.label, result.short_of
    >>> result.to_dict()                                         # every result has to_dict()

Also: compare (two rubrics or two dates, tie by tie), score_bloc, tie_history, simulate (Monte Carlo
intervals), analyse_sensitivity, load_reference and calibrate (agreement with published
judgments). A pair is named the same way everywhere ("iran:russia" or ("iran",
"russia"); names, aliases or codes), a rubric as a ResolvedRubric or a reference, and every mistake
in what is passed is an AllyscoreError. Each is imported on first use, so `import allyscore` stays
instant. The package is typed (py.typed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

# public name -> (module, attribute)
_LAZY = {
    "load_dataset": ("dataset", "load_dataset"),
    "load_rubric": ("rubric", "load_rubric"),
    "resolve_rubric": ("rubric", "resolve_rubric"),
    "rate": ("api", "rate"),
    "score_tie": ("engine", "score_tie"),
    "compare": ("api", "compare"),
    "score_bloc": ("api", "score_bloc"),
    "tie_history": ("api", "tie_history"),
    "simulate": ("api", "simulate"),
    "analyse_sensitivity": ("api", "analyse_sensitivity"),
    "resolve_pair": ("api", "resolve_pair"),
    "AllyscoreError": ("errors", "AllyscoreError"),
    "LookupFailed": ("errors", "LookupFailed"),
    "InputFileError": ("errors", "InputFileError"),
    "load_reference": ("calibrate", "load_reference"),
    "calibrate": ("calibrate", "calibrate"),
}

__all__ = ["__version__", "load_dataset", "load_rubric", "resolve_rubric", "rate", "score_tie", "compare",
           "score_bloc", "tie_history", "simulate", "analyse_sensitivity", "resolve_pair", "AllyscoreError",
           "LookupFailed", "InputFileError", "load_reference", "calibrate"]  # == [__version__, *_LAZY] (tests/test_library_api.py)

if TYPE_CHECKING:  # pragma: no cover
    # "X as X": explicit re-exports, so that type checkers see the public API (mypy --strict)
    from .api import analyse_sensitivity as analyse_sensitivity
    from .api import compare as compare
    from .api import rate as rate
    from .api import resolve_pair as resolve_pair
    from .api import score_bloc as score_bloc
    from .api import simulate as simulate
    from .api import tie_history as tie_history
    from .calibrate import calibrate as calibrate
    from .calibrate import load_reference as load_reference
    from .dataset import load_dataset as load_dataset
    from .engine import score_tie as score_tie
    from .errors import AllyscoreError as AllyscoreError
    from .errors import InputFileError as InputFileError
    from .errors import LookupFailed as LookupFailed
    from .rubric import load_rubric as load_rubric
    from .rubric import resolve_rubric as resolve_rubric


def __getattr__(name: str) -> Any:
    """Import the library's parts on first use."""
    if name in _LAZY:
        from importlib import import_module

        module, attribute = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module 'allyscore' has no attribute {name!r}")
