"""A synthetic dataset folder of the real one's shape, at any scale, for benchmarks.

``write_synthetic(folder, units=400)`` writes every table of :mod:`emisim.model.data.schema`
(the same pattern as ``tests/tiny.py``): N spatial units, 18 sectors, the 5 pollutants,
28 measures, years 2015-2020. The numbers are drawn from a seeded numpy generator, so
the same arguments always give the same files.

The data are built to be feasible under the shipped ``plan2020`` scenario: the target
set is called ``plan2020`` (cuts of 7-13 %); the sectors carry the embedded dataset's
names, and the ones plan2020's adapt-locally rules name exist in every unit; the unit
codes run 500101, 500102, ... so the five counties named in plan2020's adapt-locally
rule exist once N >= 143; and a group
``liangjiang`` stands in for Liangjiang New Area. Every unit can cut each pollutant by
well over the 'large' band (1.3 x the city rate) plus five years of BAU growth, and the
coal-cutting measures can cut several times what the 55 % coal ceiling needs.

Use :func:`cases.synthetic_scenario` to get plan2020 pointed at the folder.

    python benchmarks/synthetic.py OUT_DIR [--units 400] [--seed 2015]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

import numpy as np
from synthetic_city import (
    CATEGORY_WEIGHTS,
    CITY_BASE,
    COAL_GROWTH,
    COAL_SHARE_MAX,
    ENERGY_INTENSITY_CUT,
    GDP_GROWTH,
    GROUP,
    GROUP_SHARES,
    MEASURES,
    SECTOR_GROWTH,
    SECTORS,
    SEED,
    TARGETS,
    YEARS,
    ZONE_WEIGHTS,
)

from emisim.model.data.schema import FAMILIES, POLLUTANTS, TABLES
from emisim.model.vocabulary import ZONES_FYP13 as ZONES  # the 13th plan's zones (ZONE_WEIGHTS)


def _sig(x: float, digits: int = 6) -> float:
    """Round to ``digits`` significant figures, so the CSV is short and stable."""
    return float(f"{x:.{digits}g}")


def _write(folder: Path, name: str, rows: list[dict[str, Any]]) -> None:
    spec = next(t for t in TABLES if t.name == name)
    with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(spec.columns), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})


def unit_codes(n: int) -> list[str]:
    return [f"{500101 + i:06d}" for i in range(n)]


def write_synthetic(folder: Path, *, units: int = 400, seed: int = SEED) -> Path:
    """Write a synthetic dataset of ``units`` units into ``folder`` and return it.

    The steps draw from one generator in a fixed order, so each seed gives one dataset."""
    if units < 4:
        raise ValueError("need at least 4 units (one per zone)")
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    city = _draw_city(rng, unit_codes(units))
    members = _write_geography(folder, city)
    _write_guidance(folder, rng, city["codes"], members)
    _write_targets(folder)
    _write_emissions(folder, city["base"])
    _write_measures(folder, rng, city)
    _write_series(folder, city["growth"])
    return folder


def _draw_city(rng: np.random.Generator, codes: list[str]) -> dict[str, Any]:
    """Zones, sizes, population, which sectors each unit has, base emissions, coal,
    energy and growth rates."""
    units, sectors = len(codes), list(SECTORS)
    zone = list(rng.choice(ZONES, size=units, p=ZONE_WEIGHTS))
    zone[: len(ZONES)] = ZONES  # every zone has a unit
    size = rng.lognormal(0.0, 0.6, size=units)
    size /= size.sum()

    # Which sectors a unit has, and its weight in each: size x sector noise.
    always = np.array([SECTORS[s][3] for s in sectors])
    present = (rng.random((units, len(sectors))) < 0.75) | always
    sigma = np.where(always, 0.3, 0.6)  # everyday sources vary less between units
    weight = size[:, None] * rng.lognormal(0.0, sigma, size=(units, len(sectors))) * present
    weight /= weight.sum(axis=0, keepdims=True)
    base: dict[tuple[str, str, str], float] = {}
    level: dict[str, np.ndarray] = {}
    for (s, p), total in CITY_BASE.items():
        j = sectors.index(s)
        drawn = rng.lognormal(0.0, 0.15, size=units)
        # One draw per unit and sector, shared by the sector's pollutants (the first
        # pollutant's; later draws are made and unused, so the stream stays the same):
        # a unit's pollutant mix within a sector is the city's. Where it varied, a measure
        # that removes two pollutants could not meet a floor on one without breaking a
        # ceiling on the other in some unit (infeasible from ~400 units up, once band
        # floors of 0 kept their rows).
        noise = level.setdefault(s, drawn)
        for i in np.nonzero(present[:, j])[0]:
            base[codes[i], s, p] = _sig(total * weight[i, j] * noise[i])

    # Coal follows the unit's combustion SO2 (power, boilers, households).
    coal_sectors = ("power", "ind_boiler", "residential")
    burn = np.array([sum(base.get((c, s, "SO2"), 0.0) for s in coal_sectors) for c in codes])
    coal = 26000.0 * burn / burn.sum()  # ktce: ~26 Mtce city-wide
    coal_share = rng.uniform(0.55, 0.75, size=units)  # city-wide ~0.64: the cap binds
    growth = (
        {(s, z): rng.uniform(*SECTOR_GROWTH) for s in sectors for z in ZONES}
        | {("energy", z): 0.04 for z in ZONES}
        | {("coal", z): COAL_GROWTH for z in ZONES}
    )
    return {
        "codes": codes,
        "zone": zone,
        "population": 30e6 * size,
        "present": present,
        "base": base,
        "coal": coal,
        "energy": coal / coal_share + 5.0 * size / size.mean(),
        "growth": growth,
    }


def _write_geography(folder: Path, city: dict[str, Any]) -> list[str]:
    """zones, units, groups and categories; the group's member units."""
    codes, zone, population = city["codes"], city["zone"], city["population"]
    coal, energy = city["coal"], city["energy"]
    _write(
        folder,
        "zones",
        [
            {"zone": z, "name_en": z, "name_zh": z, "population_2015": _sig(population.sum() / 4)}
            for z in ZONES
        ],
    )
    _write(
        folder,
        "units",
        [
            {
                "code": c,
                "name_zh": f"合成{i + 1}",
                "name_en": f"Synth {i + 1}",
                "zone": zone[i],
                "population_2015": _sig(population[i]),
                "co2_2015_mt": _sig(2.6 * coal[i] / 1000),
                "coal_2015_ktce": _sig(coal[i]),
                "energy_2015_ktce": _sig(energy[i]),
            }
            for i, c in enumerate(codes)
        ],
    )
    members = [c for c, z in zip(codes, zone, strict=True) if z == "main_urban"][:3]
    _write(
        folder,
        "groups",
        [
            {"group": GROUP, "code": c, "share": w, "name_en": "New Area", "name_zh": "新区"}
            for c, w in zip(members, GROUP_SHARES[: len(members)], strict=True)
        ],
    )
    _write(
        folder,
        "categories",
        [
            {"family": f, "category": c, "wording_zh": c, "wording_en": c}
            for f, cats in FAMILIES.items()
            for c in cats
        ],
    )
    return members


