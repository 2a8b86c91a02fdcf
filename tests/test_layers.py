"""Layers: several datasets at once, curated over imported, every level with its origin."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from allyscore.dataset import load_dataset
from allyscore.importers.atop import dumps
from allyscore.importers.public import dataset_head
from allyscore.importers.unga import CATALOG as UNGA_CATALOG
from allyscore.layers import Layers, load_layers, world_path


def obs(dim, direction, level, since, until, source, claim="x"):
    return {"dimension": dim, "direction": direction, "level": level, "confidence": "medium", "since": since,
            "until": until, "claim": claim, "sources": [source]}


def write(path, doc):
    path.write_text(dumps(doc, "json"))
    return str(path)


@pytest.fixture
def layers(tmp_path):
    head = dataset_head("public", [UNGA_CATALOG], ["GBR", "IND", "RUS", "USA"], [
        {"id": "pub", "publisher": "P", "title": "Public data", "date": "2022"}], 2021, "imported test layer")
    imported = {**head, "ties": [
        {"pair": ["GBR", "USA"], "observations": [
            obs("military_aid", "USA->GBR", 2, "2010-01-01", "2015-12-31", "pub", "SIPRI-like 2010-15"),
            obs("military_aid", "USA->GBR", 1, "2019-01-01", "2021-12-31", "pub", "overlaps the curated level"),
            obs("voting_alignment", "mutual", 3, "2020-01-01", "2020-12-31", "pub", "votes 2020")]},
        {"pair": ["IND", "RUS"], "observations": [
            obs("military_aid", "RUS->IND", 3, "2004-01-01", "2021-12-31", "pub", "79% of India's arms imports")]}]}
    curated_head = {**head, "name": "mine", "version": "1", "as_of": "2024-06-30", "origin": "curated",
                    "sources": [{"id": "cur", "publisher": "C", "title": "Curated", "date": "2023"}]}
    del curated_head["rubric"]
    curated = {**curated_head, "countries": [c for c in head["countries"] if c["code"] in ("GBR", "USA")], "ties": [
        {"pair": ["USA", "GBR"], "observations": [
            obs("military_aid", "USA->GBR", 4, "2020-01-01", None, "cur", "curated")]}]}
    return write(tmp_path / "imported.json", imported), write(tmp_path / "curated.json", curated)


def test_curated_wins_for_the_same_dimension_direction_and_period(layers):
    imported, curated = layers
    for order in ([imported, curated], [curated, imported]):  # whatever the order given
        data = load_layers(order)
        tie = data.tie("GBR", "USA")
        got = sorted((o.dimension, o.level, o.sources[0]) for o in tie.observations)
        assert got == [("military_aid", 2, "pub"), ("military_aid", 4, "cur"), ("voting_alignment", 3, "pub")]


def test_each_level_says_where_it_came_from(layers, cli):
    imported, curated = layers
    res = cli("rate", "india", "russia", "--data", curated, "--data", imported, "-r", "public-data",
              "--format", "json", "--evidence")
    assert res.exit_code == 0, res.stderr
    text = res.stdout
    assert "79% of India's arms imports" in text and "Public data" in text
    data = load_layers([curated, imported])
    tie = data.tie("IND", "RUS")
    assert data.source_layer(tie.observations[0]).header.name == "public"


def test_a_tie_only_in_public_data_is_scored_when_its_evidence_ends(layers):
    imported, curated = layers
    data = load_layers([curated, imported])
    assert data.default_day(data.tie("IND", "RUS")) == dt.date(2021, 12, 31)
    assert data.default_day(data.tie("USA", "GBR")) == dt.date(2024, 6, 30)  # curated: its as_of


def test_as_of_anywhere_in_the_layers_range(layers, cli):
    imported, curated = layers
    res = cli("rate", "usa", "uk", "--data", curated, "--data", imported, "-r", "public-data",
              "--as-of", "2012-06-30", "--format", "json")
    assert res.exit_code == 0, res.stderr
    dims = {d["id"]: d for d in json.loads(res.stdout)["dimensions"]}
    assert dims["military_aid"]["levels"]["USA->GBR"] == 2


def test_a_dataset_names_its_rubric(layers, cli):
    imported, _ = layers
    res = cli("rate", "india", "russia", "--data", imported, "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["rubric"]["name"] == "public-data"


def test_a_rubric_that_cannot_score_a_dataset_says_why_in_one_line(tmp_path, cli):
    from test_atop import write as write_atop

    path = write_atop(tmp_path, ["2,200,2018,1,0,0,0,0", "200,2,2018,1,0,0,0,0"])
    out = tmp_path / "atop.yaml"
    assert cli("import", "atop", str(path), "-o", str(out)).exit_code == 0
    res = cli("rate", "usa", "gbr", "--data", str(out))  # named in the file: formal-commitment
    assert res.exit_code == 0, res.stderr
    text = out.read_text().replace('rubric: "formal-commitment"\n', "")
    out.write_text(text)
    res = cli("rate", "usa", "gbr", "--data", str(out))
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not have" in lines[0] and "-r formal-commitment" in lines[0]


def test_world_path_is_configurable(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLYSCORE_WORLD", "off")
    assert world_path() is None
    assert not isinstance(load_layers(), Layers)
    monkeypatch.setenv("ALLYSCORE_WORLD", str(tmp_path / "w.json"))
    assert world_path() == tmp_path / "w.json"
    monkeypatch.delenv("ALLYSCORE_WORLD")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert world_path() == tmp_path / "allyscore" / "world.json"


def test_a_single_file_loads_as_itself(layers):
    imported, _ = layers
    assert not isinstance(load_layers([imported]), Layers)
    assert load_layers([imported]).header.name == load_dataset(imported).header.name


def _fc(directed):
    from allyscore.importers.atop import CATALOG

    return {**CATALOG, "directed": directed}


@pytest.mark.parametrize("top_directed", [False, True])
def test_a_layer_is_read_in_the_merged_catalogs_terms(tmp_path, top_directed):
    src = [{"id": "s", "publisher": "P", "title": "T", "date": "2000"}]
    base = {"schema_version": 1, "version": "1", "as_of": "2018-12-31", "sources": src,
            "countries": [{"code": "FRA", "name": "France"}, {"code": "USA", "name": "United States"}]}
    top = {**base, "name": "top", "dimensions": [_fc(top_directed)], "ties": []}
    if top_directed:  # a mutual observation below holds both ways
        below = {**base, "name": "below", "origin": "imported", "dimensions": [_fc(False)], "ties": [
            {"pair": ["FRA", "USA"], "observations": [obs("formal_commitment", "mutual", 4, "1949-08-24", None, "s")]}]}
    else:  # directed observations below give the weaker direction where both are known
        below = {**base, "name": "below", "origin": "imported", "dimensions": [_fc(True)], "ties": [
            {"pair": ["FRA", "USA"], "observations": [
                obs("formal_commitment", "USA->FRA", 4, "1950-01-01", "2018-12-31", "s", "US pledge"),
                obs("formal_commitment", "FRA->USA", 2, "1950-01-01", "1959-12-31", "s", "French consultation"),
                obs("formal_commitment", "FRA->USA", 4, "1960-01-01", "2018-12-31", "s", "French pledge")]}]}
    top["ties"] = [{"pair": ["FRA", "USA"], "observations": [
        obs("formal_commitment", "FRA->USA" if top_directed else "mutual", 1, "1900-01-01", "1900-12-31", "s")]}]
    data = load_layers([write(tmp_path / "below.json", below), write(tmp_path / "top.json", top)])
    got = sorted((o.direction, o.level, str(o.since), str(o.until)) for o in data.tie("USA", "FRA").observations)
    if top_directed:
        assert got == [("FRA->USA", 1, "1900-01-01", "1900-12-31"), ("FRA->USA", 4, "1949-08-24", "None"),
                       ("USA->FRA", 4, "1949-08-24", "None")]
    else:
        assert got == [("mutual", 1, "1900-01-01", "1900-12-31"), ("mutual", 2, "1950-01-01", "1959-12-31"),
                       ("mutual", 4, "1960-01-01", "2018-12-31")]
        assert "The weaker direction (FRA->USA 2, USA->FRA 4)" in data.tie("USA", "FRA").observations[1].claim


@pytest.mark.parametrize("args", [
    ("rate", "usa", "gbr"), ("rate", "usa", "gbr", "--as-of", "2030-01-01"), ("rate", "usa", "gbr", "-u"),
    ("history", "usa", "gbr"), ("sensitivity", "usa", "gbr", "--draws", "50"), ("bloc", "usa", "gbr", "india"),
    ("report", "usa:gbr", "--format", "jsonl"),
])
def test_one_tie_never_builds_every_layer_tie(layers, cli, monkeypatch, args):
    # over a world layer of 19,000 dyads, building the whole merged model costs seconds: a command about
    # one tie reads the layers' headers and that tie only
    from allyscore import layers as module

    def whole(self):
        raise AssertionError("the whole merged dataset was built for one tie")

    monkeypatch.setattr(module.Layers, "model", property(whole))
    imported, curated = layers
    res = cli(*args, "--data", curated, "--data", imported, "-r", "public-data")
    assert res.exit_code == 0, res.stderr


def test_a_large_layer_seen_before_is_read_as_signed(layers, monkeypatch, tmp_path):
    # the first load validates the file whole and keeps a signed note of its bytes; later loads read its
    # header and ties as written (no pydantic), unless the note is edited: then each tie is validated again
    from allyscore import cache, indexed as module

    monkeypatch.setenv("ALLYSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_checked", {})
    monkeypatch.setattr(cache, "_secrets", {})
    monkeypatch.setattr(module, "INDEX_MIN_BYTES", 0)
    imported, _ = layers
    first = module.load_indexed(imported)
    assert not isinstance(first, module.IndexedDataset)  # validated whole
    second = module.load_indexed(imported)
    assert isinstance(second, module.IndexedDataset) and second.trusted
    assert second.ties[("IND", "RUS")] == first.ties[("IND", "RUS")]
    assert second.header.name == first.header.name
    (note,) = (tmp_path / "cache" / "validated").glob("*.json")
    head, _, body = note.read_bytes().partition(b"\n")
    note.write_bytes(head + b"\n" + body.replace(b'"head_end":', b'"head_end": '))  # same data, not what was signed
    third = module.load_indexed(imported)
    assert isinstance(third, module.IndexedDataset) and not third.trusted
    assert third.ties[("IND", "RUS")] == first.ties[("IND", "RUS")]


def test_every_tie_of_a_signed_layer_is_read_one_at_a_time(layers, monkeypatch, tmp_path):
    # a report over every tie of the world layer reads them one by one (never the whole file at once, nor
    # every tie kept), and reads what validating the file whole reads
    from allyscore import cache, indexed as module

    monkeypatch.setenv("ALLYSCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_checked", {})
    monkeypatch.setattr(cache, "_secrets", {})
    monkeypatch.setattr(module, "INDEX_MIN_BYTES", 0)
    monkeypatch.setattr(module._IndexedTies, "_KEEP", 1)
    imported, _ = layers
    whole = module.load_indexed(imported)
    signed = module.load_indexed(imported)
    assert isinstance(signed, module.IndexedDataset) and signed.trusted

    def everything(self):
        raise AssertionError("every tie was built at once")

    monkeypatch.setattr(module.IndexedDataset, "model", property(everything))
    assert sorted(signed.ties) == sorted(whole.ties) == [("GBR", "USA"), ("IND", "RUS")]
    for key in sorted(whole.ties):
        assert signed.ties[key] == whole.ties[key]
        assert key in signed.ties
    assert len(signed.ties._built) == 1  # built once each, not all kept
    assert ("FRA", "USA") not in signed.ties and signed.ties.get(("FRA", "USA")) is None
