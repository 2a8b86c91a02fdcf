"""Issue 18, answers where there is no data, and one way to name a file: a known country without a tie,
names of several words, --as-of after the dataset, reasons that never state an unknown value, and
`data audit FILE` like `data validate FILE`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


def test_a_known_country_without_a_tie_is_not_unknown(cli):
    result = cli("rate", "brazil", "russia")  # the registry knows Brazil; the bundled dataset has no tie for it
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "unknown country" not in line and "the dataset has no tie for Brazil (BRA)" in line
    assert "Iran" in line and "--data" in line and "world build" in line  # what it has, how to add one
    assert len(result.stderr.splitlines()) == 1


def test_a_misspelt_country_still_gets_a_suggestion(cli):
    result = cli("rate", "irn", "rusia")
    assert result.exit_code == 2 and "unknown country 'rusia'" in result.stderr and "did you mean" in result.stderr


@pytest.mark.parametrize("command", ["rate", "history", "sensitivity"])
def test_names_of_several_words_get_a_hint_to_quote(cli, command):
    result = cli(command, "north", "korea", "russia")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{command} takes two countries, got 3 words: north korea russia" in result.stderr
    assert "quote a name of several words" in result.stderr


def test_the_quoting_hint_finds_the_split_when_it_can(cli):
    result = cli("rate", "saudi", "arabia", "usa")
    assert 'e.g. allyscore rate "saudi arabia" usa' in result.stderr


def test_as_of_after_the_dataset_warns_but_scores(cli):
    result = cli("rate", "iran", "russia", "--as-of", "2030-01-01", "-f", "json")
    assert result.exit_code == 0
    assert "warning: --as-of 2030-01-01 is after the dataset's as_of 2026-11-26" in result.stderr
    assert json.loads(result.stdout)["score"] > 0
    assert "warning" not in cli("rate", "iran", "russia", "--as-of", "2026-01-01").stderr


def test_reasons_never_state_an_unknown_value(cli):
    result = cli("rate", "iran", "russia", "--as-of", "1900-01-01", "-f", "json")
    doc = json.loads(result.stdout)
    assert all(d["status"] == "unknown" for d in doc["dimensions"])
    said = " ".join([*doc["reasons"], *doc["short_of"]["because"]])
    assert "below 3" not in said and "formal commitment is unknown" in said
    known = json.loads(cli("rate", "iran", "russia", "-f", "json").stdout)  # a known value is still cited
    assert "no direction has formal_commitment >= 3" in known["short_of"]["because"]


def test_data_audit_names_its_file_like_data_validate(cli):
    by_argument = cli("data", "audit", str(MINI), "-f", "json")
    by_option = cli("data", "audit", "--data", str(MINI), "-f", "json")
    assert by_argument.exit_code == by_option.exit_code == 0
    assert by_argument.stdout == by_option.stdout
    assert cli("data", "validate", "--data", str(MINI)).exit_code == 0
    both = cli("data", "audit", str(MINI), "--data", "other.yaml")
    assert both.exit_code == 2 and "name the file once" in both.stderr


def test_a_file_argument_wins_over_a_configured_dataset(cli, tmp_path, monkeypatch):
    shutil.copy(MINI, tmp_path / "mini.yaml")
    (tmp_path / "allyscore.toml").write_text('data = "mini.yaml"\n')
    monkeypatch.chdir(tmp_path)
    bundled = Path(__file__).resolve().parent.parent / "data" / "alliances.yaml"
    result = cli("data", "validate", str(bundled))
    assert result.exit_code == 0 and "alliances.yaml: valid" in result.stdout + result.stderr
    assert "mini.yaml: valid" in (lambda r: r.stdout + r.stderr)(cli("data", "validate"))


@pytest.mark.parametrize(("words", "cword", "expected"), [
    ("allyscore rate ir", "2", {"iran", "irn", "iraq", "irq"}),  # the bundled dataset lists Iraq too
    ("allyscore rate iran nor", "3", {"north korea"}),
    ("allyscore history iran ru", "3", {"rus", "russia", "russian federation"}),
    ("allyscore bloc iran russia ch", "4", {"china", "chn"}),
    ("allyscore rate iran russia --rubric costly-signals@1", "5", {"costly-signals@1.0.0", "costly-signals@1.1.0"}),
    ("allyscore report -r form", "3", {"formal-commitment", "formal-commitment@1.0.0"}),
])
def test_completion_offers_countries_and_rubrics(words, cword, expected):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLYSCORE_DATA")}
    env.update(_ALLYSCORE_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
    result = subprocess.run([sys.executable, "-m", "allyscore"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.splitlines()) == expected


def test_completion_reads_the_dataset_named_with_data(tmp_path):
    import os
    import subprocess
    import sys

    text = MINI.read_text(encoding="utf-8").replace("name: Armenia", "name: Armenia Minor")
    (tmp_path / "d.yaml").write_text(text, encoding="utf-8")
    env = {**os.environ, "_ALLYSCORE_COMPLETE": "complete_bash",
           "COMP_WORDS": f"allyscore rate --data {tmp_path / 'd.yaml'} arm", "COMP_CWORD": "4"}
    result = subprocess.run([sys.executable, "-m", "allyscore"], capture_output=True, text=True, env=env, timeout=120)
    assert "armenia minor" in result.stdout.splitlines()


def test_import_atop_outside_its_years_says_atops_range(cli, tmp_path):
    (tmp_path / "cow_states2016.csv").write_text(
        "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
        "USA,2,United States of America,1816,1,1,2016,12,31,2016\nUKG,200,United Kingdom,1816,1,1,2016,12,31,2016\n")
    csv = tmp_path / "atop.csv"
    csv.write_text("ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n"
                   + "".join(f"{a},{b},1950,1,0,0,0,0\n" for a, b in ((2, 200), (200, 2))), encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = cli("import", "atop", str(csv), "--year", "2025", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert "--year: 2025 is outside ATOP's years 1815-2018" in result.stderr
    assert cli("import", "atop", str(csv), "--year", "1950").exit_code == 0
