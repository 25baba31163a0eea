"""Outputs never escape the chosen folder and never replace a folder emisim did not write.

Regression tests for issue 13, item 1: a scenario's ``name`` used to be an unchecked
path (``name: /some/folder`` deleted that folder, ``name: .`` replaced all of
``outputs/``), and killed runs left hidden temporary folders behind forever.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import cli
from pydantic import ValidationError

from emisim.api import run
from emisim.model.errors import EmisimError, ScenarioError
from emisim.model.scenario import Scenario
from emisim.outputs import atomic_dir, clean_stale, is_emisim_output, output_target, write_result

BAD_NAMES = ["/abs/path", ".", "..", "../x", "a/b", "a\\b", " lead", "", ".hidden"]


def user_folder(path: Path) -> dict[str, str]:
    """A folder of the user's own files; returns its contents to compare later."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "thesis.txt").write_text("years of work")
    (path / "sub").mkdir(exist_ok=True)
    (path / "sub" / "data.csv").write_text("a,b\n1,2\n")
    return snapshot(path)


def snapshot(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): p.read_text() for p in path.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", BAD_NAMES)
def test_scenario_schema_refuses_names_that_are_not_plain_folder_names(name: str) -> None:
    with pytest.raises(ValidationError, match="plain folder name"):
        Scenario(name=name, description="x")
    with pytest.raises(ScenarioError, match=r"key 'name': scenario name .* plain folder name"):
        Scenario(name="ok", description="x").with_changes(name=name)


@pytest.mark.parametrize("name", ["/abs/path", ".", "..", "../x", "a/b"])
def test_cli_refuses_bad_names_and_leaves_everything_untouched(name: str, tmp_path: Path) -> None:
    victim = tmp_path / "abs" / "path"
    before = user_folder(victim)
    outs = tmp_path / "work" / "outputs"
    other = user_folder(outs / "other-result")
    shown = str(victim) if name == "/abs/path" else name
    scenario = tmp_path / "work" / "v.yaml"
    scenario.write_text(f"name: {json.dumps(shown)}\ndescription: x\nextends: plan2020\n")
    out = cli("run", str(scenario), cwd=tmp_path / "work")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "v.yaml, key 'name': scenario name" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert snapshot(victim) == before and snapshot(outs / "other-result") == other
    assert sorted(p.name for p in outs.iterdir()) == ["other-result"]
    assert not (tmp_path / "x").exists() and not (tmp_path / "work" / "x").exists()


