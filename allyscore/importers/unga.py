"""Import UN General Assembly voting (Bailey, Strezhnev and Voeten) as yearly voting alignment.

What the source measures: each state's ideal point in each year, its position on the one dimension
that best explains its UN General Assembly roll-call votes (roughly: for or against the US-led liberal
order), estimated from all the year's votes (`idealpointfp`) with the posterior's quantiles
(`q5fp`..`q95fp`). The points are on a standardised scale (all country-years: mean 0, standard
deviation 1). The distance between two states' points in a year says how far apart they vote.

How a level is derived (dimension `voting_alignment`, undirected, signal moderate), from the distance d
in standard deviations, with bands that double at each step:

- 4  d < 0.25        votes alike: closer than the estimates can tell apart (the median 90% half-width
                     of one state's ideal point is 0.25)
- 3  0.25 <= d < 0.5 close: the same camp on nearly every contested vote
- 2  0.5 <= d < 1    partly aligned
- 1  1 <= d < 2      far apart
- 0  d >= 2          opposite camps (about the most distant tenth of all dyad-years)

Of all 911,618 dyad-years 1946-2024, about 25% fall at 4 or 3 below 0.3, half below 0.79, and a tenth
at 2 or more; examples for 2023: Russia-China 0.32 (3), United States-Israel 0.45 (3), United
States-United Kingdom 0.56 (2), Iran-Russia 0.98 (2), United States-China 2.95 (0). Voting together is
alignment, not support given: it is its own dimension, not `diplomatic_support`.

Uncertainty: each point's 90% interval (q5..q95) gives a half-width; the distance's is taken as the
root of the sum of their squares (independent estimates). Confidence is high when the whole interval of
the distance lies in one level's band, medium when it reaches the next band, low when it spans more,
or when either state's estimate rests on fewer than 10 votes.

Periods: a year holds for that calendar year (1 January to 31 December). Consecutive years fold into one
observation at the level of its first year for as long as each year's 90% interval of the distance
still reaches that level's band: a move inside the estimates' uncertainty is not a change (without this
rule, pairs near a threshold flip level year after year: 313,000 observations instead of 87,000).
An observation's confidence is the lowest of its years', and at most medium when a year's own estimate
fell in another band; its claim gives the range of distances. Countries are mapped by their COW number through allyscore's country registry.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import read_bytes
from ..errors import InputFileError

DIMENSION = "voting_alignment"
SOURCE_ID = "unga-bsv-2025"
THRESHOLDS = (0.25, 0.5, 1.0, 2.0)  # distance bands, in standard deviations: level 4 below the first
MIN_VOTES = 10
NEEDED = ("ccode", "year", "idealpointfp", "q5fp", "q95fp", "nvotesfp")

SOURCE = {
    "id": SOURCE_ID,
    "publisher": "Erik Voeten, Anton Strezhnev and Michael Bailey (Harvard Dataverse, CC0)",
    "title": "United Nations General Assembly Voting Data: ideal point estimates (July 2025 release)",
    "date": "2017",
    "url": "https://doi.org/10.7910/DVN/LEJUQZ",
    "note": ("Data: the July 2025 release (1946-2024), dated here by the 2017 article that introduced the estimates: "
             "a release date after the data's last year would push the dataset's as_of past its evidence. "
             "Cite: Bailey, Michael A., Anton Strezhnev and Erik Voeten. 2017. \"Estimating Dynamic State Preferences "
             "from United Nations Voting Data.\" Journal of Conflict Resolution 61(2): 430-456. Levels by allyscore's "
             "documented mapping of the yearly distance between ideal points: <0.25 4, <0.5 3, <1 2, <2 1, else 0."),
}

CATALOG = {
    "id": DIMENSION,
    "name": "Voting alignment",
    "description": ("How closely the two vote in the UN General Assembly: the distance between their yearly ideal "
                    "points (Bailey, Strezhnev and Voeten). Alignment, not support given."),
    "directed": False,
    "signal": "moderate",
    "levels": {
        0: "Opposite camps; ideal points two or more standard deviations apart.",
        1: "Far apart; one to two standard deviations.",
        2: "Partly aligned; half to one standard deviation.",
        3: "Close; a quarter to half a standard deviation.",
        4: "Vote alike; under a quarter of a standard deviation, closer than the estimates can tell apart.",
    },
}


@dataclass
class UngaSummary:
    rows: int
    countries: int
    dyads: int
    periods: int
    years: tuple[int, int] | None


def level_of(distance: Any) -> Any:
    """Levels 0..4 for distances (numpy arrays welcome)."""
    import numpy as np

    return 4 - np.searchsorted(np.asarray(THRESHOLDS), distance, side="right")


def read_points(path: str | Path) -> tuple[Any, ...]:
    """(cow, year, point, half_width, votes) arrays from the ideal-point CSV; rows without a point are left out."""
    import numpy as np

    name = str(path)
    raw = read_bytes(path, "csv")  # a regular file only, under the CSV limit (allyscore.files)
    text = raw.decode("utf-8", errors="replace")
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        raise InputFileError("file is empty", file=name, hint="expected IdealpointestimatesJuly2025.csv")
    missing = [c for c in NEEDED if c not in header]
    if missing:
        raise InputFileError(f"not the UN voting ideal-point file: no column {', '.join(missing)}", file=name,
                             line=1, hint="expected IdealpointestimatesJuly2025.csv (Voeten et al.)")
    idx = [header.index(c) for c in NEEDED]
    cols: list[list[float]] = [[] for _ in NEEDED]
    for line, row in enumerate(reader, 2):
        if not row:
            continue
        try:
            values = [row[i].strip() for i in idx]
        except IndexError:
            raise InputFileError(f"row has {len(row)} fields, the header {len(header)}", file=name, line=line) from None
        if values[2] in ("", "NA", "."):
            continue
        try:
            numbers = [float(v) for v in values]
        except ValueError:
            raise InputFileError(f"row {row[:4]!r}: a value is not a number", file=name, line=line) from None
        if not all(np.isfinite(numbers)) or not (1 <= numbers[0] <= 999) or not (1900 <= numbers[1] <= 2100):
            raise InputFileError(f"row {row[:4]!r}: a value is out of range (COW 1..999, year 1900..2100, "
                                 "finite numbers)", file=name, line=line)
        for col, v in zip(cols, numbers):
            col.append(v)
    cow, year, point, q5, q95, votes = (np.array(c) for c in cols)
    return cow.astype(np.int64), year.astype(np.int64), point, (q95 - q5) / 2, votes


def dyad_years(points: tuple[Any, ...], file: str | None = None) -> dict[str, Any]:
    """Every pair of states in every year: codes (index into `codes`), year, distance, half-width, level,
    confidence (0 low, 1 medium, 2 high); sorted by pair, then year."""
    import numpy as np

    from ..registry import registry

    cow, year, point, half, votes = points
    reg = registry()
    cows = sorted(set(cow.tolist()))
    unknown = [c for c in cows if reg.code_for_cow(c) is None]
    if unknown:
        raise InputFileError(f"unknown COW state code {unknown[0]}", file=file,
                             hint="the country registry lists every COW state to 2016 (data/states.csv)")
    code_of = {c: reg.code_for_cow(c) for c in cows}
    codes = sorted(set(code_of.values()))
    state = np.array([codes.index(code_of[c]) for c in cow.tolist()], dtype=np.int64)
    parts: dict[str, list[Any]] = {k: [] for k in ("a", "b", "year", "distance", "half", "level", "confidence")}
    for y in np.unique(year):
        rows = np.flatnonzero(year == y)
        rows = rows[np.argsort(state[rows], kind="stable")]
        i, j = np.triu_indices(len(rows), 1)
        ri, rj = rows[i], rows[j]
        same = state[ri] != state[rj]  # a state listed twice in a year (two COW numbers): keep distinct pairs
        ri, rj = ri[same], rj[same]
        d = np.abs(point[ri] - point[rj])
        h = np.sqrt(half[ri] ** 2 + half[rj] ** 2)
        lev = level_of(d)
        spread = level_of(np.maximum(d - h, 0)) - level_of(d + h)
        conf = np.where(spread == 0, 2, np.where(spread == 1, 1, 0))
        conf = np.where((votes[ri] < MIN_VOTES) | (votes[rj] < MIN_VOTES), 0, conf)
        for k, v in (("a", state[ri]), ("b", state[rj]), ("year", np.full(len(ri), y)), ("distance", d),
                     ("half", h), ("level", lev), ("confidence", conf)):
            parts[k].append(v)
    out = {k: np.concatenate(v) if v else np.array([]) for k, v in parts.items()}
    order = np.lexsort((out["year"], out["b"], out["a"]))
    out = {k: v[order] for k, v in out.items()}
    out["codes"] = codes
    return out


_CONF = ("low", "medium", "high")


def _periods(dy: dict[str, Any]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Fold each pair's years into observations: a new observation begins where a year is missing, or
    where a year's 90% interval of the distance leaves the current level's band (a change inside the
    estimates' uncertainty is not a change)."""
    import numpy as np

    a, b, year = dy["a"].tolist(), dy["b"].tolist(), dy["year"].tolist()
    lev, dist, conf = dy["level"].tolist(), dy["distance"].tolist(), dy["confidence"].tolist()
    lo = level_of(np.maximum(dy["distance"] - dy["half"], 0)).tolist()  # the level at the near end
    hi = level_of(dy["distance"] + dy["half"]).tolist()  # at the far end
    codes = dy["codes"]
    out: list[tuple[str, str, list[dict[str, Any]]]] = []
    run: list[int] = []

    def close() -> None:
        if not run:
            return
        s, e = run[0], run[-1]
        level = lev[s]
        c = min(conf[k] for k in run)
        if any(lev[k] != level for k in run):
            c = min(c, 1)
        first, last = year[s], year[e]
        ds = [dist[k] for k in run]
        span = str(first) if first == last else f"{first}-{last}"
        figure = f"{ds[0]:.2f}" if first == last else f"{min(ds):.2f}-{max(ds):.2f}"
        pair = (codes[a[s]], codes[b[s]])
        if not out or (out[-1][0], out[-1][1]) != pair:
            out.append((pair[0], pair[1], []))
        out[-1][2].append({"dimension": DIMENSION, "direction": "mutual", "level": level, "confidence": _CONF[c],
                           "since": f"{first}-01-01", "until": f"{last}-12-31",
                           "claim": f"UN General Assembly votes {span}: ideal points {figure} SD apart.",
                           "sources": [SOURCE_ID]})
        run.clear()

    for k in range(len(a)):
        if run:
            s, p = run[0], run[-1]
            same = a[k] == a[p] and b[k] == b[p] and year[k] == year[p] + 1
            if same and (lev[k] == lev[s] or hi[k] <= lev[s] <= lo[k]):
                run.append(k)
                continue
            close()
        run.append(k)
    close()
    return out


def import_unga(path: str | Path, years: tuple[int, int] | None = None) -> tuple[dict[str, Any], UngaSummary]:
    """The UN voting file as a dataset document (plain data in allyscore's schema) and a summary."""
    from .public import dataset_head

    points = read_points(path)
    if years is not None:
        keep = (points[1] >= years[0]) & (points[1] <= years[1])
        points = tuple(p[keep] for p in points)
    dy = dyad_years(points, str(path))
    grouped = _periods(dy)
    ties = [{"pair": [x, y], "observations": obs} for x, y, obs in grouped]
    codes = sorted({c for x, y, _ in grouped for c in (x, y)})
    first = int(points[1].min()) if len(points[1]) else None
    last = int(points[1].max()) if len(points[1]) else None
    head = dataset_head("unga-voting-alignment", [CATALOG], codes, [SOURCE], last or 2025,
                        f"UN General Assembly voting alignment, {first}-{last}, imported from Bailey, Strezhnev "
                        "and Voeten's ideal points by `allyscore import unga`.")
    summary = UngaSummary(len(points[0]), len(codes), len(ties), sum(len(t["observations"]) for t in ties),
                          (first, last) if first is not None else None)
    return {**head, "ties": ties}, summary
