"""`allyscore schema KIND`: the JSON Schema of a dataset file, a rubric file, or report output."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Any

import typer

from .common import app, handled


class SchemaKind(str, Enum):
    dataset = "dataset"
    rubric = "rubric"
    report = "report"
    rate = "rate"
    reference = "reference"


def schema_for(kind: SchemaKind) -> dict[str, Any]:
    if kind is SchemaKind.dataset:
        from ..model import Dataset

        return Dataset.model_json_schema()
    if kind is SchemaKind.rubric:
        from ..rubric import Rubric

        return _extends(_weight_shorthand(_transform_shorthand(Rubric.model_json_schema())))
    if kind is SchemaKind.reference:
        from ..calibrate import reference_schema

        return reference_schema()
    if kind is SchemaKind.rate:
        from ..report_schema import rate_schema

        return rate_schema()
    from ..report_schema import report_schema

    return report_schema()


def _transform_shorthand(schema: dict[str, Any]) -> dict[str, Any]:
    """A rubric may write `transform: NAME` for `transform: {name: NAME}` (rubric._transform): say so."""
    short = {"type": "string", "description": "A transform's name: short for {name: NAME}."}
    ref = {"$ref": "#/$defs/TransformSpec"}
    for model in (schema, schema.get("$defs", {}).get("DimensionSpec", {})):
        prop = model.get("properties", {}).get("transform")
        if prop is None:
            continue
        options = prop.pop("anyOf") if "anyOf" in prop else [{"$ref": prop.pop("$ref")}] if "$ref" in prop else []
        prop["anyOf"] = [short, *options] if ref in options else options
    return schema


def _weight_shorthand(schema: dict[str, Any]) -> dict[str, Any]:
    """A rubric may write `rhetoric: 2` for `rhetoric: {weight: 2}` (rubric._is_weight): say so."""
    dims = schema.get("properties", {}).get("dimensions", {})
    for pattern, spec in dims.get("patternProperties", {}).items():
        dims["patternProperties"][pattern] = {"anyOf": [
            {"type": "number", "minimum": 0, "description": "A weight: short for {weight: NUMBER}."}, spec]}
    return schema


def _extends(schema: dict[str, Any]) -> dict[str, Any]:
    """A rubric with `extends:` inherits every key it leaves out from its parent, so none is required."""
    required = schema.pop("required", [])
    schema["if"] = {"required": ["extends"]}
    schema["else"] = {"required": required}
    return schema


@app.command()
@handled
def schema(
    kind: SchemaKind = typer.Argument(..., help="dataset, rubric, report (the json/jsonl output of `report`), rate (`rate --format json`) or reference (a calibration reference file)."),
) -> None:
    """Print the JSON Schema of a dataset file, a rubric file, or `allyscore report` output.

    Examples:

      allyscore schema report > report.schema.json

      allyscore schema dataset
    """
    from ..formats.jsonfmt import dumps

    sys.stdout.write(dumps(schema_for(kind)))
