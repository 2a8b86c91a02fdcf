#!/usr/bin/env python
"""Fuzz allyscore's loaders and CLI with generated and mutated inputs.

Four kinds of input: datasets and rubrics go through the library (`load_dataset` or `load_rubric`, then
`rate` and the JSON form when it loads) and through the CLI in-process (typer's CliRunner: `data
validate`, `rubrics validate`, `rate`); pairs files through `report --pairs-file`; ATOP dyad-year CSVs
through `import atop -o`, whose output, when it exits 0, must load with `load_dataset`.
An input fails when anything other than an AllyscoreError escapes, when the CLI exits with a code other
than 0, 1 or 2 (70 is an internal error), when an ESC character reaches its stdout or stderr (text from
data must be sanitised), when the importer writes a dataset that does not validate, when it runs longer
than the per-input limit, or when it runs out of the per-worker memory cap. Failing inputs are printed
and saved to fuzz/crashes/.

    python fuzz/run_fuzz.py --count 100000 --seed 1           # the full run (2 worker processes)
    python fuzz/run_fuzz.py --replay fuzz/crashes/NAME.yaml   # run one saved input again, with traceback

Inputs are a pure function of (seed, index): the same command fuzzes the same inputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tests" / "examples"
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
TINY = EXAMPLES / "good" / "tiny-dataset.yaml"
CRASHES = Path(__file__).resolve().parent / "crashes"
MAX_INPUT = 256 * 1024
OK_EXITS = (0, 1, 2)

# --- the corpus ---------------------------------------------------------------------------------


def corpus() -> list[tuple[str, bytes]]:
    """(kind, content) of every seed: the golden examples, the test fixture, the bundled files."""
    out: list[tuple[str, bytes]] = []
    for path in sorted((EXAMPLES / "bad" / "dataset").glob("*.yaml")):
        out.append(("dataset", path.read_bytes()))
    for path in sorted((EXAMPLES / "bad" / "rubric").glob("*.yaml")):
        out.append(("rubric", path.read_bytes()))
    for path in sorted((EXAMPLES / "good").glob("*.yaml")):
        out.append(("rubric" if "rubric" in path.name else "dataset", path.read_bytes()))
    out.append(("dataset", MINI.read_bytes()))
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        out.append(("rubric", path.read_bytes()))
    return out


def bundled() -> bytes:
    return (ROOT / "data" / "alliances.yaml").read_bytes()


# --- interesting pieces -------------------------------------------------------------------------

SCALARS = [
    "0", "-1", "4", "5", "2.5", "-0", "1e309", "-1e309", ".inf", "-.inf", ".nan", "1e-400",
    "99999999999999999999999999999999999999", "-99999999999999999999", "0x10", "0o17", "0b101", "1_000",
    "null", "~", "true", "false", "yes", "no", "on", "off", "''", '""', '"\\0"', '"\\ud800"', '"\\x85"',
    '"\\U0010ffff"', "é", "🙂", "\u202eevil", "Ω" * 300, "x" * 5000, "2025-02-30", "2025-13-01", "0001-01-01",
    "9999-12-31", "10000-01-01", "2025-01-01T00:00:00Z", "2025-01-01 12:00:00+05:00", "2025", "2025-06",
    "2025-6-1", "'2025-01-01'", "!!python/object/apply:os.system ['true']", "!!python/name:os.system",
    "!!binary aGk=", "!!set {a: null}", "!!omap [a: 1]", "!!str 5", "!!int '3'", "!!float 1", "!custom x",
    "!<tag:yaml.org,2002:str> x", "&anchor x", "*anchor", "*undefined", "{a: 1}", "[1, 2]", "[]", "{}",
    "|\n  block", ">-\n  folded", "IRN", "RUS", "CHN", "PRK", "XXX", "irn", "mutual", "IRN->RUS",
    "RUS->IRN", "IRN->IRN", "XXX->YYY", "IRN->", "->RUS", "high", "low", "medium", "costly", "cheap",
    "formal_commitment", "military_aid", "crisis_support", "rhetoric", "score", "wire-2025", "src-a",
    "iran-test", "toward_focal", "min", "max", "mean", "power", "threshold", "weighted_geometric",
    "costly-signals@1.0.0", "costly-signals@9.9.9", "costly-signals", "nosuch@1.0.0", "../x.yaml",
    "/etc/passwd", "/dev/zero", "https://example.org/x", "ftp://x", "%", "@", "`", "'", '"', "#", "- -",
]
KEYS = [
    "schema_version", "name", "version", "as_of", "description", "dimensions", "countries", "sources",
    "ties", "crises", "id", "directed", "signal", "levels", "code", "aliases", "cow", "publisher", "title",
    "date", "url", "note", "pair", "summary", "notes", "observations", "dimension", "direction", "level",
    "confidence", "since", "until", "claim", "crisis", "target", "start", "end", "responses", "partner",
    "delivered", "expected", "changelog", "rationale", "extends", "fold", "focal", "transform",
    "aggregation", "missing", "policy", "min_coverage", "label", "indicators", "asymmetry_flag", "weight",
    "params", "exponent", "at", "labels", "bands", "rules", "if_label", "when", "unless", "reason", "min",
    "max", "unknown_direction", "<<", "? complex", "0", "1", "2", "3", "4", "", "x" * 200,
]
BYTES = [b"\t", b"\x00", b"\xff", b"\xc3", b"\xe2\x80", b"\xef\xbb\xbf", b":", b": ", b"- ", b"{", b"}",
         b"[", b"]", b",", b"&a ", b"*a", b"!!", b"!", b"\n", b"\r\n", b"\r", b"'", b'"', b"#", b"%YAML 1.1\n",
         b"---\n", b"...\n", b"? ", b"|", b">", b"\\", b"\x85", b"\x7f", b"\x1b[31m", b"  ", b"\xf0\x9f\x99\x82"]
UNICODE = ["\u0085", "\u2028", "\u2029", "\ufeff", "\u202e", "\u200b", "🙂", "\u0301", "\ud7ff", "\ue000",
           "\U0010ffff", "\x7f", "\x1b", "Ω", "中文", "\u00a0", "\ufffe"]


def alias_bomb(rng: random.Random) -> str:
    width, depth = rng.randint(2, 12), rng.randint(2, 12)
    lines = ["b0: &b0 [" + ", ".join(["x"] * width) + "]"]
    for d in range(1, depth):
        lines.append(f"b{d}: &b{d} [" + ", ".join([f"*b{d - 1}"] * width) + "]")
    return "\n".join(lines)


def deep_value(rng: random.Random) -> str:
    depth = rng.choice([10, 49, 50, 51, 60, 200, 999, 1001, 5000])
    return rng.choice(["[" * depth + "]" * depth, "{a: " * depth + "1" + "}" * depth, "[" * depth])


def snippet(rng: random.Random) -> str:
    choice = rng.randrange(8)
    if choice == 0:
        return f"{rng.choice(KEYS)}: {rng.choice(SCALARS)}"
    if choice == 1:
        return f"- {rng.choice(KEYS)}: {rng.choice(SCALARS)}"
    if choice == 2:
        return f"- {rng.choice(SCALARS)}"
    if choice == 3:
        return alias_bomb(rng)
    if choice == 4:
        return f"{rng.choice(KEYS)}: {deep_value(rng)}"
    if choice == 5:
        return f"{rng.choice(KEYS)}: &x {{{rng.choice(KEYS)}: {rng.choice(SCALARS)}}}\n{rng.choice(KEYS)}: *x"
    if choice == 6:
        return f"{rng.choice(KEYS)}:\n  <<: {{{rng.choice(KEYS)}: 1}}"
    return rng.choice(UNICODE) * rng.randint(1, 20)


# --- mutations (on bytes) -----------------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _indent_of(line: bytes) -> bytes:
    return line[: len(line) - len(line.lstrip(b" "))]


def m_flip(rng, data, seeds):
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


def m_random_byte(rng, data, seeds):
    i = rng.randrange(len(data) + 1)
    return data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]


def m_insert_bytes(rng, data, seeds):
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(BYTES) + data[i:]


def m_delete_range(rng, data, seeds):
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 40):]


def m_delete_line(rng, data, seeds):
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def m_duplicate_line(rng, data, seeds):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return b"".join(lines)


def m_move_line(rng, data, seeds):
    lines = _lines(data)
    line = lines.pop(rng.randrange(len(lines)))
    lines.insert(rng.randrange(len(lines) + 1), line)
    return b"".join(lines)


def m_reindent(rng, data, seeds):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines[i] = (b"  " + lines[i]) if rng.random() < 0.5 else lines[i].removeprefix(b"  ")
    return b"".join(lines)


def m_replace_value(rng, data, seeds):
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b": " in line or line.lstrip().startswith(b"- ")]
    if not candidates:
        return data
    i = rng.choice(candidates)
    line = lines[i]
    cut = line.index(b": ") + 2 if b": " in line else line.index(b"- ") + 2
    value = rng.choice(SCALARS)
    if "\n" in value:  # a block scalar: indent its body below this line
        head, _, body = value.partition("\n")
        value = head + "\n" + _indent_of(line).decode() + "  " + body.strip()
    lines[i] = line[:cut] + value.encode("utf-8", "surrogatepass") + b"\n"
    return b"".join(lines)


def m_replace_key(rng, data, seeds):
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b":" in line]
    if not candidates:
        return data
    i = rng.choice(candidates)
    line = lines[i]
    indent = _indent_of(line)
    body = line[len(indent):]
    prefix = b"- " if body.startswith(b"- ") else b""
    rest = body[len(prefix):]
    lines[i] = indent + prefix + rng.choice(KEYS).encode() + rest[rest.index(b":"):] if b":" in rest else line
    return b"".join(lines)


def m_insert_snippet(rng, data, seeds):
    lines = _lines(data)
    i = rng.randrange(len(lines) + 1)
    indent = _indent_of(lines[i - 1] if i else b"").decode()
    text = "\n".join(indent + part for part in snippet(rng).split("\n")) + "\n"
    lines.insert(i, text.encode("utf-8", "surrogatepass"))
    return b"".join(lines)


def m_unicode(rng, data, seeds):
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(UNICODE).encode("utf-8", "surrogatepass") + data[i:]


def m_huge_number(rng, data, seeds):
    digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
    if not digits:
        return data
    i = rng.choice(digits)
    return data[:i] + rng.choice([b"9" * 400, b"1e999", b"-0", b"00000004", b"4.0", b"0x4"]) + data[i + 1:]


def m_splice(rng, data, seeds):
    other = rng.choice(seeds)[1]
    a, b = rng.randrange(len(data) + 1), rng.randrange(len(other) + 1)
    return data[:a] + other[b:]


def m_truncate(rng, data, seeds):
    return data[: rng.randrange(len(data) + 1)]


def m_tag(rng, data, seeds):
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b": " in line]
    if not candidates:
        return data
    i = rng.choice(candidates)
    line = lines[i]
    cut = line.index(b": ") + 2
    tag = rng.choice([b"!!python/object/apply:os.system ", b"!!python/object:__main__.X ", b"!!str ", b"!!int ",
                      b"!!float ", b"!!bool ", b"!!null ", b"!!timestamp ", b"!!binary ", b"!!map ", b"!!seq ",
                      b"!local ", b"!!merge ", b"&a ", b"*a "])
    lines[i] = line[:cut] + tag + line[cut:]
    return b"".join(lines)


MUTATIONS = [m_flip, m_random_byte, m_insert_bytes, m_delete_range, m_delete_line, m_duplicate_line, m_move_line,
             m_reindent, m_replace_value, m_replace_value, m_replace_key, m_insert_snippet, m_unicode,
             m_huge_number, m_splice, m_truncate, m_tag]


# --- generated inputs ---------------------------------------------------------------------------

CODES = ["IRN", "RUS", "CHN", "PRK"]


def gen_dataset(rng: random.Random) -> dict[str, Any]:
    """A mostly valid dataset with random ties, observations and crises (it may break a rule or two)."""
    dims = [{"id": f"d{i}", "name": f"Dim {i}", "description": "x", "directed": rng.random() < 0.5,
             "signal": rng.choice(["costly", "moderate", "cheap"]),
             "levels": {k: f"level {k}" for k in range(5)}} for i in range(rng.randint(1, 4))]
    codes = CODES[: rng.randint(2, 4)]
    countries = [{"code": c, "name": f"Country {c}"} for c in codes]
    sources = [{"id": f"s{i}", "publisher": "P", "title": "T", "date": "2020-01-01"} for i in range(rng.randint(1, 3))]
    ties, crises = [], []
    pairs = [(a, b) for i, a in enumerate(codes) for b in codes[i + 1:]]
    for a, b in rng.sample(pairs, rng.randint(1, len(pairs))):
        obs = []
        for dim in dims:
            directions = [f"{a}->{b}", f"{b}->{a}"] if dim["directed"] else ["mutual"]
            for d in directions:
                year = 2000
                for _ in range(rng.randint(0, 3)):
                    start = year + rng.randint(0, 5)
                    end = start + rng.randint(0, 5)
                    level = rng.choice([0, 1, 2, 3, 4, None])
                    o = {"dimension": dim["id"], "direction": d, "level": level,
                         "confidence": rng.choice(["low", "medium", "high"]), "since": f"{start}-01-01",
                         "claim": "c", "sources": [rng.choice(sources)["id"]]}
                    if level is None:
                        o["notes"] = "unknown"
                    if rng.random() < 0.7:
                        o["until"] = f"{end}-12-31"
                        year = end + 1
                    else:
                        year = 9999
                    obs.append(o)
                    if year > 2030:
                        break
        ties.append({"pair": [a, b], "observations": obs})
        if rng.random() < 0.3:
            crises.append({"id": f"c{len(crises)}", "name": "Crisis", "target": a, "start": "2010-01-01",
                           "sources": [sources[0]["id"]],
                           "responses": [{"partner": b, "delivered": "words", "sources": [sources[0]["id"]]}]})
    ds = {"schema_version": 1, "name": "gen", "version": "1", "as_of": "2040-01-01", "dimensions": dims,
          "countries": countries, "sources": sources, "ties": ties}
    if crises:
        ds["crises"] = crises
    return ds


def gen_rubric(rng: random.Random, dims: list[str]) -> dict[str, Any]:
    cuts = sorted(rng.sample(range(1, 100), rng.randint(0, 3)))
    edges = [0, *cuts, 100]
    labels = [f"l{i}" for i in range(len(edges) - 1)]
    weights = {d: rng.choice([0, 0.5, 1, 2, 3]) for d in dims}
    if not any(weights.values()):
        weights[dims[0]] = 1
    rub: dict[str, Any] = {
        "name": "gen", "version": "1.0.0", "description": "x", "changelog": "x",
        "fold": rng.choice(["mean", "min", "max"]), "transform": rng.choice(["linear", "power", "threshold"]),
        "aggregation": rng.choice(["weighted_mean", "weighted_geometric"]),
        "missing": {"policy": rng.choice(["skip", "zero", "midpoint"]), "min_coverage": rng.choice([0, 0.5, 1]),
                    "label": labels[0]},
        "dimensions": {d: {"weight": w} for d, w in weights.items()},
        "labels": {lab: {"title": lab.upper()} for lab in labels},
        "bands": [{"label": lab, "min": lo, "max": hi} for lab, lo, hi in zip(labels, edges, edges[1:])],
    }
    rules = []
    for _ in range(rng.randint(0, 2)):
        key = rng.choice([*dims, "score"])
        top = 100 if key == "score" else 4
        rules.append({"label": rng.choice(labels), "reason": "r",
                      rng.choice(["when", "unless"]): {key: {rng.choice(["min", "max"]): rng.randint(0, top)}}})
    if rules:
        rub["rules"] = rules
    return rub


def gen_random_yaml(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.4:
        return rng.choice([0, 1, -1, 4, 2.5, None, True, "x", "IRN", "2025-01-01", 10 ** 30, "é🙂"])
    if roll < 0.7:
        return {rng.choice(KEYS): gen_random_yaml(rng, depth + 1) for _ in range(rng.randint(0, 5))}
    return [gen_random_yaml(rng, depth + 1) for _ in range(rng.randint(0, 5))]


def dump(data: Any) -> bytes:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")


PAIR_PIECES = ["iran:russia", "IRN,RUS", "iran : china", "# a comment", "", "russia:russia", "x:y", "IRN:", ":RUS",
               "iran:russia:china", "\x1b[2J:iran", "iran:\x1b]8;;http://x\x1b\\", "Ω:中文", "iran\tchina",
               "  iran  :  russia  ", "\ufeffiran:russia", "persia:ussr", "=1+1:iran", "iran,russia # note",
               "\u202eiran:russia", "iran:" + "x" * 300]


def gen_pairs(rng: random.Random) -> bytes:
    """A pairs file: good and bad lines, any line end."""
    end = rng.choice(["\n", "\r\n", "\r"])
    text = end.join(rng.choice(PAIR_PIECES) for _ in range(rng.randint(0, 12)))
    return text.encode("utf-8", "surrogatepass")


ATOP_HEADER = "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul"
ATOP_CODES = [2, 20, 200, 365, 630, 2, 20, 200, 0, -1, 99999]
ATOP_YEARS = [1815, 1816, 1990, 1991, 2000, 2018, 1990, 1991, 0, -5, 1814, 2019, 10000, 2 ** 63, 2 ** 64]
STATES = ("stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
          "USA,2,United States of America,1816,1,1,2016,12,31,2016\n"
          "CAN,20,Canada,1920,1,10,2016,12,31,2016\n"
          "UKG,200,United Kingdom,1816,1,1,2016,12,31,2016\n"
          "RUS,365,Russia,1816,1,1,2016,12,31,2016\n"
          "IRN,630,Iran,1855,1,1,2016,12,31,2016\n")


def gen_atop(rng: random.Random) -> bytes:
    """An ATOP directed dyad-year CSV: mostly plausible rows, some odd codes, years and flags, any line end."""
    header = ATOP_HEADER.split(",")
    if rng.random() < 0.1:
        rng.shuffle(header)
    if rng.random() < 0.05:
        header.pop(rng.randrange(len(header)))
    rows = [",".join(header)]
    for _ in range(rng.randint(0, 30)):
        values = {"ccode1": rng.choice(ATOP_CODES), "ccode2": rng.choice(ATOP_CODES), "year": rng.choice(ATOP_YEARS)}
        row = [str(values.get(h, rng.choice([0, 0, 1, 1, 2, -1]))) for h in header]
        rows.append(",".join(row))
    data = rng.choice(["\n", "\r\n", "\r"]).join(rows).encode() + rng.choice([b"\n", b""])
    if rng.random() < 0.3:
        data = _mutate(rng, data, [("atop", data)])
    return data


# --- making one input ---------------------------------------------------------------------------


def make_input(seed: int, index: int, seeds: list[tuple[str, bytes]], big: bytes) -> tuple[str, bytes]:
    """The (kind, content) of input number `index` of a run: a pure function of its arguments."""
    rng = random.Random(f"{seed}-{index}")
    roll = rng.random()
    if roll < 0.08:
        ds = gen_dataset(rng)
        data = dump(ds)
        return "dataset", (data if rng.random() < 0.5 else _mutate(rng, data, seeds))
    if roll < 0.14:
        data = dump(gen_rubric(rng, ["formal_commitment", "military_aid", "rhetoric", "crisis_support"]))
        return "rubric", (data if rng.random() < 0.5 else _mutate(rng, data, seeds))
    if roll < 0.17:
        return rng.choice(["dataset", "rubric"]), dump(gen_random_yaml(rng))
    if roll < 0.175:
        return "dataset", _mutate(rng, big, seeds)
    if roll < 0.22:
        return "pairs", gen_pairs(rng)
    if roll < 0.27:
        return "atop", gen_atop(rng)
    kind, data = rng.choice(seeds)
    return kind, _mutate(rng, data, seeds)


def _mutate(rng: random.Random, data: bytes, seeds: list[tuple[str, bytes]]) -> bytes:
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 5, 8])):
        data = rng.choice(MUTATIONS)(rng, data, seeds)
    return data[:MAX_INPUT]


# --- running one input --------------------------------------------------------------------------


class InputTimeout(BaseException):
    """Raised by the per-input alarm; a BaseException so that no `except Exception` swallows it."""


@dataclass
class Failure:
    index: int
    kind: str
    stage: str
    error: str
    detail: str
    data: bytes


@dataclass
class ChunkResult:
    done: int = 0
    loaded: int = 0
    failures: list[Failure] = field(default_factory=list)
    peak_rss_kb: int = 0
    slowest: float = 0.0


class Target:
    """Holds what every input reuses: a temp directory, a CliRunner, the reference dataset and rubric."""

    def __init__(self) -> None:
        os.environ["ALLYSCORE_NO_CACHE"] = "1"
        os.environ.pop("ALLYSCORE_DEBUG", None)
        from typer.testing import CliRunner

        from allyscore.cli import app
        from allyscore.dataset import load_dataset

        import typer.main

        self.app = app
        self.command = typer.main.get_command(app)  # built once: typer rebuilds it on every invoke (28 ms)
        self.runner = CliRunner()
        self.tmp = Path(tempfile.mkdtemp(prefix="allyscore-fuzz-"))
        self.mini = load_dataset(MINI)
        self.catalog = set(self.mini.dimensions)

    def write_rubric_for(self, loaded: Any) -> Path:
        dims = "".join(f"  {d}: {{weight: 1}}\n" for d in loaded.dimensions)
        path = self.tmp / "plain-rubric.yaml"
        path.write_text("name: plain\nversion: 1.0.0\ndescription: x\nchangelog: x\ndimensions:\n" + dims +
                        "labels: {all: {title: All}}\nbands: [{label: all, min: 0, max: 100}]\n")
        return path

    def run(self, kind: str, data: bytes, rng: random.Random) -> None:
        """Raise on any failure; return quietly when allyscore accepted or clearly refused the input."""
        from allyscore.api import rate
        from allyscore.dataset import load_dataset
        from allyscore.errors import AllyscoreError
        from allyscore.formats.jsonfmt import dumps, tie_score_dict
        from allyscore.rubric import load_rubric

        path = self.tmp / f"input-{kind}.yaml"
        path.write_bytes(data)
        if kind == "pairs":
            self.cli("report", "--data", str(MINI), "--pairs-file", str(path), "--keep-going",
                     "--format", rng.choice(["json", "csv", "markdown", "table"]))
            return
        if kind == "atop":
            states = self.tmp / "cow_states2016.csv"
            if not states.exists():
                states.write_text(STATES)
            out = self.tmp / "imported.yaml"
            out.unlink(missing_ok=True)
            years = rng.choice([[], [], ["--years", "1990-2000"], ["--year", "2018"], ["--year", "2025"]])
            if self.cli("import", "atop", str(path), "--states", str(states), "-o", str(out), *years) == 0:
                try:
                    load_dataset(out)
                except AllyscoreError as exc:
                    raise CliFailure(f"import atop wrote a dataset that does not validate: {exc}") from None
            return
        if kind == "dataset":
            try:
                loaded = load_dataset(path)
            except AllyscoreError:
                loaded = None
            self.cli("data", "validate", str(path), "--format", rng.choice(["table", "json"]))
            if loaded is not None and loaded.model.ties:
                rubric_path = self.write_rubric_for(loaded)
                rubric = load_rubric(rubric_path, set(loaded.dimensions))
                tie = rng.choice(loaded.model.ties)
                a, b = tie.pair
                try:
                    dumps(tie_score_dict(rate(loaded, a, b, rubric), loaded, evidence=True))
                except AllyscoreError:
                    pass
                fmt = "json" if rng.random() < 0.8 else "table"
                self.cli("rate", a, b, "--data", str(path), "--rubric", str(rubric_path), "--format", fmt,
                         *(["--evidence"] if rng.random() < 0.5 else []))
            return
        try:
            rubric = load_rubric(path, self.catalog)
        except AllyscoreError:
            rubric = None
        self.cli("rubrics", "validate", str(path), "--data", str(MINI))
        if rubric is not None:
            try:
                dumps(tie_score_dict(rate(self.mini, "iran", "russia", rubric), self.mini))
            except AllyscoreError:
                pass
            self.cli("rate", "iran", "russia", "--data", str(MINI), "--rubric", str(path), "--format", "json")

    def cli(self, *args: str) -> int:
        import typer.testing
        from unittest import mock

        with mock.patch.object(typer.testing, "_get_command", lambda app: self.command):
            result = self.runner.invoke(self.app, list(args))
        if isinstance(result.exception, InputTimeout):
            raise result.exception
        if result.exit_code not in OK_EXITS or "Traceback" in result.stderr:
            raise CliFailure(f"exit {result.exit_code}: {' '.join(args[:2])}: {result.stderr.strip()[-500:]}")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if "\x1b" in result.stdout or "\x1b" in result.stderr:
            raise CliFailure(f"an ESC character reached the output of {' '.join(args[:2])}")
        return result.exit_code


class CliFailure(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise InputTimeout()


def run_input(target: Target, seed: int, index: int, kind: str, data: bytes, limit: float) -> Failure | None:
    rng = random.Random(f"run-{seed}-{index}")
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        target.run(kind, data, rng)
        return None
    except InputTimeout:
        return Failure(index, kind, "timeout", f"InputTimeout: over {limit:g} s", "", data)
    except BaseException as exc:  # noqa: BLE001 - anything that escapes is what we look for
        if isinstance(exc, KeyboardInterrupt):
            raise
        stage = "cli" if isinstance(exc, CliFailure) else "library"
        return Failure(index, kind, stage, f"{type(exc).__name__}: {exc}"[:300], traceback.format_exc(), data)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


# --- workers and the run ------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init_worker(memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if memory_mb:
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    _STATE["seeds"] = corpus()
    _STATE["big"] = bundled()
    _STATE["target"] = Target()


def _run_chunk(args: tuple[int, int, int, float]) -> ChunkResult:
    seed, start, stop, limit = args
    signal.signal(signal.SIGALRM, _alarm)
    out = ChunkResult()
    for index in range(start, stop):
        kind, data = make_input(seed, index, _STATE["seeds"], _STATE["big"])
        began = time.perf_counter()
        failure = run_input(_STATE["target"], seed, index, kind, data, limit)
        out.slowest = max(out.slowest, time.perf_counter() - began)
        out.done += 1
        if failure is not None:
            out.failures.append(failure)
    out.peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return out


@dataclass
class Summary:
    count: int
    seconds: float
    failures: list[Failure]
    peak_rss_kb: int
    slowest: float

    def line(self) -> str:
        return (f"{self.count} inputs in {self.seconds:.1f} s ({self.count / max(self.seconds, 1e-9):.0f}/s); "
                f"{len(self.failures)} failures; peak worker RSS {self.peak_rss_kb / 1024:.0f} MB; "
                f"slowest input {self.slowest:.2f} s")


def fuzz(count: int, seed: int, workers: int = 2, limit: float = 10.0, memory_mb: int = 2048,
         chunk: int = 250, progress: bool = False) -> Summary:
    """Run `count` inputs; workers=0 runs in this process (no memory cap), for the short test."""
    began = time.perf_counter()
    chunks = [(seed, s, min(s + chunk, count), limit) for s in range(0, count, chunk)]
    failures: list[Failure] = []
    peak, slowest, done = 0, 0.0, 0
    if workers == 0:
        _STATE.update(seeds=corpus(), big=bundled(), target=Target())
        old = signal.signal(signal.SIGALRM, _alarm)
        try:
            results = [_run_chunk(c) for c in chunks]
        finally:
            signal.signal(signal.SIGALRM, old)
        iterator: Any = iter(results)
    else:
        pool = mp.get_context("fork").Pool(workers, initializer=_init_worker, initargs=(memory_mb,))
        iterator = pool.imap_unordered(_run_chunk, chunks)
    try:
        for i in range(len(chunks)):
            # a chunk that never comes back hung in C code that the alarm cannot interrupt
            result = iterator.next(timeout=limit * chunk + 60) if workers else next(iterator)
            done += result.done
            failures.extend(result.failures)
            peak, slowest = max(peak, result.peak_rss_kb), max(slowest, result.slowest)
            for f in result.failures:
                report(f, seed)
            if progress and (i + 1) % 20 == 0:
                print(f"  {done}/{count} inputs, {len(failures)} failures, {time.perf_counter() - began:.0f} s",
                      file=sys.stderr, flush=True)
    except mp.TimeoutError:
        failures.append(Failure(-1, "?", "hang", "a chunk did not finish: an input hung", "", b""))
    finally:
        if workers:
            pool.terminate()
            pool.join()
    if workers == 0:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return Summary(done, time.perf_counter() - began, sorted(failures, key=lambda f: f.index), peak, slowest)


def report(failure: Failure, seed: int, save: bool = True) -> None:
    print(f"FAIL input {failure.index} ({failure.kind}, {failure.stage}): {failure.error}", file=sys.stderr)
    if not save or not failure.data:
        return
    CRASHES.mkdir(exist_ok=True)
    name = f"{failure.kind}-{hashlib.sha1(failure.data).hexdigest()[:12]}"
    (CRASHES / f"{name}.yaml").write_bytes(failure.data)
    (CRASHES / f"{name}.txt").write_text(json.dumps(
        {"seed": seed, "index": failure.index, "kind": failure.kind, "stage": failure.stage,
         "error": failure.error}, indent=2) + "\n" + failure.detail)
    print(f"  saved {CRASHES / name}.yaml", file=sys.stderr)


def replay(path: Path) -> int:
    kind = next((k for k in ("rubric", "pairs", "atop") if path.name.startswith(k)), "dataset")
    target = Target()
    signal.signal(signal.SIGALRM, _alarm)
    failure = run_input(target, 0, 0, kind, path.read_bytes(), 30.0)
    if failure is None:
        print(f"{path}: ok (no failure)")
        return 0
    print(failure.detail or failure.error)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (0: in this process)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space cap per worker (0: none)")
    parser.add_argument("--replay", type=Path, help="run one saved input and print its traceback")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay)
    print(f"fuzzing {args.count} inputs, seed {args.seed}, {args.workers} workers", file=sys.stderr)
    summary = fuzz(args.count, args.seed, args.workers, args.time_limit, args.memory_mb, progress=True)
    print(summary.line())
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
