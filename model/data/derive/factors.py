"""District cost factors: where a measure costs more or less than its card's city average.

``inputs/cost_factor_rules.csv`` states each driver with its grade and source; this step
turns the rules into ``cost_factors.csv`` (unit, measure, factor, driver), which the model
multiplies into every cost of that (unit, measure) (docs/model.md, Objective). Rules of
one measure multiply. Drivers:

* ``plant_size``: the cost-capacity rule cost ~ S^b, so cost per MW ~ S^(b-1), with S a
  unit's capacity-weighted mean size of its base-year coal plants of at least
  ``ULTRA_LOW_MIN_MW`` (inputs/parameters.csv) and the reference the same mean over the
  city; ``value`` is b;
* any other driver: ``value`` is the factor for the units of ``zone``.

Every factor must lie inside its measure card's low-high range of both capital and
operating cost, so the low and high cost cases still bracket every district's cost; a
size factor is clamped to that range (and says so), an authored zone factor outside it is
an error.
"""

from __future__ import annotations

from emisim.model.data.derive.csvio import sig, sig_down, sig_up
from emisim.model.data.derive.inputs import INPUTS, Inputs
from emisim.model.data.derive.measures import Measure
from emisim.model.data.derive.plants import Plant
from emisim.model.errors import DataError

FILE = "cost_factor_rules.csv"


def card_range(m: Measure) -> tuple[float, float]:
    """The factors that keep both capital and operating cost inside the card's range."""
    n = m.numbers
    lows, highs = [], []
    for c in ("capex", "opex"):
        if n[c]:
            lows.append(n[f"{c}_low"] / n[c])
            highs.append(n[f"{c}_high"] / n[c])
    return max(lows, default=1.0), min(highs, default=1.0)


def mean_size(plants: list[Plant]) -> float:
    """Capacity-weighted mean plant size (MW): sum S^2 / sum S."""
    return sum(p.capacity_mw**2 for p in plants) / sum(p.capacity_mw for p in plants)


def _size_factors(
    exponent: float, plants: list[Plant], min_mw: float
) -> dict[str, tuple[float, str]]:
    big = [p for p in plants if p.capacity_mw >= min_mw]
    ref = mean_size(big)
    out = {}
    for code in sorted({p.code for p in big}):
        s = mean_size([p for p in big if p.code == code])
        text = f"plant_size: mean {s:.0f} MW vs city {ref:.0f} MW, (S/S_city)^({exponent}-1)"
        out[code] = ((s / ref) ** (exponent - 1), text)
    return out


def cost_factors(
    inp: Inputs, measures: list[Measure], plants: list[Plant], zone_of: dict[str, str]
) -> tuple[list[list], dict[tuple[str, str], tuple[str, str]]]:
    """Rows of cost_factors.csv and the provenance (grade, source) of each row's key."""
    by_id = {m.id: m for m in measures}
    file = inp.folder / INPUTS / FILE
    factor: dict[tuple[str, str], float] = {}
    why: dict[tuple[str, str], list[str]] = {}
    grade: dict[tuple[str, str], tuple[str, str]] = {}
    for i, r in enumerate(inp["cost_factor_rules"], start=2):
        for k in r["measures"].split():
            if k not in by_id:
                raise DataError(file, f"unknown measure {k!r}", row=i, column="measures")
            lo, hi = card_range(by_id[k])
            if r["driver"] == "plant_size":
                hits = _size_factors(float(r["value"]), plants, inp.params["ULTRA_LOW_MIN_MW"])
            else:
                f = float(r["value"])
                if not lo - 1e-9 <= f <= hi + 1e-9:
                    msg = f"factor {f} for {k} outside its card's cost range {lo:.3f}-{hi:.3f}"
                    raise DataError(file, msg, row=i, column="value")
                text = f"{r['driver']}: {r['zone']} x{f:g}"
                hits = {c: (f, text) for c, z in zone_of.items() if z == r["zone"]}
            for code, (f, text) in hits.items():
                key = (code, k)
                total = factor.get(key, 1.0) * f
                if total < lo or total > hi:
                    total = min(max(total, lo), hi)
                    text += f", clamped to the card range {lo:.3f}-{hi:.3f}"
                factor[key] = total
                why.setdefault(key, []).append(text)
                old = grade.get(key)
                g = r["grade"]
                src = r["source"] if old is None else f"{old[1]}; {r['source']}"
                grade[key] = (_weaker(old[0], g) if old else g, src)
    kept = {key: _written(f, *card_range(by_id[key[1]])) for key, f in sorted(factor.items())}
    kept = {key: f for key, f in kept.items() if float(f) != 1.0}
    rows = [[c, k, f, "; ".join(why[c, k])] for (c, k), f in kept.items()]
    prov = {key: grade[key] for key in kept}
    return rows, prov


def _written(f: float, lo: float, hi: float) -> str:
    """``f`` as written (6 significant digits), rounded inwards at a range bound."""
    out = sig(f)
    if float(out) > hi:
        return sig_down(hi)
    if float(out) < lo:
        return sig_up(lo)
    return out


def _weaker(a: str, b: str) -> str:
    order = ("sourced", "recalled", "derived", "assumed")
    return max(a, b, key=order.index)
