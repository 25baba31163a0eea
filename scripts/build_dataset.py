"""Build emisim's embedded default dataset for Chongqing (13th FYP, base year 2015).

Deterministic: reads the two proxy CSVs in ``model/data/chongqing/sources/`` and writes
every table of ``model/data/schema.py`` as ``model/data/chongqing/<table>.csv`` plus
``provenance.csv``. Only the standard library, numpy and pandas are used. Running it twice
gives byte-identical files.

Every assumption is a named constant below, with a comment saying what it is and where
it comes from. Grades: sourced (read from a named document), recalled (a widely quoted
figure not re-read here), derived (computed from the above by a stated rule), assumed
(an estimate). ``docs/data.md`` explains every table.

Usage:  python scripts/build_dataset.py [--out DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "model" / "data" / "chongqing"
SOURCES = DATA / "sources"
CEADS_FILE = "ceads_county_co2_chongqing.csv"
CENSUS_FILE = "census2010_population_chongqing.csv"

YEARS = (2016, 2017, 2018, 2019, 2020)
ZONES = ("main_urban", "new_urban", "northeast", "southeast")
POLLUTANTS = ("COD", "NH3N", "SO2", "NOX", "VOC")

# =========================================================================== constants
# ---- citations used in provenance -------------------------------------------------
SRC_PLAN = "重庆市生态文明建设“十三五”规划 (Chongqing 13th FYP for ecological civilisation)"
SRC_CENSUS = "2010 census, Chongqing statistics bureau table A0106 (sources/" + CENSUS_FILE + ")"
SRC_CEADS = (
    "Chen et al. (2020) County-level CO2 emissions and sequestration in China 1997-2017, "
    "Sci. Data 7:391 (CEADs), sources/" + CEADS_FILE
)
SRC_POP2015 = "2015 1% population sample survey, Chongqing Daily report"
SRC_CEADS_PROV = "CEADs provincial inventory 2015, sheet Chongqing2015"
SRC_ENERGY_PLAN = "Chongqing 14th FYP energy plan (渝府办发〔2022〕48号)"
SRC_LILING = "Li Ling et al., 环境科学 2022, 43(4):1756-1765 (industrial VOC inventory 2017)"
SRC_NATIONAL = "China Environmental Statistics Yearbook 2015 sector split (recalled)"

# ---- zones: 2015 resident population, persons (sourced: 2015 1 % sample survey) ----
ZONE_POP_2015 = {
    "main_urban": 3_743_000 + 4_605_200,  # core 3.7430 M + extension 4.6052 M
    "new_urban": 10_956_000,
    "northeast": 8_111_900,
    "southeast": 2_749_400,
}
ZONE_NAMES = {
    "main_urban": ("Metropolitan core and extension (main urban)", "都市功能核心区和拓展区"),
    "new_urban": ("New urban development area", "城市发展新区"),
    "northeast": ("North-east ecological conservation area", "渝东北生态涵养发展区"),
    "southeast": ("South-east ecological protection area", "渝东南生态保护发展区"),
}
WANSHENG_POP_2015 = 268_000  # sourced: Wansheng statistical bulletin 2015 (≈268,000)
WANSHENG_CODE = "500199"  # emisim's own code: Wansheng has no administrative code

# ---- the 39 units: code, name_zh, name_en, zone, 2010 census names, CEADs codes ------
# Post-2016 administrative codes. Census/CEADs entries list the pre-merger units whose
# figures are summed into the unit (双桥区 into Dazu; 綦江县 -> Qijiang; 开县 -> Kaizhou...).
UNITS = [
    ("500101", "万州区", "Wanzhou", "northeast", ["万州区"], ["500101"]),
    ("500102", "涪陵区", "Fuling", "new_urban", ["涪陵区"], ["500102"]),
    ("500103", "渝中区", "Yuzhong", "main_urban", ["渝中区"], ["500103"]),
    ("500104", "大渡口区", "Dadukou", "main_urban", ["大渡口区"], ["500104"]),
    ("500105", "江北区", "Jiangbei", "main_urban", ["江北区"], ["500105"]),
    ("500106", "沙坪坝区", "Shapingba", "main_urban", ["沙坪坝区"], ["500106"]),
    ("500107", "九龙坡区", "Jiulongpo", "main_urban", ["九龙坡区"], ["500107"]),
    ("500108", "南岸区", "Nan'an", "main_urban", ["南岸区"], ["500108"]),
    ("500109", "北碚区", "Beibei", "main_urban", ["北碚区"], ["500109"]),
    ("500110", "綦江区", "Qijiang", "new_urban", ["綦江县"], ["500222"]),
    ("500111", "大足区", "Dazu", "new_urban", ["大足县", "双桥区"], ["500225", "500111"]),
    ("500112", "渝北区", "Yubei", "main_urban", ["渝北区"], ["500112"]),
    ("500113", "巴南区", "Banan", "main_urban", ["巴南区"], ["500113"]),
    ("500114", "黔江区", "Qianjiang", "southeast", ["黔江区"], ["500114"]),
    ("500115", "长寿区", "Changshou", "new_urban", ["长寿区"], ["500115"]),
    ("500116", "江津区", "Jiangjin", "new_urban", ["江津区"], ["500116"]),
    ("500117", "合川区", "Hechuan", "new_urban", ["合川区"], ["500117"]),
    ("500118", "永川区", "Yongchuan", "new_urban", ["永川区"], ["500118"]),
    ("500119", "南川区", "Nanchuan", "new_urban", ["南川区"], ["500119"]),
    ("500120", "璧山区", "Bishan", "new_urban", ["璧山县"], ["500227"]),
    ("500151", "铜梁区", "Tongliang", "new_urban", ["铜梁县"], ["500224"]),
    ("500152", "潼南区", "Tongnan", "new_urban", ["潼南县"], ["500223"]),
    ("500153", "荣昌区", "Rongchang", "new_urban", ["荣昌县"], ["500226"]),
    ("500154", "开州区", "Kaizhou", "northeast", ["开县"], ["500234"]),
    ("500155", "梁平区", "Liangping", "northeast", ["梁平县"], ["500228"]),
    ("500156", "武隆区", "Wulong", "southeast", ["武隆县"], ["500232"]),
    ("500229", "城口县", "Chengkou", "northeast", ["城口县"], ["500229"]),
    ("500230", "丰都县", "Fengdu", "northeast", ["丰都县"], ["500230"]),
    ("500231", "垫江县", "Dianjiang", "northeast", ["垫江县"], ["500231"]),
    ("500233", "忠县", "Zhongxian", "northeast", ["忠县"], ["500233"]),
    ("500235", "云阳县", "Yunyang", "northeast", ["云阳县"], ["500235"]),
    ("500236", "奉节县", "Fengjie", "northeast", ["奉节县"], ["500236"]),
    ("500237", "巫山县", "Wushan", "northeast", ["巫山县"], ["500237"]),
    ("500238", "巫溪县", "Wuxi", "northeast", ["巫溪县"], ["500238"]),
    ("500240", "石柱土家族自治县", "Shizhu", "southeast", ["石柱土家族自治县"], ["500240"]),
    ("500241", "秀山土家族苗族自治县", "Xiushan", "southeast", ["秀山土家族苗族自治县"], []),
    ("500242", "酉阳土家族苗族自治县", "Youyang", "southeast", ["酉阳土家族苗族自治县"], []),
    ("500243", "彭水苗族土家族自治县", "Pengshui", "southeast", ["彭水苗族土家族自治县"], []),
    (WANSHENG_CODE, "万盛经开区", "Wansheng", "new_urban", ["万盛区"], ["500110"]),
]
# CEADs has no row for these three: CO2 = south-east per-capita mean (of the south-east
# units with data) x the unit's 2015 population (rule, grade assumed).
CO2_MISSING_RULE = "south-east per-capita CO2 of Qianjiang, Wulong, Shizhu x 2015 population"

# ---- energy and coal, city 2015 ---------------------------------------------------
RAW_COAL_2015_MT = 62.9  # sourced: CEADs provincial inventory 2015 (raw coal use)
TCE_PER_T_RAW_COAL = 0.7143  # GB/T 2589 standard conversion, raw coal 20,908 kJ/kg
ENERGY_2020_KTCE = 88_750.0  # sourced: 14th FYP energy plan, 2020 primary energy 88.75 Mtce
INTENSITY_CUT_2016_2020 = 0.194  # sourced: same plan, energy intensity -19.4 % 2016-2020
# Real GDP growth 2016..2020 (recalled, Chongqing statistical communiqués; to check).
GDP_GROWTH = {2016: 0.107, 2017: 0.093, 2018: 0.060, 2019: 0.063, 2020: 0.039}
# Coal 2015 by sector (share of city coal), used (a) to split coal across units with the
# same district proxies as the emissions and (b) to turn sector emissions into emission
# factors per tce for coal-cutting measures. Power 0.40 ~ CEADs power & heat CO2
# 49.25 Mt / CO2 of 62.9 Mt raw coal (~120 Mt); the rest assumed.
COAL_SECTOR_SHARE = {
    "power": 0.40,
    "ind_boiler": 0.15,
    "steel": 0.08,
    "cement_glass": 0.12,
    "other_industry": 0.18,
    "residential": 0.07,
}

# ---- Liangjiang New Area (group) ---------------------------------------------------
# share of each member district covered = assumed Liangjiang land area in the district /
# district land area (km2; Liangjiang planned area ~1,200 km2, split assumed).
LIANGJIANG_AREA_KM2 = {
    "500105": (150.0, 221.0),
    "500112": (800.0, 1452.0),
    "500109": (250.0, 755.0),
}

# ---- city totals 2015, t (recalled actual emissions, statistics yearbook) ----------
CITY_TOTALS_RECALLED = {"COD": 379_800.0, "NH3N": 50_200.0, "SO2": 495_800.0, "NOX": 320_700.0}
INDUSTRIAL_VOC_2017_T = 144_120.0  # sourced: Li Ling et al. 2022 (second pollution census)
# Industrial VOC 2015 = 2017 figure x (sum of county CO2 2015 / 2017) (rule, derived).
INDUSTRIAL_VOC_SHARE_OF_TOTAL = 0.55  # assumed: industry ~55 % of anthropogenic VOC
# Non-industrial VOC as shares of the city VOC total (assumed; sum = 1 - 0.55).
NONIND_VOC_SHARES = {
    "mobile_road": 0.20,
    "mobile_nonroad": 0.03,
    "fuel_distribution": 0.06,
    "construction": 0.06,  # architectural coatings
    "other_voc": 0.10,  # household solvents, cooking, dry cleaning, other
}
# Industrial VOC split 2017 (sourced, Li Ling et al.): kt
LILING_VOC_KT = {"vehicle": 37.18, "equipment": 33.09, "plastics": 19.47, "chemicals": 18.14}
VOC_PRINTING_SHARE_OF_INDUSTRIAL = 0.08  # assumed share of printing/packaging

# ---- national 2015 sector split, Mt (recalled; agriculture figures sourced) --------
NATIONAL_2015 = {
    "COD": {"total": 22.235, "industry": 2.935, "domestic": 8.469, "agriculture": 10.686},
    "NH3N": {"total": 2.299, "industry": 0.217, "domestic": 1.341, "agriculture": 0.726},
    "SO2": {"total": 18.591, "industry": 15.567, "domestic": 2.969},
    "NOX": {"total": 18.519, "industry": 11.809, "domestic": 0.651, "vehicles": 5.859},
}
# The remainder (centralised facilities) goes to domestic (water) / industry (air).
DOMESTIC_URBAN_SHARE = 0.65  # assumed: cities & county seats vs townships (rest)
# Industry split of SO2 / NOx across industrial sectors (assumed, informed by CEADs 2015
# sector CO2: power & heat 49.25, non-metallic 30.77, ferrous 19.12 Mt; Chongqing's
# high-sulphur coal burnt in many small boilers and kilns keeps non-power SO2 high).
INDUSTRY_SPLIT = {
    "SO2": {
        "power": 0.25,
        "ind_boiler": 0.27,
        "steel": 0.10,
        "cement_glass": 0.13,
        "other_industry": 0.25,
    },
    "NOX": {
        "power": 0.38,
        "ind_boiler": 0.15,
        "steel": 0.07,
        "cement_glass": 0.28,
        "other_industry": 0.12,
    },
}
# The statistical "vehicles" NOx (road vehicles only; non-road sources were outside the
# 2015 statistics) is re-read as covering all mobile sources, split (assumed) roughly as
# national mobile-source reports later put it: non-road ~30 % of mobile NOx, of which
# construction machinery ~40 %.
MOBILE_NOX_SPLIT = {"mobile_road": 0.70, "mobile_nonroad": 0.18, "construction": 0.12}

# ---- district proxies per sector ---------------------------------------------------
# (proxy, zone weights): proxy "co2" = unit CO2 2015, "pop" = unit population 2015.
# Main urban weight 0 for power/steel/chemicals: the plan (ch.1) says the main urban area
# has essentially "no steel works, no coal power plant, no chemical plant, no coal boiler".
SECTOR_PROXY = {
    "power": ("co2", (0.0, 1.0, 1.0, 1.0)),
    "ind_boiler": ("co2", (0.1, 1.0, 1.0, 1.0)),
    "steel": ("co2", (0.0, 1.0, 0.3, 0.3)),
    "cement_glass": ("co2", (0.3, 1.0, 1.0, 1.0)),
    "other_industry": ("co2", (1.0, 1.0, 1.0, 1.0)),
    "voc_coating": ("co2", (2.0, 1.0, 0.3, 0.2)),  # metal coating concentrated in main urban
    "voc_chemical": ("co2", (0.0, 1.5, 0.5, 0.3)),  # petrochemicals in the west (Li Ling)
    "voc_printing": ("pop", (2.0, 1.0, 0.4, 0.3)),
    "ind_wastewater": ("co2", (0.5, 1.0, 1.0, 1.0)),
    "residential": ("pop", (0.3, 1.0, 1.2, 1.3)),  # rural coal/biomass use
    "mobile_road": ("pop", (1.6, 1.0, 0.6, 0.6)),  # vehicle ownership
    "mobile_nonroad": ("pop", (1.2, 1.0, 1.0, 0.6)),
    "construction": ("pop", (1.5, 1.2, 1.0, 1.0)),  # county-seat building boom
    "fuel_distribution": ("pop", (1.6, 1.0, 0.6, 0.6)),
    "other_voc": ("pop", (1.3, 1.0, 0.8, 0.8)),
    "urban_sewage": ("pop", (0.85, 0.45, 0.35, 0.30)),  # ~ urban (city/county seat) share
    "township_sewage": ("pop", (0.03, 0.12, 0.12, 0.10)),  # ~ township resident share
    "livestock": ("pop", (0.3, 1.0, 1.0, 1.0)),  # x LIVESTOCK_CATEGORY_WEIGHT below
}
# Known large point sources (assumed multipliers on the proxy): 重钢 steel works and the
# 长寿 chemical park in Changshou; 白涛 chemical park in Fuling.
# Box 4 names construction dust as the main problem of Qianjiang, Dianjiang, Fengjie,
# Youyang and Pengshui: their construction activity is taken as 1.5x the proxy (assumed).
SITE_MULTIPLIER = {
    ("steel", "500115"): 4.0,
    ("voc_chemical", "500115"): 3.0,
    ("voc_chemical", "500102"): 2.0,
    **{("construction", c): 1.5 for c in ("500114", "500231", "500236", "500242", "500243")},
}
# Livestock: the plan's livestock category says how big the stock is (box 11):
LIVESTOCK_CATEGORY_WEIGHT = {"large": 1.5, "fairly_large": 1.2, "small": 0.7, "none": 0.0}
# Named in the plan (ch.5 s.5) as big livestock counties: x1.5.
LIVESTOCK_BIG_COUNTIES = ("500116", "500117", "500153", "500230")
LIVESTOCK_BIG_WEIGHT = 1.5

# ---- BAU growth, % per year (assumed unless said) -----------------------------------
# One rate per sector, with zone overrides. Index = (1 + r)^(t - 2015).
GROWTH_RATE = {
    "power": 0.04,  # electricity demand ~ +4 %/yr
    "ind_boiler": 0.02,  # boilers grow slower than output (park heat supply)
    "steel": 0.01,  # national capacity cuts; flat-ish
    "cement_glass": 0.02,
    "other_industry": 0.05,  # industrial value added +~9 %/yr, elasticity ~0.55
    "voc_coating": 0.06,  # vehicle/equipment output growth, frozen control level
    "voc_chemical": 0.06,
    "voc_printing": 0.04,
    "fuel_distribution": 0.06,  # fuel sales
    "other_voc": 0.03,
    "residential": -0.01,  # urbanisation, fuel switching
    # vehicle-km +9 %/yr x fleet-average emission factor -5 %/yr from turnover to China
    # IV/V vehicles under national standards already in force before the plan
    "mobile_road": 0.04,
    "mobile_nonroad": 0.03,  # ships grow, farm machinery flat
    "construction": 0.05,
    "ind_wastewater": 0.04,  # industrial wastewater with output, frozen treatment
    "urban_sewage": 0.025,  # urban residents +~2 M over 2016-2020 (plan)
    "township_sewage": 0.01,
    "livestock": 0.0,  # roughly flat
    "coal": 0.04,  # BAU coal: power (+4 %) and industry; see docs
}
GROWTH_ZONE_RATE = {
    # urban expansion displaces some farms; the plan's exit from inside the 2nd ring road
    # is a measure (livestock_closure), not BAU
    ("livestock", "main_urban"): -0.01,
    ("urban_sewage", "main_urban"): 0.02,
    ("urban_sewage", "new_urban"): 0.03,
}
BAU_ENERGY_INTENSITY_DECLINE = 0.02  # autonomous (no-plan) intensity decline per year

# ---- feasibility ------------------------------------------------------------------
FEASIBILITY_MIN_RATIO = 1.5  # available / needed, per pollutant and for coal
PLAN_ENERGY_INTENSITY_CUT = 0.15

# ---- measures: shared engineering constants (assumed unless said) -------------------
DAYS = 365.0
WWTP_UTILISATION_NEW = 0.8  # new urban plants run at 80 % of design flow
WWTP_NEW_COLLECTION = 0.5  # share of a new plant's flow that was discharged untreated
URBAN_INFLUENT = {"COD": 200.0, "NH3N": 25.0}  # mg/L, diluted combined sewage
EFFLUENT_1A = {"COD": 50.0, "NH3N": 5.0}  # GB 18918 Class 1-A
EFFLUENT_1B = {"COD": 60.0, "NH3N": 8.0}  # GB 18918 Class 1-B
UPGRADE_UTILISATION = 0.85
PARK_INFLUENT = {"COD": 400.0, "NH3N": 30.0}  # pre-treated industrial wastewater, mg/L
PARK_UTILISATION, PARK_COLLECTION = 0.6, 0.5
TOWN_INFLUENT = {"COD": 180.0, "NH3N": 25.0}
TOWN_UTILISATION, TOWN_COLLECTION = 0.6, 0.7
PER_CAPITA_G_D = {"COD": 60.0, "NH3N": 7.0}  # domestic generation, g/person/day
PERSONS_PER_KM = {"urban": 150.0, "township": 60.0}  # newly connected per km of sewer
PLANT_REMOVAL = {"urban": 0.8, "township": 0.65}
LIVESTOCK_STOCK_PIG_EQ = 20.0e6  # assumed Chongqing stock, pig-equivalents
MANURE_REDUCTION = 0.7  # treatment facilities cut a farm's discharge by 70 %
CLOSURE_STOCK_SHARE = 0.06  # stock inside no-farming zones
CLOSURE_NET = 0.5  # half the closed stock re-appears elsewhere (with treatment)
STEAM_TONNE_TCE_YR = 520.0  # 4,000 full-load h x 0.13 tce per t steam
GAS_NOX_RESIDUAL = 0.4  # gas firing keeps 40 % of the coal boiler's NOx
HOURS_COAL_UNIT = 4500.0  # coal units, full-load hours
ULTRA_LOW_COVERAGE = 0.85  # >= 300 MW units' share of power coal
ULTRA_LOW_CUT = {"SO2": 0.90, "NOX": 0.75}  # ~400->35 mg/m3 SO2, ~200->50 NOx
ULTRA_LOW_COAL_SAVING_KTCE = 0.011  # 2.5 gce/kWh x 4,500 MWh per MW
COAL_POWER_MW_300PLUS = 11_000.0  # assumed: coal units >= 300 MW in 2015, MW
CLINKER_CAPACITY_T_D = 133_000.0  # assumed: ~40 Mt clinker / 300 days
CLINKER_TCE_PER_T = 0.11  # coal per t clinker
KILN_SHARE = {"SO2": 0.6, "NOX": 0.75}  # cement kilns' share of non-metallic sector
CLOSURE_NET_CEMENT = 0.5  # closed capacity partly shifts to remaining lines
WIND_COAL_KTCE_PER_MW = 0.67  # 2,200 h x 0.305 tce/MWh
COAL_PRICE_YUAN_TCE = 550.0  # 2015 delivered coal (recalled approx.)
GAS_DIFFERENTIAL_YUAN_TCE = 1010.0  # gas 2.3 yuan/m3 at 90 % vs coal at 75 % efficiency
CRF_CHECK = (0.08, 20)  # only for the printed cost-per-tonne sanity check

# =========================================================================== helpers


def sig(x: float, digits: int = 6) -> str:
    """Fixed formatting: ``digits`` significant digits, no exponent, no trailing zeros."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if x == 0:
        return "0"
    return np.format_float_positional(
        float(x), precision=digits, unique=False, fractional=False, trim="-"
    )


