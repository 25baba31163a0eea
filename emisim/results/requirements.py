"""The ``requirements`` table: every requirement of the scenario, one row each, and its
two views ``compliance`` (required, achieved, met) and ``prices`` (what each costs).

Rows, senses, labels, units and the dual-to-price rule come from the requirement families
(:mod:`emisim.model.requirements`); *achieved* is recomputed from the result tables
(emissions from deployment, coal, deployed units, cost), not read from the solver, so the
table is an independent check of the solve. Duals come from the solver.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from emisim.model.family import Family
from emisim.model.outcome import Outcome
from emisim.model.params import Params
from emisim.model.requirements import CITY_TARGET, FAMILIES
from emisim.results.prices import plan_target_annual_price, plan_target_price
from emisim.solvers.compile import lp_name
from emisim.solvers.highs import SolveResult

TOL = 1e-6

COLUMNS = [
    "family",
    "row",
    "subject",
    "pollutant",
    "year",
    "topic",
    "label_en",
    "label_zh",
    "sense",
    "required",
    "achieved",
    "met",
    "slack",
    "binding",
    "dual",
    "price",
    "plan_target_price",
    "unit",
    "price_unit",
    "enforced",
    "annual_price",
    "plan_target_annual_price",
    "annual_price_unit",
]


def band_cuts(p: Params, em: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    """Final-year cut rate of every band's subject over the band's sectors, from ``em``."""
    final = em[em["year"] == p.target_year]
    cols = (final[c].tolist() for c in ("code", "sector", "pollutant"))
    fin = dict(zip(zip(*cols, strict=True), final["emissions_t"].tolist(), strict=True))
    out = {}
    for b in p.bands:
        members = p.groups.get(b.subject, {b.subject: 1.0})
        secs = p.band_sectors[b.family, b.pollutant]
        f = sum(w * fin.get((d, s, b.pollutant), 0.0) for d, w in members.items() for s in secs)
        out[b.key] = 1 - f / b.base
    return out


def committed_cuts(p: Params, measures: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    """Each band's final-year cut made by the measures counted outside the ceilings
    (``Params.ceiling_exempt``), as a rate of the band's base, from the measures table
    (each row's ``removal_<q>_t``); empty without exemptions."""
    if not p.ceiling_exempt:
        return {}
    final = measures[
        (measures["year"] == p.target_year) & measures["measure"].isin(p.ceiling_exempt)
    ]
    out = {}
    for b in p.bands:
        members = p.groups.get(b.subject, {b.subject: 1.0})
        secs = set(p.band_sectors[b.family, b.pollutant])
        mine = final[final["code"].isin(members) & final["sector"].isin(secs)]
        removed = sum(
            members[c] * v
            for c, v in zip(mine["code"], mine[f"removal_{b.pollutant}_t"], strict=True)
        )
        out[b.key] = removed / b.base
    return out


def outcome(
    p: Params,
    em: pd.DataFrame,
    measures: pd.DataFrame,
    coal_city: pd.DataFrame,
    total_cost: float,
) -> Outcome:
    """What the solve achieved, from the result tables, as the families read it."""
    years = {p.target_year, *(t for t, _q in p.milestones)}
    em = em[em["year"].isin(years)]
    scope = [
        s in p.target_scope[q]
        for s, q in zip(em["sector"].tolist(), em["pollutant"].tolist(), strict=True)
    ]
    totals = em[scope].groupby(["pollutant", "year"])["emissions_t"].sum().to_dict()
    final = measures[measures["year"] == p.final_year]
    at_target = measures[measures["year"] == p.target_year]
    share = coal_city.loc[coal_city["year"] == p.target_year, "coal_share"]
    codes: dict[str, list[str]] = {}
    for d, k in p.potential:
        codes.setdefault(k, []).append(d)
    by_cell = _removed(p, final)
    at_target_cell = by_cell if p.target_year == p.final_year else _removed(p, at_target)
    before = {}
    if p.key_project_from is not None:
        before = _removed(p, measures[measures["year"] == p.key_project_from])
    return Outcome(
        totals=totals,
        band_cut=band_cuts(p, em),
        band_committed=committed_cuts(p, measures),
        deployed=at_target.groupby("measure")["units"].sum().to_dict(),
        placed=measures.groupby(["code", "measure", "year"])["units"].sum().to_dict(),
        removed=at_target_cell,
        removed_final=by_cell,
        codes={k: tuple(v) for k, v in codes.items()},
        coal_share=float(share.iloc[0]) if len(share) else math.nan,
        total_cost=total_cost,
        removed_before=before,
        coal_shares=dict(zip(coal_city["year"], coal_city["coal_share"], strict=True)),
    )


def _removed(p: Params, rows: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    """(unit, sector, pollutant) -> t/yr removed by the measures in ``rows`` (one year)."""
    cols = [f"removal_{q}_t" for q in p.pollutants]
    removed = rows.groupby(["code", "sector"])[cols].sum()  # one pass, then look-ups
    return {
        (c, sec, q): v
        for (c, sec), row in zip(removed.index, removed.to_numpy(), strict=True)
        for q, v in zip(p.pollutants, row, strict=True)
    }


def _annual(fam: Family, p: Params, key: Any, annual: Any, at_bound: bool) -> float:
    """The equivalent annual cost of one more unit of an enforced requirement; NaN where
    the solve gave no annual duals, 0 off its bound (as the price)."""
    if annual is None:
        return math.nan
    return annual.get(key, 0.0) * fam.annual_price_factor(p, key) + 0.0 if at_bound else 0.0


def row_name(fam: Family, key: Any) -> str:
    """The row's name in exported LP/MPS files, e.g. ``band_lower(air,500101,NOX)``."""
    return lp_name(fam.name, key)


def requirements_table(
    p: Params,
    res: SolveResult,
    em: pd.DataFrame,
    measures: pd.DataFrame,
    coal_city: pd.DataFrame,
    total_cost: float,
) -> pd.DataFrame:
    """One row per requirement: family, labels, sense, required, achieved, met, slack,
    binding side, dual, price (positive = cost of one more unit), units."""
    done = outcome(p, em, measures, coal_city, total_cost)
    rows = []
    for fam in FAMILIES.values():
        duals = res.duals.get(fam.name, {})
        annual = res.annual_duals.get(fam.name)
        enforced = set(fam.keys(p))
        for key in fam.audit_keys(p):
            required = fam.required(p, key)
            got = fam.achieved(p, done, key)
            slack = got - required if fam.sense == ">=" else required - got
            scale = TOL * max(1.0, abs(required))
            at_bound = key in enforced and abs(slack) <= scale
            dual = float(duals.get(key, 0.0)) if key in enforced else math.nan
            rows.append(
                {
                    "family": fam.name,
                    "row": row_name(fam, key),
                    "subject": fam.subject(key),
                    "pollutant": fam.pollutant(key),
                    "year": fam.year(p, key),
                    "topic": fam.topic(key),
                    "label_en": fam.describe(p, key, "en"),
                    "label_zh": fam.describe(p, key, "zh"),
                    "sense": fam.sense,
                    "required": required,
                    "achieved": got,
                    "met": bool(math.isnan(slack) or slack >= -scale),
                    "slack": slack,
                    "binding": ("lower" if fam.sense == ">=" else "upper") if at_bound else "",
                    "dual": dual,
                    # off its bound a row's dual is zero (complementary slackness): noise
                    "price": dual * fam.price_factor(p, key) + 0.0 if at_bound else 0.0,
                    # city targets: d Cost / d tau_p with the bands moving (results.prices)
                    "plan_target_price": plan_target_price(p, res, key)
                    if fam is CITY_TARGET and key in enforced
                    else math.nan,
                    "unit": fam.unit,
                    "price_unit": fam.price_unit(p),
                    "enforced": key in enforced,
                    # the equivalent annual cost of one more unit (solvers.annual)
                    "annual_price": _annual(fam, p, key, annual, at_bound)
                    if key in enforced
                    else math.nan,
                    "plan_target_annual_price": plan_target_annual_price(p, res, key)
                    if fam is CITY_TARGET and key in enforced
                    else math.nan,
                    "annual_price_unit": fam.annual_price_unit,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def compliance_view(req: pd.DataFrame) -> pd.DataFrame:
    """Required, achieved, met of every requirement (a view of ``requirements``); shares
    of no abatement at all (achieved undefined) are left out."""
    sub = req[req["achieved"].notna()]
    out = pd.DataFrame(
        {
            "family": [
                FAMILIES[f].group_of(t) for f, t in zip(sub["family"], sub["topic"], strict=True)
            ],
            "subject": sub["subject"].to_numpy(),
            "pollutant": sub["pollutant"].to_numpy(),
            "sense": sub["sense"].to_numpy(),
            "required": sub["required"].to_numpy(),
            "achieved": sub["achieved"].to_numpy(),
            "met": sub["met"].to_numpy(),
            "label": sub["label_en"].to_numpy(),
        }
    )
    return out.reset_index(drop=True)


#: Families whose price is always shown (city-wide); others only where they bind.
CITY_WIDE = tuple(f.name for f in FAMILIES.values() if f.city_wide)


def prices_view(req: pd.DataFrame) -> pd.DataFrame:
    """Shadow prices (a view of ``requirements``): city-wide requirements always, the
    others where they bind, each with its equivalent annual cost. ``kind`` is the family."""
    sub = req[req["enforced"] & (req["family"].isin(CITY_WIDE) | (req["binding"] != ""))]
    out = sub.rename(columns={"family": "kind", "price_unit": "unit_"})[
        [
            "kind",
            "subject",
            "pollutant",
            "year",
            "dual",
            "price",
            "plan_target_price",
            "unit_",
            "label_en",
            "annual_price",
            "annual_price_unit",
        ]
    ]
    return out.rename(columns={"unit_": "unit", "label_en": "label"}).reset_index(drop=True)
