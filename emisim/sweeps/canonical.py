"""Runs whose record does not depend on the executor: the same solve sequence for every run,
from the same start, and the presented allocation (``objective.tie_break``, docs/model.md).

A warm re-solve starts from whatever basis the worker's previous run left, so where the
least-cost plan is not unique two workers return two vertices of the optimal face (same
cost, other district cuts and binding flags). Here every run of a worker's engine is solved
by one fixed sequence:

1. **least cost**, from the *base start*: HiGHS's solver data cleared and the basis set to
   the base scenario's optimal basis (computed once per worker, cold, the same in every
   worker); a run whose changes rebuilt the model into another structure starts cold;
2. **the stated tie-break** (least-cost objectives with ``tie_break: nominal``), as
   ``emisim run`` makes it: the optimal face held by complementary slackness and the sum
   of absolute deviations from the categories' nominal rates minimised on it, from
   scratch (HiGHS's solver data cleared; its presolve removes the held face's fixed
   columns, solvers/presented.py). The deviation rows stay loaded between runs (their
   columns cost nothing in stage 1).

HiGHS given the same model and the same starting basis after ``clearSolver`` repeats the
same pivots, so a run's record is the same bytes whichever worker, order or backend solved
it (``tests/test_sweep_executor.py``). Duals (MACs) are those of stage 1, as in ``emisim
run``. Other objectives present through :func:`emisim.solvers.presented.closest_to_nominal`
after stage 1 (slower, equally repeatable).
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from emisim.model.forms import band_constant, nominal_rate
from emisim.model.params import Params
from emisim.model.vocabulary import POLLUTANTS
from emisim.solvers.engine import Engine
from emisim.solvers.highs import HIGHS_TERMINATION, STATUS_MAP, Status
from emisim.solvers.loaded import LoadedLP
from emisim.solvers.presented import CHECK, PresentationWarning, closest_to_nominal, deviation_rows

_OPTIMAL = highspy.HighsModelStatus.kOptimal


@dataclass(frozen=True)
class Outcome:
    """One run: stage 1's status, objective and row duals; the presented column values."""

    status: Status
    objective: float | None = None
    x: np.ndarray | None = None  # presented (or stage 1's where no tie-break applies)
    row_dual: np.ndarray | None = None
    note: str = ""  # why the presented plan could not be made (stage 1's plan kept)


@dataclass
class _Deviation:
    """The loaded deviation rows ``cut_b - plus_b + minus_b = n_b - const_b``."""

    bands: tuple[int, ...]  # indices into params.bands with a nominal rate
    rows: np.ndarray
    cols: np.ndarray  # plus and minus columns
    constant: np.ndarray  # const_b of each row
    growth: Any = None  # the Params.growth the constants were computed from
    removal: Any = None  # the Params.removal the coefficients were computed from


@dataclass(frozen=True)
class _Start:
    row_keys: tuple
    col_keys: tuple
    bands: tuple[int, ...]
    stage1: highspy.HighsBasis


