"""The report in Chinese and on paper, the message catalogue, the font-cache refresh, and
the charts' numbers (diverging scales, category markers, deployment by year, targets)."""

from __future__ import annotations

import copy
import re
import subprocess
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import openpyxl
import pypdf
import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po
from matplotlib import font_manager
from matplotlib.colors import TwoSlopeNorm
from PIL import Image

import emisim
from emisim.comparison import Comparison
from emisim.reports import i18n, lang, write_comparison
from emisim.reports.charts_maps import map_chart, scale
from emisim.reports.charts_time import abatement_in_place, annual_cost_by_year, investment_by_year
from emisim.reports.html import SECTIONS
from emisim.reports.html_css import CSS
from emisim.reports.html_targets import targets_html
from emisim.reports.maps import CATEGORY_MARKERS
from emisim.reports.pdf import chromium_command, find_chromium
from emisim.reports.workbook_sheets import SHEETS

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "emisim" / "reports" / "locale" / "zh" / "LC_MESSAGES"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ANALYSES = ("ranges", "curves", "frontier")  # sections of compare --ranges --curves --frontier


def marked_strings() -> set[str]:
    """Every string marked for translation in the reports, the compare and analysis
    commands, the formulation's and solvers' sentences, and the studio's code and
    templates (Babel, with the mapping `make catalogue` uses)."""
    found = {m[2] for m in extract_from_dir(ROOT / "emisim" / "reports")}
    studio = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    found |= {m[2] for m in extract_from_dir(ROOT / "emisim" / "studio", method_map=studio)}
    for folder in ("model", "solvers"):
        found |= {m[2] for m in extract_from_dir(ROOT / folder)}
    for cli in ("compare.py", "analysis.py"):
        found |= {m[1] for m in extract_from_file("python", ROOT / "emisim" / "cli" / cli)}
    return {s for s in found if isinstance(s, str)}


def test_catalogue_translates_every_marked_string_and_nothing_else() -> None:
    with (PO / "emisim.po").open("rb") as fh:
        catalog = read_po(fh, locale="zh")
    entries = {m.id: m for m in catalog if m.id}
    marked = marked_strings()
    assert len(marked) > 150
    untranslated = sorted(s for s in marked if s not in entries or not entries[s].string)
    assert not untranslated, f"run `make catalogue` and translate: {untranslated[:10]}"
    assert not [s for s in marked if entries[s].fuzzy], "fuzzy translations are not used"
    stale = sorted(set(entries) - marked)
    assert not stale, f"no longer in the code: {stale[:10]}"
    for msgid, m in entries.items():  # every {placeholder} survives translation
        assert set(re.findall(r"{\w+}", msgid)) == set(re.findall(r"{\w+}", m.string)), msgid


def test_every_sector_has_a_chinese_name() -> None:
    """sectors.csv name_zh, the one source of the sectors' Chinese names."""
    sectors = emisim.load_dataset().sectors
    zh = lang.sector_names(sectors, "zh")
    assert len(zh) == len(sectors) == 18
    for code, name in zh.items():
        assert re.search(r"[\u4e00-\u9fff]", name) and not LATIN_WORD.search(name), code
    assert lang.sector_names(sectors, "en")["power"] == "Coal power and heat"


def test_stale_font_cache_is_refreshed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CJK font installed after matplotlib cached the system's fonts is still found."""
    lang.find_cjk_font.cache_clear()
    assert lang.find_cjk_font() is not None, "no CJK font on this machine: run `make fonts`"
    stale = copy.copy(font_manager.fontManager)
    stale.ttflist = [f for f in stale.ttflist if lang.find_cjk_font() != f.name]
    stale.ttflist = [f for f in stale.ttflist if "CJK" not in f.name and "Hei" not in f.name]
    monkeypatch.setattr(font_manager, "fontManager", stale)
    lang.find_cjk_font.cache_clear()
    try:
        assert lang._known_cjk(font_manager) is None  # the stale cache knows none
        assert lang.find_cjk_font() is not None  # found after adding the system's files
    finally:
        lang.find_cjk_font.cache_clear()


