"""The tables of an emisim dataset: their columns, types, ranges and keys.

One pydantic row model per CSV file. The loader (:mod:`emisim.model.data`) validates
every row against its model, so an error can name the file, the row and the column.
Cross-table rules (foreign keys, shares summing to one, provenance coverage) are
declared here as data and checked in the loader.

Units used throughout: emissions in tonnes per year (t), coal and energy in
kilotonnes of standard coal equivalent (ktce), money in yuan (2015 prices),
population in persons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from emisim.model.vocabulary import (  # noqa: F401  (re-exported: the schema's sets)
    AIR_POLLUTANTS,
    BASE_YEAR,
    FAMILIES,
    GRADES,
    POLLUTANTS,
    WATER_POLLUTANTS,
    ZONES,
)

Pollutant = Literal["COD", "NH3N", "SO2", "NOX", "VOC"]
Zone = Literal[
    "main_urban", "new_urban", "northeast", "southeast", "metropolitan", "three_gorges", "wuling"
]
Mechanism = Literal["percent_of_base", "key_project_tonnes"]
Grade = Literal["sourced", "recalled", "derived", "assumed"]
Family = Literal["air", "water", "livestock", "pm25", "water_quality"]
Medium = Literal["air", "water"]

Code = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]  # ASCII digits (\d takes ０-９)
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
NonNeg = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Year = Annotated[int, Field(ge=2000, le=2100)]

# Physical bounds: a value beyond them is a typo or a unit mistake (t for kt, yuan for
# 10k yuan), refused before the solver sees it. Each is orders of magnitude above any
# real value for a city (Chongqing 2015: SO2 ~5e5 t, coal ~6e4 ktce, 3e7 persons).
MAX_TONNES = 1e9  # t/yr of one pollutant, anywhere
MAX_YUAN = 1e13  # yuan per unit of a measure, or per year
MAX_KTCE = 1e7  # ktce of coal or energy
MAX_QUANTITY = 1e9  # units of a measure
MAX_PERSONS = 1e10
MAX_CO2_MT = 1e5
MAX_INDEX = 100.0  # growth or GDP index relative to the base year


def _bounded(low: float | None, high: float, *, strict_low: bool = False) -> type[float]:
    lower = {"gt": low} if strict_low else {"ge": low} if low is not None else {}
    return Annotated[float, Field(**lower, le=high, allow_inf_nan=False)]  # type: ignore[return-value]


Tonnes = _bounded(0, MAX_TONNES)
PositiveTonnes = _bounded(0, MAX_TONNES, strict_low=True)
SignedTonnes = _bounded(-MAX_TONNES, MAX_TONNES)
Yuan = _bounded(0, MAX_YUAN)
SignedYuan = _bounded(-MAX_YUAN, MAX_YUAN)
Ktce = _bounded(0, MAX_KTCE)
PositiveKtce = _bounded(0, MAX_KTCE, strict_low=True)
SignedKtce = _bounded(-MAX_KTCE, MAX_KTCE)
Quantity = _bounded(0, MAX_QUANTITY)
Persons = _bounded(0, MAX_PERSONS, strict_low=True)
Index = _bounded(0, MAX_INDEX, strict_low=True)


class Row(BaseModel):
    """Base for all table rows: strict about unknown columns, frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class UnitRow(Row):
    """One spatial unit (district/county, or Wansheng)."""

    code: Code
    name_zh: Text
    name_en: Text
    zone: Zone
    population_2015: Persons
    co2_2015_mt: _bounded(0, MAX_CO2_MT)
    coal_2015_ktce: Ktce
    energy_2015_ktce: PositiveKtce


class ZoneRow(Row):
    zone: Zone
    name_en: Text
    name_zh: Text
    population_2015: Persons


class GroupRow(Row):
    """Membership of a non-administrative group (Liangjiang New Area) and its share."""

    group: Ident
    code: Code
    share: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
    name_en: Text  # the group's names, the same on each of its rows
    name_zh: Text


class CategoryRow(Row):
    family: Family
    category: Ident
    wording_zh: Text
    wording_en: Text


class GuidanceRow(Row):
    """The plan's category for one subject (unit code or group id) in one family."""

    subject: Annotated[str, StringConstraints(pattern=r"^([0-9]{6}|[a-z][a-z0-9_]*)$")]
    family: Family
    category: Ident


#: Target kinds whose value is a fraction (< 1); ``key_project_t`` is tonnes per year.
FRACTION_KINDS = ("emission_cut", "coal_share_max", "energy_intensity_cut", "co2_intensity_cut")


