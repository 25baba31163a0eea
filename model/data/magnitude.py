"""Magnitude checks: each number against physical sense and against the other tables.

A value can pass its column's type and range and still be absurd: a GDP index of 1e-300
in the base year moved plan2020's cost from 38.11 to 26.41 bn with the targets "met".
These checks run before anything is solved (``data validate`` and every run):

* **indices**: ``macro.csv`` ``gdp_index`` is 1 in the base year (it is an index on
  2015) and every index moves by at most :data:`INDEX_STEP` a year (a factor: -50 % to
  +100 %), ``growth.csv`` likewise from 1 in the base year;
* **energy**: each unit's primary energy per resident lies in :data:`ENERGY_PER_PERSON`
  (tce per person; Chongqing's districts span about 0.3 to 15);
* **totals**: each pollutant's baseline sums to its ``city_totals.csv`` row within
  :data:`TOTALS_TOL`, and every pollutant has a row;
* **removal units**: potentials or removals a unit jump away from the shipped data (see
  below) with which a measure removes more than its sector emits are an error naming the
  table that jumped;
* **target years**: the rows of one target set share one year (the scenario's last year
  is checked against it when a run is assembled).

And one warning: a numeric column whose typical value (the median of its non-zero
magnitudes) differs from the shipped data's by :data:`UNIT_JUMP` or more is named as a
likely unit error (kg for t, 10^4 yuan for yuan).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from emisim.model.data.checks import Check, Frames, Problems, base_year
from emisim.model.data.meaning import removal_excesses
from emisim.model.data.schema import FRACTION_KINDS, TABLES
from emisim.model.vocabulary import POLLUTANTS

#: Largest factor an index may move by in one year, either way (-50 % ... +100 %).
INDEX_STEP = 2.0
#: Primary energy per resident, tce per person, that a district can have.
ENERGY_PER_PERSON = (0.01, 100.0)
#: Relative tolerance of a pollutant's baseline sum against city_totals.csv.
TOTALS_TOL = 0.01
#: A column's typical value this many times the shipped data's (or its inverse) is
#: warned as a likely unit error.
UNIT_JUMP = 10**2.5


def check_indices(p: Problems, frames: Frames) -> None:
    """GDP and growth indices: 1 in the base year, at most a factor INDEX_STEP a year."""
    year0 = base_year(frames)
    macro = frames["macro"].reset_index(drop=True)
    base = macro.index[macro["year"] == year0]
    if len(base) and abs(float(macro.at[base[0], "gdp_index"]) - 1.0) > 1e-9:
        value = float(macro.at[base[0], "gdp_index"])
        msg = f"the {year0} gdp_index is {value:.6g}; an index on {year0} is 1 there"
        p.error("macro", msg, frame=macro, i=int(base[0]), column="gdp_index")
    _steps(p, "macro", macro, "gdp_index", [()], year0)
    growth = frames["growth"].reset_index(drop=True)
    series = sorted(set(zip(growth["series"], growth["zone"], strict=True)))
    _steps(p, "growth", growth, "index", series, year0, keys=("series", "zone"))


def _steps(
    p: Problems,
    table: str,
    frame: pd.DataFrame,
    column: str,
    groups: list[tuple],
    year0: int,
    keys: tuple[str, ...] = (),
) -> None:
    for group in groups:
        mask = np.ones(len(frame), dtype=bool)
        for k, v in zip(keys, group, strict=True):
            mask &= (frame[k] == v).to_numpy()
        rows = frame[mask].sort_values("year")
        prev_year, prev = year0, 1.0
        for i, r in rows.iterrows():
            year, value = int(r["year"]), float(r[column])
            if year <= year0:
                prev_year, prev = year, value if year == year0 else prev
                continue
            step = (value / prev) ** (1 / max(1, year - prev_year)) if prev > 0 else np.inf
            if not 1 / INDEX_STEP <= step <= INDEX_STEP:
                what = " ".join(str(g) for g in group)
                msg = (
                    f"{what + ' ' if what else ''}{column} moves from {prev:.6g} ({prev_year}) to "
                    f"{value:.6g} ({year}): more than a factor {INDEX_STEP:g} a year (a unit "
                    f"or typing error?)"
                )
                p.error(table, msg, frame=frame, i=int(i), column=column)
            prev_year, prev = year, value


def check_energy(p: Problems, frames: Frames) -> None:
    """Each unit's primary energy per resident within ENERGY_PER_PERSON."""
    u = frames["units"]
    low, high = ENERGY_PER_PERSON
    for i, r in enumerate(u.itertuples(index=False)):
        per_person = 1000 * r.energy_2015_ktce / r.population_2015
        if not low <= per_person <= high:
            msg = (
                f"unit {r.code} ({r.name_en}): primary energy {r.energy_2015_ktce:.6g} ktce is "
                f"{per_person:.3g} tce per resident, outside {low:g}-{high:g} (a unit error?)"
            )
            p.error("units", msg, frame=u, i=i, column="energy_2015_ktce")


