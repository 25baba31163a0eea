"""A run says what it is (issue 21, item 7): which question its cost answers (from the
scenario's settings), the question itself at the top, and units on every printed figure."""

from __future__ import annotations

import json
import re

import pytest

import emisim
from emisim.cli.run import headline
from emisim.model.scenario import load_scenario
from emisim.outputs import write_result
from emisim.results.question import cost_question

NO_TIMES = {"build": 0.0, "solve": 0.0, "highs": 0.0}


def test_plan2020_cost_is_the_targets_not_the_programme() -> None:
    q = cost_question(load_scenario("plan2020"))
    assert q["cost_answers"].startswith("Its cost is a least cost: the city targets are required")
    assert "programme quantities are ceilings" in q["cost_answers"]
    assert "not of the plan's programme as written" in q["cost_answers"]
    assert "plan-fixed" in q["cost_answers"]
    assert "不是按规划原文实施工程的成本" in q["cost_answers_zh"]


def test_plan_fixed_cost_is_the_programmes() -> None:
    sc = load_scenario("plan-fixed")
    assert sc.measures.programme == "fixed" and not sc.targets.enforce
    q = cost_question(sc)
    assert "cost of the programme as written" in q["cost_answers"]
    assert "audited, not required" in q["cost_answers"]
    assert "ceilings" not in q["cost_answers"]
    assert "只核查、不强制" in q["cost_answers_zh"]


def test_another_objective_is_not_called_a_least_cost(make_scenario) -> None:
    q = cost_question(make_scenario(objective={"kind": "equity"}))
    assert "not a least cost" in q["cost_answers"] and "最低成本" in q["cost_answers_zh"]


@pytest.fixture
def tiny_run(make_scenario):
    question = "Can the tiny city meet its test targets at least cost?"
    return emisim.run(make_scenario(description=question))


def test_summary_and_printed_headline_say_the_question(tiny_run, tmp_path) -> None:
    folder = write_result(tiny_run, tmp_path)
    stored = json.loads((folder / "summary.json").read_text("utf-8"))
    assert stored["cost_answers"] == cost_question(tiny_run.scenario)["cost_answers"]
    assert stored["cost_answers_zh"] == cost_question(tiny_run.scenario)["cost_answers_zh"]
    text = headline(tiny_run.summary, NO_TIMES)
    lines = text.splitlines()
    assert lines[1] == "  Question: Can the tiny city meet its test targets at least cost?"
    assert "Its cost is a least cost" in " ".join(lines[2:5])
    assert all(len(line) <= 100 for line in lines[:6])


def test_every_printed_cost_has_its_unit(tiny_run) -> None:
    s = tiny_run.summary
    text = headline(s, NO_TIMES)
    final = s["annual_cost_final_year_yuan"] / 1e9
    assert f"annual cost in the final year: {final:,.2f} bn yuan/yr;" in text
    # every "bn" figure is followed by its unit, the annual one by "/yr"
    for m in re.finditer(r"[\d,.]+ bn (\S+)", text):
        assert m.group(1).startswith("yuan"), m.group(0)


def test_target_year_accounting_costs_per_year(tiny_run) -> None:
    s = {**tiny_run.summary, "accounting": "target_year"}
    cost_line = next(x for x in headline(s, NO_TIMES).splitlines() if x.startswith("  cost ("))
    assert cost_line.endswith(f"{s['total_cost_yuan'] / 1e9:,.2f} bn yuan/yr")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_card_says_what_the_cost_answers(tiny_run, lang) -> None:
    from html import escape

    from emisim.reports.html import _cards
    from emisim.reports.i18n import translator

    html = _cards(emisim.compare([tiny_run]), translator(lang))
    key = "cost_answers_zh" if lang == "zh" else "cost_answers"
    assert escape(cost_question(tiny_run.scenario)[key]) in html
