"""The Chinese report and workbook: the IIS sentence and the elastic diagnosis name
measures, districts and activity units by their Chinese names from the data, with no
English left but pollutant codes and units; the deadlines and target-price sheets, and
every shipped scenario's question, in Chinese."""

from __future__ import annotations

import html
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import emisim
from emisim.api import resolve
from emisim.comparison import Comparison
from emisim.model.assemble import build_params
from emisim.model.requirements import FAMILIES
from emisim.model.scenario import load_scenario, shipped_scenarios
from emisim.reports import i18n
from emisim.reports.export import all_tables
from emisim.reports.html import render_report
from emisim.reports.workbook import write_workbook

#: Latin runs a Chinese diagnosis may keep: pollutant codes and units.
ALLOWED = {"SO2", "NOx", "COD", "NH3-N", "VOC", "t", "yuan"}
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
CJK = re.compile(r"[\u4e00-\u9fff]")
INFEASIBLE = ("national-assignment", "programme-vs-guidance")


def english(text: str) -> list[str]:
    return [w for w in LATIN.findall(text) if w not in ALLOWED]


@pytest.fixture(scope="module")
def comp() -> Comparison:
    """The plan and the two shipped scenarios that are infeasible on the default data."""
    return emisim.compare(["plan2020", *INFEASIBLE])


