"""Caches in the user's cache directory: validated datasets keyed on the file's content, and more.

Parsing YAML in Python is slow (about 1 MB/s); validating the same content from JSON is fast. The key
is the SHA-256 of the file's text together with a fingerprint of the code that validates it, so an
edited file or an upgraded allyscore never gets a stale entry. Resolved rubrics are kept the same way,
and so are pydantic-core's validators and serializers (pickled; keyed on the code, pydantic-core's
version and Python's), which take 0.15 s to generate from the type hints. Every entry carries the
SHA-256 of its body and is rebuilt when it does not match. Set ALLYSCORE_NO_CACHE=1 to bypass all of
it, ALLYSCORE_CACHE_DIR to move it.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import Problem
from .sha import sha256

_CODE_FILES = ("model.py", "records.py", "dataset.py", "rubric.py", "yamlio.py", "yamlcareful.py", "cache.py")


def content_digest(content: str | bytes) -> str:
    """SHA-256 of a file's bytes (text is taken as UTF-8)."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return "sha256:" + sha256(raw).hexdigest()


def cache_dir() -> Path | None:
    if os.environ.get("ALLYSCORE_NO_CACHE"):
        return None
    configured = os.environ.get("ALLYSCORE_CACHE_DIR")
    if configured:
        return Path(configured)
    return user_cache_root() / "allyscore"


def user_cache_root() -> Path:
    """The platform's per-user cache directory (XDG on Linux and BSD, Library/Caches on macOS)."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"


def _code_fingerprint() -> bytes:
    here = Path(__file__).parent
    h = sha256()
    for name in _CODE_FILES:
        try:
            h.update((here / name).read_bytes())
        except OSError:  # pragma: no cover - a broken install: never cache then
            return os.urandom(16)
    return h.digest()


def cached_or_validate(name: str, raw: bytes, validate: Callable[[str, bytes, str], Any]) -> Any:
    """Return the validated dataset for a file's bytes, from the cache when the same bytes were seen before.

    An entry is a header line (warnings and the SHA-256 of the body) and the body: the dataset as
    plain JSON, without the fields that hold their default. An entry whose body does not match its
    checksum is rebuilt, never trusted.
    """
    from .dataset import LoadedDataset

    digest = content_digest(raw.removeprefix(b"\xef\xbb\xbf"))
    directory = cache_dir()
    entry = None
    if directory is not None:
        key = sha256(_code_fingerprint() + digest.encode()).hexdigest()
        entry = directory / "datasets" / f"{key}.json"
        try:
            blob = entry.read_bytes()
        except OSError:
            blob = None
        if blob is not None:
            try:
                head_line, _, body = blob.partition(b"\n")
                head = json.loads(head_line)
                if head["sha256"] == sha256(body).hexdigest():
                    warnings = [Problem(**{**w, "file": name}) for w in head["warnings"]]
                    return LoadedDataset(path=name, digest=digest, warnings=warnings, raw=json.loads(body))
            except Exception:  # noqa: BLE001 - a corrupt entry is rebuilt, never trusted
                pass
    loaded = validate(name, raw, digest)  # decodes, parses and checks: only on a miss
    if entry is not None:
        _store(entry, loaded)
    return loaded


def _store(entry: Path, loaded: Any) -> None:
    body = loaded.model.dump_json(exclude_defaults=True)  # smaller, so faster to read back
    head = json.dumps({"sha256": sha256(body).hexdigest(),
                       "warnings": [asdict(w) for w in loaded.warnings]}).encode()
    _write(entry, head + b"\n" + body)


def cached_core(name: str, build: Callable[[], Any]) -> Any:
    """A pydantic-core validator or serializer, from the cache when this code, pydantic and pydantic-core
    made it."""
    import pickle

    import pydantic_core

    directory = cache_dir()
    if directory is None:
        return build()
    key = sha256(_code_fingerprint() + _pydantic_fingerprint()
                 + f"{name} {pydantic_core.__version__} {sys.version}".encode()).hexdigest()
    entry = directory / "pydantic" / f"{key}.pickle"
    try:
        head_line, _, body = entry.read_bytes().partition(b"\n")
        if json.loads(head_line)["sha256"] == sha256(body).hexdigest():
            return pickle.loads(body)
    except Exception:  # noqa: BLE001 - missing or corrupt: rebuild
        pass
    made = build()
    try:
        body = pickle.dumps(made)
    except Exception:  # noqa: BLE001 - one holding something unpicklable is simply not cached
        return made
    _write(entry, json.dumps({"sha256": sha256(body).hexdigest()}).encode() + b"\n" + body)
    return made


def _pydantic_fingerprint() -> bytes:
    """pydantic's version file, read without importing pydantic (it generated what pydantic-core runs)."""
    import importlib.util

    spec = importlib.util.find_spec("pydantic")
    try:
        return Path(spec.origin).with_name("version.py").read_bytes()  # type: ignore[union-attr,arg-type]
    except (AttributeError, TypeError, OSError):  # pragma: no cover - an unusual install: never reuse
        return os.urandom(16)


def _write(entry: Path, blob: bytes) -> None:
    from .atomic import write_atomic

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, blob)
    except OSError:
        pass  # a read-only cache directory only costs speed


def cached_plain(kind: str, key_parts: list[bytes], build: Callable[[], Any], dump: Callable[[Any], Any],
                 restore: Callable[[Any], Any]) -> Any:
    """A small validated object (a resolved rubric, say) cached as JSON under a content key."""
    directory = cache_dir()
    if directory is None:
        return build()
    h = sha256(_code_fingerprint())
    for part in key_parts:
        h.update(sha256(part).digest())
    entry = directory / kind / f"{h.hexdigest()}.json"
    try:
        blob = entry.read_bytes()
        head_line, _, body = blob.partition(b"\n")
        if json.loads(head_line)["sha256"] == sha256(body).hexdigest():
            return restore(json.loads(body))
    except Exception:  # noqa: BLE001 - missing or corrupt: rebuild
        pass
    value = build()
    body = json.dumps(dump(value), ensure_ascii=False, separators=(",", ":")).encode()
    _write(entry, json.dumps({"sha256": sha256(body).hexdigest()}).encode() + b"\n" + body)
    return value
