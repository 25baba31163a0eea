"""Time the model pipeline: build, transfer to HiGHS, solve, and HiGHS's own time.

Cases: ``plan2020`` (the shipped scenario on the embedded Chongqing data; skipped if
the embedded tables are not there) and ``synthetic`` (plan2020 on a synthetic dataset
of ``--units`` units, see ``benchmarks/synthetic.py``). Every repetition of every case
runs in a fresh subprocess, so import caches and peak memory don't mix; each figure is
the median of ``--repeats`` runs, and ratios are taken within a run before the median
(this machine is shared and noisy: compare ratios, not seconds, across days).

    make bench                      # or: .venv/bin/python benchmarks/bench_solve.py
    python benchmarks/bench_solve.py --repeats 5 --units 800 --cases synthetic
    python benchmarks/bench_solve.py --smoke --out DIR    # tiny, once (inside make test)

Prints a table and writes ``outputs/bench/bench-<UTC stamp>.json`` and ``latest.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = ("plan2020", "synthetic")
INTERFACES = ("direct", "persistent")  # see emisim.solvers.highs.solve
SMOKE_UNITS = 6

#: (key, label, format) of the figures in the printed table, in order.
ROWS = (
    ("import_s", "import emisim", "{:.2f} s"),
    ("load_s", "load + validate data and scenario", "{:.2f} s"),
    ("params_s", "Params", "{:.2f} s"),
    ("pyomo_build_s", "Pyomo build", "{:.2f} s"),
    ("build_s", "build (Params + Pyomo)", "{:.2f} s"),
    ("transfer_s", "transfer to HiGHS (set_instance)", "{:.2f} s"),
    ("solve_s", "solve call", "{:.2f} s"),
    ("highs_s", "HiGHS run time", "{:.2f} s"),
    ("solve_fn_s", "solve() incl. loading values, duals", "{:.2f} s"),
    ("tables_s", "result tables + summary", "{:.2f} s"),
    ("wall_s", "in-process wall (import .. summary)", "{:.2f} s"),
    ("process_s", "process wall (python start .. exit)", "{:.2f} s"),
    ("overhead_ratio", "overhead (transfer+solve)/HiGHS", "{:.1f} x"),
    ("transfer_ratio", "transfer/HiGHS", "{:.1f} x"),
    ("build_ratio", "build/HiGHS", "{:.1f} x"),
    ("rows", "rows", "{:,.0f}"),
    ("cols", "columns", "{:,.0f}"),
    ("nnz", "nonzeros", "{:,.0f}"),
    ("iterations", "simplex iterations", "{:,.0f}"),
    ("rss_loaded_mb", "max RSS after load", "{:.0f} MB"),
    ("peak_rss_mb", "peak RSS", "{:.0f} MB"),
    ("cli_s", "`emisim run plan2020` wall", "{:.2f} s"),
)


# --------------------------------------------------------------------------- worker


def _maxrss_mb() -> float:
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def worker(case: str, data: str | None, interface: str) -> dict:
    """One measured pass of the pipeline in this (fresh) process; mirrors ``api.run``."""
    t0 = time.perf_counter()
    from emisim import api
    from emisim.model.assemble import build_params
    from emisim.model.build import build_model
    from emisim.results.summary import summarise
    from emisim.solvers import highs as H

    t_import = time.perf_counter()
    size: dict[str, int] = {}

    import pyomo.contrib.solver.solvers.highs as pyomo_highs  # what the persistent path imports

    class _Spy(pyomo_highs.Highs):  # persistent transfer: read the size off the wrapped model
        def _postsolve(self, stream):
            h = self._solver_model
            size.update(rows=h.getNumRow(), cols=h.getNumCol(), nnz=h.getNumNz())
            return super()._postsolve(stream)

    def _compile_spy(m, tolerance, _compile=H.compile_model):  # direct: the LP handed over
        compiled = _compile(m, tolerance)
        lp = compiled.lp
        size.update(rows=lp.num_row_, cols=lp.num_col_, nnz=len(lp.a_matrix_.value_))
        return compiled

    pyomo_highs.Highs = _Spy
    H.compile_model = _compile_spy

    sys.path.insert(0, str(HERE))
    from cases import case_scenario

    sc, ds = api.resolve(case_scenario(case, data))
    t_load = time.perf_counter()
    rss_loaded = _maxrss_mb()
    p = build_params(ds, sc, file=str(sc.source or sc.name))
    t_params = time.perf_counter()
    m = build_model(p, arrays=interface == "direct")  # persistent: every row in Pyomo
    t_build = time.perf_counter()
    options = H.SolverOptions(
        time_limit_s=sc.solver.time_limit_s, tolerance=sc.solver.tolerance, interface=interface
    )
    res = H.solve(m, options, build_s=t_build - t_load)
    t_solve = time.perf_counter()
    if res.ok:  # an infeasible model still times build, transfer and solve
        tables = api.collect_tables(p, res)
        summarise(sc, ds, p, res, tables)
    t_end = time.perf_counter()
    tm = res.timings
    return {
        "status": str(res.status),
        "import_s": t_import - t0,
        "load_s": t_load - t_import,
        "params_s": t_params - t_load,
        "pyomo_build_s": t_build - t_params,
        "build_s": t_build - t_load,
        "transfer_s": tm.transfer_s,
        "solve_s": tm.solve_s,
        "highs_s": tm.highs_s,
        "solve_fn_s": t_solve - t_build,
        "tables_s": (t_end - t_solve) if res.ok else None,
        "wall_s": t_end - t0,
        "overhead_ratio": tm.overhead_ratio,
        "transfer_ratio": tm.transfer_s / tm.highs_s,
        "build_ratio": (t_build - t_load) / tm.highs_s,
        **size,
        "iterations": res.iterations,
        "objective": res.objective,
        "rss_loaded_mb": rss_loaded,
        "peak_rss_mb": _maxrss_mb(),
    }


# --------------------------------------------------------------------------- driver


def _run_worker(case: str, data: str | None, interface: str) -> dict:
    sys.path.insert(0, str(HERE))
    from cases import spawn

    args = ["--worker", case, "--interface", interface] + (["--data", data] if data else [])
    return spawn(__file__, args, cwd=ROOT)


def _cli_wall() -> float:
    exe = Path(sys.executable).with_name("emisim")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        out = subprocess.run(
            [str(exe), "run", "plan2020", "--out", tmp, "--quiet"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        elapsed = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(f"emisim run plan2020 failed:\n{out.stderr[-3000:]}")
    return elapsed


def _median(runs: list[dict]) -> dict:
    keys = [k for k in runs[0] if all(isinstance(r.get(k), int | float) for r in runs)]
    out: dict = {k: statistics.median(r[k] for r in runs) for k in keys}
    out["status"] = ",".join(sorted({r["status"] for r in runs}))
    return out


def _paired(slow: list[dict], fast: list[dict]) -> dict[str, float]:
    """Median over repetitions of slow/fast, each pair measured back to back."""
    keys = ("transfer_s", "solve_fn_s", "wall_s", "overhead_ratio", "peak_rss_mb")
    return {
        k: statistics.median(a[k] / b[k] for a, b in zip(slow, fast, strict=True) if b[k])
        for k in keys
    }


def embedded_ready() -> bool:
    from emisim.model.data import embedded_path

    return (embedded_path() / "units.csv").is_file()


def _machine() -> dict:
    from importlib.metadata import version

    return {
        "date_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "pyomo": version("pyomo"),
        "highspy": version("highspy"),
        "load_avg": os.getloadavg(),
    }


def _table(results: dict[str, dict]) -> str:
    names = list(results)
    width = max(len(label) for _, label, _ in ROWS) + 2
    col = max(16, *(len(n) + 2 for n in names))
    lines = [" " * width + "".join(f"{n:>{col}}" for n in names)]
    statuses = "".join(f"{results[n]['median']['status']:>{col}}" for n in names)
    lines.append(f"{'status':<{width}}" + statuses)
    for key, label, fmt in ROWS:
        if not any(key in results[n]["median"] for n in names):
            continue
        cells = []
        for n in names:
            v = results[n]["median"].get(key)
            cells.append(f"{fmt.format(v) if v is not None else '-':>{col}}")
        lines.append(f"{label:<{width}}" + "".join(cells))
    return "\n".join(lines)


def _write_json(doc: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = doc["machine"]["date_utc"].replace(":", "").replace("-", "")[:15]
    target = folder / f"bench-{stamp}.json"
    for path in (target, folder / "latest.json"):
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp") as fh:
            json.dump(doc, fh, indent=2, default=str)
        os.replace(fh.name, path)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--units", type=int, default=400, help="synthetic units (default 400)")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated: " + ",".join(CASES))
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "bench")
    ap.add_argument(
        "--interfaces",
        default=",".join(INTERFACES),
        help="solver transfers to time (default: both, interleaved)",
    )
    ap.add_argument(
        "--smoke",
        action="store_true",
        help="one repeat of a tiny synthetic case (what `make test` runs, so this never rots)",
    )
    ap.add_argument("--interface", default="direct", help=argparse.SUPPRESS)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.interface)))
        return 0

    if args.smoke:
        args.repeats, args.units, args.cases = 1, SMOKE_UNITS, "synthetic"
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    interfaces = [i.strip() for i in args.interfaces.split(",") if i.strip()]
    unknown = (set(cases) - set(CASES)) | (set(interfaces) - set(INTERFACES))
    if unknown:
        ap.error(f"unknown case(s) or interface(s) {sorted(unknown)}")
    doc: dict = {"machine": _machine(), "repeats": args.repeats, "cases": {}, "paired": {}}
    results: dict[str, dict] = {}
    tmp = Path(tempfile.mkdtemp(prefix="emisim-bench-"))
    try:
        for case in cases:
            data = None
            name = case
            if case == "plan2020" and not embedded_ready():
                print("plan2020: embedded dataset not found (model/data/chongqing/): skipped")
                doc["cases"][case] = {"skipped": "embedded dataset missing"}
                continue
            if case == "synthetic":
                sys.path.insert(0, str(HERE))
                from synthetic import write_synthetic

                data = str(write_synthetic(tmp / "synthetic", units=args.units))
                name = f"synthetic-{args.units}"
            runs: dict[str, list[dict]] = {i: [] for i in interfaces}
            for rep in range(args.repeats):
                for iface in interfaces:  # interleaved, so drifts in load hit both alike
                    r = _run_worker(case, data, iface)
                    if r["status"] != "optimal":
                        print(f"{name}: WARNING: the model is {r['status']}, not optimal")
                    elif case == "plan2020" and iface == "direct":
                        r["cli_s"] = _cli_wall()
                    runs[iface].append(r)
                    print(
                        f"{name} [{iface}] run {rep + 1}/{args.repeats}: wall {r['wall_s']:.2f} s,"
                        f" HiGHS {r['highs_s']:.2f} s, overhead {r['overhead_ratio']:.1f}x",
                        flush=True,
                    )
            for iface in interfaces:
                label = f"{name} {iface}"
                results[label] = {"median": _median(runs[iface]), "runs": runs[iface]}
                doc["cases"][label] = results[label]
            if {"direct", "persistent"} <= set(interfaces):
                doc["paired"][name] = _paired(runs["persistent"], runs["direct"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if results:
        print()
        print(_table(results))
    for name, ratios in doc["paired"].items():
        shown = ", ".join(f"{k} {v:.2f}x" for k, v in ratios.items())
        print(f"\n{name}, persistent over direct (same run, median of paired ratios): {shown}")
    path = _write_json(doc, args.out)
    print(f"\nwritten {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
