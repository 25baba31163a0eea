"""The re-solve engine equals fresh builds.

A 20-step grid (a city target, a band multiple, a measure cost, a potential) on the 3-unit
fixture: after each change by name, the engine's objective, values and duals equal a fresh
``build_model`` + ``solve`` of the same parameters to 1e-7 relative — the parameters built
from the changed *scenario* where the scenario can say it (targets, bands), else the
engine's own ``params`` with the one change checked. With ``warm=True`` (the default) the
objective is the same and the engine's solution satisfies every row of the fresh model
(the fixture has ties between districts, so another optimal vertex is allowed).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyomo.environ as pyo
import pytest

from emisim.api import collect_tables, engine, resolve, run
from emisim.model.assemble import build_params
from emisim.model.build import build_model
from emisim.model.requirements import rhs_tau_gradient
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolveResult, solve

REL = 1e-7
BANDS = {"air": {"large": {"lower": 1.0}, "small": {"upper": 3.0}}}
TARGETS = [0.05, 0.1, 0.15, 0.2, 0.25]
MULTIPLES = [0.5, 1.0, 1.5, 2.0, 2.5]
COSTS = [0.5, 0.8, 1.2, 1.5, 2.0]  # x the annual cost of scrubber_dear
POTENTIALS = [2.0, 4.0, 6.0, 10.0, 12.0]  # cheap scrubbers in Beta


def close(a: float, b: float) -> bool:
    return abs(a - b) <= REL * max(1.0, abs(b))


def assert_same(got: SolveResult, want: SolveResult) -> None:
    assert got.status == want.status
    assert close(got.objective, want.objective)
    for kind in ("values", "duals"):
        a, b = getattr(got, kind), getattr(want, kind)
        assert {k: set(v) for k, v in a.items()} == {k: set(v) for k, v in b.items()}
        for name, per in b.items():
            bad = [i for i, x in per.items() if not close(a[name][i], x)]
            assert not bad, f"{kind} {name}{bad[:3]}"


def assert_optimal_for(got: SolveResult, p) -> None:
    """Same objective as a fresh solve, and every row of the fresh model holds."""
    want = solve(build_model(p))
    assert got.status == want.status and close(got.objective, want.objective)
    m = build_model(p, arrays=False)  # every row stated in Pyomo
    for name, per in got.values.items():
        var = getattr(m, name)
        for i, x in per.items():
            var[i].set_value(x, skip_validation=True)
    for con in m.component_data_objects(pyo.Constraint, active=True):
        body = pyo.value(con.body)
        tol = 1e-6 * max(1.0, abs(body))
        assert con.lower is None or body >= pyo.value(con.lower) - tol, con.name
        assert con.upper is None or body <= pyo.value(con.upper) + tol, con.name


def grid(make_scenario, warm: bool):
    """Walk the grid; yield (engine result, parameters a fresh build should use)."""
    sc, ds = resolve(make_scenario(guidance={"bands": BANDS}))
    eng = Engine(build_params(ds, sc), warm=warm)
    eng.solve()
    for tau in TARGETS:
        eng.set_target("SO2", tau)
        fresh = build_params(
            ds, make_scenario(guidance={"bands": BANDS}, targets={"overrides": {"SO2": tau}})
        )
        yield eng.solve(), fresh, eng
    for b in MULTIPLES:
        bands = {"air": {**BANDS["air"], "large": {"lower": b}}}
        fresh = build_params(
            ds,
            make_scenario(guidance={"bands": bands}, targets={"overrides": {"SO2": TARGETS[-1]}}),
        )
        eng.set_params(fresh)
        yield eng.solve(), fresh, eng
    base = eng.params.annual_cost["scrubber_dear"]
    for f in COSTS:
        before = eng.params
        eng.set_cost("scrubber_dear", f * base)
        assert eng.params == before.with_annual_cost("scrubber_dear", f * base)
        assert eng.params.annual_cost["scrubber_dear"] == f * base
        yield eng.solve(), eng.params, eng
    for u in POTENTIALS:
        before = eng.params
        eng.set_potential("100002", "scrubber", u)
        assert eng.params == replace(
            before, potential={**before.potential, ("100002", "scrubber"): u}
        )
        yield eng.solve(), eng.params, eng
    assert eng.rebuilds == 1  # every change went to the loaded model, none rebuilt it


def test_grid_equals_fresh_builds(make_scenario):
    steps = 0
    for got, p, _eng in grid(make_scenario, warm=False):
        assert_same(got, solve(build_model(p)))
        steps += 1
    assert steps == 20


def test_warm_grid_is_optimal_for_fresh_builds(make_scenario):
    for got, p, eng in grid(make_scenario, warm=True):
        assert got.ok
        assert_optimal_for(got, p)
        assert eng.params.targets["SO2"] == p.targets["SO2"]


def test_removal_rhs_and_structural_changes(make_scenario):
    sc, ds = resolve(make_scenario(guidance={"bands": BANDS}, targets={"overrides": {"SO2": 0.2}}))
    eng = Engine(build_params(ds, sc), warm=False)
    eng.solve()
    eng.set_removal("scrubber_dear", "SO2", 40.0)  # matrix coefficients
    assert eng.params.removal["scrubber_dear", "SO2"] == 40.0
    assert_same(eng.solve(), solve(build_model(eng.params)))
    eng.set_rhs("band_lower", ("air", "100001", "SO2"), 0.3)
    assert eng.params.band_by_key["air", "100001", "SO2"].lower == 0.3
    assert_same(eng.solve(), solve(build_model(eng.params)))
    eng.set_rhs("coal_cap", None, 0.5)
    assert_same(eng.solve(), solve(build_model(eng.params)))
    assert eng.rebuilds == 1
    eng.set_potential("100002", "scrubber", 0.0)  # the columns vanish: a rebuild
    assert eng.rebuilds == 2
    assert ("100002", "scrubber") not in eng.params.potential
    assert_same(eng.solve(), solve(build_model(eng.params)))


def test_infeasible_and_back(make_scenario):
    sc, ds = resolve(make_scenario())
    eng = Engine(build_params(ds, sc))
    eng.set_target("NOX", 0.999)  # more than the measures can remove
    assert not eng.solve().ok
    assert eng.record()["objective"] is None
    eng.set_target("NOX", 0.07)
    assert_optimal_for(eng.solve(), eng.params)


def test_record_matches_result_tables(make_scenario):
    """record() (numpy over the maps) against the tables (Python over the solution)."""
    sc, ds = resolve(make_scenario(guidance={"bands": BANDS}))
    eng = Engine(build_params(ds, sc))
    eng.set_target("NOX", 0.12)
    rec = eng.record()
    p = eng.params
    tables = collect_tables(p, eng.solve())
    m = tables["measures"]
    assert close(rec["total_cost"], m["cost_yuan"].sum())
    by_measure = m.groupby("measure")["cost_yuan"].sum()
    for k, v in rec["cost_by_measure"].items():
        assert close(v, by_measure.get(k, 0.0)), k
    req = tables["requirements"]
    city = req[req["family"] == "city_target"].set_index("pollutant")
    for q, cut in rec["city_cut"].items():
        assert close(cut, city.at[q, "achieved"]), q
        assert close(rec["bands_held_price"][q], city.at[q, "price"]), q
    alloc = tables["allocation"].set_index(["code", "pollutant"])["cut_pct"]
    for i, d in enumerate(p.units):
        for j, q in enumerate(p.pollutants):
            want = alloc.get((d, q), np.nan) / 100
            assert np.isnan(want) == np.isnan(rec["district_cut"][i, j])
            assert np.isnan(want) or close(rec["district_cut"][i, j], want), (d, q)
    binding = set(req.loc[req["binding"] != "", "family"])
    assert set(rec["binding"]) <= binding


def test_names_map_to_rows_and_columns(make_scenario, tmp_path):
    sc, ds = resolve(make_scenario(guidance={"bands": BANDS}))
    eng = Engine(build_params(ds, sc))
    lp = eng._highs.getLp()
    row = eng.row("city_target", "SO2")
    col = eng.col("y", ("100002", "scrubber", 2020))
    assert lp.row_upper_[row] < lp.row_upper_[row] + 1  # finite: a ceiling on emissions
    eng.write(tmp_path / "m.lp")
    text = (tmp_path / "m.lp").read_text()
    assert "city_target(SO2):" in text and "y(100002,scrubber,2020)" in text
    assert "band_lower(air,100001,SO2):" in text
    with pytest.raises(KeyError, match="not in the loaded model"):
        eng.row("city_target", "CO2")
    assert isinstance(col, int)


def test_api_engine_solves_the_scenario_as_run_does(make_scenario):
    sc = make_scenario(guidance={"bands": BANDS})
    eng = engine(sc)
    assert close(eng.solve().objective, run(sc).solve.objective)


def test_tau_gradient_prices_a_city_target_with_its_bands(make_scenario):
    """sum(dual x d rhs / d tau) over the rows rhs_tau_gradient names equals the finite
    difference of the optimal cost in tau (bands move with tau in relative guidance)."""
    bands = {"air": {"large": {"lower": 4.0}, "small": {"upper": 1.5}}}
    sc, ds = resolve(make_scenario(guidance={"bands": bands}))
    eng = Engine(build_params(ds, sc), warm=False)
    tau, h = 0.1, 1e-5
    costs = {}
    for t in (tau - h, tau + h, tau):
        eng.set_target("SO2", t)
        costs[t] = eng.solve().objective
    res = eng.solve()
    grad = rhs_tau_gradient(eng.params, "SO2")
    assert {f for f, _k in grad} >= {"city_target", "band_lower"}  # the bands move too
    assert res.duals["band_lower"]["air", "100001", "SO2"] < 0  # and Alpha's band binds
    predicted = sum(res.duals[f][k] * d for (f, k), d in grad.items())
    forward = (costs[tau + h] - costs[tau]) / h
    backward = (costs[tau] - costs[tau - h]) / h
    assert forward == pytest.approx(backward, rel=1e-4)  # no breakpoint at tau
    assert predicted == pytest.approx(forward, rel=1e-4)
    assert predicted > 0


def test_every_analysis_solve_gets_its_own_time_limit(make_scenario):
    """HiGHS's ``time_limit`` counts a Highs object's whole run time: the analyses' many
    re-solves (ranges, curves, the presented allocation) must each get the limit afresh,
    or every solve after the first ``time_limit_s`` seconds reports a time-out. Here the
    limit is 20 ms and the solves together run well past it."""
    from emisim.solvers.highs import SolverOptions
    from emisim.solvers.loaded import wrap

    sc, ds = resolve(make_scenario())
    lp = wrap(Engine(build_params(ds, sc), SolverOptions(time_limit_s=0.02)))
    solves = 0
    while lp.highs.getRunTime() < 0.1:  # five limits' worth, from scratch each time
        lp.highs.clearSolver()
        assert lp.run(), f"solve {solves} after {lp.highs.getRunTime():.3f} s: {lp.status}"
        solves += 1
    assert solves > 5
