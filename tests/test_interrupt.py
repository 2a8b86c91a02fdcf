"""Ctrl-C: a run interrupted while it works prints one line, exits 130 and leaves no file behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

FIXTURE = Path(__file__).parent / "fixtures" / "mini.yaml"
HANG_GUARD = 300  # seconds; only so that a stuck child fails the test instead of blocking the run


def big_dataset(path: Path, countries: int) -> int:
    """A synthetic dataset with a tie between every two of `countries` countries; returns the tie count."""
    dims = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["dimensions"]
    codes = [chr(65 + i // 26) + chr(65 + i % 26) + "X" for i in range(countries)]
    out = ["schema_version: 1", "name: big", "version: '1'", "as_of: 2025-01-01", "dimensions:"]
    for d in dims:
        levels = ", ".join(f"{k}: level {k}" for k in range(5))
        out.append(f"  - {{id: {d['id']}, name: {d['id']}, description: d, directed: {str(d['directed']).lower()},"
                   f" signal: {d['signal']}, levels: {{{levels}}}}}")
    out.append("countries:")
    out += [f"  - {{code: {c}, name: Land {c}}}" for c in codes]
    out += ["sources:", "  - {id: s, publisher: P, title: T, date: 2020-01-01}", "ties:"]
    ties = 0
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            ties += 1
            out += [f"  - pair: [{a}, {b}]", "    observations:"]
            for k, d in enumerate(dims):
                for direction in ([f"{a}->{b}", f"{b}->{a}"] if d["directed"] else ["mutual"]):
                    out.append(f"      - {{dimension: {d['id']}, direction: {direction}, level: {(i + k) % 5}, "
                               "confidence: high, since: 2020-01-01, claim: c, sources: [s]}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return ties


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_during_a_report_prints_one_line_exits_130_and_writes_nothing(tmp_path):
    data = tmp_path / "big.yaml"
    big_dataset(data, 120)  # 7,140 ties; 16 MB of YAML: seconds of work
    cache = tmp_path / "cache"
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    output = out_dir / "report.json"
    env = {**os.environ, "ALLYSCORE_CACHE_DIR": str(cache)}
    env.pop("ALLYSCORE_DEBUG", None)
    # SIGINT may be ignored in pytest (started as `cmd &` from a script) and so in its children: restore it.
    child = subprocess.Popen([sys.executable, "-m", "allyscore", "report", "--data", str(data), "--format", "json",
                              "--output", str(output)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    # The dataset's cache entry is written once it has loaded: from then on the command is scoring.
    deadline = time.monotonic() + HANG_GUARD
    while not any(cache.glob("datasets/*.json")) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert child.poll() is None, "the report finished before it could be interrupted: make the dataset bigger"
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=HANG_GUARD)
    assert child.returncode == 130, stderr
    assert stderr == "allyscore: interrupted; nothing was written\n"
    assert stdout == ""
    assert list(out_dir.iterdir()) == []  # neither the report nor a temporary file


def test_ctrl_c_in_process_removes_the_temporary_file(tmp_path, monkeypatch):
    # an interrupt while the bytes are being written: write_atomic removes its temporary file
    from allyscore import atomic

    target = tmp_path / "report.json"
    real_fsync = os.fsync

    def interrupted(fd: int) -> None:
        real_fsync(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(target, "{}")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_through_the_cli_wrapper(cli, monkeypatch, mini_path, tmp_path):
    # the same path in-process: an interrupt inside a command is one line and exit 130
    import allyscore.api

    def slow_rate(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(allyscore.api, "rate", slow_rate)
    result = cli("rate", "iran", "russia", "--data", str(mini_path))
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "allyscore: interrupted; nothing was written\n")
