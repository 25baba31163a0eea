"""Least-cost curves and the technical maximum (emisim.analysis.curves)."""

from __future__ import annotations

import numpy as np
import pytest

from emisim.analysis.curves import cost_curve, technical_maximum
from emisim.api import resolve, run, solve_params
from emisim.model.params import build_params
from emisim.solvers.highs import SolverOptions


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


def test_technical_maximum_is_a_ceiling_of_plan2020():
    result = run("plan2020")
    tech = technical_maximum(result.params)
    alloc = result.allocation.groupby("pollutant")[["base_t", "cut_t"]].sum()
    for q, ceiling in tech.items():
        assert alloc.at[q, "cut_t"] / alloc.at[q, "base_t"] < ceiling
