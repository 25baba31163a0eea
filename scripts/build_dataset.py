"""Rebuild emisim's embedded Chongqing dataset from its authored inputs.

The numbers live in CSV files (``model/data/chongqing/inputs/`` and ``sources/``, plus the
authored tables zones, groups, categories, guidance, targets, sectors); the derivation
is :mod:`emisim.model.data.derive`. Deterministic: two runs give byte-identical files.

Usage:  python scripts/build_dataset.py [--out DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from emisim.model.data import embedded_path
from emisim.model.data.derive import build


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: in place)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    build(embedded_path(), a.out, say=(lambda *_: None) if a.quiet else print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
