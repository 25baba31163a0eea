"""Time sweeps: throughput per run against raw highspy's warm re-solve, and a 1,000-run
Monte Carlo sweep on local processes and on a Dask local cluster.

One fresh process per repetition (``--worker``) does, on the same LP:

* **floor** — raw highspy: the engine's exported MPS in a bare ``highspy.Highs``; per
  run ``changeRowsBounds`` on the rows the sweep's change moves (the NOx city target and,
  with relative guidance, the NOx band rows) and a warm ``run()``; nothing read back.
* **throughput** — ``emisim.sweeps.run_sweep`` in that process (``workers=1``) over a
  Monte Carlo design of the same NOx targets (±4 %): per run the engine's change, warm
  re-solve and the compact record (the median of the stored per-run seconds), and the
  sweep's wall time per run (planning, the first compile and the Parquet writes included).
* **readings** — the readings sweep's parameters (``plan2020-readings``: band multiples,
  growth, the coal ceiling, the discount rate; a Monte Carlo design of ``--steps`` runs),
  every run pushed into the loaded model (no rebuild: checked): the sweep's per-run
  seconds (median) against the floor of the same changes (raw highspy:
  ``changeRowsBounds`` and ``changeColsCost`` on what moved, warm ``run()``).
* **Monte Carlo** — ``--runs`` (1,000) runs of every measure's cost ±30 % (one factor per
  measure), wall time on 2 local worker processes and on a Dask local cluster of 2
  (cluster start-up included), and the ratio to runs x floor.

Goals (docs/performance.md): per run incl. record ≤ 3x floor, for the targets and the
readings sweep alike.

    make bench                                  # with the other benchmarks
    python benchmarks/bench_sweep.py --repeats 1 --runs 1000
    python benchmarks/bench_sweep.py --smoke --out DIR   # tiny, once (inside make test)
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SMOKE_UNITS = 6


def _spec(name: str, kind: str, runs: int) -> dict:
    if kind == "targets":
        par = {"path": "targets.overrides.NOX", "relative": True}
        dist = {"kind": "uniform", "low": 0.96, "high": 1.04}
    else:
        par = {"path": "cost.*", "relative": True}
        dist = {"kind": "uniform", "low": 0.7, "high": 1.3}
    return {
        "name": name,
        "description": f"benchmark: {kind}",
        "base": "plan2020",
        "design": {"kind": "monte_carlo", "samples": runs, "seed": 7},
        "parameters": [{**par, "distribution": dist}],
    }


def _readings_spec(name: str, runs: int) -> dict:
    """The shipped readings sweep's parameters in a Monte Carlo design of ``runs``."""
    from emisim.sweeps.spec import load_spec

    spec, _ = load_spec("plan2020-readings")
    params = [p.model_dump(exclude_none=True, exclude_defaults=True) for p in spec.parameters]
    return {
        "name": name,
        "description": "benchmark: readings",
        "base": "plan2020",
        "design": {"kind": "monte_carlo", "samples": runs, "seed": 13},
        "parameters": params,
    }


def _floor_ms(plan, options) -> tuple[float, float]:
    """Medians (ms) of the warm re-solves of the plan's runs: raw highspy given the same
    changes (row bounds and costs, read off the engine's model), and the engine's own
    ``run()`` (no record, no sweep machinery). Every run must be a push."""
    import numpy as np

    from emisim.model.assemble import build_params
    from emisim.model.data import load_dataset
    from emisim.solvers.engine import Engine
    from emisim.sweeps.warm import warm_params

    sys.path.insert(0, str(HERE))
    from cases import raw_highs

    p0 = build_params(load_dataset(plan.scenario.data), plan.scenario)
    eng = Engine(p0, options)
    eng.run()
    with tempfile.TemporaryDirectory() as tmp:
        raw = raw_highs(eng.write(Path(tmp) / "model.mps"), options)
    times, engine = [], []
    for run_id in range(plan.n_runs):
        before = eng._highs.getLp()
        p = warm_params(p0, plan.scenario, plan.changes(run_id))
        assert p is not None, f"run {run_id} would rebuild Params"
        eng.set_params(p)
        assert eng.rebuilds == 1, f"run {run_id} rebuilt the model"
        after = eng._highs.getLp()
        lo, up = np.asarray(after.row_lower_), np.asarray(after.row_upper_)
        moved = np.flatnonzero(
            (np.asarray(before.row_lower_) != lo) | (np.asarray(before.row_upper_) != up)
        )
        cost = np.asarray(after.col_cost_)
        priced = np.flatnonzero(np.asarray(before.col_cost_) != cost)
        t0 = time.perf_counter()
        raw.changeRowsBounds(len(moved), moved.astype(np.int32), lo[moved], up[moved])
        raw.changeColsCost(len(priced), priced.astype(np.int32), cost[priced])
        raw.run()
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        eng.run()
        engine.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times), 1e3 * statistics.median(engine)


