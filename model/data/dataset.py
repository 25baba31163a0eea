"""Load and validate an emisim dataset folder into one immutable :class:`Dataset`.

Validation runs in two steps, both before any model is built:

1. per row: every CSV row against its pydantic row model (types, ranges, enums);
2. across tables: unique keys, foreign keys, shares that sum to one, every unit in
   every guidance family exactly once, growth indices for every sector, zone and year,
   and a provenance grade for every numeric cell.

Every failure raises :class:`~emisim.model.errors.DataError` naming the file, the row
(as a spreadsheet shows it: the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
from pydantic import ValidationError

from emisim.model.data.schema import (
    FAMILIES,
    POLLUTANTS,
    TABLE_BY_NAME,
    TABLES,
    ZONES,
    TableSpec,
)
from emisim.model.errors import DataError, expect

SHARE_TOLERANCE = 1e-6
COST_RANGES = (("capex_low", "capex_yuan", "capex_high"), ("opex_low", "opex_yuan_yr", "opex_high"))
EMBEDDED = "chongqing"


def embedded_path() -> Path:
    """Folder of the default Chongqing dataset shipped inside the package."""
    return Path(str(resources.files("emisim.model.data").joinpath(EMBEDDED)))


def _table(name: str) -> property:
    def get(self: Dataset) -> pd.DataFrame:
        # A shallow copy is free under copy-on-write and makes any edit the caller's own.
        return self._tables[name].copy(deep=False)

    get.__doc__ = f"The ``{name}`` table (a copy: editing it never changes the dataset)."
    return property(get)


@dataclass(frozen=True)
class Dataset:
    """All tables of one dataset, validated: one DataFrame per table of ``schema.TABLES``.

    Immutable: the attributes cannot be reassigned and each table comes back as a fresh
    copy-on-write view, so a notebook that edits ``ds.units`` changes its own copy only.
    """

    path: Path
    file_hashes: Mapping[str, str]
    _tables: Mapping[str, pd.DataFrame] = field(repr=False)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    zones = _table("zones")
    units = _table("units")
    groups = _table("groups")
    categories = _table("categories")
    guidance = _table("guidance")
    targets = _table("targets")
    sectors = _table("sectors")
    city_totals = _table("city_totals")
    sector_shares = _table("sector_shares")
    baseline = _table("baseline")
    measures = _table("measures")
    removals = _table("removals")
    potentials = _table("potentials")
    deadlines = _table("deadlines")
    growth = _table("growth")
    macro = _table("macro")
    provenance = _table("provenance")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle with plain dicts (read-only mapping proxies cannot be pickled)."""
        return (_unpickle_dataset, (self.path, dict(self.file_hashes), dict(self._tables)))

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            raise KeyError(f"no table {name!r}; expected one of {list(self._tables)}")
        return getattr(self, name)

    @property
    def unit_codes(self) -> list[str]:
        return list(self.units["code"])

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.macro["year"])

    def provenance_of(self, table: str, column: str, key: str) -> tuple[str, str]:
        """(grade, source) of one cell: an exact row key wins over the ``*`` default."""
        index = self._cache.get("prov")
        if index is None:
            index = {
                (r.table, r.column, r.key): (r.grade, r.source)
                for r in self.provenance.itertuples(index=False)
            }
            self._cache["prov"] = index
        hit = index.get((table, column, key)) or index.get((table, column, "*"))
        if hit is None:
            raise KeyError(f"no provenance for {table}.{column}[{key}]")
        return hit


def _unpickle_dataset(path: Path, hashes: dict, tables: dict) -> Dataset:
    return Dataset(path, MappingProxyType(hashes), MappingProxyType(tables))


def row_key(spec: TableSpec, row: pd.Series | dict) -> str:
    return "|".join(str(row[c]) for c in spec.key)


# --------------------------------------------------------------------------- reading


