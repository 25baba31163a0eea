"""Rebuild the 14th-FYP dataset (``model/data/chongqing-fyp14/``, base 2020) from its
authored inputs and the 13th-FYP dataset beside it (:mod:`emisim.model.data.derive.fyp14`).
Deterministic: two runs give byte-identical files. ``scripts/snapshot_plan2020.py``
refreshes the plan2020 inputs it starts from.

Usage:  python scripts/build_fyp14.py [--out DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from emisim.model.data.derive.fyp14 import build_fyp14
from emisim.model.data.period import dataset_folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: in place)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    say = (lambda *_: None) if a.quiet else print
    build_fyp14(dataset_folder("chongqing-fyp14"), a.out, say=say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
