"""Pushing a change of Params into a loaded HiGHS model, without Pyomo: which Params
fields move only row bounds, column bounds, costs or matrix coefficients, and the HiGHS
calls that move them (``changeRowsBounds``, ``changeColsBounds``, ``changeColsCost``,
``changeCoeff``).

:class:`emisim.solvers.engine.Engine` decides when a change can be pushed and rebuilds
otherwise (:func:`plan`); here each push compares ``p`` with what the :class:`Layout`
says is loaded and touches only what moved. Every number pushed comes from the same
functions the Pyomo build reads: a requirement family's ``rhs`` and ``constant``
(:mod:`emisim.model.requirements`), ``ramp_rhs``, ``cost_coefficients`` and the removal
rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import highspy
import numpy as np

from emisim.model.constraints.measures import ramp_rhs
from emisim.model.objective import cost_coefficients
from emisim.model.params import Params
from emisim.model.requirements import BUDGET, FAMILIES
from emisim.solvers.layout import FLOOR_CONSTANTS, Layout

INF = highspy.kHighsInf
#: Params fields whose change only moves right-hand sides (checked family by family when
#: pushed): those of the families whose change is a row bound (``Family.push``), and the
#: primary energy the coal cap is a share of.
RHS_FIELDS = {f.params_field for f in FAMILIES.values() if f.push == "bound"} | {
    "energy_final",
    "energy_path",
}
#: Params fields business-as-usual emissions and coal follow: they move the constants of
#: the emission, band, target and coal rows (and the bands' BAU, hence their ceilings).
GROWTH_FIELDS = {"growth", "coal_growth", "growth_index", "growth_multiplier", "growth_coal"}
#: Params fields the cost coefficients (objective.cost_coefficients) and prices follow.
COST_FIELDS = {
    "annual_cost",
    "unit_pv",
    "cost_factor",
    "discount",
    "discount_rate",
    "capex",
    "opex",
    "lifetime",
    "evaluation_end",
}
#: Objectives whose rows and costs the pushes below keep exact (the others rebuild on a
#: change of growth or removal rates: their forms read them).
PUSHED_OBJECTIVES = ("least_cost", "max_reduction")


@dataclass
class Push:
    """What one change of Params needs: the row families whose bounds move, whether the
    business-as-usual constants moved, costs, potentials (column bounds), removal rates
    (matrix coefficients); ``rebuild`` when any of it changes rows or columns."""

    rows: list[str] = field(default_factory=list)
    constants: bool = False
    costs: bool = False
    potential: bool = False
    removal: bool = False
    rebuild: bool = False


def plan(old: Params, new: Params, changed: set[str], *, elastic: bool) -> Push:
    """How to load ``new`` over ``old`` given the Params fields that differ."""
    out = Push()
    known = RHS_FIELDS | GROWTH_FIELDS | COST_FIELDS | {"potential", "removal"}
    if not changed <= known:
        out.rebuild = True
        return out
    out.constants = bool(changed & GROWTH_FIELDS)
    out.costs = bool(changed & COST_FIELDS)
    out.potential = "potential" in changed
    out.removal = "removal" in changed
    if out.potential and new.potential.keys() != old.potential.keys():
        out.rebuild = True
    if new.ceiling_exempt != old.ceiling_exempt:
        out.rebuild = True  # the ceiling rows' coefficients (guidance.ceilings)
    if out.removal and not _same_signs(old.removal, new.removal):
        out.rebuild = True
    if (out.constants or out.removal) and (new.objective not in PUSHED_OBJECTIVES or elastic):
        out.rebuild = True
    if out.removal and new.objective != "least_cost":
        out.rebuild = True  # the max-reduction objective's coefficients are removals
    moved = changed - COST_FIELDS
    if moved <= {"targets", "bands"}:
        out.rows = [f.name for f in FAMILIES.values() if f.follows_target] if moved else []
    else:  # the ramp rows read only potentials (and ramps, whose change rebuilds)
        out.rows = [*FAMILIES, *(["deploy_ramp"] if out.potential else []), *FLOOR_CONSTANTS]
    return out


def _same_signs(a: dict, b: dict) -> bool:
    """Same keys with the same signs: the removal rates scale existing coefficients."""
    return a.keys() == b.keys() and all((a[k] > 0) == (b[k] > 0) for k in a)


def push_rhs(highs: highspy.Highs, lay: Layout, p: Params, names, *, constants=False) -> bool:
    """Move the bounds of the named families' rows to ``p``'s (with ``constants``, the
    business-as-usual constants of their bodies recomputed from ``p`` too); False if
    their rows changed (the caller rebuilds)."""
    for name in names:
        block = lay.blocks[name]
        if name in FAMILIES:
            fam = FAMILIES[name]
            if fam.keys(p) != block.keys:
                return False
            rhs = np.array([fam.rhs(p, k) for k in block.keys], dtype=float)
            const = np.array([fam.constant(p, k) for k in block.keys]) if constants else None
        elif name in FLOOR_CONSTANTS:
            if not constants:
                continue
            rhs = np.zeros(len(block.keys))
            const = np.array([FLOOR_CONSTANTS[name](p, k) for k in block.keys], dtype=float)
        else:
            rhs = np.array([ramp_rhs(p, d, k) for d, k, _t in block.keys], dtype=float)
            const = None
        if const is not None and len(const):
            block.const = const
        bound = rhs - block.const
        dropped = block.pos < 0
        if dropped.any() and not _constant_rows_hold(block, p, name, rhs, dropped):
            return False  # a row without variables that no longer holds: a rebuild says so
        moved = np.flatnonzero((bound != block.bound) & ~dropped)
        if not len(moved):
            continue
        block.bound = bound
        rows = block.pos[moved].astype(np.int32)
        new = bound[moved]
        inf = np.full(len(moved), INF)
        lower, upper = (-inf, new) if block.upper else (new, inf)
        highs.changeRowsBounds(len(rows), rows, lower, upper)
    return True


def _constant_rows_hold(block, p: Params, name: str, rhs, dropped) -> bool:
    """Rows the compiler dropped (no variable left: e.g. a ceiling whose every measure is
    counted outside it) are their body's constant against ``rhs``: True if each still
    holds (nothing to push), False where one does not or cannot be judged."""
    fam = FAMILIES.get(name)
    if fam is None:
        return False
    keys = [k for k, d in zip(block.keys, dropped, strict=True) if d]
    body = np.array([fam.constant(p, k) for k in keys], dtype=float)
    need = np.asarray(rhs, dtype=float)[dropped]
    tol = 1e-9 * np.maximum(1.0, np.abs(need))
    return bool(np.all(body <= need + tol) if block.upper else np.all(body >= need - tol))


def push_bounds(highs: highspy.Highs, lay: Layout, p: Params) -> None:
    """Column upper bounds to ``p``'s potentials (same columns)."""
    start = p.available_from  # a chain's later measures: 0 before their first year
    upper = np.array(
        [0.0 if t < start.get(k, t) else p.potential[d, k] for d, k, t in lay.y_keys],
        dtype=float,
    )
    cols = lay.y_pos.astype(np.int32)
    highs.changeColsBounds(len(cols), cols, np.zeros(len(cols)), upper)