def _write_guidance(
    folder: Path, rng: np.random.Generator, codes: list[str], members: list[str]
) -> None:
    """Each unit's drawn category per family; the group's air category."""
    guidance = []
    for f, cats in FAMILIES.items():
        drawn = rng.choice(len(cats), size=len(codes), p=CATEGORY_WEIGHTS[f])
        for i, c in enumerate(codes):
            cat = cats[drawn[i]]
            if f == "air" and c in members:
                cat = "large"  # inside the group's 'medium' band: compatible
            guidance.append({"subject": c, "family": f, "category": cat})
    guidance.append({"subject": GROUP, "family": "air", "category": "medium"})
    _write(folder, "guidance", guidance)


def _write_targets(folder: Path) -> None:
    """The plan2020 target set: emission cuts, the coal share cap, the intensity cut."""
    targets = [
        {
            "target_set": "plan2020",
            "target": f"cut_{p.lower()}",
            "kind": "emission_cut",
            "pollutant": p,
            "value": v,
            "year": YEARS[-1],
        }
        for p, v in TARGETS.items()
    ]
    targets += [
        {
            "target_set": "plan2020",
            "target": "coal_share",
            "kind": "coal_share_max",
            "pollutant": None,
            "value": COAL_SHARE_MAX,
            "year": YEARS[-1],
        },
        {
            "target_set": "plan2020",
            "target": "energy_intensity",
            "kind": "energy_intensity_cut",
            "pollutant": None,
            "value": ENERGY_INTENSITY_CUT,
            "year": YEARS[-1],
        },
    ]
    _write(folder, "targets", targets)
    _write(
        folder,
        "period",
        [
            {
                "period": "synthetic",
                "name_en": "synthetic plan period",
                "name_zh": "合成规划期",
                "base_year": YEARS[0],
                "first_year": YEARS[1],
                "last_year": YEARS[-1],
                "mechanism": "percent_of_base",
                "target_set": "plan2020",
                "plan_en": "synthetic benchmark data",
                "plan_zh": "合成基准数据",
            }
        ],
    )


