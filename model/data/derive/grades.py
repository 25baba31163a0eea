"""Grades of derived cells: the weakest grade among a cell's inputs wins.

Grades from strongest to weakest: sourced, derived, recalled, assumed. A computed cell
is at best *derived*: computed from sourced inputs it is derived, from a recalled input
recalled, from an assumed input assumed, and its provenance says which input set it.
The same functions serve the full build and ``emisim data derive``, so re-deriving an
unchanged folder reproduces its provenance rows byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from emisim.model.data.derive.inputs import Inputs

ORDER = ("sourced", "derived", "recalled", "assumed")
Key = tuple[str, str, str]
Rows = dict[Key, tuple[str, str]]
#: the grade of each district quantity a proxy rule may name
PROXY_BASE = {"co2": ("units", "co2_2015_mt"), "pop": ("units", "population_2015")}
TOKEN = re.compile(r"\b(E|EF)_([a-z_]+?)_(COD|NH3N|SO2|NOX|VOC)\b")


def weakest(grades: Iterable[str]) -> str:
    """The grade of a cell computed from inputs of these grades (at best 'derived')."""
    return ORDER[max(ORDER.index(g) for g in (*grades, "derived"))]


def weaker(grades: Iterable[str]) -> str:
    """The weakest of these grades (no floor: an authored grade stands as it is)."""
    return ORDER[max(ORDER.index(g) for g in grades)]


def grade_of(rows: Rows, table: str, column: str, key: str) -> str:
    """A cell's grade: its own row, else the column's ``*`` row."""
    return rows.get((table, column, key), rows.get((table, column, "*"), ("assumed", "")))[0]


def compact(table: str, column: str, cells: dict[str, tuple[str, str]], star: str) -> Rows:
    """A ``*`` row with the most common grade (and ``star`` as its source) plus one row per
    cell whose grade differs from it."""
    if not cells:
        return {}
    counts: dict[str, int] = {}
    for g, _ in cells.values():
        counts[g] = counts.get(g, 0) + 1
    common = max(ORDER, key=lambda g: (counts.get(g, 0), -ORDER.index(g)))
    out: Rows = {(table, column, "*"): (common, star.format(grade=common))}
    out.update({(table, column, k): v for k, v in sorted(cells.items()) if v[0] != common})
    return out


def proxy_grades(inp: Inputs, rows: Rows) -> dict[str, tuple[str, str]]:
    """sector -> (grade, why) of its district split: the proxy quantity of every unit (a
    unit's share depends on all units' values), zone weights other than 1, the plan's
    category weights and the site multipliers or single sites it uses."""
    codes = [u["code"] for u in inp["unit_sources"]]
    weighted = {r["sector"] for r in inp["category_weights"]}
    out = {}
    for rule in inp["sector_proxies"]:
        s, kind = rule["sector"], rule["proxy"]
        parts: list[tuple[str, str]] = []
        if kind in PROXY_BASE:
            t, col = PROXY_BASE[kind]
            parts += [(grade_of(rows, t, col, c), f"{t}.{col}") for c in codes]
        elif kind == "power_plants":
            parts.append(("sourced", "coal-plant capacity (Global Power Plant Database)"))
        elif kind == "sites":
            parts += [(r["grade"], "inputs/sites.csv") for r in inp["sites"] if r["sector"] == s]
        if len({rule[z] for z in ("main_urban", "new_urban", "northeast", "southeast")}) > 1:
            parts.append(("assumed", "zone weights (inputs/sector_proxies.csv)"))
        if s in weighted:
            parts.append(("assumed", "category weights (inputs/category_weights.csv)"))
        parts += [
            (r["grade"], "site multipliers") for r in inp["site_multipliers"] if r["sector"] == s
        ]
        g = weakest(p[0] for p in parts)
        why = sorted({w for pg, w in parts if pg == g}) if g != "derived" else []
        out[s] = (g, ", ".join(why))
    return out


def baseline_rows(inp: Inputs, rows: Rows, base: Iterable[tuple[str, str, str]], note: str) -> Rows:
    """Provenance of every baseline cell = city total x sector share x district share."""
    proxy = proxy_grades(inp, rows)
    cells = {}
    for c, s, p in base:
        parts = {
            "city total": grade_of(rows, "city_totals", "total_2015_t", p),
            "sector share": grade_of(rows, "sector_shares", "share", f"{p}|{s}"),
            "district split": proxy[s][0],
        }
        g = weakest(parts.values())
        set_by = [n for n, pg in parts.items() if pg == g] if g != "derived" else []
        why = f"; {proxy[s][1]}" if "district split" in set_by and proxy[s][1] else ""
        weakest_part = f"{g}: weakest input {' and '.join(set_by)}{why}" if set_by else g
        cells[f"{c}|{s}|{p}"] = (g, f"{weakest_part}. {note}")
    return compact("baseline", "emissions_t", cells, "{grade} (the weakest input of each "
                   "cell; cells of another grade have their own row). " + note)  # fmt: skip


def sector_grade(rows: Rows, base: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], str]:
    """(sector, pollutant) -> weakest grade of its baseline cells."""
    out: dict[tuple[str, str], list[str]] = {}
    for c, s, p in base:
        out.setdefault((s, p), []).append(grade_of(rows, "baseline", "emissions_t", f"{c}|{s}|{p}"))
    return {k: weakest(v) for k, v in out.items()}


def removal_rows(inp: Inputs, sector_g: dict[tuple[str, str], str]) -> Rows:
    """A removal's grade: its authored grade, weakened by the baseline sectors its formula
    reads (``E_<sector>_<p>``, ``EF_<sector>_<p>``)."""
    out: Rows = {}
    for r in inp["measure_removals"]:
        used = sorted({(s, p) for _, s, p in TOKEN.findall(r["formula"])})
        g = weaker([r["grade"], *(sector_g.get(k, "assumed") for k in used)])
        src = r["source"]
        if g != r["grade"]:
            names = ", ".join(f"{s} {p}" for s, p in used)
            src = f"{src} [{g}: reads the baseline of {names}, graded {g}]"
        out[("removals", "removal_t", f"{r['measure']}|{r['pollutant']}")] = (g, src)
    return out


def potential_rows(
    inp: Inputs, rows: Rows, pots: Iterable[tuple[str, str]], cards: dict[str, dict]
) -> Rows:
    """A potential's grade: the programme quantity's (or technical potential's) and the
    unit's baseline cell of the sector's main pollutant, or plant capacity (GPPD)."""
    cells = {}
    for c, m in pots:
        card = cards[m]
        rule = card["potential_rule"]
        if rule.startswith("plants:"):
            share, what = "sourced", "plant capacity (Global Power Plant Database)"
        elif rule != "emissions":  # e.g. 'retrofit': plants by an assumed control class
            share, what = "assumed", f"the plants of potential rule '{rule}' (assumed classes)"
        else:
            key = f"{c}|{card['sector']}|{card['main_pollutant']}"
            share, what = grade_of(rows, "baseline", "emissions_t", key), f"baseline {key}"
        qty = card["qty_grade"] or "assumed"  # a stated technical potential is an estimate
        g = weakest([qty, share])
        cells[f"{c}|{m}"] = (g, f"{g}: quantity ({qty}) x share from {what}")
    star = (
        "{grade}: programme quantity (or stated technical potential) x headroom x the unit's "
        "share of the sector's emissions of the measure's main pollutant (or its plant "
        "capacity); the weakest input sets the grade, cells of another grade have their own row"
    )
    return compact("potentials", "potential", cells, star)
