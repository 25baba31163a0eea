"""The accounted cost split by plan period (chained periods, docs/model.md *Chained
periods*), recomputed from the ``measures`` table and the data.

Every accounting writes a unit's cost as a stream of annualised payments discounted to
2015 (:mod:`emisim.model.objective`): under common-horizon accounting a unit built in
:math:`t` pays :math:`c_m f_{d,m}\\,\\delta_k` in every year :math:`k = t..H`, so
:math:`\\sum_k = c_m f_{d,m} W_t`, its cost in the objective. The split sorts each payment
into the period whose years hold it — the earlier period, the later one, and the years
after the last period up to the evaluation end — and each unit into the period it was
built in, so a unit built in 2018 pays in 2018–2020, in 2021–2025 and after, once each, and
the three parts sum to its cost in the objective.
"""

from __future__ import annotations

import pandas as pd

from emisim.model.costs import discount_factor, lifetime_years
from emisim.model.params import Params

COLUMNS = ["built_in", "paid_in", "first_year", "last_year", "cost_yuan"]


def periods(p: Params) -> list[tuple[str, int, int]]:
    """(label, first, last) of each period of ``p``'s years: the earlier and the later of a
    chain (split at ``Params.period_end``), else the one period."""
    first, last = p.years[0], p.final_year
    if p.period_end is None or p.period_end >= last:
        return [(f"{first}-{last}", first, last)]
    end = p.period_end
    return [(f"{first}-{end}", first, end), (f"{end + 1}-{last}", end + 1, last)]


def payments(p: Params, measure: str, built: int) -> dict[int, float]:
    """Year -> what one unit of ``measure`` built in ``built`` pays in that year, discounted
    to 2015, under the scenario's accounting (the unit's cost factor not included); the
    payments sum to the unit's coefficient in the objective. Horizon and target-year
    accounting cost units standing, not units built: see :func:`stock_payments`."""
    c, rate = p.annual_cost[measure], p.discount_rate
    assert rate is not None
    if p.accounting == "common_horizon":
        assert p.evaluation_end is not None
        years = range(built, p.evaluation_end + 1)
    elif p.accounting == "lifetime":
        n = lifetime_years(built, p.lifetime[measure], p.final_year)
        years = range(built, built + n)
    else:
        return {}
    return {k: c * discount_factor(rate, k) for k in years}


def stock_payments(p: Params, measure: str, year: int) -> dict[int, float]:
    """Year -> what one unit of ``measure`` standing in ``year`` pays (horizon: its
    discounted annual cost that year; target year: its annual cost in the final year)."""
    c = p.annual_cost[measure]
    if p.accounting == "horizon":
        return {year: c * p.discount[year]}
    if p.accounting == "target_year" and year == p.final_year:
        return {year: c}
    return {}


def period_costs(p: Params, measures: pd.DataFrame) -> pd.DataFrame:
    """Built-in period x paid-in period (and ``after`` the last period, up to the evaluation
    end): the accounted cost (yuan, 2015 PV), from ``measures`` (new units, units, cost
    factor). Its ``cost_yuan`` sums to the objective's cost, ``measures.cost_yuan``."""
    spans = periods(p)
    last = spans[-1][2]

    def period_of(year: int) -> str:
        return next((label for label, a, b in spans if a <= year <= b), "after")

    total: dict[tuple[str, str], float] = {}
    stock = p.accounting in ("horizon", "target_year")
    rows = zip(
        measures["measure"],
        measures["year"],
        measures["units" if stock else "new_units"],
        measures["cost_factor"],
        strict=True,
    )
    for k, t, qty, f in rows:
        if qty == 0:
            continue
        flows = stock_payments(p, k, t) if stock else payments(p, k, t)
        built = period_of(t)
        for year, v in flows.items():
            key = (built, period_of(year))
            total[key] = total.get(key, 0.0) + f * qty * v
    end = p.evaluation_end if p.evaluation_end is not None else last
    bounds = {label: (a, b) for label, a, b in spans} | {"after": (last + 1, end)}
    out = [
        [built, paid, *bounds[paid], total.get((built, paid), 0.0)]
        for built, _a, _b in spans
        for paid in [*(s[0] for s in spans), "after"]
    ]
    return pd.DataFrame(out, columns=COLUMNS)
