"""The ATOP importer and check-atop: the obligation mapping on real rows, periods, directions, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allyscore.importers import atop

REPO = Path(__file__).resolve().parent.parent
ATOP_DIR = next((p / "shared" / "data" / "atop" for p in (REPO.parent, REPO.parent.parent)  # checkout or worktree
                 if (p / "shared" / "data" / "atop").is_dir()), REPO.parent / "shared" / "data" / "atop")
DYAD = ATOP_DIR / "atop5_1_directed_dyad_year.csv"
STATES = ATOP_DIR / "cow_states2016.csv"
needs_atop = pytest.mark.skipif(not DYAD.exists() or not STATES.exists(),
                                reason=f"ATOP data not found at {ATOP_DIR} (see shared/data/atop/SOURCES.md)")

HEADER = "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n"
STATE_LIST = ("stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
              "USA,2,United States of America,1816,1,1,2016,12,31,2016\n"
              "UKG,200,United Kingdom,1816,1,1,2016,12,31,2016\n"
              "IRN,630,Iran,1855,1,1,2016,12,31,2016\n"
              "RUS,365,Russia,1816,1,1,2016,12,31,2016\n"
              "CZE,315,Czechoslovakia,1918,11,14,1992,12,31,2016\n"
              "CZR,316,Czech Republic,1993,1,1,2016,12,31,2016\n")


def write(tmp_path: Path, rows: list[str]) -> Path:
    (tmp_path / "cow_states2016.csv").write_text(STATE_LIST)
    path = tmp_path / "dyads.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows))
    return path


def observations(doc: dict, a: str, b: str, direction: str | None = None) -> list[dict]:
    tie = next(t for t in doc["ties"] if t["pair"] == sorted([a, b]))
    return [o for o in tie["observations"] if direction is None or o["direction"] == direction]


@pytest.fixture(scope="module")
def real() -> dict:
    if not DYAD.exists() or not STATES.exists():
        pytest.skip(f"ATOP data not found at {ATOP_DIR} (see shared/data/atop/SOURCES.md)")
    rows = atop.read_dyad_years(DYAD, keep={2, 200, 365, 630, 710, 731})
    imported = atop.import_atop(DYAD, years=(1940, 2018))
    return {"rows": rows.rows, "doc": imported.document, "imported": imported}


# --- the mapping -------------------------------------------------------------------------------

def test_mapping_levels():
    ob = atop.obligations_of
    assert atop.level_of(ob(1, 0, 0, 0, 0)) == 4  # defence
    assert atop.level_of(ob(0, 1, 0, 0, 1)) == 3  # offence (with consultation)
    assert atop.level_of(ob(0, 0, 1, 0, 0)) == 2  # neutrality
    assert atop.level_of(ob(0, 0, 0, 0, 1)) == 2  # consultation
    assert atop.level_of(ob(0, 0, 0, 1, 0)) == 1  # non-aggression only
    assert atop.level_of(ob(0, 0, 0, 0, 0)) == 0
    assert atop.level_of(None) == 0  # no row
    assert atop.describe(ob(1, 0, 0, 1, 1)) == "defence, non-aggression, consultation"


@needs_atop
def test_us_uk_defence_1949_2018(real):
    for pair in ((2, 200), (200, 2)):
        years = real["rows"][pair]
        assert all(atop.level_of(years[y]) == 4 for y in range(1949, 2019))
        assert atop.describe(years[1949]) == "defence, non-aggression, consultation"
    for direction in ("USA->GBR", "GBR->USA"):
        last = observations(real["doc"], "USA", "GBR", direction)[-1]
        assert (last["level"], last["since"], last["until"]) == (4, "1949-01-01", "2018-12-31")
        assert last["sources"] == ["atop-5.1"] and "defence" in last["claim"]


@needs_atop
def test_russia_iran_2001_2018_no_defence(real):
    for pair in ((365, 630), (630, 365)):
        years = real["rows"][pair]
        for y in range(2001, 2019):
            assert atop.describe(years[y]) == "neutrality, non-aggression, consultation"
            assert atop.level_of(years[y]) == 2
    last = observations(real["doc"], "RUS", "IRN", "RUS->IRN")[-1]
    assert (last["level"], last["since"], last["until"]) == (2, "2001-01-01", "2018-12-31")


@needs_atop
def test_china_north_korea_1961_2018_defence(real):
    for pair in ((710, 731), (731, 710)):
        assert all(atop.level_of(real["rows"][pair][y]) == 4 for y in range(1961, 2019))
    last = observations(real["doc"], "CHN", "PRK", "CHN->PRK")[-1]
    assert (last["level"], last["since"], last["until"]) == (4, "1961-01-01", "2018-12-31")
    assert last["confidence"] == "medium"  # ATOP does not code whether the pledge is conditional


@needs_atop
def test_real_codes_are_iso_and_unique():
    doc = atop.import_atop(DYAD, years=(2018, 2018)).document
    codes = {c["cow"]: c["code"] for c in doc["countries"]}
    assert (codes[2], codes[200], codes[365], codes[630], codes[731]) == ("USA", "GBR", "RUS", "IRN", "PRK")
    assert len(set(codes.values())) == len(codes)
    every = atop.country_codes(atop.read_states(STATES))
    assert len(set(every.values())) == len(every)  # no two COW states share a code
    assert every[260] == "GFR" and every[255] == "DEU"  # West Germany keeps its COW identity
    assert every[315] == "XCZ" and every[316] == "CZE"  # Czechoslovakia: its COW "CZE" is Czechia's ISO code


# --- periods and directions --------------------------------------------------------------------

def test_fold_across_a_gap(tmp_path):
    rows = [f"{a},{b},{y},1,0,0,0,0" for y in (1950, 1951, 1952, 1956, 1957) for a, b in ((2, 200), (200, 2))]
    doc = atop.import_atop(write(tmp_path, rows)).document
    got = [(o["level"], o["since"], o["until"]) for o in observations(doc, "USA", "GBR", "USA->GBR")]
    assert got == [(4, "1950-01-01", "1952-12-31"), (0, "1953-01-01", "1955-12-31"), (4, "1956-01-01", "1957-12-31")]
    assert "records no alliance" in observations(doc, "USA", "GBR", "USA->GBR")[1]["claim"]


def test_directed_asymmetry(tmp_path):
    rows = [f"2,630,{y},1,0,0,0,1" for y in (1959, 1960)] + [f"630,2,{y},0,0,0,0,1" for y in (1959, 1960)]
    doc = atop.import_atop(write(tmp_path, rows)).document
    assert doc["dimensions"][0]["directed"] is True
    by_dir = {o["direction"]: o["level"] for o in observations(doc, "USA", "IRN")}
    assert by_dir == {"USA->IRN": 4, "IRN->USA": 2}


def test_asymmetry_scores_the_weaker_pledge_and_flags_it(tmp_path, cli):
    rows = [f"2,630,{y},1,0,0,0,1" for y in (1959, 1960)] + [f"630,2,{y},0,0,0,0,1" for y in (1959, 1960)]
    out = tmp_path / "out.yaml"
    assert cli("import", "atop", str(write(tmp_path, rows)), "-o", str(out)).exit_code == 0
    res = cli("rate", "usa", "iran", "--data", str(out), "--rubric", "formal-commitment",
              "--as-of", "1960-06-30", "--format", "json")
    assert res.exit_code == 0, res.stderr
    body = json.loads(res.stdout)
    assert body["dimensions"][0]["value"] == 2.0 and body["score"] == 50.0  # min(4, 2) -> 50 points
    assert body["label"] == "neutrality_consultation"
    assert body["indicators"]["asymmetry"]["flagged"] and body["indicators"]["asymmetry"]["giver"] == "USA"
    later = json.loads(cli("rate", "usa", "iran", "--data", str(out), "--rubric", "formal-commitment",
                           "--as-of", "1970-01-01", "--format", "json").stdout)
    assert later["label"] == "insufficient_evidence" and later["indicators"]["coverage"] == 0.0


def test_unknown_cow_code_names_the_row(tmp_path, cli):
    path = write(tmp_path, ["2,200,1950,1,0,0,0,0", "200,2,1950,1,0,0,0,0", "2,999,1950,0,0,0,1,0"])
    with pytest.raises(atop.InputFileError) as info:
        atop.import_atop(path)
    assert info.value.problems[0].line == 4 and info.value.problems[0].file == str(path)
    res = cli("import", "atop", str(path))
    assert res.exit_code == 2
    assert f"{path}:4: unknown COW state code 999" in res.stderr and "Traceback" not in res.stderr


def test_malformed_row_names_the_line(tmp_path, cli):
    path = write(tmp_path, ["2,200,1950,1,0,0,0,0", "200,2,19x0,1,0,0,0,0"])
    res = cli("import", "atop", str(path))
    assert res.exit_code == 2 and f"{path}:3:" in res.stderr


def test_plain_and_irregular_files_read_alike(tmp_path):
    rows = ["2,200,1950,1,0,0,0,0", "200,2,1950,0,0,1,0,1", "2,200,1951,1,1,0,0,0"]
    plain = atop.read_dyad_years(write(tmp_path, rows))  # numpy reads it
    irregular = tmp_path / "irregular.csv"  # CRLF, spaces, a blank line: the csv module reads it
    irregular.write_text(HEADER.replace("\n", "\r\n") + "\r\n".join(r.replace(",", ", ") for r in rows[:2])
                         + "\r\n\r\n" + rows[2] + "\r\n")
    read = atop.read_dyad_years(irregular)
    assert read.rows == plain.rows
    assert read.lines.tolist() == [2, 5, 3] and plain.lines.tolist() == [2, 4, 3]  # by pair, then year


@pytest.mark.parametrize("rows, line", [
    (["2,200,1950,1,0,0,0", "200,2,1950,1,0,0,0,0,0"], 2),  # too few numbers, then too many
    (["2,200,1950,1,0,0,0,0", "", "200,2,1950,1,0,,0,0"], 4),  # after a blank line: an empty field
])
def test_a_row_that_is_not_eight_numbers_names_its_line(tmp_path, cli, rows, line):
    path = write(tmp_path, rows)
    res = cli("import", "atop", str(path))
    assert res.exit_code == 2 and f"{path}:{line}: row " in res.stderr and "is not 8 whole numbers" in res.stderr


def test_dissolved_state_keeps_cow_identity(tmp_path):
    doc = atop.import_atop(write(tmp_path, ["315,365,1950,1,0,0,0,0", "365,315,1950,1,0,0,0,0"])).document
    czs = next(c for c in doc["countries"] if c["cow"] == 315)
    assert czs == {"code": "XCZ", "name": "Czechoslovakia", "cow": 315}


STATE_ENDS = {2: 2016, 200: 2016, 630: 2016, 365: 2016, 315: 1992, 316: 2016}  # as in STATE_LIST
ROW_KEYS = st.tuples(st.sampled_from(sorted(STATE_ENDS)), st.sampled_from(sorted(STATE_ENDS)),
                     st.integers(1985, 1999)).filter(lambda key: key[0] != key[1])
OBLIGATIONS = st.sampled_from((0, 1, 16, 17))  # few codes, so that equal ones often meet across a gap


@settings(max_examples=60, deadline=None)
@given(rows=st.dictionaries(ROW_KEYS, OBLIGATIONS, min_size=1, max_size=40), shuffle=st.randoms())
def test_periods_follow_the_rows_year_by_year(tmp_path_factory, rows, shuffle):
    lines = [f"{a},{b},{y}," + ",".join(str(code >> bit & 1) for bit in (4, 3, 2, 1, 0))
             for (a, b, y), code in rows.items()]
    shuffle.shuffle(lines)
    result = atop.import_atop(write(tmp_path_factory.mktemp("fold"), lines))
    cow = {c["code"]: c["cow"] for c in result.head["countries"]}
    last_year = max(y for _, _, y in rows)

    def end(state: int) -> int:
        return last_year if STATE_ENDS[state] >= max(STATE_ENDS.values()) else min(STATE_ENDS[state], last_year)

    pairs = [pair for pair, _ in result.ties]
    assert pairs == sorted(pairs) and all(a < b for a, b in pairs)
    assert {frozenset((cow[a], cow[b])) for a, b in pairs} == {frozenset((a, b)) for a, b, _ in rows}
    for (a, b), periods in result.ties:
        x, y = cow[a], cow[b]
        years = [year for (g, r, year) in rows if {g, r} == {x, y}]
        start, stop = min(years), max(max(years), min(end(x), end(y)))
        assert [p[0] for p in periods] == sorted(p[0] for p in periods)  # a's periods, then b's
        for giver, receiver in ((a, b), (b, a)):
            mine = [p for p in periods if p[0] == giver]
            assert all(p[1] == receiver for p in mine)
            assert all(p[2] != q[2] for p, q in zip(mine, mine[1:]))  # neighbours differ: folded fully
            by_year = [(year, p[2]) for p in mine for year in range(p[3], p[4] + 1)]
            assert by_year == [(year, rows.get((cow[giver], cow[receiver], year))) for year in range(start, stop + 1)]
    for fmt in ("yaml", "json"):
        assert result.dumps(fmt) == atop.dumps(result.document, fmt)


@pytest.mark.parametrize("obligations", [atop.ABSENT, *range(32)])
def test_observation_template_writes_what_the_encoder_writes(obligations):
    for first, last in ((1950, 1950), (1815, 2018)):
        period = ("USA", "GBR", obligations, first, last)
        assert atop._observation_json(*period) == atop._json(atop._observation(*period))


@needs_atop
def test_dumps_from_periods_equals_dumps_of_the_document(real):
    imported = real["imported"]
    for fmt in ("yaml", "json"):
        assert imported.dumps(fmt) == atop.dumps(imported.document, fmt)


# --- selection and output ----------------------------------------------------------------------

def test_years_and_year_select(tmp_path, cli):
    rows = [f"{a},{b},{y},1,0,0,0,0" for y in range(1950, 1960) for a, b in ((2, 200), (200, 2))]
    path = write(tmp_path, rows)
    doc = atop.import_atop(path, years=atop.parse_years("1952-1954")).document
    assert [(o["since"], o["until"]) for o in observations(doc, "USA", "GBR", "USA->GBR")] == \
        [("1952-01-01", "1954-12-31")]
    res = cli("import", "atop", str(path), "--year", "1955")
    assert res.exit_code == 0
    assert '"since": "1955-01-01", "until": "1955-12-31"' in res.stdout
    assert "1 dyads, 2 periods" in res.stderr and "years 1955" in res.stderr
    assert cli("import", "atop", str(path), "--years", "1960-1950").exit_code == 2
    assert cli("import", "atop", str(path), "--years", "1950-1951", "--year", "1950").exit_code == 2


def test_output_is_atomic_valid_and_deterministic(tmp_path, cli):
    (tmp_path / "bad").mkdir()
    bad = write(tmp_path / "bad", ["2,999,1950,1,0,0,0,0"])
    path = write(tmp_path, [f"{a},{b},{y},0,0,1,1,1" for y in (2001, 2002) for a, b in ((365, 630), (630, 365))])
    out = tmp_path / "out" / "atop.yaml"
    out.parent.mkdir()
    out.write_text("old content\n")
    assert cli("import", "atop", str(bad), "-o", str(out)).exit_code == 2
    assert out.read_text() == "old content\n"  # a failed run leaves the old file
    assert cli("import", "atop", str(path), "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    assert cli("import", "atop", str(path), "-o", str(out)).exit_code == 0
    assert out.read_bytes() == first
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []  # no temporary left
    assert cli("data", "validate", str(out)).exit_code == 0
    as_json = tmp_path / "atop.json"
    assert cli("import", "atop", str(path), "-o", str(as_json)).exit_code == 0
    parsed = json.loads(as_json.read_text())
    assert parsed["ties"] == atop.import_atop(path).document["ties"]


# --- check-atop --------------------------------------------------------------------------------

def _dataset(tmp_path: Path, level: int, since: str = "1950-01-01", until: str = "1953-12-31") -> Path:
    path = tmp_path / "ours.yaml"
    path.write_text(f"""schema_version: 1
