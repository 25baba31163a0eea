"""Summaries of a dataset: totals by pollutant, zone, sector and guidance category."""

from __future__ import annotations

import pandas as pd

from emisim.model.data.dataset import Dataset
from emisim.model.vocabulary import POLLUTANTS


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
