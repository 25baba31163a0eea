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
* target year: 2020 annual cost, slow 10 < fast 12: 100 slow, cost 1,000;
* common horizon to H = 2038: a unit built in t pays its annual cost in every year
  t..2038, slow 10 x (2039 - t) = 190, 200, 210, 220, 230 for t = 2020 ... 2016, fast built
  in 2020 12 x 19 = 228: slow in 2017-2020 (20 a year, the ramp) and 20 fast, cost
  20 x (190 + 200 + 210 + 220) + 20 x 228 = 20,960.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from emisim.model.build import build_model
from emisim.model.costs import (
    capital_recovery_factor,
    discount_factors,
    horizon_weights,
    unit_present_value,
)
from emisim.model.params import Params
from emisim.solvers.highs import solve

YEARS = (2016, 2017, 2018, 2019, 2020)
CAPEX = {"slow": 50.0, "fast": 60.0}  # CRF = 1/10 at r = 0: 5 + 5 = 10, 6 + 6 = 12
OPEX = {"slow": 5.0, "fast": 6.0}


def fixture(accounting: str) -> Params:
    measures = ("slow", "fast")
    annual = {k: CAPEX[k] / 10 + OPEX[k] for k in measures}
    return replace(
        _params(accounting, measures, annual),
        ramp={"slow": 0.2, "fast": 1.0},
        capex=CAPEX,
        unit_pv={(k, t): annual[k] * 10 for k in measures for t in YEARS},  # r = 0
        evaluation_end=2038,
    )


def _params(accounting: str, measures: tuple[str, ...], annual: dict[str, float]) -> Params:
    """One unit, one sector, 1,000 t/yr of SO2 of which 10 % must go by 2020; every measure
    removes 1 t/yr per unit, at most 100 units; no ramp limit; r = 0 (set by the caller)."""
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
        potential={("u", k): 100.0 for k in measures},
        ramp={k: 1.0 for k in measures},
        programme={},
        programme_mode="upper",
        annual_cost=annual,
        capex={k: 0.0 for k in measures},
        unit_pv={},
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
        discount_rate=0.0,
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
        ("common_horizon", 80.0, 20.0, 20960.0),
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


# Two measures identical but for their life, at the same annualised cost (issue 17, item 9).
# short: K = 50, life 5; long: K = 200, life 20; no O&M; at r = 0 CRF = 1/L, so both cost
# c = 10 yuan/yr. 100 t/yr must be cut in 2020, each unit removes 1 t/yr.
# * common horizon, H = 2039: a unit built in 2020 pays 10 a year for 2020..2039, 200,
#   whichever its life (the short one renewed three times); 100 units cost 20,000 with
#   the short measure alone, the long one alone, or both;
# * lifetime: a unit pays its own life, short 10 x 5 = 50, long 10 x 20 = 200: the short
#   one costs a quarter for the same annual cost and tonnes (5,000 against 20,000).
LIVES = {"short": (50.0, 5), "long": (200.0, 20)}


def lives_fixture(accounting: str, measures: tuple[str, ...], rate: float, end: int) -> Params:
    capex = {k: LIVES[k][0] for k in measures}
    life = {k: LIVES[k][1] for k in measures}
    # equal annualised cost at any rate: the long measure's O&M makes up the difference
    crf = {k: rate / (1 - (1 + rate) ** -life[k]) if rate else 1 / life[k] for k in measures}
    annual = LIVES["short"][0] * (rate / (1 - (1 + rate) ** -5) if rate else 0.2)
    opex = {k: annual - capex[k] * crf[k] for k in measures}
    p = _params(accounting, measures, {k: annual for k in measures})
    pv = {
        (k, t): unit_present_value(annual, rate, life[k], t, 2020) for k in measures for t in YEARS
    }
    return replace(
        p,
        capex=capex,
        opex=opex,
        lifetime=life,
        unit_pv=pv,
        discount=discount_factors(rate, YEARS),
        discount_rate=rate,
        evaluation_end=end,
    )


