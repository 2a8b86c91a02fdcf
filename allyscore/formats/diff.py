"""Renderers for `allyscore diff`: a JSON-ready dict, CSV and Markdown. No rich here (see terminal_diff)."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..diff import Diff, DimensionChange, Side, TieDiff
from .jsonfmt import SCHEMA_VERSION, dataset_dict

FLIP_MARKER = "⚠"


# --- shared wording --------------------------------------------------------------------------------

def rubric_dict(side: Side) -> dict[str, Any]:
    r = side.rubric
    out: dict[str, Any] = {"name": r.model.name, "version": r.model.version, "digest": r.digest}
    if r.overrides:
        out["weights_overridden"] = dict(sorted(r.overrides.items()))
    return out


def overrides_text(side: Side) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in sorted(side.rubric.overrides.items()))


def side_title(side: Side, with_date: bool) -> str:
    text = side.rubric.ref
    if side.rubric.overrides:
        text += " (weights overridden: " + overrides_text(side) + ")"
    if with_date:
        text += f" as of {side.as_of.isoformat()}"
    return text


def title(result: Diff) -> str:
    """`OLD → NEW`; the dates join in when they differ, the rubric once when only dates differ."""
    old, new = result.old, result.new
    dated = old.as_of != new.as_of
    if dated and old.rubric.digest == new.rubric.digest:
        return f"{side_title(old, False)}: as of {old.as_of.isoformat()} → as of {new.as_of.isoformat()}"
    return f"{side_title(old, dated)} → {side_title(new, dated)}"


def pair_title(tie: TieDiff) -> str:
    a, b = tie.pair
    return f"{tie.names[a]} – {tie.names[b]}"


def signed(value: float, places: int = 1) -> str:
    text = f"{value:+.{places}f}"
    return "±0" if float(text) == 0 else text.replace("-", "−")


def moved_by(tie: TieDiff, limit: int = 3, sep: str = ", ") -> str:
    """The dimensions that moved the score most, e.g. `Crisis support −2.7, Rhetoric +0.4`."""
    shown = [c for c in tie.attribution if abs(c.delta) >= 0.05]
    parts = [f"{c.name} {signed(c.delta)}" + _tag(c) for c in shown[:limit]]
    if len(shown) > limit:
        parts.append(f"{len(shown) - limit} more")
    return sep.join(parts)


def _tag(change: DimensionChange) -> str:
    return f" ({change.status})" if change.status in ("added", "removed") else ""


def summary(result: Diff) -> str:
    n = len(result.ties)
    flips = len(result.label_changes)
    return (f"{len(result.score_changes)} of {n} tie{'s' if n != 1 else ''} changed score; "
            f"{flips} label{'s' if flips != 1 else ''} changed")


def dimension_note(result: Diff) -> str | None:
    names = {d.id: d.name for d in result.dataset.model.dimensions}
    parts = []
    if result.added:
        parts.append("added in new: " + ", ".join(names.get(d, d) for d in result.added))
    if result.removed:
        parts.append("removed in new: " + ", ".join(names.get(d, d) for d in result.removed))
    return "Dimensions " + "; ".join(parts) if parts else None


def data_line(result: Diff) -> str:
    data = result.dataset.model
    line = f"Data {data.name} {data.version}"
    if result.old.as_of == result.new.as_of:
        line += f" · as of {result.old.as_of.isoformat()}"
    return line + f" · ranks among {result.ranked} ties"


# --- JSON ----------------------------------------------------------------------------------------

def _side_dict(side: Side) -> dict[str, Any]:
    return {"rubric": rubric_dict(side), "as_of": side.as_of.isoformat()}


def _change_dict(c: DimensionChange) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "status": c.status, "delta": c.delta,
            "old": {"weight": c.old_weight, "value": c.old_value, "contribution": c.old_contribution},
            "new": {"weight": c.new_weight, "value": c.new_value, "contribution": c.new_contribution}}


def _tie_dict(t: TieDiff) -> dict[str, Any]:
    def side(score: Any, rank: int) -> dict[str, Any]:
        return {"score": score.score, "label": score.label, "label_title": score.label_title, "rank": rank,
                "reasons": list(score.reasons)}

    return {"pair": list(t.pair), "names": dict(t.names), "delta": t.delta, "label_changed": t.label_changed,
            "rank_change": t.rank_change, "old": side(t.old, t.old_rank), "new": side(t.new, t.new_rank),
            "attribution": [_change_dict(c) for c in t.attribution]}


def diff_dict(result: Diff) -> dict[str, Any]:
    """The JSON form of a diff. `rank_change` > 0: the tie climbed; attribution deltas sum to `delta`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "diff",
        "old": _side_dict(result.old),
        "new": _side_dict(result.new),
        "dataset": dataset_dict(result.dataset),
        "dimensions": {"added": list(result.added), "removed": list(result.removed)},
        "summary": {"ties": len(result.ties), "ranked_among": result.ranked,
                    "score_changes": len(result.score_changes), "label_changes": len(result.label_changes)},
        "ties": [_tie_dict(t) for t in result.ties],
    }


