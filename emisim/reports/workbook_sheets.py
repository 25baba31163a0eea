"""What each workbook sheet shows: its title, what it holds (the contents sheet), and its
columns with human headers, units, names in place of ids and number formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from emisim.comparison import Comparison
from emisim.reports.html_tables import CELLS, SENSE, family_label
from emisim.reports.i18n import N_, Translator
from emisim.reports.lang import group_names, unit_names
from emisim.reports.lang import sector_names as sectors_in

MYUAN = ("#,##0.00", 1e-6)
TONNES = "#,##0.0"
PCT = "0.00"
TONNE = N_("t")

#: Sheet key -> (title, what it holds), in the workbook's order.
SHEETS = {
    "scenarios": (
        N_("Scenarios"),
        N_(
            "Each scenario's question, solver status and, if it has "
            "no solution, the diagnosis of which requirements conflict."
        ),
    ),
    "indicators": (
        N_("Key indicators"),
        N_(
            "One row per scenario: costs, the two prices of each city-wide target (cost of "
            "the plan's target; cost of one more tonne, bands held) and their equivalent "
            "annual costs, city-wide cuts, coal share, requirements met and equity."
        ),
    ),
    "differences": (
        N_("Differences"),
        N_("Each scenario's indicators minus the reference scenario's, absolute and relative."),
    ),
    "cuts_by_zone": (
        N_("Cuts by zone"),
        N_("{base} emissions, {final} emissions and the cut per functional zone and pollutant."),
    ),
    "cuts_by_category": (
        N_("Cuts by category"),
        N_(
            "The same, summed over the districts of "
            "each plan category (air categories for air pollutants, water for "
            "water pollutants)."
        ),
    ),
    "compliance": (
        N_("Plan compliance"),
        N_(
            "Every requirement of the plan and whether each "
            "scenario meets it (n.a.: not imposed by that scenario)."
        ),
    ),
    "costs_by_measure": (
        N_("Costs by measure"),
        N_(
            "Cost (scenario accounting) of each "
            "abatement measure, its units in place and annual cost in {final}."
        ),
    ),
    "costs_by_unit": (
        N_("Costs by district"),
        N_(
            "Cost (scenario accounting) and {final} annual "
            "cost of the measures placed in each district."
        ),
    ),
    "unit_rates": (
        N_("Cut rates and bands"),
        N_(
            "Each district's cut rate per guidance family "
            "and pollutant, with the band its plan category allows."
        ),
    ),
    "investment": (
        N_("Investment"),
        N_(
            "Per scenario, zone and measure: capital outlay (undiscounted), {final} annual cost, "
            "lifetime present value and the cost under the scenario's accounting."
        ),
    ),
    "target_prices": (
        N_("Target prices"),
        N_(
            "Each city-wide target: required and achieved cut, surplus, both prices and, where "
            "it does not bind, why."
        ),
    ),
    "deadlines": (
        N_("Plan deadlines"),
        N_(
            "The plan's dated commitments: what each requires by its year, what the scenario "
            "achieves, and its price where it binds."
        ),
    ),
}
BINDING = {"lower": N_("at its floor"), "upper": N_("at its ceiling")}
BASIS = {"bands": N_("category bands"), "emissions (guidance off)": N_("emissions (guidance off)")}


@dataclass(frozen=True)
class Column:
    """One displayed column: header (with unit), values, Excel number format ("" = text)."""

    header: str
    values: pd.Series
    number_format: str = ""


def _h(_: Translator, label: str, unit: str | None = None) -> str:
    return _(label) + (f" ({_(unit)})" if unit else "")


def _num(frame: pd.DataFrame, col: str, header: str, number_format: str, scale: float = 1.0):
    values = pd.to_numeric(frame[col], errors="coerce") * scale if col in frame else None
    return None if values is None else Column(header, values, number_format)


def _text(frame: pd.DataFrame, col: str, header: str, mapping: Callable[[str], str] | None = None):
    if col not in frame:
        return None
    values = frame[col].astype("object").where(frame[col].notna(), None)
    if mapping is not None:
        values = values.map(lambda v: None if v is None else mapping(str(v)))
    return Column(header, values)


def subject(code: str, names: dict[str, str], _: Translator) -> str:
    """A requirement's subject by name: a district, a measure, or the city (a milestone's
    subject also names its year, e.g. "city 2018")."""
    if code in names:
        return names[code]
    if code.startswith("city"):
        return (_("city-wide") + code.removeprefix("city")).strip()
    return code


def _question(frame: pd.DataFrame, _: Translator) -> Column | None:
    """The scenario's question: in Chinese where the scenario file gives one."""
    if _.zh and "description_zh" in frame:
        own = frame["description_zh"].where(frame["description_zh"].astype(bool))
        frame = frame.assign(description=own.fillna(frame["description"]))
    return _text(frame, "description", _("Question it asks"))


