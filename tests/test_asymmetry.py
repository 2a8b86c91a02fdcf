"""Asymmetry: who gives what to whom, its sign, the one-way-street flag, and crisis gaps in `rate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from allyscore.api import rate
from allyscore.dataset import load_dataset
from allyscore.rubric import resolve_rubric

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


def directed_tie(flows: dict[str, tuple[int, int]]) -> dict:
    """An Iran-Russia tie with, per directed dimension, (IRN->RUS level, RUS->IRN level)."""
    obs = []
    for dim, (to_rus, to_irn) in flows.items():
        for direction, level in (("IRN->RUS", to_rus), ("RUS->IRN", to_irn)):
            obs.append({"dimension": dim, "direction": direction, "level": level, "confidence": "high",
                        "since": "2010-01-01", "claim": "test", "sources": ["src-a"]})
    obs.append({"dimension": "rhetoric", "direction": "mutual", "level": 2, "confidence": "high",
                "since": "2010-01-01", "claim": "test", "sources": ["src-a"]})
    return {"pair": ["IRN", "RUS"], "observations": obs}


def write(tmp_path: Path, name: str, tie: dict) -> Path:
    doc = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    doc["ties"], doc["crises"] = [tie], []
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def swap(text: str) -> str:
    return text.replace("IRN", "@").replace("RUS", "IRN").replace("@", "RUS")


def reversed_dataset(source: Path, target: Path) -> Path:
    """The same dataset with every directed flow (and each crisis's target and responder) reversed."""
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    for tie in doc["ties"]:
        for obs in tie["observations"]:
            obs["direction"] = swap(obs["direction"])
    for crisis in doc.get("crises", []):
        crisis["target"] = swap(crisis["target"])
        for resp in crisis["responses"]:
            resp["partner"] = swap(resp["partner"])
    target.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture
def rubric():
    return resolve_rubric("costly-signals@1.1.0")


def test_hand_computed_index_and_its_sign_flip(tmp_path, rubric):
    # military_aid (weight 3): IRN->RUS 4, RUS->IRN 2; financial_backing (weight 2): 0 and 2.
    # Iran gives 3*4/4 + 2*0/4 = 3, Russia 3*2/4 + 2*2/4 = 2.5: index (3 - 2.5) / 5.5 = +0.090909 (IRN first).
    path = write(tmp_path, "fwd.yaml", directed_tie({"military_aid": (4, 2), "financial_backing": (0, 2)}))
    fwd = rate(load_dataset(path), "iran", "russia", rubric).indicators.asymmetry
    assert fwd.index == pytest.approx(0.090909) and fwd.giver == "IRN" and not fwd.flagged
    assert fwd.gives == {"IRN": pytest.approx(0.6), "RUS": pytest.approx(0.5)}
    assert set(fwd.compared) == {"military_aid", "financial_backing"}

    back = rate(load_dataset(reversed_dataset(path, tmp_path / "back.yaml")), "iran", "russia", rubric)
    asym = back.indicators.asymmetry
    assert asym.index == pytest.approx(-fwd.index) and asym.giver == "RUS"
    assert asym.gives == {"IRN": pytest.approx(0.5), "RUS": pytest.approx(0.6)}
    assert asym.describe(back.names) == "Russia gives Iran more than it gets"


def test_sign_flips_on_the_mini_fixture_reversed(tmp_path, mini_path, rubric):
    fwd = rate(load_dataset(mini_path), "iran", "russia", rubric)
    back = rate(load_dataset(reversed_dataset(mini_path, tmp_path / "mini-rev.yaml")), "iran", "russia", rubric)
    # military aid IRN->RUS 4, RUS->IRN 0: support runs entirely one way
    assert fwd.indicators.asymmetry.index == pytest.approx(1.0)
    assert back.indicators.asymmetry.index == pytest.approx(-1.0)
    assert back.indicators.asymmetry.giver == "RUS" and back.indicators.asymmetry.flagged
    assert back.score == pytest.approx(fwd.score)  # the folds are symmetric: only the direction changed


def test_one_way_street_flag(tmp_path, rubric, cli):
    # the flag (rubric: 0.33) means the giver gives about twice what it gets, or more:
    # 4 vs 2 on military aid -> (1 - 0.5) / 1.5 = 0.333333 (flagged); 4 vs 3 -> 1/7 (not flagged)
    flagged = write(tmp_path, "one-way.yaml", directed_tie({"military_aid": (4, 2)}))
    balanced = write(tmp_path, "balanced.yaml", directed_tie({"military_aid": (4, 3)}))
    a = rate(load_dataset(flagged), "iran", "russia", rubric).indicators.asymmetry
    b = rate(load_dataset(balanced), "iran", "russia", rubric).indicators.asymmetry
    assert a.index == pytest.approx(1 / 3, abs=1e-6) and a.flagged
    assert b.index == pytest.approx(1 / 7, abs=1e-6) and not b.flagged

    out = cli("rate", "iran", "russia", "--data", str(flagged)).stdout
    assert "Asymmetry +0.33: Iran gives Russia more than it gets  [one-way street]" in out
    assert "each gives, of its most: Iran 100%, Russia 50% (1 dimension known both ways)" in out
    assert "[one-way street]" not in cli("rate", "iran", "russia", "--data", str(balanced)).stdout
    doc = json.loads(cli("rate", "iran", "russia", "--data", str(flagged), "-f", "json").stdout)
    assert doc["indicators"]["asymmetry"]["flagged"] is True and doc["indicators"]["asymmetry"]["giver"] == "IRN"


def test_table_shows_each_direction_of_a_directed_dimension(tmp_path, cli):
    path = write(tmp_path, "fwd.yaml", directed_tie({"military_aid": (4, 2), "financial_backing": (0, 2)}))
    out = cli("rate", "iran", "russia", "--data", str(path)).stdout
    assert "IRN→RUS" in out and "RUS→IRN" in out
    row = next(line for line in out.splitlines() if "Military aid" in line)
    assert row.split("│")[2].strip() == "4" and row.split("│")[3].strip() == "2"
    doc = json.loads(cli("rate", "iran", "russia", "--data", str(path), "-f", "json").stdout)
    aid = next(d for d in doc["dimensions"] if d["id"] == "military_aid")
    assert aid["levels"] == {"IRN->RUS": 4, "RUS->IRN": 2}


def test_rate_evidence_shows_the_crisis_gap(cli, mini_path):
    out = cli("rate", "iran", "russia", "--data", str(mini_path), "--evidence").stdout
    assert "Russia delivered: words" in out and "An ally would have: arms" in out
    # Russia's crisis-support record for iran-test is level 0: four levels short of 4
    assert "Gap to an ally: 4 levels (crisis support 0 of 4)" in " ".join(out.split())
    doc = json.loads(cli("rate", "iran", "russia", "--data", str(mini_path), "-e", "-f", "json").stdout)
    resp = doc["crises"][0]["responses"][0]
    assert resp == {"partner": "RUS", "delivered": "words", "expected": "arms", "dimension": "crisis_support",
                    "level": 0, "top_level": 4, "gap": 4}
