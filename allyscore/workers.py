"""Work split into chunks and done by worker processes, the results given back in order.

A report over the world layer scores 19,564 ties, each on its own: with two cores it takes about half
the time in two processes (see docs/importing.md, "Speed"). The workers are forked, so they start with
everything the parent has loaded (the dataset's bytes, the rubrics, the engine's memos) and receive
only each chunk's bounds; each sends back what `work` made of its chunk (a report sends text, which
is cheap to pass between processes, not the entries, which are not).

Forking is safe only where nothing else runs in the process: the workers are forked when `ordered` is
called, before the caller starts a thread (a progress bar's). Only on Linux: macOS and Windows start
processes afresh, which would load everything again; there the work is done in this process, as it is
for one job. A worker ignores Ctrl-C and takes SIGTERM's default, so that the parent alone answers a
signal: it cancels what has not started, lets each worker finish its chunk and waits for them, so that
nothing is left running; a parent killed outright takes its workers with it (`_end_with`). An error raised by `work` reaches the caller as if raised here (allyscore's
errors keep their problems through pickling); a worker that dies (killed, out of memory) is a
WorkerLost error, never a hang: hence concurrent.futures rather than multiprocessing.Pool, whose
imap waits for ever for a dead worker's chunk.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from concurrent.futures import Executor, Future

T = TypeVar("T")

_work: Callable[[int, int], object] | None = None  # set in the parent before forking; workers inherit it


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith("linux")


def ordered(work: Callable[[int, int], T], total: int, chunk: int, jobs: int) -> Iterator[T]:
    """`work(start, stop)` for each chunk of range(total), in order; by `jobs` forked processes when
    jobs > 1 and this platform forks, else here, one chunk at a time as the caller asks."""
    bounds = [(start, min(start + chunk, total)) for start in range(0, total, chunk)]
    jobs = min(jobs, len(bounds))
    if jobs <= 1 or not can_fork():
        return (work(start, stop) for start, stop in bounds)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _work
    _work = work
    for stream in (sys.stdout, sys.stderr):  # a buffer copied into the workers must hold nothing to write twice
        stream.flush()
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_quiet,
                               initargs=(os.getpid(),))
    futures = [pool.submit(_run, b) for b in bounds]  # the first submit forks every worker, before any thread
    return _drain(pool, futures)


def _drain(pool: Executor, futures: list[Future[Any]]) -> Iterator[Any]:
    global _work
    from concurrent.futures.process import BrokenProcessPool

    from .errors import WorkerLost

    try:
        for future in futures:
            try:
                yield future.result()
            except BrokenProcessPool:
                raise WorkerLost("a worker process ended before finishing its part (killed, or out of memory?)",
                                 hint="run again; --jobs 1 does the work in one process") from None
    finally:  # however the caller stops: nothing new starts, and no worker outlives the run
        pool.shutdown(wait=True, cancel_futures=True)
        _work = None


def _quiet(parent: int) -> None:
    """In a worker: the parent answers Ctrl-C for the whole run, and the worker ends with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    _end_with(parent)


def _end_with(parent: int) -> None:
    """SIGTERM for this process when its parent ends, however it ends (SIGTERM, SIGKILL): Linux's
    PR_SET_PDEATHSIG. Without it, a worker waits for ever on a queue that its own copy of the parent's
    pipe keeps open (seen: `kill` of a report left both workers running)."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the call
        os._exit(1)


def _run(bounds: tuple[int, int]) -> object:
    assert _work is not None, "set before the workers were forked"
    return _work(*bounds)
