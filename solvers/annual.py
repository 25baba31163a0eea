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
"""

from __future__ import annotations

import highspy
import numpy as np

from emisim.model.params import Params


def annual_cost_vector(n_cols: int, lay, p: Params) -> np.ndarray:
    """:math:`\\hat c`: each final-year deployment column's annualised cost (yuan/yr per
    unit, times the district cost factor); 0 for every other column."""
    c = np.zeros(n_cols)
    T = p.final_year
    for j, (d, k, t) in zip(lay.y_pos, lay.y_keys, strict=True):
        if t == T:
            c[j] = p.annual_cost[k] * p.cost_factor.get((d, k), 1.0)
    return c


def annual_row_duals(highs: highspy.Highs, lay, p: Params) -> np.ndarray | None:
    """:math:`B^{-T}\\hat c_B` at the basis HiGHS holds (just solved to optimality); None
    where HiGHS has no basis to solve with."""
    status, basic = highs.getBasicVariables()
    if status != highspy.HighsStatus.kOk:
        return None
    basic = np.asarray(basic)
    c = annual_cost_vector(highs.getNumCol(), lay, p)
    cb = np.where(basic >= 0, c[np.maximum(basic, 0)], 0.0)  # row logicals cost nothing
    status, z = highs.getBasisTransposeSolve(cb)
    return np.asarray(z) if status == highspy.HighsStatus.kOk else None
