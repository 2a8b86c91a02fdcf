"""Read YAML into plain data: fast where that is safe, else carefully, with positions.

`parse` is the careful parser (allyscore.yamlcareful, on PyYAML): it records each value's line and
column, refuses duplicate keys, tags and alias bombs, and is what every error message is located with.
`parse_data` gives plain data without positions, through a fast parser when the text is large and can
hold nothing the two parsers could read differently; PyYAML is imported only when the careful parser runs.

What the fast path buys (measured 2026-11-30, one process, machine shared with other jobs): the bundled
592 KB dataset parses in 0.03 s instead of 0.24 s, a 4 MB synthetic one of 10,000 ties in 0.36 s instead
of 7.2 s. Both parsers read the same text alike (tests/test_fast_yaml.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

from .files import MAX_FILE_BYTES, read_text  # noqa: F401 - re-exported

from .located import MAX_DEPTH, Located  # noqa: F401 - re-exported (MAX_DEPTH: tests)


def parse(text: str, file: str) -> Located:
    """Parse one YAML document into plain data with positions; raise InputFileError when it is bad."""
    from .yamlcareful import parse_located

    return parse_located(text, file)


FAST_MIN_BYTES = 32 * 1024  # below this PyYAML is about as fast as importing yaml_rs
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")  # YAML forbids them
_ASCII_ALLOWED = bytes(range(0x20, 0x7F)) + b"\n\r"  # no tab, no control character
_DEEP_BLOCK = re.compile(r"\n[ -]{100}")  # block nesting 100 deep (a line that starts so)
_MAX_FLOW_DEPTH = 8
_BEFORE_PROPERTY = frozenset(" \n\r[{,:-?")  # a tag or anchor can begin a node only after one of these


def _fast_safe(text: str) -> bool:
    """Whether the text can hold no tag, anchor, merge key, tab, forbidden character or deep nesting.

    Each test scans the text at C speed (str.find, bytes.translate, a regex with a literal first
    character); only the lines that hold a flow collection, and each '!' or '&', are looked at one by one.
    """
    if "<<" in text:
        return False
    if text.isascii():  # one pass: delete what may appear, and see whether anything is left
        if text.encode("ascii").translate(None, _ASCII_ALLOWED):
            return False
    elif "\t" in text or _CONTROL.search(text):
        return False
    if _may_hold_node_property(text):
        return False
    if _DEEP_BLOCK.search("\n" + text[:100]) or _DEEP_BLOCK.search(text):
        return False
    return all(_flow_line_safe(line) for line in _lines_with(text, "[{"))


def _may_hold_node_property(text: str) -> bool:
    """Whether a '!' (tag) or '&' (anchor) could begin a node: first on a line, or after a space or an
    indicator. Inside a word, as in a URL's query (?a=1&b=2) or an exclamation, neither can."""
    for char in "!&":
        at = text.find(char)
        while at >= 0:
            if at == 0 or text[at - 1] in _BEFORE_PROPERTY:
                return True
            at = text.find(char, at + 1)
    return False


def _lines_with(text: str, chars: str) -> Iterator[str]:
    """Each line that holds one of `chars` (once per char it holds)."""
    for char in chars:
        at = text.find(char)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            yield text[start:end]
            at = text.find(char, end)


def _flow_line_safe(line: str) -> bool:
    """A flow collection closes on the line it opens on ([a, b]) and nests at most a few deep."""
    last = max(line.rfind("["), line.rfind("{"))
    if line.find("]", last) < 0 and line.find("}", last) < 0:
        return False  # opened and not closed on this line: spans lines
    if line.count("[") + line.count("{") > _MAX_FLOW_DEPTH:
        depth = 0
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth > _MAX_FLOW_DEPTH:
                return False
    return True


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number in YAML")


def parse_data(text: str, file: str) -> Any:
    """Plain data without positions: a fast parser where that is safe, else `parse`.

    Large JSON documents (JSON is YAML) go through the json module, refusing duplicate keys. Large YAML
    goes through yaml_rs, a YAML 1.2 parser in Rust that refuses duplicate keys, but only when its text
    can hold no tag, anchor, merge key, tab, forbidden character or deep nesting (yaml_rs crashes on
    extreme nesting), so that whatever it accepts the careful parser reads the same way
    (tests/test_fast_yaml.py). When a fast parser declines or fails, the careful parser reads the file
    and reports any problem with its position.
    """
    if len(text) >= FAST_MIN_BYTES:
        if text.lstrip().startswith("{"):
            import json

            try:
                data = json.loads(text, object_pairs_hook=_json_pairs, parse_constant=_no_constants)
            except ValueError:
                data = None
            if isinstance(data, dict):
                return data
        elif _fast_safe(text):
            try:
                import yaml_rs
            except ImportError:  # an optional accelerator
                yaml_rs = None
            if yaml_rs is not None:
                try:
                    data = yaml_rs.loads(text, parse_datetime=False)
                except Exception:  # noqa: BLE001 - any refusal: let the careful parser explain it
                    data = None
                if isinstance(data, dict):
                    return data
    return parse(text, file).data


def load(path: str | os.PathLike[str], kind: str = "rubric") -> Located:
    """Read (within the limit for its kind: see allyscore.files) and parse a YAML file."""
    return parse(read_text(path, kind), str(path))
