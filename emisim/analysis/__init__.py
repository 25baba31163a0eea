"""Beyond one least-cost answer: near-optimal ranges, the presented allocation, exact
least-cost curves, equity and its price, the technical maximum, and infeasibility in the
plan's words. Every analysis re-solves one loaded LP warm (:mod:`emisim.solvers.loaded`).

The functions here take a scenario (name, path or :class:`~emisim.model.scenario.Scenario`)
like :func:`emisim.run`; the modules' functions take resolved :class:`Params`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from emisim.analysis.ranges import EPSILONS, Ranges, near_optimal_ranges
from emisim.api import resolve
from emisim.model.params import Params, build_params
from emisim.model.scenario import Scenario
from emisim.solvers.highs import SolverOptions

__all__ = ["EPSILONS", "Ranges", "near_optimal_ranges", "params_of", "ranges"]


def params_of(
    scenario: str | Path | Scenario, *, search_dirs: Sequence[Path] = ()
) -> tuple[Params, SolverOptions]:
    """The model parameters and solver options of a scenario (as :func:`emisim.run`)."""
    sc, ds = resolve(scenario, search_dirs=search_dirs)
    p = build_params(ds, sc, file=str(sc.source or sc.name))
    return p, SolverOptions(time_limit_s=sc.solver.time_limit_s, tolerance=sc.solver.tolerance)


def ranges(
    scenario: str | Path | Scenario,
    *,
    epsilons: tuple[float, ...] = EPSILONS,
    must_haves: bool = True,
    search_dirs: Sequence[Path] = (),
) -> Ranges:
    """Near-optimal ranges of every unit's cut rate (see :mod:`emisim.analysis.ranges`)."""
    p, options = params_of(scenario, search_dirs=search_dirs)
    return near_optimal_ranges(p, options, epsilons=epsilons, must_haves=must_haves)
