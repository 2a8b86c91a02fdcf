#!/usr/bin/env python3
"""The newcomer's path, as the README tells it: a fresh clone, the README's two set-up commands, then
the README's first session run from a folder outside the clone. CI runs it (.ci/run) after the tests.

It clones this checkout's HEAD (what is committed, nothing else) into a temporary folder, runs the
set-up block (between `<!-- setup:start -->` and `<!-- setup:end -->`) in the clone with bash, then
each command of the first-session block (`<!-- first-session:start -->` ... `end`) from another
temporary folder, with no allyscore configuration from the environment. Every command must exit 0 and
print something (or, given --output, write a non-empty file). It prints each command and how long it took, and exits 1 on the first failure.

Usage: python scripts/newcomer_path.py [--keep]   (--keep: leave the temporary folders)
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def block(text: str, name: str) -> list[str]:
    """The command lines of the fenced block between `<!-- NAME:start -->` and `<!-- NAME:end -->`
    (comments after `#` and blank lines dropped)."""
    found = re.search(rf"<!-- {name}:start -->\s*```\w*\n(.*?)```\s*<!-- {name}:end -->", text, re.S)
    if found is None:
        raise SystemExit(f"README.md has no ```-fenced block between <!-- {name}:start --> and <!-- {name}:end -->")
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in found[1].splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a newcomer: no active virtual environment, no allyscore settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLYSCORE_") and k != "VIRTUAL_ENV"}
    venv = os.environ.get("VIRTUAL_ENV")
    if venv:
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                      if not p.startswith(venv))
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["ALLYSCORE_CACHE_DIR"] = str(home / "cache")
    env.pop("PYTHONPATH", None)
    return env


def run(script: str, cwd: Path, env: dict[str, str], label: str) -> subprocess.CompletedProcess[str]:
    started = time.perf_counter()
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, text=True,
                            capture_output=True)
    print(f"[{time.perf_counter() - started:6.1f} s] {label}: exit {result.returncode}", flush=True)
    return result


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    text = README.read_text(encoding="utf-8")
    setup, session = block(text, "setup"), block(text, "first-session")
    if len(setup) != 2:
        raise SystemExit(f"the README's set-up should be two commands, not {len(setup)}")
    home = Path(tempfile.mkdtemp(prefix="allyscore-newcomer-"))
    clone, outside = home / "allyscore", home / "elsewhere"
    outside.mkdir()
    env = clean_env(home)
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True, text=True,
                              capture_output=True).stdout.strip()
        subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(clone)], check=True)
        subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", head], check=True)
        print(f"fresh clone of {head[:12]} in {clone}", flush=True)
        activate = ". .venv/bin/activate" if any(".venv/bin/activate" in c for c in setup) else None
        done = run("\n".join(setup), clone, env, " && ".join(setup))
        if done.returncode:
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            return 1
        # the session runs in the same shell state as a newcomer's: the set-up's virtual environment active
        prelude = f"cd {shlex.quote(str(clone))} && {activate} && cd {shlex.quote(str(outside))}\n" if activate else ""
        for command in session:
            result = run(prelude + command, outside, env, command)
            written = re.search(r"(?:--output|-o)[ =](\S+)", command)
            produced = (outside / written[1]).stat().st_size > 0 if written and (outside / written[1]).exists() \
                else bool(result.stdout.strip()) and not written
            if result.returncode or not produced:
                sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
                print(f"FAILED: {command}", file=sys.stderr)
                return 1
        print(f"the newcomer's path works: {len(setup)} set-up commands, {len(session)} session commands")
        return 0
    finally:
        if keep:
            print(f"kept {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