# --- CSV -----------------------------------------------------------------------------------------

def _num(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{round(value, 6) + 0.0:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def csv_dimensions(result: Diff) -> list[str]:
    """The dimensions that have a `delta_<id>` column: those either rubric scores, in catalog order."""
    present = {c.id for t in result.ties for c in t.attribution} | set(result.added) | set(result.removed)
    return [d.id for d in result.dataset.model.dimensions if d.id in present]


def diff_csv(result: Diff, raw: bool = False) -> str:
    """One row per tie; every row names both rubrics (name, version, digest) and dates.

    Names that a spreadsheet would run as a formula get a leading `'` unless `raw` (`--csv-raw`)."""
    from ..sanitize import csv_cell

    dims = csv_dimensions(result)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["a", "b", "a_name", "b_name", "old_score", "new_score", "delta", "old_label", "new_label",
                     "label_changed", "old_rank", "new_rank", "rank_change",
                     "old_rubric", "old_version", "old_digest", "old_as_of", "old_weights_overridden",
                     "new_rubric", "new_version", "new_digest", "new_as_of", "new_weights_overridden",
                     *(f"delta_{d}" for d in dims)])
    sides = []
    for side in (result.old, result.new):
        r = side.rubric
        sides += [r.model.name, r.model.version, r.digest, side.as_of.isoformat(),
                  ";".join(f"{k}={v:g}" for k, v in sorted(r.overrides.items()))]
    for t in result.ties:
        a, b = t.pair
        deltas = {c.id: c.delta for c in t.attribution}
        writer.writerow([a, b, csv_cell(t.names[a], raw), csv_cell(t.names[b], raw), _num(t.old.score), _num(t.new.score), _num(t.delta),
                         t.old.label, t.new.label, "true" if t.label_changed else "false",
                         t.old_rank, t.new_rank, t.rank_change, *sides,
                         *(_num(deltas.get(d, 0.0)) for d in dims)])
    return buf.getvalue()


# --- Markdown ------------------------------------------------------------------------------------

def _cell(text: str) -> str:
    from ..sanitize import markdown_cell

    return markdown_cell(text)


def label_change_text(t: TieDiff) -> str:
    if t.label_changed:
        return f"{t.old.label_title} → {t.new.label_title}"
    return t.new.label_title


def rank_text(t: TieDiff, compact: bool = False) -> str:
    """`4 → 5 (↓1)`; compact: `4→5`."""
    if t.rank_change == 0:
        return str(t.new_rank)
    if compact:
        return f"{t.old_rank}→{t.new_rank}"
    arrow = "↑" if t.rank_change > 0 else "↓"
    return f"{t.old_rank} → {t.new_rank} ({arrow}{abs(t.rank_change)})"


def diff_markdown(result: Diff) -> str:
    lines = [f"## Diff: {_cell(title(result))}", "", _cell(data_line(result))]
    note = dimension_note(result)
    if note:
        lines += ["", _cell(note)]
    lines += ["", "| Tie | Old | New | Δ | Label | Rank | Moved by |",
              "| --- | ---: | ---: | ---: | --- | --- | --- |"]
    for t in result.ties:
        tie, label = _cell(pair_title(t)), _cell(label_change_text(t))
        if t.label_changed:
            tie, label = f"**{FLIP_MARKER} {tie}**", f"**{label}**"
        lines.append(f"| {tie} | {t.old.score:.1f} | {t.new.score:.1f} | {signed(t.delta)} | {label} | "
                     f"{rank_text(t)} | {_cell(moved_by(t))} |")
    lines += ["", summary(result) + (f" ({FLIP_MARKER} marks a label change)." if result.label_changes else ".")]
    return "\n".join(lines) + "\n"
