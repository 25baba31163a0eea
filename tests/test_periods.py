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


def test_report_words_about_years_follow_the_period() -> None:
    """Every report message that names the base or final year does so through the period:
    for the 13th FYP it reads as before (the message with 2015 and 2020 written in, in the
    catalogue of the commit before, here rebuilt by substituting back), for the 14th with
    2020 and 2025, in both languages, and no placeholder is left."""
    from babel.messages.pofile import read_po

    from emisim.model.data.period import dataset_folder
    from emisim.reports.i18n import translator

    po = Path(__file__).parents[1] / "emisim/reports/locale/zh/LC_MESSAGES/emisim.po"
    with po.open("rb") as fh:
        catalogue = read_po(fh)
    yearly = [
        m
        for m in catalogue
        if (isinstance(m.id, str) and "{base}" in m.id)
        or (isinstance(m.id, str) and "{final}" in m.id)
    ]
    assert len(yearly) >= 20
    p13 = read_period(embedded_path())
    p14 = read_period(dataset_folder("chongqing-fyp14"))
    # the messages as they were, with the years written in (kept as obsolete entries)
    before = {k: m.string for k, m in catalogue.obsolete.items()}
    for m in yearly:
        old = m.id.replace("{base}", "2015").replace("{final}", "2020")
        if old in before:
            assert translator("zh").for_period(p13)(m.id) == before[old], old
    assert sum(m.id.replace("{base}", "2015").replace("{final}", "2020") in before
               for m in yearly) >= 20  # fmt: skip
    for lang in ("en", "zh"):
        t13, t14 = translator(lang).for_period(p13), translator(lang).for_period(p14)
        for m in yearly:
            text13, text14 = t13(m.id), t14(m.id)
            assert "{base}" not in text13 + text14 and "{final}" not in text13 + text14
            if lang == "zh":
                assert text13 == m.string.replace("{base}", "2015").replace("{final}", "2020")
            else:
                assert text13 == m.id.replace("{base}", "2015").replace("{final}", "2020")
            assert text14 == text13.replace("2020", "2025").replace("2015", "2020") or (
                "2015 prices" in m.id  # money stays in 2015 prices in every period
            )


def test_data_validate_accepts_both_periods_and_names_a_disagreement(
    copy13: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from emisim.model.data.period import dataset_folder

    for folder in (embedded_path(), dataset_folder("chongqing-fyp14")):
        assert main(["data", "validate", str(folder)]) == 0
        assert "valid" in capsys.readouterr().out
    _replace(copy13 / "period.csv", "percent_of_base", "key_project_tonnes")
    assert main(["data", "validate", str(copy13)]) == 2
    err = capsys.readouterr().err
    assert "targets.csv" in err and "disagrees with period.csv" in err and "kind" in err


def test_a_period_file_without_its_row_is_named_not_a_traceback(
    copy13: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """period.csv with its header only: the checks that read the base year are skipped,
    and the one error names the file (was an IndexError from the base-year checks)."""
    path = copy13 / "period.csv"
    path.write_text(path.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    with pytest.raises(DataError, match=r"period\.csv.*one row"):
        load_dataset(copy13)
    assert main(["data", "validate", str(copy13)]) == 2
    err = capsys.readouterr().err
    assert "period.csv" in err and "Traceback" not in err
