"""Loading a scenario file: its parent (``extends``, recursively), the named overrides it
``apply``s, then its own keys, merged and validated with the file that set each key
remembered, so every error names that file and the dotted key.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from emisim.model.errors import ScenarioError, excerpt, expect
from emisim.model.scenario.checks import origin as key_origin
from emisim.model.scenario.checks import translate
from emisim.model.scenario.files import (
    Origin,
    Provenance,
    check_conflicts,
    merge_into,
    read_override,
    read_yaml,
    resolve_data,
    resolve_parent,
    resolve_ref,
    shipped_dir,
)
from emisim.model.scenario.schema import META, Scenario, scenario_to_dict


def load_scenario(ref: str | Path, *, search_dirs: Sequence[Path] = ()) -> Scenario:
    """Load, merge and validate a scenario given as a YAML path or a scenario name."""
    expect(ref, (str, Path), "scenario: expected a name or a YAML path")
    expect(search_dirs, (list, tuple), "search_dirs: expected a list of folders")
    for folder in search_dirs:
        expect(folder, (str, Path), "search_dirs: expected folder paths")
    dirs = tuple(Path(d) for d in search_dirs)
    return _load(resolve_ref(ref, dirs), dirs, ())


def _load(path: Path, search_dirs: tuple[Path, ...], chain: tuple[Path, ...]) -> Scenario:
    if path in chain:
        names = " -> ".join(p.stem for p in (*chain[chain.index(path) :], path))
        raise ScenarioError(chain[-1], f"scenario inheritance cycle: {names}", key="extends")
    own = read_yaml(path)
    _check_own(own, path)
    merged: dict[Any, Any] = {}
    prov: Provenance = {}
    if own.get("extends") is not None:
        parent = _load(
            resolve_parent(own["extends"], path, search_dirs), search_dirs, (*chain, path)
        )
        merged = {k: v for k, v in scenario_to_dict(parent).items() if k not in META}
        prov = dict(parent._provenance)
    overrides = [read_override(name, path, i) for i, name in enumerate(own.get("apply", []))]
    check_conflicts(overrides, path)
    for layer, source in overrides:
        merge_into(merged, layer, prov, source)
    body = {k: v for k, v in own.items() if k not in META}
    resolve_data(body, path.parent)
    merge_into(merged, body, prov, Origin(path))
    merged = {k: own[k] for k in META if k in own} | merged
    merged.setdefault("name", path.stem)
    for key in META:
        prov[(key,)] = Origin(path)
    try:
        scenario = Scenario.model_validate(merged)
    except ValidationError as exc:
        raise translate(exc, Scenario, merged, prov, path) from None
    if scenario.data is not None and not Path(scenario.data).is_dir():
        file, note = key_origin(prov, ("data",), path)
        raise ScenarioError(file, f"data folder {scenario.data} does not exist{note}", key="data")
    scenario._source = path
    scenario._provenance = prov
    return scenario


def _check_own(own: dict[Any, Any], path: Path) -> None:
    """The keys that steer loading must be right before anything is merged."""
    if not isinstance(own.get("description"), str) or not own["description"].strip():
        raise ScenarioError(
            path,
            "every scenario needs a 'description': the question it answers",
            key="description",
        )
    if "extends" in own and own["extends"] is not None and not isinstance(own["extends"], str):
        raise ScenarioError(path, "expected the name of a parent scenario", key="extends")
    apply = own.get("apply", [])
    if not isinstance(apply, list):
        raise ScenarioError(path, "expected a list of override names", key="apply")
    for i, name in enumerate(apply):
        if not isinstance(name, str):
            raise ScenarioError(
                path, f"expected an override name, got {excerpt(name)}", key=f"apply[{i}]"
            )
        if name in apply[:i]:
            raise ScenarioError(path, f"override '{name}' applied twice", key=f"apply[{i}]")


def shipped_scenarios() -> list[str]:
    """Names of the scenarios shipped with emisim (``overrides.yaml`` excluded)."""
    folder = shipped_dir()
    return sorted(
        p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.stem != "overrides"
    )
