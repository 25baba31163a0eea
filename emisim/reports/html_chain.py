"""Chained periods side by side (issue 17, item 4): for each scenario that runs two plan
periods as one pathway, each period's requirements (the earlier period's in its last year,
the later period's in the final year) beside what the pathway achieves and their prices,
and the cost split by the period a unit is built in and the period it pays in. Read from
the run's ``requirements``, ``coal_city`` and ``period_costs`` tables."""

from __future__ import annotations

import pandas as pd

from emisim.comparison import Comparison
from emisim.model.requirements import CITY_TARGET, COAL_CAP, COAL_CAP_YEAR, KEY_PROJECT
from emisim.reports.html_tables import e, table
from emisim.reports.i18n import Translator

#: The families each period's column shows, in order: the earlier period's, the later's.
EARLIER = (CITY_TARGET, COAL_CAP)
LATER = (KEY_PROJECT, COAL_CAP_YEAR)


def _value(unit: str, v: float, _: Translator) -> str:
    if unit in ("cut rate", "share"):
        return f"{100 * v:.1f} %"
    if unit == "t":
        return f"{v:,.0f} " + _("t/yr")
    return f"{v:,.4g}"


def _rows(r, families, period: str, _: Translator) -> list:
    req = r.tables["requirements"]
    names = [f.name for f in families]
    sub = req[req["family"].isin(names) & (req["subject"] == "city")]
    sub = sub.assign(order=sub["family"].map(names.index)).sort_values(["order", "row"])
    out: list = [e(period)]
    label = f"label_{_.lang}" if f"label_{_.lang}" in sub.columns else "label_en"
    for row in sub.itertuples():
        met = _("yes") if bool(row.met) else _("no")
        out.append(
            [
                e(getattr(row, label)),
                f"<td>{int(row.year)}</td>",
                f"<td>{e(_value(row.unit, float(row.required), _))}</td>",
                f"<td>{e(_value(row.unit, float(row.achieved), _))}</td>",
                f"<td>{e(met)}</td>",
                f"<td>{float(row.price):,.0f} {e(_(str(row.price_unit)))}</td>",
                f"<td>{float(row.annual_price):,.0f} {e(_(str(row.annual_price_unit)))}</td>",
            ]
        )
    return out


def _intensity_rows(r, _: Translator) -> list:
    """Each period's energy-intensity goal: an input of the energy path, met by
    construction (primary energy follows GDP along the goal's straight line)."""
    out = []
    coal = r.tables["coal_city"].set_index("year")["primary_energy_ktce"]
    for year, cut in sorted(r.params.intensity_goals.items()):
        if not cut or year not in coal.index:
            continue
        text = _("energy use per unit of GDP, cut against the period's base year")
        how = _("an input: primary energy follows it")
        out.append(
            [
                e(text),
                f"<td>{year}</td>",
                f"<td>{100 * cut:.1f} %</td>",
                f"<td>{e(how)}</td>",
                "<td></td>",
                "<td></td>",
                "<td></td>",
            ]
        )
    return out


def _periods_table(r, _: Translator) -> str:
    p = r.params
    first = f"{p.years[0]}–{p.period_end}"
    later = f"{p.period_end + 1}–{p.final_year}"
    head = [
        e(_("Requirement")),
        e(_("Year")),
        e(_("Required")),
        e(_("Achieved")),
        e(_("Met")),
        e(_("Price")),
        e(_("Equivalent annual cost")),
    ]
    intensity = _intensity_rows(r, _)
    early_i = [row for row in intensity if row[1] == f"<td>{p.period_end}</td>"]
    late_i = [row for row in intensity if row not in early_i]
    rows = [
        *_rows(r, EARLIER, _("Earlier period {years}").format(years=first), _),
        *early_i,
        *_rows(r, LATER, _("Later period {years}").format(years=later), _),
        *late_i,
    ]
    return table(head, rows, "periods")


def _costs_table(r, _: Translator) -> str:
    split: pd.DataFrame = r.tables["period_costs"]
    paid = list(dict.fromkeys(split["paid_in"]))
    spans = {row.paid_in: f"{row.first_year}–{row.last_year}" for row in split.itertuples()}
    head = [e(_("Built in"))]
    for k in paid:
        word = _("paid after the last period, {years}") if k == "after" else _("paid in {years}")
        head.append(e(word.format(years=spans[k])) + " (" + e(_("bn yuan")) + ")")
    head.append(e(_("Total")) + " (" + e(_("bn yuan")) + ")")
    rows = []
    for built, sub in split.groupby("built_in", sort=False):
        by = sub.set_index("paid_in")["cost_yuan"]
        cells = [f"<td>{float(by.get(k, 0.0)) / 1e9:,.2f}</td>" for k in paid]
        rows.append([e(str(built).replace("-", "–")), *cells, f"<td>{by.sum() / 1e9:,.2f}</td>"])
    total = [
        f"<td>{split.loc[split['paid_in'] == k, 'cost_yuan'].sum() / 1e9:,.2f}</td>" for k in paid
    ]
    rows.append([e(_("Total")), *total, f"<td><b>{split['cost_yuan'].sum() / 1e9:,.2f}</b></td>"])
    return table(head, rows, "periodcosts")


def chain_html(comp: Comparison, _: Translator) -> str:
    """Per chained scenario: the two periods side by side, and the cost per period ('' if
    no scenario is a chain)."""
    out = []
    for r in comp.feasible:
        if r.params.period_end is None or "period_costs" not in r.tables:
            continue
        title = _("{scenario}: the two plan periods on one pathway").format(scenario=r.name)
        costs = _("{scenario}: cost by the period a unit is built in and the period it pays in")
        out.append(f"<h3>{e(title)}</h3>" + _periods_table(r, _))
        out.append(f"<h3>{e(costs.format(scenario=r.name))}</h3>" + _costs_table(r, _))
    return "".join(out)
