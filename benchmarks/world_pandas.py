"""The plain pandas script a researcher would write for the world layer's joins (benchmarks/bench_world.py
runs it and checks that it gives the same levels as `allyscore world build`).

    python benchmarks/world_pandas.py ATOP_DYAD_CSV UNGA_CSV SIPRI_CSV OUT.json

Yearly levels, one row per (pair, dimension, direction, year): ATOP obligations mapped to levels for
the dyad-years ATOP lists; UN voting levels from the distance between ideal points with the same bands
and the same rule for a change within the estimates' uncertainty; SIPRI military aid from five-year
delivered TIV and shares, and licensed production. Country codes come from allyscore's registry file
(data/states.csv), which the script reads with pandas like any crosswalk. Writes the levels as JSON
lines of [a, b, dimension, direction, year, level] (a <= b), with the row counts on stderr.
"""

import io
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
atop_csv, unga_csv, sipri_csv, out = sys.argv[1:5]

lines = [l for l in (REPO / "data" / "states.csv").read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
states = pd.read_csv(io.StringIO("\n".join(lines)), keep_default_na=False, dtype=str)
cow_code = {int(c): code for c, code in zip(states.cow, states.code) if c}


def norm(text):
    text = re.sub(r"[\s_.'’-]+", " ", text.casefold()).strip()
    return text[4:] if text.startswith("the ") else text


name_code = {}
for col in ("code", "name", "formal_name"):
    for value, code in zip(states[col], states.code):
        name_code.setdefault(norm(value), code)
for aliases, code in zip(states.aliases, states.code):
    for alias in filter(None, aliases.split(";")):
        name_code.setdefault(norm(alias), code)
rows = []

# --- ATOP -------------------------------------------------------------------------------------------
atop = pd.read_csv(atop_csv)
level = pd.Series(0, index=atop.index)
for col, lvl in (("atop_nonagg", 1), ("atop_neutral", 2), ("atop_consul", 2), ("atop_offense", 3), ("atop_defense", 4)):
    level = level.where(~((atop[col] == 1) & (level < lvl)), lvl)
atop = atop.assign(g=atop.ccode1.map(cow_code), r=atop.ccode2.map(cow_code), level=level)
atop = atop.assign(a=np.minimum(atop.g, atop.r), b=np.maximum(atop.g, atop.r), direction=atop.g + "->" + atop.r)
rows.append(atop.assign(dimension="formal_commitment")[["a", "b", "dimension", "direction", "year", "level"]])

# --- UN voting ----------------------------------------------------------------------------------------
u = pd.read_csv(unga_csv).dropna(subset=["idealpointfp"])
u = u.assign(code=u.ccode.map(cow_code), half=(u.q95fp - u.q5fp) / 2)[["code", "year", "idealpointfp", "half"]]
d = u.merge(u, on="year", suffixes=("_a", "_b"))
d = d[d.code_a < d.code_b]
dist = (d.idealpointfp_a - d.idealpointfp_b).abs()
h = np.sqrt(d.half_a ** 2 + d.half_b ** 2)
bands = np.array([0.25, 0.5, 1.0, 2.0])
d = d.assign(level=4 - np.searchsorted(bands, dist, side="right"),
             near=4 - np.searchsorted(bands, np.maximum(dist - h, 0), side="right"),
             far=4 - np.searchsorted(bands, dist + h, side="right")).sort_values(["code_a", "code_b", "year"])
held = []  # a new level only when the year's interval leaves the current level's band
prev = (None, None, None)
current = None
for a, b, y, lev, near, far in zip(d.code_a, d.code_b, d.year, d.level, d.near, d.far):
    if (a, b) != prev[:2] or y != prev[2] + 1 or not (lev == current or far <= current <= near):
        current = lev
    held.append(current)
    prev = (a, b, y)
d = d.assign(level=held, a=d.code_a, b=d.code_b, dimension="voting_alignment", direction="mutual")
rows.append(d[["a", "b", "dimension", "direction", "year", "level"]])

# --- SIPRI --------------------------------------------------------------------------------------------
text = Path(sipri_csv).read_bytes().decode("latin-1")
body = text[text.index("Recipient,Supplier,Year of order"):]
s = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, on_bad_lines="skip", engine="python")
s.columns = [c if c.strip() else f"mark{i}" for i, c in enumerate(s.columns)]