def check_city_totals(p: Problems, frames: Frames, shipped: Path) -> None:
    """Each pollutant's baseline sums to its city_totals.csv row within TOTALS_TOL; where
    the baseline also jumps from the shipped data's magnitude, the baseline is named."""
    totals = frames["city_totals"].reset_index(drop=True)
    sums = frames["baseline"].groupby("pollutant")["emissions_t"].sum()
    have = set(totals["pollutant"])
    missing = [q for q in POLLUTANTS if q not in have]
    if missing:
        msg = f"no row for {', '.join(missing)}: every pollutant's base-year city total is needed"
        p.error("city_totals", msg, column="pollutant")
    jump = _jump(p, shipped, "baseline", frames["baseline"], "emissions_t")
    if jump is not None and not all(
        abs(float(sums.get(r.pollutant, 0.0)) - r.total_2015_t) <= TOTALS_TOL * r.total_2015_t
        for r in totals.itertuples(index=False)
    ):
        msg = (
            f"emissions are typically {jump:.3g}x the shipped data's and their sums disagree "
            "with city_totals.csv: a unit error (kg for t?)"
        )
        p.error("baseline", msg, column="emissions_t")
        return
    for i, r in enumerate(totals.itertuples(index=False)):
        got = float(sums.get(r.pollutant, 0.0))
        if abs(got - r.total_2015_t) > TOTALS_TOL * r.total_2015_t:
            msg = (
                f"{r.pollutant}: baseline.csv sums to {got:,.6g} t but this row says "
                f"{r.total_2015_t:,.6g} t ({got / r.total_2015_t:.3g}x; tolerance "
                f"{TOTALS_TOL:.0%}): one of them is wrong, or in another unit"
            )
            p.error("city_totals", msg, frame=totals, i=i, column="total_2015_t")


def check_removal_units(p: Problems, frames: Frames, shipped: Path) -> None:
    """Potentials or removals in another unit: where ``potentials.csv`` (or
    ``removals.csv``) is typically UNIT_JUMP times the shipped data's and with it a
    measure removes more than its sector emits somewhere, the table that jumped is named
    (potentials x1000 used to be blamed on removals.csv by the removal bound)."""
    for table, column in (("potentials", "potential"), ("removals", "removal_t")):
        jump = _jump(p, shipped, table, frames[table], column)
        if jump is None:
            continue
        x = next((x for x in removal_excesses(frames) if x.has_row), None)
        if x is None:
            continue
        msg = (
            f"{column} is typically {jump:.3g}x the shipped data's, and with it one unit of "
            f"{x.measure!r} removes {x.first:,.6g} t {x.pollutant}, more than sector "
            f"{x.sector!r} emits in unit {x.code} ({x.most:,.6g} t with growth): a unit error?"
        )
        i = x.j if table == "potentials" else x.i
        p.error(table, msg, frame=frames[table], i=i, column=column)


def check_target_years(p: Problems, frames: Frames) -> None:
    """The rows of one target set share one year."""
    t = frames["targets"].reset_index(drop=True)
    for target_set in sorted(set(t["target_set"])):
        rows = t[t["target_set"] == target_set]
        first = int(rows["year"].mode().min())
        for i, r in rows.iterrows():
            if int(r["year"]) != first:
                msg = (
                    f"target set {target_set!r}: {r['target']} is for {int(r['year'])}, the "
                    f"set's other rows for {first}; a set's targets share one year"
                )
                p.error("targets", msg, frame=t, i=int(i), column="year")


def warn_unit_jumps(p: Problems, frames: Frames, shipped: Path) -> None:
    """A numeric column whose typical value is UNIT_JUMP times the shipped data's."""
    for spec in TABLES:
        if spec.name not in frames:
            continue
        ours = frames[spec.name]
        if spec.name == "targets":  # key-project rows are tonnes, the others fractions
            ours = ours[ours["kind"].isin(FRACTION_KINDS)]
        for column in ours.columns:
            if column == "year" or ours[column].dtype.kind not in "fi":
                continue
            jump = _jump(p, shipped, spec.name, ours, column)
            if jump is not None:
                p.warn(
                    spec.name,
                    f"column '{column}' is typically {jump:.3g}x the shipped data's: a likely "
                    "unit error",
                )


def _jump(p: Problems, shipped: Path, table: str, frame: pd.DataFrame, column: str) -> float | None:
    """How many times the shipped data's typical value ``column`` typically is, if that
    is UNIT_JUMP or more either way (None otherwise, and for the shipped data itself)."""
    file = shipped / f"{table}.csv"
    if p.folder.resolve() == shipped.resolve() or not file.is_file():
        return None
    ref = pd.read_csv(file)
    if column not in ref:
        return None
    a, b = _typical(frame[column]), _typical(ref[column])
    return a / b if a and b and not 1 / UNIT_JUMP < a / b < UNIT_JUMP else None


def _typical(values: pd.Series) -> float:
    v = pd.to_numeric(values, errors="coerce").abs()
    v = v[v > 0]
    return float(v.median()) if len(v) else 0.0


def magnitude_checks(shipped: Path) -> tuple[tuple[Check, ...], tuple[Check, ...]]:
    """The errors and the warnings, against the shipped data in ``shipped``."""
    errors = (
        check_indices,
        check_energy,
        partial(check_city_totals, shipped=shipped),
        partial(check_removal_units, shipped=shipped),
        check_target_years,
    )
    return errors, (partial(warn_unit_jumps, shipped=shipped),)
