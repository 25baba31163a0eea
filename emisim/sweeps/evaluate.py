"""Evaluators: turn one run's changes into its record. One evaluator lives in each worker.

``fresh`` builds each run's Params and Pyomo model from scratch and solves it (the
reference: exactly what ``emisim run`` would do). ``engine`` compiles the model once per
worker and applies each run's changes to the loaded HiGHS model, re-solving from the base
scenario's bases by one fixed sequence (``canonical.py``); a run whose changes alter the
model's structure is rebuilt. Both records show the presented plan (``objective.tie_break``)
and agree; the engine's are the same bytes on every worker and in every order.
"""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np

from emisim.api import solve_params
from emisim.model.assemble import build_params
from emisim.model.data import Dataset, load_dataset
from emisim.model.errors import EmisimError
from emisim.model.params import Params
from emisim.model.requirements import rhs_tau_gradients
from emisim.results.prices import plan_target_prices_from
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolveResult, SolverOptions, Status
from emisim.solvers.presented import PresentationWarning, present
from emisim.solvers.pushes import COST_FIELDS
from emisim.sweeps.canonical import Canonical
from emisim.sweeps.plan import Change, Plan, apply_data, apply_scenario, scenario_changes
from emisim.sweeps.record import (
    Basis,
    basis,
    enforced_targets,
    key_project_prices,
    make_record,
    record_of,
    regrown,
)
from emisim.sweeps.warm import warm_params


class Evaluator(Protocol):
    def evaluate(self, changes: list[Change]) -> dict[str, float | str]:
        """The record of one run (status and numbers; no run id or metadata)."""


class FreshEvaluator:
    """Build and solve every run from scratch through the API's own pipeline."""

    def __init__(self, plan: Plan, dataset: Dataset) -> None:
        self.plan, self.dataset = plan, dataset
        self.options = solver_options(plan)
        sc = plan.scenario
        self.base = build_params(dataset, sc, file=str(sc.source or sc.name))
        self.base_basis = basis(self.base)

    def params(self, changes: list[Change]) -> tuple[Params, Basis]:
        """The run's Params (and record basis), rebuilt only if scenario keys change."""
        if not scenario_changes(changes):
            return apply_data(self.base, changes), self.base_basis
        sc = apply_scenario(self.plan.scenario, changes)
        p = apply_data(build_params(self.dataset, sc, file=sc.name), changes)
        return p, basis(p)

    def evaluate(self, changes: list[Change]) -> dict[str, float | str]:
        p, b = self.params(changes)
        return record_of(p, b, solve_shown(self.plan, p, self.options))


class EngineEvaluator(FreshEvaluator):
    """One model compiled and loaded in HiGHS per worker; each run's changes are pushed
    into it and it re-solves warm. Targets, relative band multiples, costs and potentials
    move bounds and coefficients in place; other changes rebuild Params, and the engine
    rebuilds the model when its rows change."""

    def __init__(self, plan: Plan, dataset: Dataset) -> None:
        super().__init__(plan, dataset)
        self.engine: Engine | None = None
        self.canonical: Canonical | None = None
        self._map_key: tuple = ()
        self._map: tuple = ()
        self._grad_key: tuple = ()
        self._grads: dict[str, dict] = {}

    def evaluate(self, changes: list[Change]) -> dict[str, float | str]:
        p = warm_params(self.base, self.plan.scenario, changes)
        if p is None:
            p, b = self.params(changes)
        else:
            p = apply_data(p, changes)
            # what the record basis reads: removal rates (its maps), growth (its BAU totals)
            if any(c[0].startswith("removal.") for c in changes):
                b = basis(p)
            elif any(c[0].startswith("growth.") for c in changes):
                b = regrown(self.base_basis, p)
            else:
                b = self.base_basis
        try:
            if self.engine is None:  # the base first: every worker starts from its bases
                self.engine = Engine(self.base, self.options)
                self.canonical = Canonical(self.engine, present=presents(self.plan))
            self.engine.set_params(p)
            out = self.canonical.solve()
        except BaseException:
            self.engine = None  # never re-use a model a failure may have left half-changed
            raise
        eng = self.engine
        if out.status is not Status.OPTIMAL or out.x is None or eng._layout is None:
            return {"status": str(out.status), "message": str(out.status)}
        lay = eng._layout
        src, dst, pairs = self._final_map(lay, p, b)
        x = out.x
        y_final = np.zeros(len(b.pairs))
        y_final[dst] = x[src]
        annual = np.array([p.annual_cost[m] * p.cost_factor.get((d, m), 1.0) for d, m in pairs])
        costs = (float(lay.y_cost @ x[lay.y_pos]), float(annual @ y_final[dst]))
        duals, plan, kp = {}, {}, {}
        if out.row_dual is not None:
            duals = dict(zip(lay.city_keys, out.row_dual[lay.city_pos].tolist(), strict=True))
            row_dual, row_of = out.row_dual, lay.row_of

            def dual(fam: str, key: Any) -> float:
                row = row_of.get((fam, key))
                return 0.0 if row is None else float(row_dual[row])

            enforced = enforced_targets(p)
            plan = plan_target_prices_from(p, enforced, dual, self._gradients(p, enforced))
            kp = key_project_prices(p, dual)
        rec = make_record(p, b, out.objective, costs, y_final, duals, plan, kp)
        return rec | {"message": out.note} if out.note else rec

    def _gradients(self, p: Params, enforced: list[str]) -> dict[str, dict]:
        """``rhs_tau_gradients`` of the enforced targets, kept while every Params field
        it can read is the same object (cost and potential runs reuse the base's)."""
        key = tuple(getattr(p, f) for f in _GRADIENT_FIELDS)
        held = self._grad_key
        if len(held) != len(key) or any(a is not b for a, b in zip(key, held, strict=True)):
            self._grads = rhs_tau_gradients(p, enforced)
            self._grad_key = key
        return self._grads

    def _final_map(self, lay: Any, p: Params, b: Basis) -> tuple:
        """Columns of the final year's deployment and their places in ``b.pairs`` (cached
        per loaded layout and the basis' maps: rebuilt only when the engine rebuilds or the
        record basis is made afresh)."""
        key = (id(lay), id(b.pairs))
        if self._map_key != key:
            T = p.final_year
            final = [(i, k) for i, k in enumerate(lay.y_keys) if k[2] == T]
            src = lay.y_pos[[i for i, _ in final]]
            dst = np.array([b.pairs[d, m] for _, (d, m, _t) in final], dtype=np.int64)
            self._map, self._map_key = (src, dst, [(d, m) for _, (d, m, _t) in final]), key
        return self._map


