"""Import ATOP v5.1 alliance obligations as formal-commitment observations, and check a dataset against them.

ATOP (Alliance Treaty Obligations and Provisions, Leeds et al.) codes, for every pair of states and every
year from 1815 to 2018, which obligations a written alliance puts on them. The directed dyad-year file
has one row per ordered pair (ccode1, ccode2) and year; a row records the obligations that ccode1 has
undertaken toward ccode2 (the two rows of a pair differ for asymmetric pledges: in 1959-1979 the United
States pledged to defend Iran, Iran did not pledge to defend the United States).

The mapping to the catalog's formal_commitment levels (the strongest obligation decides):

- defence       -> 4  A written pledge to defend the partner. The catalog keeps 3 for pledges that are
                      hedged, conditional or openly doubted; ATOP's dyad-year file does not code
                      conditions and ATOP does not code credibility at all, so a defence pledge is read
                      at its word (4) and its observation has confidence "medium", not "high".
- offence       -> 3  A pledge of active military support in a conflict that the partner did not
                      suffer as an attack. It ties hands more than neutrality or consultation (2) but
                      is not a pledge to defend the partner, and it is conditional by nature: 3.
- neutrality    -> 2  Not to help an attacker of the partner (catalog level 2, "neutrality").
- consultation  -> 2  To consult when the partner is threatened (catalog level 2, "consultation").
- non-aggression-> 1  Non-aggression only (catalog level 1).
- nothing       -> 0  ATOP lists the pair in an alliance but codes no obligation in this direction, or
                      ATOP has no row: no alliance obligation. (A row-less year gets confidence
                      "medium": ATOP codes alliances, not the political partnership documents that the
                      catalog puts at level 1.)

Because the file is directed, the imported catalog makes formal_commitment a directed dimension:
"USA->IRN" is what the United States has pledged to Iran. A symmetric treaty gives the same level in
both directions; an asymmetric one is visible as two different levels (and in the asymmetry indicator).
This is dataset schema 2, which the bundled dataset follows too; `check_dataset` compares each
direction with ATOP's row for it. The formal-commitment rubric folds the two directions by the weaker
one (min), the level both parties are bound to, which is what a schema-1 mutual formal_commitment
meant; `check_dataset` compares a mutual level (schema 1) with that same minimum.

Periods: consecutive years with the same obligations fold into one observation from 1 January of the
first year to 31 December of the last. Years in which the pair has no row, between its first row and
the end of the selection (or the end of either state, by the COW state list), become level-0 periods,
so a gap splits the alliance periods and a score after an alliance ended says "no obligation" instead of
"unknown".

Country codes: from allyscore's country registry (allyscore.registry, data/states.csv): ISO 3166-1
alpha-3 where the state has one. A state without an ISO code (Bavaria, the German Federal Republic,
Czechoslovakia, ...) keeps its COW identity: its code is its COW abbreviation, or, where that abbreviation
is another state's ISO code (Czechoslovakia "CZE", Korea 1887-1905 "KOR"), X and two of its letters (ISO
3166-1 leaves X-codes to users). Names come from the COW state list; every country carries its COW
number (`cow`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import AllyscoreError, InputFileError

# ATOP's obligation columns, in the order of an obligation tuple, with the level each maps to.
COLUMNS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
NAMES = ("defence", "offence", "neutrality", "non-aggression", "consultation")
LEVELS = (4, 3, 2, 1, 2)
HEADER = ("ccode1", "ccode2", "year") + COLUMNS
DIMENSION = "formal_commitment"
SOURCE_ID = "atop-5.1"
STATES_FILE = "cow_states2016.csv"
ATOP_YEARS = (1815, 2018)  # the years ATOP v5.1 codes

Obligations = int  # a bitmask: defence 16, offence 8, neutrality 4, non-aggression 2, consultation 1
ABSENT = None  # no row for the (directed) pair and year
_BITS = (16, 8, 4, 2, 1)

SOURCE = {
    "id": SOURCE_ID,
    "publisher": "ATOP project (Leeds, Ritter, Mitchell and Long), International Interactions 28: 237-60",
    "title": "Alliance Treaty Obligations and Provisions (ATOP) v5.1, directed dyad-year data",
    "date": "2002",
    "url": "http://www.atopdata.org/",
    "note": ("Cite: Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. Long. 2002. "
             "\"Alliance Treaty Obligations and Provisions, 1815-1944.\" International Interactions 28: 237-60; "
             "Leeds, Brett Ashley. 2022. ATOP 5.1 Codebook (atopdata.org). Dated by the 2002 article that "
             "introduced ATOP: the v5.1 release (2022) would fall after the data's last year (2018), which a "
             "dataset's as_of may not precede. File: atop5_1_directed_dyad_year.csv, ATOP v5.1 as packaged by "
             "the R package peacesciencer (atop_alliance). Levels by allyscore's documented mapping: defence 4, "
             "offence 3, neutrality or consultation 2, non-aggression 1, none 0."),
}

CATALOG = {
    "id": DIMENSION,
    "name": "Formal commitment",
    "description": ("Written alliance obligations, as ATOP v5.1 codes them; directed: A->B is what A has "
                    "pledged to B."),
    "directed": True,
    "signal": "costly",
    "levels": {
        0: "No treaty or signed security obligation.",
        1: "Political partnership document or non-aggression pledge only; no duty to consult or assist.",
        2: "Treaty duties of neutrality (not helping an aggressor) or consultation when one party is threatened.",
        3: "A defence pledge that is hedged, conditional, or openly doubted by a party (ATOP: an offence pledge "
           "without a defence pledge).",
        4: "An unconditional mutual defence pledge (assistance \"with all means\", Article 5 style; ATOP: a "
           "defence pledge).",
    },
}


def obligations_of(defense: int, offense: int, neutral: int, nonagg: int, consul: int) -> Obligations:
    """The bitmask of ATOP's five 0/1 obligation columns."""
    return sum(bit for bit, flag in zip(_BITS, (defense, offense, neutral, nonagg, consul)) if flag)


