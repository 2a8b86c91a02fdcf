"""The README's sample output is what the tool prints today (docs that cannot drift)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().splitlines()]


def test_rate_example_matches_the_tool():
    block = README.read_text(encoding="utf-8").split("$ allyscore rate iran russia\n", 1)[1].split("```", 1)[0]
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["COLUMNS"] = "100"
    out = subprocess.run([sys.executable, "-m", "allyscore", "rate", "iran", "russia"], capture_output=True,
                         text=True, env=env, check=True).stdout
    assert _lines(block) == _lines(out), "update the README's `allyscore rate iran russia` example"


def test_ties_table_scores_and_labels_match_the_tool():
    import allyscore

    data = allyscore.load_dataset()
    latest = allyscore.resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    first = allyscore.resolve_rubric("costly-signals@1.1.0", catalog=set(data.dimensions))
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([^|]+?) – ([^|]+?) \| ([\d.]+) \([^)]*\) \| ([^|]+?) \| [\d.]+ \| ([\d.]+) \| ([^|]+?) \|$",
                      text, re.M)
    assert len(rows) == len(data.model.ties)
    for a, b, new_score, new_label, old_score, old_label in rows:
        new, old = allyscore.rate(data, a, b, latest), allyscore.rate(data, a, b, first)
        assert (f"{new.score:.1f}", new.label_title) == (new_score, new_label), (a, b)
        assert (f"{old.score:.1f}", old.label_title) == (old_score, old_label), (a, b)


def test_calibration_figure_is_what_calibrate_prints():
    block = README.read_text(encoding="utf-8").split("$ allyscore calibrate\n", 1)[1].split("```", 1)[0]
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["COLUMNS"] = "200"
    out = subprocess.run([sys.executable, "-m", "allyscore", "calibrate", "--draws", "0"], capture_output=True,
                         text=True, env=env, check=True).stdout
    assert _lines(block) == _lines(out)[:2], "update the README's `allyscore calibrate` figure"
