"""The caches: validated datasets keyed on content, never stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allyscore import records
from allyscore.dataset import load_dataset
from allyscore.model import Dataset
from allyscore.records import to_plain

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("ALLYSCORE_CACHE_DIR", str(directory))
    monkeypatch.delenv("ALLYSCORE_NO_CACHE", raising=False)
    return directory


def _copy(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(text if text is not None else MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_a_cached_load_equals_a_fresh_one_and_lives_in_the_cache_dir(tmp_path, cache):
    path = _copy(tmp_path)
    fresh = load_dataset(path)
    assert len(list(cache.glob("datasets/*.json"))) == 1
    assert not [p for p in tmp_path.iterdir() if p.name not in ("data.yaml", "cache")]  # nothing beside the data
    again = load_dataset(path)
    assert again.model == fresh.model and again.digest == fresh.digest


def test_an_edited_file_is_never_served_from_the_cache(tmp_path, cache):
    path = _copy(tmp_path)
    before = load_dataset(path)
    path.write_text(MINI.read_text(encoding="utf-8").replace("level: 4\n", "level: 3\n", 1), encoding="utf-8")
    after = load_dataset(path)
    assert after.digest != before.digest and after.model != before.model
    assert len(list(cache.glob("datasets/*.json"))) == 2


def test_a_corrupt_entry_is_rebuilt_not_trusted(tmp_path, cache):
    path = _copy(tmp_path)
    good = load_dataset(path).model
    (entry,) = cache.glob("datasets/*.json")
    head, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(head + b"\n" + body.replace(b'"level":4', b'"level":99', 1))
    assert load_dataset(path).model == good


def test_no_cache_writes_nothing(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("ALLYSCORE_NO_CACHE", "1")
    records._validator.cache_clear()
    load_dataset(_copy(tmp_path))
    assert not cache.exists()


def test_dump_json_writes_what_to_plain_and_json_would():
    model = load_dataset(MINI).model
    assert model.dump_json() == json.dumps(to_plain(model), ensure_ascii=False, separators=(",", ":")).encode()


@pytest.mark.parametrize("path", [MINI, None], ids=["mini", "bundled"])
def test_what_the_cache_keeps_without_defaults_rebuilds_the_same_model(path):
    model = load_dataset(path).model
    body = model.dump_json(exclude_defaults=True)
    assert len(body) < len(model.dump_json())
    assert Dataset.from_plain(json.loads(body)) == model
