"""``emisim compare S1 S2 ...``: solve several scenarios and write a side-by-side report to
``outputs/compare/<name>/`` (report.html, report.pdf on request, workbook.xlsx, CSV tables,
PNG charts), and print the key indicators in the chosen language."""

from __future__ import annotations

import argparse
import math
import sys
import unicodedata
import warnings
from pathlib import Path

from emisim.analysis.curves import curve_keys
from emisim.comparison import Comparison, compare
from emisim.model.errors import EmisimError
from emisim.model.scenario.checks import folder_name_problem
from emisim.model.vocabulary import POLLUTANT_LABELS, POLLUTANTS
from emisim.outputs import check_replaceable, output_target
from emisim.reports.i18n import translator
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
        help="language of the report, charts, workbook and this summary (default: en; zh "
        "needs a font covering Chinese, e.g. Debian's fonts-noto-cjk)",
    )
    p.add_argument(
        "--ranges",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the reference scenario's near-optimal range of every district cut beside the "
        "presented one, and how many are pinned (default; 780 LPs on plan2020: about 10-30 s; "
        "--no-ranges skips them)",
    )
    p.add_argument(
        "--curves",
        nargs="*",
        metavar="POLLUTANT",
        help="also show the reference scenario's exact least-cost curves: 'all' (the default "
        "when no value is given: every target tightened together) and/or pollutant codes "
        "(COD, NH3N, SO2, NOX, VOC; a few seconds each)",
    )
    p.add_argument(
        "--frontier",
        action="store_true",
        help="also show the reference scenario's cost-equity frontier (a few seconds)",
    )
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also print report.pdf through headless Chromium (must be installed)",
    )
    p.set_defaults(func=_compare)


def _compare(args: argparse.Namespace) -> int:
    from emisim.reports import write_comparison

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    curves = () if args.curves is None else curve_keys(args.curves or ["all"], "--curves")
    if args.name is not None:  # refuse a bad name or a foreign folder before solving
        problem = folder_name_problem(args.name)
        if problem:
            raise EmisimError(f"comparison name {problem}")
        check_replaceable(output_target(args.out / "compare", args.name))
    comp = compare(args.scenarios, reference=args.reference, name=args.name, progress=say)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        folder = write_comparison(
            comp,
            args.out,
            lang=args.lang,
            pdf=args.pdf,
            ranges=args.ranges,
            curves=[k or "all" for k in curves],
            frontier=args.frontier,
            progress=say,
        )
    fell_back = any(str(w.message).startswith("--lang zh") for w in caught)
    used = "en" if fell_back else args.lang  # no CJK font: everything was written in English
    for message in dict.fromkeys(str(w.message) for w in caught):  # each one once
        print(f"emisim: warning: {message}", file=sys.stderr)
    _ = translator(used)
    print(key_table(comp, used))
    print()
    print(_("Report, workbook, CSV tables and charts written to {folder}/").format(folder=folder))
    print(_("Open {path} in a browser.").format(path=folder / "report.html"))
    if args.pdf:
        print(_("PDF for printing and circulation: {path}").format(path=folder / "report.pdf"))
    return 0


def _num(v: object, scale: float = 1.0, spec: str = ",.2f") -> str:
    try:
        x = float(v) / scale  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(x) else format(0.0 if x == 0 else x, spec)


def _width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, left: bool) -> str:
    fill = " " * (width - _width(text))
    return text + fill if left else fill + text


def key_table(comp: Comparison, lang: str = "en") -> str:
    """A short plain-text table: one row per scenario, the cost of each pollutant's plan
    target (the price the key indicators lead with)."""
    _ = translator(lang)
    ind = comp.indicators.set_index("scenario")
    short = POLLUTANT_LABELS["en"]  # chemical names read the same in both languages
    keyed = [  # pollutants with key-project tonnes in some scenario (a 14th-FYP period)
        q
        for q in POLLUTANTS
        if f"key_project_price_{q}" in ind.columns and ind[f"key_project_price_{q}"].notna().any()
    ]
    cols = [
        ("status", _("status"), None),
        ("total_cost_yuan", _("cost bn"), (1e9, ",.2f")),
        *((f"plan_target_price_{q}", f"A {short[q]}", (1.0, ",.0f")) for q in POLLUTANTS),
        *((f"key_project_price_{q}", f"K {short[q]}", (1.0, ",.0f")) for q in keyed),
        ("coal_share_final_pct", _("coal %"), (1.0, ".1f")),
        ("binding_bands", _("binding"), (1.0, ",.0f")),
        ("requirements_met", _("req met"), (1.0, ",.0f")),
    ]
    rows = []
    for n in comp.scenarios:
        row = [n + (" *" if n == comp.reference else "")]
        for col, _label, how in cols:
            v = ind.at[n, col] if col in ind.columns else None
            row.append(_(str(v)) if how is None else _num(v, *how))
        rows.append(row)
    head = [_("scenario"), *(label for _c, label, _h in cols)]
    widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def fmt_row(r: list[str]) -> str:
        cells = zip(r, widths, strict=True)
        return "  ".join(_pad(c, w, i == 0) for i, (c, w) in enumerate(cells))

    title = _(
        "Comparison {name} (* = reference; A = cost of the plan's target, per tonne, in each "
        "scenario's price unit; the report gives the cost of one more tonne with the bands "
        "held and both as equivalent annual costs)"
    )
    title = title.format(name=comp.name)
    if keyed:
        title += " " + _("K = cost of one more tonne a year removed by key projects, same unit.")
    lines = [title, fmt_row(head)]
    lines += [fmt_row(r) for r in rows]
    return "\n".join(lines)
