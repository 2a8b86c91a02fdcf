"""The `allyscore` console script: Ctrl-C at any moment, even while the CLI is still importing,
prints one line and exits 130."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("allyscore: interrupted; nothing was written\n")
        raise SystemExit(130) from None
