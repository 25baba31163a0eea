"""``emisim ranges | cost-curve | frontier SCENARIO``: analyses beyond one least-cost answer.

Each writes its tables (CSV) and charts to ``<out>/analysis/<scenario>/<command>/``
atomically and prints a few lines; see :mod:`emisim.analysis`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from emisim import analysis
from emisim.analysis.curves import cost_curve as curve_of
from emisim.model.errors import EmisimError
from emisim.model.family import price_unit
from emisim.model.params import Params
from emisim.outputs import GENERATOR, atomic_dir, output_target, package_versions, write_table
from emisim.reports.i18n import N_, translator
from emisim.reports.lang import LANGS


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
    p.add_argument(
        "--lang",
        choices=LANGS,
        default="en",
        help="language of the charts and this summary (default: en)",
    )
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
        _ = translator(args.lang)
        print(text)
        print("\n" + _("{files} written to {folder}/").format(files=files, folder=folder))
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


#: What each step of an analysis is, on its progress bar.
STEPS = {
    "ranges": N_("near-optimal ranges within {epsilon} of the optimum"),
    "must-haves": N_("must-have measures within {epsilon} of the optimum"),
    "curve": N_("breakpoint search"),
    "frontier": N_("cost-equity frontier"),
}


def _progress(args: argparse.Namespace):
    """Progress bars on stderr (elapsed time and an estimate of the rest) for every step
    that lasts more than two seconds; none with --quiet."""
    if args.quiet:
        return None
    from tqdm import tqdm

    _ = translator(args.lang)

    def bar(step: str, total: int | None, epsilon: float | None = None, **_values):
        label = _(STEPS[step]).format(epsilon=f"{epsilon:.2%}" if epsilon is not None else "")
        return tqdm(total=total, desc=label, unit="LP", delay=2.0, file=sys.stderr)

    return bar


def _ranges(args: argparse.Namespace) -> int:
    from emisim.reports.analysis import ranges_chart

    eps = tuple(args.epsilon) if args.epsilon else analysis.EPSILONS
    for e in eps:
        if not 0 <= e < 1:
            raise EmisimError(f"--epsilon {e}: expected a fraction in [0, 1), e.g. 0.01")
    p, options = analysis.params_of(args.scenario)
    r = analysis.near_optimal_ranges(
        p, options, epsilons=eps, must_haves=not args.no_must_haves, progress=_progress(args)
    )
    folder = _folder(args, r.scenario, "ranges")
    names = district_names(p, args.lang)
    with atomic_dir(folder) as tmp:
        write_table(r.table, tmp / "ranges.csv")
        write_table(r.must_have, tmp / "must_have.csv")
        write_table(r.skipped_table(), tmp / "skipped.csv")
        _manifest(tmp, r.scenario, "ranges", epsilons=eps, timings_s=r.timings)
        with _drawing(args) as lang:
            for q in r.table["pollutant"].unique():
                _save(ranges_chart(r, q, names, lang), tmp / f"ranges_{q}.png")
    files = "ranges.csv, must_have.csv, skipped.csv, ranges_<pollutant>.png"
    return _done(args, folder, ranges_headline(r, args.lang, names), files)


def district_names(p: Params, lang: str) -> dict[str, str]:
    """Code -> a district's name as the report's charts show it: units.csv name_zh, an
    autonomous county by its short name, in Chinese; English otherwise and for groups."""
    from emisim.reports.lang import short_zh

    if lang != "zh":
        return dict(p.names)
    return {**p.names, **{c: short_zh(n) for c, n in p.names_zh.items()}}


#: How the bands move along a cost curve (``--bands``), in words.
BANDS = {"follow": N_("bands move with the city rate"), "fixed": N_("bands fixed")}


def _curve(args: argparse.Namespace) -> int:
    from emisim.reports.analysis import curve_chart, marginal_unit, verified_words

    q = None if args.pollutant.lower() == "all" else args.pollutant.upper()
    if args.points < 2:
        raise EmisimError(f"--points {args.points}: at least 2")
    p, options = analysis.params_of(args.scenario)
    if q is not None and q not in p.targets:
        raise EmisimError(f"--pollutant {args.pollutant}: one of {', '.join(p.targets)} or all")
    c = curve_of(
        p, options, pollutant=q, points=args.points, bands=args.bands, progress=_progress(args)
    )
    folder = _folder(args, c.scenario, f"cost-curve-{(q or 'all').lower()}")
    with atomic_dir(folder) as tmp:
        write_table(c.table, tmp / "cost_curve.csv")
        _manifest(tmp, c.scenario, "cost-curve", pollutant=q, bands=args.bands)
        own = p.targets[q] * p.base_totals[q] if q else 1.0
        with _drawing(args) as lang:
            unit = marginal_unit(c, price_unit(p), lang)
            _save(curve_chart(c, unit, lang, own), tmp / "cost_curve.png")
    d = c.table[c.table["cost"].notna()]
    _ = translator(args.lang)
    text = _(
        "Least-cost curve of {scenario}, {what} ({bands}): {n} optimal points, "
        "{breakpoints} breakpoints ({found}), {solves} solves\n"
        "  feasible from λ = {start} to {limit} (technical maximum {technical})\n"
        "  cost from {low} to {high} bn yuan"
    ).format(
        scenario=c.scenario,
        what=_.pollutant(q) if q else _("all targets together"),
        bands=_(BANDS[args.bands]),
        n=len(d),
        breakpoints=int((d["kind"] == "breakpoint").sum()),
        found=verified_words(c, _),
        solves=c.solves,
        start=f"{c.start:.4g}",
        limit=f"{c.limit:.4g}",
        technical=f"{c.technical:.4g}",
        low=f"{d['cost'].iloc[0] / 1e9:,.2f}",
        high=f"{d['cost'].iloc[-1] / 1e9:,.2f}",
    )
    return _done(args, folder, text, "cost_curve.csv, cost_curve.png")


def _frontier(args: argparse.Namespace) -> int:
    from emisim.reports.analysis import frontier_chart

    if args.points < 2:
        raise EmisimError(f"--points {args.points}: at least 2")
    f = analysis.frontier(args.scenario, points=args.points, progress=_progress(args))
    folder = _folder(args, f.scenario, "frontier")
    with atomic_dir(folder) as tmp:
        write_table(f.table, tmp / "frontier.csv")
        _manifest(tmp, f.scenario, "frontier", points=args.points)
        with _drawing(args) as lang:
            _save(frontier_chart(f, lang), tmp / "frontier.png")
    _ = translator(args.lang)
    text = _(
        "Cost-equity frontier of {scenario}: the largest deviation of a district's cut from "
        "its category's rate falls from {z_lc} pp (least cost, {cost} bn yuan) to {z_min} pp "
        "for +{extra} % cost"
    ).format(
        scenario=f.scenario,
        z_lc=f"{100 * f.z_least_cost:.2f}",
        cost=f"{f.least_cost / 1e9:,.2f}",
        z_min=f"{100 * f.z_min:.2f}",
        extra=f"{f.table.iloc[0]['extra_cost_pct']:.2f}",
    )
    return _done(args, folder, text, "frontier.csv, frontier.png")


def ranges_headline(r: analysis.Ranges, lang: str = "en", names: dict | None = None) -> str:
    """What the ranges say, in a few lines: how many cut rates are pinned at each cost
    tolerance, the widest free choices and how many measures every such plan needs."""
    _ = translator(lang)
    names = names or {}
    lines = [
        _(
            "Near-optimal ranges for {scenario}: optimum {optimum} bn yuan, {solves} re-solves "
            "in {seconds} s"
        ).format(
            scenario=r.scenario,
            optimum=f"{r.optimum / 1e9:,.3f}",
            solves=r.solves,
            seconds=f"{r.timings['ranges_s']:.1f}",
        )
    ]
    if r.skipped:
        lines.append(
            "  "
            + _("skipped {n} district x pollutant pairs without base emissions").format(
                n=len(r.skipped)
            )
        )
    for eps, t in r.table.groupby("epsilon", sort=False):
        free = t[~t["pinned"]].sort_values("width_pct", ascending=False)
        lines.append(
            "  "
            + _(
                "cost within {eps} of the optimum: {pinned} of {n} cut rates pinned; widest "
                "free choices:"
            ).format(eps=f"{eps:.2%}", pinned=int(t["pinned"].sum()), n=len(t))
        )
        for row in free.head(5).itertuples():
            lines.append(
                "    "
                + _("{name} {pollutant}: {low}-{high} % (shown {shown} %)").format(
                    name=names.get(row.code, row.name),
                    pollutant=_.pollutant(row.pollutant),
                    low=f"{row.min_pct:.1f}",
                    high=f"{row.max_pct:.1f}",
                    shown=f"{row.presented_pct:.1f}",
                )
            )
        must = r.must_have[r.must_have["epsilon"] == eps]
        if len(must):
            lines.append(
                "    "
                + _("must-have measures: {n} in {districts} districts").format(
                    n=len(must), districts=must["code"].nunique()
                )
            )
    return "\n".join(lines)
