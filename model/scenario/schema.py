"""The scenario schema: strict, frozen pydantic models of every scenario key, and the
validated copy (``with_changes``, ``model_copy``) of a loaded scenario.

Every model forbids unknown keys and never coerces types, so a misspelt key or a quoted
number is an error naming the key, not a silent default. Problems that span keys raise
:class:`~emisim.model.scenario.checks.KeyedValueError` with the key they belong to;
:func:`~emisim.model.scenario.checks.translate` turns them into one-line ScenarioErrors.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from emisim.model.data.period import (
    DEFAULT_DATASET,
    Period,
    dataset_folder,
    read_period,
    target_value,
)
from emisim.model.data.schema import (
    AIR_POLLUTANTS,
    FAMILIES,
    WATER_POLLUTANTS,
    Code,
    Pollutant,
    Zone,
)
from emisim.model.errors import DataError, expect
from emisim.model.scenario.checks import KeyedValueError, folder_name_problem, translate
from emisim.model.scenario.files import Origin, Provenance, merge_into
from emisim.model.scenario.frozen import frozen

#: Keys about the scenario file, not the model: each file's own, never inherited.
META = ("name", "description", "description_zh", "extends", "apply")

Cut = Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)]
GuidedFamily = Literal["air", "water", "livestock"]


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @model_validator(mode="after")
    def _frozen_in_depth(self) -> Self:
        """Dict and list values refuse in-place changes (model/scenario/frozen.py)."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, dict | list):
                object.__setattr__(self, name, frozen(value))
        return self


class Band(_Config):
    """Bounds on a unit's cut rate: multiples of the city-wide rate, or absolute rates."""

    lower: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    upper: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise KeyedValueError(
                ("lower",), f"lower bound {self.lower} exceeds upper bound {self.upper}"
            )
        return self


class AdaptRule(_Config):
    """'Adapt locally': at least ``min_share`` of the cut comes from ``sectors``."""

    name: Annotated[str, Field(min_length=1)]
    family: Literal["air", "water"]
    zone: Zone | None = None
    units: list[Code] | None = None
    sectors: Annotated[list[str], Field(min_length=1)]
    pollutants: Annotated[list[Pollutant], Field(min_length=1)]
    min_share: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.zone is None) == (self.units is None):
            raise KeyedValueError(("zone",), "give exactly one of 'zone' or 'units'")
        allowed = AIR_POLLUTANTS if self.family == "air" else WATER_POLLUTANTS
        for i, p in enumerate(self.pollutants):
            if p not in allowed:
                raise KeyedValueError(
                    ("pollutants", i), f"{p} is not a {self.family} pollutant ({allowed})"
                )
        return self


class TargetsConfig(_Config):
    set: str | None = None  # None: the period's (period.csv target_set)
    enforce: bool = True  # false: city targets are reported, not required (e.g. max reduction)
    overrides: dict[Pollutant, Cut] = {}
    milestones: dict[int, dict[Pollutant, Cut]] = {}
    # year -> share of every city-wide target cut required by then (a milestone row per
    # target pollutant at share x tau_p); an explicit ``milestones`` entry wins
    milestone_shares: dict[int, Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]] = {}
    voc_scope: Literal["key_industry", "all"] = "key_industry"


Tonnes = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class KeyProjectsConfig(_Config):
    """Key-project reductions (重点工程减排量): tonnes per year the measures deployed in
    the period must remove by the final year, city-wide and, where a scenario gives them,
    per district (docs/model.md, *Key-project reductions*)."""

    city: dict[Pollutant, Tonnes] = {}
    districts: dict[Code, dict[Pollutant, Tonnes]] = {}


class EmitterWeights(_Config):
    """A reading of 'big emitters' (boxes 4 and 8) into the district split, off at 1
    (:mod:`emisim.model.data.reading`)."""

    air: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] = 1.0
    water: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] = 1.0


