"""Assemble a model instance's :class:`Params` from a dataset and a scenario.

Each step resolves one part of the scenario against the dataset (years, geography, growth,
measures, targets, energy, guidance, deadlines, objective) and returns the Params fields
it owns, so every step can be read, and its errors found, on its own. Bad scenario values
raise :class:`ScenarioError` naming the scenario file and key, in the order the steps run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from emisim.model.commitments import check_excepted, resolve_deadlines
from emisim.model.costs import annualised, cost_inputs, discount_factors
from emisim.model.data.dataset import Dataset
from emisim.model.data.reading import emitter_weighted
from emisim.model.errors import ScenarioError
from emisim.model.params import AdaptRequirement, Band, Params
from emisim.model.vocabulary import FAMILY_POLLUTANTS, POLLUTANTS

if TYPE_CHECKING:
    from emisim.model.scenario import Scenario

EPS = 1e-9
#: Some of Params' fields, by name, as one step resolves them.
Fields = dict[str, Any]


def build_params(ds: Dataset, sc: Scenario, *, file: str = "<scenario>") -> Params:
    """Resolve a scenario against a dataset into the model's sets and parameters."""
    if sc.chain.periods:
        raise ScenarioError(
            file,
            "a chain of periods is one model over its periods' scenarios, each on its own "
            "dataset: run it with emisim run or compare (emisim.api.scenario_params); "
            "sweeps, analyses and the studio take single periods",
            key="chain",
        )
    ds = emitter_weighted(ds, sc.guidance.emitter_weights.model_dump())
    years = _years(ds, sc, file)
    geo = _geography(ds)
    sectors = geo["sectors"]
    e0 = _base_emissions(ds)
    index = zone_index(ds)
    grown = growth_fields(index, sc.growth.multiplier, sc.growth.apply_to_coal, geo, years)
    growth = grown["growth"]
    mdf = ds.measures[~ds.measures["measure"].isin(set(sc.measures.disabled))]
    mdf = mdf.set_index("measure")
    meas = _measures(ds, sc, mdf, years)
    tau, eic = _targets(ds, sc, file)
    tgt = _target_fields(ds, sc, tau, e0, sectors, years, file)
    energy = _energy(ds, years, eic, ds.plan_period.base_year)
    guide = _guidance(ds, sc, tau, e0, tgt["target_scope"], geo, growth, years, file)
    dated = _deadline_fields(ds, sc, meas["potential"], meas["programme"], years, file)
    p = Params(
        scenario_name=sc.name,
        pollutants=POLLUTANTS,
        years=years,
        e0=e0,
        growth=growth,
        emission_keys=_emission_keys(e0, meas),
        growth_index=index,
        growth_multiplier=sc.growth.multiplier,
        growth_coal=sc.growth.apply_to_coal,
        coal_growth=grown["coal_growth"],
        coal_share_max=sc.coal.share_max,
        **geo,
        **meas,
        **tgt,
        **energy,
        **guide,
        **dated,
        **_objective_fields(sc, tgt["base_totals"]),
        key_projects=_key_projects(ds, sc, set(geo["units"]), file),
    )
    return p.technical() if sc.objective.kind == "max_technical" else p


def _years(ds: Dataset, sc: Scenario, file: str) -> tuple[int, ...]:
    """The model years; each needs the dataset's macro and growth rows."""
    years = tuple(range(sc.first_year, sc.last_year + 1))
    data_years = set(ds.years)
    if not set(years) <= data_years:
        raise ScenarioError(
            file,
            f"years {years[0]}..{years[-1]} need rows in the dataset's macro.csv (and growth.csv); "
            f"it has {min(data_years)}..{max(data_years)}, no year "
            f"{', '.join(str(y) for y in years if y not in data_years)}",
            key="last_year",
        )
    return years


def _geography(ds: Dataset) -> Fields:
    """Units, their zones, names and population, the sectors, and the groups of units."""
    codes = ds.units["code"]
    groups = {
        g: dict(zip(sub["code"], sub["share"].astype(float), strict=True))
        for g, sub in ds.groups.groupby("group")
    }
    return {
        "units": tuple(codes),
        "sectors": tuple(ds.sectors["sector"]),
        "sector_names_zh": dict(zip(ds.sectors["sector"], ds.sectors["name_zh"], strict=True)),
        "zone": dict(zip(codes, ds.units["zone"], strict=True)),
        "names": {**dict(zip(codes, ds.units["name_en"], strict=True)), **_group_names(ds, "en")},
        "names_zh": {
            **dict(zip(codes, ds.units["name_zh"], strict=True)),
            **_group_names(ds, "zh"),
        },
        "population": dict(zip(codes, ds.units["population_2015"].astype(float), strict=True)),
        "groups": groups,
    }


