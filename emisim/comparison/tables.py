"""The comparison tables: every number is read from, or summed over, one scenario's result
tables (``allocation``, ``bands``, ``measures``, ``compliance``, ``emissions``) or its
``summary``; nothing is re-solved or re-derived from the model. An infeasible scenario
(empty tables) appears in every table with its status and no numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from emisim.api import Result
from emisim.model.vocabulary import BAND_FAMILIES, POLLUTANTS
from emisim.results.prices import BANDS_HELD, KEY_PRICE, PLAN_TARGET

#: The summary's price keys the indicators carry (``<key>_<pollutant>``): the price the key
#: indicators lead with first, then the other, then their equivalent annual costs.
PRICE_KEYS = (PLAN_TARGET, BANDS_HELD, f"{PLAN_TARGET}_annual", f"{BANDS_HELD}_annual")
KEY_PRICE_KEYS = (KEY_PRICE, f"{KEY_PRICE}_annual")

#: Compliance cell values.
MET, NOT_MET, NA, INFEASIBLE = "met", "not met", "n.a.", "infeasible"

#: Guidance families that carry district bands, and their pollutants.


def feasible(r: Result) -> bool:
    return bool(r.tables)


def _units(r: Result) -> pd.DataFrame:
    cols = ["code", "name_en", "name_zh", "zone"]
    return r.dataset.units[cols].rename(columns={"name_en": "name"})


def _zones(r: Result) -> list[str]:
    return list(r.dataset.zones["zone"])


def _investment(s: dict) -> dict[str, Any]:
    """Cost headlines beyond the objective: capital outlay (total and by year), lifetime
    NPV of cost, and the accounting the scenario's total cost follows."""
    out: dict[str, Any] = {
        "accounting": s["accounting"],
        "cost_convention": s.get("cost_convention", "gross"),
        "capital_outlay_yuan": s["capital_outlay_yuan"],
        "npv_cost_yuan": s["npv_cost_yuan"],
    }
    for year, v in s["capital_outlay_by_year_yuan"].items():
        out[f"capital_outlay_{year}_yuan"] = v
    return out


def indicators(results: Sequence[Result]) -> pd.DataFrame:
    """One row per scenario, one column per key indicator (money in yuan, rates in %)."""
    rows = []
    for r in results:
        s = r.summary
        row: dict[str, Any] = {
            "scenario": r.name,
            "status": str(r.status),
            "objective_kind": r.scenario.objective.kind,
        }
        if not feasible(r):
            rows.append(row)
            continue
        row["total_cost_yuan"] = s["total_cost_yuan"]
        row["annual_cost_final_year_yuan"] = s["annual_cost_final_year_yuan"]
        row.update(_investment(s))
        for z in _zones(r):
            row[f"cost_{z}_yuan"] = s["cost_by_zone_yuan"].get(z, 0.0)
        for q in POLLUTANTS:  # both prices, one name each, and their annual equivalents
            for key in PRICE_KEYS:
                row[f"{key}_{q}"] = s.get(key, {}).get(q, math.nan)
            for key in KEY_PRICE_KEYS:  # only where a scenario has key-project tonnes
                if q in s.get(key, {}):
                    row[f"{key}_{q}"] = s[key][q]
        share = s["coal_share_final"]
        row["coal_share_final_pct"] = math.nan if share is None else 100 * share
        alloc = r.allocation.groupby("pollutant")[["base_t", "cut_t"]].sum()
        for q in POLLUTANTS:
            if q in alloc.index:
                row[f"cut_{q}_t"] = float(alloc.at[q, "cut_t"])
                row[f"cut_{q}_pct"] = float(100 * alloc.at[q, "cut_t"] / alloc.at[q, "base_t"])
        row["binding_bands"] = s["binding_bands"]
        row["requirements_met"] = s["requirements"]["met"]
        row["requirements_total"] = s["requirements"]["total"]
        row["targets_met"] = s["targets_met"]
        for q, g in s["equity"]["gini_per_capita_cut"].items():
            row[f"gini_{q}"] = g
        rows.append(row)
    return pd.DataFrame(rows)


def numeric_indicators(table: pd.DataFrame) -> list[str]:
    skip = {"scenario", "status", "objective_kind", "targets_met"}
    return [c for c in table.columns if c not in skip]


