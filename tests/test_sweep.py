"""Sweeps: the same records by every evaluator and backend, resumable storage, failures
recorded, records checked against the full result tables of the same run."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.dataset as pads
import pytest
from sweep_fixtures import grid20, write_base, write_spec

import emisim
from emisim.model.errors import SweepError
from emisim.sweeps import materialise, read_records, run_sweep
from emisim.sweeps.evaluate import EVALUATORS
from emisim.sweeps.spec import parse_spec

COMPARED = ["objective", "total_cost_yuan"]


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("specs")
    write_base(folder, tiny_dir)
    return folder


@pytest.fixture(scope="module")
def fresh_folder(spec_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 20-run grid built and solved from scratch, run by run, in this process."""
    out = tmp_path_factory.mktemp("fresh")
    summary = run_sweep(
        write_spec(spec_dir, grid20()), out=out, workers=1, evaluator="fresh", progress=False
    )
    records = read_records(summary.folder)[1]
    assert summary.computed == 20 and summary.failures == 0, records["message"].unique()
    return summary.folder


@pytest.fixture(scope="module")
def fresh_grid(fresh_folder: Path) -> pd.DataFrame:
    return read_records(fresh_folder)[1]


def numbers(frame: pd.DataFrame) -> pd.DataFrame:
    cols = COMPARED + [
        c
        for c in frame.columns
        if c.startswith(("cut_pct.", "bands_held_price.", "plan_target_price."))
    ]
    return frame.set_index("run_id")[cols].sort_index()


def assert_same_records(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a["status"]) == list(b["status"])
    x, y = numbers(a), numbers(b)
    assert x.columns.tolist() == y.columns.tolist()
    np.testing.assert_allclose(y.to_numpy(), x.to_numpy(), rtol=1e-7, atol=1e-9)


def backends() -> list[tuple[str, dict]]:
    kinds = sorted(EVALUATORS)
    out = [(f"{k}-pool", {"evaluator": k, "workers": 2}) for k in kinds]
    out.append((f"{kinds[0]}-dask", {"evaluator": kinds[0], "workers": 2, "dask_local": True}))
    return out


@pytest.mark.parametrize("name,options", backends(), ids=[b[0] for b in backends()])
def test_grid_records_identical_across_evaluators_and_backends(
    name: str, options: dict, spec_dir: Path, fresh_grid: pd.DataFrame, tmp_path: Path
) -> None:
    summary = run_sweep(write_spec(spec_dir, grid20()), out=tmp_path, progress=False, **options)
    records = read_records(summary.folder)[1]
    assert sorted(records["run_id"]) == list(range(20))
    assert_same_records(fresh_grid, records)
    # both prices are recorded by every evaluator (NaN would compare equal to NaN)
    ok = records[records["status"] == "optimal"]
    assert ok.filter(like="plan_target_price.").notna().any().any()
    # the grid varied what it said: cost scales the objective, the target the SO2 cut
    assert records["objective"].nunique() == 20
    so2 = records.set_index("run_id")["city_cut_pct.SO2"]
    assert so2.min() >= 5 - 1e-6 and so2.max() >= 13 - 1e-6


def test_engine_matches_fresh_builds_on_warm_and_structural_changes(
    spec_dir: Path, tmp_path: Path
) -> None:
    """Band multiples, growth, the coal ceiling, the discount rate and a removal rate,
    mixed run to run: the engine takes every run as pushes (one build in all) and its
    records equal fresh builds'."""
    from emisim.sweeps import evaluate

    spec = grid20(name="mixed")
    spec["parameters"] = [
        {"path": "guidance.bands.air.large.lower", "values": [2.0, 3.0, 4.0]},
        {"path": "growth.multiplier", "values": [0.8, 1.0]},
        {"path": "coal.share_max", "values": [0.5, 0.6]},
        {"path": "economics.discount_rate", "values": [0.05, 0.1]},
        {"path": "removal.scrubber_dear.SO2", "relative": True, "values": [0.9, 1.1]},
    ]
    path = write_spec(spec_dir, spec)
    out = {}
    for kind in ("engine", "fresh"):
        summary = run_sweep(path, out=tmp_path / kind, workers=1, evaluator=kind, progress=False)
        out[kind] = read_records(summary.folder)[1]
        if kind == "engine":
            (ev,) = evaluate._CACHE.values()
            assert ev.engine.rebuilds == 1, "a reading rebuilt the model"
    assert (out["fresh"]["status"] == "optimal").all()
    assert_same_records(out["fresh"], out["engine"])
    bands = [c for c in out["fresh"].columns if c.startswith("bind.")]
    pd.testing.assert_frame_equal(out["fresh"][bands], out["engine"][bands])


