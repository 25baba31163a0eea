"""``emisim hindcast [SCENARIO]``: what happened. Solve a scenario (default plan2020) and set
its final year beside the official figures of that year (``observed.csv``): each
pollutant's city total, coal's share, primary energy and energy intensity, the cut each
implies, the plan's requirement and why model and reality differ.

Prints the table (Markdown) and writes ``<out>/hindcast/<scenario>/``: ``hindcast.csv``
(the numbers), ``official_figures.csv`` (every official figure with grade and source),
``hindcast.md`` (the printed table with the sources) and ``manifest.json``.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from emisim.api import resolve, run
from emisim.outputs import (
    GENERATOR,
    atomic_dir,
    check_replaceable,
    output_target,
    package_versions,
    run_id,
    write_table,
)
from emisim.reports.hindcast import hindcast_markdown
from emisim.reports.i18n import translator
from emisim.reports.lang import LANGS
from emisim.results.hindcast import hindcast, official_figures, require_official


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "hindcast",
        help="a scenario's final year beside the official figures of that year",
    )
    p.add_argument(
        "scenario",
        nargs="?",
        default="plan2020",
        help="scenario name or path to a YAML file (default: plan2020)",
    )
    p.add_argument("--out", default="outputs", type=Path, help="output root (default: outputs)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language (default: en)")
    p.add_argument("--quiet", action="store_true", help="print only the output folder")
    p.set_defaults(func=_hindcast)


def _hindcast(args: argparse.Namespace) -> int:
    scenario, dataset = resolve(args.scenario)
    folder = output_target(output_target(Path(args.out), "hindcast"), scenario.name)
    check_replaceable(folder)  # refuse before solving
    require_official(dataset, scenario.last_year)  # nothing to compare: said before solving
    result = run(scenario)
    table = hindcast(result.tables, result.params, result.dataset)
    figures = official_figures(result.dataset)
    text = hindcast_markdown(table, figures, args.lang)
    with atomic_dir(folder) as tmp:
        write_table(table, tmp / "hindcast.csv")
        write_table(figures, tmp / "official_figures.csv")
        (tmp / "hindcast.md").write_text(text, encoding="utf-8")
        manifest = {
            "generator": GENERATOR,
            "scenario": scenario.name,
            "analysis": "hindcast",
            "run_id": run_id(result),
            "lang": args.lang,
            "versions": package_versions(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    if args.quiet:
        print(folder)
        return 0
    _ = translator(args.lang)
    print(text)
    files = "hindcast.csv, official_figures.csv, hindcast.md"
    print(_("{files} written to {folder}/").format(files=files, folder=folder))
    return 0
