r"""Objectives beyond least cost: equity and the maximum technically feasible reduction.

**Equity** (``objective.kind: equity``): minimise the largest deviation of a band
subject's cut rate from its category's nominal rate :math:`n_b`
(:func:`emisim.model.forms.nominal_rate`),

.. math::

    \min z \quad\text{s.t.}\quad -z \le \mathrm{cut}_b(y) - n_b \le z \quad
    \forall b \text{ with a nominal rate},

under every constraint of the scenario (targets, bands, coal, programme, budget).

**Linearised Gini** (``objective.kind: gini``): the sum over pollutants of the
population-weighted Gini of per-capita cuts :math:`x_{d,q} = \mathrm{cut}_{d,q}/N_d`,
with the mean fixed at the one the city target requires (:math:`\bar x_q = \tau_q
B_q / \sum_d N_d`) so the objective is linear:

.. math::

    \min \sum_q \frac{\sum_{i<j} N_i N_j\, v_{q,i,j}}{(\sum_d N_d)^2\,\bar x_q},\qquad
    v_{q,i,j} \ge \pm (x_{q,i} - x_{q,j})

**Maximum technically feasible reduction** (``objective.kind: max_technical``): the
ceiling of what the measures can do, with every requirement of the plan dropped (city
targets, milestones, bands, adapt-locally shares, the coal cap, programme quantities, the
budget) and only the physical limits kept (potentials, ramps, monotone deployment, sector
and coal floors); the objective is the weighted reduction of ``max_reduction``.
"""

from __future__ import annotations

import pyomo.core as pyo

from emisim.model.forms import band_cut, nominal_rate, unit_cut
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


def gini_terms(p: Params) -> dict[str, list[tuple[str, float, dict, float]]]:
    """Per pollutant with a positive target: (unit, population, per-capita cut terms,
    per-capita constant) of every unit with base emissions and a population."""
    out: dict[str, list] = {}
    for q in p.pollutants:
        if p.targets.get(q, 0.0) <= 0:
            continue
        rows = []
        for d in p.units:
            f = unit_cut(p, d, q)
            n = p.population.get(d, 0.0)
            if f is not None and n > 0:
                terms = {k: c * f.base / n for k, c in f.terms.items()}
                rows.append((d, n, terms, f.constant * f.base / n))
        if len(rows) > 1:
            out[q] = rows
    return out


def define_gini_objective(m: pyo.ConcreteModel, p: Params) -> None:
    """``min`` the sum of linearised Ginis (see the module docstring)."""
    data = gini_terms(p)
    total = sum(p.population.values())
    pairs = [
        (q, i, j)
        for q, rows in data.items()
        for i in range(len(rows))
        for j in range(i + 1, len(rows))
    ]
    m.GINI = pyo.Set(initialize=pairs, dimen=3, ordered=True)
    m.gini_v = pyo.Var(m.GINI, domain=pyo.NonNegativeReals)

    def x(q, i):
        _d, _n, terms, const = data[q][i]
        return const + sum(c * m.y[k] for k, c in terms.items())

    m.gini_above = pyo.Constraint(
        m.GINI, rule=lambda _m, q, i, j: x(q, i) - x(q, j) <= m.gini_v[q, i, j]
    )
    m.gini_below = pyo.Constraint(
        m.GINI, rule=lambda _m, q, i, j: x(q, j) - x(q, i) <= m.gini_v[q, i, j]
    )
    mean = {q: p.targets[q] * p.base_totals[q] / total for q in data}
    m.obj = pyo.Objective(
        expr=sum(
            data[q][i][1] * data[q][j][1] * m.gini_v[q, i, j] / (total**2 * mean[q])
            for q, i, j in pairs
        ),
        sense=pyo.minimize,
    )
