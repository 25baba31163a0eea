r"""Near-optimal ranges (modelling to generate alternatives): who *must* cut what.

For each unit :math:`d` and pollutant :math:`p` with base emissions in scope, the lowest and
highest cut rate over every plan whose objective is within :math:`\varepsilon` of the
optimum:

.. math::

    \min / \max\ \mathrm{cut}_{d,p}(y)\quad \text{s.t. all constraints},\
    \mathrm{Cost}(y) \le (1+\varepsilon)\,\mathrm{Cost}^*

(:math:`\ge (1-\varepsilon)` of the optimum for a maximising objective). :math:`\varepsilon = 0`
is the exact tie set (the optimal face, to a relative :math:`10^{-9}`). Each bound is one
warm re-solve of the loaded LP with the cost row added once and the objective swapped.
Units without base emissions of a pollutant have no cut rate and are skipped (listed in
``skipped``). A measure is a *must-have* of a unit when its final-year deployment is
positive in every near-optimal plan: its minimum over the near-optimal set is > 0.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from emisim.analysis.progress import ProgressFactory, counter
from emisim.model.errors import InfeasibleError, SolverError
from emisim.model.forms import RateForm, unit_cut
from emisim.model.params import Params
from emisim.solvers.compile import ConstantRowInfeasible
from emisim.solvers.highs import SolverOptions
from emisim.solvers.loaded import LoadedLP, load
from emisim.solvers.presented import closest_to_nominal

ZERO = 1e-7  # units of a measure below this count as not deployed
EPSILONS = (0.01, 0.0)
PRIMAL = 4  # HiGHS's simplex_strategy for primal simplex


@dataclass(frozen=True)
class Ranges:
    """``table``: unit x pollutant x epsilon; ``must_have``: unit x measure x epsilon."""

    scenario: str
    table: pd.DataFrame
    must_have: pd.DataFrame
    skipped: tuple[tuple[str, str], ...]  # (unit, pollutant) without base emissions
    optimum: float
    timings: dict[str, float] = field(default_factory=dict)
    solves: int = 0  # range LPs (must-have solves not counted)

    def skipped_table(self) -> pd.DataFrame:
        return pd.DataFrame(self.skipped, columns=["code", "pollutant"])


def forms(p: Params) -> tuple[dict[tuple[str, str], RateForm], tuple[tuple[str, str], ...]]:
    """The cut-rate form of every (unit, pollutant) with base emissions; the others."""
    out, skipped = {}, []
    for d in p.units:
        for q in p.pollutants:
            f = unit_cut(p, d, q)
            if f is None:
                skipped.append((d, q))
            else:
                out[d, q] = f
    return out, tuple(skipped)


def solved(p: Params, options: SolverOptions | None = None) -> LoadedLP:
    """The scenario's LP, loaded and solved; a one-line error if it has no optimum."""
    try:
        lp = load(p, options)
    except ConstantRowInfeasible as exc:
        raise InfeasibleError(f"scenario '{p.scenario_name}' is infeasible ({exc})") from None
    if not lp.run():
        if "nfeasible" in lp.status:
            raise InfeasibleError(
                f"scenario '{p.scenario_name}' is infeasible: run `emisim run` for a diagnosis"
            )
        raise SolverError(f"scenario '{p.scenario_name}': HiGHS stopped ({lp.status})")
    return lp


def _rate(form: RateForm, lp: LoadedLP, x: np.ndarray) -> float:
    idx, val = lp.indices(form.terms)
    return form.constant + float(val @ x[idx]) if len(idx) else form.constant


class _Objectives:
    """Swaps the objective from one re-solve to the next, telling HiGHS only of the
    columns whose cost changes (those of the last objective and of the new one); a whole
    cost vector per re-solve cost ~0.7 ms of its ~6 (docs/performance.md)."""

    def __init__(self, lp: LoadedLP) -> None:
        self.lp, self.cols = lp, None

    def __call__(self, idx: np.ndarray, val: np.ndarray, maximize: bool = False) -> None:
        if self.cols is None:
            self.lp.set_objective(idx, val, maximize=maximize)
        else:
            self.lp.swap_objective(self.cols, idx, val, maximize=maximize)
        self.cols = idx


