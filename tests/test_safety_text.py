"""Issue 16: text from data never drives a terminal, a spreadsheet or a markdown page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from allyscore.sanitize import csv_cell, line, markdown_cell, terminal

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
ESC = "\x1b"
HOSTILE_NAME = "=Iran\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[2J\u202e|<b>x</b>"


def test_terminal_shows_controls_and_keeps_every_script():
    assert terminal("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert terminal("\x07\x08\x7f\x9b\x85") == "\\x07\\x08\\x7f\\x9b\\x85"
    assert terminal("\u202etxt.exe\u2066\u200f") == "\\u202etxt.exe\\u2066\\u200f"
    assert terminal("Côte d’Ivoire, 中华人民共和国, Россия, ایران\tok\n") == "Côte d’Ivoire, 中华人民共和国, Россия, ایران\tok\n"
    assert line("two\nlines\r") == "two\\x0alines\\x0d"


def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote():
    for text in ("=1+1", "+1", "-cmd", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(text) == "'" + terminal(text)
        assert csv_cell(text, raw=True) == text
    assert csv_cell("\rx") == "'\\x0dx" and csv_cell("a\x1bb") == "a\\x1bb"
    assert csv_cell(-0.5) == -0.5 and csv_cell("Iran") == "Iran" and csv_cell(None) is None


def test_markdown_cells_are_escaped():
    assert markdown_cell("a|b\nc\r\nd<script>&") == "a\\|b c d&lt;script&gt;&amp;"
    assert markdown_cell("\x1b[2J") == "\\x1b[2J"


@pytest.fixture
def hostile(tmp_path):
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("  name: Iran\n", f"  name: {json.dumps(HOSTILE_NAME)}\n", 1)
    text = text.replace("claim: test claim", 'claim: "claim \\e[31mred \\u202e"', 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [
    ["rate", "IRN", "RUS", "--evidence"], ["rate", "IRN", "RUS", "--evidence", "-f", "json"],
    ["report", "-f", "jsonl"], ["report", "-f", "json"], ["report", "-f", "html"], ["report", "-f", "csv"],
    ["report"], ["report", "-f", "markdown"],
    ["history", "IRN", "RUS"],
    ["bloc", "IRN", "RUS"], ["bloc", "IRN", "RUS", "--format", "markdown"],
    ["cite", "IRN:RUS"],
    ["data", "audit"],
    ["sensitivity", "IRN", "RUS"],
    ["diff", "costly-signals@1.0.0", "costly-signals@1.1.0"],
    ["diff", "costly-signals@1.0.0", "costly-signals@1.1.0", "-f", "markdown"],
])
def test_no_escape_sequence_from_data_reaches_the_terminal(cli, hostile, args):
    result = cli(*args, "--data", str(hostile))
    assert result.exit_code in (0, 1), result.stderr
    assert ESC not in result.stdout and ESC not in result.stderr
    assert "\u202e" not in result.stdout and "\x9b" not in result.stdout


def test_the_terminal_table_shows_the_escape_visibly(cli, hostile):
    result = cli("rate", "IRN", "RUS", "--data", str(hostile))
    assert "=Iran\\x1b]8;;http://evil.example\\x1b\\click" in result.stdout.replace("\n", "")


def test_report_csv_neutralises_formulas_but_keeps_numbers(cli, hostile):
    result = cli("report", "--data", str(hostile), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["a_name"] == "'" + terminal(HOSTILE_NAME)
    assert float(rows[0]["score"]) >= 0 and not rows[0]["score"].startswith("'")
    assert float(rows[0]["asymmetry"]) == pytest.approx(float(rows[0]["asymmetry"]))
    raw = list(csv.DictReader(io.StringIO(cli("report", "--data", str(hostile), "-f", "csv", "--csv-raw").stdout)))
    assert raw[0]["a_name"] == HOSTILE_NAME


def test_a_negative_number_in_csv_stays_a_number(cli):
    rows = list(csv.DictReader(io.StringIO(cli("report", "-f", "csv").stdout)))
    negatives = [r["asymmetry"] for r in rows if r["asymmetry"].startswith("-")]
    assert negatives and all(float(v) < 0 for v in negatives)


def test_diff_csv_neutralises_names(cli, hostile):
    out = cli("diff", "costly-signals@1.0.0", "costly-signals@1.1.0", "-f", "csv", "--data", str(hostile)).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "'" + terminal(HOSTILE_NAME) in {r["a_name"] for r in rows} | {r["b_name"] for r in rows}
    out = cli("diff", "costly-signals@1.0.0", "costly-signals@1.1.0", "-f", "csv", "--csv-raw",
              "--data", str(hostile)).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert HOSTILE_NAME in {r["a_name"] for r in rows} | {r["b_name"] for r in rows}


def test_markdown_report_escapes_pipes_newlines_and_html(cli, hostile):
    out = cli("report", "--data", str(hostile), "-f", "markdown").stdout
    assert "<b>" not in out and "&lt;b&gt;" in out and "\\|&lt;b&gt;" in out


def test_json_keeps_the_text_exactly(cli, hostile):
    out = json.loads(cli("rate", "IRN", "RUS", "--data", str(hostile), "-f", "json").stdout)
    assert out["names"]["IRN"] == HOSTILE_NAME


def test_json_escapes_c1_and_bidi_characters_and_still_means_the_same(cli, hostile):
    out = cli("report", "--data", str(hostile), "-f", "jsonl").stdout
    assert "\\u202e" in out and "\u202e" not in out
    assert json.loads(out.splitlines()[0])["names"]["IRN"] == HOSTILE_NAME


def test_error_messages_show_controls(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('schema_version: 1\nname: "x\\e[2J"\nversion: 1\n', encoding="utf-8")
    result = cli("data", "validate", str(bad))
    assert result.exit_code == 2 and ESC not in result.stderr
    result = cli("rate", "iran", "\x1b[2Jrussia")
    assert result.exit_code == 2 and ESC not in result.stderr and "\\x1b[2J" in result.stderr


def test_jsonl_lines_are_the_json_modules_text_made_safe():
    # formats.report_json writes lines with orjson: the same text json.dumps would give, then json_text
    from allyscore.formats.report_json import write_lines
    from allyscore.sanitize import json_text

    entries = [{"name": HOSTILE_NAME, "nul": "a\x00b\x1f\x7f\x85", "marks": "\u2028\u202e\ufeff", "emoji": "🇮🇷",
                "quote": 'say "no" \\ ok', "numbers": [0.1, 1e-07, 100.0, -0.0, 12345678.123456, 3, None, True],
                "nested": {"levels": {"IRN->RUS": None, "mutual": 4}}}, {}]
    out = io.StringIO()
    write_lines({}, entries, out)
    expected = [json_text(json.dumps(e, ensure_ascii=False, separators=(",", ":"))) for e in entries]
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and [json.loads(x) for x in lines[:-1]] == [json.loads(x) for x in expected]
    # the one difference in the text: an exponent is written unpadded (1e-7 where json writes 1e-07)
    assert lines[:-1] == [x.replace("1e-07", "1e-7") for x in expected]
    assert ESC not in out.getvalue() and "\u202e" not in out.getvalue()
