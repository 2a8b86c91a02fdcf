"""`allyscore report`: every format read back and checked against `rate`, the schema, atomic --output."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from report_helpers import chromium, hex_rgb, multi_dataset, near, page_requests, read_png

RUBRICS = ["costly-signals@1.0.0", "costly-signals@1.1.0"]
PAIRS = [("CHN", "IRN"), ("CHN", "RUS"), ("IRN", "RUS"), ("PRK", "RUS")]  # every tie of multi.yaml, by code


@pytest.fixture
def multi(mini_path, tmp_path) -> Path:
    return multi_dataset(mini_path, tmp_path)


@pytest.fixture
def talk_rubric(tmp_path) -> Path:
    """A rubric that weighs rhetoric heavily, so that its scores differ from the default's."""
    path = tmp_path / "heavy-talk.yaml"
    path.write_text("name: heavy-talk\nversion: 1.0.0\ndescription: test\nchangelog: test\n"
                    "extends: costly-signals@1.1.0\ndimensions:\n  rhetoric:\n    weight: 6\n", encoding="utf-8")
    return path


def rate_json(cli, data: Path, a: str, b: str, rubric: str) -> dict:
    result = cli("rate", a, b, "--data", str(data), "--rubric", rubric, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def as_rate(entry: dict) -> dict:
    """A report entry without what the report adds: it must equal `rate --format json`."""
    out = {k: v for k, v in entry.items() if k != "tool"}
    out["rubric"] = {k: v for k, v in entry["rubric"].items() if k != "ref"}
    out["dataset"] = {k: v for k, v in entry["dataset"].items() if k != "path"}
    return out


def run_ok(cli, *args: str, input: str | None = None):
    result = cli("report", *args, input=input)
    assert result.exit_code == 0, result.stderr
    return result


# --- json and jsonl -------------------------------------------------------------------------------

def test_json_matches_rate_for_every_tie_and_rubric(cli, multi, talk_rubric):
    rubrics = [RUBRICS[0], str(talk_rubric)]
    doc = json.loads(run_ok(cli, "--data", str(multi), "-r", rubrics[0], "-r", rubrics[1], "-f", "json").stdout)
    header, entries = doc["header"], doc["entries"]
    assert header["schema_version"] == 1 and header["tool"]["name"] == "allyscore"
    assert header["dataset"]["name"] == "mini" and header["dataset"]["path"] == str(multi)
    assert header["dataset"]["digest"].startswith("sha256:")
    assert [r["ref"] for r in header["rubrics"]] == ["costly-signals@1.0.0", "heavy-talk@1.0.0"]
    assert header["as_of"] == "2024-01-01"
    assert header["pairs"] == [list(p) for p in PAIRS]
    assert len(entries) == len(PAIRS) * 2
    for i, (a, b) in enumerate(PAIRS):
        for j, rubric in enumerate(rubrics):
            entry = entries[2 * i + j]
            assert entry["pair"] == [a, b]
            assert as_rate(entry) == rate_json(cli, multi, a, b, rubric)
            assert entry["rubric"]["digest"] == header["rubrics"][j]["digest"]
    # hand-computed (tests/test_engine.py): Iran-Russia in mini scores 100 * 3.5 / 10.5 under 1.0.0
    iran_russia = entries[4]
    assert iran_russia["pair"] == ["IRN", "RUS"] and iran_russia["score"] == pytest.approx(100 * 3.5 / 10.5, abs=1e-6)
    assert sum(d["contribution"] for d in iran_russia["dimensions"]) == pytest.approx(iran_russia["score"], abs=1e-5)
    # the two rubrics really differ, so the pairing of entries and rubrics is checked
    assert entries[6]["score"] != entries[7]["score"]


def test_jsonl_is_one_self_contained_entry_per_line(cli, multi):
    doc = json.loads(run_ok(cli, "--data", str(multi), "-r", RUBRICS[0], "-r", RUBRICS[1], "-f", "json").stdout)
    out = run_ok(cli, "--data", str(multi), "-r", RUBRICS[0], "-r", RUBRICS[1], "-f", "jsonl").stdout
    lines = out.splitlines()
    assert out.endswith("\n") and len(lines) == 8
    entries = [json.loads(line) for line in lines]
    assert entries == doc["entries"]
    for entry in entries:
        assert entry["schema_version"] == 1 and entry["tool"]["version"]
        assert entry["dataset"]["digest"] == doc["header"]["dataset"]["digest"]
        assert entry["rubric"]["ref"] in RUBRICS and entry["as_of"] == "2024-01-01"


def test_every_output_validates_against_the_printed_schema(cli, multi, talk_rubric):
    from jsonschema import Draft202012Validator

    schema = json.loads(run_ok_schema(cli, "report"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    args = ["--data", str(multi), "-r", RUBRICS[0], "-r", str(talk_rubric)]
    doc = json.loads(run_ok(cli, *args, "-f", "json").stdout)
    validator.validate(doc)
    lines = run_ok(cli, *args, "-f", "jsonl").stdout.splitlines()
    for line in lines:
        validator.validate(json.loads(line))
    bundled = json.loads(run_ok(cli, "-f", "json").stdout)  # the real dataset, with its crises and nulls
    validator.validate(bundled)
    # the schema has teeth: a wrong type, a missing field or an unknown field fails
    entry = json.loads(lines[0])
    for broken in ({**entry, "score": "high"}, {k: v for k, v in entry.items() if k != "label"},
                   {**entry, "extra": 1}, {**entry, "schema_version": 2},
                   {"header": doc["header"], "entries": [{**entry, "dimensions": [{"id": "x"}]}]}):
        assert not validator.is_valid(broken)


def run_ok_schema(cli, kind: str) -> str:
    result = cli("schema", kind)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_schema_command(cli):
    from allyscore.model import Dataset
    from allyscore.report import REPORT_SCHEMA_VERSION
    from allyscore.report_schema import ReportEntry, report_schema
    from allyscore.rubric import Rubric

    assert json.loads(run_ok_schema(cli, "dataset")) == Dataset.model_json_schema()
    rubric = json.loads(run_ok_schema(cli, "rubric"))
    assert rubric["$defs"] == Rubric.model_json_schema()["$defs"] | {"DimensionSpec": rubric["$defs"]["DimensionSpec"]}
    from jsonschema import Draft202012Validator

    shorthand = {"name": "x", "version": "1.0.0", "description": "d", "changelog": "c", "transform": "linear",
                 "dimensions": {"rhetoric": {"weight": 1, "transform": "linear"}}, "labels": {}, "bands": []}
    assert Draft202012Validator(rubric).is_valid(shorthand)  # `transform: NAME` is allowed, as the loader does
    assert not Draft202012Validator(rubric).is_valid({**shorthand, "transform": 3})
    child = {"name": "y", "version": "1.0.1", "extends": "x@1.0.0", "dimensions": {"rhetoric": {"weight": 2}}}
    assert Draft202012Validator(rubric).is_valid(child)  # the rest comes from the parent
    assert not Draft202012Validator(rubric).is_valid({k: v for k, v in child.items() if k != "extends"})
    report = run_ok_schema(cli, "report")
    assert json.loads(report) == report_schema() and report == run_ok_schema(cli, "report")
    assert json.loads(report)["x-schema-version"] == REPORT_SCHEMA_VERSION
    assert ReportEntry.model_json_schema()["properties"]["schema_version"]["const"] == REPORT_SCHEMA_VERSION
    bad = cli("schema", "nonsense")
    assert bad.exit_code == 2


# --- csv, markdown, table -------------------------------------------------------------------------

def test_csv_rows_match_rate(cli, multi):
    out = run_ok(cli, "--data", str(multi), "-r", RUBRICS[0], "-r", RUBRICS[1], "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 8
    header = next(csv.reader(io.StringIO(out)))
    assert header[:3] == ["pair", "a", "b"] and "level_military_aid" in header and "contribution_rhetoric" in header
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", col) for col in header)  # names pandas and R keep as they are
    for row in rows:
        expected = rate_json(cli, multi, row["a"], row["b"], row["rubric"])
        assert row["pair"] == f"{row['a']}:{row['b']}" and row["a_name"] == expected["names"][row["a"]]
        assert float(row["score"]) == expected["score"] and row["label"] == expected["label"]
        assert row["rubric_digest"] == expected["rubric"]["digest"] and row["as_of"] == "2024-01-01"
        assert float(row["coverage"]) == expected["indicators"]["coverage"]
        assert row["asymmetry_flagged"] == ("true" if expected["indicators"]["asymmetry"]["flagged"] else "false")
        gap = expected["indicators"]["say_do_gap"]
        assert row["say_do_gap"] == ("" if gap is None else repr(gap))
        for dim in expected["dimensions"]:
            assert float(row[f"contribution_{dim['id']}"]) == dim["contribution"]
            level = row[f"level_{dim['id']}"]
            assert (level == "") if dim["status"] == "unknown" else (float(level) == dim["value"])
    iran_russia = next(r for r in rows if r["pair"] == "IRN:RUS" and r["rubric"] == RUBRICS[0])
    assert iran_russia["level_financial_backing"] == ""  # unknown: an empty cell, NA in R, NaN in pandas
    assert iran_russia["level_military_aid"] == "2.0"  # (4 + 0) / 2


def test_markdown_has_the_summary_and_each_breakdown(cli, multi):
    out = run_ok(cli, "--data", str(multi), "-r", RUBRICS[0], "-f", "markdown").stdout
    assert out.startswith("# allyscore report\n") and "## Summary" in out
    for a, b in PAIRS:
        expected = rate_json(cli, multi, a, b, RUBRICS[0])
        title = f"{expected['names'][a]} – {expected['names'][b]}"
        score = f"{expected['score']:.1f}"
        assert f"| {title} | {RUBRICS[0]} | {score} | {expected['label_title']} |" in out
        assert f"\n## {title}\n" in out and f"### {RUBRICS[0]}: {score} / 100, {expected['label_title']}" in out
        section = out.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
        for dim in expected["dimensions"]:
            name = dim["name"] + (" (talk)" if dim["signal"] == "cheap" else "")
            assert re.search(rf"^\| {re.escape(name)} \|.*\| {dim['contribution']:.1f} \|", section, re.M), name
    assert "| Military aid | 4 | 0 | 2 | 3 | 14.3 | low |" in out  # Iran-Russia by hand: 100 * 3 * 0.5 / 10.5


def test_table_lists_every_tie(cli, multi, tmp_path):
    target = tmp_path / "table.txt"
    run_ok(cli, "--data", str(multi), "-r", RUBRICS[0], "-r", RUBRICS[1], "-o", str(target))
    lines = target.read_text(encoding="utf-8").splitlines()
    rows = [re.split(r"\s*│\s*", line.strip("│ ")) for line in lines if line.startswith("│")]
    assert len(rows) == 8
    for row, ((a, b), rubric) in zip(rows, [(p, r) for p in PAIRS for r in RUBRICS]):
        expected = rate_json(cli, multi, a, b, rubric)
        assert row[:4] == [f"{expected['names'][a]} – {expected['names'][b]}", rubric, f"{expected['score']:.1f}",
                           expected["label_title"]]
    assert "\x1b[" not in "".join(lines)  # no colour codes in a file


# --- pairs, bad pairs, exit codes --------------------------------------------------------------

def test_no_pairs_means_every_tie_and_pairs_pick_ties(cli, multi):
    every = json.loads(run_ok(cli, "--data", str(multi), "-f", "json").stdout)
    assert [e["pair"] for e in every["entries"]] == [list(p) for p in PAIRS]
    some = json.loads(run_ok(cli, "russia:iran", "North Korea,Russia", "--data", str(multi), "-f", "json").stdout)
    assert [e["pair"] for e in some["entries"]] == [["IRN", "RUS"], ["PRK", "RUS"]]


def test_bad_pair_is_reported_and_the_others_still_are(cli, multi):
    result = cli("report", "iran:russia", "iran:atlantis", "iran-china", "iran:usa", "china:iran",
                 "--data", str(multi), "-f", "jsonl")
    assert result.exit_code == 2
    assert [json.loads(line)["pair"] for line in result.stdout.splitlines()] == [["IRN", "RUS"], ["CHN", "IRN"]]
    err = result.stderr
    assert "allyscore: iran:atlantis: unknown country 'atlantis'" in err
    assert "allyscore: iran-china: not a pair (write A:B or A,B" in err
    assert "allyscore: iran:usa: the dataset has no tie between Iran and United States" in err
    assert "3 of 5 pairs skipped" in err and "--keep-going" in err
    assert "Traceback" not in err

    kept = cli("report", "iran:russia", "iran:atlantis", "--data", str(multi), "-f", "jsonl", "--keep-going")
    assert kept.exit_code == 0 and len(kept.stdout.splitlines()) == 1
    assert "unknown country 'atlantis'" in kept.stderr

    nothing = cli("report", "iran:atlantis", "--data", str(multi), "--keep-going")
    assert nothing.exit_code == 2  # nothing at all to report is a failure even with --keep-going


def test_same_tie_twice_is_reported_once(cli, multi):
    result = run_ok(cli, "iran:russia", "russia:iran", "--data", str(multi), "-f", "jsonl")
    assert len(result.stdout.splitlines()) == 1
    assert "russia:iran: the same tie as argument 'iran:russia'; reported once" in result.stderr


def test_pairs_file_from_stdin_with_comments_and_line_numbers(cli, multi):
    text = "# ties for the nightly report\n\niran,russia\n  china : iran   # trailing comment\nbogus\n"
    result = cli("report", "--pairs-file", "-", "--data", str(multi), "-f", "jsonl", input=text)
    assert result.exit_code == 2
    assert [json.loads(line)["pair"] for line in result.stdout.splitlines()] == [["IRN", "RUS"], ["CHN", "IRN"]]
    assert "allyscore: <stdin>:5: bogus: not a pair" in result.stderr
    kept = cli("report", "--pairs-file", "-", "--data", str(multi), "-f", "jsonl", "-k", input=text)
    assert kept.exit_code == 0 and len(kept.stdout.splitlines()) == 2


def test_pairs_file_on_disk_and_arguments_together(cli, multi, tmp_path):
    pairs = tmp_path / "pairs.txt"
    pairs.write_text("north korea:russia\nchina:atlantis\n", encoding="utf-8")
    result = cli("report", "iran:russia", "--pairs-file", str(pairs), "--data", str(multi), "-f", "jsonl")
    assert result.exit_code == 2
    assert [json.loads(line)["pair"] for line in result.stdout.splitlines()] == [["IRN", "RUS"], ["PRK", "RUS"]]
    assert f"allyscore: {pairs}:2: china:atlantis: unknown country 'atlantis'" in result.stderr
    missing = cli("report", "--pairs-file", str(tmp_path / "nope.txt"), "--data", str(multi))
    assert missing.exit_code == 2 and "--pairs-file: cannot read" in missing.stderr


# --- --output: atomic, deterministic -----------------------------------------------------------

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".tmp")


def test_output_is_written_only_when_the_run_succeeds(cli, multi, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "report.csv"
    target.write_text("old report\n", encoding="utf-8")
    failed = cli("report", "iran:russia", "iran:atlantis", "--data", str(multi), "-f", "csv", "-o", str(target))
    assert failed.exit_code == 2 and failed.stdout == ""
    assert f"nothing written to {target}" in failed.stderr
    assert target.read_text(encoding="utf-8") == "old report\n" and _leftovers(out_dir) == []

    kept = cli("report", "iran:russia", "iran:atlantis", "--data", str(multi), "-f", "csv", "-o", str(target), "-k")
    assert kept.exit_code == 0 and kept.stdout == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["pair"] for r in rows] == ["IRN:RUS"] and _leftovers(out_dir) == []


@pytest.mark.parametrize("fmt", ["jsonl", "html"])
@pytest.mark.parametrize("exc, code", [(RuntimeError("disk on fire"), 70), (KeyboardInterrupt(), 130)])
def test_a_run_that_fails_midway_leaves_the_old_file(cli, multi, tmp_path, monkeypatch, fmt, exc, code):
    import allyscore.report as report

    real = report.score_tie
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "score_tie", failing)
    target = tmp_path / "report.out"
    target.write_bytes(b"old")
    result = cli("report", "--data", str(multi), "-f", fmt, "-o", str(target))
    assert result.exit_code == code and len(calls) == 3
    assert target.read_bytes() == b"old" and _leftovers(tmp_path) == []
    assert "Traceback" not in result.stderr


def test_output_into_a_missing_folder_is_a_user_error(cli, multi, tmp_path):
    result = cli("report", "--data", str(multi), "-o", str(tmp_path / "no" / "such" / "r.json"), "-f", "json")
    assert result.exit_code == 2 and "--output: no folder" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "markdown", "html"])
