"""A validated-dataset cache keyed on the file's content, kept in the user's cache directory.

Parsing YAML in Python is slow (about 1 MB/s); validating the same content from JSON is fast. The key
is the SHA-256 of the file's text together with a fingerprint of the code that validates it, so an
edited file or an upgraded allyscore never gets a stale entry. Set ALLYSCORE_NO_CACHE=1 to bypass it,
ALLYSCORE_CACHE_DIR to move it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import Problem

_CODE_FILES = ("model.py", "dataset.py", "yamlio.py", "cache.py")


def content_digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_dir() -> Path | None:
    if os.environ.get("ALLYSCORE_NO_CACHE"):
        return None
    configured = os.environ.get("ALLYSCORE_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("allyscore", appauthor=False))


def _code_fingerprint() -> bytes:
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in _CODE_FILES:
        try:
            h.update((here / name).read_bytes())
        except OSError:  # pragma: no cover - a broken install: never cache then
            return os.urandom(16)
    return h.digest()


def cached_or_validate(name: str, text: str, validate: Callable[[str, str, str], Any]) -> Any:
    """Return the validated dataset for `text`, from the cache when the same content was seen before."""
    from .dataset import LoadedDataset
    from .model import Dataset

    digest = content_digest(text)
    directory = cache_dir()
    entry = None
    if directory is not None:
        key = hashlib.sha256(_code_fingerprint() + digest.encode()).hexdigest()
        entry = directory / "datasets" / f"{key}.json"
        try:
            raw = entry.read_bytes()
        except OSError:
            raw = None
        if raw is not None:
            try:
                head, _, body = raw.partition(b"\n")
                warnings = [Problem(**w) for w in json.loads(head)]
                model = Dataset.model_validate_json(body)
                for w in warnings:  # the name may differ from the first run's
                    object.__setattr__(w, "file", name)
                return LoadedDataset(model=model, path=name, digest=digest, warnings=warnings)
            except Exception:  # a corrupt entry is rebuilt, never trusted
                pass
    loaded = validate(name, text, digest)
    if entry is not None:
        _store(entry, loaded)
    return loaded


def _store(entry: Path, loaded: Any) -> None:
    from .atomic import write_atomic

    head = json.dumps([w.__dict__ for w in loaded.warnings]).encode()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, head + b"\n" + loaded.model.model_dump_json().encode())
    except OSError:
        pass  # a read-only cache directory only costs speed
