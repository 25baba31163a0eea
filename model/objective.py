r"""Cost accounting and the objective.

.. math::

    c_m = K_m\,\mathrm{CRF}(r, L_m) + O_m,\qquad
    \mathrm{Cost} = \sum_t \delta_t \sum_{d,m} c_m\, y_{d,m,t},\qquad \delta_t = (1+r)^{-(t-2015)}

least cost: :math:`\min \mathrm{Cost}`; max reduction: :math:`\max \sum_p w_p
\sum_{d,s} (E^0 g - E)_{d,s,p,T}` subject to :math:`\mathrm{Cost} \le B`.
In elastic mode the objective is the sum of all slacks (a feasibility diagnosis).
"""

from __future__ import annotations

import pyomo.environ as pyo

from emisim.model.constraints.elastic import slack
from emisim.model.params import Params


def define_cost(m: pyo.ConcreteModel, p: Params) -> None:
    m.total_cost = pyo.Expression(
        expr=sum(p.discount[t] * p.annual_cost[k] * m.y[d, k, t] for (d, k) in m.DM for t in m.T)
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