class Headings(HTMLParser):
    """Text of every heading-like element: title, h1-h3, summary, th, figcaption."""

    TAGS = ("title", "h1", "h2", "h3", "summary", "th", "figcaption")

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.found: dict[str, list[str]] = {t: [] for t in self.TAGS}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.TAGS:
            self.stack.append(tag)
            self.found[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for tag in self.stack:
            self.found[tag][-1] += data


@pytest.fixture(scope="module")
def zh_folder(compared: Comparison, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if lang.find_cjk_font() is None:
        pytest.fail("the Chinese report test needs a CJK font: run `make fonts`")
    return write_comparison(compared, tmp_path_factory.mktemp("zh"), lang="zh", pdf=True)


def english_words(text: str, allowed: set[str]) -> list[str]:
    for word in sorted(allowed, key=len, reverse=True):
        text = text.replace(word, " ")
    return LATIN_WORD.findall(text)


def test_chinese_report_has_every_heading_in_chinese(compared: Comparison, zh_folder: Path) -> None:
    page = (zh_folder / "report.html").read_text("utf-8")
    parser = Headings()
    parser.feed(page)
    h2 = [t.strip() for t in parser.found["h2"]]
    _ = i18n.translator("zh")
    # analyses: tested on tiny below; key projects: only where a scenario requires them
    # (plan2025, tests/test_fyp14.py); periods: only for a chain (tests/test_chain.py)
    only = ("key_projects", "periods")
    expected = [_(SECTIONS[k]) for k in SECTIONS if k not in (*ANALYSES, *only)]
    assert h2 == expected and all(a != b for a, b in zip(h2, SECTIONS.values(), strict=False))
    for english in SECTIONS.values():
        assert f">{english}<" not in page, english
    allowed = {*compared.scenarios, compared.name, "emisim"}
    for tag, texts in parser.found.items():
        for text in texts:
            assert not english_words(text, allowed), f"<{tag}> {text!r}"
    assert 'lang="zh-CN"' in page


def test_chinese_workbook_has_every_header_in_chinese(
    compared: Comparison, zh_folder: Path
) -> None:
    wb = openpyxl.load_workbook(zh_folder / "workbook.xlsx", read_only=True)
    _ = i18n.translator("zh")
    assert wb.sheetnames == [
        _("Contents"),
        *(_(SHEETS[k][0]) for k in ("scenarios", *compared.tables) if k in SHEETS),
    ]
    allowed = {*compared.scenarios, "emisim", "CSV"}
    for ws in wb.worksheets:
        first = next(ws.iter_rows(max_row=1, values_only=True))
        for head in (h for h in first if h is not None):
            assert not english_words(str(head), allowed), f"{ws.title}: {head!r}"
    contents = list(wb[_("Contents")].iter_rows(min_row=5, values_only=True))
    assert all(not english_words(str(c), allowed) for row in contents for c in row if c)
    wb.close()


def test_pdf_prints_every_chart_and_chinese_glyphs(zh_folder: Path) -> None:
    """Every chart is in the PDF (the print stylesheet opens the closed sections) and the
    Chinese text is drawn with a CJK font, not as empty boxes."""
    reader = pypdf.PdfReader(zh_folder / "report.pdf")
    images = {im.data for page in reader.pages for im in page.images}
    charts = list((zh_folder / "charts").glob("*.png"))
    assert len(images) == len(charts) > 10
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            name = descriptor.get_object().get("/FontName") if descriptor else font.get("/BaseFont")
            fonts.add(str(name))
    assert any(re.search(r"CJK|Hei|Han|Song|Ming|Kai|WenQuanYi", f, re.I) for f in fonts), fonts
    heading = i18n.translator("zh")("Scenario comparison: {names}").split("：")[0]
    assert heading in unicodedata.normalize("NFKC", reader.pages[0].extract_text())


def test_pdf_puts_two_charts_on_a_page_where_they_fit(zh_folder: Path) -> None:
    """The print stylesheet prints a wide chart at most half a page tall, so two share an A4
    page; a tall one (a map of three scenarios, the category bands) keeps a page. Before: one
    chart on each of 15 pages, most half empty."""
    from emisim.reports.charts import Chart
    from emisim.reports.html_analysis import print_class

    reader = pypdf.PdfReader(zh_folder / "report.pdf")
    per_page = [len(page.images) for page in reader.pages]
    kinds = [
        print_class(Chart(p.stem, "", "", p.read_bytes()))
        for p in sorted((zh_folder / "charts").glob("*.png"))
    ]
    half, whole = kinds.count("half"), kinds.count("page")
    assert half >= 4 and sum(per_page) == half + whole
    assert max(per_page) == 2 and per_page.count(2) >= 2
    chart_pages = sum(1 for n in per_page if n)
    assert chart_pages <= whole + -(-half // 2) + 2, per_page  # +2: a section's text between


def test_chinese_heading_renders_as_glyphs_not_boxes(tmp_path: Path) -> None:
    """Pixel test in headless Chromium: each character of the Chinese page heading, drawn
    alone in the report's font stack, has ink and differs from the others. Missing glyphs
    would all be the same empty box ("tofu")."""
    exe = find_chromium()
    assert exe, "chromium is not on PATH (Debian: apt-get install chromium)"
    heading = i18n.translator("zh")("Scenario comparison: {names}").split("：")[0]
    chars = list(dict.fromkeys(heading))[:4]
    cells = "".join(f'<div style="width:100px;height:100px">{c}</div>' for c in chars)
    page = tmp_path / "glyphs.html"
    page.write_text(
        f'<html lang="zh-CN"><head><meta charset="utf-8"><style>{CSS}'
        "body{margin:0;background:#fff;overflow:hidden;display:flex} "
        "div{flex:none;font-size:72px;line-height:100px;"
        f"text-align:center}}</style></head><body>{cells}</body></html>",
        "utf-8",
    )
    shot = tmp_path / "glyphs.png"
    with tempfile.TemporaryDirectory() as profile:
        size = f"--window-size={100 * len(chars) + 100},300"  # short windows shoot blank
        args = (f"--screenshot={shot}", size, page.as_uri())
        done = subprocess.run(
            chromium_command(exe, profile, *args), capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 0, done.stderr[-2000:]
    pixels = np.asarray(Image.open(shot).convert("L"), dtype=float)
    glyphs = [pixels[:100, 100 * i : 100 * (i + 1)] < 128 for i in range(len(chars))]
    assert all(g.sum() > 100 for g in glyphs), "a character drew no ink"
    for i, a in enumerate(glyphs):
        for b in glyphs[i + 1 :]:
            assert (a != b).sum() > 200, "two characters drew the same shape: missing glyphs"


def test_diverging_scale_for_signed_values() -> None:
    cmap, norm = scale([-5.0, 2.0, 12.0], signed=True)
    assert cmap == "RdBu" and isinstance(norm, TwoSlopeNorm) and norm(0.0) == 0.5
    assert norm(-5.0) == 0.0 and norm(12.0) == 1.0
    cmap, norm = scale([1.0, 12.0], signed=True)
    assert cmap == "Blues" and norm.vmin == 0.0
    assert scale([3.0], signed=False)[0] == "YlOrRd"


def test_maps_label_real_boundaries_and_mark_categories(
    compared: Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With real boundaries (here: a square per unit), every unit gets its name and value,
    and one marker per unit names its plan category."""
    from emisim.reports import charts_maps

    units = compared.results[0].dataset.units
    squares = {
        c: [np.array([[i, 0], [i + 1, 0], [i + 1, 1], [i, 1], [i, 0]], dtype=float)]
        for i, c in enumerate(units["code"])
    }
    monkeypatch.setattr(charts_maps, "boundaries", lambda names: squares)
    labels = dict(zip(units["code"], units["name_en"], strict=True))
    fig = map_chart(compared, "SO2", labels)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert all(name in texts for name in labels.values())
    cut = compared.result("plan2020").allocation.query("pollutant == 'SO2'")
    assert f"{cut['cut_pct'].iloc[0]:.1f}" in texts
    marked = sum(len(c.get_offsets()) for c in ax.collections)
    air = compared.results[0].dataset.guidance.query("family == 'air'")
    assert marked == air["subject"].isin(units["code"]).sum()
    assert "cnmaps" in fig.get_suptitle()
    assert len(CATEGORY_MARKERS) == 4


def test_deployment_by_year_recomputed_from_emissions(compared: Comparison) -> None:
    r = compared.result("plan2020")
    m = r.measures  # investment: new units x capital cost x the unit's cost factor, read
    capex = r.dataset.measures.set_index("measure")["capex_yuan"]  # from the data
    factor = r.dataset.cost_factors.set_index(["code", "measure"])["factor"]
    f = [factor.get(key, 1.0) for key in zip(m["code"], m["measure"], strict=True)]
    outlay = (m["new_units"] * m["measure"].map(capex) * f).groupby(m["year"]).sum()
    assert np.allclose(
        investment_by_year(r).sum(axis=1), outlay.reindex(investment_by_year(r).index)
    )
    assert np.isclose(annual_cost_by_year(r).sum(), m["annual_cost_yuan"].sum())
    final = r.params.final_year
    em = r.emissions  # final year: BAU minus emissions is what the measures remove
    base = em.groupby("pollutant")["base_t"].sum()
    removed = (em["bau_t"] - em["emissions_t"]).groupby(em["pollutant"]).sum()
    share = abatement_in_place(r).loc[final]
    assert np.allclose(share[base.index], 100 * removed / base)


def test_targets_sit_beside_achievements(compared: Comparison) -> None:
    page = targets_html(compared, i18n.translator("en"))
    c = compared.result("plan2020").compliance
    for rec in c[c["family"] == "city_target"].itertuples():
        assert f"≥ {100 * rec.required:.2f} %" in page and f"{100 * rec.achieved:.2f} %" in page
    coal = c[c["family"] == "coal_cap"].iloc[0]
    assert f"≤ {100 * coal.required:.2f} %" in page
    bands = c[c["family"] == "band_air"]
    assert f"{int(bands['met'].sum())} met" in page and "Air category band" in page


def test_chinese_analysis_sections_and_sheets_have_chinese_headings(
    make_scenario, tmp_path: Path
) -> None:
    """``compare --ranges --curves --frontier --lang zh`` on the tiny fixture: each analysis
    section's heading in Chinese, no English in its headings, captions and table headers,
    and the analysis sheets' titles and headers in Chinese."""
    from emisim.reports.export import all_tables
    from emisim.reports.html import render_report
    from emisim.reports.reference import reference_analyses
    from emisim.reports.workbook import write_workbook
    from emisim.reports.workbook_analysis import ANALYSIS_SHEETS

    bands = {"air": {"large": {"lower": 1.3}, "small": {"lower": 0.2, "upper": 1.0}}}
    a = make_scenario(name="tiny_a", coal={"share_max": None}, guidance={"bands": bands})
    comp = emisim.compare([a, make_scenario(name="tiny_b", coal={"share_max": None})])
    used, font = lang.resolve_lang("zh")
    assert used == "zh", "the Chinese report test needs a CJK font: run `make fonts`"
    charts, tables = reference_analyses(
        comp, "zh", font, ranges=True, curves=["all", "SO2"], frontier=True
    )
    page = render_report(comp, charts, lang="zh", tables=tables)
    _ = i18n.translator("zh")
    allowed = {*comp.scenarios, comp.name, "emisim"}
    for sid in ANALYSES:
        section = re.search(rf'<section id="{sid}".*?</section>', page, re.S)
        assert section is not None, sid
        parser = Headings()
        parser.feed(section.group(0))
        assert [t.strip() for t in parser.found["h2"]] == [_(SECTIONS[sid])] != [SECTIONS[sid]]
        assert parser.found["figcaption"], sid
        for tag, texts in parser.found.items():
            for text in texts:
                assert not english_words(text, allowed), f"{sid} <{tag}> {text!r}"
    wb_path = tmp_path / "workbook.xlsx"
    write_workbook(comp, {**all_tables(comp), **tables}, wb_path, "zh")
    wb = openpyxl.load_workbook(wb_path, read_only=True)
    for key in tables:
        ws = wb[_(ANALYSIS_SHEETS[key][0])]
        head = next(ws.iter_rows(max_row=1, values_only=True))
        assert all(not english_words(str(h), allowed) for h in head if h), (key, head)
    wb.close()
