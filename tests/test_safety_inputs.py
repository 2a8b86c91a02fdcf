"""Issue 16: finite numbers from outside, bounded regular-file reads, plugins that cannot replace a
built-in, rubric values checked for meaning."""

from __future__ import annotations

import importlib.metadata as md
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import allyscore
from allyscore import plugins
from allyscore.errors import InputFileError, PluginError

ROOT = Path(__file__).parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
RUBRIC = ROOT / "rubrics" / "costly-signals-1.0.0.yaml"
HANG_GUARD = 60  # seconds: only so that a hang fails instead of blocking the run


# --- non-finite numbers ------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN", "1e999"])
def test_a_non_finite_weight_is_refused(cli, value):
    result = cli("rate", "iran", "russia", "--weight", f"rhetoric={value}", "-f", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"allyscore: --weight: 'rhetoric={value}': {value} is not a finite number "
                             "(a weight is a number of 0 or more, e.g. --weight rhetoric=0.5)\n")


def test_with_weights_refuses_nan_in_the_library():
    rubric = allyscore.resolve_rubric()
    with pytest.raises(allyscore.errors.LookupFailed, match="is not a finite number"):
        rubric.with_weights({"rhetoric": float("nan")})


@pytest.fixture
def nan_plugin(monkeypatch):
    module = types.ModuleType("allyscore_nan_plugin")

    def register_transforms(register):
        register("nan_transform", lambda x: float("nan"))
        register("text_transform", lambda x: "0.5")  # a number as text is still a number
        register("none_transform", lambda x: None)

    def register_folds(register):
        register("inf_fold", lambda flows, focal=None: float("inf"))

    def register_aggregators(register):
        register("nan_aggregator", lambda values, weights: (float("nan"), [0.0] * len(values)))

    module.register_transforms = register_transforms
    module.register_folds = register_folds
    module.register_aggregators = register_aggregators
    monkeypatch.setitem(sys.modules, "allyscore_nan_plugin", module)
    eps = [md.EntryPoint("nanny", "allyscore_nan_plugin", plugins.GROUP)]
    monkeypatch.setattr(md, "entry_points", lambda group=None: [e for e in eps if e.group == group])
    plugins.reset()
    yield
    plugins.reset()


def _rubric_file(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text("name: r\nversion: 1.0.0\ndescription: x\nchangelog: x\n" + extra +
                    "dimensions:\n  military_aid: {weight: 1}\n  formal_commitment: {weight: 1}\n"
                    "labels: {low: {title: Low}}\nbands: [{label: low, min: 0, max: 100}]\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("extra, shown", [
    ("transform: nan_transform\n", "transform 'nan_transform' from plugin nanny returned nan, not a finite number"),
    ("transform: none_transform\n", "transform 'none_transform' from plugin nanny returned None, not a finite number"),
    ("fold: inf_fold\n", "fold 'inf_fold' from plugin nanny returned inf, not a finite number"),
    ("aggregation: nan_aggregator\n", "aggregator 'nan_aggregator' from plugin nanny returned nan, not a finite number"),
])
def test_a_plugin_result_that_is_not_finite_is_an_error_naming_it(nan_plugin, tmp_path, extra, shown):
    data = allyscore.load_dataset(MINI)
    rubric = allyscore.load_rubric(_rubric_file(tmp_path, extra))
    with pytest.raises(PluginError) as info:
        allyscore.rate(data, "iran", "russia", rubric)
    assert info.value.problems[0].message == shown
    from allyscore.batch import score_all

    with pytest.raises(PluginError) as info:  # the batch engine checks the same
        score_all(data, rubric)
    assert info.value.problems[0].message == shown


