"""Plan a sweep: resolve the base scenario, expand the parameter paths, draw the design.

A parameter's path is either a key of the merged scenario (changed through the schema,
so a bad value fails that run with the schema's message) or a measure's data in the
model's parameters: ``cost.<measure>`` (annualised cost per unit, yuan/yr),
``removal.<measure>.<pollutant>`` (t/yr per unit) and ``potential.<measure>`` (a factor
on every district's potential; relative only). Paths may use ``*``.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from emisim.api import resolve
from emisim.model.assemble import build_params
from emisim.model.errors import EmisimError, SweepError
from emisim.model.params import Params
from emisim.model.scenario import Scenario, scenario_to_dict
from emisim.sweeps.canonical import pinned_cuts
from emisim.sweeps.design import values_matrix
from emisim.sweeps.spec import SweepSpec, spec_hash

DATA_ROOTS = ("cost", "removal", "potential")
#: A change: (concrete dotted path, value, relative).
Change = tuple[str, float, bool]


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to run any run of the sweep; pickles."""

    spec: SweepSpec
    scenario: Scenario
    names: tuple[str, ...]  # one per varied factor (x.<name> columns)
    paths: tuple[tuple[str, ...], ...]  # the concrete paths each factor sets
    relative: tuple[bool, ...]
    scenario_base: dict[str, float]  # base value of relative scenario paths
    values: np.ndarray = field(repr=False)  # run x factor
    unit: np.ndarray | None = field(repr=False)  # unit-cube points (Sobol/Morris)
    hash: str = ""
    units: tuple[str, ...] = ()  # district codes (record columns)
    pinned: tuple[str, ...] = ()  # cut_pct columns the stated tie-break names (canonical.py)

    @property
    def n_runs(self) -> int:
        return len(self.values)

    def changes(self, run_id: int) -> list[Change]:
        """The concrete changes of one run."""
        out = []
        for j, paths in enumerate(self.paths):
            v = float(self.values[run_id, j])
            for path in paths:
                if self.relative[j] and path in self.scenario_base:
                    out.append((path, v * self.scenario_base[path], False))
                else:
                    out.append((path, v, self.relative[j]))
        return out

    def x(self, run_id: int) -> dict[str, float]:
        """The run's parameter values, as stored with its record."""
        return {f"x.{n}": float(v) for n, v in zip(self.names, self.values[run_id], strict=True)}

    def design_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.values, columns=[f"x.{n}" for n in self.names])
        frame.insert(0, "run_id", np.arange(self.n_runs))
        return frame


def plan_sweep(spec: SweepSpec, folder: Path | None = None, base: Scenario | None = None) -> Plan:
    """Resolve the base (relative to the spec's folder, unless given), expand the paths,
    draw the design."""
    dirs = (folder,) if folder else ()
    base_ref: str | Path | Scenario = base or spec.base
    if base is None and folder and (folder / spec.base).is_file():
        base_ref = folder / spec.base
    sc, ds = resolve(base_ref, search_dirs=dirs)
    p0 = build_params(ds, sc, file=str(sc.source or sc.name))
    flat = _leaves(scenario_to_dict(sc))
    names, paths, params, relative = [], [], [], []
    base_values: dict[str, float] = {}
    for i, par in enumerate(spec.parameters):
        matches = _expand(par.path, flat, p0, i)
        groups = [matches] if par.together or len(matches) == 1 else [[m] for m in matches]
        for group in groups:
            names.append(par.path if par.together or len(matches) == 1 else group[0])
            paths.append(tuple(group))
            params.append(par)
            relative.append(par.relative)
        if par.relative:
            for m in matches:
                if m.split(".")[0] not in DATA_ROOTS:
                    base_values[m] = _base_value(m, flat, p0, i)
        elif par.path.split(".")[0] == "potential":
            raise SweepError(f"parameters[{i}] ({par.path}): potential is varied relative only")
    values, unit = values_matrix(spec.design, params, names)
    merged = {k: v for k, v in scenario_to_dict(sc).items() if k not in ("name", "description")}
    merged.pop("data", None)  # a machine's path; the dataset's file hashes stand for it
    plan = Plan(
        spec=spec,
        scenario=sc,
        names=tuple(names),
        paths=tuple(paths),
        relative=tuple(relative),
        scenario_base=base_values,
        values=values,
        unit=unit,
        hash=spec_hash(spec, merged, dict(ds.file_hashes)),
        units=tuple(p0.units),
        pinned=tuple(pinned_cuts(p0)) if sc.objective.tie_break == "nominal" else (),
    )
    try:
        apply_scenario(sc, plan.changes(0))
    except EmisimError as exc:
        raise SweepError(f"spec '{spec.name}': run 0 is not a valid scenario: {exc}") from None
    return plan