class Canonical:
    """Solve an engine's loaded model by the fixed sequence; see the module docstring.
    Call :meth:`solve` after every ``engine.set_params`` (never ``engine.run``: the
    engine's own cache and warm basis are bypassed on purpose)."""

    def __init__(self, engine: Engine, *, present: bool = True) -> None:
        self.engine = engine
        self.present = present
        self._layout = None  # the loaded layout the deviation rows were added to
        self._dev: _Deviation | None = None
        self._start: _Start | None = None
        self._sync()
        first = self._solve(None)  # the base scenario, cold: its bases are the start
        lay = engine._layout
        if first.status is Status.OPTIMAL and lay is not None:
            self._start = _Start(
                lay.row_keys,
                lay.col_keys,
                self._dev.bands if self._dev else (),
                self._basis1,
            )

    @property
    def highs(self) -> highspy.Highs:
        return self.engine._highs

    # ------------------------------------------------------------------ the sequence

    def solve(self) -> Outcome:
        """The current run's outcome (the engine holding the run's Params)."""
        self._sync()
        return self._solve(self._matching_start())

    def _solve(self, start: _Start | None) -> Outcome:
        eng = self.engine
        if eng._layout is None:  # a constant row that cannot hold: nothing loaded
            return Outcome(Status.INFEASIBLE)
        h = self.highs
        h.clearSolver()
        if start is not None:
            h.setBasis(start.stage1)
        if eng._run_highs(raises=True):
            raise KeyboardInterrupt
        status = STATUS_MAP.get(HIGHS_TERMINATION.get(h.getModelStatus()), Status.ERROR)
        sol = h.getSolution()
        if status is not Status.OPTIMAL or not sol.value_valid:
            return Outcome(status if status is not Status.OPTIMAL else Status.ERROR)
        self._basis1 = h.getBasis()
        objective = float(h.getInfo().objective_function_value)
        x = np.asarray(sol.col_value)
        dual = np.asarray(sol.row_dual) if sol.dual_valid else None
        note = ""
        if self.present:
            shown = self._tie_break(objective)
            if shown is None:
                note = f"the stated tie-break failed ({h.modelStatusToString(h.getModelStatus())})"
            else:  # the objective of the plan shown (optimal to rounding), as in a run
                lp = self._loaded()
                x, objective = shown, float(lp.cost @ shown + lp.offset)
        return Outcome(Status.OPTIMAL, objective, x, dual, note)

    def _tie_break(self, optimum: float) -> np.ndarray | None:
        """The presented plan: as :func:`~emisim.solvers.presented.closest_to_nominal`
        (the optimal face held by complementary slackness, the deviation from the rates
        minimised on it), from scratch, as in a run: the same plan whatever the worker
        solved before."""
        lp = self._loaded()
        if self.engine.params.objective != "least_cost" or self._dev is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PresentationWarning)
                return closest_to_nominal(lp, optimum)
        h = self.highs
        held = lp.hold_optimal_face()
        try:
            lp.set_objective(self._dev.cols, np.ones(len(self._dev.cols)))
            h.clearSolver()  # from scratch, as emisim run (solvers/presented.py)
            if not lp.run():
                return None
            x = np.asarray(h.getSolution().col_value)
        finally:
            lp.release(held)
            lp.restore_objective()
        if abs(float(lp.cost @ x + lp.offset) - optimum) > CHECK * max(1.0, abs(optimum)):
            return None  # not an optimum after all (numerical trouble)
        return x

    def _loaded(self) -> LoadedLP:
        """The loaded model with its current objective (pushed costs included)."""
        lp = self.highs.getLp()
        maximize = lp.sense_ == highspy.ObjSense.kMaximize
        return LoadedLP(self.engine, np.array(lp.col_cost_), float(lp.offset_), maximize)

    # ------------------------------------------------------------------ deviation rows

    def _sync(self) -> None:
        """Deviation rows for the loaded Params: added after a (re)load, their right-hand
        sides moved when the bands moved, rebuilt if the bands with a rate changed."""
        eng = self.engine
        if not self.present or eng._layout is None or eng.params.objective != "least_cost":
            return
        p = eng.params
        rated = tuple(i for i, b in enumerate(p.bands) if nominal_rate(b) is not None)
        if self._layout is not eng._layout:
            self._layout, self._dev = eng._layout, None
        elif self._dev is not None and (
            self._dev.bands != rated or _moved(p.removal, self._dev.removal)
        ):
            self._drop()  # other bands, or removal rates pushed: other coefficients
        if self._dev is None:
            self._add(p, rated)
            return
        if _moved(p.growth, self._dev.growth):  # growth pushed: the BAU cut rates moved
            self._dev.constant = np.array([band_constant(p, p.bands[i]) for i in rated])
            self._dev.growth = p.growth
        rhs = self._rhs(p)
        now = np.asarray(self.highs.getLp().row_lower_)[self._dev.rows]
        moved = np.flatnonzero(rhs != now)
        if len(moved):
            rows = self._dev.rows[moved]
            self.highs.changeRowsBounds(len(rows), rows, rhs[moved], rhs[moved])

    def _rhs(self, p: Params) -> np.ndarray:
        assert self._dev is not None
        nominal = np.array([nominal_rate(p.bands[i]) for i in self._dev.bands], dtype=float)
        return nominal - self._dev.constant

    def _add(self, p: Params, rated: tuple[int, ...]) -> None:
        # the same rows as emisim run's presented allocation, sent in one addRows call
        # (one addRow per band re-copied HiGHS's matrix each time: quadratic at scale)
        rows, pm = deviation_rows(self._loaded())
        assert len(rows) == len(rated)
        self._dev = _Deviation(
            rated,
            rows,
            np.asarray(pm, dtype=np.int32),
            np.array([band_constant(p, p.bands[i]) for i in rated], dtype=float),
            p.growth,
            p.removal,
        )

    def _drop(self) -> None:
        assert self._dev is not None
        self.highs.deleteRows(len(self._dev.rows), self._dev.rows)
        self.highs.deleteVars(len(self._dev.cols), self._dev.cols)
        self._dev = None

    def _matching_start(self) -> _Start | None:
        """The base start if the loaded model has the base's rows and columns."""
        s, lay = self._start, self.engine._layout
        if s is None or lay is None:
            return None
        bands = self._dev.bands if self._dev else ()
        same = lay.row_keys is s.row_keys or lay.row_keys == s.row_keys
        if same and (lay.col_keys is s.col_keys or lay.col_keys == s.col_keys) and bands == s.bands:
            return s
        return None


def _moved(now: Any, then: Any) -> bool:
    return now is not then and now != then


def pinned_cuts(p: Params) -> list[str]:
    """The record's district cut columns (``cut_pct.<unit>.<pollutant>``) that the stated
    tie-break names: the unit's cut over the target scope is made of cut rates of its own
    bands with a nominal rate (sector sets that do not overlap and cover every sector
    with base emissions), each a term of the criterion. The other district quantities
    are one of several least-cost plans: the same in every executor, not implied by the
    model. Empty without ``tie_break: nominal`` (see :func:`emisim.sweeps.evaluate.presents`)."""
    sets: dict[tuple[str, str], list[frozenset[str]]] = defaultdict(list)
    for b in p.bands:
        if nominal_rate(b) is not None and b.subject in p.units:
            sets[b.subject, b.pollutant].append(frozenset(p.band_sectors[b.family, b.pollutant]))
    out = []
    for d in p.units:
        for q in POLLUTANTS:
            scope = {s for s in p.target_scope.get(q, ()) if p.e0.get((d, s, q), 0.0) > 0}
            parts = set(sets.get((d, q), ()))
            union = frozenset().union(*parts) if parts else frozenset()
            disjoint = sum(len(s) for s in parts) == len(union)
            if scope and disjoint and scope <= union:
                out.append(f"cut_pct.{d}.{q}")
    return out
