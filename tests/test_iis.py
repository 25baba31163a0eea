"""Infeasibility in the plan's words: HiGHS's IIS (emisim.solvers.iis) and the elastic
diagnosis's wording (emisim.solvers.diagnostics)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny import MEASURES, write_tiny

from emisim.api import resolve, run
from emisim.model.assemble import build_params
from emisim.solvers.diagnostics import explain
from emisim.solvers.iis import find_iis

OTHERS = {q: 0.0 for q in ("COD", "NH3N", "NOX", "VOC")}


@pytest.fixture(scope="module")
def flat_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny(tmp_path_factory.mktemp("flat"), growth=0.0)


@pytest.fixture(scope="module")
def scarce_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five dear scrubbers (250 t of SO2) per unit, no growth."""
    return write_tiny(tmp_path_factory.mktemp("scarce"), growth=0.0, potential=5.0)


def _scenario(make_scenario, data, **extra):
    return make_scenario(
        data=data,
        targets={"set": "test", "overrides": {"SO2": 0.5, **OTHERS}},
        coal={"share_max": None},
        measures={"disabled": [k for k in MEASURES if k != "scrubber_dear"]},
        **extra,
    )


def _iis(sc, lang: str = "en"):
    _, ds = resolve(sc)
    return find_iis(build_params(ds, sc), lang=lang)


def test_city_target_against_a_small_cut_ceiling_and_cleaned_sectors(make_scenario, flat_dir):
    # 1750 t of SO2 needed; Beta (air 'small') may cut at most 10 % = 200 t, Alpha and
    # Gamma at most everything they emit (1000 t + 500 t): 1700 t < 1750 t
    guidance = {"mode": "absolute", "bands": {"air": {"small": {"upper": 0.1}}}}
    iis = _iis(_scenario(make_scenario, flat_dir, guidance=guidance))
    assert iis.irreducible
    assert {(f, k) for f, k, _ in iis.requirements} == {
        ("city_target", "SO2"),
        ("band_upper", ("air", "100002", "SO2")),
    }
    assert iis.sentence.startswith("the SO2 city target (cut 50.0%) conflicts with")
    assert "small cut ceiling on SO2 of Beta" in iis.sentence
    assert "sector emissions already cut to zero (2 rows)" in iis.sentence
    zh = _iis(_scenario(make_scenario, flat_dir, guidance=guidance), lang="zh").sentence
    assert zh.startswith("全市二氧化硫减排目标（削减50.0%）与") and zh.endswith("相互冲突")
    assert "Beta二氧化硫相对较小幅度削减上限" in zh


def test_city_target_against_potentials(make_scenario, scarce_dir):
    # 1750 t needed, 3 x 250 t deployable
    iis = _iis(_scenario(make_scenario, scarce_dir, guidance={"enabled": False}))
    assert [(f, k) for f, k, _ in iis.requirements] == [("city_target", "SO2")]
    assert iis.sentence == (
        "the SO2 city target (cut 50.0%) conflicts with the potential of scrubber_dear in "
        "Alpha, Beta, Gamma"
    )


def test_programme_vs_guidance_is_diagnosed_in_plan_words():
    """The shipped scenario built to be infeasible: the fixed programme pushes a district
    over its category's ceiling; the elastic diagnosis says what its shares are of."""
    result = run("programme-vs-guidance", raise_on_infeasible=False)
    iis = result.iis
    families = {f for f, _k, _w in iis.requirements}
    assert iis.irreducible and families == {"programme_floor", "band_upper"}
    assert "the fixed programme quantity of" in iis.sentence
    assert "cut ceiling on" in iis.sentence and " conflicts with " in iis.sentence
    assert result.summary["conflict"] == iis.sentence
    # the elastic diagnosis shown beside it says what each shortfall is a share of (the
    # raised message carries both: tests/test_shipped_scenarios.py)
    elastic = explain(result.diagnosis)
    assert "% of the programme quantity" in elastic  # not "of its base"
    assert "of its base" not in elastic and "others may exist" in elastic
