"""Issue 18, outputs: -o names the format, pipes are not wrapped, -u reaches every report format,
probabilities read the same everywhere, the HTML report explains itself."""

from __future__ import annotations

import json
import re

import pytest

from allyscore.formats.report_common import probability


def run_ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("name, starts", [
    ("r.html", "<!DOCTYPE html>"), ("r.json", '{\n  "header"'), ("r.jsonl", '{"schema_version"'),
    ("r.csv", "pair,"), ("r.md", "# allyscore report"), ("r.txt", "allyscore report ·"),
    ("r.HTML", "<!DOCTYPE html>"), ("r.unknown", "allyscore report ·"),
])
def test_output_extension_names_the_format(cli, tmp_path, name, starts):
    target = tmp_path / name
    run_ok(cli, "report", "iran:russia", "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith(starts)


def test_format_agreeing_with_the_extension_is_fine(cli, tmp_path):
    run_ok(cli, "report", "iran:russia", "-f", "csv", "-o", str(tmp_path / "r.csv"))
    run_ok(cli, "report", "iran:russia", "-f", "csv", "-o", str(tmp_path / "r.data"))  # no implied format


def test_format_contradicting_the_extension_is_an_error_and_writes_nothing(cli, tmp_path):
    target = tmp_path / "r.csv"
    result = cli("report", "iran:russia", "-f", "json", "-o", str(target))
    assert result.exit_code == 2 and not target.exists()
    assert "--format json contradicts --output" in result.stderr and "names csv" in result.stderr


def test_piped_evidence_keeps_every_url_whole(runner):
    from allyscore.cli import app
    from allyscore.dataset import load_dataset

    data = load_dataset()
    result = runner.invoke(app, ["rate", "iran", "russia", "--evidence"], env={"COLUMNS": None, "FORCE_COLOR": None})
    assert result.exit_code == 0, result.stderr
    cited = re.findall(r"^    \[([^\]]+)\] (.*)$", result.stdout, re.M)
    with_url = [(sid, line) for sid, line in cited if data.sources[sid].url]
    assert len(with_url) > 10
    for sid, line in with_url:
        assert line.endswith(data.sources[sid].url), line
    assert max(len(line) for line in result.stdout.splitlines()) > 120  # prose is not wrapped at 80 either


def test_columns_still_sets_the_width_when_asked(runner):
    from allyscore.cli import app

    result = runner.invoke(app, ["rate", "iran", "russia"], env={"COLUMNS": "60", "FORCE_COLOR": None})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    for value in ("48.6", "medium", "Weight", "2026-11-26", "Axis of convenience"):  # no value is cut
        assert value in result.stdout


@pytest.mark.parametrize("p, text", [(0, "0%"), (0.0004, "<1%"), (0.005, "<1%"), (0.011, "1%"), (0.5, "50%"),
                                     (0.996, ">99%"), (1.0, "100%")])
def test_probabilities_read_the_same_everywhere(p, text):
    assert probability(p) == text


def _interval(cli):
    entry = json.loads(run_ok(cli, "report", "iran:russia", "-u", "--draws", "400", "-f", "jsonl").stdout)
    return f"{entry['interval']['low']:.1f}–{entry['interval']['high']:.1f}", entry


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_uncertainty_reaches_table_markdown_and_html(cli, fmt):
    interval, entry = _interval(cli)
    out = run_ok(cli, "report", "iran:russia", "-u", "--draws", "400", "-f", fmt).stdout
    assert interval in out
    assert probability(entry["label_probabilities"][entry["label"]]).replace("<", "&lt;") in out
    plain = run_ok(cli, "report", "iran:russia", "-f", fmt).stdout
    assert interval not in plain


def test_html_report_explains_itself(cli):
    from allyscore.rubric import resolve_rubric

    html = run_ok(cli, "report", "iran:russia", "-f", "html").stdout
    assert "Not an alliance: no direction has formal_commitment &gt;= 3" in html
    rubric = resolve_rubric()
    from html import escape

    for spec in rubric.model.labels.values():
        assert f">{escape(spec.title)}</dt>" in html
        if spec.description:
            assert escape(spec.description) in html
    assert re.search(r"<dt>Say–do gap</dt><dd>[^<]+</dd>", html)


def test_report_header_lists_label_definitions(cli):
    doc = json.loads(run_ok(cli, "report", "iran:russia", "-f", "json").stdout)
    labels = doc["header"]["rubrics"][0]["labels"]
    assert [label["id"] for label in labels][:1] == ["alliance"]
    assert all(set(label) == {"id", "title", "definition"} for label in labels)


def test_html_report_carries_the_evidence_and_crises(cli):
    from html import escape

    html = run_ok(cli, "report", "iran:russia", "-f", "html").stdout
    rate = json.loads(run_ok(cli, "rate", "iran", "russia", "--evidence", "-f", "json").stdout)
    section = html.split('id="tie-IRN-RUS"', 1)[1]
    for dim in rate["dimensions"]:
        for obs in dim["evidence"]:
            assert escape(obs["claim"]) in section
            for src in obs["sources"]:
                if src.get("url"):
                    assert f'<a href="{escape(src["url"])}" rel="noopener noreferrer">' in section
    for crisis in rate["crises"]:
        assert escape(crisis["name"]) in section
    assert section.count("Gap to an ally") == sum(len(c["responses"]) for c in rate["crises"])
    assert html.count('<section class="evidence">') == 1


def test_html_links_only_web_addresses():
    from allyscore.formats.report_html import _link

    assert _link("javascript:alert(1)", "x") == "x"
    assert _link("https://a.example/?q=<b>", "t") == '<a href="https://a.example/?q=&lt;b&gt;" rel="noopener noreferrer">t</a>'


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "markdown"])
def test_rate_writes_what_report_writes_for_one_tie(cli, fmt):
    rate = run_ok(cli, "rate", "iran", "russia", "-f", fmt).stdout
    report = run_ok(cli, "report", "iran:russia", "-f", fmt).stdout
    assert rate == report


