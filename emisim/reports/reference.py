"""The reference scenario's analyses in the comparison report (``emisim compare --ranges
--curves --frontier``): near-optimal ranges, exact least-cost curves and the cost-equity
frontier, computed by :mod:`emisim.analysis` on the reference scenario's parameters, drawn
as charts with captions and kept as tables (CSV files, workbook sheets, report sections).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from emisim.analysis.curves import Curve, cost_curve, curve_keys
from emisim.analysis.frontier import Frontier, cost_equity_frontier
from emisim.analysis.ranges import Ranges, near_optimal_ranges
from emisim.api import Result, solver_options
from emisim.comparison import Comparison
from emisim.comparison.tables import feasible
from emisim.model.errors import EmisimError
from emisim.model.family import price_unit
from emisim.reports.analysis import (
    curve_chart,
    frontier_chart,
    marginal_unit,
    ranges_chart,
    verified_words,
)
from emisim.reports.charts import Chart, font_context, png
from emisim.reports.i18n import Translator, translator
from emisim.reports.lang import unit_names

#: The tables these analyses add to a comparison's output, in the report's order.
TABLES = ("ranges", "cost_curves", "frontier")


def reference_analyses(
    comp: Comparison,
    lang: str = "en",
    font: str | None = None,
    *,
    ranges: bool = False,
    curves: Iterable[str] | str | bool = (),
    frontier: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Chart], dict[str, pd.DataFrame]]:
    """The charts and tables (keys in :data:`TABLES`) of the analyses asked for.

    ``curves``: ``"all"`` or True (every target tightened together) and/or pollutant
    codes.
    ``progress`` is called with one line before each step. An infeasible reference
    scenario has none of these (one progress line says so)."""
    if isinstance(curves, bool | str):
        curves = ("all",) if curves is True else () if curves is False else (curves,)
    keys = curve_keys(curves, "curves:")
    if not (ranges or keys or frontier):
        return [], {}
    _ = translator(lang)
    say = progress or (lambda _line: None)
    ref = comp.result(comp.reference)
    if not feasible(ref):
        say(
            _("reference scenario {name} has no solution: no ranges, curves or frontier").format(
                name=ref.name
            )
        )
        return [], {}
    if ref.params.period_end is not None:  # docs/model.md, Chained periods
        say(
            _("reference scenario {name} chains two periods: no ranges, curves or frontier").format(
                name=ref.name
            )
        )
        return [], {}
    missing = [k for k in keys if k is not None and k not in ref.params.targets]
    if missing:
        raise EmisimError(
            f"curves: scenario '{ref.name}' has no city target for {', '.join(missing)}; "
            f"it has {', '.join(ref.params.targets)}"
        )
    charts: list[Chart] = []
    tables: dict[str, pd.DataFrame] = {}
    with font_context(font):
        if frontier:  # first: it refuses a scenario without nominal rates before any solve
            say(_("cost-equity frontier of the reference scenario ..."))
            f = cost_equity_frontier(ref.params, solver_options(ref.scenario))
            charts.append(frontier_figure(f, _))
            tables["frontier"] = f.table
        if keys:
            made = [_curve(ref, k, _, say) for k in keys]
            charts[:0] = [c for c, _t in made]
            tables["cost_curves"] = pd.concat([t for _c, t in made], ignore_index=True)
        if ranges:
            say(_("near-optimal ranges of the reference scenario ..."))
            r = near_optimal_ranges(ref.params, solver_options(ref.scenario), must_haves=False)
            charts[:0] = ranges_charts(r, unit_names(ref.dataset.units, lang), lang)
            tables["ranges"] = r.table
    return charts, {k: tables[k] for k in TABLES if k in tables}


def ranges_charts(r: Ranges, names: dict[str, str], lang: str = "en") -> list[Chart]:
    """The ranges as the comparison report's charts (``ranges_<pollutant>``)."""
    _ = translator(lang)
    caption = _(
        "For each district, the lowest and highest {pollutant} cut rate among plans costing at "
        "most 1 % more than the least cost (light band) and among the least-cost plans "
        "themselves (dark band); the dot is the allocation shown in this report. A short "
        "band means the cut is pinned; a long one, that it is a free choice."
    )
    out = []
    for q in r.table["pollutant"].unique():
        pol = _.pollutant(q)
        fig = ranges_chart(r, q, names, lang)
        out.append(Chart(f"ranges_{q}", pol, caption.format(pollutant=pol), png(fig)))
    return out


