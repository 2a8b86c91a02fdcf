"""Benchmark: import the full ATOP v5.1 file, report on every dyad, and compare with a plain pandas script.

Usage (from the repository, with `pip install -e '.[bench]'` for the pandas comparison):

    python benchmarks/bench_atop.py [--atop ../shared/data/atop/atop5_1_directed_dyad_year.csv] [--repeat 3]

Each step runs as its own process (so start-up and imports count, as they do for a user), `--repeat`
times; wall time is measured around the process and peak memory is the child's maximum resident set
size (resource.getrusage(RUSAGE_CHILDREN), read in a fresh wrapper process per run). The runs are
interleaved: each round runs every step once, in the order below, so that a shared machine's changing
load falls on all steps alike (after one untimed run of each step, which also writes the dataset and
fills the cache); the import/pandas line compares the two runs of each round. Steps:

- import:          `allyscore import atop FILE --output atop.yaml` (the full file, all years)
- report-cold:     `allyscore report --data atop.yaml --rubric formal-commitment --format jsonl`, cache off
                   (ALLYSCORE_NO_CACHE=1): parses and validates the YAML, then scores every tie
- report-warm:     the same with a warm validated-dataset cache (the usual case after the first run)
- pandas:          a plain pandas script that reads the same CSV, maps obligations to levels, folds
                   consecutive years into periods per directed dyad and computes each dyad's
                   formal-commitment level in the last year (the weaker direction), as a notebook would

The pandas levels for the last year are checked against the report's, so both compute the same thing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ATOP = REPO.parent / "shared" / "data" / "atop" / "atop5_1_directed_dyad_year.csv"

PANDAS_SCRIPT = r'''
import sys, json
import pandas as pd
df = pd.read_csv(sys.argv[1])
level = pd.Series(0, index=df.index)
for col, lvl in (("atop_nonagg", 1), ("atop_neutral", 2), ("atop_consul", 2), ("atop_offense", 3), ("atop_defense", 4)):
    level = level.where(~((df[col] == 1) & (level < lvl)), lvl)
df["level"] = level
df["code"] = df.atop_defense * 16 + df.atop_offense * 8 + df.atop_neutral * 4 + df.atop_nonagg * 2 + df.atop_consul
df = df.sort_values(["ccode1", "ccode2", "year"])
new = (df.ccode1.ne(df.ccode1.shift()) | df.ccode2.ne(df.ccode2.shift())
       | df.year.ne(df.year.shift() + 1) | df.code.ne(df.code.shift()))
df["period"] = new.cumsum()
periods = df.groupby("period").agg(ccode1=("ccode1", "first"), ccode2=("ccode2", "first"),
                                   since=("year", "min"), until=("year", "max"), lvl=("level", "first"))
last = df[df.year == df.year.max()]
und = last.assign(a=last[["ccode1", "ccode2"]].min(axis=1), b=last[["ccode1", "ccode2"]].max(axis=1))
dyad = und.groupby(["a", "b"])["level"].min()
json.dump({"periods": int(len(periods)), "dyads_last_year": int(len(dyad)),
           "levels": {f"{a}-{b}": int(v) for (a, b), v in dyad.items()}}, sys.stdout)
'''


def child(cmd: list[str], env: dict[str, str], stdout: str | None) -> dict[str, float]:
    """Run `cmd` in a fresh wrapper process; return its wall time and peak RSS (MiB)."""
    wrapper = ("import json, resource, subprocess, sys, time\n"
               "cmd, out = json.loads(sys.argv[1]), sys.argv[2]\n"
               "t = time.perf_counter()\n"
               "with open(out, 'wb') as f:\n"
               "    rc = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE).returncode\n"
               "wall = time.perf_counter() - t\n"
               "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
               "print(json.dumps({'rc': rc, 'wall': wall, 'rss': rss}))\n")
    out = subprocess.run([sys.executable, "-c", wrapper, json.dumps(cmd), stdout or os.devnull],
                         env=env, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"step failed (exit {result['rc']}): {' '.join(cmd)}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--atop", type=Path, default=DEFAULT_ATOP, help="ATOP v5.1 directed dyad-year CSV")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (min and median are shown)")
    args = parser.parse_args()
    if not args.atop.exists():
        raise SystemExit(f"no ATOP file at {args.atop} (see ../shared/data/atop/SOURCES.md)")
    exe = shutil.which("allyscore", path=str(Path(sys.executable).parent)) or "allyscore"
    work = Path(tempfile.mkdtemp(prefix="allyscore-bench-"))
    dataset = work / "atop.yaml"
    env = dict(os.environ, ALLYSCORE_CACHE_DIR=str(work / "cache"))
    cold = dict(env, ALLYSCORE_NO_CACHE="1")
    rows = sum(1 for _ in args.atop.open()) - 1
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"input: {args.atop} ({args.atop.stat().st_size / 1e6:.1f} MB, {rows:,} rows); {args.repeat} runs per step, "
          "interleaved, after one untimed run of each")
    report = [exe, "report", "--data", str(dataset), "--rubric", "formal-commitment", "--format", "jsonl"]
    steps = [("import", [exe, "import", "atop", str(args.atop), "--output", str(dataset)], env, None),
             ("report-cold", report, cold, str(work / "report.jsonl")),
             ("report-warm", report, env, str(work / "report.jsonl"))]
    try:
        import pandas  # noqa: F401

        steps.append(("pandas", [sys.executable, "-c", PANDAS_SCRIPT, str(args.atop)], env, str(work / "pandas.json")))
    except ImportError:
        print("pandas: not installed (pip install -e '.[bench]'); comparison skipped")
    for name, cmd, step_env, out in steps:  # one untimed run of each: writes the dataset, fills the cache
        child(cmd, step_env, out)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, *_ in steps}
    for _ in range(args.repeat):
        for name, cmd, step_env, out in steps:
            runs[name].append(child(cmd, step_env, out))
    print(f"{'step':12} {'min s':>7} {'median s':>9} {'peak MiB':>9}")
    for name, step_runs in runs.items():
        walls = [r["wall"] for r in step_runs]
        print(f"{name:12} {min(walls):7.2f} {statistics.median(walls):9.2f} {max(r['rss'] for r in step_runs):9.0f}")
    if runs.get("pandas"):
        ratios = sorted(i["wall"] / p["wall"] for i, p in zip(runs["import"], runs["pandas"]))
        print(f"import/pandas, run for run: median {statistics.median(ratios):.2f} "
              f"(from {ratios[0]:.2f} to {ratios[-1]:.2f}; below 1: the import is faster)")
    print(f"dataset: {dataset.stat().st_size / 1e6:.1f} MB YAML")
    if (work / "pandas.json").exists():
        pandas_out = json.loads((work / "pandas.json").read_text())
        entries = [json.loads(line) for line in (work / "report.jsonl").read_text().splitlines()]
        cow = _cow_codes(dataset)
        ours = {}
        for e in entries:
            dim = e["dimensions"][0]
            if dim["value"] is not None:
                a, b = sorted(cow[c] for c in e["pair"])
                ours[f"{a}-{b}"] = int(dim["value"])
        same = all(ours.get(k) == v for k, v in pandas_out["levels"].items())
        print(f"check: pandas finds {pandas_out['periods']:,} directed periods with an ATOP row and "
              f"{pandas_out['dyads_last_year']:,} dyads in the last year; their levels "
              f"{'match' if same else 'DO NOT match'} the report's")
    shutil.rmtree(work, ignore_errors=True)


def _cow_codes(dataset: Path) -> dict[str, int]:
    out = {}
    for line in dataset.read_text().splitlines():
        if line.startswith('  - {"code": '):
            item = json.loads(line[4:])
            out[item["code"]] = item["cow"]
    return out


if __name__ == "__main__":
    main()
