"""Measure cards -> the model's measures, removals and potentials tables.

A card (``inputs/measure_cards.csv``) holds one measure's costs (central, low, high),
lifetime, programme quantity or technical potential, headroom, coal cut, ramp and plan
reference, each with its grade and source. Removals (``inputs/measure_removals.csv``)
are formulas of the process: they may use any parameter, ``E_<sector>_<pollutant>``
(city 2015 emissions of a sector, t) and ``EF_<sector>_<pollutant>`` (t per ktce of the
sector's coal), so an enterprise programme's removal follows the baseline it acts on.
Potential in a unit = (programme quantity or technical potential) x headroom x the unit's
share of the sector's emissions of the measure's main pollutant, rounded up.
"""

from __future__ import annotations

from dataclasses import dataclass

from emisim.model.data.derive.csvio import fix6, sig, sig_up
from emisim.model.data.derive.formula import evaluate
from emisim.model.data.derive.inputs import Inputs
from emisim.model.data.derive.plants import (
    Plant,
    by_unit,
    capacity_by_unit,
    plant_names,
    plant_years,
    retrofit_groups,
)  # fmt: skip

CARDS = "inputs/measure_cards.csv"
COSTS = ("capex", "capex_low", "capex_high", "opex", "opex_low", "opex_high")


@dataclass(frozen=True)
class Measure:
    """One evaluated card: numbers are floats, removals t/yr per activity unit."""

    card: dict[str, str]
    numbers: dict[str, float | None]
    removals: dict[str, float]

    @property
    def id(self) -> str:
        return self.card["measure"]

    @property
    def basis(self) -> float:
        """Programme quantity, or the technical potential where the plan gives none."""
        q = self.numbers["programme_qty"]
        return q if q is not None else self.numbers["technical_potential"]


def formula_names(
    inp: Inputs, city_sector: dict, coal_sector: dict, plant_list: list[Plant]
) -> dict[str, float]:
    """Names a formula may use: parameters, E_<sector>_<p>, EF_<sector>_<p>, POWER_MW (coal
    capacity in the base year), POWER_MW_ULTRA_LOW_ELIGIBLE (plants >= ULTRA_LOW_MIN_MW),
    PLANTS_<P>_T and ULTRA_LOW_SHARE_<P> (from the plants' own rows)."""
    names = {**inp.params, **plant_names(inp, plant_years(inp, plant_list))}
    names["POWER_MW"] = sum(capacity_by_unit(plant_list).values())
    eligible = capacity_by_unit(plant_list, names["ULTRA_LOW_MIN_MW"])
    names["POWER_MW_ULTRA_LOW_ELIGIBLE"] = sum(eligible.values())
    for (s, p), v in city_sector.items():
        names[f"E_{s}_{p}"] = v
    for s, coal in coal_sector.items():
        for p in ("SO2", "NOX"):
            names[f"EF_{s}_{p}"] = city_sector.get((s, p), 0.0) / coal
    return names


def evaluate_cards(inp: Inputs, names: dict[str, float]) -> list[Measure]:
    """Every card's numbers and removals evaluated."""
    removals: dict[str, dict[str, float]] = {}
    for i, r in enumerate(inp["measure_removals"], start=2):
        where = f"inputs/measure_removals.csv row {i}"
        removals.setdefault(r["measure"], {})[r["pollutant"]] = evaluate(r["formula"], names, where)
    out = []
    numeric = (*COSTS, "programme_qty", "technical_potential", "headroom", "coal_cut_ktce")
    for i, card in enumerate(inp["measure_cards"], start=2):
        where = f"{CARDS} row {i}"
        nums = {
            k: (evaluate(card[k], names, f"{where} column {k}") if card[k] else None)
            for k in numeric
        }
        for k in ("capex", "opex"):
            lo, mid, hi = nums[f"{k}_low"], nums[k], nums[f"{k}_high"]
            if not lo <= mid <= hi:
                raise ValueError(f"{where}: expected {k}_low <= {k} <= {k}_high")
        out.append(Measure(card, nums, removals.get(card["measure"], {})))
    return out


