"""The plan period a dataset folder belongs to (``period.csv``, one row), and the shipped
dataset folders by name (docs/model.md, *Plan periods*).

A period is data: its base year, horizon (first and last model year), target mechanism
(``percent_of_base``: cuts in % of the base year's totals, 13th FYP; ``key_project_tonnes``:
tonnes removed by key projects, 14th FYP) and target set. A scenario takes its years and
target set from the period of the dataset it selects, unless it states them itself.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from emisim.model.data.schema import PeriodRow
from emisim.model.errors import DataError

#: The dataset folder a scenario gets when it names none (the 13th FYP).
DEFAULT_DATASET = "chongqing"
PERIOD_FILE = "period.csv"


@dataclass(frozen=True)
class Period:
    """One plan period: what ``period.csv`` states."""

    period: str
    name_en: str
    name_zh: str
    base_year: int
    first_year: int
    last_year: int
    mechanism: str
    target_set: str
    plan_en: str
    plan_zh: str

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))

    def label(self, lang: str = "en") -> str:
        """'13th Five-Year Plan (2016–2020, base 2015)', or its Chinese."""
        if lang == "zh":
            years = f"{self.first_year}—{self.last_year}年"
            return f"{self.name_zh}规划（{years}，基准年{self.base_year}年）"
        return f"{self.name_en} ({self.first_year}–{self.last_year}, base {self.base_year})"

    def as_dict(self) -> dict[str, str | int]:
        return dict(self.__dict__)


def shipped_datasets() -> dict[str, Path]:
    """Name -> folder of every dataset shipped inside the package (a folder with a
    ``period.csv``)."""
    root = Path(str(resources.files("emisim.model.data")))
    return {p.name: p for p in sorted(root.iterdir()) if p.is_dir() and (p / PERIOD_FILE).is_file()}


def dataset_folder(name: str) -> Path:
    """The shipped dataset ``name`` (e.g. ``chongqing-fyp14``); KeyError naming the others."""
    known = shipped_datasets()
    if name not in known:
        raise KeyError(f"no shipped dataset {name!r}; expected one of {sorted(known)}")
    return known[name]


def read_period(folder: Path) -> Period:
    """The period of a dataset folder, from its ``period.csv`` alone (the full checks run
    when the dataset loads). DataError naming file, row and column when it is missing or
    wrong. Cached on the file's path, size and modification time (every scenario a sweep
    derives reads it)."""
    file = Path(folder) / PERIOD_FILE
    if not file.is_file():
        raise DataError(file, "missing: a dataset folder states its plan period (one row)")
    stat = file.stat()
    return _read(str(file.resolve()), stat.st_mtime_ns, stat.st_size)


def target_value(folder: Path, target_set: str, kind: str) -> float | None:
    """The value of the one ``kind`` row of ``target_set`` in the folder's targets.csv
    (None where it has none or the file is missing; the full checks run at loading)."""
    file = Path(folder) / "targets.csv"
    if not file.is_file():
        return None
    stat = file.stat()
    return _targets(str(file.resolve()), stat.st_mtime_ns, stat.st_size).get((target_set, kind))


@lru_cache(maxsize=64)
def _targets(path: str, _mtime: int, _size: int) -> dict[tuple[str, str], float]:
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        out = {}
        for r in csv.DictReader(fh):
            try:
                out[(r.get("target_set") or "", r.get("kind") or "")] = float(r["value"])
            except (TypeError, ValueError, KeyError):
                continue  # a bad row: load_dataset names it
        return out


@lru_cache(maxsize=64)
def _read(path: str, _mtime: int, _size: int) -> Period:
    file = Path(path)
    with file.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if any((v or "").strip() for v in r.values())]
    if len(rows) != 1:
        raise DataError(file, f"expected one row (the folder's plan period), got {len(rows)}")
    try:
        row = PeriodRow.model_validate({k: v for k, v in rows[0].items() if k is not None})
    except ValidationError as exc:
        err = exc.errors()[0]
        column = str(err["loc"][0]) if err["loc"] else None
        raise DataError(file, err["msg"], row=2, column=column) from None
    return Period(**row.model_dump())