def differences(table: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Each other scenario minus the reference, per numeric indicator: absolute and %."""
    ref = table.set_index("scenario").loc[reference]
    rows = []
    for rec in table.to_dict("records"):
        if rec["scenario"] == reference:
            continue
        for col in numeric_indicators(table):
            v, base = _num(rec.get(col)), _num(ref.get(col))
            diff = v - base
            pct = (
                100 * diff / abs(base) if base not in (0.0,) and not math.isnan(base) else math.nan
            )
            rows.append(
                {
                    "scenario": rec["scenario"],
                    "status": rec["status"],
                    "reference": reference,
                    "indicator": col,
                    "value": v,
                    "reference_value": base,
                    "difference": diff,
                    "difference_pct": pct,
                }
            )
    return pd.DataFrame(rows)


def _num(v: Any) -> float:
    try:
        out = float(v)
    except (TypeError, ValueError):
        return math.nan
    return out


def _placeholder(r: Result, keys: dict[str, Any]) -> dict[str, Any]:
    return {"scenario": r.name, "status": str(r.status), **keys}


def cuts_by_zone(results: Sequence[Result]) -> pd.DataFrame:
    """Scenario x zone x pollutant: base, final and cut (t, %) over the target scope."""
    frames = []
    for r in results:
        if not feasible(r):
            frames.append(pd.DataFrame([_placeholder(r, {})]))
            continue
        g = r.allocation.groupby(["zone", "pollutant"])[["base_t", "final_t", "cut_t"]].sum()
        g = g.reset_index()
        g["cut_pct"] = 100 * g["cut_t"] / g["base_t"]
        g.insert(0, "status", str(r.status))
        g.insert(0, "scenario", r.name)
        frames.append(g)
    return _concat(frames)


def _categories(r: Result) -> pd.DataFrame:
    """Each unit's plan category per banded family (from the data: it does not depend on
    whether a scenario enforces the bands)."""
    g = r.dataset.guidance
    return g[g["family"].isin(BAND_FAMILIES)].rename(columns={"subject": "code"})


def _primary_family(pollutant: str) -> str:
    return "air" if pollutant in ("SO2", "NOX", "VOC") else "water"


def cuts_by_category(results: Sequence[Result]) -> pd.DataFrame:
    """Scenario x (family, category) x pollutant: the allocation's cuts summed over the units
    of each plan category (air categories for SO2/NOx/VOC, water categories for COD/NH3-N)."""
    frames = []
    for r in results:
        if not feasible(r):
            frames.append(pd.DataFrame([_placeholder(r, {})]))
            continue
        a = r.allocation[["code", "pollutant", "base_t", "final_t", "cut_t"]].copy()
        a["family"] = a["pollutant"].map(_primary_family)
        cats = _categories(r)[["code", "family", "category"]]
        a = a.merge(cats, how="left", on=["code", "family"])
        g = a.groupby(["family", "category", "pollutant"], dropna=False)
        out = g[["base_t", "final_t", "cut_t"]].sum()
        out.insert(0, "units", g.size())
        out = out.reset_index()
        out["cut_pct"] = 100 * out["cut_t"] / out["base_t"]
        out.insert(0, "status", str(r.status))
        out.insert(0, "scenario", r.name)
        frames.append(out)
    return _concat(frames)


def _req_key(frame: pd.DataFrame) -> pd.Series:
    parts = [frame[c].fillna("").astype(str) for c in ("family", "subject", "pollutant", "sense")]
    return parts[0] + "|" + parts[1] + "|" + parts[2] + "|" + parts[3]


def compliance(results: Sequence[Result]) -> pd.DataFrame:
    """Requirement x scenario: 'met', 'not met', 'n.a.' (the scenario does not impose it) or
    'infeasible'. ``required``/``achieved`` columns per scenario keep the numbers."""
    names: dict[str, str] = {}
    for r in results:
        names.update(dict(zip(r.dataset.units["code"], r.dataset.units["name_en"], strict=True)))
        names.update(r.params.names)
    keys: dict[str, dict[str, Any]] = {}
    cells: dict[str, dict[str, str]] = {}
    for r in results:
        if not feasible(r):
            continue
        c = r.compliance
        for key, rec in zip(_req_key(c), c.to_dict("records"), strict=True):
            keys.setdefault(
                key,
                {
                    "family": rec["family"],
                    "subject": str(rec["subject"]),
                    "name": names.get(str(rec["subject"]), str(rec["subject"])),
                    "pollutant": rec["pollutant"] or "",
                    "sense": rec["sense"],
                },
            )
            cells.setdefault(key, {})[r.name] = MET if rec["met"] else NOT_MET
    rows = []
    for key, base in keys.items():
        row = dict(base)
        for r in results:
            row[r.name] = cells[key].get(r.name, NA) if feasible(r) else INFEASIBLE
        rows.append(row)
    cols = ["family", "subject", "name", "pollutant", "sense", *(r.name for r in results)]
    if not rows:  # every scenario infeasible: one row that says so
        rows = [{"family": "all", "subject": "", "name": "", "pollutant": "", "sense": ""}]
        rows[0].update({r.name: INFEASIBLE for r in results})
    return pd.DataFrame(rows, columns=cols)


def costs_by_measure(results: Sequence[Result]) -> pd.DataFrame:
    """Scenario x measure: cost under the scenario's accounting (``cost_yuan``); final-year
    units and annual cost."""
    frames = []
    for r in results:
        if not feasible(r):
            frames.append(pd.DataFrame([_placeholder(r, {})]))
            continue
        m = r.measures
        total = m.groupby(["measure", "sector"])[["cost_yuan"]].sum()
        final = m[m["year"] == r.params.final_year]
        fy = final.groupby(["measure", "sector"])[["units", "annual_cost_yuan"]].sum()
        out = total.join(fy.add_prefix("final_year_"), how="left").fillna(0.0).reset_index()
        out.insert(0, "status", str(r.status))
        out.insert(0, "scenario", r.name)
        frames.append(out.sort_values(["scenario", "measure"]))
    return _concat(frames)


def costs_by_unit(results: Sequence[Result]) -> pd.DataFrame:
    """Scenario x unit: cost under the scenario's accounting and the final year's annual cost."""
    frames = []
    for r in results:
        if not feasible(r):
            frames.append(pd.DataFrame([_placeholder(r, {})]))
            continue
        m = r.measures
        out = _units(r).set_index("code")
        out["cost_yuan"] = m.groupby("code")["cost_yuan"].sum()
        final = m[m["year"] == r.params.final_year]
        out["final_year_annual_cost_yuan"] = final.groupby("code")["annual_cost_yuan"].sum()
        out = out.fillna({"cost_yuan": 0.0, "final_year_annual_cost_yuan": 0.0})
        out = out.reset_index()
        out.insert(0, "status", str(r.status))
        out.insert(0, "scenario", r.name)
        frames.append(out)
    return _concat(frames)


def unit_rates(results: Sequence[Result]) -> pd.DataFrame:
    """Scenario x unit x (family, pollutant): cut % over the family's sectors with its band.

    Read from the ``bands`` table where the scenario enforces guidance; a scenario without
    bands gets the same cut rate summed from its ``emissions`` table, its units' plan
    categories and no band (``basis`` says which)."""
    frames = []
    cols = ["family", "category", "pollutant", "base_t", "final_t", "cut_pct"]
    bounds = ["lower_pct", "upper_pct", "upper_effective_pct", "binding"]
    for r in results:
        if not feasible(r):
            frames.append(pd.DataFrame([_placeholder(r, {})]))
            continue
        units = _units(r)
        b = r.bands
        if len(b):
            b = b[b["subject"].isin(units["code"])].rename(columns={"subject": "code"})
            out = b[["code", *cols, *bounds]].copy()
            out["basis"] = "bands"
        else:
            out = _rates_from_emissions(r)
            for c in bounds:
                out[c] = np.nan if c != "binding" else ""
            out["basis"] = "emissions (guidance off)"
        out = units.merge(out, on="code", how="right")
        out.insert(0, "status", str(r.status))
        out.insert(0, "scenario", r.name)
        frames.append(out)
    return _concat(frames)


def _rates_from_emissions(r: Result) -> pd.DataFrame:
    em = r.emissions
    rows = []
    for (fam, q), sectors in sorted(r.params.band_sectors.items()):
        sub = em[(em["pollutant"] == q) & em["sector"].isin(sectors)]
        g = sub.groupby("code")[["base_t", "emissions_t"]].sum()
        g = g[g["base_t"] > 0].rename(columns={"emissions_t": "final_t"}).reset_index()
        g["family"], g["pollutant"] = fam, q
        g["cut_pct"] = 100 * (1 - g["final_t"] / g["base_t"])
        rows.append(g)
    out = pd.concat(rows, ignore_index=True)
    cats = _categories(r)[["code", "family", "category"]]
    out = out.merge(cats, how="left", on=["code", "family"])
    return out[["code", "family", "category", "pollutant", "base_t", "final_t", "cut_pct"]]


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f.columns)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def stacked(results: Sequence[Result], table: str) -> pd.DataFrame:
    """One result table (``costs``: investment by zone and measure, ``target_prices``,
    ``deadlines``) of every scenario, stacked with its scenario's name and status."""
    frames = []
    for r in results:
        if not feasible(r):
            frames.append(pd.DataFrame([_placeholder(r, {})]))
            continue
        out = r.tables[table].copy()
        out.insert(0, "status", str(r.status))
        out.insert(0, "scenario", r.name)
        frames.append(out)
    return _concat(frames)


def build_tables(results: Sequence[Result], reference: str) -> dict[str, pd.DataFrame]:
    ind = indicators(results)
    return {
        "indicators": ind,
        "differences": differences(ind, reference),
        "cuts_by_zone": cuts_by_zone(results),
        "cuts_by_category": cuts_by_category(results),
        "compliance": compliance(results),
        "costs_by_measure": costs_by_measure(results),
        "costs_by_unit": costs_by_unit(results),
        "unit_rates": unit_rates(results),
        "investment": stacked(results, "costs"),
        "target_prices": stacked(results, "target_prices"),
        "deadlines": stacked(results, "deadlines"),
    }
