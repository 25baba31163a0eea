"""Plan periods are data (issue 17, item 1): period.csv decides a dataset's base year,
horizon, target mechanism and target set; a scenario selects a dataset by name; a folder
whose mechanism and targets disagree is refused naming file, row and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from emisim.cli import main
from emisim.model.data import embedded_path, load_dataset
from emisim.model.data.period import dataset_folder, read_period, shipped_datasets
from emisim.model.errors import DataError, ScenarioError
from emisim.model.scenario import load_scenario


@pytest.fixture()
def copy13(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(embedded_path(), folder, ignore=shutil.ignore_patterns("inputs", "sources"))
    return folder


def _replace(file: Path, old: str, new: str) -> None:
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new), "utf-8")


def test_the_13th_period_is_read_from_its_folder() -> None:
    ds = load_dataset()
    period = ds.plan_period
    assert (period.base_year, period.first_year, period.last_year) == (2015, 2016, 2020)
    assert period.mechanism == "percent_of_base" and period.target_set == "plan2020"
    assert read_period(embedded_path()) == period
    assert shipped_datasets()["chongqing"] == embedded_path()


def test_a_scenario_takes_its_years_and_target_set_from_the_period(tmp_path: Path) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text("description: years from the period\n", "utf-8")
    sc = load_scenario(path)
    assert (sc.first_year, sc.last_year, sc.targets.set) == (2016, 2020, "plan2020")


def test_the_period_decides_the_years_when_it_changes(copy13: Path, tmp_path: Path) -> None:
    """Move the period's base year: a scenario starting in it is refused, with the period's
    words; the scenario's years follow the folder's period, not code."""
    _replace(copy13 / "period.csv", ",2015,2016,2020,", ",2016,2017,2020,")
    path = tmp_path / "s.yaml"
    path.write_text(f"description: d\ndata: {copy13}\n", "utf-8")
    sc = load_scenario(path)
    assert (sc.first_year, sc.last_year) == (2017, 2020)
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"description: d\ndata: {copy13}\nfirst_year: 2016\n", "utf-8")
    with pytest.raises(ScenarioError, match="after the base year 2016"):
        load_scenario(bad)


def test_mechanism_and_targets_that_disagree_are_refused(copy13: Path) -> None:
    """period.csv says key-project tonnes but the target set states cuts in %."""
    _replace(copy13 / "period.csv", "percent_of_base", "key_project_tonnes")
    with pytest.raises(DataError) as e:
        load_dataset(copy13)
    found = {(Path(x.file).name, x.row, x.column) for x in e.value.errors}
    kinds = (copy13 / "targets.csv").read_text("utf-8").splitlines()
    cut_rows = {i + 1 for i, line in enumerate(kinds) if line.startswith("plan2020,cut_")}
    assert {("targets.csv", r, "kind") for r in cut_rows} <= found
    assert ("period.csv", 2, "mechanism") in found
    assert "disagrees with period.csv" in str(e.value)


def test_key_project_rows_in_a_percent_period_are_refused(copy13: Path) -> None:
    with (copy13 / "targets.csv").open("a", encoding="utf-8") as fh:
        fh.write("plan2020,kp_nox,key_project_t,NOX,36800,2020\n")
    with (copy13 / "provenance.csv").open("a", encoding="utf-8") as fh:
        fh.write("targets,value,plan2020|kp_nox,assumed,a test row of tonnes\n")
    with pytest.raises(DataError) as e:
        load_dataset(copy13)
    rows = len((copy13 / "targets.csv").read_text("utf-8").splitlines())
    err = e.value.errors[0]
    assert (Path(err.file).name, err.row, err.column) == ("targets.csv", rows, "kind")


def test_a_cut_of_one_or_more_is_still_refused(copy13: Path) -> None:
    row = "plan2020,cut_nox,emission_cut,NOX,"
    _replace(copy13 / "targets.csv", row + "0.069", row + "1.5")
    with pytest.raises(DataError, match="less than 1") as e:
        load_dataset(copy13)
    assert e.value.column == "value" and e.value.file.endswith("targets.csv")


def test_a_folder_without_its_period_is_named(copy13: Path) -> None:
    (copy13 / "period.csv").unlink()
    with pytest.raises(DataError, match=r"period\.csv"):
        load_dataset(copy13)


def test_an_unknown_dataset_name_lists_the_shipped_ones(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("description: d\ndataset: atlantis\n", "utf-8")
    with pytest.raises(ScenarioError, match=r"no shipped dataset 'atlantis'.*chongqing"):
        load_scenario(path)
    with pytest.raises(KeyError):
        dataset_folder("atlantis")


def test_data_summary_names_the_period(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "summary"]) == 0
    out = capsys.readouterr().out
    assert "Plan period: 13th Five-Year Plan (2016–2020, base 2015)" in out
    assert "percent_of_base" in out