def _common(frame: pd.DataFrame, _: Translator) -> list[Column | None]:
    return [
        _text(frame, "scenario", _("Scenario")),
        _text(frame, "status", _("Solver status"), _),
    ]


def _places(frame: pd.DataFrame, comp: Comparison, _: Translator) -> list[Column | None]:
    ds = comp.results[0].dataset
    names = unit_names(ds.units, _.lang)
    return [
        _text(frame, "code", _("District"), lambda c: names.get(c, c)),
        _text(frame, "zone", _("Zone"), _.zone),
    ]


def _pollutant(frame: pd.DataFrame, _: Translator) -> Column | None:
    return _text(frame, "pollutant", _("Pollutant"), _.pollutant)


def _family_category(frame: pd.DataFrame, _: Translator) -> list[Column | None]:
    if "family" not in frame or "category" not in frame:
        return []
    cats = [
        _.category(str(f), str(c)) if isinstance(c, str) else None
        for f, c in zip(frame["family"], frame["category"], strict=True)
    ]
    return [
        _text(frame, "family", _("Guidance family"), _.family),
        Column(_("Plan category"), pd.Series(cats, index=frame.index, dtype="object")),
    ]


def _tonnes(frame: pd.DataFrame, _: Translator) -> list[Column | None]:
    return [
        _num(frame, "base_t", _h(_, N_("Emissions {base}"), TONNE), TONNES),
        _num(frame, "final_t", _h(_, N_("Emissions {final}"), TONNE), TONNES),
        _num(frame, "cut_t", _h(_, N_("Cut {final} vs {base}"), TONNE), TONNES),
        _num(frame, "cut_pct", _h(_, N_("Cut {final} vs {base}"), "%"), PCT),
    ]


def _costs(frame: pd.DataFrame, _: Translator) -> list[Column | None]:
    million = N_("million yuan")
    return [
        _num(frame, "cost_yuan", _h(_, N_("Cost, scenario accounting"), million), *MYUAN),
        _num(
            frame, "final_year_annual_cost_yuan", _h(_, N_("Annual cost {final}"), million), *MYUAN
        ),
    ]


