"""A large imported dataset (the world layer) read one tie at a time, trusted only as far as checked.

The importers write one tie per block, each starting with a `{"pair": [...]` line, so a tie can be found
and parsed alone. Which bytes are trusted rests on notes in the cache (allyscore.cache), each signed
with this user's key; an unsigned or edited note counts for nothing but speed:

- validated: the first time a file's bytes are seen they are validated whole (load_dataset) and a note
  that they passed is kept under their SHA-256 and this code's fingerprint. Later, the file is read and
  hashed; with the signed note, the header and each tie are read as written, without pydantic. Without
  a signature, the header and each tie looked up are validated as they are read (records, and the
  references and periods of that tie), so nothing rests on the note but the absence of duplicate ties.
- seen: when the file had not changed for SETTLED_NS before it was read, a second note is kept under
  its identity (files.identity: device, inode, size, modification and change times) with the digest and
  where each tie starts. A later run that finds the same identity and a signed note reads only the
  header and the tie it needs, checking the identity after each read (files.read_range), and neither
  reads nor hashes the rest: loading the 31 MB world layer with its header and one tie takes 9 ms
  instead of 90 ms (`benchmarks/bench_indexed.py`, 15 interleaved rounds, 2026-11-30, a loaded 2-core
  machine), which brings `rate` over the world layer to the bundled data's own start-up. The settling
  time is git's answer to the same race: a file changed within the timestamps' granularity of being
  read could keep its identity. POSIX only: on Windows st_ctime is the creation time.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

import orjson

from .dataset import LoadedDataset, load_dataset
from .files import Identity
from .model import Dataset, Tie

INDEX_MIN_BYTES = 1 << 20  # smaller files load whole as fast
POSIX = os.name == "posix"  # where a file's change time cannot be set back (files.identity)
SETTLED_NS = 2_000_000_000  # a file unchanged this long before it is read can be known by its identity
_TIES = b'\n"ties": [\n'
_TIE_START = re.compile(rb'\n  \{"pair": \["([A-Z]{3})", "([A-Z]{3})"\]')
_END = b"\n]}"


def indexable(path: str) -> bool:
    """A JSON dataset as the importers write it (one tie per block), large enough to be worth indexing."""
    try:
        if os.path.getsize(path) < INDEX_MIN_BYTES:
            return False
        with open(path, "rb") as handle:
            return handle.read(20).startswith(b'{\n"schema_version":')
    except OSError:
        return False


def load_indexed(path: str) -> LoadedDataset:
    """A large imported JSON dataset whose every tie is parsed and checked only when it is looked up
    (see the module's docstring for what is trusted, and why)."""
    from .cache import _code_fingerprint, content_digest, read_note, write_note
    from .files import identity, read_stable
    from .sha import sha256

    fingerprint = _code_fingerprint()
    try:
        now: Identity | None = identity(os.stat(path)) if POSIX else None
    except OSError:
        now = None
    seen = read_note("seen", sha256(fingerprint + repr(now).encode()).hexdigest()) if now else None
    if seen is not None and seen[1] and _is_seen_note(seen[0]) and tuple(seen[0]["identity"]) == now:
        note = seen[0]
        spans = _Spans(note["pairs"], note["starts"], note["end"])
        return IndexedDataset(path, note["digest"], note["head_end"], trusted=True,
                              identity=now, spans=spans)

    read_at = time.time_ns()
    raw, ident = read_stable(path)
    digest = content_digest(raw)
    name = sha256(fingerprint + digest.encode()).hexdigest()
    found = read_note("validated", name)
    if found is not None and isinstance(found[0], dict) and found[0].get("digest") == digest:
        note, validated = found  # validated whole by allyscore when the note is signed
        head_end = note["head_end"]
        loaded: LoadedDataset = IndexedDataset(path, digest, head_end, trusted=validated, raw=raw)
    else:
        loaded = load_dataset(path)
        head_end = raw.find(_TIES)
        count = sum(1 for _ in _TIE_START.finditer(raw))
        if head_end < 0 or count != len(loaded.ties) or loaded.warnings:
            return loaded
        write_note("validated", name, {"digest": digest, "head_end": head_end})
        validated = True  # by this run
    if validated and POSIX and ident is not None and read_at - ident[4] > SETTLED_NS:
        spans = _Spans.scan(raw, head_end)
        write_note("seen", sha256(fingerprint + repr(ident).encode()).hexdigest(),
                   {"identity": list(ident), "digest": digest, "head_end": head_end, "pairs": spans.pairs,
                    "starts": spans.starts, "end": spans.end})
    return loaded


def _is_seen_note(note: Any) -> bool:
    return (isinstance(note, dict) and isinstance(note.get("pairs"), str) and isinstance(note.get("starts"), list)
            and len(note["pairs"]) == 6 * len(note["starts"]) and isinstance(note.get("identity"), list)
            and all(isinstance(note.get(k), int) for k in ("head_end", "end")) and isinstance(note.get("digest"), str))


class _Spans:
    """Where each tie's block starts in the file, by its key (sorted pair): `pairs` is the keys' codes run
    together (six letters a tie), `starts` their offsets in file order; a block ends where the next starts."""

    def __init__(self, pairs: str, starts: list[int], end: int) -> None:
        self.pairs, self.starts, self.end = pairs, starts, end
        self._at: dict[tuple[str, str], int] | None = None  # made when every tie is read: then a lookup each

    @classmethod
    def scan(cls, raw: bytes, head_end: int) -> _Spans:
        """One scan of the bytes (30 ms for the world layer)."""
        pairs, starts = [], []
        for m in _TIE_START.finditer(raw, head_end):
            a, b = m[1].decode(), m[2].decode()
            pairs.append(a + b if a <= b else b + a)
            starts.append(m.start() + 1)
        return cls("".join(pairs), starts, raw.rfind(_END))

    def keys(self) -> list[tuple[str, str]]:
        p = self.pairs
        keys = [(p[i:i + 3], p[i + 3:i + 6]) for i in range(0, len(p), 6)]
        self._at = {key: i for i, key in enumerate(keys)}
        return keys

    def span(self, key: tuple[str, str]) -> tuple[int, int] | None:
        if self._at is not None:
            i = self._at.get(key, -1)
        else:  # one tie looked up: a search of the codes beats making the table
            at = self.pairs.find(key[0] + key[1])
            while at >= 0 and at % 6:
                at = self.pairs.find(key[0] + key[1], at + 1)
            i = at // 6 if at >= 0 else -1
        if i < 0:
            return None
        return self.starts[i], self.starts[i + 1] if i + 1 < len(self.starts) else self.end


class IndexedDataset(LoadedDataset):
    """A dataset read tie by tie: from bytes in memory, or (known by its identity) from the file itself."""

    def __init__(self, path: str, digest: str, head_end: int, trusted: bool = False, raw: bytes | None = None,
                 identity: Identity | None = None, spans: _Spans | None = None) -> None:
        self.path, self.digest, self.warnings = path, digest, []
        self._head_end, self.trusted = head_end, trusted
        self._in_memory, self._identity, self._spans = raw, identity, spans
        self._model = None
        self._raw = None

    @property
    def _bytes(self) -> bytes:
        """The whole file (read now if it was known by its identity, and checked to be what was noted)."""
        if self._in_memory is None:
            from .cache import content_digest
            from .errors import InputFileError
            from .files import read_stable

            raw, ident = read_stable(self.path)
            if ident != self._identity and content_digest(raw) != self.digest:
                raise InputFileError("changed while it was being read", file=self.path, hint="run the command again")
            self._in_memory = raw
        return self._in_memory

    def _read(self, start: int, stop: int) -> bytes:
        if self._in_memory is None and self._identity is not None:  # known by its identity: read in place
            from .files import read_range

            return read_range(self.path, start, stop, self._identity)
        return self._bytes[start:stop]

    @cached_property
    def header(self) -> Dataset:
        from .dataset import check
        from .errors import InputFileError

        head = json.loads(self._read(0, self._head_end + 1) + b'"ties": []}')
        if self.trusted:
            return Dataset.from_plain(head)
        try:
            header = Dataset.model_validate(head)
        except (ValueError, TypeError, KeyError) as exc:
            raise InputFileError(f"cannot read the dataset's header: {exc}", file=self.path) from None
        errors = [p for p, _ in check(header) if p.severity == "error"]
        if errors:
            raise InputFileError(errors[0].message, file=self.path, hint="run `allyscore data validate` on it")
        return header

    @property
    def model(self) -> Dataset:
        """Every tie at once: the whole file parsed (as the dataset cache does for a file seen before)."""
        if self._model is None:
            import gc

            from .errors import InputFileError

            paused = gc.isenabled()
            gc.disable()
            if self.trusted:
                try:
                    model = Dataset.from_plain(json.loads(self._bytes))
                finally:
                    if paused:
                        gc.enable()
                self._model = model
                self.__dict__["ties"] = {t.key: t for t in model.ties}
                return model
            try:
                model = Dataset.model_validate(json.loads(self._bytes))
            except (ValueError, TypeError, KeyError) as exc:
                raise InputFileError(f"cannot read the dataset: {exc}", file=self.path,
                                     hint="run `allyscore data validate` on it") from None
            finally:
                if paused:
                    gc.enable()
            from .dataset import check

            errors = [p for p, _ in check(model) if p.severity == "error"]
            if errors:
                raise InputFileError(errors[0].message, file=self.path, hint="run `allyscore data validate` on it")
            self._model = model
            self.__dict__["ties"] = {t.key: t for t in model.ties}
        return self._model

    @cached_property
    def ties(self) -> Mapping[tuple[str, str], Tie]:
        return _IndexedTies(self)


class _IndexedTies(Mapping[tuple[str, str], Tie]):
    # ties kept once built, for a command that asks for one tie again (rate, history); past that, built
    # again when asked for. A report reads each tie once, and ties kept long enough to age into the
    # collector's older generations made its passes take 0.6 s of a 6 s report when 1,024 were kept
    # (gc.callbacks over the world layer, 2026-11-30)
    _KEEP = 16

    def __init__(self, owner: IndexedDataset) -> None:
        self._owner = owner
        self._built: dict[tuple[str, str], Tie] = {}

    @property
    def _spans(self) -> _Spans:
        owner = self._owner
        if owner._spans is None:
            owner._spans = _Spans.scan(owner._bytes, owner._head_end)
        return owner._spans

    def _span(self, key: object) -> tuple[int, int] | None:
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) and len(k) == 3 for k in key)):
            return None
        a, b = key
        return self._spans.span((a, b) if a <= b else (b, a))

    def __contains__(self, key: object) -> bool:
        return self._span(key) is not None

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """Every tie. Read as written, one at a time, when trusted; else the whole file is validated at
        once (faster than tie by tie)."""
        if self._owner.trusted and self._owner._model is None:
            self._owner._bytes  # one read of the whole file, not a read for each tie
            return iter(self._spans.keys())
        return iter(self._owner.model and self._owner.__dict__["ties"])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __getitem__(self, key: tuple[str, str]) -> Tie:
        owner = self._owner
        if owner._model is not None:
            return owner.__dict__["ties"][key]
        tie = self._built.get(key)
        if tie is not None:
            return tie
        span = self._span(key)
        if span is None:
            raise KeyError(key)
        text = owner._read(*span).rstrip().rstrip(b",")
        if owner.trusted:
            tie = Tie.from_plain(orjson.loads(text))  # as json.loads, 1.5 times as fast; validated whole before
        else:
            from .dataset import check
            from .errors import InputFileError

            try:
                tie = Tie.model_validate(json.loads(text))
            except (ValueError, TypeError, KeyError):
                tie = None
            if tie is None or tie.key != tuple(sorted(key)):
                raise InputFileError(f"cannot read the tie at byte {span[0]}", file=owner.path,
                                     hint="run `allyscore data validate` on it")
            errors = [p for p, _ in check(_just(owner, tie)) if p.severity == "error"]
            if errors:
                raise InputFileError(errors[0].message, file=owner.path, hint="run `allyscore data validate` on it")
        if len(self._built) >= self._KEEP:
            self._built.clear()
        self._built[key] = tie
        return tie


def _just(owner: IndexedDataset, tie: Tie) -> Dataset:
    """The header cut down to what one tie refers to, with that tie: checked in time that does not grow
    with the number of countries and sources."""
    cache = owner.__dict__.setdefault("_by_id", {})
    if not cache:
        cache["countries"] = {c.code: c for c in owner.header.countries}
        cache["sources"] = {s.id: s for s in owner.header.sources}
    cited = {sid for obs in tie.observations for sid in obs.sources}
    return dataclasses.replace(
        owner.header, ties=[tie],
        countries=[cache["countries"][c] for c in dict.fromkeys(tie.pair) if c in cache["countries"]],
        sources=[cache["sources"][sid] for sid in sorted(cited) if sid in cache["sources"]])
