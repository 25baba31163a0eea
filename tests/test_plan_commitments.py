"""Every dated commitment of the plan (deadlines.csv): plan2020 and commitments-first
deploy it by its year. Five conflict with the category ceilings read as limits on the
whole cut (shown by solving with each enforced under ``guidance.ceilings: whole_cut``);
plan2020 reads a ceiling as a limit on the cut beyond the commitments, and each ceiling
then holds for that cut. Required and achieved quantities are recomputed here from the
dataset and the result's measures table."""

from __future__ import annotations

import pandas as pd
import pytest

from emisim.api import run, solver_options
from emisim.model.assemble import build_params
from emisim.model.data import embedded_path, load_dataset
from emisim.model.scenario import load_scenario
from emisim.solvers.iis import find_iis

DATA = embedded_path()
DEADLINES = pd.read_csv(DATA / "deadlines.csv")
ROWS = [tuple(r) for r in DEADLINES[["deadline", "measure"]].itertuples(index=False)]
#: The commitments that break a ceiling read as a limit on the whole cut.
CONFLICTING = {
    "no_farming_zones_cleared",
    "main_urban_sewage_2017",
    "urban_sewage_all_2020",
    "industrial_parks_2020",
    "ultra_low_all_2020",
}


@pytest.fixture(scope="module")
def results() -> dict:
    return {s: run(s) for s in ("plan2020", "commitments-first")}


@pytest.fixture(scope="module")
def deployed(results) -> dict[str, pd.DataFrame]:
    return {s: r.tables["measures"] for s, r in results.items()}


def test_the_commitments_over_deliver_the_water_targets(results) -> None:
    """docs/data.md: with every commitment met, COD and NH3-N are cut far beyond their
    targets (recomputed from the compliance table) and priced 0."""
    res = results["plan2020"]
    c = res.tables["compliance"]
    cuts = c[c["family"] == "city_target"].set_index("pollutant")
    for q in ("COD", "NH3N"):
        assert cuts.at[q, "achieved"] > 2 * cuts.at[q, "required"]
        assert res.summary["bands_held_price"][q] == 0


def test_farm_closures_set_the_nh3n_price_with_ceilings_on_the_whole_cut() -> None:
    """docs/data.md: under the earlier reading (ceilings on the whole cut, the five
    conflicting commitments set aside), COD is over-delivered and the NH3-N price (bands
    held, as an annual cost) is livestock_closure's whole annual cost per t of NH3-N."""
    sc = load_scenario("plan2020").with_changes(
        **{"guidance.ceilings": "whole_cut", "deadlines_except": sorted(CONFLICTING)}
    )
    s = run(sc).summary
    assert s["bands_held_price"]["COD"] == 0
    m = pd.read_csv(DATA / "measures.csv").set_index("measure").loc["livestock_closure"]
    r = pd.read_csv(DATA / "removals.csv").set_index(["measure", "pollutant"])["removal_t"]
    crf = 0.08 / (1 - 1.08 ** -int(m["lifetime_yr"]))
    per_t = (m["capex_yuan"] * crf + m["opex_yuan_yr"]) / r[("livestock_closure", "NH3N")]
    assert s["bands_held_price_annual"]["NH3N"] == pytest.approx(per_t, rel=1e-4)


def _required_and_subjects(row) -> list[tuple[float, list[str]]]:
    """(required units, the units summed over) per subject of a deadline row."""
    pots = pd.read_csv(DATA / "potentials.csv", dtype={"code": str})
    pots = pots[pots["measure"] == row.measure].set_index("code")["potential"]
    if row.scope == "city":
        if row.basis == "programme":
            qty = (
                pd.read_csv(DATA / "measures.csv")
                .set_index("measure")
                .at[row.measure, "programme_qty"]
            )
        else:
            qty = pots.sum()
        return [(row.share * qty, list(pots.index))]
    zone = pd.read_csv(DATA / "units.csv", dtype={"code": str}).set_index("code")["zone"]
    codes = [c for c in pots.index if row.scope == "district" or zone[c] == row.scope]
    assert codes, f"{row.deadline}: no unit in scope {row.scope}"
    return [(row.share * pots[c], [c]) for c in codes]


def _met(measures: pd.DataFrame, row) -> bool:
    m = measures[(measures["measure"] == row.measure) & (measures["year"] == row.year)]
    by_code = m.groupby("code")["units"].sum()
    return all(
        by_code.reindex(codes, fill_value=0.0).sum() >= req * (1 - 1e-6) - 1e-6
        for req, codes in _required_and_subjects(row)
    )


@pytest.mark.parametrize(("deadline", "measure"), ROWS, ids=[f"{d}-{m}" for d, m in ROWS])
def test_every_commitment_is_deployed_by_its_year(deployed, deadline, measure) -> None:
    row = DEADLINES.set_index(["deadline", "measure"]).loc[(deadline, measure)]
    row = pd.Series({**row.to_dict(), "deadline": deadline, "measure": measure})
    assert row["clause_zh"].strip() and row["plan_ref"].strip()
    r = row.to_frame().T.itertuples(index=False).__next__()
    assert not load_scenario("plan2020").deadlines_except
    assert _met(deployed["plan2020"], r)
    assert _met(deployed["commitments-first"], r)


@pytest.mark.parametrize("deadline", sorted(CONFLICTING))
def test_a_commitment_breaks_a_ceiling_on_the_whole_cut(deadline) -> None:
    """Why plan2020 reads the ceilings as limits beyond the commitments: with a ceiling on
    the whole cut, each of these five commitments (the others of the five set aside) is
    infeasible, and the conflict HiGHS finds involves a category ceiling."""
    sc = load_scenario("plan2020").with_changes(
        **{"guidance.ceilings": "whole_cut", "deadlines_except": sorted(CONFLICTING - {deadline})}
    )
    iis = find_iis(build_params(load_dataset(), sc), solver_options(sc))
    assert iis.requirements, iis.sentence  # infeasible: HiGHS names the rows that conflict
    families = {family for family, _key, _words in iis.requirements}
    assert "band_upper" in families and "deadline" in families, iis.sentence
    assert deadline in iis.sentence and "ceiling" in iis.sentence


def test_the_named_programmes_are_floors_in_plan2020(deployed) -> None:
    m = deployed["plan2020"]
    units = m.groupby(["measure", "year"])["units"].sum()
    assert units["industrial_ww_treatment", 2017] >= 0.55 * 500 - 1e-6  # six of 11 industries
    assert units["industrial_ww_treatment", 2020] >= 500 - 1e-6
    assert units["ship_sewage", 2020] >= 3000 - 1e-3
    first = deployed["commitments-first"]
    main = pd.read_csv(DATA / "units.csv", dtype={"code": str}).query("zone == 'main_urban'")
    early = first[(first["year"] == 2017) & first["code"].isin(main["code"])]
    assert early[early["measure"] == "urban_wwtp_new"]["units"].sum() > 0
