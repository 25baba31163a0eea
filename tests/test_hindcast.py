"""`emisim hindcast`: the model's 2020 beside the official figures (issue 17, item 5).

The model's numbers are recomputed here from the tables `emisim run` writes (not from the
hindcast's own code); the official numbers from observed.csv and provenance.csv read as
plain CSV; the sources are checked to be cited in the output and in docs/hindcast.md."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from tiny import analysis_scenario

from emisim.cli import main
from emisim.model.data import embedded_path, load_dataset
from emisim.model.errors import DataError
from emisim.reports.hindcast import cells

ROOT = Path(__file__).resolve().parents[1]
DATA = embedded_path()
POLLUTANTS = ("COD", "NH3N", "SO2", "NOX")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("hindcast")
    assert main(["run", "plan2020", "--out", str(out), "--quiet"]) == 0
    assert main(["hindcast", "--out", str(out), "--quiet"]) == 0  # plan2020 by default
    return {"run": out / "plan2020", "hindcast": out / "hindcast" / "plan2020"}


@pytest.fixture(scope="module")
def table(outputs) -> pd.DataFrame:
    return pd.read_csv(outputs["hindcast"] / "hindcast.csv", keep_default_na=False, na_values=[""])


def _row(table: pd.DataFrame, indicator: str, subject: str) -> pd.Series:
    hit = table[(table["indicator"] == indicator) & (table["subject"] == subject)]
    assert len(hit) == 1, (indicator, subject)
    return hit.iloc[0]


def _observed() -> dict[str, float]:
    with (DATA / "observed.csv").open(encoding="utf-8") as fh:
        return {
            f"{r['indicator']}|{r['subject']}|{r['scope']}|{r['year']}": float(r["value"])
            for r in csv.DictReader(fh)
        }


def _grades() -> dict[str, tuple[str, str]]:
    with (DATA / "provenance.csv").open(encoding="utf-8") as fh:
        return {
            r["key"]: (r["grade"], r["source"])
            for r in csv.DictReader(fh)
            if r["table"] == "observed"
        }


def test_model_numbers_equal_a_recomputation_from_the_run_tables(outputs, table) -> None:
    em = pd.read_csv(outputs["run"] / "emissions.csv")
    em = em[em["year"] == 2020]
    for q in POLLUTANTS:
        r = _row(table, "emissions", q)
        mine = em[em["pollutant"] == q]
        assert r["model"] == pytest.approx(mine["emissions_t"].sum(), rel=1e-9)
        assert r["model_base"] == pytest.approx(mine["base_t"].sum(), rel=1e-9)
        cut = 1 - mine["emissions_t"].sum() / mine["base_t"].sum()
        assert r["model_cut"] == pytest.approx(cut, abs=1e-9)
    coal = pd.read_csv(outputs["run"] / "coal_city.csv").set_index("year").loc[2020]
    assert _row(table, "coal_share", "coal")["model"] == pytest.approx(coal["coal_share"], rel=1e-9)
    energy = _row(table, "primary_energy", "energy")["model"]
    assert energy == pytest.approx(coal["primary_energy_ktce"], rel=1e-9)
    # energy intensity from the run's energy, the units' 2015 energy and the GDP index: the
    # model's energy follows the plan's intensity target (targets.csv, 15 %) by construction
    units, macro = (
        pd.read_csv(DATA / "units.csv"),
        pd.read_csv(DATA / "macro.csv").set_index("year"),
    )
    gdp = macro.loc[2020, "gdp_index"] / macro.loc[2015, "gdp_index"]
    intensity = 1 - coal["primary_energy_ktce"] / units["energy_2015_ktce"].sum() / gdp
    assert _row(table, "intensity_cut", "energy")["model"] == pytest.approx(intensity, abs=1e-9)
    assert intensity == pytest.approx(0.15, abs=1e-9)


def test_exactly_at_the_target_where_the_run_says_the_target_binds(outputs, table) -> None:
    """The 'exact' reason agrees with the run's own requirements table, not with itself."""
    req = pd.read_csv(outputs["run"] / "requirements.csv")
    city = req[req["family"] == "city_target"].set_index("pollutant")
    # NOx and VOC bind; COD, NH3-N and SO2 are cut beyond their targets by the dated
    # commitments plan2020 meets (docs/hindcast.md)
    assert {"NOX", "VOC"} <= set(city.index[city["binding"].eq("lower")])
    for q in POLLUTANTS:
        r = _row(table, "emissions", q)
        assert r["requirement"] == pytest.approx(city.loc[q, "required"])
        at_target = abs(r["model_cut"] - city.loc[q, "required"]) < 1e-6
        assert ("exact" in r["reasons"].split(";")) == at_target, q
        assert ("side_effect" in r["reasons"].split(";")) == (not at_target), q
    coal = _row(table, "coal_share", "coal")
    assert coal["model"] == pytest.approx(0.55) and "exact" in coal["reasons"]


