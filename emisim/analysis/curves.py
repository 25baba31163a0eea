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

An LP's optimum is piecewise linear in the right-hand side, and convex while the
right-hand sides move linearly with :math:`\lambda`. They do, between *kinks*: a band
ceiling never forbids the business-as-usual decline, so its enforced rate is
:math:`\max(\overline b\,\lambda w_q,\ \text{BAU cut})`, which bends where the two meet
(:func:`kinks`); across a kink the curve can be non-convex. The kinks inside the curve's
range are evaluated like grid points, and between two neighbouring points of one linear
piece the search is the classical one for a convex piecewise-linear function: each
point's row duals give a tangent (:math:`C(\lambda) \ge C(a) + s_a(\lambda - a)` for
every :math:`\lambda` of the piece, LP duality), the tangents of two points meet at
:math:`\lambda^*`, and if the optimum there lies on both tangents the curve is exactly
the two tangents on the interval (a convex function on a chord of its tangent), else the
interval is split at :math:`\lambda^*` and searched again. A segment is *verified* when
it was proven linear so; ``Curve.table["verified"]`` says it per segment (to the next
point) and the chart marks the others: none are left unless the search budget ran out
(:data:`MAX_REFINE` re-solves), which the CLI and the report say. Beyond the last
feasible grid point, the feasibility limit is found by bisection.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from emisim.analysis.progress import Counter, ProgressFactory, counter
from emisim.model.errors import EmisimError
from emisim.model.forms import city_cut
from emisim.model.params import Params
from emisim.model.requirements import CITY_TARGET, FAMILIES
from emisim.model.vocabulary import POLLUTANTS
from emisim.solvers.engine import TARGET_ROWS, Engine
from emisim.solvers.highs import SolverOptions, Status
from emisim.solvers.loaded import single_threaded, wrap

REL = 1e-7  # relative gap below which the optimum lies on a tangent (a breakpoint is exact)
MAX_REFINE = 1500  # re-solves spent on breakpoints at most; a spent budget is reported
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
    """``table``: one row per evaluated point, sorted by ``lambda``; ``verified`` says
    whether the curve is proven linear from the point to the next feasible one."""

    scenario: str
    pollutant: str | None  # None: all targets tightened together
    table: pd.DataFrame
    technical: float  # lambda at the technical maximum
    limit: float  # largest feasible lambda found (the scenario's own limit)
    start: float  # smallest feasible lambda: 0, or where deadlines and band ceilings allow
    solves: int
    exact: bool  # every segment verified (the search budget sufficed)
    unverified: int = 0  # segments the search could not prove linear


class _Walker:
    """Moves the targets along the direction and records optimum, slope and the duals of
    the rows that move. ``follow``: bands set as multiples of the city rate move with it
    (the plan-target curve); else only the city target rows move (bands stay at the
    scenario's values)."""

    def __init__(self, p: Params, direction: dict[str, float], options, follow: bool) -> None:
        self.engine = single_threaded(Engine(p, options))
        self.base = p
        self.direction = direction
        self.follow = follow
        moving = TARGET_ROWS if follow else (CITY_TARGET.name,)
        keys = [k for k in self.engine._layout.row_of if k[0] in moving]
        self.keys = {k: i for i, k in enumerate(keys)}
        self.rows = np.array([self.engine._layout.row_of[k] for k in keys], dtype=np.int64)
        self.points: dict[float, dict] = {}

    def params_at(self, lam: float) -> Params:
        p = self.base
        for q, w in self.direction.items():
            p = p.with_target(q, lam * w)
        return p

    def at(self, lam: float, kind: str) -> dict:
        if lam in self.points:
            return self.points[lam]
        eng = self.engine
        p = self.base
        for q, w in self.direction.items():  # Params, not set_target: the walk reaches
            if self.follow:  # the technical maximum, a cut of 1 the schema refuses
                p = p.with_target(q, lam * w)
            else:
                p = CITY_TARGET.with_required(p, q, lam * w)
        eng.set_params(p)
        ok = eng.run() is Status.OPTIMAL
        point = {"lambda": lam, "kind": kind, "status": str(eng.run())}
        point["cost"] = eng.objective if ok else np.nan
        point["y"] = eng._row_dual[self.rows].copy() if ok else None
        point["slope"] = float(point["y"] @ self.gradient(eng.params)) if ok else np.nan
        self.points[lam] = point
        return point

    def gradient(self, p: Params) -> np.ndarray:
        """d rhs / d lambda of the moving rows at ``p`` (the linear piece ``p`` lies in)."""
        g = np.zeros(len(self.rows))
        for (name, key), i in self.keys.items():
            fam = FAMILIES[name]
            g[i] = sum(w * fam.d_rhs_d_tau(p, key, q) for q, w in self.direction.items())
        return g


def kinks(p: Params, direction: dict[str, float], follow: bool = True) -> list[float]:
    r"""The :math:`\lambda > 0` where a right-hand side that moves with the targets bends:
    a relative band ceiling :math:`\overline b\,\lambda w_q` meets the subject's BAU cut
    rate (``Band.upper_effective``). Between kinks every moving right-hand side is linear
    in :math:`\lambda`, so the curve is convex there."""
    if not follow:
        return []
    out = set()
    for b in p.bands:
        w = direction.get(b.pollutant, 0.0)
        if b.rel_upper is None or w <= 0 or b.rel_upper <= 0 or b.base <= 0:
            continue
        lam = (1 - b.bau / b.base) / (b.rel_upper * w)
        if lam > 0:
            out.add(float(lam))
    return sorted(out)


