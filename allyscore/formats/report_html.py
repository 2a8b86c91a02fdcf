"""HTML report: one self-contained, printable file, the complete account of each tie.

Per tie and rubric: the score, label, the reasons and what keeps it from the top label, the interval
and label probabilities (with --uncertainty), an inline SVG bar chart of the dimension contributions
and the breakdown table; per tie: the evidence (each observation with its sources, linked) and the
crises that tested it; at the end, the rubric's label definitions and what each number means. Inline
CSS and a small inline script that sorts the summary table (click a column; or open the file with
`#sort=score` / `#sort=-score` in the address). Nothing is fetched: no external script, style sheet,
font or image (links to sources are only followed when clicked; the page's CSP forbids any fetch).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any, TextIO

from .report_common import (TERMS, dimension_value, flows, label_titles, pair_title, percent, possible_points, short_of_text,
                            signed, uncertainty_text)

BAR = "#2b6cb0"  # a dimension's contribution (costly and moderate signals)
BAR_TALK = "#b7791f"  # a cheap-talk dimension's contribution
TRACK = "#e2e8f0"  # the most the dimension could contribute
HEAD = "#dbe4f0"  # the summary table's header row

CSS = f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a202c; background: #fff; line-height: 1.4; }}
h1 {{ font-size: 1.6rem; margin: 0 0 .3rem; }}
h2 {{ font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #cbd5e0; }}
h3 {{ font-size: 1.05rem; margin: 1.2rem 0 .4rem; }}
.meta {{ color: #4a5568; font-size: .9rem; margin: .1rem 0; }}
code {{ font-size: .85em; }}
table {{ border-collapse: collapse; margin: .5rem 0; font-size: .92rem; }}
th, td {{ padding: .3rem .6rem; border-bottom: 1px solid #e2e8f0; text-align: left; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
#summary-table thead th {{ background: {HEAD}; }}
#summary-table th button {{ font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
  cursor: pointer; color: inherit; }}
#summary-table th[aria-sort="ascending"] button::after {{ content: " ▲"; }}
#summary-table th[aria-sort="descending"] button::after {{ content: " ▼"; }}
.label {{ font-weight: 600; }}
.dims td, .dims th {{ font-size: .85rem; padding: .15rem .5rem; }}
.unknown {{ color: #718096; }}
svg.chart {{ display: block; max-width: 100%; height: auto; margin: .3rem 0; }}
svg.chart text {{ font-size: 12px; fill: #1a202c; }}
svg.chart text.dim-unknown {{ fill: #718096; }}
.tie {{ break-inside: auto; }}
.evidence li, .crises li {{ margin: .25rem 0; font-size: .9rem; }}
.evidence .sources, .crises .sources {{ color: #4a5568; font-size: .85rem; }}
.evidence .note {{ font-style: italic; color: #4a5568; }}
.short-of {{ font-weight: 600; }}
.score-block {{ break-inside: avoid; page-break-inside: avoid; }}
a {{ color: #2c5282; }}
@media print {{
  body {{ margin: 0; max-width: none; font-size: 10pt; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  a {{ color: inherit; text-decoration: none; }}
  #summary-table th button::after {{ content: "" !important; }}
  h2 {{ break-after: avoid; page-break-after: avoid; }}
}}
"""

SCRIPT = """
(function () {
  var table = document.getElementById("summary-table");
  if (!table) return;
  var heads = table.tHead.rows[0].cells;
  function value(row, i, type) {
    var raw = row.cells[i].getAttribute("data-value");
    if (type === "number") { var n = parseFloat(raw); return isNaN(n) ? -Infinity : n; }
    return raw;
  }
  function sortBy(i, descending) {
    var type = heads[i].getAttribute("data-type");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, k) { r.setAttribute("data-order", r.getAttribute("data-order") || k); });
    rows.sort(function (x, y) {
      var a = value(x, i, type), b = value(y, i, type);
      var c = type === "number" ? a - b : a.localeCompare(b);
      if (c === 0) c = x.getAttribute("data-order") - y.getAttribute("data-order");
      else if (descending) c = -c;
      return c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var k = 0; k < heads.length; k++) heads[k].removeAttribute("aria-sort");
    heads[i].setAttribute("aria-sort", descending ? "descending" : "ascending");
    table.setAttribute("data-sorted-by", (descending ? "-" : "") + heads[i].getAttribute("data-key"));
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.querySelector("button").addEventListener("click", function () {
      sortBy(i, th.getAttribute("aria-sort") === "ascending");
    });
  });
  var m = /(?:^#|&)sort=(-?)([a-z_]+)/.exec(location.hash);
  if (m) {
    for (var k = 0; k < heads.length; k++) {
      if (heads[k].getAttribute("data-key") === m[2]) sortBy(k, m[1] === "-");
    }
  }
  table.setAttribute("data-sortable", "ready");
})();
"""

