r"""The requirements of the plan and the scenario, each family stated once.

Each family (a :class:`~emisim.model.family.Family`: what its rows are, what they require,
their right-hand side, price and words) is one constant here, and :data:`FAMILIES` lists
them in report order. Constraint modules take their rows, bounds and slacks from here; the
result tables, the prices, the elastic diagnosis and the reports take their labels and
senses from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from emisim.model.family import Family, Key
from emisim.model.params import Params
from emisim.model.vocabulary import FAMILY_LABELS as GUIDANCE_LABELS
from emisim.model.vocabulary import category_label, pollutant_label, word
from emisim.model.wording import (
    cut_phrase,
    measure_name,
    money,
    percent,
    quantity,
    say,
    sector_name,
    unit_with_code,
)


def _city(lang: str) -> str:
    return word("city", lang)


def _city_keys(p: Params) -> list[str]:
    return [q for q in p.pollutants if q in p.targets and p.base_totals[q] > 0]


CITY_TARGET = Family(
    name="city_target",
    index=("pollutant",),
    sense=">=",
    row_sense="<=",
    unit="cut rate",
    per="t",
    elastic=True,
    keys=lambda p: _city_keys(p) if p.enforce_targets else [],
    audited=_city_keys,
    required=lambda p, q: p.targets[q],
    rhs=lambda p, q: (1 - p.targets[q]) * p.base_totals[q],
    slack_scale=lambda p, q: p.base_totals[q],
    describe=lambda p, q, lang: (
        cut_phrase(p, _city(lang), q, "at_least", p.targets[q], lang) + f" ({p.final_year})"
    ),
    with_required=lambda p, q, v: replace(p, targets={**p.targets, q: v}),
    d_rhs_d_tau=lambda p, q, tq: -p.base_totals[q] if q == tq else 0.0,
)

MILESTONE = Family(
    name="milestone",
    index=("year", "pollutant"),
    sense=">=",
    row_sense="<=",
    unit="cut rate",
    per="t",
    elastic=True,
    keys=lambda p: sorted(k for k in p.milestones if p.base_totals[k[1]] > 0),
    required=lambda p, k: p.milestones[k],
    rhs=lambda p, k: (1 - p.milestones[k]) * p.base_totals[k[1]],
    slack_scale=lambda p, k: p.base_totals[k[1]],
    describe=lambda p, k, lang: (
        cut_phrase(p, _city(lang), k[1], "at_least", p.milestones[k], lang) + f" ({k[0]})"
    ),
    with_required=lambda p, k, v: replace(p, milestones={**p.milestones, k: v}),
    year=lambda p, k: k[0],
)


def _band_words(p: Params, key: Key, side: str, bound: float | None, lang: str) -> str:
    b = p.band_by_key[key]
    fam = GUIDANCE_LABELS.get(lang, GUIDANCE_LABELS["en"]).get(b.family, b.family)
    cat = category_label(b.family, b.category, lang)
    text = cut_phrase(p, unit_with_code(p, b.subject, lang), b.pollutant, side, bound, lang)
    return f"{text}（{fam}，{cat}）" if lang == "zh" else f"{text} ({fam}, {cat})"


def _with_band(p: Params, key: Key, **change: Any) -> Params:
    bands = tuple(replace(b, **change) if b.key == key else b for b in p.bands)
    return replace(p, bands=bands)


def _d_lower(p: Params, key: Key, q: str) -> float:
    b = p.band_by_key[key]
    return -b.rel_lower * b.base if b.rel_lower is not None and b.pollutant == q else 0.0


def _d_upper(p: Params, key: Key, q: str) -> float:
    b = p.band_by_key[key]
    if b.rel_upper is None or b.pollutant != q or b.upper_effective != b.upper:
        return 0.0  # the enforced ceiling is the BAU cut, which tau does not move
    return -b.rel_upper * b.base


BAND_LOWER = Family(
    name="band_lower",
    index=("family", "subject", "pollutant"),
    sense=">=",
    row_sense="<=",
    unit="cut rate",
    per="t",
    elastic=True,
    keys=lambda p: [b.key for b in p.bands if b.lower is not None and b.lower > 0],
    required=lambda p, k: p.band_by_key[k].lower,
    rhs=lambda p, k: (1 - p.band_by_key[k].lower) * p.band_by_key[k].base,
    slack_scale=lambda p, k: p.band_by_key[k].base,
    describe=lambda p, k, lang: _band_words(p, k, "at_least", p.band_by_key[k].lower, lang),
    with_required=lambda p, k, v: _with_band(p, k, lower=v, rel_lower=None),
    d_rhs_d_tau=_d_lower,
)

BAND_UPPER = Family(
    name="band_upper",
    index=("family", "subject", "pollutant"),
    sense="<=",
    row_sense=">=",
    unit="cut rate",
    per="t",
    elastic=True,
    keys=lambda p: [b.key for b in p.bands if b.upper is not None],
    required=lambda p, k: p.band_by_key[k].upper_effective,
    rhs=lambda p, k: (1 - p.band_by_key[k].upper_effective) * p.band_by_key[k].base,
    slack_scale=lambda p, k: p.band_by_key[k].base,
    describe=lambda p, k, lang: _band_words(
        p, k, "at_most", p.band_by_key[k].upper_effective, lang
    ),
    with_required=lambda p, k, v: _with_band(p, k, upper=v, rel_upper=None),
    d_rhs_d_tau=_d_upper,
)


def _adapt_keys(p: Params) -> list:
    """Rules at units where some measure of the family's sectors can be deployed (where
    none can, there is no abatement to share out and no row)."""
    sectors_at: dict[str, set[str]] = {}
    for d, k in p.potential:
        sectors_at.setdefault(d, set()).add(p.measure_sector[k])
    return [a.key for a in p.adapt if sectors_at.get(a.code, set()) & set(a.scope)]


def _adapt_words(p: Params, key: Key, lang: str) -> str:
    a = p.adapt_by_key[key]
    sectors = ("、" if lang == "zh" else ", ").join(sector_name(p, s, lang) for s in a.sectors)
    if lang == "zh":  # 氮氧化物削减量中来自道路机动车、……的占比不低于30%
        sectors += "的占比"
    parts = [
        pollutant_label(a.pollutant, lang),
        word("share", lang),
        sectors,
        word("at_least", lang),
        percent(a.min_share),
    ]
    # the rule's id names it in English; a Chinese reader has the district and the sectors
    return say(unit_with_code(p, a.code, lang), parts, lang, "" if lang == "zh" else a.rule)


def _adapt_scale(p: Params, key: Key) -> float:
    a = p.adapt_by_key[key]
    return sum(p.e0.get((a.code, s, a.pollutant), 0.0) for s in a.scope) or 1.0


def _with_adapt(p: Params, key: Key, value: float) -> Params:
    adapt = tuple(replace(a, min_share=value) if a.key == key else a for a in p.adapt)
    return replace(p, adapt=adapt)


ADAPT_SHARE = Family(
    name="adapt_share",
    index=("rule", "subject", "pollutant"),
    sense=">=",
    row_sense=">=",
    unit="share",
    per="t",
    elastic=True,
    keys=_adapt_keys,
    required=lambda p, k: p.adapt_by_key[k].min_share,
    rhs=lambda p, k: 0.0,  # the share is a coefficient: named >= share x total
    slack_scale=_adapt_scale,
    describe=_adapt_words,
    with_required=_with_adapt,
)


def _coal_words(p: Params, _k: Key, lang: str) -> str:
    parts = [word("coal_share", lang), word("at_most", lang), percent(p.coal_share_max)]
    return say(_city(lang), parts, lang, str(p.final_year))


COAL_CAP = Family(
    name="coal_cap",
    index=(),
    sense="<=",
    row_sense="<=",
    unit="share",
    per="tce",
    elastic=True,
    keys=lambda p: [None] if p.coal_share_max is not None else [],
    required=lambda p, _k: p.coal_share_max,
    rhs=lambda p, _k: p.coal_share_max * p.energy_final,
    slack_scale=lambda p, _k: p.coal_share_max * p.energy_final,
    describe=_coal_words,
    with_required=lambda p, _k, v: replace(p, coal_share_max=v),
    per_unit=1000.0,  # rows in ktce, prices per tce
)


def _programme_keys(p: Params, modes: tuple[str, ...]) -> list[str]:
    if p.programme_mode not in modes:
        return []
    deployable = {k for _d, k in p.potential}
    return sorted(k for k in p.programme if k in deployable)


def _programme_words(side: str) -> Callable[[Params, Key, str], str]:
    def describe(p: Params, k: Key, lang: str) -> str:
        parts = [word("programme", lang), word(side, lang), quantity(p, k, p.programme[k], lang)]
        return say(measure_name(p, k, lang), parts, lang)

    return describe


def _with_programme(p: Params, k: Key, v: float) -> Params:
    return replace(p, programme={**p.programme, k: v})


def _programme(name: str, sense: str, modes: tuple[str, ...], elastic: bool) -> Family:
    """The plan's programme quantity as a ceiling (``<=``) or, plan-as-written, a floor."""
    return Family(
        name=name,
        index=("measure",),
        sense=sense,
        row_sense=sense,
        unit="units",
        per="unit",
        elastic=elastic,
        keys=lambda p: _programme_keys(p, modes),
        required=lambda p, k: p.programme[k],
        rhs=lambda p, k: p.programme[k],
        slack_scale=lambda p, k: p.programme[k],
        describe=_programme_words("at_most" if sense == "<=" else "at_least"),
        with_required=_with_programme,
    )


