"""Cost accounting: which set-up each convention picks, checked against hand computation.

The fixture is one unit, one sector, one pollutant and two measures that remove 1 t/yr
each: ``slow`` (annualised cost 10 yuan/yr, life 10 yr, at most 20 units added a year)
and ``fast`` (12 yuan/yr, life 10 yr, no ramp). 100 t/yr must be cut in 2020. At a 0 %
discount rate every discount factor is 1 and CRF = 1/L, so everything is by hand:

* horizon (truncated): a slow unit built in year t pays 10 x (2021 - t); only the 20
  slow units built in 2020 (10 each) beat a fast one (12): 20 slow + 80 fast, cost
  20 x 10 + 80 x 12 = 1,160 (and 11,600 over the units' lives);
* lifetime: every unit pays its whole life, slow 10 x 10 = 100, fast 120: 100 slow,
  cost 10,000 — the cheaper set-up;
* target year: 2020 annual cost, slow 10 < fast 12: 100 slow, cost 1,000.
"""

from __future__ import annotations

import pytest

from emisim.model.build import build_model
from emisim.model.costs import capital_recovery_factor, unit_present_value
from emisim.model.params import Params
from emisim.solvers.highs import solve

YEARS = (2016, 2017, 2018, 2019, 2020)
CAPEX = {"slow": 50.0, "fast": 60.0}  # CRF = 1/10 at r = 0: 5 + 5 = 10, 6 + 6 = 12
OPEX = {"slow": 5.0, "fast": 6.0}


def fixture(accounting: str) -> Params:
    measures = ("slow", "fast")
    annual = {k: CAPEX[k] / 10 + OPEX[k] for k in measures}
    return Params(
        scenario_name="two-measures",
        units=("u",),
        sectors=("s",),
        pollutants=("SO2",),
        measures=measures,
        years=YEARS,
        zone={"u": "main_urban"},
        names={"u": "U"},
        e0={("u", "s", "SO2"): 1000.0},
        growth={("u", "s", t): 1.0 for t in YEARS},
        emission_keys=(("u", "s", "SO2"),),
        measure_sector={k: "s" for k in measures},
        removal={(k, "SO2"): 1.0 for k in measures},
        potential={("u", "slow"): 100.0, ("u", "fast"): 100.0},
        ramp={"slow": 0.2, "fast": 1.0},
        programme={},
        programme_mode="upper",
        annual_cost=annual,
        capex=CAPEX,
        unit_pv={(k, t): annual[k] * 10 for k in measures for t in YEARS},  # r = 0
        accounting=accounting,
        discount={t: 1.0 for t in YEARS},
        coal_cut={k: 0.0 for k in measures},
        coal0={"u": 0.0},
        coal_growth={("u", t): 1.0 for t in YEARS},
        energy_final=1.0,
        energy_path={t: 1.0 for t in (2015, *YEARS)},
        coal_share_max=None,
        target_scope={"SO2": ("s",)},
        targets={"SO2": 0.1},
        enforce_targets=True,
        milestones={},
        bands=(),
        band_sectors={},
        groups={},
        adapt=(),
        deadlines=(),
        deadlines_skipped=(),
        enforce_deadlines=False,
        budget=None,
        objective="least_cost",
        weights={},
        base_totals={"SO2": 1000.0},
    )


def final_units(accounting: str) -> tuple[dict[str, float], float]:
    res = solve(build_model(fixture(accounting)))
    y = res.values["y"]
    return {k: y["u", k, 2020] for k in ("slow", "fast")}, res.objective


@pytest.mark.parametrize(
    ("accounting", "slow", "fast", "cost"),
    [
        ("horizon", 20.0, 80.0, 1160.0),
        ("lifetime", 100.0, 0.0, 10000.0),
        ("target_year", 100.0, 0.0, 1000.0),
    ],
)
def test_each_convention_picks_the_hand_computed_set_up(accounting, slow, fast, cost):
    units, objective = final_units(accounting)
    assert units["slow"] == pytest.approx(slow, abs=1e-6)
    assert units["fast"] == pytest.approx(fast, abs=1e-6)
    assert objective == pytest.approx(cost, rel=1e-9)


def test_truncated_accounting_picks_the_dearer_set_up_over_the_units_lives():
    horizon, _ = final_units("horizon")
    lifetime, _ = final_units("lifetime")
    life_cost = {"slow": 100.0, "fast": 120.0}  # annualised cost x 10 years, r = 0

    def whole_life(units):
        return sum(life_cost[k] * n for k, n in units.items())

    assert whole_life(horizon) == pytest.approx(11600.0, rel=1e-9)
    assert whole_life(lifetime) == pytest.approx(10000.0, rel=1e-9)


@pytest.mark.parametrize(
    ("rate", "life", "built"), [(0.08, 20, 2018), (0.05, 5, 2016), (0.1, 3, 2016)]
)
def test_unit_present_value_is_capital_at_build_plus_om_every_year(rate, life, built):
    """P = c * sum_k delta_{t+k} equals the cash flows written out: the capital at the start
    of the build year (end of the year before) and O&M at the end of each year of life;
    a life ending before 2020 is renewed (capital again) so the unit stays in place."""
    capex, opex, final = 1000.0, 30.0, 2020
    annual = capex * capital_recovery_factor(rate, life) + opex
    lives = max(1, -(-(final - built + 1) // life))
    flows = 0.0
    for n in range(lives):
        start = built + n * life
        flows += capex / (1 + rate) ** (start - 1 - 2015)
        flows += sum(opex / (1 + rate) ** (start + k - 2015) for k in range(life))
    pv = unit_present_value(annual, rate, life, built, final)
    assert pv == pytest.approx(flows, rel=1e-12)
