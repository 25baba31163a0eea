"""Long analyses report their progress (issue 21): every step says how many solves it
expects and counts them, so the CLI's bars show elapsed time and an estimate."""

from __future__ import annotations

import pytest

from emisim.analysis import near_optimal_ranges
from emisim.analysis.curves import cost_curve
from emisim.analysis.frontier import cost_equity_frontier
from emisim.api import resolve
from emisim.model.assemble import build_params


class Recorder:
    def __init__(self) -> None:
        self.bars: list[dict] = []

    def __call__(self, step, total, **values):
        bar = Bar(step, total, values)
        self.bars.append(bar)
        return bar


class Bar:
    def __init__(self, step, total, values) -> None:
        self.step, self.total, self.values, self.n, self.closed = step, total, values, 0, False

    def update(self, n: int = 1) -> None:
        assert not self.closed
        self.n += n

    def close(self) -> None:
        self.closed = True


@pytest.fixture(scope="module")
def tiny(tiny_dir):
    from emisim.model.scenario import Scenario

    sc = Scenario.model_validate(
        {
            "name": "tiny",
            "description": "tiny test scenario",
            "data": str(tiny_dir),
            "targets": {"set": "test"},
            "coal": {"share_max": None},
            "guidance": {"bands": {"air": {"small": {"lower": 0.2, "upper": 1.0}}}},
        }
    )
    _, ds = resolve(sc)
    return build_params(ds, sc)


def test_ranges_count_every_solve_of_each_step(tiny):
    rec = Recorder()
    r = near_optimal_ranges(tiny, epsilons=(0.01, 0.0), progress=rec)
    steps = [(b.step, b.values["epsilon"]) for b in rec.bars]
    # bounds tightest first (their plans strike looser must-have candidates), must-haves
    # loosest first (their minima bound the tighter set's from below)
    assert steps == [("ranges", 0.0), ("ranges", 0.01), ("must-haves", 0.01), ("must-haves", 0.0)]
    assert all(b.closed and b.n == b.total for b in rec.bars)
    assert sum(b.n for b in rec.bars if b.step == "ranges") == r.solves
    tie = next(b for b in rec.bars if b.step == "must-haves" and b.values["epsilon"] == 0.0)
    assert tie.total >= (r.must_have["epsilon"] == 0.0).sum() > 0


def test_curve_and_frontier_count_their_solves(tiny):
    rec = Recorder()
    c = cost_curve(tiny, pollutant="SO2", points=5, progress=rec)
    (bar,) = rec.bars
    assert bar.step == "curve" and bar.closed and bar.n == bar.total == c.solves
    rec = Recorder()
    cost_equity_frontier(tiny, points=4, progress=rec)
    (bar,) = rec.bars
    assert bar.step == "frontier" and bar.n == bar.total == 4
