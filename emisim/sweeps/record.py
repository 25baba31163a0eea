"""The compact record of one run: a flat row of numbers, not the full tables.

Per run: status, objective, costs (the accounted total, as the objective counts it, and
the final year's annual cost), both prices per pollutant, one name each (the cost of one
more tonne with the bands held, the city-target row's dual, ``bands_held_price.<P>``, and
the cost of the plan's target, ``plan_target_price.<P>``: d cost / d tau with the bands
that follow the target moving, :mod:`emisim.results.prices`), city and per-district cut rates,
the tonnes removed by the deployed measures and the key-project prices
(``kp_removed_t.<P>``, ``kp_price.<P>``), which targets, bands and the coal cap bind.
Computed from the deployment and the parameters with sparse matrices built once per
Params (:class:`Basis`), so a record costs well under a millisecond or two; the full
tables of any run can be rebuilt with ``emisim sweep show``. The columns are fixed for a
sweep (:func:`columns`), so every stored part has the same schema, failures included.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from emisim.model.objective import row_cost
from emisim.model.params import Params
from emisim.model.requirements import CITY_TARGET, KEY_PROJECT
from emisim.model.vocabulary import BAND_FAMILIES, FAMILIES, POLLUTANTS
from emisim.results.prices import BANDS_HELD, PLAN_TARGET, plan_target_price
from emisim.solvers.highs import SolveResult

if TYPE_CHECKING:
    from scipy import sparse

#: Binding tolerance on cut rates and shares (as the result tables use).
TOL = 1e-6
META = ("run_id", "status", "message", "session", "computed_at", "worker", "seconds")


def columns(units: tuple[str, ...], names: tuple[str, ...]) -> dict[str, str]:
    """Every record column and its kind ('int', 'float', 'str'), in order."""
    out = {
        "run_id": "int",
        "status": "str",
        "message": "str",
        "session": "str",
        "computed_at": "str",
        "worker": "str",
        "seconds": "float",
    }
    out |= {f"x.{n}": "float" for n in names}
    out |= {"objective": "float", "total_cost_yuan": "float", "annual_cost_final_yuan": "float"}
    out |= {f"{BANDS_HELD}.{q}": "float" for q in POLLUTANTS}
    out |= {f"{PLAN_TARGET}.{q}": "float" for q in POLLUTANTS}
    out |= {f"city_cut_pct.{q}": "float" for q in POLLUTANTS}
    out |= {f"bind.target.{q}": "float" for q in POLLUTANTS}
    out |= {f"kp_removed_t.{q}": "float" for q in POLLUTANTS}
    out |= {f"kp_price.{q}": "float" for q in POLLUTANTS}
    out |= {"coal_share_final": "float", "bind.coal_cap": "float"}
    out |= {f"bind.band.{f}.{c}": "float" for f in BAND_FAMILIES for c in FAMILIES[f]}
    out |= {f"cut_pct.{d}.{q}": "float" for d in units for q in POLLUTANTS}
    return out


@dataclass(frozen=True)
class Basis:
    """Sparse maps from final-year deployment to emissions, cuts and band cut rates."""

    pairs: dict[tuple[str, str], int]  # (unit, measure) -> deployment column
    bau: np.ndarray  # final-year BAU emissions per tracked key
    removal: sparse.csr_matrix  # key x pair: t removed per unit deployed
    unit_agg: sparse.csr_matrix  # (unit, pollutant) x key over the target scope
    unit_base: np.ndarray
    city_agg: sparse.csr_matrix  # pollutant x key over the target scope
    city_base: np.ndarray
    bands: sparse.csr_matrix  # band x key: member weights
    band_base: np.ndarray
    band_group: np.ndarray  # index into BAND_COLUMNS
    key_pollutant: np.ndarray  # per tracked key, its pollutant's index in POLLUTANTS
    coal_cut: np.ndarray  # per pair, ktce per unit
    coal_bau: float
    energy: float


BAND_COLUMNS = [f"bind.band.{f}.{c}" for f in BAND_FAMILIES for c in FAMILIES[f]]


def basis(p: Params) -> Basis:
    """Precompute the record's linear maps for one Params (once per structure)."""
    from scipy import sparse  # here, after Pyomo: imported first, scipy drags in scipy.stats

    T = p.final_year
    keys = {k: i for i, k in enumerate(p.emission_keys)}
    pairs = {k: j for j, k in enumerate(sorted(p.potential))}
    bau = np.array([p.e0.get(k, 0.0) * p.growth[k[0], k[1], T] for k in p.emission_keys])
    rows, cols, vals = [], [], []
    for (d, m), j in pairs.items():
        s = p.measure_sector[m]
        for q in POLLUTANTS:
            r = p.removal.get((m, q))
            if r and (d, s, q) in keys:
                rows.append(keys[d, s, q])
                cols.append(j)
                vals.append(r)
    removal = sparse.csr_matrix((vals, (rows, cols)), shape=(len(keys), len(pairs)))
    up = {(d, q): i for i, (d, q) in enumerate((d, q) for d in p.units for q in POLLUTANTS)}
    scoped = [(i, k) for k, i in keys.items() if k[1] in p.target_scope[k[2]]]
    unit_agg = _agg([up[k[0], k[2]] for _, k in scoped], [i for i, _ in scoped], len(up), keys)
    city_agg = _agg(
        [POLLUTANTS.index(k[2]) for _, k in scoped], [i for i, _ in scoped], len(POLLUTANTS), keys
    )
    e0 = np.array([p.e0.get(k, 0.0) for k in p.emission_keys])
    brow, bcol, bval = [], [], []
    for b_i, b in enumerate(p.bands):
        for d, w in p.groups.get(b.subject, {b.subject: 1.0}).items():
            for s in p.band_sectors[b.family, b.pollutant]:
                if (d, s, b.pollutant) in keys:
                    brow.append(b_i)
                    bcol.append(keys[d, s, b.pollutant])
                    bval.append(w)
    return Basis(
        pairs=pairs,
        bau=bau,
        removal=removal,
        unit_agg=unit_agg,
        unit_base=unit_agg @ e0,
        city_agg=city_agg,
        city_base=city_agg @ e0,
        bands=sparse.csr_matrix((bval, (brow, bcol)), shape=(len(p.bands), len(keys))),
        band_base=np.array([b.base for b in p.bands]),
        band_group=np.array(
            [BAND_COLUMNS.index(f"bind.band.{b.family}.{b.category}") for b in p.bands], dtype=int
        ),
        key_pollutant=np.array([POLLUTANTS.index(k[2]) for k in p.emission_keys], dtype=int),
        coal_cut=np.array([p.coal_cut.get(m, 0.0) for _, m in pairs]),
        coal_bau=sum(p.coal0[d] * p.coal_growth[d, T] for d in p.units),
        energy=p.energy_path[T],
    )


