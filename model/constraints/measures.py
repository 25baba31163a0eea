r"""Deployment of abatement measures: potentials, monotonicity, ramp, programme quantities.

.. math::

    0 \le y_{d,m,t} \le U_{d,m}, \qquad y_{d,m,t} \ge y_{d,m,t-1},\qquad
    y_{d,m,t} - y_{d,m,t-1} \le \rho_m U_{d,m}\ (y_{d,m,t_0-1} = 0),\qquad
    \sum_d y_{d,m,T} \le Q_m \ (\text{or } = Q_m)

with :math:`T` the target year and :math:`y_{d,m,t} = 0` before a measure's first year
(``Params.available_from``: a later period's new measures in a chain).
"""

from __future__ import annotations

import pyomo.core as pyo

from emisim.model.constraints.elastic import add_requirement
from emisim.model.params import Params
from emisim.model.requirements import PROGRAMME_CAP, PROGRAMME_FLOOR
from emisim.model.rows import declare, monotone_rows, ramp_rows


def ramp_rhs(p: Params, d: str, k: str) -> float:
    """Right-hand side of ``deploy_ramp[d, k, t]``: the most units added in one year."""
    return p.ramp[k] * p.potential[d, k]


def define_deployment(m: pyo.ConcreteModel, p: Params) -> None:
    pairs = sorted(p.potential)
    m.DM = pyo.Set(initialize=pairs, dimen=2, ordered=True)
    # DM x T, flattened once: iterating a product set flattens every index on every pass
    m.DMT = pyo.Set(initialize=[(d, k, t) for d, k in pairs for t in p.years], dimen=3)
    start = p.available_from

    def bounds(_m, d, k, t):
        return (0, 0 if t < start.get(k, t) else p.potential[d, k])

    m.y = pyo.Var(m.DMT, domain=pyo.NonNegativeReals, bounds=bounds)
    if m.arrays:  # the same rows, assembled as arrays (emisim.model.rows)
        declare(m, monotone_rows(m, p))
        declare(m, ramp_rows(m, p, ramp_rhs))
        return
    first = p.years[0]

    def monotone(_m, d, k, t):
        if t == first:
            return pyo.Constraint.Skip
        return m.y[d, k, t] >= m.y[d, k, t - 1]

    def ramp(_m, d, k, t):
        prev = m.y[d, k, t - 1] if t > first else 0
        return m.y[d, k, t] - prev <= ramp_rhs(p, d, k)

    m.deploy_monotone = pyo.Constraint(m.DM, m.T, rule=monotone)
    m.deploy_ramp = pyo.Constraint(m.DM, m.T, rule=ramp)


def define_programme(m: pyo.ConcreteModel, p: Params) -> None:
    by_measure: dict[str, list[str]] = {}
    for d, k in p.potential:
        by_measure.setdefault(k, []).append(d)
    T = p.target_year

    def total(k):
        return sum(m.y[d, k, T] for d in by_measure[k])

    add_requirement(m, p, PROGRAMME_CAP, total)
    add_requirement(m, p, PROGRAMME_FLOOR, total)