def test_history_and_bloc_rows_for_scripts(cli):
    import csv
    import io

    doc = json.loads(run_ok(cli, "history", "iran", "russia", "-f", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run_ok(cli, "history", "iran", "russia", "-f", "csv").stdout)))
    assert [r["date"] for r in rows] == [p["date"] for p in doc["points"]]
    assert [float(r["score"]) for r in rows] == [p["score"] for p in doc["points"]]
    lines = run_ok(cli, "history", "iran", "russia", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["changes"] for line in lines] == [[c["text"] for c in p["changes"]]
                                                               for p in doc["points"]]
    assert run_ok(cli, "history", "iran", "russia", "-f", "markdown").stdout.count("\n| IRN | RUS |") == len(rows)
    bloc = [json.loads(line) for line in run_ok(cli, "bloc", "iran", "russia", "china", "-f", "jsonl").stdout.splitlines()]
    assert len(bloc) == 3 and {tuple(sorted((r["a"], r["b"]))) for r in bloc} == {("CHN", "IRN"), ("IRN", "RUS"),
                                                                                  ("CHN", "RUS")}


@pytest.mark.parametrize("args", [
    ["report", "iran:russia", "-f", "csv"], ["rate", "iran", "russia", "-f", "csv"],
    ["history", "iran", "russia", "-f", "csv"], ["bloc", "iran", "russia", "-f", "csv"],
    ["diff", "costly-signals@1.0.0", "costly-signals@1.1.0", "-f", "csv"],
    ["sensitivity", "iran", "russia", "--draws", "100", "-f", "csv"],
], ids=lambda a: a[0])
def test_one_column_vocabulary_for_the_two_countries(cli, args):
    header = run_ok(cli, *args).stdout.splitlines()[0].split(",")
    assert {"a", "b", "a_name", "b_name"} <= set(header)
    assert not {"name_a", "name_b", "country_a", "country_b"} & set(header)


