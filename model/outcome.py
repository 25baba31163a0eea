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
    #: band key -> cut rate in the target year of the band's subject over its sectors
    band_cut: Mapping[tuple[str, str, str], float]
    #: measure -> units in place in the target year (``Params.target_year``), city-wide
    deployed: Mapping[str, float]
    #: (unit, measure, year) -> units in place
    placed: Mapping[tuple[str, str, int], float]
    #: (unit, sector, pollutant) -> removal by the measures deployed in the target year (t/yr)
    removed: Mapping[tuple[str, str, str], float]
    #: measure -> units with potential (where a city-wide deadline looks)
    codes: Mapping[str, tuple[str, ...]]
    coal_share: float  # coal share of primary energy in the target year
    total_cost: float  # the objective's cost under the scenario's accounting (yuan)
    #: band key -> the part of band_cut made by the measures counted outside the ceilings
    #: (``guidance.ceilings: beyond_commitments``); empty otherwise
    band_committed: Mapping[tuple[str, str, str], float] = field(default_factory=dict)
    #: (unit, sector, pollutant) -> removal in the final year (the key-project tonnes'
    #: year; the target year's :attr:`removed` but in a chain)
    removed_final: Mapping[tuple[str, str, str], float] = field(default_factory=dict)
    #: (unit, sector, pollutant) -> removal in ``Params.key_project_from`` (chained
    #: periods: what the earlier period built), empty otherwise
    removed_before: Mapping[tuple[str, str, str], float] = field(default_factory=dict)
    #: year -> the city's coal share of primary energy
    coal_shares: Mapping[int, float] = field(default_factory=dict)
