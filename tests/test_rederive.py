"""Replaceable by official statistics: edit baseline.csv, run `emisim data derive`, and
the dependent tables follow (checked against the edit, not against emisim's own code)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from emisim.cli import main
from emisim.model.data import embedded_path, load_dataset

WANZHOU = "500101"


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    """The default dataset with Wanzhou's urban sewage COD and NH3-N doubled."""
    folder = tmp_path / "my_data"
    shutil.copytree(embedded_path(), folder)
    base = pd.read_csv(folder / "baseline.csv", dtype={"code": str})
    hit = (base["code"] == WANZHOU) & (base["sector"] == "urban_sewage")
    base.loc[hit, "emissions_t"] *= 2
    base.to_csv(folder / "baseline.csv", index=False, lineterminator="\n")
    return folder


def test_derive_makes_the_tables_follow_the_baseline(edited: Path, capsys) -> None:
    before = load_dataset(embedded_path())
    assert main(["data", "derive", str(edited)]) == 0
    assert "valid after re-deriving" in capsys.readouterr().out
    ds = load_dataset(edited)
    # city totals are the sums of the edited baseline
    sums = ds.baseline.groupby("pollutant")["emissions_t"].sum()
    totals = ds.city_totals.set_index("pollutant")["total_2015_t"]
    assert totals.to_numpy() == pytest.approx(sums[totals.index].to_numpy(), rel=5e-6)
    extra = before.baseline.query("code == @WANZHOU and sector == 'urban_sewage'")
    added = extra.set_index("pollutant")["emissions_t"]
    old = before.city_totals.set_index("pollutant")["total_2015_t"]
    assert totals["COD"] == pytest.approx(old["COD"] + added["COD"], rel=1e-5)
    # shares: urban sewage's share of COD is the new sector sum over the new total
    share = ds.sector_shares.set_index(["pollutant", "sector"])["share"]
    sector = ds.baseline.query("sector == 'urban_sewage' and pollutant == 'COD'")
    assert share[("COD", "urban_sewage")] == pytest.approx(
        sector["emissions_t"].sum() / totals["COD"], abs=1e-6
    )
    # potentials of a sewage programme follow Wanzhou's share of the sector
    pot = ds.potentials.set_index(["code", "measure"])["potential"]
    old_pot = before.potentials.set_index(["code", "measure"])["potential"]
    old_sector = before.baseline.query("sector == 'urban_sewage' and pollutant == 'COD'")
    old_share = float(added["COD"]) / old_sector["emissions_t"].sum()
    new_share = 2 * float(added["COD"]) / sector["emissions_t"].sum()
    ratio = pot[(WANZHOU, "urban_wwtp_new")] / old_pot[(WANZHOU, "urban_wwtp_new")]
    assert ratio == pytest.approx(new_share / old_share, rel=1e-4)
    # a unit not edited keeps its sector emissions, so its potential shrinks with its share
    assert pot[("500102", "urban_wwtp_new")] < old_pot[("500102", "urban_wwtp_new")]


def test_derive_of_the_unedited_default_changes_no_number(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(embedded_path(), folder)
    assert main(["data", "derive", str(folder)]) == 0
    for name in ("city_totals", "sector_shares", "removals", "potentials", "cost_per_tonne"):
        same = (folder / f"{name}.csv").read_bytes() == (
            embedded_path() / f"{name}.csv"
        ).read_bytes()
        assert same, name
