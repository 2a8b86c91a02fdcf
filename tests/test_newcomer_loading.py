"""Issue 18, writing data and rubrics: errors that say what to write. Dates name their form, an
undefined country is one line (no cascade), an unquoted colon gets a hint, a tie missing a dimension
is a warning in `data validate`, and `rhetoric: 2` in a rubric is a weight."""

from __future__ import annotations

import json
from pathlib import Path

MINI = (Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "d.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_date_error_names_the_form(cli, tmp_path):
    path = _write(tmp_path, MINI.replace("since: '2001-01-01'", "since: 01/01/2001", 1))
    result = cli("data", "validate", path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"allyscore: {path}:177:12: ties[0].observations[0].since: '01/01/2001' is "
                                     "not a date (write dates YYYY-MM-DD, e.g. 2019-01-31)")


def test_an_undefined_country_is_one_line_not_a_cascade(cli, tmp_path):
    text = MINI.replace("  - IRN\n  - RUS\n  summary", "  - IND\n  - RUS\n  summary", 1)
    text = text.replace("IRN->RUS", "IND->RUS").replace("RUS->IRN", "RUS->IND")
    result = cli("data", "validate", _write(tmp_path, text))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "ties[0].pair[0]: unknown country 'IND'" in lines[0]


def test_an_unquoted_colon_gets_a_hint_to_quote(cli, tmp_path):
    text = MINI.replace("claim: test claim", "claim: Article 3: no help", 1)
    result = cli("data", "validate", _write(tmp_path, text))
    assert result.exit_code == 2
    assert "mapping values are not allowed" in result.stderr and "must be quoted" in result.stderr


def test_a_tie_missing_a_dimension_is_a_warning(cli, tmp_path):
    start, end = MINI.index("  - dimension: rhetoric"), MINI.index("  - dimension: crisis_support")
    path = _write(tmp_path, MINI[:start] + MINI[end:])
    result = cli("data", "validate", path)
    assert result.exit_code == 0
    assert f"{path}:169:3: warning: ties[0] (IRN-RUS): no observation of " in result.stderr
    (missing,) = [line for line in result.stderr.splitlines() if "no observation of" in line]
    assert "rhetoric" in missing
    doc = json.loads(cli("data", "validate", path, "-f", "json").stdout)
    assert any("rhetoric" in w["message"] and w["severity"] == "warning" for w in doc["warnings"])


def test_the_bundled_dataset_has_every_dimension_for_every_tie(cli):
    result = cli("data", "validate")
    assert result.exit_code == 0 and "no observation of" not in result.stderr


def test_a_bare_number_in_a_rubric_is_a_weight(cli, tmp_path):
    rubric = _write(tmp_path, "name: short\nversion: 1.0.0\nextends: costly-signals@1.1.0\n"
                              "dimensions:\n  rhetoric: 0\n  military_aid: 2.5\n", "r.yaml")
    assert cli("rubrics", "validate", rubric).exit_code == 0
    doc = json.loads(cli("rate", "iran", "russia", "-r", rubric, "-f", "json").stdout)
    weights = {d["id"]: d["weight"] for d in doc["dimensions"]}
    assert weights["rhetoric"] == 0 and weights["military_aid"] == 2.5 and weights["crisis_support"] == 4


def test_a_dimension_written_wrongly_in_a_rubric_says_how_to_write_it(cli, tmp_path):
    rubric = _write(tmp_path, "name: s\nversion: 1.0.0\nextends: costly-signals@1.1.0\ndimensions:\n"
                              "  rhetoric: high\n", "r.yaml")
    result = cli("rubrics", "validate", rubric)
    assert result.exit_code == 2 and "write a weight, rhetoric: 2, or a spec" in result.stderr
