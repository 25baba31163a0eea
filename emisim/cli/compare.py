"""``emisim compare S1 S2 ...``: solve several scenarios and write a side-by-side report to
``outputs/compare/<name>/`` (report.html, workbook.xlsx, CSV tables, PNG charts)."""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from pathlib import Path

from emisim.comparison import Comparison, compare
from emisim.model.errors import EmisimError
from emisim.model.scenario.checks import folder_name_problem
from emisim.model.vocabulary import POLLUTANTS
from emisim.outputs import check_replaceable, output_target
from emisim.reports.lang import LANGS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare",
        help="compare scenarios side by side; write outputs/compare/<name>/",
        description="Solve each scenario (infeasible ones are reported, not fatal) and write "
        "report.html, workbook.xlsx, the tables as CSV and the charts as PNG.",
    )
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="SCENARIO",
        help="scenario names (e.g. plan2020) or paths to YAML files",
    )
    p.add_argument(
        "--reference", help="scenario the differences are taken against (default: the first)"
    )
    p.add_argument(
        "--name",
        help="comparison name, the output folder's name "
        "(default: the scenario names joined with _vs_)",
    )
    p.add_argument("--out", default="outputs", type=Path, help="output root (default: outputs)")
    p.add_argument(
        "--lang",
        choices=LANGS,
        default="en",
        help="names of districts and measures in charts and report (default: en)",
    )
    p.add_argument(
        "--ranges",
        action="store_true",
        help="also show the reference scenario's near-optimal ranges (about 10-30 s more)",
    )
    p.set_defaults(func=_compare)


def _compare(args: argparse.Namespace) -> int:
    from emisim.reports import write_comparison

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if args.name is not None:  # refuse a bad name or a foreign folder before solving
        problem = folder_name_problem(args.name)
        if problem:
            raise EmisimError(f"comparison name {problem}")
        check_replaceable(output_target(args.out / "compare", args.name))
    comp = compare(args.scenarios, reference=args.reference, name=args.name, progress=say)
    say("drawing charts and writing the report ...")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if args.ranges:
            say("near-optimal ranges of the reference scenario ...")
        folder = write_comparison(comp, args.out, lang=args.lang, ranges=args.ranges)
    for message in dict.fromkeys(str(w.message) for w in caught):  # each one once
        print(f"emisim: warning: {message}", file=sys.stderr)
    print(key_table(comp))
    print(f"\nReport, workbook, CSV tables and charts written to {folder}/")
    print(f"Open {folder / 'report.html'} in a browser.")
    return 0


def _num(v: object, scale: float = 1.0, spec: str = ",.2f") -> str:
    try:
        x = float(v) / scale  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(x) else format(0.0 if x == 0 else x, spec)


def key_table(comp: Comparison) -> str:
    """A short plain-text table: one row per scenario."""
    ind = comp.indicators.set_index("scenario")
    cols = [
        ("status", "status", None),
        ("total_cost_yuan", "cost bn", (1e9, ",.2f")),
        *((f"plan_mac_{q}_yuan_per_t", f"MAC {q}", (1.0, ",.0f")) for q in POLLUTANTS),
        ("coal_share_final_pct", "coal %", (1.0, ".1f")),
        ("binding_bands", "binding", (1.0, ",.0f")),
        ("requirements_met", "req met", (1.0, ",.0f")),
    ]
    rows = []
    for n in comp.scenarios:
        row = [n + (" *" if n == comp.reference else "")]
        for col, _, how in cols:
            v = ind.at[n, col] if col in ind.columns else None
            row.append(str(v) if how is None else _num(v, *how))
        rows.append(row)
    head = ["scenario", *(label for _, label, _ in cols)]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def fmt_row(r: list[str]) -> str:
        cells = zip(r, widths, strict=True)
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(cells))

    lines = [
        f"Comparison {comp.name} (* = reference; MAC = plan-target price, per tonne, "
        "in each scenario's price unit)",
        fmt_row(head),
    ]
    lines += [fmt_row(r) for r in rows]
    return "\n".join(lines)