def _leaves(node: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(node, dict):
        for k, v in node.items():
            out.update(_leaves(v, f"{prefix}{k}."))
            if isinstance(v, dict) and not v:
                out[f"{prefix}{k}"] = v
    else:
        out[prefix[:-1]] = node
    return out


def _expand(path: str, flat: dict[str, Any], p0: Params, i: int) -> list[str]:
    """The concrete paths a (possibly globbed) parameter path names, in a stable order."""
    root = path.split(".")[0]
    if root in DATA_ROOTS:
        known = {
            "cost": [f"cost.{m}" for m in p0.measures],
            "potential": [f"potential.{m}" for m in p0.measures],
            "removal": [f"removal.{m}.{q}" for m, q in p0.removal],
        }[root]
    else:
        known = [k for k, v in flat.items() if isinstance(v, int | float) or v is None]
    if "*" not in path:
        if root in DATA_ROOTS and path not in known:
            raise SweepError(f"parameters[{i}]: '{path}' names no measure data of the base")
        return [path]
    found = [k for k in known if fnmatch.fnmatchcase(k, path)]
    if not found:
        raise SweepError(f"parameters[{i}]: '{path}' matches nothing in the base scenario")
    return found


def _base_value(path: str, flat: dict[str, Any], p0: Params, i: int) -> float:
    """The base value a relative scenario parameter multiplies."""
    value = flat.get(path)
    parts = path.split(".")
    if value is None and parts[:2] == ["targets", "overrides"] and parts[2] in p0.targets:
        value = p0.targets[parts[2]]
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise SweepError(f"parameters[{i}] ({path}): relative needs a numeric base value")
    return float(value)


# ---------------------------------------------------------------- applying changes


def scenario_changes(changes: list[Change]) -> list[Change]:
    return [c for c in changes if c[0].split(".")[0] not in DATA_ROOTS]


def data_changes(changes: list[Change]) -> list[Change]:
    return [c for c in changes if c[0].split(".")[0] in DATA_ROOTS]


def apply_scenario(sc: Scenario, changes: list[Change]) -> Scenario:
    """The base scenario with the run's scenario keys set, validated by the schema."""
    changes = scenario_changes(changes)
    if not changes:
        return sc
    tree = scenario_to_dict(sc)
    for path, value, _ in changes:
        node = tree
        keys = path.split(".")
        for key in keys[:-1]:
            node = node.setdefault(_key(key), {})
        node[_key(keys[-1])] = value
    try:
        return Scenario.model_validate(tree)
    except Exception as exc:  # pydantic's ValidationError: one line is enough per run
        first = str(exc).splitlines()
        raise SweepError(" ".join(first[1:3]) if len(first) > 2 else str(exc)) from None


def _key(key: str) -> Any:
    return int(key) if key.isdigit() else key


def apply_data(p: Params, changes: list[Change]) -> Params:
    """Params with the run's measure data changed (relative values multiply the run's own)."""
    from dataclasses import replace

    changes = data_changes(changes)
    if not changes:
        return p
    cost, removal, potential = dict(p.annual_cost), dict(p.removal), dict(p.potential)
    unit_pv = dict(p.unit_pv)
    for path, value, rel in changes:
        root, measure, *rest = path.split(".")
        if root == "cost":
            new = value * cost[measure] if rel else value
            if cost[measure] == 0 and new != 0:
                raise SweepError(f"{path}: the base cost is 0, so it cannot be set or scaled")
            factor = new / cost[measure] if cost[measure] else 1.0
            for t in p.years:  # a unit's present value is linear in its annual cost
                unit_pv[measure, t] *= factor
            cost[measure] = new
        elif root == "removal":
            key = (measure, rest[0])
            removal[key] = value * removal[key] if rel else value
        else:
            for k in [k for k in potential if k[1] == measure]:
                potential[k] = value * potential[k]
    return replace(p, annual_cost=cost, unit_pv=unit_pv, removal=removal, potential=potential)