def test_official_numbers_are_the_data_files(table) -> None:
    obs, grades = _observed(), _grades()
    for q in POLLUTANTS:
        r = _row(table, "emissions", q)
        key = f"emissions|{q.lower()}|chongqing|2020"
        assert r["official"] == obs[key] and r["official_grade"] == grades[key][0]
        assert r["official_base"] == obs[f"emissions|{q.lower()}|chongqing|2015"]
        assert r["national_cut"] == obs[f"emissions_cut|{q.lower()}|china|2019"]
        assert r["official_cut"] == pytest.approx(1 - r["official"] / r["official_base"])
        assert "rebased" in r["reasons"]  # 2015 and 2020 are on different bases
    assert _row(table, "coal_share", "coal")["official"] == 0.443
    assert _row(table, "primary_energy", "energy")["official"] == 88750
    assert _row(table, "intensity_cut", "energy")["official"] == 0.194
    for ind, subj in (("coal_share", "coal"), ("primary_energy", "energy")):
        assert _row(table, ind, subj)["official_grade"] == "sourced"


def test_the_2015_figures_are_the_models_base() -> None:
    obs = _observed()
    totals = pd.read_csv(DATA / "city_totals.csv").set_index("pollutant")["total_2015_t"]
    for q in POLLUTANTS:
        assert obs[f"emissions|{q.lower()}|chongqing|2015"] == totals[q]


def test_chongqing_2020_estimates_follow_their_stated_rule() -> None:
    """Graded derived: national 2020 x Chongqing's share of national 2015, recomputed."""
    obs, grades = _observed(), _grades()
    for q in (q.lower() for q in POLLUTANTS):
        key = f"emissions|{q}|chongqing|2020"
        share = obs[f"emissions|{q}|chongqing|2015"] / obs[f"emissions|{q}|china|2015"]
        assert obs[key] == pytest.approx(obs[f"emissions|{q}|china|2020"] * share, abs=1)
        grade, source = grades[key]
        assert grade == "derived" and source.startswith("NOT the official Chongqing figure")


def test_sources_are_cited(outputs) -> None:
    text = (outputs["hindcast"] / "hindcast.md").read_text("utf-8")
    figures = pd.read_csv(outputs["hindcast"] / "official_figures.csv")
    assert len(figures) == len(_observed())
    for source in figures["source"]:
        assert source.strip() and source in text
    docs = (ROOT / "docs" / "hindcast.md").read_text("utf-8")
    for document in (
        "渝府办发〔2022〕48号",
        "第二次全国污染源普查公报",
        "2020年中国生态环境统计年报",
        "State Council Information Office press conference of 21 October 2020",
    ):
        assert document in docs and document in text
    assert "/work/" not in docs and "../shared" not in docs


def test_docs_table_is_the_commands_output(outputs) -> None:
    """docs/hindcast.md carries the table `emisim hindcast` writes, line for line."""
    made = (outputs["hindcast"] / "hindcast.md").read_text("utf-8")
    table = [line for line in made.splitlines() if line.startswith("|")]
    docs = (ROOT / "docs" / "hindcast.md").read_text("utf-8").splitlines()
    assert len(table) == 9
    start = docs.index(table[0])
    assert docs[start : start + len(table)] == table, "regenerate docs/hindcast.md"


def test_chinese_table_has_chinese_headers(table) -> None:
    head, rows = cells(table, "zh")
    for h in head:
        assert not re.search(r"[A-Za-z]{2,}", h), h
    assert rows[0][0] == "化学需氧量排放总量"


def test_cli_refuses_bad_input_in_one_line(tiny_dir, tmp_path, capsys) -> None:
    assert main(["hindcast", "nosuch", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nosuch" in err
    # a dataset without official figures (the tiny fixture has no observed.csv)
    path = analysis_scenario(tiny_dir, tmp_path)
    assert main(["hindcast", str(path), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no official figures for 2020" in err and "observed.csv" in err
    assert "Traceback" not in err
    # the 14th plan's period has no official 2025 figures: refused before solving
    assert main(["hindcast", "plan2025", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no official figures for 2025" in err and not (tmp_path / "hindcast").exists()


def test_unknown_language_is_refused() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["hindcast", "--lang", "fr"])
    assert exc.value.code == 2


@pytest.mark.parametrize(
    ("old", "new", "column", "words"),
    [
        (
            "coal_share,coal,chongqing,2020,0.443,",
            "coal_share,coal,chongqing,2020,44.3,",
            "value",
            "at most 1",
        ),
        (
            "primary_energy,energy,chongqing,2020,88750,ktce",
            "primary_energy,energy,chongqing,2020,88750,t",
            "unit",
            "in ktce",
        ),
        ("emissions,so2,china,2017,", "emissions,pm25,china,2017,", "subject", "not one of"),
        (
            "intensity_cut,co2,chongqing,2020,0.23,",
            "intensity_cut,co2,chongqing,2020,-0.23,",
            "value",
            "greater than or equal",
        ),
    ],
)
def test_bad_observed_rows_are_named(tmp_path, old, new, column, words) -> None:
    folder = tmp_path / "ds"
    shutil.copytree(DATA, folder)
    file = folder / "observed.csv"
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new), "utf-8")
    key = "|".join(new.split(",")[:4])
    if key != "|".join(old.split(",")[:4]):  # a changed key keeps a provenance row
        with (folder / "provenance.csv").open("a", encoding="utf-8") as fh:
            fh.write(f"observed,value,{key},assumed,test\n")
    with pytest.raises(DataError) as exc:
        load_dataset(folder)
    said = str(exc.value)
    assert "observed.csv" in said and "row " in said and f"'{column}'" in said and words in said
