"""The 14th-FYP dataset (issue 17, item 2) and its shipped scenarios (item 3): the folder
validates and is rebuilt byte for byte from its inputs; its plan2020 inputs are what
plan2020 deploys; plan2025 solves on it and every key-project target is met, recomputed
from the measures table and the data (not read from the model); the report shows the
district tonnes and prices in English and Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import emisim
from emisim.model.data import load_dataset
from emisim.model.data.derive.fyp14 import snapshot_tables
from emisim.model.data.period import dataset_folder
from emisim.model.scenario import load_scenario

ROOT = Path(__file__).parents[1]
FOLDER = dataset_folder("chongqing-fyp14")
#: The plan's key-project tonnes by 2025 (渝府发〔2022〕39号), written out to check the data.
PLAN = {"COD": 43200.0, "NH3N": 1800.0, "NOX": 36800.0, "VOC": 10600.0}


@pytest.fixture(scope="module")
def plan2025() -> emisim.Result:
    return emisim.run("plan2025")


def test_the_14th_period_validates_with_its_targets() -> None:
    ds = load_dataset(FOLDER)
    period = ds.plan_period
    assert (period.base_year, period.first_year, period.last_year) == (2020, 2021, 2025)
    assert period.mechanism == "key_project_tonnes"
    t = ds.targets
    kp = t[t["kind"] == "key_project_t"].set_index("pollutant")["value"].to_dict()
    assert kp == PLAN
    assert set(ds.zones["zone"]) == {"metropolitan", "three_gorges", "wuling"}
    assert ds.guidance.empty  # the plan gives no district categories
    for target in t["target"]:
        grade, source = ds.provenance_of("targets", "value", f"plan2025|{target}")
        assert grade == "sourced" and "〔2022〕" in source


def test_the_14th_dataset_is_rebuilt_byte_for_byte(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_fyp14.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    for file in sorted(FOLDER.glob("*.csv")):
        assert (tmp_path / file.name).read_bytes() == file.read_bytes(), file.name


def test_the_roll_forward_starts_from_what_plan2020_deploys() -> None:
    """The stored plan2020 inputs equal a fresh plan2020 run's 2020 tables."""
    result = emisim.run("plan2020")
    for name, fresh in snapshot_tables(result.tables, result.params.final_year).items():
        stored = pd.read_csv(FOLDER / "inputs" / f"{name}.csv", dtype=str)
        assert stored.equals(fresh.reset_index(drop=True).astype(str)), name


def test_the_base_year_is_the_rolled_forward_2020() -> None:
    """2020 baseline = plan2020's 2020 emissions; energy and coal = the energy plan's."""
    ds = load_dataset(FOLDER)
    run = pd.read_csv(FOLDER / "inputs" / "plan2020_emissions.csv", dtype={"code": str})
    merged = ds.baseline.merge(run, on=["code", "sector", "pollutant"], suffixes=("", "_run"))
    assert len(merged) == len(ds.baseline) == len(run)
    assert (merged["emissions_t"] == merged["emissions_t_run"]).all()
    energy = ds.units["energy_2015_ktce"].sum()
    assert energy == pytest.approx(88750, rel=1e-5)  # 8875万吨标准煤 (渝府办发〔2022〕48号)
    assert ds.units["coal_2015_ktce"].sum() / energy == pytest.approx(0.443, rel=1e-4)


def test_every_key_project_target_is_met_recomputed_from_the_measures(plan2025) -> None:
    """Removal in 2025 of the measures in place = sum over (unit, measure) of units in
    place x the data's removal per unit; each at least the plan's tonnes."""
    ds = load_dataset(FOLDER)
    removal = ds.removals.set_index(["measure", "pollutant"])["removal_t"]
    m = plan2025.tables["measures"]
    last = m[m["year"] == 2025]
    for q, need in PLAN.items():
        got = sum(
            u * float(removal.get((k, q), 0.0))
            for k, u in zip(last["measure"], last["units"], strict=True)
        )
        assert got >= need * (1 - 1e-7), (q, got, need)
    assert set(plan2025.params.years) == set(range(2021, 2026))
    potential = ds.potentials.set_index(["code", "measure"])["potential"]
    for r in last.itertuples():
        assert r.units <= potential[(r.code, r.measure)] * (1 + 1e-7)


