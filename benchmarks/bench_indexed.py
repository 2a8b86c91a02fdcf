"""What knowing the world file by its identity buys: load it, read its header and one tie, in-process.

Usage (after `allyscore world build --output WORLD` and one `allyscore rate` over it, so that the
notes are in the cache; regular or editable install):

    python benchmarks/bench_indexed.py WORLD [--rounds 15]

Two ways, interleaved round by round, medians: by identity (allyscore.indexed's "seen" note: the
header and the tie read from the file, nothing hashed), and read and hashed (the file read whole and its
SHA-256 looked up, as on a system where the identity is not trusted).
"""

from __future__ import annotations

import argparse
import statistics
import time

from allyscore import indexed
from allyscore.layers import load_layers


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("world")
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()

    def once() -> float:
        start = time.perf_counter()
        data = load_layers([args.world])
        data.header
        data.ties[("IRN", "RUS")]
        return time.perf_counter() - start

    once()
    runs: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.rounds):
        for posix in (True, False):
            indexed.POSIX = posix
            runs[posix].append(once())
    known = isinstance(load_layers([args.world]), indexed.IndexedDataset)
    print(f"by identity: {statistics.median(runs[True]) * 1000:.1f} ms; read and hashed: "
          f"{statistics.median(runs[False]) * 1000:.1f} ms (medians of {args.rounds} interleaved rounds"
          f"{'' if known else '; the file was not indexed: run allyscore rate over it first'})")


if __name__ == "__main__":
    main()
