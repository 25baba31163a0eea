"""Least-cost curves and the technical maximum (emisim.analysis.curves)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from emisim.analysis import curves
from emisim.analysis.curves import cost_curve, marginal_at
from emisim.api import resolve, run, solve_params, solver_options
from emisim.model.assemble import build_params
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolverOptions, Status


@pytest.fixture
def tiny_params(make_scenario):
    sc = make_scenario(coal={"share_max": None})
    _, ds = resolve(sc)
    return build_params(ds, sc)


def _finite(curve):
    t = curve.table
    return t[np.isfinite(t["cost"])].reset_index(drop=True)


def test_fixed_band_curve_is_non_decreasing_convex_and_its_slope_is_the_dual(tiny_params):
    curve = cost_curve(tiny_params, pollutant="SO2", bands="fixed", points=9)
    t = _finite(curve)
    assert len(t) >= 9 and curve.exact
    cost, lam, slope = t["cost"].to_numpy(), t["lambda"].to_numpy(), t["slope"].to_numpy()
    scale = 1e-7 * cost.max()
    assert (np.diff(cost) >= -scale).all()  # non-decreasing
    chord = np.diff(cost) / np.diff(lam)
    assert (np.diff(chord) >= -1e-6 * np.abs(chord).max()).all()  # convex
    # the dual slope at each point lies between the chords to its neighbours
    assert (slope[1:] >= chord - 1e-6 * np.abs(chord).max()).all()
    assert (slope[:-1] <= chord + 1e-6 * np.abs(chord).max()).all()
    # and is a real curve: it rises
    assert cost[-1] > cost[0]


def test_curve_slope_is_the_plan_target_mac_where_bands_follow(tiny_params):
    """The slope (duals times how each row moves with the target) against one-sided
    finite differences of fresh builds, at sampled points of the curve."""
    curve = cost_curve(tiny_params, pollutant="NOX", bands="follow", points=7, refine=False)
    t = _finite(curve)
    h = 1e-5
    for row in t.iloc[1:-1:2].itertuples():
        left = (row.cost - _cost(tiny_params, "NOX", row.tau_NOX - h)) / h
        right = (_cost(tiny_params, "NOX", row.tau_NOX + h) - row.cost) / h
        tol = 1e-4 * max(abs(left), abs(right), 1.0)
        assert min(left, right) - tol <= row.slope <= max(left, right) + tol


def _cost(p, q, tau):
    return solve_params(p.with_target(q, tau), SolverOptions()).objective


@pytest.mark.parametrize("pollutant", ["SO2"])  # a pollutant whose bands bind here
def test_curve_slope_equals_the_results_plan_target_mac(make_scenario, pollutant):
    """At the scenario's own target the curve's marginal price is the plan-target MAC the
    result reports (economics: target_prices), and with bands fixed the row-dual MAC."""
    bands = {"air": {"large": {"lower": 1.3}, "small": {"lower": 0.2, "upper": 1.0}}}
    result = run(make_scenario(coal={"share_max": None}, guidance={"bands": bands}))
    p, tau = result.params, result.params.targets[pollutant]
    plan_mac = result.summary["plan_target_price"][pollutant]
    assert marginal_at(p, pollutant, tau) == pytest.approx(plan_mac, rel=1e-6, abs=1e-6)
    row_mac = result.summary["bands_held_price"][pollutant]
    assert abs(plan_mac - row_mac) > 1e-3 * abs(row_mac)  # the bands move: they differ
    assert marginal_at(p, pollutant, tau, bands="fixed") == pytest.approx(
        row_mac, rel=1e-6, abs=1e-6
    )


def test_segment_price_is_the_slope_going_right(tiny_params):
    """The chart's step is each segment's slope, the chord to the next point: on an exact
    curve it equals the dual slope at any point strictly inside the segment, and it is
    never negative (cost never falls as the targets tighten), even where the dual slope
    at a breakpoint (one subgradient) is lower than the segment's."""
    curve = cost_curve(tiny_params, pollutant="SO2", bands="fixed", points=5)
    t = _finite(curve)
    seg = t["segment_price"].to_numpy()
    assert curve.exact and np.isnan(seg[-1])
    assert (seg[:-1] >= -1e-9 * np.abs(seg[:-1]).max()).all()
    for i in range(len(t) - 1):
        mid = (t["lambda"].iloc[i] + t["lambda"].iloc[i + 1]) / 2
        inside = marginal_at(tiny_params, "SO2", mid, bands="fixed")
        assert inside == pytest.approx(seg[i], rel=1e-6, abs=1e-9 * np.abs(seg[:-1]).max())


