r"""City-wide targets for the final year, and optional interim milestones.

.. math::

    \sum_{d}\sum_{s \in S_p} E_{d,s,p,T} \le (1-\tau_p) \sum_d \sum_{s\in S_p} E^0_{d,s,p}

:math:`S_p` is every sector, except for VOC (key-industry sectors only by default).
"""

from __future__ import annotations

import pyomo.core as pyo

from emisim.model.constraints.elastic import add_requirement
from emisim.model.params import Params
from emisim.model.requirements import CITY_TARGET, MILESTONE


def scope_keys(p: Params) -> dict[str, list[tuple[str, str]]]:
    """The (d, s) of each pollutant's tracked emissions inside its target scope :math:`S_p`,
    in the order of ``m.EK``: one pass over the keys, not one per row."""
    scope = {q: set(p.target_scope[q]) for q in p.pollutants}
    out: dict[str, list[tuple[str, str]]] = {q: [] for q in p.pollutants}
    for d, s, q in p.emission_keys:
        if s in scope[q]:
            out[q].append((d, s))
    return out


def scope_total(m: pyo.ConcreteModel, keys: dict[str, list[tuple[str, str]]], q: str, t: int):
    return sum(m.emis[d, s, q, t] for d, s in keys[q])


def define_city_targets(m: pyo.ConcreteModel, p: Params) -> None:
    T = p.target_year
    scoped = scope_keys(p)
    add_requirement(m, p, CITY_TARGET, lambda q: scope_total(m, scoped, q, T))


def define_milestones(m: pyo.ConcreteModel, p: Params) -> None:
    scoped = scope_keys(p) if p.milestones else {}
    add_requirement(m, p, MILESTONE, lambda k: scope_total(m, scoped, k[1], k[0]))
