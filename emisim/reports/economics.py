"""The report's economics pieces: which price answers which question, why a target does
not bind, and what the plan invests year by year. Kept apart from the other report
sections so each can change on its own."""

from __future__ import annotations

from emisim.comparison import Comparison
from emisim.comparison.tables import feasible
from emisim.reports.html_tables import e, table

PRICES_NOTE = (
    "<p class='note'><b>Two prices per pollutant.</b> <i>One more tonne, bands held</i> is "
    "the dual of the city-wide target row: what one more tonne of required city-wide cut "
    "costs if every district band stays where it is. <i>Cost of tightening the plan "
    "target</i> is d cost / d target with every district band that is set as a multiple "
    "of the city rate moving with it (guidance mode <code>relative</code>), computed "
    "exactly from the duals; it is the price of the plan's own target, and can differ "
    "from the first (or be non-zero where the first is 0) because tighter targets also "
    "tighten the district floors and ceilings. Both are per tonne per year of the final "
    "year's cut; under lifetime accounting in present-value (2015) yuan of the extra "
    "lifetime cost. Positive = tightening costs money.</p>"
)


def not_binding_html(comp: Comparison) -> str:
    """Why a target's row price is 0: the surplus and the measures that over-deliver."""
    rows = []
    for r in comp.results:
        if not feasible(r):
            continue
        for q, why in r.summary.get("target_not_binding", {}).items():
            rows.append([e(r.name), f"<td>{e(q)}</td>", f"<td>{e(why)}</td>"])
    if not rows:
        return ""
    head = ["scenario", "pollutant", "why the target does not bind"]
    return "<h3>Targets that do not bind</h3>" + table(head, rows)


def investment_html(comp: Comparison) -> str:
    """Capital outlay by year, final-year annual cost and lifetime NPV, per scenario."""
    done = [r for r in comp.results if feasible(r)]
    if not done:
        return ""
    years = list(done[0].summary["capital_outlay_by_year_yuan"])
    head = ["scenario", *(f"outlay {y}" for y in years), "outlay total", "annual, final yr"]
    head += ["lifetime NPV", "accounting"]
    rows = []
    for r in done:
        s = r.summary
        by = s["capital_outlay_by_year_yuan"]
        money = [by.get(y, 0.0) for y in years]
        money += [s["capital_outlay_yuan"], s["annual_cost_final_year_yuan"], s["npv_cost_yuan"]]
        cells = [f"<td class='num'>{v / 1e9:,.2f}</td>" for v in money]
        rows.append([e(r.name), *cells, f"<td>{e(s['accounting'])}</td>"])
    note = (
        "<p class='note'>bn yuan, 2015 prices. Outlay: capital of the units built each year "
        "(undiscounted). Lifetime NPV: present value of every unit's capital and O&amp;M "
        "over its whole life, also past the horizon.</p>"
    )
    return "<h3>Investment</h3>" + table(head, rows) + note


def economics_html(comp: Comparison) -> str:
    return investment_html(comp) + PRICES_NOTE + not_binding_html(comp)
