"""Sets and parameters of one model instance, computed from a dataset and a scenario.

Everything the constraint modules need is prepared here as plain, indexed Python data,
so the Pyomo build is pure wiring and the same numbers can be checked without Pyomo.
The symbols follow ``docs/model.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from emisim.model.commitments import (
    Deadline,
    SkippedDeadline,
    check_excepted,
    resolve_deadlines,
)
from emisim.model.costs import discount_factor, measure_costs
from emisim.model.data.dataset import Dataset
from emisim.model.errors import ScenarioError
from emisim.model.vocabulary import BASE_YEAR, FAMILY_POLLUTANTS, POLLUTANTS

if TYPE_CHECKING:
    from emisim.model.scenario import Scenario

EPS = 1e-9


@dataclass(frozen=True)
class Band:
    """A resolved band on one subject's cut rate for one pollutant (absolute fractions)."""

    family: str
    subject: str  # unit code or group id
    category: str
    pollutant: str
    lower: float | None
    upper: float | None
    base: float  # base-year emissions of the subject in the family's sectors (t)
    bau: float  # final-year business-as-usual emissions of the same (t)
    #: The scenario's multiples of tau[pollutant] (guidance.mode relative), else None: the
    #: bounds move with the city target (see Params.with_target).
    rel_lower: float | None = None
    rel_upper: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """The band's name in the model: (family, subject, pollutant)."""
        return (self.family, self.subject, self.pollutant)

    @property
    def upper_effective(self) -> float | None:
        """The ceiling on the cut rate as enforced: a ceiling never forbids a decline that
        happens without any measure, so it is at least the BAU cut rate."""
        if self.upper is None:
            return None
        return max(self.upper, 1 - self.bau / self.base)


@dataclass(frozen=True)
class AdaptRequirement:
    rule: str
    code: str
    pollutant: str
    sectors: tuple[str, ...]  # named sectors whose abatement must reach the share
    scope: tuple[str, ...]  # all sectors of the family
    min_share: float

    @property
    def key(self) -> tuple[str, str, str]:
        """The rule's row name in the model: (rule, unit code, pollutant)."""
        return (self.rule, self.code, self.pollutant)


