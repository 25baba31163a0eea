"""Long ("tidy") tables of a solved scenario: one row per observation and measured variable,
with its unit, so pandas, seaborn and xarray users can filter, pivot and plot any result
without knowing each wide table's columns (compare PyPSA's ``n.statistics``).

``tidy(tables, "allocation")`` keeps the table's identifying columns (code, name, zone,
pollutant, sector, measure, year ...) and stacks its numeric columns into ``variable`` /
``value`` / ``unit``; the unit is read from the column name's suffix (``_t`` tonnes,
``_pct`` per cent, ``_yuan`` yuan ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from emisim.model.errors import EmisimError

#: Column-name suffix -> unit, longest first.
UNITS: tuple[tuple[str, str], ...] = (
    ("_yuan_per_t", "yuan/t"),
    ("_yuan", "yuan"),
    ("_ktce", "ktce"),
    ("_pct", "%"),
    ("_t", "t"),
    ("units", "activity units"),
    ("share", "fraction"),
)
#: Numeric columns that identify a row rather than measure something.
ID_NUMBERS = ("year",)
#: The tables ``tidy()`` stacks when no table is named.
DEFAULT_TABLES = ("allocation", "measures", "emissions", "bands", "prices")


def unit_of(column: str, table: str = "") -> str:
    if table == "prices" and column in ("price", "dual"):
        return "see unit column" if column == "price" else "objective units"
    for suffix, unit in UNITS:
        if column.endswith(suffix):
            return unit
    return ""


def tidy_table(frame: pd.DataFrame, table: str, scenario: str) -> pd.DataFrame:
    """One wide result table in long form: ids, ``variable``, ``value``, ``unit``."""
    numeric = [
        c
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c])
        and not pd.api.types.is_bool_dtype(frame[c])
        and c not in ID_NUMBERS
    ]
    ids = [c for c in frame.columns if c not in numeric]
    long = frame.melt(id_vars=ids, value_vars=numeric, var_name="variable", value_name="value")
    long["unit"] = long["variable"].map(lambda c: unit_of(c, table))
    long.insert(0, "table", table)
    long.insert(0, "scenario", scenario)
    return long


def tidy(
    tables: Mapping[str, pd.DataFrame],
    scenario: str,
    names: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """The named result tables (default :data:`DEFAULT_TABLES`) stacked in long form. Ids a
    table lacks are empty in its rows."""
    wanted = [names] if isinstance(names, str) else list(names or DEFAULT_TABLES)
    unknown = [n for n in wanted if n not in tables]
    if unknown:
        raise EmisimError(f"tidy(): no result table {unknown}; the tables are {sorted(tables)}")
    frames = [tidy_table(tables[n], n, scenario) for n in wanted if len(tables[n])]
    if not frames:
        return pd.DataFrame(columns=["scenario", "table", "variable", "value", "unit"])
    out = pd.concat(frames, ignore_index=True)
    front = ["scenario", "table"]
    back = ["variable", "value", "unit"]
    return out[front + [c for c in out.columns if c not in front + back] + back]
