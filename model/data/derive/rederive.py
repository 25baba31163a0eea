"""Re-derive the tables that depend on the baseline, from a user's edited baseline.

A planning institute that replaces ``baseline.csv`` with official district statistics
runs ``emisim data derive FOLDER``: the city totals and sector shares become the sums of
the new baseline, the removals of enterprise programmes (formulas of the sector's city
emissions) and every measure's potential (a share of the sector's emissions, or a plant's
capacity) follow it. The baseline, units, growth, measures and the user's provenance rows
for them are kept as they are; the re-derived tables get provenance rows saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from emisim.model.data.derive import costs, emissions, measures, plants, units
from emisim.model.data.derive.csvio import fix6, read, sig, write_csv, write_table
from emisim.model.data.derive.inputs import read_inputs
from emisim.model.data.derive.provenance import card_provenance
from emisim.model.errors import DataError
from emisim.model.vocabulary import BASE_YEAR, POLLUTANTS

REDERIVED = ("city_totals", "sector_shares", "removals", "potentials")
NOTE = "derived by `emisim data derive` from baseline.csv (sum over units)"


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


def _provenance(folder: Path, cards: list[measures.Measure], inp) -> list[list[str]]:
    """The folder's provenance.csv, with the re-derived tables' rows replaced."""
    rows = {
        (r["table"], r["column"], r["key"]): (r["grade"], r["source"])
        for r in read(folder / "provenance.csv")
        if r["table"] not in REDERIVED
    }
    rows[("city_totals", "total_2015_t", "*")] = ("derived", NOTE)
    rows[("sector_shares", "share", "*")] = ("derived", NOTE + ", divided by the city total")
    rows[("potentials", "potential", "*")] = (
        "derived",
        "programme quantity (or technical potential) x headroom x the unit's share of the "
        "sector's emissions in baseline.csv, or the unit's plant capacity",
    )
    rows.update({k: v for k, v in card_provenance(cards, inp).items() if k[0] == "removals"})
    return [[t, c, k, g, s] for (t, c, k), (g, s) in sorted(rows.items())]


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
    plant_list = plants.base_year_plants(inp, BASE_YEAR)
    cards, removals, pots = measures.from_baseline(inp, base, plant_list, units.codes_of(inp))
    out.mkdir(parents=True, exist_ok=True)
    write_table(out, "city_totals", [[p, sig(totals[p])] for p in POLLUTANTS])
    rows = [[p, s, fix6(v)] for p in POLLUTANTS for s, v in shares[p].items()]
    write_table(out, "sector_shares", rows)
    write_table(out, "removals", [[m, p, sig(v)] for (m, p), v in sorted(removals.items())])
    write_table(out, "potentials", [[c, m, sig(v)] for (c, m), v in sorted(pots.items())])
    write_table(out, "provenance", _provenance(folder, cards, inp))
    write_csv(out, "cost_per_tonne", costs.COLUMNS.split(","), costs.cost_rows(inp, cards))
    written = [*REDERIVED, "provenance", "cost_per_tonne"]
    say(f"re-derived {', '.join(written)} in {out} from its baseline.csv")
    return written
