"""The workbook sheets of the reference scenario's analyses (``emisim compare --ranges
--curves --frontier``): near-optimal ranges, least-cost curves and the cost-equity
frontier, with human headers and units, names in place of codes and number formats, like
every other sheet (:mod:`emisim.reports.workbook_sheets`)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from emisim.comparison import Comparison
from emisim.reports.html_analysis import BOUND_COST, EQUITY_BOUND, EXTRA_COST
from emisim.reports.i18n import N_, Translator
from emisim.reports.workbook_sheets import PCT, TONNE, TONNES, Column, _h, _num, _places, _text

BN = ("#,##0.000", 1e-9)
#: Sheet key -> (title, what it holds), in the workbook's order after the other sheets.
ANALYSIS_SHEETS = {
    "ranges": (
        N_("Near-optimal ranges"),
        N_("The range each district's cut may take at a cost near the least cost."),
    ),
    "cost_curves": (
        N_("Least-cost curves"),
        N_(
            "The reference scenario's least cost as a city-wide target (or all targets "
            "together) moves from no cut to its limit: every grid point and breakpoint, the "
            "targets there, and the marginal cost (the curve's slope) in the unit shown."
        ),
    ),
    "frontier": (
        N_("Cost-equity frontier"),
        N_(
            "The reference scenario's least cost when no district's cut rate may deviate from "
            "its plan category's nominal rate by more than the bound: the price of equity."
        ),
    ),
}
POINTS = {
    "grid": N_("grid point"),
    "breakpoint": N_("breakpoint"),
    "limit": N_("feasibility limit"),
    "search": N_("search for the feasibility limit"),
}


def _status(frame: pd.DataFrame, _: Translator) -> Column | None:
    return _text(frame, "status", _("Solver status"), lambda s: _(s.lower()))


def _ranges(frame: pd.DataFrame, comp: Comparison, _: Translator) -> list[Column | None]:
    return [
        *_places(frame, comp, _),
        _text(frame, "pollutant", _("Pollutant"), _.pollutant),
        _num(
            frame, "epsilon", _h(_, N_("Cost tolerance"), N_("fraction of the least cost")), "0.00"
        ),
        _num(frame, "presented_pct", _h(_, N_("Presented cut"), "%"), PCT),
        _num(frame, "min_pct", _h(_, N_("Lowest cut"), "%"), PCT),
        _num(frame, "max_pct", _h(_, N_("Highest cut"), "%"), PCT),
    ]


def _cost_curves(frame: pd.DataFrame, comp: Comparison, _: Translator) -> list[Column | None]:
    taus = [c for c in frame.columns if c.startswith("tau_")]
    target = _("City-wide {pollutant} target")
    return [
        _text(
            frame,
            "curve",
            _("Curve"),
            lambda k: _("all targets together") if k == "all" else _.pollutant(k),
        ),
        _text(frame, "kind", _("Point"), lambda k: _(POINTS[k]) if k in POINTS else k),
        _num(
            frame,
            "lambda",
            _h(_, N_("Position λ"), N_("all targets: factor on the scenario's; else the target")),
            "0.0000",
        ),
        *(
            _num(frame, c, target.format(pollutant=_.pollutant(c[4:])) + " (%)", PCT, 100.0)
            for c in taus
        ),
        _num(frame, "required_cut_t", _h(_, N_("Required city-wide cut"), TONNE), TONNES),
        _status(frame, _),
        _num(frame, "cost", _h(_, N_("Least cost"), N_("bn yuan")), *BN),
        _num(frame, "marginal_price", _h(_, N_("Marginal cost"), N_("see unit")), "#,##0"),
        _num(
            frame,
            "segment_price",
            _h(_, N_("Marginal cost to the next point"), N_("see unit")),
            "#,##0",
        ),
        _text(frame, "marginal_unit", _("Unit of the marginal cost"), lambda u: _(u)),
    ]


def _frontier(frame: pd.DataFrame, comp: Comparison, _: Translator) -> list[Column | None]:
    return [
        _num(frame, "epsilon_pct", _h(_, EQUITY_BOUND, N_("pp")), "0.00"),
        _status(frame, _),
        _num(frame, "cost", _h(_, BOUND_COST, N_("bn yuan")), *BN),
        _num(frame, "extra_cost_pct", _h(_, EXTRA_COST, "%"), "0.000"),
    ]


PRESENTERS: dict[str, Callable[[pd.DataFrame, Comparison, Translator], list[Column | None]]] = {
    "ranges": _ranges,
    "cost_curves": _cost_curves,
    "frontier": _frontier,
}


def analysis_columns(
    key: str, frame: pd.DataFrame, comp: Comparison, _: Translator
) -> list[Column]:
    """The displayed columns of an analysis table (``key`` in :data:`ANALYSIS_SHEETS`)."""
    cols = PRESENTERS[key](frame.reset_index(drop=True), comp, _)
    return [c for c in cols if c is not None]
