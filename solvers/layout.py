"""Where every name of the model sits in the compiled HiGHS LP, and the numpy maps that
turn a solution into a summary without a Python loop per row.

:class:`Layout` is computed once per build (by :class:`emisim.solvers.engine.Engine`):
columns and rows by ``(component, index)``, each requirement family's rows and the
business-as-usual constant moved out of its right-hand side, and the arrays the engine's
``record()`` multiplies the solution with (cost per column, removal per district and
pollutant, prices per city-target row).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import highspy
import numpy as np
import pyomo.core as pyo

from emisim.model.constraints.measures import ramp_rhs
from emisim.model.family import Family
from emisim.model.objective import unit_cost_coefficients
from emisim.model.params import Params
from emisim.model.requirements import CITY_TARGET, FAMILIES
from emisim.solvers.compile import Compiled

Name = tuple[str, Any]  # (component name, index)

#: Rows ``body >= 0`` whose body holds a business-as-usual constant: each row's constant.
FLOOR_CONSTANTS = {
    "sector_floor": lambda p, k: p.e0.get(k[:3], 0.0) * p.growth[k[0], k[1], k[3]],
    "coal_floor": lambda p, k: p.coal0[k[0]] * p.coal_growth[k],
}


@dataclass
class RowBlock:
    """The rows of one family whose right-hand side follows from Params."""

    keys: list
    pos: np.ndarray  # HiGHS row of each key; -1 where the row has no variables (dropped)
    const: np.ndarray  # rhs(p, key) - HiGHS bound: the constant moved out of the body
    upper: bool  # the bound is the row's upper bound (``<=``) or its lower (``>=``)
    bound: np.ndarray  # the bound loaded now


def _block(
    p: Params, keys: list, rhs, upper: bool, row_of: dict, name: str, lp, *, pos=None, now=None
) -> RowBlock:
    """``pos``, ``now``: the rows and right-hand sides where the caller knows them."""
    if pos is None:
        pos = np.array([row_of.get((name, k), -1) for k in keys], dtype=np.int64)
    rhs_now = np.array([rhs(p, k) for k in keys] if now is None else now, dtype=float)
    side = np.asarray(lp.row_upper_ if upper else lp.row_lower_, dtype=float)
    bound = np.where(pos >= 0, side[np.maximum(pos, 0)], np.nan) if len(pos) else rhs_now
    return RowBlock(keys, pos, rhs_now - bound, upper, bound)


class Layout:
    """Row and column maps of one compiled model (see the module docstring)."""

    def __init__(self, m: pyo.ConcreteModel, compiled: Compiled, p: Params) -> None:
        lp = compiled.lp
        self.col_keys: list[Name] = compiled.col_keys
        self.row_keys: list[Name] = compiled.rows
        by_name: dict[str, list[int]] = {}  # each component's rows (one pass over them)
        for i, (name, _key) in enumerate(self.row_keys):
            by_name.setdefault(name, []).append(i)
        self.col_of: dict[Name, int] = {k: j for j, k in enumerate(self.col_keys)}
        self.row_of: dict[Name, int] = {k: i for i, k in enumerate(self.row_keys)}
        self.values = [
            (var.local_name, list(var.keys())) for var in m.component_objects(pyo.Var, active=True)
        ]
        self.value_pos = [
            np.array([self.col_of.get((n, i), -1) for i in idx], dtype=np.int64)
            for n, idx in self.values
        ]
        cons: dict[str, list] = {}
        for name, index in (*compiled.rows, *compiled.dropped):
            cons.setdefault(name, []).append(index)
        self.duals = list(cons.items())
        dropped = Counter(name for name, _index in compiled.dropped)
        self.dual_pos = [  # each component's rows, then -1 for its rows without variables
            np.array(by_name.get(n, []) + [-1] * dropped[n], dtype=np.int64)
            for n, _idx in self.duals
        ]
        self.blocks: dict[str, RowBlock] = {
            f.name: _block(p, f.keys(p), f.rhs, f.row_sense == "<=", self.row_of, f.name, lp)
            for f in FAMILIES.values()
        }
        pairs = sorted(p.potential)
        ramp_keys = [(d, k, t) for (d, k) in pairs for t in p.years]
        ramp_rows = by_name.get("deploy_ramp", [])
        known = [self.row_keys[i][1] for i in ramp_rows] == ramp_keys  # every key a row
        self.blocks["deploy_ramp"] = _block(
            p, ramp_keys, lambda q, key: ramp_rhs(q, key[0], key[1]), True, self.row_of,
            "deploy_ramp", lp, pos=np.array(ramp_rows, dtype=np.int64) if known else None,
            now=np.repeat([ramp_rhs(p, d, k) for d, k in pairs], len(p.years)),
        )  # fmt: skip
        for name in FLOOR_CONSTANTS:  # rows body >= 0: bound = -constant
            rows = by_name.get(name, [])
            self.blocks[name] = _block(
                p, [self.row_keys[i][1] for i in rows], None, False, self.row_of, name, lp,
                pos=np.array(rows, dtype=np.int64), now=np.zeros(len(rows)),
            )  # fmt: skip
        self._matrix(lp, by_name)
        self._columns(p)
        self._summary(p)

    @staticmethod
    def by_name(names: list, positions: list, array: np.ndarray | None) -> MappingProxyType:
        """``{component: {index: array[position]}}``, 0 where the position is -1 (a column
        no row uses, a row without variables), as a fresh solve reports them."""
        if array is None:
            return MappingProxyType({})
        padded = np.append(array, 0.0)
        return MappingProxyType(
            {
                name: MappingProxyType(dict(zip(idx, padded[pos].tolist(), strict=True)))
                for (name, idx), pos in zip(names, positions, strict=True)
            }
        )

    # ------------------------------------------------------------------ matrix and rows

    def _matrix(self, lp: highspy.HighsLp, by_name: dict[str, list[int]]) -> None:
        a = lp.a_matrix_
        start = np.asarray(a.start_, dtype=np.int64)
        self.a_row = np.repeat(np.arange(len(start) - 1), np.diff(start))
        self.a_col = np.asarray(a.index_, dtype=np.int64)
        self.a_val = np.asarray(a.value_, dtype=float).copy()
        self.obj_cost = np.asarray(lp.col_cost_, dtype=float).copy()
        self.row_pollutant = np.full(len(self.row_keys), "", dtype=object)
        for name, rows in by_name.items():
            if name in FAMILIES or name == "sector_floor":
                self.row_pollutant[rows] = [
                    self._row_pollutant(name, self.row_keys[i][1]) for i in rows
                ]
        self.requirement_rows = np.array(
            sorted(i for name in FAMILIES for i in by_name.get(name, ())), dtype=np.int64
        )
        self.requirement_family = np.array(
            [self.row_keys[i][0] for i in self.requirement_rows], dtype=object
        )

    @staticmethod
    def _row_pollutant(name: str, key: Any) -> str:
        """The pollutant a row's coefficients are removal rates of ("" for other rows)."""
        if name in FAMILIES:
            return FAMILIES[name].pollutant(key)
        return key[2] if name == "sector_floor" else ""

    # ------------------------------------------------------------------ columns

    def _columns(self, p: Params) -> None:
        ys = [(j, k[1]) for j, k in enumerate(self.col_keys) if k[0] == "y"]
        self.y_pos = np.array([j for j, _ in ys], dtype=np.int64)
        self.y_keys = [key for _, key in ys]
        measure_index = {k: i for i, k in enumerate(p.measures)}
        self.y_measure = np.array([measure_index[key[1]] for key in self.y_keys], dtype=np.int64)
        year_index = {t: i for i, t in enumerate(p.years)}
        self.y_year = np.array([year_index[key[2]] for key in self.y_keys], dtype=np.int64)
        self._factor_of: Any = None  # the cost_factor mapping self._factor was read from
        self._factor = np.empty(0)
        self.col_measure = np.full(len(self.col_keys), "", dtype=object)
        self.col_measure[self.y_pos] = [key[1] for key in self.y_keys]
        self.set_costs(p)

    def cost_vector(self, p: Params) -> np.ndarray:
        """Each y column's coefficient in ``Cost`` (``objective.cost_coefficients``, the
        same products): a measure-by-year table indexed by the columns, times their cost
        factors (looked up again only when ``p.cost_factor`` is another object)."""
        per = unit_cost_coefficients(p)
        table = np.array([per[k] for k in p.measures], dtype=float).reshape(
            len(p.measures), len(p.years)
        )
        if self._factor_of is not p.cost_factor:
            f = p.cost_factor
            self._factor = np.array([f.get((d, k), 1.0) for d, k, _t in self.y_keys], dtype=float)
            self._factor_of = p.cost_factor
        return table[self.y_measure, self.y_year] * self._factor

    def set_costs(self, p: Params) -> None:
        self.y_cost = self.cost_vector(p)

    # ------------------------------------------------------------------ summary maps

    def _summary(self, p: Params) -> None:
        """Final-year removal of every y column per (district, pollutant) in target scope,
        and the business-as-usual and base emissions it is taken from."""
        T, pols = p.final_year, p.pollutants
        unit = {d: i for i, d in enumerate(p.units)}
        npol = len(pols)
        self.base = np.zeros(len(p.units) * npol)
        self.set_bau(p)
        for d, s, q in p.emission_keys:
            if s in p.target_scope[q]:
                self.base[unit[d] * npol + pols.index(q)] += p.e0.get((d, s, q), 0.0)
        cell, col, kq = [], [], []
        for j, (d, k, t) in zip(self.y_pos, self.y_keys, strict=True):
            if t != T:
                continue
            for qi, q in enumerate(pols):
                if (k, q) in p.removal and p.measure_sector[k] in p.target_scope[q]:
                    cell.append(unit[d] * npol + qi)
                    col.append(j)
                    kq.append((k, q))
        self.r_cell = np.array(cell, dtype=np.int64)
        self.r_col = np.array(col, dtype=np.int64)
        self.r_kq = kq
        self.set_removals(p)
        city = self.blocks[CITY_TARGET.name]
        self.city_keys = [k for k, i in zip(city.keys, city.pos, strict=True) if i >= 0]
        self.city_pos = np.array([i for i in city.pos if i >= 0], dtype=np.int64)
        self.set_prices(p)

    def set_bau(self, p: Params) -> None:
        """Final-year business-as-usual emissions per (district, pollutant) in scope."""
        T, pols = p.final_year, p.pollutants
        unit = {d: i for i, d in enumerate(p.units)}
        self.bau = np.zeros(len(p.units) * len(pols))
        for d, s, q in p.emission_keys:
            if s in p.target_scope[q]:
                i = unit[d] * len(pols) + pols.index(q)
                self.bau[i] += p.e0.get((d, s, q), 0.0) * p.growth[d, s, T]

    def set_prices(self, p: Params) -> None:
        """Each city-target row's dual-to-price factor (the discount under horizon)."""
        fam: Family = CITY_TARGET
        self.city_factor = np.array([fam.price_factor(p, k) for k in self.city_keys])

    def set_removals(self, p: Params) -> None:
        self.r_val = np.array([p.removal[kq] for kq in self.r_kq], dtype=float)
