"""Near-optimal ranges and the presented allocation (emisim.analysis.ranges,
emisim.solvers.presented)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny import MEASURES, write_tiny

from emisim.analysis import near_optimal_ranges
from emisim.api import resolve, run
from emisim.model.assemble import build_params
from emisim.model.forms import nominal_rate

SO2_CUT = 0.10
BASE_SO2 = {"100001": 1000.0, "100002": 2000.0, "100003": 500.0}  # tiny.BASE power SO2


@pytest.fixture(scope="module")
def flat_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny data without growth: BAU equals the base year."""
    return write_tiny(tmp_path_factory.mktemp("flat"), growth=0.0)


def _degenerate(make_scenario, flat_dir, so2_cut: float = SO2_CUT):
    """Only the dear scrubber (identical in all three units) and one binding target: any
    split of the required SO2 removal among the units costs the same."""
    others = {q: 0.0 for q in ("COD", "NH3N", "NOX", "VOC")}
    return make_scenario(
        data=flat_dir,
        targets={"set": "test", "overrides": {"SO2": so2_cut, **others}},
        guidance={"enabled": False},
        coal={"share_max": None},
        measures={"disabled": [k for k in MEASURES if k != "scrubber_dear"]},
    )


def test_degenerate_optimum_ranges_equal_the_hand_computed_interval(make_scenario, flat_dir):
    sc = _degenerate(make_scenario, flat_dir)
    _, ds = resolve(sc)
    p = build_params(ds, sc)
    r = near_optimal_ranges(p, epsilons=(0.0, 0.01))
    so2 = r.table[r.table["pollutant"] == "SO2"].set_index(["epsilon", "code"])
    required = SO2_CUT * sum(BASE_SO2.values())  # t of SO2 removal the city target needs
    for eps in (0.0, 0.01):
        for code, base in BASE_SO2.items():
            # cheapest: every unit deployed in the final year; spending (1+eps) times the
            # optimum buys (1+eps) times the removal, which one unit can take alone
            lo, hi = so2.loc[(eps, code), ["min_pct", "max_pct"]]
            assert lo == pytest.approx(0.0, abs=1e-6)
            assert hi == pytest.approx(100 * (1 + eps) * required / base, rel=1e-6)
    # nothing else is cut in any near-optimal plan (no measure acts on them)
    rest = r.table[r.table["pollutant"] != "SO2"]
    assert (rest["max_pct"].abs() < 1e-9).all()
    # no unit needs the scrubber in every plan: any one can be left out
    assert r.must_have.empty


def test_must_have_when_only_one_unit_can_cut(make_scenario, flat_dir):
    sc = _degenerate(make_scenario, flat_dir, so2_cut=0.5)
    _, ds = resolve(sc)
    p = build_params(ds, sc)
    r = near_optimal_ranges(p, epsilons=(0.0,))
    # 1750 t needed, Beta's 2000 t is the only stock above 1500 t (Alpha + Gamma): Beta
    # must remove at least 250 t, i.e. 5 scrubbers of 50 t
    must = r.must_have.set_index(["code", "measure"])
    assert list(must.index) == [("100002", "scrubber_dear")]
    assert must.loc[("100002", "scrubber_dear"), "min_units"] == pytest.approx(5.0, rel=1e-6)


@pytest.fixture(scope="module")
def plan_ranges():
    sc, ds = resolve("plan2020")
    # the exact tie set only: the 1 % set contains it, and the tiny fixture checks both
    return near_optimal_ranges(build_params(ds, sc), epsilons=(0.0,), must_haves=False)


def test_plan2020_presented_cut_lies_in_every_range(plan_ranges):
    t = plan_ranges.table
    assert len(t) == 39 * 5 - len(plan_ranges.skipped)
    tol = 1e-5  # percentage points
    assert (t["min_pct"] <= t["presented_pct"] + tol).all()
    assert (t["presented_pct"] <= t["max_pct"] + tol).all()
    # and the optimum really is degenerate: some units' cuts are a free choice
    assert (t["width_pct"] > 1).any()