def test_plan2025_states_its_question_and_prices(plan2025) -> None:
    for name in ("plan2025", "plan2025-no-guidance"):
        sc = load_scenario(name)
        assert sc.dataset == "chongqing-fyp14" and sc.description_zh
        assert (sc.first_year, sc.last_year) == (2021, 2025)
    s = plan2025.summary
    assert s["period"]["period"] == "fyp14"
    assert "key-project tonnes" in s["cost_answers"]
    req = plan2025.tables["requirements"]
    kp = req[req["family"] == "key_project"]
    assert set(kp["pollutant"]) == set(PLAN) and kp["met"].all()
    assert set(s["key_project_price"]) == set(PLAN)
    voc = kp.set_index("pollutant").at["VOC", "label_zh"]
    assert voc.startswith("重庆市：挥发性有机物重点工程减排量") and "重点行业" not in voc


def test_plan2025_without_the_energy_clauses_costs_no_more(plan2025) -> None:
    """Dropping two requirements can only lower the least cost."""
    other = emisim.run("plan2025-no-guidance")
    assert other.summary["total_cost_yuan"] <= plan2025.summary["total_cost_yuan"] * (1 + 1e-9)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_shows_district_tonnes_and_prices(plan2025, lang: str) -> None:
    from emisim.reports.html import render_report
    from emisim.reports.i18n import translator
    from emisim.reports.lang import unit_names

    comp = emisim.compare([plan2025])
    page = render_report(comp, [], lang=lang)
    _ = translator(lang)
    section = page.split('<section id="key_projects"')[1].split("</section>")[0]
    assert _("Key-project tonnes by district") in section
    names = unit_names(plan2025.dataset.units, lang)
    m = plan2025.tables["measures"]
    last = m[m["year"] == 2025].groupby("code")["removal_NOX_t"].sum()
    top = last.idxmax()
    assert names[top] in section and f"{last[top]:,.0f}" in section
    price = plan2025.summary["key_project_price"]["NOX"]
    assert f"{price:,.0f}" in section
    period = plan2025.dataset.plan_period.label(lang)
    assert period in page
    if lang == "zh":
        assert "各区县重点工程减排量" in section and "规划期" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_and_workbook_say_the_14th_periods_years(
    plan2025, lang: str, tmp_path: Path
) -> None:
    """Headers about the base and final year read 2020 and 2025 for plan2025."""
    from openpyxl import load_workbook

    from emisim.reports.export import all_tables
    from emisim.reports.html import render_report
    from emisim.reports.workbook import write_workbook

    comp = emisim.compare([plan2025])
    page = render_report(comp, [], lang=lang)
    assert "{base}" not in page and "{final}" not in page
    write_workbook(comp, all_tables(comp), tmp_path / "w.xlsx", lang)
    wb = load_workbook(tmp_path / "w.xlsx")
    headers = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert not any("{base}" in h or "{final}" in h for h in headers)
    word = {"en": "Emissions 2020", "zh": "2020年排放量"}[lang]
    assert any(h.startswith(word) for h in headers), sorted(h for h in headers if "20" in h)[:20]
    assert not any("2015" in h and ("Emissions" in h or "排放" in h) for h in headers)


def test_data_derive_rebuilds_the_14th_folder(tmp_path: Path, capsys) -> None:
    from emisim.cli import main

    assert main(["data", "derive", str(FOLDER), "--out", str(tmp_path)]) == 0
    assert "valid after re-deriving" in capsys.readouterr().out
    for file in sorted(FOLDER.glob("*.csv")):
        assert (tmp_path / file.name).read_bytes() == file.read_bytes(), file.name


def test_the_compare_table_shows_key_project_prices(plan2025) -> None:
    from emisim.cli.compare import key_table

    comp = emisim.compare([plan2025])
    text = key_table(comp)
    assert "K NOx" in text and "K = cost of one more tonne" in text
    price = plan2025.summary["key_project_price"]["NOX"]
    assert f"{price:,.0f}" in text


def test_data_summary_of_the_14th_folder(capsys) -> None:
    from emisim.cli import main

    assert main(["data", "summary", str(FOLDER)]) == 0
    out = capsys.readouterr().out
    assert "Plan period: 14th Five-Year Plan (2021–2025, base 2020)" in out
    assert "2020 emissions by pollutant" in out and "No district categories" in out


def test_only_numbers_read_in_a_document_are_graded_sourced() -> None:
    """Every sourced cell of the 14th folder names its document (a 〔year〕 number)."""
    prov = load_dataset(FOLDER).provenance
    sourced = prov[prov["grade"] == "sourced"]
    assert len(sourced) >= 9
    for r in sourced.itertuples():
        assert "〔20" in r.source, (r.table, r.column, r.key, r.source)
