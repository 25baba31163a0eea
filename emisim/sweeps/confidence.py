"""How sure a sweep's statistics are: bootstrap intervals on the tornado's conditional
means and swings, the directions the model guarantees, and a warning below a stated size.

A tornado compares the mean output of the runs where a parameter is low with the runs
where it is high. With 40 parameters and a few dozen runs, some swings are noise; each
swing therefore carries a percentile bootstrap interval (scipy.stats.bootstrap, seeded
from the design's seed, so a report is reproducible). The intervals are simultaneous over
the parameters (Bonferroni: each at 1 - 5 %/k), so "every noise parameter's interval
contains zero" holds with 95 % probability, not 95 % per parameter.

Some directions are guaranteed by the model itself (a least-cost linear programme): a
dearer measure, a deeper city target or a higher lower band can never make the least cost
fall; more potential, a looser coal ceiling or a higher upper band can never make it rise.
A swing against such a direction is noise (or a recording fault), and is flagged as such,
never reported as a finding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The simultaneous confidence level of a tornado's intervals.
LEVEL = 0.95
#: Bootstrap resamples per interval.
RESAMPLES = 4999
#: Fewer solved runs than this in a parameter's low or high group: the tornado warns.
MIN_GROUP_RUNS = 30

#: Parameter path prefixes (and suffixes) whose effect on the least cost has a sign the
#: model guarantees: +1 the cost cannot fall as the value rises, -1 it cannot rise.
_RISING = ("cost.", "targets.overrides.")
_FALLING = ("potential.", "coal.share_max")


def guaranteed_direction(parameter: str, output: str, objective: str) -> int:
    """+1 / -1 where the model guarantees the sign of ``output``'s response to
    ``parameter`` (least-cost objective, total cost only), else 0."""
    if output != "total_cost_yuan" or objective != "least_cost":
        return 0
    band = parameter.startswith("guidance.bands.")
    if parameter.startswith(_RISING) or (band and parameter.endswith(".lower")):
        return 1
    if parameter.startswith(_FALLING) or (band and parameter.endswith(".upper")):
        return -1
    return 0


def _interval(samples: tuple[np.ndarray, ...], statistic, level: float, seed) -> tuple:
    """Percentile bootstrap interval of ``statistic`` (NaN if a sample has < 2 runs)."""
    from scipy import stats

    if any(len(s) < 2 for s in samples):
        return (np.nan, np.nan)
    if all(np.ptp(s) == 0 for s in samples):  # constant: the interval is the value
        v = float(statistic(*samples, axis=-1))
        return (v, v)
    res = stats.bootstrap(
        samples,
        statistic,
        n_resamples=RESAMPLES,
        confidence_level=level,
        method="percentile",
        vectorized=True,
        rng=np.random.default_rng(seed),
    )
    ci = res.confidence_interval
    return (float(ci.low), float(ci.high))


def _mean(a: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(a, axis=axis)


def _difference(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(b, axis=axis) - np.mean(a, axis=axis)


def tornado_table(
    groups: list[tuple[str, np.ndarray, np.ndarray]],
    *,
    output: str = "total_cost_yuan",
    objective: str = "least_cost",
    seed: int = 0,
    level: float = LEVEL,
) -> pd.DataFrame:
    """One row per (parameter, output values in its low group, in its high group): the
    two conditional means and the swing, each with a simultaneous bootstrap interval;
    ``settled`` where the swing's interval excludes zero; ``guaranteed`` the sign the model
    guarantees (0 none) and ``contradicts`` where the estimate goes against it; ``finding``
    says which swings may be read as findings. Sorted by |swing|. ``attrs["warning"]``
    names a group below MIN_GROUP_RUNS runs; ``attrs["level"]`` is each interval's level."""
    k = max(1, len(groups))
    each = 1 - (1 - level) / k
    rows = []
    for i, (name, low, high) in enumerate(groups):
        low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
        lo_ci = _interval((low,), _mean, each, (seed, i, 0))
        hi_ci = _interval((high,), _mean, each, (seed, i, 1))
        sw_ci = _interval((low, high), _difference, each, (seed, i, 2))
        lo, hi = low.mean() if len(low) else np.nan, high.mean() if len(high) else np.nan
        swing = hi - lo
        settled = bool(sw_ci[0] > 0 or sw_ci[1] < 0)
        sign = guaranteed_direction(name, output, objective)
        contradicts = bool(sign and swing * sign < 0)
        if contradicts:
            finding = "against the model's guaranteed direction: noise, not a finding"
        elif settled:
            finding = "rises" if swing > 0 else "falls"
        else:
            finding = "not distinguishable from noise"
        verdict = (settled, sign, contradicts, finding)
        rows.append([name, len(low), lo, *lo_ci, len(high), hi, *hi_ci, swing, *sw_ci, *verdict])
    cols = ["parameter", "runs_low", "low", "low_ci_low", "low_ci_high"]
    cols += ["runs_high", "high", "high_ci_low", "high_ci_high", "swing"]
    cols += ["swing_ci_low", "swing_ci_high", "settled", "guaranteed", "contradicts", "finding"]
    out = pd.DataFrame(rows, columns=cols)
    out = out.reindex(out["swing"].abs().sort_values(ascending=False).index)
    out = out.reset_index(drop=True)
    out.attrs["level"] = each
    thin = out[(out["runs_low"] < MIN_GROUP_RUNS) | (out["runs_high"] < MIN_GROUP_RUNS)]
    if len(thin):
        fewest = int(min(thin["runs_low"].min(), thin["runs_high"].min()))
        out.attrs["warning"] = (
            f"only {fewest} solved runs in a parameter's low or high group (fewer than "
            f"{MIN_GROUP_RUNS}): the swings' intervals are wide and their ranking is not "
            f"reliable; run a larger sweep (a Monte Carlo design of at least "
            f"{5 * MIN_GROUP_RUNS} runs gives {MIN_GROUP_RUNS} runs in each fifth)"
        )
    return out