def test_reruns_are_byte_identical(cli, multi, tmp_path, fmt):
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    args = ["--data", str(multi), "-r", RUBRICS[0], "-r", RUBRICS[1], "-f", fmt]
    run_ok(cli, *args, "-o", str(one))
    run_ok(cli, *args, "-o", str(two))
    assert one.read_bytes() == two.read_bytes() and one.stat().st_size > 300
    stdout = run_ok(cli, *args).stdout
    if fmt != "table":  # the terminal table follows the terminal's width; the file's is fixed
        assert stdout.encode("utf-8") == one.read_bytes()


def test_every_format_has_a_writer():
    from allyscore.cli.report import ReportFormat, writer

    assert {f.value for f in ReportFormat} == {"table", "json", "jsonl", "csv", "markdown", "html"}
    assert len({writer(f) for f in ReportFormat}) == len(ReportFormat)


# --- streaming, progress, imports --------------------------------------------------------------

def test_entries_are_produced_lazily_and_jsonl_flushes_each(multi, monkeypatch):
    import allyscore
    import allyscore.report as report
    from allyscore.formats.report_json import write_lines

    data = allyscore.load_dataset(multi)
    plan = report.plan_report(data, [allyscore.resolve_rubric(catalog=set(data.dimensions))], None)
    calls = []
    real = report.score_tie
    monkeypatch.setattr(report, "score_tie", lambda *a: calls.append(1) or real(*a))
    entries = plan.entries()
    assert calls == []
    next(entries)
    assert len(calls) == 1

    class Stream(io.StringIO):
        flushed: list[int] = []

        def flush(self) -> None:
            self.flushed.append(self.getvalue().count("\n"))

    def watched():
        for i, entry in enumerate(plan.entries()):
            assert out.getvalue().count("\n") == i  # each earlier entry is already written
            yield entry

    out = Stream()
    write_lines(plan.header(), watched(), out)
    assert out.flushed == [1, 2, 3, 4]


