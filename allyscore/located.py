"""Plain data read from YAML with the line and column of each value: what both YAML parsers give."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 50  # allyscore files nest about 6 deep; deeper input would exhaust the stack

Path_ = tuple[Any, ...]
Positions = dict[Path_, tuple[int, int]]


class Located:
    """Plain data plus the 1-based (line, column) of each value and mapping key, by path."""

    __slots__ = ("data", "values", "keys", "file")

    def __init__(self, data: Any, values: Positions, keys: Positions, file: str) -> None:
        self.data, self.values, self.keys, self.file = data, values, keys, file

    def position(self, path: Path_, prefer_key: bool = False) -> tuple[int | None, int | None]:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            table = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            for positions in table:
                if path in positions:
                    return positions[path]
            if not path:
                return None, None
            path = path[:-1]