def sig_up(x: float, digits: int = 6) -> str:
    """Like :func:`sig` but never below ``x`` (potentials must not sum below a programme)."""
    out = sig(x, digits)
    if x > 0 and float(out) < x:
        step = 10 ** (math.floor(math.log10(x)) - digits + 1)
        out = sig(float(out) + step, digits)
    return out


def _cost_rationale(kw: dict, k: str) -> str:
    """Turn a bare 'assumed'/'none' cost source into a statement of what the estimate is."""
    src = kw[f"{k}_src"].strip()
    what = "capital cost" if k == "capex" else "O&M cost per year"
    c, lo, hi = kw[k]
    rng = (
        "no published range: +-30 % assumed"
        if (lo, hi) == (0.7 * c, 1.3 * c)
        else (f"range {lo:,.0f}-{hi:,.0f} assumed")
    )
    basis = f"per {kw['unit']} of {kw['name_en']}"
    if src == "none":
        return f"no {what} assumed {basis} (none is incurred beyond the capital cost)"
    if src == "assumed":
        return (
            f"assumed engineering estimate of the {what} {basis}; no figure for this measure "
            f"in the sources of docs/data.md; {rng}"
        )
    if len(src) <= 30:
        return f"{src}: engineering estimate of the {what} {basis}; {rng}"
    return src


def fix6(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".") if x != 0 else "0"


