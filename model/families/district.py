"""Requirements on districts and groups: the category guidance's bands and the
adapt-locally shares."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from emisim.model.family import Family, Key
from emisim.model.i18n import N_, gettext
from emisim.model.outcome import Outcome
from emisim.model.params import Params
from emisim.model.vocabulary import FAMILY_LABELS as GUIDANCE_LABELS
from emisim.model.vocabulary import category_label, pollutant_label
from emisim.model.wording import (
    cut_phrase,
    percent,
    say,
    sector_name,
    unit_list,
    unit_with_code,
    word,
)

TOL = 1e-6  # abatement below this (t) is none: an adapt-locally share is then undefined


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


def _band_group(p: Params, key: Key) -> tuple[Any, str]:
    b = p.band_by_key[key]
    return (b.family, b.category, b.pollutant), b.subject


def _band_conflict(side: str) -> Callable[[Params, Any, list[str], str], str]:
    """The bands of one category, side and pollutant in a conflict, named together."""

    def phrase(p: Params, group: Any, subjects: list[str], lang: str) -> str:
        family, cat, q = group
        names = unit_list(p, subjects, lang)
        if len(subjects) > 1:
            names = gettext(N_("these {n} units ({names})"), lang).format(
                n=len(subjects), names=names
            )
        return gettext(N_("the {cat} {side} on {pol} of {who}"), lang).format(
            cat=category_label(family, cat, lang),
            side=gettext(side, lang),
            pol=pollutant_label(q, lang),
            who=names,
        )

    return phrase


#: The guidance families' bands in the reports (``compliance`` family ``band_<family>``).
BAND_GROUPS = {
    "band_air": N_("Air category band"),
    "band_water": N_("Water category band"),
    "band_livestock": N_("Livestock category band"),
}
BAND_BASE = N_("of the unit's base-year emissions in the band's sectors")


def _d_upper(p: Params, key: Key, q: str) -> float:
    b = p.band_by_key[key]
    if b.rel_upper is None or b.pollutant != q or b.upper_effective != b.upper:
        return 0.0  # the enforced ceiling is the BAU cut, which tau does not move
    return -b.rel_upper * b.base


#: What the two sides of a band share.
_BAND: dict[str, Any] = dict(
    index=("family", "subject", "pollutant"),
    unit="cut rate",
    per="t",
    elastic=True,
    slack_scale=lambda p, k: p.band_by_key[k].base,
    share_of=BAND_BASE,
    subject_at="subject",
    pollutant_at="pollutant",
    topic_at="family",
    group="band_{topic}",
    groups=BAND_GROUPS,
    conflict_group=_band_group,
    follows_target=True,
    constant=lambda p, k: p.band_by_key[k].bau,  # the subject's BAU in the band's sectors
)

BAND_LOWER = Family(
    **_BAND,
    name="band_lower",
    schema_at="guidance.bands.air.large.lower",
    params_field="bands",
    sense=">=",
    row_sense="<=",
    keys=lambda p: [b.key for b in p.bands if b.lower is not None],
    required=lambda p, k: p.band_by_key[k].lower,
    rhs=lambda p, k: (1 - p.band_by_key[k].lower) * p.band_by_key[k].base,
    describe=lambda p, k, lang: _band_words(p, k, "at_least", p.band_by_key[k].lower, lang),
    with_required=lambda p, k, v: _with_band(p, k, lower=v, rel_lower=None),
    achieved=lambda p, o, k: o.band_cut[k],
    title=N_("category guidance minimum cuts"),
    d_rhs_d_tau=_d_lower,
    conflict_many=_band_conflict(N_("floor")),
)

BAND_UPPER = Family(
    **_BAND,
    name="band_upper",
    schema_at="guidance.bands.air.large.upper",
    params_field="bands",
    sense="<=",
    row_sense=">=",
    keys=lambda p: [b.key for b in p.bands if b.upper is not None],
    required=lambda p, k: p.band_by_key[k].upper_effective,
    rhs=lambda p, k: (1 - p.band_by_key[k].upper_effective) * p.band_by_key[k].base,
    describe=lambda p, k, lang: _band_words(
        p, k, "at_most", p.band_by_key[k].upper_effective, lang
    ),
    with_required=lambda p, k, v: _with_band(p, k, upper=v, rel_upper=None),
    # the cut the ceiling limits: beyond the committed measures' (all of it without them)
    achieved=lambda p, o, k: o.band_cut[k] - o.band_committed.get(k, 0.0),
    title=N_("category guidance maximum cuts"),
    d_rhs_d_tau=_d_upper,
    conflict_many=_band_conflict(N_("ceiling")),
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


def _adapt_achieved(p: Params, o: Outcome, key: Key) -> float:
    """The named sectors' share of the unit's target-year abatement in the rule's sectors."""
    a = p.adapt_by_key[key]
    total = sum(o.removed.get((a.code, sec, a.pollutant), 0.0) for sec in a.scope)
    named = sum(o.removed.get((a.code, sec, a.pollutant), 0.0) for sec in a.sectors)
    return named / total if total > TOL else math.nan  # no abatement: nothing to share


def _with_adapt(p: Params, key: Key, value: float) -> Params:
    adapt = tuple(replace(a, min_share=value) if a.key == key else a for a in p.adapt)
    return replace(p, adapt=adapt)


ADAPT_SHARE = Family(
    name="adapt_share",
    schema_at="guidance.adapt_locally.min_share",
    params_field="adapt",
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
    achieved=_adapt_achieved,
    title=N_("adapt-locally sector shares"),
    share_of=N_("of the unit's base-year emissions in the rule's sectors"),
    subject_at="subject",
    pollutant_at="pollutant",
    topic_at="rule",
    groups={"adapt_share": N_("Adapt-locally share")},
    push="rebuild",  # the share is a coefficient of the row the engine does not map
)
