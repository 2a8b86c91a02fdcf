"""The library's entry points: they take countries and rubrics as people write them.

One way to name a pair everywhere: `"iran:russia"` (or `"iran,russia"`), or two names `("iran",
"russia")`; a name is a country's name, alias or code in any case. A rubric is a ResolvedRubric, a
reference (`"costly-signals@1.1.0"`, a file) or None for the default; a date is a `datetime.date`, an
ISO string or None for the dataset's date. Every mistake in what is passed in is an AllyscoreError (a
LookupFailed for a name that does not exist), never a bare TypeError.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Union

from .dataset import LoadedDataset
from .engine import TieScore, score_tie
from .errors import AllyscoreError
from .model import Tie
from .rubric import ResolvedRubric, resolve_rubric

if TYPE_CHECKING:  # pragma: no cover
    from .bloc import BlocScore
    from .diff import Diff
    from .history import TieHistory
    from .sensitivity import Sensitivity
    from .uncertainty import TieUncertainty

Pair = Union[str, tuple[str, str], list[str], Tie]
"""A tie as people name it: "iran:russia", ("iran", "russia"), or a Tie of the dataset."""
RubricLike = Union[ResolvedRubric, str, None]
DateLike = Union[dt.date, str, None]

_PAIR_HINT = 'name a pair as "iran:russia" or ("iran", "russia")'


def _dataset(data: object) -> LoadedDataset:
    if not isinstance(data, LoadedDataset):
        raise AllyscoreError(f"expected a dataset from allyscore.load_dataset(), got {type(data).__name__}",
                             hint="data = allyscore.load_dataset()")
    return data


def _rubric(data: LoadedDataset, rubric: RubricLike) -> ResolvedRubric:
    if isinstance(rubric, ResolvedRubric):
        return rubric
    if rubric is None or isinstance(rubric, str):
        return resolve_rubric(rubric, catalog=set(data.dimensions))
    raise AllyscoreError(f"expected a rubric, a rubric reference or None, got {type(rubric).__name__}",
                         hint='e.g. "costly-signals@1.1.0" or allyscore.resolve_rubric()')


def _date(value: DateLike) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise AllyscoreError(f"as_of: {value!r} is not a date", hint="a datetime.date or 'YYYY-MM-DD'")


def resolve_pair(data: LoadedDataset, pair: Pair, other: str | None = None) -> Tie:
    """The dataset's tie for a pair named in any of the accepted ways (or for two names: `pair`, `other`)."""
    data = _dataset(data)
    if isinstance(pair, Tie):
        return data.tie(*pair.key)
    if other is not None:
        names: object = (pair, other)
    elif isinstance(pair, str):
        names = tuple(part.strip() for part in re.split(r"[:,]", pair))
        if len(names) != 2 or not all(names):
            raise AllyscoreError(f"{pair!r} is not a pair", hint=_PAIR_HINT)
    else:
        names = pair
    if not (isinstance(names, (tuple, list)) and len(names) == 2 and all(isinstance(n, str) for n in names)):
        raise AllyscoreError(f"{pair!r} is not a pair", hint=_PAIR_HINT)
    a, b = names
    return data.tie(data.countries.resolve(a), data.countries.resolve(b))


def rate(data: LoadedDataset, a: Pair, b: str | None = None, rubric: RubricLike = None,
         as_of: DateLike = None) -> TieScore:
    """Score one tie: `rate(data, "iran", "russia")` or `rate(data, "iran:russia")`."""
    data = _dataset(data)
    tie = resolve_pair(data, a, b)
    return score_tie(data, tie, _rubric(data, rubric), _date(as_of))


def tie_history(data: LoadedDataset, a: Pair, b: str | None = None, rubric: RubricLike = None) -> TieHistory:
    """The tie at each date its evidence changed, and the crises that tested it."""
    from .history import tie_history as history

    data = _dataset(data)
    tie = resolve_pair(data, a, b)
    return history(data, *tie.key, _rubric(data, rubric))


def simulate(data: LoadedDataset, pairs: Iterable[Pair] | None = None, rubric: RubricLike = None,
             as_of: DateLike = None, draws: int | None = None, seed: int | None = None,
             level: float | None = None) -> list[TieUncertainty]:
    """Monte Carlo over the evidence: each tie's interval and label probabilities (None: every tie)."""
    from . import uncertainty

    data = _dataset(data)
    if isinstance(pairs, (str, Tie)) or (isinstance(pairs, tuple) and len(pairs) == 2
                                         and all(isinstance(p, str) for p in pairs)):
        raise AllyscoreError(f"pairs: expected a list of pairs, got one pair {pairs!r}",
                             hint='e.g. ["iran:russia"] or [("iran", "russia")]')
    ties = None if pairs is None else [resolve_pair(data, p) for p in pairs]
    return uncertainty.simulate(data, ties, _rubric(data, rubric), _date(as_of),
                                uncertainty.DEFAULT_DRAWS if draws is None else draws,
                                uncertainty.DEFAULT_SEED if seed is None else seed,
                                uncertainty.DEFAULT_LEVEL if level is None else level)


def analyse_sensitivity(data: LoadedDataset, a: Pair, b: str | None = None, rubric: RubricLike = None,
                        as_of: DateLike = None, draws: int | None = None, seed: int | None = None,
                        spread: float | None = None, level: float | None = None) -> Sensitivity:
    """How robust one tie's label is: weight draws, one-at-a-time flips, variance shares."""
    from . import sensitivity, uncertainty

    data = _dataset(data)
    tie = resolve_pair(data, a, b)
    return sensitivity.analyse(data, tie, _rubric(data, rubric), _date(as_of),
                               draws=uncertainty.DEFAULT_DRAWS if draws is None else draws,
                               seed=uncertainty.DEFAULT_SEED if seed is None else seed,
                               spread=sensitivity.WEIGHT_SPREAD if spread is None else spread,
                               level=uncertainty.DEFAULT_LEVEL if level is None else level)


def score_bloc(data: LoadedDataset, members: Iterable[str], rubric: RubricLike = None,
               as_of: DateLike = None) -> BlocScore:
    """Every pair among two or more countries, and whether they make a bloc."""
    from .bloc import score_bloc as bloc

    data = _dataset(data)
    if isinstance(members, str) or not all(isinstance(m, str) for m in members):
        raise AllyscoreError(f"members: expected a list of country names, got {members!r}",
                             hint='e.g. ["iran", "russia", "china"]')
    return bloc(data, list(members), _rubric(data, rubric), _date(as_of))


def compare(data: LoadedDataset, old: RubricLike, new: RubricLike = None, pairs: Iterable[Pair] | None = None,
            *, as_of: DateLike = None, as_of_old: DateLike = None, as_of_new: DateLike = None) -> Diff:
    """Score ties under two rubrics (or one rubric at two dates) and explain each change."""
    from .diff import diff

    data = _dataset(data)
    keys = None if pairs is None else [resolve_pair(data, p).key for p in pairs]
    return diff(data, _rubric(data, old), None if new is None else _rubric(data, new), keys,
                as_of=_date(as_of), as_of_old=_date(as_of_old), as_of_new=_date(as_of_new))
