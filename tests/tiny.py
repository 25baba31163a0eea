"""A tiny, fully consistent 3-unit dataset written to a folder, with knobs for tests.

Units: 100001 (main urban, air 'large'), 100002 (new urban, air 'small'),
100003 (north-east, air 'adapt'); group ``duo`` = all of 100001 + half of 100002.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from emisim.model.data.schema import FAMILIES, TABLES
from emisim.model.vocabulary import ZONES_FYP13 as ZONES

DUO = {"name_en": "Duo Area", "name_zh": "双区"}  # the group's names
UNITS = {
    "100001": ("main_urban", "Alpha"),
    "100002": ("new_urban", "Beta"),
    "100003": ("northeast", "Gamma"),
}
SECTORS = {  # sector: (medium, family, voc_key)
    "power": ("air", "air", False),
    "industry_voc": ("air", "air", True),
    "mobile": ("air", "air", False),
    "construction": ("air", "air", False),
    "sewage": ("water", "water", False),
    "livestock": ("water", "livestock", False),
}
# (sector, pollutant): base-year t per unit
BASE = {
    ("power", "SO2"): (1000.0, 2000.0, 500.0),
    ("power", "NOX"): (800.0, 1500.0, 400.0),
    ("industry_voc", "VOC"): (300.0, 600.0, 100.0),
    ("mobile", "NOX"): (600.0, 300.0, 200.0),
    ("mobile", "VOC"): (200.0, 100.0, 50.0),
    ("construction", "NOX"): (100.0, 80.0, 60.0),
    ("sewage", "COD"): (3000.0, 2500.0, 1500.0),
    ("sewage", "NH3N"): (400.0, 300.0, 200.0),
    ("livestock", "COD"): (500.0, 2000.0, 3000.0),
    ("livestock", "NH3N"): (50.0, 200.0, 300.0),
}
# measure: sector, capex, opex, lifetime, programme, coal_cut, ramp, removals{p: t/unit}
MEASURES = {
    "scrubber": ("power", 1e6, 5e4, 20, None, 0.0, 1.0, {"SO2": 50.0}),
    "scrubber_dear": ("power", 2e6, 1e5, 20, None, 0.0, 0.5, {"SO2": 50.0}),
    "scr": ("power", 8e5, 6e4, 20, None, 0.0, 0.5, {"NOX": 40.0}),
    "coal_switch": ("power", 2e6, 1e5, 25, None, 10.0, 0.5, {"SO2": 20.0, "NOX": 8.0}),
    "voc_treat": ("industry_voc", 3e5, 2e4, 10, None, 0.0, 0.5, {"VOC": 10.0}),
    "nev": ("mobile", 5e4, 0.0, 10, 150.0, 0.0, 0.5, {"NOX": 0.5, "VOC": 0.2}),
    "site": ("construction", 1e5, 1e4, 5, None, 0.0, 0.5, {"NOX": 2.0}),
    "wwtp": ("sewage", 2e6, 2e5, 25, None, 0.0, 0.5, {"COD": 200.0, "NH3N": 25.0}),
    "manure": ("livestock", 5e5, 5e4, 15, None, 0.0, 0.5, {"COD": 60.0, "NH3N": 6.0}),
}
GUIDANCE = {
    "air": ("large", "small", "adapt"),
    "water": ("large", "medium", "small"),
    "livestock": ("large", "small", "fairly_large"),
    "pm25": ("main_urban", "attained", "exceed_le18"),
    "water_quality": ("attained", "lt20", "gt30"),
}
# Cheap scrubbers exist only in Beta (8 units = 400 t SO2/yr); elsewhere only the dear ones,
# so the least-cost allocation is unique and bands bind where the tests expect.
POTENTIAL_OVERRIDES = {
    ("100001", "scrubber"): 0.0,
    ("100003", "scrubber"): 0.0,
    ("100002", "scrubber"): 8.0,
}
TARGETS = {"COD": 0.07, "NH3N": 0.08, "SO2": 0.07, "NOX": 0.07, "VOC": 0.13}
YEARS = range(2015, 2021)


def _write(folder: Path, name: str, rows: list[dict[str, Any]]) -> None:
    spec = next(t for t in TABLES if t.name == name)
    with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(spec.columns), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})


def write_tiny(
    folder: Path,
    *,
    growth: float = 0.02,
    potential: float = 100.0,
    coal: tuple[float, float, float] = (300.0, 500.0, 100.0),
    energy: tuple[float, float, float] = (600.0, 800.0, 300.0),
    cost_factors: dict[tuple[str, str], float] | None = None,
) -> Path:
    """Write the tiny dataset into ``folder`` and return it; ``cost_factors`` maps (unit,
    measure) to a district cost factor (none: every cost is the card's)."""
    folder.mkdir(parents=True, exist_ok=True)
    units = list(UNITS)
    period = {
        "period": "tiny",
        "name_en": "tiny test period",
        "name_zh": "测试期",
        "base_year": 2015,
        "first_year": 2016,
        "last_year": YEARS[-1],
        "mechanism": "percent_of_base",
        "target_set": "test",
        "plan_en": "test fixture",
        "plan_zh": "测试",
    }
    _write(folder, "period", [period])
    _write(
        folder,
        "zones",
        [{"zone": z, "name_en": z, "name_zh": z, "population_2015": 1e6} for z in ZONES],
    )
    _write(
        folder,
        "units",
        [
            {
                "code": c,
                "name_zh": n,
                "name_en": n,
                "zone": z,
                "population_2015": 1e6 * (i + 1),
                "co2_2015_mt": 1.0,
                "coal_2015_ktce": coal[i],
                "energy_2015_ktce": energy[i],
            }
            for i, (c, (z, n)) in enumerate(UNITS.items())
        ],
    )
    _write(
        folder,
        "groups",
        [
            {"group": "duo", "code": "100001", "share": 1.0, **DUO},
            {"group": "duo", "code": "100002", "share": 0.5, **DUO},
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
    guidance = [
        {"subject": u, "family": f, "category": cats[i]}
        for f, cats in GUIDANCE.items()
        for i, u in enumerate(units)
    ]
    guidance.append({"subject": "duo", "family": "air", "category": "adapt"})
    _write(folder, "guidance", guidance)
    targets = [
        {
            "target_set": "test",
            "target": f"cut_{p.lower()}",
            "kind": "emission_cut",
            "pollutant": p,
            "value": v,
            "year": 2020,
        }
        for p, v in TARGETS.items()
    ]
    targets += [
        {
            "target_set": "test",
            "target": "coal_share",
            "kind": "coal_share_max",
            "pollutant": None,
            "value": 0.55,
            "year": 2020,
        },
        {
            "target_set": "test",
            "target": "energy_intensity",
            "kind": "energy_intensity_cut",
            "pollutant": None,
            "value": 0.15,
            "year": 2020,
        },
    ]
    _write(folder, "targets", targets)
    _write(folder, "deadlines", [])  # the tiny plan has no dated commitments
    _write(
        folder,
        "cost_factors",
        [
            {"code": c, "measure": k, "factor": f, "driver": "test"}
            for (c, k), f in sorted((cost_factors or {}).items())
        ],
    )
    _write(
        folder,
        "sectors",
        [
            {"sector": s, "name_en": s, "name_zh": s, "medium": m, "family": f, "voc_key": k}
            for s, (m, f, k) in SECTORS.items()
        ],
    )
    totals: dict[str, float] = {}
    for (_s, p), vals in BASE.items():
        totals[p] = totals.get(p, 0.0) + sum(vals)
    _write(folder, "city_totals", [{"pollutant": p, "total_2015_t": v} for p, v in totals.items()])
    _write(
        folder,
        "sector_shares",
        [{"pollutant": p, "sector": s, "share": sum(v) / totals[p]} for (s, p), v in BASE.items()],
    )
    _write(
        folder,
        "baseline",
        [
            {"code": u, "sector": s, "pollutant": p, "emissions_t": v[i]}
            for (s, p), v in BASE.items()
            for i, u in enumerate(units)
        ],
    )
    _write(
        folder,
        "measures",
        [
            {
                "measure": k,
                "name_en": k,
                "name_zh": k,
                "sector": s,
                "activity_unit": "unit",
                "activity_unit_zh": "套",
                "capex_yuan": c,
                "capex_low": 0.8 * c,
                "capex_high": 1.2 * c,
                "opex_yuan_yr": o,
                "opex_low": 0.8 * o,
                "opex_high": 1.2 * o,
                "lifetime_yr": life,
                "programme_qty": q,
                "coal_cut_ktce": cc,
                "ramp_max": ramp,
                "plan_ref": "test",
            }
            for k, (s, c, o, life, q, cc, ramp, _r) in MEASURES.items()
        ],
    )
    _write(
        folder,
        "removals",
        [
            {"measure": k, "pollutant": p, "removal_t": r}
            for k, v in MEASURES.items()
            for p, r in v[7].items()
        ],
    )
    _write(
        folder,
        "potentials",
        [
            {"code": u, "measure": k, "potential": POTENTIAL_OVERRIDES.get((u, k), potential)}
            for u in units
            for k in MEASURES
        ],
    )
    series = [*SECTORS, "coal", "energy"]
    _write(
        folder,
        "growth",
        [
            {"series": s, "zone": z, "year": y, "index": round((1 + growth) ** (y - 2015), 6)}
            for s in series
            for z in ZONES
            for y in YEARS
            if y > 2015
        ],
    )
    _write(folder, "macro", [{"year": y, "gdp_index": round(1.07 ** (y - 2015), 6)} for y in YEARS])
    prov = [
        {"table": t.name, "column": c, "key": "*", "grade": "assumed", "source": "test fixture"}
        for t in TABLES
        for c in t.numeric_columns
    ]
    _write(folder, "provenance", prov)
    return folder


#: Category bands for the analysis commands' tiny scenarios (some bind, none conflict).
ANALYSIS_BANDS = {"air": {"large": {"lower": 1.3}, "small": {"lower": 0.2, "upper": 1.0}}}


def analysis_scenario(data: Path, folder: Path, name: str = "tinyan") -> Path:
    """A scenario file over the tiny dataset at ``data`` for the analysis commands."""
    import yaml

    spec = {
        "description": "tiny scenario for the analysis commands",
        "data": str(data),
        "targets": {"set": "test"},
        "coal": {"share_max": None},
        "guidance": {"bands": ANALYSIS_BANDS},
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(spec), "utf-8")
    return path
