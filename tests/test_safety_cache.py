"""Issue 16: caches that cannot run code or lie, a private cache directory, a rubric cache keyed on the
resolved `extends` chain."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from allyscore import cache
from allyscore.dataset import load_dataset
from allyscore.rubric import resolve_rubric

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
BUNDLED_RUBRIC = Path(__file__).parent.parent / "rubrics" / "costly-signals-1.0.0.yaml"


@pytest.fixture
def cache_at(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("ALLYSCORE_CACHE_DIR", str(directory))
    monkeypatch.delenv("ALLYSCORE_NO_CACHE", raising=False)
    cache._checked.clear()
    yield directory
    cache._checked.clear()


def _data(tmp_path: Path) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_nothing_is_unpickled_from_the_cache(tmp_path, cache_at, monkeypatch):
    calls = []
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: calls.append(a))
    load_dataset(_data(tmp_path))
    load_dataset(_data(tmp_path))
    resolve_rubric(str(BUNDLED_RUBRIC))
    assert calls == []
    assert not list(cache_at.rglob("*.pickle"))
    source = (Path(cache.__file__)).read_text(encoding="utf-8")
    assert "pickle" not in source.replace("never pickle", "")


def test_cache_directory_and_entries_are_private_under_a_lax_umask(tmp_path, cache_at):
    old = os.umask(0)
    try:
        load_dataset(_data(tmp_path))
        resolve_rubric(str(BUNDLED_RUBRIC))
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache_at.stat().st_mode) == 0o700
    entries = [p for p in cache_at.rglob("*") if p.is_file()]
    assert entries
    for p in entries:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    for d in [p for p in cache_at.rglob("*") if p.is_dir()]:
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d


def test_a_cache_writable_by_others_is_not_used_and_said_once(tmp_path, cache_at, capsys):
    cache_at.mkdir()
    cache_at.chmod(0o777)
    data = _data(tmp_path)
    load_dataset(data)
    load_dataset(data)
    err = capsys.readouterr().err
    assert err == (f"allyscore: warning: not using the cache {cache_at}: writable by group or others (mode 0777) "
                   "(make it yours with mode 0700, or set ALLYSCORE_CACHE_DIR)\n")
    assert list(cache_at.iterdir()) == []  # nothing written there


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to make a directory owned by someone else")
def test_a_cache_owned_by_another_user_is_not_used(tmp_path, cache_at, capsys):
    cache_at.mkdir(mode=0o700)
    os.chown(cache_at, 12345, 12345)
    load_dataset(_data(tmp_path))
    assert "owned by another user (uid 12345)" in capsys.readouterr().err
    assert list(cache_at.iterdir()) == []


def test_a_tampered_dataset_entry_is_validated_and_rebuilt(tmp_path, cache_at):
    """The issue's case: level 99 with a recomputed checksum scored 100.0 "Alliance"."""
    data = _data(tmp_path)
    good = load_dataset(data).model
    (entry,) = cache_at.glob("datasets/*.json")
    text = entry.read_bytes()
    for bad in (b'"level":99', b'"level":NaN', b'"level":Infinity', b'"level":"4"'):
        entry.write_bytes(text.replace(b'"level":4', bad, 1))
        assert load_dataset(data).model == good, bad
        assert entry.read_bytes() == text  # rebuilt


def test_a_tampered_entry_that_hides_a_warning_is_rebuilt(tmp_path, cache_at):
    text = MINI.read_text(encoding="utf-8")
    data = tmp_path / "data.yaml"
    data.write_text(text.replace("sources:\n", "sources:\n- {id: unused, publisher: P, title: T, date: 2020-01-01}\n", 1),
                    encoding="utf-8")
    warned = load_dataset(data).warnings  # the schema-1 fixture is also out of date: a second warning
    assert any("cited nowhere" in w.message for w in warned)
    (entry,) = cache_at.glob("datasets/*.json")
    head, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(b'{"warnings":[]}\n' + body)
    assert [w.message for w in load_dataset(data).warnings] == [w.message for w in warned]


