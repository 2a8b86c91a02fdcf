"""The references behind ties, and citations of allyscore, its dataset and its rubric.

A published figure should be traceable to the exact inputs: the sources its levels and crises cite, the
tool's version, the dataset's version and digest, and the rubric's reference and digest. This module
builds those references as plain records and writes them as BibTeX, CSL-JSON or plain text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .version import __version__
from .dataset import LoadedDataset
from .model import Tie
from .rubric import ResolvedRubric

AUTHOR = "The allyscore team"
FORMATS = ("text", "bibtex", "csl-json")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Reference:
    """One thing to cite: a source of the dataset, or allyscore, the dataset or the rubric themselves."""

    key: str  # stable: a source's id, or allyscore:software / allyscore:dataset / allyscore:rubric
    kind: str  # "source", "software", "dataset" or "rubric"
    title: str
    publisher: str | None = None
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    url: str | None = None
    version: str | None = None
    digest: str | None = None
    author: str | None = None
    note: str | None = None

    def date_parts(self) -> list[int] | None:
        return date_parts(self.date) if self.date else None


@dataclass(frozen=True)
class Citations:
    """The sources behind some ties (deduplicated, sorted by id), then allyscore, its data and rubric."""

    pairs: list[tuple[str, str]]  # empty: the whole dataset
    references: list[Reference]
    tool: list[Reference]

    @property
    def all(self) -> list[Reference]:
        return [*self.references, *self.tool]


def date_text(value: str | dt.date) -> str:
    """A source date as text: YYYY, YYYY-MM or YYYY-MM-DD (a datetime.date becomes YYYY-MM-DD)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if not _PARTIAL_DATE.fullmatch(text):
        raise ValueError(f"not a date written YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
    return text


def date_parts(value: str | dt.date) -> list[int]:
    """[year], [year, month] or [year, month, day]."""
    return [int(p) for p in date_text(value).split("-")]


def sources_for_tie(data: LoadedDataset, tie: Tie) -> set[str]:
    """Every source cited by the tie's observations and by its crises (the parties' responses included)."""
    ids: set[str] = set()
    crisis_ids: set[str] = set()
    for obs in tie.observations:
        ids.update(obs.sources)
        if obs.crisis:
            crisis_ids.add(obs.crisis)
    crises = {c.id: c for c in data.crises_for(tie)}
    crises.update({cid: data.crises[cid] for cid in crisis_ids if cid in data.crises})
    for crisis in crises.values():
        ids.update(crisis.sources)
        for response in crisis.responses:
            if response.partner in tie.pair:
                ids.update(response.sources)
    return ids


def resolve_pairs(data: LoadedDataset, pairs: Iterable[str]) -> list[tuple[str, str]]:
    """Turn 'A:B' strings (names, aliases or codes) into the dataset's tie keys, checking each tie exists."""
    from .errors import AllyscoreError

    out: list[tuple[str, str]] = []
    for text in pairs:
        a, sep, b = text.partition(":")
        if not sep or not a.strip() or not b.strip() or ":" in b:
            raise AllyscoreError(f"{text!r} is not a pair written A:B", hint="e.g. iran:russia or IRN:CHN")
        tie = data.tie(data.countries.resolve(a.strip()), data.countries.resolve(b.strip()))
        if tie.key not in out:
            out.append(tie.key)
    return out


def source_reference(src: Any) -> Reference:
    date = getattr(src, "date", None)
    return Reference(key=src.id, kind="source", title=src.title, publisher=src.publisher,
                     date=date_text(date) if date is not None else None, url=src.url)


def tool_references(data: LoadedDataset, rubric: ResolvedRubric) -> list[Reference]:
    """Citations of allyscore itself (its version), the dataset (version, digest) and the rubric (digest)."""
    m = data.model
    from .resources import bundled_dataset

    bundled = _same_file(data.path, str(bundled_dataset()))
    overrides = ""
    if rubric.overrides:
        overrides = "; weights overridden: " + ", ".join(f"{k}={v:g}" for k, v in sorted(rubric.overrides.items()))
    return [
        Reference(key="allyscore:software", kind="software",
                  title="allyscore: is a tie between two states a real alliance, or only an axis of convenience?",
                  version=__version__, author=AUTHOR, note=f"allyscore version {__version__}"),
        Reference(key="allyscore:dataset", kind="dataset", title=f"{m.name}: dataset of bilateral ties",
                  version=m.version, date=m.as_of.isoformat(), digest=data.digest,
                  author=AUTHOR if bundled else None,
                  note=f"dataset {m.name} version {m.version}, as of {m.as_of.isoformat()}, {data.digest}"),
        Reference(key="allyscore:rubric", kind="rubric", title=f"{rubric.model.name}: allyscore scoring rubric",
                  version=rubric.model.version, digest=rubric.digest,
                  note=f"rubric {rubric.ref}, {rubric.digest}{overrides}"),
    ]


def _same_file(a: str, b: str) -> bool:
    import os

    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def citations(data: LoadedDataset, rubric: ResolvedRubric, pairs: Iterable[str] = ()) -> Citations:
    """The references behind the given ties ('A:B'), or behind the whole dataset when none are given."""
    keys = resolve_pairs(data, pairs)
    if keys:
        ids: set[str] = set()
        for key in keys:
            ids |= sources_for_tie(data, data.ties[key])
    else:
        ids = set(data.sources)
    refs = [source_reference(data.sources[sid]) for sid in sorted(ids) if sid in data.sources]
    return Citations(pairs=keys, references=refs, tool=tool_references(data, rubric))


# --- BibTeX ----------------------------------------------------------------------------------------

_BIB_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
    "_": r"\_", "^": r"\^{}", "~": r"\~{}",
}


