"""Solve a built model with HiGHS through Pyomo's persistent ``highs`` interface.

Returns a frozen :class:`SolveResult` (status, objective, primal values, duals, timings)
and writes no files. Non-optimal outcomes are reported in the status, never raised, so
sweeps can branch on them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs

from emisim.model.errors import SolverError


class Status(StrEnum):
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    INFEASIBLE_OR_UNBOUNDED = "infeasible_or_unbounded"
    TIME_LIMIT = "time_limit"
    ITERATION_LIMIT = "iteration_limit"
    INTERRUPTED = "interrupted"
    ERROR = "error"


#: The one table from Pyomo's termination conditions to emisim's status.
STATUS_MAP: dict[TerminationCondition, Status] = {
    TerminationCondition.convergenceCriteriaSatisfied: Status.OPTIMAL,
    TerminationCondition.provenInfeasible: Status.INFEASIBLE,
    TerminationCondition.locallyInfeasible: Status.INFEASIBLE,
    TerminationCondition.unbounded: Status.UNBOUNDED,
    TerminationCondition.infeasibleOrUnbounded: Status.INFEASIBLE_OR_UNBOUNDED,
    TerminationCondition.maxTimeLimit: Status.TIME_LIMIT,
    TerminationCondition.iterationLimit: Status.ITERATION_LIMIT,
    TerminationCondition.objectiveLimit: Status.ITERATION_LIMIT,
    TerminationCondition.minStepLength: Status.ERROR,
    TerminationCondition.interrupted: Status.INTERRUPTED,
    TerminationCondition.licensingProblems: Status.ERROR,
    TerminationCondition.error: Status.ERROR,
    TerminationCondition.unknown: Status.ERROR,
}


@dataclass(frozen=True)
class SolverOptions:
    time_limit_s: float = 60.0
    tolerance: float = 1e-7
    threads: int | None = None


@dataclass(frozen=True)
class Timings:
    """Seconds. ``solve_s`` is the whole solve call; ``highs_s`` HiGHS's own run time."""

    build_s: float = 0.0
    transfer_s: float = 0.0
    solve_s: float = 0.0
    highs_s: float = 0.0

    @property
    def total_s(self) -> float:
        return self.build_s + self.transfer_s + self.solve_s

    @property
    def overhead_ratio(self) -> float:
        """Whole solve call (transfer included) over HiGHS's own time."""
        return (self.transfer_s + self.solve_s) / self.highs_s if self.highs_s > 0 else float("inf")


@dataclass(frozen=True)
class SolveResult:
    """What a solve produced. ``values[var][index]`` and ``duals[constraint][index]``."""

    status: Status
    termination: str
    objective: float | None
    values: MappingProxyType = field(repr=False)
    duals: MappingProxyType = field(repr=False)
    timings: Timings
    solver: str
    iterations: int = 0

    @property
    def ok(self) -> bool:
        return self.status is Status.OPTIMAL


def solver_version() -> str:
    import highspy

    h = highspy.Highs()
    return f"HiGHS {h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"


def _freeze(nested: dict[str, dict[Any, float]]) -> MappingProxyType:
    return MappingProxyType({k: MappingProxyType(v) for k, v in nested.items()})


def solve(
    m: pyo.ConcreteModel, options: SolverOptions | None = None, *, build_s: float = 0.0
) -> SolveResult:
    """Transfer ``m`` to HiGHS once (persistent), solve, and collect values and duals."""
    options = options or SolverOptions()
    opt = Highs()
    if not opt.available():
        raise SolverError("HiGHS is not available: install highspy (pip install highspy)")
    cfg = opt.config
    cfg.load_solutions = False
    cfg.raise_exception_on_nonoptimal_result = False
    cfg.time_limit = options.time_limit_s
    cfg.threads = options.threads
    cfg.solver_options = {
        "primal_feasibility_tolerance": options.tolerance,
        "dual_feasibility_tolerance": options.tolerance,
        "output_flag": False,
    }
    t0 = time.perf_counter()
    opt.set_instance(m)
    # The model does not change between transfer and solve: skip change detection.
    for key in list(cfg.auto_updates):
        setattr(cfg.auto_updates, key, False)
    t1 = time.perf_counter()
    res = opt.solve(m)
    t2 = time.perf_counter()
    highs = opt._solver_model  # the wrapped highspy.Highs: the one place we reach into it
    status = STATUS_MAP.get(res.termination_condition, Status.ERROR)
    values: dict[str, dict[Any, float]] = {}
    duals: dict[str, dict[Any, float]] = {}
    objective = None
    if status is Status.OPTIMAL and res.solution_status == SolutionStatus.optimal:
        res.solution_loader.load_vars()
        objective = float(pyo.value(m.obj))
        for var in m.component_objects(pyo.Var, active=True):
            values[var.local_name] = {i: float(v.value or 0.0) for i, v in var.items()}
        for con, dual in res.solution_loader.get_duals().items():
            duals.setdefault(con.parent_component().local_name, {})[con.index()] = float(dual)
    timings = Timings(
        build_s=build_s, transfer_s=t1 - t0, solve_s=t2 - t1, highs_s=float(highs.getRunTime())
    )
    return SolveResult(
        status=status,
        termination=res.termination_condition.name,
        objective=objective,
        values=_freeze(values),
        duals=_freeze(duals),
        timings=timings,
        solver=solver_version(),
        iterations=int(highs.getInfo().simplex_iteration_count),
    )
