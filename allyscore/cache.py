"""Caches in the user's cache directory: validated datasets keyed on content, and resolved rubrics.

Parsing YAML in Python is slow (about 1 MB/s); validating the same content from JSON is fast. The key
is the SHA-256 of the file's bytes together with a fingerprint of the code that validates it, so an
edited file or an upgraded allyscore never gets a stale entry.

Nothing in the cache runs as code or is believed on its word: an entry is plain JSON (never pickle,
never code), and it is used as it is only when it carries a valid HMAC-SHA256 made with this user's
secret key (32 random bytes in the cache's `key` file, 0600, made on first use), which only allyscore
writing a validated entry can produce; a checksum stored beside the data would prove nothing, the keyed
one proves the entry is what allyscore wrote. An entry without a valid signature (edited, or forged
without the key) is rebuilt from the file it stands for. Where no key can be kept (an unreadable or
foreign `key` file), entries are validated as input instead: the same validation and whole-file checks
as the YAML they came from. The directory is created private (0700, entries 0600) and is not used at all when it is owned by
another user or writable by group or others (one warning on stderr; everything then works uncached).
Set ALLYSCORE_NO_CACHE=1 to bypass all of it, ALLYSCORE_CACHE_DIR to move it.

What the signature buys, measured with `python benchmarks/run.py` (see docs/development.md): a signed
entry is rebuilt without importing pydantic, which is most of the start-up of `allyscore rate`.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from dataclasses import asdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import Problem
from .sha import sha256

_CODE_FILES = ("model.py", "records.py", "dataset.py", "rubric.py", "yamlio.py", "yamlcareful.py", "cache.py")
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # far above any entry a valid input makes
_checked: dict[str, bool] = {}  # directory -> usable, so each unsafe directory is reported once
_secrets: dict[str, bytes | None] = {}  # directory -> its signing key (None: cannot have one)
KEY_BYTES = 32


def content_digest(content: str | bytes) -> str:
    """SHA-256 of a file's bytes (text is taken as UTF-8)."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return "sha256:" + sha256(raw).hexdigest()


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is off or the directory is not safe to use."""
    if os.environ.get("ALLYSCORE_NO_CACHE"):
        return None
    configured = os.environ.get("ALLYSCORE_CACHE_DIR")
    directory = Path(configured) if configured else user_cache_root() / "allyscore"
    key = str(directory)
    if key not in _checked:
        _checked[key] = _private_dir(directory)
    return directory if _checked[key] else None


def user_cache_root() -> Path:
    """The platform's per-user cache directory (XDG on Linux and BSD, Library/Caches on macOS)."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"


def _private_dir(directory: Path) -> bool:
    """Create the directory 0700 if it is missing; True when it is ours and only we can write to it."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(directory)
    except OSError:
        return False  # cannot create it (read-only home, say): work uncached, silently
    problem = _unsafe(info)
    if problem:
        sys.stderr.write(f"allyscore: warning: not using the cache {_visible(str(directory))}: {problem} "
                         "(make it yours with mode 0700, or set ALLYSCORE_CACHE_DIR)\n")
        return False
    return True


def _unsafe(info: os.stat_result) -> str | None:
    if not stat.S_ISDIR(info.st_mode):
        return "not a directory"
    if sys.platform != "win32":
        if info.st_uid != os.geteuid():
            return f"owned by another user (uid {info.st_uid})"
        if info.st_mode & 0o022:
            return f"writable by group or others (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


def _visible(text: str) -> str:
    from .sanitize import terminal

    return terminal(text)


def _code_fingerprint() -> bytes:
    here = Path(__file__).parent
    h = sha256()
    for name in _CODE_FILES:
        try:
            h.update((here / name).read_bytes())
        except OSError:  # pragma: no cover - a broken install: never cache then
            return os.urandom(16)
    return h.digest()


def _secret(directory: Path) -> bytes | None:
    """This user's key for signing entries: `key` in the private cache directory (0600), made on first
    use with O_EXCL and never through a symlink. None when it cannot be read or made safely."""
    name = str(directory)
    if name not in _secrets:
        _secrets[name] = _load_or_make_key(directory / "key")
    return _secrets[name]


def _load_or_make_key(path: Path) -> bytes | None:
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow, 0o600)
    except FileExistsError:
        fd = None
    except OSError:
        return None
    if fd is not None:
        key = os.urandom(KEY_BYTES)
        try:
            os.write(fd, key)
        finally:
            os.close(fd)
        return key
    try:
        fd = os.open(path, os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != KEY_BYTES or (
                sys.platform != "win32" and (info.st_uid != os.geteuid() or info.st_mode & 0o077)):
            return None  # not a key only we can read: sign nothing, trust nothing unvalidated
        key = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None


def _mac(key: bytes, body: bytes) -> str:
    """HMAC-SHA256 (RFC 2104) of `body` under `key`, with allyscore.sha (no OpenSSL for small bodies)."""
    padded = key.ljust(64, b"\0")
    inner = sha256(bytes(b ^ 0x36 for b in padded) + body).digest()
    return sha256(bytes(b ^ 0x5C for b in padded) + inner).hexdigest()


def _signed(head: dict[str, Any], body: bytes, key: bytes | None) -> bool:
    import hmac

    return key is not None and isinstance(head.get("mac"), str) and hmac.compare_digest(head["mac"], _mac(key, body))


def _read_entry(entry: Path) -> bytes | None:
    """An entry's bytes: a regular file, opened without following a symlink, under the size cap."""
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _write(entry: Path, blob: bytes) -> None:
    """Write an entry 0600 through a new temporary file (O_EXCL) renamed over it; failures only cost speed."""
    try:
        if not entry.parent.is_dir():
            entry.parent.mkdir(mode=0o700)
        if _unsafe(os.lstat(entry.parent)):
            return
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=entry.parent)  # O_EXCL, mode 0600
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, entry)  # replaces a planted symlink itself, never writes through it
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if not isinstance(exc, OSError):  # a full disk only costs speed; Ctrl-C still stops
            raise