def test_a_plugin_nan_exits_2_from_the_cli(nan_plugin, tmp_path, cli):
    path = _rubric_file(tmp_path, "transform: nan_transform\n")
    result = cli("rate", "iran", "russia", "--data", str(MINI), "-r", str(path), "-f", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "returned nan, not a finite number" in result.stderr


def test_a_number_given_as_text_by_a_plugin_is_still_accepted(nan_plugin, tmp_path):
    data = allyscore.load_dataset(MINI)
    rubric = allyscore.load_rubric(_rubric_file(tmp_path, "transform: text_transform\n"))
    assert allyscore.rate(data, "iran", "russia", rubric).score == pytest.approx(50.0)


# --- plugins cannot replace a name -------------------------------------------------------------

@pytest.fixture
def shadowing_plugin(monkeypatch):
    module = types.ModuleType("allyscore_shadow_plugin")

    def register_transforms(register):
        register("linear", lambda x: 1.0)  # would turn every score into 100
        register("own", lambda x: x)

    module.register_transforms = register_transforms
    monkeypatch.setitem(sys.modules, "allyscore_shadow_plugin", module)
    eps = [md.EntryPoint("shadow", "allyscore_shadow_plugin", plugins.GROUP)]
    monkeypatch.setattr(md, "entry_points", lambda group=None: [e for e in eps if e.group == group])
    plugins.reset()
    yield
    plugins.reset()


def test_a_plugin_cannot_replace_a_builtin_and_results_do_not_depend_on_load_order(shadowing_plugin):
    data = allyscore.load_dataset(MINI)
    rubric = allyscore.resolve_rubric(str(RUBRIC), catalog=set(data.dimensions))
    before = allyscore.rate(data, "iran", "russia", rubric).score
    reg = plugins.registry()
    reg.load_entry_points()  # what a cold rubric cache or `rubrics list` does
    assert allyscore.rate(data, "iran", "russia", rubric).score == before != 100.0
    assert [f.format() for f in reg.failures] == [
        "plugin shadow ? failed to load: plugin shadow registers transform 'linear', which a built-in already provides"]
    with pytest.raises(PluginError) as info:
        reg.get("transforms", "own")  # nothing of the refused plugin is kept
    assert "not loaded: plugin shadow" in info.value.problems[0].hint


def test_registering_a_taken_name_directly_is_an_error_naming_the_plugin():
    reg = plugins.Registry()
    from allyscore import builtins

    reg.load(builtins, "builtin")
    module = types.SimpleNamespace(register_folds=lambda register: register("mean", lambda flows, focal=None: 4.0))
    with pytest.raises(PluginError, match="plugin evil registers fold 'mean', which a built-in already provides"):
        reg.load(module, "evil")
    assert reg.folds["mean"] is builtins.fold_mean


# --- bounded reads of regular files ------------------------------------------------------------

def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "ALLYSCORE_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "allyscore", *args], capture_output=True, stdin=subprocess.DEVNULL,
                          timeout=HANG_GUARD, env=env)


def test_a_device_as_rubric_or_data_is_refused_at_once():
    for args in (["rate", "iran", "russia", "-r", "/dev/zero"], ["rate", "iran", "russia", "--data", "/dev/zero"],
                 ["report", "--pairs-file", "/dev/zero"]):
        proc = _run(*args)
        assert proc.returncode == 2, proc.stderr
        assert b"is a device, not a regular file" in proc.stderr


def test_a_fifo_as_data_or_rubric_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for args in (["rate", "iran", "russia", "--data", str(fifo)], ["rate", "iran", "russia", "-r", str(fifo)],
                 ["data", "validate", str(fifo)]):
        proc = _run(*args)
        assert (proc.returncode, proc.stderr.decode()) == (
            2, f"allyscore: {fifo}: is a FIFO (named pipe), not a regular file "
               "(name a regular file; save piped data to a file first)\n"), args


def test_extends_dev_zero_is_refused(tmp_path):
    rubric = tmp_path / "r.yaml"
    rubric.write_text("extends: /dev/zero\nname: r\nversion: 1.0.0\ndescription: x\nchangelog: x\n")
    proc = _run("rate", "iran", "russia", "-r", str(rubric))
    assert proc.returncode == 2 and b"/dev/zero: is a device, not a regular file" in proc.stderr


def test_a_rubric_over_one_megabyte_is_refused_before_parsing(tmp_path, cli):
    big = tmp_path / "big.yaml"
    big.write_text("name: r\n" + "# padding\n" * 120_000)
    result = cli("rubrics", "validate", str(big))
    assert (result.exit_code, result.stderr) == (
        2, f"allyscore: {big}: file is {big.stat().st_size:,} bytes; the limit is 1,048,576 (split the input)\n")


def test_endless_stdin_as_pairs_file_is_cut_at_the_limit(tmp_path):
    env = {**os.environ, "ALLYSCORE_NO_CACHE": "1", "ALLYSCORE_MAX_DATA_BYTES": "100000"}
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run([sys.executable, "-m", "allyscore", "report", "--pairs-file", "-"], stdin=zero,
                              capture_output=True, timeout=HANG_GUARD, env=env)
    assert proc.returncode == 2
    assert proc.stderr.decode() == ("allyscore: --pairs-file: cannot read '-': more than 100,000 bytes (the limit) "
                                    "(split the input, or raise the limit with ALLYSCORE_MAX_DATA_BYTES=BYTES)\n")


def test_the_data_limit_can_be_raised_or_lowered(monkeypatch, cli):
    size = MINI.stat().st_size
    monkeypatch.setenv("ALLYSCORE_MAX_DATA_BYTES", str(size - 1))
    result = cli("data", "validate", str(MINI))
    assert result.exit_code == 2 and f"the limit is {size - 1:,}" in result.stderr
    monkeypatch.setenv("ALLYSCORE_MAX_DATA_BYTES", "lots")
    result = cli("data", "validate", str(MINI))
    assert result.stderr == ("allyscore: ALLYSCORE_MAX_DATA_BYTES='lots' is not a positive number of bytes "
                             "(e.g. ALLYSCORE_MAX_DATA_BYTES=134217728)\n")


