"""Time re-solves: the engine against HiGHS's own floor and against rebuilding every run.

In one fresh process per repetition, on the same LP and the same sequence of city targets
(NOx, ±4 % around the scenario's):

* **floor** — raw highspy: the engine's exported MPS read into a bare ``highspy.Highs``,
  then per step ``changeRowsBounds`` on the rows the engine moved (``city_target(NOX)``
  and, with relative guidance, the NOx band rows) and ``run()`` (warm: HiGHS keeps the
  basis). Nothing is read back.
* **engine** — :class:`emisim.solvers.engine.Engine`: ``set_target("NOX", tau)`` then
  ``record()`` (the warm re-solve and the summary: costs, MACs, city and district cuts).
* **rebuild** — today's path without the engine: ``emisim.api.run`` of the scenario with
  the target overridden (load, Params, Pyomo build, transfer, solve, tables, summary).

Each step checks the engine's objective equals the floor's (1e-6 relative). Goals
(docs/performance.md): engine ≤ 3× floor; rebuild ≥ 20× engine.

    make bench                                 # with bench_solve.py
    python benchmarks/bench_resolve.py --repeats 3 --steps 30
    python benchmarks/bench_resolve.py --smoke --out DIR   # tiny, once (inside make test)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POLLUTANT = "NOX"
SMOKE_UNITS = 6


def _taus(tau0: float, steps: int) -> list[float]:
    return [tau0 * (1 + 0.02 * ((i % 5) - 2)) for i in range(1, steps + 1)]


def _with_target(sc, tau: float):
    overrides = {**dict(sc.targets.overrides), POLLUTANT: tau}
    return sc.model_copy(update={"targets": sc.targets.model_copy(update={"overrides": overrides})})


def _moved(before, after):
    """The rows whose bounds differ between two HighsLp copies: (rows, lower, upper)."""
    import numpy as np

    lo, up = np.asarray(after.row_lower_), np.asarray(after.row_upper_)
    rows = np.flatnonzero(
        (np.asarray(before.row_lower_) != lo) | (np.asarray(before.row_upper_) != up)
    )
    return rows.astype(np.int32), lo[rows], up[rows]


def worker(case: str, data: str | None, steps: int, rebuilds: int) -> dict:
    from emisim import api
    from emisim.model.assemble import build_params
    from emisim.solvers.engine import Engine

    sys.path.insert(0, str(HERE))
    from cases import case_scenario, raw_highs

    sc, ds = api.resolve(case_scenario(case, data))
    options = api.solver_options(sc)
    t0 = time.perf_counter()
    p = build_params(ds, sc, file=str(sc.source or sc.name))
    eng = Engine(p, options)
    t1 = time.perf_counter()
    first = eng.solve()
    t2 = time.perf_counter()
    tau0 = p.targets[POLLUTANT]
    taus = _taus(tau0, steps)
    floor_s, engine_s, set_s, mismatch = [], [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        floor = raw_highs(eng.write(Path(tmp) / "model.mps"), options)
    for tau in taus:
        before = eng._highs.getLp()
        a = time.perf_counter()
        eng.set_target(POLLUTANT, tau)
        b = time.perf_counter()
        rec = eng.record()
        c = time.perf_counter()
        rows, lower, upper = _moved(before, eng._highs.getLp())  # the same change, raw
        d = time.perf_counter()
        floor.changeRowsBounds(len(rows), rows, lower, upper)
        floor.run()
        floor_s.append(time.perf_counter() - d)
        engine_s.append(c - a)
        set_s.append(b - a)
        f_obj = floor.getInfo().objective_function_value
        if rec["objective"] is None or abs(rec["objective"] - f_obj) > 1e-6 * abs(f_obj):
            mismatch += 1
    rebuild_s = []
    for tau in taus[:rebuilds]:
        a = time.perf_counter()
        api.run(_with_target(sc, tau))
        rebuild_s.append(time.perf_counter() - a)
    floor, engine = statistics.median(floor_s), statistics.median(engine_s)
    rebuild = statistics.median(rebuild_s)
    return {
        "status": str(first.status),
        "rows": eng._highs.getNumRow(),
        "cols": eng._highs.getNumCol(),
        "engine_load_s": t1 - t0,
        "first_solve_s": t2 - t1,
        "floor_ms": 1e3 * floor,
        "engine_ms": 1e3 * engine,
        "engine_set_ms": 1e3 * statistics.median(set_s),
        "rebuild_ms": 1e3 * rebuild,
        "engine_over_floor": engine / floor,
        "rebuild_over_engine": rebuild / engine,
        "objective_mismatches": mismatch,
        "steps": steps,
    }


def _run_worker(case: str, data: str | None, steps: int, rebuilds: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", case]
    cmd += ["--steps", str(steps), "--rebuilds", str(rebuilds)]
    if data:
        cmd += ["--data", data]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"{case} worker failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


ROWS = (
    ("rows", "rows", "{:,.0f}"),
    ("cols", "columns", "{:,.0f}"),
    ("engine_load_s", "engine: Params + build + compile + load", "{:.2f} s"),
    ("first_solve_s", "engine: first solve (cold) + SolveResult", "{:.3f} s"),
    ("floor_ms", "floor: raw highspy changeRowsBounds + run", "{:.2f} ms"),
    ("engine_ms", "engine: set_target + record()", "{:.2f} ms"),
    ("engine_set_ms", "  of which set_target", "{:.2f} ms"),
    ("rebuild_ms", "rebuild: emisim.api.run per point", "{:.0f} ms"),
    ("engine_over_floor", "engine / floor (goal <= 3)", "{:.2f} x"),
    ("rebuild_over_engine", "rebuild / engine (goal >= 20)", "{:.0f} x"),
    ("objective_mismatches", "steps where engine != floor objective", "{:.0f}"),
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="plan2020", choices=("plan2020", "synthetic"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--rebuilds", type=int, default=3)
    ap.add_argument("--units", type=int, default=400)
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "bench")
    ap.add_argument("--smoke", action="store_true", help="tiny synthetic case, once")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.steps, args.rebuilds)))
        return 0
    if args.smoke:
        args.case, args.units, args.repeats, args.steps, args.rebuilds = (
            "synthetic",
            SMOKE_UNITS,
            1,
            3,
            1,
        )
    with tempfile.TemporaryDirectory(prefix="emisim-bench-") as tmp:
        data = None
        if args.case == "synthetic":
            sys.path.insert(0, str(HERE))
            from synthetic import write_synthetic

            data = str(write_synthetic(Path(tmp) / "synthetic", units=args.units))
        runs = []
        for rep in range(args.repeats):
            r = _run_worker(args.case, data, args.steps, args.rebuilds)
            runs.append(r)
            print(
                f"{args.case} run {rep + 1}/{args.repeats}: floor {r['floor_ms']:.2f} ms, engine "
                f"{r['engine_ms']:.2f} ms ({r['engine_over_floor']:.2f}x), rebuild "
                f"{r['rebuild_ms']:.0f} ms ({r['rebuild_over_engine']:.0f}x)",
                flush=True,
            )
    median = {k: statistics.median(r[k] for r in runs) for k, _, _ in ROWS}
    print()
    for key, label, fmt in ROWS:
        print(f"{label:<45}{fmt.format(median[key]):>14}")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "resolve-latest.json"
    path.write_text(json.dumps({"case": args.case, "median": median, "runs": runs}, indent=2))
    print(f"\nwritten {path}")
    bad = [r for r in runs if r["status"] != "optimal" or r["objective_mismatches"]]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