class GuidanceConfig(_Config):
    enabled: bool = True
    emitter_weights: EmitterWeights = EmitterWeights()
    mode: Literal["relative", "absolute"] = "relative"
    bands: dict[GuidedFamily, dict[str, Band]] = {}
    groups: bool = True
    adapt_locally: list[AdaptRule] = []
    #: What a category's ceiling limits: the unit's whole cut (``whole_cut``), or the cut
    #: beyond what the plan's dated commitments deploy there (``beyond_commitments``: the
    #: measures an enforced deadline commits in full are counted outside the ceiling rows;
    #: docs/model.md, "Category guidance").
    ceilings: Literal["whole_cut", "beyond_commitments"] = "whole_cut"

    @model_validator(mode="after")
    def _check(self) -> Self:
        for family, cats in self.bands.items():
            for cat in cats:
                if cat not in FAMILIES[family]:
                    raise KeyedValueError(
                        ("bands", family, cat),
                        f"unknown {family} category '{cat}'; expected one of "
                        + ", ".join(FAMILIES[family]),
                    )
        seen: set[str] = set()
        for i, rule in enumerate(self.adapt_locally):
            if rule.name in seen:
                raise KeyedValueError(("adapt_locally", i, "name"), f"duplicate '{rule.name}'")
            seen.add(rule.name)
        return self


class CoalConfig(_Config):
    #: Coal's share of primary energy at most; not given: the target set's coal_share_max
    #: row (13th FYP 0.55, 14th 0.40; none: no ceiling); null: no ceiling.
    share_max: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] | None = None
    energy_intensity_cut: Cut | None = None


class MeasuresConfig(_Config):
    programme: Literal["upper", "fixed", "ignore"] = "upper"
    ramp_max: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] | None = None
    cost_case: Literal["central", "low", "high"] = "central"
    disabled: list[str] = []
    #: measure -> factor on its costs (capital, annualised, each unit's lifetime present
    #: value) and on its potential in every district (0 removes it); the "what if this
    #: measure cost more / could do more" of emisim studio and of a scenario file
    cost_scale: dict[str, Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]] = {}
    potential_scale: dict[str, Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]] = {}


class GrowthConfig(_Config):
    """Business-as-usual growth: each activity index becomes 1 + multiplier x (index - 1)."""

    multiplier: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] = 1.0
    apply_to_coal: bool = True


class EconomicsConfig(_Config):
    discount_rate: Annotated[float, Field(ge=0, le=0.5, allow_inf_nan=False)] = 0.08
    # gross: a measure's capital and operating cost (fuel cost differences of fuel switches
    # included); net: also minus the fuel it saves and plus the output a closure loses
    # (net_costs.csv). The results say which (summary "cost_convention").
    cost_convention: Literal["gross", "net"] = "gross"
    # common_horizon accounting: the years, from the final year on, over which the final
    # year's requirement is held and every unit is costed (null: the longest measure life
    # in the dataset's measures.csv; docs/model.md, Objective)
    evaluation_years: Annotated[int, Field(ge=1, le=200)] | None = None


class ObjectiveConfig(_Config):
    # least_cost | max_reduction (within budget_yuan) | equity (min the largest deviation
    # of a cut rate from its category's nominal rate) | gini (min the linearised Gini of
    # per-capita cuts) | max_technical (every requirement dropped: the ceiling of what the
    # measures can do); docs/model.md, Objectives
    kind: Literal["least_cost", "max_reduction", "equity", "gini", "max_technical"] = "least_cost"
    # common_horizon: every unit's annualised cost in each year it stands, up to one
    # evaluation end for all (annuity-consistent salvage beyond it); lifetime: PV of every
    # unit's full life(s); target_year: final-year annual cost (GAINS); horizon: annualised
    # cost counted only up to the final year (truncated). docs/model.md, Objective.
    accounting: Literal["common_horizon", "lifetime", "target_year", "horizon"] = "common_horizon"
    budget_yuan: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    weights: dict[Pollutant, Annotated[float, Field(ge=0, allow_inf_nan=False)]] | None = None
    # which optimal plan is shown when several tie (emisim.solvers.presented):
    # "nominal" = the one closest to the categories' nominal rates; "none" = the solver's
    tie_break: Literal["nominal", "none"] = "nominal"

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.kind == "max_reduction" and self.budget_yuan is None:
            raise KeyedValueError(("budget_yuan",), "objective 'max_reduction' needs a budget")
        return self