def _sequence_floor_ms(spec, base, out: str, n_runs: int) -> tuple[float, int]:
    """The floor of the runs' own solve sequence: the sweep run once more in this process
    with every ``highspy.Highs`` recording (``highs_log``), then the same LPs replayed in
    bare highspy from the same starts — for a canonical run the clean start from the base
    basis, the solve, the held optimal face and the tie-break solve
    (``emisim/sweeps/canonical.py``). Per run: the replay's time after the base
    scenario's own solves, run by run (median, as the sweep's per-run seconds).
    Returns (ms, mismatches)."""
    from emisim.sweeps import evaluate, run_sweep

    sys.path.insert(0, str(HERE))
    from highs_log import recording, replay

    evaluate._CACHE.clear()  # a fresh engine, made while recording (the base's solves too)
    with recording() as logs:
        run_sweep(
            spec.model_copy(update={"name": spec.name + "-rec"}),
            out=out,
            workers=1,
            progress=False,
            base=base,
        )
    done = replay(logs)
    marks = done["marks"]
    per_run = len(marks) // n_runs if n_runs else 0
    if not per_run:
        raise RuntimeError(f"the recorded sweep solved {len(marks)} LPs for {n_runs} runs")
    start = len(marks) - per_run * n_runs  # the base scenario's own solves come first
    ends = [marks[start - 1] if start else 0.0, *marks[start + per_run - 1 :: per_run]]
    runs = [b - a for a, b in itertools.pairwise(ends)]
    return 1e3 * statistics.median(runs), done["floor_mismatches"]


def _timed(raw: dict, base, out: str, steps: int, prefix: str) -> dict:
    """One sweep's floor, the engine's run() and the sweep's per-run seconds (median)."""
    from emisim.sweeps import read_records, run_sweep
    from emisim.sweeps.evaluate import solver_options
    from emisim.sweeps.plan import plan_sweep
    from emisim.sweeps.spec import parse_spec

    spec = parse_spec(raw)
    plan = plan_sweep(spec, base=base)
    floor, engine = _floor_ms(plan, solver_options(plan))
    t0 = time.perf_counter()
    s = run_sweep(spec, out=out, workers=1, progress=False, base=base)
    wall = time.perf_counter() - t0
    per_run = 1e3 * float(read_records(s.folder)[1]["seconds"].median())
    sequence, mismatches = _sequence_floor_ms(spec, base, out, plan.n_runs)
    return {
        f"{prefix}sequence_floor_ms": sequence,
        f"{prefix}run_over_sequence_floor": per_run / sequence,
        f"{prefix}sequence_failures": mismatches,
        f"{prefix}floor_ms": floor,
        f"{prefix}engine_run_ms": engine,
        f"{prefix}run_ms": per_run,
        f"{prefix}run_over_floor": per_run / floor,
        f"{prefix}sweep_wall_per_run_ms": 1e3 * wall / steps,
        f"{prefix}failures": s.failures,
    }


def worker(case: str, data: str | None, steps: int, runs: int, out: str, backends: str) -> dict:
    from emisim.sweeps import run_sweep
    from emisim.sweeps.spec import parse_spec

    sys.path.insert(0, str(HERE))
    from cases import case_scenario

    base = case_scenario(case, data)
    base = None if isinstance(base, str) else base
    result: dict = {"case": case}
    result |= _timed(_spec("bench-targets", "targets", steps), base, out, steps, "")
    result |= _timed(_readings_spec("bench-readings", steps), base, out, steps, "readings_")
    mc = parse_spec(_spec("bench-mc", "costs", runs))
    choices = {"pool": {"workers": 2}, "dask": {"workers": 2, "dask_local": True}}
    for label in backends.split(","):
        options = choices[label]
        t0 = time.perf_counter()
        s = run_sweep(
            mc.model_copy(update={"name": f"bench-mc-{label}"}),
            out=out,
            progress=False,
            base=base,
            **options,
        )
        wall = time.perf_counter() - t0
        result |= {
            f"mc_{label}_s": wall,
            f"mc_{label}_over_floor": wall / (runs * result["floor_ms"] / 1e3),
            f"mc_{label}_failures": s.failures,
        }
    result["mc_runs"] = runs
    return result


