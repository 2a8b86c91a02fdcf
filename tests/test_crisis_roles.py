"""Crisis roles (schema 2): who attacked whom, and whose partners' help the crisis tests."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from allyscore.dataset import load_dataset
from allyscore.history import describe_roles
from allyscore.model import Crisis

NAMES = {"RUS": "Russia", "UKR": "Ukraine", "ISR": "Israel", "USA": "United States", "IRN": "Iran",
         "IND": "India", "PAK": "Pakistan"}.get


def crisis(**roles):
    return Crisis.model_validate({"id": "c", "name": "C", "start": "2022-02-24", "sources": ["s"], **roles})


@pytest.mark.parametrize("roles, text", [
    ({"target": "RUS", "attackers": ["RUS"], "attacked": ["UKR"]}, "Russia attacked Ukraine; help to Russia tested"),
    ({"target": "ISR", "attackers": ["ISR", "USA"], "attacked": ["IRN"]},
     "Israel and United States attacked Iran; help to Israel tested"),
    ({"target": "USA", "attacked": ["USA"]}, "United States was attacked; help to United States tested"),
    ({"target": "IND", "attackers": ["IND", "PAK"], "attacked": ["PAK", "IND"]},
     "India and Pakistan struck each other; help to India tested"),
    ({"target": "IRN"}, "help to Iran tested"),  # no roles recorded: no claim about who attacked
])
def test_roles_in_words(roles, text):
    assert describe_roles(crisis(**roles), NAMES) == text


def test_the_target_must_be_among_the_roles():
    with pytest.raises(Exception, match="target IRN must be one of the attackers or the attacked"):
        crisis(target="IRN", attackers=["ISR"], attacked=["PRK"])


def test_every_bundled_crisis_with_roles_has_its_target_among_them():
    data = load_dataset()
    with_roles = [c for c in data.model.crises if c.attackers or c.attacked]
    assert len(with_roles) >= 14
    ukraine = data.crises["ukraine-2022"]
    assert (ukraine.target, ukraine.attackers, ukraine.attacked) == ("RUS", ["RUS"], ["UKR"])


def test_rate_evidence_history_and_json_say_who_attacked_whom(cli):
    out = " ".join(cli("rate", "russia", "north korea", "--evidence").stdout.split())
    assert "Crisis: Russia's full-scale war in Ukraine (2022-02-24–open): Russia attacked Ukraine; help to Russia " \
           "tested" in out
    assert "Ukraine attacked Russia; help to Russia tested" in out  # Kursk, 2024
    assert "Russia attacked" in out and "Russia's full-scale war in Ukraine (2022-02-24–), Russia attacked" not in out
    doc = json.loads(cli("rate", "russia", "north korea", "--evidence", "-f", "json").stdout)
    roles = {c["id"]: (c["target"], c["attackers"], c["attacked"]) for c in doc["crises"]}
    assert roles["ukraine-2022"] == ("RUS", ["RUS"], ["UKR"])
    history = " ".join(cli("history", "united states", "israel").stdout.split())
    assert "Iranian missile attacks on Israel in the twelve-day war (June 2025) (2025-06-13–2025-06-24): Israel " \
           "and United States attacked Iran; help to Israel tested" in history
    doc = json.loads(cli("history", "united states", "israel", "-f", "json").stdout)
    assert {e["id"]: e["attacked"] for e in doc["events"]}["israel-iran-attack-2024-04"] == ["ISR"]


def test_roles_change_scores_only_where_a_rubric_reads_wars_of_choice():
    """1.x never reads roles; 2.0.0 reads one thing from them: help withheld in a war the tested party
    started (target among the attackers) is no test (choice_war_floor)."""
    import allyscore
    from allyscore.dataset import LoadedDataset

    data = load_dataset()
    stripped = data.model.model_copy(update={"crises": [c.model_copy(update={"attackers": [], "attacked": []})
                                                        for c in data.model.crises]})
    bare = LoadedDataset(model=stripped, path="bare", digest="")
    day = dt.date(2026, 1, 1)
    old = allyscore.resolve_rubric("costly-signals@1.1.0", catalog=set(data.dimensions))
    for tie in data.model.ties:
        assert allyscore.rate(data, *tie.pair, old, day).score == allyscore.rate(bare, *tie.pair, old, day).score
    new = allyscore.resolve_rubric("costly-signals@2.0.0", catalog=set(data.dimensions))
    with_roles, without = allyscore.rate(data, "russia", "serbia", new, day), allyscore.rate(bare, "russia", "serbia", new, day)
    # Serbia gave nothing for Russia's war on Ukraine, which Russia started: no test of Serbia's help
    assert with_roles.dimension("crisis_support").flows["SRB->RUS"] is None
    assert without.dimension("crisis_support").flows["SRB->RUS"] == 0
