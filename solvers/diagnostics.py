"""Why is a scenario infeasible? Elastic re-solve, reported in the plan's words.

Every requirement row gets a slack measured as a fraction of its natural scale (see
:mod:`emisim.model.constraints.elastic`); minimising their sum finds the smallest set of
shortfalls that makes the scenario feasible. Rows with positive slack are the conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from emisim.model.build import build_model
from emisim.model.i18n import N_, gettext
from emisim.model.params import Params
from emisim.model.requirements import FAMILIES, LIMITS, row_label
from emisim.model.requirements import family as family_of
from emisim.model.vocabulary import LANGS
from emisim.model.wording import join
from emisim.solvers.compile import lp_name
from emisim.solvers.highs import SolverOptions, solve

THRESHOLD = 1e-7  # slacks are relative; smaller ones are solver noise unless nothing else

#: The paragraph's pieces (English, translated by the catalogue); what a shortfall is a
#: share of is its family's ``share_of``. A Chinese reader gets no LP row names: they are
#: the modeller's identifiers, shown where :data:`ROW_NAMES` holds the language.
WORDS: dict[str, str] = {
    "none": N_("the requirements conflict, but the elastic diagnosis found no single shortfall"),
    "item": N_("{what} (short by {pct:.3g} % {share}; row {row})"),
    "item_plain": N_("{what} (short by {pct:.3g} % {share})"),
    "more": N_("; and {n} more"),
    "part": N_("{label} [{n}]: {items}{more}"),
    "potentials": N_("the measures' potentials"),
    "text": N_(
        "conflict: {names} vs {against}. One least relaxation (the smallest sum of "
        "relative shortfalls; others may exist): {parts}"
    ),
}
ROW_NAMES = ("en",)
#: What a shortfall outside any family is a share of.
SCALE = N_("of its scale")

#: Row families that can block a shortfall from closing (duals != 0), in the reader's words.
BLOCKING = (*FAMILIES, *LIMITS)


@dataclass(frozen=True)
class Shortfall:
    family: str  # requirement family, e.g. "city_target"
    what: str  # the requirement in words
    shortfall: float  # as a fraction of the requirement's scale
    row: str = ""  # the row's name in LP/MPS files, e.g. city_target(NH3N)
    #: The requirement in every language (``what`` is the English one).
    words: Mapping[str, str] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return self.words.get(lang, self.what)


@dataclass(frozen=True)
class Diagnosis:
    shortfalls: tuple[Shortfall, ...]  # requirements that must give way, largest first
    blocking: tuple[str, ...]  # other requirement families binding against them

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.family for s in self.shortfalls))


def diagnose(p: Params, options: SolverOptions | None = None) -> Diagnosis:
    """Solve the elastic model: which requirements give way, and what binds against them."""
    m = build_model(p, elastic=True)
    res = solve(m, options)
    if not res.ok:
        return Diagnosis((), ())
    found = []
    for family in m.slack_families:
        for index, value in res.values.get(f"slack_{family}", {}).items():
            if value > 1e-12:
                words = {lang: family_of(family).describe(p, index, lang) for lang in LANGS}
                row = lp_name(family, index)
                found.append(Shortfall(family, words["en"], value, row, words))
    # A conflict the size of a rounding error is still the conflict: keep the largest few.
    large = [s for s in found if s.shortfall > THRESHOLD]
    found = large or sorted(found, key=lambda s: -s.shortfall)[:5]
    relaxed = {s.family for s in found}
    blocking = tuple(
        name
        for name, rows in res.duals.items()
        if name in BLOCKING
        and name not in relaxed
        and any(abs(v) > THRESHOLD for v in rows.values())
    )
    return Diagnosis(tuple(sorted(found, key=lambda s: -s.shortfall)), blocking)


def explain(diagnosis: Diagnosis, limit: int = 3, lang: str = "en") -> str:
    """One paragraph naming the conflicting requirement families and their worst rows,
    in ``lang`` (en, zh)."""

    def w(key: str) -> str:
        return gettext(WORDS[key], lang)

    if not diagnosis.shortfalls:
        return w("none")
    by_family: dict[str, list[Shortfall]] = defaultdict(list)
    for s in diagnosis.shortfalls:
        by_family[s.family].append(s)
    item = w("item" if lang in ROW_NAMES else "item_plain")
    parts = []
    for family, items in by_family.items():
        share = gettext(FAMILIES[family].share_of if family in FAMILIES else SCALE, lang)
        shown = join("items", lang).join(
            item.format(what=s.text(lang), pct=100 * s.shortfall, share=share, row=s.row)
            for s in items[:limit]
        )
        more = w("more").format(n=len(items) - limit) if len(items) > limit else ""
        label = row_label(family, lang)
        parts.append(w("part").format(label=label, n=len(items), items=shown, more=more))
    blocking = [row_label(b, lang) for b in diagnosis.blocking]
    return w("text").format(
        names=join("and", lang).join(row_label(f, lang) for f in by_family),
        against=join("sep", lang).join(blocking) if blocking else w("potentials"),
        parts=join("parts", lang).join(parts),
    )