def _base_emissions(ds: Dataset) -> dict[tuple[str, str, str], float]:
    """E0[d,s,p]: the base year's positive emissions."""
    return {
        (r.code, r.sector, r.pollutant): float(r.emissions_t)
        for r in ds.baseline.itertuples()
        if r.emissions_t > 0
    }


def zone_index(ds: Dataset) -> dict[tuple[str, str, int], float]:
    """The dataset's growth index of each series, zone and year (growth.csv)."""
    return {(r.series, r.zone, int(r.year)): float(r.index) for r in ds.growth.itertuples()}


def growth_fields(
    index: dict[tuple[str, str, int], float],
    k: float,
    apply_to_coal: bool,
    geo: Fields,
    years: tuple[int, ...],
) -> Fields:
    """g[d,s,t] and gc[d,t]: each zone's index scaled by the scenario's multiplier ``k``
    (1 + k (index - 1); energy never, coal only when ``apply_to_coal``)."""
    gz = {
        (series, zone, t): (
            v if series == "energy" or (series == "coal" and not apply_to_coal) else 1 + k * (v - 1)
        )
        for (series, zone, t), v in index.items()
    }
    units, zone, sectors = geo["units"], geo["zone"], geo["sectors"]
    return {
        "growth": {(d, s, t): gz[(s, zone[d], t)] for d in units for s in sectors for t in years},
        "coal_growth": {(d, t): gz[("coal", zone[d], t)] for d in units for t in years},
    }


def _net_adjustment(ds: Dataset) -> dict[str, float]:
    """Per measure and activity unit: lost output minus fuel saved (yuan/yr), net_costs.csv."""
    return {
        r.measure: float(r.lost_output_yuan_yr) - float(r.fuel_saving_yuan_yr)
        for r in ds.net_costs.itertuples()
    }


def _measures(ds: Dataset, sc: Scenario, mdf: pd.DataFrame, years: tuple[int, ...]) -> Fields:
    """The enabled measures: what they remove, where, how fast, and what they cost."""
    measures = tuple(mdf.index)
    rate = sc.economics.discount_rate
    capex, opex, lifetime = cost_inputs(mdf, sc.measures.cost_case)
    for m, f in sc.measures.cost_scale.items():  # every cost of the measure times f
        if m in capex:
            capex[m], opex[m] = f * capex[m], f * opex[m]
    if sc.economics.cost_convention == "net":  # lost output minus fuel saved, per unit
        for m, n in _net_adjustment(ds).items():
            if m in opex:
                opex[m] += n
    annual_cost, unit_pv = annualised(capex, opex, lifetime, rate, years)
    evaluation = sc.economics.evaluation_years or int(ds.measures["lifetime_yr"].max())
    scale = sc.measures.potential_scale
    ramp_max = sc.measures.ramp_max
    return {
        "measures": measures,
        "measure_sector": {m: str(mdf.at[m, "sector"]) for m in measures},
        "removal": {
            (r.measure, r.pollutant): float(r.removal_t)
            for r in ds.removals.itertuples()
            if r.measure in mdf.index and r.removal_t != 0
        },
        "potential": {
            (r.code, r.measure): float(r.potential) * scale.get(r.measure, 1.0)
            for r in ds.potentials.itertuples()
            if r.measure in mdf.index and r.potential * scale.get(r.measure, 1.0) > 0
        },
        "ramp": {
            m: float(ramp_max if ramp_max is not None else mdf.at[m, "ramp_max"]) for m in measures
        },
        "programme": {
            m: float(q) for m, q in mdf["programme_qty"].items() if q is not None and q == q
        },
        "programme_mode": sc.measures.programme,
        "annual_cost": annual_cost,
        "capex": capex,
        "opex": opex,
        "lifetime": lifetime,
        "unit_pv": unit_pv,
        "discount_rate": rate,
        "discount": discount_factors(rate, years),
        "evaluation_end": years[-1] + evaluation - 1,
        "coal_cut": {m: float(mdf.at[m, "coal_cut_ktce"]) for m in measures},
        "measure_names_zh": {m: str(mdf.at[m, "name_zh"]) for m in measures},
        "activity_unit": {m: str(mdf.at[m, "activity_unit"]) for m in measures},
        "activity_unit_zh": {m: str(mdf.at[m, "activity_unit_zh"]) for m in measures},
        "cost_factor": {
            (r.code, r.measure): float(r.factor)
            for r in ds.cost_factors.itertuples()
            if r.measure in mdf.index
        },
    }


def _emission_keys(e0: dict, meas: Fields) -> tuple:
    """Track (d,s,p) wherever there are base emissions or a deployable measure acts."""
    keys = set(e0)
    for d, m in meas["potential"]:
        for p in POLLUTANTS:
            if (m, p) in meas["removal"]:
                keys.add((d, meas["measure_sector"][m], p))
    return tuple(sorted(keys))


