"""The workbook sheets of the plan's prices and dated commitments: each city-wide
target's prices and why it does not bind, and each deadline with its clause, district and
activity unit — in the workbook's language, the Chinese sheets in the plan's own words
(deadlines.csv ``clause_zh``, measures.csv ``name_zh`` and ``activity_unit_zh``)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from emisim.comparison import Comparison
from emisim.reports.i18n import N_, Translator
from emisim.reports.lang import unit_names
from emisim.reports.workbook_sheets import (
    TONNE,
    TONNES,
    Column,
    _common,
    _h,
    _num,
    _pollutant,
    _text,
    subject,
)
from emisim.results.prices import BANDS_HELD, PLAN_TARGET

PRICE = N_("see price unit")
ANNUAL_UNIT = N_("yuan/t")
#: Price units of the deadline rows (``requirements.price_unit(p, "unit")``), for the
#: catalogue; those per tonne are in :data:`emisim.reports.charts.PRICE_UNITS`.
UNIT_PRICES = (N_("PV yuan per unit"), N_("yuan/yr per unit"), N_("yuan/unit"))
NOT_ENFORCED = "not enforced"  # how emisim.results.prices starts the note of such a target


#: Why a deadline was not applied (``emisim.model.commitments.resolve_deadlines``), by
#: the reason's first words.
SKIPPED = {
    "excepted": N_("not applied: the scenario excepts it"),
    "measure disabled": N_("not applied: its measure is disabled or has no potential"),
    "year outside": N_("not applied: its year is outside the horizon {years}"),
}


def _note(note: str, _: Translator) -> str:
    """A deadline row's note in the workbook's language (English kept where unknown)."""
    reason = note.removeprefix("not applied: ")
    for start, words in SKIPPED.items():
        if _.zh and reason.startswith(start):
            return _(words).format(years=reason.rsplit(" ", 1)[-1].replace("..", "–"))
    return note


def _yes_no(_: Translator) -> Callable[[str], str]:
    words = {"True": _("yes"), "False": _("no")}
    return lambda v: words.get(v, v)


def _why_not_binding(frame: pd.DataFrame, _: Translator) -> Column | None:
    """The results' note in English; in Chinese its gist, with the surplus (the measures
    over-delivering are named in the English CSV)."""
    if "why_not_binding" not in frame or not _.zh:
        return _text(frame, "why_not_binding", _("Why the target does not bind"))
    gist = _("{surplus} t more than the target requires: the cut comes with other requirements")
    values = [
        None
        if not isinstance(why, str) or not why
        else _("the scenario does not enforce this target")
        if why.startswith(NOT_ENFORCED)
        else gist.format(surplus=f"{surplus:,.0f}")
        for why, surplus in zip(frame["why_not_binding"], frame["surplus_t"], strict=True)
    ]
    return Column(_("Why the target does not bind"), pd.Series(values, dtype="object"))


def _target_prices(frame: pd.DataFrame, comp: Comparison, _: Translator) -> list[Column | None]:
    return [
        *_common(frame, _),
        _pollutant(frame, _),
        _num(frame, "required_cut", _h(_, N_("Required cut"), N_("fraction of {base}")), "0.0000"),
        _num(frame, "achieved_cut", _h(_, N_("Achieved cut"), N_("fraction of {base}")), "0.0000"),
        _num(frame, "surplus_t", _h(_, N_("Surplus over the target"), TONNE), TONNES),
        _text(frame, "binding", _("Binding"), _yes_no(_)),
        _num(frame, PLAN_TARGET, _h(_, N_("Cost of the plan's target"), PRICE), "#,##0"),
        _num(frame, BANDS_HELD, _h(_, N_("Cost of one more tonne, bands held"), PRICE), "#,##0"),
        _text(frame, "unit", _("Price unit"), _),
        _num(
            frame,
            f"{PLAN_TARGET}_annual",
            _h(_, N_("Cost of the plan's target, equivalent annual cost"), ANNUAL_UNIT),
            "#,##0",
        ),
        _num(
            frame,
            f"{BANDS_HELD}_annual",
            _h(_, N_("Cost of one more tonne, bands held, equivalent annual cost"), ANNUAL_UNIT),
            "#,##0",
        ),
        _why_not_binding(frame, _),
    ]


def _deadlines(frame: pd.DataFrame, comp: Comparison, _: Translator) -> list[Column | None]:
    """A Chinese sheet names the commitment by the plan's clause, the district by its
    Chinese name and counts in the measure's activity unit in the plan's words."""
    ds = comp.results[0].dataset
    m = ds.measures.set_index("measure")
    names = m["name_zh" if _.zh else "name_en"].to_dict()
    units = m["activity_unit_zh" if _.zh else "activity_unit"].to_dict()
    clauses = dict(zip(ds.deadlines["deadline"], ds.deadlines["clause_zh"], strict=True))
    places = unit_names(ds.units, _.lang)
    return [
        *_common(frame, _),
        _text(frame, "deadline", _("Commitment"), lambda d: clauses.get(d, d) if _.zh else d),
        _text(frame, "measure", _("Measure"), lambda k: names.get(k, k)),
        _num(frame, "year", _h(_, N_("Due by"), N_("year")), "0"),
        _text(frame, "subject", _("District or city"), lambda c: subject(c, places, _)),
        _num(frame, "required", _h(_, N_("Required"), N_("activity units")), TONNES),
        _num(frame, "achieved", _h(_, N_("Achieved"), N_("activity units")), TONNES),
        _text(frame, "measure", _("Activity unit"), lambda k: units.get(k, "")),
        _text(frame, "met", _("Met"), _yes_no(_)),
        _text(frame, "binding", _("Binding"), _yes_no(_)),
        _num(
            frame,
            "price",
            _h(_, N_("Shadow price: the saving if one unit could come after the deadline"), PRICE),
            "#,##0",
        ),
        _text(frame, "unit", _("Price unit"), _),
        _text(frame, "note", _("Note"), lambda n: _note(n, _)),
    ]


#: Presenters of the plan's price and commitment tables.
PLAN_PRESENTERS: dict[str, Callable[..., list[Column | None]]] = {
    "target_prices": _target_prices,
    "deadlines": _deadlines,
}


def plan_columns(key: str, frame: pd.DataFrame, comp: Comparison, _: Translator) -> list[Column]:
    """The displayed columns of a plan table (``key`` in :data:`PLAN_PRESENTERS`)."""
    cols = PLAN_PRESENTERS[key](frame.reset_index(drop=True), comp, _)
    return [c for c in cols if c is not None]
