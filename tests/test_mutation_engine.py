"""Engine behaviour that the full mutmut run over engine.py (issue 19) showed no fast test watched.

Each test names the mutants it kills (mutmut's names; see docs/development.md, "Mutation testing").
"""

from __future__ import annotations

from allyscore.engine import Asymmetry, _bound, _needs_known
from allyscore.rubric import Condition

NAMES = {"AAA": "Aland", "BBB": "Bland"}


def test_the_asymmetry_summary_in_words():
    # kills Asymmetry.describe mutants 1 and 4-9: balanced, nothing known both ways, and who gives more
    both = ("military_aid",)
    assert Asymmetry(0.0, {"AAA": 0.5, "BBB": 0.5}, None, False, both).describe(NAMES) == "balanced"
    assert Asymmetry(0.0, {"AAA": 0.0, "BBB": 0.0}, None, False, ()).describe(NAMES) == \
        "no directed dimension is known both ways"
    giving = Asymmetry(0.5, {"AAA": 0.75, "BBB": 0.25}, "AAA", True, both)
    assert giving.describe(NAMES) == "Aland gives Bland more than it gets"
    assert Asymmetry(-0.5, {"AAA": 0.25, "BBB": 0.75}, "BBB", True, both).describe(NAMES) == \
        "Bland gives Aland more than it gets"


def test_a_bound_in_words():
    # kills _bound mutants 2 and 5: "between", ">=" and "<=" each where it belongs
    assert _bound(Condition(min=1, max=3)) == "between 1 and 3"
    assert _bound(Condition(min=2.5)) == ">= 2.5"
    assert _bound(Condition(max=1)) == "<= 1"


def test_one_unknown_dimension_or_several():
    # kills _needs_known mutants 2, 4, 9-10, 12, 17-18: the list, and "is ... it" against "are ... them"
    assert _needs_known(["formal commitment"]) == "formal commitment is unknown, and the rubric needs it known"
    assert _needs_known(["formal commitment", "crisis support"]) == \
        "formal commitment, crisis support are unknown, and the rubric needs them known"
