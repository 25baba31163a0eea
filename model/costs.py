"""Money over time: the capital recovery factor, discount factors and the lifetime present
value of a unit (docs/model.md, Objective). Plain functions, so tests can check them
against cash flows written out.
"""

from __future__ import annotations

import pandas as pd

from emisim.model.vocabulary import BASE_YEAR


def capital_recovery_factor(rate: float, lifetime: int) -> float:
    """CRF = r (1+r)^L / ((1+r)^L - 1); 1/L when r = 0."""
    if rate == 0:
        return 1.0 / lifetime
    growth = (1 + rate) ** lifetime
    return rate * growth / (growth - 1)


def discount_factor(rate: float, year: int) -> float:
    """delta_t = (1+r)^-(t-2015): end-year discounting to the base year, any year."""
    return (1 + rate) ** -(year - BASE_YEAR)


def discount_factors(rate: float, years: tuple[int, ...]) -> dict[int, float]:
    """delta_t of every model year."""
    return {t: discount_factor(rate, t) for t in years}


def lifetime_years(built: int, lifetime: int, final: int) -> int:
    """Years a unit built in ``built`` is paid for under lifetime accounting: its life L,
    renewed (n = ceil((T - t + 1) / L) lives) where one life ends before the final year."""
    lives = max(1, -(-(final - built + 1) // lifetime))
    return lives * lifetime


def unit_present_value(annual: float, rate: float, lifetime: int, built: int, final: int) -> float:
    """PV (2015) of one unit built in ``built``: c * sum_{k=0}^{nL-1} delta_{t+k}.

    Equals capital paid at the start of the build year plus O&M at the end of every year
    of its life(s), because an L-year annuity of K * CRF discounted end-year is K."""
    n = lifetime_years(built, lifetime, final)
    return annual * sum(discount_factor(rate, built + k) for k in range(n))


def horizon_weights(rate: float, years: tuple[int, ...], end: int) -> dict[int, float]:
    """W_t = sum_{k=t}^{H} delta_k for every model year t (H = ``end``).

    Under common-horizon accounting a unit built in t costs c W_t: its annualised cost at
    the end of every year from t to H, renewed at the end of each life. That equals its
    capital at the start of t and of each renewal, plus O&M to H, minus the
    annuity-consistent salvage value at H of the life left beyond it (the present value of
    the annuity payments K CRF(r, L) still due), so two units with the same c and
    different lives cost the same (docs/model.md, Objective)."""
    if end < years[-1]:
        raise ValueError(f"evaluation end {end} is before the final year {years[-1]}")
    return {t: sum(discount_factor(rate, k) for k in range(t, end + 1)) for t in years}


#: capex and O&M columns of measures.csv for each ``measures.cost_case``.
COST_COLUMNS = {
    "central": ("capex_yuan", "opex_yuan_yr"),
    "low": ("capex_low", "opex_low"),
    "high": ("capex_high", "opex_high"),
}


def measure_costs(
    mdf: pd.DataFrame, case: str, rate: float, years: tuple[int, ...]
) -> tuple[dict[str, float], dict[str, float], dict[tuple[str, int], float]]:
    """Capital cost K_m, annualised cost c_m = K_m CRF(r, L_m) + O_m, and the lifetime
    present value P[m,t] of a unit built in each model year, for the measures of ``mdf``
    (indexed by measure)."""
    capex, opex, life = cost_inputs(mdf, case)
    annual, pv = annualised(capex, opex, life, rate, years)
    return capex, annual, pv


def cost_inputs(
    mdf: pd.DataFrame, case: str
) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    """Capital cost K_m, O&M O_m and lifetime L_m of each measure of ``mdf`` in a cost case."""
    capex_col, opex_col = COST_COLUMNS[case]
    capex = {m: float(mdf.at[m, capex_col]) for m in mdf.index}
    opex = {m: float(mdf.at[m, opex_col]) for m in mdf.index}
    life = {m: int(mdf.at[m, "lifetime_yr"]) for m in mdf.index}
    return capex, opex, life


def annualised(
    capex: dict[str, float],
    opex: dict[str, float],
    life: dict[str, int],
    rate: float,
    years: tuple[int, ...],
) -> tuple[dict[str, float], dict[tuple[str, int], float]]:
    """c_m = K_m CRF(r, L_m) + O_m and P[m,t] for every measure at discount rate ``rate``
    (what a sweep of the discount rate recomputes, :mod:`emisim.model.readings`)."""
    annual, pv = {}, {}
    for m, k in capex.items():
        annual[m] = k * capital_recovery_factor(rate, life[m]) + opex[m]
        for t in years:
            pv[m, t] = unit_present_value(annual[m], rate, life[m], t, years[-1])
    return annual, pv
