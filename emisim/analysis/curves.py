r"""Exact least-cost curves and the technical maximum.

**Technical maximum** of pollutant :math:`q`: the largest city-wide cut rate the measures
can reach with every requirement of the plan dropped (``Params.technical``: potentials,
ramps, monotone deployment, sector and coal floors only), one LP per pollutant.

**Least-cost curve**: the optimum :math:`C(\lambda)` as the city targets move along
:math:`\tau_q = \lambda\,w_q` — one pollutant (:math:`w_q = 1`, :math:`\lambda = \tau_q`) or
a uniform tightening of all targets (:math:`w = \tau^{\text{scenario}}`, :math:`\lambda = 1`
is the scenario) — from :math:`\lambda = 0` to the technical maximum, or the part of it
where the scenario's other requirements can hold (a deadline can force more cut than the
shrinking band ceilings allow near 0: the curve then starts at the smallest feasible
:math:`\lambda`, ``Curve.start``). Bands set as multiples
of the city rate move with it (``Engine.set_target``), so the slope is the plan-target
MAC, :math:`C'(\lambda) = \sum_q w_q \sum_{rows} y_{row}\,\partial rhs_{row}/\partial\tau_q`
(HiGHS's row duals :math:`y`; :func:`emisim.model.requirements.rhs_tau_gradient`).

An LP's optimum is piecewise linear in the right-hand side. The curve is exact, not
sampled: from a grid of warm re-solves, the breakpoints between two points are found where
their tangents meet; if the optimum there lies on both tangents the breakpoint is exact,
else the interval is split there and searched again (the classical parametric search for
piecewise-linear convex functions; it needs convexity, which holds when only the city
rows move and is checked, not assumed, when ceilings move too). Beyond the last feasible
grid point, the feasibility limit is found by bisection.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from emisim.model.errors import EmisimError
from emisim.model.forms import city_cut
from emisim.model.params import Params
from emisim.model.requirements import CITY_TARGET, rhs_tau_gradient
from emisim.model.vocabulary import POLLUTANTS
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolverOptions, Status
from emisim.solvers.loaded import wrap

REL = 1e-7  # relative gap below which the optimum lies on a tangent (a breakpoint is exact)
MAX_REFINE = 150  # re-solves spent on breakpoints at most (Curve.exact says if enough)
BISECTIONS = 12


def curve_keys(values: Iterable[str], what: str = "curves") -> tuple[str | None, ...]:
    """Which curves a user asked for: ``all`` -> None (all targets tightened together), a
    pollutant code in any case -> the code; order kept, repeats dropped. An unknown word is
    a one-line error naming ``what`` (the option or argument it came from)."""
    out: list[str | None] = []
    for v in values:
        key = None if v.strip().lower() == "all" else v.strip().upper()
        if key is not None and key not in POLLUTANTS:
            raise EmisimError(f"{what} {v!r}: expected 'all' or one of {', '.join(POLLUTANTS)}")
        if key not in out:
            out.append(key)
    return tuple(out)


def technical_maximum(p: Params, options: SolverOptions | None = None) -> dict[str, float]:
    """The largest city-wide cut rate of each pollutant with only physical limits."""
    lp = wrap(Engine(p.technical(), options))
    out = {}
    for q in p.pollutants:
        form = city_cut(p, q)
        if form is None:
            continue
        idx, val = lp.indices(form.terms)
        lp.set_objective(idx, val, maximize=True)
        out[q] = form.constant + lp.objective() if lp.run() and len(idx) else form.constant
    return out


@dataclass(frozen=True)
class Curve:
    """``table``: one row per evaluated point, sorted by ``lambda``."""

    scenario: str
    pollutant: str | None  # None: all targets tightened together
    table: pd.DataFrame
    technical: float  # lambda at the technical maximum
    limit: float  # largest feasible lambda found (the scenario's own limit)
    start: float  # smallest feasible lambda: 0, or where deadlines and band ceilings allow
    solves: int
    exact: bool  # every breakpoint between grid points was found within the budget


class _Walker:
    """Moves the targets along the direction and records optimum and slope. ``follow``:
    bands set as multiples of the city rate move with it (the plan-target curve); else
    only the city target rows move (bands stay at the scenario's values)."""

    def __init__(self, p: Params, direction: dict[str, float], options, follow: bool) -> None:
        self.engine = Engine(p, options)
        self.direction = direction
        self.follow = follow
        self.points: dict[float, dict] = {}

    def at(self, lam: float, kind: str) -> dict:
        if lam in self.points:
            return self.points[lam]
        eng = self.engine
        for q, w in self.direction.items():
            if self.follow:
                eng.set_target(q, lam * w)
            else:
                eng.set_rhs(CITY_TARGET.name, q, lam * w)
        ok = eng.run() is Status.OPTIMAL
        point = {"lambda": lam, "kind": kind, "status": str(eng.run())}
        point["cost"] = eng.objective if ok else np.nan
        point["slope"] = self._slope() if ok else np.nan
        self.points[lam] = point
        return point

    def _slope(self) -> float:
        eng, total = self.engine, 0.0
        for q, w in self.direction.items():
            grad = rhs_tau_gradient(eng.params, q)
            if not self.follow:
                grad = {k: d for k, d in grad.items() if k[0] == CITY_TARGET.name}
            for (fam, key), d in grad.items():
                row = eng.layout.row_of.get((fam, key))
                if row is not None:
                    total += w * float(eng.row_dual[row]) * d
        return total


def marginal_at(
    p: Params, pollutant: str, tau: float, options=None, *, bands: str = "follow"
) -> float:
    """The curve's marginal price at one target (same unit as ``Curve.table``)."""
    walk = _Walker(p, {pollutant: 1.0}, options, follow=bands == "follow")
    slope = walk.at(tau, "grid")["slope"]
    return slope / p.base_totals[pollutant] / p.price_scale(p.final_year)


def _refine(walk: _Walker, pairs: list[tuple[dict, dict]], budget: int) -> bool:
    """Exact breakpoints between neighbouring points by tangent intersection, breadth
    first (so a spent budget leaves the curve evenly refined); True if all were found."""
    queue = collections.deque(pairs)
    while queue:
        a, b = queue.popleft()
        if not (np.isfinite(a["slope"]) and np.isfinite(b["slope"])):
            continue
        sa, sb = a["slope"], b["slope"]
        scale = max(abs(a["cost"]), abs(b["cost"]), 1.0)
        span = b["lambda"] - a["lambda"]
        if sb - sa <= REL * scale / max(span, 1e-12):
            continue  # one line: no breakpoint
        lam = (b["cost"] - a["cost"] + sa * a["lambda"] - sb * b["lambda"]) / (sa - sb)
        if not a["lambda"] + 1e-9 * span < lam < b["lambda"] - 1e-9 * span:
            continue  # not convex here (a moving ceiling): leave the grid as it is
        if budget <= 0:
            return False
        budget -= 1
        mid = walk.at(lam, "breakpoint")
        if abs(mid["cost"] - (a["cost"] + sa * (lam - a["lambda"]))) > REL * scale:
            mid["kind"] = "grid"  # more than one breakpoint here: search both sides
            queue.extend([(a, mid), (mid, b)])
    return True


def cost_curve(
    p: Params,
    options: SolverOptions | None = None,
    *,
    pollutant: str | None = None,
    points: int = 11,
    refine: bool = True,
    bands: str = "follow",
) -> Curve:
    """The least-cost curve of ``pollutant`` (or of all targets together if ``None``)
    from 0 (or the smallest feasible level) to the scenario's feasibility limit (at most
    the technical maximum).
    ``bands``: ``follow`` (bands set as multiples of the city rate move with it) or
    ``fixed`` (only the city target rows move)."""
    if bands not in ("follow", "fixed"):
        raise ValueError(f"bands must be 'follow' or 'fixed', not {bands!r}")
    if pollutant is None:
        direction = {q: t for q, t in p.targets.items() if t > 0}
    else:
        if pollutant not in p.targets:
            raise ValueError(f"no city target for {pollutant}; one of {sorted(p.targets)}")
        direction = {pollutant: 1.0}
    tech = technical_maximum(p, options)
    top = min(tech[q] / w for q, w in direction.items() if q in tech)
    walk = _Walker(p, direction, options, follow=bands == "follow")
    own = 1.0 if pollutant is None else p.targets[pollutant]  # the scenario's own lambda
    if not np.isfinite(walk.at(own, "grid")["cost"]):
        raise EmisimError(
            f"scenario '{p.scenario_name}' is infeasible at its own targets "
            f"({walk.points[own]['status']}): there is no least-cost curve through it"
        )
    start, limit = _feasible_end(walk, own, 0.0), _feasible_end(walk, own, top)
    grid = [walk.at(float(lam), "grid") for lam in np.linspace(start, limit, points)]
    feasible = [g for g in grid if np.isfinite(g["cost"])]
    exact = _refine(walk, list(itertools.pairwise(feasible)), MAX_REFINE if refine else 0)
    table = _table(p, walk, pollutant)
    return Curve(p.scenario_name, pollutant, table, top, limit, start, len(walk.points), exact)


def _feasible_end(walk: _Walker, own: float, end: float) -> float:
    """The feasible lambda nearest ``end`` on the way from ``own`` (feasible): ``end``
    itself, or by bisection. The feasible lambdas are an interval (the projection of a
    polyhedron), so one search per side finds it: towards 0 it can end early where a
    deadline forces more cut than the band ceilings, which shrink with the targets, allow."""
    ok, bad = own, end
    if np.isfinite(walk.at(end, "search")["cost"]):
        ok = end
    else:
        for _ in range(BISECTIONS):
            mid = (ok + bad) / 2
            if np.isfinite(walk.at(mid, "search")["cost"]):
                ok = mid
            else:
                bad = mid
    walk.points[ok]["kind"] = "limit"
    return ok


def _table(p: Params, walk: _Walker, pollutant: str | None) -> pd.DataFrame:
    df = pd.DataFrame(sorted(walk.points.values(), key=lambda r: r["lambda"]))
    for q, w in walk.direction.items():
        df[f"tau_{q}"] = df["lambda"] * w
    scale = p.price_scale(p.final_year)
    per = p.base_totals[pollutant] if pollutant is not None else 100.0  # t, or pp of lambda
    if pollutant is not None:
        df["required_cut_t"] = df["lambda"] * per
    # the plan-target MAC at each point: what one more tonne of required city cut costs
    df["marginal_price"] = df["slope"] / per / scale
    df["segment_price"] = _segment_slopes(df) / per / scale
    return df


def _segment_slopes(df: pd.DataFrame) -> np.ndarray:
    """The slope of the curve from each point to the next feasible one (NaN for the last).
    At a breakpoint the dual slope is one subgradient, anywhere between the slopes on its
    two sides (at lambda = 0 it can even be negative while the cost rises); the chord to
    the next point is the slope going right, exact when no breakpoint lies between."""
    out = np.full(len(df), np.nan)
    ok = np.flatnonzero(np.isfinite(df["cost"].to_numpy()))
    lam, cost = df["lambda"].to_numpy(), df["cost"].to_numpy()
    for i, j in itertools.pairwise(ok):
        if lam[j] > lam[i]:
            out[i] = (cost[j] - cost[i]) / (lam[j] - lam[i])
    return out
