"""HTML fragments of the comparison tables: labels, number formats, colour-coded cells, in
the report's language.

Every string that comes from a user (scenario names and descriptions, data names, the
diagnosis) passes through :func:`e` (``html.escape``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

from emisim.comparison import Comparison
from emisim.comparison.tables import INFEASIBLE, KEY_PRICE_KEYS, MET, NA, NOT_MET, PRICE_KEYS
from emisim.model.requirements import FAMILIES, group_label
from emisim.model.vocabulary import POLLUTANTS
from emisim.reports.charts import price_units
from emisim.reports.i18n import N_, Translator, bound
from emisim.results.prices import ANNUAL_UNIT, BANDS_HELD, KEY_PRICE, PLAN_TARGET

#: Each price's label in the indicators, by summary key (its unit follows in brackets).
PRICE_LABELS = {
    PLAN_TARGET: N_("{pollutant}: cost of the plan's target"),
    BANDS_HELD: N_("{pollutant}: cost of one more tonne, bands held"),
    f"{PLAN_TARGET}_annual": N_("{pollutant}: cost of the plan's target, equivalent annual cost"),
    f"{BANDS_HELD}_annual": N_(
        "{pollutant}: cost of one more tonne, bands held, equivalent annual cost"
    ),
    KEY_PRICE: N_("{pollutant}: cost of one more tonne removed by key projects"),
    f"{KEY_PRICE}_annual": N_(
        "{pollutant}: cost of one more tonne removed by key projects, equivalent annual cost"
    ),
}


def price_label(key: str, _: Translator) -> str:
    """A price's label with a ``{pollutant}`` placeholder, in the report's language."""
    return _(PRICE_LABELS[key])


#: The groups of the city-wide families: shown row by row (the others where not met).
CITY_GROUPS = tuple(f.group_of() for f in FAMILIES.values() if f.city_wide)
SENSE = {">=": N_("at least"), "<=": N_("at most"), "==": N_("exactly")}
CELLS = {MET: N_("met"), NOT_MET: N_("not met"), NA: N_("n.a."), INFEASIBLE: N_("infeasible")}
#: The provenance grades in words (the caveats' counts, the hindcast's official figures).
GRADE_WORDS = {
    "sourced": N_("sourced"),
    "recalled": N_("recalled"),
    "derived": N_("derived"),
    "assumed": N_("assumed"),
}
CELL_CLASS = {MET: "met", NOT_MET: "unmet", NA: "na", INFEASIBLE: "infeasible"}


def e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def indicator_spec(comp: Comparison, _: Translator) -> list[tuple[str, str, str]]:
    """(column, label, kind) for every indicator, in display order. Indicators other
    issues add (e.g. ``investment_yuan``) are shown when the table has them."""
    _ = bound(_, comp.results)
    zones = list(comp.results[0].dataset.zones["zone"])
    bn = _("bn yuan")
    price = price_units(comp, _)
    spec = [
        ("status", _("Solver status"), "text"),
        ("objective_kind", _("Objective"), "text"),
        ("accounting", _("Cost accounting"), "text"),
        ("cost_convention", _("Cost convention"), "text"),
        ("total_cost_yuan", _("Total cost, scenario accounting") + f" ({bn})", "bn"),
        ("annual_cost_final_year_yuan", _("Annual cost in the final year") + f" ({bn})", "bn"),
        ("capital_outlay_yuan", _("Investment (capital outlay), all years") + f" ({bn})", "bn"),
    ]
    for y in outlay_years(comp):
        label = _("… of which built in {year}").format(year=y) + f" ({bn})"
        spec.append((f"capital_outlay_{y}_yuan", label, "bn"))
    spec.append(("npv_cost_yuan", _("Lifetime present value of the measures") + f" ({bn})", "bn"))
    spec += [
        (f"cost_{z}_yuan", _("… of which {zone}").format(zone=_.zone(z)) + f" ({bn})", "bn")
        for z in zones
    ]
    yuan_t = _(ANNUAL_UNIT)
    for q in POLLUTANTS:  # the price the key indicators lead with first (the headline chart's)
        name = _.pollutant(q)
        for key in (*PRICE_KEYS, *KEY_PRICE_KEYS):
            unit = yuan_t if key.endswith("_annual") else price
            spec.append(
                (f"{key}_{q}", f"{price_label(key, _).format(pollutant=name)} ({unit})", "yuan")
            )
    spec += [
        (
            f"cut_{q}_pct",
            _("City-wide cut {pollutant} vs {base} (%)").format(pollutant=_.pollutant(q)),
            "pct",
        )
        for q in POLLUTANTS
    ]
    spec += [
        (f"cut_{q}_t", _("City-wide cut {pollutant} (t)").format(pollutant=_.pollutant(q)), "t")
        for q in POLLUTANTS
    ]
    spec += [
        ("coal_share_final_pct", _("Coal share of primary energy, final year (%)"), "pct"),
        ("targets_met", _("All city-wide targets met"), "bool"),
        ("requirements_met", _("Requirements met"), "int"),
        ("requirements_total", _("Requirements imposed"), "int"),
        ("binding_bands", _("Binding category bands"), "int"),
    ]
    spec += [
        (
            f"gini_{q}",
            _("Equity: Gini of per-capita cut, {pollutant}").format(pollutant=_.pollutant(q)),
            "gini",
        )
        for q in POLLUTANTS
    ]
    return [s for s in spec if s[0] in comp.indicators.columns]


def outlay_years(comp: Comparison) -> list[str]:
    """The years of the capital-outlay indicators (``capital_outlay_<year>_yuan``)."""
    cols = comp.indicators.columns
    return sorted(c.split("_")[2] for c in cols if c.startswith("capital_outlay_2"))


def fmt(value: Any, kind: str, _: Translator) -> str:
    missing = value is None or (isinstance(value, float) and math.isnan(value))
    if kind == "text":
        return "–" if missing else e(_(str(value)).replace("_", " "))
    if kind == "bool":
        yes, no = _("yes"), _("no")
        return "–" if missing else (e(yes) if bool(value) else f"<b>{e(no)}</b>")
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


def fmt_diff(diff: float, pct: float, kind: str, _: Translator) -> str:
    if math.isnan(diff):
        return "–"
    if abs(diff) < 1e-9:
        same = _("no change")
        return f'<span class="zero">{e(same)}</span>'
    unit = {"bn": " " + _("bn"), "pct": " pp", "yuan": "", "t": " t", "int": "", "gini": ""}[kind]
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
    return f'<span class="{cls}">{e(body + unit + rel)}</span>'


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


def head(comp: Comparison, names: Sequence[str], _: Translator) -> list[str]:
    word = _("reference")
    tag = f' <span class="tag">{e(word)}</span>'
    return [e(n) + (tag if n == comp.reference else "") for n in names]


GROUPS = (
    ("status", N_("Solution")),
    ("objective", N_("Solution")),
    ("accounting", N_("Solution")),
    (f"{PLAN_TARGET}_", N_("Prices of the city-wide targets")),
    (f"{BANDS_HELD}_", N_("Prices of the city-wide targets")),
    (f"{KEY_PRICE}_", N_("Prices of the city-wide targets")),
    ("cut_", N_("City-wide cuts against {base}")),
    (
        "gini_",
        N_(
            "Equity: Gini of per-capita cut (0 = every resident carries the same cut; near "
            "1 = a few districts carry it all; above 1 only where some districts grow, a "
            "negative cut, so that the others cut more than the city as a whole)"
        ),
    ),
    ("coal_", N_("Coal and plan requirements")),
    ("targets_", N_("Coal and plan requirements")),
    ("requirements_", N_("Coal and plan requirements")),
    ("binding_", N_("Coal and plan requirements")),
)


def group_of(col: str, _: Translator) -> str:
    """The heading an indicator is listed under."""
    for prefix, group in GROUPS:
        if col.startswith(prefix):
            return _(group)
    return _("Cost (2015 yuan)")


def _grouped(rows: list[tuple[str, list[str]]]) -> list[list[str] | str]:
    out: list[list[str] | str] = []
    last = None
    for group, row in rows:
        if group != last:
            out.append(e(group))
            last = group
        out.append(row)
    return out


def indicators_html(comp: Comparison, _: Translator) -> str:
    _ = bound(_, comp.results)
    ind = comp.indicators.set_index("scenario")
    rows = []
    for col, label, kind in indicator_spec(comp, _):
        cells = []
        for n in comp.scenarios:
            ref = ' class="ref"' if n == comp.reference else ""
            cells.append(f"<td{ref}>{fmt(ind.at[n, col], kind, _)}</td>")
        rows.append((group_of(col, _), [e(label), *cells]))
    return table([e(_("Indicator")), *head(comp, comp.scenarios, _)], _grouped(rows), "num")


def differences_html(comp: Comparison, _: Translator) -> str:
    _ = bound(_, comp.results)
    d = comp.differences
    others = [n for n in comp.scenarios if n != comp.reference]
    if d.empty or not others:
        return "<p>" + e(_("Only one scenario: nothing to compare against.")) + "</p>"
    rows = []
    for col, label, kind in indicator_spec(comp, _):
        sub = d[d["indicator"] == col].set_index("scenario")
        if sub.empty:
            continue
        cells = [
            f"<td>{fmt_diff(sub.at[n, 'difference'], sub.at[n, 'difference_pct'], kind, _)}</td>"
            if n in sub.index
            else "<td>–</td>"
            for n in others
        ]
        rows.append((group_of(col, _), [e(label), *cells]))
    cols = [f"{e(n)} − {e(comp.reference)}" for n in others]
    return table([e(_("Indicator")), *cols], _grouped(rows), "num")


def cell(status: str, _: Translator) -> str:
    text = _(CELLS.get(status, status))
    return f'<td class="{CELL_CLASS.get(status, "na")}">{e(text)}</td>'


def compliance_summary_html(comp: Comparison, _: Translator) -> str:
    """Family x scenario: how many of the family's requirements each scenario meets."""
    c = comp.compliance
    rows = []
    for fam, sub in c.groupby("family", sort=False):
        cells = []
        for n in comp.scenarios:
            col = sub[n]
            if (col == INFEASIBLE).all():
                cells.append(cell(INFEASIBLE, _))
                continue
            imposed = col[col != NA]
            if imposed.empty:
                cells.append('<td class="na">' + e(_("not imposed")) + "</td>")
                continue
            met = int((imposed == MET).sum())
            cls = "met" if met == len(imposed) else "unmet"
            text = _("{met} / {total} met").format(met=met, total=len(imposed))
            cells.append(f'<td class="{cls}">{e(text)}</td>')
        rows.append([e(family_label(str(fam), _)), *cells])
    return table([e(_("Requirement family")), *head(comp, comp.scenarios, _)], rows, "matrix")


