"""A sweep killed mid-way (SIGKILL) and run again: every run stored exactly once, and
nothing that was stored before the kill computed again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.dataset as pads
from sweep_fixtures import grid20, write_base, write_spec

#: Runs the 20-run grid in this process, each run slowed down so the kill lands mid-way;
#: every finished run is stored at once (flush_s=0, one run per chunk).
SCRIPT = textwrap.dedent(
    """
    import sys, time
    from emisim.sweeps import evaluate, run_sweep

    class Slow(evaluate.FreshEvaluator):
        def evaluate(self, changes):
            time.sleep(0.25)
            return super().evaluate(changes)

    evaluate.EVALUATORS["slow"] = Slow
    s = run_sweep(sys.argv[1], out=sys.argv[2], workers=1, evaluator="slow",
                  chunk_size=1, flush_s=0, progress=False)
    print("computed", s.computed, "stored_before", s.stored_before)
    """
)


def stored(runs: Path) -> list[dict]:
    if not any(runs.glob("part-*.parquet")):
        return []
    table = pads.dataset(runs, format="parquet").to_table(
        columns=["run_id", "session", "computed_at"]
    )
    return table.to_pylist()


def test_killed_sweep_resumes_without_recomputing(tmp_path: Path, tiny_dir: Path) -> None:
    write_base(tmp_path, tiny_dir)
    spec = write_spec(tmp_path, grid20())
    script = tmp_path / "slow_sweep.py"
    script.write_text(SCRIPT, "utf-8")
    out = tmp_path / "out"
    runs = out / "sweeps" / "grid20" / "runs"
    cmd = [sys.executable, str(script), str(spec), str(out)]
    log = tmp_path / "first.log"
    with log.open("wb") as err, subprocess.Popen(cmd, stdout=err, stderr=err) as proc:
        deadline = time.monotonic() + 120
        while len(list(runs.glob("part-*.parquet"))) < 5 and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    before = stored(runs)
    ids_before = [r["run_id"] for r in before]
    assert 5 <= len(ids_before) < 20, "the kill must land mid-way"
    assert len(set(ids_before)) == len(ids_before)

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=True)
    n = len(ids_before)
    assert f"computed {20 - n} stored_before {n}" in again.stdout
    after = stored(runs)
    ids = sorted(r["run_id"] for r in after)
    assert ids == list(range(20)), "every run present exactly once"
    # the runs stored before the kill are the same records, not recomputed ones
    old = {r["run_id"]: r["computed_at"] for r in before}
    sessions = {r["session"] for r in before}
    assert len(sessions) == 1
    for r in after:
        if r["run_id"] in old:
            assert r["computed_at"] == old[r["run_id"]]
        else:
            assert r["session"] not in sessions
