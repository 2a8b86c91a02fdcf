"""One sanitiser for text from data on its way to people: terminals, spreadsheets, markdown.

Data files are untrusted: a name, claim or title may hold escape sequences (clear the screen, fake a
hyperlink), a formula for a spreadsheet, or markup. Each output calls the function for its medium at
the point where data text is emitted; JSON output carries the text exactly, with every character that
could drive a terminal written as a JSON escape (`json_text`).
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode marks that reorder or hide text
# (bidi embeddings, overrides and isolates, zero-width and directional marks, the BOM, line separators)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str, keep_newlines: bool = True) -> str:
    r"""Text safe to print: controls, ESC and bidi overrides shown as escapes (ESC becomes `\x1b`).

    Tab and (unless `keep_newlines` is false) newline stay; letters of every script stay as they are.
    """
    return (_UNSAFE if keep_newlines else _UNSAFE_LINE).sub(_escape, text)


def line(text: str) -> str:
    r"""Text for one line (an error message): newlines and tabs are shown as `\x0a` and `\x09` too."""
    return _UNSAFE_LINE.sub(_escape, text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any, raw: bool = False) -> Any:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading `'` (OWASP's rule), and
    control characters are shown as for a terminal.

    Numbers are left alone (-0.5 stays a number); `raw` writes text exactly (`--csv-raw`).
    """
    if raw or not isinstance(value, str):
        return value
    return ("'" if value.startswith(_FORMULA_START) else "") + terminal(value)


def markdown_cell(value: Any) -> str:
    """Text for a markdown table cell or line: `|` escaped, newlines made spaces, HTML escaped, controls shown."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = re.sub(r"\r\n|\r|\n", " ", text)
    return terminal(text, keep_newlines=False)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def json_text(text: str) -> str:
    r"""JSON (from json.dumps, which escapes C0 controls itself) with DEL, C1 controls and bidi marks as
    `\u` escapes: the same data for a JSON reader, nothing raw for a terminal."""
    if text.isascii() and "\x7f" not in text:  # the common case, checked without a scan by the regex
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
