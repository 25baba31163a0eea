"""A model that stays loaded in HiGHS and takes changes by name: the re-solve engine.

::

    from emisim.solvers.engine import Engine
    eng = Engine(params)                  # build, compile and load into HiGHS once
    res = eng.solve()                     # SolveResult, as solvers.highs.solve(build_model(p))
    eng.set_target("NOX", 0.12)           # the city target row and, in relative guidance,
    rec = eng.record()                    #   the band rows; re-solve warm; compact summary

Changes go straight to the loaded HiGHS model (``changeRowsBounds``, ``changeColsCost``,
``changeColsBounds``, ``changeCoeff``) and HiGHS re-solves from the last basis; nothing goes
through Pyomo. What each change moves is derived from Params by the requirement families
(:mod:`emisim.model.requirements`: ``with_required``, ``rhs``), ``cost_coefficients``
(:mod:`emisim.model.objective`) and ``ramp_rhs``, pushed by :mod:`emisim.solvers.pushes`,
so ``eng.params`` always describes the loaded model and a fresh ``build_model(eng.params)``
gives the same solution (``tests/test_engine.py``). A change that alters the structure (a
row appears or vanishes, a potential or removal becomes zero, another dataset or year range)
rebuilds; a change of a coefficient the engine does not map (growth, base emissions, adapt
shares, weights) rebuilds the model and reloads it into the same HiGHS object keeping the
basis.
"""

from __future__ import annotations

import time
from dataclasses import fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import highspy
import numpy as np
from pyomo.common.gc_manager import PauseGC
from pyomo.contrib.solver.common.results import TerminationCondition

from emisim.model.build import build_model
from emisim.model.errors import EmisimError
from emisim.model.params import Params
from emisim.model.requirements import FAMILIES
from emisim.model.requirements import family as family_of
from emisim.solvers.annual import annual_row_duals
from emisim.solvers.compile import ConstantRowInfeasible, compile_model, lp_names
from emisim.solvers.highs import (
    HIGHS_TERMINATION,
    STATUS_MAP,
    SolveResult,
    SolverOptions,
    Status,
    Timings,
    highs_options,
    run_interruptible,
    solver_version,
)
from emisim.solvers.layout import Layout
from emisim.solvers.pushes import (
    COST_FIELDS,
    RHS_FIELDS,
    push_bounds,
    push_costs,
    push_rhs,
    rhs_families,
)
from emisim.solvers.summary import record

#: The rows a city target moves: its own and, in relative guidance, the bands.
TARGET_ROWS = tuple(f.name for f in FAMILIES.values() if f.follows_target)


