"""Sweep records do not depend on the executor: every run is solved by one fixed sequence
from the base scenario's bases and shows the presented plan (``objective.tie_break``), so
the same run gives the same bytes with 1 worker, 2 workers, a Dask cluster, in any order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from sweep_fixtures import write_base, write_spec

from emisim.model.assemble import build_params
from emisim.model.data import load_dataset
from emisim.solvers.engine import Engine
from emisim.sweeps import read_records, run_sweep
from emisim.sweeps.evaluate import _CACHE, evaluate_chunk, solver_options
from emisim.sweeps.plan import apply_data, plan_sweep
from emisim.sweeps.record import META
from emisim.sweeps.spec import load_spec
from emisim.sweeps.storage import schema

RUNS = 20


def costs20() -> dict:
    """20 Monte Carlo runs: every measure's cost x U(0.7, 1.3), one factor per measure
    (the districts share each measure's cost: many tied least-cost plans)."""
    return {
        "name": "costs20",
        "description": "tiny 20-run cost sweep",
        "base": "tinybase.yaml",
        "design": {"kind": "monte_carlo", "samples": RUNS, "seed": 3},
        "parameters": [
            {
                "path": "cost.*",
                "relative": True,
                "distribution": {"kind": "uniform", "low": 0.7, "high": 1.3},
            },
        ],
    }


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("executor")
    write_base(folder, tiny_dir)
    return write_spec(folder, costs20())


def content(frame: pd.DataFrame) -> dict[str, bytes]:
    """Each record column's bytes (run order), metadata (worker, timing) aside."""
    frame = frame.sort_values("run_id").reset_index(drop=True)
    out = {}
    for c in frame.columns:
        if c not in META[3:]:  # session, computed_at, worker, seconds
            v = frame[c].to_numpy()
            out[c] = v.tobytes() if v.dtype.kind in "fi" else repr(v.tolist()).encode()
    return out


def in_order(spec: Path, order: list[int]) -> pd.DataFrame:
    """The runs evaluated in one fresh evaluator in the given order."""
    plan = plan_sweep(*load_spec(spec))
    _CACHE.clear()
    records = evaluate_chunk(plan, "engine", order, "s")
    table = schema(plan)  # as storage writes them (absent messages are nulls)
    cols = {name: [r.get(name) for r in records] for name in table.names}
    return pa.Table.from_pydict(cols, schema=table).to_pandas()


def test_a_plain_warm_engine_depends_on_the_run_order(spec: Path) -> None:
    """The control: re-solving warm from the previous run's basis, the order changes the
    plan (same cost, another vertex of the optimal face) on this sweep."""
    plan = plan_sweep(*load_spec(spec))
    p0 = build_params(load_dataset(plan.scenario.data), plan.scenario)

    def solve(order: list[int]) -> dict[int, tuple[float, np.ndarray]]:
        eng, out = Engine(p0, solver_options(plan)), {}
        for i in order:
            eng.set_params(apply_data(p0, plan.changes(i)))
            eng.run()
            out[i] = (eng.objective, eng._x.copy())
        return out

    a, b = solve(list(range(RUNS))), solve(list(reversed(range(RUNS))))
    assert all(a[i][0] == pytest.approx(b[i][0], rel=1e-9) for i in a)
    assert max(np.abs(a[i][1] - b[i][1]).max() for i in a) > 1e-3


def test_records_are_the_same_bytes_on_every_executor_and_order(spec: Path, tmp_path: Path) -> None:
    stored = {}
    for label, options in {
        "one": {"workers": 1},
        "pool": {"workers": 2, "chunk_size": 3},
        "dask": {"workers": 2, "dask_local": True, "chunk_size": 7},
    }.items():
        s = run_sweep(spec, out=tmp_path / label, progress=False, **options)
        assert s.computed == RUNS and s.failures == 0
        stored[label] = read_records(s.folder)[1]
    rng = np.random.default_rng(0)
    stored["reversed"] = in_order(spec, list(reversed(range(RUNS))))
    stored["shuffled"] = in_order(spec, [int(i) for i in rng.permutation(RUNS)])
    reference = content(stored["one"])
    assert np.frombuffer(reference["run_id"], dtype=np.int64).tolist() == list(range(RUNS))
    for label, frame in stored.items():
        assert content(frame) == reference, label
    # the records varied: the costs moved the optimum and the allocation
    one = stored["one"]
    assert one["objective"].nunique() == RUNS
    assert one.filter(like="cut_pct.").nunique().max() > 1
