"""Cross-table checks of a dataset: keys, references, sums, coverage, provenance.

Every check records its problems in one :class:`Problems` instead of raising, so a
user fixing a dataset sees every error of a run at once. :mod:`.meaning` adds the
checks that catch a plan that silently changed (targets, removals, potentials).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path

import pandas as pd

from emisim.model.data.schema import (
    FAMILIES,
    FRACTION_KINDS,
    POLLUTANTS,
    TABLE_BY_NAME,
    TABLES,
    TableSpec,
)
from emisim.model.errors import DataError, DataErrors, excerpt

SHARE_TOLERANCE = 1e-6
COST_RANGES = (("capex_low", "capex_yuan", "capex_high"), ("opex_low", "opex_yuan_yr", "opex_high"))

Frames = Mapping[str, pd.DataFrame]
Check = Callable[["Problems", Frames], None]


class Problems:
    """Errors and warnings of one dataset, collected so that all are reported at once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.errors: list[DataError] = []
        self.warnings: list[str] = []

    def error(
        self,
        table: str,
        message: str,
        *,
        frame: pd.DataFrame | None = None,
        i: int | None = None,
        column: str | None = None,
    ) -> None:
        """Record an error in ``table``; ``frame`` and position ``i`` give the CSV row."""
        row = None
        if frame is not None and i is not None:
            rows = frame.attrs.get("rows") or []
            row = rows[i] if i < len(rows) else None
        self.errors.append(DataError(self.folder / f"{table}.csv", message, row=row, column=column))

    def warn(self, table: str, message: str) -> None:
        self.warnings.append(f"{self.folder / f'{table}.csv'}: {message}")

    def raise_errors(self) -> None:
        if self.errors:
            raise DataErrors(self.errors)


def row_key(spec: TableSpec, row: pd.Series | dict) -> str:
    return "|".join(str(row[c]) for c in spec.key)


def check_keys(spec: TableSpec, p: Problems, frames: Frames) -> None:
    """Unique keys and foreign keys of one table, as the schema declares them."""
    frame = frames[spec.name]
    dup = frame.duplicated(list(spec.key), keep="first")
    for i in dup.to_numpy().nonzero()[0]:
        key = row_key(spec, frame.iloc[int(i)])
        p.error(
            spec.name, f"duplicate key {excerpt(key)}", frame=frame, i=int(i), column=spec.key[-1]
        )
    for fk in spec.foreign_keys:
        ref = frames[fk.ref_table]
        known = set(map(tuple, ref[list(fk.ref_columns)].astype(str).to_numpy()))
        values = frame[list(fk.columns)].astype(str).to_numpy()
        for i, v in enumerate(map(tuple, values)):
            if v not in known:
                shown = excerpt("|".join(v))
                msg = f"unknown {'/'.join(fk.columns)} {shown}: not in {fk.ref_table}.csv"
                p.error(spec.name, msg, frame=frame, i=i, column=fk.columns[-1])


def check_required(spec: TableSpec, p: Problems, frames: Frames) -> None:
    """A table the model cannot do without must have rows, not only a header."""
    if not spec.may_be_empty and frames[spec.name].empty:
        p.error(spec.name, f"no rows: a dataset needs {spec.description}", column=None)


def per_table(check: Callable[[TableSpec, Problems, Frames], None]) -> list[Check]:
    """One check per table, so that a broken table silences only the checks that read it."""
    return [partial(check, spec) for spec in TABLES]


def check_sums(p: Problems, frames: Frames) -> None:
    shares = frames["sector_shares"]
    for pollutant in POLLUTANTS:
        sub = shares[shares["pollutant"] == pollutant]
        total = float(sub["share"].sum())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            i = int(sub.index[-1]) if len(sub) else None
            msg = f"shares of {pollutant} sum to {total:.6f}, expected 1"
            p.error("sector_shares", msg, frame=shares, i=i, column="share")


def check_group_names(p: Problems, frames: Frames) -> None:
    """A group has one name per language: every row of it repeats the same."""
    groups = frames["groups"]
    for column in ("name_en", "name_zh"):
        first = groups.groupby("group")[column].transform("first")
        for i in (groups[column] != first).to_numpy().nonzero()[0]:
            r = groups.iloc[int(i)]
            msg = f"group {r['group']!r} is named {excerpt(first.iloc[int(i)])} in an earlier row"
            p.error("groups", msg, frame=groups, i=int(i), column=column)


