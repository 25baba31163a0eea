"""Write a run's outputs atomically: ``outputs/<scenario>/`` appears whole or not at all.

Everything is written into a hidden temporary folder beside the target and renamed into
place at the end, so an interrupted run never leaves a half-written folder behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from emisim.model.build import build_model
from emisim.model.errors import EmisimError

FLOAT_FORMAT = "%.10g"
PACKAGES = ("emisim", "pyomo", "highspy", "pandas", "numpy", "pydantic", "pyyaml", "matplotlib")


@contextlib.contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a temporary folder; on success it replaces ``target``, on failure it vanishes."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        raise


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def write_table(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")


def _json(obj: Any, path: Path) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n", "utf-8")


def manifest(result) -> dict:
    """Inputs' hashes, versions, solver status and timings: enough to reproduce the run."""
    from emisim.model.scenario import scenario_to_dict

    sc, ds, res = result.scenario, result.dataset, result.solve
    source = sc.source
    return {
        "scenario": sc.name,
        "scenario_file": str(source) if source else None,
        "scenario_sha256": sha256(source) if source else None,
        "merged_scenario": scenario_to_dict(sc),
        "dataset": str(ds.path),
        "dataset_sha256": dict(ds.file_hashes),
        "versions": package_versions(),
        "solver": {
            "name": res.solver,
            "status": str(res.status),
            "termination": res.termination,
            "objective": res.objective,
            "iterations": res.iterations,
        },
        "timings_s": res.timings.as_dict(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_result(result, out_root: Path | str = "outputs") -> Path:
    """Write tables (CSV), summary.json and manifest.json to ``out_root/<scenario>/``."""
    target = Path(out_root) / result.name
    with atomic_dir(target) as tmp:
        for name, frame in result.tables.items():
            write_table(frame, tmp / f"{name}.csv")
        _json(result.summary, tmp / "summary.json")
        _json(manifest(result), tmp / "manifest.json")
    return target


def export_model(params, path: Path | str) -> Path:
    """Write the built model as LP or MPS (by extension) with readable names."""
    path = Path(path)
    fmt = {".lp": "lp", ".mps": "mps"}.get(path.suffix.lower())
    if fmt is None:
        raise EmisimError(f"{path}: expected a .lp or .mps file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    m = build_model(params)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        m.write(str(tmp), format=fmt, io_options={"symbolic_solver_labels": True})
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


__all__ = ["atomic_dir", "export_model", "manifest", "write_result"]