def code_of(name):
    if name.endswith("*") or name.lower().startswith("unknown"):
        return None
    return name_code.get(norm(name)) or name_code.get(norm(re.sub(r"\s*\(.*\)\s*$", "", name)))


s = s.assign(g=s.Supplier.str.strip().map(code_of), r=s.Recipient.str.strip().map(code_of))
s = s[s.g.notna() & s.r.notna() & (s.g != s.r)]
s = s.assign(tiv=pd.to_numeric(s["SIPRI TIV of delivered weapons"].str.rstrip("?"), errors="coerce").fillna(0.0),
             years=s["Year(s) of delivery"].str.split(";"))
deliveries = s.explode("years")
deliveries = deliveries[deliveries.years.str.strip() != ""]
deliveries = deliveries.assign(year=deliveries.years.str.strip().str.rstrip("?").astype(int))
counts = deliveries.groupby(level=0).year.transform("size")
deliveries = deliveries.assign(tiv=deliveries.tiv / counts)
flow = deliveries.groupby(["g", "r", "year"]).tiv.sum()
last_year = int(deliveries.year.max())
lic = s[s.Comments.str.contains(r"(?:produced|assembled|production)[^.;]*licen[cs]e|licen[cs]ed production|under licen[cs]e",
                                case=False, regex=True)]
lic_years = []
for g, r, order, years in zip(lic.g, lic.r, lic["Year of order"], lic.years):
    ys = [int(y.strip().rstrip("?")) for y in years if y.strip()]
    first = int(order.rstrip("?")) if order.strip().rstrip("?") else (min(ys) if ys else None)
    if first is None:
        continue
    for y in range(first, (max(ys) if ys else first) + 1):
        lic_years.append((g, r, y))
last_year = max([last_year] + [y for _, _, y in lic_years])
years = np.arange(int(flow.index.get_level_values("year").min()) - 4, last_year + 1)
wide = flow.unstack("year", fill_value=0.0).reindex(columns=years, fill_value=0.0)
any_delivery = deliveries.assign(one=1).groupby(["g", "r", "year"]).one.max().unstack("year", fill_value=0)
any_delivery = any_delivery.reindex(columns=years, fill_value=0).reindex(wide.index, fill_value=0)
window = wide.T.rolling(5, min_periods=1).sum().T.round(6)
delivered = any_delivery.T.rolling(5, min_periods=1).max().T
received = window.groupby(level="r").transform("sum").round(6)
share = (window / received).where(received > 0, 0.0)
level = pd.DataFrame(np.where((share >= 0.30) & (window >= 100), 3,
                     np.where(((share >= 0.10) & (window >= 20)) | (window >= 100), 2,
                     np.where(window > 0, 1, np.where(delivered > 0, 1, 0)))), index=window.index, columns=years)
first = any_delivery.T.idxmax().rename("first")
long = level.stack().rename("level").reset_index().rename(columns={"level_2": "year"})
long.columns = ["g", "r", "year", "level"]
long = long.merge(first, left_on=["g", "r"], right_index=True)
long = long[long.year >= long["first"]]
long = long.assign(a=np.minimum(long.g, long.r), b=np.maximum(long.g, long.r), direction=long.g + "->" + long.r,
                   dimension="military_aid")
rows.append(long[["a", "b", "dimension", "direction", "year", "level"]])
tt = pd.DataFrame(sorted(set(lic_years)), columns=["g", "r", "year"])
tt = tt.assign(a=np.minimum(tt.g, tt.r), b=np.maximum(tt.g, tt.r), direction=tt.g + "->" + tt.r,
               dimension="technology_transfer", level=2)
rows.append(tt[["a", "b", "dimension", "direction", "year", "level"]])

table = pd.concat(rows, ignore_index=True)
with open(out, "w") as handle:
    for rec in table.itertuples(index=False):
        handle.write(json.dumps([rec.a, rec.b, rec.dimension, rec.direction, int(rec.year), int(rec.level)]) + "\n")
print(f"{len(table):,} yearly levels", file=sys.stderr)