def check_guidance(p: Problems, frames: Frames) -> None:
    guidance, categories = frames["guidance"], frames["categories"]
    for i, (fam, cat) in enumerate(zip(categories["family"], categories["category"], strict=True)):
        if cat not in FAMILIES[fam]:
            msg = (
                f"{excerpt(cat)} is not a category of {fam}; expected one of {list(FAMILIES[fam])}"
            )
            p.error("categories", msg, frame=categories, i=i, column="category")
    units = set(frames["units"]["code"])
    groups = set(frames["groups"]["group"])
    for i, s in enumerate(guidance["subject"]):
        if s not in units and s not in groups:
            msg = f"unknown subject {excerpt(s)}: neither a unit code in units.csv nor a group"
            p.error("guidance", msg, frame=guidance, i=i, column="subject")
    if guidance.empty:
        return  # a period whose plan gives no district categories (docs/model.md)
    for fam in FAMILIES:
        listed = set(guidance.loc[guidance["family"] == fam, "subject"])
        missing = sorted(units - listed)
        if missing:
            msg = (
                f"unit(s) {excerpt(missing)} have no category in family {fam!r}; "
                "every unit needs exactly one row per family"
            )
            p.error("guidance", msg, column="subject")


def base_year(frames: Frames) -> int:
    """The period's base year (period.csv, its one row)."""
    return int(frames["period"]["base_year"].iloc[0])


def check_period(p: Problems, frames: Frames) -> None:
    """period.csv has one row whose years run base < first <= last, and its target set
    exists in targets.csv with rows the period's mechanism reads, for its last year only."""
    period = frames["period"]
    if len(period) != 1:
        p.error("period", f"expected one row (the folder's plan period), got {len(period)}")
        return
    r = period.iloc[0]
    if not int(r.base_year) < int(r.first_year) <= int(r.last_year):
        msg = (
            f"expected base_year < first_year <= last_year, got {r.base_year}, "
            f"{r.first_year}, {r.last_year}"
        )
        p.error("period", msg, frame=period, i=0, column="first_year")
    targets = frames["targets"]
    mine = [i for i, s in enumerate(targets["target_set"]) if s == r.target_set]
    if not mine:
        known = sorted(set(targets["target_set"]))
        msg = f"target set {r.target_set!r} has no row in targets.csv (it has {known})"
        p.error("period", msg, frame=period, i=0, column="target_set")
        return
    wanted = "emission_cut" if r.mechanism == "percent_of_base" else "key_project_t"
    other = "key_project_t" if wanted == "emission_cut" else "emission_cut"
    for i in mine:
        kind, year = targets["kind"].iloc[i], int(targets["year"].iloc[i])
        if kind == other:
            msg = (
                f"kind {kind!r} disagrees with period.csv: mechanism {r.mechanism!r} of "
                f"target set {r.target_set!r} states its pollutant targets as {wanted!r}"
            )
            p.error("targets", msg, frame=targets, i=i, column="kind")
        if year != int(r.last_year):
            msg = f"year {year}: the period's targets are for its last year {r.last_year}"
            p.error("targets", msg, frame=targets, i=i, column="year")
    if not any(targets["kind"].iloc[i] == wanted for i in mine):
        msg = (
            f"mechanism {r.mechanism!r} needs rows of kind {wanted!r} in target set "
            f"{r.target_set!r} (targets.csv); it has none"
        )
        p.error("period", msg, frame=period, i=0, column="mechanism")


def check_targets(p: Problems, frames: Frames) -> None:
    """Cuts, shares and intensity cuts are fractions (key-project rows are tonnes)."""
    targets = frames["targets"]
    for i, r in enumerate(targets.itertuples(index=False)):
        if r.kind in FRACTION_KINDS and not float(r.value) < 1:
            msg = f"a {r.kind} is a fraction: input should be less than 1, got {r.value}"
            p.error("targets", msg, frame=targets, i=i, column="value")


def check_years(p: Problems, frames: Frames) -> None:
    """macro.csv has the base year and no gaps: every model year needs its GDP index."""
    macro = frames["macro"]
    years = sorted(int(y) for y in macro["year"])
    base = base_year(frames)
    if base not in years:
        p.error("macro", f"no row for the base year {base} (period.csv)", column="year")
    for year in range(years[0], years[-1] + 1) if years else ():
        if year not in years:
            p.error(
                "macro", f"no row for year {year}: the years must run without gaps", column="year"
            )


def check_coverage(p: Problems, frames: Frames) -> None:
    """Every sector has growth for every zone and model year; every measure removes something."""
    growth = frames["growth"]
    base = base_year(frames)
    years = sorted(int(y) for y in frames["macro"]["year"] if int(y) > base)
    have = set(zip(growth["series"], growth["zone"], growth["year"], strict=True))
    series = [*frames["sectors"]["sector"], "coal", "energy"]
    for s in series:
        for z in frames["zones"]["zone"]:
            gaps = [y for y in years if (s, z, y) not in have]
            if gaps:
                msg = f"no BAU index for series {s!r}, zone {z!r}, year(s) {gaps}"
                p.error("growth", msg, column="index")
    known = set(series)
    for i, s in enumerate(growth["series"]):
        if s not in known:
            msg = f"unknown series {excerpt(s)}: expected a sector, 'coal' or 'energy'"
            p.error("growth", msg, frame=growth, i=i, column="series")
    with_removal = set(frames["removals"]["measure"])
    measures = frames["measures"]
    for i, m in enumerate(measures["measure"]):
        if m not in with_removal and float(measures["coal_cut_ktce"].iloc[i]) == 0.0:
            msg = f"measure {m!r} removes nothing: no row in removals.csv and no coal cut"
            p.error("measures", msg, frame=measures, i=i, column="measure")
        for low, mid_col, high in COST_RANGES:
            lo, mid, hi = (float(measures[c].iloc[i]) for c in (low, mid_col, high))
            if not lo <= mid <= hi:
                msg = f"expected {low} <= {mid_col} <= {high}, got {lo}, {mid}, {hi}"
                p.error("measures", msg, frame=measures, i=i, column=mid_col)


