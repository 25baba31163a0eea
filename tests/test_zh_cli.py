"""The analysis commands in Chinese: `emisim ranges --lang zh` names districts by their
Chinese names (units.csv name_zh) in the chart and the printed summary, and the summaries
of ranges, cost-curve and frontier are Chinese through the catalogue."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
from tiny import analysis_scenario

from emisim.cli import main
from emisim.reports import analysis as charts

#: The tiny fixture's districts with Chinese names (an autonomous county is shown short).
ZH = {"100001": "甲区", "100002": "乙区", "100003": "丙土家族苗族自治县"}
SHOWN = {"100001": "甲区", "100002": "乙区", "100003": "丙县"}
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")


@pytest.fixture
def scenario(tiny_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(tiny_dir, data)
    units = pd.read_csv(data / "units.csv", dtype=str)
    units["name_zh"] = units["code"].map(ZH)
    units.to_csv(data / "units.csv", index=False, lineterminator="\n")
    return analysis_scenario(data, tmp_path, "tinyzh")


def _summary(out: str) -> str:
    """The printed summary, without the last line naming the files and the folder."""
    return out.strip().rsplit("\n\n", 1)[0]


def test_ranges_in_chinese_name_districts_in_chinese(scenario, tmp_path, capsys, monkeypatch):
    drawn = {}

    def spy(r, q, names, lang="en"):
        fig = ranges_chart(r, q, names, lang)
        drawn[q] = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        return fig

    ranges_chart = charts.ranges_chart
    monkeypatch.setattr(charts, "ranges_chart", spy)
    assert main(["ranges", str(scenario), "--out", str(tmp_path / "o"), "--lang", "zh"]) == 0
    out = _summary(capsys.readouterr().out)
    table = pd.read_csv(tmp_path / "o" / "analysis" / "tinyzh" / "ranges" / "ranges.csv")
    assert set(drawn) == set(table["pollutant"])
    for q, labels in drawn.items():
        codes = table.loc[table["pollutant"] == q, "code"].astype(str)
        assert sorted(labels) == sorted({SHOWN[c] for c in codes}), (q, labels)
    assert out.startswith("tinyzh 的近优范围") and "个削减率中" in out
    assert not {w for w in LATIN.findall(out) if w != "tinyzh"}, out
    free = [line for line in out.splitlines() if line.startswith("    ") and "%" in line]
    assert free and all(line.split()[0] in set(SHOWN.values()) for line in free), free


def test_cost_curve_and_frontier_summaries_in_chinese(scenario, tmp_path, capsys):
    out = tmp_path / "o"
    argv = ["cost-curve", str(scenario), "--pollutant", "so2", "--points", "3"]
    assert main([*argv, "--out", str(out), "--lang", "zh"]) == 0
    text = _summary(capsys.readouterr().out)
    assert text.startswith("tinyzh 的最低成本曲线，二氧化硫（削减区间随全市目标联动）"), text
    assert not {w for w in LATIN.findall(text) if w != "tinyzh"}, text
    assert (
        main(["frontier", str(scenario), "--out", str(out), "--points", "3", "--lang", "zh"]) == 0
    )
    printed = capsys.readouterr().out
    text = _summary(printed)
    assert text.startswith("tinyzh 的成本—公平前沿") and "个百分点" in text, text
    assert not {w for w in LATIN.findall(text) if w != "tinyzh"}, text
    assert "frontier.csv, frontier.png 已写入" in printed
