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
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
from pydantic import ValidationError

from emisim.model.data.checks import STRUCTURE, Problems, row_key, run_checks
from emisim.model.data.magnitude import magnitude_checks
from emisim.model.data.meaning import MEANING, MISSING_ROWS, WARNINGS
from emisim.model.data.period import Period
from emisim.model.data.schema import TABLES, TableSpec
from emisim.model.errors import DataError, excerpt, expect

__all__ = ["Dataset", "embedded_path", "load_dataset", "row_key"]

#: At most this many row errors are collected per table: one broken column should
#: not bury the other tables' errors.
MAX_ROW_ERRORS = 20
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
    #: Disagreements between tables that may be deliberate (``emisim data validate``).
    warnings: tuple[str, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    period = _table("period")
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
    cost_factors = _table("cost_factors")
    net_costs = _table("net_costs")
    observed = _table("observed")

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle with plain dicts (read-only mapping proxies cannot be pickled)."""
        tables = dict(self._tables)
        return (_unpickle_dataset, (self.path, dict(self.file_hashes), tables, self.warnings))

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            raise KeyError(f"no table {name!r}; expected one of {list(self._tables)}")
        return getattr(self, name)

    @property
    def plan_period(self) -> Period:
        """The plan period this dataset belongs to (period.csv)."""
        row = self._tables["period"].iloc[0].to_dict()
        return Period(**{k: int(v) if k.endswith("year") else str(v) for k, v in row.items()})

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


def _unpickle_dataset(path: Path, hashes: dict, tables: dict, warnings: tuple) -> Dataset:
    return Dataset(path, MappingProxyType(hashes), MappingProxyType(tables), warnings)


# --------------------------------------------------------------------------- reading


def _read_rows(spec: TableSpec, path: Path) -> list[dict]:
    file = path / spec.file
    if spec.optional and not file.exists():
        return []
    if not file.is_file():
        raise DataError(file, f"missing: a dataset needs every table ({spec.description})")
    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = _header(spec, file, next(reader, None))
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


def _header(spec: TableSpec, file: Path, header: list[str] | None) -> list[str]:
    """The header must name each of the table's columns exactly once, and nothing else."""
    if header is None:
        raise DataError(file, "empty file: expected a header row", row=1)
    header = [h.strip() for h in header]
    expected = list(spec.columns)
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise DataError(file, "column named twice in the header", row=1, column=twice[0])
    missing = [c for c in expected if c not in header]
    if missing:
        msg = f"missing column(s) {missing}; expected {expected}"
        raise DataError(file, msg, row=1, column=missing[0])
    extra = [c for c in header if c not in expected]
    if extra:
        msg = f"unknown column; expected only {expected}"
        raise DataError(file, msg, row=1, column=excerpt(extra[0]))
    return header


def _validate_rows(spec: TableSpec, path: Path, raw: list[dict], p: Problems) -> pd.DataFrame:
    """Validate every row; record the first error of each bad row (up to a limit)."""
    records = []
    bad = 0
    for r in raw:
        values = {k: (None if v.strip() == "" else v) for k, v in r.items() if k != "__row"}
        try:
            records.append(spec.row.model_validate(values).model_dump())
        except ValidationError as exc:
            bad += 1
            if bad <= MAX_ROW_ERRORS:
                err = exc.errors()[0]
                column = str(err["loc"][0]) if err["loc"] else None
                got = values.get(column) if column else None
                msg = f"{err['msg']} (got {excerpt(got)})"
                p.errors.append(DataError(path / spec.file, msg, row=r["__row"], column=column))
    if bad > MAX_ROW_ERRORS:
        p.error(spec.name, f"... and {bad - MAX_ROW_ERRORS} more bad rows")
    frame = pd.DataFrame.from_records(records, columns=list(spec.columns))
    frame.attrs["rows"] = RowNumbers(r["__row"] for r in raw)
    return frame


class RowNumbers(tuple):
    """The file row of each frame row, for error messages. Immutable, so pandas (which
    deep-copies ``attrs`` on every operation) shares it instead of copying it element by
    element: that copying was most of the time spent loading the dataset."""

    __slots__ = ()

    def __deepcopy__(self, memo: dict) -> RowNumbers:
        return self


def _hash(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Read, validate and return the dataset in ``path`` (default: the embedded one).

    Every problem is collected and reported in one :class:`~emisim.model.errors.DataErrors`
    (a DataError): every bad row, every structural problem (keys, references, coverage)
    and every problem of meaning (:mod:`.meaning`), each check run only on tables with no
    error so far (:func:`~.checks.run_checks`), so that no error is a mere consequence of
    another and independent errors in different files all show in one pass.
    ``Dataset.warnings`` lists disagreements between tables that may be deliberate."""
    if path is not None:
        expect(path, (str, Path), "path: expected a dataset folder")
    folder = Path(path) if path is not None else embedded_path()
    if not folder.is_dir():
        raise DataError(folder, "not a folder: expected a dataset folder with the CSV tables")
    p = Problems(folder)
    frames: dict[str, pd.DataFrame] = {}
    for spec in TABLES:
        try:
            frames[spec.name] = _validate_rows(spec, folder, _read_rows(spec, folder), p)
        except DataError as exc:
            p.errors.append(exc)
    run_checks(p, frames, STRUCTURE)  # each check only on tables without errors so far
    run_checks(p, frames, MISSING_ROWS)  # a missing baseline row, before the totals
    magnitude, unit_jumps = magnitude_checks(embedded_path())
    run_checks(p, frames, magnitude)  # numbers against physical sense and each other
    run_checks(p, frames, MEANING)  # ... including the errors just found
    p.raise_errors()
    run_checks(p, frames, (*WARNINGS, *unit_jumps))
    p.raise_errors()
    hashes = {s.file: _hash(folder / s.file) for s in TABLES if (folder / s.file).is_file()}
    return Dataset(
        folder.resolve(), MappingProxyType(hashes), MappingProxyType(frames), tuple(p.warnings)
    )
