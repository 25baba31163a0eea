"""A run says whether its allocation is the only least-cost one (issue 21, item 7):
``emisim run --pinned`` counts the district cuts the least cost pins (near-optimal ranges
at zero slack); without it, the printed summary says the allocation can be one of many and
how to count them."""

from __future__ import annotations

import json

import pytest
import yaml
from tiny import ANALYSIS_BANDS, analysis_scenario

import emisim
from emisim.analysis.ranges import near_optimal_ranges, pinned_cuts
from emisim.cli import main

AIR = ("NOX", "SO2", "VOC")


@pytest.fixture(scope="module")
def scenario_file(tiny_dir, tmp_path_factory):
    return analysis_scenario(tiny_dir, tmp_path_factory.mktemp("pinned"))


def test_equal_bands_pin_the_cuts_they_fix(scenario_file, tmp_path):
    """Hand-derived: a 'small' band with lower = upper = 1.0 x the city rate fixes the
    air cuts of 100002 (the one 'small' unit), so they are pinned whatever the cost; with
    the analysis bands (0.2-1.0) its NOx cut is free."""
    loose = near_optimal_ranges(emisim.run(scenario_file).params, epsilons=(0.0,))
    assert not loose.table.set_index(["code", "pollutant"]).at[("100002", "NOX"), "pinned"]
    spec = yaml.safe_load(scenario_file.read_text("utf-8"))
    bands = {"air": {**ANALYSIS_BANDS["air"], "small": {"lower": 1.0, "upper": 1.0}}}
    spec["guidance"] = {"bands": bands}
    tight_file = tmp_path / "tight.yaml"
    tight_file.write_text(yaml.safe_dump(spec), "utf-8")
    params = emisim.run(tight_file).params
    table = near_optimal_ranges(params, epsilons=(0.0,)).table.set_index(["code", "pollutant"])
    for q in AIR:
        row = table.loc[("100002", q)]
        assert row["pinned"] and row["max_pct"] - row["min_pct"] <= 0.01
    counted = pinned_cuts(params)
    assert counted["pinned"] == int(table["pinned"].sum()) >= len(AIR)
    assert counted["pinned"] + counted["free"] == counted["cuts"] == len(table)


def test_run_pinned_prints_and_stores_the_count(scenario_file, tmp_path, capsys):
    assert main(["run", str(scenario_file), "--pinned", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    stored = json.loads((tmp_path / "tinyan" / "summary.json").read_text("utf-8"))
    c = stored["pinned_cuts"]
    assert c == pinned_cuts(emisim.run(scenario_file).params)
    assert c["free"] > 0  # the loose bands leave cuts free (see the test above)
    text = " ".join(out.split())
    assert f"District cuts pinned at the least cost: {c['pinned']} of {c['cuts']}" in text
    assert f"the other {c['free']} can move" in text and "one of many" in text


def test_run_without_pinned_says_how_to_count(scenario_file, tmp_path, capsys):
    assert main(["run", str(scenario_file), "--out", str(tmp_path)]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "can be one of many with the same least cost" in text
    assert "`emisim run --pinned` counts" in text
    stored = json.loads((tmp_path / "tinyan" / "summary.json").read_text("utf-8"))
    assert "pinned_cuts" not in stored


def test_pinned_refuses_another_objective(scenario_file, tmp_path, capsys):
    spec = yaml.safe_load(scenario_file.read_text("utf-8"))
    spec["objective"] = {"kind": "equity"}
    other = tmp_path / "eq.yaml"
    other.write_text(yaml.safe_dump(spec), "utf-8")
    assert main(["run", str(other), "--pinned", "--out", str(tmp_path)]) == 2
    assert "--pinned counts the cuts pinned at the least cost" in capsys.readouterr().err