def _read_rows(spec: TableSpec, path: Path) -> list[dict]:
    file = path / spec.file
    if not file.is_file():
        raise DataError(file, f"missing: a dataset needs every table ({spec.description})")
    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise DataError(file, "empty file: expected a header row", row=1)
            header = [h.strip() for h in header]
            expected = list(spec.columns)
            missing = [c for c in expected if c not in header]
            if missing:
                raise DataError(
                    file,
                    f"missing column(s) {missing}; expected {expected}",
                    row=1,
                    column=missing[0],
                )
            extra = [c for c in header if c not in expected]
            if extra:
                raise DataError(
                    file, f"unknown column; expected only {expected}", row=1, column=extra[0]
                )
            rows = []
            for n, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    raise DataError(
                        file,
                        f"{len(values)} fields, expected {len(header)} as in the header",
                        row=n,
                    )
                rows.append({"__row": n, **dict(zip(header, values, strict=True))})
            return rows
    except UnicodeDecodeError as exc:
        raise DataError(file, f"not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise DataError(file, f"CSV syntax error: {exc}") from None


def _validate_rows(spec: TableSpec, path: Path, raw: list[dict]) -> pd.DataFrame:
    file = path / spec.file
    records = []
    for r in raw:
        values = {k: (None if v.strip() == "" else v) for k, v in r.items() if k != "__row"}
        try:
            rec = spec.row.model_validate(values)
        except ValidationError as exc:
            err = exc.errors()[0]
            column = str(err["loc"][0]) if err["loc"] else None
            got = values.get(column) if column else None
            raise DataError(
                file, f"{err['msg']} (got {got!r})", row=r["__row"], column=column
            ) from None
        records.append(rec.model_dump())
    frame = pd.DataFrame.from_records(records, columns=list(spec.columns))
    frame.attrs["rows"] = [r["__row"] for r in raw]
    return frame


def _hash(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Read, validate and return the dataset in ``path`` (default: the embedded one)."""
    if path is not None:
        expect(path, (str, Path), "path: expected a dataset folder")
    folder = Path(path) if path is not None else embedded_path()
    if not folder.is_dir():
        raise DataError(folder, "not a folder: expected a dataset folder with the CSV tables")
    frames: dict[str, pd.DataFrame] = {}
    for spec in TABLES:
        frames[spec.name] = _validate_rows(spec, folder, _read_rows(spec, folder))
    _check_tables(folder, frames)
    hashes = {spec.file: _hash(folder / spec.file) for spec in TABLES}
    return Dataset(folder.resolve(), MappingProxyType(hashes), MappingProxyType(frames))


# --------------------------------------------------------------------------- cross-table


def _fail(folder: Path, table: str, frame: pd.DataFrame, i: int, column: str, msg: str):
    rows = frame.attrs.get("rows") or []
    row = rows[i] if i < len(rows) else None
    raise DataError(folder / f"{table}.csv", msg, row=row, column=column)


def _check_keys(folder: Path, frames: dict[str, pd.DataFrame]) -> None:
    for spec in TABLES:
        frame = frames[spec.name]
        dup = frame.duplicated(list(spec.key), keep="first")
        if dup.any():
            i = int(dup.to_numpy().nonzero()[0][0])
            key = row_key(spec, frame.iloc[i])
            _fail(folder, spec.name, frame, i, spec.key[-1], f"duplicate key {key!r}")
        for fk in spec.foreign_keys:
            ref = frames[fk.ref_table]
            known = set(map(tuple, ref[list(fk.ref_columns)].astype(str).to_numpy()))
            values = frame[list(fk.columns)].astype(str).to_numpy()
            for i, v in enumerate(map(tuple, values)):
                if v not in known:
                    shown = "|".join(v)
                    _fail(
                        folder,
                        spec.name,
                        frame,
                        i,
                        fk.columns[-1],
                        f"unknown {'/'.join(fk.columns)} {shown!r}: not in {fk.ref_table}.csv",
                    )


def _check_sums(folder: Path, frames: dict[str, pd.DataFrame]) -> None:
    shares = frames["sector_shares"]
    for pollutant in POLLUTANTS:
        sub = shares[shares["pollutant"] == pollutant]
        total = float(sub["share"].sum())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            i = int(sub.index[-1]) if len(sub) else 0
            _fail(
                folder,
                "sector_shares",
                shares,
                i,
                "share",
                f"shares of {pollutant} sum to {total:.6f}, expected 1",
            )
    for group, sub in frames["groups"].groupby("group"):
        if sub["code"].nunique() < 1:
            _fail(
                folder, "groups", frames["groups"], int(sub.index[0]), "code", f"{group} is empty"
            )
    zones = frames["zones"]
    for i, z in enumerate(zones["zone"]):
        if z not in ZONES:
            _fail(folder, "zones", zones, i, "zone", f"unknown zone {z!r}")


def _check_guidance(folder: Path, frames: dict[str, pd.DataFrame]) -> None:
    guidance, categories = frames["guidance"], frames["categories"]
    for i, (fam, cat) in enumerate(zip(categories["family"], categories["category"], strict=True)):
        if cat not in FAMILIES[fam]:
            _fail(
                folder,
                "categories",
                categories,
                i,
                "category",
                f"{cat!r} is not a category of {fam}; expected one of {list(FAMILIES[fam])}",
            )
    units = set(frames["units"]["code"])
    groups = set(frames["groups"]["group"])
    for i, s in enumerate(guidance["subject"]):
        if s not in units and s not in groups:
            _fail(
                folder,
                "guidance",
                guidance,
                i,
                "subject",
                f"unknown subject {s!r}: neither a unit code in units.csv nor a group",
            )
    for fam in FAMILIES:
        listed = set(guidance.loc[guidance["family"] == fam, "subject"])
        missing = sorted(units - listed)
        if missing:
            raise DataError(
                folder / "guidance.csv",
                f"unit(s) {missing} have no category in family {fam!r}; "
                "every unit needs exactly one row per family",
                column="subject",
            )


def _check_coverage(folder: Path, frames: dict[str, pd.DataFrame]) -> None:
    """Every sector used has growth for every zone and year; every measure has a removal."""
    growth = frames["growth"]
    years = sorted(frames["macro"]["year"])
    have = set(zip(growth["series"], growth["zone"], growth["year"], strict=True))
    series = [*frames["sectors"]["sector"], "coal", "energy"]
    for s in series:
        for z in ZONES:
            for y in years[1:]:
                if (s, z, y) not in have:
                    raise DataError(
                        folder / "growth.csv",
                        f"no BAU index for series {s!r}, zone {z!r}, year {y}",
                        column="index",
                    )
    known = set(series)
    for i, s in enumerate(growth["series"]):
        if s not in known:
            _fail(
                folder,
                "growth",
                growth,
                i,
                "series",
                f"unknown series {s!r}: expected a sector, 'coal' or 'energy'",
            )
    with_removal = set(frames["removals"]["measure"])
    measures = frames["measures"]
    for i, m in enumerate(measures["measure"]):
        if m not in with_removal and float(measures["coal_cut_ktce"].iloc[i]) == 0.0:
            _fail(
                folder,
                "measures",
                measures,
                i,
                "measure",
                f"measure {m!r} removes nothing: no row in removals.csv and no coal cut",
            )
        for low, mid_col, high in COST_RANGES:
            lo, mid, hi = (float(measures[c].iloc[i]) for c in (low, mid_col, high))
            if not lo <= mid <= hi:
                msg = f"expected {low} <= {mid_col} <= {high}, got {lo}, {mid}, {hi}"
                _fail(folder, "measures", measures, i, mid_col, msg)


def _check_provenance(folder: Path, frames: dict[str, pd.DataFrame]) -> None:
    prov = frames["provenance"]
    entries = set(zip(prov["table"], prov["column"], prov["key"], strict=True))
    for i, (t, c) in enumerate(zip(prov["table"], prov["column"], strict=True)):
        spec = TABLE_BY_NAME.get(t)
        if spec is None or c not in spec.columns:
            _fail(
                folder,
                "provenance",
                prov,
                i,
                "column" if spec else "table",
                f"no such table/column {t}.{c}",
            )
    for spec in TABLES:
        for column in spec.numeric_columns:
            if (spec.name, column, "*") in entries:
                continue
            frame = frames[spec.name]
            for i in range(len(frame)):
                key = row_key(spec, frame.iloc[i])
                if (spec.name, column, key) not in entries:
                    _fail(
                        folder,
                        spec.name,
                        frame,
                        i,
                        column,
                        f"no provenance: add a row ({spec.name}, {column}, {key} or *) "
                        "with a grade and a source to provenance.csv",
                    )


def _check_deadlines(folder: Path, frames: dict[str, pd.DataFrame]) -> None:
    """A share of the programme needs a programme quantity, and is city-wide."""
    dl = frames["deadlines"]
    qty = dict(zip(frames["measures"]["measure"], frames["measures"]["programme_qty"], strict=True))
    for i, r in enumerate(dl.itertuples(index=False)):
        if r.basis != "programme":
            continue
        if qty.get(r.measure) is None or qty[r.measure] != qty[r.measure]:
            msg = f"basis 'programme' but measure {r.measure!r} has no programme_qty"
            _fail(folder, "deadlines", dl, i, "basis", msg)
        if r.scope != "city":
            msg = "a share of the programme quantity is city-wide: expected scope 'city'"
            _fail(folder, "deadlines", dl, i, "scope", msg)


def _check_tables(folder: Path, frames: dict[str, pd.DataFrame]) -> None:
    for check in _CHECKS:
        check(folder, frames)


_CHECKS: Iterable = (
    _check_keys,
    _check_sums,
    _check_guidance,
    _check_coverage,
    _check_deadlines,
    _check_provenance,
)
