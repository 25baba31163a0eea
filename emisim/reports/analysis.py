"""Charts of the analyses beyond one least-cost answer (emisim.analysis): near-optimal
ranges as a band behind every district's cut, least-cost curves (total and marginal), and
the cost-equity frontier. matplotlib's object API; every text through the message
catalogue (:mod:`emisim.reports.i18n`). Each chart plots the analysis's table and computes
nothing the table does not hold.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from emisim.analysis.curves import Curve
from emisim.analysis.frontier import Frontier
from emisim.analysis.ranges import Ranges
from emisim.reports.charts import PRICE_UNITS
from emisim.reports.i18n import N_, Translator, translator
from emisim.reports.ticks import plain_numbers

COST = N_("total discounted cost (bn yuan)")


#: The unit of the all-targets curve's marginal cost, by the cost's money.
PER_PCT = {
    "PV yuan": N_("PV yuan per 1 % of the scenario's targets"),
    "yuan": N_("yuan per 1 % of the scenario's targets"),
}


def marginal_unit(c: Curve, price_unit: str, lang: str = "en") -> str:
    """The unit of ``c.table["marginal_price"]`` in words: the scenario's price unit for
    one pollutant's curve (per tonne of required cut), per 1 % of every target for all."""
    _ = translator(lang)
    if c.pollutant:
        return _(PRICE_UNITS.get(price_unit, price_unit))
    return _(PER_PCT["PV yuan" if price_unit.startswith("PV") else "yuan"])


@plain_numbers
def ranges_chart(r: Ranges, pollutant: str, names: dict[str, str], lang: str = "en") -> Figure:
    """One horizontal band per district: the widest epsilon's range, the exact tie set
    inside it, and the presented cut as a dot."""
    _ = translator(lang)
    table = r.table[r.table["pollutant"] == pollutant]
    eps = sorted(table["epsilon"].unique(), reverse=True)
    order = table[table["epsilon"] == eps[0]].sort_values("presented_pct")["code"].tolist()
    y = {c: i for i, c in enumerate(order)}
    fig = Figure(figsize=(8, max(4, 0.22 * len(order) + 1.5)), layout="constrained")
    ax = fig.subplots()
    for k, e in enumerate(eps):
        part = table[table["epsilon"] == e]
        label = (
            _("exact tie set (ε = 0)")
            if e == 0
            else _("range within {eps} of the optimum").format(eps=f"{e:.0%}")
        )
        ax.barh(
            [y[c] for c in part["code"]],
            part["width_pct"],
            left=part["min_pct"],
            height=0.7 - 0.3 * k,
            color=("#9ecae1", "#3182bd", "#08519c")[k % 3],
            label=label,
        )
    shown = table[table["epsilon"] == eps[0]]
    ax.plot(
        shown["presented_pct"],
        [y[c] for c in shown["code"]],
        "o",
        color="#d95f02",
        ms=4,
        label=_("presented allocation"),
    )
    ax.set_yticks(range(len(order)), [names.get(c, c) for c in order], fontsize=7)
    ax.set_xlabel(_("cut rate by the final year vs the base year (%)"))
    title = _("Near-optimal ranges of each district's {pollutant} cut")
    ax.set_title(title.format(pollutant=_.pollutant(pollutant)))
    ax.legend(fontsize=7, loc="lower right")
    return fig


def verified_words(c: Curve, _: Translator) -> str:
    """Whether every segment of a curve was proven linear, in words."""
    if c.exact:
        return _("every segment verified")
    return _("{n} segments not verified: search budget reached").format(n=c.unverified)


@plain_numbers
def curve_chart(c: Curve, unit: str, lang: str = "en", own: float | None = None) -> Figure:
    """Total cost (top) and marginal cost (bottom, a step at each breakpoint). ``unit``:
    the marginal cost's unit, as displayed; ``own``: the scenario's own position on the x
    axis (its required cut in t, or lambda = 1 for all targets), drawn as a dashed line."""
    _ = translator(lang)
    d = c.table[np.isfinite(c.table["cost"])]
    x = d["required_cut_t"] if c.pollutant else d["lambda"]
    fig = Figure(figsize=(7, 6), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.plot(x, d["cost"] / 1e9, "-", color="#0072B2")
    bp = d["kind"] == "breakpoint"
    top.plot(x[bp], d["cost"][bp] / 1e9, ".", color="#D55E00", label=_("breakpoints"))
    open_ = d["verified"].fillna(True).to_numpy() == False  # noqa: E712
    for i in np.flatnonzero(open_[:-1]):  # a segment the search could not prove linear
        xs, ys = x.iloc[i : i + 2], d["cost"].iloc[i : i + 2] / 1e9
        label = _("segment not verified") if i == np.flatnonzero(open_)[0] else None
        top.plot(xs, ys, "--", color="#CC0000", lw=2, label=label)
    top.set_ylabel(_(COST))
    # the slope of each segment going right: at a breakpoint the dual is only a subgradient
    bottom.step(x, d["segment_price"], where="post", color="#009E73")
    # the unit above the panel, not in the y label: a long unit would run past the axes
    # into the panel above (zh: "现值元/（本情景目标的 1%）")
    bottom.set_ylabel(_("marginal cost"))
    bottom.set_title(unit, loc="left", fontsize=9)
    if own is not None:
        for ax in (top, bottom):
            ax.axvline(own, color="#555555", ls="--", lw=1, label=_("this scenario's target"))
    top.legend(fontsize=7)
    pol = _.pollutant(c.pollutant) if c.pollutant else ""
    if c.pollutant:
        bottom.set_xlabel(_("required city-wide {pollutant} cut (t)").format(pollutant=pol))
    else:
        bottom.set_xlabel(_("all targets scaled by λ (1 = the scenario)"))
    what = pol if c.pollutant else _("all targets together")
    top.set_title(_("Least-cost curve: {what}").format(what=what))
    return fig


@plain_numbers
def frontier_chart(f: Frontier, lang: str = "en") -> Figure:
    """The least cost at each equity bound (the epsilon-constraint points)."""
    _ = translator(lang)
    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.subplots()
    ax.plot(f.table["epsilon_pct"], f.table["cost"] / 1e9, "o-", color="#CC79A7")
    ax.set_xlabel(_("largest deviation of a district's cut from its category's rate (pp)"))
    ax.set_ylabel(_(COST))
    ax.set_title(_("The price of equity (cost-equity frontier)"))
    return fig
