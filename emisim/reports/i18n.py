"""The message catalogue: every user-facing string of the report, charts, workbook and CLI
summary is written in English in the code and translated through a gettext catalogue
(``locale/<lang>/LC_MESSAGES/emisim.po``) read at run time with Babel, so nothing compiled
or generated is kept in the repository.

Mark a string with ``_("...")`` where a translator ``_ = translator(lang)`` is at hand, or
with :func:`N_` in module-level tables (translated when used). ``make catalogue`` extracts
the marked strings with Babel and merges them into the ``.po`` file; ``tests/test_i18n.py``
fails when a marked string has no translation. Terms of the plan itself (pollutants, zones,
guidance families and categories) come from :mod:`emisim.model.vocabulary`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from babel.messages.pofile import read_po

from emisim.model.vocabulary import (
    FAMILY_LABELS,
    LANGS,
    ZONE_LABELS,
    category_label,
    pollutant_label,
)

DOMAIN = "emisim"
#: ``emisim``: the strings of the code (``make catalogue`` updates it). Names of data-defined
#: terms (districts, sectors, measures and their units) are the data's own ``name_zh`` columns.
DOMAINS = (DOMAIN,)


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue without translating it (module-level tables)."""
    return text


@functools.cache
def messages(lang: str) -> MappingProxyType[tuple[str | None, str], str]:
    """``(context, English) -> translation`` of ``lang``; empty for English. Fuzzy or
    untranslated entries are left out, so they show in English rather than wrongly."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    if lang == "en":
        return MappingProxyType({})
    out: dict[tuple[str | None, str], str] = {}
    for domain in DOMAINS:
        po = resources.files("emisim.reports").joinpath(
            "locale", lang, "LC_MESSAGES", f"{domain}.po"
        )
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=domain)
        out.update(
            {
                (m.context, m.id): m.string
                for m in catalog
                if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
            }
        )
    return MappingProxyType(out)


@dataclass(frozen=True)
class Translator:
    """Call it on an English message to get it in ``lang``; the ``*_label`` helpers give
    the plan's own terms from the vocabulary."""

    lang: str

    def __call__(self, text: str) -> str:
        return messages(self.lang).get((None, text), text)

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
