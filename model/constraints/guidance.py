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

import pyomo.core as pyo

from emisim.model.constraints.elastic import add_requirement
from emisim.model.params import Params
from emisim.model.requirements import ADAPT_SHARE, BAND_LOWER, BAND_UPPER


def band_final(m: pyo.ConcreteModel, p: Params, subject: str, family_sectors: set, q: str):
    members = p.groups.get(subject, {subject: 1.0})
    T = p.target_year
    return sum(
        w * m.emis[d, s, q, T]
        for d, w in members.items()
        for s in sorted(family_sectors)  # a set: sorted, so rows never follow the hash seed
        if (d, s, q) in m.EK
    )


def committed_removal(m: pyo.ConcreteModel, p: Params, subject: str, sectors, q: str):
    """The final-year removal, in the band's sectors, by the measures counted outside the
    ceilings (``Params.ceiling_exempt``): 0 unless ``guidance.ceilings:
    beyond_commitments``."""
    exempt = p.ceiling_exempt
    if not exempt:
        return 0
    T = p.target_year
    members = p.groups.get(subject, {subject: 1.0})
    return sum(
        w * p.removal.get((k, q), 0.0) * m.y[d, k, T]
        for d, w in members.items()
        for _i, k in p.potential_by_unit.get(d, ())
        if k in exempt and p.measure_sector[k] in sectors and (k, q) in p.removal
    )


def define_bands(m: pyo.ConcreteModel, p: Params) -> None:
    def final(key):
        b = p.band_by_key[key]
        return band_final(m, p, b.subject, p.band_sectors[b.family, b.pollutant], b.pollutant)

    def beyond(key):
        """The ceiling's body: final emissions plus the committed removal, so the cut it
        limits is the cut beyond the commitments (the whole cut without exemptions)."""
        b = p.band_by_key[key]
        sectors = set(p.band_sectors[b.family, b.pollutant])
        return final(key) + committed_removal(m, p, b.subject, sectors, b.pollutant)

    add_requirement(m, p, BAND_LOWER, final)
    add_requirement(m, p, BAND_UPPER, beyond)


def define_adapt_locally(m: pyo.ConcreteModel, p: Params) -> None:
    T = p.target_year
    by_unit: dict[str, list[str]] = {}
    for d, k in p.potential:
        by_unit.setdefault(d, []).append(k)

    def abatement(d, q, sectors):
        return sum(
            p.removal.get((k, q), 0.0) * m.y[d, k, T]
            for k in by_unit.get(d, ())
            if p.measure_sector[k] in sectors
        )

    def body(key):
        a = p.adapt_by_key[key]
        named = abatement(a.code, a.pollutant, set(a.sectors))
        total = abatement(a.code, a.pollutant, set(a.scope))
        return named - ADAPT_SHARE.required(p, key) * total

    add_requirement(m, p, ADAPT_SHARE, body)
