"""The headline of a solved scenario: a JSON-ready dict computed from the result tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from emisim.model.data import Dataset
from emisim.model.family import price_unit
from emisim.model.params import Params
from emisim.model.requirements import CITY_TARGET, KEY_PROJECT
from emisim.model.scenario import Scenario
from emisim.model.vocabulary import POLLUTANTS
from emisim.results.costs import cost_headlines
from emisim.results.deadlines import deadline_summary
from emisim.results.prices import ANNUAL_UNIT, BANDS_HELD, KEY_PRICE, PLAN_TARGET
from emisim.results.question import cost_question
from emisim.solvers.highs import SolveResult


def gini(values: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Population-weighted Gini coefficient (mean absolute difference / twice the mean)."""
    x = np.asarray(values, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    if len(x) == 0 or w.sum() == 0:
        return float("nan")
    mean = np.average(x, weights=w)
    if mean == 0:
        return 0.0
    diff = np.abs(x[:, None] - x[None, :])
    return float((w[:, None] * w[None, :] * diff).sum() / (2 * w.sum() ** 2 * abs(mean)))


def equity(ds: Dataset, allocation: pd.DataFrame, bands: pd.DataFrame) -> dict:
    """Gini of per-capita cut per pollutant, and the spread of cut rates per category."""
    pop = ds.units.set_index("code")["population_2015"]
    out: dict = {"gini_per_capita_cut": {}, "cut_rate_range_pct": {}}
    for q in POLLUTANTS:
        sub = allocation[allocation["pollutant"] == q]
        if len(sub):
            w = sub["code"].map(pop).to_numpy()
            out["gini_per_capita_cut"][q] = round(gini(sub["cut_t"].to_numpy() / w, w), 6)
    if len(bands):
        units = bands[bands["subject"].isin(ds.units["code"])]
        for (fam, cat, q), sub in units.groupby(["family", "category", "pollutant"]):
            out["cut_rate_range_pct"][f"{fam}/{cat}/{q}"] = [
                round(float(sub["cut_pct"].min()), 4),
                round(float(sub["cut_pct"].max()), 4),
            ]
    return out


def _zone_cost(measures: pd.DataFrame) -> dict[str, float]:
    """The accounted cost by zone (kept under its old name for existing readers)."""
    return {str(z): float(v) for z, v in measures.groupby("zone")["cost_yuan"].sum().items()}


def _target_prices(tp: pd.DataFrame) -> dict:
    """Both prices of every enforced target, each with its equivalent annual cost, and,
    where a target does not bind, why (JSON-ready; NaN never reaches the JSON)."""
    enforced = tp[tp[PLAN_TARGET].notna()].set_index("pollutant")

    def prices(col: str) -> dict[str, float]:
        return {q: float(v) for q, v in enforced[col].items() if v == v}

    return {
        PLAN_TARGET: prices(PLAN_TARGET),
        BANDS_HELD: prices(BANDS_HELD),
        f"{PLAN_TARGET}_annual": prices(f"{PLAN_TARGET}_annual"),
        f"{BANDS_HELD}_annual": prices(f"{BANDS_HELD}_annual"),
        "annual_price_unit": ANNUAL_UNIT,
        "target_surplus_t": {r.pollutant: float(r.surplus_t) for r in tp.itertuples()},
        "target_not_binding": {
            r.pollutant: r.why_not_binding for r in tp.itertuples() if r.why_not_binding
        },
    }


def _key_project_prices(req: pd.DataFrame) -> dict:
    """The city-wide key-project rows' prices by pollutant (cost of one more tonne per year
    removed by projects, in ``price_unit``) and their equivalent annual costs (yuan/t)."""
    city = req[(req["family"] == KEY_PROJECT.name) & (req["subject"] == "city") & req["enforced"]]
    city = city.set_index("pollutant")
    return {
        KEY_PRICE: {q: float(v) for q, v in city["price"].items() if v == v},
        f"{KEY_PRICE}_annual": {q: float(v) for q, v in city["annual_price"].items() if v == v},
    }


def summarise(
    sc: Scenario, ds: Dataset, p: Params, res: SolveResult, tables: dict[str, pd.DataFrame]
) -> dict:
    measures, alloc, bands = tables["measures"], tables["allocation"], tables["bands"]
    comp, coal_city = tables["compliance"], tables["coal_city"]
    targets = comp[comp["family"] == CITY_TARGET.name]
    largest = {}
    for q in POLLUTANTS:
        sub = alloc[alloc["pollutant"] == q].nlargest(3, "cut_t")
        largest[q] = [
            {
                "code": r.code,
                "name": r.name,
                "cut_t": round(r.cut_t, 3),
                "cut_pct": round(r.cut_pct, 4),
            }
            for r in sub.itertuples()
        ]
    binding = bands[bands["binding"] != ""] if len(bands) else bands
    share = coal_city.loc[coal_city["year"] == p.final_year, "coal_share"]
    return {
        "scenario": sc.name,
        "description": sc.description,
        "period": ds.plan_period.as_dict(),
        **_chain(sc, p),
        **cost_question(sc),
        "status": str(res.status),
        "termination": res.termination,
        "objective_kind": p.objective,
        "objective_value": res.objective,
        **cost_headlines(p, measures),
        "cost_by_zone_yuan": _zone_cost(measures),
        **_target_prices(tables["target_prices"]),
        **_key_project_prices(tables["requirements"]),
        "price_unit": price_unit(p),
        "targets_met": bool(targets["met"].all()) if len(targets) else True,
        "requirements": {"total": len(comp), "met": int(comp["met"].sum())},
        "unmet": comp.loc[~comp["met"], ["family", "subject", "pollutant"]].to_dict("records"),
        "binding_bands": len(binding),
        "binding_band_list": [
            f"{r.name} {r.family}/{r.category} {r.pollutant} ({r.binding})"
            for r in binding.itertuples()
        ],
        "deadlines": deadline_summary(tables["deadlines"]),
        "coal_share_final": float(share.iloc[0]) if len(share) else None,
        "coal_share_max": p.coal_share_max,
        "largest_cuts": largest,
        "equity": equity(ds, alloc, bands),
        "solver": res.solver,
        "iterations": res.iterations,
    }


def _chain(sc: Scenario, p: Params) -> dict:
    """A chain's periods (docs/model.md, *Chained periods*): its scenarios, the years of
    each, the later coal reading; nothing for a single period."""
    if p.period_end is None:
        return {}
    return {
        "chain": {
            "periods": list(sc.chain.periods),
            "years": [[p.years[0], p.period_end], [p.period_end + 1, p.final_year]],
            "later_coal": sc.chain.later_coal,
        }
    }
