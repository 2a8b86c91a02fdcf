"""Hand-made mutants: apply each single-point change in turn, run the tests, report killed or survived.

Each mutant is one that mutation testing (mutmut, issue 19) found surviving before tests/test_boundaries.py
was written; all must be killed. Run from the repository root, in a development install:

    python scripts/mutants.py [TEST ...]      (default: tests/test_boundaries.py tests/test_crisis_records.py)

The file is restored after each run, also when interrupted. Exit code 1 when any mutant survives.
"""
import subprocess
import sys
from pathlib import Path

MUTANTS = [
 ("allyscore/engine.py", "if facts.score < top_band.min:", "if facts.score <= top_band.min:"),
 ("allyscore/engine.py", "abs(index) >= flag", "abs(index) > flag"),
 ("allyscore/engine.py", 'else 2.0), "imputed"', 'else 3.0), "imputed"'),
 ("allyscore/engine.py", "if c.start <= day)", "if c.start < day)"),
 ("allyscore/engine.py", "index = (gives[a] - gives[b]) / total if total else 0.0", "index = (gives[a] - gives[b]) / total if total else 1.0"),
 ("allyscore/rubric.py", "if weight < 0:", "if weight < -1:"),
 ("allyscore/rubric.py", "if band.max <= band.min:", "if band.max < band.min:"),
 ("allyscore/rubric.py", "if band.min > expected:", "if band.min > expected + 1:"),
 ("allyscore/rubric.py", "elif band.min < expected:", "elif band.min < expected - 1:"),
 ("allyscore/rubric.py", "if model.bands and expected < 100:", "if model.bands and expected < 99:"),
 ("allyscore/rubric.py", '("skip", "zero", "midpoint")', '("skip", "zero", "midpoint", "mean")'),
 ("allyscore/rubric.py", "key=lambda e: (e.name, _version_key(e.version))", "key=lambda e: (e.name, e.version)"),
 ("allyscore/rubric.py", 'repr(sorted(catalog) if catalog is not None else None).encode()', 'b""'),
 ("allyscore/rubric.py", 'focal_paths = [("fold",)] if model.fold == "toward_focal" else []', 'focal_paths = []'),
 ("allyscore/dataset.py", "if day is not None and day > ds.as_of:", "if day is not None and day >= ds.as_of:"),
 ("allyscore/dataset.py", "return x.since <= y_end and y.since <= x_end", "return x.since < y_end and y.since < x_end"),
 ("allyscore/batch.py", "key = (a, b) if a <= b else (b, a)\n        return self.pairs.index(key)", "key = (a, b)\n        return self.pairs.index(key)"),
 ("allyscore/batch.py", 'params.get("exponent", 2.0)', 'params.get("exponent", 3.0)'),
 ("allyscore/diff.py", 'or ":" in b:', ':'),
 ("allyscore/diff.py", "                len(data.ties))", "                len(keys))"),
 # costly-signals 2.0.0's crisis records (tests/test_crisis_records.py)
 ("allyscore/engine.py", "    return min(peaks.values(),", "    return max(peaks.values(),"),
 ("allyscore/engine.py", "(obs.level, obs.since) > (peak.level, peak.since)", "(obs.level, obs.since) < (peak.level, peak.since)"),
 ("allyscore/engine.py", "if best is not None and obs.since < best.since:", "if False:"),
 ("allyscore/engine.py", "starts.get(o.crisis, o.since) >= start)", "starts.get(o.crisis, o.since) >= dt.date.min)"),
 ("allyscore/engine.py", "                                                             and o.level < floor - 1e-9)]", "                                                             and o.level <= floor)]"),
]
tests = sys.argv[1:] or ["tests/test_boundaries.py", "tests/test_crisis_records.py"]
killed = 0
for f, old, new in MUTANTS:
    p = Path(f); src = p.read_text()
    if src.count(old) != 1:
        print("NOT FOUND", f, old); continue
    p.write_text(src.replace(old, new))
    try:
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests], capture_output=True, text=True)
    finally:
        p.write_text(src)
    ok = r.returncode != 0
    killed += ok
    print("killed  " if ok else "SURVIVED", f, "|", old[:50], "->", new[:50])
print(f"{killed}/{len(MUTANTS)} killed")
sys.exit(0 if killed == len(MUTANTS) else 1)
