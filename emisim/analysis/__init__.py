"""Beyond one least-cost answer: near-optimal ranges, the presented allocation, exact
least-cost curves, equity and its price, the technical maximum, and infeasibility in the
plan's words. Every analysis re-solves one loaded LP warm (:mod:`emisim.solvers.loaded`).

The functions here take a scenario (name, path or :class:`~emisim.model.scenario.Scenario`)
like :func:`emisim.run`; the modules' functions take resolved :class:`Params`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from emisim.analysis import curves
from emisim.analysis.curves import Curve
from emisim.analysis.frontier import Frontier, cost_equity_frontier
from emisim.analysis.progress import ProgressFactory
from emisim.analysis.ranges import EPSILONS, Ranges, near_optimal_ranges
from emisim.api import resolve, solver_options
from emisim.model.assemble import build_params
from emisim.model.params import Params
from emisim.model.scenario import Scenario
from emisim.solvers.highs import SolverOptions
from emisim.solvers.iis import Iis, find_iis

__all__ = [
    "EPSILONS",
    "Curve",
    "Frontier",
    "Iis",
    "Ranges",
    "conflict",
    "cost_curve",
    "frontier",
    "near_optimal_ranges",
    "params_of",
    "ranges",
    "technical_maximum",
]


def params_of(
    scenario: str | Path | Scenario, *, search_dirs: Sequence[Path] = ()
) -> tuple[Params, SolverOptions]:
    """The model parameters and solver options of a scenario (as :func:`emisim.run`)."""
    sc, ds = resolve(scenario, search_dirs=search_dirs)
    p = build_params(ds, sc, file=str(sc.source or sc.name))
    return p, solver_options(sc)


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


def cost_curve(
    scenario: str | Path | Scenario,
    pollutant: str | None = None,
    *,
    points: int = 11,
    bands: str = "follow",
    search_dirs: Sequence[Path] = (),
) -> Curve:
    """The least-cost curve of one pollutant's target, or of all targets scaled together
    (``pollutant=None``); see :mod:`emisim.analysis.curves`."""
    p, options = params_of(scenario, search_dirs=search_dirs)
    return curves.cost_curve(p, options, pollutant=pollutant, points=points, bands=bands)


def technical_maximum(
    scenario: str | Path | Scenario, *, search_dirs: Sequence[Path] = ()
) -> dict[str, float]:
    """The largest city-wide cut rate of each pollutant with only physical limits."""
    p, options = params_of(scenario, search_dirs=search_dirs)
    return curves.technical_maximum(p, options)


def frontier(
    scenario: str | Path | Scenario,
    *,
    points: int = 9,
    search_dirs: Sequence[Path] = (),
    progress: ProgressFactory | None = None,
) -> Frontier:
    """The cost-equity frontier (see :mod:`emisim.analysis.frontier`)."""
    p, options = params_of(scenario, search_dirs=search_dirs)
    return cost_equity_frontier(p, options, points=points, progress=progress)


def conflict(
    scenario: str | Path | Scenario, *, lang: str = "en", search_dirs: Sequence[Path] = ()
) -> Iis:
    """HiGHS's irreducible infeasible subset of an infeasible scenario, in plan words."""
    p, options = params_of(scenario, search_dirs=search_dirs)
    return find_iis(p, options, lang=lang)