class Engine:
    """A compiled model loaded in HiGHS, re-solved warm after changes by name."""

    def __init__(
        self,
        params: Params,
        options: SolverOptions | None = None,
        *,
        warm: bool = True,
        elastic: bool = False,
    ) -> None:
        """``warm``: re-solve from the last basis (fast). Where the optimum is not unique
        (ties between districts with the same measure), a warm re-solve may return another
        optimal vertex than a fresh build (same objective); ``warm=False`` solves each
        change from scratch in memory and reproduces fresh builds exactly."""
        self.options = options or SolverOptions()
        self.warm = warm
        self.elastic = elastic
        solver_version()  # the process's first Highs(): its banner goes to /dev/null
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        for key, value in highs_options(self.options).items():
            self.highs.setOptionValue(key, value)
        self.highs.HandleKeyboardInterrupt = True
        self.rebuilds = 0
        self._load(params)

    # ------------------------------------------------------------------ loading

    def _load(self, p: Params, *, warm: bool = False) -> None:
        """Build, compile and pass ``p`` to HiGHS; ``warm`` keeps the basis when the rows
        and columns are the same."""
        t0 = time.perf_counter()
        old = getattr(self, "layout", None)
        basis = self.highs.getBasis() if warm and old is not None and self._solved else None
        m = build_model(p, elastic=self.elastic)
        t1 = time.perf_counter()
        self.params = p
        self.model = m
        self._infeasible_constant = False
        try:
            with PauseGC():  # many short-lived objects, no cycles (as solvers.highs does)
                compiled = compile_model(m, self.options.tolerance)
        except ConstantRowInfeasible:
            self._infeasible_constant = True
            self.layout = None
            self._solved, self._result, self._status = True, None, Status.INFEASIBLE
            return
        self.compiled = compiled
        self.highs.passModel(compiled.lp)
        with PauseGC():  # the maps hold ~10^5 small objects: no collector passes over them
            self.layout = Layout(m, compiled, p)
        if (
            basis is not None
            and old.row_keys == self.layout.row_keys
            and old.col_keys == self.layout.col_keys
        ):
            self.highs.setBasis(basis)
        self.rebuilds += 1
        self.load_s = (t1 - t0, time.perf_counter() - t1)  # (build, compile + load + maps)
        self._solved, self._result, self._status = False, None, None
        self._build_s, self._transfer_s = self.load_s  # reported with the first solve

    # ------------------------------------------------------------------ changes by name

    def set_params(self, p: Params) -> None:
        """Load ``p``: push what changed (right-hand sides, costs, potentials) into HiGHS,
        rebuild for anything else."""
        changed = {
            f.name
            for f in fields(Params)
            if getattr(p, f.name) is not getattr(self.params, f.name)
            and getattr(p, f.name) != getattr(self.params, f.name)
        }
        if not changed:
            return
        fast = changed <= RHS_FIELDS | COST_FIELDS | {"potential"}
        if (
            self.layout is None
            or not fast
            or ("potential" in changed and p.potential.keys() != self.params.potential.keys())
        ):
            self._load(p, warm=True)
            return
        t0 = time.perf_counter()
        ok = push_rhs(self.highs, self.layout, p, rhs_families(changed))
        if ok and "potential" in changed:
            push_bounds(self.highs, self.layout, p)
        if ok and changed & COST_FIELDS:
            push_costs(self.highs, self.layout, p, elastic=self.elastic)
        if not ok:
            self._load(p, warm=True)
            return
        self._changed(p, t0)

    def set_target(self, pollutant: str, tau: float) -> None:
        """City target ``tau`` for ``pollutant``; bands set as multiples of it move too."""
        p = self.params.with_target(pollutant, tau)
        self._rhs_change(p, TARGET_ROWS)

    def set_rhs(self, family: str, index: Any, value: float) -> None:
        """One requirement's required value by name (a cut rate, a share, units, yuan —
        the ``required`` column of the requirements table), e.g.
        ``set_rhs("band_lower", ("air", "500101", "NOX"), 0.2)``."""
        fam = family_of(family)
        p = fam.with_required(self.params, index, value)
        if fam.push == "bound":  # row bounds of the families the change moves
            self._rhs_change(p, fam.moved())
        else:  # a coefficient of the row the engine does not map: rebuild, keep the basis
            self._load(p, warm=True)

    def set_cost(self, measure: str, annual_cost: float) -> None:
        """The annualised cost of one unit of ``measure`` (yuan/yr); the objective's and the
        budget row's coefficients follow through ``cost_coefficients``."""
        self.set_params(self.params.with_annual_cost(measure, annual_cost))

    def set_potential(self, code: str, measure: str, value: float) -> None:
        """Units of ``measure`` deployable in ``code`` (column bounds and ramp rows)."""
        pot = dict(self.params.potential)
        if value > 0:
            pot[code, measure] = value
        else:
            pot.pop((code, measure), None)
        self.set_params(replace(self.params, potential=pot))

    def set_removal(self, measure: str, pollutant: str, value: float) -> None:
        """Removal per unit (t/yr): scales the matrix coefficients of ``measure``'s columns
        in the rows of ``pollutant``."""
        old = self.params.removal.get((measure, pollutant), 0.0)
        removal = {**self.params.removal, (measure, pollutant): value}
        if value == 0:
            removal.pop((measure, pollutant))
        p = replace(self.params, removal=removal)
        if (
            self.layout is None
            or old == 0
            or value == 0
            or (old > 0) != (value > 0)
            or p.objective != "least_cost"
        ):
            self._load(p, warm=True)
            return
        t0 = time.perf_counter()
        lay = self.layout
        hit = (lay.row_pollutant[lay.a_row] == pollutant) & (lay.col_measure[lay.a_col] == measure)
        lay.a_val[hit] *= value / old
        for i in np.flatnonzero(hit):
            self.highs.changeCoeff(int(lay.a_row[i]), int(lay.a_col[i]), float(lay.a_val[i]))
        lay.set_removals(p)
        self._changed(p, t0)

    # ------------------------------------------------------------------ pushing

    def _rhs_change(self, p: Params, names) -> None:
        t0 = time.perf_counter()
        if self.layout is None or not push_rhs(self.highs, self.layout, p, names):
            self._load(p, warm=True)
            return
        self._changed(p, t0)

    def _changed(self, p: Params, t0: float) -> None:
        self.params = p
        self._solved, self._result = False, None
        self._build_s, self._transfer_s = 0.0, time.perf_counter() - t0

    # ------------------------------------------------------------------ solving

    def run(self) -> Status:
        """Re-solve (warm) if anything changed since the last solve; the status."""
        if self._solved:
            return self._status
        t0 = time.perf_counter()
        if not self.warm:
            self.highs.clearSolver()
        interrupted = self.run_highs()  # Ctrl-C: status 'interrupted'
        model_status = self.highs.getModelStatus()
        self._termination = (
            TerminationCondition.interrupted if interrupted else HIGHS_TERMINATION.get(model_status)
        )
        self._status = STATUS_MAP.get(self._termination, Status.ERROR)
        sol = self.highs.getSolution()
        ok = self._status is Status.OPTIMAL and sol.value_valid
        self.x = np.asarray(sol.col_value) if ok else None
        self.row_dual = np.asarray(sol.row_dual) if ok and sol.dual_valid else None
        self._solve_s = time.perf_counter() - t0
        self._solved = True
        return self._status

    def run_highs(self) -> bool:
        """One HiGHS solve of the model as it stands, with its own time limit, that Ctrl-C
        cancels cleanly; True if it was interrupted. HiGHS's ``time_limit`` counts the
        object's whole run time across re-solves, so each solve gets the limit on top of
        the time already spent (else a long sweep or analysis would hit it after the first
        minute and report every later solve as timed out)."""
        limit = self.highs.getRunTime() + self.options.time_limit_s
        self.highs.setOptionValue("time_limit", limit)
        return run_interruptible(self.highs)

    @property
    def objective(self) -> float | None:
        return self.highs.getInfo().objective_function_value if self.x is not None else None

    def solve(self) -> SolveResult:
        """The full result (values and duals by name), as a fresh build would give it."""
        if self._result is None:
            self._result = self._solve_result()
        return self._result

    def _solve_result(self) -> SolveResult:
        status = self.run()
        if self.layout is None:
            return SolveResult(
                status,
                "provenInfeasible",
                None,
                MappingProxyType({}),
                MappingProxyType({}),
                Timings(),
                solver_version(),
            )
        values = self.layout.by_name(self.layout.values, self.layout.value_pos, self.x)
        duals = self.layout.by_name(self.layout.duals, self.layout.dual_pos, self.row_dual)
        annual = None
        if self.row_dual is not None and not self.elastic:
            annual = annual_row_duals(self.highs, self.layout, self.params)
        annual_duals = self.layout.by_name(self.layout.duals, self.layout.dual_pos, annual)
        timings = Timings(
            build_s=self._build_s,
            transfer_s=self._transfer_s,
            solve_s=self._solve_s,
            highs_s=float(self.highs.getRunTime()),
        )
        return SolveResult(
            status=status,
            termination=self._termination.name,
            objective=self.objective,
            values=values,
            duals=duals,
            timings=timings,
            solver=solver_version(),
            iterations=int(self.highs.getInfo().simplex_iteration_count),
            annual_duals=annual_duals,
        )

    def record(self) -> dict[str, Any]:
        """A compact summary of the current solution (re-solving first if needed): status,
        objective, total cost and cost by measure, the cost of one more tonne with the bands
        held per pollutant (``bands_held_price``), city cuts, cut rate
        per district and pollutant (``district_cut[i, j]`` for ``params.units[i]``,
        ``params.pollutants[j]``), binding requirement families. numpy throughout."""
        status = self.run()
        out: dict[str, Any] = {"status": str(status), "objective": self.objective}
        if self.x is not None and self.layout is not None:
            out.update(record(self.params, self.layout, self.x, self.row_dual))
            out["iterations"] = int(self.highs.getInfo().simplex_iteration_count)
        return out

    # ------------------------------------------------------------------ names

    def col(self, var: str, index: Any) -> int:
        """HiGHS column of ``var[index]``, e.g. ``col("y", ("500101", "scr_power", 2020))``."""
        return self._find(self.layout.col_of, var, index)

    def row(self, family: str, index: Any = None) -> int:
        """HiGHS row of ``family[index]``, e.g. ``row("city_target", "NOX")``."""
        return self._find(self.layout.row_of, family, index)

    def _find(self, table: dict, name: str, index: Any) -> int:
        if self.layout is None:
            raise EmisimError("the model has a constant row that cannot hold: nothing loaded")
        try:
            return table[name, index]
        except KeyError:
            raise KeyError(f"{name}[{index}] is not in the loaded model") from None

    def write(self, path: str | Path) -> Path:
        """Write the loaded model (with the changes made so far) as LP or MPS, named."""
        path = Path(path)
        lp = self.highs.getLp()
        lp.col_names_, lp.row_names_ = lp_names(self.compiled)
        out = highspy.Highs()
        out.setOptionValue("output_flag", False)
        out.passModel(lp)
        out.writeModel(str(path))
        return path