def cached_or_validate(name: str, raw: bytes, validate: Callable[[str, bytes, str], Any],
                       restore: Callable[[str, str, list[Problem], bytes, bool], Any]) -> Any:
    """Return the validated dataset for a file's bytes, from the cache when the same bytes were seen before.

    An entry is a header line (the warnings, and the MAC when there is a key) and the body: the dataset as
    plain JSON, without the fields that hold their default. `restore(name, digest, warnings, body, signed)`
    turns a body back into the dataset: as written when allyscore signed it, else validated as input
    (None when it does not pass); an entry that is not acceptable is rebuilt, never trusted.
    """
    digest = content_digest(raw.removeprefix(b"\xef\xbb\xbf"))
    directory = cache_dir()
    entry = secret = None
    if directory is not None:
        key = sha256(_code_fingerprint() + digest.encode()).hexdigest()
        entry = directory / "datasets" / f"{key}.json"
        secret = _secret(directory)
        blob = _read_entry(entry)
        if blob is not None:
            loaded = _restore(name, digest, blob, secret, restore)
            if loaded is not None:
                return loaded
    loaded = validate(name, raw, digest)  # decodes, parses and checks: only on a miss
    if entry is not None:
        _store(entry, loaded, secret)
    return loaded


def _restore(name: str, digest: str, blob: bytes, secret: bytes | None,
             restore: Callable[[str, str, list[Problem], bytes, bool], Any]) -> Any:
    """The dataset of an entry, or None. With a key, only what allyscore signed is used (anything else is
    rebuilt from the file); without one (an unreadable key), the entry is validated as input."""
    try:
        head_line, _, body = blob.partition(b"\n")
        head = json.loads(head_line)
        if secret and not _signed(head, body, secret):
            return None
        warnings = [Problem(**{**w, "file": name}) for w in head["warnings"]]
        return restore(name, digest, warnings, body, bool(secret))
    except Exception:  # noqa: BLE001 - a corrupt or tampered entry is rebuilt, never trusted
        return None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} in a cache entry")  # json.loads would otherwise accept NaN and Infinity


def _store(entry: Path, loaded: Any, secret: bytes | None) -> None:
    body = loaded.model.dump_json(exclude_defaults=True)  # smaller, so faster to read back
    head: dict[str, Any] = {"warnings": [asdict(w) for w in loaded.warnings]}
    if secret is not None:
        head["mac"] = _mac(secret, body)
    _write(entry, json.dumps(head).encode() + b"\n" + body)


def cached_plain(kind: str, key_parts: list[bytes], build: Callable[[], Any], dump: Callable[[Any], Any],
                 restore: Callable[[Any], Any], trusted: Callable[[Any], Any] | None = None) -> Any:
    """A small object (a resolved rubric, say) cached as JSON under a content key.

    An entry signed with this user's key (see above) goes to `trusted`, which may rebuild the object
    without validating it again; any other goes to `restore`, which must validate it as input. Either
    returns None (or raises) when the entry is not acceptable or no longer current; then the object is
    built again.
    """
    directory = cache_dir()
    if directory is None:
        return build()
    h = sha256(_code_fingerprint())
    for part in key_parts:
        h.update(sha256(part).digest())
    entry = directory / kind / f"{h.hexdigest()}.json"
    secret = _secret(directory)
    blob = _read_entry(entry)
    if blob is not None:
        try:
            head_line, _, body = blob.partition(b"\n")
            plain = json.loads(body, parse_constant=_no_constant)
            signed = _signed(json.loads(head_line), body, secret)
            if secret is not None and not signed:
                value = None  # with a key, what allyscore did not sign is rebuilt, never believed
            else:
                value = (trusted if signed and trusted is not None else restore)(plain)
        except Exception:  # noqa: BLE001 - corrupt, tampered or stale: rebuild
            value = None
        if value is not None:
            return value
    value = build()
    body = json.dumps(dump(value), ensure_ascii=False, separators=(",", ":")).encode()
    head = {"mac": _mac(secret, body)} if secret is not None else {}
    _write(entry, json.dumps(head).encode() + b"\n" + body)
    return value


def read_note(kind: str, name: str) -> tuple[Any, bool] | None:
    """A small JSON note kept under `kind/name.json`, and whether allyscore signed it with this user's key
    (see above); None when there is none or it cannot be read."""
    directory = cache_dir()
    if directory is None:
        return None
    blob = _read_entry(directory / kind / f"{name}.json")
    if blob is None:
        return None
    try:
        head_line, _, body = blob.partition(b"\n")
        value = json.loads(body, parse_constant=_no_constant)
        return value, _signed(json.loads(head_line), body, _secret(directory))
    except Exception:  # noqa: BLE001 - corrupt: as if there were none
        return None


def write_note(kind: str, name: str, value: Any) -> None:
    """Keep a small JSON note, signed when this user has a key; failures only cost speed."""
    directory = cache_dir()
    if directory is None:
        return
    secret = _secret(directory)
    body = json.dumps(value, separators=(",", ":")).encode()
    head = {"mac": _mac(secret, body)} if secret is not None else {}
    _write(directory / kind / f"{name}.json", json.dumps(head).encode() + b"\n" + body)
