#!/usr/bin/env python3
"""Write schemas/KIND.schema.json from the same functions `allyscore schema KIND` prints.

The shipped YAML files name these files on their first line (`# yaml-language-server: $schema=...`),
so editors underline a typo as it is typed. tests/test_schemas.py fails when a file is out of date.

Usage: python scripts/gen_schemas.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"


def kinds() -> list[str]:
    """Every kind that `allyscore schema` knows (dataset, rubric, report, ...): one file each."""
    from allyscore.cli.schema import SchemaKind

    return [kind.value for kind in SchemaKind]


def schema_text(kind: str) -> str:
    """Exactly what `allyscore schema KIND` writes to stdout."""
    from allyscore.cli.schema import SchemaKind, schema_for
    from allyscore.formats.jsonfmt import dumps

    return dumps(schema_for(SchemaKind(kind)))


def expected() -> dict[Path, str]:
    return {SCHEMAS / f"{kind}.schema.json": schema_text(kind) for kind in kinds()}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    check = "--check" in argv
    stale = []
    for path, text in expected().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            from allyscore.atomic import write_atomic

            path.parent.mkdir(exist_ok=True)
            write_atomic(path, text)
            path.chmod(0o644)  # a file in the repository, readable by all like its neighbours
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        if path.name.removesuffix(".schema.json") not in kinds():
            print(f"not a kind of `allyscore schema`: {path.relative_to(ROOT)} (remove it)", file=sys.stderr)
            stale.append(path)
    for path in stale:
        print(f"{'out of date' if check else 'wrote'}: {path.relative_to(ROOT)}", file=sys.stderr)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
