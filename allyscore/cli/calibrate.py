"""`allyscore calibrate`: how far a rubric agrees with published expert judgments."""

from __future__ import annotations

import sys

import typer

from .common import Format, app, handled, load_inputs


@app.command()
@handled
def calibrate(
    reference: str = typer.Argument(None, help="A reference file (default: the bundled data/reference.yaml)."),
    rubric: str = typer.Option(None, "--rubric", "-r", help="NAME[@VERSION] or a file (default: costly-signals, latest)."),
    data: str = typer.Option(None, "--data", "-d", help="The dataset holding the ties (default: the bundled one)."),
    draws: int = typer.Option(2000, "--draws", help="Monte Carlo draws for the label probabilities (0: none)."),
    seed: int = typer.Option(None, "--seed", help="Random seed for the draws (default 20260101)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json for scripts."),
) -> None:
    """Score each tie of a reference file as of its date and compare the label with the reference class.

    Prints the agreement, the confusion matrix, each disagreement with the definition or rule that gave
    the label, and each entry's label probabilities under the evidence's uncertainty.

    Examples:

      allyscore calibrate

      allyscore calibrate --rubric costly-signals@1.1.0 --format json
    """
    from ..calibrate import calibrate as run, load_reference
    from ..errors import AllyscoreError
    from ..resources import bundled_reference

    if draws < 0:
        raise AllyscoreError(f"--draws: {draws} is negative", hint="0 for no probabilities, e.g. 2000")
    dataset, rub = load_inputs(data, rubric)
    ref = load_reference(reference, dataset)
    result = run(dataset, rub, ref, str(reference or bundled_reference()), draws, seed)
    if fmt is Format.json:
        from ..formats.calibrate import calibration_dict
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps(calibration_dict(result)))
        return
    from ..formats.calibrate import render_calibration

    render_calibration(result)
