"""Elastic (diagnostic) mode: a non-negative slack on each requirement row.

In elastic mode every requirement that can conflict (targets, bands, adapt-locally
shares, coal cap, budget, fixed programmes) gets a slack measured as a *fraction* of the
row's natural scale, so shortfalls of different families are comparable. The objective
then minimises the sum of slacks; the rows with positive slack name the conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyomo.environ as pyo

#: Human names of the requirement families, in the plan's words.
FAMILY_LABELS: dict[str, str] = {
    "city_target": "city-wide pollutant targets (box 1)",
    "milestone": "interim milestones",
    "band_lower": "category guidance minimum cuts",
    "band_upper": "category guidance maximum cuts",
    "adapt_share": "adapt-locally sector shares",
    "coal_cap": "coal share of primary energy ceiling",
    "budget": "budget ceiling",
    "programme_fixed": "plan programme quantities (fixed)",
}


def slack(m: pyo.ConcreteModel, family: str, index: Iterable[Any] | None = None):
    """A slack Var for ``family`` (registered on ``m``) in elastic mode, else ``None``."""
    if not m.elastic:
        return None
    name = f"slack_{family}"
    var = (
        pyo.Var(list(index), domain=pyo.NonNegativeReals)
        if index is not None
        else pyo.Var(domain=pyo.NonNegativeReals)
    )
    m.add_component(name, var)
    m.slack_families.append(family)
    return var
