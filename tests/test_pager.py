"""Issue 18: long `rate --evidence` output is paged on a terminal (ALLYSCORE_PAGER, PAGER, less), as git
and gh do, and never when the output is not a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def _fake_pager(tmp_path: Path) -> tuple[str, Path]:
    got = tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text(f"import sys\nopen({str(got)!r}, 'wb').write(sys.stdin.buffer.read())\n", encoding="utf-8")
    return f"{sys.executable} {script}", got


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run allyscore with stdout on a pseudo-terminal; what reached the terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "allyscore", *args], stdout=follower, stderr=subprocess.PIPE,
                            env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    assert proc.stderr is not None
    errors = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.returncode == 0, errors
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", b"".join(chunks).decode("utf-8", "replace"))


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "ALLYSCORE_PAGER", "FORCE_COLOR")}
    env.update(COLUMNS="100", NO_COLOR="1", **extra)
    return env


def test_evidence_goes_through_the_pager_on_a_terminal(tmp_path):
    pager, got = _fake_pager(tmp_path)
    shown = _on_a_terminal(["rate", "iran", "russia", "--evidence"], _env(PAGER=pager))
    text = got.read_text(encoding="utf-8")
    assert "Evidence" in text and "https://tass.com/politics/1940345" in text
    assert "Evidence" not in shown  # the pager, not allyscore, wrote to the terminal


def test_allyscore_pager_wins_and_cat_or_empty_turns_it_off(tmp_path):
    pager, got = _fake_pager(tmp_path)
    _on_a_terminal(["rate", "iran", "russia", "--evidence"], _env(PAGER="false", ALLYSCORE_PAGER=pager))
    assert got.exists()
    for off in ("cat", ""):
        shown = _on_a_terminal(["rate", "iran", "russia", "--evidence"], _env(PAGER=pager, ALLYSCORE_PAGER=off))
        assert "Evidence" in shown


def test_never_paged_when_not_a_terminal(tmp_path):
    pager, got = _fake_pager(tmp_path)
    result = subprocess.run([sys.executable, "-m", "allyscore", "rate", "iran", "russia", "--evidence"],
                            capture_output=True, text=True, env=_env(PAGER=pager), timeout=120)
    assert result.returncode == 0 and "Evidence" in result.stdout and not got.exists()


def test_short_output_is_not_paged(tmp_path):
    pager, got = _fake_pager(tmp_path)
    shown = _on_a_terminal(["rate", "iran", "russia"], _env(PAGER=pager))
    assert "Score 48.6" in shown and not got.exists()
