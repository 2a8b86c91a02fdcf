"""`allyscore world build`: one world dataset from ATOP, UN voting and SIPRI files, found automatically."""

from __future__ import annotations

import json
from pathlib import Path

from test_atop import write as write_atop

from allyscore.dataset import load_dataset

FIXTURES = Path(__file__).parent / "fixtures"


def build(tmp_path, cli, *extra):
    atop = write_atop(tmp_path, [f"{a},{b},{y},1,0,0,0,0" for y in range(1950, 2019) for a, b in ((2, 200), (200, 2))])
    return cli("world", "build", "--atop", str(atop), "--unga", str(FIXTURES / "unga_small.csv"),
               "--sipri", str(FIXTURES / "sipri_small.csv"), *extra)


def test_build_writes_one_dataset_and_says_what_it_covers(tmp_path, cli):
    out = tmp_path / "world.json"
    res = build(tmp_path, cli, "--output", str(out))
    assert res.exit_code == 0, res.stderr
    assert "ATOP v5.1: 1 dyads" in res.stderr and "UN voting: 6 dyads" in res.stderr and "SIPRI: 6 deals" in res.stderr
    assert "world layer:" in res.stderr and "years 1950-2022" in res.stderr and str(out) in res.stderr
    data = load_dataset(out)
    assert data.header.origin == "imported" and data.header.rubric == "public-data"
    assert {"atop-5.1", "unga-bsv-2025", "sipri-arms-transfers"} <= set(data.sources)
    dims = {o.dimension for o in data.tie("USA", "GBR").observations}
    assert dims == {"formal_commitment", "voting_alignment"}
    assert not sys_stdout_used(res)


def sys_stdout_used(res):
    return bool(res.stdout.strip())


def test_the_default_place_is_found_by_rate_and_history(tmp_path, cli, monkeypatch):
    monkeypatch.setenv("ALLYSCORE_WORLD", str(tmp_path / "data" / "world.json"))
    assert build(tmp_path, cli).exit_code == 0
    assert (tmp_path / "data" / "world.json").is_file()
    res = cli("rate", "egypt", "russia", "--format", "json")  # not in the bundled data: the world layer has it
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["as_of"] == "2021-12-31"  # the newest evidence of a public-data tie
    assert "allyscore-world" in json.dumps(out["dataset"])
    assert "known only from imported public data (allyscore-world); newest evidence 2021-12-31" in res.stderr
    assert "no evidence on formal commitment" in res.stderr and "-r public-data" in res.stderr
    res = cli("history", "usa", "uk", "--format", "json")
    assert res.exit_code == 0, res.stderr
    points = json.loads(res.stdout)["points"]
    assert "2020-01-01" in {p["date"] for p in points}  # the world layer's UN votes under the curated tie


def test_nothing_to_build_is_one_line(cli):
    res = cli("world", "build")
    assert res.exit_code == 2 and "name at least one source" in res.stderr


def test_a_large_world_is_read_one_tie_at_a_time_after_one_full_validation(tmp_path, cli, monkeypatch):
    from allyscore import indexed, layers
    from allyscore.engine import score_tie
    from allyscore.rubric import resolve_rubric

    out = tmp_path / "world.json"
    assert build(tmp_path, cli, "--output", str(out)).exit_code == 0
    monkeypatch.setattr(indexed, "INDEX_MIN_BYTES", 0)
    first = layers.load_layers([str(out)])
    assert not isinstance(first, indexed.IndexedDataset)  # validated whole, then noted in the cache
    second = layers.load_layers([str(out)])
    assert isinstance(second, indexed.IndexedDataset)
    assert sorted(second.ties) == sorted(first.ties) and ("EGY", "USA") in second.ties and ("USA", "ZZZ") not in second.ties
    rubric = resolve_rubric("public-data", catalog=set(first.dimensions))
    for key in first.ties:
        a, b = score_tie(first, first.ties[key], rubric), score_tie(second, second.ties[key], rubric)
        assert (a.score, a.label, a.as_of) == (b.score, b.label, b.as_of)
    # edited bytes are new content: validated whole again, and a broken edit is refused
    out.write_text(out.read_text().replace('"level": 3', '"level": 7', 1))
    res = cli("rate", "egypt", "usa", "--data", str(out))
    assert res.exit_code == 2 and "level 7 is out of range" in res.stderr
