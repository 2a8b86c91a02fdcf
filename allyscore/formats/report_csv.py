"""CSV report: one row per tie and rubric, flat columns that load as-is in pandas and R.

Numbers are plain decimals, booleans `true`/`false`, unknown values empty cells. A dimension the rubric
does not score has empty cells too. Rows are written (and flushed) as they come, so CSV streams.
Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading `'`
unless `raw` (`--csv-raw`); numbers are never touched.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from .common import cell  # noqa: F401 - re-exported

FIXED_COLUMNS = [
    "pair", "a", "b", "a_name", "b_name", "rubric", "rubric_name", "rubric_version", "rubric_digest",
    "dataset_name", "dataset_version", "dataset_digest", "as_of", "score", "label", "label_title", "reasons",
    "coverage", "asymmetry", "asymmetry_giver", "asymmetry_flagged", "say_do_gap",
    "interval_low", "interval_high", "interval_level", "label_probabilities",
]


def columns(header: dict[str, Any]) -> list[str]:
    """The fixed columns, then `level_<dimension>` and `contribution_<dimension>` for each catalog dimension."""
    out = list(FIXED_COLUMNS)
    for dim in header["dimensions"]:
        out += [f"level_{dim['id']}", f"contribution_{dim['id']}"]
    return out


def row(header: dict[str, Any], entry: dict[str, Any], raw: bool = False) -> list[str]:
    a, b = entry["pair"]
    rub, data, ind = entry["rubric"], entry["dataset"], entry["indicators"]
    values: dict[str, Any] = {
        "pair": f"{a}:{b}", "a": a, "b": b, "a_name": entry["names"][a], "b_name": entry["names"][b],
        "rubric": rub["ref"], "rubric_name": rub["name"], "rubric_version": rub["version"],
        "rubric_digest": rub["digest"], "dataset_name": data["name"], "dataset_version": data["version"],
        "dataset_digest": data["digest"], "as_of": entry["as_of"], "score": entry["score"],
        "label": entry["label"], "label_title": entry["label_title"], "reasons": "; ".join(entry["reasons"]),
        "coverage": ind["coverage"], "asymmetry": ind["asymmetry"]["index"],
        "asymmetry_giver": ind["asymmetry"]["giver"], "asymmetry_flagged": ind["asymmetry"]["flagged"],
        "say_do_gap": ind["say_do_gap"],
    }
    if entry.get("interval"):  # report --uncertainty
        values.update(interval_low=entry["interval"]["low"], interval_high=entry["interval"]["high"],
                      interval_level=entry["interval"]["level"],
                      label_probabilities="; ".join(f"{k}={v:g}" for k, v in entry["label_probabilities"].items()))
    for dim in entry["dimensions"]:
        values[f"level_{dim['id']}"] = dim["value"] if dim["status"] != "unknown" else None
        values[f"contribution_{dim['id']}"] = dim["contribution"]
    return [cell(values.get(col), raw) for col in columns(header)]


def write(header: dict[str, Any], entries: Iterable[dict[str, Any]], out: TextIO, raw: bool = False) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([cell(c, raw) for c in columns(header)])
    for entry in entries:
        writer.writerow(row(header, entry, raw))
        out.flush()
