"""Solve a built model with HiGHS: one matrix transfer (default) or Pyomo's persistent
``highs`` interface.

Returns a frozen :class:`SolveResult` (status, objective, primal values, duals, timings)
and writes no files. Non-optimal outcomes are reported in the status, never raised, so
sweeps can branch on them.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from dataclasses import dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import highspy
import pyomo.core as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition

from emisim.model.errors import SolverError
from emisim.solvers.compile import ConstantRowInfeasible, compile_model, duals_by_constraint


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

_HS = highspy.HighsModelStatus
#: HiGHS's model status as Pyomo's termination condition (as Pyomo's own interface maps
#: it), so both transfers report the same words and share :data:`STATUS_MAP`.
HIGHS_TERMINATION: dict[Any, TerminationCondition] = {
    _HS.kNotset: TerminationCondition.unknown,
    _HS.kLoadError: TerminationCondition.error,
    _HS.kModelError: TerminationCondition.error,
    _HS.kPresolveError: TerminationCondition.error,
    _HS.kSolveError: TerminationCondition.error,
    _HS.kPostsolveError: TerminationCondition.error,
    _HS.kModelEmpty: TerminationCondition.unknown,
    _HS.kOptimal: TerminationCondition.convergenceCriteriaSatisfied,
    _HS.kInfeasible: TerminationCondition.provenInfeasible,
    _HS.kUnboundedOrInfeasible: TerminationCondition.infeasibleOrUnbounded,
    _HS.kUnbounded: TerminationCondition.unbounded,
    _HS.kObjectiveBound: TerminationCondition.objectiveLimit,
    _HS.kObjectiveTarget: TerminationCondition.objectiveLimit,
    _HS.kTimeLimit: TerminationCondition.maxTimeLimit,
    _HS.kIterationLimit: TerminationCondition.iterationLimit,
    _HS.kSolutionLimit: TerminationCondition.iterationLimit,
    _HS.kInterrupt: TerminationCondition.interrupted,
    _HS.kMemoryLimit: TerminationCondition.error,
    _HS.kUnknown: TerminationCondition.unknown,
}


@dataclass(frozen=True)
class SolverOptions:
    time_limit_s: float = 60.0
    tolerance: float = 1e-7
    threads: int | None = None
    interface: str = "direct"  # "direct" (one matrix transfer) or "persistent" (Pyomo's)


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

    def as_dict(self) -> dict[str, float]:
        return {
            "build": self.build_s,
            "transfer": self.transfer_s,
            "solve": self.solve_s,
            "highs": self.highs_s,
        }


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
    #: ``annual_duals[constraint][index]``: the change in the final year's annual cost of
    #: the measures in place per unit of the row's right-hand side, along the optimal basis
    #: the duals come from (:mod:`emisim.solvers.annual`); empty where not computed
    annual_duals: MappingProxyType = field(repr=False, default_factory=lambda: MappingProxyType({}))

    @property
    def ok(self) -> bool:
        return self.status is Status.OPTIMAL

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """Pickle with plain dicts (read-only mapping proxies cannot be pickled), so a
        result can cross a process boundary, e.g. in a parallel sweep."""
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state["values"] = {k: dict(v) for k, v in self.values.items()}
        state["duals"] = {k: dict(v) for k, v in self.duals.items()}
        state["annual_duals"] = {k: dict(v) for k, v in self.annual_duals.items()}
        return (_unpickle_result, (state,))


def _unpickle_result(state: dict[str, Any]) -> SolveResult:
    frozen = {k: _freeze(state[k]) for k in ("values", "duals", "annual_duals")}
    return SolveResult(**(state | frozen))


@functools.cache
def solver_version() -> str:
    """HiGHS's version; also the process's first ``Highs()``, whose licence banner HiGHS
    prints straight to file descriptor 1 before any option can be set: send that one line
    to /dev/null so the CLI's output (and ``--quiet``) stays clean. HiGHS prints it once
    per process, so later objects are silent through ``output_flag``."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
        h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return f"HiGHS {h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"


def _freeze(nested: dict[str, dict[Any, float]]) -> MappingProxyType:
    return MappingProxyType({k: MappingProxyType(v) for k, v in nested.items()})


def solve(
    m: pyo.ConcreteModel, options: SolverOptions | None = None, *, build_s: float = 0.0
) -> SolveResult:
    """Transfer ``m`` to HiGHS once, solve, and collect values and duals.

    ``options.interface`` picks the transfer: ``"direct"`` (default) walks each row once
    with Pyomo's linear-repn visitor and hands HiGHS the whole matrix in one call;
    ``"persistent"`` goes through Pyomo's persistent ``Highs`` interface, which keeps the
    bookkeeping a re-solve needs and transfers 3-4x slower (docs/performance.md). Both
    give HiGHS the same rows, bounds and sense, so the same values and duals.
    """
    options = options or SolverOptions()
    solver_version()  # the process's first Highs(): its banner goes to /dev/null
    if options.interface == "persistent":
        return _solve_persistent(m, options, build_s)
    if options.interface != "direct":
        raise ValueError(f"unknown interface {options.interface!r}: 'direct' or 'persistent'")
    return _solve_direct(m, options, build_s)


