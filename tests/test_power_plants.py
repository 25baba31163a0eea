"""Coal plants by vintage and controls: each plant's 2015 SO2 and NOx per kWh comes from its
own row of inputs/plant_controls.csv (limits, concentration, coal rate, hours, months run),
within its GB 13223-2011 limit or flagged; recomputed here from the CSVs alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from emisim.model.data import embedded_path
from emisim.model.data.derive.build import build
from emisim.model.data.derive.formula import resolve
from emisim.model.errors import DataError

DATA = embedded_path()


@pytest.fixture(scope="module")
def params() -> dict[str, float]:
    rows = pd.read_csv(DATA / "inputs" / "parameters.csv", dtype=str).to_dict("records")
    return resolve(rows, "parameters.csv")


@pytest.fixture(scope="module")
def plants(params) -> pd.DataFrame:
    """The controls rows evaluated, with GPPD capacity and unit; physics recomputed here."""
    rows = pd.read_csv(DATA / "inputs" / "plant_controls.csv", dtype=str, keep_default_na=False)
    num = ["months_2015", "hours", "coal_gce_kwh", "so2_limit", "nox_limit"]
    num += ["so2_mg_m3", "nox_mg_m3"]
    for c in num:  # every cell is a number or one parameter, or a product of them
        rows[c] = [_value(v, params) for v in rows[c]]
    gppd = pd.read_csv(DATA / "sources" / "gppd_coal_plants_chongqing_bbox.csv", dtype=str)
    where = pd.read_csv(DATA / "inputs" / "plant_districts.csv", dtype=str)
    out = rows.merge(gppd[["gppd_id", "capacity_mw"]], on="gppd_id").merge(where, on="gppd_id")
    out["capacity_mw"] = out["capacity_mw"].astype(float)
    # dry flue gas at 6 % O2 per kWh: gce/kWh x 29.3076 kJ/gce x Nm3/GJ
    nm3 = out["coal_gce_kwh"] * 29.3076e-6 * params["FLUE_GAS_NM3_PER_GJ"]
    mwh = out["capacity_mw"] * out["hours"] * out["months_2015"] / 12
    for q in ("so2", "nox"):
        out[f"{q}_g_kwh"] = out[f"{q}_mg_m3"] * nm3 / 1000
        out[f"{q}_t"] = out[f"{q}_g_kwh"] * mwh / 1000
    return out


def _value(cell: str, params: dict[str, float]) -> float:
    out = 1.0
    for factor in cell.split("*"):
        f = factor.strip()
        out *= params[f] if f in params else float(f)
    return out


def test_every_base_year_plant_has_its_own_row(plants) -> None:
    report = pd.read_csv(DATA / "power_plants.csv", dtype={"gppd_id": str})
    assert set(report["gppd_id"]) == set(plants["gppd_id"]) and len(plants) == 14
    assert plants["capacity_mw"].sum() == pytest.approx(12440)


def test_rates_come_from_each_plants_row(plants) -> None:
    report = pd.read_csv(DATA / "power_plants.csv", dtype={"gppd_id": str}).set_index("gppd_id")
    got = report.loc[plants["gppd_id"]]
    for col in ("so2_g_kwh", "nox_g_kwh", "so2_t", "nox_t"):
        assert got[col].to_numpy() == pytest.approx(plants[col].to_numpy(), rel=1e-5), col
    # rates differ by vintage: the 1986 unit emits more per kWh than the 2015 units
    rate = plants.set_index("name")["so2_g_kwh"]
    assert rate["Chongqing Coal (Jiulongpo)"] > 2 * rate["Shenhua Wanzhou"]
    assert plants["so2_g_kwh"].nunique() >= 4 and plants["nox_g_kwh"].nunique() >= 4
    # units commissioned in 2015 count the months they ran
    assert (plants.loc[plants["name"].str.contains("Wanzhou"), "months_2015"] < 12).all()


def test_within_gb13223_limits_or_flagged(plants, params) -> None:
    for q in ("so2", "nox"):
        over = plants[plants[f"{q}_mg_m3"] > plants[f"{q}_limit"]]
        assert (over["flag"].str.strip() != "").all(), over["name"].tolist()
    # the limits are the standard's: SO2 400 (existing) / 200 (new) in Chongqing, NOx 100/200
    assert set(plants["so2_limit"]) <= {400.0, 200.0} and set(plants["nox_limit"]) <= {100.0, 200.0}
    # the rates are no longer the old flat 1.86 g SO2 and 1.41 g NOx per kWh
    assert plants["so2_g_kwh"].max() < 1.86 and plants["nox_g_kwh"].max() < 1.41


def test_power_baseline_is_the_plants_own_emissions(plants) -> None:
    base = pd.read_csv(DATA / "baseline.csv", dtype={"code": str})
    for q in ("SO2", "NOX"):
        got = base[(base["sector"] == "power") & (base["pollutant"] == q)]
        got = got.set_index("code")["emissions_t"].sort_index()
        want = plants.groupby("code")[f"{q.lower()}_t"].sum().sort_index()
        assert got.to_numpy() == pytest.approx(want.to_numpy(), rel=1e-4)
        assert list(got.index) == list(want.index)


def test_retrofit_removal_is_its_plants_own(plants, params) -> None:
    """Each retrofit measure removes, over its whole potential, what its plants' own rows
    give from their 2015 concentration down to the ultra-low level."""
    rem = pd.read_csv(DATA / "removals.csv").set_index(["measure", "pollutant"])["removal_t"]
    pots = pd.read_csv(DATA / "potentials.csv", dtype={"code": str})
    for m, group in plants[plants["retrofit"] != ""].groupby("retrofit"):
        assert pots.loc[pots["measure"] == m, "potential"].sum() == pytest.approx(
            group["capacity_mw"].sum()
        )
        for q, ul in (("SO2", params["ULTRA_LOW_SO2_MG_M3"]), ("NOX", 50.0)):
            c = group[f"{q.lower()}_mg_m3"]
            want = (group[f"{q.lower()}_t"] * (1 - ul / c)).sum()
            assert rem[(m, q)] * group["capacity_mw"].sum() == pytest.approx(want, rel=1e-4)
    small = plants[plants["capacity_mw"] < params["ULTRA_LOW_MIN_MW"]]
    assert (small["retrofit"] == "").all()


def test_a_concentration_above_its_limit_needs_a_reason(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    file = data / "inputs" / "plant_controls.csv"
    rows = pd.read_csv(file, dtype=str, keep_default_na=False)
    i = rows.index[rows["name"] == "Chongqing Coal (Jiulongpo)"][0]
    rows.loc[i, "nox_mg_m3"] = "260"
    rows.to_csv(file, index=False, lineterminator="\n")
    with pytest.raises(DataError, match="nox above its GB 13223-2011 limit") as err:
        build(data)
    assert "plant_controls.csv" in str(err.value) and f"row {i + 2}" in str(err.value)
    rows.loc[i, "flag"] = "test: no SCR before its 2016 closure"
    rows.to_csv(file, index=False, lineterminator="\n")
    build(data)
    out = pd.read_csv(data / "power_plants.csv", dtype={"gppd_id": str}).set_index("name")
    assert out.loc["Chongqing Coal (Jiulongpo)", "limits"].startswith("above (nox): test")
    assert out.loc["Chongqing Coal (Jiulongpo)", "nox_mg_m3"] == 260
