"""The project's vocabulary: pollutants, zones, guidance families and categories, and their
labels in English and Chinese. Every other module imports these names from here instead of
repeating the literals, so a label is changed in one place.

The Chinese terms are the plan's own (重庆市生态文明建设"十三五"规划).
"""

from __future__ import annotations

from types import MappingProxyType

#: The price and discounting base of money (yuan of 2015, discounted to 2015), not a plan
#: period's base year: a period's years are data (``period.csv``, docs/model.md, *Plan
#: periods*).
BASE_YEAR = 2015
LANGS: tuple[str, ...] = ("en", "zh")

POLLUTANTS: tuple[str, ...] = ("COD", "NH3N", "SO2", "NOX", "VOC")
WATER_POLLUTANTS: tuple[str, ...] = ("COD", "NH3N")
AIR_POLLUTANTS: tuple[str, ...] = ("SO2", "NOX", "VOC")
#: The 13th FYP's four functional zones (四大功能区域) and the 14th's "一区两群" (one area,
#: two clusters); a dataset's own zones are those of its zones.csv.
ZONES_FYP13: tuple[str, ...] = ("main_urban", "new_urban", "northeast", "southeast")
ZONES_FYP14: tuple[str, ...] = ("metropolitan", "three_gorges", "wuling")
ZONES: tuple[str, ...] = ZONES_FYP13 + ZONES_FYP14
#: How a period states its pollutant targets: a cut in % of the base year's total (13th
#: FYP), or tonnes removed by key projects (重点工程减排量, 14th FYP).
MECHANISMS: tuple[str, ...] = ("percent_of_base", "key_project_tonnes")
GRADES: tuple[str, ...] = ("sourced", "recalled", "derived", "assumed")

#: Guidance families and their categories, in the plan's order (most demanding first).
FAMILIES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "air": ("large", "medium", "small", "adapt"),
        "water": ("large", "medium", "small", "adapt"),
        "livestock": ("large", "fairly_large", "small", "none"),
        "pm25": ("main_urban", "attained", "exceed_le18", "exceed_18_45"),
        "water_quality": ("attained", "lt20", "p20_30", "gt30"),
    }
)
#: The families that set bands on cut rates, and the pollutants each covers.
FAMILY_POLLUTANTS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {"air": AIR_POLLUTANTS, "water": WATER_POLLUTANTS, "livestock": WATER_POLLUTANTS}
)
BAND_FAMILIES: tuple[str, ...] = tuple(FAMILY_POLLUTANTS)

#: Display names of the pollutants.
POLLUTANT_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {"COD": "COD", "NH3N": "NH3-N", "SO2": "SO2", "NOX": "NOx", "VOC": "VOC"}
        ),
        "zh": MappingProxyType(
            {
                "COD": "化学需氧量",
                "NH3N": "氨氮",
                "SO2": "二氧化硫",
                "NOX": "氮氧化物",
                "VOC": "重点行业挥发性有机物",
            }
        ),
    }
)

ZONE_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {
                "main_urban": "main urban area",
                "new_urban": "new urban area",
                "northeast": "northeast Three Gorges reservoir area",
                "southeast": "southeast Wuling mountain area",
                "metropolitan": "main metropolitan area",
                "three_gorges": "northeast Three Gorges reservoir city cluster",
                "wuling": "southeast Wuling mountain city cluster",
            }
        ),
        "zh": MappingProxyType(
            {
                "main_urban": "都市功能核心区及拓展区",
                "new_urban": "城市发展新区",
                "northeast": "渝东北生态涵养发展区",
                "southeast": "渝东南生态保护发展区",
                "metropolitan": "主城都市区",
                "three_gorges": "渝东北三峡库区城镇群",
                "wuling": "渝东南武陵山区城镇群",
            }
        ),
    }
)

FAMILY_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {
                "air": "air pollutants (box 4)",
                "water": "water pollutants (box 8)",
                "livestock": "livestock pollution",
                "pm25": "PM2.5 attainment",
                "water_quality": "water quality",
            }
        ),
        "zh": MappingProxyType(
            {
                "air": "大气污染物",
                "water": "水污染物",
                "livestock": "畜禽养殖污染",
                "pm25": "细颗粒物达标",
                "water_quality": "水质",
            }
        ),
    }
)

#: Category names, by family, in the plan's words.
CATEGORY_LABELS: MappingProxyType[str, MappingProxyType[tuple[str, str], str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {
                **{(f, "large"): "large cut" for f in ("air", "water")},
                **{(f, "medium"): "medium cut" for f in ("air", "water")},
                **{(f, "small"): "small cut" for f in ("air", "water")},
                **{(f, "adapt"): "adapt locally" for f in ("air", "water")},
                ("livestock", "large"): "large cut",
                ("livestock", "fairly_large"): "fairly large cut",
                ("livestock", "small"): "small cut",
                ("livestock", "none"): "no requirement",
            }
        ),
        "zh": MappingProxyType(
            {
                **{(f, "large"): "大幅度削减" for f in ("air", "water")},
                **{(f, "medium"): "相对中等幅度削减" for f in ("air", "water")},
                **{(f, "small"): "相对较小幅度削减" for f in ("air", "water")},
                **{(f, "adapt"): "因地制宜" for f in ("air", "water")},
                ("livestock", "large"): "大幅度削减",
                ("livestock", "fairly_large"): "较大幅度削减",
                ("livestock", "small"): "相对较小幅度削减",
                ("livestock", "none"): "未列出",
            }
        ),
    }
)


def pollutant_code(name: object, valid: tuple[str, ...] = POLLUTANTS) -> str | None:
    """The code of a pollutant named in any case or spelling ("NOx", "nox", "NH3-N" ->
    NOX, NH3N), or None when it names none of ``valid``."""
    if not isinstance(name, str):
        return None
    key = name.strip().replace("-", "").replace("_", "").upper()
    return next((q for q in valid if q.upper() == key), None)


#: Names of a pollutant counted over every sector where they differ from the target-scope
#: name above (the 13th plan's VOC target covers key industries; key-project VOC tonnes
#: count every sector's).
ALL_SECTOR_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {"zh": MappingProxyType({"VOC": "挥发性有机物"})}
)


def pollutant_label(code: str, lang: str = "en", *, all_sectors: bool = False) -> str:
    """A pollutant's name; ``all_sectors``: as counted over every sector."""
    if all_sectors and code in ALL_SECTOR_LABELS.get(lang, {}):
        return ALL_SECTOR_LABELS[lang][code]
    return POLLUTANT_LABELS.get(lang, POLLUTANT_LABELS["en"]).get(code, code)


def category_label(family: str, category: str, lang: str = "en") -> str:
    table = CATEGORY_LABELS.get(lang, CATEGORY_LABELS["en"])
    return table.get((family, category), category)
