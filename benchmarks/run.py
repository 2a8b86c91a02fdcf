"""Measure allyscore against its performance targets (issue 10) and say whether each is met.

    python benchmarks/run.py [--repeat 15] [--quick]

Times are ratios taken in the same run against a baseline, since absolute times vary between machines:
start-up against `python -c "import typer, rich.table, pydantic, yaml"`, loading against `json.load` of
the same data saved as JSON. Start-up runs --repeat interleaved rounds of fresh processes (the floor, then
each command) and reports the median ratio; each load figure is the median of fresh processes timing
only the load: `json` and `allyscore.dataset` are imported before the clock starts, while the imports
that loading itself triggers (the YAML parsers, pydantic-core) are counted. "Cold" is the first load of content never seen before,
as after an edit: the dataset's cache entry is deleted before each run (so it is parsed, validated,
checked and written to the cache). "Repeated" reads the entry back: an entry signed with the user's
cache key is used as written (no pydantic); nothing executable is cached.
ALLYSCORE_NO_CACHE=1 shows the load with no cache at all.
Memory is the peak resident set of the process (ru_maxrss from wait4). Nothing here is asserted by the
unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PY = sys.executable
FLOOR = "import typer, rich.table, pydantic, yaml"


def allyscore_cmd() -> list[str]:
    exe = Path(PY).parent / "allyscore"
    return [str(exe)] if exe.exists() else [PY, "-m", "allyscore"]


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Wall time (s), peak RSS (KB) and exit code of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode


def median_time(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    run(cmd, env)  # warm the file cache and allyscore's dataset cache
    return statistics.median(run(cmd, env)[0] for _ in range(repeat))


def timed_load(code: str, repeat: int, env: dict[str, str], before: Any = None) -> float:
    """Median of the time a snippet reports for itself, each in a fresh process (`before` runs first)."""
    values = []
    for _ in range(repeat):
        if before is not None:
            before()
        out = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=env, check=True)
        values.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(values)


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool]] = []

    def add(self, target: str, measured: str, goal: str, met: bool) -> None:
        self.rows.append((target, measured, goal, met))
        print(f"{'met ' if met else 'MISS'}  {target:<58} {measured:<28} target {goal}", flush=True)


def startup(rep: Report, repeat: int, env: dict[str, str]) -> None:
    """Interleaved rounds (floor, then each command), so that drift in the machine's speed hits both;
    each figure is the median over rounds of the command's time divided by that round's floor."""
    cli = allyscore_cmd()
    commands = [("rate iran russia (table)", ["rate", "iran", "russia"], 1.15),
                ("rate iran russia --format json", ["rate", "iran", "russia", "-f", "json"], 1.0),
                ("allyscore --help", ["--help"], 1.15),
                ("allyscore --version", ["--version"], 1.15)]
    floor_cmd = [PY, "-c", FLOOR]
    for _, args, _ in commands:
        run(cli + args, env)  # warm the file cache and allyscore's dataset cache
    floors: list[float] = []
    times: dict[str, list[float]] = {label: [] for label, _, _ in commands}
    for _ in range(repeat):
        floor = run(floor_cmd, env)[0]
        floors.append(floor)
        for label, args, _ in commands:
            times[label].append(run(cli + args, env)[0])
    print(f"      floor: {FLOOR!r} median {statistics.median(floors) * 1000:.1f} ms", flush=True)
    for label, _, limit in commands:
        ratio = statistics.median(t / f for t, f in zip(times[label], floors))
        rep.add(f"start-up: {label}", f"{statistics.median(times[label]) * 1000:.1f} ms = {ratio:.2f} x floor",
                f"<= {limit} x", ratio <= limit)
    _, rss, code = run(cli + ["rate", "iran", "russia"], env)
    rep.add("memory: rate iran russia peak RSS", f"{rss / 1024:.1f} MB (exit {code})", "< 80 MB", rss < 80 * 1024)


def loading(rep: Report, repeat: int, env: dict[str, str], work: Path) -> dict[int, Path]:
    files = {}
    for ties in (1000, 10000):
        yml, js = work / f"ties-{ties}.yaml", work / f"ties-{ties}.json"
        for path, fmt in ((yml, "yaml"), (js, "json")):
            subprocess.run([PY, str(HERE / "gen_synthetic.py"), "--ties", str(ties), "--format", fmt,
                            "--output", str(path)], check=True, capture_output=True)
        files[ties] = yml
        base = timed_load(f"import json, time\nt = time.perf_counter()\njson.load(open({str(js)!r}))\n"
                          "print(time.perf_counter() - t)", repeat, env)
        load = ("from allyscore.dataset import load_dataset\nimport time\nt = time.perf_counter()\n"
                f"load_dataset({str(yml)!r})\nprint(time.perf_counter() - t)")
        entries = Path(env["ALLYSCORE_CACHE_DIR"]) / "datasets"
        subprocess.run([PY, "-c", load], env=env, check=True, capture_output=True)  # the file cache warm
        cold = timed_load(load, max(5, repeat // 2), env, before=lambda: shutil.rmtree(entries, ignore_errors=True))
        bare = timed_load(load, max(3, repeat // 3), dict(env, ALLYSCORE_NO_CACHE="1"))
        warm = timed_load(load, repeat, env)
        size = yml.stat().st_size / 1e6
        print(f"      {ties} ties: {size:.1f} MB YAML; json.load {base * 1000:.1f} ms", flush=True)
        rep.add(f"load {ties} ties, cold: new content, writes its cache entry",
                f"{cold * 1000:.0f} ms = {cold / base:.2f} x json.load",
                "<= 3 x" if ties == 10000 else "(info)", cold / base <= 3 or ties != 10000)
        rep.add(f"load {ties} ties, ALLYSCORE_NO_CACHE=1 (nothing read or written)",
                f"{bare * 1000:.0f} ms = {bare / base:.2f} x json.load", "(info)", True)
        rep.add(f"load {ties} ties, repeated (cache)", f"{warm * 1000:.0f} ms = {warm / base:.2f} x json.load",
                "<= 1.5 x" if ties == 10000 else "(info)", warm / base <= 1.5 or ties != 10000)
    return files


def scoring(rep: Report, repeat: int, env: dict[str, str], files: dict[int, Path]) -> None:
    code = f"""
