"""Absurd inputs from issue 22 fail before any solve, naming the file and the column:
indices, energy, city totals against the baseline, target years, codes in full-width
digits; a table ~10^3 off the shipped data is warned as a likely unit error."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from data_edits import WIDE, changed, found, scaled, setting, shipped_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emisim.model.data import load_dataset
from emisim.model.errors import DataError, ScenarioError


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_copy(tmp_path_factory)


CASES = {
    "gdp index 1e-300 in 2015": (
        {"macro": setting("gdp_index", "1e-300", lambda f: f["year"] == "2015")},
        ("macro.csv", "gdp_index"),
    ),
    "gdp index jumps x100 in 2018": (
        {"macro": setting("gdp_index", "128.2", lambda f: f["year"] == "2018")},
        ("macro.csv", "gdp_index"),
    ),
    "a growth index of 1e-9": (
        {"growth": setting("index", "1e-9", lambda f: f.index == 3)},
        ("growth.csv", "index"),
    ),
    "one district's energy 1e-300 ktce": (
        {"units": setting("energy_2015_ktce", "1e-300", lambda f: f["code"] == "500101")},
        ("units.csv", "energy_2015_ktce"),
    ),
    "city totals x10": (
        {"city_totals": scaled("total_2015_t", 10)},
        ("city_totals.csv", "total_2015_t"),
    ),
    "city totals without NOx": (
        {"city_totals": lambda f: f[f["pollutant"] != "NOX"]},
        ("city_totals.csv", "pollutant"),
    ),
    "baseline in kg": (
        {"baseline": scaled("emissions_t", 1000)},
        ("baseline.csv", "emissions_t"),
    ),
    "a target for 2030": (
        {"targets": setting("year", "2030", lambda f: f["target"] == "cut_nox")},
        ("targets.csv", "year"),
    ),
    "codes in full-width digits": (
        {
            name: lambda f: f.assign(code=f["code"].str.translate(WIDE))
            for name in ("units", "baseline", "potentials")
        },
        ("units.csv", "code"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_absurd_inputs_fail_naming_file_and_column(
    case: str, shipped: Path, tmp_path: Path
) -> None:
    edits, expected = CASES[case]
    assert expected in found(changed(shipped, tmp_path, edits))


def test_the_shipped_data_pass_without_unit_warnings(shipped: Path) -> None:
    ds = load_dataset(shipped)
    assert not [w for w in ds.warnings if "unit error" in w]


def test_a_table_a_thousand_times_off_is_warned_as_a_unit_error(
    shipped: Path, tmp_path: Path
) -> None:
    def thousandfold(frame: pd.DataFrame) -> pd.DataFrame:
        for column in ("opex_low", "opex_yuan_yr", "opex_high"):
            frame = scaled(column, 1000)(frame)
        return frame

    edits = {"measures": thousandfold}
    folder = changed(shipped, tmp_path, edits)
    ds = load_dataset(folder)
    named = [w for w in ds.warnings if "likely unit error" in w]
    assert named and all("measures.csv" in w for w in named)
    assert any("'opex_yuan_yr'" in w for w in named)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.floats(min_value=1e-300, max_value=99.0).filter(lambda v: abs(v - 1) > 1e-6))
def test_any_base_year_gdp_index_but_one_is_refused(
    shipped: Path, tmp_path: Path, v: float
) -> None:
    edits = {"macro": setting("gdp_index", repr(v), lambda f: f["year"] == "2015")}
    target = tmp_path / f"g{abs(hash(v))}"
    assert ("macro.csv", "gdp_index") in found(changed(shipped, target, edits))


def test_a_target_set_for_another_year_than_the_scenario_is_refused_at_the_run(
    shipped: Path, tmp_path: Path
) -> None:
    import emisim
    from emisim.model.scenario import load_scenario

    folder = changed(
        shipped,
        tmp_path,
        {"targets": setting("year", "2030", lambda f: f["target_set"] == "plan2020")},
    )
    # the period's own target set must be for its last year: the folder is refused
    with pytest.raises(DataError, match=r"the period's targets are for its last year 2020") as e:
        load_dataset(folder)
    assert e.value.file.endswith("targets.csv") and e.value.column == "year"
    # a scenario whose last year is not its target set's is refused at the run
    sc = load_scenario("plan2020").with_changes(last_year=2019)
    with pytest.raises(ScenarioError, match=r"is for 2020 \(targets.csv, column 'year'\)"):
        emisim.run(sc)
