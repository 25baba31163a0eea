"""Every structural sweep path goes through the engine as pushes, and equals a fresh build.

For each path a sweep of readings varies (band multiples, growth, the coal ceiling, the
discount rate, deadlines' levels, removal rates, costs, potentials), on plan2020 and on a
synthetic city (``benchmarks/synthetic.py``), for a grid of values: the engine takes the
change without rebuilding, and

* its Params equal ``build_params`` of the changed scenario field by field (scenario
  paths), so the engine and a fresh build solve the same problem;
* the LP loaded in HiGHS equals a fresh compile of those Params: row and column bounds,
  costs and matrix coefficients (1e-9 relative) — whatever vertex a warm start lands on;
* the objective (1e-7 relative) and the city-target prices equal a fresh solve's, and the
  engine's solution satisfies every row of the fresh model.
"""

from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from emisim.api import resolve
from emisim.model.assemble import build_params
from emisim.model.build import build_model
from emisim.solvers.compile import compile_model
from emisim.solvers.engine import Engine
from emisim.solvers.highs import solve

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from cases import synthetic_scenario
from synthetic import write_synthetic

REL = 1e-7

#: path -> values; scenario paths are set with Scenario.with_changes for the fresh build.
GRID = {
    "guidance.bands.*.large.lower": [1.1, 1.5],
    "guidance.bands.*.small.upper": [0.8, 1.2],
    "growth.multiplier": [0.7, 1.3],
    "coal.share_max": [0.53, 0.57],
    "economics.discount_rate": [0.04, 0.10],
}


@pytest.fixture(scope="module", params=["plan2020", "synthetic"])
def case(request, tmp_path_factory):
    if request.param == "plan2020":
        sc, ds = resolve("plan2020")
    else:
        folder = write_synthetic(tmp_path_factory.mktemp("synthetic") / "city", units=8)
        sc, ds = resolve(synthetic_scenario(folder))
    return sc, ds


def _changed_scenario(sc, path: str, value: float):
    if "*" not in path:
        return sc.with_changes(**{path: value})
    _, _, _, cat, bound = path.split(".")
    bands = {
        fam: {
            c: {bound: value} if c == cat and getattr(b, bound) is not None else {}
            for c, b in cats.items()
        }
        for fam, cats in sc.guidance.bands.items()
    }
    return sc.with_changes(guidance={"bands": bands})


def _engine_change(eng: Engine, sc, path: str, value: float) -> None:
    if path == "growth.multiplier":
        eng.set_growth(value)
    elif path == "coal.share_max":
        eng.set_coal_share(value)
    elif path == "economics.discount_rate":
        eng.set_discount_rate(value)
    else:
        _, _, _, cat, bound = path.split(".")
        for fam, cats in sc.guidance.bands.items():
            if cat in cats and getattr(cats[cat], bound) is not None:
                eng.set_band_multiple(fam, cat, bound, value)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= REL * max(1.0, abs(a), abs(b))


def assert_same_lp(eng: Engine, p) -> None:
    """The engine's loaded LP equals a fresh compile of ``p``, row by row by name."""
    m = build_model(p)  # kept: the compiled columns name their components through it
    fresh = compile_model(m, 1e-7)
    lp = eng._highs.getLp()
    lay = eng._layout
    names = fresh.rows
    rows = np.array([lay.row_of[n] for n in names])
    cols_fresh = [(v.parent_component().local_name, v.index()) for v in fresh.columns]
    cols = np.array([lay.col_of[n] for n in cols_fresh])
    assert len(rows) == lp.num_row_ and len(cols) == lp.num_col_
    for side in ("row_lower_", "row_upper_"):
        np.testing.assert_allclose(
            np.asarray(getattr(lp, side))[rows], getattr(fresh.lp, side), rtol=1e-9, atol=1e-6
        )
    for side in ("col_lower_", "col_upper_", "col_cost_"):
        np.testing.assert_allclose(
            np.asarray(getattr(lp, side))[cols], getattr(fresh.lp, side), rtol=1e-9, atol=1e-9
        )
    got, want = (
        _matrix(lp, rows, cols),
        _matrix(fresh.lp, np.arange(len(rows)), np.arange(len(cols))),
    )
    assert got.keys() == want.keys()
    bad = [k for k in want if not abs(got[k] - want[k]) <= 1e-9 * max(1.0, abs(want[k]))]
    assert not bad, bad[:3]