# The file may fetch nothing: only its own inline style and script run (a browser enforces this).
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

SUMMARY_COLUMNS = [  # key, title, type
    ("pair", "Pair", "text"), ("rubric", "Rubric", "text"), ("score", "Score", "number"),
    ("label", "Label", "text"), ("coverage", "Coverage", "number"), ("asymmetry", "Asymmetry", "number"),
    ("say_do_gap", "Say–do gap", "number"),
]


def _e(text: Any) -> str:
    from ..sanitize import terminal

    return escape(terminal(str(text)), quote=True)  # control characters shown, never raw


def _anchor(entry: dict[str, Any]) -> str:
    return "tie-" + "-".join(entry["pair"])


def _num(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def _summary(entries: list[dict[str, Any]]) -> str:
    head = "".join(
        f'<th scope="col" data-key="{key}" data-type="{kind}"{" class=num" if kind == "number" else ""}>'
        f'<button type="button">{_e(title)}</button></th>' for key, title, kind in SUMMARY_COLUMNS)
    rows = []
    for e in entries:
        ind = e["indicators"]
        gap = ind["say_do_gap"]
        cells = [
            f'<td data-value="{_e(pair_title(e))}"><a href="#{_anchor(e)}">{_e(pair_title(e))}</a></td>',
            f'<td data-value="{_e(e["rubric"]["ref"])}">{_e(e["rubric"]["ref"])}</td>',
            f'<td class="num" data-value="{_num(e["score"])}">{e["score"]:.1f}</td>',
            f'<td data-value="{_e(e["label_title"])}" class="label">{_e(e["label_title"])}</td>',
            f'<td class="num" data-value="{_num(ind["coverage"])}">{percent(ind["coverage"])}</td>',
            f'<td class="num" data-value="{_num(ind["asymmetry"]["index"])}">{signed(ind["asymmetry"]["index"])}</td>',
            f'<td class="num" data-value="{_num(gap)}">{"" if gap is None else f"{gap:+.0f}"}</td>',
        ]
        rows.append(f'<tr data-pair="{_e(":".join(e["pair"]))}" data-rubric="{_e(e["rubric"]["ref"])}">'
                    + "".join(cells) + "</tr>")
    return (f'<table id="summary-table"><thead><tr>{head}</tr></thead>\n<tbody>\n' + "\n".join(rows)
            + "\n</tbody></table>\n")


def chart(entry: dict[str, Any]) -> str:
    """An SVG bar per dimension: its contribution in points, over the most it could have contributed."""
    label_w, bar_w, value_w, row_h = 210, 430, 80, 24
    width = label_w + bar_w + value_w
    possible = possible_points(entry)
    scale = bar_w / max([*possible.values(), 1e-9])
    dims = entry["dimensions"]
    height = row_h * len(dims) + 8
    title = f"{pair_title(entry)}, {entry['rubric']['ref']}: points per dimension"
    out = [f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
           f"<title>{_e(title)}</title>"]
    for i, d in enumerate(dims):
        y = 4 + i * row_h
        mid = y + row_h / 2 + 4
        name = d["name"] + (" (talk)" if d["signal"] == "cheap" else "")
        if d["id"] not in possible:
            out.append(f'<text x="0" y="{mid:g}" class="dim-unknown">{_e(name)}</text>'
                       f'<text x="{label_w}" y="{mid:g}" class="dim-unknown">unknown</text>')
            continue
        track = possible[d["id"]] * scale
        bar = max(0.0, min(d["contribution"] * scale, track))
        colour = BAR_TALK if d["signal"] == "cheap" else BAR
        out.append(f'<text x="0" y="{mid:g}">{_e(name)}</text>'
                   f'<rect x="{label_w}" y="{y + 3}" width="{track:.1f}" height="{row_h - 6}" fill="{TRACK}"/>'
                   f'<rect class="bar" data-dimension="{_e(d["id"])}" x="{label_w}" y="{y + 3}" '
                   f'width="{bar:.1f}" height="{row_h - 6}" fill="{colour}"/>'
                   f'<text x="{label_w + track + 6:.1f}" y="{mid:g}">{d["contribution"]:.1f} / '
                   f'{possible[d["id"]]:.1f}</text>')
    out.append("</svg>")
    return "".join(out)


def _breakdown(e: dict[str, Any]) -> str:
    a, b = e["pair"]
    rows = []
    for d in e["dimensions"]:
        ab, ba = flows(e, d)
        cls = ' class="unknown"' if d["status"] == "unknown" else ""
        name = d["name"] + (" (talk)" if d["signal"] == "cheap" else "")
        rows.append(f"<tr{cls}><td>{_e(name)}</td><td class=num>{_e(ab)}</td><td class=num>{_e(ba)}</td>"
                    f"<td class=num>{_e(dimension_value(d))}</td><td class=num>{d['weight']:g}</td>"
                    f"<td class=num>{d['contribution']:.1f}</td><td>{_e(d['confidence'] or '')}</td></tr>")
    head = (f"<tr><th>Dimension</th><th class=num>{a}→{b}</th><th class=num>{b}→{a}</th><th class=num>Level</th>"
            "<th class=num>Weight</th><th class=num>Points</th><th>Confidence</th></tr>")
    return f'<table class="dims"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _score_block(header: dict[str, Any], e: dict[str, Any]) -> str:
    ind = e["indicators"]
    asym = ind["asymmetry"]
    parts = [f'<div class="score-block" data-rubric="{_e(e["rubric"]["ref"])}">',
             f'<h3>{_e(e["rubric"]["ref"])}: <span class="score">{e["score"]:.1f}</span> / 100, '
             f'<span class="label">{_e(e["label_title"])}</span></h3>']
    if e["reasons"]:
        parts.append("<ul>" + "".join(f"<li>because {_e(r)}</li>" for r in e["reasons"]) + "</ul>")
    short = short_of_text(e, label_titles(header, e["rubric"]["ref"]))
    if short:
        parts.append(f'<p class="short-of">{_e(short)}.</p>')
    chances = uncertainty_text(header, e)
    if chances:
        parts.append(f'<p class="uncertainty">Uncertainty: {_e(chances)}.</p>')
    parts.append(chart(e))
    parts.append(_breakdown(e))
    notes = [f"Asymmetry {asym['index']:+.2f}: {_e(asym['summary'])}" + (" (one-way street)" if asym["flagged"] else "")]
    if ind["say_do_gap"] is not None:
        notes.append(f"say–do gap {ind['say_do_gap']:+.0f} points")
    notes.append(f"coverage {percent(ind['coverage'])} of the weight rests on known dimensions")
    parts.append(f'<p class="meta">{"; ".join(notes)}.</p></div>')
    return "".join(parts)


def _link(url: str | None, text: str) -> str:
    """`text` linked to `url` when it is a web address (never a javascript: or file: one); escaped either way."""
    if url and url.lower().startswith(("https://", "http://")):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(text)}</a>'
    return _e(text)


