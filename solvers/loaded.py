"""A compiled model kept loaded in HiGHS, with its column and row maps by name.

The analyses (presented allocation, near-optimal ranges, cost curves, frontier, IIS) re-solve
one LP many times with a changed objective, an added row or moved bounds; this is the
small surface they need: the loaded ``highspy.Highs``, ``col(name, index)``,
``row(name, index)``, and helpers to add a row over named columns or swap the objective.
It holds no result logic; ``SolveResult`` building stays in :mod:`emisim.solvers.highs`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from emisim.model.build import build_model
from emisim.model.params import Params
from emisim.solvers.compile import compile_model
from emisim.solvers.highs import SolverOptions, solver_version

INF = highspy.kHighsInf
TIE = 1e-9  # relative slack that stands for "equal to the optimum", up to rounding


@dataclass
class LoadedLP:
    """One model in HiGHS. ``cost`` is the original objective (as compiled)."""

    params: Params
    highs: highspy.Highs
    cols: dict[tuple[str, Any], int]
    rows: dict[tuple[str, Any], int]
    cost: np.ndarray
    offset: float
    maximize: bool
    extra: dict[str, Any] = field(default_factory=dict)

    def col(self, name: str, index: Any) -> int:
        return self.cols[name, index]

    def row(self, name: str, index: Any) -> int:
        return self.rows[name, index]

    def run(self) -> bool:
        """Solve (warm from the last basis); True when HiGHS proves optimality."""
        self.highs.run()
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

    def restore_objective(self) -> None:
        n = self.highs.getNumCol()
        cost = np.zeros(n)
        cost[: len(self.cost)] = self.cost
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        sense = highspy.ObjSense.kMaximize if self.maximize else highspy.ObjSense.kMinimize
        self.highs.changeObjectiveSense(sense)

    def objective_row(self, optimum: float, rel: float) -> int:
        """Add ``objective within rel (at least TIE) of optimum`` as a row, scaled by the
        optimum so its coefficients are of order one (an absolute cost row of ~1e9 yuan
        would make HiGHS's tolerances meaningless)."""
        rel = max(rel, TIE)
        scale = max(abs(optimum - self.offset), 1.0)
        idx = np.flatnonzero(self.cost).astype(np.int32)
        val = self.cost[idx] / scale
        target = (optimum - self.offset) / scale
        if self.maximize:
            return self.add_row(target - rel * abs(target), INF, idx, val)
        return self.add_row(-INF, target + rel * abs(target), idx, val)


def load(p: Params, options: SolverOptions | None = None, *, model=None) -> LoadedLP:
    """Build (unless ``model`` is given), compile and pass ``p``'s model to a fresh HiGHS."""
    options = options or SolverOptions()
    m = model if model is not None else build_model(p)
    compiled = compile_model(m, options.tolerance)
    solver_version()  # the process's first Highs() prints a banner: keep it off stdout
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", options.time_limit_s)
    h.setOptionValue("primal_feasibility_tolerance", options.tolerance)
    h.setOptionValue("dual_feasibility_tolerance", options.tolerance)
    if options.threads is not None:
        h.setOptionValue("threads", options.threads)
    h.passModel(compiled.lp)
    return LoadedLP(
        params=p,
        highs=h,
        cols=_names(compiled.columns),
        rows=_names(compiled.rows),
        cost=np.array(compiled.lp.col_cost_, dtype=float),
        offset=float(compiled.lp.offset_),
        maximize=compiled.lp.sense_ == highspy.ObjSense.kMaximize,
    )


def _names(items: Iterable[Any]) -> dict[tuple[str, Any], int]:
    return {(c.parent_component().local_name, c.index()): j for j, c in enumerate(items)}