def level_of(obligations: Obligations | None) -> int:
    """The formal_commitment level of an obligation bitmask (see `obligations_of`): the strongest
    obligation decides; none (or no row, None) is 0."""
    if not obligations:
        return 0
    return max((lvl for lvl, bit in zip(LEVELS, _BITS) if obligations & bit), default=0)


_LEVEL = {None: 0, **{code: level_of(code) for code in range(32)}}


def describe(obligations: Obligations | None) -> str:
    if obligations is None:
        return "no alliance"
    names = [n for n, bit in zip(NAMES, _BITS) if obligations & bit]
    return ", ".join(names) if names else "no obligation"


_DESCRIPTION = {code: describe(code) for code in _LEVEL}


def _confidence(obligations: Obligations | None) -> str:
    level = level_of(obligations)
    if obligations is None or level >= 3:
        return "medium"  # row-less years: ATOP does not code partnership documents; 3/4: no conditions coded
    return "high"


# --- reading -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CowState:
    ccode: int
    abb: str
    name: str
    end_year: int  # the last year of the state's (last) membership in the list


@dataclass
class DyadYears:
    """ATOP's rows as numpy columns, sorted by ordered pair (ccode1, ccode2) and year, with where they
    came from."""

    file: str
    ccode1: Any
    ccode2: Any
    year: Any
    obligations: Any  # bitmasks (`obligations_of`)
    lines: Any  # the CSV line of each row (for error messages)
    file_years: tuple[int, int] | None = None  # the first and last year in the whole file (before any selection)

    @property
    def count(self) -> int:
        return len(self.year)

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and last year read."""
        return (int(self.year.min()), int(self.year.max())) if self.count else None

    @cached_property
    def pair_starts(self) -> Any:
        """The index of each ordered pair's first row."""
        import numpy as np

        new = np.ones(self.count, dtype=bool)
        new[1:] = (self.ccode1[1:] != self.ccode1[:-1]) | (self.ccode2[1:] != self.ccode2[:-1])
        return np.flatnonzero(new)

    @cached_property
    def rows(self) -> dict[tuple[int, int], dict[int, Obligations]]:
        """{(ccode1, ccode2): {year: obligations}}, each pair's years in order (built on first use)."""
        starts = self.pair_starts.tolist()
        pairs = zip(self.ccode1[starts].tolist(), self.ccode2[starts].tolist())
        years, obligations = self.year.tolist(), self.obligations.tolist()
        return {pair: dict(zip(years[i:j], obligations[i:j]))
                for pair, i, j in zip(pairs, starts, starts[1:] + [self.count])}


def parse_years(text: str | None, option: str = "--years") -> tuple[int, int] | None:
    """'1990-2018' or '2018' -> (first, last)."""
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-:]\s*(\d{4})\s*)?", text)
    if not m:
        raise AllyscoreError(f"{option}: {text!r} is not a year or a range of years",
                             hint="write e.g. --years 1990-2018 or --year 2018")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if last < first:
        raise AllyscoreError(f"{option}: the range {text!r} ends before it starts", hint="write FIRST-LAST")
    if first < ATOP_YEARS[0] or last > ATOP_YEARS[1]:
        raise AllyscoreError(f"{option}: {text.strip()} is outside ATOP's years {ATOP_YEARS[0]}-{ATOP_YEARS[1]}",
                             hint=f"choose years from {ATOP_YEARS[0]} to {ATOP_YEARS[1]}")
    return first, last


def _open_csv(path: str | Path, what: str) -> tuple[Any, Any, bytes]:
    """A reader over a CSV file read whole (a regular file, within the CSV size limit), and its bytes."""
    import io

    from ..files import read_bytes

    p = Path(path)
    if not p.exists():
        raise InputFileError("no such file", file=str(path), hint=f"name the {what}")
    if p.is_dir():
        raise InputFileError("is a directory, not a file", file=str(path), hint=f"name the {what}")
    raw = read_bytes(path, "csv")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError("not UTF-8 text", file=str(path), hint=f"expected the {what}") from None
    handle = io.StringIO(text, newline="")  # CR, LF and CRLF all end a line, as the csv module expects
    return handle, csv.reader(handle), raw


def _header_index(header: list[str], needed: Iterable[str], file: str, what: str) -> list[int]:
    cols = [h.strip() for h in header]
    missing = [c for c in needed if c not in cols]
    if missing:
        raise InputFileError(f"not {what}: the header lacks {', '.join(missing)}", file=file, line=1,
                             hint="expected the columns " + ",".join(needed))
    return [cols.index(c) for c in needed]


