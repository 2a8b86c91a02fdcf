"""Issue 18, the library: one way to name a pair everywhere, every result has to_dict(), only
AllyscoreError subclasses escape, and the public API is typed (py.typed; mypy checks a user's script)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import allyscore
from allyscore.errors import AllyscoreError, LookupFailed

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def data():
    return allyscore.load_dataset()


@pytest.mark.parametrize("pair", ["iran:russia", "IRN,RUS", ("iran", "russia"), ["Russia", "IRN"]])
def test_one_way_to_name_a_pair_everywhere(data, pair):
    expected = allyscore.rate(data, "iran", "russia").score
    assert allyscore.rate(data, pair).score == expected
    assert allyscore.tie_history(data, pair).pair == ("IRN", "RUS")
    assert allyscore.simulate(data, [pair], draws=50)[0].pair == ("IRN", "RUS")
    assert allyscore.analyse_sensitivity(data, pair, draws=50).pair == ("IRN", "RUS")
    assert [t.pair for t in allyscore.compare(data, "costly-signals@1.0.0", "costly-signals@1.1.0",
                                              pairs=[pair]).ties] == [("IRN", "RUS")]


def test_every_result_has_to_dict_and_it_is_json(data):
    results = [allyscore.rate(data, "iran:russia"), allyscore.tie_history(data, "iran:russia"),
               allyscore.simulate(data, ["iran:russia"], draws=50)[0],
               allyscore.analyse_sensitivity(data, "iran:russia", draws=50),
               allyscore.score_bloc(data, ["iran", "russia", "china"]),
               allyscore.compare(data, "costly-signals@1.0.0", "costly-signals@1.1.0")]
    for result in results:
        plain = result.to_dict()
        assert isinstance(plain, dict) and json.loads(json.dumps(plain)) == plain, type(result).__name__
    rate = results[0]
    assert rate.to_dict()["score"] == rate.score and rate.to_dict()["dataset"] is None
    assert rate.to_dict(data)["dataset"]["name"] == "allyscore-ties"
    assert "evidence" in rate.to_dict(data, evidence=True)["dimensions"][0]


def test_to_dict_loads_no_renderer():
    code = ("import sys, allyscore; d = allyscore.load_dataset(); "
            "[r.to_dict() for r in (allyscore.rate(d, 'iran:russia'), allyscore.tie_history(d, 'iran:russia'), "
            "allyscore.score_bloc(d, ['iran', 'russia']), allyscore.compare(d, 'costly-signals@1.0.0'))]; "
            "print(' '.join(sys.modules))")
    mods = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert "allyscore.plain" in mods  # the analyses build their own plain data
    assert not {m for m in mods if m.split(".")[0] in ("rich", "typer", "click")}
    assert not {m for m in mods if m.startswith(("allyscore.cli", "allyscore.formats"))}


@pytest.mark.parametrize("call", [
    lambda d: allyscore.simulate(d, ["iran:russia", 7]),
    lambda d: allyscore.simulate(d, "iran:russia"),
    lambda d: allyscore.rate(d, ["iran"]),
    lambda d: allyscore.rate(d, "iran russia"),
    lambda d: allyscore.rate(d, "iran:russia", rubric=3),
    lambda d: allyscore.rate(d, "iran:russia", as_of="yesterday"),
    lambda d: allyscore.rate(d, "iran:russia", as_of=20250101),
    lambda d: allyscore.rate("data.yaml", "iran:russia"),
    lambda d: allyscore.score_bloc(d, "iran"),
    lambda d: allyscore.analyse_sensitivity(d, ("iran", 3)),
    lambda d: allyscore.tie_history(d, "iran:narnia"),
    lambda d: allyscore.rate(d, "iran:russia").to_dict(evidence=True),
], ids=lambda _: "call")
def test_only_allyscore_errors_escape(data, call):
    with pytest.raises(AllyscoreError):
        call(data)


def test_names_and_dates_as_people_write_them(data):
    assert allyscore.rate(data, "iran:russia", as_of="2020-01-01").as_of == dt.date(2020, 1, 1)
    assert allyscore.rate(data, "iran:russia", rubric="costly-signals@1.0.0").rubric.ref == "costly-signals@1.0.0"
    with pytest.raises(LookupFailed):
        allyscore.simulate(data, [("iran", "narnia")])


USER_SCRIPT = '''
import datetime as dt

import allyscore

data = allyscore.load_dataset()
rubric = allyscore.resolve_rubric("costly-signals")
result = allyscore.rate(data, "iran", "russia", rubric, as_of=dt.date(2025, 1, 1))
score: float = result.score
label: str = result.label
plain: dict[str, object] = result.to_dict()
history = allyscore.tie_history(data, "iran:russia")
sims = allyscore.simulate(data, [("iran", "russia")], draws=100)
low: float = sims[0].low
bloc = allyscore.score_bloc(data, ["iran", "russia", "china"])
changes = allyscore.compare(data, "costly-signals@1.0.0", "costly-signals@1.1.0").to_dict()
try:
    allyscore.rate(data, "iran:narnia")
except allyscore.AllyscoreError as exc:
    print(exc)
'''


def _mypy(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "user_script.py"
    script.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir",
                           str(tmp_path / ".mypy_cache"), str(script)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=600)


def test_all_lists_the_lazy_names():
    assert allyscore.__all__ == ["__version__", *allyscore._LAZY]
    for name in allyscore.__all__:
        assert getattr(allyscore, name) is not None


def test_the_package_is_typed_and_mypy_checks_a_user_script(tmp_path):
    pytest.importorskip("mypy")
    assert (ROOT / "allyscore" / "py.typed").is_file()
    ok = _mypy(tmp_path, USER_SCRIPT)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    wrong = _mypy(tmp_path, USER_SCRIPT + "\nwrong: str = result.score\n")  # the hints are real: mypy objects
    assert wrong.returncode == 1 and "Incompatible types in assignment" in wrong.stdout
