r"""Row families assembled as arrays: the deployment rows and the sector floors.

Four rows in five are ``deploy_monotone``, ``deploy_ramp`` and ``sector_floor``; stating
them as Pyomo constraints costs ~10 µs a row to build and as much again to compile. Here
they are assembled directly as arrays: :class:`ArrayRows` holds a family's row names
(index tuples), a row-wise sparse matrix over one variable's columns and the row bounds,
exactly as :func:`emisim.solvers.compile.compile_model` would read them from the Pyomo
rows (the same coefficients, in the same order, the same bounds to the bit). A family
declares its block on the model with :func:`declare`, at the place its Pyomo constraint
would have had, and the compiler emits it there, so the LP is the same row for row
(``tests/test_array_rows.py`` compiles both forms and compares every array).

The mathematics is stated once more as Pyomo constraints in
:mod:`emisim.model.constraints.measures` and :mod:`emisim.model.constraints.emissions`
(``build_model(p, arrays=False)``), the form Pyomo's persistent interface and the tests read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyomo.core as pyo

from emisim.model.params import Params

INF = float("inf")


@dataclass(frozen=True)
class ArrayRows:
    """One family's rows: ``lower <= A x <= upper`` with ``A`` row-wise over ``var``."""

    name: str  # the family's (constraint's) name
    keys: list  # each row's index tuple, in row order
    var: Any  # the Pyomo Var whose data objects (in the Var's order) are the columns
    start: np.ndarray  # CSR row starts (len(keys) + 1)
    index: np.ndarray  # position of each entry's column among ``var``'s data objects
    value: np.ndarray  # each entry's coefficient
    lower: np.ndarray  # -inf where the row has no lower bound
    upper: np.ndarray  # +inf where the row has no upper bound


def declare(m: pyo.ConcreteModel, rows: ArrayRows) -> None:
    """Put ``rows`` on ``m`` where a Pyomo constraint declared now would sit (after the
    constraints declared so far); an empty block writes nothing."""
    if not rows.keys:
        return
    position = sum(1 for _ in m.component_objects(pyo.Constraint, descend_into=False))
    m.array_rows.append((position, rows))


def _y_grid(m: pyo.ConcreteModel, p: Params) -> tuple[list, int]:
    pairs = list(m.DM)
    return pairs, len(p.years)


def monotone_rows(m: pyo.ConcreteModel, p: Params) -> ArrayRows:
    r"""``deploy_monotone[d,k,t]``: :math:`y_{d,k,t-1} - y_{d,k,t} \le 0` for t after the
    first year (Pyomo reads ``y[t] >= y[t-1]`` so)."""
    pairs, n_t = _y_grid(m, p)
    years = p.years[1:]
    keys = [(d, k, t) for d, k in pairs for t in years]
    base = (np.arange(len(pairs), dtype=np.int64)[:, None] * n_t + np.arange(1, n_t)).ravel()
    index = np.empty(2 * len(base), dtype=np.int64)
    index[0::2], index[1::2] = base - 1, base
    value = np.tile(np.array([1.0, -1.0]), len(base))
    n = len(keys)
    return ArrayRows(
        "deploy_monotone", keys, m.y, np.arange(0, 2 * n + 1, 2, dtype=np.int64), index,
        value, np.full(n, -INF), np.zeros(n),
    )  # fmt: skip


def ramp_rows(m: pyo.ConcreteModel, p: Params, rhs) -> ArrayRows:
    r"""``deploy_ramp[d,k,t]``: :math:`y_{d,k,t} - y_{d,k,t-1} \le` ``rhs(p, d, k)``; the
    first year's row has the one column."""
    pairs, n_t = _y_grid(m, p)
    keys = [(d, k, t) for d, k in pairs for t in p.years]
    first = np.zeros(n_t, dtype=bool)
    first[0] = True
    counts = np.tile(np.where(first, 1, 2), len(pairs))
    start = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    col = (np.arange(len(pairs), dtype=np.int64)[:, None] * n_t + np.arange(n_t)).ravel()
    index = np.empty(start[-1], dtype=np.int64)
    value = np.empty(start[-1], dtype=float)
    index[start[:-1]], value[start[:-1]] = col, 1.0
    later = ~np.tile(first, len(pairs))
    index[start[:-1][later] + 1], value[start[:-1][later] + 1] = col[later] - 1, -1.0
    upper = np.repeat(np.array([rhs(p, d, k) for d, k in pairs], dtype=float), n_t)
    return ArrayRows("deploy_ramp", keys, m.y, start, index, value, np.full(len(keys), -INF), upper)


def floor_rows(m: pyo.ConcreteModel, p: Params, floors: list, acting: dict) -> ArrayRows:
    r"""``sector_floor[d,s,q,t]``: :math:`-\sum_k r_{k,q}\, y_{d,k,t} \ge -E^0 g`
    (``emis[d,s,q,t] >= 0`` with the business-as-usual constant moved to the bound; terms
    with a zero rate are left out, as Pyomo's reading of the expression does)."""
    n_t = len(p.years)
    col_of_pair = {dk: i for i, dk in enumerate(m.DM)}
    pair, rate, n_terms = [], [], []  # each floor's terms: its y pairs and their rates
    for d, s, q in floors:
        terms = [(col_of_pair[d, k], p.removal[k, q]) for k in acting[d, s, q]]
        terms = [(i, r) for i, r in terms if r != 0]
        pair.extend(i for i, _r in terms)
        rate.extend(-r for _i, r in terms)
        n_terms.append(len(terms))
    keys = [(d, s, q, t) for d, s, q in floors for t in p.years]
    e0 = [p.e0.get(f, 0.0) for f in floors for _t in p.years]
    lower = [0 - e * p.growth[d, s, t] for e, (d, s, _q, t) in zip(e0, keys, strict=True)]
    counts = np.repeat(np.array(n_terms, dtype=np.int64), n_t)  # row (floor f, year j)
    start = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    first = np.zeros(len(floors) + 1, dtype=np.int64)  # each floor's first term
    np.cumsum(n_terms, out=first[1:])
    row = np.repeat(np.arange(len(keys), dtype=np.int64), counts)
    term = first[row // n_t] + np.arange(len(row), dtype=np.int64) - start[row]
    return ArrayRows(
        "sector_floor", keys, m.y, start, np.array(pair, dtype=np.int64)[term] * n_t + row % n_t,
        np.array(rate, dtype=float)[term], np.array(lower, dtype=float), np.full(len(keys), INF),
    )  # fmt: skip