def test_a_factor_on_every_cost_scales_the_optimum_exactly(fresh_grid: pd.DataFrame) -> None:
    # same target, every cost x f: the same allocation is optimal and costs f times as much
    frame = fresh_grid.set_index(["x.targets.overrides.SO2", "x.cost.*"])["objective"]
    for tau in (0.05, 0.13):
        for f in (0.8, 1.2, 1.5):
            assert frame[tau, f] == pytest.approx(f * frame[tau, 1.0], rel=1e-9)


def test_record_agrees_with_the_full_result_of_the_same_run(
    fresh_folder: Path, fresh_grid: pd.DataFrame
) -> None:
    for run_id in (3, 17):
        rec = fresh_grid.set_index("run_id").loc[run_id]
        full = materialise(fresh_folder, run_id)
        s = full.summary
        assert rec["objective"] == pytest.approx(full.solve.objective, rel=1e-9)
        assert rec["total_cost_yuan"] == pytest.approx(s["total_cost_yuan"], rel=1e-9)
        for q, mac in s["bands_held_price"].items():
            assert rec[f"bands_held_price.{q}"] == pytest.approx(mac, rel=1e-9, abs=1e-9)
        plan_prices = s["plan_target_price"]
        assert plan_prices, "the fixture's targets are enforced: they have plan-target prices"
        for q, mac in plan_prices.items():
            assert rec[f"plan_target_price.{q}"] == pytest.approx(mac, rel=1e-9, abs=1e-9)
        alloc = full.allocation.dropna(subset=["cut_pct"])
        for r in alloc.itertuples():
            assert rec[f"cut_pct.{r.code}.{r.pollutant}"] == pytest.approx(r.cut_pct, abs=1e-9)
        binding = full.bands[full.bands["binding"] != ""].groupby(["family", "category"]).size()
        for (fam, cat), n in binding.items():
            assert rec[f"bind.band.{fam}.{cat}"] == n
        assert rec["coal_share_final"] == pytest.approx(s["coal_share_final"], rel=1e-9)
        # the run's changes were applied: its SO2 target is the grid's value
        assert full.params.targets["SO2"] == rec["x.targets.overrides.SO2"]


def test_infeasible_runs_are_recorded_and_the_sweep_completes(
    spec_dir: Path, tmp_path: Path
) -> None:
    spec = {
        "name": "some-infeasible",
        "description": "a large band above 100 % cannot hold",
        "base": "tinybase.yaml",
        "design": {"kind": "grid"},
        "parameters": [
            {"path": "guidance.bands.air.large.lower", "values": [1.0, 3.0, 20.0, 30.0]},
            {"path": "coal.share_max", "values": [0.55, 1.5]},  # 1.5: the schema refuses it
        ],
    }
    summary = run_sweep(write_spec(spec_dir, spec), out=tmp_path, workers=1, progress=False)
    records = read_records(summary.folder)[1].set_index("run_id")
    assert len(records) == 8 == summary.computed
    lower = records["x.guidance.bands.air.large.lower"]
    share = records["x.coal.share_max"]
    infeasible = (lower >= 20) & (share < 1)
    assert set(records.loc[infeasible, "status"]) == {"infeasible"}
    assert set(records.loc[share > 1, "status"]) == {"error"}
    assert records.loc[share > 1, "message"].str.contains("share_max").all()
    assert set(records.loc[~infeasible & (share < 1), "status"]) == {"optimal"}
    assert records.loc[infeasible, "objective"].isna().all()
    assert summary.statuses == {"optimal": 2, "infeasible": 2, "error": 4}


def test_a_crash_and_a_dead_worker_are_recorded_and_the_sweep_completes(
    spec_dir: Path, tmp_path: Path
) -> None:
    summary = run_sweep(
        write_spec(spec_dir, grid20()),
        out=tmp_path,
        workers=2,
        evaluator="sweep_fixtures:Failing",
        progress=False,
    )
    records = read_records(summary.folder)[1].set_index("run_id")
    assert sorted(records.index) == list(range(20))
    so2, cost = records["x.targets.overrides.SO2"], records["x.cost.*"]
    bug = records[(so2 == 0.07) & (cost == 1.2)]
    dead = records[(so2 == 0.11) & (cost == 0.8)]
    assert list(bug["status"]) == ["crash"] and "a bug in one run" in bug["message"].iloc[0]
    assert list(dead["status"]) == ["crash"] and "died" in dead["message"].iloc[0]
    assert (records.drop(index=[*bug.index, *dead.index])["status"] == "optimal").all()


def test_a_changed_spec_is_refused_not_mixed(spec_dir: Path, tmp_path: Path) -> None:
    run_sweep(write_spec(spec_dir, grid20()), out=tmp_path, workers=1, progress=False)
    changed = grid20()
    changed["parameters"][0]["values"] = [0.05, 0.06]
    with pytest.raises(SweepError, match="different spec"):
        run_sweep(write_spec(spec_dir, changed), out=tmp_path, workers=1, progress=False)
    again = run_sweep(write_spec(spec_dir, grid20()), out=tmp_path, workers=1, progress=False)
    assert again.computed == 0 and again.stored_before == 20
    table = pads.dataset(tmp_path / "sweeps" / "grid20" / "runs").to_table()
    assert sorted(table.column("run_id").to_pylist()) == list(range(20))


