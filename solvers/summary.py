"""The engine's compact summary of a solution: numpy over the layout's maps, no Python
loop per row or column (a sweep calls it once per point)."""

from __future__ import annotations

from typing import Any

import numpy as np

from emisim.model.params import Params
from emisim.solvers.layout import Layout

#: A requirement row binds where its dual is at least this large (absolute).
BINDING_DUAL = 1e-9


def record(p: Params, lay: Layout, x: np.ndarray, row_dual: np.ndarray | None) -> dict[str, Any]:
    """Costs, city and district cuts of the solution ``x``; prices and binding families from
    ``row_dual`` (see :meth:`emisim.solvers.engine.Engine.record`)."""
    out: dict[str, Any] = {}
    spend = lay.y_cost * x[lay.y_pos]
    by_measure = np.bincount(lay.y_measure, weights=spend, minlength=len(p.measures))
    removed = np.bincount(lay.r_cell, weights=lay.r_val * x[lay.r_col], minlength=len(lay.bau))
    final = (lay.bau - removed).reshape(len(p.units), len(p.pollutants))
    base = lay.base.reshape(final.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        district_cut = np.where(base > 0, 1 - final / base, np.nan)
    city = final.sum(axis=0)
    out.update(
        total_cost=float(spend.sum()),
        cost_by_measure=dict(zip(p.measures, by_measure.tolist(), strict=True)),
        city_cut={
            q: 1 - float(city[j]) / p.base_totals[q]
            for j, q in enumerate(p.pollutants)
            if p.base_totals[q] > 0
        },
        district_cut=district_cut,
    )
    if row_dual is not None:
        duals = row_dual
        held = duals[lay.city_pos] * lay.city_factor  # the cost of one more tonne, bands held
        out["bands_held_price"] = dict(zip(lay.city_keys, held.tolist(), strict=True))
        hot = np.abs(duals[lay.requirement_rows]) > BINDING_DUAL
        out["binding"] = tuple(sorted(set(lay.requirement_family[hot].tolist())))
    return out