def test_progress_only_for_long_runs_on_a_terminal():
    from allyscore.cli.report import PROGRESS_MIN, want_progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert want_progress(PROGRESS_MIN, Tty())
    assert not want_progress(PROGRESS_MIN - 1, Tty())
    assert not want_progress(PROGRESS_MIN, io.StringIO())


# --- html ------------------------------------------------------------------------------------------

def test_html_is_self_contained_and_has_the_numbers(cli, multi):
    out = run_ok(cli, "--data", str(multi), "-r", RUBRICS[0], "-f", "html").stdout
    assert out.startswith("<!DOCTYPE html>") and out.count("<svg") == len(PAIRS)
    links = re.findall(r'<a href="([^"]*)" rel="noopener noreferrer">', out)  # sources, followed only when clicked
    assert links and all(link.startswith(("https://", "http://")) for link in links)
    fetched = re.sub(r'<a href="[^"]*" rel="noopener noreferrer">', "<a>", out)
    assert not re.search(r"https?:|//[a-z]|<link|@import|url\(|\ssrc=", fetched, re.I)
    assert "default-src 'none'" in out  # the browser itself refuses any fetch
    for a, b in PAIRS:
        expected = rate_json(cli, multi, a, b, RUBRICS[0])
        assert f'data-value="{expected["score"]!r}">{expected["score"]:.1f}</td>' in out
        section = out.split(f'id="tie-{a}-{b}"', 1)[1].split('<section class="tie"', 1)[0]
        for dim in expected["dimensions"]:
            assert f"<td class=num>{dim['contribution']:.1f}</td>" in section