@dataclass(frozen=True)
class Params:
    """The indexed data of one model instance (see docs/model.md for the symbols)."""

    scenario_name: str
    units: tuple[str, ...]  # D
    sectors: tuple[str, ...]  # S
    pollutants: tuple[str, ...]  # P
    measures: tuple[str, ...]  # M (enabled)
    years: tuple[int, ...]  # T (first..last)
    zone: dict[str, str]  # zone of each unit
    names: dict[str, str]  # English/pinyin name of each unit and group
    e0: dict[tuple[str, str, str], float]  # E0[d,s,p]
    growth: dict[tuple[str, str, int], float]  # g[d,s,t]
    emission_keys: tuple[tuple[str, str, str], ...]  # (d,s,p) tracked
    measure_sector: dict[str, str]
    removal: dict[tuple[str, str], float]  # r[m,p] (t/yr per unit)
    potential: dict[tuple[str, str], float]  # U[d,m]
    ramp: dict[str, float]  # max share of U deployable per year
    programme: dict[str, float]  # Q[m] for measures with a programme quantity
    programme_mode: str  # upper | fixed | ignore
    annual_cost: dict[str, float]  # c[m] = capex * CRF + opex (yuan/yr per unit)
    capex: dict[str, float]  # K[m] (yuan per unit)
    unit_pv: dict[tuple[str, int], float]  # P[m,t]: lifetime PV of one unit built in t
    accounting: str  # lifetime | target_year | horizon (docs/model.md, Objective)
    discount: dict[int, float]  # delta[t]
    coal_cut: dict[str, float]  # k[m] (ktce/yr per unit)
    coal0: dict[str, float]  # C0[d]
    coal_growth: dict[tuple[str, int], float]  # gc[d,t]
    energy_final: float  # primary energy cap base in the final year (ktce)
    energy_path: dict[int, float]  # primary energy implied by GDP and a linear intensity path
    coal_share_max: float | None
    target_scope: dict[str, tuple[str, ...]]  # sectors counted for each pollutant's target
    targets: dict[str, float]  # tau[p]
    enforce_targets: bool  # false: targets are reported, not constrained
    milestones: dict[tuple[int, str], float]
    bands: tuple[Band, ...]
    band_sectors: dict[tuple[str, str], tuple[str, ...]]  # S_{f,p}: sectors a band covers
    groups: dict[str, dict[str, float]]  # group -> {unit: share}
    adapt: tuple[AdaptRequirement, ...]
    deadlines: tuple[Deadline, ...]  # the plan's dated commitments, resolved
    deadlines_skipped: tuple[SkippedDeadline, ...]
    enforce_deadlines: bool
    budget: float | None
    objective: str
    weights: dict[str, float]
    base_totals: dict[str, float] = field(default_factory=dict)  # sum of E0 in target scope
    names_zh: dict[str, str] = field(default_factory=dict)  # Chinese name of each unit
    population: dict[str, float] = field(default_factory=dict)  # 2015 population (gini)
    cost_factor: dict[tuple[str, str], float] = field(default_factory=dict)  # f[d,m], else 1
    #: Each enabled measure's name and activity unit in Chinese (measures.csv name_zh,
    #: activity_unit_zh), for sentences in the plan's words; English sentences name a
    #: measure by its id and ``activity_unit``.
    measure_names_zh: dict[str, str] = field(default_factory=dict)
    activity_unit: dict[str, str] = field(default_factory=dict)
    activity_unit_zh: dict[str, str] = field(default_factory=dict)

    @property
    def final_year(self) -> int:
        return self.years[-1]

    def price_scale(self, year: int) -> float:
        """Divide a dual by this to get the reported price (docs/model.md, Prices): the
        year's discount factor under horizon accounting (annualised yuan per t), else 1
        (lifetime: PV yuan per t/yr; target year: yuan per t, already annual)."""
        return self.discount[year] if self.accounting == "horizon" else 1.0

    @cached_property
    def band_by_key(self) -> dict[tuple[str, str, str], Band]:
        return {b.key: b for b in self.bands}

    @cached_property
    def deadline_by_key(self) -> dict[tuple[str, str, str], Deadline]:
        return {dl.key: dl for dl in self.deadlines}

    @cached_property
    def adapt_by_key(self) -> dict[tuple[str, str, str], AdaptRequirement]:
        return {a.key: a for a in self.adapt}

    def with_annual_cost(self, measure: str, annual: float) -> Params:
        """The same instance with annualised cost ``annual`` for ``measure``; its lifetime
        present values (proportional to it, see :func:`unit_present_value`) follow."""
        old = self.annual_cost[measure]
        if old == 0:
            raise ValueError(f"{measure}: annual cost 0 cannot be rescaled; rebuild Params")
        pv = {(k, t): v * annual / old if k == measure else v for (k, t), v in self.unit_pv.items()}
        return replace(self, annual_cost={**self.annual_cost, measure: annual}, unit_pv=pv)

    def technical(self) -> Params:
        """The same instance with every requirement of the plan dropped (targets,
        milestones, bands, adapt-locally, coal cap, programme, deadlines, budget): only physical
        limits remain (``objective.kind: max_technical``, model/alternatives.py)."""
        return replace(
            self,
            bands=(),
            adapt=(),
            enforce_targets=False,
            milestones={},
            coal_share_max=None,
            budget=None,
            programme_mode="ignore",
            enforce_deadlines=False,
        )

    def with_target(self, pollutant: str, tau: float) -> Params:
        """The same instance with city target ``tau`` for ``pollutant``; bands set as
        multiples of the city rate (guidance.mode relative) move with it."""
        bands = tuple(
            replace(
                b,
                lower=b.lower if b.rel_lower is None else b.rel_lower * tau,
                upper=b.upper if b.rel_upper is None else b.rel_upper * tau,
            )
            if b.pollutant == pollutant
            else b
            for b in self.bands
        )
        return replace(self, targets={**self.targets, pollutant: tau}, bands=bands)


