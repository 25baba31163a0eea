"""Sweep storage stays exact under concurrency and damage: two sweeps of one spec at once
store each run once; duplicated records are left out on reading, and said; a damaged part
is named, skipped by readers, quarantined by the next sweep and its runs computed again."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pyarrow.dataset as pads
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sweep_fixtures import grid20, write_base, write_spec

from emisim.reports.sweep_report import report_tables, write_sweep_report
from emisim.sweeps import analysis, read_records, run_sweep
from emisim.sweeps.storage import SweepWarning

#: One sweep of the 20-run grid in a fresh process, each run slowed down and stored at
#: once (one run per chunk, no batching), so two of them overlap run by run.
SCRIPT = textwrap.dedent(
    """
    import sys, time
    from emisim.sweeps import evaluate, run_sweep

    class Slow(evaluate.EngineEvaluator):
        def evaluate(self, changes):
            time.sleep(0.05)
            return super().evaluate(changes)

    evaluate.EVALUATORS["slow"] = Slow
    s = run_sweep(sys.argv[1], out=sys.argv[2], workers=1, evaluator="slow",
                  chunk_size=1, flush_s=0, progress=False)
    print("computed", s.computed, "dropped", s.dropped)
    """
)


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("storage")
    write_base(folder, tiny_dir)
    return write_spec(folder, grid20())


@pytest.fixture(scope="module")
def stored(spec: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The grid stored in several parts (4 runs each)."""
    out = tmp_path_factory.mktemp("stored")
    s = run_sweep(spec, out=out, workers=1, chunk_size=4, flush_s=0, progress=False)
    assert s.computed == 20 and s.failures == 0
    return s.folder


def raw_ids(folder: Path) -> list[int]:
    """Every stored record's run id, duplicates included (no de-duplication)."""
    table = pads.dataset(folder / "runs", format="parquet").to_table(columns=["run_id"])
    return sorted(table.column("run_id").to_pylist())


def copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sweeps" / folder.name
    shutil.copytree(folder, target)
    return target


def report_counts(folder: Path) -> int:
    statuses = report_tables(analysis.load(folder))["statuses"]
    return int(statuses["runs"].sum())


def test_two_sweeps_started_at_once_store_each_run_once(spec: Path, tmp_path: Path) -> None:
    script = tmp_path / "sweep.py"
    script.write_text(SCRIPT, "utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, str(script), str(spec), str(out)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, stderr) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, stderr
    counts = [line.split() for stdout, _ in outputs for line in stdout.splitlines()]
    computed = sum(int(c[1]) for c in counts)
    dropped = sum(int(c[3]) for c in counts)
    assert computed > 20 and dropped == computed - 20, "both sweeps ran the same runs at once"
    folder = out / "sweeps" / "grid20"
    assert raw_ids(folder) == list(range(20)), "each run stored exactly once"
    with warnings.catch_warnings():
        warnings.simplefilter("error", SweepWarning)
        assert sorted(read_records(folder)[1]["run_id"]) == list(range(20))
    assert report_counts(folder) == 20


def test_duplicated_records_are_left_out_on_reading_and_said(stored: Path, tmp_path: Path) -> None:
    """A folder written before storage was locked: the same runs in two parts."""
    folder = copy(stored, tmp_path)
    part = sorted((folder / "runs").glob("part-*.parquet"))[0]
    shutil.copy(part, folder / "runs" / "part-copy.parquet")
    assert len(raw_ids(folder)) == 24
    with pytest.warns(SweepWarning, match="4 duplicate records of 4 runs"):
        records = read_records(folder)[1]
    assert sorted(records["run_id"]) == list(range(20))
    with pytest.warns(SweepWarning):
        assert report_counts(folder) == 20
        html = (write_sweep_report(folder) / "report.html").read_text("utf-8")
    assert "duplicate records of 4 runs" in html


def test_a_truncated_part_is_named_quarantined_and_its_runs_computed_again(
    spec: Path, stored: Path, tmp_path: Path
) -> None:
    folder = copy(stored, tmp_path)
    part = sorted((folder / "runs").glob("part-*.parquet"))[1]
    lost = read_records(folder)[1]  # no warning yet
    data = part.read_bytes()
    lost_ids = set(pads.dataset(part).to_table(columns=["run_id"]).column(0).to_pylist())
    part.write_bytes(data[: len(data) // 2])
    assert len(lost) == 20 and len(lost_ids) == 4
    # readers name the part and leave its runs out; the report counts them as not yet run
    with pytest.warns(SweepWarning, match=part.name):
        records = read_records(folder)[1]
    assert set(records["run_id"]) == set(range(20)) - lost_ids
    with pytest.warns(SweepWarning, match=part.name):
        statuses = report_tables(analysis.load(folder))["statuses"]
    assert dict(zip(statuses["status"], statuses["runs"], strict=True)) == {
        "optimal": 16,
        "not yet run": 4,
    }
    # the next sweep quarantines it and computes exactly its runs again
    with pytest.warns(SweepWarning, match=f"runs/{part.name} is damaged"):
        s = run_sweep(spec, out=tmp_path, workers=1, progress=False)
    assert s.quarantined == [f"runs/{part.name}"] and s.computed == 4
    assert f"damaged part runs/{part.name} quarantined" in s.text()
    assert (folder / "quarantine" / part.name).exists() and not part.exists()
    assert raw_ids(folder) == list(range(20))
    with warnings.catch_warnings():
        warnings.simplefilter("error", SweepWarning)
        assert report_counts(folder) == 20


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    keep=st.floats(min_value=0.0, max_value=0.999),
    garbage=st.one_of(st.just(b""), st.binary(min_size=1, max_size=64)),
)
def test_a_part_cut_anywhere_or_replaced_by_garbage_is_named_and_left_out(
    stored: Path, tmp_path_factory: pytest.TempPathFactory, keep: float, garbage: bytes
) -> None:
    """The fuzz family 'one bad part kills a sweep' as a property: a part truncated at any
    length (an empty file included) with any bytes after the cut is named by readers, and
    exactly its runs are left out; nothing raises."""
    folder = copy(stored, tmp_path_factory.mktemp("cut"))
    part = sorted((folder / "runs").glob("part-*.parquet"))[2]
    lost = set(pads.dataset(part).to_table(columns=["run_id"]).column(0).to_pylist())
    data = part.read_bytes()
    part.write_bytes(data[: int(keep * len(data))] + garbage)
    with pytest.warns(SweepWarning, match=part.name):
        records = read_records(folder)[1]
    assert set(records["run_id"]) == set(range(20)) - lost and len(lost) == 4