class TargetRow(Row):
    target_set: Ident
    target: Ident
    kind: Literal[
        "emission_cut",
        "coal_share_max",
        "energy_intensity_cut",
        "co2_intensity_cut",
        "key_project_t",
    ]
    pollutant: Pollutant | None = None
    value: Tonnes  # a fraction below 1 for every kind but key_project_t (checks.check_targets)
    year: Year


class PeriodRow(Row):
    """The plan period a dataset folder belongs to (one row): its base year, horizon,
    target mechanism and target set, and the plan that sets them."""

    period: Ident
    name_en: Text
    name_zh: Text
    base_year: Year
    first_year: Year
    last_year: Year
    mechanism: Mechanism
    target_set: Ident
    plan_en: Text
    plan_zh: Text


class SectorRow(Row):
    sector: Ident
    name_en: Text
    name_zh: Text  # the plan's words (燃煤发电及供热 ...), for Chinese reports and labels
    medium: Medium
    family: Literal["air", "water", "livestock"]
    voc_key: bool


class CityTotalRow(Row):
    pollutant: Pollutant
    total_2015_t: PositiveTonnes


class SectorShareRow(Row):
    pollutant: Pollutant
    sector: Ident
    share: Share


class BaselineRow(Row):
    code: Code
    sector: Ident
    pollutant: Pollutant
    emissions_t: Tonnes


class MeasureRow(Row):
    measure: Ident
    name_en: Text
    name_zh: Text
    sector: Ident
    activity_unit: Text
    activity_unit_zh: Text  # the plan's words (万吨/日, 家企业 ...)
    capex_yuan: Yuan
    capex_low: Yuan
    capex_high: Yuan
    opex_yuan_yr: SignedYuan
    opex_low: SignedYuan
    opex_high: SignedYuan
    lifetime_yr: Annotated[int, Field(ge=1, le=60)]
    programme_qty: Quantity | None = None
    coal_cut_ktce: SignedKtce = 0.0
    ramp_max: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
    plan_ref: Text


class DeadlineRow(Row):
    """A dated commitment of the plan: by ``year``, ``share`` of a measure's programme
    quantity (city-wide) or of its potential (city-wide, in every district, or in every
    district of one zone: ``scope`` a zone name) is in place. ``mapping`` grades how well
    the measure matches the clause (exact/approximate/partial)."""

    deadline: Ident
    measure: Ident
    year: Year
    basis: Literal["programme", "potential"]
    share: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
    scope: Literal["city", "district", "main_urban", "new_urban", "northeast", "southeast"]
    mapping: Literal["exact", "approximate", "partial"]
    clause_zh: Text
    gist_en: Text
    plan_ref: Text


class RemovalRow(Row):
    measure: Ident
    pollutant: Pollutant
    removal_t: SignedTonnes


class PotentialRow(Row):
    code: Code
    measure: Ident
    potential: Quantity


class NetCostRow(Row):
    """Per activity unit and year: fuel a measure saves (not already in its opex) and the
    value added a closure forgoes; used with ``economics.cost_convention: net``."""

    measure: Ident
    fuel_saving_yuan_yr: Annotated[float, Field(ge=0, le=1e13, allow_inf_nan=False)]
    lost_output_yuan_yr: Annotated[float, Field(ge=0, le=1e13, allow_inf_nan=False)]


class CostFactorRow(Row):
    """A unit's cost of one measure relative to the card's city-average cost (default 1)."""

    code: Code
    measure: Ident
    factor: Positive
    driver: Text


class GrowthRow(Row):
    series: Ident
    zone: Zone
    year: Year
    index: Index


class MacroRow(Row):
    year: Year
    gdp_index: Index


class ObservedRow(Row):
    """An official figure the model is checked against (``emisim hindcast``): a city or
    national total, or a rate, in a year, on a named statistical ``basis``."""

    indicator: Literal[
        "emissions", "emissions_cut", "coal_share", "primary_energy", "intensity_cut"
    ]
    subject: Ident  # a pollutant code in lower case, energy, co2 or coal
    scope: Literal["chongqing", "china"]
    year: Year  # the year of the figure (a cut: its last year, from the plan's base)
    value: Tonnes  # or ktce, or a share: the unit says which (checked in meaning.py)
    unit: Literal["t", "ktce", "share"]
    basis: Text  # the statistics it comes from; figures on different bases do not compare


class ProvenanceRow(Row):
    table: Ident
    column: Ident
    key: Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
    grade: Grade
    source: Text