def test_bad_specs_fail_in_one_line_naming_the_key(spec_dir: Path) -> None:
    bad = grid20()
    uniform = {"kind": "uniform", "low": 0.5, "high": 1.5}
    bad["parameters"][0] = {"path": "growth.multiplier", "distribution": uniform}
    with pytest.raises(SweepError, match=r"parameters\[0\].*grid needs 'values'") as err:
        parse_spec(bad)
    assert "\n" not in str(err.value)
    with pytest.raises(SweepError, match=r"distribution.*needs high"):
        parse_spec(
            {**grid20(), "design": {"kind": "monte_carlo", "samples": 4}}
            | {"parameters": [{"path": "x.y", "distribution": {"kind": "uniform", "low": 1}}]}
        )
    typo = grid20()
    typo["parameters"][0]["path"] = "growth.multiplyer"
    with pytest.raises(SweepError, match="multiplyer"):
        emisim.sweep(typo | {"base": str(spec_dir / "tinybase.yaml")}, out=spec_dir, workers=1)
    unknown = grid20()
    unknown["parameters"][1]["path"] = "cost.no_such_measure"
    with pytest.raises(SweepError, match="no_such_measure"):
        emisim.sweep(unknown | {"base": str(spec_dir / "tinybase.yaml")}, out=spec_dir, workers=1)


def test_records_and_results_pickle(fresh_folder: Path, fresh_grid: pd.DataFrame) -> None:
    rows = fresh_grid.to_dict("records")
    back_rows = pickle.loads(pickle.dumps(rows))
    assert back_rows[4]["objective"] == rows[4]["objective"] and len(back_rows) == 20
    result = materialise(fresh_folder, 5)  # a run re-made in full: a Result
    back = pickle.loads(pickle.dumps(result))
    assert back.solve.objective == result.solve.objective
    pd.testing.assert_frame_equal(back.allocation, result.allocation)
    assert back.summary == result.summary


def test_the_public_sweep_stays_a_function_beside_the_package() -> None:
    import emisim.sweeps  # importing the package must not shadow emisim.sweep()

    assert callable(emisim.sweep) and emisim.sweeps.sweep is not emisim.sweep


def test_long_sweeps_never_run_into_a_time_limit_their_runs_do_not(make_scenario) -> None:
    """HiGHS counts its time limit over an object's whole life: the engine must give
    every re-solve its own (a sweep of many short runs once failed after a minute)."""
    from emisim.model.assemble import build_params
    from emisim.model.data import load_dataset
    from emisim.solvers.engine import Engine
    from emisim.solvers.highs import SolverOptions

    sc = make_scenario()
    p = build_params(load_dataset(sc.data), sc)
    # A limit far above one cold solve of the tiny model (about 1-2 ms; a loaded machine
    # can stretch one solve many times over), reached by the runs' sum.
    limit = 0.1
    eng = Engine(p, SolverOptions(time_limit_s=limit), warm=False)  # cold: real work each
    statuses = []
    for i in range(5000):
        eng.set_target("SO2", 0.05 + 0.0001 * (i % 50))
        statuses.append(str(eng.run()))
        if eng._highs.getRunTime() > 3 * limit:
            break
    assert eng._highs.getRunTime() > 3 * limit, "the runs must add up past the limit"
    assert set(statuses) == {"optimal"}


def test_engine_and_fresh_records_agree_where_costs_differ_by_district() -> None:
    """plan2020 carries district cost factors (the tiny fixture has none): both evaluators'
    records of the same run agree, the final year's annual cost included."""
    from emisim.model.data import load_dataset
    from emisim.sweeps.evaluate import EngineEvaluator, FreshEvaluator
    from emisim.sweeps.plan import plan_sweep
    from emisim.sweeps.spec import parse_spec

    spec = parse_spec(
        {
            "name": "one-run",
            "description": "one run of plan2020 with every cost x1.1",
            "base": "plan2020",
            "design": {"kind": "grid"},
            "parameters": [{"path": "cost.*", "together": True, "relative": True, "values": [1.1]}],
        }
    )
    plan = plan_sweep(spec)
    ds = load_dataset(plan.scenario.data)
    assert len(ds.cost_factors), "plan2020's data has district cost factors"
    fresh = FreshEvaluator(plan, ds).evaluate(plan.changes(0))
    engine = EngineEvaluator(plan, ds).evaluate(plan.changes(0))
    assert fresh["status"] == engine["status"] == "optimal"
    for key in ("objective", "total_cost_yuan", "annual_cost_final_yuan"):
        assert engine[key] == pytest.approx(fresh[key], rel=1e-7), key
