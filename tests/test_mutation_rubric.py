"""Rubric behaviour that the full mutmut run over rubric.py (issue 19) showed no fast test watched.

Each test names the mutants it kills (mutmut's names; see docs/development.md, "Mutation testing").
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import allyscore.rubric as rubric_module
from allyscore.dataset import load_dataset
from allyscore.errors import InputFileError
from allyscore.rubric import check_focal, load_rubric, resolve_rubric

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


def write(path: Path, doc: dict) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def focal_rubric(tmp_path: Path, focal: str) -> Path:
    return write(tmp_path / "focal.yaml", {"name": "focal", "version": "1.0.0", "description": "d",
                                           "changelog": "c", "extends": "costly-signals@1.0.0",
                                           "fold": "toward_focal", "focal": focal})


def test_a_focal_country_outside_the_dataset_is_refused_with_a_suggestion(tmp_path):
    # kills check_focal mutants 1, 4-12 and 14-24 (13, n=2, is equivalent: only the best match is shown): the refusal, its message, the file it names and its hint
    countries = {c.code for c in load_dataset(MINI).header.countries}  # as the CLI passes them
    good = load_rubric(focal_rubric(tmp_path, "IRN"))
    check_focal(good, countries)  # a country of the dataset: nothing to say
    near = load_rubric(focal_rubric(tmp_path, "PRC"))
    with pytest.raises(InputFileError) as exc:
        check_focal(near, countries)
    problem = exc.value.problems[0]
    assert problem.message == "focal: 'PRC' is not a country of the dataset"
    assert problem.file == str(tmp_path / "focal.yaml")
    assert problem.hint == "did you mean 'PRK'?"
    far = load_rubric(focal_rubric(tmp_path, "ZZZ"))
    with pytest.raises(InputFileError) as exc:
        check_focal(far, countries)
    assert exc.value.problems[0].hint == "use a code from the dataset's countries"
