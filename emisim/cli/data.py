"""``emisim data validate PATH``, ``emisim data summary [PATH]`` and
``emisim data derive PATH`` (re-derive the baseline-dependent tables)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import pandas as pd

from emisim.model.data import load_dataset
from emisim.model.data import summary as data_summary
from emisim.model.data.consistency import plan_consistency
from emisim.model.data.derive.fyp14 import ROLLED_FORWARD, build_fyp14
from emisim.model.data.derive.rederive import rederive
from emisim.model.vocabulary import POLLUTANTS


def register(sub: argparse._SubParsersAction) -> None:
    data = sub.add_parser("data", help="check or summarise a dataset folder")
    dsub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    val = dsub.add_parser("validate", help="check a data folder against emisim's schema")
    val.add_argument("path", help="dataset folder (with units.csv, baseline.csv, ...)")
    val.set_defaults(func=_validate)
    summ = dsub.add_parser("summary", help="totals by pollutant, zone, sector and category")
    summ.add_argument("path", nargs="?", default=None, help="dataset folder (default: embedded)")
    summ.set_defaults(func=_summary)
    der = dsub.add_parser(
        "derive",
        help="re-derive city totals, sector shares, removals and potentials from baseline.csv",
    )
    der.add_argument("path", help="dataset folder with an edited baseline.csv (and inputs/)")
    der.add_argument("--out", default=None, help="write the re-derived tables here instead")
    der.set_defaults(func=_derive)


def _validate(args: argparse.Namespace) -> int:
    """Every error (one line each, on stderr, exit 2) or 'valid' plus the warnings."""
    ds = load_dataset(args.path)
    for warning in ds.warnings:
        print(f"emisim: warning: {warning}", file=sys.stderr)
    print(
        f"{ds.path}: valid ({len(ds.units)} units, {len(ds.baseline)} baseline rows, "
        f"{len(ds.measures)} measures)"
    )
    return 0


def _derive(args: argparse.Namespace) -> int:
    folder = Path(args.path)
    out = Path(args.out) if args.out else None
    if (folder / "inputs" / ROLLED_FORWARD).is_file():  # a period rolled forward (14th FYP)
        build_fyp14(folder, out)
    else:
        rederive(folder, out)
    ds = load_dataset(args.out or folder)
    print(f"{ds.path}: valid after re-deriving")
    return 0


def _summary(args: argparse.Namespace) -> int:
    ds = load_dataset(args.path)
    fmt = {"float_format": lambda v: f"{v:,.0f}"}
    with pd.option_context("display.width", 140, "display.max_columns", 20):
        period = ds.plan_period
        print(f"Dataset: {ds.path}")
        print(
            f"Plan period: {period.label()} — {period.plan_en}; targets: {period.mechanism} "
            f"(target set {period.target_set})\n"
        )
        print(f"{period.base_year} emissions by pollutant (t) against the chosen city totals")
        tot = data_summary.totals_by_pollutant(ds)
        print(tot.to_string(formatters={"difference_pct": "{:+.4f}%".format}, **fmt), "\n")
        print("By functional zone (t)")
        print(data_summary.totals_by(ds, "zone").to_string(**fmt), "\n")
        print("By sector (t)")
        print(data_summary.totals_by(ds, "sector").to_string(**fmt), "\n")
        if ds.guidance.empty:
            print(
                "No district categories: the period's plan names none (guidance.csv is "
                "empty), so no totals by category and no plan-consistency check\n"
            )
        else:
            _categories(ds, fmt)
        _pinned_and_grades(ds)
    return 0


def _categories(ds, fmt: dict) -> None:
    """Totals by guidance category and the plan-consistency check."""
    for family in ("air", "water", "livestock"):
        print(f"By {family} guidance category (t)")
        print(data_summary.totals_by_category(ds, family).to_string(**fmt), "\n")
    print(
        "Plan consistency (a check; no parameter is tuned to it): share of (big, small)"
        " emitter pairs in the plan's order, and the pairs out of order"
    )
    for family, row in plan_consistency(ds).iterrows():
        pairs = [p for p in row["out_of_order"].split(", ") if p]
        print(f"{family}: {row['pair_share']:.3f} ({len(pairs)} pairs out of order)")
        print(textwrap.fill(", ".join(pairs), 100, initial_indent="  ", subsequent_indent="  "))
    print()


def _pinned_and_grades(ds) -> None:
    """The district totals pinned to statistics and the numeric cells by grade."""
    pinned = data_summary.district_totals(ds)
    sourced = int((pinned["grade"] == "sourced").sum())
    print(
        f"District x pollutant totals from statistics (inputs/district_totals.csv): "
        f"{sourced} sourced of {len(pinned)} pinned, of {len(ds.units) * len(POLLUTANTS)}"
    )
    for r in pinned.itertuples():
        print(f"  {r.code} {r.pollutant} {r.total_t:,.0f} t ({r.grade}): {r.source}")
    print()
    print("Numeric cells by grade (each cell's own provenance row, else its column's)")
    print(data_summary.cell_grades(ds).to_string(float_format=lambda v: f"{v:g}"))
