"""Names in two languages: English/pinyin by default, Chinese when matplotlib can draw it.

``--lang zh`` needs a font that covers CJK; without one matplotlib would draw empty boxes,
so :func:`resolve_lang` warns once and falls back to English/pinyin.
"""

from __future__ import annotations

import functools
import re
import warnings

import pandas as pd

LANGS = ("en", "zh")

#: Font families known to cover Simplified Chinese, preferred first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "STHeiti",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Droid Sans Fallback",
)

FALLBACK_MESSAGE = (
    "--lang zh: no font covering Chinese is available to matplotlib (looked for {fonts}); "
    "using English/pinyin names instead. Install one (e.g. Debian: fonts-noto-cjk) for "
    "Chinese labels."
)


def _known_cjk(font_manager) -> str | None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    for family in sorted(installed):  # any other family that says it is CJK
        if "CJK" in family or "Hei" in family:
            return family
    return None


@functools.cache
def find_cjk_font() -> str | None:
    """The name of an installed font family that covers CJK, or None.

    Matplotlib caches the system's fonts once; a CJK font installed after that is unknown
    to it. So when the cache has none, the system's font files that matplotlib does not
    know yet are added (``FontManager.addfont``) and the search is repeated."""
    from matplotlib import font_manager

    found = _known_cjk(font_manager)
    if found is not None:
        return found
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known and path.lower().endswith((".ttf", ".otf", ".ttc")):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # an unreadable font file: skip it
                continue
    return _known_cjk(font_manager)


def resolve_lang(lang: str) -> tuple[str, str | None]:
    """The language actually used and the font for it: ``("zh", font)`` when ``lang`` is
    "zh" and a CJK font exists; otherwise ``("en", None)``, with one warning if "zh" was
    asked for."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    if lang == "en":
        return "en", None
    font = find_cjk_font()
    if font is None:
        fonts = ", ".join(CJK_FAMILIES[:4]) + " ..."
        warnings.warn(FALLBACK_MESSAGE.format(fonts=fonts), UserWarning, stacklevel=2)
        return "en", None
    return "zh", font


#: Autonomous counties are known by their short names (石柱土家族自治县 -> 石柱县) in charts.
_AUTONOMOUS = re.compile(r"(土家族|苗族)+自治县$")


def short_zh(name: str) -> str:
    return _AUTONOMOUS.sub("县", name)


def unit_names(units: pd.DataFrame, lang: str) -> dict[str, str]:
    """Unit code -> display name in ``lang`` (``units.csv``: name_en / name_zh)."""
    if lang == "zh":
        names = (short_zh(n) for n in units["name_zh"].astype(str))
    else:
        names = iter(units["name_en"].astype(str))
    return dict(zip(units["code"].astype(str), names, strict=True))


def group_names(groups: pd.DataFrame, lang: str) -> dict[str, str]:
    """Group id -> display name in ``lang`` (``groups.csv``: name_en / name_zh)."""
    first = groups.groupby("group")["name_zh" if lang == "zh" else "name_en"].first()
    return {str(g): str(n) for g, n in first.items()}


def sector_names(sectors: pd.DataFrame, lang: str) -> dict[str, str]:
    """Sector code -> display name in ``lang`` (``sectors.csv``: name_en / name_zh)."""
    col = "name_zh" if lang == "zh" else "name_en"
    return dict(zip(sectors["sector"].astype(str), sectors[col].astype(str), strict=True))


def zone_names(zones: pd.DataFrame, lang: str) -> dict[str, str]:
    col = "name_zh" if lang == "zh" else "name_en"
    return dict(zip(zones["zone"].astype(str), zones[col].astype(str), strict=True))
