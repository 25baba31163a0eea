"""The 14th-FYP dataset (base 2020, ``chongqing-fyp14``), rolled forward from the 13th's.

No official 2020 emissions by district and sector were found, and the official city totals
after the 2017 pollution-source census are on another basis (they count sources the 13th
dataset has no sector for), so the 2020 baseline is **the 2015 data rolled forward by what
the 13th plan deployed and by growth**: the least-cost ``plan2020`` run's 2020 emissions by
unit, sector and pollutant (``inputs/plan2020_emissions.csv``, written by
``scripts/snapshot_plan2020.py``), graded ``derived``. Where a 2020 city figure was read in
a document it is used: primary energy and coal's share (Chongqing's 14th-FYP energy plan)
scale the units' energy and the run's coal. Growth 2021-2025 and the GDP path are inputs
with their grades. Measures: the 13th dataset's, with the potential the run left in each
unit, plus the 14th plan's key projects (``inputs/measure_cards.csv``): each card's full
city potential removes a stated share of its sector's 2020 city emissions
(``inputs/measure_removals.csv``), split over the units by their 2020 emissions of the
sector. No unit's potential removes more than its sector emits there in 2020.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from emisim.model.data.derive.csvio import fix6, read, sig, write_table
from emisim.model.data.derive.emissions import round_shares
from emisim.model.data.period import read_period
from emisim.model.data.schema import TABLE_BY_NAME
from emisim.model.vocabulary import POLLUTANTS

PREVIOUS = "chongqing"  # the 13th-FYP dataset folder, a sibling of this one
INPUTS = "inputs"
#: The input that marks a folder built by this roll-forward (``emisim data derive``).
ROLLED_FORWARD = "plan2020_emissions.csv"
COPIED = ("period", "groups", "categories", "guidance", "targets", "sectors", "deadlines")
CARRIED_PROV = ("measures", "removals", "cost_factors", "net_costs", "groups", "sectors")
Key = tuple[str, str, str]
COST_COLUMNS = ("capex_yuan", "capex_low", "capex_high", "opex_yuan_yr", "opex_low", "opex_high")
#: measures.csv columns a 13th-FYP measure keeps as they are (its programme does not carry).
CARRIED_COLUMNS = TABLE_BY_NAME["measures"].columns[
    : TABLE_BY_NAME["measures"].columns.index("programme_qty")
]
NO_COAL = "no coal saved: an end-of-pipe or non-energy measure"


def snapshot_tables(tables: dict[str, pd.DataFrame], year: int) -> dict[str, pd.DataFrame]:
    """plan2020's emissions, units in place and coal in ``year``, as the inputs store them."""
    em = tables["emissions"]
    em = em[(em["year"] == year) & (em["emissions_t"] > 0)]
    units = tables["measures"]
    units = units[(units["year"] == year) & (units["units"] > 0)]
    coal = tables["coal"]
    coal = coal[coal["year"] == year]
    out = {
        "plan2020_emissions": em[["code", "sector", "pollutant", "emissions_t"]],
        "plan2020_units": units[["code", "measure", "units"]],
        "plan2020_coal": coal[["code", "coal_ktce"]],
    }
    for name, frame in out.items():
        frame = frame.copy()
        value = frame.columns[-1]
        frame[value] = [sig(v) for v in frame[value]]
        out[name] = frame.sort_values(list(frame.columns[:-1])).reset_index(drop=True)
    return out


def _inputs(folder: Path) -> dict[str, list[dict[str, str]]]:
    names = (
        "parameters", "gdp_growth", "growth_rates", "zones", "measure_cards",
        "measure_removals", "provenance_notes", "plan2020_emissions", "plan2020_units",
        "plan2020_coal",
    )  # fmt: skip
    return {n: read(folder / INPUTS / f"{n}.csv") for n in names}


