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
from dataclasses import dataclass

from emisim.model.i18n import DOMAIN, DOMAINS, N_, gettext, messages
from emisim.model.vocabulary import (
    FAMILY_LABELS,
    ZONE_LABELS,
    category_label,
    pollutant_label,
)

__all__ = ["DOMAIN", "DOMAINS", "N_", "Translator", "messages", "translator"]


@dataclass(frozen=True)
class Translator:
    """Call it on an English message to get it in ``lang``; the ``*_label`` helpers give
    the plan's own terms from the vocabulary."""

    lang: str

    def __call__(self, text: str) -> str:
        return gettext(text, self.lang)

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
