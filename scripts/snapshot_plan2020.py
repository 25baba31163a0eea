"""Write what the 13th FYP plan deployed (the least-cost ``plan2020`` run on the 13th-FYP
dataset) into the 14th-FYP dataset's inputs, the start of its 2020 roll-forward:

- ``plan2020_emissions.csv``: 2020 emissions by unit, sector and pollutant (t);
- ``plan2020_units.csv``: each measure's units in place in 2020, by unit;
- ``plan2020_coal.csv``: each unit's 2020 coal use (ktce).

Deterministic (6 significant digits, sorted rows). A test re-runs plan2020 and compares.

Usage:  python scripts/snapshot_plan2020.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import emisim
from emisim.model.data.derive.fyp14 import snapshot_tables
from emisim.model.data.period import dataset_folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="inputs folder (default: shipped)")
    a = ap.parse_args(argv)
    out = a.out or dataset_folder("chongqing-fyp14") / "inputs"
    result = emisim.run("plan2020")
    for name, frame in snapshot_tables(result.tables, result.params.final_year).items():
        frame.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")
    print(f"wrote plan2020's 2020 emissions, units and coal to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
