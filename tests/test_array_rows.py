"""The rows assembled as arrays (``emisim.model.rows``) are the Pyomo rows they replace.

``build_model(p)`` assembles ``deploy_monotone``, ``deploy_ramp`` and ``sector_floor`` as
arrays; ``build_model(p, arrays=False)`` states them as Pyomo constraints. Both compile to
the same LP, array for array and bit for bit (bounds, costs, the matrix, every row's and
column's name, in the same order), on the tiny fixture with every family switched on (plain
and elastic), on plan2020 and on a synthetic city. A changed coefficient, bound or order in
either form fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

from cases import synthetic_scenario
from synthetic import write_synthetic

from emisim.api import resolve
from emisim.model.assemble import build_params
from emisim.model.build import build_model
from emisim.model.rows import ArrayRows
from emisim.solvers.compile import compile_model, lp_names

ARRAY_FAMILIES = {"deploy_monotone", "deploy_ramp", "sector_floor"}
TINY = {
    "guidance": {
        "bands": {
            "air": {"large": {"lower": 1.0}, "small": {"upper": 3.0}},
            "water": {"medium": {"lower": 0.5, "upper": 2.0}},
        },
    },
    "targets": {"milestones": {2018: {"SO2": 0.03}}},
    "objective": {"budget_yuan": 1e12},
}


def _arrays(compiled) -> dict[str, bytes]:
    lp, a = compiled.lp, compiled.lp.a_matrix_
    out = {
        name: np.asarray(getattr(lp, name)).tobytes()
        for name in ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_")
    }
    out.update(
        start=np.asarray(a.start_).tobytes(),
        index=np.asarray(a.index_).tobytes(),
        value=np.asarray(a.value_).tobytes(),
        offset=repr(lp.offset_).encode(),
        sense=repr(lp.sense_).encode(),
        names=repr(lp_names(compiled)).encode(),
        dropped=repr(compiled.dropped).encode(),
    )
    return out


def assert_same_lp(p, elastic: bool = False) -> None:
    m_arrays = build_model(p, elastic=elastic)
    m_pyomo = build_model(p, elastic=elastic, arrays=False)
    declared = {rows.name for _pos, rows in m_arrays.array_rows}
    assert declared == ARRAY_FAMILIES  # the arrays are in use ...
    assert not m_pyomo.array_rows  # ... and the other form states every row in Pyomo
    got, want = compile_model(m_arrays, 1e-7), compile_model(m_pyomo, 1e-7)
    assert {name for name, _key in want.rows} >= ARRAY_FAMILIES
    assert got.rows == want.rows
    a, b = _arrays(got), _arrays(want)
    assert [k for k in a if a[k] != b[k]] == []


@pytest.mark.parametrize("elastic", [False, True])
def test_tiny_fixture(make_scenario, elastic):
    sc, ds = resolve(make_scenario(**TINY))
    assert_same_lp(build_params(ds, sc), elastic)


def test_plan2020():
    sc, ds = resolve("plan2020")
    assert_same_lp(build_params(ds, sc))


def test_synthetic_city(tmp_path):
    sc, ds = resolve(synthetic_scenario(write_synthetic(tmp_path / "city", units=10)))
    assert_same_lp(build_params(ds, sc))


def test_the_comparison_sees_a_changed_coefficient(make_scenario):
    """One coefficient of one array row changed: the LPs differ (the test can fail)."""
    sc, ds = resolve(make_scenario(**TINY))
    p = build_params(ds, sc)
    m = build_model(p)
    pos, rows = m.array_rows[0]
    value = rows.value.copy()
    value[3] *= 1.0 + 1e-12
    m.array_rows[0] = (pos, ArrayRows(**{**rows.__dict__, "value": value}))
    got = _arrays(compile_model(m, 1e-7))
    want = _arrays(compile_model(build_model(p, arrays=False), 1e-7))
    assert [k for k in got if got[k] != want[k]] == ["value"]
