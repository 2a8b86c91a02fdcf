"""Error types that carry a position and a hint, and the exit codes the CLI maps them to."""

from __future__ import annotations

from .records import Frozen, frozen

EXIT_OK = 0
EXIT_FINDINGS = 1  # e.g. `diff --exit-code` found a label change, `data audit --strict` found something
EXIT_INPUT = 2  # bad input or usage: a file, a name, an option
EXIT_INTERNAL = 70  # a bug, or a worker process lost
EXIT_INTERRUPTED = 130  # Ctrl-C


@frozen
class Problem(Frozen):
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        prefix = "warning: " if self.severity == "warning" else ""
        text = f"{where}{prefix}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class AllyscoreError(Exception):
    """A user's mistake: printed as one line per problem, never as a traceback."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, hint: str | None = None, file: str | None = None,
                 line: int | None = None, column: int | None = None,
                 problems: list[Problem] | None = None) -> None:
        self.problems = problems or [Problem(message, file, line, column, hint)]
        super().__init__(self.problems[0].format())

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems]


class InputFileError(AllyscoreError):
    """A dataset or rubric file that cannot be read or does not validate."""


class LookupFailed(AllyscoreError):
    """A country, tie or rubric that does not exist."""


class PluginError(AllyscoreError):
    """A plugin that failed to load or failed when used."""


class WorkerLost(AllyscoreError):
    """A worker process (report --jobs) that ended before finishing its part: killed, or out of memory."""

    exit_code = EXIT_INTERNAL
