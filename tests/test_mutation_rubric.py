"""Rubric behaviour that the full mutmut run over rubric.py (issue 19) showed no fast test watched.

Each test names the mutants it kills (mutmut's names; see docs/development.md, "Mutation testing").
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

import allyscore.rubric as rubric_module
from allyscore.dataset import load_dataset
from allyscore.errors import InputFileError, LookupFailed
from allyscore.rubric import _header, available, check_focal, digest, find_rubric_path, load_rubric, resolve_rubric

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


def write(path: Path, doc: dict) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def focal_rubric(tmp_path: Path, focal: str) -> Path:
    return write(tmp_path / "focal.yaml", {"name": "focal", "version": "1.0.0", "description": "d",
                                           "changelog": "c", "extends": "costly-signals@1.0.0",
                                           "fold": "toward_focal", "focal": focal})


def test_a_focal_country_outside_the_dataset_is_refused_with_a_suggestion(tmp_path):
    # kills check_focal mutants 1, 4-12 and 14-24 (13, n=2, is equivalent: only the best match is shown):
    # the refusal, its message, the file it names and its hint
    countries = {c.code for c in load_dataset(MINI).header.countries}  # as the CLI passes them
    good = load_rubric(focal_rubric(tmp_path, "IRN"))
    check_focal(good, countries)  # a country of the dataset: nothing to say
    near = load_rubric(focal_rubric(tmp_path, "PRC"))
    with pytest.raises(InputFileError) as exc:
        check_focal(near, countries)
    problem = exc.value.problems[0]
    assert problem.message == "focal: 'PRC' is not a country of the dataset"
    assert problem.file == str(tmp_path / "focal.yaml")
    assert problem.hint == "did you mean 'PRK'?"
    far = load_rubric(focal_rubric(tmp_path, "ZZZ"))
    with pytest.raises(InputFileError) as exc:
        check_focal(far, countries)
    assert exc.value.problems[0].hint == "use a code from the dataset's countries"


# --- the rubric cache: used while the extends chain is unchanged, and only then ------------------------


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh, private cache for one test (the mutation run and the suite may run with the cache off)."""
    from allyscore import cache as module

    folder = tmp_path / "cache"
    monkeypatch.delenv("ALLYSCORE_NO_CACHE", raising=False)
    monkeypatch.setenv("ALLYSCORE_CACHE_DIR", str(folder))
    monkeypatch.setattr(module, "_checked", {}, raising=False)
    monkeypatch.setattr(module, "_secrets", {}, raising=False)
    return folder


