"""Rubric loading: references, extends, digests, weight overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from allyscore.errors import InputFileError, LookupFailed
from allyscore.rubric import available, find_rubric_path, load_rubric, resolve_rubric

EXAMPLES = Path(__file__).parent / "examples"


def test_bundled_rubrics_validate_against_the_bundled_catalog():
    from allyscore.dataset import load_dataset

    catalog = set(load_dataset().dimensions) | {"voting_alignment"}  # the world layer's catalog (public-data)
    entries = available()
    assert entries, "no bundled rubric found"
    for entry in entries:
        rubric = load_rubric(entry.path, catalog)
        assert rubric.ref == entry.ref
        assert set(rubric.model.dimensions) <= catalog


def test_references():
    latest = find_rubric_path("costly-signals")
    assert latest == find_rubric_path(None)
    assert find_rubric_path("costly-signals@1.0.0").name == "costly-signals-1.0.0.yaml"
    with pytest.raises(LookupFailed) as info:
        find_rubric_path("costly-signals@0.0.1")
    assert "versions: 1.0.0" in info.value.problems[0].hint


def test_extends_overrides_only_what_changes(tmp_path):
    child = tmp_path / "mine.yaml"
    child.write_text("name: mine\nversion: 0.1.0\ndescription: No rhetoric.\nchangelog: Rhetoric weight 0.\n"
                     "extends: costly-signals@1.0.0\ndimensions:\n  rhetoric: {weight: 0}\n")
    parent = resolve_rubric("costly-signals@1.0.0")
    mine = load_rubric(child)
    assert mine.model.dimensions["rhetoric"].weight == 0
    assert mine.model.dimensions["crisis_support"] == parent.model.dimensions["crisis_support"]
    assert mine.model.bands == parent.model.bands and mine.model.rules == parent.model.rules
    assert mine.digest != parent.digest


def test_digest_tells_content_apart(tmp_path):
    base = (EXAMPLES / "good" / "tiny-rubric.yaml").read_text()
    one, two, three = tmp_path / "one.yaml", tmp_path / "two.yaml", tmp_path / "three.yaml"
    one.write_text(base)
    two.write_text(base.replace("military_aid: {weight: 1}", "military_aid: {weight: 2}"))
    three.write_text("# a comment changes nothing that scores\n" + base)
    d1, d2, d3 = (load_rubric(p).digest for p in (one, two, three))
    assert d1 != d2 and d1 == d3


def test_extends_cycle_is_an_error(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("name: a\nversion: 1.0.0\ndescription: x\nchangelog: x\nextends: b.yaml\n")
    b.write_text("name: b\nversion: 1.0.0\ndescription: x\nchangelog: x\nextends: a.yaml\n")
    with pytest.raises(InputFileError) as info:
        load_rubric(a)
    assert "cycle" in str(info.value)


def test_zero_all_weights_by_override_is_refused():
    rubric = resolve_rubric()
    with pytest.raises(LookupFailed):
        rubric.with_weights({d: 0 for d in rubric.model.dimensions})