def _matrix(lp, rows: np.ndarray, cols: np.ndarray) -> dict:
    """{(fresh row, fresh col): value} of a HighsLp's matrix (either orientation)."""
    a = lp.a_matrix_
    start, index, value = np.asarray(a.start_), np.asarray(a.index_), np.asarray(a.value_)
    row_pos = {int(r): i for i, r in enumerate(rows)}
    col_pos = {int(c): j for j, c in enumerate(cols)}
    by_row = a.format_ == highspy_rowwise()
    out = {}
    for outer in range(len(start) - 1):
        for k in range(start[outer], start[outer + 1]):
            r, c = (outer, index[k]) if by_row else (index[k], outer)
            if value[k] != 0:
                out[row_pos[int(r)], col_pos[int(c)]] = float(value[k])
    return out


def highspy_rowwise():
    import highspy

    return highspy.MatrixFormat.kRowwise


@pytest.mark.parametrize("path", list(GRID))
def test_structural_paths_are_pushed_and_equal_fresh_builds(case, path: str) -> None:
    sc, ds = case
    p0 = build_params(ds, sc)
    eng = Engine(p0)
    eng.run()
    for value in GRID[path]:
        _engine_change(eng, sc, path, value)
        fresh = build_params(ds, _changed_scenario(sc, path, value))
        diff = [
            f.name for f in fields(fresh) if getattr(fresh, f.name) != getattr(eng.params, f.name)
        ]
        assert not diff, (path, value, diff)
        assert_same_lp(eng, fresh)
        got, want = eng.solve(), solve(build_model(fresh))
        assert got.status == want.status
        if want.ok:
            assert close(got.objective, want.objective), (path, value)
            rec = eng.record()
            for q, price in rec["bands_held_price"].items():
                want_dual = want.duals["city_target"][q]
                assert close(price, -want_dual / fresh.price_scale(fresh.final_year)), (q, price)
    assert eng.rebuilds == 1, f"{path}: rebuilt"


def _data_paths(p) -> dict:
    """A measure with a removal and potential in several districts; a deadline."""
    measure, q = next(
        (k, q)
        for (k, q), r in sorted(p.removal.items())
        if r > 0 and sum(m == k for _, m in p.potential) > 1
    )
    return {
        "measure": measure,
        "pollutant": q,
        "deadline": p.deadlines[0].key if p.deadlines else None,
    }


@pytest.mark.parametrize("path", ["removal", "cost", "potential"])
def test_data_paths_are_pushed_and_equal_fresh_builds(case, path: str) -> None:
    """Removal rates (matrix coefficients), costs (objective and budget coefficients),
    potentials (column bounds and ramp rows) and deadlines' levels (row bounds): the
    sweep's data paths and ``set_rhs``, each against a fresh build of the same Params."""
    _walk(*case, path)


def test_deadline_levels_are_pushed_and_equal_fresh_builds() -> None:
    """plan2020's dated commitments (the synthetic city has none)."""
    _walk(*resolve("plan2020"), "deadline")


def _walk(sc, ds, path: str) -> None:
    from emisim.sweeps.plan import apply_data

    p0 = build_params(ds, sc)
    at = _data_paths(p0)
    k, q = at["measure"], at["pollutant"]
    eng = Engine(p0)
    eng.run()
    # a change of which measures are committed in full moves the ceiling rows'
    # coefficients (guidance.ceilings: beyond_commitments): a rebuild by design
    expected = 1
    for factor in (0.8, 1.25):
        exempt = eng.params.ceiling_exempt
        if path == "removal":
            eng.set_params(apply_data(p0, [(f"removal.{k}.{q}", factor, True)]))
        elif path == "cost":
            eng.set_cost(k, factor * p0.annual_cost[k])
        elif path == "potential":
            eng.set_params(apply_data(p0, [(f"potential.{k}", factor, True)]))
        else:
            dl = p0.deadline_by_key[at["deadline"]]
            eng.set_rhs("deadline", dl.key, factor * dl.required)
        fresh = eng.params
        expected += fresh.ceiling_exempt != exempt
        assert_same_lp(eng, fresh)
        got, want = eng.solve(), solve(build_model(fresh))
        assert got.status == want.status
        if want.ok:
            assert close(got.objective, want.objective), (path, factor)
    assert eng.rebuilds == expected, f"{path}: rebuilt"
    if path != "deadline":
        assert expected == 1  # removals, costs and potentials keep the exemptions
