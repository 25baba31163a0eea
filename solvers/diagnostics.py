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
from emisim.model.params import Params
from emisim.model.requirements import family as family_of
from emisim.model.vocabulary import LANGS, LIMIT_LABELS, REQUIREMENT_FAMILIES, requirement_label
from emisim.solvers.compile import lp_name
from emisim.solvers.highs import SolverOptions, solve

THRESHOLD = 1e-7  # slacks are relative; smaller ones are solver noise unless nothing else

#: What a shortfall is a share of (each family's ``slack_scale``), in words.
SHARE_OF: dict[str, dict[str, str]] = {
    "en": {
        "city_target": "of the city's base-year total in the target's scope",
        "milestone": "of the city's base-year total in the target's scope",
        "band_lower": "of the unit's base-year emissions in the band's sectors",
        "band_upper": "of the unit's base-year emissions in the band's sectors",
        "adapt_share": "of the unit's base-year emissions in the rule's sectors",
        "coal_cap": "of the coal ceiling (share x primary energy)",
        "programme_cap": "of the programme quantity",
        "programme_floor": "of the programme quantity",
        "deadline": "of the quantity the deadline requires",
        "budget": "of the budget",
        "": "of its scale",
    },
    "zh": {
        "city_target": "全市目标范围内基准年排放总量",
        "milestone": "全市目标范围内基准年排放总量",
        "band_lower": "该区县削减区间所含行业的基准年排放量",
        "band_upper": "该区县削减区间所含行业的基准年排放量",
        "adapt_share": "该区县规则所含行业的基准年排放量",
        "coal_cap": "煤炭消费上限（比重×一次能源消费量）",
        "programme_cap": "规划工程量",
        "programme_floor": "规划工程量",
        "deadline": "限期任务要求的工程量",
        "budget": "预算",
        "": "其规模",
    },
}

#: The paragraph's pieces in both languages (labels come from the vocabulary). A Chinese
#: reader gets no LP row names: they are the modeller's identifiers.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "none": "the requirements conflict, but the elastic diagnosis found no single shortfall",
        "item": "{what} (short by {pct:.3g} % {share}; row {row})",
        "items": "; ",
        "more": "; and {n} more",
        "part": "{label} [{n}]: {items}{more}",
        "potentials": "the measures' potentials",
        "and": " and ",
        "list": ", ",
        "parts": " | ",
        "text": "conflict: {names} vs {against}. One least relaxation (the smallest sum of "
        "relative shortfalls; others may exist): {parts}",
    },
    "zh": {
        "none": "各项要求相互冲突，但弹性诊断未找到单一缺口",
        "item": "{what}（缺口为{share}的{pct:.3g}%）",
        "items": "；",
        "more": "；另有{n}项",
        "part": "{label}［{n}项］：{items}{more}",
        "potentials": "各项措施的潜力",
        "and": "和",
        "list": "、",
        "parts": "｜",
        "text": "冲突：{names}与{against}。一种最小放宽方案（相对缺口之和最小；也可能有其他"
        "方案）：{parts}",
    },
}

#: Row families that can block a shortfall from closing (duals != 0), in the reader's words.
BLOCKING = (*REQUIREMENT_FAMILIES, *LIMIT_LABELS["en"])


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
    w, share = WORDS.get(lang, WORDS["en"]), SHARE_OF.get(lang, SHARE_OF["en"])
    if not diagnosis.shortfalls:
        return w["none"]
    by_family: dict[str, list[Shortfall]] = defaultdict(list)
    for s in diagnosis.shortfalls:
        by_family[s.family].append(s)
    parts = []
    for family, items in by_family.items():
        shown = w["items"].join(
            w["item"].format(
                what=s.text(lang),
                pct=100 * s.shortfall,
                share=share.get(s.family, share[""]),
                row=s.row,
            )
            for s in items[:limit]
        )
        more = w["more"].format(n=len(items) - limit) if len(items) > limit else ""
        label = requirement_label(family, lang)
        parts.append(w["part"].format(label=label, n=len(items), items=shown, more=more))
    blocking = [requirement_label(b, lang) for b in diagnosis.blocking]
    return w["text"].format(
        names=w["and"].join(requirement_label(f, lang) for f in by_family),
        against=w["list"].join(blocking) if blocking else w["potentials"],
        parts=w["parts"].join(parts),
    )