def highs_options(options: SolverOptions) -> dict[str, Any]:
    out: dict[str, Any] = {
        "time_limit": options.time_limit_s,
        "primal_feasibility_tolerance": options.tolerance,
        "dual_feasibility_tolerance": options.tolerance,
    }
    if options.threads is not None:
        out["threads"] = options.threads
    return out


def _solve_direct(m: pyo.ConcreteModel, options: SolverOptions, build_s: float) -> SolveResult:
    t0 = time.perf_counter()
    try:
        with PauseGC():  # the walk makes many short-lived objects and no cycles
            compiled = compile_model(m, options.tolerance)
    except ConstantRowInfeasible:
        # a row without variables that cannot hold: HiGHS would say the same
        timings = Timings(build_s=build_s, transfer_s=time.perf_counter() - t0)
        return _result(Status.INFEASIBLE, TerminationCondition.provenInfeasible.name, timings)
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(compiled.lp)
    t1 = time.perf_counter()
    for key, value in highs_options(options).items():
        highs.setOptionValue(key, value)
    if run_interruptible(highs):
        termination = TerminationCondition.interrupted
    else:
        termination = HIGHS_TERMINATION.get(highs.getModelStatus(), TerminationCondition.unknown)
    status = STATUS_MAP.get(termination, Status.ERROR)
    t2 = time.perf_counter()
    values: dict[str, dict[Any, float]] = {}
    duals: dict[str, dict[Any, float]] = {}
    objective = None
    sol = highs.getSolution()
    if status is Status.OPTIMAL and sol.value_valid:
        for v, x in zip(compiled.columns, sol.col_value, strict=True):
            v.set_value(x, skip_validation=True)
        objective = float(pyo.value(m.obj))
        values = _values(m)
        if sol.dual_valid:
            duals = duals_by_constraint(compiled, sol.row_dual)
    timings = Timings(
        build_s=build_s, transfer_s=t1 - t0, solve_s=t2 - t1, highs_s=float(highs.getRunTime())
    )
    return _result(
        status,
        termination.name,
        timings,
        objective,
        values,
        duals,
        int(highs.getInfo().simplex_iteration_count),
    )


def run_interruptible(highs: highspy.Highs) -> bool:
    """Run HiGHS in its worker thread while this one waits, so that Ctrl-C cancels the
    solve cleanly; True if it was interrupted. (A plain ``run()`` on this thread lets
    HiGHS turn Ctrl-C into an anonymous 'solve error'.)"""
    highs.HandleKeyboardInterrupt = True  # lets cancelSolve() reach the running solver
    try:
        highs.startSolve()
        _wait(highs)
    except KeyboardInterrupt:
        highs.cancelSolve()
        _wait(highs)
        return True
    return False


def _wait(highs: highspy.Highs) -> None:
    while not highs.wait(0.1)[0]:
        pass


def _values(m: pyo.ConcreteModel) -> dict[str, dict[Any, float]]:
    return {
        var.local_name: {i: float(v.value or 0.0) for i, v in var.items()}
        for var in m.component_objects(pyo.Var, active=True)
    }


def _result(
    status: Status,
    termination: str,
    timings: Timings,
    objective: float | None = None,
    values: dict | None = None,
    duals: dict | None = None,
    iterations: int = 0,
) -> SolveResult:
    return SolveResult(
        status=status,
        termination=termination,
        objective=objective,
        values=_freeze(values or {}),
        duals=_freeze(duals or {}),
        timings=timings,
        solver=solver_version(),
        iterations=iterations,
    )


def _solve_persistent(m: pyo.ConcreteModel, options: SolverOptions, build_s: float) -> SolveResult:
    import pyomo.environ  # noqa: F401  (Pyomo's plugins: a run without them imports faster)
    from pyomo.contrib.solver.solvers.highs import Highs

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
    if getattr(m, "array_rows", None):
        raise SolverError(
            "Pyomo's persistent interface reads Pyomo constraints only: build the model with "
            "build_model(p, arrays=False) to state every row in Pyomo"
        )
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
        values = _values(m)
        for con, dual in res.solution_loader.get_duals().items():
            duals.setdefault(con.parent_component().local_name, {})[con.index()] = float(dual)
    timings = Timings(
        build_s=build_s, transfer_s=t1 - t0, solve_s=t2 - t1, highs_s=float(highs.getRunTime())
    )
    return _result(
        status,
        res.termination_condition.name,
        timings,
        objective,
        values,
        duals,
        int(highs.getInfo().simplex_iteration_count),
    )
