"""The default data order districts as the plan does: big emitters emit more.

Computed from the CSVs and the guidance table alone (not through emisim's own code), then
compared with what ``emisim data summary`` reports."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from emisim.cli import main
from emisim.model.data import embedded_path, load_dataset
from emisim.model.data.consistency import plan_consistency
from emisim.model.data.derive import build

DATA = embedded_path()
MIN_SHARE = 0.95  # what the removed calibration aimed at
SCOPES = {"air": ({"SO2", "NOX"}, "air"), "water": ({"COD", "NH3N"}, "water")}


def _share(family: str) -> float:
    base = pd.read_csv(DATA / "baseline.csv", dtype={"code": str})
    guidance = pd.read_csv(DATA / "guidance.csv", dtype={"subject": str})
    sectors = pd.read_csv(DATA / "sectors.csv")
    pollutants, medium = SCOPES[family]
    keep = base["pollutant"].isin(pollutants)
    keep &= base["sector"].isin(sectors.loc[sectors["medium"] == medium, "sector"])
    tonnes = base[keep].groupby("code")["emissions_t"].sum()
    cats = guidance[(guidance["family"] == family) & guidance["subject"].str.fullmatch(r"\d{6}")]
    big = tonnes.reindex(cats.loc[cats["category"].isin(["large", "medium"]), "subject"])
    small = tonnes.reindex(cats.loc[~cats["category"].isin(["large", "medium"]), "subject"])
    assert len(big) + len(small) == 39
    wins = (big.fillna(0).to_numpy()[:, None] > small.fillna(0).to_numpy()[None, :]).mean()
    return float(wins)


@pytest.mark.parametrize("family", sorted(SCOPES))
def test_the_share_is_reported_as_computed(family: str) -> None:
    """The share is a check: whatever it is, the summary reports the share recomputed here."""
    share = _share(family)
    assert 0.5 < share < 1
    reported = plan_consistency(load_dataset()).loc[family, "pair_share"]
    assert reported == pytest.approx(share, abs=1e-4)


def test_no_parameter_is_calibrated_against_the_categories() -> None:
    """The district split takes no weight from the air or water categories, and no
    parameter says it was calibrated to the plan-consistency share."""
    params = pd.read_csv(DATA / "inputs" / "parameters.csv")
    assert not params["source"].str.contains("calibrat", case=False).any()
    assert not params["name"].str.startswith("PLAN_").any()
    weights = pd.read_csv(DATA / "inputs" / "category_weights.csv")
    assert set(weights["family"]) == {"livestock"}


def test_summary_prints_the_share_whatever_it_is(capsys) -> None:
    assert main(["data", "summary"]) == 0
    out = capsys.readouterr().out
    for family in SCOPES:
        line = re.search(rf"^{family}: (0\.\d+) \((\d+) pairs out of order\)$", out, re.M)
        assert line, family
        assert float(line.group(1)) == pytest.approx(_share(family), abs=1e-3)


def test_the_build_prints_the_share_below_any_threshold(tmp_path: Path) -> None:
    """With the default (no reading of the categories in the data) the shares are about
    0.80: the build still succeeds and reports them."""
    report = build(DATA, tmp_path / "ds")
    assert report["plan_consistency"]["air"] == pytest.approx(_share("air"), abs=1e-9)
    assert report["plan_consistency"]["water"] == pytest.approx(_share("water"), abs=1e-9)
    assert report["plan_consistency"]["air"] < MIN_SHARE