#: The commitments that break a ceiling read as a limit on the whole cut.
CONFLICTING = [
    "industrial_parks_2020",
    "main_urban_sewage_2017",
    "no_farming_zones_cleared",
    "ultra_low_all_2020",
    "urban_sewage_all_2020",
]


def test_curve_starts_where_the_scenarios_other_requirements_allow():
    """With the ceilings read as limits on the whole cut (and the five commitments that
    break them set aside), the deadlines force deployments whose cuts exceed the band
    ceilings once the targets (and with them the ceilings) shrink towards 0: the
    all-targets curve starts at the smallest feasible level, found by bisection, and
    passes through the scenario. (plan2020 reads the ceilings as limits beyond the
    commitments, and its curve starts at 0.)"""
    sc, ds = resolve("plan2020")
    sc = sc.with_changes(**{"guidance.ceilings": "whole_cut", "deadlines_except": CONFLICTING})
    p = build_params(ds, sc)
    c = cost_curve(p, points=3, refine=False)
    t = c.table
    feasible = t[np.isfinite(t["cost"])]
    assert 0 < c.start < 1 < c.limit
    assert feasible["lambda"].min() == c.start and feasible["lambda"].max() == c.limit
    assert (t.loc[t["lambda"] < c.start, "cost"].isna()).all()
    assert not t[(t["lambda"] < c.start)].empty  # the search did look below it
    assert feasible["lambda"].eq(1.0).any()  # the scenario itself is on the curve
    # from the scenario on, tightening costs more; near the start it can cost less: the
    # relative band ceilings loosen as lambda rises (fresh solves agree, see below)
    assert (feasible.loc[feasible["lambda"] >= 1, "segment_price"].dropna() > 0).all()
    limits = t[t["kind"] == "limit"]["lambda"].tolist()
    assert limits == [c.start, c.limit]


@pytest.fixture(scope="module")
def plan2020():
    sc, ds = resolve("plan2020")
    return build_params(ds, sc), solver_options(sc)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("key", ["NOX", "SO2", None], ids=["NOX", "SO2", "all"])
def test_plan2020_curve_equals_fresh_solves(plan2020, key):
    """The curve (its points joined by straight segments) against the optimum solved from
    scratch at 20 random points of its range, the start included: a second engine whose
    solver is cleared before each point (no basis, no factorisation: HiGHS starts from
    nothing, presolve included), and at the start a fresh build from Params as well.
    Band ceilings bend where they meet a district's BAU cut (kinks), so the curve is not
    convex across them; every segment must still be verified."""
    p, options = plan2020
    c = cost_curve(p, options, pollutant=key)
    assert c.exact and c.unverified == 0
    d = c.table[c.table["cost"].notna()]
    assert d["verified"].iloc[:-1].all() and d["lambda"].iloc[0] == c.start
    direction = {key: 1.0} if key else {q: t for q, t in p.targets.items() if t > 0}
    rng = np.random.default_rng(19)
    lams = np.r_[c.start, rng.uniform(c.start, c.limit, 19)]
    cold = Engine(p, options)
    for i, lam in enumerate(lams):
        for q, w in direction.items():
            cold.set_target(q, lam * w)
        cold._highs.clearSolver()
        assert cold.run() is Status.OPTIMAL
        assert cold._highs.getInfo().simplex_iteration_count > 100  # solved from scratch
        curve = np.interp(lam, d["lambda"], d["cost"])
        assert curve == pytest.approx(cold.objective, rel=1e-6), lam
        if i == 0:
            start = p
            for q, w in direction.items():
                start = start.with_target(q, lam * w)
            fresh = solve_params(start, options).objective
            assert fresh == pytest.approx(cold.objective, rel=1e-9)


def test_a_spent_search_budget_leaves_segments_marked(tiny_params, monkeypatch):
    """No silent stop: with no budget for the breakpoint search the segments that are not
    proven linear are marked in the table, counted, and drawn as such."""
    from emisim.reports.analysis import curve_chart

    full = cost_curve(tiny_params, pollutant="SO2", bands="fixed", points=3)
    assert full.exact and full.unverified == 0
    monkeypatch.setattr(curves, "MAX_REFINE", 0)
    c = cost_curve(tiny_params, pollutant="SO2", bands="fixed", points=3)
    t = _finite(c)
    assert not c.exact and c.unverified == int((~t["verified"].fillna(True)).sum()) > 0
    assert pd.isna(t["verified"].iloc[-1])  # the last point starts no segment
    fig = curve_chart(c, "yuan/t")
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels.count("segment not verified") == 1