def test_an_import_csv_over_its_limit_is_refused(tmp_path, monkeypatch, cli):
    csv = tmp_path / "atop.csv"
    csv.write_text("ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n"
                   + "2,20,1990,1,0,0,0,0\n" * 100)
    (tmp_path / "cow_states2016.csv").write_text("stateabb,ccode,statenme,endyear\nUSA,2,United States,2016\n")
    monkeypatch.setenv("ALLYSCORE_MAX_CSV_BYTES", "1000")
    result = cli("import", "atop", str(csv))
    assert result.exit_code == 2
    assert f"{csv}: file is {csv.stat().st_size:,} bytes; the limit is 1,000" in result.stderr


# --- rubric values checked for meaning -----------------------------------------------------------

@pytest.mark.parametrize("extra, message", [
    ("transform: {name: power, params: {exponent: 0}}\n",
     "transform.params.exponent: power exponent 0 is not above 0"),
    ("transform: {name: power, params: {exponent: -2}}\n",
     "transform.params.exponent: power exponent -2 is not above 0"),
    ("transform: {name: threshold, params: {at: 1.5}}\n", "transform.params.at: threshold at 1.5 is outside 0..1"),
    ("rules: [{label: low, reason: r, when: {military_aid: {min: 3, max: 1}}}]\n",
     "rules[0].when.military_aid: min 3 is above max 1"),
    ("rules: [{label: low, reason: r, when: {military_aid: {min: 5}}}]\n",
     "rules[0].when.military_aid.min: min 5 is outside 0..4"),
    ("rules: [{label: low, reason: r, unless: {score: {max: 150}}}]\n",
     "rules[0].unless.score.max: max 150 is outside 0..100"),
])
def test_meaningless_rubric_values_are_refused(tmp_path, extra, message):
    with pytest.raises(InputFileError) as info:
        allyscore.load_rubric(_rubric_file(tmp_path, extra))
    assert info.value.problems[0].message == message


def test_a_focal_country_missing_from_the_dataset_is_refused(tmp_path, cli):
    path = _rubric_file(tmp_path, "fold: toward_focal\nfocal: XYZ\n")
    result = cli("rate", "iran", "russia", "--data", str(MINI), "-r", str(path))
    assert (result.exit_code, result.stderr) == (
        2, f"allyscore: {path}: focal: 'XYZ' is not a country of the dataset "
           "(use a code from the dataset's countries)\n")
    result = cli("report", "--data", str(MINI), "-r", str(path))
    assert result.exit_code == 2 and "focal: 'XYZ' is not a country of the dataset" in result.stderr
    ok = _rubric_file(tmp_path, "fold: toward_focal\nfocal: IRN\n")
    assert cli("rate", "iran", "russia", "--data", str(MINI), "-r", str(ok)).exit_code == 0


def test_the_bundled_rubrics_pass_the_meaning_checks():
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        allyscore.load_rubric(path)


def test_a_plugin_rubric_cannot_replace_a_builtin_one(monkeypatch, tmp_path):
    from allyscore.rubric import find_rubric_path

    fake = tmp_path / "costly.yaml"
    fake.write_text(RUBRIC.read_text(encoding="utf-8").replace("military_aid: {weight: 3}", "military_aid: {weight: 0}"))
    newer = tmp_path / "newer.yaml"
    newer.write_text(RUBRIC.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 9.0.0"))
    module = types.SimpleNamespace(register_rubrics=lambda register: (register(fake), register(newer)))
    monkeypatch.setitem(sys.modules, "allyscore_fake_rubrics", module)
    eps = [md.EntryPoint("fake", "allyscore_fake_rubrics", plugins.GROUP)]
    monkeypatch.setattr(md, "entry_points", lambda group=None: [e for e in eps if e.group == group])
    plugins.reset()
    try:
        before = (find_rubric_path("costly-signals@1.0.0"), find_rubric_path("costly-signals"))
        plugins.registry().load_entry_points()
        after = (find_rubric_path("costly-signals@1.0.0"), find_rubric_path("costly-signals"))
        assert before == after  # the same with plugins loaded or not
        from allyscore.resources import bundled_rubrics

        assert after[0].samefile(bundled_rubrics() / RUBRIC.name)  # the installed package's own file
        assert find_rubric_path("costly-signals@9.0.0") == newer  # a version the built-ins lack is the plugin's
    finally:
        plugins.reset()


@pytest.mark.parametrize("args", [
    ["report", "iran:russia", "--level", "nan"], ["rate", "iran", "russia", "--level", "inf"],
    ["sensitivity", "iran", "russia", "--spread", "nan"], ["sensitivity", "iran", "russia", "--level", "nan"],
])
def test_every_non_finite_number_option_is_refused(cli, args):
    result = cli(*args, "-f", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "nan" in result.stderr or "inf" in result.stderr
