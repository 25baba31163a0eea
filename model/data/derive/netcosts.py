"""``net_costs.csv``: what a measure saves in fuel and what a closure loses in output, per
activity unit and year, for the scenario option ``economics.cost_convention: net``.

``inputs/net_cost_rules.csv`` gives, per measure, two formulas of named parameters (fuel
and power prices, value added per closed unit) with their grade and source. A measure
whose card already carries a fuel cost difference in its opex (the coal-to-gas and
clean-fuel switches, replaced coal power, new wind and biomass) has no row: its opex is the
same under both conventions.
"""

from __future__ import annotations

from emisim.model.data.derive.csvio import sig
from emisim.model.data.derive.formula import evaluate
from emisim.model.data.derive.inputs import Inputs
from emisim.model.errors import DataError

RULES = "inputs/net_cost_rules.csv"
COLUMNS = ("fuel_saving_yuan_yr", "lost_output_yuan_yr")


def net_costs(
    inp: Inputs, measures: set[str]
) -> tuple[list[list], dict[tuple[str, str, str], tuple[str, str]]]:
    """(rows of net_costs.csv, their provenance rows)."""
    rows, prov = [], {}
    for i, r in enumerate(inp["net_cost_rules"], start=2):
        if r["measure"] not in measures:
            raise DataError(RULES, f"unknown measure {r['measure']!r}", row=i, column="measure")
        values = [evaluate(r[c], inp.params, f"{RULES} row {i} column {c}") for c in COLUMNS]
        if min(values) < 0:
            raise DataError(RULES, "a saving or a lost output is not negative", row=i)
        rows.append([r["measure"], *(sig(v) for v in values)])
        for c in COLUMNS:
            prov[("net_costs", c, r["measure"])] = (r["grade"], r["source"])
    return sorted(rows), prov
