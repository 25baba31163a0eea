r"""The presented allocation: among optimal plans, the one closest to the categories' rates.

The least-cost allocation is rarely unique (two districts with the same cheapest measure
can trade their cuts at no cost), and a solver returns an arbitrary vertex of the optimal
face. The allocation emisim shows is chosen by a stated second criterion instead:

.. math::

    \min \sum_{b} |\mathrm{cut}_b(y) - n_b| \quad\text{over the optimal face},

over every band :math:`b` whose category states a rate :math:`n_b`
(:func:`emisim.model.forms.nominal_rate`). The optimal face is held by complementary
slackness (:meth:`~emisim.solvers.loaded.LoadedLP.hold_optimal_face`: every column and
row with a non-zero reduced cost or dual fixed at its bound), not by a dense objective
row, so the second stage costs about what the first solve does. Where the objective is
not cost (equity, Gini, maximum reduction), cost comes first: on the objective's face the
least-cost plans, and on their face the closest to the rates. The L1 deviation is
linearised with two non-negative columns per band. Duals of the first solve stay valid:
every optimal dual solution is complementary to every optimal primal one.

Each stage starts from scratch (HiGHS's solver data cleared), not warm from the stage
before: on the held face HiGHS's presolve removes the fixed columns and rows and solves
what is left, where a warm start pivots through the whole degenerate face (on a synthetic
country of 2,900 units the second stage took 23.7 s warm, 1.0 s from scratch;
docs/performance.md). A stage's plan is then a function of the model and the face alone,
not of the bases earlier solves left. The first solve's optimal basis is set back at the
end, so the engine's next re-solve starts warm from it.
"""

from __future__ import annotations

import dataclasses
import warnings
from types import MappingProxyType
from typing import Any

import numpy as np

from emisim.model.forms import band_cut, nominal_rate
from emisim.model.objective import cost_coefficients
from emisim.model.params import Params
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolveResult, SolverOptions
from emisim.solvers.loaded import LoadedLP, load, wrap

_PLUS_MINUS = np.array([-1.0, 1.0])  # cut - n - (plus - minus) = 0: plus above, minus below


def deviation_rows(lp: LoadedLP) -> tuple[np.ndarray, np.ndarray]:
    """Add ``cut_b - n_b = plus_b - minus_b`` for each band with a nominal rate; return
    the added row and column indices (two columns per row: plus, minus). The rows go to
    HiGHS in one call, as a CSR matrix; each band's form reads only its subject's terms."""
    p = lp.params
    rhs, parts_idx, parts_val = [], [], []
    for band in p.bands:
        nominal = nominal_rate(band)
        if nominal is None:
            continue
        form = band_cut(p, band)
        idx, val = lp.indices(form.terms)
        rhs.append(nominal - form.constant)
        parts_idx.append(idx)
        parts_val.append(val)
    n = len(rhs)
    pm = lp.add_cols(2 * n)  # band i: plus pm[2i], minus pm[2i + 1]
    idx = [a for i, terms in enumerate(parts_idx) for a in (terms, pm[2 * i : 2 * i + 2])]
    val = [a for terms in parts_val for a in (terms, _PLUS_MINUS)]
    starts = np.cumsum([0] + [len(a) + 2 for a in parts_idx[:-1]]) if n else np.empty(0)
    rows = lp.add_rows(
        np.array(rhs),
        np.array(rhs),
        starts,
        np.concatenate(idx or [[]]),
        np.concatenate(val or [[]]),
    )
    return rows, pm


class PresentationWarning(UserWarning):
    """The stated choice among tied optima could not be made; another plan is shown."""


def least_cost_stage(lp: LoadedLP) -> np.ndarray | None:
    """For an objective other than least cost (equity, Gini, maximum reduction), the
    second criterion is cost: minimise ``Cost`` over the objective's optimal face (held by
    the caller); the cheapest optimum (``None`` if HiGHS fails), its face then held in
    turn. The most equitable plan shown is then the cheapest of the most equitable plans,
    not one of them at any price."""
    idx, val = lp.indices(cost_coefficients(lp.params))
    scale = float(np.abs(val).max(initial=1.0))  # yuan per unit reach 1e8: dual simplex
    lp.set_objective(idx, val / scale)  # fails on such costs unless they are scaled
    if not lp.run():
        return None
    return lp.col_values()[: len(lp.cost)]


def closest_to_nominal(lp: LoadedLP, optimum: float) -> np.ndarray | None:
    """Values of the original columns of the presented allocation (``None`` if HiGHS
    fails, e.g. a time limit; the cheapest optimum, with a warning, if only the last stage
    fails or its plan is not optimal within :data:`CHECK` of ``optimum``). The LP is left
    as it was (bounds released, added rows and columns removed, objective restored)."""
    x, complete = _stages(lp)
    if x is not None and abs(float(lp.cost @ x + lp.offset) - optimum) > CHECK * max(
        1.0, abs(optimum)
    ):
        return None  # not an optimum after all (numerical trouble): the caller says so
    if not complete and x is not None:
        warnings.warn(
            f"scenario '{lp.params.scenario_name}': HiGHS could not pick the plan closest "
            f"to the category rates ({lp.status}); showing the cheapest optimal plan",
            PresentationWarning,
            stacklevel=3,
        )
    return x


#: The plan shown keeps the first solve's objective to this relative tolerance (HiGHS's
#: own feasibility tolerance; on the held face it is kept to rounding).
CHECK = 1e-7


def _stages(lp: LoadedLP) -> tuple[np.ndarray | None, bool]:
    """The stages, each on the optimal face of the one before (held, not a cost row):
    the plan and whether every stage solved."""
    n = len(lp.cost)
    first = lp.highs.getBasis()  # the first solve's optimal basis, given back at the end
    held = [lp.hold_optimal_face()]
    rows = cols = np.empty(0, dtype=np.int32)
    cheapest = None
    try:
        if lp.params.objective != "least_cost":
            lp.highs.clearSolver()
            cheapest = least_cost_stage(lp)
            if cheapest is None:
                return None, False
            held.append(lp.hold_optimal_face())
        rows, cols = deviation_rows(lp)
        if len(cols):
            lp.set_objective(cols, np.ones(len(cols)))
        lp.highs.clearSolver()  # from scratch: see the module docstring
        if lp.run():
            return lp.col_values()[:n], True
        return cheapest, False
    finally:
        if len(rows):
            lp.highs.deleteRows(len(rows), rows)
        if len(cols):
            lp.highs.deleteVars(len(cols), cols)
        for h in reversed(held):
            lp.release(h)
        lp.restore_objective()
        lp.highs.setBasis(first)


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
        warnings.warn(
            f"scenario '{p.scenario_name}': HiGHS could not make the stated choice among "
            f"optimal plans ({lp.status}); showing the solver's vertex",
            PresentationWarning,
            stacklevel=2,
        )
        return res
    values: dict[str, dict[Any, float]] = {k: dict(v) for k, v in res.values.items()}
    for (name, index), j in lp.cols.items():
        values.setdefault(name, {})[index] = float(x[j])
    objective = float(lp.cost @ x + lp.offset)
    frozen = MappingProxyType({k: MappingProxyType(v) for k, v in values.items()})
    return dataclasses.replace(res, values=frozen, objective=objective)
