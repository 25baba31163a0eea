"""Chained periods (issue 17, item 4): ``chain2016-2025`` is one LP over 2016-2025.

Checked independently of the chain's own requirement rows: its 2016-2020 deployment is put
into a plain ``plan2020`` model as fixed bounds and that model must be feasible; the 13th
plan's 2020 cuts and coal share are recomputed from the chain's output tables and the 13th
folder's CSV files; the 14th plan's key-project tonnes from the measures table (units built
2021-2025 only) and the 14th folder's removals, coal share and energy intensity from the
coal table and the 14th folder's GDP index.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from emisim import api
from emisim.model.assemble import build_params
from emisim.model.build import build_model
from emisim.model.chain import chain_params
from emisim.model.data.period import dataset_folder
from emisim.solvers.highs import Status, solve

TOL = 1e-6


def rows(dataset: str, table: str) -> list[dict[str, str]]:
    path = Path(dataset_folder(dataset)) / f"{table}.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def chain():
    return api.run("chain2016-2025")


def test_the_chain_is_one_lp_over_both_periods(chain) -> None:
    p = chain.params
    assert p.years == tuple(range(2016, 2026)) and p.target_year == 2020
    assert chain.solve.status is Status.OPTIMAL
    req = chain.tables["requirements"]
    assert req["met"].all(), req[~req["met"]][["row", "required", "achieved"]]
    years = req.set_index("family")["year"]
    assert set(years[["city_target", "coal_cap"]]) == {2020}
    assert set(years[["key_project", "coal_cap_year"]]) == {2025}


def test_its_2016_2020_deployment_is_a_feasible_13th_plan(chain) -> None:
    """Fix the chain's 2016-2020 units in a plain plan2020 model: HiGHS finds it feasible."""
    sc, ds = api.resolve("plan2020")
    p = build_params(ds, sc, file="plan2020")
    m = build_model(p)
    placed = chain.tables["measures"].set_index(["code", "measure", "year"])["units"]
    for (d, k, t), var in m.y.items():
        v = min(max(float(placed.get((d, k, t), 0.0)), 0.0), p.potential[d, k])
        var.setlb(v)
        var.setub(v)
    res = solve(m, api.solver_options(sc))
    assert res.status is Status.OPTIMAL
    # the 13th measures the chain deploys by 2020 are all plan2020's own
    early = chain.tables["measures"]
    early = early[(early["year"] <= 2020) & (early["units"] > TOL)]
    assert set(early["measure"]) <= set(p.measures)


def test_the_13th_plan_holds_in_2020_recomputed_from_the_tables(chain) -> None:
    """2020 cut of each pollutant against the 2015 base over its target scope, from the
    emissions the chain reports and baseline.csv / sectors.csv / targets.csv of the 13th."""
    voc_key = {r["sector"] for r in rows("chongqing", "sectors") if r["voc_key"] == "true"}
    base: dict[str, float] = {}
    for r in rows("chongqing", "baseline"):
        if r["pollutant"] != "VOC" or r["sector"] in voc_key:
            base[r["pollutant"]] = base.get(r["pollutant"], 0.0) + float(r["emissions_t"])
    target = {
        r["pollutant"]: float(r["value"])
        for r in rows("chongqing", "targets")
        if r["target_set"] == "plan2020" and r["kind"] == "emission_cut"
    }
    em = chain.tables["requirements"]  # not used for the numbers: only to name the rows
    assert set(em.loc[em["family"] == "city_target", "pollutant"]) == set(target)
    p = chain.params
    full = api.collect_tables(p, chain.solve)
    y = full["measures"]
    for q, tau in target.items():
        in_scope = {r["sector"] for r in rows("chongqing", "sectors")}
        if q == "VOC":
            in_scope = voc_key
        bau = sum(
            p.e0.get((d, s, q), 0.0) * p.growth[d, s, 2020] for d in p.units for s in in_scope
        )
        at = y[(y["year"] == 2020) & y["sector"].isin(in_scope)]
        e2020 = bau - float(at[f"removal_{q}_t"].sum())
        assert 1 - e2020 / base[q] >= tau - TOL, q
    coal = chain.tables["coal_city"].set_index("year")
    ceiling = next(
        float(r["value"])
        for r in rows("chongqing", "targets")
        if r["target_set"] == "plan2020" and r["kind"] == "coal_share_max"
    )
    assert coal.at[2020, "coal_ktce"] / coal.at[2020, "primary_energy_ktce"] <= ceiling + TOL