@pytest.fixture
def loads(monkeypatch):
    """Count the rubric files loaded from YAML (a cache hit loads none)."""
    calls = []
    real = rubric_module.load_rubric
    monkeypatch.setattr(rubric_module, "load_rubric", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    return calls


def chain(tmp_path, rhetoric=1):
    write(tmp_path / "parent.yaml", {"name": "parent", "version": "1.0.0", "description": "d", "changelog": "c",
                                     "extends": "costly-signals@1.0.0", "dimensions": {"rhetoric": rhetoric}})
    return write(tmp_path / "child.yaml", {"name": "child", "version": "1.0.0", "description": "d",
                                           "changelog": "c", "extends": "parent.yaml"})


def test_a_cached_rubric_is_used_while_its_extends_chain_is_unchanged(tmp_path, cache, loads):
    # kills _chain_current 16-42 and resolve_rubric 47, 55 and 60-68 (the cache never used, or used with
    # the wrong path); 28 and 42 too (every entry stale)
    child = chain(tmp_path)
    first = resolve_rubric(str(child))
    assert len(loads) == 1 and first.model.dimensions["rhetoric"].weight == 1
    again = resolve_rubric(str(child))
    assert len(loads) == 1, "the second resolve should come from the cache"
    assert (again.model, again.path, again.digest) == (first.model, str(child), first.digest)
    chain(tmp_path, rhetoric=3)  # the parent changes: the entry is stale
    changed = resolve_rubric(str(child))
    assert len(loads) == 2 and changed.model.dimensions["rhetoric"].weight == 3
    (tmp_path / "parent.yaml").unlink()
    with pytest.raises(InputFileError):
        resolve_rubric(str(child))


def test_the_cache_key_holds_the_catalog(tmp_path, cache, loads):
    # kills resolve_rubric 11 and 12: an entry made for one catalog served for another
    child = chain(tmp_path)
    full = set(load_dataset(MINI).dimensions)
    assert resolve_rubric(str(child), catalog=full).ref == "child@1.0.0"
    with pytest.raises(InputFileError, match="unknown dimension 'rhetoric'"):
        resolve_rubric(str(child), catalog=full - {"rhetoric"})


def test_without_a_key_entries_are_validated_as_input(tmp_path, cache, loads):
    # kills resolve_rubric 69-98 and 104 and 110 (an unsigned entry restored wrongly, or never)
    cache.mkdir(mode=0o700)
    key = cache / "key"
    key.write_bytes(os.urandom(32))
    key.chmod(0o644)  # others could read it: allyscore signs nothing and validates every entry
    child = chain(tmp_path)
    first = resolve_rubric(str(child))
    again = resolve_rubric(str(child))
    assert len(loads) == 1, "an unsigned entry is validated, not rebuilt from YAML"
    assert (again.model, again.path, again.digest) == (first.model, str(child), first.digest)
    (entry,) = (cache / "rubrics").glob("*.json")
    head, _, body = entry.read_bytes().partition(b"\n")
    plain = json.loads(body)
    plain["model"]["bands"][0]["max"] = 10  # a gap from 10 to 20: not a rubric allyscore would accept
    entry.write_bytes(head + b"\n" + json.dumps(plain).encode())
    rebuilt = resolve_rubric(str(child))
    assert len(loads) == 2 and rebuilt.model == first.model


# --- weight overrides ------------------------------------------------------------------------------------

def test_weight_overrides_and_what_they_refuse():
    # kills with_weights 5-41 and 53-64: the messages and hints, zero allowed (34, 35), weights of at most 1
    # (53), and the path and digest of the result (63, 64)
    base = resolve_rubric("costly-signals@1.0.0")
    light = base.with_weights({d: 0.5 for d in base.model.dimensions} | {"rhetoric": 0})
    assert light.model.dimensions["rhetoric"].weight == 0 and light.path == base.path
    assert light.digest == digest(light.model) != base.digest
    assert light.overrides["rhetoric"] == 0
    cases = [({"rhetorc": 1}, "--weight: rubric costly-signals@1.0.0 has no dimension 'rhetorc'",
              "did you mean 'rhetoric'?"),
             ({"zzz": 1}, "--weight: rubric costly-signals@1.0.0 has no dimension 'zzz'",
              "known: " + ", ".join(base.model.dimensions)),
             ({"rhetoric": float("inf")}, "--weight: rhetoric=inf is not a finite number",
              "e.g. --weight rhetoric=0.5"),
             ({"rhetoric": -0.5}, "--weight: rhetoric=-0.5 is negative", "weights are 0 or more"),
             ({d: 0 for d in base.model.dimensions}, "--weight: every weight would be zero",
              "keep at least one weight above 0")]
    for weights, message, hint in cases:
        with pytest.raises(LookupFailed) as exc:
            base.with_weights(weights)
        assert (exc.value.problems[0].message, exc.value.problems[0].hint) == (message, hint)


# --- digests, extends, and the list of rubrics ----------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden"


def test_the_bundled_rubrics_keep_the_digests_the_golden_diffs_recorded():
    # kills digest 2-76: every field left out while at its default, the canonical JSON, the prefix.
    # The golden diffs (tests/test_diff.py) name each rubric's digest as it was when they were made.
    recorded = {}
    for path in GOLDEN.glob("diff-*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for side in ("old", "new"):
            rubric = doc[side]["rubric"]
            recorded[f"{rubric['name']}@{rubric['version']}"] = rubric["digest"]
    assert {"costly-signals@1.0.0", "costly-signals@1.1.0", "costly-signals@2.0.0"} <= set(recorded)
    for ref, value in recorded.items():
        assert resolve_rubric(ref).digest == value, ref


def test_extends_adds_keys_and_fills_a_null(tmp_path):
    # kills _merge 1 (a mapping over a null) and 6 (a key the parent lacks)
    parent = write(tmp_path / "p.yaml", {"name": "p", "version": "1.0.0", "description": "d", "changelog": "c",
                                         "extends": "formal-commitment@1.0.0"})
    cubed = {"transform": {"name": "power", "params": {"exponent": 3}}}  # over the parent's `transform: null`
    child = write(tmp_path / "c.yaml", {"name": "c", "version": "1.0.0", "description": "d", "changelog": "c",
                                        "extends": str(parent),
                                        "dimensions": {"economic_ties": 1, "formal_commitment": cubed}})
    spec = load_rubric(child).model
    assert set(spec.dimensions) == {"formal_commitment", "economic_ties"}
    assert spec.dimensions["formal_commitment"].transform.params == {"exponent": 3}


def test_the_header_of_a_rubric_file(tmp_path):
    # kills _header 19 and 20 (quotes kept, or letters stripped) and 21 and 22 (a file without a name or
    # with a malformed version taken for a rubric)
    def header(text):
        path = tmp_path / "h.yaml"
        path.write_text(text, encoding="utf-8")
        return _header(path)

    assert header("name: 'x-men'\nversion: \"1.0.0\"\ndescription: 'Xenial X'\n") == \
        {"name": "x-men", "version": "1.0.0", "description": "Xenial X"}
    assert header("version: 1.0.0\n") is None
    assert header("name: x\nversion: 1.0\n") is None


def test_available_rubrics_carry_their_description_and_plugin():
    # kills available 18, 20 and 30-36
    entries = {e.ref: e for e in available(include_plugins=False)}
    entry = entries["costly-signals@2.0.0"]
    assert entry.plugin == "builtin"
    assert entry.description.startswith("Ties are judged by the signals that cost something")


def test_a_yml_file_in_the_working_directory_is_a_path(tmp_path, monkeypatch):
    # kills find_rubric_path 16: `.yml` is a file name, not NAME@VERSION
    (tmp_path / "mine.yml").write_text("name: mine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find_rubric_path("mine.yml") == Path("mine.yml")
    with pytest.raises(LookupFailed, match="no rubric file 'other.yml'"):
        find_rubric_path("other.yml")


# --- the whole-rubric checks (check_rubric, _check_conditions, _check_classes) ---------------------------

LABELS = {"low": {"title": "Low"}, "high": {"title": "High"}}
TILED = [{"label": "low", "min": 0, "max": 50}, {"label": "high", "min": 50, "max": 100}]


def own(tmp_path, **body):
    """A rubric of its own (no extends): economic ties only, two bands, unless `body` says otherwise."""
    doc = {"name": "own", "version": "1.0.0", "description": "d", "changelog": "c",
           "dimensions": {"economic_ties": 1}, "labels": LABELS, "bands": TILED, **body}
    return write(tmp_path / "own.yaml", doc)


def refusals(path, catalog=None):
    with pytest.raises(InputFileError) as exc:
        load_rubric(path, catalog)
    return [(p.message, p.hint) for p in exc.value.problems]


CATALOG = set(yaml.safe_load(MINI.read_text(encoding="utf-8"))["dimensions"][i]["id"] for i in range(9))


@pytest.mark.parametrize("transform", [
    "power", {"name": "power", "params": {"exponent": 0.5}}, "threshold",
    {"name": "threshold", "params": {"at": 0}}, {"name": "threshold", "params": {"at": 1}}])
def test_transforms_at_their_defaults_and_limits_are_accepted(tmp_path, transform):
    # kills check_rubric 87, 89 and 94 (power's default exponent, an exponent below 1), 112, 114, 117,
    # 123-125 (threshold's default `at`, and `at` of exactly 0 and 1)
    assert load_rubric(own(tmp_path, transform=transform)).model.transform.name == \
        (transform if isinstance(transform, str) else transform["name"])


def test_bands_in_any_order_and_every_problem_after_an_empty_band(tmp_path):
    # kills check_rubric 194 and 196 (bands checked in file order) and 210 (checking stopped at an empty band)
    reversed_bands = load_rubric(own(tmp_path, bands=TILED[::-1])).model.bands
    assert [(b.label, b.min) for b in reversed_bands] == [("high", 50), ("low", 0)]
    bands = [{"label": "low", "min": 0, "max": 50}, {"label": "low", "min": 50, "max": 50},
             {"label": "hihg", "min": 50, "max": 100}]
    assert refusals(own(tmp_path, bands=bands)) == [
        ("bands[1]: band low is empty or reversed (50 to 50)", None),
        ("bands[2].label: unknown label 'hihg'", "did you mean 'high'?")]


def test_what_a_plugin_name_check_says(tmp_path):
    # kills check_rubric 64, 70 and 71: the registry's own message and hint, not the exception's text
    assert refusals(own(tmp_path, fold="maen")) == [("fold: unknown fold 'maen'", "did you mean 'mean'?")]


def test_unknown_dimension_hints(tmp_path):
    # kills check_rubric 55 and 56, _check_conditions 30 and 49-53: each hint when nothing is close
    assert refusals(own(tmp_path, dimensions={"zzz": 1}), CATALOG) == [
        ("dimensions.zzz: unknown dimension 'zzz'", "dimensions come from the dataset's catalog")]
    rule = {"label": "low", "reason": "r", "when": {"zzz": {"min": 1}}}
    assert refusals(own(tmp_path, rules=[rule])) == [
        ("rules[0].when.zzz: unknown dimension or fact 'zzz'", "facts: score, coverage, say_do_gap")]
    block = {"label": "low", "reason": "r", "in_some_direction": {"zzz": {"min": 1}}}
    assert refusals(own(tmp_path, rules=[block])) == [
        ("rules[0].in_some_direction.zzz: unknown dimension 'zzz'", "facts: score, coverage, say_do_gap")]


def test_toward_focal_without_a_focal_country_names_the_fold(tmp_path):
    # kills check_rubric 143 and 144: the problem's place (`fold`)
    assert refusals(own(tmp_path, fold="toward_focal")) == [
        ("fold: fold 'toward_focal' needs a focal country", "add e.g. 'focal: IRN' at the top level")]


@pytest.mark.parametrize(("key", "bound", "value", "hint"), [
    ("coverage", "min", 1.5, "coverage runs 0 to 1"),
    ("say_do_gap", "max", 100.5, "the say-do gap runs -100 to 100 points"),
    ("say_do_gap", "min", -100.5, "the say-do gap runs -100 to 100 points"),
    ("score", "max", 100.5, "scores run 0 to 100"),
    ("economic_ties", "max", 4.5, "levels run 0 to 4"),
])
def test_condition_bounds_outside_their_range(tmp_path, key, bound, value, hint):
    # kills _check_conditions 72-86 (each fact's range) and 110-127 (each hint)
    rule = {"label": "low", "reason": "r", "when": {key: {bound: value}}}
    bottom, top = {"coverage": (0, 1), "say_do_gap": (-100, 100), "score": (0, 100)}.get(key, (0, 4))
    assert refusals(own(tmp_path, rules=[rule])) == [
        (f"rules[0].when.{key}.{bound}: {bound} {value:g} is outside {bottom:g}..{top:g}", hint)]


def test_conditions_on_the_edges_of_their_ranges_are_accepted(tmp_path):
    # kills _check_conditions 100 and 101 (0 and the top refused), 80, 85 and 86 (a negative say-do gap
    # refused) and 132 (min equal to max refused)
    rules = [{"label": "low", "reason": "r", "when": {"economic_ties": {"min": 0, "max": 4}}},
             {"label": "low", "reason": "r", "when": {"score": {"min": 100, "max": 100}}},
             {"label": "low", "reason": "r", "when": {"say_do_gap": {"min": -100, "max": -50}}},
             {"label": "low", "reason": "r", "when": {"coverage": {"max": 1}}}]
    assert len(load_rubric(own(tmp_path, rules=rules)).model.rules) == 4


def test_a_class_may_name_a_dimension_of_the_catalog_that_the_rubric_does_not_weigh(tmp_path):
    # kills check_rubric 185: the classes checked without the catalog
    classes = [{"label": "high", "reason": "r", "when": {"rhetoric": {"min": 2}}}, {"label": "low", "reason": "r"}]
    path = own(tmp_path, bands=[], classes=classes)
    assert load_rubric(path, CATALOG).model.classes[0].when["rhetoric"].min == 2
    assert refusals(path, {"economic_ties"}) == [
        ("classes[0].when.rhetoric: unknown dimension or fact 'rhetoric'", "facts: score, coverage, say_do_gap")]


def test_unknown_labels_wherever_a_label_is_named(tmp_path):
    # kills check_rubric 292-305 (if_label), 336-347 (top_label), 370-383 (missing.label) and
    # _check_classes 3-16 (a class's label): each message, place and suggestion
    rule = {"label": "low", "reason": "r", "if_label": ["hihg"], "when": {"score": {"min": 1}}}
    assert refusals(own(tmp_path, rules=[rule], top_label="hgih", missing={"label": "lwo"})) == [
        ("rules[0].if_label[0]: unknown label 'hihg'", "did you mean 'high'?"),
        ("top_label: unknown label 'hgih'", "did you mean 'high'?"),
        ("missing.label: unknown label 'lwo'", "did you mean 'low'?")]
    classes = [{"label": "hihg", "reason": "r", "when": {"score": {"min": 1}}}, {"label": "low", "reason": "r"}]
    assert refusals(own(tmp_path, bands=[], classes=classes)) == [
        ("classes[0].label: unknown label 'hihg'", "did you mean 'high'?")]


def test_a_rule_may_name_a_dimension_of_the_catalog_and_zero_is_a_policy(tmp_path):
    # kills check_rubric 307 (rules checked without the catalog) and 351 and 352 (`zero` refused)
    rule = {"label": "low", "reason": "r", "when": {"rhetoric": {"min": 1}}}
    spec = load_rubric(own(tmp_path, rules=[rule], missing={"policy": "zero"}), CATALOG).model
    assert spec.missing.policy == "zero" and "rhetoric" in spec.rules[0].when


def test_only_the_last_class_may_be_unconditional(tmp_path):
    # kills _check_classes 38 (the one before last let through) and 54 (a last class with only `unless`)
    classes = [{"label": "high", "reason": "r", "when": {"score": {"min": 50}}}, {"label": "low", "reason": "r"},
               {"label": "low", "reason": "r"}]
    assert refusals(own(tmp_path, bands=[], classes=classes)) == [
        ("classes[1]: class low has no condition, so the classes after it can never apply",
         "give it conditions, or move it last")]
    classes = [{"label": "high", "reason": "r", "when": {"score": {"min": 50}}},
               {"label": "low", "reason": "r", "unless": {"score": {"min": 90}}}]
    assert refusals(own(tmp_path, bands=[], classes=classes)) == [
        ("classes[1]: the last class must have no condition: it takes every tie that no class before it took",
         "add a catch-all class, e.g. arms_length")]


def test_a_dimensions_transform_is_checked_where_it_stands(tmp_path):
    # kills _transforms 6-9 and _named_parts 24-29: the place of a dimension's transform
    bad = {"economic_ties": {"weight": 1, "transform": {"name": "power", "params": {"exponent": -1}}}}
    assert refusals(own(tmp_path, dimensions=bad)) == [
        ("dimensions.economic_ties.transform.params.exponent: power exponent -1 is not above 0",
         "use an exponent above 0; above 1 makes high levels count more")]
    unknown = {"economic_ties": {"weight": 1, "transform": "cube"}}
    ((message, _),) = refusals(own(tmp_path, dimensions=unknown))
    assert message.startswith("dimensions.economic_ties.transform.name: unknown transform 'cube'")


def test_extends_that_is_not_text_is_placed_on_its_line(tmp_path):
    # kills _resolve 46-60: the message and where it points
    path = own(tmp_path, extends=3)
    with pytest.raises(InputFileError) as exc:
        load_rubric(path)
    problem = exc.value.problems[0]
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("extends:"))
    assert (problem.message, problem.file, problem.line, problem.column) == \
        ("extends: expected NAME@VERSION or a path", str(path), line, 10)


def test_a_problem_in_shorthand_weights_names_the_file_and_line(tmp_path):
    # kills _resolve 34, 35 and 128 (the positions and the file name lost after rewriting `zzz: 1`) and 150
    path = own(tmp_path, dimensions={"economic_ties": 1, "zzz": 2})
    with pytest.raises(InputFileError) as exc:
        load_rubric(path, CATALOG)
    problem = exc.value.problems[0]
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "zzz" in text)
    assert (problem.file, problem.line) == (str(path), line)
    assert str(exc.value).startswith(f"{path}:{line}:") and "unknown dimension 'zzz'" in str(exc.value)
    child = write(tmp_path / "child.yaml", {"name": "c", "version": "1.0.0", "description": "d", "changelog": "c",
                                            "extends": str(path)})
    with pytest.raises(InputFileError) as exc:
        load_rubric(child, {"economic_ties"})
    assert exc.value.problems[0].file == str(child)


def test_an_edited_grandparent_is_not_served_from_the_cache(tmp_path, cache, loads):
    # kills _resolve 112 and 116: the extends chain recorded past the first parent
    grand = own(tmp_path)
    write(tmp_path / "parent.yaml", {"name": "p", "version": "1.0.0", "description": "d", "changelog": "c",
                                     "extends": "own.yaml"})
    child = write(tmp_path / "child.yaml", {"name": "c", "version": "1.0.0", "description": "d", "changelog": "c",
                                            "extends": "parent.yaml"})
    assert resolve_rubric(str(child)).model.dimensions["economic_ties"].weight == 1
    own(tmp_path, dimensions={"economic_ties": 2})
    assert grand.exists() and resolve_rubric(str(child)).model.dimensions["economic_ties"].weight == 2


def test_a_tampered_unsigned_entry_is_checked_against_the_catalog(tmp_path, cache, loads):
    # kills resolve_rubric 86 and 88: an entry restored without its catalog check
    cache.mkdir(mode=0o700)
    (cache / "key").write_bytes(os.urandom(32))
    (cache / "key").chmod(0o644)
    path = own(tmp_path)
    first = resolve_rubric(str(path), catalog=CATALOG)
    (entry,) = (cache / "rubrics").glob("*.json")
    head, _, body = entry.read_bytes().partition(b"\n")
    plain = json.loads(body)
    plain["model"]["dimensions"]["zzz"] = plain["model"]["dimensions"]["economic_ties"]
    entry.write_bytes(head + b"\n" + json.dumps(plain).encode())
    again = resolve_rubric(str(path), catalog=CATALOG)
    assert len(loads) == 2 and again.model == first.model


def test_rubric_references_that_find_nothing(tmp_path, monkeypatch):
    # kills find_rubric_path 24 and 25 (a path found from the working directory), 27-32 (the missing
    # file's hint), 52, 63 and 65 (the suggestion for an unknown name), 76 and 84 (an unknown version)
    (tmp_path / "here.yaml").write_text("name: here\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find_rubric_path("here.yaml", base=tmp_path / "elsewhere") == Path("here.yaml")
    with pytest.raises(LookupFailed) as exc:
        find_rubric_path("gone.yaml")
    assert exc.value.problems[0].hint == "check the path, or name a rubric as NAME@VERSION"
    with pytest.raises(LookupFailed) as exc:
        find_rubric_path("costly-signal")
    problem = exc.value.problems[0]
    assert problem.message == "unknown rubric 'costly-signal'"
    assert problem.hint.startswith("did you mean 'costly-signals'? available: costly-signals@1.0.0, ")
    with pytest.raises(LookupFailed) as exc:
        find_rubric_path("costly-signals@9.9.9")
    assert (exc.value.problems[0].message, exc.value.problems[0].hint) == \
        ("rubric costly-signals has no version '9.9.9'", "versions: 1.0.0, 1.1.0, 2.0.0")


def test_a_missing_field_beside_shorthand_weights_is_reported(tmp_path):
    # kills _resolve 34: after `economic_ties: 1` is rewritten, a problem with no value of its own (a
    # missing field) is placed through the keys' positions
    path = write(tmp_path / "nolabels.yaml", {"name": "n", "version": "1.0.0", "description": "d", "changelog": "c",
                                              "dimensions": {"economic_ties": 1}, "bands": TILED})
    with pytest.raises(InputFileError) as exc:
        load_rubric(path)
    problem = exc.value.problems[0]
    assert problem.file == str(path) and problem.message.startswith("labels")


def test_a_rubric_file_over_the_rubric_limit_is_refused(tmp_path):
    # kills _load_link 5: a rubric read under the (larger) dataset limit
    path = tmp_path / "big.yaml"
    path.write_text("name: big\nversion: 1.0.0\n" + "# padding\n" * 110_000, encoding="utf-8")
    with pytest.raises(InputFileError) as exc:
        load_rubric(path)
    assert exc.value.problems[0].message.endswith("the limit is 1,048,576")
