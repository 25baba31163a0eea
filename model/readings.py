"""Params with one reading of the plan changed, as ``build_params`` gives it for the changed
scenario, without the dataset: the growth multiplier, the discount rate, the coal ceiling.

A sweep of these readings (``scenarios/sweeps/plan2020-readings.yaml``) changes numbers
of the same model, not its rows and columns: the re-solve engine takes the Params made
here and pushes what moved into its loaded model (:mod:`emisim.solvers.pushes`). Each
function redoes only its own step of :mod:`emisim.model.assemble`, with the same
functions, so the Params are equal field by field to a fresh assembly
(``tests/test_readings.py``). Values are checked by the scenario schema first.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import ValidationError

from emisim.model.assemble import band_bau, growth_fields
from emisim.model.costs import annualised, discount_factors
from emisim.model.errors import ArgumentError, EmisimError
from emisim.model.params import Params
from emisim.model.scenario.schema import Band as SchemaBand
from emisim.model.scenario.values import checked


def with_growth(p: Params, multiplier: float, apply_to_coal: bool | None = None) -> Params:
    """``growth.multiplier`` (and ``growth.apply_to_coal``): business-as-usual growth of
    every activity, hence the bands' BAU emissions and the coal path."""
    multiplier = checked("growth.multiplier", multiplier)
    coal = p.growth_coal if apply_to_coal is None else apply_to_coal
    if not p.growth_index:
        raise EmisimError("these Params keep no growth index: build them with build_params")
    geo = {"units": p.units, "zone": p.zone, "sectors": p.sectors}
    grown = growth_fields(p.growth_index, multiplier, coal, geo, p.years)
    growth, T = grown["growth"], p.final_year
    bands = tuple(
        replace(
            b,
            bau=band_bau(
                p.e0,
                growth,
                p.groups.get(b.subject, {b.subject: 1.0}),
                p.band_sectors[b.family, b.pollutant],
                b.pollutant,
                T,
            ),
        )
        for b in p.bands
    )
    return replace(
        p,
        growth=growth,
        coal_growth=grown["coal_growth"],
        bands=bands,
        growth_multiplier=multiplier,
        growth_coal=coal,
    )


def with_discount_rate(p: Params, rate: float) -> Params:
    """``economics.discount_rate``: every measure's annualised cost and lifetime present
    value (from the cost case's capex, O&M and lifetime), and the discount factors."""
    rate = checked("economics.discount_rate", rate)
    if not p.lifetime:
        raise EmisimError("these Params keep no lifetimes: build them with build_params")
    annual, pv = annualised(p.capex, p.opex, p.lifetime, rate, p.years)
    return replace(
        p,
        annual_cost=annual,
        unit_pv=pv,
        discount=discount_factors(rate, p.years),
        discount_rate=rate,
    )


def with_coal_share(p: Params, share: float | None) -> Params:
    """``coal.share_max``: the ceiling on coal's share of primary energy (None: none)."""
    return replace(p, coal_share_max=checked("coal.share_max", share))


def with_band_multiple(p: Params, family: str, category: str, bound: str, value: float) -> Params:
    """``guidance.bands.<family>.<category>.<bound>`` (relative guidance): the bands of
    that category, every pollutant, at ``value`` times the city target."""
    checked(f"guidance.bands.{family}.{category}.{bound}", value)
    if bound not in ("lower", "upper"):
        raise ArgumentError(f"a band's bound is 'lower' or 'upper', not {bound!r}")
    rel = f"rel_{bound}"
    hit = [b for b in p.bands if b.family == family and b.category == category]
    if not hit or any(getattr(b, rel) is None for b in hit):
        have = sorted({(b.family, b.category) for b in p.bands if getattr(b, rel) is not None})
        raise ArgumentError(
            f"no relative {bound} band {family}.{category} in this model (its rows would "
            f"change: rebuild from the scenario); relative {bound} bands: "
            + (", ".join(f"{f}.{c}" for f, c in have) or "none")
        )
    other = "upper" if bound == "lower" else "lower"
    pair = {bound: value, other: getattr(hit[0], f"rel_{other}")}
    try:
        SchemaBand.model_validate(pair)
    except ValidationError as exc:
        raise ArgumentError(
            f"guidance.bands.{family}.{category}: {exc.errors()[0]['msg']}"
        ) from None
    bands = tuple(
        replace(b, **{bound: value * p.targets.get(b.pollutant, 0.0), rel: value})
        if b.family == family and b.category == category
        else b
        for b in p.bands
    )
    return replace(p, bands=bands)
