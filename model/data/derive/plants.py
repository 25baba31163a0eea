"""Coal power plants from the Global Power Plant Database (WRI, v1.3.0, CC BY 4.0).

``sources/gppd_coal_plants_chongqing_bbox.csv`` holds GPPD's coal plants in Chongqing's
bounding box; ``inputs/plant_districts.csv`` puts each in its unit (or in none: outside
Chongqing). A plant is in the base year if it has a capacity, is not shut down and was
commissioned in or before the base year. Power-sector coal, SO2 and NOx are split over
units by capacity x full-load hours (one stated utilisation for every unit), so a plant
is never spread over districts.

Each plant's 2015 emissions come from its own row of ``inputs/plant_controls.csv``
(formulas of named parameters): months run in 2015, full-load hours, net coal rate
(gce/kWh, by vintage and size), the GB 13223-2011 limits that applied to it, the controls
in place and its annual mean SO2 and NOx concentrations (mg/Nm3, dry, 6 % O2). Flue gas per
kWh = coal rate x the heat of a gram of standard coal x the dry flue-gas volume per GJ:

    generation (MWh) = MW x hours x months / MONTHS_PER_YEAR
    g/kWh            = mg/Nm3 x Nm3/kWh / KILO
    t/yr             = g/kWh x MWh / KILO
    coal (ktce)      = MWh x gce/kWh / KILO^2

A concentration above its limit must say why in ``flag`` (the derivation refuses it
otherwise). The ultra-low retrofit removes, per plant, its 2015 emissions x (1 - the
ultra-low concentration / its 2015 concentration).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emisim.model.data.derive.formula import evaluate
from emisim.model.data.derive.inputs import Inputs
from emisim.model.errors import DataError

CONTROLS = "inputs/plant_controls.csv"
NUMERIC = (
    "months_2015", "hours", "coal_gce_kwh", "so2_limit", "nox_limit", "so2_mg_m3", "nox_mg_m3"
)  # fmt: skip


@dataclass(frozen=True)
class Plant:
    gppd_id: str
    name: str
    code: str
    capacity_mw: float
    commissioned: int


def base_year_plants(inp: Inputs, base_year: int) -> list[Plant]:
    """Plants inside Chongqing that ran in the base year."""
    gppd = inp.gppd
    where = {r["gppd_id"]: r["code"] for r in inp["plant_districts"]}
    missing = sorted(set(gppd["gppd_id"]) - set(where))
    if missing:
        raise ValueError(f"inputs/plant_districts.csv: no row for GPPD plant(s) {missing}")
    out = []
    for r in gppd.itertuples(index=False):
        running = pd.notna(r.capacity_mw) and r.status != "Shutdown"
        if where[r.gppd_id] and running and int(r.commissioning) <= base_year:
            out.append(
                Plant(
                    r.gppd_id, r.name, where[r.gppd_id], float(r.capacity_mw), int(r.commissioning)
                )
            )
    return out


def capacity_by_unit(plants: list[Plant], min_mw: float = 0) -> dict[str, float]:
    """MW per unit of the plants of at least ``min_mw``."""
    out: dict[str, float] = {}
    for p in plants:
        if p.capacity_mw >= min_mw:
            out[p.code] = out.get(p.code, 0.0) + p.capacity_mw
    return out


@dataclass(frozen=True)
class PlantYear:
    """A base-year plant with its evaluated row of ``inputs/plant_controls.csv``."""

    plant: Plant
    row: dict[str, str]
    v: dict[str, float]
    k: dict[str, float]  # the constants NM3_PER_GCE, MONTHS_PER_YEAR, KILO

    @property
    def nm3_per_kwh(self) -> float:
        """Dry flue gas (6 % O2) per kWh: coal rate x Nm3 per gram of standard coal."""
        return self.v["coal_gce_kwh"] * self.k["NM3_PER_GCE"]

    @property
    def generation_mwh(self) -> float:
        run = self.v["months_2015"] / self.k["MONTHS_PER_YEAR"]
        return self.plant.capacity_mw * self.v["hours"] * run

    @property
    def coal_ktce(self) -> float:
        return self.generation_mwh * self.v["coal_gce_kwh"] / self.k["KILO"] ** 2

    def g_per_kwh(self, pollutant: str) -> float:
        return self.v[f"{pollutant.lower()}_mg_m3"] * self.nm3_per_kwh / self.k["KILO"]

    def tonnes(self, pollutant: str) -> float:
        return self.g_per_kwh(pollutant) * self.generation_mwh / self.k["KILO"]

    def ultra_low_removal(self, pollutant: str, ultra_low_mg_m3: float) -> float:
        """t/yr the ultra-low retrofit removes at the 2015 operation (0 if already below)."""
        c = self.v[f"{pollutant.lower()}_mg_m3"]
        return self.tonnes(pollutant) * max(0.0, 1 - ultra_low_mg_m3 / c) if c > 0 else 0.0


def plant_years(inp: Inputs, plants: list[Plant]) -> list[PlantYear]:
    """Every base-year plant with its controls row; a missing row, or a concentration above
    its limit without a flag, is an error naming the file and row."""
    rows = {r["gppd_id"]: (i, r) for i, r in enumerate(inp["plant_controls"], start=2)}
    p = inp.params
    k = {n: p[n] for n in ("NM3_PER_GCE", "MONTHS_PER_YEAR", "KILO")}
    out = []
    for plant in plants:
        if plant.gppd_id not in rows:
            raise DataError(CONTROLS, f"no row for GPPD plant {plant.gppd_id} ({plant.name})")
        i, r = rows[plant.gppd_id]
        v = {k: evaluate(r[k], p, f"{CONTROLS} row {i} column {k}") for k in NUMERIC}
        if not 0 < v["months_2015"] <= k["MONTHS_PER_YEAR"]:
            raise DataError(CONTROLS, "months run in 2015 must be in (0, 12]", row=i)
        for q in ("so2", "nox"):
            if v[f"{q}_mg_m3"] > v[f"{q}_limit"] and not r["flag"].strip():
                raise DataError(
                    CONTROLS, f"{q} above its GB 13223-2011 limit: say why in flag", row=i
                )
        out.append(PlantYear(plant, r, v, k))
    return out


def by_unit(years: list[PlantYear], value) -> dict[str, float]:
    """Sum of ``value(plant_year)`` per unit."""
    out: dict[str, float] = {}
    for y in years:
        out[y.plant.code] = out.get(y.plant.code, 0.0) + value(y)
    return out


def plant_names(inp: Inputs, years: list[PlantYear]) -> dict[str, float]:
    """Names the formulas may use: PLANTS_<P>_T (the plants' 2015 t) and, for each retrofit
    measure M named in the ``retrofit`` column, <M>_MW (its plants' capacity) and
    <M>_SHARE_<P> (the share of the plants' 2015 t that retrofitting them removes)."""
    p = inp.params
    out = {f"PLANTS_{q}_T": sum(y.tonnes(q) for y in years) for q in ("SO2", "NOX")}
    for m, group in sorted(retrofit_groups(years).items()):
        out[f"{m.upper()}_MW"] = sum(y.plant.capacity_mw for y in group)
        for q in ("SO2", "NOX"):
            removed = sum(y.ultra_low_removal(q, p[f"ULTRA_LOW_{q}_MG_M3"]) for y in group)
            out[f"{m.upper()}_SHARE_{q}"] = removed / out[f"PLANTS_{q}_T"]
    return out


def retrofit_groups(years: list[PlantYear]) -> dict[str, list[PlantYear]]:
    """Retrofit measure -> the plants whose row names it."""
    out: dict[str, list[PlantYear]] = {}
    for y in years:
        if y.row["retrofit"].strip():
            out.setdefault(y.row["retrofit"].strip(), []).append(y)
    return out


def point_shares(years: list[PlantYear]) -> dict[tuple[str, str], dict[str, float]]:
    """(power, pollutant) -> each unit's share of the plants' 2015 emissions."""
    out = {}
    for q in ("SO2", "NOX"):
        t = by_unit(years, lambda y, q=q: y.tonnes(q))
        total = sum(t.values())
        out[("power", q)] = {c: v / total for c, v in t.items()}
    return out
