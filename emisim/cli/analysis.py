"""``emisim ranges | cost-curve | frontier SCENARIO``: analyses beyond one least-cost answer.

Each writes its tables (CSV) and charts to ``<out>/analysis/<scenario>/<command>/``
atomically and prints a few lines; see :mod:`emisim.analysis`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from emisim import analysis
from emisim.analysis.curves import cost_curve as curve_of
from emisim.model.errors import EmisimError
from emisim.model.requirements import price_unit
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

    c = sub.add_parser(
        "cost-curve",
        help="exact least-cost curve of one pollutant's target (or all targets together)",
    )
    _common(c)
    c.add_argument(
        "--pollutant", default="all", help="COD, NH3N, SO2, NOX, VOC or 'all' (default: all)"
    )
    c.add_argument("--points", type=int, default=11, help="grid points (default: 11)")
    c.add_argument(
        "--bands",
        choices=("follow", "fixed"),
        default="follow",
        help="bands set as multiples of the city rate move with it (default) or stay fixed",
    )
    c.set_defaults(func=_curve)

    f = sub.add_parser("frontier", help="cost-equity frontier (epsilon-constraint method)")
    _common(f)
    f.add_argument("--points", type=int, default=9, help="frontier points (default: 9)")
    f.set_defaults(func=_frontier)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario name (e.g. plan2020) or path to a YAML file")
    p.add_argument("--out", default="outputs", type=Path, help="output root (default: outputs)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="chart labels")
    p.add_argument("--quiet", action="store_true", help="print only the output folder")


@contextlib.contextmanager
def _drawing(args: argparse.Namespace) -> Iterator[str]:
    """While drawing: the charts' language (English, with one warning, if matplotlib has
    no CJK font for --lang zh) and that font."""
    from emisim.reports.charts import font_context
    from emisim.reports.lang import resolve_lang

    used, font = resolve_lang(args.lang)
    with font_context(font):
        yield used


def _save(fig, path: Path) -> None:
    """Write a chart. (emisim.reports is imported by the commands that draw, not at CLI
    start-up, like `emisim compare`.)"""
    fig.savefig(path, dpi=100, bbox_inches="tight", facecolor="white")


def _done(args: argparse.Namespace, folder: Path, text: str, files: str) -> int:
    if args.quiet:
        print(folder)
    else:
        print(text)
        print(f"\n{files} written to {folder}/")
    return 0


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
    from emisim.reports.analysis import ranges_chart

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
        names = dict(zip(r.table["code"], r.table["name"], strict=False))
        with _drawing(args) as lang:
            for q in r.table["pollutant"].unique():
                _save(ranges_chart(r, q, names, lang), tmp / f"ranges_{q}.png")
    files = "ranges.csv, must_have.csv, skipped.csv and ranges_<pollutant>.png"
    return _done(args, folder, ranges_headline(r), files)


def _curve(args: argparse.Namespace) -> int:
    from emisim.reports.analysis import curve_chart, marginal_unit

    q = None if args.pollutant.lower() == "all" else args.pollutant.upper()
    if args.points < 2:
        raise EmisimError(f"--points {args.points}: at least 2")
    p, options = analysis.params_of(args.scenario)
    if q is not None and q not in p.targets:
        raise EmisimError(f"--pollutant {args.pollutant}: one of {', '.join(p.targets)} or all")
    c = curve_of(p, options, pollutant=q, points=args.points, bands=args.bands)
    folder = _folder(args, c.scenario, f"cost-curve-{(q or 'all').lower()}")
    with atomic_dir(folder) as tmp:
        write_table(c.table, tmp / "cost_curve.csv")
        _manifest(tmp, c.scenario, "cost-curve", pollutant=q, bands=args.bands)
        own = p.targets[q] * p.base_totals[q] if q else 1.0
        with _drawing(args) as lang:
            unit = marginal_unit(c, price_unit(p), lang)
            _save(curve_chart(c, unit, lang, own), tmp / "cost_curve.png")
    d = c.table[c.table["cost"].notna()]
    text = (
        f"Least-cost curve of {c.scenario}, {q or 'all targets'} (bands {args.bands}): "
        f"{len(d)} optimal points, {int((d['kind'] == 'breakpoint').sum())} breakpoints "
        f"({'all found' if c.exact else 'search budget reached'}), {c.solves} solves\n"
        f"  feasible up to lambda = {c.limit:.4g} (technical maximum {c.technical:.4g})\n"
        f"  cost from {d['cost'].iloc[0] / 1e9:,.2f} to {d['cost'].iloc[-1] / 1e9:,.2f} bn yuan"
    )
    return _done(args, folder, text, "cost_curve.csv and cost_curve.png")


def _frontier(args: argparse.Namespace) -> int:
    from emisim.reports.analysis import frontier_chart

    if args.points < 2:
        raise EmisimError(f"--points {args.points}: at least 2")
    f = analysis.frontier(args.scenario, points=args.points)
    folder = _folder(args, f.scenario, "frontier")
    with atomic_dir(folder) as tmp:
        write_table(f.table, tmp / "frontier.csv")
        _manifest(tmp, f.scenario, "frontier", points=args.points)
        with _drawing(args) as lang:
            _save(frontier_chart(f, lang), tmp / "frontier.png")
    first = f.table.iloc[0]
    text = (
        f"Cost-equity frontier of {f.scenario}: the largest deviation of a district's cut "
        f"from its category's rate falls from {100 * f.z_least_cost:.2f} pp (least cost, "
        f"{f.least_cost / 1e9:,.2f} bn yuan) to {100 * f.z_min:.2f} pp for "
        f"+{first['extra_cost_pct']:.2f} % cost"
    )
    return _done(args, folder, text, "frontier.csv and frontier.png")


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