class SolverConfig(_Config):
    time_limit_s: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 60.0
    tolerance: Annotated[float, Field(gt=0, le=1e-3, allow_inf_nan=False)] = 1e-7


class ChainConfig(_Config):
    """Chained periods (docs/model.md, *Chained periods*): the scenarios of two consecutive
    plan periods (names or paths), run as one pathway; each brings its own dataset and
    requirements, and the chain scenario's other keys are not read."""

    periods: list[Annotated[str, Field(min_length=1)]] = []
    #: The later period's coal ceiling: ``as_written`` (its target set's share), or
    #: ``cut_in_points``: the cut in points its plan asks from its own reported base-year
    #: share (14th: 44.3 % to 40 %), taken from the earlier period's ceiling, which the
    #: chain's own base year holds.
    later_coal: Literal["as_written", "cut_in_points"] = "as_written"


class Scenario(_Config):
    """A fully merged, validated scenario. ``extends``/``apply`` are kept as information."""

    name: str  # a plain folder name: see _folder_name
    description: Annotated[str, Field(min_length=1)]
    #: The question in Chinese, shown by Chinese reports (own to each file, like
    #: ``description``: a child scenario does not inherit its parent's).
    description_zh: Annotated[str, Field(min_length=1)] | None = None
    extends: str | None = None
    apply: list[str] = []
    #: A dataset folder (path), or ``dataset``: a shipped one by name (``chongqing`` is the
    #: 13th FYP, ``chongqing-fyp14`` the 14th); neither: the default (13th FYP).
    data: str | None = None
    dataset: str | None = None
    #: The model years; None: the period's (period.csv of the selected dataset).
    first_year: int | None = None
    last_year: int | None = None
    targets: TargetsConfig = TargetsConfig()
    key_projects: KeyProjectsConfig = KeyProjectsConfig()
    guidance: GuidanceConfig = GuidanceConfig()
    coal: CoalConfig = CoalConfig()
    measures: MeasuresConfig = MeasuresConfig()
    growth: GrowthConfig = GrowthConfig()
    economics: EconomicsConfig = EconomicsConfig()
    objective: ObjectiveConfig = ObjectiveConfig()
    solver: SolverConfig = SolverConfig()
    # The plan's dated commitments (deadlines.csv): required as constraints, or only reported.
    deadlines: Literal["enforce", "ignore"] = "ignore"
    deadlines_except: list[Annotated[str, Field(min_length=1)]] = []  # ids not enforced
    chain: ChainConfig = ChainConfig()

    _source: Path | None = PrivateAttr(default=None)
    _provenance: Provenance = PrivateAttr(default_factory=dict)

    def with_changes(self, **changes: Any) -> Scenario:
        """A copy with ``changes`` applied, validated like a scenario file.

        Nested mappings merge key by key and dotted keys reach one leaf, so these agree:
        ``sc.with_changes(economics={"discount_rate": 0.05})`` and
        ``sc.with_changes(**{"economics.discount_rate": 0.05})``. Lists replace."""
        return _derive(self, changes, merge=True, origin="with_changes()")

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """pydantic's copy, except that ``update`` (whole top-level keys) is validated:
        pydantic's own skips validation, which let a discount rate of -3 be solved."""
        if not update:
            return super().model_copy(deep=deep)
        return _derive(self, update, merge=False, origin="model_copy()")  # type: ignore[return-value]

    @property
    def source(self) -> Path | None:
        """The file this scenario was loaded from (None if built in code)."""
        return self._source

    @field_validator("name")
    @classmethod
    def _folder_name(cls, name: str) -> str:
        """The name becomes ``outputs/<name>/``: it must stay a plain folder name."""
        problem = folder_name_problem(name)
        if problem:
            raise ValueError(f"scenario name {problem}")
        return name

    @property
    def data_folder(self) -> Path | None:
        """The dataset folder this scenario runs on (None: the default shipped one)."""
        if self.data is not None:
            return Path(self.data)
        return dataset_folder(self.dataset) if self.dataset is not None else None

    @property
    def period(self) -> Period:
        """The plan period of the selected dataset (period.csv)."""
        return read_period(self.data_folder or dataset_folder(DEFAULT_DATASET))

    @model_validator(mode="after")
    def _years(self) -> Self:
        if self.data is not None and self.dataset is not None:
            raise KeyedValueError(("dataset",), "give either 'data' (a folder) or 'dataset'")
        if self.dataset is not None:
            try:
                dataset_folder(self.dataset)
            except KeyError as exc:
                raise KeyedValueError(("dataset",), str(exc.args[0])) from None
        if self.data is not None and not Path(self.data).is_dir():
            raise KeyedValueError(("data",), f"data folder {self.data} does not exist")
        try:
            period = self.period
        except DataError as exc:
            raise KeyedValueError(("data",), str(exc)) from None
        if self.first_year is None:
            object.__setattr__(self, "first_year", period.first_year)
        if self.last_year is None:
            object.__setattr__(self, "last_year", period.last_year)
        if self.targets.set is None:
            targets = self.targets.model_copy(update={"set": period.target_set})
            object.__setattr__(self, "targets", targets)
        if "share_max" not in self.coal.model_fields_set:  # the target set's ceiling
            folder = self.data_folder or dataset_folder(DEFAULT_DATASET)
            ceiling = target_value(folder, str(self.targets.set), "coal_share_max")
            object.__setattr__(self, "coal", self.coal.model_copy(update={"share_max": ceiling}))
        if self.chain.periods and len(self.chain.periods) != 2:
            msg = "a chain names two periods' scenarios, in order"
            raise KeyedValueError(("chain", "periods"), msg)
        if self.first_year <= period.base_year:
            msg = f"must be after the base year {period.base_year} ({period.name_en}, period.csv)"
            raise KeyedValueError(("first_year",), msg)
        if self.last_year < self.first_year:
            raise KeyedValueError(("last_year",), f"must be >= first_year {self.first_year}")
        for key in ("milestones", "milestone_shares"):
            for year in getattr(self.targets, key):
                if self.first_year <= year < self.last_year:
                    continue
                raise KeyedValueError(
                    ("targets", key, year),
                    f"milestone year {year} must lie in {self.first_year}..{self.last_year - 1}",
                )
        return self


