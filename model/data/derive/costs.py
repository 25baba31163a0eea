"""Costs against their sources: every measure's cost per tonne, and each sourced figure.

``inputs/cost_sources.csv`` lists, per measure, what a cited source states (a cost per
tonne removed, a cost per activity unit, or a capital cost per t/yr of removal) with its
range, and the reason where emisim's figure departs from it. The derivation writes
``cost_per_tonne.csv`` next to the model's tables: one row per measure and metric with
emisim's value, the source range and a status (within / exception / no_source). A test
recomputes the values from measures.csv and removals.csv.

Cost per tonne = (capex x CRF(rate, lifetime) + opex) / removal of the named pollutant,
all of the measure's cost attributed to that pollutant.
"""

from __future__ import annotations

from emisim.model.data.derive.csvio import sig
from emisim.model.data.derive.inputs import Inputs
from emisim.model.data.derive.measures import Measure
from emisim.model.errors import DataError

COLUMNS = "measure,pollutant,metric,value,source_low,source_high,status,source,reason"


def crf(rate: float, years: int) -> float:
    """Capital recovery factor: the annuity that repays 1 yuan over ``years``."""
    return rate / (1 - (1 + rate) ** -years)


def metric_value(m: Measure, pollutant: str, metric: str, rate: float) -> float:
    n = m.numbers
    if metric == "capex_per_unit":
        return n["capex"]
    if metric == "opex_per_unit":
        return n["opex"]
    removal = m.removals[pollutant]
    if metric == "capex_per_t_yr":
        return n["capex"] / removal
    annual = n["capex"] * crf(rate, int(m.card["lifetime_yr"])) + n["opex"]
    return annual / removal


def cost_rows(inp: Inputs, measures: list[Measure]) -> list[list]:
    """Rows of cost_per_tonne.csv: each sourced comparison, then every measure's own
    cost per tonne of its main pollutant (status no_source where nothing is cited)."""
    rate = inp.params["COST_CHECK_DISCOUNT_RATE"]
    by_id = {m.id: m for m in measures}
    rows, cited = [], set()
    for r in inp["cost_sources"]:
        m = by_id[r["measure"]]
        v = metric_value(m, r["pollutant"], r["metric"], rate)
        lo, hi = float(r["low"]), float(r["high"])
        status = "within" if lo <= float(sig(v)) <= hi else "exception"
        if status == "exception" and not r["exception"]:
            msg = f"{m.id} {r['metric']} {v:.0f} is outside its source range: give a reason"
            raise DataError(inp.folder / "inputs" / "cost_sources.csv", msg, column="exception")
        rows.append(
            [
                m.id,
                r["pollutant"],
                r["metric"],
                sig(v),
                sig(lo),
                sig(hi),
                status,
                r["source"],
                r["exception"],
            ]
        )
        if r["metric"] == "yuan_per_t":
            cited.add(m.id)
    for m in measures:
        if m.id in cited:
            continue
        p = m.card["main_pollutant"]
        v = metric_value(m, p, "yuan_per_t", rate)
        rows.append(
            [
                m.id,
                p,
                "yuan_per_t",
                sig(v),
                None,
                None,
                "no_source",
                "",
                "no cited cost per tonne; the card's cost grades say what the cost rests on",
            ]
        )
    return sorted(rows, key=lambda r: (r[0], r[2], r[1]))
