"""Convenience entry points that take names as people type them."""

from __future__ import annotations

import datetime as dt

from .dataset import LoadedDataset
from .engine import TieScore, score_tie
from .rubric import ResolvedRubric, resolve_rubric


def rate(data: LoadedDataset, a: str, b: str, rubric: ResolvedRubric | None = None,
         as_of: dt.date | None = None) -> TieScore:
    """Score the tie between two countries given by name, alias or code."""
    code_a, code_b = data.countries.resolve(a), data.countries.resolve(b)
    tie = data.tie(code_a, code_b)
    rubric = rubric or resolve_rubric(catalog=set(data.dimensions))
    return score_tie(data, tie, rubric, as_of)