def _write_emissions(folder: Path, base: dict[tuple[str, str, str], float]) -> None:
    """sectors, city totals, sector shares and the baseline."""
    _write(
        folder,
        "sectors",
        [
            {"sector": s, "name_en": s, "name_zh": s, "medium": med, "family": fam, "voc_key": key}
            for s, (med, fam, key, _always) in SECTORS.items()
        ],
    )
    totals = {p: sum(v for (_c, _s, q), v in base.items() if q == p) for p in POLLUTANTS}
    _write(
        folder,
        "city_totals",
        [{"pollutant": p, "total_2015_t": _sig(totals[p])} for p in POLLUTANTS],
    )
    by_sp: dict[tuple[str, str], float] = {}
    for (_c, s, p), v in base.items():
        by_sp[s, p] = by_sp.get((s, p), 0.0) + v
    shares = []
    for p in POLLUTANTS:
        keys = [k for k in by_sp if k[1] == p]
        vals = [round(by_sp[k] / totals[p], 9) for k in keys]
        vals[-1] = round(1.0 - sum(vals[:-1]), 9)  # sum to one within the loader's tolerance
        shares += [
            {"pollutant": p, "sector": k[0], "share": v} for k, v in zip(keys, vals, strict=True)
        ]
    _write(folder, "sector_shares", shares)
    _write(
        folder,
        "baseline",
        [
            {"code": c, "sector": s, "pollutant": p, "emissions_t": v}
            for (c, s, p), v in base.items()
        ],
    )


def _write_measures(folder: Path, rng: np.random.Generator, city: dict[str, Any]) -> None:
    """measures, removals and potentials (and no dated commitments)."""
    measure_rows, removal_rows, potential_rows = [], [], []
    for k, spec in MEASURES.items():
        row, removal, pot = _measure(rng, city, k, *spec)
        measure_rows.append(row)
        removal_rows += [{"measure": k, "pollutant": p, "removal_t": v} for p, v in removal.items()]
        potential_rows += [{"code": c, "measure": k, "potential": v} for c, v in pot.items()]
    _write(folder, "measures", measure_rows)
    _write(folder, "removals", removal_rows)
    _write(folder, "potentials", potential_rows)
    _write(folder, "deadlines", [])  # the plan's dated commitments: none here