def push_costs(
    highs: highspy.Highs, lay: Layout, p: Params, *, elastic: bool, measures=None
) -> None:
    """Cost coefficients to ``p``'s, in the objective (least cost, not elastic) and in the
    budget row; only the columns of ``measures`` when given (a change of their costs)."""
    if measures is None:
        new = lay.cost_vector(p)
        at = np.arange(len(new))
    else:
        at = np.flatnonzero(np.isin(lay.y_measure, [p.measures.index(k) for k in measures]))
        coef = cost_coefficients(p, measures)
        new = lay.y_cost.copy()
        new[at] = [coef[lay.y_keys[i]] for i in at]
    moved = at[new[at] != lay.y_cost[at]]
    cols = lay.y_pos[moved]
    if p.objective == "least_cost" and not elastic:
        highs.changeColsCost(len(cols), cols.astype(np.int32), new[moved])
    budget = lay.row_of.get((BUDGET.name, None))
    if budget is not None:
        for j, c in zip(cols, new[moved], strict=True):
            highs.changeCoeff(budget, int(j), float(c))
    lay.y_cost = new
    lay.set_prices(p)


def push_removals(highs: highspy.Highs, lay: Layout, old: Params, p: Params) -> None:
    """Matrix coefficients of each measure's columns in the rows of each pollutant whose
    removal rate moved: every such coefficient is proportional to the rate (emission,
    target, band and adapt-locally rows alike), so it scales by new / old."""
    for (k, q), r in p.removal.items():
        was = old.removal[k, q]
        if r == was:
            continue
        hit = (lay.row_pollutant[lay.a_row] == q) & (lay.col_measure[lay.a_col] == k)
        lay.a_val[hit] *= r / was
        for i in np.flatnonzero(hit):
            highs.changeCoeff(int(lay.a_row[i]), int(lay.a_col[i]), float(lay.a_val[i]))
    lay.set_removals(p)
