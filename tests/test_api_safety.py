"""A safe API (issue 13, item 5): typed errors for bad arguments, validated derived
scenarios, a clear error for the tables of an infeasible result, picklable results, and
Ctrl-C during a solve reported as an interruption."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import highspy
import pandas as pd
import pytest

import emisim
from emisim.api import Result, run
from emisim.model.errors import ArgumentError, EmisimError, NoSolutionError, ScenarioError
from emisim.model.scenario import Scenario, load_scenario
from emisim.outputs import export_model, write_result
from emisim.solvers.highs import Status


@pytest.fixture(scope="module")
def tiny(tiny_dir: Path) -> Scenario:
    return Scenario.model_validate(
        {"name": "tiny", "description": "x", "data": str(tiny_dir), "targets": {"set": "test"}}
    )


@pytest.fixture(scope="module")
def solved(tiny: Scenario) -> Result:
    return run(tiny)


@pytest.fixture(scope="module")
def infeasible(tiny: Scenario) -> Result:
    half = {"upper": 0.5}  # every unit may cut at most half the city rate: infeasible
    bands = {
        "water": dict.fromkeys(("large", "medium", "small"), half),
        "livestock": dict.fromkeys(("large", "small", "fairly_large"), half),
    }
    impossible = tiny.with_changes(guidance={"bands": bands})
    return run(impossible, raise_on_infeasible=False)


def test_result_pickles_with_every_table_and_solver_value(solved: Result) -> None:
    back = pickle.loads(pickle.dumps(solved))
    assert back.name == "tiny" and back.status is Status.OPTIMAL
    assert back.scenario == solved.scenario and back.summary == solved.summary
    assert "allocation" in solved.tables and "prices" in solved.tables
    for name in solved.tables:
        pd.testing.assert_frame_equal(getattr(back, name), getattr(solved, name))
    assert back.solve.values == solved.solve.values and back.solve.duals == solved.solve.duals
    assert isinstance(back.solve.values, MappingProxyType)  # still read-only
    with pytest.raises(TypeError):
        back.solve.values["y"] = {}  # type: ignore[index]
    assert back.dataset.file_hashes == solved.dataset.file_hashes
    pd.testing.assert_frame_equal(back.dataset.baseline, solved.dataset.baseline)


def test_infeasible_result_pickles_and_its_tables_raise_a_clear_error(infeasible: Result) -> None:
    assert infeasible.status in (Status.INFEASIBLE, Status.INFEASIBLE_OR_UNBOUNDED)
    back = pickle.loads(pickle.dumps(infeasible))
    for r in (infeasible, back):
        with pytest.raises(NoSolutionError, match=r"scenario 'tiny' is infeasible.*'allocation'"):
            r.allocation  # noqa: B018
        assert not hasattr(r, "prices")  # NoSolutionError is an AttributeError too
    with pytest.raises(AttributeError, match="no_such_thing"):
        infeasible.no_such_thing  # noqa: B018
    with pytest.raises(NoSolutionError):
        write_result(infeasible, "never-written")
    assert not Path("never-written").exists()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: run(123), "scenario: expected a name, a YAML path or a Scenario; got int 123"),
        (lambda: run(["plan2020"]), "got list"),
        (lambda: run("plan2020", search_dirs="scenarios"), "search_dirs"),
        (lambda: run("plan2020", raise_on_infeasible="no"), "raise_on_infeasible"),
        (lambda: emisim.load_scenario(3.5), "scenario: expected a name or a YAML path"),
        (lambda: load_scenario("plan2020", search_dirs=[1]), "search_dirs"),
        (lambda: emisim.load_dataset(42), "path: expected a dataset folder"),
        (lambda: write_result("plan2020"), "result: expected the Result"),
        (lambda: export_model(None, 7), "path: expected a .lp or .mps file path"),
    ],
)
def test_bad_argument_types_raise_typed_errors(call, message: str) -> None:
    with pytest.raises(ArgumentError, match=message) as info:
        call()
    assert isinstance(info.value, TypeError) and isinstance(info.value, EmisimError)


def test_write_result_checks_out_root_type(solved: Result) -> None:
    with pytest.raises(ArgumentError, match="out_root"):
        write_result(solved, 3)  # type: ignore[arg-type]


def test_with_changes_validates_like_a_file(tiny: Scenario) -> None:
    nested = tiny.with_changes(economics={"discount_rate": 0.05}, guidance={"groups": False})
    dotted = tiny.with_changes(**{"economics.discount_rate": 0.05, "guidance.groups": False})
    assert nested == dotted and nested.economics.discount_rate == 0.05
    assert nested.guidance.mode == tiny.guidance.mode  # merged, not replaced
    assert tiny.economics.discount_rate == 0.08  # the original is unchanged
    with pytest.raises(ScenarioError, match=r"with_changes\(\), key 'economics.discount_rate'"):
        tiny.with_changes(**{"economics.discount_rate": -3})
    with pytest.raises(ScenarioError, match=r"lower bound 2\.0 exceeds upper bound 1\.0"):
        tiny.with_changes(guidance={"bands": {"air": {"large": {"lower": 2, "upper": 1}}}})
    with pytest.raises(ScenarioError, match="unknown key 'discount'"):
        tiny.with_changes(economics={"discount": 0.1})


def test_model_copy_with_update_is_validated_too(tiny: Scenario) -> None:
    """pydantic's model_copy(update=...) skipped validation: a discount rate of -3 solved."""
    with pytest.raises(ScenarioError, match=r"model_copy\(\), key 'economics.discount_rate'"):
        tiny.model_copy(update={"economics": {"discount_rate": -3}})
    ok = tiny.model_copy(update={"economics": {"discount_rate": 0.1}})
    assert ok.economics.discount_rate == 0.1 and tiny.model_copy() == tiny


def _interrupt_right_after_start(monkeypatch: pytest.MonkeyPatch) -> None:
    start = highspy.Highs.startSolve

    def start_then_interrupt(self):  # the user presses Ctrl-C while HiGHS runs
        start(self)
        raise KeyboardInterrupt

    monkeypatch.setattr(highspy.Highs, "startSolve", start_then_interrupt)


def test_ctrl_c_during_a_solve_is_an_interruption(tiny: Scenario, monkeypatch) -> None:
    from emisim.api import resolve, solve_params
    from emisim.model.assemble import build_params
    from emisim.solvers.highs import SolverOptions

    sc, ds = resolve(tiny)
    _interrupt_right_after_start(monkeypatch)
    res = solve_params(build_params(ds, sc), SolverOptions())
    assert res.status is Status.INTERRUPTED and res.termination == "interrupted"
    with pytest.raises(KeyboardInterrupt, match="the solve was interrupted"):
        run(tiny)


def test_cli_reports_ctrl_c_during_a_solve_as_an_interruption(tmp_path: Path) -> None:
    """A real SIGINT, delivered while HiGHS runs in a fresh process."""
    code = (
        "import os, signal, sys, highspy\n"
        # a terminal's Ctrl-C: Python keeps SIGINT ignored when it starts with it ignored,
        # as it is for any job a non-interactive shell puts in the background
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "start = highspy.Highs.startSolve\n"
        "def start_then_sigint(self):\n"
        "    start(self)\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "highspy.Highs.startSolve = start_then_sigint\n"
        "from emisim.cli import main\n"
        "sys.exit(main(['run', 'plan2020', '--out', sys.argv[1]]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 130, out.stderr
    assert out.stderr.strip() == "emisim: interrupted; no partial output was kept"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
