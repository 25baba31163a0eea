"""The ``emisim`` command line. Each command group lives in its own module of this package.

Any :class:`~emisim.model.errors.EmisimError` becomes one line on stderr and exit code 2;
a traceback only ever means a bug in emisim (or ``EMISIM_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from emisim.model.errors import EmisimError

#: Command-group modules; each exposes ``register(subparsers)``.
COMMAND_MODULES = (
    "emisim.cli.data",
    "emisim.cli.scenario",
    "emisim.cli.run",
    "emisim.cli.compare",
    "emisim.cli.analysis",
    "emisim.cli.hindcast",
    "emisim.cli.sweep",
    "emisim.cli.studio",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emisim",
        description="Allocate Chongqing's 13th Five-Year Plan emission cuts across districts.",
    )
    parser.add_argument("--version", action="version", version=f"emisim {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def _command_parser(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.ArgumentParser:
    """The innermost (sub)command parser that ``argv`` names, e.g. ``sweep report``'s."""
    for token in argv:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if subs and token in subs[0].choices:
            parser = subs[0].choices[token]
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("emisim")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # the command's own usage, not the top level's (exits 2, as argparse does)
        _command_parser(parser, sys.argv[1:] if argv is None else argv).error(
            f"unrecognized arguments: {' '.join(extra)}"
        )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except EmisimError as exc:
        if os.environ.get("EMISIM_DEBUG"):
            raise
        for line in str(exc).splitlines():  # several data errors: one line each
            print(f"emisim: error: {line}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a file system problem the user can fix: say which file and why
        if os.environ.get("EMISIM_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"emisim: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("emisim: interrupted; no partial output was kept", file=sys.stderr)
        return 130
