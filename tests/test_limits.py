"""Limits: files over the size limit, alias bombs under a memory cap, deep nesting, and warnings."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from allyscore import files, yamlio
from allyscore.errors import InputFileError

EXAMPLES = Path(__file__).parent / "examples"
TINY = EXAMPLES / "good" / "tiny-dataset.yaml"
BOMB = EXAMPLES / "bad" / "dataset" / "alias-bomb.yaml"
MEMORY_CAP = 1024 ** 3  # 1 GB of address space for the whole child process
HANG_GUARD = 120  # seconds: not a timing assertion, only so that a hang fails instead of blocking the run


def test_file_just_over_the_limit_is_refused_before_it_is_read(cli, tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: no 64 MB written
        handle.truncate(yamlio.MAX_FILE_BYTES + 1)
    size, limit = f"{yamlio.MAX_FILE_BYTES + 1:,}", f"{yamlio.MAX_FILE_BYTES:,}"
    expected = (f"allyscore: {big}: file is {size} bytes; the limit is {limit} "
                "(split the input, or raise the limit with ALLYSCORE_MAX_DATA_BYTES=BYTES)\n")
    result = cli("data", "validate", str(big))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
    result = cli("rubrics", "validate", str(big), "--data", str(TINY))  # rubrics: 1 MB, fixed
    assert (result.exit_code, result.stderr) == (
        2, f"allyscore: {big}: file is {size} bytes; the limit is 1,048,576 (split the input)\n")


def test_a_file_of_exactly_the_limit_is_read(monkeypatch):
    size = TINY.stat().st_size
    monkeypatch.setenv("ALLYSCORE_MAX_DATA_BYTES", str(size))
    assert yamlio.read_text(TINY).startswith("schema_version: 1")
    monkeypatch.setenv("ALLYSCORE_MAX_DATA_BYTES", str(size - 1))
    with pytest.raises(InputFileError, match=f"file is {size:,} bytes; the limit is {size - 1:,}"):
        yamlio.read_text(TINY)


def _bomb_body() -> str:
    lines = BOMB.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("x: &a "))
    return "\n".join(lines[start:]) + "\n"


def _capped(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process limited to MEMORY_CAP of address space."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    env = {**os.environ, "ALLYSCORE_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "allyscore", *args], capture_output=True, text=True,
                          timeout=HANG_GUARD, preexec_fn=limit, env=env, cwd=EXAMPLES)


@pytest.mark.parametrize("padding", [0, 8 * 1024 * 1024], ids=["bare", "padded-8MB"])
def test_alias_bomb_fails_fast_within_a_memory_cap(tmp_path, padding):
    # 10 levels of 10 aliases: 10**10 nodes if expanded. A long comment must not raise the node budget
    # (it did, when the budget counted bytes: 41 s and 3.9 GB for the padded one).
    path = tmp_path / "bomb.yaml"
    path.write_text(("# " + "x" * padding + "\n" if padding else "") + _bomb_body(), encoding="utf-8")
    result = _capped("data", "validate", str(path))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"allyscore: {path}:")
    assert result.stderr.endswith("document expands to too many nodes (an alias bomb?) (remove the nested aliases)\n")


def test_alias_bomb_in_a_rubric_fails_the_same_way(tmp_path):
    path = tmp_path / "rubric.yaml"
    path.write_text("name: r\nversion: 1.0.0\n" + _bomb_body(), encoding="utf-8")
    result = _capped("rubrics", "validate", str(path), "--data", "good/tiny-dataset.yaml")
    assert result.returncode == 2, result.stderr
    assert "document expands to too many nodes (an alias bomb?)" in result.stderr


def test_aliases_that_do_not_explode_are_fine():
    # a shared list aliased a few times stays within the budget (twice the distinct nodes + 10,000)
    text = "shared: &s [a, b, c]\n" + "".join(f"k{i}: *s\n" for i in range(2000))
    located = yamlio.parse(text, "x.yaml")
    assert located.data["k1999"] == ["a", "b", "c"]


def test_nesting_limit_is_exact():
    # the value of `a` is at depth 1 (the top-level mapping is depth 0); each bracket nests one more
    ok = "a: " + "[" * yamlio.MAX_DEPTH + "]" * yamlio.MAX_DEPTH
    assert yamlio.parse(ok, "x.yaml").data["a"] is not None
    deep = "a: " + "[" * (yamlio.MAX_DEPTH + 1) + "]" * (yamlio.MAX_DEPTH + 1)
    with pytest.raises(InputFileError, match=f"nested more than {yamlio.MAX_DEPTH} levels deep"):
        yamlio.parse(deep, "x.yaml")


def test_nesting_at_libyaml_depth_is_a_clear_error_not_a_recursion_error(cli, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 990 + "]" * 990 + "\n", encoding="utf-8")
    result = cli("data", "validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"allyscore: {path}:1:54: nested more than 50 levels deep (allyscore files nest a few levels)\n"


def test_source_cited_nowhere_is_a_warning_not_an_error(cli, monkeypatch):
    monkeypatch.chdir(EXAMPLES)
    result = cli("data", "validate", "good/uncited-source.yaml")
    assert result.exit_code == 0
    assert result.stderr == (EXAMPLES / "good" / "uncited-source.expected").read_text(encoding="utf-8")
    result = cli("data", "validate", "good/uncited-source.yaml", "--format", "json")
    assert result.exit_code == 0
    warnings = json.loads(result.stdout)["warnings"]
    assert warnings == [{"message": "sources[1].id: source 'wire-2024' is cited nowhere",
                         "file": "good/uncited-source.yaml", "line": 24, "column": 10,
                         "hint": "cite it from an observation or a crisis, or remove it", "severity": "warning"}]


def test_a_file_that_never_ends_is_refused(monkeypatch):
    # /dev/zero reports size 0 and never ends: reading it whole took all memory (MemoryError, exit 70)
    with pytest.raises(InputFileError) as info:
        yamlio.read_text("/dev/zero")
    assert info.value.lines() == [
        "/dev/zero: is a device, not a regular file (name a regular file; save piped data to a file first)"]


def test_tagged_scalars_with_bad_values_are_input_errors():
    # PyYAML's constructors raise KeyError (`!!bool maybe`) and IndexError (`!!int` with no value)
    for text, shown in [("a: !!bool maybe\n", "'maybe' for tag '!!bool'"), ("a: !!int\n", "'' for tag '!!int'"),
                        ("a: !!float x\n", "'x' for tag '!!float'")]:
        with pytest.raises(InputFileError, match=f"invalid value {shown}"):
            yamlio.parse(text, "x.yaml")


# found by fuzz/run_fuzz.py (seed 1, inputs 21081 and 40077): rubric numbers are bounded now
def test_a_huge_integer_weight_is_an_input_error(cli, tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("name: tiny\nversion: 1.0.0\ndescription: x\nchangelog: x\ndimensions:\n"
                    "  formal_commitment: {weight: 1}\n  military_aid: {weight: 1" + "0" * 400 + "}\n"
                    "labels: {low: {title: Low}}\nbands: [{label: low, min: 0, max: 100}]\n", encoding="utf-8")
    result = cli("rate", "iran", "russia", "--data", str(TINY), "--rubric", str(path), "--format", "json")
    assert result.exit_code == 2, result.stderr
