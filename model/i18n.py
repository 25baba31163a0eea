"""The one message catalogue, read where every floor can reach it.

Every user-facing string of the project is written in English in the code and translated
through one gettext catalogue, ``emisim/reports/locale/<lang>/LC_MESSAGES/emisim.po``, read
at run time with Babel (nothing compiled or generated is kept in the repository). This
module is the catalogue's reader; it sits on the vocabulary's floor so the formulation
(the requirement families' labels and sentences), the solvers' diagnoses and the reports
(:mod:`emisim.reports.i18n`, which adds the reports' :class:`Translator`) all translate
through the same file. The ``.po`` file is package data, located through the top-level
package, so reading it imports nothing above this floor.

Mark a string with :func:`N_` in module-level tables (translated when used with
:func:`gettext`), or with ``_("...")`` where a translator is at hand. ``make catalogue``
extracts the marked strings with Babel and merges them into the ``.po`` file;
``tests/test_reports.py`` fails when a marked string has no translation.
"""

from __future__ import annotations

import functools
from importlib import resources
from types import MappingProxyType

from babel.messages.pofile import read_po

from emisim.model.vocabulary import LANGS

DOMAIN = "emisim"
#: ``emisim``: the strings of the code (``make catalogue`` updates it). Names of data-defined
#: terms (districts, sectors, measures and their units) are the data's own ``name_zh`` columns.
DOMAINS = (DOMAIN,)
#: Where the catalogue lives, inside the ``emisim`` package.
LOCALE = ("reports", "locale")


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
        po = resources.files("emisim").joinpath(*LOCALE, lang, "LC_MESSAGES", f"{domain}.po")
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


def gettext(text: str, lang: str = "en") -> str:
    """``text`` (a marked English message) in ``lang``; itself where untranslated."""
    return messages(lang).get((None, text), text)
