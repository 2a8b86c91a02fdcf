"""Helpers every format shares: deterministic JSON text, CSV cells, and the words for a crisis response.

The renderers import these instead of importing each other; no rich here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - annotations only: CSV and JSON text need no dataset code
    from ..crises import ResponseGap
    from ..dataset import LoadedDataset


def dumps(obj: Any) -> str:
    """Deterministic JSON: the same data gives the same bytes (control and bidi characters escaped)."""
    from ..sanitize import json_text

    return json_text(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False)) + "\n"


def cell(value: Any, raw: bool = False) -> str:
    """One CSV cell: empty for None, `true`/`false`, floats exactly; text made safe for a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        from ..sanitize import csv_cell

        return csv_cell(value, raw)
    return str(value)


def expected_text(expected: str) -> str:
    """The dataset's words for what an ally would have done, as one line that says so."""
    return expected if expected.casefold().startswith("an ally would") else f"An ally would have: {expected}"


def gap_text(resp: ResponseGap, dimension_name: str | None = None) -> str:
    """One line: how far what was delivered fell short of the top of the scale (4: fought alongside)."""
    if resp.gap is None:
        what = f"{dimension_name or resp.dimension} level unknown" if resp.dimension else \
            "no level recorded for this crisis"
        return f"Gap to an ally: unknown ({what})"
    name = (dimension_name or resp.dimension or "").lower()
    short = "none" if resp.gap == 0 else f"{resp.gap} level{'s' if resp.gap != 1 else ''}"
    return f"Gap to an ally: {short} ({name} {resp.level} of {resp.top})"


def response_lines(resp: ResponseGap, data: LoadedDataset) -> list[tuple[str, str]]:
    """The lines (text, style) that show one partner's response to a crisis and its gap."""
    dim = data.dimensions.get(resp.dimension) if resp.dimension else None
    lines = [(f"{data.countries.name(resp.partner)} delivered: {resp.delivered}", "")]
    if resp.expected:
        lines.append((expected_text(resp.expected), "italic"))
    lines.append((gap_text(resp, dim.name if dim else None), "bold" if resp.gap else ""))
    return lines
