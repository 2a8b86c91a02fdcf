"""The golden corpus: every bad file gives exactly its expected message and exit code 2; good files pass."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "examples"
BAD_DATASETS = sorted((EXAMPLES / "bad" / "dataset").glob("*.yaml"))
BAD_RUBRICS = sorted((EXAMPLES / "bad" / "rubric").glob("*.yaml"))


@pytest.fixture(autouse=True)
def _in_examples(monkeypatch):
    monkeypatch.chdir(EXAMPLES)  # messages name files relative to here


def _rel(path: Path) -> str:
    return str(path.relative_to(EXAMPLES))


@pytest.mark.parametrize("path", BAD_DATASETS, ids=lambda p: p.stem)
def test_bad_dataset(cli, path):
    result = cli("data", "validate", _rel(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == path.with_suffix(".expected").read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path", BAD_RUBRICS, ids=lambda p: p.stem)
def test_bad_rubric(cli, path):
    result = cli("rubrics", "validate", _rel(path), "--data", "good/tiny-dataset.yaml")
    assert result.exit_code == 2
    assert result.stderr == path.with_suffix(".expected").read_text(encoding="utf-8")


def test_corpus_is_complete():
    for path in BAD_DATASETS + BAD_RUBRICS:
        assert path.with_suffix(".expected").read_text(encoding="utf-8").startswith("allyscore: ")


def test_good_examples(cli):
    result = cli("data", "validate", "good/tiny-dataset.yaml")
    assert result.exit_code == 0, result.stderr
    assert "valid (1 ties, 2 observations, 1 sources, 0 crises)" in result.stderr
    result = cli("rubrics", "validate", "good/tiny-rubric.yaml", "--data", "good/tiny-dataset.yaml")
    assert result.exit_code == 0, result.stderr


def test_missing_path_and_directory(cli):
    result = cli("data", "validate", "no/such.yaml")
    assert (result.exit_code, result.stderr) == (2, "allyscore: no/such.yaml: no such file (check the path)\n")
    result = cli("data", "validate", "good")
    assert (result.exit_code, result.stderr) == (2, "allyscore: good: is a directory, not a file (name a .yaml file)\n")
