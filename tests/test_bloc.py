"""`allyscore bloc`: every pair of a group, its cohesion and a verdict (hand-computed on tmp datasets)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

from allyscore.api import rate
from allyscore.bloc import ALLIANCE, AXIS, NEITHER, UNDETERMINED, score_bloc
from allyscore.dataset import load_dataset
from allyscore.errors import AllyscoreError
from allyscore.rubric import resolve_rubric

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


def uniform_tie(doc: dict, a: str, b: str, level: int) -> dict:
    """A tie whose every dimension (both directions where directed) sits at `level`.

    Under costly-signals with a linear transform and a weighted mean, its score is 100 * level / 4.
    """
    obs = []
    for dim in doc["dimensions"]:
        directions = [f"{a}->{b}", f"{b}->{a}"] if dim["directed"] else ["mutual"]
        for direction in directions:
            obs.append({"dimension": dim["id"], "direction": direction, "level": level, "confidence": "high",
                        "since": "2010-01-01", "claim": "test", "sources": ["src-a"]})
    return {"pair": [a, b], "observations": obs}


def write_dataset(tmp_path: Path, levels: dict[tuple[str, str], int], keep_mini: bool = False) -> Path:
    doc = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    if not keep_mini:
        doc["ties"], doc["crises"] = [], []
    doc["ties"] += [uniform_tie(doc, a, b, lvl) for (a, b), lvl in levels.items()]
    path = tmp_path / "bloc.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def rubric():
    return resolve_rubric("costly-signals@1.1.0")


def test_bloc_of_two_equals_the_pair(mini_path, rubric):
    data = load_dataset(mini_path)
    bloc = score_bloc(data, ["iran", "russia"], rubric)
    pair = rate(data, "iran", "russia", rubric)
    assert bloc.cohesion.mean == pytest.approx(pair.score) == pytest.approx(100 / 3)
    assert bloc.cohesion.weakest.score == pair.score and bloc.cohesion.weakest.pair == ("IRN", "RUS")
    assert bloc.matrix() == [[None, pair.score], [pair.score, None]]
    # the mini tie is "insufficient evidence" (coverage 10.5/18.5 < 60%): the bloc cannot be judged
    assert bloc.verdict.verdict == UNDETERMINED and bloc.verdict.held_back_by.pair == ("IRN", "RUS")


def test_bloc_of_two_alliance(tmp_path, rubric):
    data = load_dataset(write_dataset(tmp_path, {("USA", "GBR"): 4}))
    bloc = score_bloc(data, ["usa", "uk"], rubric)
    assert bloc.cohesion.mean == pytest.approx(100.0) == rate(data, "usa", "uk", rubric).score
    assert bloc.verdict.verdict == ALLIANCE and bloc.verdict.held_back_by is None


def test_cohesion_and_axis_verdict(tmp_path, rubric):
    # IRN-RUS level 4 -> 100 (alliance), IRN-CHN 3 -> 75 (alliance: formal commitment 3), RUS-CHN 2 -> 50 (axis)
    data = load_dataset(write_dataset(tmp_path, {("IRN", "RUS"): 4, ("IRN", "CHN"): 3, ("RUS", "CHN"): 2}))
    bloc = score_bloc(data, ["iran", "russia", "china"], rubric)
    scores = {p.pair: p.score for p in bloc.pairs}
    assert scores == {("IRN", "RUS"): pytest.approx(100), ("IRN", "CHN"): pytest.approx(75),
                      ("RUS", "CHN"): pytest.approx(50)}
    assert bloc.cohesion.mean == pytest.approx(75.0)
    assert bloc.cohesion.weakest.pair == ("RUS", "CHN") and bloc.cohesion.weakest.score == min(scores.values())
    assert bloc.cohesion.missing == ()
    assert bloc.verdict.verdict == AXIS and bloc.verdict.held_back_by.pair == ("RUS", "CHN")
    # the matrix is symmetric, in the order given, with an empty diagonal
    m = bloc.matrix()
    assert [m[i][i] for i in range(3)] == [None, None, None]
    assert m[0][2] == m[2][0] == pytest.approx(75) and m[1][2] == pytest.approx(50)


def test_weakest_link_is_the_minimum_and_sinks_the_bloc(tmp_path, rubric):
    # USA-GBR 100, USA-ISR 50, GBR-ISR 0 (arm's length: below the axis floor of 20)
    data = load_dataset(write_dataset(tmp_path, {("USA", "GBR"): 4, ("USA", "ISR"): 2, ("GBR", "ISR"): 0}))
    bloc = score_bloc(data, ["usa", "uk", "israel"], rubric)
    assert bloc.cohesion.mean == pytest.approx(50.0)
    assert bloc.cohesion.weakest.pair == ("GBR", "ISR") and bloc.cohesion.weakest.score == pytest.approx(0)
    assert bloc.verdict.verdict == NEITHER and bloc.verdict.held_back_by.pair == ("GBR", "ISR")
    assert "below the 20" in bloc.verdict.reason


def test_pairs_without_data_are_listed(tmp_path, rubric):
    data = load_dataset(write_dataset(tmp_path, {("IRN", "RUS"): 4, ("IRN", "CHN"): 2}))
    bloc = score_bloc(data, ["iran", "russia", "china", "dprk"], rubric)
    assert set(bloc.cohesion.missing) == {("RUS", "CHN"), ("IRN", "PRK"), ("RUS", "PRK"), ("CHN", "PRK")}
    assert bloc.cohesion.scored == 2 and bloc.cohesion.mean == pytest.approx(75.0)
    assert bloc.cohesion.weakest.pair == ("IRN", "CHN")
    assert bloc.verdict.verdict == UNDETERMINED and bloc.verdict.held_back_by.pair == ("IRN", "PRK")
    assert bloc.matrix()[1][2] is None


def test_a_pair_below_the_floor_decides_even_with_missing_pairs(tmp_path, rubric):
    data = load_dataset(write_dataset(tmp_path, {("IRN", "RUS"): 0}))
    bloc = score_bloc(data, ["iran", "russia", "china"], rubric)
    assert bloc.verdict.verdict == NEITHER and bloc.verdict.held_back_by.pair == ("IRN", "RUS")


def test_no_pair_has_data(tmp_path, rubric, cli):
    path = write_dataset(tmp_path, {("IRN", "RUS"): 2})
    bloc = score_bloc(load_dataset(path), ["china", "dprk"], rubric)
    assert bloc.cohesion.mean is None and bloc.cohesion.weakest is None
    assert bloc.cohesion.missing == (("CHN", "PRK"),)
    assert bloc.verdict.verdict == UNDETERMINED
    for fmt in ("table", "json", "markdown"):
        result = cli("bloc", "china", "dprk", "--data", str(path), "-f", fmt)
        assert result.exit_code == 0, result.stderr
    doc = json.loads(cli("bloc", "china", "dprk", "--data", str(path), "-f", "json").stdout)
    assert doc["cohesion"]["mean"] is None and doc["cohesion"]["missing"] == [["CHN", "PRK"]]


@pytest.mark.parametrize("args, message", [
    (["iran"], "a bloc needs at least two countries"),
    (["iran", "IRN"], "Iran is named twice"),
    (["iran", "narnia"], "unknown country 'narnia'"),
])
def test_bad_members(cli, mini_path, args, message):
    result = cli("bloc", *args, "--data", str(mini_path))
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_bloc_of_one_country_in_the_library(mini_path, rubric):
    with pytest.raises(AllyscoreError):
        score_bloc(load_dataset(mini_path), ["iran"], rubric)


def test_cli_outputs(cli, tmp_path):
    path = str(write_dataset(tmp_path, {("IRN", "RUS"): 4, ("IRN", "CHN"): 3, ("RUS", "CHN"): 2}))
    # the verdict reads score bands: costly-signals@1.1.0's (2.0.0 has ordered classes instead)
    table = cli("bloc", "iran", "russia", "china", "north korea", "--data", path, "-r", "costly-signals@1.1.0")
    assert table.exit_code == 0, table.stderr
    out = table.stdout
    assert "Bloc: Iran, Russia, China, North Korea" in out and "no data" in out
    assert "Cohesion 75.0 / 100 (mean of 3 of 6 pairs)" in out
    assert "Weakest link Russia–China 50.0 (Axis of convenience)" in out
    assert "No data: Iran–North Korea, Russia–North Korea, China–North Korea" in out
    assert "Verdict: Undetermined; held back by Iran–North Korea" in out
    assert table.stderr == ""

    doc = json.loads(cli("bloc", "iran", "russia", "china", "--data", path, "-f", "json",
                         "-r", "costly-signals@1.1.0").stdout)
    assert [c["code"] for c in doc["countries"]] == ["IRN", "RUS", "CHN"]
    assert doc["matrix"][0] == [None, 100.0, 75.0]
    assert doc["cohesion"]["mean"] == 75.0 and doc["cohesion"]["weakest_link"]["pair"] == ["RUS", "CHN"]
    assert doc["verdict"]["verdict"] == "axis_of_convenience"
    assert doc["verdict"]["held_back_by"]["pair"] == ["RUS", "CHN"]
    assert doc["rubric"]["name"] == "costly-signals" and doc["dataset"]["digest"]

    md = cli("bloc", "iran", "russia", "china", "--data", path, "-f", "markdown", "-r", "costly-signals@1.1.0").stdout
    assert "| | Iran | Russia | China |" in md
    assert "| **Iran** | — | 100.0 alliance | 75.0 alliance |" in md
    assert "**Verdict: Axis of convenience; held back by Russia–China" in md


def test_as_of_and_determinism(cli, mini_path):
    args = ["bloc", "iran", "russia", "--data", str(mini_path), "-f", "json", "-r", "costly-signals@1.1.0"]
    assert cli(*args).stdout == cli(*args).stdout
    # before any crisis-support record: score (3*0.5 + 0.5*1 + 3*0.5) / 6.5 = 53.846154
    doc = json.loads(cli(*args, "--as-of", "2022-01-01").stdout)
    assert doc["as_of"] == "2022-01-01" and doc["matrix"][0][1] == pytest.approx(53.846154)


PLAIN_DATA = ("formats.bloc", "formats.history")


def test_bloc_core_imports_no_cli_or_rich():
    package = Path(__file__).parent.parent / "allyscore"
    for name in ("bloc.py", "history.py"):
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module in PLAIN_DATA:  # to_dict(): plain-data serialisers, no rich (test_library_api)
                    continue
                assert not node.module.startswith(("cli", "formats", "typer", "rich")), (name, node.module)
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] in ("typer", "rich", "click") for a in node.names), name




def test_a_rubric_of_ordered_classes_sets_its_bars_from_the_definitions():
    data = load_dataset()
    rubric = resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    result = score_bloc(data, ["iran", "russia", "china"], rubric)
    assert (result.verdict.alliance_label, result.verdict.axis_floor) == ("alliance", 25)
    assert result.verdict.verdict == "axis_of_convenience"
    syria = score_bloc(data, ["iran", "syria", "russia"], rubric)  # Iran-Syria: 1.7 after Assad's fall
    assert syria.verdict.verdict == "neither" and "below the 25 that cooperation needs" in syria.verdict.reason
