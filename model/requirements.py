r"""The requirements of the plan and the scenario: the registry of the families.

Each family (a :class:`~emisim.model.family.Family`: what its rows are, what they require,
their right-hand side, what was achieved, price, words and how a change reaches the
solver) is one constant in :mod:`emisim.model.families`, and :data:`FAMILIES` lists them
in report order. Constraint modules take their rows, bounds and slacks from a family; the
result tables, the prices, the elastic diagnosis, the IIS, the engine and the reports read
everything else from :data:`FAMILIES`, never a family's name as a literal.
"""

from __future__ import annotations

from collections.abc import Sequence

from emisim.model.families.city import BUDGET, CITY_TARGET, COAL_CAP, COAL_CAP_YEAR, MILESTONE
from emisim.model.families.district import ADAPT_SHARE, BAND_LOWER, BAND_UPPER
from emisim.model.families.key_projects import KEY_PROJECT
from emisim.model.families.measures import DEADLINE, PROGRAMME_CAP, PROGRAMME_FLOOR
from emisim.model.family import Family, Key
from emisim.model.i18n import N_, gettext
from emisim.model.params import Params

__all__ = [
    "ADAPT_SHARE",
    "BAND_LOWER",
    "BAND_UPPER",
    "BUDGET",
    "CITY_TARGET",
    "COAL_CAP",
    "COAL_CAP_YEAR",
    "DEADLINE",
    "FAMILIES",
    "KEY_PROJECT",
    "MILESTONE",
    "PROGRAMME_CAP",
    "PROGRAMME_FLOOR",
    "family",
    "group_label",
    "rhs_tau_gradient",
    "row_label",
]

#: Every requirement family, in report order.
FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        CITY_TARGET,
        MILESTONE,
        KEY_PROJECT,
        BAND_LOWER,
        BAND_UPPER,
        ADAPT_SHARE,
        COAL_CAP,
        COAL_CAP_YEAR,
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


#: The model's other row families (technical limits, not requirements of the plan), named
#: where a diagnosis reports them as blocking a requirement.
LIMITS: dict[str, str] = {
    "deploy_ramp": N_("deployment ramp limits"),
    "deploy_monotone": N_("deployment never decreases"),
    "sector_floor": N_("sector emissions already cut to zero"),
    "coal_floor": N_("unit coal use already cut to zero"),
}
#: Each report group's heading (the ``compliance`` families), from the families.
GROUPS: dict[str, str] = {g: t for f in FAMILIES.values() for g, t in f.groups.items()}


def row_label(name: str, lang: str = "en") -> str:
    """A row family's name in words: a requirement family's title, a technical limit's."""
    if name in FAMILIES:
        return FAMILIES[name].label(lang)
    return gettext(LIMITS[name], lang) if name in LIMITS else name


def group_label(group: str, lang: str = "en") -> str:
    """A report group's heading (``band_air``, ``programme`` ...), else the row family's."""
    return gettext(GROUPS[group], lang) if group in GROUPS else row_label(group, lang)


def rhs_tau_gradient(p: Params, pollutant: str) -> dict[tuple[str, Key], float]:
    r""":math:`\partial rhs_{row}/\partial \tau_q` of every row that moves with the city
    target of ``pollutant`` (the city target and, in relative guidance, the bands), by
    ``(family, key)``. Raising :math:`\tau_q` costs :math:`\partial Cost/\partial\tau_q =
    \sum \lambda_{row}\,\partial rhs_{row}/\partial\tau_q` (HiGHS's duals
    :math:`\lambda = \partial Cost/\partial rhs`)."""
    return rhs_tau_gradients(p, (pollutant,))[pollutant]


def rhs_tau_gradients(
    p: Params, pollutants: Sequence[str]
) -> dict[str, dict[tuple[str, Key], float]]:
    """:func:`rhs_tau_gradient` of several pollutants in one pass: each family lists its
    rows once (listing them is most of the time), the same rows in the same order."""
    out: dict[str, dict[tuple[str, Key], float]] = {q: {} for q in pollutants}
    for f in FAMILIES.values():
        for k in f.keys(p):
            for q in pollutants:
                d = f.d_rhs_d_tau(p, k, q)
                if d != 0.0:
                    out[q][f.name, k] = d
    return out
