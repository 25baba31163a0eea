"""`emisim compare --ranges --curves --frontier` on the tiny fixture: the reference scenario's
least-cost curves and cost-equity frontier reach the report, the CSV tables and the
workbook, and every number there equals a fresh run of the analysis functions."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import math
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pypdf
import pytest
import yaml

from emisim import analysis
from emisim.analysis.curves import cost_curve
from emisim.analysis.frontier import cost_equity_frontier
from emisim.cli import main
from emisim.model.errors import EmisimError
from emisim.model.vocabulary import pollutant_label

BANDS = {"air": {"large": {"lower": 1.3}, "small": {"lower": 0.2, "upper": 1.0}}}


def _write(tmp: Path, name: str, **extra: object) -> Path:
    spec = {
        "description": f"tiny scenario {name}",
        "targets": {"set": "test"},
        "coal": {"share_max": None},
        **extra,
    }
    path = tmp / f"{name}.yaml"
    path.write_text(yaml.safe_dump(spec), "utf-8")
    return path


@pytest.fixture(scope="module")
def written(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """One CLI run (``--curves`` without a value: all targets together), its folder,
    stderr, and the reference scenario's file."""
    tmp = tmp_path_factory.mktemp("analyses")
    a = _write(tmp, "tiny_a", data=str(tiny_dir), guidance={"bands": BANDS})
    b = _write(tmp, "tiny_b", data=str(tiny_dir))
    argv = ["compare", str(a), str(b), "--ranges", "--curves", "--frontier", "--pdf"]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert main([*argv, "--out", str(tmp), "--name", "an"]) == 0
    return tmp / "compare" / "an", err.getvalue(), a


def test_progress_lines_name_each_long_step(written) -> None:
    _folder, err, _a = written
    for step in (
        "cost-equity frontier of the reference scenario",
        "least-cost curve of the reference scenario (all targets together)",
        "near-optimal ranges of the reference scenario",
        "drawing charts and writing the report",
    ):
        assert step in err, err


def test_report_sections_embed_the_charts_with_captions(written) -> None:
    folder, _err, _a = written
    page = (folder / "report.html").read_text("utf-8")
    for sid, heading in (
        ("curves", "Least-cost curves of the reference scenario"),
        ("frontier", "The price of equity: cost-equity frontier of the reference scenario"),
        ("ranges", "Near-optimal ranges of the reference scenario"),
    ):
        section = re.search(rf'<section id="{sid}".*?</section>', page, re.S)
        assert section is not None and f"<h2>{heading}</h2>" in section.group(0)
    for chart, sid in (("curve_all", "curves"), ("frontier", "frontier")):
        png = (folder / "charts" / f"{chart}.png").read_bytes()
        data = base64.b64encode(png).decode("ascii")
        section = re.search(rf'<section id="{sid}".*?</section>', page, re.S).group(0)
        img = rf"<img src=\"data:image/png;base64,{re.escape(data)}\""
        figure = re.search(rf"<figure class=\"(half|page)\">{img}.*?</figure>", section)
        assert figure is not None and "<figcaption>" in figure.group(0)
    assert "plan-target marginal abatement cost" not in page  # only a pollutant's curve says so
    assert "this scenario (1, dashed line)" in page
    manifest = (folder / "manifest.json").read_text("utf-8")
    for name in ("cost_curves.csv", "frontier.csv", "charts/curve_all.png", "charts/frontier.png"):
        assert name in manifest


def test_pdf_prints_the_analysis_charts_with_their_captions(written) -> None:
    """On paper (the print stylesheet opens the closed sections) every chart is there,
    the curve and frontier charts included, and their captions with them."""
    folder, _err, _a = written
    reader = pypdf.PdfReader(folder / "report.pdf")
    images = {hashlib.sha256(im.data).hexdigest() for page in reader.pages for im in page.images}
    charts = sorted((folder / "charts").glob("*.png"))
    assert {"curve_all.png", "frontier.png"} <= {c.name for c in charts}
    assert len(images) == len(charts)
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert "the most equitable plan possible" in text and "dots mark breakpoints" in text


