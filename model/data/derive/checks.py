"""Checks of a derived dataset, printed by the build: can the plan's targets be met?

"needed" = BAU 2020 - (1 - cut) x 2015; "available" = sum over units and sectors of
min(BAU 2020, potential x removal), programme measures capped at their programme
quantity. The build fails if available/needed is below ``FEASIBILITY_MIN_RATIO`` for
any pollutant or for coal, if a measure could remove more than its sector emits in a
unit, or if a unit's coal cuts could exceed its coal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from emisim.model.data.consistency import SCOPE, pair_share
from emisim.model.data.derive.measures import Measure
from emisim.model.vocabulary import POLLUTANTS

ROW = "{:<9} {:>10.0f} {:>10.0f} {:>10.0f} {:>9.0f} {:>10.0f} {:>6.2f}"
FAMILY_POLLUTANTS = {
    "air": ("SO2", "NOX", "VOC"),
    "water": ("COD", "NH3N"),
    "livestock": ("COD", "NH3N"),
}


@dataclass(frozen=True)
class Derived:
    """The derived numbers the checks need (keys as in the model's tables)."""

    codes: list[str]
    zone_of: dict[str, str]
    base: dict[tuple[str, str, str], float]
    growth: dict[tuple[str, str, int], float]
    potentials: dict[tuple[str, str], float]
    removals: dict[tuple[str, str], float]
    measures: dict[str, Measure]
    sectors: list[dict[str, str]]
    coal_u: dict[str, float]
    energy_city: float
    gdp: dict[int, float]
    guidance: dict[tuple[str, str], str]
    targets: dict[str, float]

    def in_scope(self, s: str, p: str) -> bool:
        voc_key = {r["sector"] for r in self.sectors if r["voc_key"] == "true"}
        return p != "VOC" or s in voc_key

    def bau(self) -> dict[tuple[str, str, str], float]:
        end = max(self.gdp)
        return {
            (c, s, p): v * self.growth[(s, self.zone_of[c], end)]
            for (c, s, p), v in self.base.items()
        }


def removable(d: Derived) -> tuple[dict, dict]:
    """(all potentials, programme-capped) removable t per (unit, sector, pollutant)."""
    rem_u: dict[tuple, float] = {}
    rem_prog: dict[tuple, float] = {}
    for (c, mid), u in d.potentials.items():
        m = d.measures[mid]
        scale = min(1.0, m.basis / (m.basis * m.numbers["headroom"]))
        for (mm, p), r in d.removals.items():
            if mm != mid or r <= 0:
                continue
            key = (c, m.card["sector"], p)
            rem_u[key] = rem_u.get(key, 0.0) + u * r
            rem_prog[key] = rem_prog.get(key, 0.0) + u * r * scale
    return rem_u, rem_prog


def pollutant_rows(d: Derived, min_ratio: float, say: Callable) -> list[tuple]:
    bau = d.bau()
    _, rem_prog = removable(d)
    rows = []
    say("\nFeasibility, 2020 (t/yr; VOC = key-industry sectors only)")
    head = ("pollutant", "base2015", "BAU2020", "allowed", "needed", "available", "ratio")
    say("{:<9} {:>10} {:>10} {:>10} {:>9} {:>10} {:>6}".format(*head))
    for p in POLLUTANTS:
        keys = [k for k in d.base if k[2] == p and d.in_scope(k[1], p)]
        base = sum(d.base[k] for k in keys)
        b20 = sum(bau[k] for k in keys)
        allowed = (1 - d.targets[f"cut_{p.lower()}"]) * base
        need = b20 - allowed
        avail = sum(min(bau[k], rem_prog.get(k, 0.0)) for k in keys)
        say(ROW.format(p, base, b20, allowed, need, avail, avail / need))
        rows.append((p, base, b20, allowed, need, avail, avail / need))
        if avail / need < min_ratio:
            raise ValueError(f"{p}: available/needed {avail / need:.2f} < {min_ratio}")
        for (c, mid), u in d.potentials.items():
            r = d.removals.get((mid, p), 0.0)
            e = bau.get((c, d.measures[mid].card["sector"], p), 0.0)
            if r > 0 and u * r > 1.0001 * e:
                raise ValueError(f"{mid} in {c} could remove {u * r:.0f} t {p}, more than {e:.0f}")
    return rows


def coal_row(d: Derived, min_ratio: float, say: Callable) -> tuple:
    end = max(d.gdp)
    coal0 = sum(d.coal_u.values())
    coal_bau = sum(d.coal_u[c] * d.growth[("coal", d.zone_of[c], end)] for c in d.codes)
    energy20 = d.energy_city * d.gdp[end] * (1 - d.targets["energy_intensity"])
    cap = d.targets["coal_share"] * energy20
    need = coal_bau - cap
    avail = sum(
        u * (d.measures[m].numbers["coal_cut_ktce"] or 0.0) / d.measures[m].numbers["headroom"]
        for (_c, m), u in d.potentials.items()
    )
    say(ROW.format("coal ktce", coal0, coal_bau, cap, need, avail, avail / need))
    say(
        f"  coal share 2015 = {coal0 / d.energy_city:.4f}; BAU 2020 coal / plan energy 2020 = "
        f"{coal_bau / energy20:.4f}; plan energy 2020 = {energy20:.0f} ktce"
    )
    if avail / need < min_ratio:
        raise ValueError(f"coal: available/needed {avail / need:.2f} < {min_ratio}")
    for c in d.codes:
        cut = sum(
            u * (d.measures[m].numbers["coal_cut_ktce"] or 0.0)
            for (cc, m), u in d.potentials.items()
            if cc == c
        )
        if cut > d.coal_u[c] * d.growth[("coal", d.zone_of[c], end)]:
            raise ValueError(f"unit {c}: coal cuts {cut:.0f} exceed its coal")
    return (coal0, coal_bau, cap, need, avail, avail / need)


def per_unit(d: Derived, say: Callable) -> dict[tuple[str, str, str], float]:
    """Largest 2020 cut vs 2015 each unit could reach (all potentials), min per category."""
    bau = d.bau()
    rem_u, _ = removable(d)
    fam_sectors = {
        f: [r["sector"] for r in d.sectors if r["family"] == f] for f in FAMILY_POLLUTANTS
    }
    say("\nPer unit: largest achievable 2020 cut vs 2015 (all potentials used, BAU growth)")
    say(f"{'family':<10} {'pollutant':<6} {'category':<13} {'min':>7} {'median':>7} units")
    worst = {}
    for fam, secs in fam_sectors.items():
        for p in FAMILY_POLLUTANTS[fam]:
            by_cat: dict[str, list[float]] = {}
            for c in d.codes:
                ks = [(c, s, p) for s in secs if d.in_scope(s, p) and (c, s, p) in d.base]
                base = sum(d.base[k] for k in ks)
                if base > 0:
                    final = sum(max(0.0, bau[k] - rem_u.get(k, 0.0)) for k in ks)
                    by_cat.setdefault(d.guidance[(c, fam)], []).append(1 - final / base)
            for cat, v in sorted(by_cat.items()):
                med = float(np.median(v))
                say(f"{fam:<10} {p:<6} {cat:<13} {min(v):>7.1%} {med:>7.1%} {len(v)}")
                worst[(fam, p, cat)] = min(v)
    return worst


def plan_consistency(d: Derived, say: Callable) -> dict[str, float]:
    """Pair-ordering share of the plan's big vs small emitters (see model/data/consistency).

    A check, printed whatever it is: no parameter of the derivation is tuned to it."""
    base = pd.DataFrame(
        [(c, s, p, v) for (c, s, p), v in d.base.items()],
        columns=["code", "sector", "pollutant", "emissions_t"],
    )
    guidance = pd.DataFrame(
        [(c, f, k) for (c, f), k in d.guidance.items()], columns=["subject", "family", "category"]
    )
    sectors = pd.DataFrame(d.sectors)
    say("\nPlan consistency (a check): share of (big, small) emitter pairs in the plan's order")
    out = {}
    for family in SCOPE:
        share, bad = pair_share(base, guidance, sectors, family)
        say(f"{family:<6} {share:.3f} ({len(bad)} pairs out of order)")
        out[family] = share
    return out
