"""`allyscore cite [A:B ...]`: the references behind ties, and citations of allyscore, its data and rubric."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from .common import app, handled, load_inputs


class CiteFormat(str, Enum):
    text = "text"
    bibtex = "bibtex"
    csl_json = "csl-json"
    json = "json"


@app.command()
@handled
def cite(
    pairs: list[str] = typer.Argument(None, help="Ties written A:B (names, aliases or codes); none: the whole dataset.",
                                      show_default=False),
    data: str = typer.Option(None, "--data", "-d", help="A dataset file in allyscore's schema (default: the bundled one)."),
    rubric: str = typer.Option(None, "--rubric", "-r", help="NAME, NAME@VERSION or a file (default: costly-signals, latest)."),
    fmt: CiteFormat = typer.Option(CiteFormat.text, "--format", "-f",
                                   help="text for people, bibtex, or csl-json (json is the same as csl-json)."),
) -> None:
    """Cite the sources behind some ties, then allyscore, the dataset and the rubric with their versions and digests.

    The references are every source that the ties' observations and crises cite, deduplicated and
    sorted by id (with no pairs: every source of the dataset). Then come citations of allyscore
    (version), the dataset (name, version, digest) and the rubric (reference, digest), so that a
    published figure can be traced to its exact inputs.

    Examples:

      allyscore cite iran:russia

      allyscore cite iran:russia iran:china --format bibtex > refs.bib

      allyscore cite --format csl-json
    """
    from ..cite import citations, render

    dataset, rub = load_inputs(data, rubric)
    text = render(citations(dataset, rub, pairs or []), fmt.value)
    if fmt.value not in ("json", "csl-json"):  # JSON escapes control characters itself
        from ..sanitize import terminal

        text = terminal(text)
    sys.stdout.write(text)
