"""City totals, sector shares, district proxies, the 2015 baseline and BAU growth.

baseline(unit, sector, pollutant) = city total x sector share x the unit's share of the
sector's district proxy. A proxy is county CO2 or population, times a zone weight, times
the plan's category weight where the sector's stock follows a category (livestock), times
site multipliers for named places (``inputs/site_multipliers.csv``).
"""

from __future__ import annotations

from emisim.model.data.derive.csvio import sig
from emisim.model.data.derive.formula import evaluate
from emisim.model.data.derive.inputs import Inputs
from emisim.model.data.derive.units import codes_of, zone_of
from emisim.model.vocabulary import POLLUTANTS


def gdp_path(inp: Inputs, base_year: int) -> dict[int, float]:
    """Real GDP index, base year = 1, from the authored growth rates."""
    gdp = {base_year: 1.0}
    for r in sorted(inp["gdp_growth"], key=lambda r: int(r["year"])):
        y = int(r["year"])
        gdp[y] = gdp[y - 1] * (1 + float(r["growth"]))
    return gdp


def proxy_bases(
    inp: Inputs, pop: dict[str, int], co2: dict[str, float], plant_coal: dict[str, float]
) -> dict[str, dict[str, float]]:
    """The district quantities a proxy rule may name: county CO2, population, the coal the
    GPPD plants burnt in the base year (their own rows) and the authored single sites of
    ``inputs/sites.csv`` per sector."""
    codes = codes_of(inp)
    bases = {
        "co2": co2,
        "pop": {c: float(pop[c]) for c in codes},
        "power_plants": {c: plant_coal.get(c, 0.0) for c in codes},
    }
    for r in inp["sites"]:
        site = bases.setdefault(f"sites:{r['sector']}", dict.fromkeys(codes, 0.0))
        site[r["code"]] += float(r["weight"])
    return bases


def proxy_shares(
    inp: Inputs, bases: dict[str, dict[str, float]], guidance: dict[tuple[str, str], str]
) -> dict[str, dict[str, float]]:
    """Each sector's district shares (summing to 1) from its proxy rule."""
    zone = zone_of(inp)
    site = {(r["sector"], r["code"]): float(r["multiplier"]) for r in inp["site_multipliers"]}
    cat_w = {
        (r["sector"], r["category"]): evaluate(r["weight"], inp.params, "category_weights.csv")
        for r in inp["category_weights"]
    }
    cat_family = {r["sector"]: r["family"] for r in inp["category_weights"]}
    out = {}
    for rule in inp["sector_proxies"]:
        s = rule["sector"]
        w = {}
        for c in codes_of(inp):
            kind = f"sites:{s}" if rule["proxy"] == "sites" else rule["proxy"]
            v = bases[kind][c] * float(rule[zone[c]])
            if s in cat_family:
                v *= cat_w[(s, guidance[(c, cat_family[s])])]
            w[c] = v * site.get((s, c), 1.0)
        tot = sum(w.values())
        out[s] = {c: v / tot for c, v in w.items()}
    return out


def city_totals(inp: Inputs) -> dict[str, float]:
    """City totals 2015 (t): authored, VOC from the industrial inventory (see parameters)."""
    p = inp.params
    ceads15, ceads17 = float(inp.ceads["C2015"].sum()), float(inp.ceads["C2017"].sum())
    voc = p["INDUSTRIAL_VOC_2017_T"] * ceads15 / ceads17
    totals = {q: p[f"CITY_TOTAL_{q}"] for q in POLLUTANTS if q != "VOC"}
    totals["VOC"] = round(voc / p["INDUSTRIAL_VOC_SHARE_OF_TOTAL"], -1)
    return totals


def sector_shares(inp: Inputs, extra: dict[str, float]) -> dict[str, dict[str, float]]:
    """Shares from ``sector_share_rules.csv`` (which may also name ``extra``: the coal
    plants' own emissions), rounded to 6 decimals; the last sector (alphabetically) takes
    the rounding so each pollutant sums to exactly 1."""
    names = {**inp.params, **extra}
    raw: dict[str, dict[str, float]] = {p: {} for p in POLLUTANTS}
    for i, r in enumerate(inp["sector_share_rules"], start=2):
        where = f"inputs/sector_share_rules.csv row {i}"
        raw[r["pollutant"]][r["sector"]] = evaluate(r["formula"], names, where)
    for p in POLLUTANTS:
        if abs(sum(raw[p].values()) - 1) > 1e-9:
            raise ValueError(f"sector_share_rules.csv: shares of {p} do not sum to 1")
    return round_shares(raw)


def round_shares(raw: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Shares rounded to 6 decimals; the last sector (alphabetically) of each pollutant
    takes the rounding, so each pollutant sums to exactly 1."""
    out: dict[str, dict[str, float]] = {}
    for p in POLLUTANTS:
        items = sorted(raw[p].items())
        rounded = [round(v, 6) for _, v in items[:-1]]
        last = round(1.0 - sum(rounded), 6)
        out[p] = dict(zip([s for s, _ in items], [*rounded, last], strict=True))
    return out


def baseline(
    inp: Inputs,
    totals: dict[str, float],
    shares: dict[str, dict[str, float]],
    proxies: dict[str, dict[str, float]],
    points: dict[tuple[str, str], dict[str, float]],
) -> dict[tuple[str, str, str], float]:
    """2015 emissions (unit, sector, pollutant) -> t, 6 significant digits, zeros omitted.
    ``points`` gives a (sector, pollutant) its own district shares (the coal plants' own
    emissions) instead of the sector's proxy."""
    out: dict[tuple[str, str, str], float] = {}
    for p in POLLUTANTS:
        for s, sh in shares[p].items():
            if sh == 0:
                continue
            split = points.get((s, p), proxies[s])
            for c in codes_of(inp):
                v = totals[p] * sh * split.get(c, 0.0)
                if v > 0:
                    out[(c, s, p)] = float(sig(v))
    return out


def growth(inp: Inputs, gdp: dict[int, float], base_year: int) -> dict[tuple[str, str, int], float]:
    """BAU index (series, zone, year): (1 + r)^(t - base) per series and zone; energy
    follows GDP with an autonomous intensity decline."""
    rate = {(r["series"], r["zone"]): float(r["rate"]) for r in inp["growth_rates"]}
    years = [y for y in sorted(gdp) if y > base_year]
    zones = sorted({r["zone"] for r in inp["unit_sources"]})  # the period's zones
    out = {}
    for s in dict.fromkeys(r["series"] for r in inp["growth_rates"]):
        for z in zones:
            r = rate.get((s, z), rate[(s, "*")])
            for y in years:
                out[(s, z, y)] = (1.0 + r) ** (y - base_year)
    decline = inp.params["BAU_ENERGY_INTENSITY_DECLINE"]
    for z in zones:
        for y in years:
            out[("energy", z, y)] = gdp[y] * (1 - decline) ** (y - base_year)
    return out
