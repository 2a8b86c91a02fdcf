"""The safe rich console every terminal renderer draws on, and the colours of the labels.

rich is imported here, so only the renderers that draw tables import this module.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console

LABEL_STYLES = {"alliance": "bold green", "de_facto_alliance": "green", "hollow_alliance": "bold yellow",
                "strategic_partnership": "cyan", "axis_of_convenience": "bold yellow", "arms_length": "bold red",
                "insufficient_evidence": "dim"}


class SafeConsole(Console):
    """A console that never passes control characters from data to the terminal, and parses no markup.

    Every piece of text is shown through allyscore.sanitize.terminal just before it is styled, so an
    ESC, a C1 control or a bidi override in a name or claim appears as `\\x1b`, `\\u202e`...; rich's own
    control sequences (colours, cursor moves) are not text and pass as they are.
    """

    def _render_buffer(self, buffer: Any) -> str:
        from rich.segment import Segment

        from ..sanitize import terminal

        return super()._render_buffer(
            seg if seg.control else Segment(terminal(seg.text), seg.style, seg.control) for seg in buffer)


    def on_broken_pipe(self) -> None:
        """Let the command report a closed stdout as it reports a full one (rich would exit 1 silently)."""
        import errno

        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


UNWRAPPED = 10_000  # columns of output to a pipe or file: lines are never wrapped (URLs stay whole)


def console(stderr: bool = False, **options: Any) -> Console:
    """A safe console whose colour follows the terminal: none when piped, none under NO_COLOR.

    On a terminal, lines fit its width; to a pipe or a file they are not wrapped at all, unless COLUMNS
    asks for a width."""
    settings: dict[str, Any] = dict(stderr=stderr, highlight=False, soft_wrap=False,
                                    emoji=False,  # data may hold ":x:"
                                    markup=False,  # nor "[link=...]"
                                    no_color=bool(os.environ.get("NO_COLOR")) or None,
                                    width=output_width(sys.stderr if stderr else sys.stdout))
    return SafeConsole(**{**settings, **options})


def output_width(stream: Any) -> int | None:
    """None (the terminal's own width, or COLUMNS) on a terminal or when COLUMNS is set; else UNWRAPPED."""
    isatty = getattr(stream, "isatty", None)
    if (isatty and isatty()) or os.environ.get("COLUMNS", "").strip().isdigit() or os.environ.get("FORCE_COLOR"):
        return None
    return UNWRAPPED
