"""Costs match their sources: cost_per_tonne.csv, recomputed from the model's tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from emisim.model.data import embedded_path

DATA = embedded_path()
RATE = 0.08  # COST_CHECK_DISCOUNT_RATE in inputs/parameters.csv
DOCS = Path(__file__).parents[1] / "docs" / "data.md"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(DATA / "cost_per_tonne.csv")


def _expected(row, measures: pd.DataFrame, removals: pd.DataFrame) -> float:
    m = measures.loc[row.measure]
    if row.metric == "capex_per_unit":
        return m.capex_yuan
    if row.metric == "opex_per_unit":
        return m.opex_yuan_yr
    r = removals.loc[(row.measure, row.pollutant), "removal_t"]
    if row.metric == "capex_per_t_yr":
        return m.capex_yuan / r
    crf = RATE / (1 - (1 + RATE) ** -int(m.lifetime_yr))
    return (m.capex_yuan * crf + m.opex_yuan_yr) / r


def test_every_measure_is_compared_or_listed(table) -> None:
    measures = pd.read_csv(DATA / "measures.csv")
    per_t = table[table["metric"] == "yuan_per_t"]
    assert set(per_t["measure"]) == set(measures["measure"])


def test_values_follow_the_model_tables(table) -> None:
    measures = pd.read_csv(DATA / "measures.csv").set_index("measure")
    removals = pd.read_csv(DATA / "removals.csv").set_index(["measure", "pollutant"])
    for row in table.itertuples():
        assert row.value == pytest.approx(_expected(row, measures, removals), rel=2e-5), row


def test_within_the_source_range_or_an_exception_with_its_reason(table) -> None:
    for row in table.itertuples():
        if row.status == "within":
            assert row.source_low <= row.value <= row.source_high, row
            assert isinstance(row.source, str) and len(row.source) > 20
        else:
            assert row.status in ("exception", "no_source")
            assert isinstance(row.reason, str) and len(row.reason) > 20, row
            if row.status == "exception":
                assert not row.source_low <= row.value <= row.source_high


def test_docs_show_the_table(table) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for row in table[table["status"] != "no_source"].itertuples():
        assert f"| {row.measure} | {row.pollutant} | {row.metric} | {row.value:,.0f} |" in docs
