"""Charts fit for paper: plain numbers with thousands separators on every axis (no "1e6"
offset an official would misread), no label running into another, district names on the
maps large enough to read on A4, and Gini's range said where it is shown. (The PDF's
charts per page: tests/test_reports.py, on the Chinese report it prints.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.category import StrCategoryFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FuncFormatter, NullFormatter
from sweep_fixtures import run_so2_cost_sweep

from emisim.analysis.curves import cost_curve
from emisim.analysis.frontier import cost_equity_frontier
from emisim.analysis.ranges import near_optimal_ranges
from emisim.api import resolve
from emisim.comparison import Comparison
from emisim.model.assemble import build_params
from emisim.reports import analysis as analysis_charts
from emisim.reports import sweep_charts
from emisim.reports.charts import font_context
from emisim.reports.charts_maps import map_chart
from emisim.reports.html_tables import indicators_html
from emisim.reports.i18n import period_of, translator
from emisim.reports.lang import find_cjk_font, resolve_lang, unit_names
from emisim.reports.sweep_report import report_tables
from emisim.reports.ticks import PlainFormatter, YearFormatter, decimals, plain_axes
from emisim.reports.workbook import indicator_columns
from emisim.sweeps import analysis

#: Formatters an axis may keep: labelled categories (set_xticks with labels), none, years.
KEPT = (FixedFormatter, FuncFormatter, StrCategoryFormatter, NullFormatter, YearFormatter)
#: A4 portrait less the report's print margins (emisim.reports.html_css.PRINT_CSS), and
#: the tallest a chart prints (figure.page img).
PRINT_WIDTH_IN, PRINT_HEIGHT_IN = 186 / 25.4, 228 / 25.4
#: Smallest size (points, on paper) a district's name on a map may print at.
READABLE_PT = 5.0


def test_plain_formatter_writes_plain_numbers() -> None:
    f = PlainFormatter()
    assert f.format_ticks([0, 250_000, 500_000, 750_000, 1_000_000]) == [
        "0",
        "250,000",
        "500,000",
        "750,000",
        "1,000,000",
    ]
    assert f.format_ticks([0.0, 0.25, 0.5]) == ["0.00", "0.25", "0.50"]
    assert f.format_ticks([-2e8, 0.0, 2e8]) == ["\N{MINUS SIGN}200,000,000", "0", "200,000,000"]
    assert decimals([2015, 2016]) == 0 and decimals([0.1, 0.2, 0.3]) == 1


def _numeric_axes(fig: Figure) -> Iterator[tuple[str, Axis]]:
    for i, ax in enumerate(fig.axes):
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            yield f"axes {i} {name}", axis


def assert_plain(fig: Figure, what: str) -> None:
    """Every axis of ``fig`` uses the shared formatter (or shows categories or years), shows
    no offset or power of ten, and writes numbers of 1,000 and more with separators."""
    FigureCanvasAgg(fig).draw()
    for where, axis in _numeric_axes(fig):
        fmt = axis.get_major_formatter()
        assert isinstance(fmt, (PlainFormatter, *KEPT)), f"{what} {where}: {type(fmt).__name__}"
        assert axis.get_offset_text().get_text() == "", f"{what} {where}: offset"
        if isinstance(fmt, PlainFormatter):
            for label in axis.get_ticklabels():
                text = label.get_text()
                assert not re.search(r"e[+-]?\d|×|\^", text), f"{what} {where}: {text!r}"
                digits = re.sub(r"[^\d.]", "", text.replace(",", ""))
                if digits and float(digits) >= 1000:
                    assert "," in text, f"{what} {where}: {text!r} without separators"


def _texts(fig: Figure) -> list[tuple[str, object]]:
    """Axis labels, titles and tick labels with their boxes on the drawn figure."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    out = []
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        for axis in (ax.xaxis, ax.yaxis):
            out += [
                (f"tick {t.get_text()}", t.get_window_extent(renderer))
                for t in axis.get_ticklabels()
                if t.get_visible() and t.get_text()
            ]
            if axis.label.get_text():
                out.append(
                    (f"label {axis.label.get_text()}", axis.label.get_window_extent(renderer))
                )
        for t in (ax.title, ax._left_title, ax._right_title):
            if t.get_text():
                out.append((f"title {t.get_text()}", t.get_window_extent(renderer)))
    return out


def overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of texts (an axis label or title against anything) whose boxes intersect."""
    texts = _texts(fig)
    bad = []
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1 :]:
            if a.startswith("tick") and b.startswith("tick"):
                continue
            inter = box_a.intersection(box_a, box_b)
            if inter is not None and inter.width > 1 and inter.height > 1:
                bad.append((a, b))
    return bad


@pytest.fixture(scope="module")
def result(compared: Comparison):
    return compared.result("plan2020")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_report_chart_prints_plain_numbers(result, lang: str) -> None:
    plots = result.plot(lang)
    charts = {
        "map cost": plots.map("cost"),
        "map NOx": plots.map("nox"),
        "prices": plots.prices(),
        "deployment": plots.deployment(),
        "costs": plots.costs(),
        "bands": plots.bands(),
        "abatement": plots.abatement("SO2"),
    }
    for what, fig in charts.items():
        assert_plain(fig, what)
        assert not overlaps(fig), (what, overlaps(fig))
    years = [t.get_text() for t in charts["deployment"].axes[-1].get_xticklabels()]
    assert "2016" in years and "2,016" not in years


@pytest.fixture
def tiny_params(make_scenario):
    sc = make_scenario(coal={"share_max": None})
    _, ds = resolve(sc)
    return build_params(ds, sc)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_analysis_charts_print_plain_numbers_without_overlaps(tiny_params, lang: str) -> None:
    """The least-cost curve's long unit (zh: "现值元/（本情景目标的 1%）") sits above its
    panel, not in a y label running into the panel above."""
    _, font = resolve_lang(lang)
    with font_context(font):
        for key in ("SO2", None):
            c = cost_curve(tiny_params, pollutant=key, points=5)
            unit = analysis_charts.marginal_unit(c, "PV yuan per t/yr", lang)
            fig = analysis_charts.curve_chart(c, unit, lang, 1.0)
            assert_plain(fig, f"curve {key}")
            assert not overlaps(fig), overlaps(fig)
            assert fig.axes[1].get_title(loc="left") == unit
        r = near_optimal_ranges(tiny_params, must_haves=False)
        fig = analysis_charts.ranges_chart(r, "SO2", {}, lang)
        assert_plain(fig, "ranges")
        assert not overlaps(fig), overlaps(fig)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_frontier_chart_prints_plain_numbers(make_scenario, lang: str) -> None:
    """The cost-equity frontier, on the tiny data with nominal rates (tests/test_frontier)."""
    bands = {
        "air": {"large": {"lower": 1.3}, "small": {"lower": 0.2, "upper": 1.0}},
        "water": {"large": {"lower": 1.3}, "medium": {"lower": 0.8, "upper": 1.6}},
    }
    sc = make_scenario(guidance={"bands": bands}, coal={"share_max": None})
    _, ds = resolve(sc)
    front = cost_equity_frontier(build_params(ds, sc), points=3)
    _lang, font = resolve_lang(lang)
    with font_context(font):
        fig = analysis_charts.frontier_chart(front, lang)
    assert_plain(fig, "frontier")
    assert not overlaps(fig), overlaps(fig)


@pytest.fixture(scope="module")
def sweep_data(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path) -> analysis.SweepData:
    folder = tmp_path_factory.mktemp("printsweep")
    uniform = {"kind": "uniform", "low": 0.7, "high": 1.3}
    return analysis.load(
        run_so2_cost_sweep(folder, tiny_dir, "mc12", 12, 4, uniform, together=True)
    )


def test_sweep_charts_print_plain_numbers(sweep_data: analysis.SweepData) -> None:
    tables = report_tables(sweep_data)
    base = float(sweep_data.optimal["total_cost_yuan"].mean())
    figs = {
        "distributions": sweep_charts.distributions_chart(sweep_data, sweep_data.outputs()),
        "tornado": sweep_charts.tornado_chart(tables["tornado"], "total_cost_yuan", base),
        "binding": sweep_charts.binding_chart(tables["binding"]),
        "indices": sweep_charts.indices_chart(
            pd.DataFrame(
                {"parameter": ["a", "b"], "mu_star": [2e6, 1e6], "mu_star_conf": [1e5, 1e5]}
            ),
            "total_cost_yuan",
        ),
    }
    for what, fig in figs.items():
        assert_plain(fig, what)


def test_a_notebooks_own_chart_takes_the_formatter() -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.plot([0, 1], [0, 3_000_000])
    plain_axes(ax)
    assert_plain(fig, "own chart")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_map_names_are_readable_on_a4(compared: Comparison, lang: str) -> None:
    """Three scenarios' map printed on A4 (scaled to the page's width or the tallest a chart
    prints, whichever binds): every district's name at READABLE_PT or more. Before: 2-3 pt
    (two panels a row, 4.9 pt names on a 14-inch figure)."""
    if lang == "zh" and find_cjk_font() is None:
        pytest.fail("needs a CJK font: run `make fonts`")
    _, font = resolve_lang(lang)
    names = unit_names(compared.results[0].dataset.units, lang)
    with font_context(font):
        fig = map_chart(compared, "NOX", names, lang)
    width, height = fig.get_size_inches()
    scale = min(1.0, PRINT_WIDTH_IN / width, PRINT_HEIGHT_IN / height)
    shown = set(names.values())
    sizes = [t.get_fontsize() for ax in fig.axes for t in ax.texts if t.get_text() in shown]
    assert len(sizes) == len(compared.results) * len(names)
    assert min(sizes) * scale >= READABLE_PT, min(sizes) * scale


def test_gini_says_its_range_and_what_above_one_means(compared: Comparison) -> None:
    for lang, words in (("en", ("0 =", "above 1", "negative cut")), ("zh", ("0表示", "大于1"))):
        _ = translator(lang).for_period(period_of(compared.results))
        html = indicators_html(compared, _)
        assert all(w in html for w in words), (lang, words)
        headers = [h for col, (h, *_r) in indicator_columns(compared, _).items() if "gini" in col]
        assert headers and all(("above 1" if lang == "en" else "大于1") in h for h in headers)
    ginis = compared.indicators.filter(like="gini_").to_numpy(dtype=float)
    assert np.nanmin(ginis) >= 0  # a mean absolute difference over a positive mean
