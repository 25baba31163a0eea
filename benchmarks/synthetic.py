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

Use :func:`synthetic_scenario` to get plan2020 pointed at the folder.

    python benchmarks/synthetic.py OUT_DIR [--units 400] [--seed 2015]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

import numpy as np

from emisim.model.data.schema import FAMILIES, POLLUTANTS, TABLES, ZONES

YEARS = tuple(range(2015, 2021))
SEED = 2015

#: sector: (medium, guidance family, VOC key industry, present in every unit).
#: The names are those of the embedded Chongqing dataset, so plan2020's rules resolve.
SECTORS: dict[str, tuple[str, str, bool, bool]] = {
    "power": ("air", "air", False, False),
    "ind_boiler": ("air", "air", False, False),
    "steel": ("air", "air", False, False),
    "cement_glass": ("air", "air", False, False),
    "other_industry": ("air", "air", False, False),
    "residential": ("air", "air", False, True),
    "mobile_road": ("air", "air", False, True),
    "mobile_nonroad": ("air", "air", False, True),
    "construction": ("air", "air", False, True),
    "voc_coating": ("air", "air", True, False),
    "voc_chemical": ("air", "air", True, False),
    "voc_printing": ("air", "air", True, False),
    "fuel_distribution": ("air", "air", True, False),
    "other_voc": ("air", "air", False, True),
    "ind_wastewater": ("water", "water", False, False),
    "urban_sewage": ("water", "water", False, True),
    "township_sewage": ("water", "water", False, False),
    "livestock": ("water", "livestock", False, True),
}

#: City-wide base-year emissions (t) of each sector and pollutant, Chongqing-like.
CITY_BASE: dict[tuple[str, str], float] = {
    ("power", "SO2"): 150e3,
    ("power", "NOX"): 80e3,
    ("ind_boiler", "SO2"): 100e3,
    ("ind_boiler", "NOX"): 35e3,
    ("steel", "SO2"): 40e3,
    ("steel", "NOX"): 20e3,
    ("steel", "VOC"): 5e3,
    ("cement_glass", "SO2"): 50e3,
    ("cement_glass", "NOX"): 60e3,
    ("other_industry", "SO2"): 55e3,
    ("other_industry", "NOX"): 20e3,
    ("residential", "SO2"): 60e3,
    ("residential", "NOX"): 5e3,
    ("residential", "VOC"): 20e3,
    ("mobile_road", "NOX"): 90e3,
    ("mobile_road", "VOC"): 50e3,
    ("mobile_nonroad", "NOX"): 30e3,
    ("mobile_nonroad", "VOC"): 5e3,
    ("construction", "NOX"): 25e3,
    ("construction", "VOC"): 10e3,
    ("voc_coating", "VOC"): 40e3,
    ("voc_chemical", "VOC"): 30e3,
    ("voc_chemical", "NOX"): 10e3,
    ("voc_printing", "VOC"): 15e3,
    ("fuel_distribution", "VOC"): 20e3,
    ("other_voc", "VOC"): 30e3,
    ("ind_wastewater", "COD"): 60e3,
    ("ind_wastewater", "NH3N"): 5e3,
    ("urban_sewage", "COD"): 150e3,
    ("urban_sewage", "NH3N"): 25e3,
    ("township_sewage", "COD"): 70e3,
    ("township_sewage", "NH3N"): 10e3,
    ("livestock", "COD"): 100e3,
    ("livestock", "NH3N"): 8e3,
}

