"""A budget below what the other requirements cost is refused by one LP, naming the
budget and the least cost needed, without the IIS search (issue 22, item 6: a 1-yuan
budget took 54 s from the command line, most of it HiGHS's IIS). Work is counted (LP
solves, no IIS, no elastic diagnosis), not timed."""

from __future__ import annotations

import pytest

import emisim.api as api
import emisim.solvers.engine as engine
import emisim.solvers.highs as highs
from emisim.api import run
from emisim.model.errors import InfeasibleError


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every HiGHS run (one-shot and engine); the IIS and the elastic diagnosis refused."""
    runs: list[str] = []
    real = highs.run_interruptible

    def counting(h):
        runs.append("lp")
        return real(h)

    def refused(*_a, **_k):
        raise AssertionError("a budget shortfall needs neither the IIS nor the elastic model")

    monkeypatch.setattr(highs, "run_interruptible", counting)  # one-shot solves
    monkeypatch.setattr(engine, "run_interruptible", counting)  # the engine's
    monkeypatch.setattr(api, "find_iis", refused)
    monkeypatch.setattr(api, "diagnose", refused)
    return runs


def _budgeted(make_scenario, budget: float):
    # the city targets enforced: they cost money whatever is maximised
    return make_scenario(objective={"kind": "max_reduction", "budget_yuan": budget})


def test_a_one_yuan_budget_is_refused_by_two_lps_naming_budget_and_least_cost(
    make_scenario, counted
):
    need = run(make_scenario()).summary["total_cost_yuan"]  # least cost, from the tables
    assert need > 1e6
    counted.clear()
    with pytest.raises(InfeasibleError) as err:
        run(_budgeted(make_scenario, 1.0))
    msg = str(err.value)
    assert "the budget of 1 yuan (objective.budget_yuan)" in msg
    assert f"{need:,.0f} yuan" in msg  # the least cost, recomputed from the cost table
    assert counted == ["lp", "lp"]  # the budgeted solve, then the least cost without budget


def test_the_least_cost_named_is_the_smallest_budget_that_is_feasible(make_scenario):
    res = run(_budgeted(make_scenario, 1.0), raise_on_infeasible=False)
    need = res.summary["least_cost_yuan"]
    assert res.iis is not None and res.iis.requirements[0][0] == "budget"
    assert not res.iis.irreducible  # a bound from one LP, not HiGHS's IIS
    assert res.iis.text("zh").startswith("预算1元（objective.budget_yuan）低于")
    # independent of the shortfall's LP: just above the least cost is feasible, and the
    # allocation found costs no more than the budget; just below is infeasible
    above = run(_budgeted(make_scenario, need * (1 + 1e-6)))
    assert above.summary["total_cost_yuan"] <= need * (1 + 1e-6) * (1 + 1e-7)
    below = run(_budgeted(make_scenario, need * (1 - 1e-4)), raise_on_infeasible=False)
    assert below.summary["least_cost_yuan"] == pytest.approx(need, rel=1e-9)


def test_a_conflict_elsewhere_still_gets_the_iis(make_scenario):
    """With other requirements that conflict by themselves the least-cost LP is
    infeasible too: the budget is not blamed, and the IIS names the conflict."""
    half = {"upper": 0.5}
    bands = {  # every unit may cut at most half the city rate of COD and NH3-N
        "water": {"large": half, "medium": half, "small": half},
        "livestock": {"large": half, "small": half, "fairly_large": half},
    }
    sc = make_scenario(
        objective={"kind": "max_reduction", "budget_yuan": 1e12}, guidance={"bands": bands}
    )
    res = run(sc, raise_on_infeasible=False)
    assert "budget" not in res.summary["conflict"]
    assert res.iis is not None and res.iis.irreducible
