"""Benchmark the Monte Carlo engine: 10,000 draws for every tie of the bundled dataset, and scaling.

Run: python benchmarks/bench_uncertainty.py [--repeat 5]

Prints what it measured, on what data, how many repetitions (the best is reported), and the machine's
cores. Scaling: the bundled ties replicated x1, x10, x100 (same evidence, so the same work per tie),
at 1,000 and 10,000 draws; the time per (draw x tie) should stay flat if the cost is linear.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allyscore import batch, uncertainty  # noqa: E402
from allyscore.dataset import load_dataset  # noqa: E402
from allyscore.rubric import resolve_rubric  # noqa: E402


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def replicated(ev: batch.Evidence, times: int) -> batch.Evidence:
    import numpy as np

    return batch.Evidence(ev.pairs * times, ev.dims, ev.directed, np.tile(ev.levels, (times, 1, 1)),
                          np.tile(ev.confidence, (times, 1, 1)), ev.as_of)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = load_dataset()
    rubric = resolve_rubric(catalog=set(data.dimensions))
    n_ties = len(data.model.ties)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; numpy "
          f"{__import__('numpy').__version__}")
    print(f"data: bundled {data.model.name} {data.model.version}, {n_ties} ties, "
          f"{len(data.model.dimensions)} dimensions; rubric {rubric.ref}; best of {args.repeat} runs")

    uncertainty.simulate(data, None, rubric, draws=100)  # warm up imports and caches
    t = best_of(args.repeat, lambda: uncertainty.simulate(data, None, rubric, draws=10_000))
    print(f"\nsimulate(): 10,000 draws x {n_ties} ties (compile, draw, score, intervals): {t * 1000:.1f} ms "
          f"(target: well under 1 s)")

    ev = batch.compile_evidence(data)
    cr = batch.compile_rubric(rubric, ev)
    print("\nscaling (draw + fold + score + label, per chunk of ties):")
    print(f"{'ties':>6} {'draws':>7} {'draws x ties':>13} {'seconds':>9} {'ns per draw x tie':>18}")
    for times in (1, 10, 100):
        big = replicated(ev, times)
        for draws in (1_000, 10_000):
            per_chunk = max(1, uncertainty._CHUNK // (draws * len(big.dims) * 2))

            def run() -> None:
                for start in range(0, len(big.pairs), per_chunk):
                    uncertainty.run(cr, big, draws, 1, slice(start, min(len(big.pairs), start + per_chunk)))

            reps = args.repeat if times * draws <= 100_000 else max(1, args.repeat // 3)
            secs = best_of(reps, run)
            cells = len(big.pairs) * draws
            print(f"{len(big.pairs):>6} {draws:>7} {cells:>13,} {secs:>9.3f} {secs / cells * 1e9:>18.0f}")


if __name__ == "__main__":
    main()