def curve_table(c: Curve, unit: str) -> pd.DataFrame:
    """The curve's table with the curve's key (``all`` or the pollutant) in front and the
    marginal cost's unit beside it, so several curves stack into one tidy table."""
    table = c.table.copy()
    table.insert(0, "curve", c.pollutant or "all")
    table["marginal_unit"] = unit
    return table


def _curve(
    ref: Result, key: str | None, _: Translator, say: Callable[[str], None]
) -> tuple[Chart, pd.DataFrame]:
    p = ref.params
    what = _.pollutant(key) if key else _("all targets together")
    say(_("least-cost curve of the reference scenario ({what}) ...").format(what=what))
    c = cost_curve(p, solver_options(ref.scenario), pollutant=key)
    unit = marginal_unit(c, price_unit(p), _.lang)
    own = p.targets[key] * p.base_totals[key] if key else 1.0
    facts = _(
        "{n} optimal points, {breakpoints} of them breakpoints ({found}); feasible from "
        "{start} to {limit} times this scenario's level (technical maximum: {technical} "
        "times); {solves} re-solves."
    ).format(
        n=int(c.table["cost"].notna().sum()),
        breakpoints=int((c.table["kind"] == "breakpoint").sum()),
        found=verified_words(c, _),
        start=f"{c.start / (p.targets[key] if key else 1.0):.3g}",
        limit=f"{c.limit / (p.targets[key] if key else 1.0):.3g}",
        technical=f"{c.technical / (p.targets[key] if key else 1.0):.3g}",
        solves=c.solves,
    )  # no timing: the report's bytes depend on its inputs only
    if key:
        how = _(
            "Top: the least cost of meeting the city-wide {what} target as it moves from no "
            "cut to the largest cut the scenario's other requirements allow; dots mark "
            "breakpoints, where the cheapest set of measures changes. Bottom: the curve's "
            "slope, the cost of the plan's target ({unit}), a step at each breakpoint. The "
            "dashed line is this scenario's own target: the slope there is the {what} cost "
            "of the plan's target in the key indicators."
        ).format(what=what, unit=unit)
    else:
        how = _(
            "Top: the least cost as every city-wide target is scaled by the same factor λ, "
            "from no cut (0) through this scenario (1, dashed line) to the largest factor "
            "its other requirements allow; dots mark breakpoints, where the cheapest set of "
            "measures changes. Bottom: the curve's slope, what tightening every target by "
            "1 % of its value costs ({unit})."
        ).format(unit=unit)
    title = _("Least-cost curve: {what}").format(what=what)
    chart = Chart(
        f"curve_{key or 'all'}", title, how + " " + facts, png(curve_chart(c, unit, _.lang, own))
    )
    return chart, curve_table(c, marginal_unit(c, price_unit(p)))  # English in the table


def frontier_figure(f: Frontier, _: Translator) -> Chart:
    caption = _(
        "Each point is a least-cost plan under an equity bound: no district's cut rate may "
        "deviate from its plan category's nominal rate by more than the bound (x axis, "
        "percentage points). The left end is the most equitable plan possible ({z_min} pp), "
        "the right end the most equitable of the least-cost plans ({z_lc} pp); how far the "
        "cost rises to the left is the price of equity."
    ).format(z_min=f"{100 * f.z_min:.2f}", z_lc=f"{100 * f.z_least_cost:.2f}")
    title = _("The price of equity (cost-equity frontier)")
    return Chart("frontier", title, caption, png(frontier_chart(f, _.lang)))