#: Params fields the plan-target gradient cannot depend on (measure costs and potentials).
_GRADIENT_FIELDS = tuple(
    f.name for f in fields(Params) if f.name not in (*COST_FIELDS, "potential")
)


def solve_shown(plan: Plan, p: Params, options: SolverOptions) -> SolveResult:
    """Solve ``p`` as ``emisim run`` does: built fresh, solved, then (``tie_break:
    nominal``) the stated choice among tied optima made on the same model, from scratch."""
    if not presents(plan):
        return solve_params(p, options)
    eng = Engine(p, options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PresentationWarning)
        return present(p, eng.solve(), options, engine=eng)


def presents(plan: Plan) -> bool:
    """Whether records show the stated choice among tied optima (as ``emisim run``)."""
    return plan.scenario.objective.tie_break == "nominal"


def solver_options(plan: Plan) -> SolverOptions:
    sc = plan.scenario
    limit = plan.spec.time_limit_s or sc.solver.time_limit_s
    return SolverOptions(time_limit_s=limit, tolerance=sc.solver.tolerance)


EVALUATORS: dict[str, Callable[[Plan, Dataset], Evaluator]] = {
    "engine": EngineEvaluator,
    "fresh": FreshEvaluator,
}
DEFAULT_EVALUATOR = "engine"

# One evaluator per worker process, kept between chunks (keyed by spec hash and kind).
_CACHE: dict[tuple[str, str], Evaluator] = {}


def evaluator_for(plan: Plan, kind: str) -> Evaluator:
    key = (plan.hash, kind)
    if key not in _CACHE:
        _CACHE.clear()  # one sweep at a time per worker: free the previous model
        factory = EVALUATORS.get(kind) or _imported(kind)
        if factory is None:
            raise EmisimError(f"unknown evaluator '{kind}': one of {', '.join(EVALUATORS)}")
        _CACHE[key] = factory(plan, load_dataset(plan.scenario.data_folder))
    return _CACHE[key]


def _imported(kind: str) -> Callable[[Plan, Dataset], Evaluator] | None:
    """``module:Class``: an evaluator of your own, importable in every worker."""
    module, _, name = kind.partition(":")
    if not name:
        return None
    import importlib

    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise EmisimError(f"evaluator '{kind}' cannot be imported: {exc}") from None


def evaluate_chunk(
    plan: Plan, kind: str, run_ids: Sequence[int], session: str
) -> list[dict[str, float | str]]:
    """Records of some runs. A failing run (invalid values, solver trouble, a bug) becomes
    a record with its status and message; it never stops the others."""
    ev = evaluator_for(plan, kind)
    worker = f"{os.uname().nodename}:{os.getpid()}"
    out = []
    for run_id in run_ids:
        t0 = time.perf_counter()
        try:
            rec = ev.evaluate(plan.changes(run_id))
        except EmisimError as exc:
            rec = {"status": "error", "message": str(exc)}
        except Exception as exc:  # a crash in one run is recorded, not raised
            rec = {"status": "crash", "message": f"{type(exc).__name__}: {exc}"}
        rec |= plan.x(run_id) | {
            "run_id": run_id,
            "session": session,
            "computed_at": f"{datetime.now(UTC).isoformat()}/{uuid.uuid4().hex[:8]}",
            "worker": worker,
            "seconds": time.perf_counter() - t0,
        }
        out.append(rec)
    return out
