r"""City-wide targets for the final year, and optional interim milestones.

.. math::

    \sum_{d}\sum_{s \in S_p} E_{d,s,p,T} \le (1-\tau_p) \sum_d \sum_{s\in S_p} E^0_{d,s,p}

:math:`S_p` is every sector, except for VOC (key-industry sectors only by default).
"""

from __future__ import annotations

import pyomo.environ as pyo

from emisim.model.constraints.elastic import slack
from emisim.model.params import Params


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
    pols = [
        q for q in p.pollutants if q in p.targets and p.base_totals[q] > 0 and p.enforce_targets
    ]
    m.TARGET = pyo.Set(initialize=pols, ordered=True)
    s = slack(m, "city_target", m.TARGET)
    T = p.final_year
    scoped = scope_keys(p)

    def rule(_m, q):
        base = p.base_totals[q]
        allowed = (1 - p.targets[q]) * base + (s[q] * base if s is not None else 0)
        return scope_total(m, scoped, q, T) <= allowed

    m.city_target = pyo.Constraint(m.TARGET, rule=rule)


def define_milestones(m: pyo.ConcreteModel, p: Params) -> None:
    keys = sorted(k for k in p.milestones if p.base_totals[k[1]] > 0)
    m.MILESTONE = pyo.Set(initialize=keys, dimen=2, ordered=True)
    scoped = scope_keys(p) if keys else {}
    s = slack(m, "milestone", m.MILESTONE)

    def rule(_m, t, q):
        base = p.base_totals[q]
        allowed = (1 - p.milestones[t, q]) * base + (s[t, q] * base if s is not None else 0)
        return scope_total(m, scoped, q, t) <= allowed

    m.milestone = pyo.Constraint(m.MILESTONE, rule=rule)
