"""Names inside sentences in the plan's words: a district (or group), a measure and a
quantity of a measure's activity, in English or Chinese; and the shapes of a requirement's
sentence (a percentage, a cut at least/at most, ``who: parts (note)``).

The requirement labels (:mod:`emisim.model.requirements`), the IIS sentence
(:mod:`emisim.solvers.iis`) and the elastic diagnosis (:mod:`emisim.solvers.diagnostics`)
all name things through these helpers, so a Chinese sentence never falls back to an
English name where the data has a Chinese one (units.csv ``name_zh``, measures.csv
``name_zh`` and ``activity_unit_zh``). English sentences name a measure by its id, the
name its rows carry in LP files and in every result table.
"""

from __future__ import annotations

from emisim.model.i18n import N_, gettext
from emisim.model.params import Params
from emisim.model.vocabulary import pollutant_label

#: Words for a requirement's bound and subject (English, translated by the catalogue).
WORDS = {
    "at_least": N_("at least"),
    "at_most": N_("at most"),
    "city": N_("Chongqing city"),
    "cut": N_("cut"),
    "share": N_("share of abatement from"),
    "coal_share": N_("coal share of primary energy"),
    "programme": N_("programme quantity"),
    "budget": N_("cost"),
    "in_place_by": N_("in place by"),
}
#: How a sentence's items are joined (punctuation, not words: no catalogue entry).
JOINS = {
    "en": {"sep": ", ", "and": " and ", "items": "; ", "parts": " | "},
    "zh": {"sep": "、", "and": "和", "items": "；", "parts": "｜"},
}
#: Districts named in a list before "and n more".
NAMES_SHOWN = 9


def word(key: str, lang: str = "en") -> str:
    """One of :data:`WORDS` in ``lang``."""
    return gettext(WORDS[key], lang)


def city_name(lang: str = "en") -> str:
    """The city, as a requirement's subject."""
    return word("city", lang)


def join(kind: str, lang: str = "en") -> str:
    """The punctuation that joins items of a list (``sep``, ``and``, ``items``, ``parts``)."""
    return JOINS.get(lang, JOINS["en"])[kind]


def and_list(items: list[str], lang: str = "en") -> str:
    """``a, b and c`` / ``a、b和c``."""
    if len(items) == 1:
        return items[0]
    return join("sep", lang).join(items[:-1]) + join("and", lang) + items[-1]


def unit_list(p: Params, codes: list[str], lang: str = "en") -> str:
    """Units by name, the first :data:`NAMES_SHOWN` and how many more."""
    shown = join("sep", lang).join(unit_name(p, c, lang) for c in codes[:NAMES_SHOWN])
    if len(codes) > NAMES_SHOWN:
        more = gettext(N_("{shown} and {n} more"), lang)
        return more.format(shown=shown, n=len(codes) - NAMES_SHOWN)
    return shown


def unit_name(p: Params, code: str, lang: str = "en") -> str:
    """A district's (or group's) name: Chinese where the data has one, else English."""
    if lang == "zh" and code in p.names_zh:
        return p.names_zh[code]
    return p.names.get(code, code)


def unit_with_code(p: Params, code: str, lang: str = "en") -> str:
    """``万州区（500101）`` / ``Wanzhou (500101)``: the name and the code to find it by (a
    group's id is an English word: the Chinese sentence gives its name alone)."""
    if lang == "zh":
        return (
            unit_name(p, code, lang)
            if code in p.groups
            else f"{unit_name(p, code, lang)}（{code}）"
        )
    return f"{unit_name(p, code, lang)} ({code})"


def measure_name(p: Params, measure: str, lang: str = "en") -> str:
    """A measure in a sentence: its Chinese name in Chinese, its id in English."""
    if lang == "zh":
        return p.measure_names_zh.get(measure, measure)
    return measure


def sector_name(p: Params, sector: str, lang: str = "en") -> str:
    """A sector in a sentence: its Chinese name in Chinese, its code in English."""
    return p.sector_names_zh.get(sector, sector) if lang == "zh" else sector


def quantity(p: Params, measure: str, q: float, lang: str = "en") -> str:
    """``q`` units of ``measure``'s activity: ``209.8万吨/日处理能力`` /
    ``209.8 [10^4 m3/d capacity]`` (brackets: the unit may hold parentheses and
    numbers); the bare number where the unit is unknown."""
    number = f"{q:,.6g}"
    if lang == "zh" and measure in p.activity_unit_zh:
        return number + p.activity_unit_zh[measure]
    if lang != "zh" and measure in p.activity_unit:
        return f"{number} [{p.activity_unit[measure]}]"
    return number


def money(yuan: float, lang: str = "en") -> str:
    """``1,000元`` / ``1,000 yuan``."""
    return f"{yuan:,.0f}元" if lang == "zh" else f"{yuan:,.0f} yuan"


def percent(x: float | None) -> str:
    """A rate as a percentage with three significant digits; ``n/a`` where unset."""
    return "n/a" if x is None else f"{100 * x:.3g}%"


def cut_phrase(p: Params, who: str, q: str, side: str, x: float | None, lang: str) -> str:
    """``Wanzhou (500101): NOX cut at least 10%`` / ``万州区（500101）：氮氧化物削减至少10%``."""
    pol = pollutant_label(q, lang)
    if lang == "zh":
        return f"{who}：{pol}{word('cut', lang)}{word(side, lang)}{percent(x)}"
    return f"{who}: {pol} {word('cut', lang)} {word(side, lang)} {percent(x)}"


def say(who: str, parts: list[str], lang: str, note: str = "") -> str:
    """``who: part part ... (note)``; Chinese runs the parts together."""
    if lang == "zh":
        return f"{who}：{''.join(parts)}" + (f"（{note}）" if note else "")
    return f"{who}: {' '.join(parts)}" + (f" ({note})" if note else "")
