"""Pushing a change of Params into a loaded HiGHS model, without Pyomo: which Params
fields move only row bounds or costs, and the HiGHS calls that move them
(``changeRowsBounds``, ``changeColsBounds``, ``changeColsCost``, ``changeCoeff``).

:class:`emisim.solvers.engine.Engine` decides when a change can be pushed and rebuilds
otherwise; here each push compares ``p`` with what the :class:`Layout` says is loaded
and touches only what moved.
"""

from __future__ import annotations

import highspy
import numpy as np

from emisim.model.constraints.measures import ramp_rhs
from emisim.model.params import Params
from emisim.model.requirements import BUDGET, FAMILIES
from emisim.solvers.layout import Layout

INF = highspy.kHighsInf
#: Params fields whose change only moves right-hand sides: those of the families whose
#: change is a row bound (``Family.push``; checked family by family when pushed).
RHS_FIELDS = {f.params_field for f in FAMILIES.values() if f.push == "bound"}
#: Params fields the cost coefficients (objective.cost_coefficients) are computed from.
COST_FIELDS = {"annual_cost", "unit_pv", "cost_factor"}


def rhs_families(changed: set[str]) -> list[str]:
    """The row families whose bounds a change of these Params fields can move: none for
    costs alone, the target and band rows for targets and bands (as ``set_target``),
    else all (a sweep's cost or target runs skip recomputing thousands of bounds)."""
    moved = changed - COST_FIELDS
    if not moved:
        return []
    if moved <= {"targets", "bands"}:
        return [f.name for f in FAMILIES.values() if f.follows_target]
    return [*FAMILIES, "deploy_ramp"]


def push_rhs(highs: highspy.Highs, lay: Layout, p: Params, names) -> bool:
    """Move the bounds of the named families' rows to ``p``'s; False if their rows
    changed (the caller rebuilds)."""
    for name in names:
        block = lay.blocks[name]
        if name in FAMILIES:
            fam = FAMILIES[name]
            if fam.keys(p) != block.keys:
                return False
            rhs = np.array([fam.rhs(p, k) for k in block.keys], dtype=float)
        else:
            rhs = np.array([ramp_rhs(p, d, k) for d, k, _t in block.keys])
        bound = rhs - block.const
        moved = np.flatnonzero(bound != block.bound)
        if not len(moved):
            continue
        if (block.pos[moved] < 0).any():
            return False  # a row without variables: only a rebuild can judge it
        block.bound = bound
        rows = block.pos[moved].astype(np.int32)
        new = bound[moved]
        inf = np.full(len(moved), INF)
        lower, upper = (-inf, new) if block.upper else (new, inf)
        highs.changeRowsBounds(len(rows), rows, lower, upper)
    return True


def push_bounds(highs: highspy.Highs, lay: Layout, p: Params) -> None:
    """Column upper bounds to ``p``'s potentials (same columns)."""
    upper = np.array([p.potential[d, k] for d, k, _t in lay.y_keys], dtype=float)
    cols = lay.y_pos.astype(np.int32)
    highs.changeColsBounds(len(cols), cols, np.zeros(len(cols)), upper)


def push_costs(highs: highspy.Highs, lay: Layout, p: Params, *, elastic: bool) -> None:
    """Cost coefficients to ``p``'s, in the objective (least cost, not elastic) and in the
    budget row."""
    new = lay.cost_vector(p)
    moved = np.flatnonzero(new != lay.y_cost)
    cols = lay.y_pos[moved]
    if p.objective == "least_cost" and not elastic:
        highs.changeColsCost(len(cols), cols.astype(np.int32), new[moved])
    budget = lay.row_of.get((BUDGET.name, None))
    if budget is not None:
        for j, c in zip(cols, new[moved], strict=True):
            highs.changeCoeff(budget, int(j), float(c))
    lay.y_cost = new