@dataclass(frozen=True)
class ForeignKey:
    """``columns`` of this table must match ``ref_columns`` of ``ref_table``."""

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    row: type[Row]
    key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    description: str = ""
    may_be_empty: bool = False  # else a header-only file is an error
    optional: bool = False  # a missing file is an empty table

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.row.model_fields)

    @property
    def numeric_columns(self) -> tuple[str, ...]:
        """Columns holding numbers that need provenance (keys like ``year`` excluded)."""
        out = []
        for name, field in self.row.model_fields.items():
            if name in self.key or name == "year":
                continue
            types = get_args(field.annotation) or (field.annotation,)
            bases = [get_args(t)[0] if get_origin(t) is Annotated else t for t in types]
            if any(t in (int, float) for t in bases):
                out.append(name)
        return tuple(out)


def _fk(cols: str, table: str, ref: str | None = None) -> ForeignKey:
    c = tuple(cols.split(","))
    return ForeignKey(c, table, tuple(ref.split(",")) if ref else c)


#: Every table of a dataset, in load order (referenced tables first).
TABLES: tuple[TableSpec, ...] = (
    TableSpec("period", PeriodRow, ("period",), description="the plan period (one row)"),
    TableSpec("zones", ZoneRow, ("zone",), description="functional zones, base-year population"),
    TableSpec("units", UnitRow, ("code",), (_fk("zone", "zones"),), "the 39 spatial units"),
    TableSpec(
        "groups",
        GroupRow,
        ("group", "code"),
        (_fk("code", "units"),),
        "Liangjiang",
        may_be_empty=True,
    ),
    TableSpec(
        "categories",
        CategoryRow,
        ("family", "category"),
        description="plan wording",
        may_be_empty=True,
    ),
    TableSpec(
        "guidance",
        GuidanceRow,
        ("subject", "family"),
        (_fk("family,category", "categories"),),
        "each unit's category per guidance family (none: the plan gives no categories)",
        may_be_empty=True,
    ),
    TableSpec("targets", TargetRow, ("target_set", "target"), description="box-1 targets"),
    TableSpec("sectors", SectorRow, ("sector",), description="source sectors"),
    TableSpec("city_totals", CityTotalRow, ("pollutant",), description="base-year city totals"),
    TableSpec(
        "sector_shares",
        SectorShareRow,
        ("pollutant", "sector"),
        (_fk("sector", "sectors"),),
        "sector split of each city total",
    ),
    TableSpec(
        "baseline",
        BaselineRow,
        ("code", "sector", "pollutant"),
        (_fk("code", "units"), _fk("sector", "sectors")),
        "base-year emissions by unit, sector, pollutant",
    ),
    TableSpec(
        "measures",
        MeasureRow,
        ("measure",),
        (_fk("sector", "sectors"),),
        "abatement measures",
    ),
    TableSpec(
        "removals",
        RemovalRow,
        ("measure", "pollutant"),
        (_fk("measure", "measures"),),
        "removal per unit of measure (t/yr)",
    ),
    TableSpec(
        "potentials",
        PotentialRow,
        ("code", "measure"),
        (_fk("code", "units"), _fk("measure", "measures")),
        "units of each measure available in each unit",
    ),
    TableSpec(
        "deadlines",
        DeadlineRow,
        ("deadline", "measure"),
        (_fk("measure", "measures"),),
        "the plan's dated commitments, mapped to measures",
        may_be_empty=True,
    ),
    TableSpec(
        "cost_factors",
        CostFactorRow,
        ("code", "measure"),
        (_fk("code", "units"), _fk("measure", "measures")),
        "district cost factor of a measure (missing pair: 1)",
        may_be_empty=True,
        optional=True,
    ),
    TableSpec(
        "net_costs",
        NetCostRow,
        ("measure",),
        (_fk("measure", "measures"),),
        "fuel saved and output lost per unit (net-cost option)",
        may_be_empty=True,
        optional=True,
    ),
    TableSpec("growth", GrowthRow, ("series", "zone", "year"), description="BAU indices"),
    TableSpec("macro", MacroRow, ("year",), description="real GDP index"),
    TableSpec(
        "observed",
        ObservedRow,
        ("indicator", "subject", "scope", "year"),
        description="official figures for the hindcast",
        may_be_empty=True,
        optional=True,
    ),
    TableSpec("provenance", ProvenanceRow, ("table", "column", "key"), description="grades"),
)

TABLE_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}


def table_list_markdown() -> str:
    """The table list of docs/data.md, generated here so the docs cannot drift."""
    lines = ["| table | key | columns | what |", "|---|---|---|---|"]
    for t in TABLES:
        cols = ", ".join(t.columns)
        lines.append(f"| `{t.file}` | {', '.join(t.key)} | {cols} | {t.description} |")
    return "\n".join(lines)