def test_rate_explain_gives_the_rubrics_definitions_and_the_units(cli):
    from allyscore.formats.report_common import TERMS
    from allyscore.rubric import resolve_rubric

    out = run_ok(cli, "rate", "iran", "russia", "--explain").stdout
    for key, spec in resolve_rubric().model.labels.items():
        assert f"{spec.title}: {spec.description}" in out
    assert "  → Axis of convenience:" in out  # the tie's own label is marked
    for term, text in TERMS:
        assert f"{term}: {text}" in out
    assert "What the words mean" not in run_ok(cli, "rate", "iran", "russia").stdout


def test_rubrics_show_gives_label_definitions_and_readable_prose(cli):
    from allyscore.cli.rubrics import reflow

    out = run_ok(cli, "rubrics", "show", "costly-signals@1.0.0").stdout
    assert "Labels" in out and "Hollow alliance: A defence pledge on paper" in out
    lines = out.split("Rationale", 1)[1].strip().splitlines()
    assert any(line.startswith("Labels: a score of 60 or more") for line in lines)  # a paragraph after the list
    assert sum(line.startswith("- ") for line in lines) == 6
    assert reflow("a\nb\n\n- one\n  more\n- two\nafter\n") == "a b\n\n- one more\n- two\nafter"


@pytest.mark.parametrize("args", [
    ["rate", "iran", "russia", "-u", "--draws", "200"], ["report", "-u", "--draws", "200"],
    ["history", "iran", "russia"], ["bloc", "iran", "russia", "china"],
    ["diff", "costly-signals@1.0.0", "costly-signals@1.1.0"], ["data", "audit"],
    ["sensitivity", "iran", "russia", "--draws", "200"], ["rubrics", "list"], ["rubrics", "show"],
], ids=lambda a: " ".join(a[:2]))
def test_a_narrow_terminal_wraps_and_never_cuts_a_value(runner, args):
    from allyscore.cli import app

    result = runner.invoke(app, args, env={"COLUMNS": "60", "FORCE_COLOR": None})
    assert result.exit_code == 0, result.stderr
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 60


def test_history_names_dimensions_by_title(cli):
    out = run_ok(cli, "history", "iran", "russia").stdout
    assert "Formal commitment IRN->RUS 2" in out and "formal_commitment" not in out


def test_the_terminal_follows_the_order_typed(cli):
    ir = run_ok(cli, "rate", "iran", "russia").stdout
    ri = run_ok(cli, "rate", "russia", "iran").stdout
    assert ir.startswith("Iran – Russia") and ri.startswith("Russia – Iran")
    assert "│ Military aid         │    3    │    1    │" in ir
    assert "│ Military aid         │    1    │    3    │" in ri
    assert "Asymmetry +0.19: Iran gives Russia more" in ir and "Asymmetry -0.19: Iran gives Russia more" in ri
    assert "each gives, of its most: Iran 58%, Russia 40%" in ir
    assert "each gives, of its most: Russia 40%, Iran 58%" in ri
    assert run_ok(cli, "rate", "russia", "iran", "-f", "json").stdout == run_ok(cli, "rate", "iran", "russia",
                                                                                 "-f", "json").stdout


def test_sensitivity_rows_for_scripts(cli):
    import csv
    import io

    doc = json.loads(run_ok(cli, "sensitivity", "iran", "russia", "--draws", "200", "-f", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(
        run_ok(cli, "sensitivity", "iran", "russia", "--draws", "200", "-f", "csv").stdout)))
    assert [r["dimension"] for r in rows] == [d["id"] for d in doc["one_at_a_time"]]
    assert [float(r["variance_share"]) for r in rows] == [d["first_order"] for d in doc["one_at_a_time"]]
    assert rows[0]["dimension_name"] == "Formal commitment" and {"a", "b", "a_name", "b_name"} <= set(rows[0])


def test_html_report_prints_to_pdf_in_headless_chromium_without_a_request(cli, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from report_helpers import chromium, page_requests

    page = tmp_path / "ties.html"
    run_ok(cli, "report", "-u", "--draws", "200", "-o", str(page))
    pdf, netlog = tmp_path / "ties.pdf", tmp_path / "net.json"
    done = chromium(page.as_uri(), tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    f"--log-net-log={netlog}")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), done.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages >= 5, pages  # nine ties with their evidence do not fit on a few pages
    assert page_requests(netlog) == []
