"""The runs of a design: a matrix of parameter values, one row per run, from the unit cube.

Every design draws points in the unit cube (grid aside) and maps them through each
parameter's quantile function, so Monte Carlo, Latin hypercube, Sobol (Saltelli) and
Morris designs accept any stated distribution. Sobol and Morris points come from SALib,
whose analysis functions read them back in the same order.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from emisim.sweeps.spec import Design, Parameter

#: Unbounded distributions (normal) are cut at these quantiles where a design hits 0 or 1.
EDGE = 1e-3


def problem(names: Sequence[str]) -> dict:
    """SALib's problem definition over the unit cube."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def unit_points(design: Design, names: Sequence[str]) -> np.ndarray:
    """Points in [0, 1]^k, one row per run, in the order SALib's analyses expect."""
    k = len(names)
    if design.kind == "monte_carlo":
        if design.sampler == "latin_hypercube":
            from scipy.stats import qmc

            return qmc.LatinHypercube(d=k, seed=design.seed).random(design.samples)
        return np.random.default_rng(design.seed).random((design.samples, k))
    if design.kind == "sobol":
        from SALib.sample import sobol

        return sobol.sample(
            problem(names), design.samples, calc_second_order=False, seed=design.seed
        )
    if design.kind == "morris":
        from SALib.sample import morris

        return morris.sample(
            problem(names), design.samples, num_levels=design.levels, seed=design.seed
        )
    raise ValueError(f"no unit points for a {design.kind} design")


def values_matrix(
    design: Design, params: Sequence[Parameter], names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray | None]:
    """(values, unit points): ``values[i, j]`` is parameter ``j``'s value in run ``i``.
    ``params[j]`` is the parameter expanded into ``names[j]`` (one per name)."""
    if design.kind == "grid":
        rows = list(itertools.product(*(p.values for p in params)))
        return np.array(rows, dtype=float).reshape(len(rows), len(params)), None
    unit = unit_points(design, names)
    values = np.empty_like(unit)
    for j, par in enumerate(params):
        dist = par.distribution
        u = unit[:, j]
        if dist.kind == "normal":
            u = np.clip(u, EDGE, 1 - EDGE)
        values[:, j] = dist.frozen().ppf(u)
    return values, unit


def run_count(design: Design, k: int, grid_sizes: Sequence[int] = ()) -> int:
    """How many runs a design of ``k`` parameters has."""
    if design.kind == "grid":
        return int(np.prod(grid_sizes)) if grid_sizes else 1
    if design.kind == "sobol":
        return design.samples * (k + 2)
    if design.kind == "morris":
        return design.samples * (k + 1)
    return design.samples
