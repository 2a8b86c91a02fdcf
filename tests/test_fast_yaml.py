"""The fast parser (yaml_rs) and the careful one (PyYAML, with positions) read every file the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from allyscore import yamlio
from allyscore.resources import bundled_dataset, bundled_rubrics

yaml_rs = pytest.importorskip("yaml_rs", reason="yaml-rs (the optional fast parser) is not installed")

ROOT = Path(__file__).parent
SCALARS = ["yes", "no", "on", "off", "y", "n", "true", "True", "TRUE", "tRue", "false", "null", "Null", "NULL",
           "~", "", "012", "0o12", "0x1f", "0b11", "1_000", "1:30", "+12", "-3", "1.5", "1e3", "1.5e3", ".5",
           "5.", ".inf", "-.Inf", ".NaN", "2025-01-01", "2025-02-30 10:00", "0.0", "-0", "1e", "0777", "+.inf",
           "1E3", "0X1F", "0O12", "'12'", '"yes"', ".", "1.2.3", "0b", "0x", "1_", "_1", "+.5", "-5.e2",
           "1__0", "__1", "_", "-_1", "_1.5", "1_.5", "._5", "0_1", "+_1", "1e_3", "12:30:00", "Yes", "NO",
           "nan", "inf", "-inf", "0.", "1e+3", "1e-3", "1.e3"]


def _fast(text: str):
    return yaml_rs.loads(text, parse_datetime=False)


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_read_alike(scalar):
    text = f"k: {scalar}\n"
    slow, fast = yamlio.parse(text, "x").data["k"], _fast(text)["k"]
    assert repr(slow) == repr(fast)  # repr: nan == nan, and 1 is not True


def _files():
    yield bundled_dataset()
    yield from sorted(bundled_rubrics().glob("*.yaml"))
    yield ROOT / "fixtures" / "mini.yaml"
    yield from sorted((ROOT / "examples" / "good").glob("*.yaml"))


@pytest.mark.parametrize("path", list(_files()), ids=lambda p: p.name)
def test_shipped_files_read_alike(path):
    text = path.read_text(encoding="utf-8")
    assert yamlio.parse(text, str(path)).data == _fast(text)


def test_parse_data_uses_the_fast_parser_only_when_safe(monkeypatch):
    calls = []
    real = yaml_rs.loads
    monkeypatch.setattr(yaml_rs, "loads", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(yamlio, "FAST_MIN_BYTES", 0)
    assert yamlio.parse_data("a: 1\nb: [x, y]\n", "f") == {"a": 1, "b": ["x", "y"]}
    assert calls == [1]
    from allyscore.errors import InputFileError

    for unsafe in ["a: !!str 1\n", "a: &x 1\nb: *x\n", "a:\n  <<: {b: 1}\n", "a: [\n 1]\n",
                   "a: " + "[" * 9 + "]" * 9 + "\n", "a:\n" + " " * 100 + "b: 1\n", "a: 1\tb\n"]:
        try:
            expected = yamlio.parse(unsafe, "f").data
        except InputFileError as exc:
            with pytest.raises(InputFileError) as info:
                yamlio.parse_data(unsafe, "f")
            assert info.value.problems == exc.problems
        else:
            assert yamlio.parse_data(unsafe, "f") == expected
    assert calls == [1]  # the careful parser read every unsafe text


def test_fast_path_errors_fall_back_to_positions(tmp_path):
    from allyscore.dataset import load_dataset
    from allyscore.errors import InputFileError

    good = (ROOT / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
    padding = "# padding so that the fast parser is used\n" * (yamlio.FAST_MIN_BYTES // 40)
    bad = tmp_path / "big.yaml"
    bad.write_text(padding + good.replace("level: 4\n", "level: 7\n", 1).replace("level: 2\n", "level: 2\n" + "  " * 0, 1))
    with pytest.raises(InputFileError) as info:
        load_dataset(bad)
    problem = info.value.problems[0]
    assert problem.line is not None and problem.line > yamlio.FAST_MIN_BYTES // 40
    assert "level 7 is out of range" in problem.message
    dup = tmp_path / "dup.yaml"
    dup.write_text(padding + good.replace("level: 4\n", "level: 4\n    level: 3\n", 1))
    with pytest.raises(InputFileError) as info:
        load_dataset(dup)
    assert "duplicate key 'level'" in info.value.problems[0].message


@pytest.mark.parametrize("text, safe", [
    ("a: [1, 2]\n", True), ("a: {b: [1]}\n", True), ("a: [1]", True), ("a: 1\r\n", True),
    ("a: [\n 1]\n", False), ("a: [1,\n", False), ("a: '[' \n", False),  # a flow collection over lines
    ("a: " + "[" * 8 + "]" * 8 + "\n", True), ("a: " + "[" * 9 + "]" * 9 + "\n", False),
    ("a: x\x7f\n", False), ("a: é\x85\n", True), ("a: é\x86\n", False), ("a: \ufeff\n", True),
    ("a: \u2028\n", True), ("a: !x\n", False), ("a: é!\n", True), ("a: &x 1\n", False), ("a:\tb\n", False),
    ("a: é\t\n", False), ("<<: 1\n", False), (" " * 100 + "a: 1\n", False), ("b:\n" + "- " * 50 + "x\n", False),
    ("b:\n" + " " * 99 + "x\n", True),
    ("a: lang=e&x=1\n", True), ("a: Wow!\n", True), ("a: é&x\n", True), ("a: [x!, y&z]\n", True),  # inside words
    ("&x a: 1\n", False), ("a: [&x 1]\n", False), ("a: {b: !t 1}\n", False), ("a: b,&x\n", False),
    ("a: \"q &x\"\n", False), ("a:\n  - !!str 1\n", False), ("!x\n", False), ("a: é &x\n", False),
])
def test_fast_safe_screens_ascii_and_other_text_alike(text, safe):
    assert yamlio._fast_safe(text) is safe


@pytest.mark.parametrize("text", ["a: lang=e&x=1\n", "a: Wow!\n", "a: [x!, y&z]\n", "a: {k: v&w!}\n",
                                  "a: 'it&s!'\n", "a: \"x&y\"\n", "a:\n- q?a=1&b=2\n"])
def test_bangs_and_ampersands_inside_words_read_alike(text):
    assert yamlio._fast_safe(text)
    assert yamlio.parse(text, "x").data == _fast(text)


def test_the_fast_path_never_imports_pyyaml(tmp_path):
    import subprocess
    import sys

    big = tmp_path / "big.yaml"
    big.write_text(bundled_dataset().read_text(encoding="utf-8"), encoding="utf-8")
    probe = (f"import sys\nfrom allyscore import yamlio\nyamlio.parse_data(open({str(big)!r}).read(), 'x')\n"
             "print('yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_schema_1_file_is_not_parsed_twice_for_its_one_warning(tmp_path, monkeypatch):
    # the out-of-date warning sits on a top-level key: its line is found without the careful parser
    from test_interrupt import big_dataset

    from allyscore import dataset

    path = tmp_path / "v1.yaml"
    big_dataset(path, 6)
    monkeypatch.setenv("ALLYSCORE_NO_CACHE", "1")

    def refuse(*args, **kwargs):
        raise AssertionError("parsed again to locate a warning")

    monkeypatch.setattr(dataset, "_validate_located", refuse)
    loaded = dataset.load_dataset(path)
    (warning,) = loaded.warnings
    assert (warning.line, warning.column) == (1, 17) and "out of date" in warning.message
