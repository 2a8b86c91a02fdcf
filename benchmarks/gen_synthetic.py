"""Write a synthetic dataset in allyscore's schema: N ties among generated countries.

The catalog comes from the bundled dataset; levels, dates and confidences are drawn from a seeded
generator, so the same arguments give the same file. Used by the benchmarks (loading and scoring at
scale), never as evidence of anything.

    python benchmarks/gen_synthetic.py --ties 10000 --output /tmp/ties-10000.yaml [--format json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402


def catalog() -> list[dict]:
    from allyscore.resources import bundled_dataset

    return yaml.safe_load(bundled_dataset().read_text(encoding="utf-8"))["dimensions"]


def codes(n: int) -> list[str]:
    letters = string.ascii_uppercase
    return ["".join(t) for t in itertools.islice(itertools.product(letters, repeat=3), n)]


def generate(ties: int, observations: int = 2, seed: int = 1) -> dict:
    rng = random.Random(seed)
    dims = catalog()
    n_countries = 2
    while n_countries * (n_countries - 1) // 2 < ties:
        n_countries += 1
    country_codes = codes(n_countries)
    sources = [{"id": f"src-{i}", "publisher": "Synthetic Wire", "title": f"Report {i}",
                "date": f"20{10 + i % 15:02d}-0{1 + i % 9}-1{i % 9}"} for i in range(200)]
    out_ties = []
    for a, b in itertools.islice(itertools.combinations(country_codes, 2), ties):
        obs = []
        for dim in rng.sample(dims, min(observations, len(dims))):
            direction = f"{a}->{b}" if dim["directed"] else "mutual"
            obs.append({"dimension": dim["id"], "direction": direction, "level": rng.randint(0, 4),
                        "confidence": rng.choice(["low", "medium", "high"]),
                        "since": f"20{rng.randint(0, 24):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 8)}",
                        "claim": "A synthetic claim for benchmarking.",
                        "sources": [f"src-{rng.randrange(200)}"]})
        out_ties.append({"pair": [a, b], "observations": obs})
    return {"schema_version": 1, "name": f"synthetic-{ties}", "version": "1", "as_of": "2025-12-31",
            "description": "Synthetic data for benchmarks; not evidence.", "dimensions": dims,
            "countries": [{"code": c, "name": f"Country {c}"} for c in country_codes],
            "sources": sources, "ties": out_ties, "crises": []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=1000)
    parser.add_argument("--observations", type=int, default=2, help="observations per tie")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    data = generate(args.ties, args.observations, args.seed)
    if args.format == "json":
        text = json.dumps(data)
    else:
        text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, width=120)
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"{args.output}: {args.ties} ties, {len(text):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
