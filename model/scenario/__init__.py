"""Scenarios: the strict configuration schema, and loading with inheritance and overrides.

A scenario file is YAML. It may ``extends`` a parent scenario and ``apply`` named
overrides from ``overrides.yaml`` in its folder (else the shipped one). Merge order:
parent (recursively) <- the applied overrides (combined; two of them setting the same
key is an error) <- the file's own keys. Dicts deep-merge, lists replace. Every merged
scenario is validated; every problem becomes one :class:`ScenarioError` naming the file
that set the offending key and the dotted key path (list items as ``[i]``).

The package's public names are gathered here from its modules: ``schema`` (the pydantic
models), ``loading`` (files to a Scenario), ``diff`` (two scenarios compared), ``files``
(YAML reading and merging with provenance) and ``checks`` (error translation, checks
against a dataset).
"""

from __future__ import annotations

from emisim.model.scenario.checks import check_against
from emisim.model.scenario.diff import ABSENT, diff_scenarios
from emisim.model.scenario.loading import load_scenario, shipped_scenarios
from emisim.model.scenario.schema import Scenario, scenario_to_dict

__all__ = [
    "ABSENT",
    "Scenario",
    "check_against",
    "diff_scenarios",
    "load_scenario",
    "scenario_to_dict",
    "shipped_scenarios",
]