def measure_rows(measures: list[Measure]) -> list[list]:
    """Rows of measures.csv."""
    rows = []
    for m in measures:
        c, n = m.card, m.numbers
        rows.append(
            [
                m.id, c["name_en"], c["name_zh"], c["sector"], c["activity_unit"],
                c["activity_unit_zh"],
                *(sig(n[k]) for k in COSTS), c["lifetime_yr"],
                sig(n["programme_qty"]) if n["programme_qty"] is not None else None,
                sig(n["coal_cut_ktce"] or 0.0), fix6(float(c["ramp_max"])), c["plan_ref"],
            ]
        )  # fmt: skip
    return sorted(rows, key=lambda r: r[0])


def removal_rows(measures: list[Measure]) -> dict[tuple[str, str], float]:
    """(measure, pollutant) -> t/yr per activity unit, as written (6 significant digits)."""
    return {(m.id, p): float(sig(v)) for m in measures for p, v in sorted(m.removals.items())}


def potentials(
    measures: list[Measure],
    base: dict[tuple[str, str, str], float],
    codes: list[str],
    plant_list: list[Plant],
    names: dict[str, float],
    retrofit_mw: dict[str, dict[str, float]],
) -> dict[tuple[str, str], float]:
    """(unit, measure) -> activity units available. Rule ``emissions``: the basis split by
    the unit's share of the sector's main-pollutant emissions; ``plants:MIN``: the MW of
    the unit's coal plants of at least MIN MW (a plant's capacity stays in its unit);
    ``retrofit``: the MW of the unit's plants whose controls row names the measure."""
    out = {}
    for m in measures:
        rule = m.card["potential_rule"]
        if rule == "retrofit":
            for c, mw in retrofit_mw.get(m.id, {}).items():
                out[(c, m.id)] = float(sig_up(mw * m.numbers["headroom"]))
            continue
        if rule.startswith("plants:"):
            min_mw = evaluate(rule.split(":", 1)[1], names, f"{CARDS} ({m.id})")
            for c, mw in capacity_by_unit(plant_list, min_mw).items():
                out[(c, m.id)] = float(sig_up(mw * m.numbers["headroom"]))
            continue
        s, p0 = m.card["sector"], m.card["main_pollutant"]
        tot = sum(v for (c, ss, p), v in base.items() if ss == s and p == p0)
        for c in codes:
            e = base.get((c, s, p0), 0.0)
            if e > 0:
                out[(c, m.id)] = float(sig_up(m.basis * m.numbers["headroom"] * e / tot))
    return out


def city_by_sector(base: dict[tuple[str, str, str], float]) -> dict[tuple[str, str], float]:
    """(sector, pollutant) -> city emissions, summed over units in the baseline's order."""
    out: dict[tuple[str, str], float] = {}
    for (_c, s, p), v in base.items():
        out[(s, p)] = out.get((s, p), 0.0) + v
    return out


def from_baseline(
    inp: Inputs, base: dict[tuple[str, str, str], float], plant_list: list[Plant], codes: list[str]
) -> tuple[list[Measure], dict[tuple[str, str], float], dict[tuple[str, str], float]]:
    """(evaluated cards, removals, potentials) for a baseline: what follows the baseline."""
    coal_sector = {
        r["sector"]: inp.params["COAL_CITY_KTCE"] * float(r["share"])
        for r in inp["coal_sector_shares"]
    }
    names = formula_names(inp, city_by_sector(base), coal_sector, plant_list)
    cards = evaluate_cards(inp, names)
    groups = retrofit_groups(plant_years(inp, plant_list))
    mw = {m: by_unit(g, lambda y: y.plant.capacity_mw) for m, g in groups.items()}
    return cards, removal_rows(cards), potentials(cards, base, codes, plant_list, names, mw)
