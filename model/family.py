r"""What a requirement family is: one class that states everything about a set of rows.

A *requirement family* is a set of model rows that states something the plan (or the
scenario) requires: a city target, a district band, an adapt-locally share, the coal cap,
a programme quantity, the budget. Each :class:`Family` says, in one place:

* its ``name`` (the Pyomo component and the row name in exported LP/MPS files, e.g.
  ``band_lower(air,500101,NOX)``), its labelled ``index`` and which rows exist (``keys``);
* the requirement's ``sense`` on *achieved* vs *required* (``>=``: a cut at least so
  large) and the model row's sense (``row_sense``: ``body <= rhs`` or ``>=``);
* ``required(p, key)`` — the plan-level number (a cut rate, a share, units, yuan) — and
  ``rhs(p, key)``, the row's right-hand side in the row's own unit (t, ktce, units, yuan)
  before the business-as-usual constant is moved across; ``d_rhs_d_tau(p, key, q)`` its
  derivative with respect to the city target :math:`\tau_q` (the plan-target MAC is
  :math:`\sum_{rows} \lambda_{row}\,\partial rhs_{row}/\partial\tau_q`);
* its price: ``price = dual * price_factor(p, key)``, positive = what one more unit of the
  requirement costs (annualised yuan per t / tce / unit with the final year's discount
  factor; objective units per yuan for the budget), in ``price_unit``;
* its elastic slack (``slack_scale``: a shortfall of 1 is the whole row's natural scale);
* its label in words (``describe(p, key, lang)``, English and Chinese, naming the district
  and pollutant); and ``with_required(p, key, value)``, the Params with one requirement
  changed (what :class:`emisim.solvers.engine.Engine` loads).

The families themselves (city target, bands, coal cap, ...) are defined in
:mod:`emisim.model.requirements`. Constraint modules take their rows, bounds and slacks
from a family; the result tables, the prices, the elastic diagnosis and the reports take
their labels and senses from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from emisim.model.params import Params
from emisim.model.vocabulary import requirement_label

Key = Any  # a row's index: a pollutant, (year, pollutant), (family, subject, pollutant) ...


@dataclass(frozen=True)
class Family:
    """One requirement family (see the module docstring)."""

    name: str
    index: tuple[str, ...]  # names of the index positions; () for a single row
    sense: str  # achieved vs required: ">=" or "<="
    row_sense: str  # the model row: body <= rhs ("<=") or body >= rhs (">=")
    unit: str  # unit of required and achieved
    per: str | None  # the price is per one of these ("t", "tce", "unit"); None: budget
    elastic: bool  # gets a slack in elastic (diagnosis) mode
    keys: Callable[[Params], list]
    required: Callable[[Params, Key], float]
    rhs: Callable[[Params, Key], float]
    slack_scale: Callable[[Params, Key], float]
    describe: Callable[[Params, Key, str], str]
    with_required: Callable[[Params, Key, float], Params]
    d_rhs_d_tau: Callable[[Params, Key, str], float] = lambda p, k, q: 0.0
    per_unit: float = 1.0  # row unit per price unit (1000: ktce rows priced per tce)
    annualised: bool = True  # price divided by Params.price_scale of the row's year
    year: Callable[[Params, Key], int] = lambda p, k: p.final_year
    #: Rows reported even where not enforced (city targets with ``targets.enforce: false``).
    audited: Callable[[Params], list] | None = None

    def label(self, lang: str = "en") -> str:
        return requirement_label(self.name, lang)

    def audit_keys(self, p: Params) -> list:
        """The rows the requirements table reports: the enforced ones, and the audited."""
        return self.audited(p) if self.audited is not None else self.keys(p)

    def topic(self, key: Key) -> str:
        """The guidance family of a band, the rule of an adapt-locally share, else ""."""
        return key[0] if self.name in ("band_lower", "band_upper", "adapt_share") else ""

    def subject(self, key: Key) -> str:
        """The district, group or measure a row is about ("city" for city-wide rows)."""
        if self.name in ("band_lower", "band_upper", "adapt_share"):
            return key[1]
        if self.name in ("programme_cap", "programme_floor"):
            return key
        if self.name == "deadline":
            return key[2]
        return "city"

    def pollutant(self, key: Key) -> str:
        if self.name == "city_target":
            return key
        if self.name in ("milestone", "band_lower", "band_upper", "adapt_share"):
            return key[-1]
        return ""

    def price_factor(self, p: Params, key: Key) -> float:
        """``price = dual * price_factor``: tightening a ``<=`` row lowers its rhs, so its
        dual enters negated; a maximising objective counts a cost as lost objective."""
        sign = -1.0 if self.row_sense == "<=" else 1.0
        if p.objective == "max_reduction":
            sign = -sign
        scale = p.price_scale(self.year(p, key)) if self.annualised else 1.0
        return sign / scale / self.per_unit

    def price_unit(self, p: Params) -> str:
        return price_unit(p, self.per) if self.per else "objective per yuan"


def price_unit(p: Params, per: str = "t") -> str:
    """The unit of a price under the scenario's cost accounting (docs/model.md, Prices)."""
    flow = per in ("t", "tce")  # a requirement in t/yr or tce/yr; units are a stock
    if p.accounting == "lifetime":
        return f"PV yuan per {per}/yr" if flow else f"PV yuan per {per}"
    if p.accounting == "target_year" and not flow:
        return f"yuan/yr per {per}"
    return f"yuan/{per}"
