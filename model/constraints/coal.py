r"""Coal: each unit's coal use follows its BAU path minus coal-cutting measures; the city's
final-year coal stays within the ceiling share of primary energy.

.. math::

    C_{d,t} = C^0_d\, g^c_{d,t} - \sum_m k_m\, y_{d,m,t} \ge 0, \qquad
    \sum_d C_{d,T} \le \bar\theta\, \mathrm{PE}_T,\quad
    \mathrm{PE}_T = \mathrm{PE}_{2015}\,\frac{\mathrm{GDP}_T}{\mathrm{GDP}_{2015}}\,(1-\epsilon)

In a chain of periods the ceiling holds in the target year and ``Params.coal_caps`` adds
one row per later year with its own share: :math:`\sum_d C_{d,t} \le \bar\theta_t\,
\mathrm{PE}_t`.

Coal-cutting measures carry their SO2/NOx co-benefits in ``removals``, so the emission
accounting sees the same cut.
"""

from __future__ import annotations

import pyomo.core as pyo

from emisim.model.constraints.elastic import add_requirement
from emisim.model.params import Params
from emisim.model.requirements import COAL_CAP, COAL_CAP_YEAR


def define_coal(m: pyo.ConcreteModel, p: Params) -> None:
    cutting: dict[str, list[str]] = {}
    for d, k in p.potential:
        if p.coal_cut.get(k, 0.0) != 0:
            cutting.setdefault(d, []).append(k)

    def coal(_m, d, t):
        bau = p.coal0[d] * p.coal_growth[d, t]
        return bau - sum(p.coal_cut[k] * m.y[d, k, t] for k in cutting.get(d, ()))

    m.coal = pyo.Expression(m.D, m.T, rule=coal)
    m.COAL_FLOOR = pyo.Set(initialize=sorted(cutting), ordered=True)
    m.coal_floor = pyo.Constraint(m.COAL_FLOOR, m.T, rule=lambda _m, d, t: m.coal[d, t] >= 0)
    T = p.target_year
    add_requirement(m, p, COAL_CAP, lambda _k: sum(m.coal[d, T] for d in m.D))
    add_requirement(m, p, COAL_CAP_YEAR, lambda t: sum(m.coal[d, t] for d in m.D))