def check_baseline_units(p: Problems, frames: Frames) -> None:
    """Every unit of units.csv has base-year emissions: a unit without a baseline row
    (its rows deleted, or its code mistyped) would otherwise surface as removals larger
    than emissions there, or as an infeasible run, blaming another file."""
    have = set(frames["baseline"]["code"].astype(str))
    units = frames["units"]
    for code, name in zip(units["code"], units["name_en"], strict=True):
        if str(code) not in have:
            msg = (
                f"no row for unit {code} ({excerpt(name)}): every unit of units.csv needs its "
                "base-year emissions (rows deleted, or the code changed?)"
            )
            p.error("baseline", msg, column="code")


def check_provenance_names(p: Problems, frames: Frames) -> None:
    """Every provenance row names a table and column of the schema."""
    prov = frames["provenance"]
    for i, (t, c) in enumerate(zip(prov["table"], prov["column"], strict=True)):
        spec = TABLE_BY_NAME.get(t)
        if spec is None or c not in spec.columns:
            column = "column" if spec else "table"
            p.error("provenance", f"no such table/column {t}.{c}", frame=prov, i=i, column=column)


def check_provenance(spec: TableSpec, p: Problems, frames: Frames) -> None:
    """Every numeric cell of one table has a provenance row (its own key or ``*``)."""
    if not spec.numeric_columns:
        return
    prov = frames["provenance"]
    entries = set(zip(prov["table"], prov["column"], prov["key"], strict=True))
    for column in spec.numeric_columns:
        if (spec.name, column, "*") in entries:
            continue
        frame = frames[spec.name]
        for i in range(len(frame)):
            key = row_key(spec, frame.iloc[i])
            if (spec.name, column, key) not in entries:
                msg = (
                    f"no provenance: add a row ({spec.name}, {column}, {key} or *) "
                    "with a grade and a source to provenance.csv"
                )
                p.error(spec.name, msg, frame=frame, i=i, column=column)


def check_deadlines(p: Problems, frames: Frames) -> None:
    """A share of the programme needs a programme quantity, and is city-wide."""
    dl = frames["deadlines"]
    qty = dict(zip(frames["measures"]["measure"], frames["measures"]["programme_qty"], strict=True))
    for i, r in enumerate(dl.itertuples(index=False)):
        if r.basis != "programme":
            continue
        if qty.get(r.measure) is None or qty[r.measure] != qty[r.measure]:
            msg = f"basis 'programme' but measure {r.measure!r} has no programme_qty"
            p.error("deadlines", msg, frame=dl, i=i, column="basis")
        if r.scope != "city":
            msg = "a share of the programme quantity is city-wide: expected scope 'city'"
            p.error("deadlines", msg, frame=dl, i=i, column="scope")


#: Structural checks: each needs only the row-valid tables it reads.
STRUCTURE: tuple[Check, ...] = (
    *per_table(check_required),
    *per_table(check_keys),
    check_period,
    check_targets,
    check_years,
    check_sums,
    check_group_names,
    check_guidance,
    check_coverage,
    check_deadlines,
    check_baseline_units,
    check_provenance_names,
    *per_table(check_provenance),
)


class _Broken(Exception):
    """A check asked for a table that already has errors."""


class _Guarded(Mapping[str, pd.DataFrame]):
    """The frames, except that reading a broken table stops the check that reads it."""

    def __init__(self, frames: Frames, broken: set[str]) -> None:
        self._frames, self._broken = frames, broken

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self._broken:
            raise _Broken(name)
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)


def run_checks(p: Problems, frames: Frames, checks: Iterable[Check]) -> None:
    """Run every check whose tables are all free of errors so far, and record its findings.

    A check that reads a table with an error (a bad row, a missing file, or an error of
    an earlier check) is skipped as a whole: what it would find may be a mere consequence
    of that error. So one pass reports every independent error in every table."""
    broken = {Path(e.file).stem for e in p.errors}
    for check in checks:
        found = Problems(p.folder)
        try:
            check(found, _Guarded(frames, broken))
        except _Broken:
            continue
        p.errors.extend(found.errors)
        p.warnings.extend(found.warnings)
        broken |= {Path(e.file).stem for e in found.errors}  # later checks skip it too
