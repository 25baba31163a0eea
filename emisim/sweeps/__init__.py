"""Sensitivity sweeps: many runs of one base scenario with parameters varied by dotted path.

``sweep(spec)`` runs a grid, Monte Carlo, Sobol or Morris design (``spec.py``) on local
processes or Dask (``runner.py``), re-solving warm where it can (``evaluate.py``), and
stores a compact record per run in a resumable Parquet dataset (``storage.py``);
``analysis.py`` reads it back into distributions, sensitivity indices and conclusions.
Imports are lazy: worker processes load only what evaluating a run needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from emisim.sweeps.runner import Summary
    from emisim.sweeps.spec import SweepSpec

__all__ = ["load", "materialise", "read_records", "run_sweep", "sweep"]


def sweep(spec: SweepSpec | dict | str | Path, **options: Any) -> Summary:
    """Run (or resume) a spec (a YAML path, a dict or a SweepSpec); see :func:`run_sweep`."""
    from emisim.sweeps.runner import run_sweep
    from emisim.sweeps.spec import parse_spec

    if isinstance(spec, dict):
        spec = parse_spec(spec)
    return run_sweep(spec, **options)


def __getattr__(name: str) -> Any:
    homes = {
        "run_sweep": "runner",
        "read_records": "storage",
        "load": "analysis",
        "materialise": "full",
        "load_spec": "spec",
        "parse_spec": "spec",
        "SweepSpec": "spec",
        "Summary": "runner",
    }
    if name not in homes:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(f"emisim.sweeps.{homes[name]}"), name)
