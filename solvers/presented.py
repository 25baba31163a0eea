r"""The presented allocation: among optimal plans, the one closest to the categories' rates.

The least-cost allocation is rarely unique (two districts with the same cheapest measure
can trade their cuts at no cost), and a solver returns an arbitrary vertex of the optimal
face. The allocation emisim shows is chosen by a stated second criterion instead:

.. math::

    \min \sum_{b} |\mathrm{cut}_b(y) - n_b| \quad\text{s.t. all constraints and }
    \mathrm{objective}(y) \text{ within } 10^{-9} \text{ (relative) of its optimum},

over every band :math:`b` whose category states a rate :math:`n_b`
(:func:`emisim.model.forms.nominal_rate`). Where the objective is not cost (equity, Gini,
maximum reduction), cost comes first: among the objective's optima the least-cost ones,
and among those the closest to the rates. The L1 deviation is linearised with two
non-negative columns per band. Duals of the first solve stay valid: every optimal dual
solution is complementary to every optimal primal one.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any

import numpy as np

from emisim.model.forms import band_cut, nominal_rate
from emisim.model.objective import cost_coefficients
from emisim.model.params import Params
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolveResult, SolverOptions
from emisim.solvers.loaded import TIE, LoadedLP, load, wrap


def deviation_rows(lp: LoadedLP) -> tuple[np.ndarray, np.ndarray]:
    """Add ``cut_b - n_b = plus_b - minus_b`` for each band with a nominal rate; return
    the added row and column indices (two columns per row: plus, minus)."""
    p = lp.params
    rows, cols = [], []
    for band in p.bands:
        nominal = nominal_rate(band)
        if nominal is None:
            continue
        form = band_cut(p, band)
        idx, val = lp.indices(form.terms)
        pm = lp.add_cols(2)
        rhs = nominal - form.constant
        rows.append(lp.add_row(rhs, rhs, np.r_[idx, pm], np.r_[val, -1.0, 1.0]))
        cols.extend(pm)
    return np.array(rows, dtype=np.int32), np.array(cols, dtype=np.int32)


def least_cost_row(lp: LoadedLP) -> int | None:
    """For an objective other than least cost (equity, Gini, maximum reduction), the
    second criterion is cost: minimise ``Cost`` among the objective's optima and add
    ``Cost <= that minimum`` as a row (its index; ``None`` if HiGHS fails). The most
    equitable plan shown is then the cheapest of the most equitable plans, not one of
    them at any price."""
    idx, val = lp.indices(cost_coefficients(lp.params))
    lp.set_objective(idx, val)
    if not lp.run():
        return None
    return lp.bound_row(idx, val, lp.objective(), TIE, maximize=False)


def closest_to_nominal(lp: LoadedLP, optimum: float) -> np.ndarray | None:
    """Values of the original columns of the presented allocation (``None`` if HiGHS
    fails, e.g. a time limit). The LP is left as it was (added rows and columns removed,
    objective restored)."""
    n = len(lp.cost)
    fixed = [lp.objective_row(optimum, TIE)]
    if lp.params.objective != "least_cost":
        row = least_cost_row(lp)
        if row is None:
            lp.highs.deleteRows(1, np.array(fixed, dtype=np.int32))
            lp.restore_objective()
            return None
        fixed.append(row)
    rows, cols = deviation_rows(lp)
    try:
        if len(cols) == 0:
            return lp.col_values()[:n] if lp.run() else None
        lp.set_objective(cols, np.ones(len(cols)))
        return lp.col_values()[:n] if lp.run() else None
    finally:
        all_rows = np.r_[fixed, rows].astype(np.int32)
        lp.highs.deleteRows(len(all_rows), all_rows)
        if len(cols):
            lp.highs.deleteVars(len(cols), cols)
        lp.restore_objective()


def present(
    p: Params,
    res: SolveResult,
    options: SolverOptions | None = None,
    *,
    engine: Engine | None = None,
) -> SolveResult:
    """``res`` with its primal values replaced by the presented allocation (same duals,
    objective recomputed). Returns ``res`` unchanged if it is not optimal. ``engine``: the
    engine ``res`` was solved with (just solved, cold, unchanged), so the model is not
    built a second time; it is left restored but re-solved."""
    if not res.ok or res.objective is None:
        return res
    lp = wrap(engine) if engine is not None else load(p, options)
    # the same sequence as the analyses (solve, then the second stage warm), so that where
    # the second criterion ties too, every view shows the same plan
    x = closest_to_nominal(lp, lp.objective()) if lp.run() else None
    if x is None:
        return res
    values: dict[str, dict[Any, float]] = {k: dict(v) for k, v in res.values.items()}
    for (name, index), j in lp.cols.items():
        values.setdefault(name, {})[index] = float(x[j])
    objective = float(lp.cost @ x + lp.offset)
    frozen = MappingProxyType({k: MappingProxyType(v) for k, v in values.items()})
    return dataclasses.replace(res, values=frozen, objective=objective)
