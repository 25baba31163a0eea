"""Key-project reductions (重点工程减排量) on the 3-unit fixture, checked by hand.

With city targets and bands off and target-year accounting, the cheapest NOx measure is
``scr`` (capital 800,000 yuan, O&M 60,000 yuan/yr, 20 years, 40 t NOx/yr per unit; the
fixture's ``coal_switch``, ``nev`` and ``site`` cost more per tonne), so one more tonne per
year removed by projects costs :math:`(K\\,\\mathrm{CRF}(8\\%,20)+O)/40` yuan/t, and a
district whose ``scr`` costs 1.5 times the card's pays half a unit more for its own tonnes.
"""

from __future__ import annotations

import pytest
import yaml
from tiny import write_tiny

import emisim
from emisim.analysis.ranges import near_optimal_ranges
from emisim.api import run
from emisim.model.errors import InfeasibleError
from emisim.reports.html_tables import indicators_html
from emisim.reports.html_targets import targets_html
from emisim.reports.i18n import translator
from emisim.solvers.engine import Engine
from emisim.sweeps import read_records, run_sweep

CRF_8_20 = 0.08 * 1.08**20 / (1.08**20 - 1)
SCR = (8e5 * CRF_8_20 + 6e4) / 40.0  # yuan/yr per t NOx/yr: 3,537.04
CITY, GAMMA = ("city", "NOX"), ("100003", "NOX")
PLAIN = {
    "targets": {"enforce": False},
    "guidance": {"enabled": False},
    "coal": {"share_max": None},
    "objective": {"accounting": "target_year"},
}


@pytest.fixture(scope="module")
def dearer_gamma(tmp_path_factory):
    return write_tiny(tmp_path_factory.mktemp("kp"), cost_factors={("100003", "scr"): 1.5})


def scenario(make_scenario, data, city=500.0, gamma=200.0, **extra):
    kp = {"city": {"NOX": city}, "districts": {"100003": {"NOX": gamma}}}
    return make_scenario(data, key_projects=kp, **{**PLAIN, **extra})


def key_rows(res):
    req = res.tables["requirements"]
    return req[req["family"] == "key_project"].set_index(["subject", "pollutant"])


def removed(res, codes=None) -> float:
    """Final-year NOx removal recomputed from the measures table."""
    m = res.tables["measures"]
    m = m[m["year"] == res.params.final_year]
    if codes is not None:
        m = m[m["code"].isin(codes)]
    return float(m["removal_NOX_t"].sum())


def test_tonnes_and_prices_by_hand(make_scenario, dearer_gamma):
    res = run(scenario(make_scenario, dearer_gamma))
    rows = key_rows(res)
    assert removed(res) == pytest.approx(500.0) == rows.loc[CITY, "achieved"]
    assert removed(res, ["100003"]) == pytest.approx(200.0) == rows.loc[GAMMA, "achieved"]
    assert rows.loc[CITY, "price"] == pytest.approx(SCR, rel=1e-9)
    assert rows.loc[GAMMA, "price"] == pytest.approx(0.5 * SCR, rel=1e-9)
    assert (rows["price_unit"] == "yuan/t").all() and (rows["binding"] == "lower").all()
    assert res.summary["total_cost_yuan"] == pytest.approx((300 + 1.5 * 200) * SCR)
    assert "NOx removed by key projects at least 500 t/yr" in rows.loc[CITY, "label_en"]
    assert rows.loc[CITY, "label_zh"].startswith("重庆市：氮氧化物重点工程减排量不低于500吨/年")
    comp = res.tables["compliance"]
    kp = comp[comp["family"] == "key_project"]
    assert len(kp) == 2 and kp["met"].all()
    prices = res.tables["prices"].set_index(["kind", "subject"])
    assert prices.at[("key_project", "city"), "annual_price"] == pytest.approx(SCR, rel=1e-9)
    assert res.summary["key_project_price"] == {"NOX": pytest.approx(SCR, rel=1e-9)}
    assert res.summary["key_project_price_annual"]["NOX"] == pytest.approx(SCR, rel=1e-9)


@pytest.mark.parametrize("accounting", ["target_year", "lifetime"])
def test_price_is_a_finite_difference_of_re_solves(make_scenario, dearer_gamma, accounting):
    acc = {"objective": {"accounting": accounting}}
    base = run(scenario(make_scenario, dearer_gamma, **acc))
    step = 10.0
    up = run(scenario(make_scenario, dearer_gamma, city=500.0 + step, **acc))
    fd = (up.summary["total_cost_yuan"] - base.summary["total_cost_yuan"]) / step
    price = key_rows(base).loc[CITY, "price"]
    assert price > 0
    assert fd == pytest.approx(price * base.params.price_scale(base.params.final_year), rel=1e-6)


