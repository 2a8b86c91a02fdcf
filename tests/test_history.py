"""`allyscore history`: the tie at each date its evidence changed, equal to `rate --as-of` at each point."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from allyscore.api import rate
from allyscore.dataset import load_dataset
from allyscore.history import change_dates, crisis_events, sparkline, tie_history
from allyscore.formats.history import bar
from allyscore.rubric import resolve_rubric

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
D = dt.date.fromisoformat


@pytest.fixture
def rubric():
    return resolve_rubric("costly-signals@1.1.0")


def test_mini_points_are_hand_computed(mini_path, rubric):
    h = tie_history(load_dataset(mini_path), "russia", "iran", rubric)
    assert h.pair == ("IRN", "RUS")
    # sinces: 2001-01-01, 2020-01-01 (formal 2, rhetoric, crisis IRN->RUS unknown), 2021-06-01 (aid);
    # until 2019-12-31 -> 2020-01-01; crisis iran-test 2023-01-01 (and Russia's record) to 2023-01-10
    assert [p.date for p in h.points] == [D("2001-01-01"), D("2020-01-01"), D("2021-06-01"), D("2023-01-01"),
                                          D("2023-01-10")]
    expected = [
        100 * 3 * 0.25 / 3,  # formal commitment 1 only
        100 * (3 * 0.5 + 0.5 * 1) / 3.5,  # formal 2, rhetoric 4
        100 * (3 * 0.5 + 0.5 * 1 + 3 * 0.5) / 6.5,  # + military aid mean(4, 0) = 2
        100 * (3 * 0.5 + 0.5 * 1 + 3 * 0.5 + 4 * 0) / 10.5,  # + crisis support min(0) = 0
        100 * 3.5 / 10.5,  # the crisis ends: nothing else changes
    ]
    assert [p.score for p in h.points] == pytest.approx(expected, abs=1e-6)
    assert {p.label for p in h.points} == {"insufficient_evidence"}  # coverage stays below 60%
    kinds = {c.kind for c in h.points[3].changes}
    assert kinds == {"begins", "crisis_start"}
    assert [c.text for c in h.points[1].changes if c.kind == "ends"] == ["Formal commitment 1 ended"]


def test_history_is_monotone_and_matches_rate_as_of(cli, mini_path, rubric):
    data = load_dataset(mini_path)
    h = tie_history(data, "iran", "russia", rubric)
    dates = [p.date for p in h.points]
    assert dates == sorted(set(dates))
    for p in h.points:
        doc = json.loads(cli("rate", "iran", "russia", "--data", str(mini_path), "--as-of", p.date.isoformat(),
                             "-f", "json", "-r", rubric.ref).stdout)
        assert (doc["score"], doc["label"]) == (p.score, p.label)


def test_bundled_history_matches_rate_as_of(rubric):
    """Whatever the bundled ties hold, each point is the tie as `rate --as-of` sees it on that date."""
    data = load_dataset()
    for a, b in list(data.ties)[:3]:
        h = tie_history(data, a, b, rubric)
        dates = [p.date for p in h.points]
        assert dates and dates == sorted(set(dates)) and dates[-1] <= data.model.as_of
        for p in h.points:
            r = rate(data, a, b, rubric, p.date)
            assert (r.score, r.label) == (p.score, p.label)


def test_dates_cover_until_plus_one_and_stop_at_as_of(tmp_path, rubric):
    doc = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    obs = doc["ties"][0]["observations"]
    # economic ties 3 over 2022, then nothing; a second period that ends on the dataset's own date
    obs.append({"dimension": "economic_ties", "direction": "mutual", "level": 3, "confidence": "high",
                "since": "2022-01-01", "until": "2022-12-31", "claim": "t", "sources": ["src-a"]})
    obs.append({"dimension": "military_cooperation", "direction": "mutual", "level": 2, "confidence": "high",
                "since": "2023-06-01", "until": "2024-01-01", "claim": "t", "sources": ["src-a"]})
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    data = load_dataset(path)
    dates = list(change_dates(data, data.tie("IRN", "RUS")))
    assert D("2022-01-01") in dates and D("2023-01-01") in dates  # since, and the day after until
    assert D("2024-01-02") not in dates and max(dates) <= data.model.as_of
    h = tie_history(data, "iran", "russia", rubric)
    by_date = {p.date: p for p in h.points}
    with_trade = by_date[D("2022-01-01")].score
    # 2021-06-01 (3.5/6.5) plus economic ties 3 (0.75, weight 1): 4.25 / 7.5
    assert with_trade == pytest.approx(100 * 4.25 / 7.5)
    assert by_date[D("2023-01-01")].score == pytest.approx(100 * 3.5 / 10.5)  # trade gone, crisis record in


def test_crisis_events_carry_delivery_and_gap(mini_path):
    data = load_dataset(mini_path)
    (event,) = crisis_events(data, data.tie("IRN", "RUS"))
    assert (event.id, event.target, event.start, event.end) == ("iran-test", "IRN", D("2023-01-01"), D("2023-01-10"))
    (resp,) = event.responses
    assert (resp.partner, resp.delivered, resp.expected) == ("RUS", "words", "arms")
    assert (resp.dimension, resp.level, resp.top, resp.gap) == ("crisis_support", 0, 4, 4)
    assert crisis_events(data, data.tie("IRN", "RUS"), as_of=D("2022-12-31")) == ()


def test_sparkline_and_bar():
    assert sparkline([0, 50, 100]) == "▁▅█"
    assert sparkline([]) == ""
    assert sparkline([12.5, 99.9]) == "▂█"
    assert bar(50, 12) == "██████      " and bar(100, 4) == "████" and bar(0, 3) == "   "
    assert bar(56.25, 2) == "█▏"  # 9 eighths of a cell


def test_cli_table_and_json(cli, mini_path):
    table = cli("history", "iran", "russia", "--data", str(mini_path), "-r", "costly-signals@1.1.0")
    assert table.exit_code == 0, table.stderr
    out = " ".join(table.stdout.split())
    assert "Iran – Russia over time" in out
    assert "2023-01-01 33.3 -20.5" in out and "⚑ crisis begins: Test crisis" in out
    assert "Trend ▃▅▅▃▃ 2001-01-01 → 2023-01-10: 25.0 → 33.3, 5 points" in out
    assert "⚑ Crisis: Test crisis (2023-01-01–2023-01-10): help to Iran tested" in out  # no roles recorded
    assert "Russia delivered: words An ally would have: arms Gap to an ally: 4 levels (crisis support 0 of 4)" in out
    assert table.stderr == ""

    doc = json.loads(cli("history", "IRN", "RUS", "--data", str(mini_path), "-f", "json",
                         "-r", "costly-signals@1.1.0").stdout)
    assert doc["pair"] == ["IRN", "RUS"] and doc["sparkline"] == "▃▅▅▃▃"
    assert [p["date"] for p in doc["points"]] == ["2001-01-01", "2020-01-01", "2021-06-01", "2023-01-01",
                                                  "2023-01-10"]
    assert doc["points"][0]["delta"] is None and doc["points"][4]["delta"] == 0
    assert doc["points"][3]["changes"][-1] == {"kind": "crisis_start", "text": "crisis begins: Test crisis"}
    assert doc["events"][0]["responses"][0]["gap"] == 4
    assert doc["rubric"]["name"] == "costly-signals"


def test_cli_errors(cli, mini_path):
    result = cli("history", "iran", "china", "--data", str(mini_path))
    assert result.exit_code == 2 and "no tie between Iran and China" in result.stderr
    assert "Traceback" not in result.stderr


