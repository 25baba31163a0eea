"""Every shipped scenario validates and solves, or (where it is meant to) reports why not."""

from __future__ import annotations

import pytest

from emisim.analysis.curves import technical_maximum
from emisim.api import run
from emisim.model.errors import InfeasibleError
from emisim.model.scenario import load_scenario, shipped_scenarios

# scenario -> phrases its diagnosis must contain. national-assignment became infeasible
# when the coal plants were placed where they are (GPPD): air 'large' districts without
# large coal units (Yongchuan has only units under 300 MW, outside the ultra-low
# programme) cannot reach 1.3x an 18 % city NOx cut with the plan's measures.
MEANT_INFEASIBLE = {
    "programme-vs-guidance": (
        "plan programme quantities (fixed)",
        "category guidance",
        "irreducible infeasible subset",
        "conflicts with",
    ),
    "national-assignment": ("category guidance minimum cuts", "Yongchuan"),
}


def test_the_shipped_set_is_complete() -> None:
    expected = {
        "plan2020",
        "national-assignment",
        "no-guidance",
        "strict-bands",
        "high-growth",
        "coal-share-50",
        "budget-capped",
        "high-cost",
    }
    assert expected <= set(shipped_scenarios())


@pytest.mark.parametrize("name", sorted(set(shipped_scenarios()) - set(MEANT_INFEASIBLE)))
def test_shipped_scenario_solves(name: str) -> None:
    sc = load_scenario(name)
    assert len(sc.description) > 80  # a paragraph: the question it answers
    result = run(name)
    assert result.status == "optimal"
    comp = result.tables["compliance"]
    required = comp[comp["family"] != "city_target"] if not sc.targets.enforce else comp
    if sc.deadlines != "enforce":  # audited, not required (budget-capped)
        required = required[required["family"] != "deadline"]
    assert required["met"].all(), required[~required["met"]]
    # no feasible scenario cuts more than the measures can (the technical maximum)
    alloc = result.allocation.groupby("pollutant")[["base_t", "cut_t"]].sum()
    for q, ceiling in technical_maximum(result.params).items():
        assert alloc.at[q, "cut_t"] / alloc.at[q, "base_t"] <= ceiling + 1e-9, q


@pytest.mark.parametrize("name", sorted(MEANT_INFEASIBLE))
def test_meant_infeasible_scenario_says_why(name: str) -> None:
    with pytest.raises(InfeasibleError) as err:
        run(name)
    for phrase in MEANT_INFEASIBLE[name]:
        assert phrase in str(err.value)


def test_scenarios_answer_their_questions() -> None:
    """The comparisons the shipped scenarios exist for go the expected way."""
    cost = {
        n: run(n).summary["total_cost_yuan"]
        for n in (
            "plan2020",
            "no-guidance",
            "strict-bands",
            "high-cost",
            "coal-share-50",
            "high-growth",
        )
    }
    assert cost["no-guidance"] < cost["plan2020"]  # guidance has a price
    assert cost["strict-bands"] >= cost["plan2020"]
    assert cost["high-cost"] > cost["plan2020"]
    assert cost["coal-share-50"] > cost["plan2020"]
    assert cost["high-growth"] > cost["plan2020"]
    capped = run("budget-capped")
    budget = load_scenario("budget-capped").objective.budget_yuan
    assert capped.summary["total_cost_yuan"] <= budget * (1 + 1e-6)
    fixed = run("plan-fixed")
    m = fixed.tables["measures"]
    final = m[m["year"] == 2020].groupby("measure")["units"].sum()
    for k, q in fixed.params.programme.items():
        assert final.get(k, 0.0) == pytest.approx(q, rel=1e-6), k
