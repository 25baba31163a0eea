"""What a solve achieved, in the quantities the requirement families read.

:func:`emisim.results.requirements.outcome` fills an :class:`Outcome` from the result
tables (emissions, deployment, coal, cost), recomputed from the solver's deployment and
the data, never read back from the solver's rows; each family's ``achieved(p, outcome,
key)`` (:mod:`emisim.model.requirements`) reads its value from it. A family that needs a
new quantity adds a field here and fills it there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outcome:
    #: (pollutant, year) -> city emissions in the target's scope (t), final year and
    #: milestone years
    totals: Mapping[tuple[str, int], float]
    #: band key -> final-year cut rate of the band's subject over its sectors
    band_cut: Mapping[tuple[str, str, str], float]
    #: measure -> units in place in the final year, city-wide
    deployed: Mapping[str, float]
    #: (unit, measure, year) -> units in place
    placed: Mapping[tuple[str, str, int], float]
    #: (unit, sector, pollutant) -> final-year removal by the measures deployed (t/yr)
    removed: Mapping[tuple[str, str, str], float]
    #: measure -> units with potential (where a city-wide deadline looks)
    codes: Mapping[str, tuple[str, ...]]
    coal_share: float  # final-year coal share of primary energy
    total_cost: float  # the objective's cost under the scenario's accounting (yuan)
    #: band key -> the part of band_cut made by the measures counted outside the ceilings
    #: (``guidance.ceilings: beyond_commitments``); empty otherwise
    band_committed: Mapping[tuple[str, str, str], float] = field(default_factory=dict)
