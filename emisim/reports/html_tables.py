"""HTML fragments of the comparison tables: labels, number formats, colour-coded cells.

Every string that comes from a user (scenario names and descriptions, data names, the
diagnosis) passes through :func:`e` (``html.escape``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

from emisim.comparison import Comparison
from emisim.comparison.tables import INFEASIBLE, MET, NA, NOT_MET
from emisim.model.vocabulary import BAND_FAMILIES, POLLUTANT_LABELS, POLLUTANTS, REQUIREMENT_LABELS
from emisim.model.vocabulary import FAMILY_LABELS as GUIDANCE_LABELS

Q = POLLUTANT_LABELS["en"]

#: The compliance table's families in words, from the vocabulary (bands by guidance family).
FAMILY_LABELS = {
    **REQUIREMENT_LABELS["en"],
    **{f"band_{f}": f"category bands, {GUIDANCE_LABELS['en'][f]}" for f in BAND_FAMILIES},
    "programme": REQUIREMENT_LABELS["en"]["programme_cap"],
}
SENSE = {">=": "at least", "<=": "at most", "==": "exactly"}
CELL_CLASS = {MET: "met", NOT_MET: "unmet", NA: "na", INFEASIBLE: "infeasible"}


def e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def indicator_spec(comp: Comparison) -> list[tuple[str, str, str]]:
    """(column, label, kind) for every indicator, in display order."""
    zones = comp.results[0].dataset.zones
    zone_name = dict(zip(zones["zone"], zones["name_en"], strict=True))
    spec = [
        ("status", "Solver status", "text"),
        ("objective_kind", "Objective", "text"),
        (
            "total_cost_yuan",
            "Total cost, scenario accounting (bn yuan; default lifetime present value)",
            "bn",
        ),
        ("annual_cost_final_year_yuan", "Annual cost in the final year (bn yuan)", "bn"),
    ]
    spec += [(f"cost_{z}_yuan", f"… of which {zone_name[z]} (bn yuan)", "bn") for z in zone_name]
    spec += investment_spec(comp)
    spec += price_spec()
    spec += [(f"cut_{q}_pct", f"City-wide cut {Q[q]} vs 2015 (%)", "pct") for q in POLLUTANTS]
    spec += [(f"cut_{q}_t", f"City-wide cut {Q[q]} (t)", "t") for q in POLLUTANTS]
    spec += [
        ("coal_share_final_pct", "Coal share of primary energy, final year (%)", "pct"),
        ("targets_met", "All city-wide targets met", "bool"),
        ("requirements_met", "Requirements met", "int"),
        ("requirements_total", "Requirements imposed", "int"),
        ("binding_bands", "Binding category bands", "int"),
    ]
    spec += [(f"gini_{q}", f"Equity: Gini of per-capita cut, {Q[q]}", "gini") for q in POLLUTANTS]
    return [s for s in spec if s[0] in comp.indicators.columns]


def investment_spec(comp: Comparison) -> list[tuple[str, str, str]]:
    """Capital outlay (total and by year) and the lifetime NPV of cost (docs/model.md)."""
    years = sorted(
        c.removeprefix("capital_outlay_").removesuffix("_yuan")
        for c in comp.indicators.columns
        if c.startswith("capital_outlay_2")
    )
    return [
        ("accounting", "Cost accounting (objective.accounting)", "text"),
        ("capital_outlay_yuan", "Capital outlay, all years (bn yuan, undiscounted)", "bn"),
        *((f"capital_outlay_{y}_yuan", f"… of which built in {y} (bn yuan)", "bn") for y in years),
        ("npv_cost_yuan", "Lifetime NPV of cost (bn yuan, 2015)", "bn"),
    ]


def price_spec() -> list[tuple[str, str, str]]:
    """Both prices of each city target: the row dual (bands held) and the plan-target MAC
    (bands move with the target as the guidance mode says)."""
    out = []
    for q in POLLUTANTS:
        out.append(
            (f"plan_mac_{q}_yuan_per_t", f"{Q[q]}: cost of tightening the plan target", "yuan")
        )
        out.append((f"mac_{q}_yuan_per_t", f"{Q[q]}: one more tonne, bands held", "yuan"))
    return out


def fmt(value: Any, kind: str) -> str:
    if kind == "text":
        return (
            "–"
            if value is None or (isinstance(value, float) and math.isnan(value))
            else e(str(value).replace("_", " "))
        )
    if kind == "bool":
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        return "yes" if bool(value) else "<b>no</b>"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(v):
        return "–"
    v = 0.0 if v == 0 else v  # no "-0"
    return {
        "bn": f"{v / 1e9:,.2f}",
        "yuan": f"{v:,.0f}",
        "pct": f"{v:.2f}",
        "t": f"{v:,.0f}",
        "int": f"{v:,.0f}",
        "gini": f"{v:.3f}",
    }[kind]


def fmt_diff(diff: float, pct: float, kind: str) -> str:
    if math.isnan(diff):
        return "–"
    if abs(diff) < 1e-9:
        return '<span class="zero">no change</span>'
    unit = {"bn": " bn", "pct": " pp", "yuan": "", "t": " t", "int": "", "gini": ""}[kind]
    body = {
        "bn": f"{diff / 1e9:+,.2f}",
        "pct": f"{diff:+.2f}",
        "yuan": f"{diff:+,.0f}",
        "t": f"{diff:+,.0f}",
        "int": f"{diff:+,.0f}",
        "gini": f"{diff:+.3f}",
    }[kind]
    rel = "" if kind == "pct" or math.isnan(pct) else f" ({pct:+.1f} %)"
    cls = "up" if diff > 0 else "down"
    return f'<span class="{cls}">{body}{unit}{rel}</span>'


def table(head: Sequence[str], rows: Iterable[Sequence[str] | str], cls: str = "") -> str:
    """A table from already-escaped cells; the first column is a row header. A row given as
    a string is a group heading spanning the table."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join(
        f'<tr class="group"><th colspan="{len(head)}">{r}</th></tr>'
        if isinstance(r, str)
        else "<tr>" + f'<th scope="row">{r[0]}</th>' + "".join(r[1:]) + "</tr>"
        for r in rows
    )
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _head(comp: Comparison, names: Sequence[str]) -> list[str]:
    return [
        e(n) + (' <span class="tag">reference</span>' if n == comp.reference else "") for n in names
    ]