def write_csv(out: Path, name: str, header: list[str], rows: list[list]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    (out / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8"))


def idx(rate: float, year: int) -> float:
    return (1.0 + rate) ** (year - 2015)


class Prov:
    """Collects provenance rows (table, column, key, grade, source)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, str], tuple[str, str]] = {}

    def add(self, table: str, column: str, key: str, grade: str, source: str) -> None:
        assert grade in ("sourced", "recalled", "derived", "assumed"), grade
        self.rows[(table, column, key)] = (grade, source)


# =========================================================================== build


def build(out: Path, quiet: bool = False) -> dict:
    say = (lambda *a: None) if quiet else print
    prov = Prov()
    ceads = pd.read_csv(SOURCES / CEADS_FILE, dtype={"DISTCODE地区代码": str})
    census = pd.read_csv(SOURCES / CENSUS_FILE)
    ceads_map = dict(zip(ceads["DISTCODE地区代码"], ceads["C2015"], strict=True))
    ceads17 = float(ceads["C2017"].sum())
    ceads15 = float(ceads["C2015"].sum())
    pop10 = dict(zip(census["unit_2010"], census["population_2010_census"], strict=True))
    recalled_census = set(census.loc[census["provenance"].str.contains("recalled"), "unit_2010"])
    used_census = [n for u in UNITS for n in u[4]]
    assert sorted(used_census) == sorted(pop10), "every census row used exactly once"
    used_ceads = [c for u in UNITS for c in u[5]]
    assert sorted(used_ceads) == sorted(ceads_map), "every CEADs row used exactly once"
    assert len(UNITS) == 39 and len({u[0] for u in UNITS}) == 39

    codes = [u[0] for u in UNITS]
    zone_of = {u[0]: u[3] for u in UNITS}
    zi = {z: i for i, z in enumerate(ZONES)}

    # ---------------------------------------------------------------- zones
    zone_rows = [[z, *ZONE_NAMES[z], ZONE_POP_2015[z]] for z in ZONES]
    prov.add("zones", "population_2015", "*", "sourced", SRC_POP2015)

    # ---------------------------------------------------------------- population
    p10 = {u[0]: sum(pop10[n] for n in u[4]) for u in UNITS}
    pop: dict[str, int] = {}
    for z in ZONES:
        members = [c for c in codes if zone_of[c] == z]
        total = ZONE_POP_2015[z]
        fixed = {}
        if z == "new_urban":
            fixed = {WANSHENG_CODE: WANSHENG_POP_2015}
        rest = [c for c in members if c not in fixed]
        target = total - sum(fixed.values())
        base = sum(p10[c] for c in rest)
        raw = {c: p10[c] * target / base for c in rest}
        floor = {c: math.floor(v) for c, v in raw.items()}
        short = target - sum(floor.values())  # largest remainder so the zone sums exactly
        for c in sorted(rest, key=lambda c: (-(raw[c] - floor[c]), c))[:short]:
            floor[c] += 1
        pop.update(floor)
        pop.update(fixed)
        assert sum(pop[c] for c in members) == total
    prov.add(
        "units",
        "population_2015",
        "*",
        "derived",
        "2010 census shares (" + SRC_CENSUS + ") scaled so each zone sums to its "
        "2015 total (" + SRC_POP2015 + "); 双桥区 merged into Dazu",
    )
    prov.add(
        "units",
        "population_2015",
        WANSHENG_CODE,
        "sourced",
        "Wansheng statistical bulletin 2015 (≈268,000 residents)",
    )
    for u in UNITS:
        if any(n in recalled_census for n in u[4]):
            prov.add(
                "units",
                "population_2015",
                u[0],
                "derived",
                "2010 census figure for this unit is RECALLED (not read from the "
                "source), then scaled to the 2015 zone total",
            )

    # ---------------------------------------------------------------- CO2
    co2 = {u[0]: sum(ceads_map[c] for c in u[5]) for u in UNITS if u[5]}
    se_known = [c for c in codes if zone_of[c] == "southeast" and c in co2]
    se_pc = sum(co2[c] for c in se_known) / sum(pop[c] for c in se_known)
    for c in codes:
        if c not in co2:
            co2[c] = se_pc * pop[c]
    prov.add("units", "co2_2015_mt", "*", "sourced", SRC_CEADS + " (county CO2, C2015)")
    prov.add(
        "units",
        "co2_2015_mt",
        "500111",
        "derived",
        "sum of CEADs 大足县 500225 and 双桥区 500111 (merged 2011)",
    )
    for c in ("500241", "500242", "500243"):
        prov.add(
            "units",
            "co2_2015_mt",
            c,
            "assumed",
            f"missing in CEADs: {CO2_MISSING_RULE} ({se_pc * 1e6:.3f} t/person)",
        )

    # ---------------------------------------------------------------- energy & coal
    gdp = {2015: 1.0}
    for y in YEARS:
        gdp[y] = gdp[y - 1] * (1 + GDP_GROWTH[y])
    coal_city = RAW_COAL_2015_MT * TCE_PER_T_RAW_COAL * 1000.0  # ktce
    energy_city = ENERGY_2020_KTCE / gdp[2020] / (1 - INTENSITY_CUT_2016_2020)
    coal_share_2015 = coal_city / energy_city

    # ---------------------------------------------------------------- guidance
    g = guidance_table()

    # ---------------------------------------------------------------- district shares
    def proxy_share(sector: str) -> dict[str, float]:
        kind, weights = SECTOR_PROXY[sector]
        w = {}
        for c in codes:
            base = co2[c] if kind == "co2" else float(pop[c])
            v = base * weights[zi[zone_of[c]]] * SITE_MULTIPLIER.get((sector, c), 1.0)
            if sector == "livestock":
                v *= LIVESTOCK_CATEGORY_WEIGHT[g[(c, "livestock")]]
                if c in LIVESTOCK_BIG_COUNTIES:
                    v *= LIVESTOCK_BIG_WEIGHT
            w[c] = v
        tot = sum(w.values())
        return {c: v / tot for c, v in w.items()}

    shares = {s: proxy_share(s) for s in SECTOR_PROXY}

    # coal by unit: sector coal x sector district proxy (same proxies as the emissions)
    coal_u = {
        c: sum(coal_city * f * shares[s][c] for s, f in COAL_SECTOR_SHARE.items()) for c in codes
    }
    co2_tot = sum(co2.values())
    energy_u = {c: energy_city * co2[c] / co2_tot for c in codes}
    for c in codes:  # a unit's coal may not exceed its energy: lift energy where needed
        energy_u[c] = max(energy_u[c], coal_u[c] / 0.9)
    scale = energy_city / sum(energy_u.values())
    energy_u = {c: v * scale for c, v in energy_u.items()}
    assert all(coal_u[c] < energy_u[c] for c in codes)
    prov.add(
        "units",
        "coal_2015_ktce",
        "*",
        "derived",
        f"city coal = raw coal {RAW_COAL_2015_MT} Mt ({SRC_CEADS_PROV}) x "
        f"{TCE_PER_T_RAW_COAL} tce/t = {coal_city:.0f} ktce; split over sectors by "
        "COAL_SECTOR_SHARE (assumed) and over units by each sector's emission proxy",
    )
    prov.add(
        "units",
        "energy_2015_ktce",
        "*",
        "derived",
        f"city energy 2015 = 88,750 ktce 2020 ({SRC_ENERGY_PLAN}) / real GDP index "
        f"2020 {gdp[2020]:.5f} (recalled growth rates) / (1 - 0.194) = "
        f"{energy_city:.0f} ktce; split by county CO2 share (lifted to >= coal/0.9)",
    )

    unit_rows = [
        [c, u[1], u[2], u[3], pop[c], round(co2[c], 6), sig(coal_u[c]), sig(energy_u[c])]
        for u in UNITS
        for c in [u[0]]
    ]
    unit_rows.sort(key=lambda r: r[0])
    for r in unit_rows:
        r[5] = sig(r[5])

    # ---------------------------------------------------------------- groups
    group_rows = [
        ["liangjiang", c, fix6(round(a / b, 2))]
        for c, (a, b) in sorted(LIANGJIANG_AREA_KM2.items())
    ]
    prov.add(
        "groups",
        "share",
        "*",
        "assumed",
        "assumed Liangjiang land area in the district / district area: Jiangbei "
        "150/221, Yubei 800/1452, Beibei 250/755 km2 (rounded to 0.01)",
    )

    # ---------------------------------------------------------------- categories
    cat_rows = categories_table()
    guid_rows = [[s, f, k] for (s, f), k in sorted(g.items())]
    guid_rows.append(["liangjiang", "air", "adapt"])
    guid_rows.append(["liangjiang", "pm25", "main_urban"])
    guid_rows.sort()

    # ---------------------------------------------------------------- targets
    t_rows, t_prov = targets_table()
    for key, grade, src in t_prov:
        prov.add("targets", "value", key, grade, src)

    # ---------------------------------------------------------------- sectors
    sector_rows = [[s, n, med, fam, "true" if key else "false"] for s, n, med, fam, key in SECTORS]
    sector_ids = [s[0] for s in SECTORS]
    voc_key = {s for s, _, _, _, k in SECTORS if k}
    family_of = {s: f for s, _, _, f, _ in SECTORS}

    # ---------------------------------------------------------------- city totals, shares
    ind_voc_2015 = INDUSTRIAL_VOC_2017_T * ceads15 / ceads17
    voc_total = ind_voc_2015 / INDUSTRIAL_VOC_SHARE_OF_TOTAL
    totals = dict(CITY_TOTALS_RECALLED)
    totals["VOC"] = round(voc_total, -1)
    ct_rows = [[p, sig(totals[p])] for p in POLLUTANTS]
    for p in CITY_TOTALS_RECALLED:
        prov.add(
            "city_totals",
            "total_2015_t",
            p,
            "recalled",
            "actual 2015 emissions, national statistics yearbook (recalled); below the "
            "sourced 2015 caps of the 12th FYP eco-environment plan",
        )
    prov.add(
        "city_totals",
        "total_2015_t",
        "VOC",
        "assumed",
        f"industrial VOC 2017 144.12 kt ({SRC_LILING}) x county CO2 sum 2015/2017 "
        f"({ceads15:.1f}/{ceads17:.1f}) = {ind_voc_2015 / 1000:.2f} kt (derived), "
        f"divided by an assumed industrial share {INDUSTRIAL_VOC_SHARE_OF_TOTAL} of all "
        "anthropogenic VOC",
    )

    share = sector_shares()
    ss_rows = []
    for p in POLLUTANTS:
        items = sorted(share[p].items())
        rounded = [round(v, 6) for _, v in items[:-1]]
        last = round(1.0 - sum(rounded), 6)
        for (s, _), v in zip(items, [*rounded, last], strict=True):
            ss_rows.append([p, s, fix6(v)])
            share[p][s] = v
        assert abs(sum(share[p].values()) - 1) < 1e-9
    prov.add(
        "sector_shares",
        "share",
        "*",
        "assumed",
        "national 2015 split of industry/domestic/agriculture/vehicles ("
        + SRC_NATIONAL
        + ") applied to Chongqing; within-group splits assumed (INDUSTRY_SPLIT, "
        "DOMESTIC_URBAN_SHARE, MOBILE_NOX_SPLIT in scripts/build_dataset.py)",
    )
    for s in ("voc_coating", "voc_chemical", "other_industry", "voc_printing"):
        prov.add(
            "sector_shares",
            "share",
            f"VOC|{s}",
            "derived" if s in ("voc_coating", "voc_chemical") else "assumed",
            f"industrial VOC share {INDUSTRIAL_VOC_SHARE_OF_TOTAL} (assumed) x Li Ling 2017 "
            "industry composition (vehicle+equipment -> coating, plastics+chemicals -> "
            "chemical; printing 8 % assumed; rest other_industry)",
        )
    for s in NONIND_VOC_SHARES:
        prov.add(
            "sector_shares",
            "share",
            f"VOC|{s}",
            "assumed",
            "assumed share of city VOC for non-industrial sources",
        )
    prov.add(
        "sector_shares",
        "share",
        "COD|livestock",
        "sourced",
        "national agricultural share of COD 2015, 48.06 % (China Environmental "
        "Statistics Yearbook), applied to Chongqing (the application is an assumption)",
    )
    prov.add(
        "sector_shares",
        "share",
        "NH3N|livestock",
        "sourced",
        "national agricultural share of NH3-N 2015, 31.58 % (yearbook), applied to "
        "Chongqing (the application is an assumption)",
    )

    # ---------------------------------------------------------------- baseline
    E0: dict[tuple[str, str, str], float] = {}
    base_rows = []
    for p in POLLUTANTS:
        for s, sh in share[p].items():
            if sh == 0:
                continue
            for c in codes:
                v = totals[p] * sh * shares[s][c]
                if v > 0:
                    E0[(c, s, p)] = float(sig(v))
    for (c, s, p), v in sorted(E0.items()):
        base_rows.append([c, s, p, sig(v)])
    for p in POLLUTANTS:
        tot = sum(v for (c, s, q), v in E0.items() if q == p)
        assert abs(tot / totals[p] - 1) < 1e-4, (p, tot, totals[p])
    prov.add(
        "baseline",
        "emissions_t",
        "*",
        "derived",
        "city total x sector share x district share of the sector's proxy "
        "(SECTOR_PROXY, SITE_MULTIPLIER, livestock category weights)",
    )

    # ---------------------------------------------------------------- growth
    grow: dict[tuple[str, str, int], float] = {}
    for s in [*sector_ids, "coal"]:
        for z in ZONES:
            r = GROWTH_ZONE_RATE.get((s, z), GROWTH_RATE[s])
            for y in YEARS:
                grow[(s, z, y)] = idx(r, y)
    for z in ZONES:
        for y in YEARS:
            grow[("energy", z, y)] = gdp[y] * (1 - BAU_ENERGY_INTENSITY_DECLINE) ** (y - 2015)
    growth_rows = [[s, z, y, sig(v)] for (s, z, y), v in sorted(grow.items())]
    prov.add(
        "growth",
        "index",
        "*",
        "assumed",
        "BAU activity index, constant annual rate per sector (GROWTH_RATE in "
        "scripts/build_dataset.py; see docs/data.md)",
    )
    for z in ZONES:
        for y in YEARS:
            prov.add(
                "growth",
                "index",
                f"energy|{z}|{y}",
                "derived",
                "real GDP index (recalled growth) x (1 - 2 %)^(t-2015) autonomous "
                "intensity decline (assumed)",
            )

    macro_rows = [[y, sig(gdp[y])] for y in sorted(gdp)]
    prov.add(
        "macro",
        "gdp_index",
        "*",
        "recalled",
        "Chongqing real GDP growth 2016-2020: 10.7, 9.3, 6.0, 6.3, 3.9 % (statistical "
        "communiqués, recalled; check against official figures)",
    )

    # ---------------------------------------------------------------- measures
    city_sector = {}
    for (_c, s, p), v in E0.items():
        city_sector[(s, p)] = city_sector.get((s, p), 0.0) + v
    sector_coal = {s: coal_city * f for s, f in COAL_SECTOR_SHARE.items()}
    ef = {
        (s, p): city_sector.get((s, p), 0.0) / sector_coal[s]
        for s in sector_coal
        for p in ("SO2", "NOX")
    }  # t per ktce
    measures = measure_list(city_sector, ef)
    m_rows, r_rows, pot_rows = [], [], []
    U: dict[tuple[str, str], float] = {}
    R: dict[tuple[str, str], float] = {}
    for m in measures:
        mid = m["id"]
        m_rows.append(
            [
                mid,
                m["name_en"],
                m["name_zh"],
                m["sector"],
                m["unit"],
                sig(m["capex"][0]),
                sig(m["capex"][1]),
                sig(m["capex"][2]),
                sig(m["opex"][0]),
                sig(m["opex"][1]),
                sig(m["opex"][2]),
                m["life"],
                sig(m["qty"]) if m["qty"] is not None else None,
                sig(m.get("coal", 0.0)),
                fix6(m["ramp"]),
                m["ref"],
            ]
        )
        for p, v in sorted(m["rm"].items()):
            r_rows.append([mid, p, sig(v)])
            R[(mid, p)] = float(sig(v))
            prov.add("removals", "removal_t", f"{mid}|{p}", m["rm_grade"], m["rm_src"])
        prov.add("measures", "capex_yuan", mid, m["capex_grade"], m["capex_src"])
        for col in ("capex_low", "capex_high"):
            prov.add("measures", col, mid, m["capex_grade"], m["capex_src"])
        for col in ("opex_yuan_yr", "opex_low", "opex_high"):
            prov.add("measures", col, mid, m["opex_grade"], m["opex_src"])
        if m["qty"] is not None:
            prov.add(
                "measures",
                "programme_qty",
                mid,
                m.get("qty_grade", "sourced"),
                m.get("qty_src", SRC_PLAN + ", " + m["ref"]),
            )
        if m.get("coal", 0.0):
            prov.add(
                "measures", "coal_cut_ktce", mid, m.get("coal_grade", "assumed"), m["coal_src"]
            )
        # potentials: quantity x the unit's share of the sector's main-pollutant emissions
        s, p0 = m["sector"], m["main"]
        basis = m["qty"] if m["qty"] is not None else m["tech"]
        tot = city_sector[(s, p0)]
        for c in codes:
            e = E0.get((c, s, p0), 0.0)
            if e <= 0:
                continue
            v = float(sig_up(basis * m["headroom"] * e / tot))
            U[(c, mid)] = v
            pot_rows.append([c, mid, sig(v)])
    m_rows.sort(key=lambda r: r[0])
    r_rows.sort(key=lambda r: (r[0], r[1]))
    pot_rows.sort(key=lambda r: (r[0], r[1]))
    prov.add("measures", "lifetime_yr", "*", "assumed", "typical service life (engineering)")
    prov.add(
        "measures",
        "ramp_max",
        "*",
        "assumed",
        "max share of the potential deployable per year (construction pace; 0.5 where "
        "the plan sets an end-2017 deadline)",
    )
    prov.add(
        "measures",
        "programme_qty",
        "*",
        "assumed",
        "empty: the plan gives no quantity; the potential is a stated technical potential",
    )
    prov.add("measures", "coal_cut_ktce", "*", "assumed", "0: the measure cuts no coal")
    prov.add("measures", "capex_yuan", "*", "assumed", "estimate, see docs/data.md")
    prov.add("removals", "removal_t", "*", "assumed", "estimate, see docs/data.md")
    prov.add(
        "potentials",
        "potential",
        "*",
        "derived",
        "programme quantity (or stated technical potential) x headroom x the unit's "
        "share of the measure's sector emissions of its main pollutant",
    )

    # ---------------------------------------------------------------- checks
    measure_by_id = {m["id"]: m for m in measures}
    report = feasibility(
        codes,
        zone_of,
        E0,
        grow,
        U,
        R,
        measure_by_id,
        voc_key,
        family_of,
        coal_u,
        energy_city,
        gdp,
        g,
        say,
    )
    report.update(
        coal_share_2015=coal_share_2015,
        coal_city=coal_city,
        energy_city=energy_city,
        ind_voc_2015=ind_voc_2015,
        totals=totals,
    )

    # ---------------------------------------------------------------- write
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out, "zones", ["zone", "name_en", "name_zh", "population_2015"], zone_rows)
    write_csv(
        out,
        "units",
        [
            "code",
            "name_zh",
            "name_en",
            "zone",
            "population_2015",
            "co2_2015_mt",
            "coal_2015_ktce",
            "energy_2015_ktce",
        ],
        unit_rows,
    )
    write_csv(out, "groups", ["group", "code", "share"], group_rows)
    write_csv(out, "categories", ["family", "category", "wording_zh", "wording_en"], cat_rows)
    write_csv(out, "guidance", ["subject", "family", "category"], guid_rows)
    write_csv(
        out, "targets", ["target_set", "target", "kind", "pollutant", "value", "year"], t_rows
    )
    write_csv(out, "sectors", ["sector", "name_en", "medium", "family", "voc_key"], sector_rows)
    write_csv(out, "city_totals", ["pollutant", "total_2015_t"], ct_rows)
    write_csv(out, "sector_shares", ["pollutant", "sector", "share"], ss_rows)
    write_csv(out, "baseline", ["code", "sector", "pollutant", "emissions_t"], base_rows)
    write_csv(
        out,
        "measures",
        [
            "measure",
            "name_en",
            "name_zh",
            "sector",
            "activity_unit",
            "capex_yuan",
            "capex_low",
            "capex_high",
            "opex_yuan_yr",
            "opex_low",
            "opex_high",
            "lifetime_yr",
            "programme_qty",
            "coal_cut_ktce",
            "ramp_max",
            "plan_ref",
        ],
        m_rows,
    )
    write_csv(out, "removals", ["measure", "pollutant", "removal_t"], r_rows)
    write_csv(out, "potentials", ["code", "measure", "potential"], pot_rows)
    write_csv(out, "growth", ["series", "zone", "year", "index"], growth_rows)
    write_csv(out, "macro", ["year", "gdp_index"], macro_rows)
    prov_rows = [[t, c, k, gr, src] for (t, c, k), (gr, src) in sorted(prov.rows.items())]
    write_csv(out, "provenance", ["table", "column", "key", "grade", "source"], prov_rows)
    say(f"\nwrote {len(prov_rows)} provenance rows and all tables to {out}")
    return report


# =========================================================================== static tables

# Guidance (plan-brief s.3, checked against the plan's boxes 3, 4, 5, 8, 11). Unit names in
# pinyin are mapped to codes below.
GUIDANCE = {
    "air": {
        "large": "Fuling Changshou Jiangjin Hechuan Yongchuan Nanchuan Qijiang Kaizhou Zhongxian",
        "medium": "Wanzhou Rongchang Fengdu Wansheng",
        "small": "Dazu Bishan Tongliang Tongnan Liangping Chengkou Wulong Yunyang Wushan Wuxi "
        "Shizhu Xiushan",
        "adapt": "Yuzhong Dadukou Jiangbei Shapingba Jiulongpo Nan'an Beibei Yubei Banan "
        "Qianjiang Dianjiang Fengjie Youyang Pengshui",
    },
    "water": {
        "large": "Wanzhou Jiulongpo Dianjiang",
        "medium": "Fuling Yuzhong Dadukou Jiangbei Shapingba Nan'an Beibei Yubei Banan Changshou "
        "Jiangjin Hechuan Yongchuan Qijiang Dazu Rongchang Kaizhou Liangping Zhongxian "
        "Yunyang Fengjie",
        "small": "Tongliang Tongnan Chengkou Wulong Wuxi Shizhu Xiushan Youyang Pengshui",
        "adapt": "Qianjiang Nanchuan Bishan Fengdu Wushan Wansheng",
    },
    "livestock": {
        "large": "Wanzhou Changshou Hechuan Nanchuan Bishan Tongliang Tongnan Kaizhou Liangping "
        "Fengdu Dianjiang",
        "fairly_large": "Qianjiang Fuling Jiangjin Yongchuan Qijiang Dazu Rongchang Wulong "
        "Zhongxian Yunyang Fengjie",
        "small": "Jiangbei Jiulongpo Nan'an Beibei Yubei Banan Chengkou Wushan Wuxi Shizhu "
        "Xiushan Youyang Pengshui Wansheng",
        "none": "Yuzhong Dadukou Shapingba",
    },
    "pm25": {
        "main_urban": "Yuzhong Dadukou Jiangbei Shapingba Jiulongpo Nan'an Beibei Yubei Banan",
        "attained": "Dazu Bishan Tongliang Rongchang Chengkou Fengdu Shizhu Xiushan",
        "exceed_le18": "Wanzhou Tongnan Liangping Yunyang Wushan Wuxi Youyang Wansheng",
        "exceed_18_45": "Qianjiang Fuling Changshou Jiangjin Hechuan Yongchuan Nanchuan Qijiang "
        "Kaizhou Dianjiang Wulong Zhongxian Fengjie Pengshui",
    },
    "water_quality": {
        "attained": "Yuzhong Dadukou Jiangbei Nan'an Banan Jiangjin Hechuan Yongchuan Tongliang "
        "Tongnan Rongchang Kaizhou Chengkou Zhongxian Yunyang Fengjie Wuxi Shizhu Xiushan",
        "lt20": "Fuling Shapingba Beibei Yubei Changshou Qijiang Dazu Liangping Youyang Pengshui",
        "p20_30": "Wanzhou Qianjiang Nanchuan Bishan Fengdu Wulong Wushan",
        "gt30": "Jiulongpo Dianjiang Wansheng",
    },
}
GUIDANCE_COUNTS = {
    "air": (9, 4, 12, 14),
    "water": (3, 21, 9, 6),
    "livestock": (11, 11, 14, 3),
    "pm25": (9, 8, 8, 14),
    "water_quality": (19, 10, 7, 3),
}


def guidance_table() -> dict[tuple[str, str], str]:
    by_name = {u[2]: u[0] for u in UNITS}
    out: dict[tuple[str, str], str] = {}
    for fam, cats in GUIDANCE.items():
        for (cat, names), n in zip(cats.items(), GUIDANCE_COUNTS[fam], strict=True):
            listed = names.split()
            assert len(listed) == n, (fam, cat, len(listed), n)
            for name in listed:
                code = by_name[name]
                assert (code, fam) not in out, (fam, name)
                out[(code, fam)] = cat
        assert sum(1 for (_, f) in out if f == fam) == 39, fam
    return out


CATEGORIES = [
    (
        "air",
        "large",
        "应当大幅度削减大气污染物排放总量",
        "large cut: big emitters with relatively poor air quality",
    ),
    (
        "air",
        "medium",
        "可以按相对中等的幅度削减大气污染物排放总量",
        "medium cut: big emitters with relatively good air quality",
    ),
    (
        "air",
        "small",
        "可以以相对小的幅度削减大气污染物排放总量",
        "small cut: small emitters with good air quality",
    ),
    (
        "air",
        "adapt",
        "需因地制宜实施总量控制措施",
        "adapt locally: small emitters with relatively poor air; main urban extends control to "
        "vehicles and dust, the five counties mainly construction dust",
    ),
    (
        "water",
        "large",
        "应当大幅度削减污染物排放总量",
        "large cut: big emitters with a high share of failing sections",
    ),
    (
        "water",
        "medium",
        "可以以相对中等的幅度削减污染物排放总量",
        "medium cut: big emitters with a low share of failing sections",
    ),
    (
        "water",
        "small",
        "可以以相对较小的幅度削减污染物排放总量",
        "small cut: small emitters with a low share of failing sections",
    ),
    (
        "water",
        "adapt",
        "需因地制宜采取适宜性污染控制措施",
        "adapt locally: small emitters with a high failing share; multi-sector co-control, "
        "basin joint control, the influence area shares part of the task",
    ),
    (
        "livestock",
        "large",
        "需要大幅度削减畜禽养殖污染排放总量",
        "large cut: large intensive stock and poor surface water",
    ),
    (
        "livestock",
        "fairly_large",
        "应当以较大幅度削减畜禽养殖污染排放总量",
        "fairly large cut: the remaining livestock counties",
    ),
    (
        "livestock",
        "small",
        "可以以相对较小幅度削减畜禽养殖污染排放总量",
        "small cut: small stock; main-urban districts exit farms inside the second ring road",
    ),
    (
        "livestock",
        "none",
        "未列入（无畜禽养殖削减要求）",
        "not listed in box 11: no livestock expected (emisim's reading; not the plan's words)",
    ),
    (
        "pm25",
        "main_urban",
        "2020年PM2.5年均浓度应当比2015年下降20%以上",
        "main urban: PM2.5 annual mean at least 20 % below 2015 by 2020",
    ),
    ("pm25", "attained", "已经达标的区县空气质量应进一步改善", "attained: keep improving"),
    (
        "pm25",
        "exceed_le18",
        "年均浓度超标18%以内的区县应实现PM2.5年均浓度达标",
        "exceeding by up to 18 %: reach the standard by 2020",
    ),
    (
        "pm25",
        "exceed_18_45",
        "年均浓度超标18―45%的区县力争到“十三五”末环境质量大幅度改善，“十四五”达标",
        "exceeding by 18-45 %: large improvement by 2020, attain in the 14th FYP",
    ),
    (
        "water_quality",
        "attained",
        "已经达标的区县水环境质量应巩固并持续改善",
        "attained: consolidate and keep improving",
    ),
    (
        "water_quality",
        "lt20",
        "断面超标率在20%以下的区县应实现断面水质全面达标",
        "under 20 % of sections failing: all sections compliant",
    ),
    (
        "water_quality",
        "p20_30",
        "断面超标率在20%―30%之间的区县在2015年基础上超标率下降10个百分点",
        "20-30 % failing: failing rate down 10 points on 2015",
    ),
    (
        "water_quality",
        "gt30",
        "断面超标率在30%以上的区县力争到“十三五”末断面水质超标率下降一半以上",
        "over 30 % failing: failing rate at least halved",
    ),
]


def categories_table() -> list[list[str]]:
    return sorted([list(r) for r in CATEGORIES])


def targets_table():
    plan = [
        ("cut_cod", "emission_cut", "COD", 0.072),
        ("cut_so2", "emission_cut", "SO2", 0.071),
        ("cut_nh3n", "emission_cut", "NH3N", 0.088),
        ("cut_nox", "emission_cut", "NOX", 0.069),
        ("cut_voc", "emission_cut", "VOC", 0.13),
        ("coal_share", "coal_share_max", None, 0.55),
        ("energy_intensity", "energy_intensity_cut", None, 0.15),
        ("co2_intensity", "co2_intensity_cut", None, 0.16),
    ]
    national = {"cut_cod": 0.074, "cut_nh3n": 0.063, "cut_so2": 0.18, "cut_nox": 0.18}
    rows, pv = [], []
    for tid, kind, p, v in plan:
        rows.append(["plan2020", tid, kind, p, fix6(v), 2020])
        rows.append(["national_assignment", tid, kind, p, fix6(national.get(tid, v)), 2020])
    pv.append(("*", "sourced", SRC_PLAN + ", box 1 (专栏1) and ch.4 (coal < 55 %)"))
    for tid in national:
        pv.append(
            (
                f"national_assignment|{tid}",
                "recalled",
                "Chongqing's final 13th FYP assignment from the State (recalled, LOW "
                "confidence; a scenario, not a fact)",
            )
        )
    for tid in ("cut_voc", "coal_share", "energy_intensity", "co2_intensity"):
        pv.append(
            (
                f"national_assignment|{tid}",
                "sourced",
                "kept from the plan's box 1 (no separate assignment known)",
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows, pv


# sector, name, medium, family, voc_key
SECTORS = [
    ("power", "Coal power and heat", "air", "air", False),
    ("ind_boiler", "Industrial boilers", "air", "air", False),
    ("steel", "Iron and steel (sintering, coking)", "air", "air", False),
    ("cement_glass", "Non-metallic minerals (cement, glass, bricks)", "air", "air", False),
    ("other_industry", "Other industrial combustion and process", "air", "air", False),
    ("residential", "Residential fuel use", "air", "air", False),
    ("mobile_road", "Road vehicles", "air", "air", False),
    ("mobile_nonroad", "Non-road machinery and ships", "air", "air", False),
    (
        "construction",
        "Construction sites (machinery exhaust, architectural coatings)",
        "air",
        "air",
        False,
    ),
    ("voc_coating", "Vehicle and equipment manufacturing coating (key VOC)", "air", "air", True),
    ("voc_chemical", "Chemicals, petrochemicals, plastics (key VOC)", "air", "air", True),
    ("voc_printing", "Printing and packaging (key VOC)", "air", "air", True),
    ("fuel_distribution", "Petrol stations, depots, tankers (key VOC)", "air", "air", True),
    ("other_voc", "Other VOC (solvent use, cooking; non-key)", "air", "air", False),
    ("ind_wastewater", "Industrial wastewater", "water", "water", False),
    ("urban_sewage", "Urban domestic sewage", "water", "water", False),
    ("township_sewage", "Township domestic sewage", "water", "water", False),
    ("livestock", "Livestock and poultry farming", "water", "livestock", False),
]


def sector_shares() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for p in ("COD", "NH3N"):
        n = NATIONAL_2015[p]
        ind = n["industry"] / n["total"]
        agr = n["agriculture"] / n["total"]
        dom = 1 - ind - agr  # includes centralised-facility remainder
        out[p] = {
            "ind_wastewater": ind,
            "urban_sewage": dom * DOMESTIC_URBAN_SHARE,
            "township_sewage": dom * (1 - DOMESTIC_URBAN_SHARE),
            "livestock": agr,
        }
    n = NATIONAL_2015["SO2"]
    dom = n["domestic"] / n["total"]
    out["SO2"] = {s: (1 - dom) * v for s, v in INDUSTRY_SPLIT["SO2"].items()}
    out["SO2"]["residential"] = dom
    n = NATIONAL_2015["NOX"]
    dom, veh = n["domestic"] / n["total"], n["vehicles"] / n["total"]
    out["NOX"] = {s: (1 - dom - veh) * v for s, v in INDUSTRY_SPLIT["NOX"].items()}
    out["NOX"]["residential"] = dom
    for s, v in MOBILE_NOX_SPLIT.items():
        out["NOX"][s] = veh * v
    li = LILING_VOC_KT
    ind = INDUSTRIAL_VOC_SHARE_OF_TOTAL
    total_kt = INDUSTRIAL_VOC_2017_T / 1000
    coat = (li["vehicle"] + li["equipment"]) / total_kt
    chem = (li["plastics"] + li["chemicals"]) / total_kt
    prt = VOC_PRINTING_SHARE_OF_INDUSTRIAL
    out["VOC"] = {
        "voc_coating": ind * coat,
        "voc_chemical": ind * chem,
        "voc_printing": ind * prt,
        "other_industry": ind * (1 - coat - chem - prt),
        **NONIND_VOC_SHARES,
    }
    for p, d in out.items():
        assert abs(sum(d.values()) - 1) < 1e-9, p
    return out


# =========================================================================== measures


def measure_list(E: dict, ef: dict) -> list[dict]:
    """All measures with costs (yuan per activity unit), removals (t/yr per unit) and notes.

    E[(sector, pollutant)] = city 2015 emissions (t); ef[(sector, p)] = t per ktce coal.
    Each entry: id, names, sector, unit, main pollutant, qty (plan programme) or tech
    (technical potential), headroom, capex/opex (central, low, high), life, coal cut,
    ramp, plan ref, removals, grades and sources.
    """
    M: list[dict] = []

    def add(**kw):
        kw.setdefault("headroom", 1.5 if kw.get("qty") is not None else 1.0)
        kw.setdefault("qty", None)
        kw.setdefault("tech", None)
        kw.setdefault("capex_grade", "assumed")
        kw.setdefault("opex_grade", "assumed")
        kw.setdefault("rm_grade", "assumed")
        for k in ("capex", "opex"):
            c, lo, hi = kw[k]
            assert lo <= c <= hi, (kw["id"], k)
            kw[f"{k}_src"] = _cost_rationale(kw, k)
        M.append(kw)

    def pm30(x):  # no sourced range: +-30 % assumed
        return (x, 0.7 * x, 1.3 * x) if x >= 0 else (x, 1.3 * x, 0.7 * x)

    flow = 1e4 * DAYS / 1e6  # 10^4 m3/d for a year, in 10^6 m3 -> x mg/L = t

    # ---------------------------------------------------------------- water
    f = WWTP_UTILISATION_NEW * WWTP_NEW_COLLECTION
    add(
        id="urban_wwtp_new",
        name_en="New/extended urban wastewater treatment plants",
        name_zh="新（续、扩）建城市污水处理厂",
        sector="urban_sewage",
        unit="10^4 m3/d capacity",
        main="COD",
        qty=209.8,
        capex=(22.5e6, 15e6, 30e6),
        capex_grade="recalled",
        capex_src="1,500-3,000 yuan per m3/d excluding network (recalled), midpoint",
        opex=(
            0.8 * flow * 1e6 * WWTP_UTILISATION_NEW,
            0.6 * flow * 1e6 * 0.8,
            1.0 * flow * 1e6 * 0.8,
        ),
        opex_src="0.6-1.0 yuan/m3 operating cost (assumed) x 80 % utilisation",
        life=30,
        ramp=0.3,
        ref="专栏12 二.3 (84 plants, +2.098 M m3/d)",
        rm={p: flow * (URBAN_INFLUENT[p] - EFFLUENT_1A[p]) * f for p in ("COD", "NH3N")},
        rm_src="(influent 200/25 - Class 1-A 50/5 mg/L) x 3.65 Mm3/yr x utilisation 0.8 x "
        "share of flow previously untreated 0.5 (assumed)",
    )
    add(
        id="wwtp_1a_upgrade",
        name_en="Upgrade of urban plants to Class 1-A",
        name_zh="城镇污水处理厂提标至一级A",
        sector="urban_sewage",
        unit="10^4 m3/d capacity",
        main="COD",
        tech=250.0,
        capex=(4.73e6, 3.23e6, 6.23e6),
        capex_grade="sourced",
        capex_src="+323-623 yuan per m3/d (环境科学学报 2011), midpoint",
        opex=(
            0.155 * flow * 1e6 * UPGRADE_UTILISATION,
            0.11 * flow * 1e6 * UPGRADE_UTILISATION,
            0.20 * flow * 1e6 * UPGRADE_UTILISATION,
        ),
        opex_grade="derived",
        opex_src="+0.11-0.20 yuan/m3 (环境科学学报 2011) x 85 % utilisation",
        life=20,
        ramp=0.5,
        ref="ch.4 s.3 (一级A by end-2017)",
        rm={
            p: flow * (EFFLUENT_1B[p] - EFFLUENT_1A[p]) * UPGRADE_UTILISATION
            for p in ("COD", "NH3N")
        },
        rm_src="Class 1-B -> 1-A (COD 60->50, NH3-N 8->5 mg/L) x 3.65 Mm3/yr x 0.85; "
        "technical potential 250 x 10^4 m3/d of existing capacity (assumed)",
    )
    add(
        id="sewer_urban",
        name_en="Urban sewer network (trunk and tertiary)",
        name_zh="城市一、二、三级污水管网",
        sector="urban_sewage",
        unit="km",
        main="COD",
        qty=3273.0 + 2817.0,
        capex=pm30(2.0e6),
        capex_src="~2 M yuan/km urban sewer (assumed), +-30 %",
        opex=pm30(2.0e4),
        opex_src="maintenance ~1 % of capex (assumed)",
        life=40,
        ramp=0.3,
        ref="专栏12 二.3 (3,273 km + 2,817 km)",
        rm={
            p: PERSONS_PER_KM["urban"] * PER_CAPITA_G_D[p] * DAYS / 1e6 * PLANT_REMOVAL["urban"]
            for p in ("COD", "NH3N")
        },
        rm_src="150 newly connected residents/km x 60 g COD, 7 g NH3-N per person-day x "
        "80 % plant removal (assumed)",
    )
    f = PARK_UTILISATION * PARK_COLLECTION
    add(
        id="industrial_park_wwtp",
        name_en="Industrial-park wastewater plants with networks",
        name_zh="工业园区污水处理厂及配套管网",
        sector="ind_wastewater",
        unit="10^4 m3/d capacity",
        main="COD",
        qty=73.0,
        capex=(30e6, 20e6, 45e6),
        capex_src="2,000-4,500 yuan per m3/d incl. network (assumed)",
        opex=(1.2 * flow * 1e6 * 0.6, 0.8 * flow * 1e6 * 0.6, 1.6 * flow * 1e6 * 0.6),
        opex_src="0.8-1.6 yuan/m3 (assumed) x 60 % utilisation",
        life=25,
        ramp=0.3,
        ref="专栏12 二.3 (59 parks, +0.73 M m3/d)",
        rm={p: flow * (PARK_INFLUENT[p] - EFFLUENT_1A[p]) * f for p in ("COD", "NH3N")},
        rm_src="(pre-treated influent 400/30 - 50/5 mg/L) x 3.65 Mm3/yr x utilisation 0.6 x "
        "previously untreated share 0.5 (assumed)",
    )
    add(
        id="industrial_ww_treatment",
        name_en="Industrial wastewater treatment, key industries",
        name_zh="“十一大”行业工业废水治理",
        sector="ind_wastewater",
        unit="enterprise",
        main="COD",
        qty=500.0,
        capex=(3e6, 1e6, 6e6),
        capex_src="1-6 M yuan per enterprise (assumed)",
        opex=(0.6e6, 0.3e6, 1.0e6),
        opex_src="assumed",
        life=15,
        ramp=0.3,
        ref="专栏12 二.1 (500+ enterprises)",
        rm={p: 0.5 * 0.4 * E[("ind_wastewater", p)] / 500 for p in ("COD", "NH3N")},
        rm_src="the 500 enterprises emit 50 % of industrial COD/NH3-N, treatment cuts 40 % "
        "(assumed), divided by 500",
    )
    add(
        id="small_plant_closure",
        name_en="Closure of 'eleven small' polluting plants",
        name_zh="取缔“十一小”工业企业",
        sector="ind_wastewater",
        unit="enterprise",
        main="COD",
        qty=13.0,
        headroom=1.0,
        capex=pm30(2e6),
        capex_src="compensation/clean-up ~2 M yuan per plant (assumed)",
        opex=(0.0, 0.0, 0.0),
        opex_src="none",
        life=30,
        ramp=1.0,
        ref="专栏12 三.1 (13 enterprises; by end-2016)",
        rm={"COD": 50.0, "NH3N": 3.0},
        rm_src="small paper/tanning/dyeing/electroplating plant discharge ~50 t COD, 3 t "
        "NH3-N per year (assumed)",
    )
    f = TOWN_UTILISATION * TOWN_COLLECTION
    add(
        id="township_wwtp",
        name_en="Township wastewater facilities",
        name_zh="乡镇污水处理设施",
        sector="township_sewage",
        unit="10^4 m3/d capacity",
        main="COD",
        qty=43.5,
        capex=(50e6, 26e6, 110e6),
        capex_grade="derived",
        capex_src="range from MOHURD rural guide: constructed wetland 2,600 to small packaged "
        "unit 11,000 yuan per m3/d (sourced); central 5,000 assumed",
        opex=(0.8 * flow * 1e6 * 0.6, 0.5 * flow * 1e6 * 0.6, 1.2 * flow * 1e6 * 0.6),
        opex_src="0.5-1.2 yuan/m3 (assumed) x 60 % utilisation",
        life=20,
        ramp=0.4,
        ref="专栏12 二.3 (666 facilities, +0.435 M m3/d; all by end-2017)",
        rm={p: flow * (TOWN_INFLUENT[p] - EFFLUENT_1B[p]) * f for p in ("COD", "NH3N")},
        rm_src="(influent 180/25 - Class 1-B 60/8 mg/L) x 3.65 Mm3/yr x utilisation 0.6 x "
        "previously untreated share 0.7 (assumed)",
    )
    add(
        id="sewer_township",
        name_en="Township sewer network",
        name_zh="镇级污水管网",
        sector="township_sewage",
        unit="km",
        main="COD",
        qty=4055.0,
        capex=pm30(0.8e6),
        capex_src="~0.8 M yuan/km (assumed), +-30 %",
        opex=pm30(1.0e4),
        opex_src="assumed",
        life=40,
        ramp=0.3,
        ref="专栏12 二.3 (4,055 km)",
        rm={
            p: PERSONS_PER_KM["township"]
            * PER_CAPITA_G_D[p]
            * DAYS
            / 1e6
            * PLANT_REMOVAL["township"]
            for p in ("COD", "NH3N")
        },
        rm_src="60 newly connected residents/km x 60/7 g per person-day x 65 % removal (assumed)",
    )
    ef_l = {p: E[("livestock", p)] / LIVESTOCK_STOCK_PIG_EQ * 1e4 for p in ("COD", "NH3N")}
    add(
        id="livestock_manure",
        name_en="Livestock manure treatment facilities",
        name_zh="畜禽养殖场污染治理设施",
        sector="livestock",
        unit="10^4 pig-equivalents",
        main="COD",
        qty=330.0,
        capex=(2e6, 1e6, 4e6),
        capex_src="100-400 yuan per pig-equivalent stock (assumed)",
        opex=(0.3e6, 0.15e6, 0.5e6),
        opex_src="15-50 yuan per pig-eq per year (assumed)",
        life=15,
        ramp=0.3,
        ref="专栏12 二.8 (3.3 M pig-equivalents)",
        rm={p: ef_l[p] * MANURE_REDUCTION for p in ef_l},
        rm_src="livestock emissions / assumed stock of 20 M pig-eq, x 70 % reduction",
    )
    add(
        id="livestock_closure",
        name_en="Closure/relocation of farms in no-farming zones",
        name_zh="禁养区畜禽养殖场关闭搬迁",
        sector="livestock",
        unit="10^4 pig-equivalents",
        main="COD",
        tech=CLOSURE_STOCK_SHARE * LIVESTOCK_STOCK_PIG_EQ / 1e4,
        capex=(4e6, 2.5e6, 6e6),
        capex_src="compensation 250-600 yuan per pig-eq (assumed)",
        opex=(0.0, 0.0, 0.0),
        opex_src="none",
        life=30,
        ramp=0.5,
        ref="ch.5 s.5, 专栏12 二.8 (by end-2017)",
        rm={p: ef_l[p] * CLOSURE_NET for p in ef_l},
        rm_src="emission per pig-eq x 0.5 (half the stock relocates elsewhere); potential 6 % "
        "of the 20 M stock (assumed)",
    )

    # ---------------------------------------------------------------- air: power & coal
    mwh = HOURS_COAL_UNIT
    add(
        id="ultra_low_power",
        name_en="Ultra-low emission and energy-saving retrofit, coal units >= 300 MW",
        name_zh="30万千瓦及以上燃煤机组超低排放和节能改造",
        sector="power",
        unit="MW",
        main="SO2",
        qty=COAL_POWER_MW_300PLUS,
        headroom=1.0,
        qty_grade="assumed",
        qty_src="plan: all units >= 300 MW; capacity 11,000 MW assumed",
        capex=(2.0e5, 1.2e5, 3.0e5),
        capex_src="120-300 yuan/kW retrofit (assumed)",
        opex=(8.1 * mwh, 4.8 * mwh, 8.6 * mwh),
        opex_grade="derived",
        opex_src="SCR operating cost 4.8-8.6 yuan/MWh (浙江大学学报 2017; 300 MW 7.6-8.6) x "
        "4,500 h",
        coal=ULTRA_LOW_COAL_SAVING_KTCE,
        coal_src="2.5 gce/kWh saved x 4,500 MWh/MW",
        life=20,
        ramp=0.4,
        ref="专栏12 二.2",
        rm={
            p: ULTRA_LOW_COVERAGE * ULTRA_LOW_CUT[p] * E[("power", p)] / COAL_POWER_MW_300PLUS
            for p in ("SO2", "NOX")
        },
        rm_src="units >= 300 MW burn 85 % of power coal; ultra-low cuts their SO2 90 %, NOx "
        "75 % (assumed), / 11,000 MW",
    )
    add(
        id="power_clean_substitution",
        name_en="Coal power replaced by imported hydro and gas power",
        name_zh="压减燃煤发电（外购水电、燃气发电替代）",
        sector="power",
        unit="ktce/yr coal replaced",
        main="SO2",
        tech=3000.0,
        capex=(2.0e6, 1.0e6, 3.5e6),
        capex_src="transmission/gas plant per ktce/yr of coal power displaced (assumed)",
        opex=(0.6e6, 0.2e6, 1.0e6),
        opex_src="generation cost difference ~0.2 yuan/kWh x 3.2 GWh per ktce (assumed)",
        coal=1.0,
        coal_src="by definition of the activity unit",
        life=25,
        ramp=0.25,
        ref="ch.4 s.2 控制煤炭消费总量（优先调度清洁能源）",
        rm={"SO2": ef[("power", "SO2")], "NOX": ef[("power", "NOX")] - 0.4},
        rm_src="power-sector emission per ktce (sector emissions / sector coal); NOx net of "
        "0.4 t/ktce from gas-fired replacement; potential 3,000 ktce (assumed)",
    )
    add(
        id="wind_biomass_power",
        name_en="New wind and biomass power",
        name_zh="新增风电、生物质发电",
        sector="power",
        unit="MW",
        main="SO2",
        qty=300.0,
        capex=(8.5e6, 7e6, 11e6),
        capex_src="7-11 yuan/W (assumed)",
        opex=(0.17e6 - WIND_COAL_KTCE_PER_MW * COAL_PRICE_YUAN_TCE * 1e3, -0.3e6, 0.0),
        opex_src="O&M 0.17 M yuan/MW minus avoided coal 0.67 ktce x 550 yuan/tce (assumed)",
        coal=WIND_COAL_KTCE_PER_MW,
        coal_src="2,200 h x 0.305 tce/MWh displaced coal power",
        life=20,
        ramp=0.3,
        ref="ch.6 积极应对气候变化 (+300 MW)",
        rm={p: WIND_COAL_KTCE_PER_MW * ef[("power", p)] for p in ("SO2", "NOX")},
        rm_src="coal displaced x power-sector emission per ktce",
    )
    coal_st = STEAM_TONNE_TCE_YR / 1000.0
    add(
        id="boiler_coal_to_gas",
        name_en="Coal boilers eliminated or converted to clean energy",
        name_zh="燃煤锅炉淘汰或清洁能源改造",
        sector="ind_boiler",
        unit="steam-tonne (t/h)",
        main="SO2",
        qty=1000.0,
        capex=(2.0e5, 0.8e5, 3.0e5),
        capex_grade="derived",
        capex_src="low end = 80,000 yuan/steam-tonne subsidy (Jinhua policy, sourced; a "
        "subsidy, not full cost); central/high assumed",
        opex=(coal_st * GAS_DIFFERENTIAL_YUAN_TCE * 1e3, coal_st * 0.6e6, coal_st * 1.4e6),
        opex_src="fuel cost difference gas vs coal ~1,010 yuan per tce replaced (assumed)",
        coal=coal_st,
        coal_src="4,000 full-load h x 0.13 tce per t steam",
        life=20,
        ramp=0.4,
        ref="ch.4 s.2, 专栏12 二.2 (1,000 steam-tonnes)",
        rm={
            "SO2": coal_st * ef[("ind_boiler", "SO2")],
            "NOX": coal_st * ef[("ind_boiler", "NOX")] * (1 - GAS_NOX_RESIDUAL),
        },
        rm_src="0.52 ktce/yr x boiler-sector emission per ktce; gas keeps 40 % of NOx",
    )
    add(
        id="boiler_desulf_upgrade",
        name_en="Desulfurisation upgrade of remaining coal boilers",
        name_zh="燃煤锅炉脱硫设施升级改造",
        sector="ind_boiler",
        unit="steam-tonne (t/h)",
        main="SO2",
        tech=6000.0,
        capex=(6e4, 3e4, 1e5),
        capex_src="assumed",
        opex=(4e4, 2e4, 6e4),
        opex_src="assumed",
        life=15,
        ramp=0.4,
        ref="专栏12 二.1 工业污染源全面达标排放",
        rm={"SO2": coal_st * ef[("ind_boiler", "SO2")] * 0.7},
        rm_src="0.52 ktce/yr x boiler SO2 per ktce x 70 %; potential 6,000 steam-tonnes "
        "(about half the ~12,900 steam-tonne equivalents of boiler coal; assumed)",
    )
    add(
        id="ind_coal_to_gas",
        name_en="Industrial kilns/furnaces coal-to-gas (shale gas, LNG)",
        name_zh="工业窑炉煤改气（页岩气、LNG）",
        sector="other_industry",
        unit="ktce/yr coal replaced",
        main="SO2",
        tech=3000.0,
        capex=(0.3e6, 0.15e6, 0.5e6),
        capex_src="burner/furnace conversion (assumed)",
        opex=(GAS_DIFFERENTIAL_YUAN_TCE * 1e3, 0.6e6, 1.4e6),
        opex_src="gas 2.3 yuan/m3 at 90 % vs coal 550 yuan/tce at 75 % efficiency (assumed)",
        coal=1.0,
        coal_src="by definition of the activity unit",
        life=20,
        ramp=0.25,
        ref="ch.6 积极推动页岩气规模化开发利用, 加快LNG推广应用",
        rm={
            "SO2": ef[("other_industry", "SO2")],
            "NOX": ef[("other_industry", "NOX")] * (1 - GAS_NOX_RESIDUAL),
        },
        rm_src="other-industry emission per ktce (sector emissions / sector coal); gas keeps "
        "40 % of NOx; potential 3,000 ktce (~37 % of the sector's coal, assumed)",
    )
    add(
        id="ind_desulf_upgrade",
        name_en="Industrial flue-gas desulfurisation to standard",
        name_zh="工业企业脱硫达标改造",
        sector="other_industry",
        unit="enterprise",
        main="SO2",
        tech=300.0,
        capex=(5e6, 2e6, 10e6),
        capex_src="assumed",
        opex=(1e6, 0.5e6, 1.5e6),
        opex_src="assumed",
        life=15,
        ramp=0.4,
        ref="专栏12 二.1 工业污染源全面达标排放",
        rm={"SO2": 0.6 * 0.6 * E[("other_industry", "SO2")] / 300},
        rm_src="300 enterprises emit 60 % of the sector's SO2, FGD cuts 60 % (assumed)",
    )
    add(
        id="ind_denox",
        name_en="Industrial denitrification projects",
        name_zh="企业脱硝工程",
        sector="other_industry",
        unit="enterprise",
        main="NOX",
        qty=11.0,
        capex=(20e6, 10e6, 40e6),
        capex_src="assumed",
        opex=(3e6, 1.5e6, 5e6),
        opex_src="assumed",
        life=15,
        ramp=0.4,
        ref="专栏12 二.1 (11 enterprises)",
        rm={"NOX": 0.3 * 0.7 * E[("other_industry", "NOX")] / 11},
        rm_src="the 11 enterprises emit 30 % of the sector's NOx, SCR/SNCR cuts 70 % (assumed)",
    )
    add(
        id="residential_clean_fuel",
        name_en="Household coal replaced by gas/electricity (no-burn zones)",
        name_zh="高污染燃料禁燃区散煤替代",
        sector="residential",
        unit="10^4 households",
        main="SO2",
        tech=100.0,
        capex=(30e6, 20e6, 50e6),
        capex_src="2,000-5,000 yuan per household connection (assumed)",
        opex=(5e6, 2e6, 8e6),
        opex_src="200-800 yuan per household-year fuel cost difference (assumed)",
        coal=10.0,
        coal_src="1 tce per household-year (assumed)",
        life=15,
        ramp=0.3,
        ref="ch.4 s.2 (3,000 km2 no-burn zone; 压散煤)",
        rm={
            "SO2": 10.0 * ef[("residential", "SO2")],
            "NOX": 10.0 * ef[("residential", "NOX")] * 0.7,
        },
        rm_src="10 ktce/yr x residential emission per ktce (NOx x 0.7 net of gas); potential "
        "1 M households (assumed)",
    )

    # ---------------------------------------------------------------- air: industry
    add(
        id="sinter_fgd_scr",
        name_en="Sintering desulfurisation upgrade and denitrification",
        name_zh="钢铁烧结机脱硫升级改造和脱硝",
        sector="steel",
        unit="sintering machine",
        main="SO2",
        qty=3.0,
        headroom=1.0,
        capex=(150e6, 100e6, 250e6),
        capex_src="assumed for a ~360 m2 machine",
        opex=(9.5 * 3.5e6, 5 * 3.5e6, 14 * 3.5e6),
        opex_grade="derived",
        opex_src="5-14 yuan per t sinter (sourced, c.2009) x 3.5 Mt sinter per machine-year",
        life=15,
        ramp=0.5,
        ref="专栏12 二.1 (3 sintering machines)",
        rm={
            "SO2": 0.7 * 0.8 * 0.8 * E[("steel", "SO2")] / 3,
            "NOX": 0.5 * 0.8 * 0.6 * E[("steel", "NOX")] / 3,
        },
        rm_src="sintering = 70 % of steel SO2, 50 % of NOx; the 3 machines cover 80 %; "
        "upgrade cuts SO2 80 %, denitrification NOx 60 % (assumed)",
    )
    add(
        id="coke_oven_desulf",
        name_en="Coke oven gas desulfurisation upgrade",
        name_zh="炼焦炉脱硫设施改造",
        sector="steel",
        unit="coke oven",
        main="SO2",
        qty=6.0,
        headroom=1.0,
        capex=(30e6, 15e6, 50e6),
        capex_src="assumed",
        opex=(5e6, 3e6, 8e6),
        opex_src="assumed",
        life=15,
        ramp=0.5,
        ref="专栏12 二.1 (6 coke ovens)",
        rm={"SO2": 0.25 * 0.8 * E[("steel", "SO2")] / 6},
        rm_src="coke ovens = 25 % of steel SO2, upgrade cuts 80 % (assumed)",
    )
    clinker = 40e6 / 1e4  # 10^4 t clinker per year
    add(
        id="cement_denox",
        name_en="Cement kiln low-NOx combustion + SNCR",
        name_zh="新型干法水泥低氮燃烧+脱硝",
        sector="cement_glass",
        unit="10^4 t clinker/yr",
        main="NOX",
        tech=clinker,
        capex=(2e4, 1e4, 4e4),
        capex_src="SNCR ~3 M yuan per 5,000 t/d line (assumed)",
        opex=(1e5, 0.7e5, 1.3e5),
        opex_grade="sourced",
        opex_src="≈10 yuan per t clinker (China Cement Association adviser), +-30 %",
        life=15,
        ramp=0.5,
        ref="ch.4 s.2 / 专栏12 二.1 (dry-process cement low-NOx + denitrification)",
        rm={"NOX": KILN_SHARE["NOX"] * 0.9 * 0.65 * E[("cement_glass", "NOX")] / clinker},
        rm_src="kilns = 75 % of sector NOx, 90 % not yet controlled, SNCR 60-70 % (sourced) "
        "midpoint; 40 Mt clinker (assumed)",
    )
    add(
        id="glass_deep_treatment",
        name_en="Flat-glass and glass-product flue-gas deep treatment",
        name_zh="平板玻璃及玻璃制品企业废气深度治理",
        sector="cement_glass",
        unit="enterprise",
        main="NOX",
        qty=44.0,
        capex=(8e6, 3e6, 20e6),
        capex_src="assumed (flat glass lines much dearer than small product plants)",
        opex=(1.5e6, 0.8e6, 2.5e6),
        opex_src="assumed",
        life=15,
        ramp=0.4,
        ref="专栏12 二.1 (5 flat-glass + 39 glass plants)",
        rm={
            "NOX": 0.12 * 0.9 * 0.7 * E[("cement_glass", "NOX")] / 44,
            "SO2": 0.08 * 0.9 * 0.8 * E[("cement_glass", "SO2")] / 44,
        },
        rm_src="glass = 12 % of sector NOx, 8 % of SO2; the 44 plants cover 90 %; cuts 70 %/80 "
        "% (assumed)",
    )
    per_td = {
        p: KILN_SHARE[p] * E[("cement_glass", p)] / CLINKER_CAPACITY_T_D * CLOSURE_NET_CEMENT
        for p in ("SO2", "NOX")
    }
    add(
        id="cement_capacity_closure",
        name_en="Closure of surplus cement capacity",
        name_zh="淘汰水泥过剩产能",
        sector="cement_glass",
        unit="t/d clinker capacity",
        main="NOX",
        qty=10600.0,
        headroom=1.0,
        capex=pm30(3e4),
        capex_src="closure compensation ~30,000 yuan per t/d (assumed)",
        opex=(0.0, 0.0, 0.0),
        opex_src="none",
        coal=300 * CLINKER_TCE_PER_T / 1000 * CLOSURE_NET_CEMENT,
        coal_src="300 days x 0.11 tce/t clinker x 0.5 (output partly shifts)",
        life=30,
        ramp=0.5,
        ref="专栏12 三.1 (10,600 t/d)",
        rm=per_td,
        rm_src="kiln share of sector emissions / 133,000 t/d capacity x 0.5 net (assumed)",
    )
    add(
        id="brick_kiln_closure",
        name_en="Closure of sintered-brick kilns",
        name_zh="关闭淘汰烧结砖瓦企业",
        sector="cement_glass",
        unit="enterprise",
        main="SO2",
        qty=180.0,
        headroom=1.0,
        capex=pm30(1.5e6),
        capex_src="compensation (assumed)",
        opex=(0.0, 0.0, 0.0),
        opex_src="none",
        coal=2.0 * 0.7,
        coal_src="2 ktce/yr per kiln, 70 % net of substitute wall materials (assumed)",
        life=30,
        ramp=0.5,
        ref="专栏12 三.1 (180 brick kilns)",
        rm={"SO2": 2.0 * 20.0 * 0.7, "NOX": 2.0 * 2.0 * 0.7},
        rm_src="2 ktce x 20 t SO2, 2 t NOx per ktce (high-sulphur fuel, no control) x 0.7",
    )

    # ---------------------------------------------------------------- air: mobile
    add(
        id="yellow_label_scrapping",
        name_en="Scrapping yellow-label vehicles",
        name_zh="淘汰黄标车",
        sector="mobile_road",
        unit="vehicle",
        main="NOX",
        qty=45000.0,
        headroom=1.2,
        capex=pm30(1.0e4),
        capex_grade="derived",
        capex_src="13.69 bn yuan / 1.362 M vehicles (Zhou et al., J. Cleaner Prod. 2019), +-30 %",
        opex=(0.0, 0.0, 0.0),
        opex_src="none",
        life=5,
        ramp=0.4,
        ref="专栏12 二.2 (≈45,000)",
        rm={"NOX": 0.128, "VOC": 0.05},
        rm_grade="derived",
        rm_src="NOx 174.44 kt / 1.362 M vehicles (Zhou et al. 2019); VOC 0.05 t assumed",
    )
    add(
        id="nev_promotion",
        name_en="New-energy vehicles (buses, taxis, logistics)",
        name_zh="发展新能源汽车",
        sector="mobile_road",
        unit="vehicle",
        main="NOX",
        qty=30000.0,
        capex=(6e4, 3e4, 1.5e5),
        capex_src="incremental purchase cost (assumed)",
        opex=(-3e3, -6e3, 0.0),
        opex_src="fuel savings (assumed)",
        life=8,
        ramp=0.3,
        ref="专栏12 三.4 (30,000 vehicles)",
        rm={"NOX": 0.06, "VOC": 0.02},
        rm_src="displaced conventional vehicle (mix of buses, taxis, vans), assumed; charging "
        "emissions at power plants not counted",
    )
    add(
        id="hdv_diesel_control",
        name_en="Heavy-duty diesel vehicle control (I/M, retrofit, early replacement)",
        name_zh="重型车、柴油车整治",
        sector="mobile_road",
        unit="vehicle",
        main="NOX",
        tech=60000.0,
        capex=(4e4, 2e4, 8e4),
        capex_src="assumed",
        opex=(1e3, 0.5e3, 2e3),
        opex_src="assumed",
        life=8,
        ramp=0.3,
        ref="ch.4 s.2 (重型车、柴油车整治工程); 专栏12 二.2 (60 remote-sensing sites)",
        rm={"NOX": 0.25, "VOC": 0.01},
        rm_src="0.5 t NOx per old HDV-year, halved (assumed); 60,000 vehicles (assumed)",
    )
    add(
        id="nonroad_machinery",
        name_en="Non-road (construction) machinery emission control",
        name_zh="非道路移动机械排放治理",
        sector="construction",
        unit="machine",
        main="NOX",
        qty=1000.0,
        capex=pm30(5e4),
        capex_src="assumed",
        opex=pm30(3e3),
        opex_src="assumed",
        life=8,
        ramp=0.4,
        ref="专栏12 二.2 (1,000 machines)",
        rm={"NOX": 0.35},
        rm_src="100 kW x 1,500 h x 6 g/kWh ≈ 0.9 t, cut ~40 % (assumed); mostly construction "
        "machinery, so placed in the construction sector",
    )
    add(
        id="construction_machinery_upgrade",
        name_en="Replacement/retrofit of old (pre-China II) construction machinery",
        name_zh="老旧工程机械淘汰更新及尾气治理",
        sector="construction",
        unit="machine",
        main="NOX",
        tech=12000.0,
        capex=pm30(1.2e5),
        capex_src="early-replacement subsidy or DPF/SCR retrofit (assumed)",
        opex=pm30(5e3),
        opex_src="assumed",
        life=8,
        ramp=0.3,
        ref="ch.4 s.2 开展工程机械等非道路移动机械的污染控制 (no quantity)",
        rm={"NOX": 0.45},
        rm_src="old machine ~0.9 t NOx/yr, halved; 12,000 machines, ~20-30 % "
        "of the stock (assumed)",
    )
    add(
        id="vessel_treatment",
        name_en="Inland vessel exhaust treatment",
        name_zh="机动船舶废气治理",
        sector="mobile_nonroad",
        unit="vessel",
        main="NOX",
        qty=100.0,
        capex=pm30(6e5),
        capex_src="assumed",
        opex=pm30(3e4),
        opex_src="assumed",
        life=15,
        ramp=0.4,
        ref="专栏12 二.2 (100 vessels)",
        rm={"NOX": 4.5},
        rm_src="500 kW x 3,000 h x 10 g/kWh = 15 t, cut 30 % (assumed)",
    )
    add(
        id="shore_power",
        name_en="Shore power at ports and docks",
        name_zh="码头港口岸电改造",
        sector="mobile_nonroad",
        unit="dock",
        main="NOX",
        qty=46.0,
        headroom=1.2,
        capex=pm30(3e6),
        capex_src="assumed",
        opex=pm30(1e5),
        opex_src="assumed",
        life=20,
        ramp=0.4,
        ref="专栏12 二.2 (46 docks)",
        rm={"NOX": 3.6},
        rm_src="berthed auxiliary engines 200 kW x 3,000 h x 10 g/kWh x 60 % use (assumed)",
    )
    add(
        id="construction_site_control",
        name_en="Construction-site control (clean machinery, low-VOC coatings, dust)",
        name_zh="建设工地扬尘及机械、涂料污染控制",
        sector="construction",
        unit="site",
        main="NOX",
        tech=3000.0,
        capex=pm30(2e5),
        capex_src="assumed",
        opex=pm30(1.5e5),
        opex_src="assumed (dust control dominates)",
        life=5,
        ramp=0.4,
        ref="专栏4 (construction dust), ch.4 s.2 扬尘",
        rm={
            "NOX": 0.5 * 0.4 * E[("construction", "NOX")] / 3000,
            "VOC": 0.6 * 0.4 * E[("construction", "VOC")] / 3000,
        },
        rm_src="3,000 large sites (assumed) cover 50 % of machinery NOx, 60 % of coating VOC; "
        "cuts 40 % (assumed); dust itself is not modelled",
    )

    # ---------------------------------------------------------------- air: VOC
    add(
        id="vapour_recovery",
        name_en="Vapour recovery at petrol stations, depots, tankers",
        name_zh="加油站、储油库、油罐车油气回收",
        sector="fuel_distribution",
        unit="petrol station (with its share of depots and tankers)",
        main="VOC",
        tech=1600.0,
        capex=(78000.0, 54600.0, 101400.0),
        capex_grade="derived",
        capex_src="3,500 yuan/nozzle x 8 + 30,000 stage III + 20,000 per tanker (Shanghai "
        "reward levels, sourced), +-30 %",
        opex=pm30(5e3),
        opex_src="assumed",
        life=10,
        ramp=0.5,
        ref="ch.4 s.2 (all by 2017)",
        rm={"VOC": 0.9 * 0.75 * E[("fuel_distribution", "VOC")] / 1600},
        rm_src="1,600 stations (assumed) cover 90 % of the sector; stage I+II+III cut 75 % "
        "(assumed)",
    )
    add(
        id="voc_coating_treatment",
        name_en="VOC end-of-pipe treatment in vehicle/equipment coating",
        name_zh="汽车涂装等行业挥发性有机物治理",
        sector="voc_coating",
        unit="enterprise",
        main="VOC",
        qty=200.0,
        qty_grade="assumed",
        qty_src="assumed 200 of the plan's 345 VOC enterprises (专栏12 二.2)",
        capex=(5e6, 2e6, 10e6),
        capex_src="adsorption/RTO (assumed)",
        opex=(1.2e6, 0.6e6, 2e6),
        opex_src="assumed",
        life=10,
        ramp=0.4,
        ref="专栏12 二.2 (345 enterprises)",
        rm={"VOC": 0.6 * 0.7 * E[("voc_coating", "VOC")] / 200},
        rm_src="the 200 enterprises emit 60 % of sector VOC, treatment cuts 70 % (assumed)",
    )
    add(
        id="voc_coating_lowvoc",
        name_en="Low-VOC (waterborne/high-solids) coatings",
        name_zh="低挥发性涂料替代",
        sector="voc_coating",
        unit="enterprise",
        main="VOC",
        tech=400.0,
        capex=(3e6, 1e6, 6e6),
        capex_src="assumed",
        opex=(0.5e6, 0.2e6, 1.0e6),
        opex_src="assumed",
        life=10,
        ramp=0.3,
        ref="ch.4 s.2 重点行业挥发性有机物综合治理 (source substitution; no named project)",
        rm={"VOC": 0.6 * 0.5 * E[("voc_coating", "VOC")] / 400},
        rm_src="400 enterprises with 60 % of sector VOC, substitution cuts 50 % (assumed)",
    )
    add(
        id="voc_printing_treatment",
        name_en="VOC treatment in printing and packaging",
        name_zh="包装印刷行业挥发性有机物治理",
        sector="voc_printing",
        unit="enterprise",
        main="VOC",
        qty=60.0,
        qty_grade="assumed",
        qty_src="assumed 60 of the plan's 345 VOC enterprises",
        capex=(2e6, 0.8e6, 4e6),
        capex_src="assumed",
        opex=(0.4e6, 0.2e6, 0.7e6),
        opex_src="assumed",
        life=10,
        ramp=0.4,
        ref="专栏12 二.2 (345 enterprises)",
        rm={"VOC": 0.6 * 0.7 * E[("voc_printing", "VOC")] / 60},
        rm_src="the 60 enterprises emit 60 % of sector VOC, treatment cuts 70 % (assumed)",
    )
    add(
        id="voc_chem_treatment",
        name_en="VOC treatment in organic chemicals and petrochemicals",
        name_zh="石化、有机化工挥发性有机物治理",
        sector="voc_chemical",
        unit="enterprise",
        main="VOC",
        tech=130.0,
        capex=(6e6, 2e6, 12e6),
        capex_src="assumed",
        opex=(1.5e6, 0.8e6, 2.5e6),
        opex_src="assumed",
        life=10,
        ramp=0.4,
        ref="ch.4 s.2 完成石化企业有机废气综合治理; 专栏12 二.2 (part of 345)",
        rm={"VOC": 0.65 * 0.8 * E[("voc_chemical", "VOC")] / 130},
        rm_src="plan: all petrochemical firms, no number: 130 enterprises (assumed) whose "
        "process vents, storage and wastewater are 65 % of sector VOC; treatment cuts 80 %",
    )
    add(
        id="voc_chem_ldar",
        name_en="Leak detection and repair (LDAR), petrochemicals",
        name_zh="泄漏检测与修复",
        sector="voc_chemical",
        unit="enterprise",
        main="VOC",
        tech=150.0,
        capex=(0.5e6, 0.3e6, 1e6),
        capex_src="assumed",
        opex=(0.3e6, 0.2e6, 0.5e6),
        opex_src="assumed",
        life=5,
        ramp=0.4,
        ref="ch.4 s.2 全面推行泄漏检测与修复",
        rm={"VOC": 0.4 * 0.5 * E[("voc_chemical", "VOC")] / 150},
        rm_src="equipment leaks = 40 % of sector VOC, LDAR cuts 50 %; 150 enterprises (assumed)",
    )
    add(
        id="restaurant_fume_control",
        name_en="Restaurant fume control",
        name_zh="餐饮企业油烟整治",
        sector="other_voc",
        unit="restaurant",
        main="VOC",
        qty=3000.0,
        capex=pm30(3e4),
        capex_src="assumed",
        opex=pm30(5e3),
        opex_src="assumed",
        life=8,
        ramp=0.4,
        ref="专栏12 二.2 (3,000 restaurants)",
        rm={"VOC": 0.1},
        rm_src="large restaurant ~0.2 t VOC/yr, purifier cuts ~50 % (assumed)",
    )
    return M


# =========================================================================== checks


def feasibility(
    codes,
    zone_of,
    E0,
    grow,
    U,
    R,
    measures,
    voc_key,
    family_of,
    coal_u,
    energy_city,
    gdp,
    guidance,
    say,
) -> dict:
    """Print and assert: needed vs available per pollutant and for coal; per-unit cover."""
    cuts = {"COD": 0.072, "NH3N": 0.088, "SO2": 0.071, "NOX": 0.069, "VOC": 0.13}

    def in_scope(s, p):
        return p != "VOC" or s in voc_key

    bau = {(c, s, p): v * grow[(s, zone_of[c], 2020)] for (c, s, p), v in E0.items()}
    # removable per (unit, sector, pollutant): sum of potential x removal, capped by BAU
    rem_u: dict[tuple, float] = {}
    rem_prog: dict[tuple, float] = {}
    for (c, mid), u in U.items():
        m = measures[mid]
        basis = m["qty"] if m["qty"] is not None else m["tech"]
        scale = min(1.0, basis / (basis * m["headroom"]))  # programme cap: sum <= qty
        for (mm, p), r in R.items():
            if mm != mid or r <= 0:
                continue
            key = (c, m["sector"], p)
            rem_u[key] = rem_u.get(key, 0.0) + u * r
            rem_prog[key] = rem_prog.get(key, 0.0) + u * r * scale
    result = {"rows": []}
    say("\nFeasibility, 2020 (t/yr; VOC = key-industry sectors only)")
    say(
        f"{'pollutant':<9} {'base2015':>10} {'BAU2020':>10} {'allowed':>10} {'needed':>9} "
        f"{'available':>10} {'ratio':>6}"
    )
    for p in POLLUTANTS:
        keys = [k for k in E0 if k[2] == p and in_scope(k[1], p)]
        base = sum(E0[k] for k in keys)
        b20 = sum(bau[k] for k in keys)
        allowed = (1 - cuts[p]) * base
        need = b20 - allowed
        avail = sum(min(bau[k], rem_prog.get(k, 0.0)) for k in keys)
        ratio = avail / need
        say(
            f"{p:<9} {base:>10.0f} {b20:>10.0f} {allowed:>10.0f} {need:>9.0f} {avail:>10.0f} "
            f"{ratio:>6.2f}"
        )
        result["rows"].append((p, base, b20, allowed, need, avail, ratio))
        assert ratio >= FEASIBILITY_MIN_RATIO, f"{p}: available/needed {ratio:.2f}"
        # no single measure may remove more than its sector emits in a unit
        for (c, mid), u in U.items():
            r = R.get((mid, p), 0.0)
            if r > 0:
                e = bau.get((c, measures[mid]["sector"], p), 0.0)
                assert u * r <= 1.0001 * e, (c, mid, p, u * r, e)
    # coal
    coal0 = sum(coal_u.values())
    coal_bau = sum(coal_u[c] * grow[("coal", zone_of[c], 2020)] for c in codes)
    energy20 = energy_city * gdp[2020] * (1 - PLAN_ENERGY_INTENSITY_CUT)
    need = coal_bau - 0.55 * energy20
    avail = 0.0
    for (_c, mid), u in U.items():
        m = measures[mid]
        avail += u * m.get("coal", 0.0) / m["headroom"]  # programme cap: sum <= qty
    say(
        f"{'coal ktce':<9} {coal0:>10.0f} {coal_bau:>10.0f} {0.55 * energy20:>10.0f} "
        f"{need:>9.0f} {avail:>10.0f} {avail / need:>6.2f}"
    )
    say(
        f"  coal share 2015 = {coal0 / energy_city:.4f}; BAU 2020 coal / plan energy 2020 = "
        f"{coal_bau / energy20:.4f}; plan energy 2020 = {energy20:.0f} ktce"
    )
    assert avail / need >= FEASIBILITY_MIN_RATIO
    result["coal"] = (coal0, coal_bau, 0.55 * energy20, need, avail, avail / need)
    # per unit: coal cuts <= unit coal
    for c in codes:
        cut = sum(u * measures[mid].get("coal", 0.0) for (cc, mid), u in U.items() if cc == c)
        assert cut <= coal_u[c] * grow[("coal", zone_of[c], 2020)], (c, cut, coal_u[c])
    # per unit and family: base > 0 and the largest achievable cut vs 2015
    fam_sectors = {
        "air": [s for s, f in family_of.items() if f == "air"],
        "water": [s for s, f in family_of.items() if f == "water"],
        "livestock": ["livestock"],
    }
    fam_pollutants = {
        "air": ("SO2", "NOX", "VOC"),
        "water": ("COD", "NH3N"),
        "livestock": ("COD", "NH3N"),
    }
    say("\nPer unit: largest achievable 2020 cut vs 2015 (all potentials used, BAU growth)")
    say(f"{'family':<10} {'pollutant':<6} {'category':<13} {'min':>7} {'median':>7} units")
    worst = {}
    for fam, secs in fam_sectors.items():
        for p in fam_pollutants[fam]:
            by_cat: dict[str, list[float]] = {}
            for c in codes:
                cat = guidance[(c, fam)]
                ks = [(c, s, p) for s in secs if in_scope(s, p) and (c, s, p) in E0]
                base = sum(E0[k] for k in ks)
                if base == 0:
                    assert (fam == "livestock" and cat == "none") or p == "VOC", (c, fam, p)
                    continue
                final = sum(max(0.0, bau[k] - rem_u.get(k, 0.0)) for k in ks)
                by_cat.setdefault(cat, []).append(1 - final / base)
            for cat, v in sorted(by_cat.items()):
                say(
                    f"{fam:<10} {p:<6} {cat:<13} {min(v):>7.1%} {float(np.median(v)):>7.1%} "
                    f"{len(v)}"
                )
                worst[(fam, p, cat)] = min(v)
    result["per_unit"] = worst
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DATA, help="output folder")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    build(a.out, quiet=a.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
