"""The plan's mid-term evaluation as a milestone (issue 17, item 8).

``targets.milestone_shares`` requires a share of every city-wide target cut by a year;
``plan2020-midterm`` reads the plan's end-2018 mid-term evaluation as 60 % of each 2020
cut. Checked against the target set read from the data file itself, against plan2020
solved on its own (the scenario without its milestone), and in the report, both languages.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from emisim.api import run
from emisim.comparison import compare
from emisim.model.scenario import load_scenario
from emisim.reports.economics import investment_html
from emisim.reports.i18n import translator

TARGETS = Path(__file__).parents[1] / "model" / "data" / "chongqing" / "targets.csv"
WITHOUT = "capital_outlay_by_year_without_milestones_yuan"


@pytest.fixture(scope="module")
def midterm():
    return run("plan2020-midterm")


@pytest.fixture(scope="module")
def plan():
    return run("plan2020")


def test_the_reading_is_stated_in_the_scenario() -> None:
    sc = load_scenario("plan2020-midterm")
    assert sc.extends == "plan2020"
    assert dict(sc.targets.milestone_shares) == {2018: 0.6}
    assert sc.description_zh and "中期" in sc.description_zh
    text = sc.source.read_text("utf-8")
    assert "中期评估" in text and "assumed" in text  # the plan's words and the grade


def test_every_2020_cut_is_required_at_60_percent_in_2018(midterm) -> None:
    rows = pd.read_csv(TARGETS)
    cuts = rows[(rows["target_set"] == "plan2020") & (rows["kind"] == "emission_cut")]
    expected = {r.pollutant: 0.6 * r.value for r in cuts.itertuples()}
    comp = midterm.tables["compliance"]
    ms = comp[comp["family"] == "milestone"].set_index("pollutant")
    assert set(ms.index) == set(expected)
    for q, share in expected.items():
        assert ms.at[q, "required"] == pytest.approx(share, rel=1e-12), q
        assert ms.at[q, "achieved"] >= share - 1e-7, q
    assert midterm.summary["targets_met"]


def test_an_explicit_milestone_wins_over_the_share(make_scenario) -> None:
    sc = make_scenario(
        targets={
            "set": "test",
            "milestone_shares": {2018: 0.5},
            "milestones": {2018: {"SO2": 0.01}},
        }
    )
    res = run(sc)
    p = res.params
    assert p.milestones[2018, "SO2"] == 0.01
    assert p.milestones[2018, "COD"] == pytest.approx(0.5 * p.targets["COD"], rel=1e-12)


def test_without_the_milestone_is_plan2020(midterm, plan) -> None:
    """The re-solve without the milestone is plan2020's own run, year by year."""
    without = midterm.summary[WITHOUT]
    own = plan.summary["capital_outlay_by_year_yuan"]
    assert set(without) == set(own)
    for year, v in own.items():
        assert without[year] == pytest.approx(v, rel=1e-6, abs=1e3), year
    assert WITHOUT not in plan.summary  # no milestone, no re-solve
    # the milestone adds rows: it cannot cost less, and brings capital forward to 2018
    assert midterm.summary["total_cost_yuan"] >= plan.summary["total_cost_yuan"] * (1 - 1e-9)
    by = midterm.summary["capital_outlay_by_year_yuan"]
    early = sum(v for t, v in by.items() if int(t) <= 2018)
    assert early > sum(v for t, v in own.items() if int(t) <= 2018)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_shows_capital_with_and_without(midterm, lang) -> None:
    html = investment_html(compare([midterm]), translator(lang))
    by, without = midterm.summary["capital_outlay_by_year_yuan"], midterm.summary[WITHOUT]
    last = {k: v[max(v)] / sum(v.values()) for k, v in (("with", by), ("without", without))}
    label = "without its milestones" if lang == "en" else "不设阶段目标"
    assert f"plan2020-midterm {label}" in html or f"plan2020-midterm（{label}）" in html
    assert f"{without['2019'] / 1e9:,.2f}" in html  # a year of the row without
    assert f"{last['with']:.0%}" in html and f"{last['without']:.0%}" in html
    if lang == "zh":
        assert "阶段目标" in html and "final year" not in html
