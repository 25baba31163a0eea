"""Installing emisim prints no warning the project causes (`make run` on a fresh clone
starts with emisim's own first line): the wheel is built from a copy of the sources with
this environment's setuptools, every warning shown, and none may come from our
configuration (licence form, packages, package data)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
SOURCES = ("emisim", "model", "solvers", "scenarios", "pyproject.toml", "README.md", "LICENSE")

BUILD = """
import sys
from setuptools import build_meta
print(build_meta.build_wheel(sys.argv[1]))
"""


def test_wheel_builds_without_warnings(tmp_path: Path) -> None:
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    out = tmp_path / "wheel"
    # the caller's PYTHONDONTWRITEBYTECODE makes setuptools say it skips byte-compiling
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", BUILD, str(out)],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    said = done.stdout + done.stderr
    warnings = [line for line in said.splitlines() if "warning" in line.lower()]
    assert not warnings, "\n".join(warnings)

    names = zipfile.ZipFile(out / done.stdout.strip().splitlines()[-1]).namelist()
    # what a run needs from the wheel: scenarios, sweep specs, the data, the catalogue
    for needed in (
        "emisim/scenarios/plan2020.yaml",
        "emisim/model/data/chongqing/units.csv",
        "emisim/reports/locale/zh/LC_MESSAGES/emisim.po",
    ):
        assert needed in names, needed
    assert any(n.startswith("emisim/scenarios/sweeps/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("emisim/model/data/chongqing/sources/") for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(out / done.stdout.strip().splitlines()[-1]).read(metadata).decode()
    assert "License-Expression: MIT" in text