def test_tables_equal_a_fresh_run_of_the_analyses(written) -> None:
    folder, _err, a = written
    p, options = analysis.params_of(a)
    curve = cost_curve(p, options, pollutant=None).table
    front = cost_equity_frontier(p, options).table
    csv_curve = pd.read_csv(folder / "cost_curves.csv")
    assert set(csv_curve["curve"]) == {"all"}
    assert list(csv_curve["kind"]) == list(curve["kind"])
    for col in ("lambda", "cost", "marginal_price", *(c for c in curve if c.startswith("tau_"))):
        np.testing.assert_allclose(csv_curve[col], curve[col], rtol=1e-9, err_msg=col)
    csv_front = pd.read_csv(folder / "frontier.csv")
    for col in ("epsilon_pct", "cost", "extra_cost_pct"):
        np.testing.assert_allclose(csv_front[col], front[col], rtol=1e-9, err_msg=col)
    page = (folder / "report.html").read_text("utf-8")
    frontier_html = re.search(r'<section id="frontier".*?</section>', page, re.S).group(0)
    cells = re.findall(r"<td>([^<]*)</td>", frontier_html)
    assert len(cells) == 3 * len(front)
    for i, row in enumerate(front.itertuples()):
        assert float(cells[3 * i]) == pytest.approx(row.epsilon_pct, abs=0.005)
        assert float(cells[3 * i + 1].replace(",", "")) == pytest.approx(row.cost / 1e9, abs=5e-4)