def _targets(ds: Dataset, sc: Scenario, file: str) -> tuple[dict[str, float], float | None]:
    """The target set's emission cuts (with the scenario's overrides) and the energy
    intensity cut (the scenario's, else the set's, else 0)."""
    rows = ds.targets[ds.targets["target_set"] == sc.targets.set]
    if rows.empty:
        known = sorted(ds.targets["target_set"].unique())
        raise ScenarioError(file, f"unknown target set; expected one of {known}", key="targets.set")
    years = sorted({int(y) for y in rows["year"]})
    if years != [sc.last_year]:
        raise ScenarioError(
            file,
            f"target set '{sc.targets.set}' is for {', '.join(map(str, years))} "
            f"(targets.csv, column 'year') but the scenario's last year is {sc.last_year}",
            key="last_year",
        )
    cuts = {r.pollutant: float(r.value) for r in rows.itertuples() if r.kind == "emission_cut"}
    cuts.update(dict(sc.targets.overrides))
    intensity = rows.loc[rows["kind"] == "energy_intensity_cut", "value"]
    eic = sc.coal.energy_intensity_cut
    if eic is None:
        eic = float(intensity.iloc[0]) if len(intensity) else 0.0
    return cuts, eic


def _target_fields(ds, sc, tau, e0, sectors, years, file) -> Fields:
    """City targets, the sectors each counts, their base totals, and the milestones."""
    voc_flag = ds.sectors.set_index("sector")["voc_key"]
    voc_key = {s for s in sectors if bool(voc_flag.at[s])}
    target_scope = {
        p: tuple(sorted(voc_key))
        if p == "VOC" and sc.targets.voc_scope == "key_industry"
        else sectors
        for p in POLLUTANTS
    }
    milestones = {
        (int(y), p): share * float(tau[p])
        for y, share in sc.targets.milestone_shares.items()
        for p in POLLUTANTS
        if p in tau
    }
    for y, cuts in sc.targets.milestones.items():
        milestones.update({(int(y), p): float(v) for p, v in cuts.items()})
    for y, _p in milestones:
        if y not in years[:-1]:
            raise ScenarioError(
                file,
                f"milestone year {y} must lie in {years[0]}..{years[-1] - 1}",
                key=f"targets.milestones.{y}",
            )
    return {
        "target_scope": target_scope,
        "base_totals": {
            p: sum(v for (d, s, q), v in e0.items() if q == p and s in target_scope[p])
            for p in POLLUTANTS
        },
        "targets": {p: tau[p] for p in POLLUTANTS if p in tau},
        "enforce_targets": sc.targets.enforce,
        "milestones": milestones,
    }


def _key_projects(
    ds: Dataset, sc: Scenario, units: set[str], file: str
) -> dict[tuple[str, str], float]:
    """(subject, pollutant) -> key-project tonnes: the city's (the target set's
    ``key_project_t`` rows, then the scenario's ``key_projects.city``), then each
    district's."""
    rows = ds.targets[
        (ds.targets["target_set"] == sc.targets.set) & (ds.targets["kind"] == "key_project_t")
    ]
    out = {("city", str(r.pollutant)): float(r.value) for r in rows.itertuples()}
    out.update({("city", q): float(t) for q, t in sc.key_projects.city.items()})
    for code, tonnes in sc.key_projects.districts.items():
        if code not in units:
            raise ScenarioError(file, "unknown unit code", key=f"key_projects.districts.{code}")
        out.update({(code, q): float(t) for q, t in tonnes.items()})
    return out


def _energy(ds: Dataset, years: tuple[int, ...], eic: float, base: int) -> Fields:
    """Primary energy implied by GDP and a linear intensity path from the period's base
    year ``base``, and base-year coal (the ``_2015`` columns hold the base year's values)."""
    gdp = dict(zip(ds.macro["year"].astype(int), ds.macro["gdp_index"], strict=True))
    energy0 = float(ds.units["energy_2015_ktce"].sum())
    span = years[-1] - base
    energy_path = {
        t: energy0 * float(gdp[t]) / float(gdp[base]) * (1 - eic * (t - base) / span)
        for t in (base, *years)
    }
    return {
        "energy_path": energy_path,
        "energy_final": energy_path[years[-1]],
        "intensity_goals": {years[-1]: eic},
        "coal0": dict(zip(ds.units["code"], ds.units["coal_2015_ktce"].astype(float), strict=True)),
    }


