"""Net cost as a stated option: net_costs.csv recomputed from the parameters, the option
changes exactly those measures' annual cost, the default stays gross, and a result says
which convention its cost uses."""

from __future__ import annotations

import pandas as pd
import pytest

from emisim.api import run
from emisim.cli.run import cost_lines
from emisim.comparison.tables import _investment
from emisim.model.assemble import build_params
from emisim.model.data import embedded_path, load_dataset
from emisim.model.data.derive.formula import resolve
from emisim.model.scenario import load_scenario

DATA = embedded_path()


@pytest.fixture(scope="module")
def net_table() -> pd.DataFrame:
    return pd.read_csv(DATA / "net_costs.csv").set_index("measure")


def test_the_default_is_gross() -> None:
    assert load_scenario("plan2020").economics.cost_convention == "gross"


def test_net_costs_follow_the_prices(net_table) -> None:
    rows = pd.read_csv(DATA / "inputs" / "parameters.csv", dtype=str).to_dict("records")
    p = resolve(rows, "parameters.csv")
    shore = p["SHORE_POWER_MWH_PER_DOCK"] * (
        p["DIESEL_T_PER_MWH"] * p["DIESEL_PRICE_YUAN_PER_T"]
        - 1000 * p["POWER_PRICE_COMMERCIAL_YUAN_PER_KWH"]
    )
    assert net_table.at["shore_power", "fuel_saving_yuan_yr"] == pytest.approx(shore, rel=1e-6)
    # the retrofit's fuel saving is its card's coal cut at the coal price
    coal = pd.read_csv(DATA / "measures.csv").set_index("measure")["coal_cut_ktce"]
    for m in ("ultra_low_power", "ultra_low_power_old", "ultra_low_power_new"):
        want = coal[m] * 1000 * p["COAL_PRICE_YUAN_PER_TCE"]
        assert net_table.at[m, "fuel_saving_yuan_yr"] == pytest.approx(want, rel=1e-5)
    closures = ("brick_kiln_closure", "cement_capacity_closure", "small_plant_closure")
    assert (net_table.loc[list(closures), "lost_output_yuan_yr"] > 0).all()
    assert (net_table[["fuel_saving_yuan_yr", "lost_output_yuan_yr"]] >= 0).all().all()
    prov = pd.read_csv(DATA / "provenance.csv")
    graded = prov[prov["table"] == "net_costs"]
    assert len(graded) == 2 * len(net_table) and graded["grade"].eq("assumed").all()


def test_net_changes_exactly_the_listed_measures(net_table) -> None:
    ds, sc = load_dataset(), load_scenario("plan2020")
    gross = build_params(ds, sc)
    net = build_params(ds, sc.with_changes(**{"economics.cost_convention": "net"}))
    assert gross.cost_convention == "gross" and net.cost_convention == "net"
    for m in gross.measures:
        shift = 0.0
        if m in net_table.index:
            shift = net_table.at[m, "lost_output_yuan_yr"] - net_table.at[m, "fuel_saving_yuan_yr"]
        assert net.annual_cost[m] - gross.annual_cost[m] == pytest.approx(shift, abs=1e-6), m


def test_a_net_result_says_so() -> None:
    sc = load_scenario("plan2020").with_changes(**{"economics.cost_convention": "net"})
    res = run(sc)
    s = res.summary
    assert s["cost_convention"] == "net" and _investment(s)["cost_convention"] == "net"
    assert "net: minus fuel saved, plus output lost" in cost_lines(s)[0]
    m = res.tables["measures"]
    bricks = m[(m["measure"] == "brick_kiln_closure") & (m["units"] > 0)]
    # a closure's annual cost now carries its lost output (capex annualised + opex 0 + lost)
    card = pd.read_csv(DATA / "measures.csv").set_index("measure").loc["brick_kiln_closure"]
    r = 0.08
    crf = r / (1 - (1 + r) ** -int(card["lifetime_yr"]))
    lost = (
        pd.read_csv(DATA / "net_costs.csv")
        .set_index("measure")
        .at["brick_kiln_closure", "lost_output_yuan_yr"]
    )
    per_unit = bricks["annual_cost_yuan"] / bricks["units"] / bricks["cost_factor"]
    assert per_unit.to_numpy() == pytest.approx(card["capex_yuan"] * crf + lost, rel=1e-6)