def _bound(
    lp: LoadedLP, objective: _Objectives, form: RateForm, maximize: bool
) -> tuple[float, np.ndarray | None]:
    idx, val = lp.indices(form.terms)
    objective(idx, val, maximize)
    if not lp.rerun():
        return float("nan"), None
    return form.constant + lp.objective(), lp.col_values()


def _final_year_cols(lp: LoadedLP) -> dict[tuple[str, str], int]:
    T = lp.params.final_year
    return {(d, k): j for (name, (d, k, t)), j in _y_cols(lp) if t == T}


def _y_cols(lp: LoadedLP):
    return ((key, j) for key, j in lp.cols.items() if key[0] == "y")


def near_optimal_ranges(
    p: Params,
    options: SolverOptions | None = None,
    *,
    epsilons: tuple[float, ...] = EPSILONS,
    must_haves: bool = True,
    progress: ProgressFactory | None = None,
) -> Ranges:
    """Ranges of every unit's cut rate at each ``epsilon``; see the module docstring.
    ``progress(step, total, epsilon=...)``: a counter per step (the CLI's progress bars;
    steps ``ranges`` and ``must-haves``)."""
    t0 = time.perf_counter()
    lp = solved(p, options)
    optimum = lp.objective()
    presented = closest_to_nominal(lp, optimum)
    if presented is None:
        raise SolverError(f"scenario '{p.scenario_name}': HiGHS stopped ({lp.status})")
    # A swapped objective leaves the basis primal feasible: primal simplex continues
    # from it (HiGHS's default choice is several times slower here, docs/performance.md).
    lp.highs.setOptionValue("simplex_strategy", PRIMAL)
    lp.highs.setOptionValue("presolve", "off")  # warm re-solves: presolve only costs time
    # ... and no bound perturbation: a re-solve is a few primal iterations from the last
    # plan, and perturbing the bounds, then cleaning up, cost a third of it
    lp.highs.setOptionValue("primal_simplex_bound_perturbation_multiplier", 0.0)
    t1 = time.perf_counter()
    all_forms, skipped = forms(p)
    final_cols = _final_year_cols(lp)
    cols = np.fromiter(final_cols.values(), dtype=np.int32, count=len(final_cols))
    # The tolerances' sets nest. Range bounds tightest first: every plan a bound's LP finds
    # lies in every looser set too, so a measure it leaves at zero is no must-have there
    # (struck without a solve). ``low[eps]``: each measure's least final-year units in a
    # plan seen in that set (the presented plan lies in all of them).
    order = sorted(set(epsilons))
    low = {eps: presented[cols].copy() for eps in order}
    rows, musts, solves = [], [], 0
    objective = _Objectives(lp)
    cost_row = lp.objective_row(optimum, order[0])

    def within(eps: float) -> None:
        lp.move_bound_row(cost_row, optimum - lp.offset, eps, maximize=lp.maximize)

    def seen_in(eps: float):
        def seen(x: np.ndarray) -> None:
            units = x[cols]
            for e in order[order.index(eps) :]:
                np.minimum(low[e], units, out=low[e])

        return seen

    for eps in order:
        within(eps)
        seen = seen_in(eps)
        bar = counter(progress, "ranges", 2 * len(all_forms), epsilon=eps)
        for (d, q), form in all_forms.items():
            rec = {"code": d, "pollutant": q, "epsilon": eps, "base_t": form.base}
            rec["presented_pct"] = 100 * _rate(form, lp, presented)
            if not form.terms:  # nothing deployable acts on it: the rate is fixed by BAU
                rec["min_pct"] = rec["max_pct"] = 100 * form.constant
            else:
                for side, maximize in (("min_pct", False), ("max_pct", True)):
                    value, x = _bound(lp, objective, form, maximize)
                    solves += 1
                    rec[side] = 100 * value
                    if x is not None:
                        seen(x)
            bar.update(2)
            rows.append(rec)
        bar.close()
    # Must-haves loosest first: a looser set's least units bound a tighter set's from
    # below, so where a plan seen in the tighter set already attains that bound, its
    # minimum is known without a solve.
    floor = np.zeros(len(cols))
    for eps in reversed(order if must_haves else []):
        within(eps)
        found, floor = _must_haves(
            lp, objective, final_cols, cols, low[eps], floor, presented, eps, seen_in(eps), progress
        )
        musts += found
    lp.highs.deleteRows(1, np.array([cost_row], dtype=np.int32))
    lp.restore_objective()
    t2 = time.perf_counter()
    table = _tidy(p, pd.DataFrame(rows))
    must = pd.DataFrame(
        musts, columns=["code", "measure", "epsilon", "min_units", "presented_units"]
    )
    must = must.sort_values(
        ["epsilon", "code", "measure"], ascending=[False, True, True]
    ).reset_index(drop=True)
    must.insert(1, "name", must["code"].map(p.names))
    timings = {"load_and_presented_s": t1 - t0, "ranges_s": t2 - t1}
    return Ranges(p.scenario_name, table, must, skipped, optimum, timings, solves)


