"""The UN voting importer on a small synthetic ideal-point file in the source's format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from allyscore.dataset import load_dataset
from allyscore.importers import unga

FIXTURE = Path(__file__).parent / "fixtures" / "unga_small.csv"
REAL = Path("/work/shared/data/unga/IdealpointestimatesJuly2025.csv")


@pytest.fixture(scope="module")
def doc():
    return unga.import_unga(FIXTURE)[0]


def observations(doc, a, b):
    tie = next(t for t in doc["ties"] if t["pair"] == sorted([a, b]))
    return [(o["level"], o["confidence"], o["since"], o["until"]) for o in tie["observations"]]


def test_thresholds():
    assert unga.level_of(np.array([0.0, 0.24, 0.25, 0.49, 0.5, 0.99, 1.0, 1.99, 2.0, 3.0])).tolist() == \
        [4, 4, 3, 3, 2, 2, 1, 1, 0, 0]


def test_levels_periods_and_confidence(doc):
    # USA-GBR: 0.20 apart in 2020 (4, its interval inside the band); 0.30 in 2021 (3); 0.24 in 2022 is
    # within the uncertainty of band 3, so the 2021 level holds, at most medium
    assert observations(doc, "USA", "GBR") == [(4, "high", "2020-01-01", "2020-12-31"),
                                               (3, "medium", "2021-01-01", "2022-12-31")]
    # Russia's 2020 estimate rests on 5 votes: the folded period is low; China has no 2022 estimate: it ends in 2021
    assert observations(doc, "RUS", "CHN") == [(3, "low", "2020-01-01", "2021-12-31")]
    assert observations(doc, "USA", "RUS")[0][0] == 0  # 2.0 apart: opposite camps


def test_claim_and_source(doc):
    tie = next(t for t in doc["ties"] if t["pair"] == ["GBR", "USA"])
    assert tie["observations"][0]["claim"] == "UN General Assembly votes 2020: ideal points 0.20 SD apart."
    assert doc["sources"][0]["url"] == "https://doi.org/10.7910/DVN/LEJUQZ"
    dims = {d["id"]: d for d in doc["dimensions"]}
    assert dims["voting_alignment"]["directed"] is False and dims["voting_alignment"]["signal"] == "moderate"
    assert "crisis_support" in dims  # the bundled catalog, so that any rubric written for it can read the file


def test_cli_writes_a_valid_dataset(tmp_path, cli):
    out = tmp_path / "unga.yaml"
    res = cli("import", "unga", str(FIXTURE), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert "6 dyads" in res.stderr
    data = load_dataset(out)
    assert data.header.rubric == "public-data"
    res = cli("rate", "usa", "uk", "--data", str(out), "--format", "json")
    assert res.exit_code == 0, res.stderr


def test_a_file_without_the_columns_is_one_line(tmp_path, cli):
    bad = tmp_path / "x.csv"
    bad.write_text("ccode,year\n2,2020\n")
    res = cli("import", "unga", str(bad))
    assert res.exit_code == 2 and "no column idealpointfp" in res.stderr and f"{bad}:1" in res.stderr


@pytest.mark.skipif(not REAL.exists(), reason="the UN voting file is not on this machine")
def test_real_examples_from_sources_md():
    doc, summary = unga.import_unga(REAL, (2023, 2023))
    levels = {tuple(t["pair"]): t["observations"][0]["level"] for t in doc["ties"]}
    assert levels[("GBR", "USA")] == 2 and levels[("ISR", "USA")] == 3 and levels[("CHN", "RUS")] == 3
    assert levels[("CHN", "USA")] == 0 and levels[("IRN", "RUS")] == 2
    assert summary.countries >= 190


def test_an_unknown_cow_number_names_the_file(tmp_path, cli):
    bad = tmp_path / "x.csv"
    lines = FIXTURE.read_text().splitlines()
    bad.write_text("\n".join(lines + ["999" + lines[1][1:]]) + "\n")
    res = cli("import", "unga", str(bad))
    assert res.exit_code == 2 and f"{bad}: unknown COW state code 999" in res.stderr