def read_dyad_years(path: str | Path, years: tuple[int, int] | None = None,
                    keep: set[int] | None = None) -> DyadYears:
    """Read ATOP's directed dyad-year CSV (rows in `years` only; pairs of `keep` codes only, when given).

    Each malformed row raises an InputFileError naming FILE:LINE. numpy parses and checks the numbers when
    the file is plain (one row per line); otherwise the csv module reads it row by row.
    """
    import numpy as np

    name = str(path)
    handle, reader, raw = _open_csv(path, "ATOP directed dyad-year CSV (atop5_1_directed_dyad_year.csv)")
    with handle:
        try:
            header = next(reader, None)
            if header is None:
                raise InputFileError("file is empty", file=name, hint="expected ATOP's directed dyad-year CSV")
            idx = _header_index(header, HEADER, name, "an ATOP directed dyad-year file")
            parsed = _parse_fast(raw, len(header), idx)
            if parsed is None:
                handle.seek(0)
                reader = csv.reader(handle)
                next(reader)
                parsed = _parse_rows(reader, idx, name)
        except UnicodeDecodeError:
            raise InputFileError("not UTF-8 text", file=name, hint="expected ATOP's CSV file") from None
        except csv.Error as exc:
            raise InputFileError(f"malformed CSV: {exc}", file=name, line=reader.line_num) from None
    lines, table = parsed
    _check_years(lines, table, name)
    file_years = (int(table[:, 2].min()), int(table[:, 2].max())) if len(table) else None
    if years:
        chosen = (table[:, 2] >= years[0]) & (table[:, 2] <= years[1])
        lines, table = lines[chosen], table[chosen]
    if keep is not None:
        wanted = np.array(sorted(keep), dtype=np.int64)
        chosen = np.isin(table[:, 0], wanted) & np.isin(table[:, 1], wanted)
        lines, table = lines[chosen], table[chosen]
    _check_rows(lines, table, name)
    lines, table = _by_pair_and_year(lines, table, name)
    obligations = table[:, 3:] @ np.array(_BITS, dtype=np.int64)
    return DyadYears(name, table[:, 0], table[:, 1], table[:, 2], obligations, lines, file_years)


def _check_years(lines: Any, table: Any, name: str) -> None:
    """Every row's year is one that ATOP codes (1815-2018), or an InputFileError names the first that is not."""
    import numpy as np

    year = table[:, 2]
    if len(year) and (year.min() < ATOP_YEARS[0] or year.max() > ATOP_YEARS[1]):
        bad = np.flatnonzero((year < ATOP_YEARS[0]) | (year > ATOP_YEARS[1]))[0]
        raise InputFileError(f"year {int(year[bad])} is outside ATOP's years {ATOP_YEARS[0]}-{ATOP_YEARS[1]}",
                             file=name, line=int(lines[bad]), hint="expected ATOP v5.1's directed dyad-year rows")


def _check_rows(lines: Any, table: Any, name: str) -> None:
    """Each obligation is 0 or 1 and no state is paired with itself, or an InputFileError names the row."""
    import numpy as np

    flags = table[:, 3:]
    if len(flags) and (flags.min() < 0 or flags.max() > 1):  # two reductions; the row only when needed
        bad = np.flatnonzero((flags > 1).any(axis=1) | (flags < 0).any(axis=1))
        row = table[bad[0]]
        raise InputFileError(f"obligations must be 0 or 1, got {','.join(map(str, row[3:].tolist()))}",
                             file=name, line=int(lines[bad[0]]))
    same = np.flatnonzero(table[:, 0] == table[:, 1])
    if same.size:
        raise InputFileError(f"a pair of state {int(table[same[0], 0])} with itself", file=name,
                             line=int(lines[same[0]]))


def _by_pair_and_year(lines: Any, table: Any, name: str) -> tuple[Any, Any]:
    """The rows sorted by (ccode1, ccode2, year); a second row for a pair and year raises an error."""
    import numpy as np

    a, b, year = table[:, 0], table[:, 1], table[:, 2]
    da, db = np.diff(a), np.diff(b)
    if ((da > 0) | ((da == 0) & ((db > 0) | ((db == 0) & (np.diff(year) > 0))))).all():
        return lines, table  # already in order, each key once (as ATOP ships it): no sort needed
    order = np.lexsort((lines, year, b, a))
    lines, table = lines[order], table[order]
    key = table[:, :3]
    dup = np.flatnonzero((key[1:] == key[:-1]).all(axis=1)) + 1
    if dup.size:
        a, b, year = (int(v) for v in key[dup[0]])
        raise InputFileError(f"a second row for {a}->{b} in {year}", file=name, line=int(lines[dup[0]]),
                             hint="each ordered pair and year appears once in the directed file")
    return lines, table


