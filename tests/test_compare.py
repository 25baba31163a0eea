"""Scenarios side by side: tables, written files, the HTML report in headless Chromium,
infeasible scenarios, the Chinese-name fallback and the tile map."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pypdf
import pytest
from openpyxl.utils import get_column_letter

import emisim
from emisim import cli
from emisim.comparison import TABLES, Comparison, default_name
from emisim.comparison.tables import INFEASIBLE, MET, NA
from emisim.model.errors import EmisimError
from emisim.model.vocabulary import POLLUTANT_LABELS
from emisim.reports import lang as lang_mod
from emisim.reports import maps, write_comparison
from emisim.reports.html import render_report
from emisim.reports.pdf import chromium_command
from emisim.reports.workbook_sheets import SHEETS as SHEET_TITLES

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ["plan2020", "no-guidance", "high-cost"]
SHEETS = ["scenarios", *TABLES]


@pytest.fixture(scope="module")
def comp(compared: Comparison) -> Comparison:
    return compared


@pytest.fixture(scope="module")
def runs() -> dict[str, emisim.Result]:
    """Independent runs: the written numbers must equal these."""
    return {n: emisim.run(n) for n in SCENARIOS}


@pytest.fixture(scope="module")
def written(comp: Comparison, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_comparison(comp, tmp_path_factory.mktemp("out"))


def close(a: object, b: object) -> bool:
    return bool(np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-9, atol=1e-6))


def test_api(comp: Comparison) -> None:
    assert comp.scenarios == SCENARIOS
    assert comp.reference == "plan2020"
    assert comp.name == "plan2020_vs_no-guidance_vs_high-cost"
    assert set(comp.tables) == set(TABLES)
    assert callable(emisim.compare)
    assert isinstance(emisim.Comparison, type)
    diff = comp.differences
    assert set(diff["scenario"]) == {"no-guidance", "high-cost"}
    row = diff[(diff["scenario"] == "high-cost") & (diff["indicator"] == "total_cost_yuan")]
    ind = comp.indicators.set_index("scenario")["total_cost_yuan"]
    assert close(row["difference"], ind["high-cost"] - ind["plan2020"])


def test_errors_and_names() -> None:
    assert default_name(["a", "b"]) == "a_vs_b"
    long = default_name([f"scenario-number-{i}" for i in range(8)])
    assert len(long) <= 80 and "more" in long
    with pytest.raises(EmisimError, match="reference"):
        emisim.compare(["plan2020"], reference="nope")
    with pytest.raises(EmisimError, match="folder name"):
        emisim.compare(["plan2020"], name="../escape")


def test_tables_come_from_results(comp: Comparison) -> None:
    for name in SCENARIOS:
        r = comp.result(name)
        s = r.summary
        ind = comp.indicators.set_index("scenario").loc[name]
        assert ind["total_cost_yuan"] == s["total_cost_yuan"]
        assert ind["binding_bands"] == s["binding_bands"]
        for q, v in s["bands_held_price"].items():
            assert ind[f"bands_held_price_{q}"] == v
        zone = comp.cuts_by_zone[comp.cuts_by_zone["scenario"] == name]
        expect = r.allocation.groupby(["zone", "pollutant"])["cut_t"].sum()
        got = zone.set_index(["zone", "pollutant"])["cut_t"]
        assert close(got.sort_index(), expect.sort_index())
        cost = comp.costs_by_measure[comp.costs_by_measure["scenario"] == name]
        assert close(cost["cost_yuan"].sum(), s["total_cost_yuan"])
        comp_col = comp.compliance.set_index(["family", "subject", "pollutant", "sense"])[name]
        for rec in r.compliance.itertuples():
            assert comp_col[rec.family, rec.subject, rec.pollutant, rec.sense] == (
                MET if rec.met else "not met"
            )
    rates = comp.unit_rates
    plan = rates[rates["scenario"] == "plan2020"].set_index(["code", "family", "pollutant"])
    bands = comp.result("plan2020").bands
    units = bands[bands["subject"].isin(plan.index.get_level_values("code"))]
    for b in units.itertuples():
        assert plan.loc[(b.subject, b.family, b.pollutant), "cut_pct"] == b.cut_pct
    # guidance off: no band, n.a. in the compliance matrix, rates from the emissions table
    ng = rates[rates["scenario"] == "no-guidance"]
    assert ng["lower_pct"].isna().all() and len(ng) > 0
    assert (comp.compliance.loc[comp.compliance["family"] == "band_air", "no-guidance"] == NA).all()


def test_written_files_equal_independent_runs(
    written: Path, runs: dict[str, emisim.Result]
) -> None:
    for f in ("report.html", "workbook.xlsx", "manifest.json", "charts/prices.png"):
        assert (written / f).is_file(), f
    read = lambda n: pd.read_csv(written / f"{n}.csv")  # noqa: E731
    ind = read("indicators").set_index("scenario")
    zones = read("cuts_by_zone")
    cost = read("costs_by_measure")
    for name, r in runs.items():
        s = r.summary
        assert close(ind.at[name, "total_cost_yuan"], s["total_cost_yuan"])
        assert close(ind.at[name, "annual_cost_final_year_yuan"], s["annual_cost_final_year_yuan"])
        for z, v in s["cost_by_zone_yuan"].items():
            assert close(ind.at[name, f"cost_{z}_yuan"], v)
        for q, v in s["bands_held_price"].items():
            assert close(ind.at[name, f"bands_held_price_{q}"], v)
        assert close(ind.at[name, "coal_share_final_pct"], 100 * s["coal_share_final"])
        assert ind.at[name, "binding_bands"] == s["binding_bands"]
        alloc = r.allocation.groupby("pollutant")[["cut_t", "base_t"]].sum()
        for q in alloc.index:
            assert close(ind.at[name, f"cut_{q}_t"], alloc.at[q, "cut_t"])
        for q, g in s["equity"]["gini_per_capita_cut"].items():
            assert close(ind.at[name, f"gini_{q}"], g)
        z = zones[zones["scenario"] == name].set_index(["zone", "pollutant"])
        exp = r.allocation.groupby(["zone", "pollutant"])[["base_t", "cut_t"]].sum()
        assert close(z["cut_t"].sort_index(), exp["cut_t"].sort_index())
        m = cost[cost["scenario"] == name].set_index("measure")["cost_yuan"]
        em = r.measures.groupby("measure")["cost_yuan"].sum()
        assert close(m.sort_index(), em.sort_index())
    man = json.loads((written / "manifest.json").read_text("utf-8"))
    assert man["scenarios"] == SCENARIOS
    for name in SCENARIOS:
        assert man["runs"][name]["dataset_sha256"] == runs[name].dataset.file_hashes


def test_html_is_self_contained_and_escaped(comp: Comparison, written: Path) -> None:
    text = (written / "report.html").read_text("utf-8")
    assert "<script" not in text.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
    assert all(
        s.startswith("data:image/png;base64,") for s in re.findall(r'<img src="([^"]+)"', text)
    )
    for heading in ("Key indicators side by side", "Plan compliance", "How to read this"):
        assert heading in text
    evil = '<script>alert("x")</script> & <b>'
    r = comp.result("high-cost")
    sc = r.scenario.model_copy(update={"description": evil})
    hacked = emisim.compare([comp.result("plan2020"), dataclasses.replace(r, scenario=sc)])
    page = render_report(hacked, [])
    assert evil not in page and html_escaped(evil) in page


def test_workbook_for_a_policy_office(written: Path, runs: dict[str, emisim.Result]) -> None:
    """Contents sheet, human headers with units, number formats, frozen and filtered header
    rows, names instead of ids, no machine paths; its numbers equal independent runs."""
    wb = openpyxl.load_workbook(written / "workbook.xlsx")
    titles = [SHEET_TITLES[k][0] for k in SHEETS]
    assert wb.sheetnames == ["Contents", *titles]
    listed = [(r[0], r[1]) for r in wb["Contents"].iter_rows(min_row=6, values_only=True)]
    assert [t for t, _ in listed] == titles and all(len(about) > 30 for _, about in listed)
    ds = runs["plan2020"].dataset
    ids = set(ds.measures["measure"]) | set(ds.units["code"])
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:"), ws.title
        for j, head in enumerate(next(ws.iter_rows(max_row=1, values_only=True)), start=1):
            cells = [ws.cell(i, j) for i in range(2, ws.max_row + 1)]
            numbers = [c for c in cells if type(c.value) in (int, float)]
            if numbers:
                assert re.search(r"\([^()]+\)$", head), f"{ws.title}: '{head}' has no unit"
                assert all(c.number_format != "General" for c in numbers), (ws.title, head)
            assert ws.column_dimensions[get_column_letter(j)].width >= 8
        for row in ws.iter_rows(min_row=2, values_only=True):
            for v in row:
                if isinstance(v, str):
                    assert v not in ids, f"{ws.title}: id {v} instead of a name"
                    assert not re.match(r"^(/|[A-Za-z]:\\)", v) and str(ROOT) not in v, v
    ind = pd.read_excel(written / "workbook.xlsx", sheet_name="Key indicators")
    ind = ind.set_index("Scenario")
    cost = pd.read_excel(written / "workbook.xlsx", sheet_name="Costs by measure")
    names = dict(zip(ds.measures["measure"], ds.measures["name_en"], strict=True))
    for name, r in runs.items():
        s = r.summary
        assert close(
            ind.at[name, "Total cost, scenario accounting (bn yuan)"] * 1e9, s["total_cost_yuan"]
        )
        for q, v in s["bands_held_price"].items():
            held = "cost of one more tonne, bands held"
            head = f"{POLLUTANT_LABELS['en'][q]}: {held} ({s['price_unit']})"
            assert close(ind.at[name, head], v)
        got = cost[cost["Scenario"] == name].groupby("Measure")
        got = got["Cost, scenario accounting (million yuan)"].sum() * 1e6
        expect = r.measures.groupby("measure")["cost_yuan"].sum().rename(names)
        assert close(got.sort_index(), expect.groupby(level=0).sum().sort_index())


def pdf_images(path: Path) -> int:
    """Distinct images in a PDF (an image split over two pages counts once)."""
    reader = pypdf.PdfReader(path)
    return len({hashlib.sha256(im.data).hexdigest() for p in reader.pages for im in p.images})


def html_escaped(s: str) -> str:
    import html

    return html.escape(s, quote=True)


def test_report_renders_in_headless_chromium(written: Path) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail(
            "chromium is not on PATH: the HTML report test needs headless Chromium "
            "(Debian: apt-get install -y chromium)"
        )
    shot = ROOT / "outputs" / "test-screenshots" / "compare_report.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.unlink(missing_ok=True)
    url = (written / "report.html").as_uri()
    with tempfile.TemporaryDirectory() as profile:
        common = chromium_command(exe, profile, "--enable-logging=stderr", "--v=0")
        pic = subprocess.run(
            [*common, f"--screenshot={shot}", "--window-size=1280,2400", url],
            capture_output=True,
            text=True,
            timeout=120,
        )
        dom = subprocess.run(
            [*common, "--dump-dom", url], capture_output=True, text=True, timeout=120
        )
    assert pic.returncode == 0, pic.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 50_000
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in (pic.stderr + dom.stderr).splitlines() if ":CONSOLE" in line]
    assert not console, console
    for heading in (
        "Scenario comparison",
        "Key indicators side by side",
        "Plan compliance",
        "District maps",
        "How to read this, and caveats",
    ):
        assert heading in dom.stdout


def test_cli_infeasible_shown_and_zh_fallback_warns_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(lang_mod, "find_cjk_font", lambda: None)
    argv = ["compare", "plan2020", "programme-vs-guidance", "--lang", "zh", "--pdf", "--no-ranges"]
    assert cli.main([*argv, "--out", str(tmp_path), "--name", "zh-test"]) == 0
    out, err = capsys.readouterr()
    warns = [line for line in err.splitlines() if "warning" in line]
    assert len(warns) == 1 and "--lang zh" in warns[0], err
    assert "[1/2] plan2020: optimal" in err and "[2/2] programme-vs-guidance: infeasible" in err
    assert "infeasible" in out and "report.html" in out
    folder = tmp_path / "compare" / "zh-test"
    ind = pd.read_csv(folder / "indicators.csv").set_index("scenario")
    assert ind.at["programme-vs-guidance", "status"] == "infeasible"
    comp = pd.read_csv(folder / "compliance.csv")
    assert (comp["programme-vs-guidance"] == INFEASIBLE).all()
    scen = pd.read_csv(folder / "scenarios.csv").set_index("scenario")
    assert "programme" in scen.at["programme-vs-guidance", "diagnosis"]
    charts = sorted((folder / "charts").glob("*.png"))
    assert pdf_images(folder / "report.pdf") == len(charts) > 10  # every chart is printed
    assert "report.pdf" in out
    page = (folder / "report.html").read_text("utf-8")
    assert "Why it is infeasible" in page and 'lang="en"' in page
    assert json.loads((folder / "manifest.json").read_text("utf-8"))["lang"] == "en"


def test_lang_both_machine_states(monkeypatch: pytest.MonkeyPatch) -> None:
    units = emisim.load_dataset().units
    monkeypatch.setattr(lang_mod, "find_cjk_font", lambda: "Noto Sans CJK SC")
    assert lang_mod.resolve_lang("zh") == ("zh", "Noto Sans CJK SC")
    assert lang_mod.unit_names(units, "zh")["500101"] == "万州区"
    assert lang_mod.unit_names(units, "zh")["500240"] == "石柱县"  # short form in charts
    monkeypatch.setattr(lang_mod, "find_cjk_font", lambda: None)
    with pytest.warns(UserWarning, match="--lang zh") as caught:
        assert lang_mod.resolve_lang("zh") == ("en", None)
    assert len(caught) == 1
    assert lang_mod.unit_names(units, "en")["500101"] == "Wanzhou"
    assert lang_mod.resolve_lang("en") == ("en", None)


def test_tile_map_layout_and_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    tiles = maps.tiles()
    units = emisim.load_dataset().units
    assert sorted(tiles["code"]) == sorted(units["code"])
    assert not tiles[["col", "row"]].duplicated().any()
    monkeypatch.setitem(sys.modules, "cnmaps", None)  # the optional extra is not importable
    maps._cnmaps_boundaries.cache_clear()
    try:
        assert maps.boundaries(dict(zip(units["code"], units["name_zh"], strict=True))) is None
    finally:
        maps._cnmaps_boundaries.cache_clear()


def test_report_explains_both_prices_and_shows_investment(comp: Comparison, written: Path):
    text = (written / "report.html").read_text("utf-8")
    assert "Two prices per pollutant" in text and "<h3>Investment</h3>" in text
    for r in comp.results:
        s = r.summary
        for v in (s["capital_outlay_yuan"], s["npv_cost_yuan"]):
            assert f"{v / 1e9:,.2f}" in text, r.name
        for why in s["target_not_binding"].values():
            assert html_escaped(why) in text, r.name
