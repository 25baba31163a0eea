"""``emisim ranges | cost-curve | frontier SCENARIO``: analyses beyond one least-cost answer.

Each writes its tables (CSV) and charts to ``<out>/analysis/<scenario>/<command>/``
atomically and prints a few lines; see :mod:`emisim.analysis`.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from emisim import analysis
from emisim.model.errors import EmisimError
from emisim.outputs import GENERATOR, atomic_dir, output_target, package_versions, write_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ranges",
        help="near-optimal ranges of every district's cut rate, and must-have measures",
    )
    _common(p)
    p.add_argument(
        "--epsilon",
        type=float,
        action="append",
        metavar="E",
        help="cost slack as a fraction of the optimum (repeatable; default: 0.01 and 0)",
    )
    p.add_argument("--no-must-haves", action="store_true", help="skip the must-have solves")
    p.set_defaults(func=_ranges)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario name (e.g. plan2020) or path to a YAML file")
    p.add_argument("--out", default="outputs", type=Path, help="output root (default: outputs)")
    p.add_argument("--quiet", action="store_true", help="print only the output folder")


def _folder(args: argparse.Namespace, name: str, command: str) -> Path:
    return output_target(output_target(Path(args.out) / "analysis", name), command)


def _manifest(tmp: Path, scenario: str, command: str, **settings: object) -> None:
    """What was run, so the folder is recognised as emisim's (and can be replaced)."""
    data = {
        "generator": GENERATOR,
        "scenario": scenario,
        "analysis": command,
        "settings": settings,
        "versions": package_versions(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (tmp / "manifest.json").write_text(json.dumps(data, indent=2, default=str) + "\n", "utf-8")


def _ranges(args: argparse.Namespace) -> int:
    eps = tuple(args.epsilon) if args.epsilon else analysis.EPSILONS
    for e in eps:
        if not 0 <= e < 1:
            raise EmisimError(f"--epsilon {e}: expected a fraction in [0, 1), e.g. 0.01")
    r = analysis.ranges(args.scenario, epsilons=eps, must_haves=not args.no_must_haves)
    folder = _folder(args, r.scenario, "ranges")
    with atomic_dir(folder) as tmp:
        write_table(r.table, tmp / "ranges.csv")
        write_table(r.must_have, tmp / "must_have.csv")
        write_table(r.skipped_table(), tmp / "skipped.csv")
        _manifest(tmp, r.scenario, "ranges", epsilons=eps, timings_s=r.timings)
    if args.quiet:
        print(folder)
        return 0
    print(ranges_headline(r))
    print(f"\nranges.csv, must_have.csv and skipped.csv written to {folder}/")
    return 0


def ranges_headline(r: analysis.Ranges) -> str:
    lines = [
        f"Near-optimal ranges for {r.scenario}: optimum {r.optimum / 1e9:,.3f} bn yuan, "
        f"{r.solves} re-solves in {r.timings['ranges_s']:.1f} s"
    ]
    if r.skipped:
        lines.append(f"  skipped {len(r.skipped)} unit x pollutant pairs without base emissions")
    for eps, t in r.table.groupby("epsilon", sort=False):
        free = t[~t["pinned"]].sort_values("width_pct", ascending=False)
        lines.append(
            f"  cost within {eps:.2%} of the optimum: {int(t['pinned'].sum())} of {len(t)} "
            "cut rates pinned; widest free choices:"
        )
        for row in free.head(5).itertuples():
            lines.append(
                f"    {row.name} {row.pollutant}: {row.min_pct:.1f}-{row.max_pct:.1f} % "
                f"(shown {row.presented_pct:.1f} %)"
            )
        must = r.must_have[r.must_have["epsilon"] == eps]
        if len(must):
            lines.append(
                f"    must-have measures: {len(must)} in {must['code'].nunique()} districts"
            )
    return "\n".join(lines)
