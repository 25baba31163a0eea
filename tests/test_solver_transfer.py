"""The direct matrix transfer gives HiGHS the same LP as Pyomo's persistent interface.

Same status, objective, values and duals (keys and numbers) on the 3-unit fixture, for
least cost, max reduction, milestones, an infeasible scenario and its elastic model.
"""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from emisim.api import resolve
from emisim.model.assemble import build_params
from emisim.model.build import build_model
from emisim.solvers.highs import SolverOptions, Status, solve

CASES = {
    "least_cost": {},
    "max_reduction": {"objective": {"kind": "max_reduction", "budget_yuan": 5e8}},
    "milestones": {"targets": {"set": "test", "milestones": {2018: {"SO2": 0.03}}}},
    "infeasible": {"targets": {"set": "test", "overrides": {"SO2": 0.9}}},
}


def _both(m_factory):
    return [solve(m_factory(), SolverOptions(interface=i)) for i in ("persistent", "direct")]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-7 * max(1.0, abs(a))


@pytest.mark.parametrize("elastic", [False, True])
@pytest.mark.parametrize("case", list(CASES))
def test_direct_transfer_matches_persistent(make_scenario, case, elastic):
    sc, ds = resolve(make_scenario(**CASES[case]))
    p = build_params(ds, sc)
    old, new = _both(lambda: build_model(p, elastic=elastic, arrays=False))
    assert new.status == old.status
    assert new.termination == old.termination
    if not old.ok:
        assert new.objective is None and not new.values and not new.duals
        return
    assert _close(new.objective, old.objective)
    assert {k: set(v) for k, v in new.values.items()} == {k: set(v) for k, v in old.values.items()}
    assert {k: set(v) for k, v in new.duals.items()} == {k: set(v) for k, v in old.duals.items()}
    for name, per in old.values.items():
        assert all(_close(new.values[name][i], x) for i, x in per.items()), name
    for name, per in old.duals.items():
        assert all(_close(new.duals[name][i], y) for i, y in per.items()), name


def _toy() -> pyo.ConcreteModel:
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 4))
    m.unused = pyo.Var(bounds=(1, 2))
    m.z = pyo.Var(bounds=(0, 1))
    m.z.fix(0.5)
    m.band = pyo.Constraint(expr=(1, m.x + m.z, 3))  # ranged row
    m.const = pyo.Constraint(expr=m.z <= 1)  # no free variable left: no row, dual 0
    m.obj = pyo.Objective(expr=2 * m.x, sense=pyo.maximize)
    return m


def test_ranged_fixed_and_constant_rows():
    old, new = _both(_toy)
    assert new.ok and old.ok
    assert _close(new.objective, 5.0) and _close(old.objective, 5.0)
    assert _close(new.values["x"][None], 2.5)
    assert _close(new.duals["band"][None], old.duals["band"][None])
    assert new.duals["const"][None] == 0.0
    assert new.values["unused"][None] == old.values["unused"][None]


def test_constant_row_that_cannot_hold_is_infeasible():
    def model():
        m = _toy()
        m.z.fix(1.0)
        m.const2 = pyo.Constraint(expr=m.z >= 2)
        return m

    old, new = _both(model)
    assert old.status in (Status.INFEASIBLE, Status.INFEASIBLE_OR_UNBOUNDED)
    assert new.status is Status.INFEASIBLE
