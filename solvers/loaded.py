"""Analysis helpers over the re-solve engine: add a row over named columns, swap the
objective and restore it, bound the objective near its optimum.

The analyses (presented allocation, near-optimal ranges, cost curves, frontier) re-solve
one loaded LP many times with a changed objective or an added row. :class:`LoadedLP`
wraps an :class:`~emisim.solvers.engine.Engine` (which owns the HiGHS model, its row and
column maps and the changes by name) and adds only those operations; rows and columns it
appends come after the engine's, so the engine's maps stay valid, and callers delete
them again before handing the engine back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from emisim.model.params import Params
from emisim.solvers.compile import ConstantRowInfeasible
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolverOptions

INF = highspy.kHighsInf
TIE = 1e-9  # relative slack that stands for "equal to the optimum", up to rounding
#: A reduced cost or dual above this share of the largest objective coefficient is a price
#: (its column or row held at its bound on the optimal face); below it, rounding. On
#: plan2020 the rounding is below 1e-9 yuan and the smallest price above 100 yuan.
FACE_DUAL = 1e-9


@dataclass(frozen=True)
class Held:
    """Bounds :meth:`LoadedLP.hold_optimal_face` changed: (indices, lower, upper) of the
    columns and of the rows, as they were."""

    cols: tuple[np.ndarray, np.ndarray, np.ndarray]
    rows: tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass
class LoadedLP:
    """An engine's model with the analysis operations. ``cost`` is the original
    objective (as compiled), restored by :meth:`restore_objective`."""

    engine: Engine
    cost: np.ndarray
    offset: float
    maximize: bool

    @property
    def params(self) -> Params:
        return self.engine.params

    @property
    def highs(self) -> highspy.Highs:
        return self.engine._highs

    @property
    def cols(self) -> dict[tuple[str, Any], int]:
        return self.engine._layout.col_of

    def col(self, name: str, index: Any) -> int:
        return self.engine.col(name, index)

    def row(self, name: str, index: Any = None) -> int:
        return self.engine.row(name, index)

    def run(self) -> bool:
        """Solve the HiGHS model as it stands (warm from the last basis); True when
        HiGHS proves optimality. (The engine's own ``run`` caches; changes made here
        bypass it.) Each solve has the scenario's time limit to itself; Ctrl-C stops the
        analysis (``KeyboardInterrupt``) instead of being read as a failed solve."""
        if self._solve_once():
            return True
        # a warm start can stall on a nearly degenerate face (the objective row at the
        # optimum): once more from scratch before calling it a failure
        self.highs.clearSolver()
        return self._solve_once()

    def rerun(self) -> bool:
        """:meth:`run` for the short warm re-solves of an analysis (a few simplex
        iterations each): HiGHS runs on the calling thread, without the interruptible
        solve's fresh worker thread, whose start and HiGHS scheduler set-up cost about as
        much CPU as such a solve (2 ms of 5 on plan2020, docs/performance.md). Ctrl-C
        still stops the analysis: Python raises ``KeyboardInterrupt`` as soon as the
        solve returns (HiGHS's interrupt callbacks are switched off, so it cannot turn
        the signal into a failed solve). The retry from scratch runs interruptibly."""
        if self._solve_once(quick=True):
            return True
        self.highs.clearSolver()
        return self._solve_once(quick=False)

    def _solve_once(self, quick: bool | None = None) -> bool:
        if self.engine._run_highs(raises=True, quick=quick):
            raise KeyboardInterrupt
        return self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal

    @property
    def status(self) -> str:
        return self.highs.modelStatusToString(self.highs.getModelStatus())

    def objective(self) -> float:
        return float(self.highs.getInfo().objective_function_value)

    def col_values(self) -> np.ndarray:
        return np.asarray(self.highs.getSolution().col_value)

    def indices(self, terms: Mapping[Any, float], name: str = "y") -> tuple[np.ndarray, np.ndarray]:
        """Column indices and coefficients of ``sum(coef * name[key])``."""
        idx = np.fromiter((self.cols[name, k] for k in terms), dtype=np.int32, count=len(terms))
        val = np.fromiter(terms.values(), dtype=float, count=len(terms))
        return idx, val

    def add_row(self, lower: float, upper: float, idx: np.ndarray, val: np.ndarray) -> int:
        """Append a row; returns its index."""
        self.highs.addRow(lower, upper, len(idx), np.asarray(idx, np.int32), np.asarray(val))
        return self.highs.getNumRow() - 1

    def add_rows(
        self, lower: np.ndarray, upper: np.ndarray, starts: np.ndarray, idx: np.ndarray, val
    ) -> np.ndarray:
        """Append rows given in CSR form (``starts`` of each row into ``idx``/``val``) in
        one call to HiGHS; their indices."""
        first, n = self.highs.getNumRow(), len(lower)
        if n:
            self.highs.addRows(
                n,
                np.asarray(lower, float),
                np.asarray(upper, float),
                len(idx),
                np.asarray(starts, np.int32),
                np.asarray(idx, np.int32),
                np.asarray(val, float),
            )
        return np.arange(first, first + n, dtype=np.int32)

    def add_cols(self, n: int, lower: float = 0.0, upper: float = INF) -> np.ndarray:
        """Append ``n`` free-standing columns (no objective, no rows); their indices."""
        first = self.highs.getNumCol()
        self.highs.addVars(n, np.full(n, lower), np.full(n, upper))
        return np.arange(first, first + n, dtype=np.int32)

    def set_objective(self, idx: np.ndarray, val: np.ndarray, *, maximize: bool = False) -> None:
        """Replace the whole objective by ``sum(val * x[idx])`` (every other cost zero)."""
        n = self.highs.getNumCol()
        cost = np.zeros(n)
        np.add.at(cost, idx, val)
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        sense = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        self.highs.changeObjectiveSense(sense)

    def swap_objective(
        self, prev: np.ndarray, idx: np.ndarray, val: np.ndarray, *, maximize: bool = False
    ) -> None:
        """:meth:`set_objective` when every cost outside ``prev`` is zero already (the
        columns of the objective set last): only the costs of ``prev`` and ``idx`` are
        sent to HiGHS."""
        changed = np.union1d(prev, idx).astype(np.int32)
        cost = np.zeros(len(changed))
        np.add.at(cost, np.searchsorted(changed, idx), val)
        self.highs.changeColsCost(len(changed), changed, cost)
        sense = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        self.highs.changeObjectiveSense(sense)

    def restore_objective(self) -> None:
        n = self.highs.getNumCol()
        cost = np.zeros(n)
        cost[: len(self.cost)] = self.cost
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        sense = highspy.ObjSense.kMaximize if self.maximize else highspy.ObjSense.kMinimize
        self.highs.changeObjectiveSense(sense)

    def hold_optimal_face(self) -> Held:
        """Restrict the model to the optimal face of the objective just solved: every
        nonbasic column and row whose reduced cost or dual is non-zero (above
        :data:`FACE_DUAL` of the largest objective coefficient) is fixed at the bound it
        sits at. By complementary slackness every optimal plan satisfies exactly these
        (any optimal primal solution is complementary to any optimal dual one), so the
        restricted model's plans are the optimal plans, without a dense objective row
        held to a tolerance; HiGHS also presolves the fixed columns away. The current
        plan stays feasible (the basis stays primal feasible). :meth:`release` undoes it."""
        h = self.highs
        lp, sol = h.getLp(), h.getSolution()
        thr = FACE_DUAL * float(np.abs(np.asarray(lp.col_cost_)).max(initial=0.0))
        held = []
        for value, dual, lower, upper in (
            (sol.col_value, sol.col_dual, lp.col_lower_, lp.col_upper_),
            (sol.row_value, sol.row_dual, lp.row_lower_, lp.row_upper_),
        ):
            # a priced column or row is nonbasic, so at one of its bounds: the nearer one
            # (read off the values, not the basis statuses, whose conversion to Python
            # enums cost 10 ms of a 30 ms sweep run on plan2020's 18,459 rows)
            x = np.asarray(value, dtype=float)
            lower, upper = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
            priced = np.abs(np.asarray(dual, dtype=float)) > thr
            with np.errstate(invalid="ignore"):  # inf - inf where a bound is infinite
                nearer_lower = np.abs(x - lower) <= np.abs(upper - x)
            at_lower = priced & np.isfinite(lower) & (nearer_lower | ~np.isfinite(upper))
            at_upper = priced & np.isfinite(upper) & ~at_lower
            idx = np.flatnonzero(at_lower | at_upper).astype(np.int32)
            fixed = np.where(at_lower, lower, upper)[idx]
            held.append((idx, lower[idx], upper[idx]))
            change = h.changeColsBounds if len(held) == 1 else h.changeRowsBounds
            if len(idx):
                change(len(idx), idx, fixed, fixed)
        return Held(cols=held[0], rows=held[1])

    def release(self, held: Held) -> None:
        """Undo :meth:`hold_optimal_face`: the held columns and rows get their bounds back."""
        for (idx, lower, upper), change in (
            (held.cols, self.highs.changeColsBounds),
            (held.rows, self.highs.changeRowsBounds),
        ):
            if len(idx):
                change(len(idx), idx, lower, upper)

    def objective_row(self, optimum: float, rel: float) -> int:
        """Add ``objective within rel (at least TIE) of optimum`` as a row, scaled by the
        optimum so its coefficients are of order one (an absolute cost row of ~1e9 yuan
        would make HiGHS's tolerances meaningless)."""
        idx = np.flatnonzero(self.cost).astype(np.int32)
        return self.bound_row(
            idx, self.cost[idx], optimum - self.offset, rel, maximize=self.maximize
        )

    def bound_row(
        self, idx: np.ndarray, val: np.ndarray, best: float, rel: float, *, maximize: bool
    ) -> int:
        """Add ``sum(val * x[idx])`` within ``rel`` (at least TIE) of ``best``, no better
        than it: at least for a maximum, at most for a minimum. Scaled by ``best``."""
        lower, upper = _within(best, rel, maximize)
        return self.add_row(lower, upper, idx, val / max(abs(best), 1.0))

    def move_bound_row(self, row: int, best: float, rel: float, *, maximize: bool) -> None:
        """Move a row :meth:`bound_row` added to within ``rel`` of ``best`` (the same
        ``best``: the row's coefficients keep its scale); the basis stays."""
        self.highs.changeRowBounds(row, *_within(best, rel, maximize))


def _within(best: float, rel: float, maximize: bool) -> tuple[float, float]:
    """Bounds of the scaled row ``objective / max(|best|, 1)`` within ``rel`` of ``best``."""
    rel = max(rel, TIE)
    target = best / max(abs(best), 1.0)
    if maximize:
        return target - rel * abs(target), INF
    return -INF, target + rel * abs(target)


def load(p: Params, options: SolverOptions | None = None) -> LoadedLP:
    """An engine loaded with ``p``, wrapped for the analyses (not solved yet)."""
    return wrap(Engine(p, options))


def single_threaded(engine: Engine) -> Engine:
    """HiGHS on one thread for the many short warm re-solves of an analysis, unless the
    scenario sets ``solver.threads``: the simplex runs on one thread anyway, and the
    scheduler's second thread, started afresh for each interruptible solve, only spins
    (about a third of the CPU time of a warm re-solve on plan2020, docs/performance.md)."""
    if engine.options.threads is None:
        engine._highs.setOptionValue("threads", 1)
    return engine


def wrap(engine: Engine) -> LoadedLP:
    """The analysis operations over ``engine``'s loaded model (raises the engine's error
    if a constant row cannot hold and nothing was loaded)."""
    single_threaded(engine)
    if engine._layout is None:
        raise ConstantRowInfeasible(engine.params.scenario_name)
    lp = engine._highs.getLp()  # as loaded now: the engine pushes costs after compiling
    return LoadedLP(
        engine=engine,
        cost=np.array(lp.col_cost_, dtype=float),
        offset=float(lp.offset_),
        maximize=lp.sense_ == highspy.ObjSense.kMaximize,
    )
