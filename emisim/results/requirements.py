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
from emisim.model.params import Params
from emisim.model.requirements import CITY_TARGET, FAMILIES
from emisim.results.prices import plan_target_price
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
]


def band_cuts(p: Params, em: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    """Final-year cut rate of every band's subject over the band's sectors, from ``em``."""
    final = em[em["year"] == p.final_year]
    fin = dict(
        zip(
            zip(final["code"], final["sector"], final["pollutant"], strict=True),
            final["emissions_t"],
            strict=True,
        )
    )
    out = {}
    for b in p.bands:
        members = p.groups.get(b.subject, {b.subject: 1.0})
        secs = p.band_sectors[b.family, b.pollutant]
        f = sum(w * fin.get((d, s, b.pollutant), 0.0) for d, w in members.items() for s in secs)
        out[b.key] = 1 - f / b.base
    return out


def _achieved(
    p: Params,
    em: pd.DataFrame,
    measures: pd.DataFrame,
    coal_city: pd.DataFrame,
    total_cost: float,
) -> dict[str, Any]:
    """For each family, a function key -> achieved value, from the result tables."""
    years = {p.final_year, *(t for t, _q in p.milestones)}
    em = em[em["year"].isin(years)]
    scope = [s in p.target_scope[q] for s, q in zip(em["sector"], em["pollutant"], strict=True)]
    totals = em[scope].groupby(["pollutant", "year"])["emissions_t"].sum().to_dict()
    cuts = band_cuts(p, em)
    final = measures[measures["year"] == p.final_year]
    deployed = final.groupby("measure")["units"].sum().to_dict()
    share = coal_city.loc[coal_city["year"] == p.final_year, "coal_share"]
    placed = measures.groupby(["code", "measure", "year"])["units"].sum().to_dict()

    codes: dict[str, list[str]] = {}
    for d, k in p.potential:
        codes.setdefault(k, []).append(d)

    def in_place(key):
        dl = p.deadline_by_key[key]
        where = codes.get(dl.measure, []) if dl.subject == "city" else [dl.subject]
        return float(sum(placed.get((d, dl.measure, dl.year), 0.0) for d in where))

    cols = [f"removal_{q}_t" for q in p.pollutants]
    removed = final.groupby(["code", "sector"])[cols].sum()  # one pass, then look-ups
    by_cell = {
        (c, sec, q): v
        for (c, sec), row in zip(removed.index, removed.to_numpy(), strict=True)
        for q, v in zip(p.pollutants, row, strict=True)
    }

    def adapt(key):
        a = p.adapt_by_key[key]
        total = sum(by_cell.get((a.code, sec, a.pollutant), 0.0) for sec in a.scope)
        named = sum(by_cell.get((a.code, sec, a.pollutant), 0.0) for sec in a.sectors)
        return named / total if total > TOL else math.nan  # no abatement: nothing to share

    return {
        "city_target": lambda q: 1 - totals.get((q, p.final_year), 0.0) / p.base_totals[q],
        "milestone": lambda k: 1 - totals.get((k[1], k[0]), 0.0) / p.base_totals[k[1]],
        "band_lower": cuts.__getitem__,
        "band_upper": cuts.__getitem__,
        "adapt_share": adapt,
        "coal_cap": lambda _k: float(share.iloc[0]),
        "programme_cap": lambda k: float(deployed.get(k, 0.0)),
        "programme_floor": lambda k: float(deployed.get(k, 0.0)),
        "deadline": in_place,
        "budget": lambda _k: total_cost,
    }


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
    achieved = _achieved(p, em, measures, coal_city, total_cost)
    rows = []
    for fam in FAMILIES.values():
        duals = res.duals.get(fam.name, {})
        enforced = set(fam.keys(p))
        for key in fam.audit_keys(p):
            required = fam.required(p, key)
            got = achieved[fam.name](key)
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
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def _compliance_family(family: str, topic: str) -> str:
    """compliance's family names, as comparisons and reports know them."""
    if family in ("band_lower", "band_upper"):
        return f"band_{topic}"
    return "programme" if family in ("programme_cap", "programme_floor") else family


def compliance_view(req: pd.DataFrame) -> pd.DataFrame:
    """Required, achieved, met of every requirement (a view of ``requirements``); shares
    of no abatement at all (achieved undefined) are left out."""
    sub = req[req["achieved"].notna()]
    out = pd.DataFrame(
        {
            "family": [
                _compliance_family(f, t) for f, t in zip(sub["family"], sub["topic"], strict=True)
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
CITY_WIDE = ("city_target", "milestone", "coal_cap", "budget")


def prices_view(req: pd.DataFrame) -> pd.DataFrame:
    """Shadow prices (a view of ``requirements``): city-wide requirements always, the
    others where they bind. ``kind`` is the family."""
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
        ]
    ]
    return out.rename(columns={"unit_": "unit", "label_en": "label"}).reset_index(drop=True)
