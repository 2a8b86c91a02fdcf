"""`allyscore calibrate`: the shipped reference file, the agreement of the default rubric, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allyscore.calibrate import calibrate, load_reference
from allyscore.dataset import load_dataset
from allyscore.rubric import resolve_rubric

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference.yaml"

# Measured with `allyscore calibrate` on the shipped files (see README): 29 of 36 entries. The issue
# asked for 90%; the rubric's rationale does not reach it, and the disagreements are listed in the README.
MEASURED_AGREEMENT = 29 / 36


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def result(data):
    rubric = resolve_rubric(None, catalog=set(data.dimensions))
    return calibrate(data, rubric, load_reference(REFERENCE, data), str(REFERENCE), draws=500)


def test_the_reference_file_covers_every_bundled_tie_with_cited_judgments(data):
    ref = load_reference(REFERENCE, data)
    tied = {tuple(sorted(r.pair)) for r in ref.references}
    assert tied == set(data.ties)  # the 9 first ties and the 18 calibration ties, each judged
    defined = {s.id for s in ref.sources} | set(data.sources)
    for entry in ref.references:
        assert entry.judgments and all(j.source in defined for j in entry.judgments)
        assert entry.label in {j.label for j in entry.judgments}  # the class is some expert's class
        if not entry.split:
            assert {j.label for j in entry.judgments} <= {entry.label, "insufficient_evidence"}


def test_the_default_rubric_agrees_with_the_reference_classes(result):
    assert result.rubric.ref == "costly-signals@2.0.0"
    assert result.agreement >= MEASURED_AGREEMENT - 1e-9
    assert result.within_judgments >= 32  # the label is some cited expert's class
    # the verdicts, as of today
    current = {e.pair: e for e in result.entries if e.as_of == max(x.as_of for x in result.entries)}
    for pair in [("IRN", "RUS"), ("CHN", "IRN"), ("GBR", "USA"), ("PRK", "RUS"), ("ARM", "RUS"), ("ISR", "USA")]:
        assert current[pair].agrees, pair
    assert current[("CHN", "PRK")].label != "axis_of_convenience"


def test_the_new_rubric_agrees_more_than_the_old_one(data, result):
    old = calibrate(data, resolve_rubric("costly-signals@1.1.0", catalog=set(data.dimensions)),
                    load_reference(REFERENCE, data))
    assert old.foreign == ("strategic_partnership",)  # 1.1.0 has no such label
    assert old.agreeing < result.agreeing


def test_confusion_matrix_disagreements_and_probabilities(result):
    counts = result.confusion()
    assert sum(map(sum, counts)) == len(result.entries)
    assert sum(counts[i][i] for i in range(len(counts))) == result.agreeing
    assert len(result.disagreements) == len(result.entries) - result.agreeing
    for entry in result.entries:
        assert entry.reasons  # the definition (or rule) that produced the label
        assert sum(entry.probabilities.values()) == pytest.approx(1.0)
        assert entry.interval[0] <= entry.score <= entry.interval[1] or entry.label == "insufficient_evidence"


def test_cli_table_and_json(cli):
    table = cli("calibrate", "--draws", "200")
    assert table.exit_code == 0, table.stderr
    out = " ".join(table.stdout.split())
    assert "costly-signals@2.0.0 against allyscore-reference: agreement" in out
    assert "Confusion matrix" in out and "Disagreements" in out and "P(ref)" in out
    assert table.stderr == ""
    doc = json.loads(cli("calibrate", "--draws", "200", "--seed", "7", "-f", "json").stdout)
    again = json.loads(cli("calibrate", "--draws", "200", "--seed", "7", "-f", "json").stdout)
    assert doc == again and doc["seed"] == 7
    assert doc["agreement"]["agree"] == sum(e["agrees"] for e in doc["entries"])
    assert doc["confusion"]["labels"][:2] == ["alliance", "de_facto_alliance"]
    syria = [e for e in doc["entries"] if e["pair"] == ["RUS", "SYR"]]
    assert [e["as_of"] for e in syria] == ["2020-01-01", "2026-11-26"]  # dated classes, scored as of their date
    assert syria[0]["label"] == "de_facto_alliance"
    no_draws = json.loads(cli("calibrate", "--draws", "0", "-f", "json").stdout)
    assert "label_probabilities" not in no_draws["entries"][0] and no_draws["seed"] is None


REF_HEAD = """schema_version: 1
name: t
sources:
  - {id: s1, publisher: P, title: T, date: 2024-01-01}
references:
"""


@pytest.mark.parametrize("body, message", [
    ("  - {pair: [IRN, RUS], class: axis_of_convenience, as_of: 2025-01-01,\n"
     "     judgments: [{source: nosuch, class: axis_of_convenience, says: x}]}\n",
     "t.yaml:7:27: references[0].judgments[0].source: unknown source 'nosuch' (define it under sources, or in "
     "the dataset)"),
    ("  - {pair: [IRN, FRA], class: alliance, as_of: 2025-01-01, judgments: [{source: s1, class: alliance, says: x}]}\n",
     "t.yaml:6:12: references[0].pair: the dataset has no tie IRN-FRA"),
    ("  - {pair: [IRN, RUS], clas: alliance, as_of: 2025-01-01, judgments: [{source: s1, class: alliance, says: x}]}\n",
     "t.yaml:6:5: references[0].class: required key is missing\n"
     "allyscore: t.yaml:6:24: references[0].clas: unknown key 'clas' (allowed: pair, class, as_of"),
    ("  - {pair: [IRN, RUS], class: alliance, as_of: 2099-01-01, judgments: [{source: s1, class: alliance, says: x}]}\n",
     "t.yaml:6:48: references[0].as_of: 2099-01-01 is after the dataset's as_of (2026-11-26)"),
])
def test_bad_reference_files_say_where(cli, tmp_path, monkeypatch, body, message):
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text(REF_HEAD + body, encoding="utf-8")
    result = cli("calibrate", "t.yaml", "--draws", "0")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("allyscore: " + message), result.stderr
