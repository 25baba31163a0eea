"""``emisim scenario validate REF``, ``emisim scenario show REF``, ``emisim scenario diff A B``.

REF is a path to a ``.yaml``/``.yml`` file or a scenario name (searched in ``--search-dir``
folders, then ``./scenarios``, then the scenarios shipped with emisim).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from emisim.model.scenario import (
    ABSENT,
    Scenario,
    check_against,
    diff_scenarios,
    load_scenario,
    scenario_to_dict,
    shipped_scenarios,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    scen = sub.add_parser("scenario", help="check, show or compare scenarios")
    ssub = scen.add_subparsers(dest="scenario_command", metavar="ACTION", required=True)

    val = ssub.add_parser("validate", help="check a scenario and its references into its data")
    val.add_argument("ref", help="scenario file (.yaml) or name")
    val.add_argument(
        "--schema-only",
        action="store_true",
        help="check the scenario alone, without loading its dataset",
    )
    val.set_defaults(func=_validate)

    show = ssub.add_parser("show", help="print the fully merged scenario as YAML")
    show.add_argument("ref", help="scenario file (.yaml) or name")
    show.set_defaults(func=_show)

    diff = ssub.add_parser("diff", help="list input differences between two scenarios")
    diff.add_argument("a", help="first scenario (file or name)")
    diff.add_argument("b", help="second scenario (file or name)")
    diff.add_argument(
        "--all", action="store_true", help="include name, description, extends and apply"
    )
    diff.set_defaults(func=_diff)

    lst = ssub.add_parser("list", help="the shipped scenarios and the question each answers")
    lst.set_defaults(func=_list)

    for parser in (val, show, diff):
        parser.add_argument(
            "--search-dir",
            action="append",
            default=[],
            type=Path,
            metavar="DIR",
            help="folder to search for scenario names (repeatable; before ./scenarios)",
        )


def _load(ref: str, args: argparse.Namespace) -> Scenario:
    return load_scenario(ref, search_dirs=args.search_dir)


def load_dataset_for(scenario: Scenario) -> Any:
    """The dataset a scenario runs on (its ``data`` folder, else the embedded one)."""
    from emisim.model.data import load_dataset

    return load_dataset(scenario.data_folder)


def _validate(args: argparse.Namespace) -> int:
    scenario = _load(args.ref, args)
    if not args.schema_only:
        check_against(scenario, load_dataset_for(scenario))
    checked = "schema" if args.schema_only else "schema and dataset references"
    print(f"{scenario.source}: scenario '{scenario.name}' is valid ({checked})")
    return 0


def _show(args: argparse.Namespace) -> int:
    scenario = _load(args.ref, args)
    print(f"# scenario '{scenario.name}' merged from {scenario.source}")
    print(yaml.safe_dump(scenario_to_dict(scenario), sort_keys=False, allow_unicode=True), end="")
    return 0


def _fmt(value: Any) -> str:
    if value is ABSENT:
        return "(not set)"
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    return (
        yaml.safe_dump(value, default_flow_style=True, width=10_000).strip().removesuffix("\n...")
    )


def _diff(args: argparse.Namespace) -> int:
    a, b = _load(args.a, args), _load(args.b, args)
    rows = [(k, _fmt(va), _fmt(vb)) for k, va, vb in diff_scenarios(a, b, include_meta=args.all)]
    if not rows:
        print(f"no differences between '{a.name}' and '{b.name}'")
        return 0
    header = ("key", a.name, b.name)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(2)]
    for row in [header, *rows]:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}")
    return 0


def _list(args: argparse.Namespace) -> int:
    import textwrap

    for name in shipped_scenarios():
        text = " ".join(load_scenario(name).description.split())
        print(name)
        print(textwrap.fill(text, width=88, initial_indent="    ", subsequent_indent="    "))
    return 0
