"""Summaries of a dataset: totals by pollutant, zone, sector and guidance category."""

from __future__ import annotations

import pandas as pd

from emisim.model.data.checks import row_key
from emisim.model.data.dataset import Dataset
from emisim.model.data.schema import TABLES
from emisim.model.vocabulary import GRADES, POLLUTANTS


def _base(ds: Dataset) -> pd.DataFrame:
    return ds.baseline.merge(ds.units[["code", "zone"]], on="code")


def totals_by_pollutant(ds: Dataset) -> pd.DataFrame:
    """Baseline total per pollutant next to the city total it was built from."""
    got = ds.baseline.groupby("pollutant")["emissions_t"].sum()
    ref = ds.city_totals.set_index("pollutant")["total_2015_t"]
    out = pd.DataFrame({"baseline_t": got, "city_total_t": ref}).reindex(list(POLLUTANTS))
    out["difference_pct"] = 100 * (out["baseline_t"] / out["city_total_t"] - 1)
    return out


def totals_by(ds: Dataset, by: str) -> pd.DataFrame:
    """Baseline tonnes by ``zone`` or ``sector`` (rows) and pollutant (columns)."""
    table = _base(ds).pivot_table(
        index=by, columns="pollutant", values="emissions_t", aggfunc="sum", fill_value=0.0
    )
    return table.reindex(columns=[p for p in POLLUTANTS if p in table.columns])


def totals_by_category(ds: Dataset, family: str) -> pd.DataFrame:
    """Baseline tonnes of the units in each category of one guidance family."""
    cats = ds.guidance[ds.guidance["family"] == family][["subject", "category"]]
    merged = ds.baseline.merge(cats, left_on="code", right_on="subject")
    table = merged.pivot_table(
        index="category", columns="pollutant", values="emissions_t", aggfunc="sum", fill_value=0.0
    )
    table.insert(
        0, "units", cats[cats["subject"].isin(ds.units["code"])].groupby("category").size()
    )
    return table


def grade_counts(ds: Dataset) -> pd.DataFrame:
    """How many provenance entries carry each grade, per table."""
    return ds.provenance.pivot_table(
        index="table", columns="grade", values="column", aggfunc="count", fill_value=0
    )


def cell_grades(ds: Dataset) -> pd.DataFrame:
    """Numeric cells per table and grade (each cell's own provenance row, else its
    column's ``*`` row), with a ``total`` row and a ``share`` row over all cells."""
    counts: dict[str, dict[str, int]] = {}
    for spec in TABLES:
        if not spec.numeric_columns:
            continue
        try:
            frame = ds.table(spec.name)
        except KeyError:  # an optional table the folder does not have
            continue
        keys = [row_key(spec, r) for r in frame[list(spec.key)].to_dict("records")]
        for column in spec.numeric_columns:
            for key, value in zip(keys, frame[column], strict=True):
                if pd.isna(value):
                    continue
                grade = ds.provenance_of(spec.name, column, key)[0]
                row = counts.setdefault(spec.name, dict.fromkeys(GRADES, 0))
                row[grade] += 1
    table = pd.DataFrame.from_dict(counts, orient="index")[list(GRADES)].astype(float)
    total = table.sum()
    table.loc["total"] = total
    table.loc["share"] = (total / total.sum()).round(4)
    return table


def district_totals(ds: Dataset) -> pd.DataFrame:
    """The district x pollutant totals the derivation pinned to statistics
    (``inputs/district_totals.csv``; empty where the folder has none), with their grade."""
    file = ds.path / "inputs" / "district_totals.csv"
    if not file.is_file():
        return pd.DataFrame(columns=["code", "pollutant", "total_t", "grade", "source"])
    return pd.read_csv(file, dtype={"code": str})
