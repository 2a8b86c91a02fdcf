"""`frozen` classes behave as @dataclass(frozen=True) would; `sha.sha256` is hashlib's SHA-256."""

import dataclasses
import datetime as dt
import hashlib

import pytest
from pydantic import ValidationError

from allyscore.errors import Problem
from allyscore.model import Country, Observation
from allyscore.rubric import TransformSpec
from allyscore.sha import SMALL, sha256

OBS = {"dimension": "rhetoric", "direction": "mutual", "level": 2, "confidence": "high", "since": "2020-01-01",
       "claim": "Warm words.", "sources": ["s1"]}


def test_construction_by_position_keyword_and_defaults() -> None:
    assert Country("IRN", "Iran") == Country(code="IRN", name="Iran", aliases=[], cow=None)
    assert Country("IRN", "Iran").aliases is not Country("IRN", "Iran").aliases  # a fresh default each time
    assert TransformSpec(name="linear").params == {}
    with pytest.raises(TypeError, match="missing required argument: 'name'"):
        Country("IRN")
    with pytest.raises(TypeError, match="unexpected keyword argument 'nmae'"):
        Country("IRN", "Iran", nmae="Persia")
    with pytest.raises(TypeError, match="multiple values for argument 'code'"):
        Country("IRN", code="IRN", name="Iran")
    with pytest.raises(TypeError, match="takes 4 positional arguments but 5"):
        Country("IRN", "Iran", [], None, 1)


def test_equality_hash_and_repr_follow_the_fields() -> None:
    a, b = Problem("bad", "f.yaml", 1, 2), Problem("bad", "f.yaml", 1, 2)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Problem("bad", "f.yaml", 1, 3)
    assert a != ("bad", "f.yaml", 1, 2, None, "error")  # another type never equals
    assert repr(a) == "Problem(message='bad', file='f.yaml', line=1, column=2, hint=None, severity='error')"


def test_immutable_and_replace_makes_a_copy() -> None:
    c = Country("IRN", "Iran")
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.name = "Persia"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del c.name  # type: ignore[misc]
    assert dataclasses.replace(c, name="Persia") == Country("IRN", "Persia")
    assert [f.name for f in dataclasses.fields(c)] == ["code", "name", "aliases", "cow"]


def test_post_init_runs_on_construction_and_validation() -> None:
    valid = Observation.model_validate(OBS)
    assert valid.level == 2 and valid.since == dt.date(2020, 1, 1)
    with pytest.raises(ValueError, match="ends .* before it starts"):
        dataclasses.replace(valid, until=dt.date(2019, 12, 31))
    with pytest.raises(ValidationError, match="before it starts"):
        Observation.model_validate({**OBS, "until": "2019-12-31"})


@pytest.mark.parametrize("size", [0, 1000, SMALL, SMALL + 1, 3 * SMALL])
def test_sha256_matches_hashlib_on_both_sides_of_the_threshold(size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    ours = sha256(data)
    ours.update(b"more")
    assert ours.hexdigest() == hashlib.sha256(data + b"more").hexdigest()


def test_copies_and_pickles_are_equal_values() -> None:
    import copy
    import pickle

    value = Observation.model_validate(OBS)
    for twin in (copy.copy(value), copy.deepcopy(value), pickle.loads(pickle.dumps(value))):
        assert twin == value and twin is not value
        with pytest.raises(dataclasses.FrozenInstanceError):
            twin.level = 3  # type: ignore[misc]


def test_from_plain_rebuilds_what_was_dumped() -> None:
    # from_plain fills a record's fields directly: dates parsed, lists copied, defaults and fresh
    # default factories filled in, tuples made, __post_init__ still run
    from allyscore.dataset import load_dataset
    from allyscore.model import Dataset, Tie

    data = load_dataset(None).model
    plain = data.model_dump()
    rebuilt = Dataset.from_plain(plain)
    assert rebuilt == data
    tie = rebuilt.ties[0]
    assert isinstance(tie.pair, tuple) and isinstance(tie.observations[0].since, dt.date)
    assert tie.observations[0].sources is not plain["ties"][0]["observations"][0]["sources"]
    bare = Country.from_plain({"code": "IRN", "name": "Iran"})
    assert bare == Country("IRN", "Iran") and bare.aliases == [] and bare.aliases is not Country.from_plain(
        {"code": "IRN", "name": "Iran"}).aliases
    assert Observation.from_plain({**OBS, "until": None}).until is None
    assert Tie.from_plain({"pair": ["IRN", "RUS"], "observations": [OBS]}).observations == [
        Observation.model_validate(OBS)]
    with pytest.raises(ValueError, match="before it starts"):
        Observation.from_plain({**OBS, "until": "2019-12-31"})


@pytest.mark.parametrize("ref", ["costly-signals@1.0.0", "costly-signals@2.0.0", "formal-commitment"])
def test_the_engines_filled_records_are_whole_and_as_init_would_make_them(ref: str) -> None:
    # records.filled skips __init__'s checks: each result must still hold exactly its class's fields
    from allyscore import api
    from allyscore.dataset import load_dataset

    data = load_dataset(None)
    rubric = api.resolve_rubric(ref, catalog=set(data.dimensions))
    for tie in data.ties.values():
        result = api.score_tie(data, tie, rubric)
        made = [result, result.indicators, result.indicators.asymmetry, *result.dimensions]
        for record in made:
            names = {f.name for f in dataclasses.fields(record)}
            assert set(vars(record)) == names, type(record).__name__
            assert dataclasses.replace(record) == record  # through __init__, with its checks
