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
from emisim.model.requirements import BAND_LOWER, BAND_UPPER
from emisim.model.vocabulary import POLLUTANTS
from emisim.results.requirements import band_cuts, committed_cuts, row_name
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
    keys = [(d, s, q, t) for d, s, q in p.emission_keys for t in p.years]
    e0 = [p.e0.get((d, s, q), 0.0) for d, s, q, _t in keys]
    bau = [e * p.growth[d, s, t] for e, (d, s, _q, t) in zip(e0, keys, strict=True)]
    out = pd.DataFrame(keys, columns=["code", "sector", "pollutant", "year"])
    out["base_t"], out["bau_t"] = e0, bau
    out["emissions_t"] = [b - removed.get(k, 0.0) for b, k in zip(bau, keys, strict=True)]
    return out


def bands_table(
    p: Params, em: pd.DataFrame, req: pd.DataFrame, measures: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every band: the subject's cut, its bounds, which side binds and its price (the band
    rows of ``requirements``)."""
    cuts = band_cuts(p, em)
    committed = committed_cuts(p, measures) if measures is not None else {}
    sub = req[req["family"].isin([BAND_LOWER.name, BAND_UPPER.name])]
    # plain dicts: a pandas look-up per band cost more than the rest of the table
    binding = dict(zip(sub["row"].tolist(), sub["binding"].tolist(), strict=True))
    price_of = dict(zip(sub["row"].tolist(), sub["price"].tolist(), strict=True))
    rows = []
    for b in p.bands:
        side, price = "", 0.0
        for fam in (BAND_LOWER, BAND_UPPER):
            name = row_name(fam, b.key)
            if binding.get(name):
                side, price = binding[name], float(price_of[name])
                break
        rows.append(
            {
                "subject": b.subject,
                "name": p.names.get(b.subject, b.subject),
                "family": b.family,
                "category": b.category,
                "pollutant": b.pollutant,
                "base_t": b.base,
                "final_t": b.base * (1 - cuts[b.key]),
                "cut_pct": 100 * cuts[b.key],
                "lower_pct": None if b.lower is None else 100 * b.lower,
                "upper_pct": None if b.upper is None else 100 * b.upper,
                "upper_effective_pct": None if b.upper is None else 100 * b.upper_effective,
                # the cut by measures counted outside the ceiling (guidance.ceilings:
                # beyond_commitments): the ceiling limits cut_pct minus this
                "committed_cut_pct": 100 * committed.get(b.key, 0.0),
                "binding": side,
                "shadow_price_yuan_per_t": price,
            }
        )
    return pd.DataFrame(rows)


def allocation_table(p: Params, em: pd.DataFrame, bands: pd.DataFrame) -> pd.DataFrame:
    """Unit x pollutant over the target scope: base, final, cut; its primary band."""
    T = p.final_year
    scope = em[
        [
            s in p.target_scope[q]
            for s, q in zip(em["sector"].tolist(), em["pollutant"].tolist(), strict=True)
        ]
    ]
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
        f = p.cost_factor.get((d, k), 1.0)
        row = {
            "code": d,
            "name": p.names[d],
            "zone": p.zone[d],
            "measure": k,
            "sector": p.measure_sector[k],
            "year": t,
            "units": units,
            "new_units": new,
            "cost_factor": f,
            "capital_outlay_yuan": f * p.capex[k] * new,
            "annual_cost_yuan": f * p.annual_cost[k] * units,
            "lifetime_pv_yuan": f * p.unit_pv[k, t] * new,
            "cost_yuan": f * row_cost(p, k, t, units, new),
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
        "cost_factor",
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
    city["coal_share_max"] = [_coal_ceiling(p, t) for t in city["year"]]
    return unit, city


def _coal_ceiling(p: Params, t: int) -> float | None:
    """The coal ceiling of the period ``t`` is in: the target year's up to it, then the
    next of ``Params.coal_caps`` (a chain's later period)."""
    later = [y for y in sorted(p.coal_caps) if y >= t > p.target_year]
    return p.coal_caps[later[0]] if later else p.coal_share_max


def city_totals(p: Params, em: pd.DataFrame) -> pd.DataFrame:
    """City emissions in each target scope by year, with the base-year total."""
    mask = [s in p.target_scope[q] for s, q in zip(em["sector"], em["pollutant"], strict=True)]
    out = em[mask].groupby(["pollutant", "year"])["emissions_t"].sum().unstack("year")
    out.insert(0, "base_t", pd.Series(p.base_totals))
    return out
