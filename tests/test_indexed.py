"""A large imported layer known by its identity: read without hashing, never trusted past a change."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from allyscore import cache, files, indexed
from allyscore.errors import InputFileError
from allyscore.sha import sha256
from test_layers import layers  # noqa: F401 - the fixture


@pytest.fixture
def world(layers, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("ALLYSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_checked", {})
    monkeypatch.setattr(cache, "_secrets", {})
    monkeypatch.setattr(indexed, "INDEX_MIN_BYTES", 0)
    monkeypatch.setattr(indexed, "SETTLED_NS", -10**12)  # as if the file had settled long ago
    return layers[0]


def notes(tmp_path, kind):
    return sorted((tmp_path / "cache" / kind).glob("*.json"))


read_stable = files.read_stable


def refuse_whole_reads(monkeypatch):
    def whole(*args, **kwargs):
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(files, "read_stable", whole)


def test_a_settled_file_is_then_read_by_identity_alone(world, monkeypatch, tmp_path):
    whole = indexed.load_indexed(world)  # validated whole; both notes kept
    assert not isinstance(whole, indexed.IndexedDataset)
    assert len(notes(tmp_path, "seen")) == 1
    refuse_whole_reads(monkeypatch)
    known = indexed.load_indexed(world)
    assert isinstance(known, indexed.IndexedDataset) and known.trusted
    assert known.header == dataclasses.replace(whole.header, ties=[])
    assert known.ties[("IND", "RUS")] == whole.ties[("IND", "RUS")]
    assert ("FRA", "USA") not in known.ties
    monkeypatch.setattr(files, "read_stable", read_stable)  # every tie: the file is read once, whole
    assert sorted(known.ties) == sorted(whole.ties)
    assert known._in_memory is not None


def test_a_fresh_file_is_not_known_by_identity(world, monkeypatch, tmp_path):
    monkeypatch.setattr(indexed, "SETTLED_NS", 10**12)  # changed just now, as far as the rule goes
    indexed.load_indexed(world)
    indexed.load_indexed(world)
    assert notes(tmp_path, "seen") == []


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_seen(world, tmp_path):
    indexed.load_indexed(world)
    before = os.stat(world)
    text = Path(world).read_text()
    at = text.index('"pair": ["IND", "RUS"]')
    assert '"level": 3' in text[at:]
    with open(world, "w") as handle:  # in place, same size, same inode
        handle.write(text[:at] + text[at:].replace('"level": 3', '"level": 4', 1))
    os.utime(world, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(world)
    assert (after.st_size, after.st_ino, after.st_mtime_ns) == (before.st_size, before.st_ino, before.st_mtime_ns)
    loaded = indexed.load_indexed(world)
    assert not (isinstance(loaded, indexed.IndexedDataset) and loaded._in_memory is None)  # not by identity
    levels = [o.level for o in loaded.ties[("IND", "RUS")].observations]
    assert levels == [4]


def test_a_change_after_the_identity_was_checked_stops_the_read(world, monkeypatch):
    indexed.load_indexed(world)
    known = indexed.load_indexed(world)
    assert known._in_memory is None
    with open(world, "a") as handle:
        handle.write(" ")
    with pytest.raises(InputFileError, match="changed while it was being read"):
        known.ties[("IND", "RUS")]


def test_an_edited_identity_note_counts_for_nothing(world, monkeypatch, tmp_path):
    indexed.load_indexed(world)
    (note,) = notes(tmp_path, "seen")
    head, _, body = note.read_bytes().partition(b"\n")
    note.write_bytes(head + b"\n" + body.replace(b'"head_end":', b'"head_end": '))  # same data, unsigned
    loaded = indexed.load_indexed(world)
    assert loaded._in_memory is not None  # read and hashed, as without the note


def test_an_unsigned_validated_note_never_becomes_a_signed_identity_note(world, tmp_path):
    # the identity note is kept only for bytes validated whole by allyscore (this run, or a signed note)
    indexed.load_indexed(world)
    for note in notes(tmp_path, "seen"):
        note.unlink()
    (valid,) = notes(tmp_path, "validated")
    head, _, body = valid.read_bytes().partition(b"\n")
    valid.write_bytes(head + b"\n" + body.replace(b'"head_end":', b'"head_end": '))
    loaded = indexed.load_indexed(world)
    assert isinstance(loaded, indexed.IndexedDataset) and not loaded.trusted
    assert notes(tmp_path, "seen") == []


def test_no_identity_notes_where_the_change_time_is_not_trusted(world, monkeypatch, tmp_path):
    # on Windows st_ctime is the creation time, which an in-place edit does not change
    monkeypatch.setattr(indexed, "POSIX", False)
    indexed.load_indexed(world)
    loaded = indexed.load_indexed(world)
    assert notes(tmp_path, "seen") == [] and loaded._in_memory is not None


def test_a_broken_tie_under_an_unsigned_note_is_one_error_not_a_traceback(world, tmp_path):
    # an unsigned note leaves each tie to be parsed and validated as it is read: broken JSON there is
    # an input error naming the file, as a failed validation is
    raw = Path(world).read_bytes()
    at = raw.index(b'"pair": ["IND", "RUS"]')
    broken = raw[:at] + raw[at:].replace(b'"level": 3', b'"level": 3,,', 1)
    Path(world).write_bytes(broken)
    digest = cache.content_digest(broken)
    name = sha256(cache._code_fingerprint() + digest.encode()).hexdigest()
    cache.write_note("validated", name, {"digest": digest, "head_end": broken.find(indexed._TIES)})
    (valid,) = notes(tmp_path, "validated")
    head, _, body = valid.read_bytes().partition(b"\n")
    valid.write_bytes(head + b"\n" + body.replace(b'"head_end":', b'"head_end": '))  # unsigned
    loaded = indexed.load_indexed(world)
    assert isinstance(loaded, indexed.IndexedDataset) and not loaded.trusted
    with pytest.raises(InputFileError, match="cannot read the tie at byte"):
        loaded.ties[("IND", "RUS")]
