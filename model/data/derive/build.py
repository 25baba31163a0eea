"""Derive the model's tables of a dataset folder from its authored inputs.

Authored (read, copied unchanged): period, zones, groups, categories, guidance, targets, sectors
and everything in ``inputs/`` and ``sources/``. Derived (written): units, city_totals,
sector_shares, baseline, growth, macro, measures, removals, potentials, cost_factors,
provenance.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from emisim.model.data.derive import (
    checks,
    costs,
    district_totals,
    emissions,
    factors,
    measures,
    netcosts,
    plant_report,
    plants,
    units,
)  # fmt: skip
from emisim.model.data.derive.csvio import fix6, sig, write_csv, write_table
from emisim.model.data.derive.inputs import (
    AUTHORED_TABLES,
    INPUTS,
    OPTIONAL_AUTHORED,
    SOURCES,
    Inputs,
    read_inputs,
)
from emisim.model.data.derive.provenance import provenance_rows
from emisim.model.data.period import read_period
from emisim.model.vocabulary import POLLUTANTS

#: proxy kinds of point sources, whose place is known (never re-scaled to a district total)
POINT_PROXIES = ("power_plants", "sites")


def _quiet(*_a: object) -> None:
    return None


def build(folder: Path, out: Path | None = None, say: Callable = _quiet) -> dict:
    """Derive the tables of dataset ``folder`` into ``out`` (default: in place)."""
    out = folder if out is None else out
    inp = read_inputs(folder)
    period = read_period(folder)
    base_year = period.base_year
    guidance = {(r["subject"], r["family"]): r["category"] for r in inp["guidance"]}
    gdp = emissions.gdp_path(inp, base_year)
    pop = units.population(inp)
    co2 = units.co2(inp, pop)
    plant_list = plants.base_year_plants(inp, base_year)
    plant_years = plants.plant_years(inp, plant_list)
    plant_coal = plants.by_unit(plant_years, lambda y: y.coal_ktce)
    bases = emissions.proxy_bases(inp, pop, co2, plant_coal)
    proxies = emissions.proxy_shares(inp, bases, guidance)
    coal_u, energy_u, energy_city = units.coal_and_energy(inp, co2, proxies, gdp)
    totals = emissions.city_totals(inp)
    shares = emissions.sector_shares(inp, plants.plant_names(inp, plant_years))
    base = emissions.baseline(inp, totals, shares, proxies, plants.point_shares(plant_years))
    point_sectors = {r["sector"] for r in inp["sector_proxies"] if r["proxy"] in POINT_PROXIES}
    base = district_totals.pin(base, district_totals.read_totals(inp), point_sectors)
    grow = emissions.growth(inp, gdp, base_year)
    cards, removals, pots = measures.from_baseline(inp, base, plant_list, units.codes_of(inp))
    factor_rows, factor_prov = factors.cost_factors(inp, cards, plant_list, units.zone_of(inp))
    net_rows, net_prov = netcosts.net_costs(inp, {m.id for m in cards})
    prov = provenance_rows(cards, inp, factor_prov, base, pots)
    tables = {
        "units": _unit_rows(inp, pop, co2, coal_u, energy_u),
        "city_totals": [[p, sig(totals[p])] for p in POLLUTANTS],
        "sector_shares": [[p, s, fix6(v)] for p in POLLUTANTS for s, v in shares[p].items()],
        "baseline": [[c, s, p, sig(v)] for (c, s, p), v in sorted(base.items())],
        "growth": [[s, z, y, sig(v)] for (s, z, y), v in sorted(grow.items())],
        "macro": [[y, sig(gdp[y])] for y in sorted(gdp)],
        "measures": measures.measure_rows(cards),
        "removals": [[m, p, sig(v)] for (m, p), v in sorted(removals.items())],
        "potentials": [[c, m, sig(v)] for (c, m), v in sorted(pots.items())],
        "cost_factors": factor_rows,
        "net_costs": net_rows,
        "provenance": sorted(prov + [[*k, g, src] for k, (g, src) in net_prov.items()]),
    }
    mine = [r for r in inp["targets"] if r["target_set"] == period.target_set]
    targets = {r["target"]: float(r["value"]) for r in mine}
    derived = checks.Derived(
        units.codes_of(inp), units.zone_of(inp), base, grow, pots, removals,
        {m.id: m for m in cards}, inp["sectors"], coal_u, energy_city, gdp, guidance, targets,
    )  # fmt: skip
    ratio = inp.params["FEASIBILITY_MIN_RATIO"]
    report = {
        "rows": checks.pollutant_rows(derived, ratio, say),
        "coal": checks.coal_row(derived, ratio, say),
        "per_unit": checks.per_unit(derived, say),
        "plan_consistency": checks.plan_consistency(derived, say),
    }
    _write(inp, out, tables)
    write_csv(out, "cost_per_tonne", costs.COLUMNS.split(","), costs.cost_rows(inp, cards))
    write_csv(out, "power_plants", *plant_report.report(inp, plant_years, cards))
    say(f"\nwrote {len(tables['provenance'])} provenance rows and all tables to {out}")
    return report


def _unit_rows(inp: Inputs, pop: dict, co2: dict, coal: dict, energy: dict) -> list[list]:
    rows = []
    for u in inp["unit_sources"]:
        c = u["code"]
        row = [c, u["name_zh"], u["name_en"], u["zone"], pop[c], sig(round(co2[c], 6))]
        rows.append([*row, sig(coal[c]), sig(energy[c])])
    return sorted(rows, key=lambda r: r[0])


def _write(inp: Inputs, out: Path, tables: dict[str, list[list]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if out.resolve() != inp.folder.resolve():
        for name in AUTHORED_TABLES:
            shutil.copyfile(inp.folder / f"{name}.csv", out / f"{name}.csv")
        for name in OPTIONAL_AUTHORED:  # not read by the derivation: copied when present
            if (inp.folder / f"{name}.csv").is_file():
                shutil.copyfile(inp.folder / f"{name}.csv", out / f"{name}.csv")
        for sub in (INPUTS, SOURCES):
            shutil.copytree(inp.folder / sub, out / sub, dirs_exist_ok=True)
    for name, rows in tables.items():
        write_table(out, name, rows)
