"""The reports' translator: every user-facing string of the report, charts, workbook and
CLI summary is written in English in the code and translated through the one gettext
catalogue (``locale/<lang>/LC_MESSAGES/emisim.po``), read at run time with Babel by
:mod:`emisim.model.i18n` (the formulation's and the solvers' sentences translate through
the same file), so nothing compiled or generated is kept in the repository.

Mark a string with ``_("...")`` where a translator ``_ = translator(lang)`` is at hand, or
with :func:`N_` in module-level tables (translated when used). ``make catalogue`` extracts
the marked strings with Babel and merges them into the ``.po`` file;
``tests/test_reports.py`` fails when a marked string has no translation. Terms of the plan
itself (pollutants, zones, guidance families and categories) come from
:mod:`emisim.model.vocabulary`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

from emisim.model.i18n import DOMAIN, DOMAINS, N_, gettext, messages
from emisim.model.vocabulary import (
    FAMILY_LABELS,
    ZONE_LABELS,
    category_label,
    pollutant_label,
)

__all__ = [
    "DOMAIN",
    "DOMAINS",
    "N_",
    "Translator",
    "bound",
    "messages",
    "period_of",
    "translator",
]


def period_of(results: Any) -> Any:
    """The plan period a report is about: its first (reference) result's dataset's."""
    return results[0].dataset.plan_period


def bound(_: Translator, results: Any) -> Translator:
    """``_`` itself if it knows a period's years, else bound to that of ``results`` (a
    table function called with a plain translator still writes the years)."""
    return _ if _.base is not None or not results else _.for_period(period_of(results))


@dataclass(frozen=True)
class Translator:
    """Call it on an English message to get it in ``lang``; the ``*_label`` helpers give
    the plan's own terms from the vocabulary. A translator for a plan period
    (:meth:`for_period`) writes the period's base and final year where a message says
    ``{base}`` and ``{final}`` (a message is never about 2015 or 2020 by itself)."""

    lang: str
    base: int | None = None
    final: int | None = None

    def __call__(self, text: str) -> str:
        out = gettext(text, self.lang)
        if self.base is not None:
            out = out.replace("{base}", str(self.base)).replace("{final}", str(self.final))
        return out

    def for_period(self, period: Any) -> Translator:
        """This translator with the years of ``period`` (a :class:`Period`)."""
        return replace(self, base=period.base_year, final=period.last_year)

    def pollutant(self, code: str) -> str:
        return pollutant_label(code, self.lang)

    def category(self, family: str, category: str) -> str:
        return category_label(family, category, self.lang)

    def family(self, family: str) -> str:
        return FAMILY_LABELS[self.lang].get(family, family)

    def zone(self, zone: str) -> str:
        return ZONE_LABELS[self.lang].get(zone, zone)

    @property
    def zh(self) -> bool:
        return self.lang == "zh"


@functools.cache
def translator(lang: str) -> Translator:
    messages(lang)  # fail early on an unknown language
    return Translator(lang)
