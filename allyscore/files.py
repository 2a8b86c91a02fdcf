"""Read input files, turning every way that can fail into one clear error. No parsing here."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputFileError

MAX_FILE_BYTES = 64 * 1024 * 1024


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file, turning every way it can fail into one clear InputFileError."""
    return decode(read_bytes(path), str(path))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, up to the size limit; a missing file, a folder or an unreadable file is one clear error."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputFileError("no such file", file=name, hint="check the path")
    if p.is_dir():
        raise InputFileError("is a directory, not a file", file=name, hint="name a .yaml file")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputFileError(
                f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", file=name,
                hint="split the dataset, or import it in parts")
        with p.open("rb") as handle:  # at most one byte over the limit: /dev/zero or a pipe never ends
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise InputFileError(f"more than {MAX_FILE_BYTES:,} bytes (the limit)", file=name,
                                 hint="name a regular file under the limit")
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror or exc}", file=name) from None
    return raw


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
