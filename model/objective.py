r"""Cost accounting and the objective (three conventions, ``objective.accounting``).

.. math::

    c_m = K_m\,\mathrm{CRF}(r, L_m) + O_m,\qquad \delta_t = (1+r)^{-(t-2015)},\qquad
    P_{m,t} = c_m \sum_{k=0}^{n L_m - 1} \delta_{t+k}

* ``lifetime`` (default): :math:`\mathrm{Cost} = \sum_{d,m,t} P_{m,t}\,(y_{d,m,t} -
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

import pyomo.environ as pyo

from emisim.model.constraints.elastic import slack
from emisim.model.params import Params


def row_cost(p: Params, measure: str, year: int, units: Any, new_units: Any) -> Any:
    """The cost a (unit, measure, year) row adds to ``Cost`` under the scenario's
    accounting; works on numbers (result tables) and on Pyomo variables (the objective)."""
    if p.accounting == "lifetime":
        return p.unit_pv[measure, year] * new_units
    if p.accounting == "target_year":
        return p.annual_cost[measure] * units if year == p.final_year else 0.0
    return p.discount[year] * p.annual_cost[measure] * units


def define_cost(m: pyo.ConcreteModel, p: Params) -> None:
    first = p.years[0]

    def new(d: str, k: str, t: int) -> Any:
        return m.y[d, k, t] - (m.y[d, k, t - 1] if t > first else 0.0)

    m.total_cost = pyo.Expression(
        expr=sum(row_cost(p, k, t, m.y[d, k, t], new(d, k, t)) for (d, k) in m.DM for t in m.T)
    )
    if p.budget is not None:
        s = slack(m, "budget")
        extra = s * p.budget if s is not None else 0
        m.budget = pyo.Constraint(expr=m.total_cost <= p.budget + extra)


def define_objective(m: pyo.ConcreteModel, p: Params) -> None:
    if m.elastic:
        m.obj = pyo.Objective(
            expr=sum(sum(v for v in getattr(m, f"slack_{f}").values()) for f in m.slack_families),
            sense=pyo.minimize,
        )
        return
    if p.objective == "max_reduction":
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