def _previous(folder: Path) -> dict[str, list[dict[str, str]]]:
    prev = folder.parent / PREVIOUS
    names = ("units", "measures", "removals", "potentials", "cost_factors", "net_costs")
    return {n: read(prev / f"{n}.csv") for n in (*names, "provenance")}


def _zone_map(inp: dict) -> dict[str, str]:
    """13th-FYP zone -> 14th-FYP zone (inputs/zones.csv ``fyp13_zones``)."""
    return {old: r["zone"] for r in inp["zones"] for old in r["fyp13_zones"].split()}


def _units(inp: dict, prev: dict, params: dict[str, float]) -> list[list]:
    """Units in 2020: zones mapped; population, energy and CO2 scaled city-wide to the 2020
    figures; coal from plan2020's run scaled to coal's 2020 share, never above energy."""
    zone = _zone_map(inp)
    old = prev["units"]
    pop15 = sum(float(u["population_2015"]) for u in old)
    energy15 = sum(float(u["energy_2015_ktce"]) for u in old)
    coal_run = {r["code"]: float(r["coal_ktce"]) for r in inp["plan2020_coal"]}
    energy20 = params["ENERGY_2020_KTCE"]
    coal_scale = params["COAL_SHARE_2020"] * energy20 / sum(coal_run.values())
    rows = []
    for u in old:
        energy = float(u["energy_2015_ktce"]) * energy20 / energy15
        coal = min(coal_run[u["code"]] * coal_scale, energy)
        rows.append(
            [
                u["code"], u["name_zh"], u["name_en"], zone[u["zone"]],
                sig(float(u["population_2015"]) * params["POPULATION_2020"] / pop15),
                sig(float(u["co2_2015_mt"]) * energy20 / energy15), sig(coal), sig(energy),
            ]
        )  # fmt: skip
    return rows


def _zones(inp: dict, units: list[list]) -> list[list]:
    pop: dict[str, float] = defaultdict(float)
    for u in units:
        row = dict(zip(TABLE_BY_NAME["units"].columns, u, strict=True))
        pop[row["zone"]] += float(row["population_2015"])
    return [[z["zone"], z["name_en"], z["name_zh"], sig(pop[z["zone"]])] for z in inp["zones"]]


def _gdp(inp: dict, base: int) -> dict[int, float]:
    gdp = {base: 1.0}
    for r in sorted(inp["gdp_growth"], key=lambda r: int(r["year"])):
        year = int(r["year"])
        gdp[year] = gdp[year - 1] * (1 + float(r["growth"]))
    return gdp


def _growth(inp: dict, gdp: dict[int, float], base: int, decline: float) -> dict:
    rate = {(r["series"], r["zone"]): float(r["rate"]) for r in inp["growth_rates"]}
    zones = [z["zone"] for z in inp["zones"]]
    years = [y for y in sorted(gdp) if y > base]
    out = {}
    for s in dict.fromkeys(r["series"] for r in inp["growth_rates"]):
        for z in zones:
            r = rate.get((s, z), rate[(s, "*")])
            out.update({(s, z, y): (1 + r) ** (y - base) for y in years})
    for z in zones:
        out.update({("energy", z, y): gdp[y] * (1 - decline) ** (y - base) for y in years})
    return out


def _baseline(inp: dict) -> dict[tuple[str, str, str], float]:
    return {
        (r["code"], r["sector"], r["pollutant"]): float(r["emissions_t"])
        for r in inp["plan2020_emissions"]
        if float(r["emissions_t"]) > 0
    }


def _city(base: dict) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = defaultdict(float)
    for (_c, s, q), v in base.items():
        out[s, q] += v
    return out