def regrown(b: Basis, p: Params) -> Basis:
    """``basis(p)`` where ``p`` differs from ``b``'s Params only in growth (the
    business-as-usual paths): the maps are kept, the growth-dependent totals recomputed
    by the same expressions."""
    T = p.final_year
    bau = np.array([p.e0.get(k, 0.0) * p.growth[k[0], k[1], T] for k in p.emission_keys])
    coal_bau = sum(p.coal0[d] * p.coal_growth[d, T] for d in p.units)
    return replace(b, bau=bau, coal_bau=coal_bau)


def _agg(rows: list[int], cols: list[int], n: int, keys: Mapping) -> Any:
    from scipy import sparse

    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(keys)))


def record_of(p: Params, b: Basis, res: SolveResult) -> dict[str, float | str]:
    """The record of a fresh solve (status and message only if it is not optimal):
    costs summed row by row as the tables do (``row_cost``)."""
    if not res.ok:
        return {"status": str(res.status), "message": res.termination}
    y = res.values.get("y", {})
    T = p.final_year
    y_final = np.zeros(len(b.pairs))
    total = final_cost = 0.0
    for (d, m, t), v in y.items():
        new = v - y.get((d, m, t - 1), 0.0) if t > p.years[0] else v
        f = p.cost_factor.get((d, m), 1.0)
        if v or new:
            total += f * row_cost(p, m, t, v, new)
        if t == T and v:
            final_cost += f * p.annual_cost[m] * v
            y_final[b.pairs[d, m]] = v
    costs = (total, final_cost)
    plan = {q: plan_target_price(p, res, q) for q in enforced_targets(p)}
    rows = res.duals.get(KEY_PROJECT.name, {})
    kp = key_project_prices(p, lambda fam, key: rows.get(key, 0.0))
    duals = res.duals.get(CITY_TARGET.name, {})
    return make_record(p, b, res.objective, costs, y_final, duals, plan, kp)


