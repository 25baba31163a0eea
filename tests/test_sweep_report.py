"""The sweep report reads as a document (issue 21, item 3): charts first, the conclusions as
sentences saying in what share of runs each holds (never "NOT:" rows), the comparison
report's table style with percentages, plain headers in English and Chinese, district and
measure names instead of codes and dotted paths, and which district cuts are pinned."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sweep_fixtures import run_so2_cost_sweep

from emisim.reports import i18n
from emisim.reports.lang import find_cjk_font
from emisim.reports.sweep_report import write_sweep_report
from emisim.reports.sweep_words import parameter_label, share
from emisim.sweeps import analysis

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


class Page(HTMLParser):
    """The page's text by tag, and the order of its figures and tables."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.order: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("figure", "table"):
            self.order.append(tag)
        self.stack.append(tag)
        self.text.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.text[self.stack[-1]][-1] += data


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path) -> Path:
    """A real 16-run Monte Carlo sweep of the tiny dataset: every measure's cost on its own
    and the SO2 target."""
    folder = tmp_path_factory.mktemp("sweepreport")
    uniform = {"kind": "uniform", "low": 0.7, "high": 1.3}
    return run_so2_cost_sweep(folder, tiny_dir, "mc16", 16, 5, uniform)


def page(folder: Path, lang: str) -> tuple[str, Page]:
    html = (write_sweep_report(folder, lang) / "report.html").read_text("utf-8")
    parsed = Page()
    parsed.feed(html)
    return html, parsed


def test_english_report_is_a_document(stored: Path) -> None:
    data = analysis.load(stored)
    html, parsed = page(stored, "en")
    assert parsed.order.index("figure") < parsed.order.index("table"), "charts first"
    assert "NOT:" not in html
    # every conclusion is a sentence with the share of runs it holds in
    items = [t.strip() for t in parsed.text["li"] if "solved runs" in t]
    held = analysis.conclusions(data)
    city = held[held["kind"] != "above_city"]
    assert len([t for t in items if t.endswith("of solved runs.")]) == len(city)
    for row in city.itertuples():
        runs = row.share_of_runs if row.holds else 1 - row.share_of_runs
        assert any(share(runs) in t for t in items)
    # districts by name, never "Alpha (100001)"; the SO2 target binds more often when deep
    assert "100001" not in html and "Alpha" in html
    # no dotted path in the text: parameters, requirements and outputs in words
    text = " ".join(
        t for tag, texts in parsed.text.items() if tag not in ("style", "code") for t in texts
    )
    assert not re.search(r"\b(cost|targets|bind|bands_held_price|plan_target_price)\.\w", text), (
        re.findall(r"\b(?:cost|targets|bind)\.\S+", text)[:5]
    )
    names = data.labels["measure_en"]
    assert all(parameter_label(n, i18n.translator("en"), names) in html for n in data.names[:3])
    # shares as percentages: no fraction like 0.9583 anywhere in a table cell
    cells = parsed.text.get("td", [])
    assert cells and not any(re.fullmatch(r"0\.\d{3,}", c.strip()) for c in cells)
    assert any(c.strip().endswith("%") for c in cells)
    # which district cuts the tie-break pins, from the records
    pinned = analysis.pinned_table(data)
    n = int(pinned["pinned"].sum())
    assert f"{n} of {len(pinned)} district cut rates" in html


def test_chinese_report_has_chinese_headers_and_sentences(stored: Path) -> None:
    if find_cjk_font() is None:
        pytest.fail("the Chinese report test needs a CJK font: run `make fonts`")
    html, parsed = page(stored, "zh")
    assert 'lang="zh-CN"' in html and "NOT:" not in html
    allowed = {"mc16", "emisim", "tinybase", "yaml", "csv", "RUN_ID", "sweep", "show", "μ*"}
    allowed |= set(analysis.load(stored).labels["measure_zh"].values())  # the tiny data's
    for tag in ("h1", "h2", "th", "figcaption"):
        for text in parsed.text.get(tag, []):
            rest = text
            for word in sorted(allowed, key=len, reverse=True):
                rest = rest.replace(word, " ")
            assert not LATIN_WORD.findall(rest), f"<{tag}> {text!r}"
    assert "在100%的已求解运行中成立" in html.replace(" ", "") or "已求解运行中成立" in html


def test_sweep_plots_on_loaded_data(stored: Path) -> None:
    """``data.plot.*`` draws the report's charts from the stored records, parameters and
    requirements in words; ``data.tables()`` and ``data.write_report()`` as the CLI."""
    data = analysis.load(stored)
    assert set(data.plot) == {"distributions", "tornado", "indices", "binding"}
    tornado = data.plot.tornado()
    ticks = [t.get_text() for t in tornado.axes[0].get_yticklabels()]
    assert ticks and not any(re.match(r"(cost|targets)\.", t) for t in ticks)
    table = data.tables()["tornado"]
    means = sorted(float(b.get_width()) for b in tornado.axes[0].patches)
    base = float(data.optimal["total_cost_yuan"].mean())
    swings = sorted([*(table["low"] - base) / 1e9, *(table["high"] - base) / 1e9])
    assert means == pytest.approx(swings[: len(means)] if len(means) < len(swings) else swings)
    binding = [t.get_text() for t in data.plot.binding().axes[0].get_yticklabels()]
    assert "SO2 city target" in binding and not any(t.startswith("bind.") for t in binding)
    assert len(data.plot.distributions().axes) >= len(data.outputs())
    with pytest.raises(ValueError, match="no sensitivity indices"):
        data.plot.indices()  # a Monte Carlo design has none
    assert (data.write_report() / "report.html").is_file()
