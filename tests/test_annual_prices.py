"""Prices with one name each, and the equivalent annual cost beside each.

The annual figure (docs/model.md, *Equivalent annual cost*) is checked by hand on the
3-unit fixture, where ``scr`` is the only marginal NOx measure, and against a finite
difference of the final year's annual cost of re-solves. No chart, table, CLI line or
summary key calls a price a "MAC" (or 边际减排成本) without saying which price it is: the
two prices have one name each everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from tiny import write_tiny

import emisim
from emisim.api import run
from emisim.cli.compare import key_table
from emisim.cli.run import headline
from emisim.reports.charts import price_chart
from emisim.reports.i18n import translator
from emisim.reports.sweep_words import output_label
from emisim.results.prices import BANDS_HELD, PLAN_TARGET
from emisim.sweeps.record import columns

CRF_8_20 = 0.08 * 1.08**20 / (1.08**20 - 1)
SCR_ANNUAL = 8e5 * CRF_8_20 + 6e4  # yuan/yr per unit, 40 t NOx/yr each
#: PV (2015) of one unit built in 2020: its annual cost at the end of 2020..2039 (its own
#: 20-year life, lifetime accounting) or 2020..2044 (common horizon: the fixture's longest
#: life is 25 years, wwtp and coal_switch)
SCR_PV = {
    "lifetime": SCR_ANNUAL * sum(1.08 ** -(t - 2015) for t in range(2020, 2040)),
    "common_horizon": SCR_ANNUAL * sum(1.08 ** -(t - 2015) for t in range(2020, 2045)),
}
CITY, GAMMA = ("city", "NOX"), ("100003", "NOX")
UNNAMED = re.compile(r"\bMACs?\b|marginal abatement cost|边际减排成本", re.IGNORECASE)
PO = Path(__file__).parents[1] / "emisim" / "reports" / "locale" / "zh" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def dearer_gamma(tmp_path_factory):
    return write_tiny(tmp_path_factory.mktemp("annual"), cost_factors={("100003", "scr"): 1.5})


def key_projects(make_scenario, data, city=500.0, **extra):
    return make_scenario(
        data,
        **extra,
        targets={"enforce": False},
        guidance={"enabled": False},
        coal={"share_max": None},
        key_projects={"city": {"NOX": city}, "districts": {"100003": {"NOX": 200.0}}},
    )


@pytest.mark.parametrize("accounting", ["common_horizon", "lifetime"])
def test_annual_price_by_hand_beside_the_present_value(make_scenario, dearer_gamma, accounting):
    sc = key_projects(make_scenario, dearer_gamma, objective={"accounting": accounting})
    res = run(sc)
    req = res.tables["requirements"]
    rows = req[req["family"] == "key_project"].set_index(["subject", "pollutant"])
    assert res.params.accounting == accounting
    assert rows.loc[CITY, "price"] == pytest.approx(SCR_PV[accounting] / 40, rel=1e-9)
    assert rows.loc[CITY, "annual_price"] == pytest.approx(SCR_ANNUAL / 40, rel=1e-9)
    assert rows.loc[GAMMA, "annual_price"] == pytest.approx(0.5 * SCR_ANNUAL / 40, rel=1e-9)
    assert (rows["annual_price_unit"] == "yuan/t").all()
    assert (rows["price_unit"] == "PV yuan per t/yr").all()


def test_annual_price_is_a_finite_difference_of_the_final_year_cost(make_scenario, dearer_gamma):
    base = run(key_projects(make_scenario, dearer_gamma))
    up = run(key_projects(make_scenario, dearer_gamma, city=510.0))
    fd = up.summary["annual_cost_final_year_yuan"] - base.summary["annual_cost_final_year_yuan"]
    req = base.tables["requirements"]
    annual = req.loc[(req["family"] == "key_project") & (req["subject"] == "city"), "annual_price"]
    assert fd / 10.0 == pytest.approx(float(annual.iloc[0]), rel=1e-6)


def test_plan_target_annual_price_is_a_finite_difference(make_scenario):
    """A city target with bands: the plan-target price's annual figure against re-solves."""
    base = run(make_scenario())
    p, q, step = base.params, "SO2", 0.002
    up = run(make_scenario(targets={"overrides": {q: p.targets[q] + step}}))
    fd = up.summary["annual_cost_final_year_yuan"] - base.summary["annual_cost_final_year_yuan"]
    annual = base.summary[f"{PLAN_TARGET}_annual"][q]
    assert annual > 0
    assert fd / (step * p.base_totals[q]) == pytest.approx(annual, rel=1e-3)
    tp = base.target_prices.set_index("pollutant")
    assert tp.at[q, f"{PLAN_TARGET}_annual"] == annual and tp.at[q, "annual_unit"] == "yuan/t"


def keys(node) -> list[str]:
    if isinstance(node, dict):
        return [str(k) for k in node] + [k for v in node.values() for k in keys(v)]
    return []


def test_no_price_is_called_a_mac_without_its_name(make_scenario, tiny_dir) -> None:
    """Summary keys, indicator and sweep columns, CLI lines, sweep chart labels and every
    string of the one catalogue (chart titles, table headers, workbook, both languages)."""
    comp = emisim.compare([make_scenario(tiny_dir)])
    s = comp.results[0].summary
    found = [k for k in keys(s) if "mac" in k.lower()]
    found += [c for c in comp.indicators.columns if "mac" in c.lower()]
    found += [c for c in columns(("100001",), ("x",)) if "mac" in c.lower()]
    texts = [headline(s, {"build": 0.0, "solve": 0.0, "highs": 0.0}), key_table(comp)]
    texts += [key_table(comp, "zh")]
    texts += [
        output_label(f"{k}.NOX", translator(lang), "lifetime")
        for k in (PLAN_TARGET, BANDS_HELD)
        for lang in ("en", "zh")
    ]
    with (PO / "emisim.po").open("rb") as fh:
        texts += [t for m in read_po(fh, locale="zh") if m.id for t in (m.id, m.string)]
    found += [t for t in texts if UNNAMED.search(str(t))]
    assert not found, found
    assert s[PLAN_TARGET] and s[BANDS_HELD] and s[f"{BANDS_HELD}_annual"]


def test_the_headline_chart_shows_the_key_indicators_first_price(make_scenario, tiny_dir):
    comp = emisim.compare([make_scenario(tiny_dir)])
    ax = price_chart(comp).axes[0]
    drawn = sorted(h for h in (p.get_height() for p in ax.patches) if h == h)
    ind = comp.indicators.iloc[0]
    expect = sorted(
        v
        for c, v in ind.items()
        if str(c).startswith(f"{PLAN_TARGET}_") and "annual" not in c
        if v == v and v != 0
    )
    assert drawn == pytest.approx(expect) and drawn
