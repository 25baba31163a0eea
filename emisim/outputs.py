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
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from emisim.api import Result
from emisim.model.build import build_model
from emisim.model.errors import EmisimError, NoSolutionError, expect
from emisim.model.scenario.checks import folder_name_problem
from emisim.solvers.compile import write_model

FLOAT_FORMAT = "%.10g"
PACKAGES = ("emisim", "pyomo", "highspy", "pandas", "numpy", "pydantic", "pyyaml", "matplotlib")


#: Every manifest.json emisim writes says so; only a folder whose manifest says so is
#: ever replaced (older outputs are recognised by ``versions.emisim``).
GENERATOR = "emisim"
#: Present in a temporary folder while it is being written.
PARTIAL = ".emisim-partial"
_STALE = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)$")
_MAX_MANIFEST_BYTES = 64 * 2**20
_ACTIVE: set[Path] = set()  # temporary folders this process is using right now


def output_target(out_root: Path | str, name: object) -> Path:
    """``out_root/name``, refused unless ``name`` is a plain folder name inside ``out_root``.

    The scenario schema already refuses such names; this guards every other way in
    (objects built with ``model_construct``, comparison names, future writers)."""
    problem = folder_name_problem(name)
    if problem:
        raise EmisimError(f"output folder name {problem}")
    root = Path(out_root)
    target = root / str(name)
    if target.resolve().parent != root.resolve():
        raise EmisimError(f"output folder {target} would lie outside {root}")
    return target


def is_emisim_output(folder: Path) -> bool:
    """True if ``folder`` is a real folder holding a manifest.json that emisim wrote."""
    manifest_file = folder / "manifest.json"
    try:
        if folder.is_symlink() or not folder.is_dir() or manifest_file.is_symlink():
            return False
        if manifest_file.stat().st_size > _MAX_MANIFEST_BYTES:
            return False
        data = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict):
        return False
    versions = data.get("versions")
    return data.get("generator") == GENERATOR or (
        isinstance(versions, dict) and GENERATOR in versions
    )


def check_replaceable(target: Path) -> None:
    """Refuse to replace anything but a folder emisim wrote (or nothing at all)."""
    if not target.exists() and not target.is_symlink():
        return
    if not is_emisim_output(target):
        raise EmisimError(
            f"{target} already exists and is not an emisim output folder (no emisim "
            "manifest.json); it was left untouched: move it away or choose another "
            "output folder or name"
        )


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours but not in _ACTIVE: left by an earlier process with our pid
    if os.name != "posix":  # no safe liveness probe (os.kill would terminate): keep it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, ValueError):
        return False
    return True


def clean_stale(parent: Path) -> list[Path]:
    """Remove the temporary folders of emisim writers that died; return what was removed.

    A dead writer's ``.NAME.tmp-PID`` is incomplete and goes. Its ``.NAME.old-PID`` is
    the previous output it was replacing: put back if ``NAME`` is missing (the writer
    died between its two renames) and it is an emisim output, else removed (an empty one
    would be put back only to be refused as "not an emisim output folder"). Only folders
    emisim recognises as its own (the partial marker, an emisim manifest, or empty) are
    touched."""
    removed: list[Path] = []
    if not parent.is_dir():
        return removed
    for entry in sorted(parent.iterdir()):
        m = _STALE.match(entry.name)
        if not m or entry in _ACTIVE or entry.is_symlink() or not entry.is_dir():
            continue
        if _pid_alive(int(m["pid"])):
            continue
        ours = (entry / PARTIAL).is_file() or is_emisim_output(entry) or not any(entry.iterdir())
        if not ours:
            continue
        home = parent / m["name"]
        try:
            missing = not home.exists() and not home.is_symlink()
            if m["kind"] == "old" and missing and is_emisim_output(entry):
                entry.rename(home)
                continue
            shutil.rmtree(entry)
            removed.append(entry)
        except OSError:  # another process is cleaning the same folder
            continue
    return removed


@contextlib.contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a temporary folder; on success it replaces ``target``, on failure it vanishes.

    ``target`` is replaced only if it is absent or an earlier emisim output; anything
    else is refused before a single file is written. Leftovers of dead writers in the
    same parent folder are cleaned first."""
    target = Path(target)
    check_replaceable(target)
    for above in target.parents:  # the first that exists must be a folder
        if above.exists() or above.is_symlink():
            if not above.is_dir():
                raise EmisimError(
                    f"{above} is a file, not a folder: the output folder (--out) must be a "
                    "folder or a path that does not exist yet"
                )
            break
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target.parent)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if tmp.exists() or old.exists():
        raise EmisimError(f"{tmp.parent}: a temporary folder of another writer is in the way")
    _ACTIVE.update((tmp, old))
    try:
        tmp.mkdir()
        (tmp / PARTIAL).touch()
        yield tmp
        (tmp / PARTIAL).unlink()
        check_replaceable(target)  # again: something may have appeared while we wrote
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists():
            if target.exists() or target.is_symlink():
                shutil.rmtree(old, ignore_errors=True)  # superseded by another writer
            else:
                old.rename(target)
        raise
    finally:
        _ACTIVE.difference_update((tmp, old))


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


def run_id(result: Result) -> str:
    """A hash of what determines a run's results (merged scenario, dataset files,
    package versions): the same inputs give the same id, on any machine, at any time.
    Reports and workbooks carry it instead of a clock."""
    from emisim.model.scenario import scenario_to_dict

    facts = {
        "scenario": scenario_to_dict(result.scenario),
        "dataset_sha256": dict(result.dataset.file_hashes),
        "versions": package_versions(),
    }
    text = json.dumps(facts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def comparison_id(results: list[Result], reference: str, name: str) -> str:
    """The run ids of a comparison's scenarios, its reference and name, hashed."""
    text = json.dumps([name, reference, *(run_id(r) for r in results)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def manifest(result) -> dict:
    """Inputs' hashes, versions, solver status and timings: enough to reproduce the run."""
    from emisim.model.scenario import scenario_to_dict

    sc, ds, res = result.scenario, result.dataset, result.solve
    source = sc.source
    return {
        "generator": GENERATOR,
        "run_id": run_id(result),
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
    expect(result, Result, "result: expected the Result of emisim.run()")
    expect(out_root, (str, Path), "out_root: expected a folder path")
    if not result.tables:
        raise NoSolutionError(f"scenario '{result.name}' is {result.status}: nothing to write")
    target = output_target(out_root, result.name)
    with atomic_dir(target) as tmp:
        for name, frame in result.tables.items():
            write_table(frame, tmp / f"{name}.csv")
        _json(result.summary, tmp / "summary.json")
        _json(manifest(result), tmp / "manifest.json")
    return target


def export_model(params, path: Path | str) -> Path:
    """Write the built model as LP or MPS (by extension), as HiGHS reads it, with readable
    names: ``city_target(NOX)``, ``band_lower(air,500101,NOX)``, ``y(500101,scr_power,2020)``
    (LP files reserve brackets, so indices are in parentheses)."""
    expect(path, (str, Path), "path: expected a .lp or .mps file path")
    path = Path(path)
    if path.suffix.lower() not in (".lp", ".mps"):
        raise EmisimError(f"{path}: expected a .lp or .mps file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    m = build_model(params)
    tmp = path.with_name(f".{path.name}.tmp{path.suffix}")  # HiGHS picks the format by it
    try:
        write_model(m, str(tmp))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


__all__ = [
    "GENERATOR",
    "atomic_dir",
    "clean_stale",
    "export_model",
    "is_emisim_output",
    "manifest",
    "output_target",
    "write_result",
]