def _targets(ds: Dataset, sc: Scenario, file: str) -> tuple[dict[str, float], float | None]:
    rows = ds.targets[ds.targets["target_set"] == sc.targets.set]
    if rows.empty:
        known = sorted(ds.targets["target_set"].unique())
        raise ScenarioError(file, f"unknown target set; expected one of {known}", key="targets.set")
    cuts = {r.pollutant: float(r.value) for r in rows.itertuples() if r.kind == "emission_cut"}
    cuts.update(dict(sc.targets.overrides))
    intensity = rows.loc[rows["kind"] == "energy_intensity_cut", "value"]
    eic = sc.coal.energy_intensity_cut
    if eic is None:
        eic = float(intensity.iloc[0]) if len(intensity) else 0.0
    return cuts, eic


def build_params(ds: Dataset, sc: Scenario, *, file: str = "<scenario>") -> Params:
    """Resolve a scenario against a dataset into the model's sets and parameters."""
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
    units = tuple(ds.units["code"])
    zone = dict(zip(ds.units["code"], ds.units["zone"], strict=True))
    sectors_df = ds.sectors.set_index("sector")
    sectors = tuple(sectors_df.index)

    e0 = {
        (r.code, r.sector, r.pollutant): float(r.emissions_t)
        for r in ds.baseline.itertuples()
        if r.emissions_t > 0
    }
    k = sc.growth.multiplier
    gz = {
        (r.series, r.zone, int(r.year)): (
            float(r.index)
            if r.series == "energy" or (r.series == "coal" and not sc.growth.apply_to_coal)
            else 1 + k * (float(r.index) - 1)
        )
        for r in ds.growth.itertuples()
    }
    growth = {(d, s, t): gz[(s, zone[d], t)] for d in units for s in sectors for t in years}

    disabled = set(sc.measures.disabled)
    mdf = ds.measures[~ds.measures["measure"].isin(disabled)].set_index("measure")
    measures = tuple(mdf.index)
    rate = sc.economics.discount_rate
    capex, annual_cost, unit_pv = measure_costs(mdf, sc.measures.cost_case, rate, years)
    removal = {
        (r.measure, r.pollutant): float(r.removal_t)
        for r in ds.removals.itertuples()
        if r.measure in mdf.index and r.removal_t != 0
    }
    potential = {
        (r.code, r.measure): float(r.potential)
        for r in ds.potentials.itertuples()
        if r.measure in mdf.index and r.potential > 0
    }
    ramp = {
        m: float(
            sc.measures.ramp_max if sc.measures.ramp_max is not None else mdf.at[m, "ramp_max"]
        )
        for m in measures
    }
    programme = {m: float(q) for m, q in mdf["programme_qty"].items() if q is not None and q == q}
    measure_sector = {m: str(mdf.at[m, "sector"]) for m in measures}
    coal_cut = {m: float(mdf.at[m, "coal_cut_ktce"]) for m in measures}

    # Track (d,s,p) wherever there are base emissions or a deployable measure acts.
    keys = set(e0)
    for d, m in potential:
        for p in POLLUTANTS:
            if (m, p) in removal:
                keys.add((d, measure_sector[m], p))
    emission_keys = tuple(sorted(keys))

    tau, eic = _targets(ds, sc, file)
    voc_key = {s for s in sectors if bool(sectors_df.at[s, "voc_key"])}
    target_scope = {
        p: tuple(sorted(voc_key))
        if p == "VOC" and sc.targets.voc_scope == "key_industry"
        else sectors
        for p in POLLUTANTS
    }
    base_totals = {
        p: sum(v for (d, s, q), v in e0.items() if q == p and s in target_scope[p])
        for p in POLLUTANTS
    }
    milestones = {
        (int(y), p): float(v) for y, cuts in sc.targets.milestones.items() for p, v in cuts.items()
    }
    for y, _p in milestones:
        if y not in years[:-1]:
            raise ScenarioError(
                file,
                f"milestone year {y} must lie in {years[0]}..{years[-1] - 1}",
                key=f"targets.milestones.{y}",
            )

    gdp = dict(zip(ds.macro["year"].astype(int), ds.macro["gdp_index"], strict=True))
    energy0 = float(ds.units["energy_2015_ktce"].sum())
    span = years[-1] - BASE_YEAR
    energy_path = {
        t: energy0 * float(gdp[t]) / float(gdp[BASE_YEAR]) * (1 - eic * (t - BASE_YEAR) / span)
        for t in (BASE_YEAR, *years)
    }
    energy_final = energy_path[years[-1]]
    coal0 = dict(zip(ds.units["code"], ds.units["coal_2015_ktce"].astype(float), strict=True))
    coal_growth = {(d, t): gz[("coal", zone[d], t)] for d in units for t in years}

    groups = {
        g: dict(zip(sub["code"], sub["share"].astype(float), strict=True))
        for g, sub in ds.groups.groupby("group")
    }
    band_sectors = {
        (f, q): tuple(sorted(family_sectors(ds, f, q, target_scope)))  # sorted: hash-seed free
        for f, pols in FAMILY_POLLUTANTS.items()
        for q in pols
    }
    bands = _bands(ds, sc, tau, e0, band_sectors, groups, growth, years[-1])
    adapt = _adapt(ds, sc, units, zone, file)
    check_excepted(ds.deadlines, sc.deadlines_except, file)
    deadlines, skipped = resolve_deadlines(
        ds.deadlines, potential, programme, years, set(sc.deadlines_except)
    )

    weights = dict(sc.objective.weights or {})
    if not weights:
        weights = {p: 1.0 / base_totals[p] for p in POLLUTANTS if base_totals[p] > 0}
    discount = {t: discount_factor(rate, t) for t in years}
    p = Params(
        scenario_name=sc.name,
        units=units,
        sectors=sectors,
        pollutants=POLLUTANTS,
        measures=measures,
        years=years,
        zone=zone,
        names={
            **dict(zip(ds.units["code"], ds.units["name_en"], strict=True)),
            **_group_names(groups),
        },
        e0=e0,
        growth=growth,
        emission_keys=emission_keys,
        measure_sector=measure_sector,
        removal=removal,
        potential=potential,
        ramp=ramp,
        programme=programme,
        programme_mode=sc.measures.programme,
        annual_cost=annual_cost,
        capex=capex,
        unit_pv=unit_pv,
        accounting=sc.objective.accounting,
        discount=discount,
        coal_cut=coal_cut,
        coal0=coal0,
        coal_growth=coal_growth,
        energy_final=energy_final,
        energy_path=energy_path,
        coal_share_max=sc.coal.share_max,
        target_scope=target_scope,
        targets={p: tau[p] for p in POLLUTANTS if p in tau},
        enforce_targets=sc.targets.enforce,
        milestones=milestones,
        bands=bands,
        band_sectors=band_sectors,
        groups=groups,
        adapt=adapt,
        deadlines=deadlines,
        deadlines_skipped=skipped,
        enforce_deadlines=sc.deadlines == "enforce",
        budget=sc.objective.budget_yuan,
        objective=sc.objective.kind,
        weights=weights,
        base_totals=base_totals,
        names_zh=dict(zip(ds.units["code"], ds.units["name_zh"], strict=True)),
        measure_names_zh={m: str(mdf.at[m, "name_zh"]) for m in measures},
        activity_unit={m: str(mdf.at[m, "activity_unit"]) for m in measures},
        activity_unit_zh={m: str(mdf.at[m, "activity_unit_zh"]) for m in measures},
        population=dict(
            zip(ds.units["code"], ds.units["population_2015"].astype(float), strict=True)
        ),
        cost_factor={
            (r.code, r.measure): float(r.factor)
            for r in ds.cost_factors.itertuples()
            if r.measure in mdf.index
        },
    )
    return p.technical() if sc.objective.kind == "max_technical" else p


def _group_names(groups: dict) -> dict[str, str]:
    return {g: g.replace("_", " ").title() + " (group)" for g in groups}


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
                bau = sum(
                    w * e0.get((d, s, p), 0.0) * growth[d, s, final]
                    for d, w in members.items()
                    for s in secs
                )
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