def _measure(rng, city, k, s, removes, coal_frac, cost_t, ramp, prog) -> tuple[dict, dict, dict]:
    """One measure's row, removals and potentials: one activity unit removes ``r`` t/yr of
    the measure's first pollutant; full potential removes the stated share of the sector's
    BAU emissions of each pollutant."""
    codes, zone, coal, base = city["codes"], city["zone"], city["coal"], city["base"]
    lead = next(iter(removes))
    r_lead = _sig(float(rng.uniform(5.0, 200.0)), 4)
    cityp = {p: CITY_BASE.get((s, p), 0.0) for p in removes}
    removal = {
        p: _sig(r_lead * (f * cityp[p]) / (removes[lead] * cityp[lead]), 6)
        for p, f in removes.items()
        if cityp[p] > 0
    }
    annual = cost_t * r_lead
    capex = _sig(annual * rng.uniform(4.0, 8.0))
    opex = _sig(annual * rng.uniform(0.1, 0.4))
    life = int(rng.integers(8, 26))
    j, final = list(SECTORS).index(s), YEARS[-1] - YEARS[0]
    pot = {}
    for i in np.nonzero(city["present"][:, j])[0]:
        grown = (1 + city["growth"][s, zone[i]]) ** final
        bau = base.get((codes[i], s, lead), 0.0) * grown
        if bau > 0:
            pot[codes[i]] = _sig(removes[lead] * bau / r_lead)
            # The first unit never removes more of a pollutant than the unit emits (the
            # loader's check): the pollutant mix varies between units, so a unit whose mix
            # is short of a co-removed pollutant gets less potential. Rare at 400 units,
            # certain at 1,000 (one in several thousand cells).
            room = min(
                0.999 * base.get((codes[i], s, q), 0.0) * max(1.0, grown) / r
                for q, r in removal.items()
            )
            if min(1.0, pot[codes[i]]) > room:
                pot[codes[i]] = _sig(room)
    total_pot = sum(pot.values())
    cut = 0.0
    if coal_frac > 0 and total_pot > 0:
        share_coal = sum(coal[codes.index(c)] for c in pot) / max(total_pot, 1e-9)
        cut = _sig(coal_frac * share_coal, 6)
    row = {
        "measure": k,
        "name_en": k.replace("_", " "),
        "name_zh": k,
        "sector": s,
        "activity_unit": f"{r_lead:g} t/yr {lead} capacity",
        "activity_unit_zh": f"{r_lead:g}吨/年{lead}处理能力",
        "capex_yuan": capex,
        "capex_low": _sig(0.8 * capex),
        "capex_high": _sig(1.25 * capex),
        "opex_yuan_yr": opex,
        "opex_low": _sig(0.8 * opex),
        "opex_high": _sig(1.25 * opex),
        "lifetime_yr": life,
        "programme_qty": None if prog is None else _sig(prog * total_pot),
        "coal_cut_ktce": cut,
        "ramp_max": ramp,
        "plan_ref": "synthetic",
    }
    return row, removal, pot


def _write_series(folder: Path, growth: dict[tuple[str, str], float]) -> None:
    """growth and macro indices, provenance (every number graded 'assumed')."""
    _write(
        folder,
        "growth",
        [
            {"series": s, "zone": z, "year": y, "index": round((1 + g) ** (y - YEARS[0]), 6)}
            for (s, z), g in growth.items()
            for y in YEARS[1:]
        ],
    )
    _write(
        folder,
        "macro",
        [{"year": y, "gdp_index": round((1 + GDP_GROWTH) ** (y - YEARS[0]), 6)} for y in YEARS],
    )
    _write(
        folder,
        "provenance",
        [
            {"table": t.name, "column": c, "key": "*", "grade": "assumed", "source": "synthetic"}
            for t in TABLES
            for c in t.numeric_columns
        ],
    )
    _write(folder, "deadlines", [])  # dated commitments name real measures: none here


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--units", type=int, default=400)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    print(write_synthetic(args.folder, units=args.units, seed=args.seed))


if __name__ == "__main__":
    main()