#: A minimum is known without a solve when a looser set's minimum (a lower bound) and
#: the least units of a plan seen in the set (an upper bound) agree to this (relative).
CERTAIN = 1e-9


def _must_haves(
    lp, objective, final_cols, cols, low, floor, presented, eps, seen, progress
) -> tuple[list[dict], np.ndarray]:
    """Minimise each candidate's final-year units; also returns every measure's least
    units in the set as proven (0 where not solved), the next tighter set's ``floor``.
    Candidates are the measures deployed in every plan seen so far (``low`` > 0): one at
    zero in any near-optimal plan is no must-have, so each solve's plan strikes every
    candidate it leaves at zero. First the sum of all candidates (each over its
    potential) is minimised until that strikes none, which leaves few candidates that are
    not must-haves; then one LP per candidate, unless ``floor`` (a looser set's minima)
    already meets ``low``: then that is the minimum."""
    keys = list(final_cols)
    upper = np.asarray(lp.highs.getLp().col_upper_)[cols]
    weight = 1.0 / np.where(np.isfinite(upper) & (upper > 0), upper, 1.0)
    known = (floor > ZERO) & (low - floor <= CERTAIN * np.maximum(1.0, low))
    while True:  # seen() lowers ``low`` in place
        alive = (low > ZERO) & ~known
        if not alive.any():
            break
        objective(cols[alive], weight[alive])
        if not lp.rerun():
            break
        seen(lp.col_values())
        if ((low > ZERO) & ~known).sum() == alive.sum():
            break
    out, proven = [], np.zeros(len(cols))
    bar = counter(progress, "must-haves", int((low > ZERO).sum()), epsilon=eps)
    one = np.ones(1)
    for i in range(len(keys)):
        if low[i] <= ZERO:
            continue
        bar.update()
        j = cols[i]
        if known[i]:
            least = float(low[i])
        else:
            objective(cols[i : i + 1], one)
            if not lp.rerun():
                continue
            seen(lp.col_values())
            least = lp.objective()
        proven[i] = least
        if least > ZERO:
            d, k = keys[i]
            out.append(
                {
                    "code": d,
                    "measure": k,
                    "epsilon": eps,
                    "min_units": least,
                    "presented_units": float(presented[j]),
                }
            )
    bar.close()
    return out, proven


def _tidy(p: Params, df: pd.DataFrame) -> pd.DataFrame:
    df.insert(1, "name", df["code"].map(p.names))
    df["width_pct"] = df["max_pct"] - df["min_pct"]
    df["pinned"] = df["width_pct"] <= 0.01
    return df.sort_values(
        ["epsilon", "code", "pollutant"], ascending=[False, True, True]
    ).reset_index(drop=True)


def pinned_cuts(
    p: Params, options: SolverOptions | None = None, progress: ProgressFactory | None = None
) -> dict:
    """How many district cuts the least cost pins: the near-optimal ranges at
    :math:`\\varepsilon = 0` (two LPs per cut, no must-have solves); a cut is pinned when
    its range is at most 0.01 pp wide. The rest can move without raising the cost, so the
    allocation shown is then one of many."""
    r = near_optimal_ranges(p, options, epsilons=(0.0,), must_haves=False, progress=progress)
    pinned = int(r.table["pinned"].sum())
    return {
        "epsilon": 0.0,
        "tolerance_pp": 0.01,
        "cuts": len(r.table),
        "pinned": pinned,
        "free": len(r.table) - pinned,
    }
