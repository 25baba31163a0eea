"""`emisim cost-curve` and `emisim frontier` on the tiny fixture: files, words, errors."""

from __future__ import annotations

import pandas as pd
from tiny import ANALYSIS_BANDS as BANDS
from tiny import analysis_scenario

from emisim.cli import main


def _scenario(tiny_dir, tmp_path):
    return analysis_scenario(tiny_dir, tmp_path)


def test_cost_curve_and_frontier_commands(tiny_dir, tmp_path, capsys):
    path = _scenario(tiny_dir, tmp_path)
    out = tmp_path / "out"
    assert main(["cost-curve", str(path), "--pollutant", "so2", "--out", str(out)]) == 0
    assert "Least-cost curve of tinyan, SO2" in capsys.readouterr().out
    folder = out / "analysis" / "tinyan" / "cost-curve-so2"
    curve = pd.read_csv(folder / "cost_curve.csv")
    assert {"lambda", "cost", "slope", "marginal_price", "required_cut_t"} <= set(curve.columns)
    assert (folder / "cost_curve.png").stat().st_size > 1000
    assert main(["frontier", str(path), "--out", str(out), "--points", "4", "--lang", "zh"]) == 0
    said = capsys.readouterr().out  # --lang zh: the summary too
    assert "tinyan 的成本—公平前沿" in said and "frontier" not in said.split("\n")[0]
    front = pd.read_csv(out / "analysis" / "tinyan" / "frontier" / "frontier.csv")
    assert len(front) == 4
    assert (front["cost"].diff().dropna() <= 1e-7 * front["cost"].max()).all()


def test_analysis_commands_reject_bad_options_in_one_line(tiny_dir, tmp_path, capsys):
    path = _scenario(tiny_dir, tmp_path)
    assert main(["cost-curve", str(path), "--pollutant", "PM25", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--pollutant PM25" in err
    assert main(["frontier", str(path), "--points", "1", "--out", str(tmp_path)]) == 2
    assert "--points 1" in capsys.readouterr().err


def test_comparison_report_shows_the_reference_ranges(make_scenario):
    """The report section (``emisim compare --ranges``), without drawing the other charts."""
    import emisim
    from emisim.reports.html import render_report
    from emisim.reports.reference import reference_analyses

    a = make_scenario(name="tiny_a", coal={"share_max": None}, guidance={"bands": BANDS})
    b = make_scenario(name="tiny_b", coal={"share_max": None})
    comp = emisim.compare([a, b])
    charts, tables = reference_analyses(comp, "en", ranges=True)
    table = tables["ranges"]
    assert [c.name for c in charts] == [f"ranges_{q}" for q in table["pollutant"].unique()]
    html = render_report(comp, charts, tables=tables)
    assert 'id="ranges"' in html and "Near-optimal ranges of the reference scenario" in html
    assert set(table["epsilon"]) == {0.0, 0.01}
    assert (table["min_pct"] <= table["presented_pct"] + 1e-5).all()
    assert 'id="ranges"' not in render_report(comp, [])