def present(
    key: str,
    frame: pd.DataFrame,
    comp: Comparison,
    _: Translator,
    indicators: dict[str, tuple[str, float, str]],
) -> list[Column] | None:
    """The displayed columns of table ``key`` (None: a table this workbook does not know)."""
    frame = frame.reset_index(drop=True)
    measures = comp.results[0].dataset.measures
    measure_names = dict(
        zip(measures["measure"], measures["name_zh" if _.zh else "name_en"], strict=True)
    )
    sector_names = sectors_in(comp.results[0].dataset.sectors, _.lang)
    yes_no = {"True": _("yes"), "False": _("no")}
    if key == "scenarios":
        cols = [
            _text(frame, "scenario", _("Scenario")),
            _text(frame, "reference", _("Reference"), lambda v: yes_no.get(v, v)),
            _text(frame, "status", _("Solver status"), _),
            _question(frame, _),
            _text(frame, "scenario_file", _("Scenario file"), lambda p: Path(p).name),
            _text(frame, "conflict_zh" if _.zh else "conflict", _("Why it has no solution")),
            _text(
                frame,
                "diagnosis_zh" if _.zh else "diagnosis",
                _("Elastic diagnosis (one least relaxation)"),
            ),
        ]
    elif key == "indicators":
        cols = [
            *_common(frame, _),
            _text(frame, "objective_kind", _("Objective"), _),
            _text(frame, "accounting", _("Cost accounting"), _),
            _text(frame, "cost_convention", _("Cost convention"), _),
        ]
        for col, (header, scale, number_format) in indicators.items():
            cols.append(_num(frame, col, header, number_format, scale))
        cols.append(
            _text(frame, "targets_met", _("All city-wide targets met"), lambda v: yes_no.get(v, v))
        )
    elif key == "differences" and not len(frame):  # no two feasible scenarios to compare
        cols = []
    elif key == "differences":
        scale = frame["indicator"].map(lambda c: indicators.get(c, ("", 1.0, ""))[1])
        label = frame["indicator"].map(lambda c: indicators.get(c, (c, 1.0, ""))[0])
        same = _("in the indicator's unit")
        cols = [
            *_common(frame, _),
            _text(frame, "reference", _("Reference")),
            Column(_("Indicator"), label.astype("object")),
            Column(_h(_, N_("Value"), same), frame["value"] * scale, "#,##0.00"),
            Column(
                _h(_, N_("Reference value"), same), frame["reference_value"] * scale, "#,##0.00"
            ),
            Column(_h(_, N_("Difference"), same), frame["difference"] * scale, "#,##0.00"),
            _num(frame, "difference_pct", _h(_, N_("Difference"), "%"), PCT),
        ]
    elif key == "cuts_by_zone":
        cols = [
            *_common(frame, _),
            _text(frame, "zone", _("Zone"), _.zone),
            _pollutant(frame, _),
            *_tonnes(frame, _),
        ]
    elif key == "cuts_by_category":
        cols = [
            *_common(frame, _),
            *_family_category(frame, _),
            _pollutant(frame, _),
            _num(frame, "units", _h(_, N_("Districts"), N_("count")), "#,##0"),
            *_tonnes(frame, _),
        ]
    elif key == "compliance":
        ds = comp.results[0].dataset
        names = unit_names(ds.units, _.lang) | group_names(ds.groups, _.lang) | measure_names
        cols = [
            _text(frame, "family", _("Requirement family"), lambda f: family_label(f, _)),
            _text(frame, "subject", _("District or measure"), lambda s: subject(s, names, _)),
            _pollutant(frame, _),
            _text(frame, "sense", _("Sense"), lambda s: _(SENSE.get(s, s))),
            *(_text(frame, n, n, lambda v: _(CELLS.get(v, v))) for n in comp.scenarios),
        ]
    elif key == "costs_by_measure":
        cols = [
            *_common(frame, _),
            _text(frame, "measure", _("Measure"), lambda m: measure_names.get(m, m)),
            _text(frame, "sector", _("Sector"), lambda s: sector_names.get(s, s)),
            _num(
                frame,
                "final_year_units",
                _h(_, N_("In place in {final}"), N_("activity units")),
                TONNES,
            ),
            *_costs(frame, _),
        ]
    elif key == "costs_by_unit":
        cols = [*_common(frame, _), *_places(frame, comp, _), *_costs(frame, _)]
    elif key == "unit_rates":
        cols = [
            *_common(frame, _),
            *_places(frame, comp, _),
            *_family_category(frame, _),
            _pollutant(frame, _),
            *_tonnes(frame, _),
            _num(frame, "lower_pct", _h(_, N_("Band floor"), "%"), PCT),
            _num(frame, "upper_pct", _h(_, N_("Band ceiling"), "%"), PCT),
            _num(frame, "upper_effective_pct", _h(_, N_("Effective ceiling"), "%"), PCT),
            _text(frame, "binding", _("Binding"), lambda b: _(BINDING[b]) if b in BINDING else ""),
            _text(frame, "basis", _("Rate computed from"), lambda b: _(BASIS.get(b, b))),
        ]
    elif key in MORE:
        cols = MORE[key](frame, comp, _, measure_names, sector_names, yes_no)
    else:
        return None
    return [c for c in cols if c is not None]


def _investment(frame, comp, _, measures, sectors, yes_no) -> list[Column | None]:
    million = N_("million yuan")
    return [
        *_common(frame, _),
        _text(frame, "zone", _("Zone"), _.zone),
        _text(frame, "measure", _("Measure"), lambda m: measures.get(m, m)),
        _text(frame, "sector", _("Sector"), lambda s: sectors.get(s, s)),
        _num(
            frame,
            "units_final_year",
            _h(_, N_("In place in {final}"), N_("activity units")),
            TONNES,
        ),
        _num(frame, "capital_outlay_yuan", _h(_, N_("Investment, all years"), million), *MYUAN),
        _num(
            frame, "annual_cost_final_year_yuan", _h(_, N_("Annual cost {final}"), million), *MYUAN
        ),
        _num(
            frame,
            "lifetime_pv_yuan",
            _h(_, N_("Lifetime present value of the measures"), million),
            *MYUAN,
        ),
        _num(frame, "cost_yuan", _h(_, N_("Cost, scenario accounting"), million), *MYUAN),
    ]


#: Presenters of the tables other issues added to the comparison.
MORE = {
    "investment": _investment,
}
