"""Differences between two merged scenarios, key by key (``emisim compare``, ``scenario
diff``)."""

from __future__ import annotations

from typing import Any

from emisim.model.scenario.checks import dotted
from emisim.model.scenario.files import Loc
from emisim.model.scenario.schema import META, Scenario, scenario_to_dict


class _Absent:
    def __repr__(self) -> str:
        return "(not set)"


#: Marks a key present in only one of two diffed scenarios.
ABSENT: Any = _Absent()


def _leaves(node: Any, path: Loc, out: dict[Loc, Any]) -> None:
    """Flatten to leaves; an empty dict has none (its absence shows as the other side's keys)."""
    if isinstance(node, dict):
        for k, v in node.items():
            _leaves(v, (*path, k), out)
    elif isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
        for i, v in enumerate(node):
            _leaves(v, (*path, i), out)
    else:
        out[path] = node


def diff_scenarios(
    a: Scenario, b: Scenario, *, include_meta: bool = False
) -> list[tuple[str, Any, Any]]:
    """Input differences (dotted key, value in a, value in b), sorted by key.

    Keys missing on one side come back as :data:`ABSENT`. ``name``, the descriptions,
    ``extends`` and ``apply`` are left out unless ``include_meta``: their effect is
    already in the merged keys.
    """
    da, db = scenario_to_dict(a), scenario_to_dict(b)
    if not include_meta:
        for k in META:
            del da[k], db[k]
    la: dict[Loc, Any] = {}
    lb: dict[Loc, Any] = {}
    _leaves(da, (), la)
    _leaves(db, (), lb)
    keys = sorted(set(la) | set(lb), key=lambda p: [(isinstance(x, str), x) for x in p])
    return [
        (dotted(k, da if k in la else db), la.get(k, ABSENT), lb.get(k, ABSENT))
        for k in keys
        if la.get(k, ABSENT) != lb.get(k, ABSENT)
    ]