def marginal_at(
    p: Params, pollutant: str, tau: float, options=None, *, bands: str = "follow"
) -> float:
    """The curve's marginal price at one target (same unit as ``Curve.table``)."""
    walk = _Walker(p, {pollutant: 1.0}, options, follow=bands == "follow")
    slope = walk.at(tau, "grid")["slope"]
    return slope / p.base_totals[pollutant] / p.price_scale(p.final_year)


def _on_tangent(point: dict, slope: float, lam: float, cost: float, tol: float) -> bool:
    return abs(point["cost"] + slope * (lam - point["lambda"]) - cost) <= tol


def _refine(
    walk: _Walker, lams: list[float], budget: int, bar: Counter | None = None
) -> dict[float, bool]:
    """Search every segment between neighbouring feasible points (all on one linear piece
    of the right-hand sides) for its breakpoints, breadth first (a spent budget leaves the
    curve evenly refined); the verified flag of each final segment, by its left end."""
    queue = collections.deque(
        (a, b, walk.gradient(walk.params_at((a + b) / 2))) for a, b in itertools.pairwise(lams)
    )
    verified: dict[float, bool] = {}
    while queue:
        if bar is not None:  # at least one re-solve per open segment is still to come
            bar.total = len(walk.points) + len(queue)
        a, b, g = queue.popleft()
        pa, pb = walk.points[a], walk.points[b]
        sa, sb = float(pa["y"] @ g), float(pb["y"] @ g)
        tol = REL * max(abs(pa["cost"]), abs(pb["cost"]), 1.0)
        if _on_tangent(pa, sa, b, pb["cost"], tol) and _on_tangent(pb, sb, a, pa["cost"], tol):
            verified[a] = True  # both tangents are the chord: linear on [a, b]
            continue
        span = b - a
        lam = (pb["cost"] - pa["cost"] + sa * a - sb * b) / (sa - sb) if sa != sb else np.nan
        if not a + 1e-9 * span < lam < b - 1e-9 * span:
            lam = (a + b) / 2  # tangents that do not meet inside (rounding): split halfway
        if budget <= 0 or span < 1e-12 * max(abs(b), 1.0):
            verified[a] = False
            continue
        budget -= 1
        mid = walk.at(lam, "breakpoint")
        if bar is not None:
            bar.update()
        if not np.isfinite(mid["cost"]):
            verified[a] = False  # cannot happen on a feasible interval; said, not hidden
            continue
        if _on_tangent(pa, sa, lam, mid["cost"], tol) and _on_tangent(
            pb, sb, lam, mid["cost"], tol
        ):
            verified[a] = verified[lam] = True  # the one breakpoint between a and b
        else:
            mid["kind"] = "grid"  # more than one breakpoint here: search both sides
            queue.extend([(a, lam, g), (lam, b, g)])
    return verified


def cost_curve(
    p: Params,
    options: SolverOptions | None = None,
    *,
    pollutant: str | None = None,
    points: int = 11,
    refine: bool = True,
    bands: str = "follow",
    progress: ProgressFactory | None = None,
) -> Curve:
    """The least-cost curve of ``pollutant`` (or of all targets together if ``None``)
    from 0 (or the smallest feasible level) to the scenario's feasibility limit (at most
    the technical maximum).
    ``bands``: ``follow`` (bands set as multiples of the city rate move with it) or
    ``fixed`` (only the city target rows move). ``refine=False``: the grid and the kinks
    only, segments not searched (and marked not verified unless linear)."""
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
    for lam in np.linspace(start, limit, points):
        walk.at(float(lam), "grid")
    near = 1e-9 * (limit - start)  # kinks that coincide up to rounding are one
    for lam in kinks(p, direction, follow=bands == "follow"):
        if start + near < lam < limit - near and min(abs(k - lam) for k in walk.points) > near:
            walk.at(lam, "kink")
    feasible = sorted(
        lam for lam, pt in walk.points.items() if start <= lam <= limit and np.isfinite(pt["cost"])
    )
    bar = counter(progress, "curve", len(walk.points) + len(feasible), pollutant=pollutant)
    bar.update(len(walk.points))
    verified = _refine(walk, feasible, MAX_REFINE if refine else 0, bar)
    bar.total = len(walk.points)  # the estimate was a lower bound: now the count
    bar.close()
    table = _table(p, walk, pollutant, verified)
    unverified = int((table["verified"] == False).sum())  # noqa: E712 (nullable boolean)
    return Curve(
        p.scenario_name,
        pollutant,
        table,
        top,
        limit,
        start,
        len(walk.points),
        unverified == 0,
        unverified,
    )


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


def _table(
    p: Params, walk: _Walker, pollutant: str | None, verified: dict[float, bool]
) -> pd.DataFrame:
    rows = sorted(walk.points.values(), key=lambda r: r["lambda"])
    df = pd.DataFrame([{k: v for k, v in r.items() if k != "y"} for r in rows])
    df["verified"] = pd.array([verified.get(lam) for lam in df["lambda"]], dtype="boolean")
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
