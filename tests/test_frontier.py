"""Equity objective and the cost-equity frontier (emisim.analysis.frontier)."""

from __future__ import annotations

import numpy as np
import pytest

from emisim.analysis.frontier import cost_equity_frontier
from emisim.api import resolve, run
from emisim.model.assemble import build_params
from emisim.model.forms import band_cut, nominal_rate

BANDS = {
    "bands": {
        "air": {"large": {"lower": 1.3}, "small": {"lower": 0.2, "upper": 1.0}},
        "water": {"large": {"lower": 1.3}, "medium": {"lower": 0.8, "upper": 1.6}},
    }
}


def _max_deviation(result) -> float:
    """The equity measure recomputed from the result's deployment (not from the LP)."""
    p = result.params
    y = result.solve.values["y"]
    worst = 0.0
    for b in p.bands:
        n = nominal_rate(b)
        if n is not None:
            f = band_cut(p, b)
            cut = f.constant + sum(c * y[k] for k, c in f.terms.items())
            worst = max(worst, abs(cut - n))
    return worst


def test_frontier_is_monotone_and_its_ends_are_the_two_objectives(make_scenario):
    sc = make_scenario(guidance=BANDS, coal={"share_max": None})
    _, ds = resolve(sc)
    f = cost_equity_frontier(build_params(ds, sc), points=7)
    cost = f.table["cost"].to_numpy()
    assert np.isfinite(cost).all()
    assert (np.diff(cost) <= 1e-7 * cost.max()).all()  # looser equity never costs more
    assert cost[-1] == pytest.approx(f.least_cost, rel=1e-7)
    assert f.z_min < f.z_least_cost  # equity has a price on this fixture
    assert cost[0] > f.least_cost * (1 + 1e-6)
    # the left end is the equity objective's optimum, solved as its own scenario
    eq = run(make_scenario(guidance=BANDS, coal={"share_max": None}, objective={"kind": "equity"}))
    assert eq.solve.objective == pytest.approx(f.z_min, abs=1e-7)
    assert _max_deviation(eq) == pytest.approx(f.z_min, abs=1e-6)
    # and the least-cost run is no more equitable than the right end allows
    lc = run(make_scenario(guidance=BANDS, coal={"share_max": None}))
    assert _max_deviation(lc) >= f.z_least_cost - 1e-6


def test_max_technical_objective_cuts_at_least_the_least_cost_plan(make_scenario):
    tech = run(make_scenario(objective={"kind": "max_technical"}))
    lc = run(make_scenario(guidance=BANDS, coal={"share_max": None}))
    t = tech.allocation.groupby("pollutant")["cut_t"].sum()
    c = lc.allocation.groupby("pollutant")["cut_t"].sum()
    assert (t >= c - 1e-6).all() and (t > c + 1).any()


def _linear_gini(result) -> float:
    """The gini objective recomputed from the allocation table and the data's population:
    per pollutant, sum_{i<j} N_i N_j |x_i - x_j| / (N^2 * the target's mean per capita)."""
    p = result.params
    total = sum(p.population.values())
    out = 0.0
    for q, sub in result.allocation.groupby("pollutant"):
        n = sub["code"].map(p.population).to_numpy()
        x = sub["cut_t"].to_numpy() / n
        mad = (n[:, None] * n[None, :] * np.abs(x[:, None] - x[None, :])).sum() / 2
        out += mad / (total**2 * p.targets[q] * p.base_totals[q] / total)
    return out


def test_gini_objective_minimises_the_linearised_gini(make_scenario):
    gini = run(make_scenario(coal={"share_max": None}, objective={"kind": "gini"}))
    least = run(make_scenario(coal={"share_max": None}))
    assert gini.solve.objective == pytest.approx(_linear_gini(gini), rel=1e-6)
    assert _linear_gini(gini) < _linear_gini(least) - 1e-6


def test_equity_plan_shown_is_the_cheapest_of_the_most_equitable(make_scenario):
    """The equity optimum is a face, not a point: the plan shown is the least-cost plan
    on it (second criterion cost, then closeness to the rates), so its cost equals the
    frontier's left end, the least cost subject to z <= z_min, solved separately."""
    from emisim.model.objective import cost_coefficients

    sc = make_scenario(guidance=BANDS, coal={"share_max": None})
    _, ds = resolve(sc)
    f = cost_equity_frontier(build_params(ds, sc), points=2)
    eq = run(make_scenario(guidance=BANDS, coal={"share_max": None}, objective={"kind": "equity"}))
    y = eq.solve.values["y"]
    cost = sum(c * y[k] for k, c in cost_coefficients(eq.params).items())
    assert _max_deviation(eq) == pytest.approx(f.z_min, abs=1e-6)
    assert cost == pytest.approx(f.table["cost"].iloc[0], rel=1e-6)
