"""The plan's 'big emitters' words as a stated scenario reading, off by default.

``guidance.emitter_weights`` moves each non-point sector's district shares towards the
big-emitter units. Checked against an independent route: rebuilding the dataset with the
same weights put back into the derivation's category weights (as the data had them
before issue 20) gives the same baseline and potentials."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from emisim.model.data import embedded_path, load_dataset
from emisim.model.data.consistency import pair_share
from emisim.model.data.derive import build
from emisim.model.data.reading import emitter_weighted
from emisim.model.scenario import load_scenario

DATA = embedded_path()
AIR = ("ind_boiler", "cement_glass", "other_industry", "residential", "mobile_road")
AIR += ("mobile_nonroad", "construction", "voc_coating", "voc_chemical", "voc_printing")
AIR += ("fuel_distribution", "other_voc")
WATER = ("ind_wastewater", "urban_sewage", "township_sewage")


def _rebuilt_with_weights(tmp_path: Path, air: float, water: float) -> Path:
    folder = tmp_path / "weighted"
    shutil.copytree(DATA, folder)
    rows = []
    for family, sectors, w in (("air", AIR, air), ("water", WATER, water)):
        for s in sectors:
            for cat, weight in (("large", w), ("medium", w), ("small", 1), ("adapt", 1)):
                rows.append(f"{s},{family},{cat},{weight}")
    with (folder / "inputs" / "category_weights.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    build(folder)
    return folder


def test_default_scenarios_state_no_reading() -> None:
    sc = load_scenario("plan2020")
    assert sc.guidance.emitter_weights.air == 1 and sc.guidance.emitter_weights.water == 1
    ds = load_dataset()
    assert emitter_weighted(ds, {"air": 1, "water": 1}) is ds


def test_the_reading_equals_the_derivation_with_category_weights(tmp_path: Path) -> None:
    ds = load_dataset()
    read = emitter_weighted(ds, {"air": 2, "water": 3.5})
    ref = load_dataset(_rebuilt_with_weights(tmp_path, 2, 3.5))
    key = ["code", "sector", "pollutant"]
    got = read.baseline.set_index(key)["emissions_t"].sort_index()
    want = ref.baseline.set_index(key)["emissions_t"].sort_index()
    assert list(got.index) == list(want.index)
    assert got.to_numpy() == pytest.approx(want.to_numpy(), rel=2e-5, abs=1e-3)
    # city totals of every sector are kept
    sums = read.baseline.groupby(["sector", "pollutant"])["emissions_t"].sum()
    base = ds.baseline.groupby(["sector", "pollutant"])["emissions_t"].sum()
    assert sums.to_numpy() == pytest.approx(base.to_numpy(), rel=1e-9)
    pk = ["code", "measure"]
    got_p = read.potentials.set_index(pk)["potential"].sort_index()
    want_p = ref.potentials.set_index(pk)["potential"].sort_index()
    assert got_p.to_numpy() == pytest.approx(want_p.to_numpy(), rel=2e-5, abs=1e-6)
    # and the reading raises the pair-ordering share, as the calibrated data had it
    for family in ("air", "water"):
        before = pair_share(ds.baseline, ds.guidance, ds.sectors, family)[0]
        after = pair_share(read.baseline, ds.guidance, ds.sectors, family)[0]
        assert after > before + 0.1, family


def test_a_scenario_states_the_reading(tmp_path: Path) -> None:
    from emisim.model.assemble import build_params

    spec = tmp_path / "reading.yaml"
    spec.write_text(
        "description: plan2020 read with big emitters weighted\nextends: plan2020\n"
        "guidance:\n  emitter_weights: {air: 2, water: 3.5}\n",
        encoding="utf-8",
    )
    ds = load_dataset()
    p_off = build_params(ds, load_scenario("plan2020"))
    p_on = build_params(ds, load_scenario(spec))
    # Wanzhou (air 'large') gains road NOx, Yuzhong (air 'adapt') loses it; totals kept
    key_w, key_y = ("500101", "mobile_road", "NOX"), ("500103", "mobile_road", "NOX")
    assert p_on.e0[key_w] > p_off.e0[key_w] and p_on.e0[key_y] < p_off.e0[key_y]
    road = [k for k in p_off.e0 if k[1:] == ("mobile_road", "NOX")]
    assert sum(p_on.e0[k] for k in road) == pytest.approx(sum(p_off.e0[k] for k in road))
    assert pd.Series(p_on.e0).sum() == pytest.approx(pd.Series(p_off.e0).sum())


def test_the_shipped_sweep_crosses_the_reading_with_its_absence() -> None:
    from emisim.sweeps.plan import plan_sweep
    from emisim.sweeps.spec import load_spec

    plan = plan_sweep(*load_spec("plan2020-emitter-reading"))
    assert plan.n_runs == 4
    runs = {tuple(sorted(plan.x(i).items())) for i in range(plan.n_runs)}
    air, water = "x.guidance.emitter_weights.air", "x.guidance.emitter_weights.water"
    assert runs == {((air, a), (water, w)) for a in (1.0, 2.0) for w in (1.0, 3.5)}
