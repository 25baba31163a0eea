"""District totals from statistics: the derived baseline reproduces each one, every
sector keeps its city total, and bad rows name file, row and column. The default data
hold none (nothing was found); the test adds two rows to a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from emisim.cli import main
from emisim.model.data import embedded_path
from emisim.model.data.derive import build
from emisim.model.errors import DataError

DATA = embedded_path()
WANZHOU, YUBEI = "500101", "500112"
ROWS = (
    f"{WANZHOU},COD,20000,sourced,Wanzhou 2015 bulletin (test figure)\n"
    f"{YUBEI},SO2,9000,sourced,Yubei 2015 environmental bulletin (test figure)\n"
)


def _copy(tmp_path: Path, rows: str) -> Path:
    folder = tmp_path / "ds"
    shutil.copytree(DATA, folder)
    with (folder / "inputs" / "district_totals.csv").open("a", encoding="utf-8") as fh:
        fh.write(rows)
    return folder


def _base(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "baseline.csv", dtype={"code": str})


def test_the_default_data_pin_no_district_total() -> None:
    table = pd.read_csv(DATA / "inputs" / "district_totals.csv")
    assert list(table.columns) == ["code", "pollutant", "total_t", "grade", "source"]
    assert table.empty


def test_sourced_district_totals_are_reproduced_by_the_baseline(tmp_path: Path, capsys) -> None:
    folder = _copy(tmp_path, ROWS)
    build(folder)
    new, old = _base(folder), _base(DATA)
    total = new.groupby(["code", "pollutant"])["emissions_t"].sum()
    # to the rounding of its cells (6 significant digits each)
    assert total[(WANZHOU, "COD")] == pytest.approx(20000, rel=1e-5)
    assert total[(YUBEI, "SO2")] == pytest.approx(9000, rel=1e-5)
    # every sector keeps its city total, so city totals and sector shares are unchanged
    by_sector = new.groupby(["sector", "pollutant"])["emissions_t"].sum()
    old_sector = old.groupby(["sector", "pollutant"])["emissions_t"].sum()
    assert by_sector.to_numpy() == pytest.approx(old_sector.to_numpy(), rel=1e-5)
    # point sources stay where they are; pollutants without a pin are untouched
    key = ["code", "sector", "pollutant"]
    merged = new.merge(old, on=key, suffixes=("", "_old"))
    power = merged[merged["sector"].isin(["power", "steel"])]
    assert power["emissions_t"].to_numpy() == pytest.approx(power["emissions_t_old"].to_numpy())
    other = merged[merged["pollutant"].isin(["NH3N", "NOX", "VOC"])]
    assert (other["emissions_t"] == other["emissions_t_old"]).all()
    assert main(["data", "summary", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "2 sourced of 2 pinned, of 195" in out and "Wanzhou 2015 bulletin" in out


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("999999,COD,1,sourced,a named document 2015\n", "code"),
        (f"{WANZHOU},PM25,1,sourced,a named document 2015\n", "pollutant"),
        (f"{WANZHOU},COD,-5,sourced,a named document 2015\n", "total_t"),
        (f"{WANZHOU},COD,5,official,a named document 2015\n", "grade"),
    ],
)
def test_a_bad_row_names_file_row_and_column(tmp_path: Path, row: str, column: str) -> None:
    folder = _copy(tmp_path, row)
    with pytest.raises(DataError) as err:
        build(folder)
    assert (Path(err.value.file).name, err.value.row, err.value.column) == (
        "district_totals.csv",
        2,
        column,
    )


def test_a_folder_without_the_file_derives_as_before(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    shutil.copytree(DATA, folder)
    (folder / "inputs" / "district_totals.csv").unlink()
    build(folder)
    assert (folder / "baseline.csv").read_bytes() == (DATA / "baseline.csv").read_bytes()
