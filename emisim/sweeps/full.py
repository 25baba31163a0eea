"""Re-materialise one stored run in full: the same changes, solved through the API's
pipeline, with every result table (what ``emisim run`` would give for that scenario,
the stated tie-break included)."""

from __future__ import annotations

from pathlib import Path

from emisim.api import Result, collect_tables
from emisim.model.assemble import build_params
from emisim.model.data import load_dataset
from emisim.model.errors import SweepError
from emisim.model.scenario import Scenario
from emisim.results.summary import summarise
from emisim.solvers.diagnostics import diagnose
from emisim.sweeps.evaluate import solve_shown, solver_options
from emisim.sweeps.plan import Plan, apply_data, apply_scenario, plan_sweep
from emisim.sweeps.spec import SweepSpec
from emisim.sweeps.storage import read_info


def stored_plan(folder: Path | str) -> Plan:
    """The plan of a stored sweep, rebuilt from what the folder holds; refused if the data
    changed since (the hash would differ)."""
    info = read_info(folder)
    spec = SweepSpec.model_validate(info["spec"])
    base = Scenario.model_validate(info["base_scenario"])
    plan = plan_sweep(spec, base=base)
    if plan.hash != info["hash"]:
        raise SweepError(
            f"{folder}: the data or the base scenario changed since this sweep was stored "
            f"(hash {info['hash']}, now {plan.hash}); its runs cannot be re-made as they were"
        )
    return plan


def materialise(folder: Path | str, run_id: int) -> Result:
    """Solve stored run ``run_id`` of the sweep in ``folder`` again, in full."""
    plan = stored_plan(folder)
    if not 0 <= run_id < plan.n_runs:
        raise SweepError(f"{folder}: no run {run_id} (runs are 0..{plan.n_runs - 1})")
    changes = plan.changes(run_id)
    sc = apply_scenario(plan.scenario, changes)
    sc = sc.model_copy(update={"name": f"{plan.spec.name}-run{run_id}"})
    ds = load_dataset(sc.data_folder)
    p = apply_data(build_params(ds, sc, file=sc.name), changes)
    options = solver_options(plan)
    res = solve_shown(plan, p, options)
    if not res.ok:
        diag = diagnose(p, options) if "infeasible" in str(res.status) else None
        return Result(sc, ds, p, res, {}, {"scenario": sc.name, "status": str(res.status)}, diag)
    tables = collect_tables(p, res)
    return Result(sc, ds, p, res, tables, summarise(sc, ds, p, res, tables))