def test_plan2020_run_shows_the_presented_allocation(plan_ranges):
    res = run("plan2020")
    alloc = res.allocation.set_index(["code", "pollutant"])["cut_pct"]
    table = plan_ranges.table.set_index(["code", "pollutant"])
    # The same second-stage LP, solved cold here and warm there. Where every band of a
    # unit and pollutant states a rate, the second stage pins the cut: equal to HiGHS's
    # tolerances. A band with no stated rate (e.g. water 'adapt': floor 0, no ceiling)
    # leaves the second stage itself degenerate there (on the default data: Bishan,
    # Fengdu, Wansheng, all water 'adapt'), so cold and warm solves may pick different
    # vertices; both must still lie in the unit's exact-optimum range.
    sc, ds = resolve("plan2020")
    free = {(b.subject, b.pollutant) for b in build_params(ds, sc).bands if nominal_rate(b) is None}
    pinned = [k for k in table.index if k not in free]
    assert len(pinned) > 100
    shown = table.loc[pinned, "presented_pct"]
    assert alloc.loc[pinned].to_numpy() == pytest.approx(shown.to_numpy(), abs=1e-3)
    tol = 1e-5
    assert (alloc.loc[table.index] >= table["min_pct"] - tol).all()
    assert (alloc.loc[table.index] <= table["max_pct"] + tol).all()
    assert res.solve.objective == pytest.approx(plan_ranges.optimum, rel=1e-8)


