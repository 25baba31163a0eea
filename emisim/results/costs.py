"""Investment and cost headlines of a solved scenario, from the ``measures`` table alone.

Every figure is a sum over rows of ``measures`` (unit x measure x year), so it can be
recomputed from ``measures.csv``: capital outlay (new units x capital cost, undiscounted,
in the year built), the annual cost in the final year (units in place x annualised cost),
the lifetime present value (new units x P[m,t], docs/model.md) and the accounted cost
(the objective's cost under the scenario's accounting).
"""

from __future__ import annotations

import pandas as pd

from emisim.model.params import Params

#: headline name -> (measures column, final year only?)
HEADLINES: dict[str, tuple[str, bool]] = {
    "capital_outlay_yuan": ("capital_outlay_yuan", False),
    "annual_cost_final_year_yuan": ("annual_cost_yuan", True),
    "npv_cost_yuan": ("lifetime_pv_yuan", False),
    "total_cost_yuan": ("cost_yuan", False),
}


def _rows(p: Params, measures: pd.DataFrame, final_only: bool) -> pd.DataFrame:
    return measures[measures["year"] == p.final_year] if final_only else measures


def _by(frame: pd.DataFrame, key: str, col: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in frame.groupby(key)[col].sum().items()}


def cost_headlines(p: Params, measures: pd.DataFrame) -> dict:
    """Totals, and by zone, measure and (for capital outlay) year, JSON-ready."""
    out: dict = {"accounting": p.accounting, "cost_convention": p.cost_convention}
    for name, (col, final_only) in HEADLINES.items():
        rows = _rows(p, measures, final_only)
        out[name] = float(rows[col].sum())
        out[f"{name.removesuffix('_yuan')}_by_zone_yuan"] = _by(rows, "zone", col)
        out[f"{name.removesuffix('_yuan')}_by_measure_yuan"] = _by(rows, "measure", col)
    outlay = measures.groupby("year")["capital_outlay_yuan"].sum()
    out["capital_outlay_by_year_yuan"] = {str(t): float(outlay.get(t, 0.0)) for t in p.years}
    return out


def cost_table(p: Params, measures: pd.DataFrame) -> pd.DataFrame:
    """Zone x measure: capital outlay (total), final-year annual cost, lifetime PV and the
    accounted cost: the table a planner quotes (``costs.csv``)."""
    keys = ["zone", "measure", "sector"]
    total = measures.groupby(keys)[["capital_outlay_yuan", "lifetime_pv_yuan", "cost_yuan"]].sum()
    final = _rows(p, measures, True).groupby(keys)[["units", "annual_cost_yuan"]].sum()
    out = total.join(final, how="outer").fillna(0.0).reset_index()
    out = out.rename(
        columns={"units": "units_final_year", "annual_cost_yuan": "annual_cost_final_year_yuan"}
    )
    return out[
        [
            *keys,
            "units_final_year",
            "capital_outlay_yuan",
            "annual_cost_final_year_yuan",
            "lifetime_pv_yuan",
            "cost_yuan",
        ]
    ]
