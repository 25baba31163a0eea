"""Coal power plants from the Global Power Plant Database (WRI, v1.3.0, CC BY 4.0).

``sources/gppd_coal_plants_chongqing_bbox.csv`` holds GPPD's coal plants in Chongqing's
bounding box; ``inputs/plant_districts.csv`` puts each in its unit (or in none: outside
Chongqing). A plant is in the base year if it has a capacity, is not shut down and was
commissioned in or before the base year. Power-sector coal, SO2 and NOx are split over
units by capacity x full-load hours (one stated utilisation for every unit), so a plant
is never spread over districts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emisim.model.data.derive.inputs import Inputs


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
