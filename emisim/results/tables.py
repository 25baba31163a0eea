"""Tidy result tables from a solve: computed from the solver's primal values and the data.

Emissions here are recomputed from deployment (``y``) and the parameters, not read back
from the Pyomo expressions, so the tables are an independent account of the solution.
Duals come from the solver. Money is in yuan (2015 prices). A price is the dual divided by
``Params.price_scale`` (its unit depends on the cost accounting, docs/model.md "Prices");
positive means "one more tonne of requirement costs this much". ``cost_yuan`` is each
row's share of the objective's cost under the scenario's accounting.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from emisim.model.objective import row_cost
from emisim.model.params import Params
from emisim.model.vocabulary import POLLUTANTS
from emisim.solvers.highs import SolveResult

TOL = 1e-6


def deployment(p: Params, res: SolveResult) -> dict[tuple[str, str, int], float]:
    return {k: v for k, v in res.values.get("y", {}).items() if abs(v) > 1e-12}


def emissions(p: Params, y: dict) -> pd.DataFrame:
    """E[d,s,p,t] for every tracked key and year: base x growth - removal x deployment."""
    removed: dict[tuple, float] = defaultdict(float)
    for (d, k, t), units in y.items():
        s = p.measure_sector[k]
        for q in POLLUTANTS:
            r = p.removal.get((k, q))
            if r:
                removed[d, s, q, t] += r * units
    rows = []
    for d, s, q in p.emission_keys:
        e0 = p.e0.get((d, s, q), 0.0)
        for t in p.years:
            bau = e0 * p.growth[d, s, t]
            rows.append((d, s, q, t, e0, bau, bau - removed.get((d, s, q, t), 0.0)))
    return pd.DataFrame(
        rows, columns=["code", "sector", "pollutant", "year", "base_t", "bau_t", "emissions_t"]
    )


def price_unit(p: Params, per: str = "t") -> str:
    """The unit of a price under the scenario's accounting (docs/model.md, Prices)."""
    if p.accounting == "lifetime":
        return f"PV yuan per {per}/yr"
    return f"yuan/{per}"


def _binding(value: float, bound: float | None, scale: float) -> bool:
    return bound is not None and abs(value - bound) <= TOL * max(1.0, abs(scale))


def _price(dual: float | None, scale: float, sign: int) -> float:
    return 0.0 if dual is None else sign * dual / scale


def bands_table(p: Params, em: pd.DataFrame, res: SolveResult) -> pd.DataFrame:
    final = em[em["year"] == p.final_year].set_index(["code", "sector", "pollutant"])["emissions_t"]
    fin = final.to_dict()
    delta = p.price_scale(p.final_year)
    d_lo, d_hi = res.duals.get("band_lower", {}), res.duals.get("band_upper", {})
    rows = []
    for i, b in enumerate(p.bands):
        members = p.groups.get(b.subject, {b.subject: 1.0})
        secs = p.band_sectors[b.family, b.pollutant]
        f = sum(w * fin.get((d, s, b.pollutant), 0.0) for d, w in members.items() for s in secs)
        cut = 1 - f / b.base
        lo_bind = b.lower is not None and b.lower > 0 and _binding(cut, b.lower, 1)
        hi_bind = _binding(cut, b.upper_effective, 1)
        price = _price(d_lo.get(i), delta, -1) if lo_bind else _price(d_hi.get(i), delta, 1)
        rows.append(
            {
                "subject": b.subject,
                "name": p.names.get(b.subject, b.subject),
                "family": b.family,
                "category": b.category,
                "pollutant": b.pollutant,
                "base_t": b.base,
                "final_t": f,
                "cut_pct": 100 * cut,
                "lower_pct": None if b.lower is None else 100 * b.lower,
                "upper_pct": None if b.upper is None else 100 * b.upper,
                "upper_effective_pct": None if b.upper is None else 100 * b.upper_effective,
                "binding": "lower" if lo_bind else ("upper" if hi_bind else ""),
                "shadow_price_yuan_per_t": price if (lo_bind or hi_bind) else 0.0,
            }
        )
    return pd.DataFrame(rows)


