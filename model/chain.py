"""Chained plan periods: one model instance over two periods' years (docs/model.md,
*Chained periods*).

A chain scenario names its periods' scenarios in order (``chain: [plan2020, plan2025]``);
each is resolved against its own dataset folder as if run alone, and :func:`chain_params`
joins the two instances into one :class:`Params` over both periods' years:

* the earlier period owns the geography (units, zones, groups), the base year's
  emissions, coal and primary energy, every requirement of its own (city targets, bands,
  adapt-locally shares, programme quantities, dated commitments, coal ceiling; they hold
  in its last year, ``Params.period_end``), the accounting and the objective;
* the later period's years grow on from the earlier's last year by the later folder's
  indices of each unit (``g[d,s,t] = g1[d,s,T1] * g2[d,s,t]``, coal and primary energy
  alike), so the chain's own last-year emissions, not the later folder's base, start it;
* a measure of both periods keeps the earlier period's potential, removals, ramp and
  costs (one potential: what is built for the earlier plan stays and uses it up); a
  measure only of the later period is added with its own and cannot be deployed before
  the later period's first year (``Params.available_from``);
* the later period's requirements are its key-project tonnes, counted only from units
  added after the earlier period's last year (``Params.key_project_from``), and its coal
  ceiling in its last year (``Params.coal_caps``): as written, or (``later_coal:
  cut_in_points``) the cut in points its plan asks from its own reported base-year share,
  taken from the earlier period's ceiling (:func:`later_ceiling`).

Money is one accounting over the chain's years (2015 yuan discounted to 2015 in both
periods): every unit is costed once, from the year it is built to the evaluation end.
"""

from __future__ import annotations

from dataclasses import replace

from emisim.model.costs import annualised, discount_factors
from emisim.model.errors import ScenarioError
from emisim.model.params import Params

#: Params fields a later period's new measure brings, by measure.
BY_MEASURE = (
    "measure_sector",
    "ramp",
    "capex",
    "opex",
    "lifetime",
    "coal_cut",
    "measure_names_zh",
    "activity_unit",
    "activity_unit_zh",
)


def chain_params(
    first: Params,
    later: Params,
    name: str,
    file: str = "<scenario>",
    *,
    later_coal: str = "as_written",
) -> Params:
    """One instance over ``first``'s and ``later``'s years (see the module docstring)."""
    _check(first, later, file)
    T1 = first.final_year
    years = (*first.years, *later.years)
    new = tuple(k for k in later.measures if k not in first.measures)
    measures = (*first.measures, *new)

    def joined(field: str) -> dict:
        mine, theirs = getattr(first, field), getattr(later, field)
        return {**mine, **{k: v for k, v in theirs.items() if k in new}}

    fields = {f: joined(f) for f in BY_MEASURE}
    removal = {**first.removal, **{k: v for k, v in later.removal.items() if k[0] in new}}
    potential = {**first.potential, **{k: v for k, v in later.potential.items() if k[1] in new}}
    cost_factor = {
        **first.cost_factor,
        **{k: v for k, v in later.cost_factor.items() if k[1] in new},
    }
    rate = first.discount_rate
    assert rate is not None
    annual, unit_pv = annualised(fields["capex"], fields["opex"], fields["lifetime"], rate, years)
    growth = {**first.growth}
    for (d, s, t), v in later.growth.items():
        growth[d, s, t] = first.growth[d, s, T1] * v
    coal_growth = {**first.coal_growth}
    for (d, t), v in later.coal_growth.items():
        coal_growth[d, t] = first.coal_growth[d, T1] * v
    energy_path = {**first.energy_path}
    for t in later.years:
        energy_path[t] = first.energy_path[T1] * later.energy_path[t] / later.energy_path[T1]
    keys = set(first.emission_keys)
    for d, k in potential:
        for q in first.pollutants:
            if (k, q) in removal:
                keys.add((d, fields["measure_sector"][k], q))
    coal_caps = dict(first.coal_caps)
    ceiling = later_ceiling(first, later, later_coal)
    if ceiling is not None:
        coal_caps[later.final_year] = ceiling
    evaluation = max(fields["lifetime"].values())
    return replace(
        first,
        scenario_name=name,
        years=years,
        measures=measures,
        removal=removal,
        potential=potential,
        cost_factor=cost_factor,
        annual_cost=annual,
        unit_pv=unit_pv,
        discount=discount_factors(rate, years),
        evaluation_end=years[-1] + evaluation - 1,
        growth=growth,
        coal_growth=coal_growth,
        energy_path=energy_path,
        energy_final=energy_path[T1],
        emission_keys=tuple(sorted(keys)),
        growth_index={},  # a sweep's growth readings redo one folder's assembly, not a chain's
        key_projects=dict(later.key_projects),
        key_project_from=T1,
        coal_caps=coal_caps,
        intensity_goals={**first.intensity_goals, **later.intensity_goals},
        period_end=T1,
        available_from={**first.available_from, **dict.fromkeys(new, later.years[0])},
        **fields,
    )


def reported_base_share(p: Params) -> float:
    """A period's base-year coal share of primary energy, as its dataset states it (units'
    coal over the primary energy of its path's base year)."""
    base = min(p.energy_path)
    return sum(p.coal0.values()) / p.energy_path[base]


def later_ceiling(first: Params, later: Params, reading: str) -> float | None:
    """The later period's coal ceiling in its last year: as written, or (``cut_in_points``)
    the earlier period's ceiling less the points the later plan cuts from its own reported
    base-year share."""
    if later.coal_share_max is None:
        return None
    if reading == "as_written":
        return later.coal_share_max
    if first.coal_share_max is None:
        return later.coal_share_max
    return first.coal_share_max - (reported_base_share(later) - later.coal_share_max)


def _check(first: Params, later: Params, file: str) -> None:
    """The two periods must meet: the later begins the year after the earlier ends, on the
    same units and sectors, with one discount rate and one accounting."""
    problems = []
    if later.years[0] != first.final_year + 1:
        problems.append(
            f"the later period starts in {later.years[0]}, not the year after {first.final_year}"
        )
    if set(later.units) != set(first.units):
        problems.append("the two periods' datasets have different unit codes (units.csv)")
    if set(later.sectors) != set(first.sectors):
        problems.append("the two periods' datasets have different sectors (sectors.csv)")
    if later.discount_rate != first.discount_rate:
        problems.append("the periods' scenarios give different economics.discount_rate")
    if later.accounting != first.accounting:
        problems.append("the periods' scenarios give different objective.accounting")
    if first.key_project_from is not None or first.period_end is not None:
        problems.append("a chain's periods are single periods, not chains")
    if problems:
        raise ScenarioError(file, "; ".join(problems), key="chain")
