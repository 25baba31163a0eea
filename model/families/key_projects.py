r"""Key-project reductions (重点工程减排量): tonnes removed by the measures deployed in
the period.

The 14th Five-Year Plan counts no percentage of a base total but the tonnes its key
projects remove (渝府发〔2022〕39号: COD 43,200 t, NH3-N 1,800 t, NOx 36,800 t, VOC
10,600 t by 2025; each district's programme states its own). One row per subject (the
city, or a unit a scenario gives tonnes for) and pollutant:

.. math:: \sum_{d\in D_j}\sum_{m:(d,m)\in DM} r_{m,q}\,y_{d,m,T_f} \;\ge\; K_{j,q}

— the final-year removal of every unit of a measure deployed since the period began (the
emission accounting keeps each unit's removal within its sector's emissions), net of
disbenefits. In a chain of periods (``Params.key_project_from`` = :math:`t_0`, the earlier
period's last year) :math:`y_{d,m,T_f} - y_{d,m,t_0}`: only units built after it count.
Its price is the cost of one more tonne per year removed by projects.
"""

from __future__ import annotations

from dataclasses import replace

from emisim.model.family import Family, Key
from emisim.model.i18n import N_, gettext
from emisim.model.outcome import Outcome
from emisim.model.params import Params
from emisim.model.vocabulary import pollutant_label
from emisim.model.wording import city_name, say, unit_with_code


def units_of(p: Params, subject: str) -> tuple[str, ...]:
    """The units whose deployment a row counts: every unit for the city, else the one."""
    return p.units if subject == "city" else (subject,)


def _keys(p: Params) -> list[tuple[str, str]]:
    order = {q: i for i, q in enumerate(p.pollutants)}
    rows = [k for k, t in p.key_projects.items() if t > 0 and k[1] in order]
    return sorted(rows, key=lambda k: (k[0] != "city", k[0], order[k[1]]))


def _achieved(p: Params, o: Outcome, key: Key) -> float:
    """Final-year tonnes removed by the measures deployed in the period in the subject's
    units (less what the units in place before it remove, in a chain)."""
    subject, q = key
    where = set(units_of(p, subject))
    now = sum(v for (d, _s, pol), v in o.removed_final.items() if pol == q and d in where)
    before = sum(v for (d, _s, pol), v in o.removed_before.items() if pol == q and d in where)
    return float(now - before)


def _describe(p: Params, key: Key, lang: str) -> str:
    subject, q = key
    who = city_name(lang) if subject == "city" else unit_with_code(p, subject, lang)
    what = gettext(N_("{pol} removed by key projects at least {t} t/yr"), lang)
    # key-project VOC tonnes count every sector's VOC, not only the key industries'
    pol = pollutant_label(q, lang, all_sectors=True)
    text = what.format(pol=pol, t=f"{p.key_projects[key]:,.6g}")
    return say(who, [text], lang, str(p.final_year))


KEY_PROJECT = Family(
    name="key_project",
    schema_at="key_projects.city.NOX",
    index=("subject", "pollutant"),
    sense=">=",
    row_sense=">=",
    unit="t",
    per="t",
    elastic=True,
    keys=_keys,
    required=lambda p, k: p.key_projects[k],
    rhs=lambda p, k: p.key_projects[k],
    slack_scale=lambda p, k: p.key_projects[k],
    describe=_describe,
    with_required=lambda p, k, v: replace(p, key_projects={**p.key_projects, k: v}),
    achieved=_achieved,
    title=N_("key-project reductions (tonnes removed by the measures deployed)"),
    share_of=N_("of the key-project tonnes required"),
    params_field="key_projects",
    subject_at="subject",
    pollutant_at="pollutant",
    city_wide=True,
    year=lambda p, _k: p.final_year,
    groups={"key_project": N_("Key-project reductions")},
)