def family_label(family: str, _: Translator) -> str:
    """The report's heading of a requirement family's group (``compliance`` family:
    ``band_air``, ``programme`` ...), from the families (through the one catalogue)."""
    return group_label(family, _.lang)


def requirement_label(rec: dict, names: dict[str, str], _: Translator) -> str:
    fam = family_label(rec["family"], _)
    who = "" if rec["subject"] == "city" else names.get(rec["subject"], rec["name"])
    q = _.pollutant(rec["pollutant"]) if rec["pollutant"] else ""
    sense = _(SENSE[rec["sense"]]) if rec["sense"] in SENSE else rec["sense"]
    what = " ".join(p for p in (who, q) if p)
    return f"{fam}: {what} ({sense})" if what else f"{fam} ({sense})"


def compliance_detail_html(
    comp: Comparison, names: dict[str, str], _: Translator, limit: int = 40
) -> str:
    """City-wide rows always; other rows only where some scenario does not meet them."""
    c = comp.compliance
    city = c["family"].isin(CITY_GROUPS)
    unmet = (c[comp.scenarios] == NOT_MET).any(axis=1)
    picked = c[city | unmet]
    rows = [
        [e(requirement_label(rec, names, _)), *(cell(rec[n], _) for n in comp.scenarios)]
        for rec in picked.head(limit).to_dict("records")
    ]
    more = len(picked) - limit
    note = (
        "<p class='note'>"
        + e(
            _(
                "… and {n} more rows; every requirement is in compliance.csv and the workbook."
            ).format(n=more)
        )
        + "</p>"
        if more > 0
        else ""
    )
    if not (unmet & ~city).any():
        note += (
            "<p class='note'>"
            + e(
                _(
                    "Every other requirement is met by each scenario that imposes it; the family "
                    "table above counts them."
                )
            )
            + "</p>"
        )
    return table([e(_("Requirement")), *head(comp, comp.scenarios, _)], rows, "matrix") + note


#: Words that appear as values (solver status, objective kind), for the catalogue.
VALUE_WORDS = (
    N_("optimal"),
    N_("infeasible"),
    N_("unbounded"),
    N_("infeasible_or_unbounded"),
    N_("time_limit"),
    N_("iteration_limit"),
    N_("interrupted"),
    N_("error"),
    N_("least_cost"),
    N_("max_reduction"),
    N_("common_horizon"),
    N_("lifetime"),
    N_("target_year"),
    N_("horizon"),
    N_("gross"),
    N_("net"),
)
