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

import difflib
import time
from dataclasses import fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import highspy
import numpy as np
from pyomo.common.gc_manager import PauseGC
from pyomo.contrib.solver.common.results import TerminationCondition

from emisim.model.build import build_model, release
from emisim.model.errors import ArgumentError, EmisimError
from emisim.model.params import Params
from emisim.model.readings import (
    with_band_multiple,
    with_coal_share,
    with_discount_rate,
    with_growth,
)
from emisim.model.requirements import FAMILIES
from emisim.model.scenario.values import checked, checked_column
from emisim.solvers.annual import annual_row_duals, by_period
from emisim.solvers.compile import ConstantRowInfeasible, compile_model, lp_name
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
    plan,
    push_bounds,
    push_costs,
    push_removals,
    push_rhs,
)
from emisim.solvers.summary import record

#: The rows a city target moves: its own and, in relative guidance, the bands.
TARGET_ROWS = tuple(f.name for f in FAMILIES.values() if f.follows_target)
#: A solve whose model last solved within this many seconds runs on the calling thread
#: where the caller raises on Ctrl-C anyway (``Engine._run_highs``).
QUICK_S = 0.25


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
        self._highs = highspy.Highs()
        self._highs.setOptionValue("output_flag", False)
        for key, value in highs_options(self.options).items():
            self._highs.setOptionValue(key, value)
        self._highs.HandleKeyboardInterrupt = True
        self._last_highs_s = float("inf")  # no solve yet: the first is interruptible
        self.rebuilds = 0
        self._x = self._row_dual = self._objective = None
        self._load(params)

    def __repr__(self) -> str:
        p = self.params
        if not self._solved:
            state = "changed, not solved yet: call solve() or record()"
        elif self._x is None:
            state = f"{self._status}: change it (set_target, set_cost, ...) and solve() again"
        else:
            state = f"{self._status}, objective {self.objective:,.6g}: record(), solve()"
        size = ""
        if self._layout is not None:
            size = f", {self._highs.getNumRow():,} rows x {self._highs.getNumCol():,} columns"
        return f"<Engine {p.scenario_name!r}{size}; {state}>"

    # ------------------------------------------------------------------ loading

    def _load(self, p: Params, *, warm: bool = False) -> None:
        """Build, compile and pass ``p`` to HiGHS; ``warm`` keeps the basis when the rows
        and columns are the same."""
        t0 = time.perf_counter()
        old = getattr(self, "_layout", None)
        basis = self._highs.getBasis() if warm and old is not None and self._solved else None
        m = build_model(p, elastic=self.elastic)
        t1 = time.perf_counter()
        self.params = p
        self._infeasible_constant = False
        try:
            with PauseGC():  # many short-lived objects, no cycles (as solvers.highs does)
                compiled = compile_model(m, self.options.tolerance)
        except ConstantRowInfeasible:
            self._infeasible_constant = True
            self._layout = None
            self._x = self._row_dual = self._objective = None
            self._solved, self._result, self._status = True, None, Status.INFEASIBLE
            return
        self._highs.passModel(compiled.lp)
        with PauseGC():  # the maps hold ~10^5 small objects: no collector passes over them
            self._layout = Layout(m, compiled, p)
        # the Pyomo model is not kept: HiGHS holds the LP, the layout its names and maps
        release(m)
        del m, compiled
        if (
            basis is not None
            and old.row_keys == self._layout.row_keys
            and old.col_keys == self._layout.col_keys
        ):
            self._highs.setBasis(basis)
        self.rebuilds += 1
        self._load_s = (t1 - t0, time.perf_counter() - t1)  # (build, compile + load + maps)
        self._solved, self._result, self._status = False, None, None
        self._build_s, self._transfer_s = self._load_s  # reported with the first solve

    # ------------------------------------------------------------------ changes by name

    def set_params(self, p: Params) -> None:
        """Load ``p``: push what changed (right-hand sides, business-as-usual constants,
        costs, potentials, removal rates) into HiGHS, rebuild when rows or columns change
        (:func:`emisim.solvers.pushes.plan`)."""
        old = self.params
        changed = {
            f.name
            for f in fields(Params)
            if getattr(p, f.name) is not getattr(old, f.name)
            and getattr(p, f.name) != getattr(old, f.name)
        }
        if not changed:
            return
        how = plan(old, p, changed, elastic=self.elastic)
        if self._layout is None or how.rebuild:
            self._load(p, warm=True)
            return
        t0 = time.perf_counter()
        lay = self._layout
        if how.removal:
            push_removals(self._highs, lay, old, p)
        if not push_rhs(self._highs, lay, p, how.rows, constants=how.constants):
            self._load(p, warm=True)
            return
        if how.constants:
            lay.set_bau(p)
        if how.potential:
            push_bounds(self._highs, lay, p)
        if how.costs:
            push_costs(self._highs, lay, p, elastic=self.elastic)
        self._changed(p, t0)

    def set_target(self, pollutant: str, tau: float) -> None:
        """City target ``tau`` (a cut rate in [0, 1)) for ``pollutant``; bands set as
        multiples of it move too."""
        q = self._pollutant(pollutant)
        tau = checked(f"targets.overrides.{q}", tau)
        p = self.params.with_target(q, tau)
        self._rhs_change(p, TARGET_ROWS)

    def set_rhs(self, family: str, index: Any, value: float) -> None:
        """One requirement's required value by name (a cut rate, a share, units, yuan —
        the ``required`` column of the requirements table), e.g.
        ``set_rhs("band_lower", ("air", "500101", "NOX"), 0.2)``."""
        fam = FAMILIES.get(family)
        if fam is None:
            raise ArgumentError(f"unknown requirement family {family!r}; one of {list(FAMILIES)}")
        if index not in fam.audit_keys(self.params):
            keys = fam.audit_keys(self.params)
            shown = ", ".join(map(repr, keys[:8])) + (", ..." if len(keys) > 8 else "")
            raise ArgumentError(
                f"{family}[{index!r}] is not a requirement of this model; "
                f"its rows: {shown or 'none'}"
            )
        fam.check(value)
        p = fam.with_required(self.params, index, value)
        if fam.push == "bound":  # row bounds of the families the change moves
            self._rhs_change(p, fam.moved())
        else:  # a coefficient of the row the engine does not map: rebuild, keep the basis
            self._load(p, warm=True)

    def set_cost(self, measure: str, annual_cost: float) -> None:
        """The annualised cost of one unit of ``measure`` (yuan/yr, >= 0); the objective's
        and the budget row's coefficients of its columns follow (``cost_coefficients``)."""
        k = self._measure(measure)
        annual_cost = checked_column("measures", "capex_yuan", annual_cost, f"cost of {k}")
        p = self.params.with_annual_cost(k, annual_cost)
        if self._layout is None:
            self._load(p, warm=True)
            return
        t0 = time.perf_counter()
        push_costs(self._highs, self._layout, p, elastic=self.elastic, measures=(k,))
        self._changed(p, t0)

    def set_potential(self, code: str, measure: str, value: float) -> None:
        """Units of ``measure`` deployable in ``code`` (column bounds and ramp rows); 0
        removes its columns (a rebuild)."""
        k = self._measure(measure)
        if code not in self.params.units:
            raise ArgumentError(f"unknown district {code!r}; one of {', '.join(self.params.units)}")
        value = checked_column("potentials", "potential", value, f"potential of {k} in {code}")
        key = (code, k)
        pot = dict(self.params.potential)
        if value > 0:
            pot[key] = value
        else:
            pot.pop(key, None)
        p = replace(self.params, potential=pot)
        if self._layout is None or (value > 0) != (key in self.params.potential):
            self._load(p, warm=True)
            return
        t0 = time.perf_counter()
        lay = self._layout
        cols = np.array(
            [j for j, (d, m, _t) in zip(lay.y_pos, lay.y_keys, strict=True) if (d, m) == key],
            dtype=np.int32,
        )
        self._highs.changeColsBounds(
            len(cols), cols, np.zeros(len(cols)), np.full(len(cols), value)
        )
        push_rhs(self._highs, lay, p, ["deploy_ramp"])
        self._changed(p, t0)

    def set_removal(self, measure: str, pollutant: str, value: float) -> None:
        """Removal per unit (t/yr): scales the matrix coefficients of ``measure``'s columns
        in the rows of ``pollutant``."""
        k, q = self._measure(measure), self._pollutant(pollutant)
        value = checked_column("removals", "removal_t", value, f"removal of {q} by {k}")
        removal = {**self.params.removal, (k, q): value}
        if value == 0:
            removal.pop((k, q))
        self.set_params(replace(self.params, removal=removal))

    def set_band_multiple(self, family: str, category: str, bound: str, value: float) -> None:
        """``guidance.bands.<family>.<category>.<bound>`` in relative guidance: the
        multiple of the city rate that ``category``'s floor or ceiling is."""
        self.set_params(with_band_multiple(self.params, family, category, bound, value))

    def set_growth(self, multiplier: float) -> None:
        """``growth.multiplier``: business-as-usual growth (the constants of the emission,
        target, band and coal rows, the bands' ceilings); no rebuild."""
        self.set_params(with_growth(self.params, multiplier))

    def set_discount_rate(self, rate: float) -> None:
        """``economics.discount_rate``: every measure's annualised cost and present value."""
        self.set_params(with_discount_rate(self.params, rate))

    def set_coal_share(self, share: float | None) -> None:
        """``coal.share_max``: the ceiling on coal's share of primary energy."""
        self.set_params(with_coal_share(self.params, share))

    # ------------------------------------------------------------------ names checked

    def _pollutant(self, name: str) -> str:
        """The model's code of a pollutant named in any case ("NOx", "nox": NOX)."""
        if isinstance(name, str):
            for q in self.params.pollutants:
                if q.lower() == name.lower().replace("-", ""):
                    return q
        raise ArgumentError(
            f"unknown pollutant {name!r}; one of {', '.join(self.params.pollutants)}"
        )

    def _measure(self, name: str) -> str:
        if name in self.params.measures:
            return name
        near = difflib.get_close_matches(str(name), self.params.measures, n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        raise ArgumentError(
            f"unknown or disabled measure {name!r}{hint}; one of {', '.join(self.params.measures)}"
        )

    # ------------------------------------------------------------------ pushing

    def _rhs_change(self, p: Params, names) -> None:
        t0 = time.perf_counter()
        if (
            self._layout is None
            or p.ceiling_exempt != self.params.ceiling_exempt  # the ceiling rows' terms
            or not push_rhs(self._highs, self._layout, p, names)
        ):
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
            self._highs.clearSolver()
        interrupted = self._run_highs()  # Ctrl-C: status 'interrupted'
        model_status = self._highs.getModelStatus()
        self._termination = (
            TerminationCondition.interrupted if interrupted else HIGHS_TERMINATION.get(model_status)
        )
        self._status = STATUS_MAP.get(self._termination, Status.ERROR)
        sol = self._highs.getSolution()
        ok = self._status is Status.OPTIMAL and sol.value_valid
        self._x = np.asarray(sol.col_value) if ok else None
        self._row_dual = np.asarray(sol.row_dual) if ok and sol.dual_valid else None
        self._objective = self._highs.getInfo().objective_function_value if ok else None
        self._solve_s = time.perf_counter() - t0
        self._solved = True
        return self._status

    def _run_highs(self, *, raises: bool = False, quick: bool | None = None) -> bool:
        """One HiGHS solve of the model as it stands, with its own time limit, that Ctrl-C
        cancels cleanly; True if it was interrupted. HiGHS's ``time_limit`` counts the
        object's whole run time across re-solves, so each solve gets the limit on top of
        the time already spent (else a long sweep or analysis would hit it after the first
        minute and report every later solve as timed out).

        ``raises``: the caller turns an interruption into ``KeyboardInterrupt`` anyway, so
        while this model's last solve took under :data:`QUICK_S` the solve runs on the
        calling thread, without the interruptible solve's worker thread and scheduler
        set-up (about 3 ms a solve, 7 % of a plan2020 readings-sweep run); Ctrl-C then
        raises ``KeyboardInterrupt`` as the solve returns (HiGHS's own interrupt handling
        off, so it cannot turn the signal into a failed solve). Same solver, same result.
        ``quick`` (with ``raises``) decides instead of the last solve's time."""
        h = self._highs
        h.setOptionValue("time_limit", h.getRunTime() + self.options.time_limit_s)
        t0 = time.perf_counter()
        if raises and (self._last_highs_s < QUICK_S if quick is None else quick):
            h.HandleKeyboardInterrupt = False
            h.run()
            interrupted = False
        else:
            interrupted = run_interruptible(h)
        self._last_highs_s = time.perf_counter() - t0
        return interrupted

    @property
    def objective(self) -> float | None:
        """The optimum of the last solve (None unless optimal)."""
        return self._objective

    def solve(self) -> SolveResult:
        """The full result (values and duals by name), as a fresh build would give it."""
        if self._result is None:
            self._result = self._solve_result()
        return self._result

    def _solve_result(self) -> SolveResult:
        status = self.run()
        if self._layout is None:
            return SolveResult(
                status,
                "provenInfeasible",
                None,
                MappingProxyType({}),
                MappingProxyType({}),
                Timings(),
                solver_version(),
            )
        values = self._layout.by_name(self._layout.values, self._layout.value_pos, self._x)
        duals = self._layout.by_name(self._layout.duals, self._layout.dual_pos, self._row_dual)
        annual = None
        if self._row_dual is not None and not self.elastic:
            annual = annual_row_duals(self._highs, self._layout, self.params)
        annual_duals = self._layout.by_name(self._layout.duals, self._layout.dual_pos, annual)
        p = self.params
        if annual is not None and p.target_year < p.final_year:  # a chain's earlier rows
            early = annual_row_duals(self._highs, self._layout, p, year=p.target_year)
            early_duals = self._layout.by_name(self._layout.duals, self._layout.dual_pos, early)
            annual_duals = by_period(p, annual_duals, early_duals)
        timings = Timings(
            build_s=self._build_s,
            transfer_s=self._transfer_s,
            solve_s=self._solve_s,
            highs_s=float(self._highs.getRunTime()),
        )
        return SolveResult(
            status=status,
            termination=self._termination.name,
            objective=self.objective,
            values=values,
            duals=duals,
            timings=timings,
            solver=solver_version(),
            iterations=int(self._highs.getInfo().simplex_iteration_count),
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
        if self._x is not None and self._layout is not None:
            out.update(record(self.params, self._layout, self._x, self._row_dual))
            out["iterations"] = int(self._highs.getInfo().simplex_iteration_count)
        return out

    # ------------------------------------------------------------------ names

    def col(self, var: str, index: Any) -> int:
        """HiGHS column of ``var[index]``, e.g. ``col("y", ("500101", "scr_power", 2020))``."""
        return self._find(self._layout.col_of, var, index)

    def row(self, family: str, index: Any = None) -> int:
        """HiGHS row of ``family[index]``, e.g. ``row("city_target", "NOX")``."""
        return self._find(self._layout.row_of, family, index)

    def _find(self, table: dict, name: str, index: Any) -> int:
        if self._layout is None:
            raise EmisimError("the model has a constant row that cannot hold: nothing loaded")
        try:
            return table[name, index]
        except KeyError:
            raise KeyError(f"{name}[{index}] is not in the loaded model") from None

    def write(self, path: str | Path) -> Path:
        """Write the loaded model (with the changes made so far) as LP or MPS, named."""
        path = Path(path)
        lp = self._highs.getLp()
        lay = self._layout
        lp.col_names_ = [lp_name(*key) for key in lay.col_keys]
        lp.row_names_ = [lp_name(*key) for key in lay.row_keys]
        out = highspy.Highs()
        out.setOptionValue("output_flag", False)
        out.passModel(lp)
        out.writeModel(str(path))
        return path
