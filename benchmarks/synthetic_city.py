"""The shape of the synthetic city the benchmarks solve (``benchmarks/synthetic.py``
draws it at any scale): its sectors, city-wide base emissions, measures, targets and the
ranges its random draws come from. Chongqing-like, so plan2020's rules resolve on it.
"""

from __future__ import annotations

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
