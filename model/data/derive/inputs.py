"""The authored inputs of a dataset, read once into plain Python structures.

A dataset folder holds the model's tables; its ``inputs/`` folder holds what people
write (parameters with grades and sources, measure cards, proxy rules, growth rates,
provenance notes) and ``sources/`` the third-party source tables (census, CEADs CO2,
GPPD power plants). The tables a person writes directly (zones, groups, categories,
guidance, targets, sectors) are read from the dataset folder itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from emisim.model.data.derive.csvio import read
from emisim.model.data.derive.formula import resolve
from emisim.model.errors import DataError

INPUTS = "inputs"
SOURCES = "sources"
CEADS_FILE = "ceads_county_co2_chongqing.csv"
CENSUS_FILE = "census2010_population_chongqing.csv"
GPPD_FILE = "gppd_coal_plants_chongqing_bbox.csv"
AUTHORED_TABLES = (
    "period",
    "zones",
    "groups",
    "categories",
    "guidance",
    "targets",
    "sectors",
    "deadlines",
)
#: Authored tables a dataset may lack (the official figures the hindcast reads).
OPTIONAL_AUTHORED = ("observed",)


@dataclass(frozen=True)
class Inputs:
    """Everything the derivation reads; see docs/data.md for each file."""

    folder: Path
    params: dict[str, float]
    tables: dict[str, list[dict[str, str]]]
    ceads: pd.DataFrame
    census: pd.DataFrame
    gppd: pd.DataFrame

    def __getitem__(self, name: str) -> list[dict[str, str]]:
        return self.tables[name]


#: The authored input files and their columns (declared once; docs/data.md lists them).
INPUT_FILES: dict[str, str] = {
    "parameters": "name,value,unit,grade,source",
    "unit_sources": "code,name_zh,name_en,zone,census_units,ceads_codes,population_2015_fixed",
    "sector_proxies": "sector,proxy,main_urban,new_urban,northeast,southeast",
    "site_multipliers": "sector,code,multiplier,grade,source",
    "plant_districts": "gppd_id,code,method",
    "plant_controls": (
        "gppd_id,name,months_2015,hours,coal_gce_kwh,boiler,controls_2015,so2_limit,nox_limit,"
        "so2_mg_m3,nox_mg_m3,retrofit,flag,grade,source"
    ),
    "sites": "sector,code,weight,grade,source",
    "category_weights": "sector,family,category,weight",
    "coal_sector_shares": "sector,share",
    "growth_rates": "series,zone,rate",
    "gdp_growth": "year,growth",
    "sector_share_rules": "pollutant,sector,formula",
    "measure_cards": (
        "measure,name_en,name_zh,sector,activity_unit,activity_unit_zh,main_pollutant,"
        "programme_qty,technical_potential,headroom,capex,capex_low,capex_high,capex_grade,"
        "capex_source,opex,opex_low,opex_high,opex_grade,opex_source,lifetime_yr,coal_cut_ktce,coal_grade,"
        "coal_source,ramp_max,qty_grade,qty_source,plan_ref,potential_rule"
    ),
    "measure_removals": "measure,pollutant,formula,grade,source",
    "provenance_notes": "table,column,key,grade,source",
    "cost_sources": "measure,pollutant,metric,low,high,source,exception",
    "documents": "document,place,states",
    "cost_factor_rules": "driver,measures,zone,value,grade,source",
    "net_cost_rules": "measure,fuel_saving_yuan_yr,lost_output_yuan_yr,grade,source",
    "district_totals": "code,pollutant,total_t,grade,source",
}


#: Inputs a folder may lack (copies made before the file existed): no rows.
OPTIONAL_INPUTS = ("district_totals",)


def _read_input(folder: Path, name: str) -> list[dict[str, str]]:
    file = folder / INPUTS / f"{name}.csv"
    if not file.is_file() and name in OPTIONAL_INPUTS:
        return []
    if not file.is_file():
        raise DataError(file, "missing: the derivation needs every authored input")
    rows = read(file)
    expected = INPUT_FILES[name].split(",")
    with file.open(encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
    if header != expected:
        raise DataError(file, f"header {header} differs from the expected {expected}", row=1)
    for i, r in enumerate(rows, start=2):
        if None in r or None in r.values():
            raise DataError(
                file, f"{len(expected)} fields expected (quote cells with commas)", row=i
            )
    return rows


def read_inputs(folder: Path) -> Inputs:
    """Read the authored tables of dataset ``folder`` and its ``inputs/``, ``sources/``."""
    tables = {name: _read_input(folder, name) for name in INPUT_FILES}
    tables.update({name: read(folder / f"{name}.csv") for name in AUTHORED_TABLES})
    params = resolve(tables["parameters"], str(folder / INPUTS / "parameters.csv"))
    ceads = pd.read_csv(folder / SOURCES / CEADS_FILE, dtype={"DISTCODE地区代码": str})
    census = pd.read_csv(folder / SOURCES / CENSUS_FILE)
    gppd = pd.read_csv(folder / SOURCES / GPPD_FILE, dtype={"gppd_id": str, "status": str})
    return Inputs(folder, params, tables, ceads, census, gppd)
