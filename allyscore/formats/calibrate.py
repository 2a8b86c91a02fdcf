"""Renderers for `allyscore calibrate`: JSON, and rich tables for the terminal."""

from __future__ import annotations

from typing import Any

from ..calibrate import Calibration, Entry


def _pair(entry: Entry) -> str:
    a, b = entry.pair
    return f"{entry.names[a]}–{entry.names[b]}"


def entry_dict(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "pair": list(entry.pair), "names": dict(entry.names), "as_of": entry.as_of.isoformat(),
        "reference": entry.reference, "split": entry.split, "judged": list(entry.judged),
        "label": entry.label, "agrees": entry.agrees, "score": entry.score, "reasons": list(entry.reasons)}
    if entry.probabilities is not None:
        out["label_probabilities"] = dict(entry.probabilities)
        out["interval"] = list(entry.interval) if entry.interval else None
    return out


def calibration_dict(cal: Calibration) -> dict[str, Any]:
    from ..plain import SCHEMA_VERSION

    rub = cal.rubric
    return {
        "schema_version": SCHEMA_VERSION,
        "rubric": {"name": rub.model.name, "version": rub.model.version, "digest": rub.digest},
        "reference": {"name": cal.reference_name, "file": cal.reference_path},
        "agreement": {"agree": cal.agreeing, "total": len(cal.entries), "share": round(cal.agreement, 6),
                      "within_judgments": cal.within_judgments},
        "classes_without_label": list(cal.foreign),
        "confusion": {"labels": list(cal.labels), "rows": "reference class", "columns": "rubric label",
                      "counts": cal.confusion()},
        "draws": cal.draws, "seed": cal.seed,
        "entries": [entry_dict(e) for e in cal.entries],
    }


def short_names(labels: tuple[str, ...]) -> dict[str, str]:
    """Initials of each label id (de_facto_alliance -> dfa); the id itself where initials clash."""
    initials = {label: "".join(part[0] for part in label.split("_") if part) for label in labels}
    clashing = {v for v in initials.values() if list(initials.values()).count(v) > 1}
    return {label: (label if code in clashing else code) for label, code in initials.items()}


def render_calibration(cal: Calibration) -> None:
    from rich.table import Table
    from rich.text import Text

    from .console import console

    out = console()
    titles = {k: v.title for k, v in cal.rubric.model.labels.items()}
    short = short_names(cal.labels)
    out.print(Text(f"{cal.rubric.ref} against {cal.reference_name}: agreement {cal.agreeing}/{len(cal.entries)} "
                   f"= {cal.agreement:.1%}", style="bold"))
    out.print(Text(f"label given by some cited judgment (experts split): {cal.within_judgments}/{len(cal.entries)}; "
                   "reference classes are the consensus or majority", style="dim"))
    if cal.foreign:
        out.print(Text(f"{cal.rubric.ref} has no label for: {', '.join(cal.foreign)} (entries of those classes "
                       "cannot agree)", style="dim"))
    used = [i for i, label in enumerate(cal.labels)
            if any(e.reference == label or e.label == label for e in cal.entries)]
    counts = cal.confusion()
    t = Table(title="Confusion matrix (rows: reference class; columns: rubric label)", title_justify="left")
    t.add_column("")
    for j in used:
        t.add_column(Text(short[cal.labels[j]]), justify="right")
    for i in used:
        label = cal.labels[i]
        t.add_row(Text(f"{short[label]} {titles.get(label, label)}"),
                  *[Text(str(counts[i][j]), style="bold" if i == j and counts[i][j] else "") for j in used])
    out.print(t)
    if cal.disagreements:
        out.print(Text("Disagreements", style="bold"))
        for e in cal.disagreements:
            ref = titles.get(e.reference, e.reference) + (" (experts split)" if e.split else "")
            out.print(Text(f"  {_pair(e)} as of {e.as_of}: reference {ref}; rubric {titles.get(e.label, e.label)} "
                           f"({e.score:.1f})"))
            for reason in e.reasons:
                out.print(Text(f"    because {reason}", style="dim"))
    t = Table(title="Entries", title_justify="left")
    for col in ("Tie", "As of", "Ref", "Label", "Score"):
        t.add_column(col, justify="right" if col == "Score" else "left")
    with_p = any(e.probabilities is not None for e in cal.entries)
    if with_p:
        t.add_column("Interval", justify="right")
        t.add_column("P(ref)", justify="right")
        t.add_column("P(label)", justify="right")
    for e in cal.entries:
        row = [Text(_pair(e)), Text(str(e.as_of)), Text(short.get(e.reference, e.reference) + ("*" if e.split else "")),
               Text(short[e.label], style="" if e.agrees else "bold red"), Text(f"{e.score:.1f}")]
        if with_p:
            p = e.probabilities or {}
            row += [Text(f"{e.interval[0]:.1f}–{e.interval[1]:.1f}" if e.interval else "-"),
                    Text(f"{p.get(e.reference, 0.0):.2f}"), Text(f"{p.get(e.label, 0.0):.2f}")]
        t.add_row(*row)
    out.print(t)
    note = "* experts split (see the reference file's judgments) · " + \
        ", ".join(f"{short[label]} {titles.get(label, label).lower()}" for label in (cal.labels[i] for i in used))
    if with_p:
        note += f" · probabilities over {cal.draws} draws of the evidence (seed {cal.seed})"
    out.print(Text(note, style="dim"))