def test_cli_refuses_to_replace_a_folder_emisim_did_not_write(tmp_path: Path) -> None:
    before = user_folder(tmp_path / "outputs" / "plan2020")
    out = cli("run", "plan2020", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "is not an emisim output folder" in out.stderr
    assert snapshot(tmp_path / "outputs" / "plan2020") == before
    assert [p.name for p in (tmp_path / "outputs").iterdir()] == ["plan2020"]


@pytest.fixture(scope="module")
def tiny_result(tiny_dir: Path):
    sc = Scenario.model_validate(
        {"name": "tiny", "description": "x", "data": str(tiny_dir), "targets": {"set": "test"}}
    )
    return run(sc)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_api_write_result_refuses_a_name_that_bypassed_validation(
    name: str, tiny_result, tmp_path: Path
) -> None:
    """``model_construct`` skips validation; ``write_result`` checks again."""
    before = user_folder(tmp_path / "abs" / "path")
    hacked = Scenario.model_construct(**{**dict(tiny_result.scenario), "name": name})
    result = type(tiny_result)(**{**tiny_result.__dict__, "scenario": hacked})
    with pytest.raises(EmisimError, match="output folder name"):
        write_result(result, tmp_path / "outs")
    assert snapshot(tmp_path / "abs" / "path") == before
    assert not (tmp_path / "outs").exists() or not any((tmp_path / "outs").iterdir())


def test_api_replaces_only_its_own_outputs(tiny_result, tmp_path: Path) -> None:
    folder = write_result(tiny_result, tmp_path)
    assert folder == tmp_path / "tiny" and is_emisim_output(folder)
    (folder / "stray.txt").write_text("from the previous run")
    assert write_result(tiny_result, tmp_path) == folder  # an emisim output: replaced
    assert not (folder / "stray.txt").exists() and is_emisim_output(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny"]  # no leftovers
    (folder / "manifest.json").write_text('{"generator": "someone else"}')
    with pytest.raises(EmisimError, match="not an emisim output"):
        write_result(tiny_result, tmp_path)
    assert (folder / "manifest.json").read_text() == '{"generator": "someone else"}'


def test_symlinked_target_is_refused(tiny_result, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    write_result(tiny_result, real)
    (tmp_path / "outs").mkdir()
    (tmp_path / "outs" / "tiny").symlink_to(real / "tiny")
    with pytest.raises(EmisimError, match="would lie outside"):
        write_result(tiny_result, tmp_path / "outs")
    assert is_emisim_output(real / "tiny")
    assert (tmp_path / "outs" / "tiny").is_symlink()


def test_output_target_stays_inside_the_root(tmp_path: Path) -> None:
    assert output_target(tmp_path, "ok-name") == tmp_path / "ok-name"
    for name in BAD_NAMES:
        with pytest.raises(EmisimError):
            output_target(tmp_path, name)


def dead_pid() -> int:
    """The pid of a process that has certainly exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temporary_folders_of_dead_writers_are_cleaned(tmp_path: Path) -> None:
    pid = dead_pid()
    with atomic_dir(tmp_path / "kept") as tmp:  # a finished earlier output
        (tmp / "manifest.json").write_text('{"generator": "emisim"}')
    stale_tmp = tmp_path / f".a.tmp-{pid}"
    stale_tmp.mkdir()
    (stale_tmp / ".emisim-partial").touch()
    stale_old = tmp_path / f".b.old-{pid}"  # died between its two renames: b is missing
    stale_old.mkdir()
    (stale_old / "manifest.json").write_text('{"generator": "emisim"}')
    foreign = tmp_path / f".c.tmp-{pid}"  # same pattern, but not ours: left alone
    before = user_folder(foreign)
    alive = tmp_path / f".d.tmp-{os.getppid()}"  # a live writer's folder: left alone
    alive.mkdir()
    (alive / ".emisim-partial").touch()
    with atomic_dir(tmp_path / "new") as tmp:
        (tmp / "manifest.json").write_text('{"generator": "emisim"}')
    assert not stale_tmp.exists()
    assert is_emisim_output(tmp_path / "b") and not stale_old.exists()
    assert snapshot(foreign) == before and alive.exists()
    assert clean_stale(tmp_path) == []


def test_an_empty_stale_old_folder_is_removed_not_put_back(tmp_path: Path) -> None:
    """The cleaner and the replace check agree: an empty .NAME.old-PID of a dead writer
    is not an output to restore (it would then be refused as not emisim's)."""
    empty = tmp_path / f".plan2020.old-{dead_pid()}"
    empty.mkdir()
    with atomic_dir(tmp_path / "plan2020") as tmp:
        (tmp / "manifest.json").write_text('{"generator": "emisim"}')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan2020"]
    assert is_emisim_output(tmp_path / "plan2020")


def test_out_pointing_at_a_file_gets_its_own_message(tmp_path: Path) -> None:
    a_file = tmp_path / "results.txt"
    a_file.write_text("mine")
    for target in (a_file / "plan2020", a_file / "sweeps" / "x" / "report"):
        with pytest.raises(EmisimError, match=r"results\.txt is a file, not a folder"):
            atomic_dir(target).__enter__()
    out = cli("run", "plan2020", "--out", str(a_file), cwd=tmp_path)
    assert out.returncode == 2 and "results.txt is a file, not a folder" in out.stderr
    assert a_file.read_text() == "mine"


def test_interrupted_writer_leaves_the_previous_output(tmp_path: Path) -> None:
    with atomic_dir(tmp_path / "r") as tmp:
        (tmp / "manifest.json").write_text('{"generator": "emisim"}')
    with pytest.raises(KeyboardInterrupt), atomic_dir(tmp_path / "r") as tmp:
        (tmp / "half.csv").write_text("x")
        raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    assert [p.name for p in (tmp_path / "r").iterdir()] == ["manifest.json"]


def test_compare_refuses_a_bad_name_and_a_foreign_folder_before_solving(tmp_path: Path) -> None:
    out = cli("compare", "plan2020", "--name", "../x", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "comparison name '../x' must be a plain folder name" in out.stderr
    before = user_folder(tmp_path / "outputs" / "compare" / "mine")
    out = cli("compare", "plan2020", "--name", "mine", cwd=tmp_path)
    assert out.returncode == 2 and "not an emisim output folder" in out.stderr
    assert "[1/1]" not in out.stderr  # refused before solving
    assert snapshot(tmp_path / "outputs" / "compare" / "mine") == before


def test_sweep_report_name_stays_inside_the_output_folder(tmp_path: Path) -> None:
    out = cli("sweep", "report", "../../x", cwd=tmp_path)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "output folder name '../../x' must be a plain folder name" in out.stderr
