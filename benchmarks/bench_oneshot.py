"""One-shot at scale: ``emisim.run`` end to end against HiGHS's own read + solve.

For each size, plan2020 on ``synthetic.py``'s dataset of that many units:

* **one-shot**: a fresh Python process runs what a user runs, ``emisim.run(scenario)``
  (load and check the data, Params, build, compile, first solve, the presented
  allocation, every result table, the summary); wall time from process start to exit,
  its peak memory, and its phases (functions of the run timed where they are called);
* **floor**: a fresh Python process reads the same LP from MPS (exported beforehand by
  the engine, not timed) into a bare ``highspy.Highs`` with emisim's solver options and
  solves it once: wall time from process start to exit, peak memory.

Repetitions interleave the two, ratios are taken per pair and their median reported.
Goals (issue 19): one-shot ≤ 3× the floor at 400 units, ≤ 2× at 2,900; peak memory ≤ 3×
the floor's at both. Every pair also checks the run's objective equals HiGHS's (1e-6).

    python benchmarks/bench_oneshot.py                      # 400 (3 pairs), 2900 (1 pair)
    python benchmarks/bench_oneshot.py --sizes 1000 --repeats 2
    python benchmarks/bench_oneshot.py --smoke --out DIR    # tiny, once (inside make test)

Writes ``oneshot-latest.json`` (every run, the medians, the machine) to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOALS = {400: 3.0, 2900: 2.0}  # one-shot / floor wall time
MEMORY_GOAL = 3.0
SMOKE_UNITS = 6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --------------------------------------------------------------------------- workers


def oneshot(data: str) -> dict:
    """``emisim.run`` on the synthetic folder, its phases timed where they are called."""
    t0 = time.perf_counter()
    import emisim
    from emisim import api
    from emisim.solvers import engine as E
    from emisim.solvers import presented as PR

    sys.path.insert(0, str(HERE))
    from cases import synthetic_scenario

    phases: dict[str, float] = {}

    def timed(module, name: str, label: str) -> None:
        fn = getattr(module, name)

        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                phases[label] = phases.get(label, 0.0) + time.perf_counter() - t

        setattr(module, name, wrapper)

    for module, name, label in (
        (api, "resolve", "load_s"),
        (api, "build_params", "params_s"),
        (E, "build_model", "build_s"),
        (E, "compile_model", "compile_s"),
        (E, "Layout", "maps_s"),
        (E.Engine, "solve", "first_solve_s"),
        (api, "present", "presented_s"),
        (PR, "deviation_rows", "deviation_rows_s"),
        (api, "collect_tables", "tables_s"),
        (api, "requirements_table", "requirements_s"),
        (api, "summarise", "summary_s"),
    ):
        timed(module, name, label)
    t_import = time.perf_counter()
    result = emisim.run(synthetic_scenario(Path(data)))
    t_end = time.perf_counter()
    timings = result.solve.timings
    return {
        "status": str(result.status),
        "objective": result.solve.objective,
        "import_s": t_import - t0,
        **phases,
        "first_highs_s": timings.highs_s,
        "run_s": t_end - t_import,
        "peak_mb": _peak_mb(),
    }


def floor(mps: str, data: str) -> dict:
    """HiGHS alone: read the MPS, solve once with emisim's options."""
    t0 = time.perf_counter()
    import highspy

    options = json.loads(Path(data, "options.json").read_text())
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    t1 = time.perf_counter()
    h.readModel(mps)
    t2 = time.perf_counter()
    for key, value in options.items():
        h.setOptionValue(key, value)
    h.run()
    t3 = time.perf_counter()
    return {
        "status": h.modelStatusToString(h.getModelStatus()),
        "objective": h.getInfo().objective_function_value,
        "import_s": t1 - t0,
        "read_s": t2 - t1,
        "solve_s": t3 - t2,
        "rows": h.getNumRow(),
        "cols": h.getNumCol(),
        "nnz": h.getNumNz(),
        "peak_mb": _peak_mb(),
    }


def export(data: str, mps: str) -> dict:
    """The engine's LP as MPS and the solver options (not timed)."""
    from emisim import api
    from emisim.model.assemble import build_params
    from emisim.solvers.engine import Engine
    from emisim.solvers.highs import highs_options

    sys.path.insert(0, str(HERE))
    from cases import synthetic_scenario

    sc, ds = api.resolve(synthetic_scenario(Path(data)))
    options = api.solver_options(sc)
    Engine(build_params(ds, sc), options).write(mps)
    Path(data, "options.json").write_text(json.dumps(highs_options(options)))
    return {}


WORKERS = {"oneshot": oneshot, "floor": floor, "export": export}


# --------------------------------------------------------------------------- driver


