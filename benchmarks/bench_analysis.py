"""Time the near-optimal ranges against the same LPs re-solved in raw highspy.

In one fresh process per repetition, for one scenario:

* **ranges** — :func:`emisim.analysis.ranges.near_optimal_ranges` at one epsilon, must-haves
  off: the cost row added once, then for every unit x pollutant with base emissions the
  minimum and the maximum of its cut rate, each a warm re-solve (2 x 39 x 5 LPs on
  plan2020 when every pair has base emissions; pairs without are skipped and counted).
* **floor** — raw highspy: the engine's exported MPS read into a bare ``highspy.Highs``,
  solved, the same scaled cost row added, the same options (primal simplex, no presolve),
  then per LP only the changed objective coefficients set (``changeColsCost``) and
  ``run()``. Each bound is checked against the ranges' (1e-6 in percentage points).

Goal (docs/performance.md): the full ranges of plan2020 in <= 20 s; the ratio ranges/floor
is reported.

    python benchmarks/bench_analysis.py --repeats 3
    python benchmarks/bench_analysis.py --smoke --out DIR   # tiny, once (inside make test)
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
SMOKE_UNITS = 6
#: Bounds agree to 1e-3 percentage points: the cost row holds only to HiGHS's primal
#: feasibility tolerance (1e-7 of the optimum, ~4,000 yuan on plan2020's 38 bn), and at a
#: marginal cost of ~16,000 yuan/t a range bound can move by that much (seen: Hechuan's
#: SO2 maximum, 47.07943 % here against 47.07977 % in raw highspy, another vertex).
AGREE_PCT = 1e-3


def _floor(mps: Path, options, lp, epsilon: float) -> tuple[object, float]:
    """Raw highspy: read, solve, add the same cost row at ``epsilon`` (see
    LoadedLP.objective_row)."""
    import highspy
    import numpy as np
    from cases import raw_highs

    h = raw_highs(mps, options)
    optimum = h.getInfo().objective_function_value
    scale = max(abs(optimum - lp.offset), 1.0)
    idx = np.flatnonzero(lp.cost).astype(np.int32)
    target = (optimum - lp.offset) / scale
    h.addRow(
        -highspy.kHighsInf, target * (1 + max(epsilon, 1e-9)), len(idx), idx, lp.cost[idx] / scale
    )
    h.setOptionValue("simplex_strategy", 4)
    h.setOptionValue("presolve", "off")
    return h, optimum


def _floor_bounds(h, lp, forms) -> tuple[dict, float]:
    import highspy
    import numpy as np

    n = h.getNumCol()
    out, prev = {}, np.arange(n, dtype=np.int32)  # first: clear the cost objective
    t0 = time.perf_counter()
    for key, form in forms.items():
        if not form.terms:
            continue
        idx, val = lp.indices(form.terms)
        for maximize in (False, True):
            h.changeColsCost(len(prev), prev, np.zeros(len(prev)))
            h.changeColsCost(len(idx), idx, val)
            sense = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
            h.changeObjectiveSense(sense)
            h.run()
            out[key, maximize] = 100 * (form.constant + h.getInfo().objective_function_value)
            prev = idx
    assert h.getNumCol() == n
    return out, time.perf_counter() - t0


def worker(case: str, data: str | None, epsilon: float) -> dict:
    from emisim import api
    from emisim.analysis.ranges import forms, near_optimal_ranges
    from emisim.model.assemble import build_params
    from emisim.solvers.loaded import load

    sys.path.insert(0, str(HERE))
    from cases import case_scenario

    sc, ds = api.resolve(case_scenario(case, data))
    options = api.solver_options(sc)
    p = build_params(ds, sc, file=str(sc.source or sc.name))
    t0 = time.perf_counter()
    r = near_optimal_ranges(p, options, epsilons=(epsilon,), must_haves=False)
    total = time.perf_counter() - t0
    lp = load(p, options)
    with tempfile.TemporaryDirectory() as tmp:
        h, _opt = _floor(lp.engine.write(Path(tmp) / "model.mps"), options, lp, epsilon)
    all_forms, skipped = forms(p)
    floor, floor_s = _floor_bounds(h, lp, all_forms)
    table = r.table.set_index(["code", "pollutant"])
    mismatch = sum(
        abs(table.at[key, "max_pct" if mx else "min_pct"] - v) > AGREE_PCT
        for (key, mx), v in floor.items()
    )
    return {
        "pairs": len(all_forms),
        "skipped": len(skipped),
        "lps": r.solves,
        "ranges_s": r.timings["ranges_s"],
        "total_s": total,
        "floor_s": floor_s,
        "ranges_over_floor": r.timings["ranges_s"] / floor_s,
        "ms_per_lp": 1e3 * r.timings["ranges_s"] / max(r.solves, 1),
        "mismatches": int(mismatch),
    }


def _run_worker(case: str, data: str | None, epsilon: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", case]
    cmd += ["--epsilon", str(epsilon)]
    if data:
        cmd += ["--data", data]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"{case} worker failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


ROWS = (
    ("pairs", "unit x pollutant pairs with base emissions", "{:,.0f}"),
    ("skipped", "pairs skipped (no base emissions)", "{:,.0f}"),
    ("lps", "range LPs solved", "{:,.0f}"),
    ("ranges_s", "ranges: the range LPs (goal <= 20 s)", "{:.2f} s"),
    ("total_s", "ranges incl. load, first solve, presented", "{:.2f} s"),
    ("floor_s", "floor: the same LPs in raw highspy", "{:.2f} s"),
    ("ranges_over_floor", "ranges / floor", "{:.2f} x"),
    ("ms_per_lp", "ms per range LP", "{:.1f} ms"),
    ("mismatches", "bounds where ranges != floor", "{:.0f}"),
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="plan2020", choices=("plan2020", "synthetic"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--epsilon", type=float, default=0.01)
    ap.add_argument("--units", type=int, default=39)
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "bench")
    ap.add_argument("--smoke", action="store_true", help="tiny synthetic case, once")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.epsilon)))
        return 0
    if args.smoke:
        args.case, args.units, args.repeats = "synthetic", SMOKE_UNITS, 1
    with tempfile.TemporaryDirectory(prefix="emisim-bench-") as tmp:
        data = None
        if args.case == "synthetic":
            sys.path.insert(0, str(HERE))
            from synthetic import write_synthetic

            data = str(write_synthetic(Path(tmp) / "synthetic", units=args.units))
        runs = []
        for rep in range(args.repeats):
            r = _run_worker(args.case, data, args.epsilon)
            runs.append(r)
            print(
                f"{args.case} run {rep + 1}/{args.repeats}: {r['lps']} LPs, ranges "
                f"{r['ranges_s']:.2f} s, floor {r['floor_s']:.2f} s "
                f"({r['ranges_over_floor']:.2f}x)",
                flush=True,
            )
    median = {k: statistics.median(r[k] for r in runs) for k, _, _ in ROWS}
    print()
    for key, label, fmt in ROWS:
        print(f"{label:<45}{fmt.format(median[key]):>14}")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "analysis-latest.json"
    path.write_text(json.dumps({"case": args.case, "median": median, "runs": runs}, indent=2))
    print(f"\nwritten {path}")
    return 1 if any(r["mismatches"] for r in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