ROWS = (
    ("floor_ms", "floor: raw highspy changeRowsBounds + warm run", "{:.2f} ms"),
    ("engine_run_ms", "engine: Engine.run() alone, same changes", "{:.2f} ms"),
    ("run_ms", "sweep: per run incl. record (median)", "{:.2f} ms"),
    ("run_over_floor", "per run / floor (goal <= 3)", "{:.2f} x"),
    ("sequence_floor_ms", "sequence floor: the runs' own LPs replayed", "{:.2f} ms"),
    ("run_over_sequence_floor", "per run / sequence floor", "{:.2f} x"),
    ("sweep_wall_per_run_ms", "sweep wall per run (1 process, all in)", "{:.2f} ms"),
    ("readings_floor_ms", "readings floor: raw highspy, same changes, warm", "{:.2f} ms"),
    ("readings_engine_run_ms", "readings: Engine.run() alone, same changes", "{:.2f} ms"),
    ("readings_run_ms", "readings sweep: per run incl. record (median)", "{:.2f} ms"),
    ("readings_run_over_floor", "readings per run / floor (goal <= 3)", "{:.2f} x"),
    ("readings_sequence_floor_ms", "readings sequence floor: own LPs replayed", "{:.2f} ms"),
    ("readings_run_over_sequence_floor", "readings per run / sequence floor", "{:.2f} x"),
    ("mc_pool_s", "Monte Carlo wall, 2 local processes", "{:.1f} s"),
    ("mc_pool_over_floor", "  / (runs x floor)", "{:.2f} x"),
    ("mc_dask_s", "Monte Carlo wall, Dask local cluster of 2", "{:.1f} s"),
    ("mc_dask_over_floor", "  / (runs x floor)", "{:.2f} x"),
)


def _run_worker(
    case: str, data: str | None, steps: int, runs: int, out: str, backends: str
) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", case, "--out", out]
    cmd += ["--backends", backends]
    cmd += ["--steps", str(steps), "--runs", str(runs)] + (["--data", data] if data else [])
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{case} worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="plan2020", choices=("plan2020", "synthetic"))
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--steps", type=int, default=100, help="runs of the throughput sweep")
    ap.add_argument("--runs", type=int, default=1000, help="runs of the Monte Carlo sweep")
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "bench")
    ap.add_argument("--backends", default="pool,dask", help="Monte Carlo backends: pool,dask")
    ap.add_argument("--smoke", action="store_true", help="tiny synthetic case, once, pool")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        result = worker(args.worker, args.data, args.steps, args.runs, str(args.out), args.backends)
        print(json.dumps(result))
        return 0
    if args.smoke:
        args.case, args.repeats, args.steps, args.runs = "synthetic", 1, 4, 8
        args.backends = "pool"  # the Dask backend is exercised by tests/test_sweep.py
    with tempfile.TemporaryDirectory(prefix="emisim-bench-") as tmp:
        data = None
        if args.case == "synthetic":
            sys.path.insert(0, str(HERE))
            from synthetic import write_synthetic

            data = str(write_synthetic(Path(tmp) / "synthetic", units=SMOKE_UNITS))
        runs = []
        for rep in range(args.repeats):
            sweeps = str(Path(tmp) / f"sweeps-{rep}")  # a fresh folder: nothing resumed
            r = _run_worker(args.case, data, args.steps, args.runs, sweeps, args.backends)
            runs.append(r)
            print(f"{args.case} run {rep + 1}/{args.repeats}: {json.dumps(r)}", flush=True)
    median = {k: statistics.median(r[k] for r in runs) for k, _, _ in ROWS if k in runs[0]}
    print()
    for key, label, fmt in (row for row in ROWS if row[0] in median):
        print(f"{label:<48}{fmt.format(median[key]):>12}")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "sweep-latest.json"
    doc = {"case": args.case, "median": median, "runs": runs, "steps": args.steps}
    path.write_text(json.dumps(doc | {"mc_runs": args.runs}, indent=2))
    print(f"\nwritten {path}")
    bad = [r for r in runs if any(r[k] for k in r if k.endswith("failures"))]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
