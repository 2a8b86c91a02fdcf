"""Import the SIPRI Arms Transfers trade register as directed military aid and technology transfer.

What the source measures: every transfer of major conventional arms since 1950 (one row per deal:
recipient, supplier, year of order, number ordered and delivered, the years of delivery, a comment, and
SIPRI trend-indicator values (TIV, millions): a common unit of military capability, not a price). SIPRI
does not say whether a deal was a sale or aid; `military_aid` here means weapons delivered, which is what
the catalog's dimension measures ("weapons ... delivered by one party to the other").

The file is read exactly as SIPRI's site exports it (latin-1; eleven lines of notes before the header;
`?` after a figure marks it uncertain; delivery years `;`-separated; a comment broken over two lines is
joined; a line that still does not have the header's fields is skipped and counted). SIPRI's terms do not
allow redistributing its data: download the register yourself (sipri.org/databases/armstransfers).

Military aid, supplier -> recipient, for every year Y from the pair's first delivery: the TIV delivered
in the five years Y-4..Y (SIPRI's own reporting window, e.g. "2019-23"; a deal's delivered TIV is spread
evenly over its delivery years), as a share of everything the recipient received in that window:

- 3  a share of 30% or more and 100 TIV or more: a main supplier of a sizeable arsenal (SIPRI's fact
     sheets name the main suppliers by five-year share; 30% puts a supplier first or second for almost
     every recipient)
- 2  a share of 10% or more and 20 TIV or more, or 100 TIV or more: substantial deliveries
- 1  any other delivery: token amounts or a minor supplier
- 0  nothing delivered in the window (after the pair's first delivery; SIPRI records every transfer of
     major arms, so an empty window is evidence of none)

Level 4 ("war-sustaining supply, central to the partner's war effort") is never derived: SIPRI's
register cannot show what was central to a war effort; that takes researched, curated evidence.

Technology transfer, licenser -> producer: a deal whose comment says the weapon was produced or
assembled under licence gives level 2 ("licensed production", the catalog's words) from the year of
order to its last year of delivery.

Confidence: medium (SIPRI's own estimates; sale or aid unknown), low where a window's figures rest on
deals marked `?`. A year's level holds for that calendar year; consecutive years at the same level fold.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import read_bytes
from ..errors import InputFileError

SOURCE_ID = "sipri-arms-transfers"
HEADER_START = "Recipient,Supplier,Year of order"
WINDOW = 5
LICENCE = re.compile(r"(produced|assembled|production)[^.;]*licen[cs]e|licen[cs]ed production|under licen[cs]e",
                     re.IGNORECASE)

SOURCE = {
    "id": SOURCE_ID,
    "publisher": "Stockholm International Peace Research Institute (SIPRI)",
    "title": "SIPRI Arms Transfers Database, trade register",
    "date": None,
    "url": "https://www.sipri.org/databases/armstransfers",
    "note": None,
}


@dataclass
class Deal:
    recipient: str
    supplier: str
    order_year: int | None
    years: list[int]
    tiv: float  # delivered, millions of TIV
    uncertain: bool
    weapon: str
    licence: bool


@dataclass
class SipriSummary:
    deals: int
    used: int
    skipped_actors: dict[str, int] = field(default_factory=dict)  # names that are not states (rebels, NATO, ...)
    malformed: list[int] = field(default_factory=list)  # line numbers skipped
    generated: str | None = None
    dyads: int = 0
    periods: int = 0
    years: tuple[int, int] | None = None


def _number(text: str) -> tuple[float | None, bool]:
    text = text.strip()
    uncertain = text.endswith("?")
    text = text.rstrip("?").strip()
    if not text:
        return None, uncertain
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise ValueError(text)
    return value, uncertain


def read_register(path: str | Path) -> tuple[list[Deal], SipriSummary]:
    name = str(path)
    raw = read_bytes(path, "csv")  # a regular file only, under the CSV limit (allyscore.files)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # SIPRI's export
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line.lstrip("\ufeff").startswith(HEADER_START)), None)
    if start is None:
        raise InputFileError("not a SIPRI trade register: no header line starting 'Recipient,Supplier,Year of order'",
                             file=name, hint="export it from sipri.org/databases/armstransfers (Trade Register, CSV)")
    generated = next((m.group(1).strip() for line in lines[:start]
                      if (m := re.match(r"Data generated:\s*(.+)", line))), None)
    header = next(csv.reader([lines[start]]))
    width = len(header)
    col = {h.strip(): i for i, h in enumerate(header) if h.strip()}
    marks = [i for i, h in enumerate(header) if not h.strip()]  # the unnamed columns where SIPRI puts its '?'

    need = ("Recipient", "Supplier", "Year of order", "Weapon designation", "Year(s) of delivery", "Comments",
            "SIPRI TIV of delivered weapons")
    missing = [c for c in need if c not in col]
    if missing:
        raise InputFileError(f"the header has no column {missing[0]!r}", file=name, line=start + 1)
    summary = SipriSummary(0, 0, generated=generated)
    deals: list[Deal] = []
    rows = list(csv.reader(lines[start + 1:]))
    i = 0
    while i < len(rows):
        row, line = rows[i], start + 2 + i
        i += 1
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < width and i < len(rows) and len(row) + len(rows[i]) - 1 == width:
            row = row[:-1] + [row[-1] + " " + rows[i][0]] + rows[i][1:]  # a comment broken over two lines
            i += 1
        if len(row) != width:
            summary.malformed.append(line)
            continue
        summary.deals += 1
        try:
            order, unsure_order = _number(row[col["Year of order"]])
            tiv, unsure_tiv = _number(row[col["SIPRI TIV of delivered weapons"]])
            years = [int(y.strip().rstrip("?")) for y in row[col["Year(s) of delivery"]].split(";") if y.strip()]
        except ValueError:
            summary.malformed.append(line)
            continue
        if any(not 1900 <= y <= 2100 for y in years) or (order is not None and not 1900 <= order <= 2100):
            summary.malformed.append(line)
            continue
        comments = row[col["Comments"]]
        deals.append(Deal(row[col["Recipient"]].strip(), row[col["Supplier"]].strip(),
                          int(order) if order is not None else None, years, tiv or 0.0,
                          unsure_order or unsure_tiv or "?" in row[col["Year(s) of delivery"]]
                          or any(row[i].strip() == "?" for i in marks),
                          row[col["Weapon designation"]].strip(), bool(LICENCE.search(comments))))
    if not summary.deals:
        raise InputFileError("the SIPRI file has a header but no deals", file=name)
    return deals, summary


def state_code(name: str) -> str | None:
    """A SIPRI name as a registry code; None for what is not a state (rebels `*`, organisations `**`, unknown)."""
    from ..registry import registry

    if name.endswith("*") or name.lower().startswith("unknown"):
        return None
    reg = registry()
    state = reg.lookup(name) or reg.lookup(re.sub(r"\s*\(.*\)\s*$", "", name))
    return state.code if state else None


_CONF = ("low", "medium")


def level_of(share: float, volume: float) -> int:
    if volume <= 0:
        return 0
    if share >= 0.30 and volume >= 100:
        return 3
    if (share >= 0.10 and volume >= 20) or volume >= 100:
        return 2
    return 1


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if x >= 10 else f"{x:.1f}"


def import_sipri(path: str | Path, years: tuple[int, int] | None = None) -> tuple[dict[str, Any], SipriSummary]:
    """The register as a dataset document (plain data in allyscore's schema) and a summary."""
    from ..registry import registry
    from .public import dataset_head

    deals, summary = read_register(path)
    names = registry().by_code
    flow: dict[tuple[str, str], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    unsure: dict[tuple[str, str], set[int]] = defaultdict(set)
    licensed: dict[tuple[str, str], dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    received: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for deal in deals:
        giver, taker = state_code(deal.supplier), state_code(deal.recipient)
        if giver is None or taker is None or giver == taker:
            for who, code in ((deal.supplier, giver), (deal.recipient, taker)):
                if code is None:
                    summary.skipped_actors[who] = summary.skipped_actors.get(who, 0) + 1
            continue
        summary.used += 1
        key = (giver, taker)
        if deal.years and deal.tiv > 0:
            share = deal.tiv / len(deal.years)
            for y in deal.years:
                flow[key][y] += share
                received[taker][y] += share
                if deal.uncertain:
                    unsure[key].add(y)
        elif deal.years:
            for y in deal.years:
                flow[key][y] += 0.0
        if deal.licence:
            first = deal.order_year or (min(deal.years) if deal.years else None)
            last = max(deal.years) if deal.years else first
            if first is not None and last is not None:
                for y in range(first, last + 1):
                    licensed[key][y].append(deal.weapon)
    all_years = [y for f in flow.values() for y in f] + [y for f in licensed.values() for y in f]
    if not all_years:
        raise InputFileError("no deal between two states has a year of delivery", file=str(path))
    last_year = max(all_years)
    first_year = min(all_years)
    if years is not None:
        first_year, last_year = max(first_year, years[0]), min(last_year, years[1])
    ties: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for (giver, taker), per_year in flow.items():
        start = max(min(per_year), first_year)
        yearly = []
        for y in range(start, last_year + 1):
            window = range(y - WINDOW + 1, y + 1)
            # rounded: SIPRI's figures have at most two decimals, and a threshold must not hang on float error
            volume = round(sum(per_year.get(w, 0.0) for w in window), 6)
            total = round(sum(received[taker].get(w, 0.0) for w in window), 6)
            share = volume / total if total > 0 else 0.0
            delivered = any(w in per_year for w in window)
            level = level_of(share, volume) if volume > 0 else (1 if delivered else 0)
            conf = 0 if any(w in unsure[(giver, taker)] for w in window) else 1
            yearly.append((y, level, conf, share, volume, total))
        for run in _runs(yearly):
            ties[_pair(giver, taker)].append(_aid_observation(giver, taker, run, names))
    for (giver, taker), per_year in licensed.items():
        ys = sorted(y for y in per_year if first_year <= y <= last_year)
        for first, last in _spans(ys):
            weapons = sorted({w for y in range(first, last + 1) for w in per_year[y]})
            shown = ", ".join(weapons[:3]) + (f" and {len(weapons) - 3} more" if len(weapons) > 3 else "")
            span = str(first) if first == last else f"{first}-{last}"
            ties[_pair(giver, taker)].append({
                "dimension": "technology_transfer", "direction": f"{giver}->{taker}", "level": 2,
                "confidence": "medium", "since": f"{first}-01-01", "until": f"{last}-12-31",
                "claim": f"SIPRI: licensed production in {_name(names, taker)} of {shown} from "
                         f"{_name(names, giver)}, {span}.", "sources": [SOURCE_ID]})
    for obs in ties.values():
        obs.sort(key=lambda o: (o["dimension"], o["direction"], o["since"]))
    codes = sorted({c for pair in ties for c in pair})
    source = dict(SOURCE)
    source["date"] = str(last_year)
    source["note"] = (f"Trade register export{' generated ' + summary.generated if summary.generated else ''}, "
                      "dated here by its last year of data (a later date would push the dataset's as_of past "
                      "its evidence); "
                      "not redistributed with allyscore (SIPRI's terms). Levels by allyscore's documented mapping "
                      "of five-year delivered TIV and the supplier's share of the recipient's imports.")
    head = dataset_head("sipri-arms-transfers", _catalog(), codes, [source], last_year,
                        f"Arms deliveries and licensed production, {first_year}-{last_year}, imported from the SIPRI "
                        "trade register by `allyscore import sipri`.")
    summary.dyads = len(ties)
    summary.periods = sum(len(v) for v in ties.values())
    summary.years = (first_year, last_year)
    doc = {**head, "ties": [{"pair": list(pair), "observations": obs} for pair, obs in sorted(ties.items())]}
    return doc, summary


def _catalog() -> list[dict[str, Any]]:
    """The bundled catalog's definitions of the two dimensions SIPRI informs."""
    from ..dataset import load_dataset

    dims = {d.id: d for d in load_dataset().header.dimensions}
    return [{"id": i, "name": d.name, "description": d.description, "directed": d.directed, "signal": d.signal,
             "levels": dict(d.levels)} for i in ("military_aid", "technology_transfer") for d in [dims[i]]]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _name(names: dict[str, Any], code: str) -> str:
    state = names.get(code)
    return state.name if state else code


def _spans(years: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for y in years:
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def _runs(yearly: list[tuple[int, int, int, float, float, float]]) -> list[list[tuple[int, int, int, float, float, float]]]:
    runs: list[list[Any]] = []
    for item in yearly:
        if runs and runs[-1][-1][1] == item[1] and runs[-1][-1][0] + 1 == item[0]:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _aid_observation(giver: str, taker: str, run: list[tuple[int, int, int, float, float, float]],
                     names: dict[str, Any]) -> dict[str, Any]:
    first, last = run[0][0], run[-1][0]
    level = run[0][1]
    conf = min(r[2] for r in run)
    y, _, _, share, volume, total = max(run, key=lambda r: r[3])  # the year of the highest share
    g, t = _name(names, giver), _name(names, taker)
    span = str(first) if first == last else f"{first}-{last}"
    window = f"{y - WINDOW + 1}-{str(y)[2:]}"
    if level == 0:
        claim = f"SIPRI records no delivery of major arms from {g} to {t} in the five years to each of {span}."
    else:
        claim = (f"SIPRI: {share:.0%} of {t}'s arms imports {window} from {g} ({_fmt(volume)} of {_fmt(total)} "
                 f"million TIV); level {level} in the five-year windows ending {span}.")
    return {"dimension": "military_aid", "direction": f"{giver}->{taker}", "level": level,
            "confidence": _CONF[conf], "since": f"{first}-01-01", "until": f"{last}-12-31", "claim": claim,
            "sources": [SOURCE_ID]}