def bib_escape(text: str) -> str:
    """Text safe inside a braced BibTeX field: LaTeX specials escaped, and no literal brace left over
    (BibTeX counts braces even after a backslash, so a lone brace becomes \\textbraceleft{})."""
    text = " ".join(text.split())
    return "".join(_BIB_ESCAPES.get(ch, ch) for ch in text)


def bib_url(url: str) -> str:
    """URLs are kept verbatim (url/biblatex read them raw) except for characters that would unbalance braces."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bib_key(key: str) -> str:
    """A BibTeX key: letters, digits and - _ . : only (source ids already are)."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.:") else "-" for ch in key)


def bibtex_entry(ref: Reference) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + bib_escape(ref.title) + "}")]
    if ref.author:
        fields.append(("author", "{" + bib_escape(ref.author) + "}"))
    if ref.publisher:
        fields.append(("howpublished", bib_escape(ref.publisher)))
    parts = ref.date_parts()
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", _MONTHS[parts[1] - 1]))
        fields.append(("date", ref.date or ""))
    if ref.version:
        fields.append(("version", bib_escape(ref.version)))
    if ref.url:
        fields.append(("url", bib_url(ref.url)))
    if ref.note:
        fields.append(("note", bib_escape(ref.note)))
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
                      for name, value in fields)
    return f"@misc{{{bib_key(ref.key)},\n{body}\n}}\n"


def to_bibtex(cites: Citations) -> str:
    return "\n".join(bibtex_entry(ref) for ref in cites.all)


# --- CSL-JSON --------------------------------------------------------------------------------------

_CSL_TYPES = {"software": "software", "dataset": "dataset", "rubric": "document"}


def csl_item(ref: Reference) -> dict[str, Any]:
    """One item in CSL-JSON (the input format of citeproc, Zotero and pandoc)."""
    kind = _CSL_TYPES.get(ref.kind) or ("webpage" if ref.url else "document")
    item: dict[str, Any] = {"id": ref.key, "type": kind, "title": ref.title}
    if ref.author:
        item["author"] = [{"literal": ref.author}]
    if ref.publisher:
        item["publisher"] = ref.publisher
        if kind == "webpage":
            item["container-title"] = ref.publisher
    parts = ref.date_parts()
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if ref.version:
        item["version"] = ref.version
    if ref.url:
        item["URL"] = ref.url
    if ref.note:
        item["note"] = ref.note
    return item


def to_csl_json(cites: Citations) -> str:
    return json.dumps([csl_item(ref) for ref in cites.all], indent=2, ensure_ascii=False) + "\n"


# --- plain text ------------------------------------------------------------------------------------

def text_line(ref: Reference) -> str:
    if ref.kind == "source":
        out = f"[{ref.key}] {ref.publisher}, \"{ref.title}\", {ref.date or 'n.d.'}"
        return out + (f", {ref.url}" if ref.url else "")
    if ref.kind == "software":
        return f"[{ref.key}] {ref.author}, allyscore version {ref.version}"
    return f"[{ref.key}] {ref.note}"


def to_text(cites: Citations) -> str:
    lines = []
    if cites.pairs:
        lines.append("References behind " + ", ".join(f"{a}:{b}" for a, b in cites.pairs)
                     + f" ({len(cites.references)})")
    else:
        lines.append(f"References of the whole dataset ({len(cites.references)})")
    lines += [text_line(ref) for ref in cites.references]
    lines += ["", "Cite allyscore, its dataset and its rubric"]
    lines += [text_line(ref) for ref in cites.tool]
    return "\n".join(lines) + "\n"


def render(cites: Citations, fmt: str) -> str:
    """The citations in one of FORMATS ('json' is CSL-JSON too)."""
    if fmt == "bibtex":
        return to_bibtex(cites)
    if fmt in ("csl-json", "json"):
        return to_csl_json(cites)
    if fmt == "text":
        return to_text(cites)
    raise ValueError(f"unknown citation format {fmt!r}")
