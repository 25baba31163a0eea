r"""Emission accounting.

.. math::

    E_{d,s,p,t} = E^0_{d,s,p}\, g_{d,s,t} - \sum_{m \in M_s} r_{m,p}\, y_{d,m,t} \;\ge\; 0

Only the floor rows that a positive removal can reach are written.
"""

from __future__ import annotations

import pyomo.core as pyo

from emisim.model.params import Params
from emisim.model.rows import declare, floor_rows


def define_emissions(m: pyo.ConcreteModel, p: Params) -> None:
    acting: dict[tuple[str, str, str], list[str]] = {}
    for d, k in p.potential:
        s = p.measure_sector[k]
        for q in p.pollutants:
            if (k, q) in p.removal:
                acting.setdefault((d, s, q), []).append(k)
    m.EK = pyo.Set(initialize=p.emission_keys, dimen=3, ordered=True)

    def emis(_m, d, s, q, t):
        base = p.e0.get((d, s, q), 0.0) * p.growth[d, s, t]
        return base - sum(p.removal[k, q] * m.y[d, k, t] for k in acting.get((d, s, q), ()))

    years = m.T
    if m.arrays:  # the floors are arrays: only the final, target and milestone years are read
        read = {p.final_year, p.target_year, *(t for t, _q in p.milestones)}
        m.EMIS_T = pyo.Set(initialize=sorted(read))
        years = m.EMIS_T
    m.emis = pyo.Expression(m.EK, years, rule=emis)
    floors = sorted(key for key, ks in acting.items() if any(p.removal[k, key[2]] > 0 for k in ks))
    if m.arrays:  # the same rows, assembled as arrays (emisim.model.rows)
        declare(m, floor_rows(m, p, floors, acting))
        return
    m.FLOOR = pyo.Set(initialize=floors, dimen=3, ordered=True)
    m.sector_floor = pyo.Constraint(
        m.FLOOR, m.T, rule=lambda _m, d, s, q, t: m.emis[d, s, q, t] >= 0
    )
