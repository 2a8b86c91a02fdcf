"""Signed cache entries: what allyscore wrote is used as it is, anything else is rebuilt from the file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "mini.yaml"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    from allyscore import cache as module

    folder = tmp_path / "cache"
    monkeypatch.setenv("ALLYSCORE_CACHE_DIR", str(folder))
    monkeypatch.setattr(module, "_checked", {})
    monkeypatch.setattr(module, "_secrets", {})
    return folder


def entries(folder: Path, kind: str) -> list[Path]:
    return sorted((folder / kind).glob("*.json"))


def test_the_key_is_private_and_entries_are_signed(cache):
    from allyscore.dataset import load_dataset

    load_dataset(FIXTURE)
    key = cache / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.stat().st_size == 32
    (entry,) = entries(cache, "datasets")
    head = json.loads(entry.read_bytes().partition(b"\n")[0])
    assert len(head["mac"]) == 64


def test_a_signed_entry_is_read_without_pydantic(cache, tmp_path):
    code = ("import sys, allyscore\n"
            "d = allyscore.load_dataset(sys.argv[1]); r = allyscore.resolve_rubric('costly-signals')\n"
            "print(allyscore.rate(d, 'iran', 'russia', r).score, 'pydantic' in sys.modules)\n")
    env = {**os.environ, "ALLYSCORE_CACHE_DIR": str(cache)}
    first = subprocess.run([sys.executable, "-c", code, str(FIXTURE)], env=env, capture_output=True, text=True,
                           check=True).stdout.split()
    second = subprocess.run([sys.executable, "-c", code, str(FIXTURE)], env=env, capture_output=True, text=True,
                            check=True).stdout.split()
    assert first == [first[0], "True"]  # the first run validated the YAML
    assert second == [first[0], "False"]  # the same score, from signed entries alone


def test_an_edited_dataset_entry_is_rebuilt_from_the_file(cache):
    from allyscore.dataset import load_dataset

    truth = load_dataset(FIXTURE).model
    (entry,) = entries(cache, "datasets")
    head, _, body = entry.read_bytes().partition(b"\n")
    data = json.loads(body)
    obs = data["ties"][0]["observations"][0]
    obs["level"] = 4 if obs["level"] != 4 else 3  # still a valid dataset: only the signature can tell
    entry.write_bytes(head + b"\n" + json.dumps(data).encode())
    again = load_dataset(FIXTURE).model
    assert again == truth
    assert json.loads(entry.read_bytes().partition(b"\n")[2]) != data  # rewritten from the file


def test_an_edited_rubric_entry_is_rebuilt_from_the_file(cache):
    from allyscore.rubric import resolve_rubric

    truth = resolve_rubric("costly-signals@2.0.0")
    (entry,) = entries(cache, "rubrics")
    head, _, body = entry.read_bytes().partition(b"\n")
    plain = json.loads(body)
    plain["model"]["dimensions"]["rhetoric"]["weight"] = 40
    entry.write_bytes(head + b"\n" + json.dumps(plain).encode())
    again = resolve_rubric("costly-signals@2.0.0")
    assert again.digest == truth.digest and again.model.dimensions["rhetoric"].weight == 0.5


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_a_key_others_can_read_is_not_used(cache):
    from allyscore import cache as module
    from allyscore.dataset import load_dataset

    cache.mkdir(mode=0o700)
    key = cache / "key"
    key.write_bytes(os.urandom(32))
    key.chmod(0o644)
    load_dataset(FIXTURE)
    assert module._secrets[str(cache)] is None
    (entry,) = entries(cache, "datasets")
    assert "mac" not in json.loads(entry.read_bytes().partition(b"\n")[0])  # then entries are validated on read
    assert load_dataset(FIXTURE).model == load_dataset(FIXTURE).model


def test_the_mac_is_rfc_2104_hmac_sha256():
    import hashlib
    import hmac

    from allyscore.cache import _mac

    for body in (b"", b"x" * 10, os.urandom(700_000)):
        assert _mac(b"k" * 32, body) == hmac.new(b"k" * 32, body, hashlib.sha256).hexdigest()
