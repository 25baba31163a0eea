"""Sweep analysis: Sobol and Morris recover known sensitivities through the report's own
code path; the report folder and the CLI on a small stored sweep."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sweep_fixtures import run_so2_cost_sweep

from emisim.cli import main
from emisim.sweeps import analysis
from emisim.sweeps.analysis import sensitivity
from emisim.sweeps.design import unit_points, values_matrix
from emisim.sweeps.spec import Design, Parameter

A, B = 7.0, 0.1  # the Ishigami function's usual constants


def ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices() -> dict[str, np.ndarray]:
    """Analytic first-order and total indices for x_i ~ U(-pi, pi)."""
    pi = np.pi
    v1 = 0.5 * (1 + B * pi**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return {"S1": np.array([v1, v2, 0.0]) / v, "ST": np.array([v1 + v13, v2, v13]) / v}


def design_values(design: Design, dist: dict, k: int) -> tuple[tuple, np.ndarray, np.ndarray]:
    names = tuple(f"x{i + 1}" for i in range(k))
    params = [Parameter(path=n, distribution=dist) for n in names]
    values, unit = values_matrix(design, params, names)
    return names, values, unit


def test_sobol_recovers_the_ishigami_indices_and_ranking() -> None:
    design = Design(kind="sobol", samples=2048, seed=3)
    uniform = {"kind": "uniform", "low": -np.pi, "high": np.pi}
    names, x, unit = design_values(design, uniform, 3)
    y = ishigami(x)
    y[[7, 9000]] = np.nan  # two failed runs: their blocks are left out
    got = sensitivity(design, names, unit, y).set_index("parameter").loc[list(names)]
    exact = ishigami_indices()
    for col in ("S1", "ST"):
        err = np.abs(got[col].to_numpy() - exact[col])
        assert (err <= np.maximum(2 * got[f"{col}_conf"].to_numpy(), 0.03)).all(), (col, got)
    assert list(got["ST"].sort_values().index) == ["x3", "x2", "x1"]
    assert list(got["S1"].sort_values().index[1:]) == ["x1", "x2"]  # x3's S1 is 0


def test_morris_recovers_the_effects_of_a_linear_model() -> None:
    design = Design(kind="morris", samples=20, seed=1, levels=4)
    names, x, unit = design_values(design, {"kind": "uniform", "low": 0, "high": 1}, 3)
    y = 5 * x[:, 0] + 1 * x[:, 1] + 0 * x[:, 2]
    got = sensitivity(design, names, unit, y).set_index("parameter")
    assert got.loc[list(names), "mu_star"].to_numpy() == pytest.approx([5, 1, 0], abs=1e-9)
    assert got.loc[list(names), "sigma"].to_numpy() == pytest.approx([0, 0, 0], abs=1e-9)


def test_unit_points_are_reproducible_from_the_seed() -> None:
    design = Design(kind="sobol", samples=8, seed=11)
    assert np.array_equal(unit_points(design, ("a", "b")), unit_points(design, ("a", "b")))


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    triangular = {"kind": "triangular", "low": 0.7, "mode": 1, "high": 1.3}
    run_so2_cost_sweep(folder, tiny_dir, "mc12", 12, 4, triangular)
    return folder


def test_analysis_tables_read_the_records(stored: Path) -> None:
    data = analysis.load(stored / "sweeps" / "mc12")
    assert len(data.records) == 12 and len(data.names) == 1 + 9  # SO2 + one per tiny measure
    binding = analysis.binding_shares(data).set_index("requirement")["share_of_runs"]
    ok = data.optimal
    assert binding["bind.target.SO2"] == pytest.approx((ok["bind.target.SO2"] > 0).mean())
    tor = analysis.tornado(data).set_index("parameter")
    assert tor.loc["targets.overrides.SO2", "swing"] > 0  # a deeper cut costs more
    dist = analysis.distributions(data).set_index("output")
    assert dist.loc["total_cost_yuan", "median"] == pytest.approx(ok["total_cost_yuan"].median())
    held = analysis.conclusions(data)
    shares = analysis.statements(data).set_index("statement")["share_of_runs"]
    assert "Alpha (100001) cuts SO2 by more than the city rate" in shares.index
    for row in held.itertuples():
        text = row.conclusion.removeprefix("NOT: ")
        assert shares[text] == row.share_of_runs
        assert row.share_of_runs >= 0.9 or row.share_of_runs <= 0.1


def test_tornado_on_a_real_sweep_carries_intervals_and_flags(stored: Path) -> None:
    data = analysis.load(stored / "sweeps" / "mc12")
    assert data.objective == "least_cost"
    t = analysis.tornado(data).set_index("parameter")
    ok = data.optimal
    x = ok["x.targets.overrides.SO2"]
    low = ok.loc[x <= x.quantile(analysis.TAIL), "total_cost_yuan"]
    assert t.loc["targets.overrides.SO2", "low"] == pytest.approx(low.mean())
    assert t.loc["targets.overrides.SO2", "runs_low"] == len(low)
    assert (t.loc[[n for n in t.index if n.startswith("cost.")], "guaranteed"] == 1).all()
    assert "warning" in t.attrs  # 12 runs: 3 in each fifth
    assert (t["swing_ci_low"] <= t["swing"]).all() and (t["swing"] <= t["swing_ci_high"]).all()


def test_cli_report_and_show(stored: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["sweep", "report", "mc12", "--out", str(stored)]) == 0
    report = stored / "sweeps" / "mc12" / "report"
    for name in (
        "report.html",
        "distributions.csv",
        "tornado.csv",
        "binding.csv",
        "conclusions.csv",
        "charts/distributions.png",
        "charts/tornado.png",
    ):
        assert (report / name).is_file(), name
    assert json.loads((report / "manifest.json").read_text())["runs_stored"] == 12
    html = (report / "report.html").read_text()
    assert "data:image/png;base64," in html and "Conclusions" in html
    assert main(["sweep", "report", "mc12", "--out", str(stored)]) == 0  # replaced whole
    assert main(["sweep", "show", "mc12", "4", "--out", str(stored)]) == 0
    assert (stored / "sweeps" / "mc12" / "full" / "mc12-run4" / "allocation.csv").is_file()
    assert main(["sweep", "report", "nothing-here", "--out", str(stored)]) == 2
    err = capsys.readouterr().err
    assert "no sweep stored here" in err and err.count("\n") == 2  # status line + error


@pytest.mark.parametrize("name", ["plan2020-costs-30", "plan2020-readings"])
def test_shipped_specs_plan(name: str) -> None:
    from emisim.sweeps.plan import plan_sweep
    from emisim.sweeps.spec import load_spec, shipped_specs

    assert name in shipped_specs()
    plan = plan_sweep(*load_spec(name))
    k = len(plan.names)
    kind = plan.spec.design.kind
    assert plan.n_runs == {"sobol": 32 * (k + 2), "monte_carlo": 500}[kind]
    if name.endswith("costs-30"):
        assert all(n.startswith("cost.") for n in plan.names) and k > 30  # one per measure
        assert plan.values.min() >= 0.7 and plan.values.max() <= 1.3
    else:
        large = plan.paths[plan.names.index("guidance.bands.*.large.lower")]
        assert set(large) == {
            f"guidance.bands.{f}.large.lower" for f in ("air", "water", "livestock")
        }
