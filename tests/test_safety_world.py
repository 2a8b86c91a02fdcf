"""The public-data importers and `world build` read and write like every other command (issue 16):
regular files only, bounded, and never an output over one of their inputs."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = {"unga": FIXTURES / "unga_small.csv", "sipri": FIXTURES / "sipri_small.csv"}


@pytest.mark.parametrize("kind", ["unga", "sipri"])
def test_an_import_never_writes_over_its_input(cli, tmp_path, kind):
    source = tmp_path / f"{kind}.csv"
    shutil.copy(SOURCES[kind], source)
    before = source.read_bytes()
    res = cli("import", kind, str(source), "-o", str(source))
    assert res.exit_code == 2 and "input" in res.stderr, res.stderr
    assert source.read_bytes() == before


@pytest.mark.parametrize("kind", ["unga", "sipri"])
def test_a_read_only_output_needs_force(cli, tmp_path, kind):
    out = tmp_path / "out.json"
    out.write_text("keep")
    out.chmod(0o444)
    if os.access(out, os.W_OK) and os.geteuid() != 0:  # pragma: no cover - odd file systems
        pytest.skip("cannot make a read-only file here")
    res = cli("import", kind, str(SOURCES[kind]), "-o", str(out))
    assert res.exit_code == 2 and "--force" in res.stderr, res.stderr
    assert out.read_text() == "keep"
    assert cli("import", kind, str(SOURCES[kind]), "-o", str(out), "--force").exit_code == 0
    assert out.read_text() != "keep"


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["unga", "sipri"])
def test_a_fifo_is_refused_at_once(cli, tmp_path, kind):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    res = cli("import", kind, str(fifo))  # would block forever on open() if read as a file
    assert res.exit_code == 2 and "FIFO" in res.stderr, res.stderr


@pytest.mark.parametrize("kind", ["unga", "sipri"])
def test_the_csv_limit_applies(cli, tmp_path, monkeypatch, kind):
    monkeypatch.setenv("ALLYSCORE_MAX_CSV_BYTES", "100")
    res = cli("import", kind, str(SOURCES[kind]))
    assert res.exit_code == 2 and "ALLYSCORE_MAX_CSV_BYTES" in res.stderr, res.stderr


def test_world_build_never_writes_over_an_input(cli, tmp_path):
    source = tmp_path / "unga.csv"
    shutil.copy(SOURCES["unga"], source)
    before = source.read_bytes()
    res = cli("world", "build", "--unga", str(source), "--output", str(source))
    assert res.exit_code == 2 and "input" in res.stderr, res.stderr
    assert source.read_bytes() == before
