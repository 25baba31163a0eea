r"""Cut rates as linear forms of the final-year deployment, for analyses that re-solve.

A unit's (or a band subject's) final-year cut rate is affine in :math:`y`:

.. math::

    \mathrm{cut} = 1 - \frac{\sum_s E^0_{s}\,g_{s,T} - \sum_{m} r_{m,p}\,y_{d,m,T}}{B}
    = \Big(1 - \frac{F^{\mathrm{BAU}}}{B}\Big) + \sum_m \frac{w_d\,r_{m,p}}{B}\, y_{d,m,T}

so near-optimal ranges, the presented allocation and the equity objective can put it in
an objective or a row without going through Pyomo's expressions. The forms are plain
data (keys of ``m.y``), so a test can check them against the result tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from emisim.model.params import Band, Params


@dataclass(frozen=True)
class RateForm:
    """``cut rate = constant + sum(coef * y[key])`` with ``key = (unit, measure, year)``."""

    base: float  # the denominator B (t)
    constant: float  # the business-as-usual cut rate, 1 - F_BAU / B
    terms: dict[tuple[str, str, int], float]


def _sums(p: Params, members: dict[str, float], sectors: set[str], q: str) -> tuple[float, float]:
    """The base ``B`` and the final-year business-as-usual emissions ``F_BAU`` (t)."""
    T = p.target_year
    ordered = sorted(sectors)  # a set: summing in its order would follow the hash seed
    base = sum(w * p.e0.get((d, s, q), 0.0) for d, w in members.items() for s in ordered)
    if base <= 0:
        return base, 0.0
    bau = sum(
        w * p.e0.get((d, s, q), 0.0) * p.growth[d, s, T]
        for d, w in members.items()
        for s in ordered
    )
    return base, bau


def _form(p: Params, members: dict[str, float], sectors: set[str], q: str) -> RateForm | None:
    base, bau = _sums(p, members, sectors, q)
    if base <= 0:
        return None
    T = p.target_year
    # only the members' own potentials (Params.potential_by_unit), in potential's order:
    # a form costs its subject's size, not the model's, so one form per band stays linear
    found = [(i, d, k) for d in members for i, k in p.potential_by_unit.get(d, ())]
    if len(members) > 1:
        found.sort()
    terms: dict[tuple[str, str, int], float] = {}
    for _i, d, k in found:
        w = members[d]
        r = p.removal.get((k, q), 0.0)
        if w and r and p.measure_sector[k] in sectors:
            terms[d, k, T] = terms.get((d, k, T), 0.0) + w * r / base
    return RateForm(base, 1 - bau / base, terms)


def unit_cut(p: Params, unit: str, q: str) -> RateForm | None:
    """The cut rate of ``unit`` for ``q`` over the target scope (the allocation table's
    ``cut_pct`` / 100); ``None`` where the unit has no base emissions in scope."""
    return _form(p, {unit: 1.0}, set(p.target_scope[q]), q)


def band_cut(p: Params, band: Band) -> RateForm:
    """The cut rate a band constrains (its subject, its family's sectors)."""
    members = p.groups.get(band.subject, {band.subject: 1.0})
    form = _form(p, members, set(p.band_sectors[band.family, band.pollutant]), band.pollutant)
    assert form is not None, "bands are only made where the base is positive"
    return form


def band_constant(p: Params, band: Band) -> float:
    """``band_cut(p, band).constant`` (the same sums, bit for bit) without its terms: what
    moves when only growth does."""
    members = p.groups.get(band.subject, {band.subject: 1.0})
    base, bau = _sums(p, members, set(p.band_sectors[band.family, band.pollutant]), band.pollutant)
    return 1 - bau / base


def nominal_rate(band: Band) -> float | None:
    """The rate a category stands for: the middle of a two-sided band, the floor of a
    floor-only band; ``None`` where the band states no positive rate (e.g. a ceiling with
    a zero floor is read as the middle; a zero floor alone says nothing)."""
    lo = band.lower or 0.0
    if band.upper is not None:
        return (lo + band.upper) / 2
    return lo if lo > 0 else None


def city_cut(p: Params, q: str) -> RateForm | None:
    """The city-wide cut rate of ``q`` over its target scope (what a city target bounds)."""
    return _form(p, dict.fromkeys(p.units, 1.0), set(p.target_scope[q]), q)
