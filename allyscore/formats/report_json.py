"""JSON reports: `json` is one document {header, entries}; `jsonl` is one self-contained entry per line.

Both follow `allyscore schema report`. jsonl writes (and flushes) each line as soon as its tie is scored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ..sanitize import json_text
from .common import dumps


def write(header: dict[str, Any], entries: Iterable[dict[str, Any]], out: TextIO) -> None:
    out.write(dumps({"header": header, "entries": list(entries)}))


def write_lines(header: dict[str, Any], entries: Iterable[dict[str, Any]], out: TextIO) -> None:
    for entry in entries:
        out.write(json_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":"))) + "\n")
        out.flush()