def _spawn(kind: str, *args: str) -> dict:
    sys.path.insert(0, str(HERE))
    from cases import spawn

    return spawn(__file__, ["--worker", kind, *args])


def measure(units: int, repeats: int, tmp: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from synthetic import write_synthetic

    data = write_synthetic(tmp / f"synthetic-{units}", units=units)
    mps = str(data / "model.mps")
    _spawn("export", str(data), mps)
    pairs = []
    for rep in range(repeats):
        run = _spawn("oneshot", str(data))
        base = _spawn("floor", mps, str(data))
        if run["status"] != "optimal" or base["status"] != "Optimal":
            raise RuntimeError(f"{units} units: {run['status']} / {base['status']}")
        mismatch = abs(run["objective"] - base["objective"]) > 1e-6 * abs(base["objective"])
        pairs.append(
            {
                "oneshot": run,
                "floor": base,
                "wall_ratio": run["process_s"] / base["process_s"],
                "memory_ratio": run["peak_mb"] / base["peak_mb"],
                "objective_mismatch": mismatch,
            }
        )
        print(
            f"{units} units, pair {rep + 1}/{repeats}: one-shot {run['process_s']:.2f} s "
            f"({run['peak_mb']:.0f} MB), HiGHS read + solve {base['process_s']:.2f} s "
            f"({base['peak_mb']:.0f} MB): {pairs[-1]['wall_ratio']:.2f}x, memory "
            f"{pairs[-1]['memory_ratio']:.2f}x",
            flush=True,
        )

    def med(side: str, key: str) -> float:
        return statistics.median(p[side][key] for p in pairs if key in p[side])

    phase_keys = [k for k in pairs[0]["oneshot"] if k.endswith("_s") or k.endswith("_mb")]
    return {
        "units": units,
        "rows": pairs[0]["floor"]["rows"],
        "cols": pairs[0]["floor"]["cols"],
        "nnz": pairs[0]["floor"]["nnz"],
        "wall_ratio": statistics.median(p["wall_ratio"] for p in pairs),
        "memory_ratio": statistics.median(p["memory_ratio"] for p in pairs),
        "objective_mismatches": sum(p["objective_mismatch"] for p in pairs),
        "oneshot": {k: med("oneshot", k) for k in [*phase_keys, "process_s"]},
        "floor": {
            k: med("floor", k) for k in ("import_s", "read_s", "solve_s", "process_s", "peak_mb")
        },
        "goal_wall_ratio": GOALS.get(units),
        "goal_memory_ratio": MEMORY_GOAL,
        "pairs": pairs,
    }


def _report(case: dict) -> str:
    o, f = case["oneshot"], case["floor"]
    lines = [
        f"\n{case['units']} units: {case['rows']:,} rows x {case['cols']:,} columns, "
        f"{case['nnz']:,} nonzeros",
        f"  one-shot (fresh process)     {o['process_s']:8.2f} s  {o['peak_mb']:7.0f} MB",
        f"  HiGHS read + solve (fresh)   {f['process_s']:8.2f} s  {f['peak_mb']:7.0f} MB"
        f"   (read {f['read_s']:.2f} s, solve {f['solve_s']:.2f} s)",
        f"  ratio                        {case['wall_ratio']:8.2f} x  {case['memory_ratio']:7.2f} x"
        + (
            f"   (goals {case['goal_wall_ratio']:.0f}x, {MEMORY_GOAL:.0f}x)"
            if case["goal_wall_ratio"]
            else ""
        ),
        "  one-shot phases: "
        + ", ".join(
            f"{k[:-2]} {v:.2f}" for k, v in o.items() if k.endswith("_s") and k != "process_s"
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="400,2900", help="units, comma-separated")
    ap.add_argument(
        "--repeats", default=None, help="pairs per size (default 3 below 1,000, else 1)"
    )
    ap.add_argument("--out", type=Path, default=HERE.parent / "outputs" / "bench")
    ap.add_argument("--smoke", action="store_true", help="a tiny size, once (make test)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](*args.args)))
        return 0
    sizes = [SMOKE_UNITS] if args.smoke else [int(s) for s in args.sizes.split(",")]
    doc = {
        "machine": {
            "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_avg": os.getloadavg(),
        },
        "cases": [],
    }
    with tempfile.TemporaryDirectory(prefix="emisim-oneshot-") as tmp:
        for units in sizes:
            repeats = int(args.repeats) if args.repeats else (3 if units < 1000 else 1)
            case = measure(units, 1 if args.smoke else repeats, Path(tmp))
            doc["cases"].append(case)
            print(_report(case), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "oneshot-latest.json"
    path.write_text(json.dumps(doc, indent=2))
    print(f"\nwritten {path}")
    return 1 if any(c["objective_mismatches"] for c in doc["cases"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
