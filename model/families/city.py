"""City-wide requirements: the pollutant targets, interim milestones, the coal-share
ceiling and the budget."""

from __future__ import annotations

from dataclasses import replace

from emisim.model.family import Family, Key
from emisim.model.i18n import N_, gettext
from emisim.model.outcome import Outcome
from emisim.model.params import Params
from emisim.model.vocabulary import pollutant_label
from emisim.model.wording import (
    city_name,
    cut_phrase,
    money,
    percent,
    say,
    word,
)

#: What a city target's and a milestone's shortfall is a share of.
CITY_BASE = N_("of the city's base-year total in the target's scope")


def _scope_bau(p: Params, q: str, t: int) -> float:
    """Business-as-usual emissions of ``q`` in its target scope in year ``t`` (t): the
    constant of the city target's and a milestone's row body."""
    scope = set(p.target_scope[q])
    return sum(
        p.e0.get((d, s, q), 0.0) * p.growth[d, s, t]
        for d, s, pq in p.emission_keys
        if pq == q and s in scope
    )


def _city_keys(p: Params) -> list[str]:
    return [q for q in p.pollutants if q in p.targets and p.base_totals[q] > 0]


def _city_cut(p: Params, o: Outcome, q: str, year: int) -> float:
    return 1 - o.totals.get((q, year), 0.0) / p.base_totals[q]


def _city_conflict(p: Params, q: str, lang: str) -> str:
    text = gettext(N_("the {pol} city target (cut {x:.1%})"), lang)
    return text.format(pol=pollutant_label(q, lang), x=p.targets[q])


CITY_TARGET = Family(
    name="city_target",
    schema_at="targets.overrides.NOX",
    params_field="targets",
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
        cut_phrase(p, city_name(lang), q, "at_least", p.targets[q], lang) + f" ({p.target_year})"
    ),
    with_required=lambda p, q, v: replace(p, targets={**p.targets, q: v}),
    achieved=lambda p, o, q: _city_cut(p, o, q, p.target_year),
    title=N_("city-wide pollutant targets (box 1)"),
    share_of=CITY_BASE,
    d_rhs_d_tau=lambda p, q, tq: -p.base_totals[q] if q == tq else 0.0,
    constant=lambda p, q: _scope_bau(p, q, p.target_year),
    pollutant_at="pollutant",
    city_wide=True,
    groups={"city_target": N_("City-wide cut target")},
    conflict=_city_conflict,
    follows_target=True,
)

MILESTONE = Family(
    name="milestone",
    schema_at="targets.overrides.NOX",  # a milestone is a cut like a target
    params_field="milestones",
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
        cut_phrase(p, city_name(lang), k[1], "at_least", p.milestones[k], lang) + f" ({k[0]})"
    ),
    with_required=lambda p, k, v: replace(p, milestones={**p.milestones, k: v}),
    achieved=lambda p, o, k: _city_cut(p, o, k[1], k[0]),
    title=N_("interim milestones"),
    share_of=CITY_BASE,
    year=lambda p, k: k[0],
    constant=lambda p, k: _scope_bau(p, k[1], k[0]),
    pollutant_at="pollutant",
    city_wide=True,
    groups={"milestone": N_("Interim milestone")},
)


def _coal_phrase(share: float | None, year: int, lang: str) -> str:
    parts = [word("coal_share", lang), word("at_most", lang), percent(share)]
    return say(city_name(lang), parts, lang, str(year))


def _coal_words(p: Params, _k: Key, lang: str) -> str:
    return _coal_phrase(p.coal_share_max, p.target_year, lang)


def _coal_bau(p: Params, t: int) -> float:
    """Business-as-usual city coal in year ``t`` (ktce): the constant of a coal row."""
    return sum(p.coal0[d] * p.coal_growth[d, t] for d in p.units)


COAL_CAP = Family(
    name="coal_cap",
    schema_at="coal.share_max",
    params_field="coal_share_max",
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
    achieved=lambda p, o, _k: o.coal_share,
    title=N_("coal share of primary energy ceiling"),
    share_of=N_("of the coal ceiling (share x primary energy)"),
    per_unit=1000.0,  # rows in ktce, prices per tce
    constant=lambda p, _k: _coal_bau(p, p.target_year),
    city_wide=True,
    groups={"coal_cap": N_("Coal-share ceiling")},
)


COAL_CAP_YEAR = Family(
    name="coal_cap_year",
    schema_at="coal.share_max",
    params_field="coal_caps",
    index=("year",),
    sense="<=",
    row_sense="<=",
    unit="share",
    per="tce",
    elastic=True,
    keys=lambda p: sorted(p.coal_caps),
    required=lambda p, t: p.coal_caps[t],
    rhs=lambda p, t: p.coal_caps[t] * p.energy_path[t],
    slack_scale=lambda p, t: p.coal_caps[t] * p.energy_path[t],
    describe=lambda p, t, lang: _coal_phrase(p.coal_caps[t], t, lang),
    with_required=lambda p, t, v: replace(p, coal_caps={**p.coal_caps, t: v}),
    achieved=lambda p, o, t: o.coal_shares.get(t, float("nan")),
    title=N_("coal share ceiling of a later period (chained periods)"),
    share_of=N_("of the coal ceiling (share x primary energy)"),
    per_unit=1000.0,  # rows in ktce, prices per tce
    year=lambda p, t: t,
    constant=_coal_bau,
    city_wide=True,
    groups={"coal_cap_year": N_("Coal-share ceiling of the later period")},
)


BUDGET = Family(
    name="budget",
    schema_at="objective.budget_yuan",
    params_field="budget",
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
        city_name(lang), [word("budget", lang), word("at_most", lang), money(p.budget, lang)], lang
    ),
    with_required=lambda p, _k, v: replace(p, budget=v),
    achieved=lambda p, o, _k: o.total_cost,
    title=N_("budget ceiling"),
    share_of=N_("of the budget"),
    annualised=False,
    city_wide=True,
    groups={"budget": N_("Budget")},
)