def _parse_fast(raw: bytes, width: int, idx: list[int]) -> Any:
    """(lines, table) parsed by numpy, or None when the rows below the header are not plain: only
    digits, commas and newlines (LF or CRLF), `width` numbers to a line (the csv module reads any other file)."""
    import warnings

    import numpy as np

    if b"\r" in raw:
        if raw.count(b"\r") != raw.count(b"\r\n"):
            return None  # a CR alone ends a line too: the csv module knows
        raw = raw.replace(b"\r\n", b"\n")
    body = raw.partition(b"\n")[2]  # below the header, which the csv module has read
    if not body.strip():
        return np.zeros(0, dtype=np.int64), np.zeros((0, len(HEADER)), dtype=np.int64)
    if body.translate(None, b"0123456789,\n"):
        return None
    complete = body.endswith(b"\n")
    rows = body.count(b"\n") + (not complete)
    # a -1 closes each row: a row of too few or too many numbers moves one out of the last column,
    # and an empty field or a blank line stops numpy
    marked = body.replace(b"\n", b",-1,") + (b"" if complete else b",-1")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)  # numpy < 2.3 only warns that it stopped
            values = np.fromstring(marked, dtype=np.int64, sep=",")
    except (ValueError, DeprecationWarning):
        return None
    if values.size != rows * (width + 1) or values.max() == np.iinfo(np.int64).max:  # max: out of range
        return None
    table = values.reshape(rows, width + 1)
    if (table[:, width] != -1).any():
        return None
    in_order = idx == list(range(len(idx)))  # ATOP's own column order: a view, no copy
    return np.arange(2, rows + 2, dtype=np.int64), table[:, :len(idx)] if in_order else table[:, idx]


_INT64 = 2 ** 63


def _parse_rows(reader: Any, idx: list[int], name: str) -> Any:
    import numpy as np

    lines, out = [], []
    for line, row in enumerate(reader, 2):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        try:
            values = [int(row[i]) for i in idx]
        except (ValueError, IndexError):
            raise InputFileError(f"row {','.join(row)!r} is not {len(HEADER)} whole numbers ({','.join(HEADER)})",
                                 file=name, line=line) from None
        huge = next((v for v in values if not -_INT64 <= v < _INT64), None)
        if huge is not None:
            raise InputFileError(f"number {huge} is out of range (ATOP's codes and years are small whole numbers)",
                                 file=name, line=line)
        out.append(values)
        lines.append(line)
    return np.array(lines, dtype=np.int64), np.array(out, dtype=np.int64).reshape(-1, len(HEADER))


def read_states(path: str | Path) -> dict[int, CowState]:
    """The Correlates of War state list (cow_states2016.csv): abbreviation, name and end of membership."""
    name = str(path)
    handle, reader, _ = _open_csv(path, "Correlates of War state list (cow_states2016.csv)")
    states: dict[int, CowState] = {}
    with handle:
        header = next(reader, None)
        if header is None:
            raise InputFileError("file is empty", file=name, hint="expected the COW state list")
        i_abb, i_code, i_name, i_end = _header_index(header, ("stateabb", "ccode", "statenme", "endyear"),
                                                     name, "a COW state list")
        for line, row in enumerate(reader, 2):
            if not row:
                continue
            try:
                code, end = int(row[i_code]), int(row[i_end])
                abb, state = row[i_abb].strip(), row[i_name].strip()
            except (ValueError, IndexError):
                raise InputFileError(f"row {row!r} is not a COW state (stateabb,ccode,statenme,...,endyear)",
                                     file=name, line=line) from None
            if not re.fullmatch(r"[A-Za-z]{3}", abb) or not state:
                raise InputFileError(f"state {code}: abbreviation {abb!r} or name {state!r} is not usable",
                                     file=name, line=line)
            old = states.get(code)
            states[code] = CowState(code, abb.upper(), state, max(end, old.end_year if old else end))
    if not states:
        raise InputFileError("no states in the list", file=name)
    return states


def country_codes(states: dict[int, CowState]) -> dict[int, str]:
    """COW number -> its code in allyscore's country registry (ISO 3166-1 alpha-3 where the state has one;
    a historical state keeps its COW identity); a state the registry does not know (a newer COW list)
    gets its COW abbreviation, or X and two of its letters where that is taken."""
    from ..registry import registry

    reg = registry()
    codes: dict[int, str] = {}
    taken = set(reg.by_code)
    for cc in sorted(states):
        known = reg.code_for_cow(cc)
        if known is not None:
            codes[cc] = known
            continue
        free = [c for c in _candidates(states[cc].abb) if c not in taken]
        if not free:  # pragma: no cover - would need four colliding candidates
            raise AllyscoreError(f"no free code for COW state {cc} ({states[cc].name})")
        codes[cc] = free[0]
        taken.add(free[0])
    return codes


def _candidates(abb: str) -> list[str]:
    """The COW abbreviation, then X and two of its letters (ISO 3166-1 leaves X-codes to users)."""
    return [abb, "X" + abb[:2], "X" + abb[0] + abb[2], "X" + abb[1:]]


# --- building the dataset ----------------------------------------------------------------------

@dataclass
class ImportSummary:
    rows: int
    dyads: int
    periods: int
    countries: int
    years: tuple[int, int] | None


# One directed observation: giver, receiver, obligations (ABSENT: no row), first and last year.
Period = tuple[str, str, Obligations | None, int, int]


