"""Reading authored inputs and writing the model's tables, byte for byte reproducibly.

Numbers are written with 6 significant digits and no exponent, rows sorted, ``\\n`` line
endings, UTF-8 without a BOM, headers taken from :mod:`emisim.model.data.schema`, so two
builds give identical files.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from emisim.model.data.schema import TABLE_BY_NAME


def read(path: Path) -> list[dict[str, str]]:
    """Rows of an authored CSV as dicts of strings (empty cells are ``""``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sig(x: float | None, digits: int = 6) -> str:
    """Fixed formatting: ``digits`` significant digits, no exponent, no trailing zeros."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if x == 0:
        return "0"
    return np.format_float_positional(
        float(x), precision=digits, unique=False, fractional=False, trim="-"
    )


def sig_up(x: float, digits: int = 6) -> str:
    """Like :func:`sig` but never below ``x`` (potentials must not sum below a programme)."""
    out = sig(x, digits)
    if x > 0 and float(out) < x:
        step = 10 ** (math.floor(math.log10(x)) - digits + 1)
        out = sig(float(out) + step, digits)
    return out


def sig_down(x: float, digits: int = 6) -> str:
    """Like :func:`sig` but never above ``x`` (a factor must stay inside its range)."""
    out = sig(x, digits)
    if x > 0 and float(out) > x:
        step = 10 ** (math.floor(math.log10(x)) - digits + 1)
        out = sig(float(out) - step, digits)
    return out


def fix6(x: float) -> str:
    """Six decimals, trailing zeros dropped (shares)."""
    return f"{x:.6f}".rstrip("0").rstrip(".") if x != 0 else "0"


def write_table(out: Path, name: str, rows: list[list]) -> None:
    """Write ``rows`` under the schema's header for table ``name``."""
    write_csv(out, name, list(TABLE_BY_NAME[name].columns), rows)


def write_csv(out: Path, name: str, header: list[str], rows: list[list]) -> None:
    """Write ``out/name.csv`` deterministically (empty cell for ``None``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    (out / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8"))