def allocation_table(p: Params, em: pd.DataFrame, bands: pd.DataFrame) -> pd.DataFrame:
    """Unit x pollutant over the target scope: base, final, cut; its primary band."""
    T = p.final_year
    scope = em[[s in p.target_scope[q] for s, q in zip(em["sector"], em["pollutant"], strict=True)]]
    fin = (
        scope[scope["year"] == T]
        .groupby(["code", "pollutant"])[["base_t", "bau_t", "emissions_t"]]
        .sum()
    )
    fin = fin.rename(columns={"emissions_t": "final_t", "bau_t": "bau_final_t"}).reset_index()
    fin["cut_t"] = fin["base_t"] - fin["final_t"]
    fin["cut_pct"] = 100 * fin["cut_t"] / fin["base_t"].where(fin["base_t"] > 0)
    fin.insert(1, "name", fin["code"].map(p.names))
    fin.insert(2, "zone", fin["code"].map(p.zone))
    primary = (
        bands[
            ((bands["family"] == "air") & bands["pollutant"].isin(["SO2", "NOX", "VOC"]))
            | (bands["family"] == "water")
        ]
        if len(bands)
        else bands
    )
    if len(primary):
        cols = ["subject", "pollutant", "family", "category", "lower_pct", "upper_pct", "binding"]
        fin = fin.merge(
            primary[cols].rename(columns={"subject": "code"}), how="left", on=["code", "pollutant"]
        )
    else:
        for c in ("family", "category", "lower_pct", "upper_pct", "binding"):
            fin[c] = None
    fin["binding"] = fin["binding"].fillna("")
    return fin.sort_values(["code", "pollutant"]).reset_index(drop=True)


def measures_table(p: Params, y: dict) -> pd.DataFrame:
    rows = []
    for (d, k, t), units in sorted(y.items()):
        prev = y.get((d, k, t - 1), 0.0) if t > p.years[0] else 0.0
        new = units - prev
        row = {
            "code": d,
            "name": p.names[d],
            "zone": p.zone[d],
            "measure": k,
            "sector": p.measure_sector[k],
            "year": t,
            "units": units,
            "new_units": new,
            "capital_outlay_yuan": p.capex[k] * new,
            "annual_cost_yuan": p.annual_cost[k] * units,
            "lifetime_pv_yuan": p.unit_pv[k, t] * new,
            "cost_yuan": row_cost(p, k, t, units, new),
            "coal_cut_ktce": p.coal_cut.get(k, 0.0) * units,
        }
        for q in POLLUTANTS:
            row[f"removal_{q}_t"] = p.removal.get((k, q), 0.0) * units
        rows.append(row)
    cols = [
        "code",
        "name",
        "zone",
        "measure",
        "sector",
        "year",
        "units",
        "new_units",
        "capital_outlay_yuan",
        "annual_cost_yuan",
        "lifetime_pv_yuan",
        "cost_yuan",
        "coal_cut_ktce",
        *(f"removal_{q}_t" for q in POLLUTANTS),
    ]
    return pd.DataFrame(rows, columns=cols)


