"""Plain-data (JSON-ready) forms of results; no rich, no printing."""

from __future__ import annotations

import json
from typing import Any

from ..dataset import LoadedDataset
from ..engine import TieScore

SCHEMA_VERSION = 1


def dumps(obj: Any) -> str:
    """Deterministic JSON: the same data gives the same bytes (control and bidi characters escaped)."""
    from ..sanitize import json_text

    return json_text(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False)) + "\n"


def rubric_dict(result: TieScore) -> dict[str, Any]:
    r = result.rubric
    out: dict[str, Any] = {"name": r.model.name, "version": r.model.version, "digest": r.digest}
    if r.overrides:
        out["weights_overridden"] = dict(sorted(r.overrides.items()))
    return out


def dataset_dict(data: LoadedDataset | None) -> dict[str, Any] | None:
    """The dataset's name, version and digest; None when a library caller gives no dataset."""
    if data is None:
        return None
    return {"name": data.header.name, "version": data.header.version, "digest": data.digest}


def observation_dict(obs: Any, data: LoadedDataset) -> dict[str, Any]:
    out = {"direction": obs.direction, "level": obs.level, "confidence": obs.confidence,
           "since": obs.since.isoformat(), "until": obs.until.isoformat() if obs.until else None,
           "claim": obs.claim, "sources": [source_dict(data.sources[s]) for s in obs.sources]}
    if obs.notes:
        out["notes"] = obs.notes
    if obs.crisis:
        out["crisis"] = obs.crisis
    layer = data.source_layer(obs) if hasattr(data, "source_layer") else None  # layers: which dataset
    if layer is not None:
        out["dataset"] = layer.header.name
    return out


def source_dict(src: Any) -> dict[str, Any]:
    out = {"id": src.id, "publisher": src.publisher, "title": src.title, "date": src.date}
    if src.note:
        out["note"] = src.note
    if src.url:
        out["url"] = src.url
    return out


def crisis_dict(crisis: Any, result: TieScore, data: LoadedDataset | None = None) -> dict[str, Any]:
    """A crisis that tested the tie; with `data`, each response also gives the level delivered and the gap."""
    if data is not None:
        from ..history import crisis_event
        from .history import event_dict

        return event_dict(crisis_event(data, data.tie(*result.pair), crisis))
    partners = set(result.pair) - {crisis.target}
    return {"id": crisis.id, "name": crisis.name, "target": crisis.target, "attackers": list(crisis.attackers),
            "attacked": list(crisis.attacked), "start": crisis.start.isoformat(),
            "end": crisis.end.isoformat() if crisis.end else None,
            "responses": [{"partner": r.partner, "delivered": r.delivered, "expected": r.expected}
                          for r in crisis.responses if r.partner in partners]}


def tie_score_dict(result: TieScore, data: LoadedDataset | None, evidence: bool = False,
                   uncertainty: Any = None) -> dict[str, Any]:
    """The JSON form of one score (see `allyscore schema report`)."""
    asym = result.indicators.asymmetry
    dims = []
    for d in result.dimensions:
        entry: dict[str, Any] = {
            "id": d.id, "name": d.name, "directed": d.directed, "signal": d.signal,
            "levels": dict(d.flows), "value": d.value, "status": d.status, "weight": d.weight,
            "transformed": None if d.transformed is None else round(d.transformed, 6),
            "contribution": d.contribution, "confidence": d.confidence}
        if evidence:
            entry["evidence"] = [observation_dict(o, data) for o in d.observations]
        dims.append(entry)
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "pair": list(result.pair),
        "names": dict(result.names),
        "score": result.score,
        "label": result.label,
        "label_title": result.label_title,
        "reasons": list(result.reasons),
        "short_of": {"label": result.top_label, "because": list(result.short_of)},
        "rubric": rubric_dict(result),
        "dataset": dataset_dict(data),
        "as_of": result.as_of.isoformat(),
        "dimensions": dims,
        "unscored_dimensions": list(result.unscored),
        "indicators": {
            "asymmetry": {"index": asym.index, "giver": asym.giver, "flagged": asym.flagged,
                          "gives": dict(asym.gives), "compared": list(asym.compared),
                          "summary": asym.describe(result.names)},
            "say_do_gap": result.indicators.say_do_gap,
            "coverage": result.indicators.coverage,
        },
    }
    if uncertainty is not None:  # an allyscore.uncertainty.TieUncertainty (rate --uncertainty)
        u = uncertainty.to_dict()
        out.update(interval=u["interval"], label_probabilities=u["label_probabilities"], simulation=u["simulation"])
    if evidence:
        out["crises"] = [crisis_dict(c, result, data) for c in result.crises]
    return out
