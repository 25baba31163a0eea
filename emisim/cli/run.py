"""``emisim run SCENARIO``: solve, write ``outputs/<scenario>/``, print the headline."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from emisim.api import run
from emisim.model.errors import EmisimError
from emisim.model.scenario import load_scenario
from emisim.outputs import check_replaceable, export_model, output_target, write_result


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="solve a scenario and write outputs/<scenario>/")
    p.add_argument("scenario", help="scenario name (e.g. plan2020) or path to a YAML file")
    p.add_argument("--out", default="outputs", type=Path, help="output root (default: outputs)")
    p.add_argument("--write-lp", type=Path, metavar="PATH", help="also export the model as LP")
    p.add_argument("--write-mps", type=Path, metavar="PATH", help="also export the model as MPS")
    p.add_argument("--quiet", action="store_true", help="print only the output folder")
    p.add_argument(
        "--pinned",
        action="store_true",
        help="also count the district cuts the least cost pins (two LPs per cut)",
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    for flag, path, ext in (
        ("--write-lp", args.write_lp, ".lp"),
        ("--write-mps", args.write_mps, ".mps"),
    ):
        if path is not None and path.suffix.lower() != ext:
            raise EmisimError(f"{flag} {path}: expected a file name ending in {ext}")
    scenario = load_scenario(args.scenario)
    if args.pinned and scenario.objective.kind != "least_cost":
        raise EmisimError(
            f"--pinned counts the cuts pinned at the least cost; objective "
            f"'{scenario.objective.kind}' is not least cost (emisim ranges works with any)"
        )
    check_replaceable(output_target(args.out, scenario.name))  # refuse before solving
    result = run(scenario)
    if args.pinned and result.solve.ok:
        result = _with_pinned(result, args.quiet)
    folder = write_result(result, args.out)
    for path in (args.write_lp, args.write_mps):
        if path is not None:
            print(f"model written to {export_model(result.params, path)}")
    if args.quiet:
        print(folder)
        return 0
    print(headline(result.summary, result.solve.timings.as_dict()))
    print(f"\nTables, summary.json and manifest.json written to {folder}/")
    return 0


def _with_pinned(result, quiet: bool):
    """The result with ``pinned_cuts`` in its summary (near-optimal ranges at zero slack)."""
    import dataclasses
    import sys

    from emisim.analysis.ranges import pinned_cuts
    from emisim.api import solver_options

    def bar(step: str, total: int | None, **_values):
        from tqdm import tqdm

        desc = "district cuts pinned at the least cost"
        return tqdm(total=total, desc=desc, unit="LP", delay=2.0, file=sys.stderr)

    options = solver_options(result.scenario)
    counted = pinned_cuts(result.params, options, progress=None if quiet else bar)
    return dataclasses.replace(result, summary={**result.summary, "pinned_cuts": counted})


def pinned_lines(s: dict) -> list[str]:
    """Whether the allocation shown is the only least-cost one, or how to find out."""
    c = s.get("pinned_cuts")
    if c is None:
        return wrap(
            "The allocation shown can be one of many with the same least cost: "
            "`emisim run --pinned` counts the district cuts the least cost pins "
            "(two LPs per cut); `emisim ranges` gives each cut's range."
        )
    if c["free"] == 0:
        return [f"  district cuts pinned at the least cost: all {c['cuts']}"]
    return wrap(
        f"District cuts pinned at the least cost: {c['pinned']} of {c['cuts']}; the other "
        f"{c['free']} can move by more than {c['tolerance_pp']} pp without raising the "
        "cost, so the allocation shown is one of many (`emisim ranges` gives each cut's range)."
    )


#: What ``total_cost_yuan`` is under each ``objective.accounting``.
CONVENTION_LABELS = {
    "gross": "gross: capital and operating cost",
    "net": "net: minus fuel saved, plus output lost",
}
ACCOUNTING_LABELS = {
    "common_horizon": "present value of every unit's cost to one evaluation end",
    "lifetime": "present value of every unit's lifetime cost",
    "target_year": "annual cost in the final year",
    "horizon": "discounted annualised cost up to the final year (truncated)",
}


def cost_lines(s: dict) -> list[str]:
    """The cost headline: the objective's cost, investment, final-year cost, NPV."""
    by_year = ", ".join(f"{t} {v / 1e9:,.2f}" for t, v in s["capital_outlay_by_year_yuan"].items())
    conv = s.get("cost_convention", "gross")
    unit = "bn yuan/yr" if s["accounting"] == "target_year" else "bn yuan"
    return [
        f"  cost ({ACCOUNTING_LABELS[s['accounting']]}; {CONVENTION_LABELS[conv]}):"
        f" {s['total_cost_yuan'] / 1e9:,.2f} {unit}",
        f"  capital outlay: {s['capital_outlay_yuan'] / 1e9:,.2f} bn yuan ({by_year})",
        f"  annual cost in the final year:"
        f" {s['annual_cost_final_year_yuan'] / 1e9:,.2f} bn yuan/yr;"
        f" lifetime NPV of cost: {s['npv_cost_yuan'] / 1e9:,.2f} bn yuan (2015)",
        *_without_milestones_line(s),
    ]


def _without_milestones_line(s: dict) -> list[str]:
    """A milestone scenario's capital by year re-solved without its milestones."""
    by = s.get("capital_outlay_by_year_without_milestones_yuan")
    if not by:
        return []
    years = ", ".join(f"{t} {v / 1e9:,.2f}" for t, v in by.items())
    return [
        f"  capital outlay without the milestones: {sum(by.values()) / 1e9:,.2f} bn yuan ({years})"
    ]


