"""The researcher's API: ``result.plot`` charts (numbers read back from the drawn artists)
and ``result.tidy()`` long tables (pivoted back to the wide tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import emisim
from emisim.comparison import Comparison
from emisim.model.errors import EmisimError
from emisim.reports.i18n import translator


@pytest.fixture(scope="module")
def result(compared: Comparison) -> emisim.Result:
    return compared.result("plan2020")


def test_map_labels_every_district_with_its_cut(result: emisim.Result) -> None:
    fig = result.plot.map("SO2")
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    alloc = result.allocation.query("pollutant == 'SO2'")
    for name, cut in zip(alloc["name"], alloc["cut_pct"], strict=True):
        i = texts.index(name)  # the value is drawn right after the name
        assert texts[i + 1] == f"{cut:.1f}"
    with pytest.raises(EmisimError, match="pollutant"):
        result.plot.map("PM10")


def test_price_bars_are_the_key_indicators_prices(result: emisim.Result) -> None:
    """The headline chart draws the price the key indicators lead with: the cost of the
    plan's target (summary and indicators hold the same numbers)."""
    ax = result.plot.prices().axes[0]
    heights = [p.get_height() for p in ax.patches]
    expect = [v for v in result.summary["plan_target_price"].values() if abs(v) > 0]
    drawn = [h for h in heights if np.isfinite(h)]
    assert sorted(drawn) == pytest.approx(sorted(expect))


def test_deployment_bars_sum_to_the_investment(result: emisim.Result) -> None:
    fig = result.plot.deployment()
    top = fig.axes[0]
    by_year: dict[float, float] = {}
    for p in top.patches:
        x = round(p.get_x() + p.get_width() / 2)
        by_year[x] = by_year.get(x, 0.0) + p.get_height()
    outlay = result.measures.groupby("year")["capital_outlay_yuan"].sum() / 1e6
    for year, value in outlay.items():
        assert by_year.get(year, 0.0) == pytest.approx(value, rel=1e-9, abs=1e-9)
    for chart in ("costs", "bands"):
        assert isinstance(getattr(result.plot, chart)(), Figure)
    assert isinstance(result.plot.abatement("NOX"), Figure)


def test_charts_in_chinese(result: emisim.Result) -> None:
    ax = result.plot("zh").prices().axes[0]
    assert ax.get_title() == translator("zh")("Cost of the plan's target of each city-wide cut")


def test_tidy_pivots_back_to_the_wide_tables(result: emisim.Result) -> None:
    long = result.tidy("allocation")
    assert {"scenario", "table", "variable", "value", "unit"} <= set(long.columns)
    assert set(long["scenario"]) == {"plan2020"}
    wide = long.pivot_table(index=["code", "pollutant"], columns="variable", values="value")
    alloc = result.allocation.set_index(["code", "pollutant"])
    assert np.allclose(wide["cut_t"].reindex(alloc.index), alloc["cut_t"])
    units = dict(zip(long["variable"], long["unit"], strict=False))
    assert units["cut_pct"] == "%" and units["base_t"] == "t"
    every = result.tidy()
    assert {"allocation", "measures", "emissions", "bands", "prices"} == set(every["table"])
    measures = every.query("table == 'measures' and variable == 'capital_outlay_yuan'")
    assert measures["unit"].eq("yuan").all()
    assert np.isclose(measures["value"].sum(), result.summary["capital_outlay_yuan"])
    by_year = measures.groupby("year")["value"].sum()  # years stay an id, usable by seaborn
    assert isinstance(by_year, pd.Series) and len(by_year) > 1
    with pytest.raises(EmisimError, match="no result table"):
        result.tidy("nope")


def test_comparison_plots_draw_one_panel_per_scenario(compared: Comparison) -> None:
    """``comp.plot`` draws the report's charts with every scenario: a map panel each (and
    the colour bar), a price bar per scenario and target, in any spelling of a pollutant."""
    plots = compared.plot
    assert set(plots) == {"map", "prices", "deployment", "costs", "bands", "abatement"}
    fig = plots.map("nox")
    titles = [ax.get_title() for ax in fig.axes]
    assert [t for t in titles if t] == compared.scenarios
    drawn = [p.get_height() for p in plots.prices().axes[0].patches]
    ind = compared.indicators.set_index("scenario")
    expect = [
        v
        for c in ind.columns
        if c.startswith("plan_target_price_") and "annual" not in c
        for v in ind[c]
        if np.isfinite(v) and v != 0
    ]
    assert sorted(h for h in drawn if np.isfinite(h)) == pytest.approx(sorted(expect))
    assert len(plots.deployment().axes) == 2 * len(compared.scenarios)
    with pytest.raises(EmisimError, match="pollutant"):
        plots.abatement("PM10")
    zh = compared.plot("zh").prices().axes[0]
    assert zh.get_title() == translator("zh")("Cost of the plan's target of each city-wide cut")


def test_result_plots_draw_its_analyses_and_explain_says_why(make_scenario) -> None:
    """``result.plot.ranges`` / ``.curve`` draw the analyses of the result's scenario with
    its district names and price unit; ``result.explain()`` is the elastic diagnosis."""
    from emisim import analysis
    from emisim.solvers.diagnostics import explain

    sc = make_scenario(coal={"share_max": None})
    res = emisim.run(sc)
    assert res.explain() == ""
    ranges = analysis.ranges(sc, epsilons=(0.0, 0.01), must_haves=False)
    ticks = [t.get_text() for t in res.plot.ranges(ranges, "so2").axes[0].get_yticklabels()]
    assert set(ticks) <= set(res.dataset.units["name_en"]) and ticks
    curve = analysis.cost_curve(sc, "SO2", points=5)
    fig = res.plot.curve(curve)
    unit = fig.axes[1].get_title(loc="left")
    assert unit == translator("en")(res.summary["price_unit"])
    half = {"upper": 0.5}  # every unit may cut at most half the city rate: infeasible
    bands = {
        "water": dict.fromkeys(("large", "medium", "small"), half),
        "livestock": dict.fromkeys(("large", "small", "fairly_large"), half),
    }
    bad = emisim.run(make_scenario(guidance={"bands": bands}), raise_on_infeasible=False)
    assert bad.diagnosis is not None
    assert bad.explain() == explain(bad.diagnosis) and bad.explain("zh") != bad.explain()