PROGRAMME_CAP = _programme("programme_cap", "<=", ("upper", "fixed"), elastic=False)
PROGRAMME_FLOOR = _programme("programme_floor", ">=", ("fixed",), elastic=True)


def _deadline_words(p: Params, key: Key, lang: str) -> str:
    dl = p.deadline_by_key[key]
    who = _city(lang) if dl.subject == "city" else unit_with_code(p, dl.subject, lang)
    what, amount = measure_name(p, dl.measure, lang), quantity(p, dl.measure, dl.required, lang)
    if lang == "zh":  # 万州区（500101）：2017年前完成加油站……油气回收（70.2座加油站……）
        return say(who, [f"{dl.year}", word("in_place_by", lang), what, f"（{amount}）"], lang)
    return say(who, [what, amount, word("in_place_by", lang), str(dl.year)], lang, dl.deadline)


def _with_deadline(p: Params, key: Key, value: float) -> Params:
    dls = tuple(replace(d, required=value) if d.key == key else d for d in p.deadlines)
    return replace(p, deadlines=dls)


DEADLINE = Family(
    name="deadline",
    index=("deadline", "measure", "subject"),
    sense=">=",
    row_sense=">=",
    unit="units",
    per="unit",
    elastic=True,
    keys=lambda p: [d.key for d in p.deadlines] if p.enforce_deadlines else [],
    audited=lambda p: [d.key for d in p.deadlines],
    required=lambda p, k: p.deadline_by_key[k].required,
    rhs=lambda p, k: p.deadline_by_key[k].required,
    slack_scale=lambda p, k: p.deadline_by_key[k].required,
    describe=_deadline_words,
    with_required=_with_deadline,
    year=lambda p, k: p.deadline_by_key[k].year,
)