#: measure: (sector, {pollutant: share of the sector's BAU emissions removed at full
#: potential}, coal cut at full potential as a share of the unit's coal, yuan per tonne
#: of the first pollutant (annualised), ramp_max, programme ceiling as a share of the
#: total potential or None). The first pollutant sets the measure's activity unit.
Measure = tuple[str, dict[str, float], float, float, float, float | None]
MEASURES: dict[str, Measure] = {
    "power_fgd": ("power", {"SO2": 0.55}, 0.0, 3000, 0.4, None),
    "power_scr": ("power", {"NOX": 0.5}, 0.0, 6000, 0.4, None),
    "power_clean_substitution": ("power", {"SO2": 0.2, "NOX": 0.15}, 0.1, 20000, 0.25, None),
    "boiler_coal_to_gas": ("ind_boiler", {"SO2": 0.45, "NOX": 0.3}, 0.08, 9000, 0.3, None),
    "boiler_low_nox": ("ind_boiler", {"NOX": 0.4, "SO2": 0.15}, 0.0, 7000, 0.35, None),
    "sinter_fgd_scr": ("steel", {"SO2": 0.6, "NOX": 0.4}, 0.0, 5000, 0.35, None),
    "cement_denox": ("cement_glass", {"NOX": 0.55}, 0.0, 5000, 0.35, None),
    "glass_deep_treatment": ("cement_glass", {"SO2": 0.5, "NOX": 0.2}, 0.0, 6000, 0.3, None),
    "ind_desulf_upgrade": ("other_industry", {"SO2": 0.55}, 0.0, 4500, 0.35, None),
    "ind_denox": ("other_industry", {"NOX": 0.5}, 0.0, 8000, 0.3, None),
    "residential_clean_fuel": (
        "residential",
        {"SO2": 0.5, "NOX": 0.3, "VOC": 0.3},
        0.05,
        12000,
        0.3,
        None,
    ),
    "hdv_diesel_control": ("mobile_road", {"NOX": 0.35, "VOC": 0.3}, 0.0, 10000, 0.3, 0.8),
    "nev_promotion": ("mobile_road", {"NOX": 0.25, "VOC": 0.2}, 0.0, 25000, 0.25, 0.7),
    "nonroad_machinery": ("mobile_nonroad", {"NOX": 0.5, "VOC": 0.2}, 0.0, 11000, 0.3, None),
    "vessel_treatment": ("mobile_nonroad", {"NOX": 0.2}, 0.0, 9000, 0.4, 0.8),
    "construction_machinery_upgrade": (
        "construction",
        {"NOX": 0.6, "VOC": 0.3},
        0.0,
        9000,
        0.4,
        None,
    ),
    "voc_coating_treatment": ("voc_coating", {"VOC": 0.6}, 0.0, 14000, 0.3, None),
    "voc_chem_ldar": ("voc_chemical", {"VOC": 0.55}, 0.0, 12000, 0.3, None),
    "voc_chem_treatment": ("voc_chemical", {"VOC": 0.3, "NOX": 0.45}, 0.0, 15000, 0.3, None),
    "voc_printing_treatment": ("voc_printing", {"VOC": 0.55}, 0.0, 15000, 0.3, None),
    "vapour_recovery": ("fuel_distribution", {"VOC": 0.6}, 0.0, 8000, 0.4, None),
    "restaurant_fume_control": ("other_voc", {"VOC": 0.3}, 0.0, 20000, 0.4, 0.9),
    "industrial_ww_treatment": (
        "ind_wastewater",
        {"COD": 0.5, "NH3N": 0.45},
        0.0,
        6000,
        0.35,
        None,
    ),
    "wwtp_1a_upgrade": ("urban_sewage", {"NH3N": 0.5, "COD": 0.15}, 0.0, 20000, 0.35, None),
    "sewer_urban": ("urban_sewage", {"COD": 0.25, "NH3N": 0.2}, 0.0, 9000, 0.3, 0.8),
    "township_wwtp": ("township_sewage", {"COD": 0.5, "NH3N": 0.5}, 0.0, 8000, 0.3, None),
    "livestock_manure": ("livestock", {"COD": 0.5, "NH3N": 0.45}, 0.0, 3000, 0.35, None),
    "livestock_closure": ("livestock", {"COD": 0.3, "NH3N": 0.3}, 0.0, 7000, 0.25, None),
}

