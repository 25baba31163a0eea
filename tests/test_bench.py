"""`make bench` in its smoke mode (tiny synthetic data, one repeat), so it cannot rot unseen.

Speed goals are measured by the full benchmark, as ratios within one run, never here; this
only checks that both benchmarks run, their workers agree with each other (the engine's
objective equals raw HiGHS's at every step) and they write their figures.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "benchmarks"


def _smoke(script: str, out: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(BENCH / script), "--smoke", "--out", str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


@pytest.mark.timeout(600)
def test_bench_solve_smoke(tmp_path: Path) -> None:
    done = _smoke("bench_solve.py", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    doc = json.loads((tmp_path / "latest.json").read_text())
    for name, case in doc["cases"].items():
        med = case["median"]
        assert med["status"] == "optimal", name
        assert med["rows"] > 0 and med["highs_s"] > 0 and math.isfinite(med["overhead_ratio"])


@pytest.mark.timeout(600)
def test_bench_resolve_smoke(tmp_path: Path) -> None:
    done = _smoke("bench_resolve.py", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    doc = json.loads((tmp_path / "resolve-latest.json").read_text())
    med = doc["median"]
    assert med["objective_mismatches"] == 0
    for key in ("floor_ms", "engine_ms", "rebuild_ms", "engine_over_floor"):
        assert med[key] > 0 and math.isfinite(med[key]), key


@pytest.mark.timeout(600)
def test_bench_analysis_smoke(tmp_path: Path) -> None:
    """emisim ranges, cost-curve and frontier, each as a user runs it and replayed in raw
    highspy: every replayed solve ends where the command's did."""
    done = _smoke("bench_analysis.py", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    median = json.loads((tmp_path / "analysis-latest.json").read_text())["median"]
    assert set(median) == {"ranges", "cost-curve", "frontier"}
    for command, med in median.items():
        assert med["floor_mismatches"] == 0 and med["floor_lps"] > 0, command
        for key in ("command_s", "floor_s", "command_over_floor", "in_process_s"):
            assert med[key] > 0 and math.isfinite(med[key]), (command, key)
        assert med["command_s"] > med["floor_s"], command  # the floor is a floor


@pytest.mark.timeout(600)
def test_bench_sweep_smoke(tmp_path: Path) -> None:
    done = _smoke("bench_sweep.py", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    doc = json.loads((tmp_path / "sweep-latest.json").read_text())
    med = doc["median"]
    keys = ("floor_ms", "run_ms", "run_over_floor", "mc_pool_s")
    for key in (*keys, "readings_floor_ms", "readings_run_ms", "readings_run_over_floor"):
        assert med[key] > 0 and math.isfinite(med[key]), key


@pytest.mark.timeout(600)
def test_bench_studio_smoke(tmp_path: Path) -> None:
    done = _smoke("bench_studio.py", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    med = json.loads((tmp_path / "studio-latest.json").read_text())["median"]
    assert med["sessions"] == 3 and med["sessions_wrong"] == 0
    for key in ("engine_p95_ms", "server_p95_ms", "server_over_engine", "detail_median_ms"):
        assert med[key] > 0 and math.isfinite(med[key]), key
    assert math.isfinite(med["memory_per_session_mb"]) and med["memory_per_session_mb"] < 500


@pytest.mark.timeout(600)
def test_bench_oneshot_smoke(tmp_path: Path) -> None:
    done = _smoke("bench_oneshot.py", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    (case,) = json.loads((tmp_path / "oneshot-latest.json").read_text())["cases"]
    assert case["objective_mismatches"] == 0 and case["rows"] > 0
    for key in ("wall_ratio", "memory_ratio"):
        assert case[key] > 0 and math.isfinite(case[key]), key
    for key in ("load_s", "first_solve_s", "presented_s", "tables_s", "process_s"):
        assert case["oneshot"][key] > 0, key
