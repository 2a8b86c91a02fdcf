"""A short run of the fuzzer (fuzz/run_fuzz.py) inside the normal test suite: 300 inputs, in-process."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

FUZZER = Path(__file__).resolve().parent.parent / "fuzz" / "run_fuzz.py"


def _load_fuzzer():
    spec = importlib.util.spec_from_file_location("allyscore_run_fuzz", FUZZER)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


def test_inputs_are_a_pure_function_of_seed_and_index():
    fuzzer = _load_fuzzer()
    seeds, big = fuzzer.corpus(), fuzzer.bundled()
    assert [fuzzer.make_input(3, i, seeds, big) for i in range(50)] == \
        [fuzzer.make_input(3, i, seeds, big) for i in range(50)]
    assert fuzzer.make_input(3, 0, seeds, big) != fuzzer.make_input(4, 0, seeds, big)


def test_short_fuzz_run_finds_no_crash(monkeypatch):
    monkeypatch.setenv("ALLYSCORE_NO_CACHE", "1")  # restored after the test (the fuzzer sets it too)
    monkeypatch.delenv("ALLYSCORE_DEBUG", raising=False)
    fuzzer = _load_fuzzer()
    summary = fuzzer.fuzz(300, seed=20260101, workers=0, limit=30.0)
    assert summary.count == 300
    assert [f"{f.index} {f.kind} {f.stage}: {f.error}" for f in summary.failures] == []


def test_the_fuzzer_sees_an_internal_error(monkeypatch, tmp_path):
    # the harness itself: an exception that is not an AllyscoreError is a failure, never swallowed
    monkeypatch.setenv("ALLYSCORE_NO_CACHE", "1")
    fuzzer = _load_fuzzer()
    target = fuzzer.Target()
    import allyscore.dataset

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(allyscore.dataset, "_validate_text", boom)
    import signal

    old = signal.signal(signal.SIGALRM, fuzzer._alarm)
    try:
        failure = fuzzer.run_input(target, 0, 0, "dataset", b"a: 1\n", 30.0)
    finally:
        signal.signal(signal.SIGALRM, old)
    assert failure is not None and failure.error == "RuntimeError: boom"
