"""Plain-data (JSON-ready) references to what a result was computed from: the rubric, the dataset, and each
piece of evidence with its sources. The engine and the analyses build their JSON forms from these, so
that every output names its inputs the same way; no formatting, no printing."""

from __future__ import annotations

from typing import Any

from .dataset import LoadedDataset
from .rubric import ResolvedRubric

SCHEMA_VERSION = 1  # of the JSON that rate, history, bloc, diff and calibrate write


def rubric_ref(rubric: ResolvedRubric) -> dict[str, Any]:
    """The rubric's name, version and digest, and the weights a caller overrode."""
    out: dict[str, Any] = {"name": rubric.model.name, "version": rubric.model.version, "digest": rubric.digest}
    if rubric.overrides:
        out["weights_overridden"] = dict(sorted(rubric.overrides.items()))
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
