"""A report scored by worker processes: the same output, errors as one line, nothing left running."""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from allyscore import report, workers
from allyscore.dataset import load_dataset
from allyscore.errors import InputFileError, WorkerLost
from allyscore.formats.report_json import write_lines
from allyscore.rubric import resolve_rubric

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
RUBRICS = ["-r", "costly-signals@1.0.0", "-r", "costly-signals@2.0.0", "-r", "formal-commitment"]


def where(start: int, stop: int) -> tuple[int, int, int]:
    return start, stop, os.getpid()


@linux
def test_chunks_come_back_in_order_from_the_workers():
    got = list(workers.ordered(where, 10, 3, jobs=2))
    assert [(a, b) for a, b, _ in got] == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert os.getpid() not in {pid for *_, pid in got}
    assert multiprocessing.active_children() == []


def test_one_job_or_no_fork_works_here(monkeypatch):
    assert {pid for *_, pid in workers.ordered(where, 10, 3, jobs=1)} == {os.getpid()}
    monkeypatch.setattr(workers, "can_fork", lambda: False)  # macOS, Windows
    assert [(a, b, pid) for a, b, pid in workers.ordered(where, 5, 2, jobs=4)] == \
        [(0, 2, os.getpid()), (2, 4, os.getpid()), (4, 5, os.getpid())]
    assert list(workers.ordered(where, 0, 3, jobs=2)) == []


def fail_at_three(start: int, stop: int) -> int:
    if start == 3:
        raise InputFileError("cannot read the tie at byte 12", file="w.json", line=3, hint="run it again")
    return start


@linux
def test_an_error_in_a_worker_reaches_the_caller_whole():
    with pytest.raises(InputFileError) as caught:
        list(workers.ordered(fail_at_three, 10, 3, jobs=2))
    assert caught.value.lines() == ["w.json:3: cannot read the tie at byte 12 (run it again)"]
    again = pickle.loads(pickle.dumps(InputFileError("x", file="f", line=1, column=2, hint="h")))
    assert type(again) is InputFileError and again.lines() == ["f:1:2: x (h)"]


def die_at_three(start: int, stop: int) -> int:
    if start == 3:
        os._exit(9)  # as if killed, or out of memory
    return start


@linux
def test_a_worker_that_dies_is_an_error_not_a_hang():
    with pytest.raises(WorkerLost) as caught:
        list(workers.ordered(die_at_three, 10, 3, jobs=2))
    assert caught.value.exit_code == 70 and "--jobs 1" in caught.value.lines()[0]
    assert multiprocessing.active_children() == []


@linux
def test_the_workers_end_when_the_caller_stops_reading():
    chunks = workers.ordered(where, 1000, 1, jobs=2)
    next(chunks)
    assert len(multiprocessing.active_children()) == 2
    chunks.close()
    assert multiprocessing.active_children() == []


@linux
def test_jsonl_by_two_processes_is_byte_for_byte_the_same(cli, monkeypatch, tmp_path):
    monkeypatch.setattr(report, "PARALLEL_MIN", 0)
    monkeypatch.setattr(report, "CHUNK", 2)
    one = cli("report", "-f", "jsonl", *RUBRICS, "-j", "1")
    two = cli("report", "-f", "jsonl", *RUBRICS, "-j", "2")
    default = cli("report", "-f", "jsonl", *RUBRICS)
    to_file = cli("report", *RUBRICS, "-j", "2", "--output", str(tmp_path / "r.jsonl"))
    assert one.exit_code == two.exit_code == default.exit_code == to_file.exit_code == 0, two.stderr
    assert one.stdout.count("\n") > 2 * 3
    assert two.stdout == one.stdout == default.stdout == (tmp_path / "r.jsonl").read_text()
    unsplit = io.StringIO()  # the writer that takes entries one at a time, as before chunks
    plan = report.plan_report(load_dataset(None), [resolve_rubric(r) for r in RUBRICS[1::2]], None)
    write_lines(plan.header(), plan.entries(), unsplit)
    assert unsplit.getvalue() == one.stdout


