"""Deadlines on the tiny fixture: enforced they hold and are priced, ignored they are
only reported. The price is checked against a finite difference of re-solves."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from emisim.api import run
from emisim.model.errors import ScenarioError

# By 2017, 4 % of the potential (100 each) of dear scrubbers in place in every unit: Alpha
# (100001) has no cheap scrubber, so without the deadline it builds fewer.
ROW = {
    "deadline": "alpha_scrubbers",
    "measure": "scrubber_dear",
    "year": "2017",
    "basis": "potential",
    "scope": "district",
    "mapping": "exact",
    "clause_zh": "条款",
    "gist_en": "four dear scrubbers per unit in place by 2017",
    "plan_ref": "test",
}


def with_deadline(tiny_dir: Path, folder: Path, share: float) -> Path:
    shutil.copytree(tiny_dir, folder)
    with (folder / "deadlines.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[*ROW, "share"], lineterminator="\n")
        w.writeheader()
        w.writerow(ROW | {"share": share})
    return folder


@pytest.fixture(scope="module")
def folders(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("deadlines")
    return {s: with_deadline(tiny_dir, root / s, float(s)) for s in ("0.04", "0.0401", "0.0399")}


def rows_of(res, measure: str, year: int):
    m = res.tables["measures"]
    return m[(m["measure"] == measure) & (m["year"] == year)].set_index("code")["units"]


def test_enforced_deadline_holds_and_costs(make_scenario, folders):
    free = run(make_scenario(data=folders["0.04"], deadlines="ignore"))
    bound = run(make_scenario(data=folders["0.04"], deadlines="enforce"))
    assert rows_of(free, "scrubber_dear", 2017).get("100001", 0.0) < 4 - 1e-6
    assert rows_of(bound, "scrubber_dear", 2017)["100001"] == pytest.approx(4.0, rel=1e-9)
    assert bound.summary["total_cost_yuan"] > free.summary["total_cost_yuan"]
    table = free.tables["deadlines"]
    assert not table["enforced"].any() and not table["met"].any()  # reported, not required
    row = bound.tables["deadlines"].iloc[0]
    assert row["met"] and row["binding"] and row["price"] > 0


def test_deadline_price_is_the_cost_of_one_more_unit(make_scenario, folders):
    cost = {
        s: run(make_scenario(data=folders[s], deadlines="enforce")).summary["total_cost_yuan"]
        for s in ("0.0401", "0.0399")
    }
    base = run(make_scenario(data=folders["0.04"], deadlines="enforce"))
    table = base.tables["deadlines"]
    assert len(table) == 3  # one row per unit with potential
    step = (0.0401 - 0.0399) * 100  # one more unit required in each of the three rows
    fd = (cost["0.0401"] - cost["0.0399"]) / step
    assert fd == pytest.approx(table["price"].sum(), rel=1e-3)


def test_unknown_deadline_in_except_is_one_clear_error(make_scenario, folders):
    with pytest.raises(ScenarioError, match=r"deadlines_except\[0\].*unknown deadline 'nope'"):
        run(make_scenario(data=folders["0.04"], deadlines="enforce", deadlines_except=["nope"]))