@dataclass
class Imported:
    """An imported dataset: everything but its ties (`head`), its ties as periods, and a summary."""

    head: dict[str, Any]
    ties: list[tuple[tuple[str, str], list[Period]]]  # (pair, its periods), in the dataset's order
    summary: ImportSummary

    @cached_property
    def document(self) -> dict[str, Any]:
        """The dataset as plain data in allyscore's schema."""
        ties = [{"pair": list(pair), "observations": [_observation(*period) for period in periods]}
                for pair, periods in self.ties]
        return {**self.head, "ties": ties}

    def dumps(self, fmt: str = "yaml") -> str:
        """`dumps(self.document, fmt)`, written straight from the periods."""
        quoted = {c["code"]: _json(c["code"]) for c in self.head["countries"]}
        ties = [(f"[{quoted[a]}, {quoted[b]}]", [_observation_json(*period) for period in periods])
                for (a, b), periods in self.ties]
        return _layout(self.head, ties, fmt)


def _claim(giver: str, receiver: str, obligations: Obligations | None, first: int, last: int) -> str:
    span = str(first) if first == last else f"{first}-{last}"
    if obligations is None:
        return f"ATOP v5.1 records no alliance obligation of {giver} to {receiver}, {span}."
    if not obligations:
        return f"ATOP v5.1 lists {giver} and {receiver} as allies but codes no obligation of {giver} to {receiver}, {span}."
    return f"ATOP v5.1 codes {giver}'s obligations to {receiver} as {_DESCRIPTION[obligations]}, {span}."


_CONFIDENCE = {code: _confidence(code) for code in _LEVEL}


def _observation(giver: str, receiver: str, obligations: Obligations | None, first: int, last: int) -> dict[str, Any]:
    """A period as the dataset's observation."""
    return {"dimension": DIMENSION, "direction": f"{giver}->{receiver}",
            "level": _LEVEL[obligations], "confidence": _CONFIDENCE[obligations],
            "since": f"{first:04d}-01-01", "until": f"{last:04d}-12-31",
            "claim": _claim(giver, receiver, obligations, first, last), "sources": [SOURCE_ID]}


_OBSERVATION_JSON = ('{"dimension": "%s", "direction": "%s->%s", "level": %d, "confidence": "%s", '
                     '"since": "%04d-01-01", "until": "%04d-12-31", "claim": %s, "sources": ["%s"]}')


def _observation_json(giver: str, receiver: str, obligations: Obligations | None, first: int, last: int) -> str:
    """`_json(_observation(...))` from a template: the identifiers and country codes (three capital
    letters, see `country_codes`) need no escaping; only the claim is encoded."""
    return _OBSERVATION_JSON % (DIMENSION, giver, receiver, _LEVEL[obligations], _CONFIDENCE[obligations],
                                first, last, _json(_claim(giver, receiver, obligations, first, last)), SOURCE_ID)


def _state_indexes(data: DyadYears, cows: list[int], states_path: Path) -> tuple[Any, Any]:
    """Each row's two states as indexes into `cows` (the COW codes of the state list, sorted), or an
    InputFileError naming the first row with a code the list lacks."""
    import numpy as np

    known = np.array(cows, dtype=np.int64)
    columns = (data.ccode1, data.ccode2)
    indexes = [np.minimum(np.searchsorted(known, codes), len(known) - 1) for codes in columns]
    unknown = [known[index] != codes for index, codes in zip(indexes, columns)]
    if (unknown[0] | unknown[1]).any():
        rows = np.flatnonzero(unknown[0] | unknown[1])
        row = rows[np.argmin(data.lines[rows])]
        column = 0 if unknown[0][row] else 1
        code = int(columns[column][row])
        raise InputFileError(f"unknown COW state code {code} (ccode{column + 1})", file=data.file,
                             line=int(data.lines[row]), hint=f"the COW state list {states_path} has no state {code}")
    return indexes[0], indexes[1]


def _fold(giver: Any, receiver: Any, year: Any, obligations: Any, end: Any) -> tuple[Any, Any]:
    """Fold directed rows (at least one) into periods, in numpy.

    giver, receiver: each row's states, as indexes into `end` (the last year a tie of the state runs
    to); the rows are sorted by (giver, receiver, year). A tie's periods run from its first row in
    either direction to the later of its last row and the earlier end of its two states; the years
    without a row are periods of -1 (ABSENT).

    Returns (ties, periods): ties as columns (x, y), x < y; periods as columns (direction, obligations,
    first, last), where direction is 2 * tie, + 1 where y gives.
    """
    import numpy as np

    n = len(year)
    new_pair = np.ones(n, dtype=bool)
    new_pair[1:] = (giver[1:] != giver[:-1]) | (receiver[1:] != receiver[:-1])
    new_run = new_pair.copy()
    new_run[1:] |= (year[1:] != year[:-1] + 1) | (obligations[1:] != obligations[:-1])

    # ties (the unordered pairs) and their spans
    pair_rows = np.flatnonzero(new_pair)
    a, b = giver[pair_rows], receiver[pair_rows]
    keys, tie_of_pair = np.unique(np.minimum(a, b) * len(end) + np.maximum(a, b), return_inverse=True)
    x, y = np.divmod(keys, len(end))
    start = np.full(len(keys), np.iinfo(np.int64).max)
    np.minimum.at(start, tie_of_pair, year[pair_rows])
    stop = np.minimum(end[x], end[y])
    np.maximum.at(stop, tie_of_pair, year[np.r_[pair_rows[1:], n] - 1])

    # each direction's runs of rows, and the gaps around them within its tie's span
    run_rows = np.flatnonzero(new_run)
    run_direction = (2 * tie_of_pair + (a > b))[np.cumsum(new_pair)[run_rows] - 1]
    run_first, run_last = year[run_rows], year[np.r_[run_rows[1:], n] - 1]
    gap_direction, gap_first, gap_last = _gaps(run_direction, run_first, run_last, start.repeat(2), stop.repeat(2))
    periods = (np.concatenate((run_direction, gap_direction)),
               np.concatenate((obligations[run_rows], np.full(len(gap_direction), -1))),
               np.concatenate((run_first, gap_first)), np.concatenate((run_last, gap_last)))
    return (x, y), periods


