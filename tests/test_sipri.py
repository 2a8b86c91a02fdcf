"""The SIPRI importer on a small synthetic trade register in SIPRI's export format (SIPRI's data may
not be shipped): header lines, '?' marks, ';'-separated years, a broken and a malformed line."""

from __future__ import annotations

from pathlib import Path

import pytest

from allyscore.dataset import load_dataset
from allyscore.importers import sipri

FIXTURE = Path(__file__).parent / "fixtures" / "sipri_small.csv"


@pytest.fixture(scope="module")
def imported():
    return sipri.import_sipri(FIXTURE)


def observations(doc, a, b, dimension, direction):
    tie = next(t for t in doc["ties"] if sorted(t["pair"]) == sorted([a, b]))
    return [(o["level"], o["since"], o["until"], o["confidence"]) for o in tie["observations"]
            if o["dimension"] == dimension and o["direction"] == direction]


def test_reads_the_export_as_it_is(imported):
    _, summary = imported
    assert summary.generated == "02 Jan 2022 09:00:00 AM"
    assert summary.deals == 7 and summary.used == 6  # the broken comment line is joined, not lost
    assert summary.malformed == [21]
    assert summary.skipped_actors == {"Hezbollah (Lebanon)*": 1}


def test_military_aid_from_share_and_volume_in_five_year_windows(imported):
    doc, _ = imported
    # 2017-21: Egypt received 630 TIV: US 200 (32%), Germany 300 (48%), France 100 (16%), Russia 30 (5%)
    assert observations(doc, "EGY", "USA", "military_aid", "USA->EGY") == [(3, "2019-01-01", "2021-12-31", "medium")]
    assert observations(doc, "EGY", "DEU", "military_aid", "DEU->EGY") == [(3, "2021-01-01", "2021-12-31", "medium")]
    assert observations(doc, "EGY", "FRA", "military_aid", "FRA->EGY") == [
        (3, "2020-01-01", "2020-12-31", "medium"), (2, "2021-01-01", "2021-12-31", "medium")]
    rus = observations(doc, "EGY", "RUS", "military_aid", "RUS->EGY")
    assert rus[-1] == (1, "2021-01-01", "2021-12-31", "low")  # a deal marked '?'
    assert rus[1][:3] == (0, "1960-01-01", "2020-12-31")  # nothing delivered in between: known, 0


def test_a_claim_carries_the_raw_figure(imported):
    doc, _ = imported
    tie = next(t for t in doc["ties"] if t["pair"] == ["DEU", "EGY"])
    assert tie["observations"][0]["claim"].startswith("SIPRI: 48% of Egypt's arms imports 2017-21 from Germany (300 of 630")


def test_licensed_production_is_technology_transfer(imported):
    doc, _ = imported
    assert observations(doc, "IND", "RUS", "technology_transfer", "RUS->IND") == [(2, "2000-01-01", "2005-12-31", "medium")]
    assert observations(doc, "IND", "RUS", "military_aid", "RUS->IND")[0][:3] == (3, "2004-01-01", "2009-12-31")


def test_never_level_4():
    assert sipri.level_of(1.0, 1e6) == 3


def test_the_dataset_validates_and_names_its_rubric(tmp_path, cli):
    out = tmp_path / "sipri.json"
    res = cli("import", "sipri", str(FIXTURE), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert "malformed lines skipped: 1, first at line 21" in res.stderr
    data = load_dataset(out)
    assert data.header.origin == "imported" and data.header.rubric == "public-data"
    assert data.sources["sipri-arms-transfers"].date == "2021" and "02 Jan 2022" in data.sources["sipri-arms-transfers"].note
    assert str(data.header.as_of) == "2021-12-31"


def test_not_a_register_is_one_line(tmp_path, cli):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b,c\n1,2,3\n")
    res = cli("import", "sipri", str(bad))
    assert res.exit_code == 2 and "not a SIPRI trade register" in res.stderr and "Traceback" not in res.stderr