import sys, time
sys.path.insert(0, {str(HERE)!r})
from gen_synthetic import generate
from allyscore.dataset import LoadedDataset
from allyscore.model import Dataset
from allyscore.rubric import resolve_rubric
from allyscore.batch import score_all
raw = generate(100000, observations=4)
data = LoadedDataset(model=Dataset.model_validate(raw), path="synthetic", digest="-")
rubric = resolve_rubric(None, catalog=set(data.dimensions))
score_all(data, rubric, ties=data.model.ties[:100])
best = 1e9
for _ in range(3):
    t = time.perf_counter(); score_all(data, rubric); best = min(best, time.perf_counter() - t)
print(len(data.model.ties) * len(rubric.model.dimensions) / best)
"""
    rate = timed_load(code, 1, env)
    rep.add("scoring 100,000 ties (batch engine, end to end)", f"{rate / 1e6:.2f} M dimension evaluations/s",
            ">= 1 M/s", rate >= 1e6)
    cli = allyscore_cmd()
    out = Path(tempfile.mkdtemp()) / "r.jsonl"
    cmd = cli + ["report", "--data", str(files[10000]), "--format", "jsonl", "--output", str(out)]
    run(cmd, env)  # fill the cache
    t, rss, code_ = run(cmd, env)
    rep.add("report --format jsonl, 10,000 ties, end to end", f"{t:.2f} s (exit {code_})", "a few seconds (<= 5 s)",
            t <= 5 and code_ == 0)
    rep.add("memory: that report's peak RSS", f"{rss / 1024:.0f} MB", "< 500 MB", rss < 500 * 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="fresh processes per start-up or load figure")
    parser.add_argument("--only", choices=["startup", "loading", "scoring"], action="append")
    args = parser.parse_args()
    print(f"allyscore benchmarks on {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{args.repeat} repetitions per figure (medians)", flush=True)
    work = Path(tempfile.mkdtemp(prefix="allyscore-bench-"))
    env = dict(os.environ, ALLYSCORE_CACHE_DIR=str(work / "cache"), COLUMNS="100")
    rep = Report()
    only = set(args.only or ["startup", "loading", "scoring"])
    try:
        if "startup" in only:
            startup(rep, args.repeat, env)
        files = loading(rep, args.repeat, env, work) if {"loading", "scoring"} & only else {}
        if "scoring" in only:
            scoring(rep, args.repeat, env, files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    missed = [r for r in rep.rows if not r[3]]
    print(f"{len(rep.rows) - len(missed)} of {len(rep.rows)} targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
