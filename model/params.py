"""Sets and parameters of one model instance: the indexed data every constraint reads.

Everything the constraint modules need is held here as plain, indexed Python data, so the
Pyomo build is pure wiring and the same numbers can be checked without Pyomo. They are
assembled from a dataset and a scenario by :func:`emisim.model.assemble.build_params`.
The symbols follow ``docs/model.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from emisim.model.commitments import Deadline, SkippedDeadline, committed_in_full
from emisim.model.costs import horizon_weights


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
    accounting: str  # common_horizon | lifetime | target_year | horizon (docs/model.md)
    discount: dict[int, float]  # delta[t]
    coal_cut: dict[str, float]  # k[m] (ktce/yr per unit)
    coal0: dict[str, float]  # C0[d]
    coal_growth: dict[tuple[str, int], float]  # gc[d,t]
    energy_final: float  # primary energy in the target year (ktce): the coal cap's base
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
    sector_names_zh: dict[str, str] = field(default_factory=dict)  # sectors.csv name_zh
    #: Key-project reductions K[j,q]: (subject, pollutant) -> t/yr removed in the final
    #: year by the measures deployed in the period; subject "city" or a unit code
    key_projects: dict[tuple[str, str], float] = field(default_factory=dict)
    #: The readings a sweep varies, kept so :mod:`emisim.model.readings` can redo their
    #: steps of the assembly without the dataset: growth.csv's index by (series, zone,
    #: year), the scenario's growth multiplier and apply_to_coal, each measure's O&M
    #: (yuan/yr) and lifetime (years) in the cost case, and the discount rate.
    growth_index: dict[tuple[str, str, int], float] = field(default_factory=dict)
    growth_multiplier: float = 1.0
    growth_coal: bool = True
    opex: dict[str, float] = field(default_factory=dict)
    lifetime: dict[str, int] = field(default_factory=dict)
    discount_rate: float | None = None
    #: gross (capital and operating cost) or net (minus fuel saved, plus output lost)
    cost_convention: str = "gross"
    #: H, the last year every unit is costed in under common-horizon accounting
    evaluation_end: int | None = None
    #: What a category ceiling limits (``guidance.ceilings``): ``whole_cut``, or
    #: ``beyond_commitments`` (see :attr:`ceiling_exempt`)
    ceilings: str = "whole_cut"
    #: Chained periods (docs/model.md, *Chained periods*): the year the first period's
    #: requirements hold (city targets, bands, adapt-locally shares, programme quantities,
    #: the coal ceiling), None: the final year. Key-project tonnes then count only the units
    #: added after it (:attr:`key_project_from`), and :attr:`coal_caps` states the later
    #: period's coal ceiling.
    period_end: int | None = None
    #: Key-project reductions count the units in place in the final year less those in
    #: place in this year (None: every unit, none was in place before the first year).
    key_project_from: int | None = None
    #: year -> coal's ceiling share of primary energy in that year, besides the
    #: :attr:`coal_share_max` of :attr:`target_year` (chained periods: the later period's)
    coal_caps: dict[int, float] = field(default_factory=dict)
    #: year -> the cut of energy use per unit of GDP by that year against the period's base
    #: year that the energy path assumes (the target set's, or the scenario's); a chain
    #: holds both periods'
    intensity_goals: dict[int, float] = field(default_factory=dict)
    #: measure -> the first year it can be deployed (a later period's new measures), else
    #: the first model year
    available_from: dict[str, int] = field(default_factory=dict)

    @property
    def final_year(self) -> int:
        return self.years[-1]

    @property
    def target_year(self) -> int:
        """The year the plan's targets, bands, programme and coal ceiling hold: the final
        year, or the first period's last year in a chain (:attr:`period_end`)."""
        return self.final_year if self.period_end is None else self.period_end

    def price_scale(self, year: int) -> float:
        """Divide a dual by this to get the reported price (docs/model.md, Prices): the
        year's discount factor under horizon accounting (annualised yuan per t), else 1
        (common horizon, lifetime: PV yuan per t/yr; target year: yuan per t, already annual)."""
        return self.discount[year] if self.accounting == "horizon" else 1.0

    @cached_property
    def horizon_weight(self) -> dict[int, float]:
        """W_t = sum_{k=t}^{H} delta_k: what one yuan a year of annualised cost of a unit
        built in t weighs under common-horizon accounting, whatever its life."""
        if self.evaluation_end is None or self.discount_rate is None:
            raise ValueError("common-horizon accounting needs evaluation_end and discount_rate")
        return horizon_weights(self.discount_rate, self.years, self.evaluation_end)

    @cached_property
    def band_by_key(self) -> dict[tuple[str, str, str], Band]:
        return {b.key: b for b in self.bands}

    @cached_property
    def potential_by_unit(self) -> dict[str, tuple[tuple[int, str], ...]]:
        """Each unit's measures with a potential, as (position in ``potential``, measure):
        what a rate form of one subject needs, without scanning every unit's potentials."""
        out: dict[str, list[tuple[int, str]]] = {}
        for i, (d, k) in enumerate(self.potential):
            out.setdefault(d, []).append((i, k))
        return {d: tuple(v) for d, v in out.items()}

    @cached_property
    def deadline_by_key(self) -> dict[tuple[str, str, str], Deadline]:
        return {dl.key: dl for dl in self.deadlines}

    @cached_property
    def ceiling_exempt(self) -> frozenset[str]:
        """Measures counted outside the category ceilings: with ``ceilings:
        beyond_commitments`` and the deadlines enforced, those an enforced deadline commits
        in full (:func:`emisim.model.commitments.committed_in_full`, recomputed from this
        instance's deadlines, potentials and programme); empty otherwise."""
        if self.ceilings != "beyond_commitments" or not self.enforce_deadlines:
            return frozenset()
        capped = self.programme_mode in ("upper", "fixed")
        return committed_in_full(self.deadlines, self.potential, self.programme, capped)

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
        milestones, bands, adapt-locally, coal cap, programme, deadlines, budget, key-project
        reductions): only physical
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
            key_projects={},
            coal_caps={},
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
