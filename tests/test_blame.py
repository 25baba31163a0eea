"""Errors that blame the right file (issue 22, item 5): the measured cases, each failing
``data validate`` (or the run) with the file that was changed named first, and not the
files it used to be blamed on.

- a baseline in kg (x1000) -> baseline.csv (the magnitude check);
- all of one district's baseline rows deleted -> baseline.csv, not removals.csv;
- one district's rows of one sector deleted -> baseline.csv, naming the potentials row;
- potentials (or removals) x1000 -> potentials.csv (removals.csv), not the removal bound;
- a negative removal of a measure that removes nothing else -> removals.csv, that row;
- a negative coal cut or removal that a commitment deploys -> the run names measures.csv
  or removals.csv before the conflict of floors and the coal ceiling.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from data_edits import changed, errors, scaled, shipped_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny import write_tiny

from emisim.api import run
from emisim.model.data import load_dataset
from emisim.model.scenario import Scenario


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_copy(tmp_path_factory)


def _without(where) -> callable:
    return lambda f: f[~where(f)]


def _negated(measure: str, column: str = "removal_t"):
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        rows = frame["measure"] == measure
        frame.loc[rows, column] = (-frame.loc[rows, column].astype(float)).map(repr)
        return frame

    return edit


def _files(errs) -> list[str]:
    return [Path(e.file).name for e in errs]


def test_a_baseline_in_kg_names_baseline_csv_first(shipped: Path, tmp_path: Path) -> None:
    errs = errors(changed(shipped, tmp_path, {"baseline": scaled("emissions_t", 1000)}))
    assert _files(errs)[0] == "baseline.csv" and errs[0].column == "emissions_t"
    assert "kg for t" in str(errs[0])
    assert "removals.csv" not in _files(errs)


def test_a_district_without_baseline_rows_is_blamed_on_baseline_csv(
    shipped: Path, tmp_path: Path
) -> None:
    edits = {"baseline": _without(lambda f: f["code"] == "500102")}
    errs = errors(changed(shipped, tmp_path, edits))
    assert _files(errs) == ["baseline.csv"]  # not 60 removal rows, not the city totals
    assert "no row for unit 500102 ('Fuling')" in str(errs[0]) and errs[0].column == "code"


def test_a_missing_sector_row_is_blamed_on_baseline_csv_naming_the_potential(
    shipped: Path, tmp_path: Path
) -> None:
    gone = lambda f: (f["code"] == "500102") & (f["sector"] == "ind_boiler")  # noqa: E731
    errs = errors(changed(shipped, tmp_path, {"baseline": _without(gone)}))
    assert set(_files(errs)) == {"baseline.csv"}
    potentials = pd.read_csv(shipped / "potentials.csv", dtype=str)
    row = 2 + int(
        potentials.index[
            (potentials["code"] == "500102") & (potentials["measure"] == "boiler_desulf_upgrade")
        ][0]
    )
    so2 = next(str(e) for e in errs if ", SO2," in str(e))
    assert "no row for unit 500102, sector 'ind_boiler', SO2" in so2
    assert f"'boiler_desulf_upgrade' (potentials.csv row {row})" in so2


@pytest.mark.parametrize(
    ("table", "column"), [("potentials", "potential"), ("removals", "removal_t")]
)
def test_potentials_or_removals_a_thousandfold_name_their_own_file(
    shipped: Path, tmp_path: Path, table: str, column: str
) -> None:
    errs = errors(changed(shipped, tmp_path, {table: scaled(column, 1000)}))
    assert _files(errs) == [f"{table}.csv"]
    assert errs[0].column == column and errs[0].row is not None
    assert "1e+03x the shipped data's" in str(errs[0])


def test_a_measure_that_only_adds_names_its_removal_row(shipped: Path, tmp_path: Path) -> None:
    removals = pd.read_csv(shipped / "removals.csv")
    row = 2 + int(removals.index[removals["measure"] == "vapour_recovery"][0])
    errs = errors(changed(shipped, tmp_path, {"removals": _negated("vapour_recovery")}))
    assert _files(errs) == ["removals.csv"]
    assert errs[0].row == row and errs[0].column == "removal_t"
    assert "'vapour_recovery' only adds" in str(errs[0])


def test_a_negative_coal_cut_with_other_effects_is_warned_with_its_row(
    shipped: Path, tmp_path: Path
) -> None:
    measures = pd.read_csv(shipped / "measures.csv")
    row = 2 + int(measures.index[measures["measure"] == "boiler_coal_to_gas"][0])
    edits = {"measures": _negated("boiler_coal_to_gas", "coal_cut_ktce")}
    ds = load_dataset(changed(shipped, tmp_path, edits))
    (warning,) = [w for w in ds.warnings if "negative coal cuts" in w]
    assert f"measures.csv: negative coal cuts (deploying adds coal use): row {row} " in warning


# The measured cases as properties over the shipped data (hypothesis): each example copies
# the shipped tables and loads them once, so a handful of examples each.
FUZZ = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
SHIPPED = pd.read_csv(Path(__file__).parents[1] / "model/data/chongqing/units.csv", dtype=str)
MEASURES = pd.read_csv(Path(__file__).parents[1] / "model/data/chongqing/measures.csv")


@FUZZ
@given(code=st.sampled_from(sorted(SHIPPED["code"])))
def test_any_district_deleted_from_the_baseline_is_named_there_alone(
    shipped: Path, tmp_path_factory: pytest.TempPathFactory, code: str
) -> None:
    edits = {"baseline": _without(lambda f: f["code"] == code)}
    errs = errors(changed(shipped, tmp_path_factory.mktemp("d"), edits))
    assert _files(errs) == ["baseline.csv"] and f"no row for unit {code} " in str(errs[0])


@FUZZ
@given(
    table=st.sampled_from([("potentials", "potential"), ("removals", "removal_t")]),
    exponent=st.floats(min_value=3.0, max_value=6.0),
)
def test_potentials_or_removals_scaled_by_1e3_to_1e6_blame_their_own_file(
    shipped: Path, tmp_path_factory: pytest.TempPathFactory, table, exponent: float
) -> None:
    name, column = table
    errs = errors(
        changed(shipped, tmp_path_factory.mktemp("s"), {name: scaled(column, 10**exponent)})
    )
    assert set(_files(errs)) == {f"{name}.csv"}, [str(e) for e in errs]


@FUZZ
@given(measure=st.sampled_from(sorted(MEASURES["measure"])))
def test_any_measure_with_every_effect_negated_is_refused_at_its_own_row(
    shipped: Path, tmp_path_factory: pytest.TempPathFactory, measure: str
) -> None:
    """Every removal and the coal cut of one measure negated: it only adds pollution."""
    edits = {
        "removals": _negated(measure),
        "measures": _negated(measure, "coal_cut_ktce"),
    }
    errs = errors(changed(shipped, tmp_path_factory.mktemp("n"), edits))
    assert len(errs) == 1 and f"{measure!r} only adds" in str(errs[0])
    removals = pd.read_csv(shipped / "removals.csv")
    mine = removals.index[removals["measure"] == measure]
    if len(mine):
        assert _files(errs) == ["removals.csv"] and errs[0].row == 2 + int(mine[0])
    else:
        assert _files(errs) == ["measures.csv"] and errs[0].column == "coal_cut_ktce"


def _fixed(data: Path, **extra) -> Scenario:
    return Scenario.model_validate(
        {
            "name": "t",
            "description": "t",
            "data": str(data),
            "targets": {"set": "test"},
            "measures": {"programme": "fixed"},  # nev's 150 units are deployed
            **extra,
        }
    )


def _tiny_with(tmp_path: Path, table: str, measure: str, column: str, value: float) -> Path:
    data = write_tiny(tmp_path / "tiny", growth=0.0)
    frame = pd.read_csv(data / f"{table}.csv")
    rows = frame["measure"] == measure
    if table == "removals":
        rows &= frame["pollutant"] == "NOX"
    frame.loc[rows, column] = value
    frame.to_csv(data / f"{table}.csv", index=False)
    return data


def test_a_negative_coal_cut_deployed_by_a_programme_is_named_before_the_conflict(
    tmp_path: Path,
) -> None:
    # 150 NEVs adding 50 ktce each cannot fit under the 55 % coal ceiling
    data = _tiny_with(tmp_path, "measures", "nev", "coal_cut_ktce", -50.0)
    res = run(_fixed(data, coal={"share_max": 0.55}), raise_on_infeasible=False)
    assert res.iis.sentence.startswith(
        "measures.csv, the row of nev, column coal_cut_ktce: nev's coal cut is negative "
        "(-50 ktce per unit: deploying it adds coal use)"
    )
    assert "coal share of primary energy" in res.iis.sentence  # the conflict still said
    assert res.iis.text("zh").startswith("measures.csv")
    # the same scenario without the sign error is feasible: the input is the cause
    fine = _tiny_with(tmp_path / "ok", "measures", "nev", "coal_cut_ktce", 0.0)
    assert run(_fixed(fine, coal={"share_max": 0.55})).status.name == "OPTIMAL"


def test_a_negative_removal_deployed_by_a_programme_is_named_before_the_conflict(
    tmp_path: Path,
) -> None:
    # 150 NEVs adding 30 t NOx each (4,500 t) to 4,040 t, of which 2,940 t can be cut
    # (power and construction), against a 7 % cut; nev still removes VOC, so the data
    # check lets it through as a disbenefit (and warns)
    data = _tiny_with(tmp_path, "removals", "nev", "removal_t", -30.0)
    res = run(_fixed(data), raise_on_infeasible=False)
    assert res.iis.sentence.startswith(
        "removals.csv, the row of nev and NOX, column removal_t: nev's removal of NOX is "
        "negative (-30 t per unit: deploying it adds NOX)"
    ), res.iis.sentence