def _in_dataset_order(ties: tuple[Any, Any], periods: tuple[Any, ...], rank: Any) -> tuple[Any, Any]:
    """`_fold`'s ties and periods in the dataset's order: ties by their codes (`rank`: each state's place
    in the order of codes), then the giver with the first code, then years.

    Returns ties as columns (x, y, number of periods), x's code before y's; periods as columns (giver,
    receiver, obligations, first, last).
    """
    import numpy as np

    (x, y), (direction, obligations, first, last) = ties, periods
    swap = rank[x] > rank[y]  # y's code comes first
    tie_order = np.lexsort((np.maximum(rank[x], rank[y]), np.minimum(rank[x], rank[y])))
    position = np.empty_like(tie_order)
    position[tie_order] = np.arange(len(tie_order))
    tie, y_gives = direction // 2, direction % 2 == 1
    order = np.lexsort((first, y_gives != swap[tie], position[tie]))
    tie, y_gives = tie[order], y_gives[order]
    ordered = (np.where(y_gives, y[tie], x[tie]), np.where(y_gives, x[tie], y[tie]), obligations[order],
               first[order], last[order])
    counts = np.bincount(position[tie], minlength=len(tie_order))
    return (np.where(swap, y, x)[tie_order], np.where(swap, x, y)[tie_order], counts), ordered


def _gaps(direction: Any, first: Any, last: Any, start: Any, stop: Any) -> tuple[Any, Any, Any]:
    """The years of each direction's span start..stop that no run covers, as columns (direction, first,
    last). Runs: columns (direction, first, last), inside their direction's span and not overlapping;
    start, stop: one entry per direction."""
    import numpy as np

    every = np.arange(len(start))  # a marker year on either side of each span bounds its first and last gap
    directions = np.concatenate((every, direction, every))
    firsts = np.concatenate((start - 1, first, stop + 1))
    lasts = np.concatenate((start - 1, last, stop + 1))
    order = np.lexsort((firsts, directions))
    directions, firsts, lasts = directions[order], firsts[order], lasts[order]
    gap = (directions[1:] == directions[:-1]) & (lasts[:-1] + 1 < firsts[1:])
    return directions[:-1][gap], lasts[:-1][gap] + 1, firsts[1:][gap] - 1


def _ties(data: DyadYears, rows_states: tuple[Any, Any], states: dict[int, CowState], codes: dict[int, str],
          last_year: int) -> list[tuple[tuple[str, str], list[Period]]]:
    """The ties of the rows, each with its periods, in the dataset's order. `rows_states`: each row's two
    states as indexes into the sorted COW codes (`_state_indexes`)."""
    import numpy as np

    if not data.count:
        return []
    cows = sorted(states)
    list_end = max(s.end_year for s in states.values())
    end = np.array([last_year if states[c].end_year >= list_end else min(states[c].end_year, last_year)
                    for c in cows], dtype=np.int64)
    names = [codes[c] for c in cows]
    rank = np.empty(len(cows), dtype=np.int64)
    rank[sorted(range(len(cows)), key=names.__getitem__)] = np.arange(len(cows))
    folded = _fold(*rows_states, data.year, data.obligations, end)
    (x, y, counts), (giver, receiver, obligations, first, last) = _in_dataset_order(*folded, rank)
    label = np.array(names, dtype=object)
    periods = list(zip(label[giver].tolist(), label[receiver].tolist(),
                       [code if code >= 0 else ABSENT for code in obligations.tolist()], first.tolist(), last.tolist()))
    ends = np.cumsum(counts).tolist()
    return [((names[i], names[j]), periods[stop - count:stop])
            for i, j, count, stop in zip(x.tolist(), y.tolist(), counts.tolist(), ends)]


def import_atop(dyad_csv: str | Path, states_csv: str | Path | None = None,
                years: tuple[int, int] | None = None) -> Imported:
    """Build a dataset from ATOP's directed dyad-year CSV: `.document` is plain data in allyscore's
    schema, `.dumps(fmt)` its text.

    `states_csv` is the COW state list (default: cow_states2016.csv beside the dyad-year file).
    """
    states_path = Path(states_csv) if states_csv else Path(dyad_csv).parent / STATES_FILE
    if states_csv is None and not states_path.exists():
        raise InputFileError("the COW state list is not beside the ATOP file", file=str(states_path),
                             hint="name it with --states cow_states2016.csv")
    states = read_states(states_path)
    data = read_dyad_years(dyad_csv, years)
    if data.file_years is None:
        raise InputFileError("no rows below the header", file=data.file,
                             hint=f"expected ATOP's directed dyad-year rows, years {ATOP_YEARS[0]}-{ATOP_YEARS[1]}")
    if years and not data.file_years[0] <= years[0] <= years[1] <= data.file_years[1]:
        first, last = data.file_years
        chosen = f"{years[0]}-{years[1]}" if years[0] != years[1] else str(years[0])
        raise AllyscoreError(f"years {chosen} are not all in {data.file}, which has the years {first}-{last}",
                             hint=f"choose years from {first} to {last}")
    rows_states = _state_indexes(data, sorted(states), states_path)
    codes = country_codes(states)
    if data.years is None:
        last_year = years[1] if years else 2018
        first_year = years[0] if years else last_year
    else:
        first_year, last_year = (years if years else data.years)
    ties = _ties(data, rows_states, states, codes, last_year)
    by_code = {codes[c]: c for c in states}
    countries = [{"code": code, "name": states[by_code[code]].name, "cow": by_code[code]}
                 for code in sorted({code for pair, _ in ties for code in pair})]
    head = _head(first_year, last_year, countries)
    periods = sum(len(periods) for _, periods in ties)
    return Imported(head, ties, ImportSummary(data.count, len(ties), periods, len(countries),
                                              (first_year, last_year) if data.count else None))


