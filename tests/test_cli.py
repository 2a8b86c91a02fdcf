"""The CLI through typer's runner: data on stdout, messages on stderr, documented exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def test_rate_table(cli, mini_path):
    result = cli("rate", "iran", "russia", "--data", str(mini_path))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Iran – Russia" in out and "Military aid" in out
    # costly-signals@2.0.0: formal 2 (weight 3), military aid max(4, 0) = 4 (3), rhetoric 4 (0.5), crisis
    # support 0 (4, the one tested direction): (1.5 + 3 + 0.5 + 0) / 10.5 = 47.6; coverage 10.5 / 18.5 < 60%
    assert "Score 47.6 / 100" in out and "Insufficient evidence" in out
    assert "Rubric costly-signals@" in out and "as of 2024-01-01" in out
    assert result.stderr == ""


def test_rate_json(cli, mini_path):
    result = cli("rate", "IRN", "RUS", "--data", str(mini_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["pair"] == ["IRN", "RUS"]
    assert doc["score"] == pytest.approx(100 * 5 / 10.5, abs=1e-6)
    assert doc["rubric"]["name"] == "costly-signals" and doc["rubric"]["digest"].startswith("sha256:")
    assert doc["as_of"] == "2024-01-01"
    dims = {d["id"]: d for d in doc["dimensions"]}
    assert dims["military_aid"]["levels"] == {"IRN->RUS": 4, "RUS->IRN": 0}
    assert doc["indicators"]["asymmetry"]["summary"] == "Iran gives Russia more than it gets"


def test_rate_is_symmetric_and_byte_identical(cli, mini_path):
    one = cli("rate", "iran", "russia", "--data", str(mini_path), "-f", "json").stdout
    two = cli("rate", "Russian Federation", "islamic republic of iran", "--data", str(mini_path), "-f", "json").stdout
    assert one == two


def test_evidence(cli, mini_path):
    result = cli("rate", "iran", "russia", "--data", str(mini_path), "--evidence")
    assert "[src-b] Example Wire" in result.stdout and "https://example.org/b" in result.stdout
    assert "Crisis: Test crisis" in result.stdout and "An ally would have: arms" in result.stdout
    doc = json.loads(cli("rate", "iran", "russia", "--data", str(mini_path), "-e", "-f", "json").stdout)
    aid = next(d for d in doc["dimensions"] if d["id"] == "military_aid")
    assert aid["evidence"][0]["sources"][0]["publisher"] == "Example Wire"
    assert doc["crises"][0]["responses"][0]["partner"] == "RUS"


def test_weight_override_is_reported(cli, mini_path):
    result = cli("rate", "iran", "russia", "--data", str(mini_path), "--weight", "rhetoric=10.5", "-f", "json")
    doc = json.loads(result.stdout)
    assert doc["rubric"]["weights_overridden"] == {"rhetoric": 10.5}
    table = cli("rate", "iran", "russia", "--data", str(mini_path), "-w", "rhetoric=0").stdout
    assert "weights overridden: rhetoric=0" in table


@pytest.mark.parametrize("args, message", [
    (["rate", "iran", "rusia"], "allyscore: unknown country 'rusia' (did you mean 'russia'"),
    (["rate", "iran", "north kroea"], "did you mean 'north korea'?"),
    (["rate", "iran", "china"], "no tie between Iran and China (ties with either: iran:russia)"),
    (["rate", "iran", "iran"], "Iran and Iran are the same country"),
    (["rate", "iran", "russia", "--rubric", "costly-signal"], "unknown rubric 'costly-signal' (did you mean 'costly-signals'?"),
    (["rate", "iran", "russia", "--rubric", "costly-signals@9.9.9"], "rubric costly-signals has no version '9.9.9' (versions: 1.0.0"),
    (["rate", "iran", "russia", "--as-of", "2025-13-01"], "--as-of: '2025-13-01' is not a date"),
    (["rate", "iran", "russia", "--weight", "rhetorik=1"], "has no dimension 'rhetorik' (did you mean 'rhetoric'?)"),
    (["rate", "iran", "russia", "--weight", "rhetoric"], "--weight: 'rhetoric' is not DIMENSION=VALUE"),
])
def test_bad_input(cli, mini_path, args, message):
    result = cli(*args, "--data", str(mini_path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_invalid_dataset_points_at_file_line_column(cli, tmp_path, mini_text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(mini_text.replace("level: 4\n", "level: 7\n", 1))
    result = cli("rate", "iran", "russia", "--data", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"allyscore: {bad}:")
    assert "level 7 is out of range (levels run 0..4)" in result.stderr


def test_usage_error_exit_code(cli):
    assert cli("rate", "iran").exit_code == 2
    assert cli("rate", "iran", "russia", "--format", "xml").exit_code == 2


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("allyscore ")
    assert "dataset allyscore-ties" in result.stdout and "default rubric costly-signals@" in result.stdout


def test_python_dash_m(mini_path):
    proc = subprocess.run([sys.executable, "-m", "allyscore", "rate", "iran", "russia", "--data", str(mini_path),
                           "-f", "json"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["pair"] == ["IRN", "RUS"]


def test_internal_errors_are_one_line_unless_debug(cli, mini_path, monkeypatch):
    import allyscore.engine

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(allyscore.engine, "_say_do_gap", boom)
    result = cli("rate", "iran", "russia", "--data", str(mini_path))
    assert result.exit_code == 70
    assert "internal error: RuntimeError: kaboom" in result.stderr and "Traceback" not in result.stderr
    result = cli("--debug", "rate", "iran", "russia", "--data", str(mini_path))
    assert isinstance(result.exception, RuntimeError)
