"""Sweep fixtures over the tiny dataset: a banded base scenario and small specs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: Air 'large' (Alpha) must cut 3x the city SO2 rate, where only dear scrubbers exist.
BASE = {
    "description": "tiny base for sweeps",
    "targets": {"set": "test"},
    "guidance": {"bands": {"air": {"large": {"lower": 3.0}, "small": {"upper": 2.0}}}},
}


def write_base(folder: Path, data: Path) -> Path:
    """``tinybase.yaml`` in ``folder``, over the tiny dataset in ``data``."""
    path = folder / "tinybase.yaml"
    path.write_text(yaml.safe_dump({**BASE, "data": str(data)}), "utf-8")
    return path


def grid20(**extra: Any) -> dict:
    """A 5 x 4 grid: the SO2 target and one factor on every measure's cost."""
    return {
        "name": "grid20",
        "description": "tiny 20-run grid",
        "base": "tinybase.yaml",
        "design": {"kind": "grid"},
        "parameters": [
            {"path": "targets.overrides.SO2", "values": [0.05, 0.07, 0.09, 0.11, 0.13]},
            {"path": "cost.*", "together": True, "relative": True, "values": [0.8, 1, 1.2, 1.5]},
        ],
        **extra,
    }


def write_spec(folder: Path, spec: dict) -> Path:
    path = folder / f"{spec['name']}.yaml"
    path.write_text(yaml.safe_dump(spec), "utf-8")
    return path


class Failing:
    """An evaluator that fails on purpose: a Python error at one grid point, the death of
    its worker process at another; every other run solved by the engine."""

    def __init__(self, plan, dataset) -> None:
        from emisim.sweeps.evaluate import EngineEvaluator

        self.inner = EngineEvaluator(plan, dataset)

    def evaluate(self, changes):
        import os

        values = {path: value for path, value, _ in changes}
        if values.get("targets.overrides.SO2") == 0.07 and values.get("cost.scrubber") == 1.2:
            raise RuntimeError("a bug in one run")
        if values.get("targets.overrides.SO2") == 0.11 and values.get("cost.scrubber") == 0.8:
            os._exit(3)  # the worker process dies without a word
        return self.inner.evaluate(changes)


def run_so2_cost_sweep(
    folder: Path, data: Path, name: str, samples: int, seed: int, cost: dict, **cost_extra: Any
) -> Path:
    """A Monte Carlo sweep of the tiny dataset, stored in ``folder`` through the command
    line: the SO2 target U(0.05, 0.2) and every measure's cost by ``cost`` (a distribution,
    relative; ``cost_extra`` e.g. ``together=True``). Returns the sweep's folder."""
    from emisim.cli import main

    write_base(folder, data)
    spec = grid20(name=name, design={"kind": "monte_carlo", "samples": samples, "seed": seed})
    spec["parameters"] = [
        {
            "path": "targets.overrides.SO2",
            "distribution": {"kind": "uniform", "low": 0.05, "high": 0.2},
        },
        {"path": "cost.*", "relative": True, **cost_extra, "distribution": cost},
    ]
    path = write_spec(folder, spec)
    args = ["sweep", str(path), "--out", str(folder), "--workers", "1", "--no-progress"]
    assert main(args) == 0
    return folder / "sweeps" / name