def objective(p: Params) -> float:
    res = solve(build_model(p))
    assert res.ok
    return res.objective


@pytest.mark.parametrize("measures", [("short",), ("long",), ("short", "long")])
def test_common_horizon_costs_lives_alike_by_hand(measures):
    assert objective(lives_fixture("common_horizon", measures, 0.0, 2039)) == pytest.approx(
        20000.0, rel=1e-9
    )


def test_lifetime_accounting_favours_the_short_life_by_hand():
    short = objective(lives_fixture("lifetime", ("short",), 0.0, 2039))
    long = objective(lives_fixture("lifetime", ("long",), 0.0, 2039))
    both = objective(lives_fixture("lifetime", ("short", "long"), 0.0, 2039))
    assert (short, long, both) == pytest.approx((5000.0, 20000.0, 5000.0), rel=1e-9)


@pytest.mark.parametrize(("rate", "end"), [(0.08, 2024), (0.08, 2059), (0.03, 2030)])
def test_common_horizon_is_indifferent_to_life_at_a_positive_rate(rate, end):
    """Same annualised cost c, lives 5 and 20: each alone and both together cost
    100 c sum_{k=2020}^{H} (1+r)^-(k-2015), the sum written out."""
    c = LIVES["short"][0] * rate / (1 - (1 + rate) ** -5)
    expected = 100 * c * sum((1 + rate) ** -(k - 2015) for k in range(2020, end + 1))
    got = [
        objective(lives_fixture("common_horizon", m, rate, end))
        for m in (("short",), ("long",), ("short", "long"))
    ]
    assert got == pytest.approx([expected] * 3, rel=1e-9)


@pytest.mark.parametrize(
    ("rate", "life", "built", "end"),
    [(0.08, 5, 2020, 2059), (0.08, 40, 2016, 2059), (0.05, 8, 2017, 2030), (0.1, 3, 2016, 2020)],
)
def test_horizon_weight_is_capital_plus_om_minus_annuity_salvage(rate, life, built, end):
    """c W_t equals the cash flows written out: capital at the start of the build year and
    of each renewal, O&M at the end of every year to H, less the salvage value at H of the
    life left, valued as the capital-recovery payments K CRF still due after H."""
    capex, opex = 1000.0, 30.0
    crf = rate * (1 + rate) ** life / ((1 + rate) ** life - 1)
    annual = capex * crf + opex

    def d(year: int) -> float:
        return (1 + rate) ** -(year - 2015)

    flows, start = 0.0, built
    while start <= end:  # a life starting by H is bought
        flows += capex * d(start - 1)
        last = start + life - 1
        flows -= sum(capex * crf * d(k) for k in range(end + 1, last + 1))  # salvage
        start += life
    flows += sum(opex * d(k) for k in range(built, end + 1))
    weight = horizon_weights(rate, tuple(range(built, 2021)), end)[built]
    assert annual * weight == pytest.approx(flows, rel=1e-12)


def test_one_evaluation_year_is_the_truncated_horizon_convention(make_scenario):
    """With H = T_f (economics.evaluation_years: 1) a unit built in t pays c for t..T_f,
    exactly the truncated ``horizon`` cost sum_t delta_t c y_t: same objective, same plan."""
    from emisim.api import run

    one = run(
        make_scenario(objective={"accounting": "common_horizon"}, economics={"evaluation_years": 1})
    )
    truncated = run(make_scenario(objective={"accounting": "horizon"}))
    assert one.params.evaluation_end == 2020
    assert one.solve.objective == pytest.approx(truncated.solve.objective, rel=1e-9)
    default = run(make_scenario())
    assert default.params.accounting == "common_horizon"
    assert default.params.evaluation_end == 2020 + 25 - 1  # the fixture's longest life: 25