def _source(src: dict[str, Any]) -> str:
    words = f'{src["publisher"]}, “{src["title"]}”, {src.get("date") or "undated"}'
    return (f'<li class="source" id="{_e(src["id"])}">{_link(src.get("url"), words)}'
            + (f" ({_e(src['note'])})" if src.get("note") else "") + "</li>")


def _evidence(e: dict[str, Any]) -> str:
    """Each dimension's observations in effect: level, period, confidence, claim, notes, linked sources."""
    items = []
    for d in e["dimensions"]:
        observations = d.get("evidence")
        if observations is None:
            continue
        if not observations:
            items.append(f'<li class="unknown"><strong>{_e(d["name"])}</strong>: no observation as of '
                         f'{_e(e["as_of"])}</li>')
            continue
        for obs in observations:
            way = "" if obs["direction"] == "mutual" else f' {_e(obs["direction"])}'
            level = "?" if obs["level"] is None else obs["level"]
            period = f'{obs["since"]}–{obs["until"] or ""}'
            sources = "".join(_source(src) for src in obs["sources"])
            items.append(f'<li><strong>{_e(d["name"])}{way}</strong>: level {_e(level)} ({_e(obs["confidence"])}, '
                         f'{_e(period)}): {_e(obs["claim"])}'
                         + (f'<div class="note">Note: {_e(obs["notes"])}</div>' if obs.get("notes") else "")
                         + f'<ul class="sources">{sources}</ul></li>')
    if not items:
        return ""
    return f'<section class="evidence"><h3>Evidence</h3><ul>{"".join(items)}</ul></section>'


