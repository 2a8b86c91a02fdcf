"""Write files so that a reader sees the old content or the new, never half of either.

`write_output` is what `--output` uses, and it only ever writes a regular file: a FIFO, a device, a
socket or a folder at the path is refused, and so is a file that is also an input of the same run
(compared by device and inode, so another name or a hard link for it is caught too). A file without
write permission is replaced only with `force`. A symlink is followed: its target is replaced (as
`sort -o` does) and the link stays. The temporary file beside the target is removed when the write
fails or is interrupted: Ctrl-C, SIGTERM or SIGHUP.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import AllyscoreError


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived during a write; the exit code is 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it into place."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _signals_interrupt():
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
        try:
            os.fchmod(fd, _mode_for(target))  # mkstemp makes 0600; a written file gets the usual mode
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise


def output_target(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str] | None] = (),
                  force: bool = False, option: str = "--output") -> Path:
    """The regular file that writing to `path` replaces (a symlink's target), or a clear AllyscoreError."""
    name = str(path)
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise AllyscoreError(f"{option}: no folder {str(Path(name).parent)!r}",
                                 hint="create it first, or write elsewhere") from None
        return target
    except OSError as exc:
        raise AllyscoreError(f"{option}: cannot use {name!r}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise AllyscoreError(f"{option}: {name!r} is a folder", hint="name a file, e.g. report.html")
    if not stat.S_ISREG(info.st_mode):
        raise AllyscoreError(f"{option}: {name!r} is not a regular file (a device, FIFO or socket)",
                             hint=f"{option} writes regular files only; leave it out to write to stdout")
    for source in inputs:
        if source is None or source == "-":
            continue
        try:
            other = os.stat(source)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            raise AllyscoreError(f"{option}: {name!r} is also an input of this run ({source})",
                                 hint="write the output to another file")
    if not force and (not info.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK)):
        raise AllyscoreError(f"{option}: {name!r} is read-only", hint="add --force to replace it")
    return target


def write_output(path: str | os.PathLike[str], data: bytes | str,
                 inputs: Iterable[str | os.PathLike[str] | None] = (), force: bool = False,
                 option: str = "--output") -> None:
    """Write an --output file atomically, after the checks of `output_target`."""
    target = output_target(path, inputs, force, option)
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise AllyscoreError(f"{option}: cannot write {str(path)!r}: {exc.strerror or exc}",
                             hint="nothing was written; check the folder and its permissions") from None


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP raise Terminated (as Ctrl-C raises KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]

    def interrupt(signum: int, frame: object) -> None:
        raise Terminated(signum)

    previous = {s: signal.signal(s, interrupt) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _mode_for(target: Path) -> int:
    """The replaced file's mode, or what a new file gets under the umask (0666 & ~umask)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
