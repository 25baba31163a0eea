"""The report's economics pieces: which price answers which question, why a target does
not bind, and what the plan invests year by year, in the report's language. Kept apart from
the other report sections so each can change on its own."""

from __future__ import annotations

from emisim.comparison import Comparison
from emisim.comparison.tables import feasible
from emisim.reports.html_tables import e, table
from emisim.reports.i18n import Translator


def prices_note(_: Translator) -> str:
    text = _(
        "Two prices per pollutant. 'One more tonne, bands held' is the dual of the city-wide "
        "target row: what one more tonne of required city-wide cut costs if every district "
        "band stays where it is. 'Cost of tightening the plan target' is d cost / d target "
        "with every district band that is set as a multiple of the city rate moving with it "
        "(guidance mode relative), computed exactly from the duals; it is the price of the "
        "plan's own target, and can differ from the first (or be non-zero where the first is "
        "0) because tighter targets also tighten the district floors and ceilings. Both are "
        "per tonne per year of the final year's cut; under common-horizon (the default) and "
        "lifetime accounting in present-value (2015) yuan of the extra cost of the units, "
        "to the evaluation end or over their lives. Positive = tightening costs money."
    )
    return f"<p class='note'>{e(text)}</p>"


def not_binding_html(comp: Comparison, _: Translator) -> str:
    """Why a target's row price is 0: the surplus and the measures that over-deliver."""
    rows = []
    for r in comp.feasible:
        surplus = r.summary.get("target_surplus_t", {})
        for q, why in r.summary.get("target_not_binding", {}).items():
            if _.zh:  # the results layer explains in English; say the gist in the report's words
                why = _(
                    "{surplus} t more than the target requires: the cut comes with other "
                    "requirements"
                ).format(surplus=f"{surplus.get(q, float('nan')):,.0f}")
            rows.append([e(r.name), f"<td>{e(_.pollutant(q))}</td>", f"<td>{e(why)}</td>"])
    if not rows:
        return ""
    head = [e(_("Scenario")), e(_("Pollutant")), e(_("Why the target does not bind"))]
    title = _("Targets that do not bind")
    return f"<h3>{e(title)}</h3>" + table(head, rows)


def investment_html(comp: Comparison, _: Translator) -> str:
    """Capital outlay by year, final-year annual cost and lifetime NPV, per scenario."""
    done = [r for r in comp.results if feasible(r) and "capital_outlay_by_year_yuan" in r.summary]
    if not done:
        return ""
    years = list(done[0].summary["capital_outlay_by_year_yuan"])
    head = [e(_("Scenario")), *(e(_("Investment {year}").format(year=y)) for y in years)]
    head += [e(_("Investment, all years")), e(_("Annual cost in the final year"))]
    head += [e(_("Lifetime present value of the measures")), e(_("Cost accounting"))]
    head += [e(_("Cost convention"))]
    rows = []
    for r in done:
        s = r.summary
        by = s["capital_outlay_by_year_yuan"]
        money = [by.get(y, 0.0) for y in years]
        money += [s["capital_outlay_yuan"], s["annual_cost_final_year_yuan"], s["npv_cost_yuan"]]
        cells = [f"<td>{v / 1e9:,.2f}</td>" for v in money]
        conv = e(_(s.get("cost_convention", "gross")))
        rows.append([e(r.name), *cells, f"<td>{e(_(s['accounting']))}</td>", f"<td>{conv}</td>"])
        rows.extend(_without_milestones_row(r.name, s, years, _))
    note = _(
        "bn yuan, 2015 prices. Investment: capital of the units built each year "
        "(undiscounted). Lifetime present value: every unit's capital and O&M over its whole "
        "life, also past the horizon. Cost convention: gross = capital and operating cost "
        "(fuel-price differences of fuel switches included); net = also minus the fuel a "
        "measure saves and plus the output a closure loses (net_costs.csv)."
    )
    title = _("Investment")
    timing = "".join(_timing_note(r.name, r.summary, _) for r in done)
    return (
        f"<h3>{e(title)}</h3>"
        + table(head, rows, "num")
        + f"<p class='note'>{e(note)}</p>"
        + timing
    )


#: the summary key of a milestone scenario's capital by year re-solved without them
WITHOUT = "capital_outlay_by_year_without_milestones_yuan"


def _without_milestones_row(name: str, s: dict, years: list[str], _: Translator) -> list:
    """The investment row of the same scenario re-solved without its interim milestones."""
    by = s.get(WITHOUT)
    if not by:
        return []
    label = _("{name} without its milestones").format(name=name)
    money = [by.get(y, 0.0) for y in years] + [sum(by.values())]
    cells = [f"<td>{v / 1e9:,.2f}</td>" for v in money]
    return [[e(label), *cells, *(["<td></td>"] * 4)]]


def _final_shares(by: dict[str, float]) -> tuple[float, float]:
    """Share of the capital spent in the final year, and in the last two years."""
    years = sorted(by)
    total = sum(by.values()) or 1.0
    return by[years[-1]] / total, sum(by[y] for y in years[-2:]) / total


def _timing_note(name: str, s: dict, _: Translator) -> str:
    """How much of the deployment timing the scenario's milestones decide."""
    if not s.get(WITHOUT):
        return ""
    with_last, with_two = _final_shares(s["capital_outlay_by_year_yuan"])
    without_last, without_two = _final_shares(s[WITHOUT])
    text = _(
        "{name}: with its interim milestones {with_last:.0%} of the capital is spent in the "
        "final year ({with_two:.0%} in the last two years); re-solved without them, "
        "{without_last:.0%} ({without_two:.0%}). Without a milestone only the final year "
        "counts and deferring a unit saves discounting, so the solver builds as late as the "
        "ramp limits allow: the difference is the part of the timing the milestones decide."
    ).format(
        name=name,
        with_last=with_last,
        with_two=with_two,
        without_last=without_last,
        without_two=without_two,
    )
    return f"<p class='note'>{e(text)}</p>"


def economics_html(comp: Comparison, _: Translator) -> str:
    return investment_html(comp, _) + prices_note(_) + not_binding_html(comp, _)