def group_of(col: str) -> str:
    """The heading an indicator is listed under."""
    for prefix, group in (
        ("status", "Solution"),
        ("objective", "Solution"),
        ("mac_", "Marginal abatement cost (per tonne; PV yuan per t/yr under lifetime accounting)"),
        (
            "plan_mac_",
            "Marginal abatement cost (per tonne; PV yuan per t/yr under lifetime accounting)",
        ),
        ("accounting", "Cost (2015 yuan)"),
        ("cut_", "City-wide cuts against 2015"),
        ("gini_", "Equity (Gini 0 = every resident carries the same cut)"),
        ("coal_", "Coal and plan requirements"),
        ("targets_", "Coal and plan requirements"),
        ("requirements_", "Coal and plan requirements"),
        ("binding_", "Coal and plan requirements"),
    ):
        if col.startswith(prefix):
            return group
    return "Cost (2015 yuan)"


def _grouped(rows: list[tuple[str, list[str]]]) -> list[list[str] | str]:
    out: list[list[str] | str] = []
    last = None
    for group, row in rows:
        if group != last:
            out.append(e(group))
            last = group
        out.append(row)
    return out


def indicators_html(comp: Comparison) -> str:
    ind = comp.indicators.set_index("scenario")
    rows = []
    for col, label, kind in indicator_spec(comp):
        cells = []
        for n in comp.scenarios:
            ref = ' class="ref"' if n == comp.reference else ""
            cells.append(f"<td{ref}>{fmt(ind.at[n, col], kind)}</td>")
        rows.append((group_of(col), [e(label), *cells]))
    return table(["Indicator", *_head(comp, comp.scenarios)], _grouped(rows), "num")


def differences_html(comp: Comparison) -> str:
    d = comp.differences
    others = [n for n in comp.scenarios if n != comp.reference]
    if d.empty or not others:
        return "<p>Only one scenario: nothing to compare against.</p>"
    rows = []
    for col, label, kind in indicator_spec(comp):
        sub = d[d["indicator"] == col].set_index("scenario")
        if sub.empty:
            continue
        cells = [
            f"<td>{fmt_diff(sub.at[n, 'difference'], sub.at[n, 'difference_pct'], kind)}</td>"
            if n in sub.index
            else "<td>–</td>"
            for n in others
        ]
        rows.append((group_of(col), [e(label), *cells]))
    head = [f"{e(n)} − {e(comp.reference)}" for n in others]
    return table(["Indicator", *head], _grouped(rows), "num")


def _cell(status: str) -> str:
    return f'<td class="{CELL_CLASS.get(status, "na")}">{e(status)}</td>'


def compliance_summary_html(comp: Comparison) -> str:
    """Family x scenario: how many of the family's requirements each scenario meets."""
    c = comp.compliance
    rows = []
    for fam, sub in c.groupby("family", sort=False):
        cells = []
        for n in comp.scenarios:
            col = sub[n]
            if (col == INFEASIBLE).all():
                cells.append(_cell(INFEASIBLE))
                continue
            imposed = col[col != NA]
            if imposed.empty:
                cells.append('<td class="na">not imposed</td>')
                continue
            met = int((imposed == MET).sum())
            cls = "met" if met == len(imposed) else "unmet"
            cells.append(f'<td class="{cls}">{met} / {len(imposed)} met</td>')
        rows.append([e(FAMILY_LABELS.get(str(fam), fam)), *cells])
    return table(["Requirement family", *_head(comp, comp.scenarios)], rows, "matrix")


def requirement_label(rec: dict, names: dict[str, str]) -> str:
    fam = FAMILY_LABELS.get(rec["family"], rec["family"])
    who = "" if rec["subject"] == "city" else names.get(rec["subject"], rec["name"])
    q = Q.get(rec["pollutant"], rec["pollutant"])
    sense = SENSE.get(rec["sense"], rec["sense"])
    what = " ".join(p for p in (who, q) if p)
    return f"{fam}: {what} ({sense})" if what else f"{fam} ({sense})"


def compliance_detail_html(comp: Comparison, names: dict[str, str], limit: int = 40) -> str:
    """City-wide rows always; other rows only where some scenario does not meet them."""
    c = comp.compliance
    city = c["family"].isin(["city_target", "coal_cap", "milestone", "budget"])
    unmet = (c[comp.scenarios] == NOT_MET).any(axis=1)
    picked = c[city | unmet]
    rows = [
        [e(requirement_label(rec, names)), *(_cell(rec[n]) for n in comp.scenarios)]
        for rec in picked.head(limit).to_dict("records")
    ]
    more = len(picked) - limit
    note = (
        f"<p class='note'>… and {more} more rows; every requirement is in "
        "<code>compliance.csv</code> and the workbook.</p>"
        if more > 0
        else ""
    )
    if not (unmet & ~city).any():
        note += (
            "<p class='note'>Every other requirement is met by each scenario that imposes it; "
            "the family table above counts them.</p>"
        )
    return table(["Requirement", *_head(comp, comp.scenarios)], rows, "matrix") + note
