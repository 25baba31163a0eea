r"""Category guidance: bands on each unit's (or group's) final-year cut rate.

For subject *u* (a unit, or a group with member shares :math:`w_d`) in category *k* of
family *f*, pollutant *p*, sectors :math:`S_{f,p}` and base :math:`B = \sum w_d E^0`:

.. math::

    F_{u,p} = \sum_{d} w_d \sum_{s \in S_{f,p}} E_{d,s,p,T}, \qquad
    \min\big((1-\overline{\beta}_{f,k,p})\,B,\ F^{BAU}_{u,p}\big) \;\le\; F_{u,p}
    \;\le\; (1-\underline{\beta}_{f,k,p})\,B

A ceiling never forbids a decline that happens without measures (BAU below the ceiling).

Adapt locally: the named sectors' share of a unit's abatement in the final year,

.. math::

    \sum_{s \in N} A_{d,s,p} \ge \sigma \sum_{s \in S_f} A_{d,s,p},\qquad
    A_{d,s,p} = \sum_{m\in M_s} r_{m,p}\,y_{d,m,T}
"""

from __future__ import annotations

import pyomo.environ as pyo

from emisim.model.constraints.elastic import slack
from emisim.model.params import Params


def band_final(m: pyo.ConcreteModel, p: Params, subject: str, family_sectors: set, q: str):
    members = p.groups.get(subject, {subject: 1.0})
    T = p.final_year
    return sum(
        w * m.emis[d, s, q, T]
        for d, w in members.items()
        for s in family_sectors
        if (d, s, q) in m.EK
    )


def define_bands(m: pyo.ConcreteModel, p: Params) -> None:
    lowers = [i for i, b in enumerate(p.bands) if b.lower is not None and b.lower > 0]
    uppers = [i for i, b in enumerate(p.bands) if b.upper is not None]
    m.BAND_LO = pyo.Set(initialize=lowers, ordered=True)
    m.BAND_HI = pyo.Set(initialize=uppers, ordered=True)
    s_lo = slack(m, "band_lower", m.BAND_LO)
    s_hi = slack(m, "band_upper", m.BAND_HI)

    def final(i):
        b = p.bands[i]
        return band_final(m, p, b.subject, p.band_sectors[b.family, b.pollutant], b.pollutant)

    def lower(_m, i):
        b = p.bands[i]
        extra = s_lo[i] * b.base if s_lo is not None else 0
        return final(i) <= (1 - b.lower) * b.base + extra

    def upper(_m, i):
        b = p.bands[i]
        extra = s_hi[i] * b.base if s_hi is not None else 0
        return final(i) >= (1 - b.upper_effective) * b.base - extra

    m.band_lower = pyo.Constraint(m.BAND_LO, rule=lower)
    m.band_upper = pyo.Constraint(m.BAND_HI, rule=upper)


def define_adapt_locally(m: pyo.ConcreteModel, p: Params) -> None:
    m.ADAPT = pyo.Set(initialize=range(len(p.adapt)), ordered=True)
    s = slack(m, "adapt_share", m.ADAPT)
    T = p.final_year
    by_unit: dict[str, list[str]] = {}
    for d, k in p.potential:
        by_unit.setdefault(d, []).append(k)

    def abatement(d, q, sectors):
        return sum(
            p.removal.get((k, q), 0.0) * m.y[d, k, T]
            for k in by_unit.get(d, ())
            if p.measure_sector[k] in sectors
        )

    def rule(_m, i):
        a = p.adapt[i]
        scale = sum(p.e0.get((a.code, sec, a.pollutant), 0.0) for sec in a.scope) or 1.0
        named = abatement(a.code, a.pollutant, set(a.sectors))
        total = abatement(a.code, a.pollutant, set(a.scope))
        extra = s[i] * scale if s is not None else 0
        if isinstance(total, int | float) and isinstance(named, int | float):
            return pyo.Constraint.Skip  # nothing deployable: no abatement to share out
        return named + extra >= a.min_share * total

    m.adapt_share = pyo.Constraint(m.ADAPT, rule=rule)
