"""The project's vocabulary: pollutants, zones, guidance families and categories, and their
labels in English and Chinese. Every other module imports these names from here instead of
repeating the literals, so a label is changed in one place.

The Chinese terms are the plan's own (重庆市生态文明建设"十三五"规划).
"""

from __future__ import annotations

from types import MappingProxyType

BASE_YEAR = 2015
LANGS: tuple[str, ...] = ("en", "zh")

POLLUTANTS: tuple[str, ...] = ("COD", "NH3N", "SO2", "NOX", "VOC")
WATER_POLLUTANTS: tuple[str, ...] = ("COD", "NH3N")
AIR_POLLUTANTS: tuple[str, ...] = ("SO2", "NOX", "VOC")
ZONES: tuple[str, ...] = ("main_urban", "new_urban", "northeast", "southeast")
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
            }
        ),
        "zh": MappingProxyType(
            {
                "main_urban": "都市功能核心区及拓展区",
                "new_urban": "城市发展新区",
                "northeast": "渝东北生态涵养发展区",
                "southeast": "渝东南生态保护发展区",
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


def pollutant_label(code: str, lang: str = "en") -> str:
    return POLLUTANT_LABELS.get(lang, POLLUTANT_LABELS["en"]).get(code, code)


def category_label(family: str, category: str, lang: str = "en") -> str:
    table = CATEGORY_LABELS.get(lang, CATEGORY_LABELS["en"])
    return table.get((family, category), category)


#: The requirement families (rows of the model that state a requirement of the plan or the
#: scenario), in report order, with their names in both languages. See
#: :mod:`emisim.model.requirements` for what each row requires.
REQUIREMENT_FAMILIES: tuple[str, ...] = (
    "city_target",
    "milestone",
    "band_lower",
    "band_upper",
    "adapt_share",
    "coal_cap",
    "programme_cap",
    "programme_floor",
    "deadline",
    "budget",
)
REQUIREMENT_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {
                "city_target": "city-wide pollutant targets (box 1)",
                "milestone": "interim milestones",
                "band_lower": "category guidance minimum cuts",
                "band_upper": "category guidance maximum cuts",
                "adapt_share": "adapt-locally sector shares",
                "coal_cap": "coal share of primary energy ceiling",
                "programme_cap": "plan programme quantities (upper bounds)",
                "programme_floor": "plan programme quantities (fixed)",
                "deadline": "the plan's dated commitments (deadlines)",
                "budget": "budget ceiling",
            }
        ),
        "zh": MappingProxyType(
            {
                "city_target": "全市主要污染物减排目标",
                "milestone": "阶段性减排目标",
                "band_lower": "分类指导削减下限",
                "band_upper": "分类指导削减上限",
                "adapt_share": "因地制宜行业削减比例",
                "coal_cap": "煤炭占一次能源消费比重上限",
                "programme_cap": "规划工程量上限",
                "programme_floor": "规划工程量（按规划完成）",
                "deadline": "规划限期任务",
                "budget": "预算上限",
            }
        ),
    }
)

#: The model's other row families (technical limits, not requirements of the plan), named
#: where a diagnosis reports them as blocking a requirement.
LIMIT_LABELS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {
                "deploy_ramp": "deployment ramp limits",
                "deploy_monotone": "deployment never decreases",
                "sector_floor": "sector emissions already cut to zero",
                "coal_floor": "unit coal use already cut to zero",
            }
        ),
        "zh": MappingProxyType(
            {
                "deploy_ramp": "年度建设进度上限",
                "deploy_monotone": "已建措施不撤除",
                "sector_floor": "行业排放已削减至零",
                "coal_floor": "区县燃煤已削减至零",
            }
        ),
    }
)

#: Words for a requirement's bound and subject, in both languages.
WORDS: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {
                "at_least": "at least",
                "at_most": "at most",
                "city": "Chongqing city",
                "cut": "cut",
                "share": "share of abatement from",
                "coal_share": "coal share of primary energy",
                "programme": "programme quantity",
                "budget": "cost",
                "in_place_by": "in place by",
                "group": "group",
                "by": "by",
            }
        ),
        "zh": MappingProxyType(
            {
                "at_least": "不低于",
                "at_most": "不高于",
                "city": "重庆市",
                "cut": "削减",
                "share": "削减量中来自",
                "coal_share": "煤炭占一次能源消费比重",
                "programme": "工程量",
                "budget": "总成本",
                "in_place_by": "年前完成",
                "group": "片区",
                "by": "至",
            }
        ),
    }
)


def requirement_label(family: str, lang: str = "en") -> str:
    table = REQUIREMENT_LABELS.get(lang, REQUIREMENT_LABELS["en"])
    limits = LIMIT_LABELS.get(lang, LIMIT_LABELS["en"])
    return table.get(family) or limits.get(family, family)


def word(key: str, lang: str = "en") -> str:
    return WORDS.get(lang, WORDS["en"])[key]
