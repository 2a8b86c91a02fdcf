"""Read input files, turning every way that can fail into one clear error. No parsing here.

Every read is of a regular file (or of stdin where a command offers `-`) and has a size cap by kind:
a FIFO, a device or a folder is refused at once (opened without blocking, so a FIFO never hangs), and
nothing reads more than one byte past its kind's limit, so /dev/zero or an endless pipe cannot exhaust
memory. Limits that a real file may exceed can be raised by environment variable.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from .errors import InputFileError

MIB = 1024 * 1024
# kind -> (default limit in bytes, the environment variable that raises it, or None)
LIMITS: dict[str, tuple[int, str | None]] = {
    "dataset": (64 * MIB, "ALLYSCORE_MAX_DATA_BYTES"),
    "rubric": (1 * MIB, None),  # rubrics are a few KB; a careful YAML parse of 1 MB takes seconds
    "pairs": (16 * MIB, "ALLYSCORE_MAX_DATA_BYTES"),
    "csv": (128 * MIB, "ALLYSCORE_MAX_CSV_BYTES"),  # ATOP's dyad-year file is 6 MB; memory grows about 6x
    "config": (1 * MIB, None),  # allyscore.toml, config.toml, pyproject.toml: a few hundred bytes
}
MAX_FILE_BYTES = LIMITS["dataset"][0]


def limit(kind: str) -> int:
    """The size cap for a kind of input, raised by its environment variable when that is set."""
    default, variable = LIMITS[kind]
    if variable:
        configured = os.environ.get(variable, "").strip()
        if configured:
            if not configured.isdigit() or int(configured) <= 0:
                raise InputFileError(f"{variable}={configured!r} is not a positive number of bytes",
                                     hint=f"e.g. {variable}={default * 2}")
            return int(configured)
    return default


def _describe(mode: int) -> str | None:
    """What a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def read_text(path: str | os.PathLike[str], kind: str = "dataset") -> str:
    """Read a UTF-8 text file, turning every way it can fail into one clear InputFileError."""
    return decode(read_bytes(path, kind), str(path))


def read_bytes(path: str | os.PathLike[str], kind: str = "dataset") -> bytes:
    """A regular file's bytes, up to its kind's limit; anything else is one clear InputFileError."""
    return read_stable(path, kind)[0]


Identity = tuple[int, int, int, int, int]


def identity(info: os.stat_result) -> Identity:
    """What changes whenever a file's bytes may have: its device and inode, its size, and its modification
    and change times in ns. On POSIX systems the change time is set by the system on every write and
    cannot be set back by a user, so a rewrite that keeps the size and restores the modification time
    still shows (on Windows st_ctime is the creation time: allyscore.indexed does not rely on it there)."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def read_stable(path: str | os.PathLike[str], kind: str = "dataset") -> tuple[bytes, Identity | None]:
    """A regular file's bytes (as read_bytes), and its identity if it did not change while it was read
    (None if it did)."""
    name = str(path)
    cap = limit(kind)
    fd, info = _open(path, kind)
    try:
        if info.st_size > cap:
            raise InputFileError(f"file is {info.st_size:,} bytes; the limit is {cap:,}", file=name,
                                 hint=_raise_hint(kind))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            # the size it has, and one byte more to see it grow (a read buffer is as large as asked for)
            raw = handle.read(info.st_size + 1)
            if len(raw) > info.st_size:  # it grew while read: at most one byte over the limit
                raw += handle.read(cap + 1 - len(raw))
        after = os.fstat(fd)
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}", file=name) from None
    finally:
        os.close(fd)
    if len(raw) > cap:
        raise InputFileError(f"more than {cap:,} bytes (the limit)", file=name, hint=_raise_hint(kind))
    unchanged = identity(after) == identity(info) and len(raw) == info.st_size
    return raw, identity(info) if unchanged else None


def read_range(path: str | os.PathLike[str], start: int, stop: int, expected: Identity,
               kind: str = "dataset") -> bytes:
    """Bytes start..stop of a file that is still the one whose identity is `expected` once they are read
    (a change before or during the read shows then: the change time only grows); else one
    InputFileError saying it changed."""
    name = str(path)
    fd, _ = _open(path, kind)
    try:
        os.lseek(fd, start, os.SEEK_SET)
        chunk = os.read(fd, stop - start)
        info = os.fstat(fd)
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}", file=name) from None
    finally:
        os.close(fd)
    if identity(info) != expected or len(chunk) != stop - start:
        raise InputFileError("changed while it was being read", file=name, hint="run the command again")
    return chunk


def _open(path: str | os.PathLike[str], kind: str) -> tuple[int, os.stat_result]:
    """An open descriptor of a regular file, and its status; anything else is one clear InputFileError."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputFileError("no such file", file=name, hint="check the path") from None
    except IsADirectoryError:
        raise InputFileError("is a directory, not a file", file=name, hint=_file_hint(kind)) from None
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}", file=name) from None
    try:
        info = os.fstat(fd)
        what = _describe(info.st_mode)
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError(what, file=name, hint=_file_hint(kind))
        if what:
            raise InputFileError(what, file=name, hint="name a regular file; save piped data to a file first")
    except OSError as exc:
        os.close(fd)
        raise InputFileError(f"cannot read: {exc.strerror or exc}", file=name) from None
    except InputFileError:
        os.close(fd)
        raise
    return fd, info


def read_stream(stream: BinaryIO, name: str, kind: str) -> bytes:
    """Up to the limit from a stream (stdin), refusing more."""
    cap = limit(kind)
    try:
        raw = stream.read(cap + 1)
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}", file=name) from None
    if len(raw) > cap:
        raise InputFileError(f"more than {cap:,} bytes (the limit)", file=name, hint=_raise_hint(kind))
    return raw


def _file_hint(kind: str) -> str:
    return {"csv": "name a .csv file", "pairs": "name a file of pairs", "config": "name a .toml file"}.get(kind, "name a .yaml file")


def _raise_hint(kind: str) -> str:
    variable = LIMITS[kind][1]
    return f"split the input, or raise the limit with {variable}=BYTES" if variable else "split the input"


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text without a byte-order mark; bytes that are not UTF-8 are an error at their line and column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputFileError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", file=name,
                             line=line, column=column, hint="save the file as UTF-8") from None
    return text[1:] if text.startswith("\ufeff") else text
