r"""Two prices for each pollutant's city target, one name each, and why a target does not
bind.

* **cost of one more tonne, bands held** (``bands_held_price``; the row price) — the dual
  of the city-target row alone, every district band held fixed: what one more tonne of
  required city-wide cut costs if nothing else moves;
* **cost of the plan's target** (``plan_target_price``) —
  :math:`\partial\,\mathrm{Cost}/\partial\tau_p` with every right-hand side that depends
  on :math:`\tau_p` moving as the guidance mode says (in ``relative`` mode the district
  bands are multiples of the city rate), computed exactly from the duals:
  :math:`\sum_{rows}\lambda_{row}\,\partial rhs_{row}/\partial\tau_p`
  (:func:`emisim.model.requirements.rhs_tau_gradient`), per tonne of the target (divided
  by :math:`B_p`).

Both are divided by ``Params.price_scale`` of the final year and are positive when a
tighter target costs more (the plan-target price can be negative: tightening the city
target can relax a band ceiling set as a multiple of it). Units as every price
(``price_unit``; PV yuan per t/yr under common-horizon and lifetime accounting). Beside
each, its equivalent annual cost (``*_annual``, yuan/t; :mod:`emisim.solvers.annual`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from emisim.model.params import Params
from emisim.model.requirements import CITY_TARGET, rhs_tau_gradients
from emisim.solvers.highs import SolveResult

#: The two prices of a city target, one name each, everywhere (docs/model.md, *Prices and
#: signs*): the summary's, the indicators' and the sweep records' keys. In words: "cost
#: of the plan's target" and "cost of one more tonne, bands held".
PLAN_TARGET = "plan_target_price"
BANDS_HELD = "bands_held_price"
#: The price of the city-wide key-project reductions: one more tonne per year removed by
#: projects ("cost of one more tonne removed by key projects").
KEY_PRICE = "key_project_price"
#: The unit of each price's equivalent annual cost (``*_annual``; ``solvers.annual``).
ANNUAL_UNIT = "yuan/t"


TOL = 1e-6
COLUMNS = [
    "pollutant",
    "required_cut",
    "achieved_cut",
    "surplus_t",
    "binding",
    PLAN_TARGET,
    BANDS_HELD,
    "unit",
    f"{PLAN_TARGET}_annual",
    f"{BANDS_HELD}_annual",
    "annual_unit",
    "why_not_binding",
]


def plan_target_price(p: Params, res: SolveResult, pollutant: str) -> float:
    """d Cost / d tau_p per tonne of the target, from the duals (see module docstring)."""
    return plan_target_price_from(
        p, pollutant, lambda fam, key: res.duals.get(fam, {}).get(key, 0.0)
    )


def plan_target_price_from(
    p: Params,
    pollutant: str,
    dual: Callable[[str, Any], float],
    gradient: dict[tuple[str, Any], float] | None = None,
) -> float:
    """:func:`plan_target_price` with the row duals read through ``dual(family, key)``
    (0 for a row the solve does not have), so a re-solve engine's dual array serves too.
    ``gradient``: ``rhs_tau_gradient(p, pollutant)`` if the caller keeps it (a sweep whose
    runs change only costs reuses one)."""
    if gradient is None:
        return plan_target_prices_from(p, (pollutant,), dual)[pollutant]
    return _price(p, pollutant, gradient, dual)


def _price(
    p: Params, q: str, gradient: dict[tuple[str, Any], float], dual: Callable[[str, Any], float]
) -> float:
    sign = -1.0 if p.objective == "max_reduction" else 1.0
    total = 0.0
    for (fam, key), d_rhs in gradient.items():
        total += dual(fam, key) * d_rhs
    return sign * total / p.base_totals[q] / p.price_scale(p.final_year)


def plan_target_prices_from(
    p: Params,
    pollutants: Sequence[str],
    dual: Callable[[str, Any], float],
    gradients: dict[str, dict[tuple[str, Any], float]] | None = None,
) -> dict[str, float]:
    """:func:`plan_target_price_from` of several pollutants, the rows listed once.
    ``gradients``: ``rhs_tau_gradients(p, pollutants)`` if the caller keeps it (a sweep
    whose runs change only costs reuses the base's)."""
    if gradients is None:
        gradients = rhs_tau_gradients(p, pollutants)
    return {q: _price(p, q, g, dual) for q, g in gradients.items()}


def plan_target_annual_price(p: Params, res: SolveResult, pollutant: str) -> float:
    """The plan-target price's equivalent annual cost (yuan/t): the same sum over the rows
    that move with the target, of their annual duals (:mod:`emisim.solvers.annual`)."""
    if not res.annual_duals:
        return math.nan
    total = 0.0
    for (fam, key), d_rhs in rhs_tau_gradients(p, (pollutant,))[pollutant].items():
        total += res.annual_duals.get(fam, {}).get(key, 0.0) * d_rhs
    return total / p.base_totals[pollutant] + 0.0


def _co_benefit(p: Params, measures: pd.DataFrame, q: str, top: int = 3) -> str:
    """The measures removing most of ``q`` in the final year, with what else they remove."""
    final = measures[measures["year"] == p.final_year]
    col = f"removal_{q}_t"
    by = final.groupby("measure")[[c for c in final.columns if c.startswith("removal_")]].sum()
    by = by[by[col] > TOL].sort_values(col, ascending=False).head(top)
    parts = []
    for k, r in by.iterrows():
        others = [
            c.removeprefix("removal_").removesuffix("_t")
            for c in by.columns
            if c != col and r[c] > TOL
        ]
        also = f", also {'/'.join(others)}" if others else ""
        parts.append(f"{k} {r[col]:,.0f} t{also}")
    return "; ".join(parts)


def target_prices(
    p: Params, res: SolveResult, req: pd.DataFrame, measures: pd.DataFrame
) -> pd.DataFrame:
    """One row per pollutant with a city target: both prices, the surplus over the target
    in tonnes and, where the target row does not bind, which measures over-deliver."""
    rows = []
    city = req[req["family"] == CITY_TARGET.name].set_index("pollutant")
    for q in p.targets:
        if q not in city.index:
            continue
        r = city.loc[q]
        surplus = (r["achieved"] - r["required"]) * p.base_totals[q]
        binding = bool(r["enforced"]) and abs(surplus) <= TOL * p.base_totals[q]
        enforced = bool(r["enforced"])
        why = ""
        if not enforced:
            why = "not enforced (targets.enforce: false)"
        elif not binding:
            why = f"over-delivered by {surplus:,.0f} t; largest removals: "
            why += _co_benefit(p, measures, q)
        rows.append(
            {
                "pollutant": q,
                "required_cut": r["required"],
                "achieved_cut": r["achieved"],
                "surplus_t": surplus,
                "binding": binding,
                PLAN_TARGET: plan_target_price(p, res, q) if enforced else math.nan,
                BANDS_HELD: float(r["price"]) if enforced else math.nan,
                "unit": r["price_unit"],
                f"{PLAN_TARGET}_annual": float(r["plan_target_annual_price"]),
                f"{BANDS_HELD}_annual": float(r["annual_price"]) if enforced else math.nan,
                "annual_unit": ANNUAL_UNIT,
                "why_not_binding": why,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
