"""Re-derive the tables that depend on the baseline, from a user's edited baseline.

A planning institute that replaces ``baseline.csv`` with official district statistics
runs ``emisim data derive FOLDER``: the city totals and sector shares become the sums of
the new baseline, the removals of enterprise programmes (formulas of the sector's city
emissions) and every measure's potential (a share of the sector's emissions, or a plant's
capacity) follow it. The baseline, units, growth, measures and the user's provenance rows
for them are kept as they are; the re-derived tables get provenance rows saying so.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from emisim.model.data.derive import costs, emissions, grades, measures, plants, units
from emisim.model.data.derive.csvio import fix6, read, sig, write_csv, write_table
from emisim.model.data.derive.inputs import read_inputs
from emisim.model.data.derive.provenance import dependent_rows
from emisim.model.data.period import read_period
from emisim.model.errors import DataError
from emisim.model.vocabulary import POLLUTANTS

REDERIVED = ("city_totals", "sector_shares", "removals", "potentials")
NOTE = (
    "re-derived by `emisim data derive` from baseline.csv (sum over units); "
    "the weakest grade of the cells summed"
)


def _baseline(folder: Path) -> dict[tuple[str, str, str], float]:
    out = {}
    for i, r in enumerate(read(folder / "baseline.csv"), start=2):
        try:
            out[(r["code"], r["sector"], r["pollutant"])] = float(r["emissions_t"])
        except (KeyError, ValueError):
            raise DataError(
                folder / "baseline.csv", "expected a number", row=i, column="emissions_t"
            ) from None
    return out


def _provenance(
    folder: Path, inp, base: dict, tables: dict[str, list[list]], pots: dict
) -> list[list[str]]:
    """The folder's provenance.csv with the re-derived tables' rows brought up to date.

    A city total or sector share whose value did not change keeps its row (and grade); a
    changed one gets the weakest grade of the baseline cells it sums. Removals and
    potentials get the weakest grade of their inputs, as in the full build."""
    rows = {
        (r["table"], r["column"], r["key"]): (r["grade"], r["source"])
        for r in read(folder / "provenance.csv")
        if r["table"] not in ("removals", "potentials") or r["key"] == "*"
    }
    by_cell: dict[tuple[str, str], list[str]] = {}
    for c, s, p in base:
        g = grades.grade_of(rows, "baseline", "emissions_t", f"{c}|{s}|{p}")
        by_cell.setdefault((p, "*"), []).append(g)
        by_cell.setdefault((p, s), []).append(g)
    for name, column, width in (("city_totals", "total_2015_t", 1), ("sector_shares", "share", 2)):
        old = {tuple(r[:width]): r[width] for r in _rows(folder / f"{name}.csv")}
        new = {tuple(r[:width]): str(r[width]) for r in tables[name]}
        for k in set(old) - set(new):
            rows.pop((name, column, "|".join(k)), None)
        for k, v in new.items():
            if old.get(k) != v:
                g = grades.weakest(by_cell[(k[0], k[1] if width == 2 else "*")])
                rows[(name, column, "|".join(k))] = (g, f"{g}: {NOTE}")
    rows.update(dependent_rows(inp, rows, base, pots))
    return [[t, c, k, g, s] for (t, c, k), (g, s) in sorted(rows.items())]


def _rows(file: Path) -> list[list[str]]:
    if not file.is_file():
        return []
    with file.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))[1:]


def rederive(folder: Path, out: Path | None = None, say: Callable = print) -> list[str]:
    """Rewrite the baseline-dependent tables of ``folder`` (or write them to ``out``)."""
    out = folder if out is None else out
    inp = read_inputs(folder)
    base = {k: v for k, v in _baseline(folder).items() if v > 0}
    totals = {p: sum(v for k, v in base.items() if k[2] == p) for p in POLLUTANTS}
    city_sector = measures.city_by_sector(base)
    raw: dict[str, dict[str, float]] = {p: {} for p in POLLUTANTS}
    for (s, p), v in city_sector.items():
        raw[p][s] = v / totals[p]
    shares = emissions.round_shares(raw)
    plant_list = plants.base_year_plants(inp, read_period(folder).base_year)
    cards, removals, pots = measures.from_baseline(inp, base, plant_list, units.codes_of(inp))
    tables = {
        "city_totals": [[p, sig(totals[p])] for p in POLLUTANTS],
        "sector_shares": [[p, s, fix6(v)] for p in POLLUTANTS for s, v in shares[p].items()],
        "removals": [[m, p, sig(v)] for (m, p), v in sorted(removals.items())],
        "potentials": [[c, m, sig(v)] for (c, m), v in sorted(pots.items())],
    }
    tables["provenance"] = _provenance(folder, inp, base, tables, pots)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        write_table(out, name, rows)
    write_csv(out, "cost_per_tonne", costs.COLUMNS.split(","), costs.cost_rows(inp, cards))
    written = [*REDERIVED, "provenance", "cost_per_tonne"]
    say(f"re-derived {', '.join(written)} in {out} from its baseline.csv")
    return written