def _derive(base: Scenario, changes: Mapping[str, Any], *, merge: bool, origin: str) -> Scenario:
    """``base`` with ``changes`` applied and validated; changed keys are named ``origin``."""
    where = Origin(Path(origin))
    merged = scenario_to_dict(base)
    prov = dict(base._provenance)
    for key, value in changes.items():
        expect(key, str, f"{origin}: keys must be text")
        plain = value.model_dump() if isinstance(value, BaseModel) else value
        loc = tuple(key.split(".")) if merge else (key,)
        layer: dict[Any, Any] = {loc[-1]: plain}
        for part in reversed(loc[:-1]):
            layer = {part: layer}
        if merge:
            merge_into(merged, layer, prov, where)
        else:
            merged[key] = plain
            prov = {k: v for k, v in prov.items() if k[0] != key} | {(key,): where}
    try:
        return Scenario.model_validate(merged)
    except ValidationError as exc:
        raise translate(exc, Scenario, merged, prov, where.file) from None


def scenario_to_dict(s: Scenario) -> dict[str, Any]:
    """Plain, YAML-dumpable dict of the merged scenario (without ``chain`` where it is
    unset: a single period's record, and its run id, are what they were before chains)."""
    out = s.model_dump(mode="python")
    if s.chain == ChainConfig():
        del out["chain"]
    return out
