"""Issue 16: the ATOP importer refuses what it cannot import and never writes a dataset that its own
validator rejects."""

from __future__ import annotations

from pathlib import Path

import pytest

from allyscore.dataset import load_dataset

HEADER = "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul"
STATES = ("stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
          "USA,2,United States of America,1816,1,1,2016,12,31,2016\n"
          "CAN,20,Canada,1920,1,10,2016,12,31,2016\n")
ROWS = ["2,20,1990,1,0,0,0,0", "20,2,1990,1,0,0,0,0", "2,20,1991,1,0,0,0,0", "20,2,1991,1,0,0,0,0"]


def _csv(tmp_path: Path, rows: list[str], end: str = "\n") -> Path:
    (tmp_path / "cow_states2016.csv").write_text(STATES)
    path = tmp_path / "dyads.csv"
    path.write_bytes((end.join([HEADER, *rows]) + end).encode())
    return path


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_every_line_end_imports_the_same_rows(cli, tmp_path, end):
    """CR-only line ends imported 0 rows with exit 0."""
    out = tmp_path / "out.yaml"
    result = cli("import", "atop", str(_csv(tmp_path, ROWS, end)), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "imported 4 ATOP rows: 1 dyads, 2 periods" in result.stderr
    ties = load_dataset(out).model.ties
    assert len(ties) == 1 and sorted(ties[0].pair) == ["CAN", "USA"]


@pytest.mark.parametrize("year", ["0", "-5", "1814", "2019", "10000", "99999999999"])
def test_a_row_with_a_year_atop_does_not_code_is_an_error_at_its_line(cli, tmp_path, year):
    """Year 0 or negative wrote a dataset that failed `data validate`; 10000 or more was an internal error."""
    path = _csv(tmp_path, [ROWS[0], f"2,20,{year},1,0,0,0,0"])
    out = tmp_path / "out.yaml"
    result = cli("import", "atop", str(path), "-o", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"allyscore: {path}:3: year {year} is outside ATOP's years 1815-2018 "
                             "(expected ATOP v5.1's directed dyad-year rows)\n")
    assert not out.exists()


def test_a_header_only_file_is_refused(cli, tmp_path):
    path = _csv(tmp_path, [])
    result = cli("import", "atop", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"allyscore: {path}: no rows below the header "
                             "(expected ATOP's directed dyad-year rows, years 1815-2018)\n")


@pytest.mark.parametrize("option, value", [("--year", "2025"), ("--years", "1700-1800"), ("--years", "2000-2019")])
def test_a_year_filter_outside_atop_is_refused_naming_the_range(cli, tmp_path, option, value):
    result = cli("import", "atop", str(_csv(tmp_path, ROWS)), option, value)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"allyscore: {option}: {value} is outside ATOP's years 1815-2018 "
                             "(choose years from 1815 to 2018)\n")


@pytest.mark.parametrize("value", ["2000", "1985-1990", "1991-1995"])
def test_a_year_filter_outside_the_files_years_is_refused_naming_them(cli, tmp_path, value):
    path = _csv(tmp_path, ROWS)
    result = cli("import", "atop", str(path), "--years", value)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"allyscore: years {value} are not all in {path}, which has the years 1990-1991 "
                             "(choose years from 1990 to 1991)\n")


def test_what_is_imported_always_validates(cli, tmp_path):
    out = tmp_path / "out.yaml"
    result = cli("import", "atop", str(_csv(tmp_path, ROWS)), "--years", "1991", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert cli("data", "validate", str(out)).exit_code == 0


def test_an_import_the_validator_would_reject_is_not_written(cli, tmp_path, monkeypatch):
    from allyscore.importers import atop

    real_head = atop._head
    # a bug that would make an invalid dataset: an as_of before its source's date
    monkeypatch.setattr(atop, "_head", lambda *args: {**real_head(*args), "as_of": "1991-12-31"})
    out = tmp_path / "out.yaml"
    result = cli("import", "atop", str(_csv(tmp_path, ROWS)), "-o", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"allyscore: {tmp_path / 'dyads.csv'}: the imported dataset would not be valid: ")
    assert not out.exists()
