"""Key-project reductions (docs/model.md, *Key-project reductions*): the final-year removal
of the measures deployed in the subject's units, at least the tonnes required; in a chain
(``Params.key_project_from``) only the units added after the earlier period count."""

from __future__ import annotations

import pyomo.core as pyo

from emisim.model.constraints.elastic import add_requirement
from emisim.model.families.key_projects import KEY_PROJECT, units_of
from emisim.model.params import Params


def define_key_projects(m: pyo.ConcreteModel, p: Params) -> None:
    T, t0 = p.final_year, p.key_project_from
    at: dict[str, list[str]] = {}
    for d, k in p.potential:
        at.setdefault(d, []).append(k)

    def removed(key):
        subject, q = key
        return sum(
            p.removal.get((k, q), 0.0) * (m.y[d, k, T] - (m.y[d, k, t0] if t0 else 0))
            for d in units_of(p, subject)
            for k in at.get(d, ())
            if p.removal.get((k, q), 0.0) != 0.0
        )

    add_requirement(m, p, KEY_PROJECT, removed)
