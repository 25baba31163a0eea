"""How sure a sweep's tornado is: bootstrap intervals that separate a known effect from
39 noise parameters, the model's guaranteed directions flagged, a warning below the stated
sample size, and the wiring on a small real sweep."""

from __future__ import annotations

import numpy as np
import pytest

from emisim.sweeps.confidence import MIN_GROUP_RUNS, guaranteed_direction, tornado_table

TAIL = 0.2


def groups_of(x: np.ndarray, y: np.ndarray, names: list[str]) -> list:
    out = []
    for j, name in enumerate(names):
        lo, hi = np.quantile(x[:, j], [TAIL, 1 - TAIL])
        out.append((name, y[x[:, j] <= lo], y[x[:, j] >= hi]))
    return out


@pytest.fixture(scope="module")
def known_effect() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """400 runs, 40 parameters in [0, 1]: y = 10 + 3 * x0 + noise (sd 1); x1..x39 do nothing.

    The intervals hold together at 95 %: in about one such fixture in twenty some noise
    interval excludes zero by chance (measured: 2 of the 40 fixtures drawn with seeds 0-39,
    the known effect settled in all 40). Seed 0 is one of the other 38."""
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(400, 40))
    y = 10 + 3 * x[:, 0] + rng.normal(scale=1.0, size=400)
    names = ["known"] + [f"noise{j}" for j in range(1, 40)]
    return x, y, names


def test_known_effect_settled_and_noise_intervals_contain_zero(known_effect) -> None:
    x, y, names = known_effect
    t = tornado_table(groups_of(x, y, names), output="y", seed=3).set_index("parameter")
    known = t.loc["known"]
    assert known["swing_ci_low"] > 0 and known["settled"] and known["finding"] == "rises"
    # the true swing: 3 * (mean of the top fifth - mean of the bottom fifth) = 3 * 0.8 = 2.4
    assert known["swing_ci_low"] < 2.4 < known["swing_ci_high"]
    noise = t.drop(index="known")
    assert len(noise) == 39
    assert ((noise["swing_ci_low"] < 0) & (noise["swing_ci_high"] > 0)).all(), noise
    assert not noise["settled"].any()
    assert (noise["finding"] == "not distinguishable from noise").all()
    # every conditional mean carries its interval, and the interval holds the mean
    for side in ("low", "high"):
        assert (t[f"{side}_ci_low"] <= t[side]).all() and (t[side] <= t[f"{side}_ci_high"]).all()
    assert t.attrs["level"] == pytest.approx(1 - 0.05 / 40)  # simultaneous over 40
    assert "warning" not in t.attrs  # 80 runs in each group


def test_intervals_are_reproducible_from_the_seed(known_effect) -> None:
    x, y, names = known_effect
    groups = groups_of(x, y, names[:5])
    a, b = tornado_table(groups, seed=7), tornado_table(groups, seed=7)
    assert a.equals(b)
    c = tornado_table(groups, seed=8)
    assert not np.allclose(a["swing_ci_low"], c["swing_ci_low"])  # the seed is used


def test_a_swing_against_the_guaranteed_direction_is_flagged_not_a_finding() -> None:
    rng = np.random.default_rng(1)
    cheap, dear = rng.normal(105, 1, 60), rng.normal(100, 1, 60)  # dearer measure, lower cost
    groups = [("cost.scrubbers", cheap, dear), ("potential.scrubbers", cheap, dear)]
    t = tornado_table(groups, objective="least_cost").set_index("parameter")
    assert t.loc["cost.scrubbers", "guaranteed"] == 1
    assert t.loc["cost.scrubbers", "contradicts"]
    assert "not a finding" in t.loc["cost.scrubbers", "finding"]
    assert t.loc["potential.scrubbers", "guaranteed"] == -1  # more room: cheaper is expected
    assert not t.loc["potential.scrubbers", "contradicts"]
    assert t.loc["potential.scrubbers", "finding"] == "falls"
    # under another objective the cost is not what is minimised: no guarantee
    other = tornado_table(groups, objective="max_reduction")
    assert not other["contradicts"].any() and (other["guaranteed"] == 0).all()


@pytest.mark.parametrize(
    ("path", "sign"),
    [
        ("cost.scrubbers", 1),
        ("targets.overrides.SO2", 1),
        ("guidance.bands.air.large.lower", 1),
        ("guidance.bands.air.large.upper", -1),
        ("potential.scrubbers", -1),
        ("coal.share_max", -1),
        ("growth.multiplier", 0),
        ("removal.scrubbers.SO2", 0),
    ],
)
def test_guaranteed_directions(path: str, sign: int) -> None:
    assert guaranteed_direction(path, "total_cost_yuan", "least_cost") == sign
    assert guaranteed_direction(path, "bands_held_price.SO2", "least_cost") == 0


def test_a_thin_tornado_warns() -> None:
    rng = np.random.default_rng(2)
    few = MIN_GROUP_RUNS - 1
    t = tornado_table([("a", rng.normal(size=few), rng.normal(size=40))])
    assert f"only {few} solved runs" in t.attrs["warning"]
