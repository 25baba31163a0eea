"""Single sites stay in one place: GPPD coal plants in their district, the steel works in
one unit; computed from the shipped CSVs alone."""

from __future__ import annotations

import pandas as pd
import pytest

from emisim.model.data import embedded_path, load_dataset

DATA = embedded_path()
BASE_YEAR = 2015


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def plants() -> pd.DataFrame:
    gppd = pd.read_csv(
        DATA / "sources" / "gppd_coal_plants_chongqing_bbox.csv", dtype={"gppd_id": str}
    )
    where = pd.read_csv(DATA / "inputs" / "plant_districts.csv", dtype=str)
    assert where["gppd_id"].is_unique and set(where["gppd_id"]) == set(gppd["gppd_id"])
    return gppd.merge(where, on="gppd_id")


def test_location_text_agrees_with_the_assigned_unit(ds, plants) -> None:
    names = dict(zip(ds.units["code"], ds.units["name_en"], strict=True))
    for p in plants.itertuples():
        text = str(p.location_text) if pd.notna(p.location_text) else ""
        if any(prov in text for prov in ("Sichuan", "Guizhou", "Hunan")):
            assert pd.isna(p.code), p.name  # outside Chongqing: dropped
        named = [n for n in names.values() if n in text]
        if named and pd.notna(p.code):
            # Guanba (Wansheng) is administratively inside Qijiang District
            allowed = {named[0], "Wansheng"} if named[0] == "Qijiang" else {named[0]}
            assert names[p.code] in allowed, (p.name, names[p.code], named)


def _base_year(plants: pd.DataFrame) -> pd.DataFrame:
    ok = plants["code"].notna() & plants["capacity_mw"].notna() & (plants["status"] != "Shutdown")
    ok &= plants["commissioning"].fillna(9999) <= BASE_YEAR
    return plants[ok]


def test_power_sector_is_where_the_plants_are(ds, plants) -> None:
    """Each plant's own emissions (tests/test_power_plants.py) stay in its unit."""
    mw = _base_year(plants).groupby("code")["capacity_mw"].sum()
    base = ds.baseline
    for pollutant in ("SO2", "NOX"):
        power = base[(base["sector"] == "power") & (base["pollutant"] == pollutant)]
        got = power.set_index("code")["emissions_t"]
        assert set(got.index) == set(mw.index)  # no plant, no power emissions
    assert plants.loc[plants["name"].str.contains("Luohuang"), "code"].item() == "500116"


def test_ultra_low_potential_is_the_units_large_plants(ds, plants) -> None:
    big = _base_year(plants)
    big = big[big["capacity_mw"] >= 300].groupby("code")["capacity_mw"].sum()
    pots = ds.potentials[ds.potentials["measure"].str.startswith("ultra_low_power")]
    pot = pots.groupby("code")["potential"].sum()
    assert pot.sort_index().to_dict() == pytest.approx(big.sort_index().to_dict())


def test_no_single_site_installation_spans_districts(ds) -> None:
    """The steel works (3 sintering machines, 6 coke ovens) sit in one unit."""
    steel = ds.baseline[ds.baseline["sector"] == "steel"]
    assert steel["code"].nunique() == 1
    pots = ds.potentials[ds.potentials["measure"].isin(["sinter_fgd_scr", "coke_oven_desulf"])]
    assert set(pots["code"]) == set(steel["code"])
    for plant_id in ("ultra_low_power", "ultra_low_power_old", "ultra_low_power_new"):
        per_unit = ds.potentials[ds.potentials["measure"] == plant_id]
        assert per_unit["code"].is_unique
