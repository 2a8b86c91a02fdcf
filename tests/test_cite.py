"""`allyscore cite`: the references behind ties, then allyscore, the dataset and the rubric."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from allyscore import __version__, yamlio
from allyscore.cite import Reference, bib_escape, bibtex_entry, citations, csl_item, date_parts, render
from allyscore.dataset import load_dataset
from allyscore.rubric import resolve_rubric

# The part of the CSL-JSON schema (citation-style-language/schema, csl-data.json) that allyscore writes:
# the same property names, types, type enum and date model, and no other properties allowed.
CSL_SUBSET = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["article", "article-newspaper", "dataset", "document", "report",
                                                "software", "webpage"]},
            "id": {"type": ["string", "number"]},
            "title": {"type": "string"},
            "author": {"type": "array", "items": {"$ref": "#/definitions/name-variable"}},
            "publisher": {"type": "string"},
            "container-title": {"type": "string"},
            "issued": {"$ref": "#/definitions/date-variable"},
            "URL": {"type": "string"},
            "version": {"type": "string"},
            "note": {"type": "string"},
        },
        "required": ["type", "id"],
        "additionalProperties": False,
    },
    "definitions": {
        "name-variable": {"type": "object", "properties": {"family": {"type": "string"},
                                                           "given": {"type": "string"},
                                                           "literal": {"type": "string"}},
                          "additionalProperties": False},
        "date-variable": {"type": "object", "properties": {
            "date-parts": {"type": "array", "minItems": 1, "maxItems": 2,
                           "items": {"type": "array", "minItems": 1, "maxItems": 3,
                                     "items": {"type": ["string", "number"]}}}},
            "required": ["date-parts"], "additionalProperties": False},
    },
}


@pytest.fixture
def rich_path(tmp_path: Path, mini_path: Path) -> Path:
    """The mini dataset plus: a partial-dated source cited by the crisis itself (src-c, year only), one
    cited only by a third country's response (src-d, year-month), an uncited one (src-e) with LaTeX
    specials in its title, and a second crisis response by North Korea."""
    data = copy.deepcopy(yamlio.load(mini_path).data)
    data["sources"] += [
        {"id": "src-c", "publisher": "Press & Co", "title": "The crisis, day by day", "date": "2023"},
        {"id": "src-d", "publisher": "Far Wire", "title": "Pyongyang speaks", "date": "2023-01"},
        {"id": "src-e", "publisher": "Odd {Pub", "title": "50% of $5 & #1_x ~ ^ \\ done}", "date": "2022-02-03",
         "url": "https://example.org/e?a=1&b={2}"},
    ]
    crisis = data["crises"][0]
    crisis["sources"] = ["src-a", "src-c"]
    crisis["responses"].append({"partner": "PRK", "delivered": "statements", "sources": ["src-d"]})
    path = tmp_path / "rich.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def loaded(rich_path):
    data = load_dataset(rich_path)
    return data, resolve_rubric("costly-signals@1.0.0", catalog=set(data.dimensions))


def test_references_behind_a_tie_are_its_observations_and_its_crises(loaded):
    data, rubric = loaded
    cites = citations(data, rubric, ["iran:russia"])
    assert cites.pairs == [("IRN", "RUS")]
    # src-a, src-b: observations; src-c: the crisis's own source. Not src-d (North Korea's response,
    # not a party to this tie) and not src-e (cited nowhere).
    assert [r.key for r in cites.references] == ["src-a", "src-b", "src-c"]
    assert [r.key for r in cites.tool] == ["allyscore:software", "allyscore:dataset", "allyscore:rubric"]


def test_no_pairs_cites_the_whole_dataset_sorted_and_deduplicated(loaded):
    data, rubric = loaded
    assert [r.key for r in citations(data, rubric).references] == ["src-a", "src-b", "src-c", "src-d", "src-e"]
    twice = citations(data, rubric, ["iran:russia", "RUS:IRN", "Persia:Russian Federation"])
    assert twice.pairs == [("IRN", "RUS")] and [r.key for r in twice.references] == ["src-a", "src-b", "src-c"]


def test_tool_citations_carry_versions_and_digests(loaded):
    data, rubric = loaded
    software, dataset, rub = citations(data, rubric).tool
    assert software.version == __version__ and software.kind == "software"
    assert dataset.version == "1" and dataset.digest == data.digest and dataset.date == "2024-01-01"
    assert dataset.author is None  # not the bundled dataset: no claim about who made it
    assert rub.version == "1.0.0" and rub.digest == rubric.digest and "costly-signals@1.0.0" in rub.note
    assert data.digest in dataset.note


def test_partial_and_full_dates():
    assert date_parts("2023") == [2023]
    assert date_parts("2023-01") == [2023, 1]
    assert date_parts("2023-01-31") == [2023, 1, 31]
    assert date_parts(dt.date(2020, 2, 29)) == [2020, 2, 29]
    with pytest.raises(ValueError):
        date_parts("23-1")


def test_bibtex_escapes_latex_specials():
    assert bib_escape("50% of $5 & #1_x ~ ^ \\ {y}") == \
        r"50\% of \$5 \& \#1\_x \~{} \^{} \textbackslash{} \textbraceleft{}y\textbraceright{}"
    assert bib_escape("a { lone brace") == r"a \textbraceleft{} lone brace"
    entry = bibtex_entry(Reference(key="k", kind="source", title="A & B", publisher="P {x}", date="2023-01",
                                   url="https://e.org/{a}\\b"))
    assert entry == ("@misc{k,\n  title = {{A \\& B}},\n  howpublished = {P \\textbraceleft{}x\\textbraceright{}},\n"
                     "  year = {2023},\n"
                     "  month = jan,\n  date = {2023-01},\n  url = {https://e.org/%7Ba%7D%5Cb}\n}\n")


_ENTRY = re.compile(r"@(\w+)\{([^,\s]+),\n(.*?)\n\}\n", re.S)
_FIELD = re.compile(r"  ([a-z]+) = (\{.*\}|[a-z]{3}),?$")


def _balanced(value: str) -> bool:
    """Balanced as BibTeX sees it: every brace counts, escaped or not."""
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def parse_bibtex(text: str) -> dict[str, dict[str, str]]:
    """A strict reader of the BibTeX allyscore writes: every entry, field and brace accounted for."""
    entries: dict[str, dict[str, str]] = {}
    pos = 0
    for match in _ENTRY.finditer(text):
        assert text[pos:match.start()].strip() == "", f"stray text before {match.group(2)}"
        pos = match.end()
        kind, key, body = match.groups()
        assert kind == "misc" and re.fullmatch(r"[A-Za-z0-9_.:-]+", key) and key not in entries
        fields: dict[str, str] = {}
        for line in body.split("\n"):
            field = _FIELD.match(line)
            assert field, f"{key}: cannot read {line!r}"
            name, value = field.groups()
            assert name not in fields and _balanced(value), (key, name, value)
            fields[name] = value
        assert "title" in fields
        entries[key] = fields
    assert text[pos:].strip() == ""
    return entries


def test_bibtex_output_is_valid_and_complete(loaded):
    data, rubric = loaded
    text = render(citations(data, rubric), "bibtex")
    entries = parse_bibtex(text)
    assert list(entries) == ["src-a", "src-b", "src-c", "src-d", "src-e",
                             "allyscore:software", "allyscore:dataset", "allyscore:rubric"]
    assert entries["src-c"]["year"] == "{2023}" and "month" not in entries["src-c"]
    assert entries["src-d"]["month"] == "jan" and entries["src-d"]["date"] == "{2023-01}"
    assert entries["src-e"]["title"] == r"{{50\% of \$5 \& \#1\_x \~{} \^{} \textbackslash{} done\textbraceright{}}}"
    assert entries["src-e"]["howpublished"] == r"{Odd \textbraceleft{}Pub}"
    assert entries["src-e"]["url"] == "{https://example.org/e?a=1&b=%7B2%7D}"
    assert entries["src-c"]["howpublished"] == r"{Press \& Co}"
    assert entries["allyscore:software"]["version"] == "{" + __version__ + "}"
    assert data.digest in entries["allyscore:dataset"]["note"]
    assert rubric.digest in entries["allyscore:rubric"]["note"]


def test_csl_json_follows_the_csl_schema(loaded):
    data, rubric = loaded
    items = json.loads(render(citations(data, rubric), "csl-json"))
    jsonschema.Draft7Validator.check_schema(CSL_SUBSET)
    jsonschema.Draft7Validator(CSL_SUBSET).validate(items)
    by_id = {i["id"]: i for i in items}
    assert by_id["src-b"] == {"id": "src-b", "type": "webpage", "title": "Arms delivered",
                              "publisher": "Example Wire", "container-title": "Example Wire",
                              "issued": {"date-parts": [[2021, 6, 1]]}, "URL": "https://example.org/b"}
    assert by_id["src-a"]["type"] == "document" and "container-title" not in by_id["src-a"]
    assert by_id["src-c"]["issued"] == {"date-parts": [[2023]]}
    assert by_id["src-d"]["issued"] == {"date-parts": [[2023, 1]]}
    assert by_id["allyscore:software"]["type"] == "software"
    assert by_id["allyscore:software"]["version"] == __version__
    assert by_id["allyscore:dataset"]["type"] == "dataset" and by_id["allyscore:dataset"]["version"] == "1"
    assert by_id["allyscore:rubric"]["version"] == "1.0.0"
    assert csl_item(Reference(key="x", kind="source", title="t"))["type"] == "document"


def test_cli_text(cli, rich_path):
    result = cli("cite", "iran:russia", "--data", str(rich_path), "--rubric", "costly-signals@1.0.0")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "References behind IRN:RUS (3)",
        '[src-a] Example Wire, "Treaty signed", 2020-01-01',
        '[src-b] Example Wire, "Arms delivered", 2021-06-01, https://example.org/b',
        '[src-c] Press & Co, "The crisis, day by day", 2023',
    ]
    assert lines[5] == "Cite allyscore, its dataset and its rubric"
    assert lines[6] == f"[allyscore:software] The allyscore team, allyscore version {__version__}"
    assert lines[7].startswith("[allyscore:dataset] dataset mini version 1, as of 2024-01-01, sha256:")
    assert lines[8].startswith("[allyscore:rubric] rubric costly-signals@1.0.0, sha256:")
    assert result.stderr == ""


def test_cli_formats_are_deterministic_and_json_is_csl(cli, rich_path):
    args = ("cite", "--data", str(rich_path))
    for fmt in ("text", "bibtex", "csl-json"):
        one, two = cli(*args, "--format", fmt), cli(*args, "--format", fmt)
        assert one.exit_code == 0 and one.stdout == two.stdout
    assert cli(*args, "-f", "json").stdout == cli(*args, "-f", "csl-json").stdout


def test_bundled_dataset_cites_cleanly(cli):
    result = cli("cite", "iran:russia", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    entries = parse_bibtex(result.stdout)
    data = load_dataset()
    assert "allyscore:dataset" in entries and data.digest in entries["allyscore:dataset"]["note"]
    sources = [k for k in entries if not k.startswith("allyscore:")]
    assert sources == sorted(sources) and len(sources) >= 10
    items = json.loads(cli("cite", "--format", "csl-json").stdout)
    jsonschema.Draft7Validator(CSL_SUBSET).validate(items)
    assert len(items) == len(data.sources) + 3


@pytest.mark.parametrize(("pair", "message"), [
    ("iran", "'iran' is not a pair written A:B"),
    ("iran:", "is not a pair written A:B"),
    ("iran:atlantis", "unknown country 'atlantis'"),
    ("iran:israel", "no tie between Iran and Israel"),
])
def test_cli_bad_pairs_are_user_errors(cli, mini_path, pair, message):
    result = cli("cite", pair, "--data", str(mini_path))
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


