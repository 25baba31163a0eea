"""National-scale rehearsal: a synthetic country, one-shot, and a sweep on a Dask cluster.

1. ``synthetic.py`` writes ``--units`` counties (default 2,900, about China's county count)
   and a scenario file (plan2020's rules on them) into ``--out``;
2. **one-shot**: ``emisim run national.yaml`` in a fresh process (wall time, peak memory);
3. **cluster**: a Dask scheduler and ``--workers`` workers started as separate processes
   (``dask scheduler``, ``dask worker --nworkers 1 --nthreads 1 --no-nanny``), then
   ``emisim sweep national-costs.yaml --scheduler ADDRESS``: ``--runs`` Monte Carlo runs,
   every measure's cost x U(0.7, 1.3) (the shipped ``plan2020-costs-30`` question); each
   worker's peak memory is read from ``/proc/<pid>/status`` (VmHWM) before it is stopped;
4. **local**: the same spec with ``--workers`` local processes;
5. the two sweeps' records compared: status, objective, total cost, every district's cut
   rate and every price, to 1e-7 relative.

    python benchmarks/rehearsal_national.py --out DIR [--units 2900] [--runs 100]

Writes ``DIR/rehearsal.json`` and prints a summary. Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def write_inputs(out: Path, units: int, runs: int) -> tuple[Path, Path]:
    sys.path.insert(0, str(HERE))
    from cases import synthetic_scenario
    from synthetic import write_synthetic

    data = write_synthetic(out / f"data-{units}", units=units)
    sc = synthetic_scenario(data).model_copy(update={"name": "national"})
    scenario = out / "national.yaml"
    dumped = sc.model_dump(mode="json", exclude_none=True)
    scenario.write_text(yaml.safe_dump(dumped, allow_unicode=True, sort_keys=False))
    spec = out / "national-costs.yaml"
    spec.write_text(
        yaml.safe_dump(
            {
                "name": "national-costs",
                "description": "every measure's cost x U(0.7, 1.3), synthetic country",
                "base": scenario.name,
                "design": {"kind": "monte_carlo", "samples": runs, "seed": 2020},
                "parameters": [
                    {
                        "path": "cost.*",
                        "relative": True,
                        "distribution": {"kind": "uniform", "low": 0.7, "high": 1.3},
                    }
                ],
            },
            sort_keys=False,
        )
    )
    return scenario, spec


def timed(cmd: list[str], log: Path) -> tuple[float, float]:
    """Run ``cmd``; its wall time and peak memory (MB)."""
    t = time.perf_counter()
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: see {log}")
    return time.perf_counter() - t, usage.ru_maxrss / 1024


def cluster_sweep(spec: Path, out: Path, workers: int) -> dict:
    """Scheduler and workers as separate processes, the sweep through ``--scheduler``."""
    info = out / "scheduler.json"
    info.unlink(missing_ok=True)
    logs = out / "logs"
    logs.mkdir(exist_ok=True)
    procs = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--scheduler-file", str(info), "--port", "0"],
            stdout=(logs / "scheduler.log").open("w"),
            stderr=subprocess.STDOUT,
        )
    ]
    try:
        for _ in range(120):
            if info.is_file() and info.stat().st_size:
                break
            time.sleep(0.5)
        address = json.loads(info.read_text())["address"]
        for i in range(workers):
            procs.append(
                subprocess.Popen(
                    [str(BIN / "dask"), "worker", "--scheduler-file", str(info), "--nworkers",
                     "1", "--nthreads", "1", "--no-nanny", "--memory-limit", "0"],
                    stdout=(logs / f"worker-{i}.log").open("w"),
                    stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        cmd = [str(BIN / "emisim"), "sweep", str(spec), "--scheduler", address]
        cmd += ["--out", str(out / "cluster"), "--no-progress"]
        wall, _ = timed(cmd, logs / "sweep-cluster.log")
        worker_mb = [_peak_mb(p.pid) for p in procs[1:]]
    finally:
        for p in reversed(procs):
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    return {"address": address, "wall_s": wall, "worker_peak_mb": worker_mb}


def compare(a: Path, b: Path) -> dict:
    import numpy as np

    from emisim.sweeps import read_records

    x, y = (read_records(f)[1].set_index("run_id").sort_index() for f in (a, b))
    cols = ["objective", "total_cost_yuan"]
    cols += [c for c in x.columns if c.startswith(("cut_pct.", "mac.", "plan_mac.", "city_cut"))]
    xs, ys = x[cols].to_numpy(float), y[cols].to_numpy(float)
    close = np.isclose(xs, ys, rtol=1e-7, atol=1e-9, equal_nan=True)
    bad = sorted({cols[j] for j in np.nonzero(~close)[1]})
    return {
        "runs": len(x),
        "runs_other": len(y),
        "same_status": list(x["status"]) == list(y["status"]),
        "optimal": int((x["status"] == "optimal").sum()),
        "columns_compared": len(cols),
        "values_compared": int(close.size),
        "values_different": int((~close).sum()),
        "columns_different": bad[:20],
        "max_rel_diff_objective": float(
            np.max(np.abs(xs[:, 0] - ys[:, 0]) / np.maximum(1.0, np.abs(xs[:, 0])))
        ),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--units", type=int, default=2900)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-oneshot", action="store_true", help="only the two sweeps")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    doc: dict = {"units": args.units, "runs": args.runs, "workers": args.workers}
    scenario, spec = write_inputs(out, args.units, args.runs)
    if not args.no_oneshot:
        run = [str(BIN / "emisim"), "run", str(scenario), "--out", str(out / "oneshot"), "--quiet"]
        doc["oneshot_wall_s"], doc["oneshot_peak_mb"] = timed(run, out / "oneshot.log")
        print(f"one-shot: {doc['oneshot_wall_s']:.1f} s, {doc['oneshot_peak_mb']:.0f} MB")
    doc["cluster"] = cluster_sweep(spec, out, args.workers)
    print(f"cluster sweep: {doc['cluster']}", flush=True)
    local = [str(BIN / "emisim"), "sweep", str(spec), "--workers", str(args.workers)]
    local += ["--out", str(out / "local"), "--no-progress"]
    doc["local_wall_s"], _ = timed(local, out / "logs" / "sweep-local.log")
    print(f"local sweep: {doc['local_wall_s']:.1f} s", flush=True)
    folders = [out / side / "sweeps" / "national-costs" for side in ("cluster", "local")]
    doc["records"] = compare(*folders)
    doc["driver_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (out / "rehearsal.json").write_text(json.dumps(doc, indent=2))
    print(json.dumps(doc["records"], indent=2))
    return 0 if doc["records"]["values_different"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
