r"""What a requirement family is: one record that states everything about a set of rows.

A *requirement family* is a set of model rows that states something the plan (or the
scenario) requires: a city target, a district band, an adapt-locally share, the coal cap,
a programme quantity, the budget. Each :class:`Family` says, in one place:

* its ``name`` (the Pyomo component and the row name in exported LP/MPS files, e.g.
  ``band_lower(air,500101,NOX)``), its labelled ``index`` and which rows exist (``keys``);
  which index positions name the row's subject, pollutant and topic (``subject_at``,
  ``pollutant_at``, ``topic_at``);
* the requirement's ``sense`` on *achieved* vs *required* (``>=``: a cut at least so
  large) and the model row's sense (``row_sense``: ``body <= rhs`` or ``>=``);
* ``required(p, key)`` — the plan-level number (a cut rate, a share, units, yuan) — and
  ``rhs(p, key)``, the row's right-hand side in the row's own unit (t, ktce, units, yuan)
  before the business-as-usual constant of its body (``constant(p, key)``) is moved
  across; ``d_rhs_d_tau(p, key, q)`` its derivative with respect to the city target
  :math:`\tau_q` (the plan-target MAC is
  :math:`\sum_{rows} \lambda_{row}\,\partial rhs_{row}/\partial\tau_q`);
* ``achieved(p, outcome, key)`` — what the solve achieved, read from the
  :class:`~emisim.model.outcome.Outcome` the result tables give (never from the solver's
  rows), in the unit of ``required``;
* its price: ``price = dual * price_factor(p, key)``, positive = what one more unit of the
  requirement costs (annualised yuan per t / tce / unit with the final year's discount
  factor; objective units per yuan for the budget), in ``price_unit``; and its equivalent
  annual cost (``annual_price_factor``, ``annual_price_unit``: yuan per t or tce, from the
  annual duals of :mod:`emisim.solvers.annual`);
* its elastic slack (``slack_scale``: a shortfall of 1 is the whole row's natural scale)
  and what that scale is in words (``share_of``);
* its words, through the one message catalogue (:mod:`emisim.model.i18n`): the family's
  ``title``, each row's label (``describe(p, key, lang)``, naming the district and
  pollutant), its phrase in a conflict (``conflict``; rows of one ``conflict_group`` are
  named together by ``conflict_many``) and its report group (``group`` and ``groups``:
  the ``compliance`` family and its heading);
* how a change reaches the solver (``push``: ``"bound"`` moves row bounds, ``"rebuild"``
  rebuilds the model — a required value that is a row coefficient), the Params field its
  required values live in (``params_field``), which families' rows
  a change of its required value moves (``moves_with``), whether its rows move with a city
  target (``follows_target``), and ``with_required(p, key, value)``, the Params with one
  requirement changed (what :class:`emisim.solvers.engine.Engine` loads).

The families themselves (city target, bands, coal cap, ...) are defined in
:mod:`emisim.model.requirements`. Constraint modules take their rows, bounds and slacks
from a family; the result tables, the prices, the elastic diagnosis, the IIS, the engine
and the reports read everything else from it (docs/model.md, "Adding a family").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from emisim.model.i18n import gettext
from emisim.model.outcome import Outcome
from emisim.model.params import Params

Key = Any  # a row's index: a pollutant, (year, pollutant), (family, subject, pollutant) ...

#: How a change of a family's required value reaches a loaded HiGHS model.
PUSHES = ("bound", "coefficient", "rebuild")


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
    achieved: Callable[[Params, Outcome, Key], float]
    title: str  # the family's name in words (English, marked for the catalogue)
    share_of: str  # what a shortfall is a share of (its slack_scale), in words
    d_rhs_d_tau: Callable[[Params, Key, str], float] = lambda p, k, q: 0.0
    #: The constant of the row's body (business-as-usual emissions or coal, in the row's
    #: unit), which the compiled row carries on its right-hand side: bound = rhs - constant.
    constant: Callable[[Params, Key], float] = lambda p, k: 0.0
    #: Where a required value's type is stated: a scenario key (dotted) or a data column
    #: (``data:table.column``); ``Engine.set_rhs`` checks a value with that type.
    schema_at: str = ""
    per_unit: float = 1.0  # row unit per price unit (1000: ktce rows priced per tce)
    annualised: bool = True  # price divided by Params.price_scale of the row's year
    year: Callable[[Params, Key], int] = lambda p, k: p.target_year
    #: Rows reported even where not enforced (city targets with ``targets.enforce: false``).
    audited: Callable[[Params], list] | None = None
    subject_at: str | None = None  # index position of the subject (else "city")
    pollutant_at: str | None = None  # index position of the pollutant (else "")
    topic_at: str | None = None  # index position of the topic: guidance family, rule
    city_wide: bool = False  # one row for the whole city: price always shown, headline
    #: the ``compliance`` family of a row ("{topic}" is filled in), and each group's
    #: heading in the reports (English, marked for the catalogue)
    group: str = ""
    groups: Mapping[str, str] = field(default_factory=dict)
    #: a row's phrase in a conflict (IIS); default: its label
    conflict: Callable[[Params, Key, str], str] | None = None
    #: rows named together in a conflict: (group, member) of a row, and the phrase of a
    #: group's members
    conflict_group: Callable[[Params, Key], tuple[Any, str]] | None = None
    conflict_many: Callable[[Params, Any, list[str], str], str] | None = None
    push: str = "bound"
    #: the Params field its required values live in (a change of it moves this family's
    #: rows: the engine pushes bounds for the fields of ``push == "bound"`` families)
    params_field: str = ""
    moves_with: tuple[str, ...] = ()  # families a change of required moves (default self)
    follows_target: bool = False  # rows set_target moves (city target, relative bands)

    def __post_init__(self) -> None:
        if self.push not in PUSHES:
            raise ValueError(f"family {self.name}: push must be one of {PUSHES}")
        for at in (self.subject_at, self.pollutant_at, self.topic_at):
            if at is not None and at not in self.index:
                raise ValueError(f"family {self.name}: {at!r} is not in its index {self.index}")

    def check(self, value: Any) -> Any:
        """``value`` if the schema allows it as a required value of this family (the type
        at ``schema_at``), else :class:`~emisim.model.errors.ArgumentError` with the
        schema's message."""
        from emisim.model.errors import ArgumentError
        from emisim.model.scenario.values import checked, checked_column

        what = f"{self.name} required value"
        if self.schema_at.startswith("data:"):
            table, _, column = self.schema_at[5:].partition(".")
            return checked_column(table, column, value, what)
        try:
            return checked(self.schema_at, value)
        except ArgumentError as exc:
            raise ArgumentError(f"{what}{str(exc).split(self.schema_at, 1)[1]}") from None

    def label(self, lang: str = "en") -> str:
        return gettext(self.title, lang)

    def audit_keys(self, p: Params) -> list:
        """The rows the requirements table reports: the enforced ones, and the audited."""
        return self.audited(p) if self.audited is not None else self.keys(p)

    def _at(self, key: Key, position: str | None, default: str) -> str:
        if position is None:
            return default
        return key if len(self.index) == 1 else key[self.index.index(position)]

    def topic(self, key: Key) -> str:
        """The guidance family of a band, the rule of an adapt-locally share, else ""."""
        return self._at(key, self.topic_at, "")

    def subject(self, key: Key) -> str:
        """The district, group or measure a row is about ("city" for city-wide rows)."""
        return self._at(key, self.subject_at, "city")

    def pollutant(self, key: Key) -> str:
        return self._at(key, self.pollutant_at, "")

    def group_of(self, topic: str = "") -> str:
        """A row's family in the ``compliance`` table and the reports' headings, from its
        topic (``band_air`` for an air band)."""
        return self.group.format(topic=topic) if self.group else self.name

    def moved(self) -> tuple[str, ...]:
        """The families whose rows a change of this family's required value moves."""
        return self.moves_with or (self.name,)

    def conflict_phrase(self, p: Params, key: Key, lang: str = "en") -> str:
        return (self.conflict or self.describe)(p, key, lang)

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

    def annual_price_factor(self, p: Params, key: Key) -> float:
        """``annual price = annual dual * annual_price_factor``: the equivalent annual cost
        of one more unit of the requirement (:mod:`emisim.solvers.annual`); NaN for the
        budget, whose requirement is itself money."""
        if self.per is None:
            return float("nan")
        return (-1.0 if self.row_sense == "<=" else 1.0) / self.per_unit

    @property
    def annual_price_unit(self) -> str:
        """yuan per t (or tce) for a flow, yuan/yr per unit of a measure; "" for money."""
        if self.per is None:
            return ""
        return f"yuan/{self.per}" if self.per in ("t", "tce") else f"yuan/yr per {self.per}"


def price_unit(p: Params, per: str = "t") -> str:
    """The unit of a price under the scenario's cost accounting (docs/model.md, Prices)."""
    flow = per in ("t", "tce")  # a requirement in t/yr or tce/yr; units are a stock
    if p.accounting in ("lifetime", "common_horizon"):
        return f"PV yuan per {per}/yr" if flow else f"PV yuan per {per}"
    if p.accounting == "target_year" and not flow:
        return f"yuan/yr per {per}"
    return f"yuan/{per}"
