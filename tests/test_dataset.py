"""The embedded Chongqing dataset: totals, shares, the plan's category counts, provenance."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from emisim.cli import main
from emisim.model.data import embedded_path, load_dataset
from emisim.model.data.dataset import row_key
from emisim.model.data.schema import GRADES, POLLUTANTS, TABLES

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_39_units_in_four_zones(ds) -> None:
    assert len(ds.units) == 39
    assert ds.units["code"].is_unique
    assert ds.units.groupby("zone").size().to_dict() == {
        "main_urban": 9,
        "new_urban": 13,
        "northeast": 11,
        "southeast": 6,
    }


def test_population_matches_the_sourced_zone_totals(ds) -> None:
    by_zone = ds.units.groupby("zone")["population_2015"].sum()
    ref = ds.zones.set_index("zone")["population_2015"]
    assert by_zone.to_numpy() == pytest.approx(ref.reindex(by_zone.index).to_numpy(), rel=1e-6)
    assert ref.sum() == pytest.approx(30.1655e6, rel=1e-6)


def test_totals_by_pollutant_equal_city_totals(ds) -> None:
    got = ds.baseline.groupby("pollutant")["emissions_t"].sum()
    ref = ds.city_totals.set_index("pollutant")["total_2015_t"]
    for p in POLLUTANTS:
        assert got[p] == pytest.approx(ref[p], rel=1e-3), p
    assert ref["COD"] == 379_800 and ref["SO2"] == 495_800  # the chosen (recalled) totals


def test_sector_and_district_shares_sum_to_one(ds) -> None:
    shares = ds.sector_shares.groupby("pollutant")["share"].sum()
    assert shares.to_numpy() == pytest.approx(1.0, abs=1e-9)
    totals = ds.city_totals.set_index("pollutant")["total_2015_t"]
    by_sector = ds.baseline.groupby(["pollutant", "sector"])["emissions_t"].sum()
    declared = ds.sector_shares.set_index(["pollutant", "sector"])["share"]
    for (p, s), v in by_sector.items():
        assert v / totals[p] == pytest.approx(declared[(p, s)], rel=1e-3, abs=1e-6), (p, s)
    district = ds.baseline.groupby(["pollutant", "sector", "code"])["emissions_t"].sum()
    district_share = district / district.groupby(level=["pollutant", "sector"]).transform("sum")
    sums = district_share.groupby(level=["pollutant", "sector"]).sum()
    assert sums.to_numpy() == pytest.approx(1.0, abs=1e-9)


def counts(ds, family: str) -> dict[str, int]:
    g = ds.guidance[(ds.guidance["family"] == family) & ds.guidance["subject"].isin(ds.unit_codes)]
    return g.groupby("category").size().to_dict()


def test_category_lists_reproduce_the_plan(ds) -> None:
    assert counts(ds, "air") == {"large": 9, "medium": 4, "small": 12, "adapt": 14}
    assert counts(ds, "water") == {"large": 3, "medium": 21, "small": 9, "adapt": 6}
    assert counts(ds, "livestock") == {"large": 11, "fairly_large": 11, "small": 14, "none": 3}
    assert counts(ds, "pm25") == {
        "main_urban": 9,
        "attained": 8,
        "exceed_le18": 8,
        "exceed_18_45": 14,
    }
    assert counts(ds, "water_quality") == {"attained": 19, "lt20": 10, "p20_30": 7, "gt30": 3}
    none = ds.guidance[(ds.guidance["family"] == "livestock") & (ds.guidance["category"] == "none")]
    names = ds.units.set_index("code").loc[none["subject"], "name_en"]
    assert set(names) == {"Yuzhong", "Dadukou", "Shapingba"}
    lj = ds.guidance[ds.guidance["subject"] == "liangjiang"].set_index("family")["category"]
    assert lj.to_dict() == {"air": "adapt", "pm25": "main_urban"}
    members = ds.units.set_index("code").loc[ds.groups["code"], "name_en"]
    assert set(members) == {"Jiangbei", "Yubei", "Beibei"}


def test_plan_targets(ds) -> None:
    t = ds.targets[ds.targets["target_set"] == "plan2020"]
    cuts = t[t["kind"] == "emission_cut"].set_index("pollutant")["value"].to_dict()
    assert cuts == {"COD": 0.072, "SO2": 0.071, "NH3N": 0.088, "NOX": 0.069, "VOC": 0.13}
    other = t.set_index("kind")["value"]
    assert other["coal_share_max"] == 0.55
    assert other["energy_intensity_cut"] == 0.15
    assert other["co2_intensity_cut"] == 0.16


def test_at_least_20_measures_covering_the_programme(ds) -> None:
    assert len(ds.measures) >= 20
    covered = set(ds.measures["sector"])
    for sector in ("urban_sewage", "livestock", "power", "mobile_road", "voc_coating"):
        assert sector in covered


def test_every_numeric_cell_has_a_grade_and_a_source(ds) -> None:
    prov = {
        (r.table, r.column, r.key): (r.grade, r.source)
        for r in ds.provenance.itertuples(index=False)
    }
    cells = 0
    for spec in TABLES:
        frame: pd.DataFrame = ds.table(spec.name)
        for column in spec.numeric_columns:
            for _, row in frame.iterrows():
                key = row_key(spec, row)
                grade, source = prov.get((spec.name, column, key)) or prov[(spec.name, column, "*")]
                assert grade in GRADES
                assert len(source) > 10, (spec.name, column, key)
                cells += 1
    assert cells > 3000
    grades = set(ds.provenance["grade"])
    assert {"sourced", "derived", "assumed"} <= grades  # estimates are not dressed as sourced


def test_dataset_is_reproducible_from_its_generator(tmp_path: Path) -> None:
    """scripts/build_dataset.py regenerates the shipped tables byte for byte."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_dataset.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    for file in [spec.file for spec in TABLES] + ["cost_per_tonne.csv"]:
        assert (tmp_path / file).read_bytes() == (embedded_path() / file).read_bytes(), file


def test_data_summary_cli(capsys) -> None:
    assert main(["data", "summary"]) == 0
    out = capsys.readouterr().out
    for words in ("By functional zone", "By sector", "By air guidance category", "assumed"):
        assert words in out


def test_dataset_is_immutable(ds) -> None:
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.units = ds.units  # type: ignore[misc]
    edited = ds.units
    edited.loc[0, "population_2015"] = -1.0
    edited["extra"] = 1
    assert ds.units.loc[0, "population_2015"] > 0
    assert "extra" not in ds.units.columns
    with pytest.raises(TypeError):
        ds.file_hashes["units.csv"] = "x"  # type: ignore[index]
