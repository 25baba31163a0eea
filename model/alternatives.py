r"""Objectives beyond least cost: equity and the maximum technically feasible reduction.

**Equity** (``objective.kind: equity``): minimise the largest deviation of a band
subject's cut rate from its category's nominal rate :math:`n_b`
(:func:`emisim.model.forms.nominal_rate`),

.. math::

    \min z \quad\text{s.t.}\quad -z \le \mathrm{cut}_b(y) - n_b \le z \quad
    \forall b \text{ with a nominal rate},

under every constraint of the scenario (targets, bands, coal, programme, budget).

**Maximum technically feasible reduction** (``objective.kind: max_technical``): the
ceiling of what the measures can do, with every requirement of the plan dropped (city
targets, milestones, bands, adapt-locally shares, the coal cap, programme quantities, the
budget) and only the physical limits kept (potentials, ramps, monotone deployment, sector
and coal floors); the objective is the weighted reduction of ``max_reduction``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from emisim.model.forms import band_cut, nominal_rate
from emisim.model.params import Params


def technical_params(p: Params) -> Params:
    """``p`` with every requirement of the plan dropped: only physical limits remain."""
    return p.technical()


def equity_rows(p: Params) -> list[tuple[object, float, dict, float]]:
    """(band key, nominal rate, terms, constant) of every band with a nominal rate."""
    out = []
    for b in p.bands:
        n = nominal_rate(b)
        if n is not None:
            f = band_cut(p, b)
            out.append((b.key, n, f.terms, f.constant))
    return out


def define_equity_objective(m: pyo.ConcreteModel, p: Params) -> None:
    """``min z`` with ``|cut_b - n_b| <= z`` for every band with a nominal rate."""
    rows = equity_rows(p)
    m.EQUITY = pyo.Set(initialize=range(len(rows)), ordered=True)
    m.equity_z = pyo.Var(domain=pyo.NonNegativeReals)

    def cut(i):
        _key, _n, terms, const = rows[i]
        return const + sum(c * m.y[k] for k, c in terms.items())

    m.equity_above = pyo.Constraint(m.EQUITY, rule=lambda _m, i: cut(i) - rows[i][1] <= m.equity_z)
    m.equity_below = pyo.Constraint(m.EQUITY, rule=lambda _m, i: rows[i][1] - cut(i) <= m.equity_z)
    m.obj = pyo.Objective(expr=m.equity_z, sense=pyo.minimize)
