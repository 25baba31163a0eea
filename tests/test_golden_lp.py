"""The exported LP of the 3-unit fixture, with readable names, against a checked-in file.

The scenario switches on every requirement family (city targets, a milestone, lower and
upper bands, an adapt-locally share, the coal cap, programme caps, a budget), so the file
shows each family's rows as a reviewer finds them: ``city_target(SO2)``,
``band_lower(air,100001,SO2)``, ``y(100002,scrubber,2020)``. A deliberate change to one
family must change exactly that family's rows and nothing else.

After an intended change to the model, rewrite the golden file with
``EMISIM_UPDATE_GOLDEN=1 pytest tests/test_golden_lp.py`` and review its diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from emisim.api import resolve
from emisim.model.assemble import build_params
from emisim.model.requirements import rhs_tau_gradient
from emisim.outputs import export_model
from emisim.solvers.compile import lp_name

GOLDEN = Path(__file__).parent / "fixtures" / "golden" / "tiny.lp"
RULE = {
    "name": "vehicles",
    "family": "air",
    "units": ["100001"],
    "sectors": ["mobile", "construction"],
    "pollutants": ["NOX"],
    "min_share": 0.3,
}
SCENARIO = {
    "guidance": {
        "bands": {
            "air": {"large": {"lower": 1.0}, "small": {"upper": 3.0}},
            "water": {"medium": {"lower": 0.5, "upper": 2.0}},
        },
        "adapt_locally": [RULE],
    },
    "targets": {"milestones": {2018: {"SO2": 0.03}}},
    "objective": {"budget_yuan": 1e12},
}


def export(make_scenario, tmp_path: Path, name: str, **change) -> str:
    merged = {**SCENARIO, **change}
    sc, ds = resolve(make_scenario(**merged))
    return export_model(build_params(ds, sc), tmp_path / f"{name}.lp").read_text()


def rows(lp: str) -> dict[str, str]:
    """Constraint name -> its text (the objective and bounds under their section names)."""
    out: dict[str, str] = {}
    section, name = "", ""
    for line in lp.splitlines():
        if line.strip() in ("min", "max", "st", "bounds", "end"):
            section = name = line.strip()
            continue
        m = re.match(r"^\s*([^\s:]+):", line)
        if section == "st" and m:
            name = m.group(1)
        out[name] = out.get(name, "") + line + "\n"
    return out


def test_exported_lp_matches_golden_file(make_scenario, tmp_path: Path) -> None:
    text = export(make_scenario, tmp_path, "tiny")
    if os.environ.get("EMISIM_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()
    for name in (
        "city_target(SO2)",
        "milestone(2018,SO2)",
        "band_lower(air,100001,SO2)",
        "band_upper(air,100002,NOX)",
        "band_upper(water,100002,COD)",
        "adapt_share(vehicles,100001,NOX)",
        "coal_cap",
        "programme_cap(nev)",
        "budget",
        "deploy_ramp(100002,scrubber,2020)",
        "sector_floor(100002,power,SO2,2020)",
    ):
        assert name in rows(text), name
    assert "y(100002,scrubber,2020)" in text


@pytest.mark.parametrize(
    ("change", "family"),
    [
        ({"coal": {"share_max": 0.5}}, "coal_cap"),
        ({"targets": {"milestones": {2018: {"SO2": 0.04}}}}, "milestone(2018,SO2)"),
        ({"objective": {"budget_yuan": 2e12}}, "budget"),
    ],
)
def test_a_change_to_one_family_changes_exactly_its_rows(make_scenario, tmp_path, change, family):
    before = rows(GOLDEN.read_text())
    after = rows(export(make_scenario, tmp_path, "changed", **change))
    assert before.keys() == after.keys()
    assert [n for n in before if before[n] != after[n]] == [family]


def test_a_city_target_moves_its_row_and_the_bands_that_follow_it(make_scenario, tmp_path):
    """In relative guidance the bands are multiples of the city rate: a new SO2 target moves
    exactly the rows whose right-hand side depends on it (requirements.rhs_tau_gradient)."""
    targets = {**SCENARIO["targets"], "overrides": {"SO2": 0.09}}
    sc, ds = resolve(make_scenario(**{**SCENARIO, "targets": targets}))
    p = build_params(ds, sc)
    before = rows(GOLDEN.read_text())
    after = rows(export_model(p, tmp_path / "so2.lp").read_text())
    changed = {n for n in before if before[n] != after[n]}
    expected = {lp_name(f, k) for f, k in rhs_tau_gradient(p, "SO2")}
    assert changed == expected
    assert "city_target(SO2)" in expected and "band_lower(air,100001,SO2)" in expected


def test_a_band_multiple_changes_only_that_categorys_lower_rows(make_scenario, tmp_path):
    bands = {
        **SCENARIO["guidance"]["bands"],
        "air": {"large": {"lower": 1.2}, "small": {"upper": 3.0}},
    }
    guidance = {**SCENARIO["guidance"], "bands": bands}
    before = rows(GOLDEN.read_text())
    after = rows(export(make_scenario, tmp_path, "banded", guidance=guidance))
    changed = sorted(n for n in before if before[n] != after.get(n))
    # air 'large' is unit 100001 in the fixture: its three air pollutants' lower bands
    assert changed == [f"band_lower(air,100001,{q})" for q in ("NOX", "SO2", "VOC")]