def test_its_2021_2025_part_meets_the_14th_plan(chain) -> None:
    """Key-project tonnes from units built 2021-2025 only (removals.csv of both folders),
    coal share 2025 and energy intensity 2025 vs 2020 from the coal table."""
    kp = {
        r["pollutant"]: float(r["value"])
        for r in rows("chongqing-fyp14", "targets")
        if r["kind"] == "key_project_t"
    }
    removal = {
        (r["measure"], r["pollutant"]): float(r["removal_t"])
        for folder in ("chongqing-fyp14", "chongqing")  # the 13th's win for its measures
        for r in rows(folder, "removals")
    }
    m = chain.tables["measures"].set_index(["code", "measure", "year"])["units"]
    added: dict[str, float] = {}
    whole: dict[str, float] = {}
    for (d, k, t), units in m.items():
        if t != 2025:
            continue
        new = units - float(m.get((d, k, 2020), 0.0))
        for q in kp:
            added[q] = added.get(q, 0.0) + new * removal.get((k, q), 0.0)
            whole[q] = whole.get(q, 0.0) + units * removal.get((k, q), 0.0)
    for q, tonnes in kp.items():
        assert added[q] >= tonnes * (1 - 1e-7), q
    # counting the 13th's units too would overstate the 14th's tonnes
    assert all(whole[q] > added[q] + 1000 for q in ("COD", "NOX"))
    req = chain.tables["requirements"]
    achieved = req[req["family"] == "key_project"].set_index("pollutant")["achieved"]
    for q in kp:
        assert achieved[q] == pytest.approx(added[q], rel=1e-6)
    # the 14th's new measures wait for 2021
    new_measures = {r["measure"] for r in rows("chongqing-fyp14", "measures")} - {
        r["measure"] for r in rows("chongqing", "measures")
    }
    m14 = chain.tables["measures"]
    m14 = m14[m14["measure"].isin(new_measures) & (m14["units"] > TOL)]
    assert len(m14) and int(m14["year"].min()) >= 2021
    coal = chain.tables["coal_city"].set_index("year")
    share = coal["coal_ktce"] / coal["primary_energy_ktce"]
    units14 = rows("chongqing-fyp14", "units")
    reported = sum(float(u["coal_2015_ktce"]) for u in units14) / sum(
        float(u["energy_2015_ktce"]) for u in units14
    )
    assert reported == pytest.approx(0.443, abs=5e-4)  # the 14th energy plan's 2020 figure
    assert share[2025] <= 0.55 - (reported - 0.40) + TOL  # later_coal: cut_in_points
    gdp = {int(r["year"]): float(r["gdp_index"]) for r in rows("chongqing-fyp14", "macro")}
    intensity = coal.at[2025, "primary_energy_ktce"] / gdp[2025]
    assert intensity / (coal.at[2020, "primary_energy_ktce"] / gdp[2020]) == pytest.approx(0.86)


def test_one_potential_for_a_measure_of_both_periods(chain) -> None:
    """What the 13th built uses up the 13th's potential: by 2025 no unit holds more of a
    13th measure than chongqing/potentials.csv allows, and units never fall."""
    pot = {
        (r["code"], r["measure"]): float(r["potential"]) for r in rows("chongqing", "potentials")
    }
    m = chain.tables["measures"]
    last = m[(m["year"] == 2025) & m["measure"].isin({k for _d, k in pot})]
    for d, k, units in zip(last["code"], last["measure"], last["units"], strict=True):
        assert units <= pot[d, k] * (1 + 1e-9) + TOL
    assert float(m["new_units"].min()) >= -TOL


def test_40_percent_as_a_level_is_out_of_reach_from_the_chains_2020() -> None:
    """The reading the scenario states: with coal at 40 % in 2025 as written, the chain
    (2020 at the 13th's 55 %) has no solution."""
    first, later = (
        build_params(d, s, file=name)
        for name in ("plan2020", "plan2025")
        for s, d in [api.resolve(name)]
    )
    p = chain_params(first, later, "as-written", later_coal="as_written")
    assert p.coal_caps == {2025: 0.40}
    res = solve(build_model(p), api.solver_options(api.resolve("plan2020")[0]))
    assert res.status in (Status.INFEASIBLE, Status.INFEASIBLE_OR_UNBOUNDED)
    loose = solve(
        build_model(replace(p, coal_caps={2025: 0.47})),
        api.solver_options(api.resolve("plan2020")[0]),
    )
    assert loose.status is Status.OPTIMAL


def test_the_report_sets_the_two_periods_side_by_side(chain) -> None:
    """The report's section, in English and Chinese: each period's rows with their year,
    and the cost split whose total is the run's objective."""
    from emisim.comparison import compare
    from emisim.reports.html_chain import chain_html
    from emisim.reports.i18n import translator

    comp = compare([chain])
    total = f"{chain.tables['period_costs']['cost_yuan'].sum() / 1e9:,.2f}"
    assert total == f"{chain.solve.objective / 1e9:,.2f}"
    for lang in ("en", "zh"):
        _ = translator(lang)
        html = chain_html(comp, _)
        assert _("Earlier period {years}").format(years="2016–2020") in html
        assert _("Later period {years}").format(years="2021–2025") in html
        assert f"<b>{total}</b>" in html
        req = chain.tables["requirements"]
        for row in req[req["family"].isin(["key_project", "city_target"])].itertuples():
            assert getattr(row, f"label_{lang}") in html.replace("&#x27;", "'"), row.row
    zh = chain_html(comp, translator("zh"))
    assert "前一规划期" in zh and "重点工程" in zh


def test_a_chain_is_refused_where_it_cannot_be_one(tmp_path: Path) -> None:
    """Single-period tools name the reason; a chain of one period, or of periods that do
    not meet, is refused naming the scenario key."""
    from emisim.model.errors import ScenarioError
    from emisim.model.scenario import load_scenario
    from emisim.studio.app import single_period_scenarios

    sc, ds = api.resolve("chain2016-2025")
    with pytest.raises(ScenarioError, match="chain of periods"):
        build_params(ds, sc, file="chain2016-2025")
    assert "chain2016-2025" not in single_period_scenarios()
    assert "plan2020" in single_period_scenarios()
    one = tmp_path / "one.yaml"
    one.write_text("description: one period\nchain: {periods: [plan2020]}\n", "utf-8")
    with pytest.raises(ScenarioError, match="two periods"):
        load_scenario(one)
    twice = build_params(ds, api.resolve("plan2020")[0], file="plan2020")
    with pytest.raises(ScenarioError, match="not the year after 2020"):
        chain_params(twice, twice, "twice")