#: The plan2020 target set (box 1 of the plan, as in the embedded data).
TARGETS: dict[str, float] = {"COD": 0.072, "NH3N": 0.088, "SO2": 0.071, "NOX": 0.069, "VOC": 0.13}
COAL_SHARE_MAX = 0.55
ENERGY_INTENSITY_CUT = 0.15
SECTOR_GROWTH = (0.01, 0.025)  # BAU growth per year, drawn per sector and zone
COAL_GROWTH = 0.03
GDP_GROWTH = 0.08
ZONE_WEIGHTS = (0.2, 0.35, 0.25, 0.2)  # main_urban, new_urban, northeast, southeast
#: Guidance categories drawn per unit (probabilities in FAMILIES order).
CATEGORY_WEIGHTS: dict[str, tuple[float, ...]] = {
    "air": (0.3, 0.3, 0.25, 0.15),
    "water": (0.3, 0.3, 0.25, 0.15),
    "livestock": (0.3, 0.3, 0.3, 0.1),
    "pm25": (0.25, 0.25, 0.25, 0.25),
    "water_quality": (0.25, 0.25, 0.25, 0.25),
}
GROUP = "liangjiang"
GROUP_SHARES = (1.0, 0.5, 0.3)


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
    """Write a synthetic dataset of ``units`` units into ``folder`` and return it."""
    if units < 4:
        raise ValueError("need at least 4 units (one per zone)")
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    codes = unit_codes(units)
    sectors = list(SECTORS)
    zone = list(rng.choice(ZONES, size=units, p=ZONE_WEIGHTS))
    zone[: len(ZONES)] = ZONES  # every zone has a unit
    size = rng.lognormal(0.0, 0.6, size=units)
    size /= size.sum()
    population = 30e6 * size

    # Which sectors a unit has, and its weight in each: size x sector noise.
    always = np.array([SECTORS[s][3] for s in sectors])
    present = (rng.random((units, len(sectors))) < 0.75) | always
    sigma = np.where(always, 0.3, 0.6)  # everyday sources vary less between units
    weight = size[:, None] * rng.lognormal(0.0, sigma, size=(units, len(sectors))) * present
    weight /= weight.sum(axis=0, keepdims=True)
    base: dict[tuple[str, str, str], float] = {}
    for (s, p), total in CITY_BASE.items():
        j = sectors.index(s)
        noise = rng.lognormal(0.0, 0.15, size=units)  # pollutant mix varies a little
        for i in np.nonzero(present[:, j])[0]:
            base[codes[i], s, p] = _sig(total * weight[i, j] * noise[i])

    # Coal follows the unit's combustion SO2 (power, boilers, households).
    coal_sectors = ("power", "ind_boiler", "residential")
    burn = np.array([sum(base.get((c, s, "SO2"), 0.0) for s in coal_sectors) for c in codes])
    coal = 26000.0 * burn / burn.sum()  # ktce: ~26 Mtce city-wide
    coal_share = rng.uniform(0.55, 0.75, size=units)  # city-wide ~0.64: the cap binds
    energy = coal / coal_share + 5.0 * size / size.mean()

    growth = (
        {(s, z): rng.uniform(*SECTOR_GROWTH) for s in sectors for z in ZONES}
        | {("energy", z): 0.04 for z in ZONES}
        | {("coal", z): COAL_GROWTH for z in ZONES}
    )
    final = YEARS[-1] - YEARS[0]

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
            {"group": GROUP, "code": c, "share": w}
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
    guidance = []
    for f, cats in FAMILIES.items():
        drawn = rng.choice(len(cats), size=units, p=CATEGORY_WEIGHTS[f])
        for i, c in enumerate(codes):
            cat = cats[drawn[i]]
            if f == "air" and c in members:
                cat = "large"  # inside the group's 'medium' band: compatible
            guidance.append({"subject": c, "family": f, "category": cat})
    guidance.append({"subject": GROUP, "family": "air", "category": "medium"})
    _write(folder, "guidance", guidance)
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

    # Measures: one activity unit removes ``r`` t/yr of the measure's first pollutant.
    measure_rows, removal_rows, potential_rows = [], [], []
    for k, (s, removes, coal_frac, cost_t, ramp, prog) in MEASURES.items():
        lead = next(iter(removes))
        r_lead = _sig(float(rng.uniform(5.0, 200.0)), 4)
        city = {p: CITY_BASE.get((s, p), 0.0) for p in removes}
        # other pollutants per activity unit, so that full potential removes the stated
        # share of the sector's city-wide emissions of each
        removal = {
            p: _sig(r_lead * (f * city[p]) / (removes[lead] * city[lead]), 6)
            for p, f in removes.items()
            if city[p] > 0
        }
        annual = cost_t * r_lead
        capex = _sig(annual * rng.uniform(4.0, 8.0))
        opex = _sig(annual * rng.uniform(0.1, 0.4))
        life = int(rng.integers(8, 26))
        j = sectors.index(s)
        pot = {}
        for i in np.nonzero(present[:, j])[0]:
            bau = base.get((codes[i], s, lead), 0.0) * (1 + growth[s, zone[i]]) ** final
            if bau > 0:
                pot[codes[i]] = _sig(removes[lead] * bau / r_lead)
        total_pot = sum(pot.values())
        cut = 0.0
        if coal_frac > 0 and total_pot > 0:
            share_coal = sum(coal[codes.index(c)] for c in pot) / max(total_pot, 1e-9)
            cut = _sig(coal_frac * share_coal, 6)
        measure_rows.append(
            {
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
        )
        removal_rows += [{"measure": k, "pollutant": p, "removal_t": v} for p, v in removal.items()]
        potential_rows += [{"code": c, "measure": k, "potential": v} for c, v in pot.items()]
    _write(folder, "measures", measure_rows)
    _write(folder, "removals", removal_rows)
    _write(folder, "potentials", potential_rows)
    _write(folder, "deadlines", [])  # the plan's dated commitments: none here
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
    return folder


def synthetic_scenario(folder: Path):
    """The shipped plan2020 scenario pointed at ``folder``. Adapt-locally rules keep only
    the unit codes and sectors the folder has (a rule left with none is dropped), so the
    benchmark survives edits to plan2020.yaml."""
    from emisim.model.scenario import load_scenario

    sc = load_scenario("plan2020")
    with (folder / "units.csv").open(encoding="utf-8") as fh:
        codes = {row["code"] for row in csv.DictReader(fh)}
    rules = []
    for rule in sc.guidance.adapt_locally:
        sectors = [s for s in rule.sectors if s in SECTORS]
        units = None if rule.units is None else [c for c in rule.units if c in codes]
        if not sectors or units == []:
            continue
        rules.append(rule.model_copy(update={"sectors": sectors, "units": units}))
    guidance = sc.guidance.model_copy(update={"adapt_locally": rules})
    return sc.model_copy(
        update={
            "name": "plan2020_synthetic",
            "data": str(folder),
            "guidance": guidance,
            "deadlines": "ignore",  # the synthetic data have no dated commitments
            "deadlines_except": [],
        }
    )


def case_scenario(case: str, data: str | None):
    """A benchmark case's scenario: a shipped scenario's name, or "synthetic" on ``data``."""
    return synthetic_scenario(Path(data)) if case == "synthetic" else case


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--units", type=int, default=400)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    print(write_synthetic(args.folder, units=args.units, seed=args.seed))


if __name__ == "__main__":
    main()


def raw_highs(mps, options):
    """The benchmarks' floor: a bare highspy model read from the exported MPS, with the
    solver options emisim uses, solved once (cold). Callers then time its warm re-solves."""
    import highspy

    from emisim.solvers.highs import highs_options

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(mps))
    for key, value in highs_options(options).items():
        h.setOptionValue(key, value)
    h.run()
    return h