def test_cli_ranges_writes_tables_and_rejects_a_bad_epsilon(flat_dir, tmp_path, capsys):
    import pandas as pd
    import yaml

    from emisim.cli import main

    others = {q: 0.0 for q in ("COD", "NH3N", "NOX", "VOC")}
    spec = {
        "description": "degenerate tiny scenario",
        "data": str(flat_dir),
        "targets": {"set": "test", "overrides": {"SO2": SO2_CUT, **others}},
        "guidance": {"enabled": False},
        "coal": {"share_max": None},
        "measures": {"disabled": [k for k in MEASURES if k != "scrubber_dear"]},
    }
    path = tmp_path / "degenerate.yaml"
    path.write_text(yaml.safe_dump(spec), "utf-8")
    assert main(["ranges", str(path), "--out", str(tmp_path), "--epsilon", "0"]) == 0
    out = tmp_path / "analysis" / "degenerate" / "ranges"
    table = pd.read_csv(out / "ranges.csv", dtype={"code": str})
    assert len(table) == 15 and set(table["epsilon"]) == {0.0}
    assert "cut rates pinned" in capsys.readouterr().out
    # a second run replaces its own earlier output
    assert main(["ranges", str(path), "--out", str(tmp_path), "--quiet", "--epsilon", "0"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert main(["ranges", str(path), "--out", str(tmp_path), "--epsilon", "1.5"]) == 2
    assert "--epsilon 1.5" in capsys.readouterr().err


def test_must_haves_of_the_wider_set_are_must_haves_of_the_tie_set(make_scenario):
    """Every plan within 0 % is within 1 %: a measure needed in all of the latter is
    needed in all of the former (and no bound is lost to a failed re-solve)."""
    sc = make_scenario(coal={"share_max": None})
    _, ds = resolve(sc)
    r = near_optimal_ranges(build_params(ds, sc), epsilons=(0.01, 0.0))
    assert r.table[["min_pct", "max_pct"]].notna().all().all()
    m = r.must_have
    wide = set(zip(*(m[m["epsilon"] == 0.01][c] for c in ("code", "measure")), strict=True))
    tie = set(zip(*(m[m["epsilon"] == 0.0][c] for c in ("code", "measure")), strict=True))
    assert wide and wide <= tie
    assert (m["min_units"] <= m["presented_units"] + 1e-6).all()


def test_shared_must_have_search_equals_one_lp_per_measure(make_scenario):
    """The search shares plans between tolerances and strikes with summed objectives; it
    must find exactly what minimising every deployed measure on its own finds: a
    measure is a must-have iff its least final-year units in the set are > 0."""
    import numpy as np

    from emisim.analysis.ranges import ZERO, _final_year_cols, solved

    sc = make_scenario(coal={"share_max": None})
    _, ds = resolve(sc)
    p = build_params(ds, sc)
    r = near_optimal_ranges(p, epsilons=(0.01, 0.0))
    lp = solved(p)
    optimum = lp.objective()
    for eps in (0.01, 0.0):
        row = lp.objective_row(optimum, eps)
        brute = {}
        for (d, k), j in _final_year_cols(lp).items():
            lp.set_objective(np.array([j], dtype=np.int32), np.ones(1))
            assert lp.run()
            if lp.objective() > ZERO:
                brute[d, k] = lp.objective()
        lp.highs.deleteRows(1, np.array([row], dtype=np.int32))
        m = r.must_have[r.must_have["epsilon"] == eps]
        found = dict(zip(zip(m["code"], m["measure"], strict=True), m["min_units"], strict=True))
        assert brute and found.keys() == brute.keys(), eps
        for key, units in brute.items():
            assert found[key] == pytest.approx(units, rel=1e-6, abs=1e-7)


def test_ctrl_c_during_the_warm_re_solves_stops_the_analysis(tiny_dir, tmp_path):
    """The range and must-have re-solves run HiGHS on the calling thread (no interruptible
    worker): a SIGINT during them must still stop `emisim ranges` as an interruption,
    with nothing written, not turn into failed solves (NaN bounds) and go on."""
    import subprocess
    import sys

    import yaml

    spec = {"description": "tiny", "data": str(tiny_dir), "targets": {"set": "test"}}
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(spec), "utf-8")
    code = (
        "import os, signal, sys, highspy\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "run, calls = highspy.Highs.run, []\n"
        "def run_then_sigint(self):\n"  # Ctrl-C while the 6th plain solve runs
        "    calls.append(1)\n"
        "    status = run(self)\n"
        "    if len(calls) == 6:\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "    return status\n"
        "highspy.Highs.run = run_then_sigint\n"
        "from emisim.cli import main\n"
        "sys.exit(main(['ranges', sys.argv[1], '--out', sys.argv[2]]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 130, out.stderr
    assert "interrupted" in out.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.csv"))


def test_a_looser_minimum_attained_in_the_tie_set_is_its_minimum(
    make_scenario, flat_dir, monkeypatch
):
    """Must-haves are searched loosest first: Beta needs >= 5 scrubbers at any cost
    (1750 t needed, Alpha and Gamma hold 1500 t), so the 1 % set's minimum, 5, bounds
    the tie set's from below, and a tie plan already seen (the range bound that cuts
    Beta least) attains it: the tie set's minimum is 5 without a solve of its own."""
    import importlib

    from emisim.solvers.loaded import LoadedLP

    ranges = importlib.import_module("emisim.analysis.ranges")
    sc = _degenerate(make_scenario, flat_dir, so2_cut=0.5)
    _, ds = resolve(sc)
    solves, per_step = [], {}
    rerun, must_haves = LoadedLP.rerun, ranges._must_haves

    def counted(self):
        solves.append(1)
        return rerun(self)

    def step(*args):
        before = len(solves)
        out = must_haves(*args)
        per_step[args[7]] = len(solves) - before
        return out

    monkeypatch.setattr(LoadedLP, "rerun", counted)
    monkeypatch.setattr(ranges, "_must_haves", step)
    r = near_optimal_ranges(build_params(ds, sc), epsilons=(0.0, 0.01))
    must = r.must_have.set_index(["epsilon", "code", "measure"])["min_units"]
    assert list(must.index) == [
        (0.01, "100002", "scrubber_dear"),
        (0.0, "100002", "scrubber_dear"),
    ]
    assert must.to_numpy() == pytest.approx([5.0, 5.0], rel=1e-9)
    assert per_step[0.01] >= 1 and per_step[0.0] == 0
