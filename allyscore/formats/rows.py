"""Flat rows for scripts: the same writers (csv, jsonl, markdown) and the same column names for every
command that has rows (history: one per date; bloc: one per pair). A tie's countries are always `a`,
`b`, `a_name`, `b_name`, as in `report`. No rich."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from .common import cell


def _text(value: Any) -> Any:
    """Lists become one '; '-joined cell in csv and markdown (jsonl keeps them as lists)."""
    return "; ".join(str(v) for v in value) if isinstance(value, list) else value


def write_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str, out: TextIO) -> None:
    """Write `rows` (dicts with `columns` as keys) as csv, jsonl or a markdown table."""
    rows = list(rows)
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([cell(_text(r.get(c))) for c in columns])
    elif fmt == "markdown":
        out.write("| " + " | ".join(columns) + " |\n")
        out.write("|" + "|".join(" --- " for _ in columns) + "|\n")
        for r in rows:
            cells = [cell(_text(r.get(c))).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
                     for c in columns]
            out.write("| " + " | ".join(cells) + " |\n")
    else:
        raise ValueError(f"no row format {fmt!r}")


HISTORY_COLUMNS = ["a", "b", "a_name", "b_name", "rubric", "date", "score", "delta", "label", "label_title",
                   "coverage", "asymmetry", "changes"]


def history_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per date of `history --format json`'s document."""
    a, b = doc["pair"]
    rubric = f"{doc['rubric']['name']}@{doc['rubric']['version']}"
    base = {"a": a, "b": b, "a_name": doc["names"][a], "b_name": doc["names"][b], "rubric": rubric}
    return [{**base, **{k: p[k] for k in ("date", "score", "delta", "label", "label_title", "coverage", "asymmetry")},
             "changes": [c["text"] for c in p["changes"]]} for p in doc["points"]]


BLOC_COLUMNS = ["a", "b", "a_name", "b_name", "rubric", "as_of", "data", "score", "label", "label_title",
                "coverage", "asymmetry", "asymmetry_giver", "asymmetry_flagged"]


def bloc_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per pair of `bloc --format json`'s document."""
    names = {c["code"]: c["name"] for c in doc["countries"]}
    rubric = f"{doc['rubric']['name']}@{doc['rubric']['version']}"
    out = []
    for p in doc["pairs"]:
        a, b = p["pair"]
        asym = p.get("asymmetry") or {}
        out.append({"a": a, "b": b, "a_name": names[a], "b_name": names[b], "rubric": rubric, "as_of": doc["as_of"],
                    "data": p["data"], "score": p["score"], "label": p["label"], "label_title": p.get("label_title"),
                    "coverage": p.get("coverage"), "asymmetry": asym.get("index"),
                    "asymmetry_giver": asym.get("giver"), "asymmetry_flagged": asym.get("flagged")})
    return out


SENSITIVITY_COLUMNS = ["a", "b", "a_name", "b_name", "rubric", "as_of", "dimension", "dimension_name", "status",
                       "weight", "weight_flips_at", "weight_flips_to", "level", "level_flips_at", "level_flips_to",
                       "variance_share"]


def sensitivity_rows(doc: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """One row per dimension of `sensitivity --format json`'s document (`names`: dimension id -> title).
    A flip's `*_flips_at` is the value at which the label changes and `*_flips_to` the label it becomes;
    both empty when no value in range flips it."""
    a, b = doc["pair"]
    base = {"a": a, "b": b, "a_name": doc["names"][a], "b_name": doc["names"][b],
            "rubric": f"{doc['rubric']['name']}@{doc['rubric']['version']}", "as_of": doc["as_of"]}
    out = []
    for d in doc["one_at_a_time"]:
        weight, level = d.get("weight") or {}, d.get("level") or {}
        out.append({**base, "dimension": d["id"], "dimension_name": names.get(d["id"], d["id"]),
                    "status": d["status"], "weight": weight.get("current"), "weight_flips_at": weight.get("to"),
                    "weight_flips_to": weight.get("label"), "level": level.get("current"),
                    "level_flips_at": level.get("to"), "level_flips_to": level.get("label"),
                    "variance_share": d.get("first_order")})
    return out
