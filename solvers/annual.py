r"""The equivalent annual cost of a requirement: its price in yuan per tonne per year.

A row's dual :math:`\lambda_i = \partial\,\mathrm{Cost}/\partial b_i` is, at the optimal
basis :math:`B`, :math:`\lambda = B^{-T} c_B`: the objective's coefficients of the basic
columns carried back to the rows. With lifetime accounting those coefficients are present
values over each unit's life, so the price reads "PV yuan per t/yr". Carrying back instead
the *final year's annual cost* of the measures in place, :math:`\hat c_{(d,m,T_f)} = c_m
f_{d,m}` on the columns :math:`y_{d,m,T_f}` and 0 elsewhere,

.. math:: \hat\lambda = B^{-T}\hat c_B,

gives, for each row, the change of :math:`\sum_{d,m} c_m f_{d,m} y_{d,m,T_f}` (yuan/yr) per
unit of its right-hand side along the same basis (the same direction of change of the
deployment as the price): for one more tonne per year, yuan per tonne — the annualised cost
(capital times the capital recovery factor at the scenario's discount rate and each
measure's life, plus O&M) of the marginal measures per tonne they remove, the figure cost
curves in the literature quote (docs/model.md, *Prices and signs*). Under target-year
accounting it equals the price itself. One ``getBasisTransposeSolve`` gives every row's.

In a chain of periods (docs/model.md, *Chained periods*) the earlier period's rows, which
hold in its last year, carry back that year's annual cost instead (a second solve with
:math:`\hat c` on :math:`y_{d,m,T_1}`): yuan per tonne in the year the requirement holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import highspy
import numpy as np

from emisim.model.params import Params
from emisim.model.requirements import FAMILIES


def annual_cost_vector(n_cols: int, lay, p: Params, year: int | None = None) -> np.ndarray:
    """:math:`\\hat c`: each deployment column's annualised cost (yuan/yr per unit, times the
    district cost factor) in ``year`` (default the final year); 0 for every other column."""
    c = np.zeros(n_cols)
    T = p.final_year if year is None else year
    for j, (d, k, t) in zip(lay.y_pos, lay.y_keys, strict=True):
        if t == T:
            c[j] = p.annual_cost[k] * p.cost_factor.get((d, k), 1.0)
    return c


def annual_row_duals(
    highs: highspy.Highs, lay, p: Params, year: int | None = None
) -> np.ndarray | None:
    """:math:`B^{-T}\\hat c_B` at the basis HiGHS holds (just solved to optimality), with
    :math:`\\hat c` of ``year`` (default the final year); None where HiGHS has no basis
    to solve with."""
    status, basic = highs.getBasicVariables()
    if status != highspy.HighsStatus.kOk:
        return None
    basic = np.asarray(basic)
    c = annual_cost_vector(highs.getNumCol(), lay, p, year)
    cb = np.where(basic >= 0, c[np.maximum(basic, 0)], 0.0)  # row logicals cost nothing
    status, z = highs.getBasisTransposeSolve(cb)
    return np.asarray(z) if status == highspy.HighsStatus.kOk else None


def by_period(p: Params, final: Mapping, earlier: Mapping) -> MappingProxyType:
    """A chain's annual duals: each requirement row of the earlier period (its family's
    year is the target year, before the final) from ``earlier``, every other row from
    ``final`` (both ``{component: {index: value}}``)."""
    out = {}
    for name, rows in final.items():
        fam = FAMILIES.get(name)
        if fam is None or name not in earlier:
            out[name] = rows
            continue
        out[name] = MappingProxyType(
            {
                k: earlier[name][k] if fam.year(p, k) == p.target_year < p.final_year else v
                for k, v in rows.items()
            }
        )
    return MappingProxyType(out)
