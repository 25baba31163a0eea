r"""Cost accounting and the objective (four conventions, ``objective.accounting``).

.. math::

    c_m = K_m\,\mathrm{CRF}(r, L_m) + O_m,\qquad \delta_t = (1+r)^{-(t-2015)},\qquad
    P_{m,t} = c_m \sum_{k=0}^{n L_m - 1} \delta_{t+k},\qquad W_t = \sum_{k=t}^{H} \delta_k

* ``common_horizon`` (default): :math:`\mathrm{Cost} = \sum_{d,m,t} c_m W_t\,(y_{d,m,t} -
  y_{d,m,t-1})`, every unit costed to one evaluation end :math:`H` whatever its life
  (renewed at the end of a life, annuity-consistent salvage beyond :math:`H`);
* ``lifetime``: :math:`\mathrm{Cost} = \sum_{d,m,t} P_{m,t}\,(y_{d,m,t} -
  y_{d,m,t-1})`, every new unit priced at the present value of its whole life
  (:math:`n` lives where one ends before :math:`T_f`), even past the horizon;
* ``target_year`` (GAINS): :math:`\mathrm{Cost} = \sum_{d,m} c_m\, y_{d,m,T_f}`;
* ``horizon`` (truncated): :math:`\mathrm{Cost} = \sum_t \delta_t \sum_{d,m} c_m\, y_{d,m,t}`.

least cost: :math:`\min \mathrm{Cost}`; max reduction: :math:`\max \sum_p w_p
\sum_{d,s} (E^0 g - E)_{d,s,p,T}` subject to :math:`\mathrm{Cost} \le B`.
In elastic mode the objective is the sum of all slacks (a feasibility diagnosis).
"""

from __future__ import annotations

from typing import Any

import pyomo.core as pyo

from emisim.model.alternatives import define_equity_objective, define_gini_objective
from emisim.model.constraints.elastic import add_requirement
from emisim.model.params import Params
from emisim.model.requirements import BUDGET


def row_cost(p: Params, measure: str, year: int, units: Any, new_units: Any) -> Any:
    """The cost a (unit, measure, year) row adds to ``Cost`` under the scenario's
    accounting; works on numbers (result tables) and on Pyomo variables (the objective)."""
    if p.accounting == "common_horizon":
        return p.horizon_weight[year] * p.annual_cost[measure] * new_units
    if p.accounting == "lifetime":
        return p.unit_pv[measure, year] * new_units
    if p.accounting == "target_year":
        return p.annual_cost[measure] * units if year == p.final_year else 0.0
    return p.discount[year] * p.annual_cost[measure] * units


def cost_coefficients(p: Params, measures=None) -> dict[tuple[str, str, int], float]:
    """The coefficient of ``y[d, m, t]`` in ``Cost``: :func:`row_cost` is linear in the
    units standing (``y_t``) and the new units (``y_t - y_{t-1}``), so ``y_t`` carries its
    own row's unit and new-unit parts less the next year's new-unit part, times the unit's
    cost factor f[d, m] (``Params.cost_factor``, 1 where absent). The objective, the budget
    row and the re-solve engine's ``set_cost`` all read these."""
    per = unit_cost_coefficients(p)
    f = p.cost_factor
    return {
        (d, k, t): per[k][i] * f.get((d, k), 1.0)
        for (d, k) in sorted(p.potential)
        if k in per
        for i, t in enumerate(p.years)
    }


def unit_cost_coefficients(p: Params) -> dict[str, list[float]]:
    """Per measure, the coefficient of ``y[d, m, t]`` in ``Cost`` for each model year
    before the cost factor: :func:`cost_coefficients` times f[d, m]."""
    years = p.years
    per: dict[str, list[float]] = {}
    for k in p.measures:
        stock = [row_cost(p, k, t, 1.0, 0.0) for t in years]
        new = [row_cost(p, k, t, 0.0, 1.0) for t in years]
        per[k] = [
            s + n - (new[i + 1] if i + 1 < len(years) else 0.0)
            for i, (s, n) in enumerate(zip(stock, new, strict=True))
        ]
    return per


def define_cost(m: pyo.ConcreteModel, p: Params) -> None:
    m.total_cost = pyo.Expression(expr=sum(c * m.y[key] for key, c in cost_coefficients(p).items()))
    add_requirement(m, p, BUDGET, lambda _k: m.total_cost)


def define_objective(m: pyo.ConcreteModel, p: Params) -> None:
    if m.elastic:
        m.obj = pyo.Objective(
            expr=sum(sum(v for v in getattr(m, f"slack_{f}").values()) for f in m.slack_families),
            sense=pyo.minimize,
        )
        return
    if p.objective == "equity":
        define_equity_objective(m, p)
        return
    if p.objective == "gini":
        define_gini_objective(m, p)
        return
    if p.objective in ("max_reduction", "max_technical"):
        T = p.final_year
        abatement = sum(
            p.weights.get(q, 0.0)
            * (p.e0.get((d, s, q), 0.0) * p.growth[d, s, T] - m.emis[d, s, q, T])
            for (d, s, q) in m.EK
            if s in p.target_scope[q]
        )
        m.obj = pyo.Objective(expr=abatement, sense=pyo.maximize)
    else:
        m.obj = pyo.Objective(expr=m.total_cost, sense=pyo.minimize)
