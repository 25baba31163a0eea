"""Unit table: 2015 population, CO2, coal and primary energy of the 39 units.

Population: 2010 census shares scaled to the sourced 2015 zone totals (largest-remainder
rounding, so each zone sums exactly); a unit may carry a fixed, separately sourced figure.
CO2: CEADs county CO2 (pre-merger units summed); a unit missing in CEADs gets its zone's
per-capita CO2. Coal: city coal split by sector, then over units by each sector's
emission proxy (so coal and combustion emissions come from the same place). Energy:
city energy split by CO2, except that no unit's coal exceeds a set share of its energy
(units below are held at coal / share and the rest is split over the others by CO2), so
the city total is kept and coal <= energy in every unit.
"""

from __future__ import annotations

import math

from emisim.model.data.derive.formula import evaluate
from emisim.model.data.derive.inputs import Inputs


def codes_of(inp: Inputs) -> list[str]:
    return [u["code"] for u in inp["unit_sources"]]


def zone_of(inp: Inputs) -> dict[str, str]:
    return {u["code"]: u["zone"] for u in inp["unit_sources"]}


def population(inp: Inputs) -> dict[str, int]:
    """2015 population per unit; each zone sums exactly to its zones.csv total."""
    pop10 = dict(zip(inp.census["unit_2010"], inp.census["population_2010_census"], strict=True))
    units = inp["unit_sources"]
    used = sorted(n for u in units for n in u["census_units"].split(";"))
    if used != sorted(pop10):
        raise ValueError("unit_sources.csv must use every census row exactly once")
    p10 = {u["code"]: sum(pop10[n] for n in u["census_units"].split(";")) for u in units}
    fixed = {
        u["code"]: int(evaluate(u["population_2015_fixed"], inp.params, "unit_sources.csv"))
        for u in units
        if u["population_2015_fixed"]
    }
    pop: dict[str, int] = {}
    for z in inp["zones"]:
        members = [u["code"] for u in units if u["zone"] == z["zone"]]
        rest = [c for c in members if c not in fixed]
        target = int(float(z["population_2015"])) - sum(fixed.get(c, 0) for c in members)
        base = sum(p10[c] for c in rest)
        raw = {c: p10[c] * target / base for c in rest}
        floor = {c: math.floor(v) for c, v in raw.items()}
        short = target - sum(floor.values())  # largest remainder: the zone sums exactly
        for c in sorted(rest, key=lambda c: (-(raw[c] - floor[c]), c))[:short]:
            floor[c] += 1
        pop.update(floor)
        pop.update({c: fixed[c] for c in members if c in fixed})
    return pop


def co2(inp: Inputs, pop: dict[str, int]) -> dict[str, float]:
    """County CO2 2015 (Mt); units missing in CEADs get their zone's per-capita CO2."""
    ceads = dict(zip(inp.ceads["DISTCODE地区代码"], inp.ceads["C2015"], strict=True))
    units = inp["unit_sources"]
    used = sorted(c for u in units for c in u["ceads_codes"].split(";") if c)
    if used != sorted(ceads):
        raise ValueError("unit_sources.csv must use every CEADs row exactly once")
    out = {
        u["code"]: sum(ceads[c] for c in u["ceads_codes"].split(";"))
        for u in units
        if u["ceads_codes"]
    }
    zone = zone_of(inp)
    for c in codes_of(inp):
        if c not in out:
            known = [k for k in out if zone[k] == zone[c]]
            out[c] = sum(out[k] for k in known) / sum(pop[k] for k in known) * pop[c]
    return out


def coal_and_energy(
    inp: Inputs, co2_u: dict[str, float], shares: dict[str, dict[str, float]], gdp: dict[int, float]
) -> tuple[dict[str, float], dict[str, float], float]:
    """(coal by unit, energy by unit, city energy), all ktce, 2015."""
    p = inp.params
    coal_city = p["COAL_CITY_KTCE"]
    energy_city = p["ENERGY_2020_KTCE"] / gdp[max(gdp)] / (1 - p["INTENSITY_CUT_2016_2020"])
    codes = codes_of(inp)
    coal_sector = {r["sector"]: float(r["share"]) for r in inp["coal_sector_shares"]}
    coal_u = {c: sum(coal_city * f * shares[s][c] for s, f in coal_sector.items()) for c in codes}
    cap = p["COAL_MAX_SHARE_OF_UNIT_ENERGY"]
    return (
        coal_u,
        split_energy(energy_city, co2_u, {c: v / cap for c, v in coal_u.items()}),
        energy_city,
    )


def split_energy(
    total: float, weight: dict[str, float], floor: dict[str, float]
) -> dict[str, float]:
    """``total`` split in proportion to ``weight``, except that no unit gets less than its
    ``floor`` (a unit's coal / the largest coal share of its energy): units below it are
    held at it and the rest is split over the others, until none is below. The parts sum
    to ``total`` exactly (up to floating point), so the city total is kept."""
    if sum(floor.values()) > total:
        raise ValueError(
            f"the units' coal needs {sum(floor.values()):.0f} ktce of primary energy, "
            f"more than the city's {total:.0f}"
        )
    held: dict[str, float] = {}
    while True:
        rest = [c for c in weight if c not in held]
        if not rest:
            raise ValueError("every unit is held at its coal floor: the total cannot be kept")
        left = total - sum(held.values())
        w = sum(weight[c] for c in rest)
        share = {c: left * weight[c] / w for c in rest}
        below = [c for c in rest if share[c] < floor[c]]
        if not below:
            return {**held, **share}
        held.update({c: floor[c] for c in below})