@pytest.fixture(scope="module")
def workbook(comp: Comparison, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("zh") / "workbook.xlsx"
    write_workbook(comp, all_tables(comp), path, "zh")
    return openpyxl.load_workbook(path, read_only=True)


def _sheet(workbook: openpyxl.Workbook, title: str) -> pd.DataFrame:
    rows = list(workbook[i18n.translator("zh")(title)].iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def _paragraphs(page: str) -> list[str]:
    found = re.findall(r"<p class='diagnosis'>(.*?)</p>", page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in found]


def test_chinese_report_shows_both_diagnoses_in_chinese(comp: Comparison) -> None:
    paragraphs = _paragraphs(render_report(comp, [], lang="zh"))
    _ = i18n.translator("zh")
    heads = (_("Why it is infeasible:"), _("Elastic diagnosis:"))
    assert len(paragraphs) == 2 * len(INFEASIBLE)  # the conflict and one least relaxation
    for i, text in enumerate(paragraphs):
        assert text.startswith(heads[i % 2]) and len(CJK.findall(text)) > 40, text
        assert not english(text), (english(text), text)
    english_page = _paragraphs(render_report(comp, [], lang="en"))
    assert all("conflict" in p for p in english_page)


def test_chinese_iis_names_what_the_english_one_names(comp: Comparison) -> None:
    """Every measure id and district the English IIS sentence names appears by its
    Chinese name (measures.csv / units.csv name_zh) in the Chinese sentence."""
    ds = comp.results[0].dataset
    measures = dict(zip(ds.measures["measure"], ds.measures["name_zh"], strict=True))
    units = dict(zip(ds.units["name_en"], ds.units["name_zh"], strict=True))
    for r in (comp.result(name) for name in INFEASIBLE):
        en, zh = r.iis.text("en"), r.iis.text("zh")
        named = [m for m in measures if re.search(rf"\b{m}\b", en)]
        places = [u for u in units if re.search(rf"\b{re.escape(u)}\b", en)]
        assert named and places, en
        for m in named:
            assert measures[m] in zh and m not in zh, (m, zh)
        for u in places:
            assert units[u] in zh, (u, zh)
        assert not english(zh), zh


def test_programme_shortfall_carries_the_plans_unit(comp: Comparison) -> None:
    """专栏12 二.3: 84 new urban plants, +209.8万吨/日 of capacity."""
    zh = comp.diagnosis_text("programme-vs-guidance", "zh")
    assert "新（续、扩）建城市污水处理厂：工程量不低于209.8万吨/日处理能力" in zh
    assert "urban_wwtp_new: programme quantity at least 209.8 [10^4 m3/d capacity]" in (
        comp.diagnosis_text("programme-vs-guidance")
    )


def test_chinese_workbook_gives_both_diagnoses_in_chinese(workbook) -> None:
    _ = i18n.translator("zh")
    sheet = _sheet(workbook, "Scenarios").set_index(_("Scenario"))
    for column in (_("Why it has no solution"), _("Elastic diagnosis (one least relaxation)")):
        texts = sheet.loc[list(INFEASIBLE), column]
        assert all(t and CJK.search(t) and not english(t) for t in texts), texts
        assert pd.isna(sheet.at["plan2020", column])


def test_chinese_deadlines_and_target_prices_sheets(comp: Comparison, workbook) -> None:
    """Deadlines by the plan's clause, district and measure names and the activity unit in
    the plan's words; why a target does not bind, in Chinese."""
    _ = i18n.translator("zh")
    sheet = _sheet(workbook, "Plan deadlines")
    table = comp.tables["deadlines"].reset_index(drop=True)
    m = comp.results[0].dataset.measures.set_index("measure")
    assert len(sheet) == len(table) > 40
    assert list(sheet[_("Activity unit")]) == list(table["measure"].map(m["activity_unit_zh"]))
    assert list(sheet[_("Measure")]) == list(table["measure"].map(m["name_zh"]))
    prices = _sheet(workbook, "Target prices")
    why = prices[_("Why the target does not bind")].dropna()
    assert len(why) and all(CJK.search(w) for w in why)
    for frame in (sheet, prices):
        cells = frame.drop(columns=[_("Scenario")]).to_numpy().ravel()
        found = {w for c in cells if isinstance(c, str) for w in english(c)}
        # 一级A, LNG and 4S店 (car dealerships, the VOC clause) are the plan's own words
        assert not found - {"A", "LNG", "S"}, found


def test_every_measure_has_chinese_words() -> None:
    """The activity units in the plan's words (万吨/日, 家企业 ...) and the names."""
    m = emisim.load_dataset().measures
    for unit in m["activity_unit_zh"]:
        assert CJK.search(unit) and not LATIN.search(unit), unit
    assert all(CJK.search(name) for name in m["name_zh"])
    assert m.groupby("activity_unit")["activity_unit_zh"].nunique().eq(1).all()


#: Identifiers and names a Chinese scenario question may keep.
NAMES = {"plan2020", "national_assignment", "GPPD", "emisim", "HiGHS"}


def test_every_shipped_scenario_asks_its_question_in_chinese() -> None:
    for name in shipped_scenarios():
        zh = load_scenario(name).description_zh
        assert zh and len(CJK.findall(zh)) > 30, name
        assert set(english(zh)) <= NAMES, (name, english(zh))


def test_a_child_scenario_does_not_inherit_the_chinese_question(tmp_path: Path) -> None:
    path = tmp_path / "child.yaml"
    path.write_text("description: a child of the plan\nextends: plan2020\n", "utf-8")
    child = load_scenario(path)
    assert child.description_zh is None and load_scenario("plan2020").description_zh


def test_chinese_report_and_workbook_ask_in_chinese(comp: Comparison, workbook) -> None:
    page = render_report(comp, [], lang="zh")
    _ = i18n.translator("zh")
    questions = _sheet(workbook, "Scenarios").set_index(_("Scenario"))[_("Question it asks")]
    for r in comp.results:
        assert html.escape(r.scenario.description_zh) in page, r.name
        assert html.escape(r.scenario.description) not in page, r.name
        assert questions[r.name] == r.scenario.description_zh


def test_chinese_requirement_labels_name_everything_in_chinese() -> None:
    """Every requirement row's Chinese label (the IIS and the elastic diagnosis use them)
    names districts, measures, sectors and activity units in Chinese: bands, adapt-locally
    shares, programme quantities, deadlines and the budget."""
    seen = set()
    for name in ("plan2020", "plan-fixed", "budget-capped"):
        sc, ds = resolve(name)
        p = build_params(ds, sc)
        for family in FAMILIES.values():
            for key in family.audit_keys(p):
                label = family.describe(p, key, "zh")
                assert not set(english(label)) - {"A"}, label  # 一级A is the plan's own
                seen.add(family.name)
    assert {"band_lower", "adapt_share", "programme_floor", "deadline", "budget"} <= seen


def test_chinese_compliance_sheet_names_every_subject_in_chinese(comp: Comparison, workbook):
    """Districts, measures and the Liangjiang New Area (a group: groups.csv name_zh) by
    their Chinese names; no subject id left."""
    _ = i18n.translator("zh")
    sheet = _sheet(workbook, "Plan compliance")
    subjects = sheet[_("District or measure")].dropna().astype(str)
    assert "两江新区" in set(subjects)
    assert not {w for s in subjects for w in english(s)} - {"A"}, set(subjects)
