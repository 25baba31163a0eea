"""Assemble the allocation model: one ordered call per family (see docs/model.md)."""

from __future__ import annotations

import pyomo.core as pyo  # not pyomo.environ: it loads every plugin (0.25 s of a run)
from pyomo.common.gc_manager import PauseGC

from emisim.model.constraints.coal import define_coal
from emisim.model.constraints.deadlines import define_deadlines
from emisim.model.constraints.emissions import define_emissions
from emisim.model.constraints.guidance import define_adapt_locally, define_bands
from emisim.model.constraints.key_projects import define_key_projects
from emisim.model.constraints.measures import define_deployment, define_programme
from emisim.model.constraints.targets import define_city_targets, define_milestones
from emisim.model.objective import define_cost, define_objective
from emisim.model.params import Params


def build_model(p: Params, *, elastic: bool = False, arrays: bool = True) -> pyo.ConcreteModel:
    """Build the Pyomo model for ``p``.

    ``elastic=True`` adds a slack to every requirement row and minimises their sum.
    ``arrays=True`` assembles the deployment rows and sector floors as arrays
    (:mod:`emisim.model.rows`, the same rows, read by the direct transfer);
    ``arrays=False`` states them as Pyomo constraints (for Pyomo's persistent interface).
    """
    # Building creates ~10 small objects per row and frees none: the cyclic garbage
    # collector would rescan them again and again (about a fifth of the build time).
    with PauseGC():
        m = pyo.ConcreteModel(name=f"emisim:{p.scenario_name}")
        m.elastic = elastic
        m.slack_families = []
        m.arrays = arrays
        m.array_rows = []  # (position among the constraints, ArrayRows), model.rows
        m.params = p
        m.D = pyo.Set(initialize=p.units, ordered=True)
        m.T = pyo.Set(initialize=p.years, ordered=True)
        define_deployment(m, p)
        define_emissions(m, p)
        define_programme(m, p)
        define_deadlines(m, p)
        define_city_targets(m, p)
        define_milestones(m, p)
        define_key_projects(m, p)
        define_bands(m, p)
        define_adapt_locally(m, p)
        define_coal(m, p)
        define_cost(m, p)
        define_objective(m, p)
    return m


def release(m: pyo.ConcreteModel) -> None:
    """Empty ``m`` so that its components are freed at once, by reference counting.

    A built model is a web of cycles (a scalar component holds itself, rules close over
    the model) that only Python's cyclic collector would free: one full pass over its
    ~10^6 objects, 0.3-0.4 s at 400 synthetic units, wherever the pass happens to fall.
    ``m`` is empty afterwards: call it only on a model nothing reads any more.
    """
    scalars = (pyo.Expression, pyo.Constraint, pyo.Objective)
    for comp in list(m.component_objects(descend_into=True)):
        if not comp.is_indexed() and isinstance(comp, scalars):
            comp.clear()  # a scalar component's data is itself
    m.clear()