def price_lines(s: dict) -> list[str]:
    """Both prices of every pollutant's city target, one name each, with their equivalent
    annual costs, and why a target does not bind."""
    if not s["plan_target_price"] and s.get("key_project_price"):
        return key_project_lines(s)
    if not s["plan_target_price"]:
        return ["  no prices of the city targets: the targets are audited, not required"]
    unit, annual = s["price_unit"], s["annual_price_unit"]
    out = [
        "  prices of the city targets: cost of the plan's target (A) and cost of one more",
        f"  tonne, bands held (B), in {unit}; beside each its equivalent annual cost in {annual}:",
        f"    {'':5s} {'A':>14s} {'B':>14s} {'A annual':>12s} {'B annual':>12s}",
    ]
    keys = ("plan_target_price", "bands_held_price")
    keys += ("plan_target_price_annual", "bands_held_price_annual")
    for q in s["target_surplus_t"]:
        cells = [s[k].get(q) for k in keys]
        shown = [("–" if v is None else f"{v:,.0f}") for v in cells]
        out.append(f"    {q:5s} {shown[0]:>14s} {shown[1]:>14s} {shown[2]:>12s} {shown[3]:>12s}")
    for q, why in s["target_not_binding"].items():
        out.append(f"    {q} target does not bind: {why}")
    return out


def key_project_lines(s: dict) -> list[str]:
    """The price of every key-project requirement, with its equivalent annual cost."""
    unit, annual = s["price_unit"], s["annual_price_unit"]
    out = [
        f"  prices of the key-project tonnes: one more tonne a year removed by key projects,"
        f" in {unit}; beside it the equivalent annual cost in {annual}:"
    ]
    for q, price in s["key_project_price"].items():
        per_t = s["key_project_price_annual"].get(q)
        out.append(f"    {q:5s} {price:>14,.0f} {per_t:>12,.0f}")
    return out


def deadline_lines(s: dict) -> list[str]:
    """One line per dated commitment: enforced or not, met, binding and its price."""
    if not s.get("deadlines"):
        return []
    out = ["  the plan's deadlines (deadlines.csv):"]
    for d in s["deadlines"]:
        if d["note"]:
            state = d["note"]
        else:
            state = f"met {d['met']}/{d['rows']}" + ("" if d["enforced"] else " (not enforced)")
        if d["binding"]:
            lo, hi = d["price_min"], d["price_max"]
            rng = f"{lo:,.0f}" if abs(hi - lo) <= 1e-6 * max(1.0, hi) else f"{lo:,.0f}-{hi:,.0f}"
            state += (
                f", binds in {d['binding']}: shadow price {rng} {d['unit']}"
                " (the saving if one unit could come after the deadline)"
            )
        out.append(f"    {d['year']} {d['deadline']:<26s} {state}")
    return out


def chain_label(chain: dict | None) -> str:
    """'Chained periods: plan2020 2016–2020, then plan2025 2021–2025, one LP', or ''."""
    if not chain:
        return ""
    parts = [f"{n} {a}–{b}" for n, (a, b) in zip(chain["periods"], chain["years"], strict=True)]
    return f"Chained periods: {', then '.join(parts)}, one LP"


def period_label(period: dict) -> str:
    """'13th Five-Year Plan (2016–2020, base 2015; targets: percent_of_base)'."""
    return (
        f"{period['name_en']} ({period['first_year']}–{period['last_year']}, base "
        f"{period['base_year']}; targets: {period['mechanism']}, set {period['target_set']})"
    )


def wrap(text: str) -> list[str]:
    """A long sentence as indented lines of at most 88 characters."""
    return textwrap.wrap(" ".join(text.split()), 86, initial_indent="  ", subsequent_indent="  ")


def headline(s: dict, t: dict[str, float]) -> str:
    """The run's key numbers; ``t`` the timings (kept out of summary.json, which must be
    the same bytes on every run)."""
    lines = [
        f"Scenario {s['scenario']}: {s['status']} "
        f"(build {t['build']:.2f} s, solve {t['solve']:.2f} s, HiGHS {t['highs']:.2f} s)",
        *wrap(f"Question: {s['description']}"),
        *wrap(f"Plan period: {period_label(s['period'])}"),
        *wrap(chain_label(s.get("chain"))),
        *wrap(s["cost_answers"]),
        *cost_lines(s),
    ]
    lines.extend(price_lines(s))
    req = s["requirements"]
    lines.append(
        f"  targets met: {'yes' if s['targets_met'] else 'NO'}; "
        f"requirements met {req['met']}/{req['total']}"
    )
    for u in s["unmet"][:8]:
        what = " ".join(str(v) for v in (u["family"], u["subject"], u["pollutant"]) if v)
        lines.append(f"    not met: {what}")
    if s["coal_share_final"] is not None:
        cap = s["coal_share_max"]
        cap_txt = f" (ceiling {cap:.0%})" if cap is not None else ""
        lines.append(
            f"  coal share of primary energy in the final year: "
            f"{s['coal_share_final']:.1%}{cap_txt}"
        )
    lines.extend(deadline_lines(s))
    if s["status"] == "optimal" and s["objective_kind"] == "least_cost":
        lines.extend(pinned_lines(s))
    lines.append(f"  binding category bands: {s['binding_bands']}")
    for b in s["binding_band_list"][:8]:
        lines.append(f"    {b}")
    if s["binding_bands"] > 8:
        lines.append(f"    ... and {s['binding_bands'] - 8} more (bands.csv)")
    lines.append("  largest cuts (t):")
    for q, rows in s["largest_cuts"].items():
        shown = ", ".join(f"{r['name']} {r['cut_t']:,.0f} ({r['cut_pct']:.1f} %)" for r in rows)
        lines.append(f"    {q:5s} {shown}")
    return "\n".join(lines)
