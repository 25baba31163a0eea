"""Honest grades: 'sourced' only where a registered document states the number for
Chongqing (or the named place); the plan's readings are listed with their grade."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
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
    """A Chongqing figure names a document about Chongqing; a national figure (the
    hindcast's official figures for China, observed.csv) one about China."""
    docs = _documents()
    local = docs[docs["place"].isin(["Chongqing", "Wansheng"])]
    national = docs[docs["place"] == "China"]
    prov = pd.read_csv(DATA / "provenance.csv")
    sourced = prov[prov["grade"] == "sourced"]
    assert len(sourced) > 10
    for row in sourced.itertuples():
        place = national if row.table == "observed" and "|china|" in row.key else local
        assert _names(row.source, place), (row.table, row.column, row.key, row.source)


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


def _prov() -> dict[tuple[str, str, str], str]:
    prov = pd.read_csv(DATA / "provenance.csv", dtype=str)
    return {(r.table, r.column, r.key): r.grade for r in prov.itertuples()}


def _grade(prov: dict, table: str, column: str, key: str) -> str:
    return prov.get((table, column, key), prov.get((table, column, "*")))


def test_copies_of_the_plan_are_not_sourced_as_the_assignment() -> None:
    """The national_assignment cells that repeat the plan's box 1 state nothing about the
    State's assignment: they are assumed, not sourced."""
    prov = pd.read_csv(DATA / "provenance.csv", dtype=str)
    rows = prov[prov["key"].str.startswith("national_assignment|")]
    assert len(rows) == 8
    assert not (rows["grade"] == "sourced").any(), rows


def test_baseline_cells_resting_on_an_assumed_input_are_not_derived() -> None:
    """Weakest input wins: a baseline cell whose sector share or city total is assumed or
    recalled is graded so, never plain 'derived'."""
    prov = _prov()
    base = pd.read_csv(DATA / "baseline.csv", dtype={"code": str})
    rank = {"sourced": 0, "derived": 1, "recalled": 2, "assumed": 3}
    for r in base.itertuples():
        cell = _grade(prov, "baseline", "emissions_t", f"{r.code}|{r.sector}|{r.pollutant}")
        share = _grade(prov, "sector_shares", "share", f"{r.pollutant}|{r.sector}")
        total = _grade(prov, "city_totals", "total_2015_t", r.pollutant)
        assert rank[cell] >= max(rank[share], rank[total], 1), (r, cell, share, total)


def test_potentials_are_no_stronger_than_the_baseline_they_split() -> None:
    prov = _prov()
    pots = pd.read_csv(DATA / "potentials.csv", dtype={"code": str})
    cards = pd.read_csv(DATA / "inputs" / "measure_cards.csv", dtype=str).set_index("measure")
    rank = {"sourced": 0, "derived": 1, "recalled": 2, "assumed": 3}
    for r in pots.itertuples():
        card = cards.loc[r.measure]
        if card["potential_rule"] != "emissions":
            continue
        cell = f"{r.code}|{card['sector']}|{card['main_pollutant']}"
        base = _grade(prov, "baseline", "emissions_t", cell)
        assert rank[_grade(prov, "potentials", "potential", f"{r.code}|{r.measure}")] >= rank[base]


def test_yuzhong_has_no_township_sewage() -> None:
    """Yuzhong has no town (all its divisions are urban subdistricts)."""
    base = pd.read_csv(DATA / "baseline.csv", dtype={"code": str})
    assert base.query("code == '500103' and sector == 'township_sewage'").empty
    assert not base.query("code == '500103' and sector == 'urban_sewage'").empty


def test_summary_shows_shares_of_numeric_cells_by_grade() -> None:
    from emisim.model.data import load_dataset
    from emisim.model.data.summary import cell_grades

    table = cell_grades(load_dataset())
    share = table.loc["share"]
    assert share.sum() == pytest.approx(1, abs=1e-3)
    base = pd.read_csv(DATA / "baseline.csv")
    assert table.loc["baseline"].sum() == len(base)
    prov = _prov()
    assumed = sum(
        _grade(prov, "baseline", "emissions_t", f"{r.code}|{r.sector}|{r.pollutant}") == "assumed"
        for r in pd.read_csv(DATA / "baseline.csv", dtype={"code": str}).itertuples()
    )
    assert table.loc["baseline", "assumed"] == assumed
