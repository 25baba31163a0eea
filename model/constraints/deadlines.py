r"""The plan's dated commitments: enough of a measure in place by the deadline year.

For deadline row :math:`j` (measure :math:`m_j`, year :math:`t_j`, subject the city or a
unit; required quantity :math:`R_j` resolved from ``deadlines.csv`` by
:func:`emisim.model.commitments.resolve_deadlines`; rows, rhs and slack from the
``deadline`` family of :mod:`emisim.model.requirements`):

.. math::

    \sum_{d \in D_j} y_{d,m_j,t_j} \;\ge\; R_j,\qquad
    R_j = \text{share}_j \times \begin{cases} Q_{m_j} & \text{basis programme (city)}\\
    \sum_{d\in D_j} U_{d,m_j} & \text{basis potential}\end{cases}

:math:`D_j` is every unit (scope city) or one unit (scope district, or a zone name: one row
per unit of that zone). Monotone deployment
keeps the quantity in place after :math:`t_j`. Written only with ``deadlines: enforce``.
"""

from __future__ import annotations

import pyomo.core as pyo

from emisim.model.constraints.elastic import add_requirement
from emisim.model.params import Params
from emisim.model.requirements import DEADLINE


def define_deadlines(m: pyo.ConcreteModel, p: Params) -> None:
    members: dict[str, list[str]] = {}
    for d, k in p.potential:
        members.setdefault(k, []).append(d)

    def body(key):
        dl = p.deadline_by_key[key]
        units = members[dl.measure] if dl.subject == "city" else [dl.subject]
        return sum(m.y[d, dl.measure, dl.year] for d in units)

    add_requirement(m, p, DEADLINE, body)