def test_html_renders_in_headless_chromium(cli, multi, tmp_path):
    from allyscore.formats.report_html import BAR, HEAD

    page = tmp_path / "report.html"
    run_ok(cli, "--data", str(multi), "-r", RUBRICS[0], "-f", "html", "-o", str(page))
    shot, netlog = tmp_path / "shot.png", tmp_path / "net.json"
    done = chromium(page.as_uri(), tmp_path, f"--screenshot={shot}", f"--log-net-log={netlog}")
    assert shot.exists(), done.stderr[-2000:]

    width, height, rows = read_png(shot)
    assert (width, height) == (1200, 1600)
    head, bar = hex_rgb(HEAD), hex_rgb(BAR)
    head_rows = [y for y, row in enumerate(rows) if sum(near(p, head) for p in row) > 200]
    bar_rows = [y for y, row in enumerate(rows) if sum(near(p, bar) for p in row) > 5]
    assert head_rows, "the summary table's header row is not on screen"
    assert bar_rows and min(bar_rows) > max(head_rows), "no chart bar below the summary table"
    bands = sum(1 for y in bar_rows if y - 1 not in bar_rows)
    first = rate_json(cli, multi, *PAIRS[0], RUBRICS[0])  # on screen: the first tie's chart (its evidence follows)
    costly = sum(1 for d in first["dimensions"] if d["contribution"] > 0 and d["signal"] != "cheap")
    assert bands >= costly >= 3, f"only {bands} bars drawn"
    table_area = rows[max(head_rows) + 1:min(bar_rows) - 40]
    assert sum(p != (255, 255, 255) for row in table_area for p in row) > 2000, "the table's rows are empty"
    assert page_requests(netlog) == []

    # the check above sees a page that does fetch something
    leak = tmp_path / "leak.html"
    leak.write_text('<img src="http://example.invalid/x.png">', encoding="utf-8")
    chromium(leak.as_uri(), tmp_path, f"--log-net-log={netlog}", "--dump-dom")
    assert page_requests(netlog) == ["http://example.invalid/x.png"]


def test_html_sort_script_runs_in_chromium(cli, multi, tmp_path):
    page = tmp_path / "report.html"
    run_ok(cli, "--data", str(multi), "-r", RUBRICS[0], "-f", "html", "-o", str(page))
    done = chromium(page.as_uri() + "#sort=-score", tmp_path, "--dump-dom")
    dom = done.stdout
    assert 'data-sortable="ready"' in dom and 'data-sorted-by="-score"' in dom, done.stderr[-2000:]
    body = dom.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    scores = [float(s) for s in re.findall(r'<td class="num" data-value="([0-9.]+)">[0-9.]+</td><td data-value',
                                         body)]
    assert len(scores) == len(PAIRS) and scores == sorted(scores, reverse=True)
    assert scores != sorted(scores)  # the file itself lists them by pair, not by score