def _new_measures(inp: dict, base: dict) -> tuple[list[dict], dict, dict]:
    """The key-project cards: (cards, removal per unit, potential per unit code)."""
    city = _city(base)
    cards = inp["measure_cards"]
    removal, potential = {}, {}
    for r in inp["measure_removals"]:
        card = next(c for c in cards if c["measure"] == r["measure"])
        total = city.get((card["sector"], r["pollutant"]), 0.0)
        removal[r["measure"], r["pollutant"]] = (
            float(r["share"]) * total / float(card["city_potential"])
        )
    for c in cards:
        key = (c["sector"], c["main_pollutant"])
        for (code, s, q), v in base.items():
            if (s, q) == key:
                potential[code, c["measure"]] = float(c["city_potential"]) * v / city[key]
    return cards, removal, potential


def _carried(prev: dict, inp: dict) -> tuple[dict, dict]:
    """13th-FYP removals, and the potential plan2020 left in each unit."""
    removal = {(r["measure"], r["pollutant"]): float(r["removal_t"]) for r in prev["removals"]}
    used = {(r["code"], r["measure"]): float(r["units"]) for r in inp["plan2020_units"]}
    potential = {
        (r["code"], r["measure"]): max(0.0, float(r["potential"]) - used.get(key, 0.0))
        for r in prev["potentials"]
        for key in [(r["code"], r["measure"])]
    }
    return removal, potential


def _capped(potential: dict, removal: dict, sector: dict, base: dict) -> dict:
    """No unit's potential removes more than its sector emits there in 2020."""
    by_measure: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (m, q), r in removal.items():
        if r > 0:
            by_measure[m].append((q, r))
    out = {}
    for (code, m), qty in potential.items():
        room = [base.get((code, sector[m], q), 0.0) / r for q, r in by_measure[m]]
        qty = min([qty, *room])
        if qty > 0 and float(sig(qty)) > 0:
            out[code, m] = qty
    return out


def _measure_rows(prev: dict, cards: list[dict]) -> list[list]:
    rows = []
    for r in prev["measures"]:
        ref = f"13th FYP measure, the potential plan2020 left ({r['plan_ref']})"
        rows.append([*[r[c] for c in CARRIED_COLUMNS], "", r["coal_cut_ktce"], r["ramp_max"], ref])
    for c in cards:
        rows.append(
            [
                c["measure"], c["name_en"], c["name_zh"], c["sector"], c["activity_unit"],
                c["activity_unit_zh"], c["capex"], c["capex_low"], c["capex_high"], c["opex"],
                c["opex_low"], c["opex_high"], c["lifetime_yr"], "", "0", c["ramp_max"],
                c["plan_ref"],
            ]
        )  # fmt: skip
    return sorted(rows, key=lambda r: r[0])


