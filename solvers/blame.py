"""Which data rows an infeasible subset points at, named before the conflict itself.

A disbenefit is allowed in the data (a negative ``removal_t`` in removals.csv, a negative
``coal_cut_ktce`` in measures.csv: deploying the measure adds the pollutant or the coal),
but a sign typed wrong surfaces only as an infeasible run, which the IIS words as a
conflict of requirements ("the fixed programme quantity of nev conflicts with the coal
ceiling"): issue 22 measured negative removals and coal cuts blamed on floors and the coal
cap. Where a measure the IIS involves (a row or bound of it, a dated commitment or a
programme floor of it) has a disbenefit in a pollutant the IIS involves (or a negative
coal cut while the coal ceiling is in it), that file, column and row key are named first.
"""

from __future__ import annotations

from collections.abc import Iterable

from emisim.model.families.city import COAL_CAP
from emisim.model.i18n import N_, gettext
from emisim.model.params import Params
from emisim.model.vocabulary import POLLUTANTS

WORDS = {
    "removal": N_(
        "removals.csv, the row of {k} and {q}, column removal_t: {k}'s removal of {q} is negative "
        "({r:,.6g} t per unit: deploying it adds {q})"
    ),
    "coal": N_(
        "measures.csv, the row of {k}, column coal_cut_ktce: {k}'s coal cut is negative "
        "({c:,.6g} ktce per unit: deploying it adds coal use)"
    ),
    "first": N_("{inputs} (a sign error in the data?); with it, {sentence}"),
}


def _flat(key: object) -> Iterable[object]:
    if isinstance(key, tuple):
        for k in key:
            yield from _flat(k)
    else:
        yield key


def suspect_inputs(
    p: Params, rows: list[tuple[str, object]], col_keys: list[tuple], lang: str = "en"
) -> list[str]:
    """The disbenefits of the measures in an IIS (its ``rows`` as (family, key), its
    column bounds' ``col_keys`` as (unit, measure, year)), in words."""
    known = set(p.measures)
    measures: set[str] = {k for key in col_keys for k in _flat(key) if k in known}
    pollutants: set[str] = set()
    for family, key in rows:
        items = list(_flat(key))
        measures |= {k for k in items if k in known}
        pollutants |= {q for q in items if q in POLLUTANTS}
        if family == "deadline" and key in p.deadline_by_key:
            measures.add(p.deadline_by_key[key].measure)
    coal_in = any(family == COAL_CAP.name for family, _ in rows)
    out = []
    for k in sorted(measures):
        for q in POLLUTANTS:
            r = p.removal.get((k, q), 0.0)
            if r < 0 and q in pollutants:
                out.append(gettext(WORDS["removal"], lang).format(k=k, q=q, r=r))
        c = p.coal_cut.get(k, 0.0)
        if c < 0 and coal_in:
            out.append(gettext(WORDS["coal"], lang).format(k=k, c=c))
    return out


def inputs_first(inputs: list[str], sentence: str, lang: str = "en") -> str:
    """``sentence`` with the suspect inputs named before it (unchanged without any)."""
    if not inputs:
        return sentence
    return gettext(WORDS["first"], lang).format(inputs="; ".join(inputs), sentence=sentence)
