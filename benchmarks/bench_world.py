"""Benchmark the world layer: build, rate over it, report on every pair; compare the build with pandas.

Usage (from the repository, with `pip install -e '.[bench]'`):

    python benchmarks/bench_world.py --atop ATOP_DYAD_CSV --unga UNGA_CSV --sipri SIPRI_CSV [--repeat 3] [--rate-repeat 15]

Every step is its own process (start-up and imports count, as for a user); wall time is taken around
the process and peak memory is its maximum resident set (os.wait4). Runs are interleaved: each round
runs every step of a group once, so a shared machine's changing load falls on all alike; the first
run of each step is untimed (it also fills the caches: "warm" below). Figures are medians.

- build:   `allyscore world build --atop --unga --sipri --output world.json`
- pandas:  benchmarks/world_pandas.py, the plain pandas script for the same joins; its yearly levels
           are compared with the world file's (every observation expanded to its years)
- floor:   `python -c "import typer, rich.table, pydantic, yaml"` (the import floor)
- rate:    `allyscore rate iran russia` on the bundled data alone, and on the bundled data layered over
           the world file (ALLYSCORE_WORLD), and `rate india russia` (a tie only the world layer holds)
- report:  `allyscore report --data world.json -r public-data --format jsonl`, warm: total time, and the
           time to its first line (streaming); with its default jobs (one per CPU) and with `--jobs 1`,
           in interleaved rounds. Peak memory is the main process's (the workers are forked from it).

`--world FILE` skips the build and the pandas comparison and measures rate and report over FILE.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
EXE = str(Path(PY).parent / "allyscore")


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall time (s), peak RSS (MB) and exit code of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def first_line(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """Time to the first line of stdout, and to the end; lines; peak RSS (MB) of the process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    proc.stdout.readline()
    first = time.perf_counter() - start
    lines = 1 + sum(1 for _ in proc.stdout)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd)} failed")
    return first, time.perf_counter() - start, lines, usage.ru_maxrss // 1024


def interleaved(steps: dict[str, tuple[list[str], dict[str, str]]], repeat: int) -> dict[str, list[tuple[float, int]]]:
    for cmd, env in steps.values():
        t, _, code = run(cmd, env)
        if code:
            raise SystemExit(f"{' '.join(cmd)} failed (exit {code})")
    out: dict[str, list[tuple[float, int]]] = {k: [] for k in steps}
    for _ in range(repeat):
        for name, (cmd, env) in steps.items():
            t, rss, _ = run(cmd, env)
            out[name].append((t, rss))
    return out


def yearly(world: Path) -> dict[tuple[str, str, str, str, int], int]:
    doc = json.loads(world.read_text())
    out = {}
    for tie in doc["ties"]:
        a, b = sorted(tie["pair"])
        for o in tie["observations"]:
            for y in range(int(o["since"][:4]), int((o.get("until") or o["since"])[:4]) + 1):
                out[(a, b, o["dimension"], o["direction"], y)] = o["level"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--atop")
    ap.add_argument("--unga")
    ap.add_argument("--sipri")
    ap.add_argument("--world", help="a world file built before: measure rate and report over it only")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rate-repeat", type=int, default=15)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="allyscore-bench-world-"))
    world, levels = tmp / "world.json", tmp / "levels.jsonl"
    env = {**os.environ, "ALLYSCORE_CACHE_DIR": str(tmp / "cache"), "ALLYSCORE_WORLD": "off"}
    print(f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; medians of interleaved rounds")
    if args.world:
        world = Path(args.world).resolve()
        rate_and_report(world, env, args)
        return
    if not (args.atop and args.unga and args.sipri):
        ap.error("--atop, --unga and --sipri are needed to build (or give --world)")

    build = interleaved({
        "build": ([EXE, "world", "build", "--atop", args.atop, "--unga", args.unga, "--sipri", args.sipri,
                   "--output", str(world)], env),
        "pandas": ([PY, str(HERE / "world_pandas.py"), args.atop, args.unga, args.sipri, str(levels)], env),
    }, args.repeat)
    b = statistics.median(t for t, _ in build["build"])
    p = statistics.median(t for t, _ in build["pandas"])
    print(f"world build   {b:6.2f} s  peak {max(r for _, r in build['build']):5d} MB   ({args.repeat} rounds)")
    print(f"pandas script {p:6.2f} s  peak {max(r for _, r in build['pandas']):5d} MB   build/pandas {b / p:.2f}")

    rate_and_report(world, env, args)
    compare_levels(world, levels)


def rate_and_report(world: Path, env: dict[str, str], args: argparse.Namespace) -> None:
    layered = {**env, "ALLYSCORE_WORLD": str(world)}
    rate = interleaved({
        "floor": ([PY, "-c", "import typer, rich.table, pydantic, yaml"], env),
        "rate bundled": ([EXE, "rate", "iran", "russia"], env),
        "rate layered": ([EXE, "rate", "iran", "russia"], layered),
        "rate world tie": ([EXE, "rate", "india", "russia"], layered),
    }, args.rate_repeat)
    floor = statistics.median(t for t, _ in rate["floor"])
    for name, runs in rate.items():
        t = statistics.median(x for x, _ in runs)
        print(f"{name:15s} {t:6.3f} s  {t / floor:4.2f}x floor  peak {max(r for _, r in runs):4d} MB   "
              f"({args.rate_repeat} rounds)")

    cmd = [EXE, "report", "--data", str(world), "-r", "public-data", "--format", "jsonl"]
    variants = {"default jobs": cmd, "--jobs 1": [*cmd, "--jobs", "1"]}
    for variant in variants.values():
        first_line(variant, env)  # warm
    runs: dict[str, list[tuple[float, float, int, int]]] = {name: [] for name in variants}
    for _ in range(args.repeat):
        for name, variant in variants.items():
            runs[name].append(first_line(variant, env))
    for name, got in runs.items():
        print(f"report every pair, {name:12s} (warm): {statistics.median(r[1] for r in got):.2f} s "
              f"(min {min(r[1] for r in got):.2f}, max {max(r[1] for r in got):.2f}), first line after "
              f"{statistics.median(r[0] for r in got):.2f} s, {got[0][2]:,} lines, peak {max(r[3] for r in got)} MB "
              f"({args.repeat} rounds)")


def compare_levels(world: Path, levels: Path) -> None:
    # last: the comparison holds the world file in memory, which a forked child's peak would include
    ours = yearly(world)
    theirs = {}
    with open(levels) as handle:
        for line in handle:
            a, b_, dim, direction, year, level = json.loads(line)
            theirs[(a, b_, dim, direction, year)] = level
    same = sum(1 for k, v in theirs.items() if ours.get(k) == v)
    missing = sum(1 for k in theirs if k not in ours)
    differ = [k for k, v in theirs.items() if k in ours and ours[k] != v]
    by_dim: dict[str, int] = {}
    for k in differ:
        by_dim[k[2]] = by_dim.get(k[2], 0) + 1
    print(f"levels: {len(theirs):,} pandas dyad-years; {same:,} equal, {len(differ):,} differ {by_dim or ''}, "
          f"{missing:,} absent from the world file (world file: {len(ours):,} dyad-years, incl. ATOP's gap years)")
    for k in differ[:3]:
        print(f"  differs: {k}: world {ours[k]}, pandas {theirs[k]}")


if __name__ == "__main__":
    main()
