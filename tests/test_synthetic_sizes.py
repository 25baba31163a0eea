"""The benchmarks' synthetic generator writes data emisim accepts at every size it is used
at (5 to 3,000 units): a range of sizes is generated and loaded with every check of the
loader and the scenario; the smallest are solved. 1,000 units is the size that wrote a
first unit of a measure removing more NH3-N than its unit emits (removals.csv row 43);
from ~400 units some unit also had band rows no plan could meet (its pollutant mix within a
sector differed from the city's: benchmarks/synthetic.py now keeps it), which the solved
sizes here are too small to meet: `make bench` solves 400 to 2,900 units."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

from cases import synthetic_scenario
from synthetic import write_synthetic

import emisim
from emisim import api

SIZES = (5, 6, 7, 9, 12, 20, 61, 143, 1000)


@pytest.mark.parametrize("units", SIZES)
def test_generated_data_pass_every_check(tmp_path: Path, units: int) -> None:
    folder = write_synthetic(tmp_path, units=units)
    _sc, ds = api.resolve(synthetic_scenario(folder))  # raises DataErrors naming file and row
    assert len(ds.table("units")) == units
    # every deployable cell: one unit (or the whole potential) removes no more than the
    # unit's sector emits, after growth (what the loader checks, recomputed here)
    base = ds.table("baseline").set_index(["code", "sector", "pollutant"])["emissions_t"]
    sector = ds.table("measures").set_index("measure")["sector"]
    pot = ds.table("potentials")
    rem = ds.table("removals")
    cells = pot.merge(rem, on="measure")
    cells = cells[cells["potential"] > 0]
    keys = list(zip(cells["code"], cells["measure"].map(sector), cells["pollutant"], strict=True))
    emitted = base.reindex(keys).to_numpy()
    first = cells["removal_t"].to_numpy() * cells["potential"].clip(upper=1.0).to_numpy()
    growth_max = ds.table("growth")["index"].max()
    assert (first <= emitted * max(1.0, growth_max) * (1 + 1e-6)).all()


def test_generator_rejects_too_few_units(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 4 units"):
        write_synthetic(tmp_path, units=3)


@pytest.mark.parametrize("units", (5, 9, 61))
def test_smallest_sizes_solve(tmp_path: Path, units: int) -> None:
    result = emisim.run(synthetic_scenario(write_synthetic(tmp_path, units=units)))
    assert result.status == "optimal"
    assert set(result.allocation["code"]) <= {f"{500101 + i:06d}" for i in range(units)}
