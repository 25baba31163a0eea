"""Costs per period in a chain, each unit once (issue 17, item 4), on the 3-unit fixture.

A chain of the fixture's 2016-2020 with a later period 2021-2025 (no growth, key-project
NOx tonnes). One unit of ``scr`` (capital 800,000 yuan, O&M 60,000 yuan/yr, 20 years) built
in Alpha in 2018 costs :math:`c\\,\\delta_k` in every year :math:`k` from 2018 to the
evaluation end :math:`H` (common-horizon accounting, docs/model.md), with
:math:`c = 800{,}000\\,\\mathrm{CRF}(8\\%,20) + 60{,}000` and
:math:`\\delta_k = 1.08^{-(k-2015)}`; by hand it pays :math:`c\\sum_{2018}^{2020}\\delta_k`
in the 13th period, :math:`c\\sum_{2021}^{2025}\\delta_k` in the 14th and the rest to
:math:`H`, once each, and the three sum to its coefficient in the objective.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from emisim.api import collect_tables
from emisim.model.assemble import build_params
from emisim.model.build import build_model
from emisim.model.chain import chain_params
from emisim.model.data import load_dataset
from emisim.model.objective import cost_coefficients
from emisim.results.periods import period_costs
from emisim.results.tables import measures_table
from emisim.solvers.highs import SolverOptions, Status, solve

CRF_8_20 = 0.08 * 1.08**20 / (1.08**20 - 1)
C_SCR = 8e5 * CRF_8_20 + 6e4
LATER = tuple(range(2021, 2026))


def delta(k: int) -> float:
    return 1.08 ** -(k - 2015)


@pytest.fixture
def tiny_chain(make_scenario, tiny_dir):
    first = build_params(load_dataset(tiny_dir), make_scenario(), file="tiny")
    units, sectors = first.units, first.sectors
    T1 = first.final_year
    later = replace(
        first,
        years=LATER,
        growth={(d, s, t): 1.0 for d in units for s in sectors for t in LATER},
        coal_growth={(d, t): 1.0 for d in units for t in LATER},
        energy_path={t: first.energy_path[T1] for t in (T1, *LATER)},
        key_projects={("city", "NOX"): 300.0},
        coal_share_max=None,
    )
    return chain_params(first, later, "tiny-chain")


def test_a_unit_built_in_2018_pays_in_both_periods_once(tiny_chain) -> None:
    p = tiny_chain
    assert p.accounting == "common_horizon" and p.discount_rate == 0.08
    H = 2025 + max(p.lifetime.values()) - 1
    assert p.evaluation_end == H == 2049  # the fixture's longest life is 25 years
    y = {("100001", "scr", t): 1.0 for t in range(2018, 2026)}
    measures = measures_table(p, y)
    split = period_costs(p, measures).set_index(["built_in", "paid_in"])["cost_yuan"]
    fyp13 = C_SCR * sum(delta(k) for k in range(2018, 2021))
    fyp14 = C_SCR * sum(delta(k) for k in range(2021, 2026))
    after = C_SCR * sum(delta(k) for k in range(2026, H + 1))
    assert split["2016-2020", "2016-2020"] == pytest.approx(fyp13, rel=1e-12)
    assert split["2016-2020", "2021-2025"] == pytest.approx(fyp14, rel=1e-12)
    assert split["2016-2020", "after"] == pytest.approx(after, rel=1e-12)
    assert split["2021-2025"].abs().sum() == 0.0  # built in 2018: nothing in the 14th's rows
    # the sum is the unit's cost in the objective: its coefficients times y
    coef = cost_coefficients(p)
    objective = sum(coef[key] * v for key, v in y.items())
    assert fyp13 + fyp14 + after == pytest.approx(objective, rel=1e-12)
    assert split.sum() == pytest.approx(objective, rel=1e-12)
    # no second charge when the 14th period starts: the objective charges the unit in the
    # year it is built and in no later row, whatever period that row is in
    charged = measures.set_index("year")["cost_yuan"]
    assert charged[2018] == pytest.approx(objective, rel=1e-12)
    assert float(charged.drop(2018).abs().sum()) == 0.0


def test_the_split_of_a_solved_tiny_chain_sums_to_its_objective(tiny_chain) -> None:
    p = tiny_chain
    res = solve(build_model(p), SolverOptions(time_limit_s=60, tolerance=1e-7))
    assert res.status is Status.OPTIMAL
    tables = collect_tables(p, res)
    split = tables["period_costs"]
    assert split["cost_yuan"].sum() == pytest.approx(res.objective, rel=1e-9)
    assert split["cost_yuan"].sum() == pytest.approx(tables["measures"]["cost_yuan"].sum())
    by = split.set_index(["built_in", "paid_in"])["cost_yuan"]
    assert by["2016-2020", "2021-2025"] > 0  # the 13th's units keep costing in the 14th
    req = tables["requirements"].set_index("family")
    assert bool(req.loc["key_project", "met"])
    m = tables["measures"]
    added = (
        m[m["year"] == 2025]["removal_NOX_t"].sum() - m[m["year"] == 2020]["removal_NOX_t"].sum()
    )
    assert added == pytest.approx(300.0, rel=1e-7) or added > 300.0
