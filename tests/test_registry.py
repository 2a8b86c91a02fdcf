"""The country registry: every COW state resolves, the names people type, no GPL dependency."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from allyscore.countries import CountryIndex
from allyscore.errors import LookupFailed
from allyscore.model import Country
from allyscore.registry import registry

ROOT = Path(__file__).resolve().parent.parent
COW = ROOT.parent.parent / "shared" / "data" / "atop" / "cow_states2016.csv"
COW = COW if COW.exists() else Path("/work/shared/data/atop/cow_states2016.csv")

EMPTY = CountryIndex([])


def test_codes_are_unique_three_letters_and_iso2_two():
    states = registry().states
    assert len({s.code for s in states}) == len(states)
    assert all(re.fullmatch(r"[A-Z]{3}", s.code) for s in states)
    assert all(s.iso2 is None or re.fullmatch(r"[A-Z]{2}", s.iso2) for s in states)
    assert len({s.iso2 for s in states if s.iso2}) == len([s for s in states if s.iso2])


@pytest.mark.skipif(not COW.exists(), reason="the COW state list is not on this machine")
def test_every_cow_state_resolves_by_number_letter_code_and_name():
    with open(COW, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len({int(r["ccode"]) for r in rows}) == 217
    for row in rows:
        cow = int(row["ccode"])
        code = registry().code_for_cow(cow)
        assert code is not None, row
        assert EMPTY.resolve(str(cow)) == code
        assert EMPTY.resolve(row["stateabb"]) == code or row["stateabb"] in registry().by_code, row
        assert EMPTY.resolve(row["statenme"]) == code, row


@pytest.mark.parametrize("typed, code", [
    ("usa", "USA"), ("us", "USA"), ("America", "USA"), ("united states", "USA"), ("The United States", "USA"),
    ("uk", "GBR"), ("Britain", "GBR"), ("united kingdom", "GBR"), ("uae", "ARE"), ("drc", "COD"),
    ("dprk", "PRK"), ("north korea", "PRK"), ("rok", "KOR"), ("south korea", "KOR"), ("prc", "CHN"),
    ("ivory coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("russia", "RUS"), ("iran", "IRN"), ("india", "IND"),
    ("saudi arabia", "SAU"), ("burma", "MMR"), ("turkiye", "TUR"), ("czechia", "CZE"), ("IN", "IND"),
])
def test_common_aliases(typed, code):
    assert EMPTY.resolve(typed) == code


def test_usa_uk_never_suggests_ukraine():
    assert (EMPTY.resolve("usa"), EMPTY.resolve("uk")) == ("USA", "GBR")
    with pytest.raises(LookupFailed) as caught:
        EMPTY.resolve("englnd")
    assert "'england'" in str(caught.value)


@pytest.mark.parametrize("typed, code, successors", [
    ("ussr", "RUS", ()), ("soviet union", "RUS", ()), ("west germany", "GFR", ("DEU",)),
    ("east germany", "GDR", ("DEU",)), ("czechoslovakia", "XCZ", ("CZE", "SVK")),
    ("yugoslavia", "SRB", ()), ("south vietnam", "RVN", ("VNM",)), ("south yemen", "YPR", ("YEM",)),
])
def test_historical_states_keep_their_identity_and_say_who_succeeded_them(typed, code, successors):
    assert EMPTY.resolve(typed) == code
    state = registry().by_code[code]
    assert state.successors == successors
    if successors:
        assert state.historical and "succeeded by" in state.describe()


def test_a_datasets_own_names_come_first_and_the_registry_fills_in():
    index = CountryIndex([Country(code="KOR", name="Korea", aliases=["Joseon"])])
    assert index.resolve("joseon") == "KOR"  # the dataset's own alias beats the registry's
    assert index.resolve("south korea") == "KOR"
    assert index.resolve("india") == "IND" and index.name("IND") == "India" and not index.known("IND")


def test_no_gpl_crosswalk_is_needed():
    text = (ROOT / "pyproject.toml").read_text()
    assert "countrycode" not in text
    for path in (ROOT / "allyscore").rglob("*.py"):
        assert "import countrycode" not in path.read_text() and "from countrycode" not in path.read_text()


def test_the_registry_is_read_only_for_a_name_the_dataset_does_not_have(monkeypatch):
    from allyscore import countries

    def unread():
        raise AssertionError("the registry was read")

    monkeypatch.setattr(countries, "registry", unread)
    index = CountryIndex([Country("IRN", "Iran", aliases=["Persia"]), Country("RUS", "Russia")])
    assert index.resolve("persia") == "IRN" and index.resolve("RUS") == "RUS" and index.name("IRN") == "Iran"
    monkeypatch.setattr(countries, "registry", registry)
    assert index.resolve("ivory coast") == "CIV" and index.name("CIV") == registry().by_code["CIV"].name
