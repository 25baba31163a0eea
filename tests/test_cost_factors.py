"""District cost factors f[d, m]: data (within each card's cost range) and model (every
cost of a (unit, measure) times its factor, so the factor decides which district deploys).

Hand check on the tiny dataset: ``scrubber_dear`` (identical removal in every unit) is
the marginal SO2 measure, built in one unit at flat cost. Making it 20 % cheaper in one
unit and 20 % dearer in another moves all of it to the cheaper unit, and the total cost
falls by exactly 20 % of what those units cost at flat cost (nothing else changes).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from tiny import write_tiny

from emisim.api import run
from emisim.model.assemble import build_params
from emisim.model.data import embedded_path, load_dataset
from emisim.model.objective import cost_coefficients
from emisim.model.scenario import load_scenario

DEAR = "scrubber_dear"
FINAL = 2020


def _final_units(r, measure: str) -> dict[str, float]:
    m = r.measures
    m = m[(m["measure"] == measure) & (m["year"] == FINAL) & (m["units"] > 1e-9)]
    return m.groupby("code")["units"].sum().to_dict()


def test_embedded_factors_lie_inside_each_cards_cost_range() -> None:
    """So the low and high cost cases still bracket every district's cost."""
    ds = load_dataset()
    cards = ds.measures.set_index("measure")
    f = ds.cost_factors
    assert len(f) > 0 and set(f["measure"]) >= {"ultra_low_power", "urban_wwtp_new", "sewer_urban"}
    for r in f.itertuples():
        k = cards.loc[r.measure]
        for c, lo, hi in (("capex_yuan", "capex_low", "capex_high"),
                          ("opex_yuan_yr", "opex_low", "opex_high")):  # fmt: skip
            if k[c]:
                assert k[lo] - 1e-6 <= r.factor * k[c] <= k[hi] + 1e-6, (r.code, r.measure, c)
    # bigger plants are cheaper per MW: Jiangjin (Luohuang, 2,640 MW) below Wanzhou (2,000)
    size = f[f["measure"] == "ultra_low_power"].set_index("code")["factor"]
    assert size["500116"] < size["500101"] < 1


@pytest.mark.parametrize("cheap,dear", [("100001", "100003"), ("100003", "100001")])
def test_factor_decides_which_unit_deploys(tmp_path: Path, make_scenario, cheap, dear) -> None:
    flat = run(make_scenario(data=write_tiny(tmp_path / "flat")))
    built = _final_units(flat, DEAR)
    assert len(built) == 1 and set(built) <= {cheap, dear}  # a tie broken arbitrarily
    units = sum(built.values())
    cost_flat_dear = flat.measures[flat.measures["measure"] == DEAR]["cost_yuan"].sum()

    folder = write_tiny(tmp_path / "f", cost_factors={(cheap, DEAR): 0.8, (dear, DEAR): 1.2})
    r = run(make_scenario(data=folder))
    assert _final_units(r, DEAR) == pytest.approx({cheap: units})
    saving = 0.2 * cost_flat_dear
    assert r.summary["total_cost_yuan"] == pytest.approx(
        flat.summary["total_cost_yuan"] - saving, rel=1e-9
    )
    # the measures table carries the factor in every cost column
    m = r.measures[r.measures["measure"] == DEAR]
    assert (m["cost_factor"] == 0.8).all()
    assert m["cost_yuan"].sum() == pytest.approx(0.8 * cost_flat_dear, rel=1e-9)
    assert m["capital_outlay_yuan"].sum() == pytest.approx(0.8 * 2e6 * units, rel=1e-9)


def test_coefficients_are_flat_times_factor(tmp_path: Path, make_scenario) -> None:
    flat = build_params(load_dataset(write_tiny(tmp_path / "a")), make_scenario())
    p = build_params(
        load_dataset(write_tiny(tmp_path / "b", cost_factors={("100002", "scr"): 1.2})),
        make_scenario(),
    )
    c0, c1 = cost_coefficients(flat), cost_coefficients(p)
    for key, v in c0.items():
        assert c1[key] == pytest.approx(v * (1.2 if key[:2] == ("100002", "scr") else 1.0))


def test_plan2020_allocation_differs_from_flat_costs(tmp_path: Path) -> None:
    """The embedded factors change the least-cost allocation; without cost_factors.csv
    (an optional table) every cost is the card's."""
    flat_data = tmp_path / "flat"
    shutil.copytree(embedded_path(), flat_data)
    (flat_data / "cost_factors.csv").unlink()
    sc = load_scenario("plan2020")
    with_f = run(sc)
    without = run(sc.model_copy(update={"data": str(flat_data)}))
    assert len(load_dataset(flat_data).cost_factors) == 0

    def final(r) -> pd.Series:
        m = r.measures[r.measures["year"] == FINAL]
        return m.set_index(["code", "measure"])["units"]

    a, b = final(with_f).align(final(without), fill_value=0.0)
    assert (a - b).abs().max() > 1.0  # at least one whole unit moves between districts
    assert with_f.summary["total_cost_yuan"] != pytest.approx(without.summary["total_cost_yuan"])
