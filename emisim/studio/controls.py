"""What the studio lets a modeller change: the sweep paths of the scenario, each with its
allowed range read from the scenario schema itself (so the page shows the schema's limits
and the schema refuses what is outside them, with its own message).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args, get_origin

import annotated_types
from pydantic import BaseModel

from emisim.model.errors import ScenarioError
from emisim.model.scenario import Scenario, scenario_to_dict
from emisim.reports.i18n import N_

#: Paths a control may set: dotted keys of the merged scenario (the sweep paths).
PREFIXES = (
    "targets.overrides.",
    "guidance.bands.",
    "coal.share_max",
    "growth.multiplier",
    "economics.discount_rate",
    "deadlines",
    "measures.cost_scale.",
    "measures.potential_scale.",
)


@dataclass(frozen=True)
class Control:
    """One input: its dotted scenario path, group, label parts, value and allowed range."""

    path: str
    group: str  # targets | bands | energy | economics | measures
    value: Any
    low: float | None = None
    high: float | None = None
    low_open: bool = False  # the bound itself is refused (gt / lt)
    high_open: bool = False
    choices: tuple[str, ...] = ()
    percent: bool = False  # shown as % (rates), stored as a fraction

    @property
    def step(self) -> str:
        return "0.1" if self.percent else "0.01"


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """(type, metadata) of an ``Annotated[...] | None`` annotation."""
    meta: list[Any] = []
    args = get_args(annotation)
    if get_origin(annotation) is not None and type(None) in args:  # X | None
        annotation = next(a for a in args if a is not type(None))
    if hasattr(annotation, "__metadata__"):
        meta = list(annotation.__metadata__)
        annotation = get_args(annotation)[0]
    return annotation, meta


def schema_bounds(path: str) -> tuple[float | None, float | None, bool, bool]:
    """(low, high, low_open, high_open) of a numeric scenario key, from the schema's
    field constraints (``ge``/``gt``/``le``/``lt``)."""
    model: Any = Scenario
    meta: list[Any] = []
    for key in path.split("."):
        if isinstance(model, type) and issubclass(model, BaseModel):
            field = model.model_fields[key]
            model, meta = _unwrap(field.annotation)
            meta += list(field.metadata)
        elif get_origin(model) is dict:
            model, meta = _unwrap(get_args(model)[1])
        else:
            break
    low = high = None
    low_open = high_open = False
    for m in meta:
        for c in getattr(m, "metadata", [m]):
            if isinstance(c, annotated_types.Ge):
                low = float(c.ge)
            elif isinstance(c, annotated_types.Gt):
                low, low_open = float(c.gt), True
            elif isinstance(c, annotated_types.Le):
                high = float(c.le)
            elif isinstance(c, annotated_types.Lt):
                high, high_open = float(c.lt), True
    return low, high, low_open, high_open


def controls(sc: Scenario, targets: dict[str, float], measures: list[str]) -> list[Control]:
    """Every control of scenario ``sc``; ``targets``: the city target rates in force;
    ``measures``: the measures of its dataset (a factor on each one's cost and potential)."""
    tree = scenario_to_dict(sc)
    out = []

    def num(path: str, group: str, value: Any, percent: bool = False) -> None:
        out.append(Control(path, group, value, *schema_bounds(path), percent=percent))

    for q, tau in targets.items():
        num(f"targets.overrides.{q}", "targets", tau, percent=True)
    if sc.guidance.enabled:
        for family, cats in tree["guidance"]["bands"].items():
            for cat, band in cats.items():
                for side in ("lower", "upper"):
                    if band[side] is not None:
                        num(f"guidance.bands.{family}.{cat}.{side}", "bands", band[side])
    if sc.coal.share_max is not None:
        num("coal.share_max", "energy", sc.coal.share_max, percent=True)
    num("growth.multiplier", "energy", sc.growth.multiplier)
    num("economics.discount_rate", "economics", sc.economics.discount_rate, percent=True)
    out.append(Control("deadlines", "economics", sc.deadlines, choices=("enforce", "ignore")))
    for m in measures:
        num(f"measures.cost_scale.{m}", "measures", sc.measures.cost_scale.get(m, 1.0))
        num(f"measures.potential_scale.{m}", "measures", sc.measures.potential_scale.get(m, 1.0))
    return out


def parse(path: str, raw: str, percent: bool) -> Any:
    """The value a form field holds for ``path``: a number (a % divided by 100) or a
    choice; a one-line error naming the key for anything else."""
    if not any(path == p or path.startswith(p) for p in PREFIXES if p.endswith(".")) and (
        path not in PREFIXES
    ):
        raise ScenarioError("studio", f"'{path}' is not a key the studio can change", key=path)
    if path == "deadlines":
        return raw
    try:
        value = float(raw)
    except ValueError:
        raise ScenarioError("studio", f"expected a number, got '{raw}'", key=path) from None
    return value / 100 if percent else value


GROUPS = {
    "targets": N_("City-wide targets (cut by the final year vs 2015)"),
    "bands": N_("Category bands (multiples of the city rate)"),
    "energy": N_("Coal and growth"),
    "economics": N_("Costs and deadlines"),
    "measures": N_("Measures: cost and potential (factors)"),
}

#: The words of the choice controls (marked for the catalogue).
CHOICES = {"enforce": N_("enforce"), "ignore": N_("ignore")}
