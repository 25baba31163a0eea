"""Scenario changes the engine can take without rebuilding Params: city targets, the
multiples of relative category bands, and the readings :mod:`emisim.model.readings`
redoes without the dataset (growth, the coal ceiling, the discount rate). Everything else
goes through the scenario schema and ``build_params`` (the engine then decides whether
its loaded model survives).

The Params produced here equal what ``build_params`` gives for the changed scenario
(``tests/test_sweep.py`` compares the records of both routes run by run).
"""

from __future__ import annotations

from dataclasses import replace

from emisim.model.errors import ArgumentError
from emisim.model.params import Params
from emisim.model.readings import with_coal_share, with_discount_rate, with_growth
from emisim.model.scenario import Scenario
from emisim.sweeps.plan import Change, scenario_changes

#: Scenario keys whose change is one reading of :mod:`emisim.model.readings`.
READINGS = {
    "growth.multiplier": with_growth,
    "coal.share_max": with_coal_share,
    "economics.discount_rate": with_discount_rate,
}


def warm_params(p: Params, sc: Scenario, changes: list[Change]) -> Params | None:
    """``p`` with the run's scenario changes applied, or None if any needs a rebuild (or
    a value the schema refuses: the rebuild route then says so in the schema's words)."""
    try:
        return _warm(p, sc, changes)
    except ArgumentError:
        return None


def _warm(p: Params, sc: Scenario, changes: list[Change]) -> Params | None:
    for path, value, _ in scenario_changes(changes):
        keys = path.split(".")
        if path in READINGS and (path != "coal.share_max" or value is not None):
            if path == "coal.share_max" and p.coal_share_max is None:
                return None  # a coal cap row appears
            p = READINGS[path](p, value)
        elif keys[:2] == ["targets", "overrides"] and len(keys) == 3 and keys[2] in p.targets:
            p = p.with_target(keys[2], value)
        elif keys[:2] == ["guidance", "bands"] and len(keys) == 5:
            p = _band_multiple(p, sc, keys[2], keys[3], keys[4], value)
            if p is None:
                return None
        else:
            return None
    return p


def _band_multiple(
    p: Params, sc: Scenario, family: str, category: str, bound: str, value: float
) -> Params | None:
    """A relative band's multiple moved; None unless the base band has that bound (a new
    or vanishing bound adds or drops rows) and the guidance is relative."""
    band = sc.guidance.bands.get(family, {}).get(category)
    if (
        not sc.guidance.enabled
        or sc.guidance.mode != "relative"
        or band is None
        or bound not in ("lower", "upper")
        or getattr(band, bound) is None
        or value < 0
    ):
        return None
    other = band.upper if bound == "lower" else band.lower
    if other is not None and (value > other if bound == "lower" else value < other):
        return None  # the schema refuses it: let the rebuild route say so
    bands = tuple(
        replace(b, **{bound: value * p.targets.get(b.pollutant, 0.0), f"rel_{bound}": value})
        if b.family == family and b.category == category
        else b
        for b in p.bands
    )
    return replace(p, bands=bands)
