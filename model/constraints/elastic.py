"""Requirement rows, and their slacks in elastic (diagnostic) mode.

Every requirement row is written by :func:`add_requirement` from its family in
:mod:`emisim.model.requirements` (rows, right-hand side, sense, slack scale); the
constraint modules supply only the row's body. In elastic mode each requirement that can
conflict gets a non-negative slack measured as a *fraction* of the row's natural scale,
so shortfalls of different families are comparable; the objective then minimises the sum
of slacks and the rows with positive slack name the conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pyomo.core as pyo

from emisim.model.family import Family
from emisim.model.params import Params


def slack(m: pyo.ConcreteModel, family: str, index: Iterable[Any] | None = None):
    """A slack Var for ``family`` (registered on ``m``) in elastic mode, else ``None``."""
    if not m.elastic:
        return None
    name = f"slack_{family}"
    var = (
        pyo.Var(index, domain=pyo.NonNegativeReals)
        if index is not None
        else pyo.Var(domain=pyo.NonNegativeReals)
    )
    m.add_component(name, var)
    m.slack_families.append(family)
    return var


def add_requirement(
    m: pyo.ConcreteModel, p: Params, fam: Family, body: Callable[[Any], Any]
) -> pyo.Constraint | None:
    """Rows ``body(key) <= rhs (+ slack x scale)`` (or ``>=``) of one family, one per key,
    named ``fam.name[key]``; a single-row family (index ``()``) is a scalar constraint.
    A body without variables (nothing deployable) writes no row."""
    keys = fam.keys(p)
    if not keys:
        return None
    scalar = not fam.index
    index = None
    if not scalar:
        dimen = len(fam.index)
        index = pyo.Set(initialize=keys, dimen=dimen, ordered=True)
        m.add_component(f"{fam.name.upper()}_KEYS", index)
    s = slack(m, fam.name, index) if fam.elastic else None

    def row(key):
        extra = 0
        if s is not None:
            extra = (s if scalar else s[key]) * fam.slack_scale(p, key)
        rhs = fam.rhs(p, key)
        return body(key) <= rhs + extra if fam.row_sense == "<=" else body(key) >= rhs - extra

    if scalar:
        con = pyo.Constraint(expr=row(None))
    else:
        con = pyo.Constraint(index, rule=lambda _m, *k: row(k[0] if len(k) == 1 else k))
    m.add_component(fam.name, con)
    return con
