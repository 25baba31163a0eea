"""``emisim studio [SCENARIO]``: the scenario in the browser, changed and re-solved at once."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "studio", help="open a scenario in the browser: change the plan, see the answer at once"
    )
    p.add_argument("scenario", nargs="?", default="plan2020", help="name or YAML path")
    p.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface (default 127.0.0.1, this machine only; any other prints a token)",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--out", default="outputs", type=Path, help="output root (default: outputs)")
    p.add_argument("--idle-minutes", type=float, default=30.0, help="free a session idle this long")
    p.set_defaults(func=_studio)


def _studio(args: argparse.Namespace) -> int:
    from emisim.model.scenario import load_scenario
    from emisim.studio.server import serve

    load_scenario(args.scenario)  # a bad name fails here, in one line
    serve(
        args.scenario,
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
        out=args.out,
        idle_s=60 * args.idle_minutes,
    )
    return 0
