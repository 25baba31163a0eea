"""``report.html``: one self-contained page (inline CSS, charts as base64 PNG, no script,
no network) that someone who never opens Python can read."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import UTC, datetime

from emisim.comparison import Comparison
from emisim.comparison.tables import feasible
from emisim.model.data.summary import grade_counts
from emisim.reports.analysis import RANGES_WORDS
from emisim.reports.charts import Chart
from emisim.reports.economics import economics_html
from emisim.reports.html_tables import (
    compliance_detail_html,
    compliance_summary_html,
    differences_html,
    e,
    indicators_html,
)
from emisim.reports.lang import unit_names

CSS = """
:root { --ink:#1d2430; --muted:#5b6473; --line:#dfe3ea; --ref:#eaf2fb; --accent:#0072B2; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 "Helvetica Neue", Arial, "Noto Sans", "Noto Sans CJK SC",
  sans-serif; color:var(--ink); background:#f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 60px; background:#fff;
  min-height:100vh; box-shadow: 0 0 0 1px var(--line); }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta, .note { color: var(--muted); font-size: 13px; }
nav { font-size: 13px; margin: 10px 0 0; }
nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
.cards { display:grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap:14px; }
.card { border:1px solid var(--line); border-radius:8px; padding:12px 14px; background:#fff; }
.card h3 { margin:0 0 6px; display:flex; gap:8px; align-items:center; flex-wrap:wrap; }
.card p { margin: 4px 0; font-size: 14px; }
.card.ref { background: var(--ref); border-color:#b9d3ee; }
.badge { font-size:11px; font-weight:600; padding:2px 8px; border-radius:10px; color:#fff; }
.badge.ok { background:#2e8b57; } .badge.bad { background:#b03a2e; }
.tag { font-size:11px; font-weight:600; padding:1px 6px; border-radius:8px;
  background: var(--accent); color:#fff; vertical-align: middle; }
.diagnosis { background:#fdf0ee; border-left:3px solid #b03a2e; padding:6px 10px;
  font-size:13px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 9px; text-align: left;
  vertical-align: top; }
thead th { background:#f0f2f5; font-weight:600; position: sticky; top: 0; }
tbody th { font-weight: normal; }
tr.group th { background: #f8f9fb; font-weight: 600; color: var(--accent); padding-top: 9px; }
table.num td { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
td.ref { background: var(--ref); }
table.matrix td { text-align:center; white-space:nowrap; font-weight:600; font-size:12.5px; }
td.met { background:#e3f4e8; color:#1e6b3a; } td.unmet { background:#fbe3df; color:#9b2c1f; }
td.na { background:#f3f4f6; color:#7a828e; font-weight:normal; }
td.infeasible { background:#ece6f3; color:#5b3c88; }
.up { color:#9b2c1f; } .down { color:#1e6b3a; } .zero { color: var(--muted); }
figure { margin: 14px 0 22px; }
figure img { max-width: 100%; height: auto; border:1px solid var(--line); border-radius:4px; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
details { margin: 6px 0; border:1px solid var(--line); border-radius:6px; padding: 4px 10px; }
details > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
.caveats li { margin-bottom: 6px; }
code { background:#f0f2f5; padding:0 4px; border-radius:3px; font-size: 12.5px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
"""


def _img(chart: Chart) -> str:
    data = base64.b64encode(chart.png).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{e(chart.title)}">'
        f"<figcaption>{e(chart.caption)}</figcaption></figure>"
    )


def _group(charts: Sequence[Chart], prefix: str) -> str:
    """Charts sharing a prefix as collapsible sections, the first one open."""
    picked = [c for c in charts if c.name.startswith(prefix)]
    return "".join(
        f"<details{' open' if i == 0 else ''}><summary>{e(c.title)}</summary>{_img(c)}</details>"
        for i, c in enumerate(picked)
    )


def _cards(comp: Comparison) -> str:
    out = []
    for r in comp.results:
        ok = feasible(r)
        badge = f'<span class="badge {"ok" if ok else "bad"}">{e(r.status)}</span>'
        ref = ' <span class="tag">reference</span>' if r.name == comp.reference else ""
        src = r.scenario.source
        file = f"<p class='meta'>file: <code>{e(src.name)}</code></p>" if src else ""
        diag = comp.diagnosis_text(r.name)
        diag_html = (
            f"<p class='diagnosis'><b>Why it is infeasible:</b> {e(diag)}</p>" if diag else ""
        )
        cls = "card ref" if r.name == comp.reference else "card"
        out.append(
            f'<div class="{cls}"><h3>{e(r.name)} {badge}{ref}</h3>'
            f"<p>{e(r.scenario.description or '(no description)')}</p>{file}{diag_html}</div>"
        )
    return '<div class="cards">' + "".join(out) + "</div>"


def _grades(comp: Comparison) -> str:
    counts = grade_counts(comp.results[0].dataset).sum()
    return ", ".join(
        f"{int(counts.get(g, 0))} {g}" for g in ("sourced", "recalled", "derived", "assumed")
    )


def render_report(
    comp: Comparison, charts: Sequence[Chart], *, lang: str = "en", files: Sequence[str] = ()
) -> str:
    names = unit_names(comp.results[0].dataset.units, lang)
    by_name = {c.name: c for c in charts}
    listed = ", ".join(e(n) for n in comp.scenarios)
    infeasible = [r.name for r in comp.results if not feasible(r)]
    inf_note = (
        f" {len(infeasible)} scenario(s) have no solution ({e(', '.join(infeasible))}): they are "
        "kept in every table, marked <i>infeasible</i>, with the diagnosis of which "
        "requirements conflict."
        if infeasible
        else ""
    )
    created = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    files_html = ", ".join(f"<code>{e(f)}</code>" for f in files)
    sections = [
        ("scenarios", "The scenarios", _cards(comp)),
        (
            "indicators",
            "Key indicators side by side",
            indicators_html(comp)
            + "<p class='note'>Costs follow each scenario's accounting (default: present value "
            "of every unit's lifetime cost at the scenario's rate), in 2015 yuan. "
            "Marginal abatement costs are per tonne of final-year requirement, in present-value "
            "yuan under lifetime accounting (annual yuan under target-year accounting); "
            "0 means the target does not bind. The reference column is shaded.</p>",
        ),
        (
            "differences",
            f"Differences against the reference ({e(comp.reference)})",
            differences_html(comp)
            + "<p class='note'>Each scenario minus the reference; relative change in brackets; "
            "rates in percentage points (pp). Red: higher than the reference, green: lower "
            "(whether that is better depends on the row).</p>",
        ),
        (
            "compliance",
            "Plan compliance",
            "<h3>By requirement family</h3>"
            + compliance_summary_html(comp)
            + "<h3>City-wide requirements, and every requirement a scenario does not meet</h3>"
            + compliance_detail_html(comp, names)
            + "<p class='note'><i>n.a.</i>: the scenario does not impose that requirement "
            "(e.g. guidance switched off); <i>infeasible</i>: the scenario has no solution.</p>",
        ),
        (
            "costs",
            "Marginal and total costs",
            "".join(_img(by_name[n]) for n in ("mac", "cost_by_measure") if n in by_name)
            + economics_html(comp),
        ),
        (
            "maps",
            "District maps",
            (_img(by_name["map_cost"]) if "map_cost" in by_name else "")
            + _group(charts, "map_cut_"),
        ),
        (
            "bands",
            "Cut rates against the plan's category bands",
            _img(by_name["unit_rates"]) if "unit_rates" in by_name else "",
        ),
        (
            "sectors",
            "Who cuts what: abatement by district and sector",
            _group(charts, "cuts_by_unit_"),
        ),
        *_ranges_section(charts, lang),
        ("caveats", "How to read this, and caveats", _caveats(comp, files_html)),
    ]
    nav = "".join(f'<a href="#{sid}">{title.split(" (")[0]}</a>' for sid, title, _ in sections)
    body = "".join(
        f'<section id="{sid}"><h2>{title}</h2>{html}</section>' for sid, title, html in sections
    )
    return f"""<!DOCTYPE html>
<html lang="{"zh" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>emisim comparison: {listed}</title><style>{CSS}</style></head>
<body><main>
<header><h1>Scenario comparison: {listed}</h1>
<p class="meta">emisim · Chongqing 13th Five-Year Plan (2016–2020, base 2015) ·
reference scenario <b>{e(comp.reference)}</b> · comparison <code>{e(comp.name)}</code> ·
created {created}</p>
<nav>{nav}</nav></header>
<p>This report sets {len(comp.results)} scenarios of the emisim model side by side. Each
scenario asks one question (below) of the same linear programme, which allocates
Chongqing's city-wide cuts of COD, NH3-N, SO2, NOx and key-industry VOC, and its
coal-share ceiling, across the 39 districts and counties and the abatement measures the
plan funds, at least cost and within each district's guidance category. The tables show
what each scenario costs, what the last tonne of each pollutant costs, how the cut is
shared between districts and which plan requirements it meets; the differences are taken
against the reference scenario <b>{e(comp.reference)}</b>.{inf_note}</p>
{body}
<footer>Generated by emisim. Every number in this report is read from the per-scenario
result tables; <code>manifest.json</code> records each scenario's input hashes and
package versions.</footer>
</main></body></html>
"""


def _ranges_section(charts: Sequence[Chart], lang: str) -> list[tuple[str, str, str]]:
    """The near-optimal ranges (``emisim compare --ranges``), where they were computed."""
    if not any(c.name.startswith("ranges_") for c in charts):
        return []
    title = RANGES_WORDS.get(lang, RANGES_WORDS["en"])[0]
    return [("ranges", title, _group(charts, "ranges_"))]


def _caveats(comp: Comparison, files_html: str) -> str:
    return f"""<ul class="caveats">
<li><b>The default data are estimates, not official statistics.</b> The plan gives
percentages and categories, not tonnes; district emissions are city totals split by
proxies (county CO2, population), and most sector shares, growth rates, measure costs and
removal rates are assumptions. Every number in the dataset carries a provenance grade
(entries by grade: {_grades(comp)}); see <code>docs/data.md</code>. Read the results as a
demonstration of the method on plausible numbers, not as an assessment of any real
district.</li>
<li><b>Costs</b> follow each scenario's accounting (<code>objective.accounting</code>;
default: the present value in 2015 yuan of every unit's whole-life cost). A cost difference between
two scenarios is the price of the assumption that differs, e.g. the district guidance
(plan2020 vs no-guidance) or the cost case.</li>
<li><b>Marginal abatement costs</b> are the solver's shadow prices of the city-wide
targets: the cost of one more tonne in the final year. A value of 0 means the target
is met as a side effect of other requirements (bands, the coal ceiling).</li>
<li><b>Cut rates</b> are 2020 emissions against 2015 over each pollutant's target scope
(VOC: key industries). Business-as-usual growth means a district can cut hard and still
end up near its 2015 level.</li>
<li><b>The district maps</b> are a schematic tile layout (one equal square per unit,
roughly where it lies), not geography, unless the chart's title says it uses real county
boundaries (the optional <code>maps</code> extra).</li>
<li><b>Infeasible</b> scenarios have no allocation; their diagnosis names the smallest set
of requirements that would have to give way.</li>
<li>Files next to this report: {files_html or "see the folder"}.</li>
</ul>"""