def build_fyp14(folder: Path, out: Path | None = None, say: Callable = print) -> dict:
    """Derive the 14th-FYP tables of ``folder`` (its inputs and the 13th-FYP sibling)."""
    out = folder if out is None else out
    out.mkdir(parents=True, exist_ok=True)
    inp, prev, period = _inputs(folder), _previous(folder), read_period(folder)
    params = {r["name"]: float(r["value"]) for r in inp["parameters"]}
    base = _baseline(inp)
    gdp = _gdp(inp, period.base_year)
    grow = _growth(inp, gdp, period.base_year, params["BAU_ENERGY_INTENSITY_DECLINE"])
    units = _units(inp, prev, params)
    cards, new_removal, new_potential = _new_measures(inp, base)
    removal, potential = _carried(prev, inp)
    removal.update(new_removal)
    potential.update(new_potential)
    sector = {r["measure"]: r["sector"] for r in prev["measures"]}
    sector.update({c["measure"]: c["sector"] for c in cards})
    city = _city(base)
    removal = {k: v for k, v in removal.items() if city.get((sector[k[0]], k[1]), 0.0) > 0}
    potential = _capped(potential, removal, sector, base)
    totals = {q: sum(v for (s, p), v in city.items() if p == q) for q in POLLUTANTS}
    shares = round_shares({q: {s: v / totals[q] for (s, p), v in city.items() if p == q}
                           for q in POLLUTANTS})  # fmt: skip
    keep = {m for m, _q in removal} | {r["measure"] for r in prev["measures"]
                                        if float(r["coal_cut_ktce"])}  # fmt: skip
    tables = {
        "units": units,
        "zones": _zones(inp, units),
        "city_totals": [[q, sig(totals[q])] for q in POLLUTANTS],
        "sector_shares": [[q, s, fix6(v)] for q in POLLUTANTS for s, v in shares[q].items()],
        "baseline": [[c, s, q, sig(v)] for (c, s, q), v in sorted(base.items())],
        "growth": [[s, z, y, sig(v)] for (s, z, y), v in sorted(grow.items())],
        "macro": [[y, sig(gdp[y])] for y in sorted(gdp)],
        "measures": [r for r in _measure_rows(prev, cards) if r[0] in keep],
        "removals": [[m, q, sig(v)] for (m, q), v in sorted(removal.items()) if m in keep],
        "potentials": [[c, m, sig(v)] for (c, m), v in sorted(potential.items()) if m in keep],
        "cost_factors": [list(r.values()) for r in prev["cost_factors"]
                         if r["measure"] in keep and (r["code"], r["measure"]) in potential],
        "net_costs": [list(r.values()) for r in prev["net_costs"] if r["measure"] in keep],
    }  # fmt: skip
    tables["provenance"] = _provenance(inp, prev, cards, keep, tables)
    for name in COPIED:
        if out.resolve() != folder.resolve():
            (out / f"{name}.csv").write_bytes((folder / f"{name}.csv").read_bytes())
    for name, rows in tables.items():
        write_table(out, name, rows)
    return _report(tables, period, say)


def _provenance(inp: dict, prev: dict, cards: list[dict], keep: set, tables: dict) -> list:
    """The notes, the 13th dataset's rows of the carried measures, and the cards' grades."""
    rows: dict[Key, tuple[str, str]] = {
        (r["table"], r["column"], r["key"]): (r["grade"], r["source"])
        for r in inp["provenance_notes"]
    }
    pairs = {(r[0], r[1]) for r in tables["cost_factors"]}
    for r in prev["provenance"]:
        if r["table"] not in CARRIED_PROV:
            continue
        parts = r["key"].split("|")
        owned = r["key"] == "*" or parts[0] in keep or tuple(parts) in pairs
        if owned and (r["table"] != "measures" or r["column"] != "programme_qty"):
            source = "13th FYP dataset: " + r["source"]
            rows[r["table"], r["column"], r["key"]] = (r["grade"], source)
    for c in cards:
        for col in COST_COLUMNS:
            rows["measures", col, c["measure"]] = (c["cost_grade"], c["cost_source"])
        rows["measures", "coal_cut_ktce", c["measure"]] = ("assumed", NO_COAL)
    for r in inp["measure_removals"]:
        source = f"{r['share']} of the sector's 2020 city emissions over the city potential: "
        rows["removals", "removal_t", f"{r['measure']}|{r['pollutant']}"] = (
            r["grade"],
            source + r["source"],
        )
    for r in inp["gdp_growth"]:
        source = "cumulated from growth: " + r["source"]
        rows["macro", "gdp_index", r["year"]] = (r["grade"], source)
    return sorted([*k, g, s] for k, (g, s) in rows.items())  # fmt: skip


def _report(tables: dict, period, say: Callable) -> dict:
    """Key-project tonnes the full potentials could remove, against the plan's."""
    removal = {(r[0], r[1]): float(r[2]) for r in tables["removals"]}
    most: dict[str, float] = defaultdict(float)
    for _code, m, qty in tables["potentials"]:
        for q in POLLUTANTS:
            most[q] += float(qty) * max(0.0, removal.get((m, q), 0.0))
    say(f"{period.label()}: most the measures can remove by {period.last_year} (t/yr)")
    for q in POLLUTANTS:
        say(f"  {q:5s} {most[q]:>12,.0f}")
    return {q: most[q] for q in POLLUTANTS if not math.isnan(most[q])}
