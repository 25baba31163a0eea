"""Time the analyses as users run them against the raw-highspy floor of the same LPs.

For each command — ``emisim ranges``, ``emisim cost-curve`` (all targets, the default)
and ``emisim frontier`` — on one scenario, per repetition:

* **command** — the command a user types, in a fresh process, end to end: start-up,
  data, the model, every solve, the tables and the charts (``--quiet``, into a temporary
  folder);
* **floor** — the same command run once more in a fresh process with every
  ``highspy.Highs`` recording its changes and solves (``highs_log.py``), then each model
  rebuilt in a bare ``highspy.Highs`` from its log and the same changes and solves
  repeated on the calling thread: the same LPs from the same warm starts with nothing
  else in between. Every replayed solve must end with the objective (1e-6) and status
  the command saw (``mismatches``: 0, else the benchmark fails).

Goal (issue 19): ``emisim ranges plan2020`` in <= 20 s and <= 3x its floor.

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
COMMANDS = {
    "ranges": ["ranges"],
    "cost-curve": ["cost-curve"],
    "frontier": ["frontier"],
}
SMOKE_ARGS = {"cost-curve": ["--points", "3"], "frontier": ["--points", "3"]}
GOAL_S, GOAL_RATIO = 20.0, 3.0


def _argv(command: str, scenario: str, out: str, smoke: bool) -> list[str]:
    extra = SMOKE_ARGS.get(command, []) if smoke else []
    return [*COMMANDS[command], scenario, *extra, "--out", out, "--quiet"]


def worker(argv: list[str]) -> dict:
    """The command in this process with every HiGHS model recorded, then replayed."""
    sys.path.insert(0, str(HERE))
    from highs_log import recording, replay

    from emisim.cli import main

    t0 = time.perf_counter()
    with recording() as logs:
        code = main(argv)
    in_process = time.perf_counter() - t0
    if code != 0:
        raise RuntimeError(f"emisim {' '.join(argv)} exited {code}")
    done = replay(logs)
    done.pop("marks")
    return {"in_process_s": in_process, **done}


def _command(argv: list[str]) -> float:
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "emisim.cli", *argv], capture_output=True, text=True, cwd=ROOT
    )
    elapsed = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(f"emisim {' '.join(argv)} failed:\n{out.stderr[-3000:]}")
    return elapsed


def _floor(argv: list[str]) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(argv)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"floor of {' '.join(argv)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _scenario(case: str, units: int, tmp: Path) -> str:
    """A shipped scenario's name, or plan2020 on synthetic data written to a YAML file."""
    if case != "synthetic":
        return case
    import yaml

    sys.path.insert(0, str(HERE))
    from cases import synthetic_scenario
    from synthetic import write_synthetic

    sc = synthetic_scenario(write_synthetic(tmp / "synthetic", units=units))
    path = tmp / f"{sc.name}.yaml"
    path.write_text(yaml.safe_dump(sc.model_dump(mode="json", exclude_none=True)), "utf-8")
    return str(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="plan2020", help="a shipped scenario, or 'synthetic'")
    ap.add_argument("--commands", default=",".join(COMMANDS))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--units", type=int, default=39, help="synthetic case: units")
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "bench")
    ap.add_argument("--smoke", action="store_true", help="tiny synthetic case, once")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    if args.smoke:
        args.case, args.units, args.repeats = "synthetic", SMOKE_UNITS, 1
    commands = [c for c in args.commands.split(",") if c]
    results: dict[str, list[dict]] = {c: [] for c in commands}
    with tempfile.TemporaryDirectory(prefix="emisim-bench-") as tmp:
        scenario = _scenario(args.case, args.units, Path(tmp))
        for rep in range(args.repeats):
            for c in commands:  # interleaved, so a busy spell hits every command alike
                run = _argv(c, scenario, str(Path(tmp) / "out"), args.smoke)
                r = {"command_s": _command(run), **_floor(run)}
                r["command_over_floor"] = r["command_s"] / r["floor_s"]
                results[c].append(r)
                print(
                    f"{c} run {rep + 1}/{args.repeats}: {r['command_s']:.2f} s, floor "
                    f"{r['floor_s']:.2f} s ({r['floor_lps']} LPs), "
                    f"{r['command_over_floor']:.2f}x",
                    flush=True,
                )
    median = {
        c: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for c, runs in results.items()
    }
    print(
        f"\n{'command (' + args.case + ')':<28}{'command':>10}{'floor':>10}{'LPs':>8}{'ratio':>8}"
    )
    for c, m in median.items():
        print(
            f"emisim {c:<21}{m['command_s']:>9.2f}s{m['floor_s']:>9.2f}s"
            f"{m['floor_lps']:>8.0f}{m['command_over_floor']:>7.2f}x"
        )
    if "ranges" in median and args.case == "plan2020":
        m = median["ranges"]
        print(
            f"goal: emisim ranges plan2020 <= {GOAL_S:.0f} s: {m['command_s']:.1f} s "
            f"({'met' if m['command_s'] <= GOAL_S else 'not met'}); <= {GOAL_RATIO:.0f}x its "
            f"floor: {m['command_over_floor']:.2f}x "
            f"({'met' if m['command_over_floor'] <= GOAL_RATIO else 'not met'})"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "analysis-latest.json"
    doc = {"case": args.case, "median": median, "runs": results}
    path.write_text(json.dumps(doc, indent=2))
    print(f"\nwritten {path}")
    return 1 if any(r["floor_mismatches"] for runs in results.values() for r in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
