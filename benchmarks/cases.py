"""What the benchmarks solve: a case's scenario (a shipped one, or plan2020 on a synthetic
folder written by ``synthetic.py``) and the bare-highspy floor they are timed against.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

from synthetic_city import SECTORS


def synthetic_scenario(folder: Path):
    """The shipped plan2020 scenario pointed at ``folder``. Adapt-locally rules keep only
    the unit codes and sectors the folder has (a rule left with none is dropped), so the
    benchmark survives edits to plan2020.yaml."""
    from emisim.model.scenario import load_scenario

    sc = load_scenario("plan2020")
    with (folder / "units.csv").open(encoding="utf-8") as fh:
        codes = {row["code"] for row in csv.DictReader(fh)}
    rules = []
    for rule in sc.guidance.adapt_locally:
        sectors = [s for s in rule.sectors if s in SECTORS]
        units = None if rule.units is None else [c for c in rule.units if c in codes]
        if not sectors or units == []:
            continue
        rules.append(rule.model_copy(update={"sectors": sectors, "units": units}))
    guidance = sc.guidance.model_copy(update={"adapt_locally": rules})
    return sc.model_copy(
        update={
            "name": "plan2020_synthetic",
            "data": str(folder),
            "guidance": guidance,
            "deadlines": "ignore",  # the synthetic data have no dated commitments
            "deadlines_except": [],
            # national sizes solve for minutes on a busy machine (the floor gets the same)
            "solver": sc.solver.model_copy(update={"time_limit_s": 3600.0}),
        }
    )


def case_scenario(case: str, data: str | None):
    """A benchmark case's scenario: a shipped scenario's name, or "synthetic" on ``data``."""
    return synthetic_scenario(Path(data)) if case == "synthetic" else case


def raw_highs(mps, options):
    """The benchmarks' floor: a bare highspy model read from the exported MPS, with the
    solver options emisim uses, solved once (cold). Callers then time its warm re-solves."""
    import highspy

    from emisim.solvers.highs import highs_options

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(mps))
    for key, value in highs_options(options).items():
        h.setOptionValue(key, value)
    h.run()
    return h


def spawn(script: str | Path, args: list[str], cwd: Path | None = None) -> dict:
    """Run ``script`` in a fresh Python process with ``args``; its last stdout line is a
    JSON dict, returned with ``process_s``, the wall time from start to exit."""
    cmd = [sys.executable, str(Path(script).resolve()), *args]
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: worker failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_s"] = elapsed
    return result