BUDGET = Family(
    name="budget",
    index=(),
    sense="<=",
    row_sense="<=",
    unit="yuan",
    per=None,
    elastic=True,
    keys=lambda p: [None] if p.budget is not None else [],
    required=lambda p, _k: p.budget,
    rhs=lambda p, _k: p.budget,
    slack_scale=lambda p, _k: p.budget,
    describe=lambda p, _k, lang: say(
        _city(lang), [word("budget", lang), word("at_most", lang), money(p.budget, lang)], lang
    ),
    with_required=lambda p, _k, v: replace(p, budget=v),
    annualised=False,
)

#: Every requirement family, in report order (vocabulary.REQUIREMENT_FAMILIES).
FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        CITY_TARGET,
        MILESTONE,
        BAND_LOWER,
        BAND_UPPER,
        ADAPT_SHARE,
        COAL_CAP,
        PROGRAMME_CAP,
        PROGRAMME_FLOOR,
        DEADLINE,
        BUDGET,
    )
}


def family(name: str) -> Family:
    try:
        return FAMILIES[name]
    except KeyError:
        raise KeyError(f"unknown requirement family {name!r}; one of {list(FAMILIES)}") from None


def rhs_tau_gradient(p: Params, pollutant: str) -> dict[tuple[str, Key], float]:
    r""":math:`\partial rhs_{row}/\partial \tau_q` of every row that moves with the city
    target of ``pollutant`` (the city target and, in relative guidance, the bands), by
    ``(family, key)``. Raising :math:`\tau_q` costs :math:`\partial Cost/\partial\tau_q =
    \sum \lambda_{row}\,\partial rhs_{row}/\partial\tau_q` (HiGHS's duals
    :math:`\lambda = \partial Cost/\partial rhs`)."""
    out = {}
    for f in FAMILIES.values():
        for k in f.keys(p):
            d = f.d_rhs_d_tau(p, k, pollutant)
            if d != 0.0:
                out[f.name, k] = d
    return out
