"""``emisim sweep SPEC.yaml``: run a sensitivity sweep; ``emisim sweep report NAME``: its
report; ``emisim sweep show NAME RUN``: one run solved again in full."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from emisim.model.errors import EmisimError
from emisim.outputs import output_target

USAGE = """emisim sweep SPEC.yaml [options]     run (or resume) the sweep a spec describes
       emisim sweep report NAME [--out D] [--lang zh]  write outputs/sweeps/NAME/report/
       emisim sweep show NAME RUN [--out D] solve run RUN again in full, write its tables"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sweep",
        help="sensitivity sweeps: run a spec, report on it, re-make one run",
        usage=USAGE,
        description="Run a sweep spec (grid, Monte Carlo, Sobol or Morris over dotted "
        "parameter paths), resumably, into outputs/sweeps/<name>/; or report on a stored one.",
    )
    p.add_argument("target", nargs="+", metavar="SPEC | report NAME | show NAME RUN")
    p.add_argument("--out", default="outputs", type=Path, help="output root (default: outputs)")
    p.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler")
    p.add_argument("--dask-local", action="store_true", help="run on a local Dask cluster")
    p.add_argument(
        "--evaluator", help="how runs are solved: engine (warm re-solves) or fresh builds"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--report", action="store_true", help="write the report after the sweep")
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of the report and its charts (default: en; zh needs a CJK font)",
    )
    p.set_defaults(func=_sweep)


def _sweep(args: argparse.Namespace) -> int:
    head, *rest = args.target
    if head == "report" and len(rest) == 1:
        return _report(output_target(args.out / "sweeps", rest[0]), args.lang)  # inside --out
    if head == "show" and len(rest) == 2:
        return _show(output_target(args.out / "sweeps", rest[0]), rest[1], args.out)
    if rest or head in ("report", "show"):
        raise EmisimError(f"usage: {USAGE}")
    if args.workers is not None and args.workers < 1:
        raise EmisimError("--workers must be at least 1")
    from emisim.sweeps import run_sweep
    from emisim.sweeps.evaluate import DEFAULT_EVALUATOR

    summary = run_sweep(
        Path(head),
        out=args.out,
        workers=args.workers,
        scheduler=args.scheduler,
        dask_local=args.dask_local,
        evaluator=args.evaluator or DEFAULT_EVALUATOR,
        progress=not args.no_progress,
    )
    print(summary.text())
    if args.report:
        _report(summary.folder, args.lang)
    return 0


def _report(folder: Path, lang: str = "en") -> int:
    from emisim.reports.sweep_report import write_sweep_report

    target = write_sweep_report(folder, lang)
    print(f"report: {target / 'report.html'}")
    return 0


def _show(folder: Path, run: str, out: Path) -> int:
    from emisim.outputs import write_result
    from emisim.sweeps.full import materialise

    if not run.isdigit():
        raise EmisimError(f"run id must be a whole number, not {run!r}")
    result = materialise(folder, int(run))
    print(f"{result.name}: {result.status}", file=sys.stderr)
    if result.tables:
        target = write_result(result, folder / "full")
        print(f"wrote {target}")
    elif result.diagnosis is not None:
        from emisim.solvers.diagnostics import explain

        print(f"infeasible: {explain(result.diagnosis)}")
    return 0