def test_engine_moves_the_row_as_a_fresh_build(make_scenario, dearer_gamma):
    eng = Engine(run(scenario(make_scenario, dearer_gamma)).params)
    eng.set_rhs("key_project", CITY, 650.0)
    assert eng.rebuilds == 1  # a row bound, pushed
    fresh = run(scenario(make_scenario, dearer_gamma, city=650.0))
    assert eng.solve().objective == pytest.approx(fresh.summary["total_cost_yuan"], rel=1e-9)


def test_more_than_the_measures_can_remove_is_diagnosed(make_scenario, tiny_dir):
    with pytest.raises(InfeasibleError) as err:
        run(scenario(make_scenario, tiny_dir, city=1e6))
    assert "key-project reductions" in str(err.value)


@pytest.mark.parametrize("evaluator", ["fresh", "engine"])
def test_a_sweep_over_the_tonnes_records_them_and_their_price(dearer_gamma, tmp_path, evaluator):
    """Both evaluators record the tonnes removed and the city price of each run."""
    base = {"description": "key projects", "data": str(dearer_gamma), "targets": {"set": "test"}}
    base |= {**PLAIN, "key_projects": {"city": {"NOX": 500.0}}}
    base["targets"] = {"set": "test", "enforce": False}
    (tmp_path / "kp.yaml").write_text(yaml.safe_dump(base), "utf-8")
    spec = {
        "name": "kp",
        "description": "key-project tonnes",
        "base": "kp.yaml",
        "design": {"kind": "grid"},
        "parameters": [{"path": "key_projects.city.NOX", "values": [400.0, 600.0]}],
    }
    (tmp_path / "kp_spec.yaml").write_text(yaml.safe_dump(spec), "utf-8")
    summary = run_sweep(
        tmp_path / "kp_spec.yaml",
        out=tmp_path / "out",
        workers=1,
        evaluator=evaluator,
        progress=False,
    )
    records = read_records(summary.folder)[1].sort_values("x.key_projects.city.NOX")
    assert list(records["kp_removed_t.NOX"]) == pytest.approx([400.0, 600.0])
    assert list(records["kp_price.NOX"]) == pytest.approx([SCR, SCR], rel=1e-9)
    assert records["kp_price.COD"].isna().all()


def test_the_report_lists_the_city_and_district_tonnes(make_scenario, dearer_gamma):
    comp = emisim.compare([scenario(make_scenario, dearer_gamma)])
    for lang, city, gamma in (
        ("en", "Key-project reductions · NOx · t/yr", "Key-project reductions · Gamma · NOx"),
        ("zh", "重点工程减排量 · 氮氧化物 · 吨/年", "重点工程减排量 · Gamma · 氮氧化物"),
    ):
        page = targets_html(comp, translator(lang))
        assert city in page and gamma in page, lang
        assert "≥ 500.00" in page and "≥ 200.00" in page
    assert comp.indicators.at[0, "key_project_price_NOX"] == pytest.approx(SCR, rel=1e-9)
    assert "NOx: cost of one more tonne removed by key projects (yuan/t)" in indicators_html(
        comp, translator("en")
    )


def test_near_optimal_ranges_hold_the_key_project_rows(make_scenario, dearer_gamma):
    """At the optimum Gamma removes exactly its 200 t (its scr is dearer); 1 % more cost
    (6 x SCR on 600 x SCR) buys 12 t moved from Alpha/Beta to Gamma at 0.5 x SCR each."""
    res = run(scenario(make_scenario, dearer_gamma))
    table = near_optimal_ranges(res.params, epsilons=(0.01, 0.0), must_haves=False).table
    gamma = table[(table["code"] == "100003") & (table["pollutant"] == "NOX")]
    gamma = gamma.set_index("epsilon")
    base = res.tables["allocation"].set_index(["code", "pollutant"]).at[GAMMA, "base_t"]
    assert gamma.at[0.0, "width_pct"] == pytest.approx(0.0, abs=1e-6)
    assert gamma.at[0.01, "width_pct"] == pytest.approx(100 * 12.0 / base, rel=1e-6)