def test_a_symlink_planted_as_an_entry_is_not_followed(tmp_path, cache_at):
    data = _data(tmp_path)
    load_dataset(data)
    (entry,) = cache_at.glob("datasets/*.json")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    entry.unlink()
    entry.symlink_to(victim)
    load_dataset(data)  # the entry is rewritten: the link is replaced, the victim untouched
    assert victim.read_text() == "keep me"
    assert not entry.is_symlink()


def _write_chain(folder: Path, extends_line: str, weight: int) -> Path:
    parent = folder / "parent.yaml"
    parent.write_text(BUNDLED_RUBRIC.read_text(encoding="utf-8").replace(
        "  military_aid: {weight: 3}\n", f"  military_aid: {{weight: {weight}}}\n"), encoding="utf-8")
    child = folder / "child.yaml"
    child.write_text(f"{extends_line}\nname: child\nversion: 1.0.0\ndescription: x\nchangelog: x\n",
                     encoding="utf-8")
    return child


@pytest.mark.parametrize("extends_line", [
    "extends: parent.yaml", '"extends": parent.yaml', "extends : parent.yaml", "{extends: parent.yaml}",
    "'extends': 'parent.yaml'",
])
def test_an_edited_parent_is_never_served_from_the_rubric_cache(tmp_path, cache_at, extends_line):
    """The regular expression that found `extends:` missed these spellings: edits to the parent were ignored."""
    if extends_line.startswith("{"):
        child = tmp_path / "child.yaml"
        _write_chain(tmp_path, "", 3)
        child.write_text("{extends: parent.yaml, name: child, version: 1.0.0, description: x, changelog: x}\n",
                         encoding="utf-8")
    else:
        child = _write_chain(tmp_path, extends_line, 3)
    assert BUNDLED_RUBRIC.read_text(encoding="utf-8").count("  military_aid: {weight: 3}\n") == 1
    first = resolve_rubric(str(child))
    assert first.model.dimensions["military_aid"].weight == 3
    assert resolve_rubric(str(child)).digest == first.digest  # from the cache
    (tmp_path / "parent.yaml").write_text((tmp_path / "parent.yaml").read_text(encoding="utf-8").replace(
        "  military_aid: {weight: 3}\n", "  military_aid: {weight: 1}\n"), encoding="utf-8")
    second = resolve_rubric(str(child))
    assert second.model.dimensions["military_aid"].weight == 1 and second.digest != first.digest


def test_a_tampered_rubric_entry_is_validated_and_rebuilt(tmp_path, cache_at):
    good = resolve_rubric(str(BUNDLED_RUBRIC))
    (entry,) = cache_at.glob("rubrics/*.json")
    text = entry.read_bytes()
    assert b'"weight":3' in text
    for bad in (b'"weight":NaN', b'"weight":-5', b'"weight":1e999'):
        entry.write_bytes(text.replace(b'"weight":3', bad, 1))
        again = resolve_rubric(str(BUNDLED_RUBRIC))
        assert again.model == good.model and again.digest == good.digest, bad


def test_entries_are_still_used_parsing_no_yaml(tmp_path, cache_at, monkeypatch):
    from allyscore import yamlio

    data = _data(tmp_path)
    loaded = load_dataset(data).model
    rubric = resolve_rubric(str(BUNDLED_RUBRIC))

    def no_yaml(*args, **kwargs):
        raise AssertionError("parsed the YAML again")

    monkeypatch.setattr(yamlio, "parse", no_yaml)
    monkeypatch.setattr(yamlio, "parse_data", no_yaml)
    assert load_dataset(data).model == loaded
    again = resolve_rubric(str(BUNDLED_RUBRIC))
    assert again.model == rubric.model and again.digest == rubric.digest