def _crises(e: dict[str, Any]) -> str:
    """The crises that tested the tie: what each partner delivered, what an ally would have done, the gap."""
    crises = e.get("crises") or []
    if not crises:
        return ""
    names = e["names"]
    items = []
    for c in crises:
        target = names.get(c["target"], c["target"])
        parts = [f'<li><strong>{_e(c["name"])}</strong> ({_e(c["start"])}–{_e(c.get("end") or "")}), '
                 f'{_e(target)} tested<ul>']
        for r in c.get("responses", []):
            partner = names.get(r["partner"], r["partner"])
            gap = r.get("gap")
            gap_text = ("unknown" if gap is None else "none" if gap == 0 else
                        f'{gap} level{"s" if gap != 1 else ""} ({r.get("level")} of {r.get("top_level")})')
            parts.append(f'<li>{_e(partner)} delivered: {_e(r["delivered"])}'
                         + (f'<br>An ally would have: {_e(r["expected"])}' if r.get("expected") else "")
                         + f"<br>Gap to an ally: {_e(gap_text)}</li>")
        parts.append("</ul></li>")
        items.append("".join(parts))
    return f'<section class="crises"><h3>Crises that tested the tie</h3><ul>{"".join(items)}</ul></section>'


def _definitions(header: dict[str, Any]) -> str:
    """What the labels and the numbers mean, in each rubric's own words."""
    parts = ['<section id="definitions"><h2>What the words mean</h2>']
    for rubric in header["rubrics"]:
        items = "".join(f'<dt id="label-{_e(rubric["ref"])}-{_e(label["id"])}">{_e(label["title"])}</dt>'
                        f'<dd>{_e(label["definition"] or "(the rubric gives no definition)")}</dd>'
                        for label in rubric.get("labels", []))
        parts.append(f"<h3>Labels of {_e(rubric['ref'])}</h3><dl>{items}</dl>")
    parts.append("<h3>Numbers</h3><dl>" + "".join(f"<dt>{_e(term)}</dt><dd>{_e(text)}</dd>" for term, text in TERMS)
                 + "</dl></section>")
    return "".join(parts)


def render(header: dict[str, Any], entries: list[dict[str, Any]]) -> str:
    data = header["dataset"]
    rubrics = ", ".join(f"{_e(r['ref'])} <code>{_e(r['digest'][:19])}…</code>" for r in header["rubrics"])
    body = [f"<header><h1>allyscore report</h1>",
            f'<p class="meta">Dataset {_e(data["name"])} {_e(data["version"])} <code>{_e(data["digest"][:19])}…</code>'
            f" · as of {_e(header['as_of'])}</p>",
            f'<p class="meta">Rubrics: {rubrics}</p>',
            f'<p class="meta">Made by {_e(header["tool"]["name"])} {_e(header["tool"]["version"])}; '
            f"report schema {header['schema_version']}</p></header>",
            '<section id="summary"><h2>Summary</h2>', _summary(entries)]
    if not entries:
        body.append("<p>No tie to report.</p>")
    body.append("</section>")
    current = None
    for i, e in enumerate(entries):
        if current != e["pair"]:
            if current is not None:
                body.append("</section>")
            current = e["pair"]
            body.append(f'<section class="tie" id="{_anchor(e)}"><h2>{_e(pair_title(e))}</h2>')
        body.append(_score_block(header, e))
        if i + 1 == len(entries) or entries[i + 1]["pair"] != current:  # the tie's evidence, once
            body.append(_evidence(e) + _crises(e))
    if current is not None:
        body.append("</section>")
    body.append(_definitions(header))
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
            "<title>allyscore report</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body)
            + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n")


def write(header: dict[str, Any], entries: Iterable[dict[str, Any]], out: TextIO) -> None:
    out.write(render(header, list(entries)))