def coal_tables(p: Params, measures: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    cut = measures.groupby(["code", "year"])["coal_cut_ktce"].sum().to_dict()
    rows = []
    for d in p.units:
        for t in p.years:
            bau = p.coal0[d] * p.coal_growth[d, t]
            rows.append(
                {
                    "code": d,
                    "name": p.names[d],
                    "year": t,
                    "coal_bau_ktce": bau,
                    "coal_ktce": bau - cut.get((d, t), 0.0),
                }
            )
    unit = pd.DataFrame(rows)
    city = unit.groupby("year")[["coal_bau_ktce", "coal_ktce"]].sum().reset_index()
    city["primary_energy_ktce"] = city["year"].map(p.energy_path)
    city["coal_share"] = city["coal_ktce"] / city["primary_energy_ktce"]
    city["coal_share_max"] = p.coal_share_max
    return unit, city


def city_totals(p: Params, em: pd.DataFrame) -> pd.DataFrame:
    """City emissions in each target scope by year, with the base-year total."""
    mask = [s in p.target_scope[q] for s, q in zip(em["sector"], em["pollutant"], strict=True)]
    out = em[mask].groupby(["pollutant", "year"])["emissions_t"].sum().unstack("year")
    out.insert(0, "base_t", pd.Series(p.base_totals))
    return out


def prices_table(p: Params, res: SolveResult, bands: pd.DataFrame) -> pd.DataFrame:
    """Marginal abatement costs and shadow prices per unit of requirement, positive."""
    delta = p.price_scale(p.final_year)
    rows = []
    for q, dual in res.duals.get("city_target", {}).items():
        rows.append(
            {
                "kind": "city_target",
                "subject": "city",
                "pollutant": q,
                "year": p.final_year,
                "dual": dual,
                "price": _price(dual, delta, -1),
                "unit": price_unit(p),
            }
        )
    for (t, q), dual in res.duals.get("milestone", {}).items():
        rows.append(
            {
                "kind": "milestone",
                "subject": "city",
                "pollutant": q,
                "year": t,
                "dual": dual,
                "price": _price(dual, p.price_scale(t), -1),
                "unit": price_unit(p),
            }
        )
    if "coal_cap" in res.duals:
        dual = next(iter(res.duals["coal_cap"].values()))
        rows.append(
            {
                "kind": "coal_cap",
                "subject": "city",
                "pollutant": "",
                "year": p.final_year,
                "dual": dual,
                "price": _price(dual, delta, -1) / 1000,
                "unit": price_unit(p, "tce"),
            }
        )
    if "budget" in res.duals:
        dual = next(iter(res.duals["budget"].values()))
        rows.append(
            {
                "kind": "budget",
                "subject": "city",
                "pollutant": "",
                "year": p.final_year,
                "dual": dual,
                "price": -dual,
                "unit": "objective per yuan",
            }
        )
    for b in bands[bands["binding"] != ""].itertuples() if len(bands) else ():
        rows.append(
            {
                "kind": f"band_{b.binding}",
                "subject": b.subject,
                "pollutant": b.pollutant,
                "year": p.final_year,
                "dual": None,
                "price": b.shadow_price_yuan_per_t,
                "unit": price_unit(p),
            }
        )
    return pd.DataFrame(
        rows, columns=["kind", "subject", "pollutant", "year", "dual", "price", "unit"]
    )


def compliance_table(
    p: Params,
    em: pd.DataFrame,
    bands: pd.DataFrame,
    coal_city: pd.DataFrame,
    measures: pd.DataFrame,
    total_cost: float,
) -> pd.DataFrame:
    """Every requirement of the scenario: required, achieved, met (to 1e-6 relative)."""
    rows = []
    totals = city_totals(p, em)

    def add(family, subject, pollutant, sense, required, achieved):
        slack = achieved - required if sense == ">=" else required - achieved
        met = slack >= -TOL * max(1.0, abs(required))
        rows.append(
            {
                "family": family,
                "subject": subject,
                "pollutant": pollutant,
                "sense": sense,
                "required": required,
                "achieved": achieved,
                "met": met,
            }
        )

    for q, tau in p.targets.items():
        if p.base_totals[q] > 0:
            add(
                "city_target",
                "city",
                q,
                ">=",
                tau,
                1 - totals.at[q, p.final_year] / p.base_totals[q],
            )
    for (t, q), cut in p.milestones.items():
        add("milestone", f"city {t}", q, ">=", cut, 1 - totals.at[q, t] / p.base_totals[q])
    for b in bands.itertuples() if len(bands) else ():
        if b.lower_pct is not None and b.lower_pct == b.lower_pct and b.lower_pct > 0:
            add(
                f"band_{b.family}", b.subject, b.pollutant, ">=", b.lower_pct / 100, b.cut_pct / 100
            )
        eff = b.upper_effective_pct
        if eff is not None and eff == eff:  # a ceiling, raised to the BAU cut where BAU falls
            add(f"band_{b.family}", b.subject, b.pollutant, "<=", eff / 100, b.cut_pct / 100)
    if p.coal_share_max is not None:
        share = coal_city.loc[coal_city["year"] == p.final_year, "coal_share"].iloc[0]
        add("coal_cap", "city", "", "<=", p.coal_share_max, float(share))
    final = measures[measures["year"] == p.final_year]
    for a in p.adapt:
        sub = final[final["code"] == a.code]
        col = f"removal_{a.pollutant}_t"
        total = sub.loc[sub["sector"].isin(a.scope), col].sum()
        named = sub.loc[sub["sector"].isin(a.sectors), col].sum()
        if total > TOL:
            add("adapt_share", a.code, a.pollutant, ">=", a.min_share, named / total)
    if p.programme_mode != "ignore":
        deployed = final.groupby("measure")["units"].sum()
        for k, q in p.programme.items():
            got = float(deployed.get(k, 0.0))
            add("programme", k, "", "<=", q, got)
            if p.programme_mode == "fixed":
                add("programme", k, "", ">=", q, got)
    if p.budget is not None:
        add("budget", "city", "", "<=", p.budget, total_cost)
    return pd.DataFrame(rows)