def _head(first_year: int, last_year: int, countries: list[dict[str, Any]]) -> dict[str, Any]:
    """The dataset but its ties: name, version, as_of and description for the years, the catalog,
    the countries and the source."""
    selection = f"{first_year}-{last_year}" if first_year != last_year else str(first_year)
    source_start = int(str(SOURCE["date"])[:4])
    as_of = dt.date(max(last_year, source_start), 12, 31)  # a source may not postdate as_of
    return {
        "schema_version": 2,
        "name": "atop-5.1-formal-commitment",
        "version": f"atop-5.1-{selection}",
        "as_of": as_of.isoformat(),
        "description": (f"Formal commitments between states, {selection}, imported from ATOP v5.1's directed "
                        "dyad-year file by `allyscore import atop`: one directed formal_commitment observation per "
                        "period of unchanged obligations; no other dimension is known."),
        "origin": "imported",
        "rubric": "formal-commitment",  # the rubric it is meant for: `rate A B --data atop.yaml` needs no -r
        "dimensions": [CATALOG],
        "countries": countries,
        "sources": [SOURCE],
    }


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _json(value: Any) -> str:
    """`value` as JSON, with "&" and "!" escaped (as YAML and JSON both allow) so that the loader's fast
    YAML path, which declines any text that could hold an anchor or a tag, can read a large import."""
    return _encode(value).replace("&", "\\u0026").replace("!", "\\u0021")


def dumps(document: dict[str, Any], fmt: str = "yaml") -> str:
    """The dataset as YAML (block layout, one observation per line) or JSON; deterministic.

    Every scalar is written as JSON, which YAML reads as it is, so both forms load the same.
    """
    ties = [(_json(tie["pair"]), [_json(o) for o in tie["observations"]]) for tie in document["ties"]]
    return _layout(document, ties, fmt)


def _layout(document: dict[str, Any], ties: list[tuple[str, list[str]]], fmt: str) -> str:
    """`dumps` of `document` with its ties given as (pair, observations), each already JSON."""
    head = [k for k in document if k not in ("dimensions", "countries", "sources", "ties")]
    if fmt == "json":
        out = ["{"]
        for k in head:
            out.append(f"{_json(k)}: {_json(document[k])},")
        for k in ("dimensions", "countries", "sources"):
            out.append(f"{_json(k)}: [")
            out.append(",\n".join("  " + _json(item) for item in document[k]))
            out.append("],")
        out.append('"ties": [')
        out.append(",\n".join('  {"pair": %s, "observations": [\n%s]}' % (pair, ",\n".join("    " + o for o in obs))
                              for pair, obs in ties))
        out.append("]}")
        return "\n".join(out) + "\n"
    out = ["# Generated by `allyscore import atop` from ATOP v5.1 (see the sources entry); do not edit by hand."]
    for k in head:
        out.append(f"{k}: {_json(document[k])}")
    out.append("dimensions:")
    for dim in document["dimensions"]:  # level keys are integers, which JSON cannot write
        levels = ", ".join(f"{int(k)}: {_json(v)}" for k, v in dim["levels"].items())
        rest = _json({k: v for k, v in dim.items() if k != "levels"})
        out.append(f"  - {rest[:-1]}, \"levels\": {{{levels}}}}}")
    for k in ("countries", "sources"):
        out.append(f"{k}:")
        out.extend(f"  - {_json(item)}" for item in document[k])
    out.append("ties:" if ties else "ties: []")
    for pair, obs in ties:
        out.append(f"  - pair: {pair}\n    observations:")
        if obs:
            out.append("      - " + "\n      - ".join(obs))
    return "\n".join(out) + "\n"


# --- checking a dataset against ATOP ------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """Consecutive years of one tie in which the dataset and ATOP say the same thing to each other."""

    kind: str  # "disagreement": levels differ; "uncovered": ATOP codes an obligation, the dataset has no level
    pair: tuple[str, str]
    first: int
    last: int
    ours: dict[str, tuple[int, ...]]  # direction -> levels held during the year ("mutual" for a mutual dimension)
    atop: dict[str, int]  # direction -> ATOP level ("mutual": the weaker of the two)
    atop_obligations: dict[str, str]  # "A->B" -> ATOP's obligations of A to B

    @property
    def years(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass
class AtopCheck:
    file: str
    last_year: int
    rule: str
    checked: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[tuple[str, str], str]] = field(default_factory=list)  # (pair, why)
    findings: list[Finding] = field(default_factory=list)

    @property
    def disagreements(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "disagreement"]


