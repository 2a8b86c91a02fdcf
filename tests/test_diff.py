"""`allyscore diff`: attribution, labels and ranks, `--exit-code`, formats, errors, and a golden diff.

Hand computations use tests/fixtures/mini.yaml (one tie, Iran-Russia, as of 2024-01-01) under
costly-signals@1.0.0 (weights: formal_commitment 3, crisis_support 4, military_aid 3, rhetoric 0.5, ...).
Known on 2024-01-01: formal_commitment 2 (0.5), military_aid mean(4, 0) = 2 (0.5), rhetoric 4 (1.0),
crisis_support 0 (only RUS->IRN is known). Unknown dimensions are left out, so the score is
(3*0.5 + 3*0.5 + 0.5*1 + 4*0) / 10.5 = 33.333333, and coverage 10.5/18.5 = 57% < 60% makes the label
insufficient_evidence.

The golden test compares the diff of the shipped costly-signals@1.0.0 and @1.1.0 on the bundled dataset
with tests/golden/diff-costly-signals-1.0.0-1.1.0.json. The bundled dataset is still growing: when it
(or a shipped rubric) changes on purpose, review the change and regenerate the golden file with

    ALLYSCORE_UPDATE_GOLDEN=1 python -m pytest tests/test_diff.py -k golden

then look at `git diff tests/golden/` before committing it.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from allyscore.dataset import load_dataset
from allyscore.diff import _ranks, diff, resolve_pair
from allyscore.errors import LookupFailed
from allyscore.diff import diff_dict
from allyscore.formats.diff import diff_csv, diff_markdown
from allyscore.rubric import load_rubric, resolve_rubric

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = Path(__file__).parent / "examples"

RUBRIC_HEAD = "description: Test.\nchangelog: Test.\nextends: costly-signals@1.0.0\n"
# Coverage floor lowered so that mini's tie (57% coverage) gets a band label: 33.3 is an axis of convenience.
LOW_FLOOR = "missing: {min_coverage: 0.5}\n"
# The same, with the arm's-length band moved up to 40: 33.3 becomes arm's length. Scores do not move.
MOVED_BAND = LOW_FLOOR + ("bands:\n  - {label: arms_length, min: 0, max: 40}\n"
                          "  - {label: axis_of_convenience, min: 40, max: 60}\n"
                          "  - {label: alliance, min: 60, max: 100}\n")


@pytest.fixture
def rubric_files(tmp_path):
    """base.yaml (low coverage floor) and moved.yaml (the same with a band moved): a label flip."""
    base, moved = tmp_path / "base.yaml", tmp_path / "moved.yaml"
    base.write_text(f"name: base\nversion: 1.0.0\n{RUBRIC_HEAD}{LOW_FLOOR}")
    moved.write_text(f"name: moved\nversion: 1.0.0\n{RUBRIC_HEAD}{MOVED_BAND}")
    return base, moved


@pytest.fixture
def mini(mini_path):
    return load_dataset(mini_path)


def _sum(changes) -> float:
    return sum(c.delta for c in changes)


# --- the core ------------------------------------------------------------------------------------

def test_weight_change_attribution_by_hand_and_sums_to_delta(mini):
    old = resolve_rubric("costly-signals@1.0.0", catalog=set(mini.dimensions))
    new = old.with_weights({"rhetoric": 0})
    (tie,) = diff(mini, old, new).ties
    # new: (3*0.5 + 3*0.5) / 10 = 30.0; old 33.333333
    assert tie.old.score == pytest.approx(33.333333) and tie.new.score == pytest.approx(30.0)
    assert tie.delta == pytest.approx(-3.333333)
    moved = {c.id: c.delta for c in tie.attribution}
    assert moved["rhetoric"] == pytest.approx(-100 * 0.5 / 10.5, abs=1e-6)  # -4.761905
    assert moved["formal_commitment"] == pytest.approx(15 - 100 * 1.5 / 10.5, abs=1e-6)  # +0.714286
    assert moved["military_aid"] == pytest.approx(0.714286, abs=1e-6)
    assert moved["crisis_support"] == 0 and moved["technology_transfer"] == 0
    assert _sum(tie.attribution) == pytest.approx(tie.delta, abs=1e-5)
    assert [c.id for c in tie.attribution][0] == "rhetoric"  # the largest change first
    assert {c.status for c in tie.attribution if c.id == "rhetoric"} == {"changed"}
    assert next(c for c in tie.attribution if c.id == "crisis_support").status == "unchanged"
    assert not tie.label_changed and tie.old.label == tie.new.label == "insufficient_evidence"


def test_attribution_sums_to_delta_on_every_bundled_tie():
    data = load_dataset()
    catalog = set(data.dimensions)
    old, new = (resolve_rubric(r, catalog=catalog) for r in ("costly-signals@1.0.0", "costly-signals@1.1.0"))
    for result in (diff(data, old, new), diff(data, old, new.with_weights({"rhetoric": 3, "crisis_support": 1})),
                   diff(data, new, as_of_old=dt.date(2025, 6, 1), as_of_new=dt.date(2025, 7, 1))):
        assert result.ties
        for tie in result.ties:
            n = len(tie.attribution)
            assert _sum(tie.attribution) == pytest.approx(tie.delta, abs=1e-6 * (n + 1)), tie.pair
            for c in tie.attribution:
                assert c.delta == pytest.approx(c.new_contribution - c.old_contribution, abs=1e-6)


def test_two_dates_with_one_rubric_by_hand(mini):
    rubric = resolve_rubric("costly-signals@1.0.0", catalog=set(mini.dimensions))
    result = diff(mini, rubric, as_of_old=dt.date(2019, 6, 1), as_of_new=dt.date(2024, 1, 1))
    (tie,) = result.ties
    # 2019-06-01: only formal_commitment is known, at level 1: score 25.0
    assert tie.old.score == pytest.approx(25.0) and tie.new.score == pytest.approx(33.333333)
    moved = {c.id: c.delta for c in tie.attribution}
    assert moved["formal_commitment"] == pytest.approx(100 * 1.5 / 10.5 - 25, abs=1e-6)  # -10.714286
    assert moved["military_aid"] == pytest.approx(14.285714, abs=1e-6)
    assert moved["rhetoric"] == pytest.approx(4.761905, abs=1e-6)
    assert _sum(tie.attribution) == pytest.approx(tie.delta, abs=1e-5)
    assert result.old.rubric is result.new.rubric
    assert (result.old.as_of, result.new.as_of) == (dt.date(2019, 6, 1), dt.date(2024, 1, 1))
    # --as-of sets whichever side has no date of its own
    half = diff(mini, rubric, as_of=dt.date(2024, 1, 1), as_of_old=dt.date(2019, 6, 1))
    assert half.ties[0].delta == tie.delta


def test_added_and_removed_dimensions(mini):
    tiny = load_rubric(EXAMPLES / "good" / "tiny-rubric.yaml", set(mini.dimensions))  # 2 dimensions, weight 1 each
    full = resolve_rubric("costly-signals@1.0.0", catalog=set(mini.dimensions))
    forward = diff(mini, tiny, full)
    assert set(forward.added) == set(full.model.dimensions) - {"formal_commitment", "military_aid"}
    assert forward.removed == ()
    (tie,) = forward.ties
    # tiny: (0.5 + 0.5) / 2 = 50.0 (label high); full: 33.333333
    assert tie.old.score == pytest.approx(50.0) and tie.old.label == "high"
    status = {c.id: c.status for c in tie.attribution}
    assert status["rhetoric"] == "added" and status["crisis_support"] == "added"
    assert status["formal_commitment"] == "changed"
    rhetoric = next(c for c in tie.attribution if c.id == "rhetoric")
    assert (rhetoric.old_weight, rhetoric.old_value, rhetoric.old_contribution) == (None, None, 0.0)
    assert rhetoric.delta == pytest.approx(4.761905, abs=1e-6)
    assert next(c for c in tie.attribution if c.id == "formal_commitment").delta == pytest.approx(-10.714286, abs=1e-6)
    assert _sum(tie.attribution) == pytest.approx(tie.delta, abs=1e-5) and tie.delta == pytest.approx(-16.666667)
    assert tie.label_changed

    backward = diff(mini, full, tiny)
    assert set(backward.removed) == set(forward.added) and backward.added == ()
    assert {c.id: c.status for c in backward.ties[0].attribution}["rhetoric"] == "removed"
    assert backward.ties[0].delta == -tie.delta


def test_label_flip_from_a_moved_band_with_no_score_change(mini, rubric_files):
    base, moved = (load_rubric(p, set(mini.dimensions)) for p in rubric_files)
    (tie,) = diff(mini, base, moved).ties
    assert tie.delta == 0 and all(c.delta == 0 for c in tie.attribution)
    assert (tie.old.label, tie.new.label) == ("axis_of_convenience", "arms_length")
    assert tie.label_changed and diff(mini, base, moved).label_changes == (tie,)


def test_ranks_are_competition_ranks():
    ranks = _ranks({("A", "B"): 50.0, ("B", "C"): 70.0, ("C", "D"): 50.0, ("D", "E"): 10.0})
    assert ranks == {("B", "C"): 1, ("A", "B"): 2, ("C", "D"): 2, ("D", "E"): 4}


def test_sorted_by_size_of_change_then_pair_and_ranked_among_all_ties():
    data = load_dataset()
    catalog = set(data.dimensions)
    rubric = resolve_rubric("costly-signals@1.1.0", catalog=catalog)
    result = diff(data, rubric, rubric.with_weights({"rhetoric": 4}))
    keys = [(-abs(t.delta), t.pair) for t in result.ties]
    assert keys == sorted(keys) and len(result.ties) == len(data.ties) == result.ranked
    assert sorted(t.old_rank for t in result.ties)[0] == 1
    for t in result.ties:
        assert t.rank_change == t.old_rank - t.new_rank
        assert t.old_rank == 1 + sum(1 for u in result.ties if u.old.score > t.old.score)
    # a subset keeps the ranks it had among all ties
    one = diff(data, rubric, rubric.with_weights({"rhetoric": 4}), [("RUS", "IRN")])
    (tie,) = one.ties
    full = next(t for t in result.ties if t.pair == ("IRN", "RUS"))
    assert (tie.old_rank, tie.new_rank) == (full.old_rank, full.new_rank)


def test_resolve_pair(mini):
    assert resolve_pair(mini, "russian federation:Iran") == ("IRN", "RUS")
    for text, message in [("iran:rusia", "did you mean 'russia'"), ("iran", "is not a pair"),
                          ("iran:", "is not a pair"), ("iran:china", "no tie between Iran and China")]:
        with pytest.raises(LookupFailed) as info:
            resolve_pair(mini, text)
        assert message in info.value.problems[0].format()


def test_diff_module_imports_no_cli_and_no_rich():
    package = Path(__file__).parent.parent / "allyscore"
    for path in (package / "diff.py", package / "formats" / "diff.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert name.split(".")[0] not in ("typer", "click") and not name.startswith("cli"), (path.name, name)
                # rich only inside the function that draws the table (formats.diff.render_diff)
                assert name.split(".")[0] != "rich" or node not in tree.body, (path.name, name)


# --- the command ---------------------------------------------------------------------------------

def test_exit_code_semantics(cli, mini_path, rubric_files):
    base, moved = (str(p) for p in rubric_files)
    data = ("--data", str(mini_path))
    same = cli("diff", base, base, *data, "--exit-code")
    assert same.exit_code == 0, same.stderr
    score_only = cli("diff", "costly-signals@1.0.0", "costly-signals@1.0.0", "-w", "rhetoric=0", *data, "--exit-code")
    assert score_only.exit_code == 0, score_only.stderr  # the score moved, the label did not
    flip = cli("diff", base, moved, *data, "--exit-code")
    assert flip.exit_code == 1 and flip.stderr == ""
    assert "⚠ Iran – Russia" in flip.stdout
    assert "Axis of convenience →" in flip.stdout and "Arm's length" in flip.stdout
    assert "1 label changed" in flip.stdout
    assert cli("diff", base, moved, *data).exit_code == 0  # without --exit-code, a diff is not a failure
    as_json = cli("diff", base, moved, *data, "--exit-code", "-f", "json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["summary"]["label_changes"] == 1


def test_json_records_both_rubrics_and_sums(cli, mini_path):
    result = cli("diff", "costly-signals@1.0.0", "costly-signals@1.1.0", "iran:russia", "--data", str(mini_path),
                 "-w", "rhetoric=0", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["kind"] == "diff" and doc["schema_version"] == 1
    old, new = doc["old"]["rubric"], doc["new"]["rubric"]
    assert (old["name"], old["version"], new["name"], new["version"]) == \
        ("costly-signals", "1.0.0", "costly-signals", "1.1.0")
    assert old["digest"].startswith("sha256:") and new["digest"].startswith("sha256:")
    assert old["digest"] != new["digest"]
    assert "weights_overridden" not in old and new["weights_overridden"] == {"rhetoric": 0.0}
    assert doc["dataset"]["name"] == "mini" and doc["old"]["as_of"] == doc["new"]["as_of"] == "2024-01-01"
    (tie,) = doc["ties"]
    assert tie["pair"] == ["IRN", "RUS"] and tie["old"]["rank"] == tie["new"]["rank"] == 1
    assert sum(a["delta"] for a in tie["attribution"]) == pytest.approx(tie["delta"], abs=1e-5)
    assert tie["delta"] == pytest.approx(tie["new"]["score"] - tie["old"]["score"], abs=1e-6)


def test_csv_parses_back(cli, mini_path, rubric_files):
    base, moved = (str(p) for p in rubric_files)
    result = cli("diff", base, moved, "--data", str(mini_path), "-f", "csv", "-w", "rhetoric=1")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["a"], row["b"], row["old_label"], row["new_label"], row["label_changed"]) == \
        ("IRN", "RUS", "axis_of_convenience", "arms_length", "true")
    assert (row["old_rubric"], row["old_version"], row["new_rubric"], row["new_version"]) == \
        ("base", "1.0.0", "moved", "1.0.0")
    assert row["old_digest"].startswith("sha256:") and row["new_digest"].startswith("sha256:")
    assert row["new_weights_overridden"] == "rhetoric=1" and row["old_weights_overridden"] == ""
    deltas = [float(v) for k, v in row.items() if k.startswith("delta_")]
    assert len(deltas) == 9 and sum(deltas) == pytest.approx(float(row["delta"]), abs=1e-5)
    # rhetoric weight 0.5 -> 1 (level 4): new (1.5 + 1.5 + 1) / 11 = 36.363636, arm's length under `moved`
    assert float(row["new_score"]) == pytest.approx(36.363636) and float(row["old_score"]) == pytest.approx(33.333333)


def test_markdown_and_table(cli, mini_path, rubric_files):
    base, moved = (str(p) for p in rubric_files)
    md = cli("diff", base, moved, "--data", str(mini_path), "-f", "markdown")
    assert md.exit_code == 0, md.stderr
    lines = md.stdout.splitlines()
    assert lines[0] == "## Diff: base@1.0.0 → moved@1.0.0"
    header = lines.index("| Tie | Old | New | Δ | Label | Rank | Moved by |")
    row = lines[header + 2]
    assert row.startswith("| **⚠ Iran – Russia** | 33.3 | 33.3 | ±0 | **Axis of convenience → Arm's length** |")
    assert row.count("|") == 8
    table = cli("diff", "costly-signals@1.0.0", "costly-signals@1.0.0", "--data", str(mini_path), "-w", "rhetoric=0")
    assert "weights overridden: rhetoric=0" in table.stdout
    assert "Rhetoric −4.8" in table.stdout and "−3.3" in table.stdout and "⚠" not in table.stdout


def test_two_dates_on_the_command_line(cli, mini_path):
    args = ("--data", str(mini_path), "-f", "json", "--as-of-old", "2019-06-01", "--as-of-new", "2024-01-01")
    one = cli("diff", "costly-signals@1.0.0", *args)
    assert one.exit_code == 0, one.stderr
    doc = json.loads(one.stdout)
    assert (doc["old"]["as_of"], doc["new"]["as_of"]) == ("2019-06-01", "2024-01-01")
    assert doc["old"]["rubric"] == doc["new"]["rubric"]
    assert doc["ties"][0]["delta"] == pytest.approx(8.333333)
    # no rubric: the default one, on both sides; a pair right after the options is still a pair
    default = json.loads(cli("diff", "iran:russia", *args).stdout)
    latest = resolve_rubric()
    assert default["old"]["rubric"]["version"] == latest.model.version == default["new"]["rubric"]["version"]
    table = cli("diff", "costly-signals@1.0.0", "--data", str(mini_path), "--as-of-old", "2019-06-01")
    assert "costly-signals@1.0.0: as of 2019-06-01 → as of 2024-01-01" in table.stdout


def test_output_is_deterministic_and_pair_order_does_not_matter(cli, mini_path):
    args = ("costly-signals@1.0.0", "costly-signals@1.1.0", "-f", "json")
    one = cli("diff", *args, "iran:russia", "russia:iran", "--data", str(mini_path)).stdout
    two = cli("diff", *args, "RUS:IRN", "--data", str(mini_path)).stdout
    assert one == two and len(json.loads(one)["ties"]) == 1


@pytest.mark.parametrize("args, message", [
    (["costly-signal", "costly-signals@1.1.0"],
     "allyscore: unknown rubric 'costly-signal' (did you mean 'costly-signals'? available: costly-signals@1.0.0"),
    (["costly-signals@1.0.0", "costly-signals@9.9.9"],
     "allyscore: rubric costly-signals has no version '9.9.9' (versions: 1.0.0, 1.1.0"),
    (["costly-signals@1.0.0", "missing/rubric.yaml"], "no rubric file 'missing/rubric.yaml'"),
    (["costly-signals@1.0.0", "costly-signals@1.1.0", "iran:rusia"], "unknown country 'rusia' (did you mean 'russia'"),
    (["costly-signals@1.0.0", "costly-signals@1.1.0", "iran:china"],
     "no tie between Iran and China (ties with either: iran:russia)"),
    (["costly-signals@1.0.0", "costly-signals@1.1.0", "iran:"], "'iran:' is not a pair (write two countries as A:B"),
    (["costly-signals@1.0.0", "costly-signals@1.1.0", "iran", "russia"], "too many rubrics"),
    (["costly-signals@1.0.0", "costly-signals@1.1.0", "iran:russia", "china"], "'china' comes after the pairs"),
    (["costly-signals@1.0.0"], "diff needs OLD and NEW rubrics (got only 'costly-signals@1.0.0')"),
    (["costly-signals@1.0.0", "costly-signals@1.1.0", "-w", "rhetorik=1"], "has no dimension 'rhetorik'"),
    (["costly-signals", "--as-of-old", "2025-02-30"], "--as-of-old: '2025-02-30' is not a date"),
])
def test_bad_input_is_one_line(cli, mini_path, args, message):
    result = cli("diff", *args, "--data", str(mini_path))
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_no_rubrics_without_dates_is_a_usage_error(cli):
    result = cli("diff")
    assert result.exit_code == 2 and "diff needs OLD and NEW rubrics" in result.stderr


def test_help_has_an_example(cli):
    result = cli("diff", "--help")
    assert result.exit_code == 0 and "Example" in result.stdout and "--exit-code" in result.stdout


# --- golden --------------------------------------------------------------------------------------

def test_golden_diff_of_the_shipped_default_rubric_versions():
    """The diff of costly-signals@1.0.0 -> @1.1.0 on the bundled dataset, byte for byte.

    Regenerate after an intended change of the bundled dataset or the shipped rubrics:
    ALLYSCORE_UPDATE_GOLDEN=1 python -m pytest tests/test_diff.py -k golden
    """
    from allyscore.atomic import write_atomic
    from allyscore.formats.jsonfmt import dumps

    data = load_dataset()
    catalog = set(data.dimensions)
    old, new = (resolve_rubric(r, catalog=catalog) for r in ("costly-signals@1.0.0", "costly-signals@1.1.0"))
    text = dumps(diff_dict(diff(data, old, new)))
    path = GOLDEN / "diff-costly-signals-1.0.0-1.1.0.json"
    if os.environ.get("ALLYSCORE_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, text)
    if not path.exists():
        pytest.fail(f"no golden file {path.name}: create it with ALLYSCORE_UPDATE_GOLDEN=1 python -m pytest "
                    "tests/test_diff.py -k golden")
    expected = json.loads(path.read_text(encoding="utf-8"))
    got = json.loads(text)
    if got["dataset"] != expected["dataset"]:
        was, now = expected["dataset"], got["dataset"]
        pytest.fail(f"the bundled dataset changed ({was['version']} {was['digest'][:15]} -> {now['version']} "
                    f"{now['digest'][:15]}): review the diff, then "
                    "regenerate with ALLYSCORE_UPDATE_GOLDEN=1 python -m pytest tests/test_diff.py -k golden")
    assert got == expected
    assert text == path.read_text(encoding="utf-8")
    # what 1.1.0 changes: crisis support folds by the weaker direction; no other contribution moves
    for tie in got["ties"]:
        assert [p["id"] for p in tie["attribution"] if p["delta"] != 0] in ([], ["crisis_support"]), tie["pair"]


def test_golden_markdown_matches_json():
    """The Markdown form of the golden diff agrees with the JSON form (scores, deltas, label changes)."""
    data = load_dataset()
    catalog = set(data.dimensions)
    old, new = (resolve_rubric(r, catalog=catalog) for r in ("costly-signals@1.0.0", "costly-signals@1.1.0"))
    result = diff(data, old, new)
    md = diff_markdown(result)
    rows = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith(("| Tie", "| ---"))]
    assert len(rows) == len(result.ties)
    for line, tie in zip(rows, result.ties):
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert cells[1] == f"{tie.old.score:.1f}" and cells[2] == f"{tie.new.score:.1f}"
        assert ("⚠" in cells[0]) == tie.label_changed
    assert len(list(csv.reader(io.StringIO(diff_csv(result))))) == len(result.ties) + 1


def test_golden_diff_of_the_major_revision_explains_every_move():
    """costly-signals@1.1.0 -> @2.0.0 on the bundled dataset, byte for byte, and every move explained:
    the attribution adds up to each delta, and each label change names the definition behind it.

    Regenerate after an intended change: ALLYSCORE_UPDATE_GOLDEN=1 python -m pytest tests/test_diff.py -k golden
    """
    from allyscore.atomic import write_atomic
    from allyscore.formats.jsonfmt import dumps

    data = load_dataset()
    catalog = set(data.dimensions)
    old, new = (resolve_rubric(r, catalog=catalog) for r in ("costly-signals@1.1.0", "costly-signals@2.0.0"))
    text = dumps(diff_dict(diff(data, old, new)))
    path = GOLDEN / "diff-costly-signals-1.1.0-2.0.0.json"
    if os.environ.get("ALLYSCORE_UPDATE_GOLDEN"):
        write_atomic(path, text)
    assert text == path.read_text(encoding="utf-8")
    got = json.loads(text)
    definitions = {c.reason for c in new.model.classes}
    for tie in got["ties"]:
        assert sum(p["delta"] for p in tie["attribution"]) == pytest.approx(tie["delta"], abs=1e-5), tie["pair"]
        assert tie["new"]["reasons"] and tie["new"]["reasons"][0] in definitions, tie["pair"]
    moved = {tuple(t["pair"]): (t["old"]["label"], t["new"]["label"]) for t in got["ties"] if t["label_changed"]}
    assert moved[("ISR", "USA")] == ("axis_of_convenience", "de_facto_alliance")
    assert moved[("CHN", "PRK")] == ("axis_of_convenience", "alliance")
    assert moved[("CHN", "RUS")] == ("axis_of_convenience", "strategic_partnership")
    # Iran-Russia: Russia's weakest crisis record (June 2025) pulls crisis support down; one-way flows count
    iran_russia = next(t for t in got["ties"] if t["pair"] == ["IRN", "RUS"])
    parts = {p["id"]: p["delta"] for p in iran_russia["attribution"]}
    assert parts["crisis_support"] < 0 < parts["military_aid"]