@linux
def test_a_report_too_small_to_share_is_scored_here(monkeypatch):
    seen = []
    monkeypatch.setattr(workers, "ordered", lambda work, total, chunk, jobs: seen.append(jobs) or iter(()))
    from allyscore import api
    from allyscore.dataset import load_dataset

    data = load_dataset(None)
    plan = report.plan_report(data, [api.resolve_rubric(None)], None)
    list(plan.rendered(list, jobs=2))
    plan.uncertainty = (100, 1, 0.9)
    monkeypatch.setattr(report, "PARALLEL_MIN", 0)
    list(plan.rendered(list, jobs=2))
    plan.uncertainty = None
    list(plan.rendered(list, jobs=2))
    assert seen == [1, 1, 2]


@linux
def test_an_error_while_scoring_in_a_worker_is_one_line(cli, monkeypatch):
    monkeypatch.setattr(report, "PARALLEL_MIN", 0)
    monkeypatch.setattr(report, "CHUNK", 1)
    real = report.score_tie

    def score(data, tie, rubric, as_of=None):
        if "RUS" in tie.pair and "CHN" in tie.pair:
            raise InputFileError("cannot read the tie at byte 7", file="world.json", hint="run it again")
        return real(data, tie, rubric, as_of)

    monkeypatch.setattr(report, "score_tie", score)
    res = cli("report", "-f", "jsonl", "-j", "2")
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == ["allyscore: world.json: cannot read the tie at byte 7 (run it again)"]


@linux
def test_ctrl_c_stops_the_workers_too(tmp_path):
    from test_interrupt import big_dataset

    data = tmp_path / "many.yaml"
    big_dataset(data, 75)  # 2,775 ties: enough to be shared between workers
    env = {**os.environ, "ALLYSCORE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ALLYSCORE_DEBUG", None)
    child = subprocess.Popen([sys.executable, "-m", "allyscore", "report", "--data", str(data), "-f", "jsonl",
                              "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
                             start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    child.stdout.readline()  # the first chunk is out: the workers are scoring
    workers_of = [p for p in Path("/proc").glob("[0-9]*") if _parent(p) == child.pid]
    assert workers_of, "no worker processes"
    os.killpg(child.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    deadline = time.monotonic() + 10
    while any(p.exists() for p in workers_of) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(p.exists() for p in workers_of)


def _parent(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


@linux
def test_a_worker_ignores_a_signal_meant_for_the_parent(tmp_path):
    # Ctrl-C is the parent's to answer: a worker that gets SIGINT carries on with its chunk
    from test_interrupt import big_dataset

    data = tmp_path / "many.yaml"
    ties = big_dataset(data, 75)
    env = {**os.environ, "ALLYSCORE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ALLYSCORE_DEBUG", None)
    with subprocess.Popen([sys.executable, "-m", "allyscore", "report", "--data", str(data), "-f", "jsonl", "-j", "2"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) as child:
        first = child.stdout.readline()
        procs = [p for p in Path("/proc").glob("[0-9]*") if _parent(p) == child.pid]
        assert procs, "no worker processes"
        for proc in procs:
            os.kill(int(proc.name), signal.SIGINT)
        out = child.stdout.read()  # (communicate would skip what readline has buffered)
        err = child.stderr.read()
        assert child.wait(timeout=60) == 0, err
    assert (first + out).count("\n") == ties


@linux
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_no_worker_outlives_a_killed_parent(tmp_path, sig):
    from test_interrupt import big_dataset

    data = tmp_path / "many.yaml"
    big_dataset(data, 75)
    env = {**os.environ, "ALLYSCORE_CACHE_DIR": str(tmp_path / "cache")}
    with subprocess.Popen([sys.executable, "-m", "allyscore", "report", "--data", str(data), "-f", "jsonl", "-j", "2"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env) as child:
        child.stdout.readline()
        procs = [p for p in Path("/proc").glob("[0-9]*") if _parent(p) == child.pid]
        assert procs, "no worker processes"
        child.send_signal(sig)
        child.wait(timeout=60)
    deadline = time.monotonic() + 10
    while any(map(_running, procs)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [p for p in procs if _running(p)]
    for proc in left:  # leave nothing behind, even when the test fails
        os.kill(int(proc.name), signal.SIGKILL)
    assert not left, "a worker outlived its parent"


def _running(proc: Path) -> bool:
    """Alive, not a zombie waiting to be reaped (an orphan's new parent may never reap it)."""
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False
