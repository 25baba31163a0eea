"""plan2020 end to end through the CLI, checked from the written CSVs and the raw data only.

The independent check below never touches emisim's model or parameter objects: it reads
the dataset's CSV files with pandas and the run's output tables, recomputes every unit's
emissions, and confirms every target, band and the coal ceiling.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from emisim.cli import main
from emisim.model.data import embedded_path
from emisim.model.vocabulary import POLLUTANT_LABELS

REL = 1e-6
DATA = embedded_path()
SCENARIO = Path(__file__).parents[1] / "scenarios" / "plan2020.yaml"


@pytest.fixture(scope="module")
def plan2020_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["run", "plan2020", "--out", str(out), "--quiet"]) == 0
    return out / "plan2020"


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype={"code": str, "subject": str})


def out_csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype={"code": str, "subject": str})


def recomputed_final(folder: Path) -> pd.DataFrame:
    """Final-year emissions by unit, sector, pollutant from data + measures.csv alone."""
    units = csv("units")[["code", "zone"]]
    base = csv("baseline").merge(units, on="code")
    growth = csv("growth")
    g = growth[growth["year"] == 2020].rename(columns={"series": "sector"})
    base = base.merge(g[["sector", "zone", "index"]], on=["sector", "zone"])
    base["bau_t"] = base["emissions_t"] * base["index"]
    m = out_csv(folder, "measures")
    m = m[m["year"] == 2020]
    rows = []
    for p in ("COD", "NH3N", "SO2", "NOX", "VOC"):
        r = m.groupby(["code", "sector"])[f"removal_{p}_t"].sum().rename("removed").reset_index()
        r["pollutant"] = p
        rows.append(r)
    removed = pd.concat(rows)
    out = base.merge(removed, on=["code", "sector", "pollutant"], how="outer")
    out[["emissions_t", "bau_t", "removed"]] = out[["emissions_t", "bau_t", "removed"]].fillna(0)
    out["final_t"] = out["bau_t"] - out["removed"]
    return out


def committed_in_full() -> set[str]:
    """The measures plan2020 counts outside the category ceilings (guidance.ceilings:
    beyond_commitments), from deadlines.csv and the data alone: those whose largest
    commitment (one deadline's rows summed) is all that can be deployed, the sum of their
    potentials or their programme quantity (plan2020's programmes are caps)."""
    dl, pot = csv("deadlines"), csv("potentials")
    qty = csv("measures").set_index("measure")["programme_qty"]
    zone = csv("units").set_index("code")["zone"]
    largest: dict[str, float] = {}
    for (_deadline, k), rows in dl.groupby(["deadline", "measure"]):
        r = rows.iloc[0]
        mine = pot[(pot["measure"] == k) & (pot["potential"] > 0)]
        if r.scope not in ("city", "district"):
            mine = mine[mine["code"].map(zone) == r.scope]
        base = qty[k] if r.basis == "programme" else mine["potential"].sum()
        largest[k] = max(largest.get(k, 0.0), r.share * base)
    out = set()
    for k, need in largest.items():
        most = pot.loc[pot["measure"] == k, "potential"].sum()
        if qty[k] == qty[k]:  # a programme quantity: a cap in plan2020
            most = min(most, qty[k])
        if need >= most * (1 - 1e-9):
            out.add(k)
    return out


def committed_removed(folder: Path) -> pd.DataFrame:
    """Final-year removal by unit, sector, pollutant of the measures counted outside the
    ceilings, from measures.csv."""
    m = out_csv(folder, "measures")
    m = m[(m["year"] == 2020) & m["measure"].isin(committed_in_full())]
    rows = []
    for p in ("COD", "NH3N", "SO2", "NOX", "VOC"):
        r = m.groupby(["code", "sector"])[f"removal_{p}_t"].sum().rename("committed").reset_index()
        r["pollutant"] = p
        rows.append(r)
    return pd.concat(rows)


def test_plan2020_solves_to_optimality(plan2020_out: Path) -> None:
    summary = json.loads((plan2020_out / "summary.json").read_text())
    assert summary["status"] == "optimal"
    assert summary["targets_met"]
    assert summary["requirements"]["met"] == summary["requirements"]["total"]
    tables = ("allocation", "bands", "measures", "coal", "coal_city", "prices", "compliance")
    for name in (*tables, "requirements"):
        assert (plan2020_out / f"{name}.csv").is_file()


def test_independent_check_of_emissions_targets_bands_and_coal(plan2020_out: Path) -> None:
    final = recomputed_final(plan2020_out)
    assert (final["final_t"] >= -1e-6 * final["bau_t"].max()).all()  # no sector below zero
    # the written emissions table agrees with the recomputation
    written = out_csv(plan2020_out, "emissions").merge(
        final, on=["code", "sector", "pollutant"], suffixes=("_w", "_r")
    )
    assert written["emissions_t_w"].to_numpy() == pytest.approx(
        written["final_t"].to_numpy(), rel=REL, abs=1e-6
    )
    sectors = csv("sectors").set_index("sector")
    key = set(sectors.index[sectors["voc_key"]])
    targets = csv("targets")
    tau = targets[(targets["target_set"] == "plan2020") & (targets["kind"] == "emission_cut")]
    for row in tau.itertuples():
        sub = final[final["pollutant"] == row.pollutant]
        if row.pollutant == "VOC":
            sub = sub[sub["sector"].isin(key)]
        cut = 1 - sub["final_t"].sum() / sub["emissions_t"].sum()
        assert cut >= row.value - REL, row.pollutant

    # every band, recomputed from the scenario's numbers and the data's categories; a
    # ceiling limits the cut beyond the committed measures' (guidance.ceilings)
    sc = yaml.safe_load(SCENARIO.read_text())
    assert sc["guidance"]["ceilings"] == "beyond_commitments"
    final = final.merge(
        committed_removed(plan2020_out), on=["code", "sector", "pollutant"], how="left"
    ).fillna({"committed": 0.0})
    guidance = csv("guidance")
    groups = csv("groups")
    fam_sectors = {
        f: set(sectors.index[sectors["family"] == f]) for f in ("air", "water", "livestock")
    }
    fam_pols = {
        "air": ("SO2", "NOX", "VOC"),
        "water": ("COD", "NH3N"),
        "livestock": ("COD", "NH3N"),
    }
    cut_of = dict(zip(tau["pollutant"], tau["value"], strict=True))
    checked = 0
    for fam, cats in sc["guidance"]["bands"].items():
        for g in guidance[guidance["family"] == fam].itertuples():
            band = cats.get(g.category)
            if not band:
                continue
            members = groups[groups["group"] == g.subject]
            weights = (
                dict(zip(members["code"], members["share"], strict=True))
                if len(members)
                else {g.subject: 1.0}
            )
            for p in fam_pols[fam]:
                secs = fam_sectors[fam] & (key if p == "VOC" else set(sectors.index))
                sub = final[
                    final["code"].isin(weights)
                    & final["sector"].isin(secs)
                    & (final["pollutant"] == p)
                ]
                w = sub["code"].map(weights)
                b, f, bau, c = (
                    (sub[col] * w).sum() for col in ("emissions_t", "final_t", "bau_t", "committed")
                )
                if b <= 0:
                    continue
                cut = 1 - f / b
                if band.get("lower"):  # a lower bound of 0 is "no floor": no row is written
                    assert cut >= band["lower"] * cut_of[p] - REL, (g.subject, fam, p)
                    checked += 1
                if band.get("upper") is not None:  # the cut beyond the commitments
                    ceiling = max(band["upper"] * cut_of[p], 1 - bau / b)
                    assert cut - c / b <= ceiling + REL, (g.subject, fam, p)
                    checked += 1
    assert checked > 150

    # coal: BAU path minus coal cuts in measures.csv, against 55 % of plan primary energy
    units = csv("units")
    growth = csv("growth")
    gc = growth[(growth["series"] == "coal") & (growth["year"] == 2020)].set_index("zone")["index"]
    coal_bau = (units["coal_2015_ktce"] * units["zone"].map(gc)).sum()
    m = out_csv(plan2020_out, "measures")
    coal = coal_bau - m.loc[m["year"] == 2020, "coal_cut_ktce"].sum()
    macro = csv("macro").set_index("year")["gdp_index"]
    plan = targets[targets["target_set"] == "plan2020"].set_index("kind")["value"]
    energy = units["energy_2015_ktce"].sum() * macro[2020] / macro[2015]
    energy *= 1 - plan["energy_intensity_cut"]
    assert coal <= sc["coal"]["share_max"] * energy * (1 + REL)


def test_measures_respect_potentials_and_never_decrease(plan2020_out: Path) -> None:
    m = out_csv(plan2020_out, "measures")
    pot = csv("potentials").set_index(["code", "measure"])["potential"]
    got = m.set_index(["code", "measure"])["units"]
    assert (got <= pot.reindex(got.index) * (1 + REL) + 1e-9).all()
    assert (m["new_units"] >= -1e-9).all()
    prog = csv("measures").set_index("measure")["programme_qty"].dropna()
    final = m[m["year"] == 2020].groupby("measure")["units"].sum()
    for k, q in prog.items():
        assert final.get(k, 0.0) <= q * (1 + REL), k


def test_mac_is_positive_in_present_value_yuan_per_tonne(plan2020_out: Path) -> None:
    prices = out_csv(plan2020_out, "prices")
    mac = prices[prices["kind"] == "city_target"]
    assert set(mac["unit"]) == {"PV yuan per t/yr"}  # common-horizon accounting (default)
    assert (mac["price"] >= 0).all()
    assert (mac["price"] > 0).any()


def test_two_runs_write_byte_identical_tables(plan2020_out: Path, tmp_path: Path) -> None:
    assert main(["run", "plan2020", "--out", str(tmp_path), "--quiet"]) == 0
    again = tmp_path / "plan2020"
    for table in sorted(plan2020_out.glob("*.csv")):
        assert (again / table.name).read_bytes() == table.read_bytes(), table.name


def test_manifest_records_inputs_versions_and_status(plan2020_out: Path) -> None:
    man = json.loads((plan2020_out / "manifest.json").read_text())
    assert man["solver"]["status"] == "optimal"
    assert man["solver"]["name"].startswith("HiGHS")
    assert len(man["scenario_sha256"]) == 64
    assert set(man["dataset_sha256"]) >= {"baseline.csv", "measures.csv", "units.csv"}
    for pkg in ("emisim", "pyomo", "highspy", "pandas"):
        assert man["versions"][pkg] not in ("", "not installed")
    assert man["timings_s"]["highs"] >= 0
    assert man["merged_scenario"]["coal"]["share_max"] == 0.55


def test_write_lp_and_mps(tmp_path: Path) -> None:
    lp, mps = tmp_path / "m.lp", tmp_path / "m.mps"
    code = main(
        [
            "run",
            "plan2020",
            "--out",
            str(tmp_path / "o"),
            "--quiet",
            "--write-lp",
            str(lp),
            "--write-mps",
            str(mps),
        ]
    )
    assert code == 0
    text = lp.read_text()
    assert "city_target" in text and "coal_cap" in text
    assert mps.stat().st_size > 1000


def test_infeasible_scenario_exits_nonzero_and_leaves_no_output(tmp_path: Path, capsys) -> None:
    scenario = tmp_path / "impossible.yaml"
    scenario.write_text(
        "description: NH3-N cut far beyond what the measures can deliver\n"
        "extends: plan2020\n"
        "targets:\n  overrides:\n    NH3N: 0.6\n"
    )
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "infeasible" in err and "NH3N" in err
    assert "city-wide pollutant targets" in err
    assert "Traceback" not in err
    assert not (out / "impossible").exists()
    assert not any(out.glob(".*")) if out.exists() else True


@pytest.mark.parametrize(
    "fixture",
    [
        "bad_yaml_syntax",
        "unknown_key",
        "wrong_type",
        "unknown_pollutant",
        "unknown_unit",
        "band_inverted",
        "target_out_of_range",
        "unknown_target_set",
        "unknown_measure",
        "unknown_override",
    ],
)
def test_malformed_scenarios_fail_cleanly_on_run(fixture: str, tmp_path: Path, capsys) -> None:
    path = Path(__file__).parent / "fixtures" / "scenarios" / f"{fixture}.yaml"
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and fixture in lines[0] and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_missing_scenario_file(tmp_path: Path, capsys) -> None:
    assert main(["run", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)]) == 2
    assert "nope.yaml" in capsys.readouterr().err


def test_quiet_run_prints_only_the_folder_in_a_fresh_process(tmp_path: Path) -> None:
    """No solver banner or log leaks to stdout (HiGHS prints one on its first object)."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "emisim.cli", "run", "plan2020", "--quiet", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"{tmp_path / 'plan2020'}\n"


def test_unwritable_output_gives_one_line(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["run", "plan2020", "--out", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("emisim: error:") and "a-file" in err and "Traceback" not in err


def test_compare_rejects_an_unknown_scenario_before_solving_any(capsys) -> None:
    assert main(["compare", "plan2020", "no-such-scenario"]) == 2
    err = capsys.readouterr().err
    assert "no scenario named 'no-such-scenario'" in err
    assert "[1/2]" not in err  # nothing was solved first


def test_write_lp_with_wrong_extension_is_rejected_before_solving(tmp_path: Path, capsys) -> None:
    assert main(["run", "plan2020", "--out", str(tmp_path), "--write-lp", "m.txt"]) == 2
    assert "ending in .lp" in capsys.readouterr().err
    assert not (tmp_path / "plan2020").exists()


def test_every_enforced_deadline_is_met_in_its_year(plan2020_out: Path) -> None:
    """From deadlines.csv, the data's measures/potentials and the run's measures.csv only."""
    sc = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    assert sc["deadlines"] == "enforce"
    deadlines = csv("deadlines")
    assert not sc.get("deadlines_except")  # every commitment is enforced
    enforced = deadlines
    qty = csv("measures").set_index("measure")["programme_qty"]
    pot = csv("potentials")
    zone = csv("units").set_index("code")["zone"]
    m = out_csv(plan2020_out, "measures")
    for r in enforced.itertuples():
        placed = m[(m["measure"] == r.measure) & (m["year"] == r.year)].set_index("code")["units"]
        units = pot[(pot["measure"] == r.measure) & (pot["potential"] > 0)]
        if r.scope not in ("city", "district"):  # a zone: each of its units
            units = units[units["code"].map(zone) == r.scope]
        if r.scope != "city":
            for u in units.itertuples():
                need = r.share * u.potential
                assert placed.get(u.code, 0.0) >= need * (1 - REL), (r.deadline, u.code)
        else:
            need = r.share * (
                qty[r.measure] if r.basis == "programme" else units["potential"].sum()
            )
            assert placed.sum() >= need * (1 - REL), r.deadline


def test_requirements_table_recomputed_from_csvs_and_data(plan2020_out: Path) -> None:
    """Every row of requirements.csv: required from the scenario file and the data, achieved
    from measures.csv and the data (recomputed_final), met from those two; and every label
    names its district and pollutant in words (English and Chinese)."""
    req = out_csv(plan2020_out, "requirements")
    sc = yaml.safe_load(SCENARIO.read_text())
    final = recomputed_final(plan2020_out)
    sectors = csv("sectors").set_index("sector")
    key = set(sectors.index[sectors["voc_key"]])
    targets = csv("targets")
    plan = targets[targets["target_set"] == "plan2020"]
    tau = dict(zip(plan["pollutant"], plan["value"], strict=False))
    units = csv("units").set_index("code")
    groups = csv("groups")
    m = out_csv(plan2020_out, "measures")
    m20 = m[m["year"] == 2020]
    guidance = csv("guidance")
    deadlines = csv("deadlines")
    potentials = csv("potentials")
    potentials = potentials[potentials["potential"] > 0]
    committed = committed_removed(plan2020_out)

    def members(subject: str) -> dict[str, float]:
        sub = groups[groups["group"] == subject]
        return dict(zip(sub["code"], sub["share"], strict=True)) if len(sub) else {subject: 1.0}

    def cut(codes: dict[str, float], secs: set[str], q: str) -> tuple[float, float, float]:
        sub = final[
            final["code"].isin(codes) & final["sector"].isin(secs) & (final["pollutant"] == q)
        ]
        w = sub["code"].map(codes)
        b, f, bau = ((sub[c] * w).sum() for c in ("emissions_t", "final_t", "bau_t"))
        return 1 - f / b, b, bau

    def expected(r) -> tuple[float, float]:
        q = r.pollutant if isinstance(r.pollutant, str) else ""
        scope = key if q == "VOC" else set(sectors.index)
        if r.family == "city_target":
            return tau[q], cut({c: 1.0 for c in units.index}, scope, q)[0]
        if r.family in ("band_lower", "band_upper"):
            cat = guidance[(guidance["subject"] == r.subject) & (guidance["family"] == r.topic)]
            band = sc["guidance"]["bands"][r.topic][cat["category"].iloc[0]]
            secs = set(sectors.index[sectors["family"] == r.topic]) & scope
            got, b, bau = cut(members(r.subject), secs, q)
            if r.family == "band_lower":
                return band["lower"] * tau[q], got
            # a ceiling's achieved cut is the cut beyond the committed measures'
            codes = members(r.subject)
            mine = committed[committed["code"].isin(codes) & committed["sector"].isin(secs)]
            mine = mine[mine["pollutant"] == q]
            beyond = got - (mine["committed"] * mine["code"].map(codes)).sum() / b
            return max(band["upper"] * tau[q], 1 - bau / b), beyond
        if r.family == "adapt_share":
            rule = next(a for a in sc["guidance"]["adapt_locally"] if a["name"] == r.topic)
            fam = set(sectors.index[sectors["family"] == rule["family"]])
            here = m20[m20["code"] == r.subject]
            named = here.loc[here["sector"].isin(rule["sectors"]), f"removal_{q}_t"].sum()
            total = here.loc[here["sector"].isin(fam), f"removal_{q}_t"].sum()
            return rule["min_share"], (named / total if total > 1e-6 else math.nan)
        if r.family == "coal_cap":
            gc = csv("growth")
            gc = gc[(gc["series"] == "coal") & (gc["year"] == 2020)].set_index("zone")["index"]
            coal = (units["coal_2015_ktce"] * units["zone"].map(gc)).sum()
            coal -= m20["coal_cut_ktce"].sum()
            macro = csv("macro").set_index("year")["gdp_index"]
            energy = units["energy_2015_ktce"].sum() * macro[2020] / macro[2015]
            eic = plan.set_index("kind").at["energy_intensity_cut", "value"]
            return sc["coal"]["share_max"], coal / (energy * (1 - eic))
        if r.family == "programme_cap":
            prog = csv("measures").set_index("measure")["programme_qty"]
            return prog[r.subject], m20.loc[m20["measure"] == r.subject, "units"].sum()
        if r.family == "deadline":  # (deadline, measure, subject): units in place by its year
            name, measure = r.row.split("(")[1].split(",")[:2]
            dl = deadlines.set_index(["deadline", "measure"]).loc[(name, measure)]
            pot = potentials[potentials["measure"] == measure]
            placed = m[(m["measure"] == measure) & (m["year"] == dl["year"])]
            if dl["scope"] != "city":  # every unit, or every unit of one zone
                need = dl["share"] * pot.loc[pot["code"] == r.subject, "potential"].sum()
                return need, placed.loc[placed["code"] == r.subject, "units"].sum()
            prog = csv("measures").set_index("measure")["programme_qty"]
            whole = prog[measure] if dl["basis"] == "programme" else pot["potential"].sum()
            return dl["share"] * whole, placed["units"].sum()
        raise AssertionError(f"family {r.family} is not checked here")

    names_zh = {code: units.at[code, "name_zh"] for code in units.index}
    assert len(req) > 200
    for r in req.itertuples():
        required, achieved = expected(r)
        assert r.required == pytest.approx(required, rel=REL, abs=1e-12), r.row
        if math.isnan(achieved):
            assert math.isnan(r.achieved) and r.met, r.row
            continue
        assert r.achieved == pytest.approx(achieved, rel=1e-6, abs=1e-8), r.row
        held = achieved >= required - 1e-6 if r.sense == ">=" else achieved <= required + 1e-6
        assert bool(r.met) == held, r.row
        if isinstance(r.pollutant, str):
            assert POLLUTANT_LABELS["en"][r.pollutant] in r.label_en, r.label_en
            assert POLLUTANT_LABELS["zh"][r.pollutant] in r.label_zh, r.label_zh
        if r.subject in units.index:
            assert units.at[r.subject, "name_en"] in r.label_en, r.label_en
            assert names_zh[r.subject] in r.label_zh, r.label_zh
        elif r.family.startswith("band"):  # a group: named in words, e.g. "Liangjiang"
            assert r.subject.replace("_", " ").title() in r.label_en, r.label_en
    assert req["met"].all()


def test_investment_headlines_recompute_from_the_csvs(plan2020_out: Path) -> None:
    """Capital outlay (by year), final-year annual cost and lifetime NPV in summary.json,
    from measures.csv (run), measures.csv and cost_factors.csv (data: a unit's cost of a
    measure is the card's times its factor, 1 where absent) with the cash flows written
    out here; the total cost under the default common-horizon accounting likewise, every
    unit paying its annualised cost each year from its build year to 2020 + the longest
    measure life - 1 (docs/model.md, Objective)."""
    s = json.loads((plan2020_out / "summary.json").read_text())
    data = csv("measures").set_index("measure")
    end = 2020 + int(data["lifetime_yr"].max()) - 1
    factors = csv("cost_factors").set_index(["code", "measure"])["factor"]
    assert len(factors) > 0
    m = out_csv(plan2020_out, "measures")
    r = 0.08
    outlay: dict[int, float] = {}
    npv = annual = held = 0.0
    for row in m.itertuples():
        k = data.loc[row.measure]
        f = factors.get((row.code, row.measure), 1.0)
        capex, opex, life = f * k["capex_yuan"], f * k["opex_yuan_yr"], int(k["lifetime_yr"])
        crf = r * (1 + r) ** life / ((1 + r) ** life - 1)
        outlay[row.year] = outlay.get(row.year, 0.0) + row.new_units * capex
        # capital at the start of the build year, O&M at the end of each year of life
        flows = capex / (1 + r) ** (row.year - 1 - 2015)
        flows += sum(opex / (1 + r) ** (row.year + i - 2015) for i in range(life))
        npv += row.new_units * flows
        held += (
            row.new_units
            * (capex * crf + opex)
            * sum((1 + r) ** -(t - 2015) for t in range(row.year, end + 1))
        )
        if row.year == 2020:
            annual += row.units * (capex * crf + opex)
    assert s["accounting"] == "common_horizon"
    assert end == 2059
    for year, v in s["capital_outlay_by_year_yuan"].items():
        assert v == pytest.approx(outlay.get(int(year), 0.0), rel=1e-6, abs=1e-3)
    assert s["capital_outlay_yuan"] == pytest.approx(sum(outlay.values()), rel=1e-6)
    assert s["annual_cost_final_year_yuan"] == pytest.approx(annual, rel=1e-6)
    assert s["npv_cost_yuan"] == pytest.approx(npv, rel=1e-6)
    assert s["total_cost_yuan"] == pytest.approx(held, rel=1e-6)
    zones = s["capital_outlay_by_zone_yuan"]
    assert sum(zones.values()) == pytest.approx(s["capital_outlay_yuan"], rel=1e-9)
