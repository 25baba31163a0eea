"""``power_plants.csv``: each coal plant's 2015 operation and emissions from its own row,
and what the ultra-low retrofit removes there and costs per tonne.

Written by the derivation next to the model's tables (like ``cost_per_tonne.csv``); the
model does not read it. The retrofit's removal is at a full year's operation (all months at
the plant's hours) and its cost is the measure card's central cost (capex annualised at
``COST_CHECK_DISCOUNT_RATE`` over the card's lifetime, plus opex), before the district
plant-size factor; a plant whose row names no retrofit measure (below ``ULTRA_LOW_MIN_MW``)
is outside the programme (empty cells).
"""

from __future__ import annotations

from emisim.model.data.derive.costs import crf
from emisim.model.data.derive.csvio import sig
from emisim.model.data.derive.inputs import Inputs
from emisim.model.data.derive.measures import Measure
from emisim.model.data.derive.plants import PlantYear

COLUMNS = (
    "gppd_id,name,code,capacity_mw,commissioned,months_2015,hours,coal_gce_kwh,"
    "generation_gwh,coal_ktce,so2_mg_m3,so2_limit,nox_mg_m3,nox_limit,so2_g_kwh,nox_g_kwh,"
    "so2_t,nox_t,limits,retrofit,ultra_low_so2_t_yr,ultra_low_nox_t_yr,ultra_low_cost_yuan_yr,"
    "ultra_low_yuan_per_t_so2,ultra_low_yuan_per_t_so2_nox,grade,source"
)


def _limits(y: PlantYear) -> str:
    over = [q for q in ("so2", "nox") if y.v[f"{q}_mg_m3"] > y.v[f"{q}_limit"]]
    return f"above ({', '.join(over)}): {y.row['flag']}" if over else "within"


def _retrofit(inp: Inputs, y: PlantYear, cards: dict[str, Measure]) -> list:
    p = inp.params
    card = cards.get(y.row["retrofit"].strip())
    if card is None:
        return [None] * 6
    full = y.k["MONTHS_PER_YEAR"] / y.v["months_2015"]
    so2 = y.ultra_low_removal("SO2", p["ULTRA_LOW_SO2_MG_M3"]) * full
    nox = y.ultra_low_removal("NOX", p["ULTRA_LOW_NOX_MG_M3"]) * full
    n = card.numbers
    rate = p["COST_CHECK_DISCOUNT_RATE"]
    per_mw = n["capex"] * crf(rate, int(card.card["lifetime_yr"])) + n["opex"]
    cost = per_mw * y.plant.capacity_mw
    return [card.id, sig(so2), sig(nox), sig(cost), sig(cost / so2), sig(cost / (so2 + nox))]


def report(inp: Inputs, years: list[PlantYear], cards: list[Measure]) -> tuple[list, list]:
    """(header, rows) of power_plants.csv, largest plant first."""
    by_id = {m.id: m for m in cards}
    rows = []
    for y in sorted(years, key=lambda y: (-y.plant.capacity_mw, y.plant.gppd_id)):
        pl, v = y.plant, y.v
        rows.append(
            [
                pl.gppd_id, y.row["name"], pl.code, sig(pl.capacity_mw), pl.commissioned,
                sig(v["months_2015"]), sig(v["hours"]), sig(v["coal_gce_kwh"]),
                sig(y.generation_mwh / y.k["KILO"]), sig(y.coal_ktce),
                sig(v["so2_mg_m3"]), sig(v["so2_limit"]), sig(v["nox_mg_m3"]),
                sig(v["nox_limit"]), sig(y.g_per_kwh("SO2")), sig(y.g_per_kwh("NOX")),
                sig(y.tonnes("SO2")), sig(y.tonnes("NOX")), _limits(y),
                *_retrofit(inp, y, by_id), y.row["grade"], y.row["source"],
            ]
        )  # fmt: skip
    return COLUMNS.split(","), rows
