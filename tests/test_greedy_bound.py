"""The least-cost allocation is no dearer than a simple greedy one on the same limits.

A CoST-style greedy, written here and independent of the LP: close the coal gap with the
cheapest coal cut per tce, then, pollutant by pollutant, deploy the option (unit, measure)
with the lowest annualised cost per tonne of that pollutant until its 2020 target is met,
counting every co-benefit and disbenefit. It respects the same limits as the model: each
unit's potential and what the ramp allows by 2020 (n years x rho x U), the programme caps,
no sector's emissions and no unit's coal below zero, the coal ceiling. Its deployment path
is the latest the ramp allows, and the test checks that path against every limit in every
year before comparing costs: the greedy is a feasible point of the model, so the model's
2020 annual cost under target-year accounting cannot exceed it. The scenario is
no-guidance (plan2020 without the category bands) with the plan's deadlines ignored.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from emisim.api import resolve
from emisim.model.assemble import build_params

TOL = 1e-6


def load():
    sc, ds = resolve("no-guidance")
    # The greedy knows no dates, so both sides drop the plan's deadlines (deadlines.csv).
    objective = sc.objective.model_copy(update={"accounting": "target_year"})
    sc = sc.model_copy(update={"objective": objective, "deadlines": "ignore"})
    return sc, build_params(ds, sc)


class Greedy:
    def __init__(self, p):
        self.p, self.T = p, p.final_year
        n = len(p.years)
        self.cap = {dm: min(u, n * p.ramp[dm[1]] * u) for dm, u in p.potential.items()}
        self.y: dict[tuple[str, str], float] = defaultdict(float)
        self.prog = dict(p.programme) if p.programme_mode != "ignore" else {}

    def emissions(self, t):
        p, e = self.p, {}
        for d, s, q in p.emission_keys:
            e[d, s, q] = p.e0.get((d, s, q), 0.0) * p.growth[d, s, t]
        for (d, k), units in self.path(t).items():
            for q in p.pollutants:
                r = p.removal.get((k, q), 0.0)
                if r:
                    e[d, p.measure_sector[k], q] -= r * units
        return e

    def coal(self, t):
        p = self.p
        c = {d: p.coal0[d] * p.coal_growth[d, t] for d in p.units}
        for (d, k), units in self.path(t).items():
            c[d] -= p.coal_cut[k] * units
        return c

    def path(self, t):
        """The latest deployment the ramp allows: y_t = max(0, y_T - rho U (T - t))."""
        p = self.p
        return {
            (d, k): max(0.0, v - p.ramp[k] * p.potential[d, k] * (self.T - t))
            for (d, k), v in self.y.items()
        }

    def headroom(self, d, k, em, coal):
        p = self.p
        room = self.cap[d, k] - self.y[d, k]
        if k in self.prog:
            room = min(room, self.prog[k] - sum(v for (_, kk), v in self.y.items() if kk == k))
        for q in p.pollutants:
            r = p.removal.get((k, q), 0.0)
            if r > 0:
                room = min(room, em[d, p.measure_sector[k], q] / r)
        if p.coal_cut[k] > 0:
            room = min(room, coal[d] / p.coal_cut[k])
        return max(0.0, room)

    def shortfall(self, q, em):
        p = self.p
        scope = set(p.target_scope[q])
        total = sum(v for (d, s, qq), v in em.items() if qq == q and s in scope)
        return total - (1 - p.targets[q]) * p.base_totals[q]

    def fill(self, effect, need_fn):
        """Deploy options in order of cost per unit of ``effect`` until nothing is needed."""
        p = self.p
        order = sorted(
            (p.annual_cost[k] / effect(k), d, k) for d, k in p.potential if effect(k) > 0
        )
        for _, d, k in order:
            need = need_fn()
            if need <= TOL:
                return
            room = self.headroom(d, k, self.emissions(self.T), self.coal(self.T))
            self.y[d, k] += min(room, need / effect(k))

    def run(self):
        p = self.p
        coal_cap = p.coal_share_max * p.energy_final
        self.fill(lambda k: p.coal_cut[k], lambda: sum(self.coal(self.T).values()) - coal_cap)
        for _ in range(5):  # disbenefits can reopen a target already met
            for q in p.targets:
                self.fill(
                    lambda k, q=q: p.removal.get((k, q), 0.0),
                    lambda q=q: self.shortfall(q, self.emissions(self.T)),
                )
        return self


@pytest.fixture(scope="module")
def greedy():
    sc, p = load()
    return sc, p, Greedy(p).run()


def test_greedy_is_feasible_for_the_same_limits(greedy):
    _, p, g = greedy
    prev = defaultdict(float)
    for t in p.years:
        y = g.path(t)
        for (d, k), v in y.items():
            u = p.potential[d, k]
            assert -TOL <= v <= u + TOL
            assert prev[d, k] - TOL <= v <= prev[d, k] + p.ramp[k] * u + TOL
        prev = defaultdict(float, y)
        for key, e in g.emissions(t).items():
            assert e >= -TOL * max(1.0, p.e0.get(key, 0.0)), (key, t)
        assert min(g.coal(t).values()) >= -TOL
    final = g.emissions(p.final_year)
    for q in p.targets:
        assert g.shortfall(q, final) <= TOL * p.base_totals[q], q
    assert sum(g.coal(p.final_year).values()) <= p.coal_share_max * p.energy_final * (1 + TOL)
    for k, qty in p.programme.items():
        assert sum(v for (_, kk), v in g.y.items() if kk == k) <= qty + TOL


def test_least_cost_final_year_cost_is_no_higher_than_greedy(greedy):
    from emisim.api import run

    sc, p, g = greedy
    greedy_cost = sum(p.annual_cost[k] * v for (_, k), v in g.y.items())
    res = run(sc)
    model_cost = res.summary["annual_cost_final_year_yuan"]
    assert res.summary["accounting"] == "target_year"
    assert model_cost == pytest.approx(res.solve.objective, rel=1e-9)
    assert model_cost <= greedy_cost * (1 + 1e-9)
    print(f"least cost {model_cost / 1e9:.3f} bn yuan/yr, greedy {greedy_cost / 1e9:.3f}")