def _guidance(ds, sc, tau, e0, target_scope, geo: Fields, growth, years, file) -> Fields:
    """The guidance's bands on cut rates and its adapt-locally requirements."""
    band_sectors = {
        (f, q): tuple(sorted(family_sectors(ds, f, q, target_scope)))  # sorted: hash-seed free
        for f, pols in FAMILY_POLLUTANTS.items()
        for q in pols
    }
    return {
        "band_sectors": band_sectors,
        "bands": _bands(ds, sc, tau, e0, band_sectors, geo["groups"], growth, years[-1]),
        "adapt": _adapt(ds, sc, geo["units"], geo["zone"], file),
    }


def _deadline_fields(ds, sc, potential, programme, years, file) -> Fields:
    """The plan's dated commitments, resolved, and those the scenario set aside."""
    check_excepted(ds.deadlines, sc.deadlines_except, file)
    zone_of = dict(zip(ds.units["code"], ds.units["zone"], strict=True))
    deadlines, skipped = resolve_deadlines(
        ds.deadlines, potential, programme, years, set(sc.deadlines_except), zone_of
    )
    return {
        "deadlines": deadlines,
        "deadlines_skipped": skipped,
        "enforce_deadlines": sc.deadlines == "enforce",
        "ceilings": sc.guidance.ceilings,
    }


def _objective_fields(sc: Scenario, base_totals: dict[str, float]) -> Fields:
    """The objective, its weights (default: 1 / base total, so pollutants count alike),
    cost accounting and budget."""
    weights = dict(sc.objective.weights or {})
    if not weights:
        weights = {p: 1.0 / base_totals[p] for p in POLLUTANTS if base_totals[p] > 0}
    return {
        "objective": sc.objective.kind,
        "weights": weights,
        "accounting": sc.objective.accounting,
        "cost_convention": sc.economics.cost_convention,
        "budget": sc.objective.budget_yuan,
    }


def _group_names(ds: Dataset, lang: str) -> dict[str, str]:
    """Each group's name (groups.csv ``name_en`` / ``name_zh``, one per group)."""
    first = ds.groups.groupby("group")[f"name_{lang}"].first()
    return {str(g): str(name) for g, name in first.items()}


def family_sectors(ds: Dataset, family: str, pollutant: str, target_scope: dict) -> tuple:
    """Sectors whose emissions a family's band on ``pollutant`` covers."""
    fam = ds.sectors.loc[ds.sectors["family"] == family, "sector"]
    return tuple(s for s in fam if s in target_scope[pollutant])


def _bands(ds, sc, tau, e0, band_sectors, groups, growth, final) -> tuple[Band, ...]:
    if not sc.guidance.enabled:
        return ()
    out = []
    for fam, cats in sc.guidance.bands.items():
        rows = ds.guidance[ds.guidance["family"] == fam]
        for r in rows.itertuples():
            band = cats.get(r.category)
            if band is None or (band.lower is None and band.upper is None):
                continue
            is_group = r.subject in groups
            if is_group and not sc.guidance.groups:
                continue
            members = groups[r.subject] if is_group else {r.subject: 1.0}
            for p in FAMILY_POLLUTANTS[fam]:
                secs = band_sectors[fam, p]
                base = sum(w * e0.get((d, s, p), 0.0) for d, w in members.items() for s in secs)
                if base <= EPS:
                    continue
                bau = band_bau(e0, growth, members, secs, p, final)
                relative = sc.guidance.mode == "relative"
                scale = tau.get(p, 0.0) if relative else 1.0
                lo = None if band.lower is None else band.lower * scale
                hi = None if band.upper is None else band.upper * scale
                rel_lo = band.lower if relative else None
                rel_hi = band.upper if relative else None
                out.append(Band(fam, r.subject, r.category, p, lo, hi, base, bau, rel_lo, rel_hi))
    return tuple(out)


def _adapt(ds, sc, units, zone, file) -> tuple[AdaptRequirement, ...]:
    if not sc.guidance.enabled:
        return ()
    out = []
    for i, rule in enumerate(sc.guidance.adapt_locally):
        codes = list(rule.units) if rule.units else [d for d in units if zone[d] == rule.zone]
        unknown = [c for c in codes if c not in zone]
        if unknown:
            raise ScenarioError(
                file, f"unknown unit code(s) {unknown}", key=f"guidance.adapt_locally[{i}].units"
            )
        scope = tuple(ds.sectors.loc[ds.sectors["family"] == rule.family, "sector"])
        for d in codes:
            for p in rule.pollutants:
                out.append(
                    AdaptRequirement(rule.name, d, p, tuple(rule.sectors), scope, rule.min_share)
                )
    return tuple(out)


def band_bau(e0, growth, members: dict[str, float], secs, q: str, final: int) -> float:
    """A band subject's final-year business-as-usual emissions in its sectors (t)."""
    return sum(
        w * e0.get((d, s, q), 0.0) * growth[d, s, final] for d, w in members.items() for s in secs
    )
