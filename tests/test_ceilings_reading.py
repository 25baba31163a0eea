"""The ceilings read as limits on the cut beyond the dated commitments
(``guidance.ceilings: beyond_commitments``), hand-solved on the tiny data.

Beta (air 'small', ceiling 10 % absolute) must deploy its 8 cheap scrubbers by 2020 (a
commitment: 400 t SO2, a 20 % cut of its 2,000 t). The city needs 1,750 t (50 %); Beta's
dear scrubbers cost half what they cost elsewhere, so beyond the commitment Beta cuts as
much as its ceiling lets it: 10 % of 2,000 t = 200 t (4 units), and Alpha and Gamma the
other 1,150 t. Read as a limit on the whole cut, the ceiling (200 t) is below what the
commitment forces (400 t): infeasible, the conflict naming the ceiling and the deadline.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tiny import MEASURES, write_tiny

from emisim.api import resolve, run
from emisim.model.assemble import build_params
from emisim.model.commitments import Deadline, committed_in_full
from emisim.solvers.engine import Engine
from emisim.solvers.highs import Status

OTHERS = {q: 0.0 for q in ("COD", "NH3N", "NOX", "VOC")}
BETA = "100002"


def _with_deadline(folder: Path, share: float) -> Path:
    data = write_tiny(folder, growth=0.0, cost_factors={(BETA, "scrubber_dear"): 0.5})
    with (data / "deadlines.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    row = {
        "deadline": "beta_scrubbers",
        "measure": "scrubber",
        "year": 2020,
        "basis": "potential",
        "share": share,
        "scope": "district",
        "mapping": "exact",
        "clause_zh": "测试",
        "gist_en": "test",
        "plan_ref": "test",
    }
    with (data / "deadlines.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerow(row)
    return data


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _with_deadline(tmp_path_factory.mktemp("ceil"), 1.0)


def _scenario(make_scenario, data: Path, ceilings: str):
    return make_scenario(
        data=data,
        targets={"set": "test", "overrides": {"SO2": 0.5, **OTHERS}},
        coal={"share_max": None},
        measures={"disabled": [k for k in MEASURES if k not in ("scrubber", "scrubber_dear")]},
        guidance={
            "mode": "absolute",
            "bands": {"air": {"small": {"upper": 0.1}}},
            "ceilings": ceilings,
        },
        deadlines="enforce",
    )


def test_a_ceiling_on_the_whole_cut_conflicts_with_the_commitment(make_scenario, data) -> None:
    res = run(_scenario(make_scenario, data, "whole_cut"), raise_on_infeasible=False)
    families = {f for f, _k, _w in res.iis.requirements}
    assert families == {"band_upper", "deadline"}, res.iis.sentence


def test_beyond_the_commitment_the_ceiling_binds_at_the_hand_solved_cut(
    make_scenario, data
) -> None:
    res = run(_scenario(make_scenario, data, "beyond_commitments"))
    assert res.params.ceiling_exempt == frozenset({"scrubber"})
    m = res.tables["measures"]
    final = m[m["year"] == 2020].groupby(["code", "measure"])["units"].sum()
    assert final[BETA, "scrubber"] == pytest.approx(8.0, rel=1e-6)  # the commitment
    assert final[BETA, "scrubber_dear"] == pytest.approx(4.0, rel=1e-6)  # 200 t: the ceiling
    elsewhere = final.drop(BETA, level="code").sum()
    assert 50.0 * elsewhere == pytest.approx(1150.0, rel=1e-6)
    b = res.tables["bands"].set_index(["subject", "pollutant", "family"]).loc[(BETA, "SO2", "air")]
    assert b["cut_pct"] == pytest.approx(30.0, rel=1e-6)  # 600 t of 2,000
    assert b["committed_cut_pct"] == pytest.approx(20.0, rel=1e-6)  # 400 t committed
    assert b["binding"] == "upper"
    req = res.tables["requirements"]
    up = req[
        (req["family"] == "band_upper") & (req["subject"] == BETA) & (req["pollutant"] == "SO2")
    ]
    assert up["achieved"].iloc[0] == pytest.approx(0.10, rel=1e-6) and up["met"].iloc[0]


def _deadline(required: float, subject: str = BETA) -> Deadline:
    return Deadline("d", "scrubber", 2020, subject, required, "potential", 1.0, "exact", "")


def test_only_a_measure_committed_in_full_is_counted_outside_the_ceilings() -> None:
    potential = {(BETA, "scrubber"): 8.0, ("100001", "scrubber"): 2.0}
    both = (_deadline(8.0), _deadline(2.0, "100001"))  # one deadline's rows: 10 of 10
    assert committed_in_full(both, potential, {}, capped=True) == {"scrubber"}
    assert committed_in_full((_deadline(8.0),), potential, {}, capped=True) == frozenset()
    # a programme cap: all that can be deployed is the programme quantity
    city = (_deadline(6.0, "city"),)
    assert committed_in_full(city, potential, {"scrubber": 6.0}, capped=True) == {"scrubber"}
    assert committed_in_full(city, potential, {"scrubber": 6.0}, capped=False) == frozenset()


def test_a_partial_commitment_leaves_the_measure_inside_the_ceiling(
    make_scenario, tmp_path: Path
) -> None:
    half = _with_deadline(tmp_path, 0.5)
    res = run(_scenario(make_scenario, half, "beyond_commitments"), raise_on_infeasible=False)
    assert res.params.ceiling_exempt == frozenset()
    # Beta's whole cut is held to 200 t, so the others would need 1,550 t of their 1,500
    assert res.iis is not None and "band_upper" in {f for f, _k, _w in res.iis.requirements}


def test_an_engine_change_that_makes_a_commitment_partial_rebuilds_the_ceilings(
    make_scenario, data
) -> None:
    """Lowering the commitment to half by name leaves scrubber committed only in part: the
    engine rebuilds the ceiling rows (the exemption is recomputed), and the run is as
    infeasible as a fresh build with a half commitment."""
    sc, ds = resolve(_scenario(make_scenario, data, "beyond_commitments"))
    eng = Engine(build_params(ds, sc))
    assert eng.solve().ok
    eng.set_rhs("deadline", ("beta_scrubbers", "scrubber", BETA), 4.0)
    assert eng.params.ceiling_exempt == frozenset()
    assert eng.solve().status in (Status.INFEASIBLE, Status.INFEASIBLE_OR_UNBOUNDED)
