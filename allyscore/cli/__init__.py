"""The `allyscore` command line: parse arguments, call the library, hand results to a renderer.

Exit codes: 0 ok; 1 findings (`diff --exit-code` saw a label change, `data audit --strict` found
something); 2 bad input or usage; 130 interrupted; 70 an internal error (a bug: please report it with
the output of --debug).
"""

from __future__ import annotations

import typer

from .common import app

# Each module adds its commands to `app`.
from . import rate as _rate  # noqa: E402,F401
from . import data as _data  # noqa: E402,F401
from . import rubrics as _rubrics  # noqa: E402,F401
from . import report as _report  # noqa: E402,F401
from . import schema as _schema  # noqa: E402,F401
from . import sensitivity as _sensitivity  # noqa: E402,F401
from . import bloc as _bloc  # noqa: E402,F401
from . import history as _history  # noqa: E402,F401
from . import diff as _diff  # noqa: E402,F401
from . import cite as _cite  # noqa: E402,F401
from . import audit as _audit  # noqa: E402,F401
from . import importer as _importer  # noqa: E402,F401
from . import atop as _atop  # noqa: E402,F401


def main() -> None:
    app(prog_name="allyscore")