def _sheet(wb: openpyxl.Workbook, title: str) -> pd.DataFrame:
    rows = list(wb[title].iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_workbook_sheets_are_formatted_and_equal_the_tables(written) -> None:
    folder, _err, a = written
    wb = openpyxl.load_workbook(folder / "workbook.xlsx")
    for title in ("Least-cost curves", "Cost-equity frontier", "Near-optimal ranges"):
        assert title in wb.sheetnames
        ws = wb[title]
        assert ws.freeze_panes == "B2" and ws.auto_filter.ref
        for col in ws.iter_cols(min_row=1, max_row=2):
            head, first = col
            if isinstance(first.value, float | int) and not isinstance(first.value, bool):
                assert first.number_format != "General", (title, head.value)
                assert re.search(r"\(.+\)", head.value), (title, head.value)
    contents = [r[0] for r in wb["Contents"].iter_rows(min_row=6, values_only=True)]
    assert {"Least-cost curves", "Cost-equity frontier", "Near-optimal ranges"} <= set(contents)
    p, options = analysis.params_of(a)
    curve = cost_curve(p, options).table
    sheet = _sheet(wb, "Least-cost curves")
    assert set(sheet["Curve"]) == {"all targets together"}
    np.testing.assert_allclose(sheet["Least cost (bn yuan)"], curve["cost"] / 1e9, rtol=1e-9)
    for q in p.targets:
        header = f"City-wide {pollutant_label(q, 'en')} target (%)"
        np.testing.assert_allclose(sheet[header], 100 * curve[f"tau_{q}"], rtol=1e-9)
    front = cost_equity_frontier(p, options).table
    sheet = _sheet(wb, "Cost-equity frontier")
    bound = "Equity bound: largest deviation from the category rate (pp)"
    np.testing.assert_allclose(sheet[bound], front["epsilon_pct"], rtol=1e-9)
    extra = sheet["Extra cost over the least cost (%)"]
    np.testing.assert_allclose(extra, front["extra_cost_pct"], rtol=1e-9, atol=1e-12)


def test_pollutant_curve_marks_the_scenario_target_and_its_price(make_scenario) -> None:
    """A pollutant's curve: the x axis is the required cut in tonnes, the table carries the
    scenario's price unit, and the caption tells the reader where its own target sits."""
    import emisim
    from emisim.reports.reference import reference_analyses

    a = make_scenario(name="tiny_a", coal={"share_max": None}, guidance={"bands": BANDS})
    comp = emisim.compare([a])
    lines: list[str] = []
    charts, tables = reference_analyses(comp, curves=["so2", "SO2"], progress=lines.append)
    assert [c.name for c in charts] == ["curve_SO2"] and len(lines) == 1
    table = tables["cost_curves"]
    expected = cost_curve(comp.result("tiny_a").params, pollutant="SO2").table
    np.testing.assert_allclose(table["required_cut_t"], expected["required_cut_t"], rtol=1e-9)
    assert set(table["marginal_unit"]) == {comp.result("tiny_a").summary["price_unit"]}
    assert "dashed line is this scenario's own target" in charts[0].caption
    # the caption's claim: the curve's slope at the scenario's own target is the SO2 price
    # of the key indicators (between the slopes on either side, if a breakpoint sits there)
    p = comp.result("tiny_a").params
    own = p.targets["SO2"] * p.base_totals["SO2"]
    d = table[table["cost"].notna()]
    left = d[d["required_cut_t"] <= own * (1 + 1e-9)]["marginal_price"].iloc[-1]
    right = d[d["required_cut_t"] >= own * (1 - 1e-9)]["marginal_price"].iloc[0]
    mac = comp.indicators.set_index("scenario").at["tiny_a", "plan_target_price_SO2"]
    assert mac > 0 and min(left, right) * (1 - 1e-6) <= mac <= max(left, right) * (1 + 1e-6)
    assert not math.isnan(table["cost"].iloc[0])


def test_unknown_curve_is_a_one_line_error_before_any_solve(tiny_dir, tmp_path, capsys) -> None:
    a = _write(tmp_path, "tiny_a", data=str(tiny_dir))
    argv = ["compare", str(a), "--curves", "all", "PM25", "--out", str(tmp_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--curves 'PM25'" in err and "[1/1]" not in err
    assert not (tmp_path / "compare").exists()


def test_api_refuses_unknown_curves_and_a_frontier_without_nominal_rates(make_scenario) -> None:
    import emisim
    from emisim.reports.reference import reference_analyses

    comp = emisim.compare([make_scenario(name="tiny_b", coal={"share_max": None})])
    with pytest.raises(EmisimError, match="curves: 'PM25'"):
        reference_analyses(comp, curves=["PM25"])
    with pytest.raises(EmisimError, match="no band states a nominal rate"):
        reference_analyses(comp, frontier=True)


def test_pinned_counts_are_those_of_the_ranges_table(written) -> None:
    """The report's pinned counts, per pollutant and tolerance, recounted from ranges.csv."""
    from emisim.reports.html_analysis import pinned_counts

    folder, _err, _a = written
    table = pd.read_csv(folder / "ranges.csv")
    counts = pinned_counts(table)
    for q, r in counts.iterrows():
        mine = table[table["pollutant"] == q]
        assert r["cuts"] == (mine["epsilon"] == 0.01).sum()
        assert r["pinned_1pct"] == (mine["pinned"] & (mine["epsilon"] == 0.01)).sum()
        assert r["pinned_exact"] == (mine["pinned"] & (mine["epsilon"] == 0.0)).sum()
        width = mine["max_pct"] - mine["min_pct"]  # pinned: at most 0.01 pp wide
        assert r["pinned_exact"] == ((width <= 0.01) & (mine["epsilon"] == 0.0)).sum()
    page = (folder / "report.html").read_text("utf-8")
    total = counts.sum()
    said = (
        f"Of {int(total['cuts'])} district cuts, {int(total['pinned_exact'])} are pinned at "
        f"exactly the least cost and {int(total['pinned_1pct'])} within 1 %"
    )
    assert said in page


def test_ranges_are_in_the_report_by_default_and_skipped_on_request(tiny_dir, tmp_path) -> None:
    """`emisim compare` shows the ranges and the pinned counts without being asked; the
    "who cuts what" section points to them, or says they were not computed."""
    a = _write(tmp_path, "tiny_d", data=str(tiny_dir), guidance={"bands": BANDS})
    quiet = contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO())
    with quiet[0], quiet[1]:
        assert main(["compare", str(a), "--out", str(tmp_path), "--name", "d"]) == 0
        assert main(["compare", str(a), "--out", str(tmp_path), "--name", "n", "--no-ranges"]) == 0
    default = tmp_path / "compare" / "d"
    page = (default / "report.html").read_text("utf-8")
    assert (default / "ranges.csv").is_file() and 'class="num pinned"' in page
    assert 'id="ranges"' in page and "how many cuts are pinned: section" in page
    skipped = tmp_path / "compare" / "n"
    page = (skipped / "report.html").read_text("utf-8")
    assert not (skipped / "ranges.csv").exists() and 'id="ranges"' not in page
    assert "The near-optimal ranges were not computed" in page
