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


def test_derive_of_the_unedited_default_keeps_provenance_byte_identical(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(embedded_path(), folder)
    assert main(["data", "derive", str(folder)]) == 0
    assert (folder / "provenance.csv").read_bytes() == (
        embedded_path() / "provenance.csv"
    ).read_bytes()


def _grades(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "provenance.csv", dtype=str).set_index(["table", "column", "key"])


def test_a_changed_total_takes_the_weakest_grade_of_its_cells(edited: Path) -> None:
    """The edited COD total sums assumed cells: assumed. With every baseline cell sourced
    (an institute's full statistics), the re-derived totals are 'derived'; an unchanged
    total (VOC: nothing edited) keeps its own row."""
    assert main(["data", "derive", str(edited)]) == 0
    prov = _grades(edited)
    assert prov.loc[("city_totals", "total_2015_t", "COD"), "grade"] == "assumed"
    assert prov.loc[("city_totals", "total_2015_t", "VOC"), "grade"] == "assumed"
    assert "VOC" in prov.loc[("city_totals", "total_2015_t", "VOC"), "source"]
    official = edited.parent / "official"
    shutil.copytree(edited, official)
    table = pd.read_csv(official / "provenance.csv", dtype=str)
    table = table[table["table"] != "baseline"]
    row = {"table": "baseline", "column": "emissions_t", "key": "*", "grade": "sourced"}
    row["source"] = "a planning institute's district statistics (test)"
    table = pd.concat([table, pd.DataFrame([row])]).sort_values(["table", "column", "key"])
    table.to_csv(official / "provenance.csv", index=False, lineterminator="\n")
    base = pd.read_csv(official / "baseline.csv", dtype={"code": str})
    base.loc[base["pollutant"] == "NH3N", "emissions_t"] *= 1.1
    base.to_csv(official / "baseline.csv", index=False, lineterminator="\n")
    assert main(["data", "derive", str(official)]) == 0
    prov = _grades(official)
    assert prov.loc[("city_totals", "total_2015_t", "NH3N"), "grade"] == "derived"
    assert prov.loc[("city_totals", "total_2015_t", "SO2"), "grade"] == "recalled"  # unchanged
    share = ("sector_shares", "share", "NH3N|livestock")
    assert share not in prov.index or prov.loc[share, "grade"] != "sourced"
    pots = prov.xs("potentials", level="table")
    assert (pots["grade"] != "sourced").all()