def key_project_prices(p: Params, dual: Callable[[str, Any], float]) -> dict[str, float]:
    """The price of each city-wide key-project row (positive: yuan per tonne per year
    removed by projects, in the scenario's price unit), from ``dual(family, key)``."""
    keys = [k for k in KEY_PROJECT.keys(p) if k[0] == "city"]
    return {k[1]: dual(KEY_PROJECT.name, k) * KEY_PROJECT.price_factor(p, k) + 0.0 for k in keys}


def enforced_targets(p: Params) -> list[str]:
    """Pollutants whose city target is a row of the model (so it has a plan-target price)."""
    if not p.enforce_targets:
        return []
    return [q for q in POLLUTANTS if q in p.targets and p.base_totals.get(q, 0.0) > 0]


def make_record(
    p: Params,
    b: Basis,
    objective: float | None,
    costs: tuple[float, float],
    y_final: np.ndarray,
    duals: Mapping,
    plan_prices: Mapping[str, float],
    key_prices: Mapping[str, float] | None = None,
) -> dict[str, float | str]:
    """The record of an optimal solution: its accounted total and final-year annual cost,
    final-year deployment by ``b.pairs``, the city-target rows' duals by pollutant and the
    plan-target prices (:func:`emisim.results.prices.plan_target_price`) and the city-wide
    key-project prices by pollutant (:func:`key_project_prices`)."""
    out: dict[str, float | str] = {"status": "optimal"}
    T = p.final_year
    fin = b.bau - b.removal @ y_final
    out |= {"objective": objective, "total_cost_yuan": costs[0]}
    out["annual_cost_final_yuan"] = costs[1]
    delta = p.price_scale(T)
    city = 1 - (b.city_agg @ fin) / np.where(b.city_base > 0, b.city_base, np.nan)
    for i, q in enumerate(POLLUTANTS):
        out[f"{BANDS_HELD}.{q}"] = -duals[q] / delta if q in duals else float("nan")
        out[f"{PLAN_TARGET}.{q}"] = plan_prices.get(q, float("nan"))
        out[f"city_cut_pct.{q}"] = 100 * city[i]
        tau = p.targets.get(q) if p.enforce_targets else None
        out[f"bind.target.{q}"] = float(tau is not None and abs(city[i] - tau) <= TOL)
    removed = np.bincount(b.key_pollutant, b.removal @ y_final, minlength=len(POLLUTANTS))
    kp = key_prices or {}
    for i, q in enumerate(POLLUTANTS):
        out[f"kp_removed_t.{q}"] = float(removed[i])
        out[f"kp_price.{q}"] = kp.get(q, float("nan"))
    unit = 1 - (b.unit_agg @ fin) / np.where(b.unit_base > 0, b.unit_base, np.nan)
    for i, (d, q) in enumerate((d, q) for d in p.units for q in POLLUTANTS):
        out[f"cut_pct.{d}.{q}"] = 100 * unit[i]
    coal = b.coal_bau - float(b.coal_cut @ y_final)
    out["coal_share_final"] = coal / b.energy
    cap = p.coal_share_max
    out["bind.coal_cap"] = float(cap is not None and abs(coal / b.energy - cap) <= TOL)
    out |= _band_binding(p, b, fin)
    return out


def _band_binding(p: Params, b: Basis, fin: np.ndarray) -> dict[str, float]:
    """How many bands of each family/category bind (at their floor or ceiling). The bounds
    are read from ``p`` (a changed target moves relative bands without a new basis)."""
    out = dict.fromkeys(BAND_COLUMNS, 0.0)
    if not len(b.band_base):
        return out
    nan = float("nan")
    lower = np.array([nan if b_.lower is None else b_.lower for b_ in p.bands])
    upper = np.array([nan if b_.upper is None else b_.upper_effective for b_ in p.bands])
    cut = 1 - (b.bands @ fin) / b.band_base
    with np.errstate(invalid="ignore"):
        bind = (np.abs(cut - lower) <= TOL) | (np.abs(cut - upper) <= TOL)
    counts = np.bincount(b.band_group[bind], minlength=len(BAND_COLUMNS))
    return {c: float(n) for c, n in zip(BAND_COLUMNS, counts, strict=True)}