name: t
version: "1"
as_of: 2020-01-01
dimensions:
  - id: formal_commitment
    name: Formal commitment
    description: d
    directed: false
    signal: costly
    levels: {{0: a, 1: b, 2: c, 3: d, 4: e}}
countries:
  - {{code: USA, name: United States, cow: 2}}
  - {{code: GBR, name: United Kingdom, cow: 200}}
sources:
  - {{id: s, publisher: p, title: t, date: 2001-01-01}}
ties:
  - pair: [USA, GBR]
    observations:
      - {{dimension: formal_commitment, direction: mutual, level: {level}, confidence: high,
         since: {since}, until: {until}, claim: c, sources: [s]}}
""")
    return path


def test_check_atop_lists_disagreements_by_year_ranges(tmp_path, cli):
    rows = [f"{a},{b},{y},1,0,0,0,0" for y in range(1950, 1956) for a, b in ((2, 200), (200, 2))]
    csv_path = write(tmp_path, rows)
    res = cli("data", "check-atop", str(csv_path), "--data", str(_dataset(tmp_path, 2)), "--format", "json")
    assert res.exit_code == 1, res.stderr
    body = json.loads(res.stdout)
    assert [(d["years"], d["ours"], d["atop"]) for d in body["disagreements"]] == \
        [("1950-1953", {"mutual": [2]}, {"mutual": 4})]
    # the catalog's 3 (a hedged or doubted defence pledge) agrees with an ATOP defence pledge
    hedged = cli("data", "check-atop", str(csv_path), "--data", str(_dataset(tmp_path, 3)), "--format", "json")
    assert json.loads(hedged.stdout)["disagreements"] == []
    assert [(u["years"], u["ours"]) for u in body["uncovered"]] == [("1954-1955", {"mutual": []})]
    agree = cli("data", "check-atop", str(csv_path), "--data", str(_dataset(tmp_path, 4, until="1955-12-31")))
    assert agree.exit_code == 0 and "0 disagreements" in agree.stderr


def test_check_atop_counts_a_level_held_on_any_day_of_the_year(tmp_path, cli):
    rows = [f"{a},{b},{y},1,0,0,0,0" for y in (1950,) for a, b in ((2, 200), (200, 2))]
    res = cli("data", "check-atop", str(write(tmp_path, rows)), "--data",
              str(_dataset(tmp_path, 4, since="1950-11-01", until="1950-12-31")), "-f", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["disagreements"] == []


@needs_atop
def test_check_atop_on_the_bundled_dataset_runs(cli):
    res = cli("data", "check-atop", str(DYAD), "--format", "json")
    assert res.exit_code in (0, 1), res.stderr
    body = json.loads(res.stdout)
    assert ["IRN", "RUS"] in body["checked"]
    assert not [d for d in body["disagreements"] if d["pair"] == ["IRN", "RUS"]]  # 2001-2018: 2 and 2


def test_rubric_is_listed_and_valid(cli, mini_path):
    from allyscore.rubric import resolve_rubric

    rubric = resolve_rubric("formal-commitment@1.0.0", catalog={"formal_commitment"})
    assert list(rubric.model.dimensions) == ["formal_commitment"] and rubric.model.missing.policy == "skip"


def test_dump_escapes_anchor_and_tag_characters(tmp_path):
    import yaml

    doc = {"schema_version": 1, "name": "n", "dimensions": [], "countries": [{"code": "AAB", "name": "Antigua & Barbuda!", "cow": 58}],
           "sources": [], "ties": []}
    text = atop.dumps(doc)
    assert "&" not in text and "!" not in text  # the loader's fast YAML path declines such text
    assert yaml.safe_load(text)["countries"][0]["name"] == "Antigua & Barbuda!"
    assert json.loads(atop.dumps(doc, "json"))["countries"][0]["name"] == "Antigua & Barbuda!"


def test_rows_in_any_order_keep_their_obligations(tmp_path):
    rows = ["200,2,1951,1,0,0,1,1", "2,200,1950,1,0,0,0,0", "2,200,1951,0,0,0,0,1", "200,2,1950,0,0,1,0,0",
            "2,200,1952,0,1,0,0,0"]
    shuffled = atop.import_atop(write(tmp_path, rows)).document
    assert shuffled == atop.import_atop(write(tmp_path, sorted(rows, key=lambda r: [int(v) for v in r.split(",")]))).document
    got = [(o["direction"], o["level"], o["since"]) for o in observations(shuffled, "USA", "GBR")]
    assert got == [("GBR->USA", 2, "1950-01-01"), ("GBR->USA", 4, "1951-01-01"), ("GBR->USA", 0, "1952-01-01"),
                   ("USA->GBR", 4, "1950-01-01"), ("USA->GBR", 2, "1951-01-01"), ("USA->GBR", 3, "1952-01-01")]


def test_a_number_beyond_64_bits_names_its_line(tmp_path, cli):
    path = write(tmp_path, ["2,200,1950,1,0,0,0,0", "99999999999999999999999,200,1950,1,0,0,0,0"])
    res = cli("import", "atop", str(path))
    assert res.exit_code == 2 and f"{path}:3: number 99999999999999999999999 is out of range" in res.stderr
