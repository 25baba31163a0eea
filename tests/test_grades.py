"""Honest grades: 'sourced' only where a registered document states the number for
Chongqing (or the named place); the plan's readings are listed with their grade."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from emisim.model.data import embedded_path
from emisim.model.vocabulary import GRADES

DATA = embedded_path()
ROOT = Path(__file__).parents[1]


def _documents() -> pd.DataFrame:
    return pd.read_csv(DATA / "inputs" / "documents.csv")


def _names(source: str, docs: pd.DataFrame) -> list[str]:
    return [d for d in docs["document"] if d in source]


def test_every_sourced_cell_names_a_document_about_the_place() -> None:
    docs = _documents()
    local = docs[docs["place"].isin(["Chongqing", "Wansheng"])]
    prov = pd.read_csv(DATA / "provenance.csv")
    sourced = prov[prov["grade"] == "sourced"]
    assert len(sourced) > 10
    for row in sourced.itertuples():
        assert _names(row.source, local), (row.table, row.column, row.key, row.source)


def test_every_sourced_parameter_names_a_registered_document() -> None:
    docs = _documents()
    params = pd.read_csv(DATA / "inputs" / "parameters.csv")
    for row in params[params["grade"] == "sourced"].itertuples():
        assert _names(row.source, docs), (row.name, row.source)


def test_national_figures_applied_locally_are_not_sourced() -> None:
    prov = pd.read_csv(DATA / "provenance.csv")
    national = prov[prov["source"].str.contains("applied to Chongqing|national figure")]
    assert len(national) >= 3
    assert (national["grade"] != "sourced").all(), national


def test_box1_targets_are_marked_provisional() -> None:
    prov = pd.read_csv(DATA / "provenance.csv")
    row = prov[(prov["table"] == "targets") & (prov["key"] == "*")]
    assert row["source"].str.startswith("PROVISIONAL").all()


def test_readings_of_the_plan_are_listed_with_their_grade() -> None:
    docs = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    guidance = yaml.safe_load((ROOT / "scenarios" / "plan2020.yaml").read_text("utf-8"))["guidance"]
    for family, cats in guidance["bands"].items():
        for cat, bounds in cats.items():
            for bound, value in bounds.items():
                if value is not None:
                    assert f"| {family} | {cat} | {bound} | {value} |" in docs, (family, cat)
    for rule in guidance["adapt_locally"]:
        assert f"| {rule['name']} | {rule['family']} |" in docs
        assert f"| {rule['min_share']} | assumed (reading) |" in docs


def test_graded_inputs_carry_a_known_grade_and_a_source() -> None:
    """Site placements and multipliers decide where emissions sit: each says how sure it is."""
    docs = _documents()
    for name in ("site_multipliers", "sites", "parameters", "measure_removals"):
        table = pd.read_csv(DATA / "inputs" / f"{name}.csv", dtype=str)
        assert table["grade"].isin(GRADES).all(), (name, set(table["grade"]) - set(GRADES))
        assert table["source"].str.strip().str.len().gt(10).all(), name
        for row in table[table["grade"] == "sourced"].itertuples():
            assert _names(row.source, docs), (name, row.source)
