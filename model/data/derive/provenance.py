"""provenance.csv: the authored notes plus one row per measure-card cell and removal.

The notes (``inputs/provenance_notes.csv``) grade the authored tables and the inputs of
the derived ones; the cards carry their own grades and sources, so a changed card changes
its provenance. The baseline, the removals and the potentials get the weakest grade of
their inputs (:mod:`emisim.model.data.derive.grades`).
"""

from __future__ import annotations

from collections.abc import Iterable

from emisim.model.data.derive import grades
from emisim.model.data.derive.inputs import Inputs
from emisim.model.data.derive.measures import Measure

Key = tuple[str, str, str]
BaseKey = tuple[str, str, str]


def card_provenance(measures: list[Measure], inp: Inputs) -> dict[Key, tuple[str, str]]:
    """(table, column, key) -> (grade, source) of every measure-card cell."""
    out: dict[Key, tuple[str, str]] = {}
    for m in measures:
        c = m.card
        for col in ("capex_yuan", "capex_low", "capex_high"):
            out[("measures", col, m.id)] = (c["capex_grade"], c["capex_source"])
        for col in ("opex_yuan_yr", "opex_low", "opex_high"):
            out[("measures", col, m.id)] = (c["opex_grade"], c["opex_source"])
        if m.numbers["programme_qty"] is not None:
            out[("measures", "programme_qty", m.id)] = (c["qty_grade"], c["qty_source"])
        if m.numbers["coal_cut_ktce"]:
            out[("measures", "coal_cut_ktce", m.id)] = (c["coal_grade"], c["coal_source"])
    return out


def dependent_rows(
    inp: Inputs, rows: grades.Rows, base: Iterable[BaseKey], pots: Iterable[tuple[str, str]]
) -> grades.Rows:
    """Removal and potential rows that follow the baseline's grades in ``rows``."""
    base = list(base)
    sector_g = grades.sector_grade(rows, base)
    cards = {r["measure"]: r for r in inp["measure_cards"]}
    out = grades.removal_rows(inp, sector_g)
    out.update(grades.potential_rows(inp, rows, pots, cards))
    return out


def provenance_rows(
    measures: list[Measure],
    inp: Inputs,
    factors: dict[tuple[str, str], tuple[str, str]],
    base: Iterable[BaseKey],
    pots: Iterable[tuple[str, str]],
) -> list[list[str]]:
    """All rows, sorted by (table, column, key); ``factors``: (unit, measure) -> (grade,
    source) of each cost factor (its rules')."""
    rows = {
        (r["table"], r["column"], r["key"]): (r["grade"], r["source"])
        for r in inp["provenance_notes"]
    }
    rows.update(card_provenance(measures, inp))
    rows.update({("cost_factors", "factor", f"{c}|{k}"): v for (c, k), v in factors.items()})
    note = rows.pop(("baseline", "emissions_t", "*"))[1]
    rows.pop(("potentials", "potential", "*"), None)
    base = list(base)
    rows.update(grades.baseline_rows(inp, rows, base, note))
    rows.update(dependent_rows(inp, rows, base, pots))
    return [[t, c, k, g, s] for (t, c, k), (g, s) in sorted(rows.items())]