RULE = ("Each year from 1815 to {last}: ATOP's level (its obligations mapped defence 4, offence 3, neutrality "
        "or consultation 2, non-aggression 1, none 0; a mutual dimension compared with the weaker of the two "
        "directions) agrees when the dataset holds that level on some day of the year, since ATOP counts a "
        "year when an obligation was in force on any day of it. A defence pledge (4) also agrees with a "
        "curated 3, the catalog's level for a hedged or doubted defence pledge, and ATOP's 'no alliance' (0) "
        "agrees with a curated 1, the catalog's level for a political partnership document; ATOP codes neither.")


def check_dataset(data: Any, atop_csv: str | Path, last_year: int = 2018) -> AtopCheck:
    """Compare a loaded dataset's formal_commitment observations with ATOP's obligations, year by year."""
    dim = data.dimensions.get(DIMENSION)
    if dim is None:
        raise AllyscoreError(f"the dataset {data.path} has no {DIMENSION} dimension to check",
                             hint="check-atop compares formal commitments")
    by_cow = {c.cow: c.code for c in data.model.countries if c.cow is not None}
    rows = read_dyad_years(atop_csv, (1815, last_year), keep=set(by_cow))
    result = AtopCheck(rows.file, last_year, RULE.format(last=last_year))
    cow_of = {code: cow for cow, code in by_cow.items()}
    for tie in sorted(data.model.ties, key=lambda t: t.key):
        a, b = tie.key
        missing = [c for c in (a, b) if c not in cow_of]
        if missing:
            result.skipped.append(((a, b), f"no COW code for {', '.join(missing)}"))
            continue
        observations = [o for o in tie.observations if o.dimension == DIMENSION]
        result.checked.append((a, b))
        ab, ba = rows.rows.get((cow_of[a], cow_of[b]), {}), rows.rows.get((cow_of[b], cow_of[a]), {})
        years = [y for y in (*ab, *ba) if y <= last_year]
        firsts = [o.since.year for o in observations]
        if not years and not firsts:
            continue
        start = min(years + firsts)
        per_year = []
        for year in range(max(start, 1815), last_year + 1):
            flows = {f"{a}->{b}": ab.get(year), f"{b}->{a}": ba.get(year)}
            atop = {d: level_of(o) for d, o in flows.items()}
            if not dim.directed:
                atop = {"mutual": min(atop.values())}
            held = _held(observations, year, dim.directed, a, b)
            kind = _classify(held, atop)
            per_year.append((year, kind, held, atop, {d: describe(o) for d, o in flows.items()}))
        for i, j, (kind, held, atop, obligations) in _runs_by(per_year):
            if kind is not None:
                result.findings.append(Finding(kind, (a, b), per_year[i][0], per_year[j][0], held, atop,
                                               obligations))
    return result


def _held(observations: list[Any], year: int, directed: bool, a: str, b: str) -> dict[str, tuple[int, ...]]:
    """The known levels each direction holds on some day of `year` (-1 stands for an explicit null)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    directions = [f"{a}->{b}", f"{b}->{a}"] if directed else ["mutual"]
    out: dict[str, tuple[int, ...]] = {}
    for d in directions:
        levels = {(-1 if o.level is None else o.level) for o in observations
                  if o.direction == d and o.since <= last and (o.until is None or o.until >= first)}
        out[d] = tuple(sorted(levels))
    return out


# The catalog keeps 3 for a defence pledge that is hedged, conditional or openly doubted, which ATOP
# does not code: a curated 3 or 4 agrees with an ATOP defence pledge. And it keeps 1 for a political
# partnership document, which ATOP does not code either: a curated 1 agrees with ATOP's "no alliance".
_AGREEING = {4: {3, 4}, 0: {0, 1}}


def _classify(held: dict[str, tuple[int, ...]], atop: dict[str, int]) -> str | None:
    kinds = set()
    for d, level in atop.items():
        levels = [x for x in held[d] if x >= 0]
        if not levels:
            if level > 0:
                kinds.add("uncovered")
        elif not set(levels) & _AGREEING.get(level, {level}):
            kinds.add("disagreement")
    if "disagreement" in kinds:
        return "disagreement"
    return "uncovered" if kinds else None


def _runs(values: list[Any]) -> list[tuple[int, int, Any]]:
    """Consecutive equal values as (start index, end index, value)."""
    out: list[tuple[int, int, Any]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            out.append((start, i - 1, values[start]))
            start = i
    return out


def _runs_by(per_year: list[tuple[Any, ...]]) -> list[tuple[int, int, tuple[Any, ...]]]:
    """Consecutive years with the same finding (kind, ours, ATOP's levels and obligations)."""
    keys = [(kind, held, tuple(sorted(atop.items())), tuple(sorted(obl.items())))
            for _, kind, held_d, atop, obl in per_year for held in [tuple(sorted(held_d.items()))]]
    out = []
    for i, j, key in _runs(keys):
        kind, held, atop, obl = key
        out.append((i, j, (kind, dict(held), dict(atop), dict(obl))))
    return out
