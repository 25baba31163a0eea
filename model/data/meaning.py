"""Checks across tables that catch a plan that silently changed, or data without meaning.

Each rule once let a wrong run through as "targets met" (issue 13): a deleted target
row, two target rows for one pollutant, a removal of a pollutant the sector does not
emit, a removal per unit larger than the sector's emissions where the measure is
available. Disagreements that may be deliberate are warnings, not errors.
"""

from __future__ import annotations

import pandas as pd

from emisim.model.data.checks import Frames, Problems
from emisim.model.vocabulary import POLLUTANTS

#: Relative tolerance when comparing tonnes from different tables.
REL_TOL = 1e-6


def check_targets(p: Problems, frames: Frames) -> None:
    """Every target set has exactly one emission-cut row per pollutant (and year), and
    at most one row of every other kind per year."""
    t = frames["targets"]
    for i, r in enumerate(t.itertuples(index=False)):
        has = isinstance(r.pollutant, str)
        if (r.kind == "emission_cut") != has:
            what = "needs a pollutant" if r.kind == "emission_cut" else "takes no pollutant"
            p.error("targets", f"a {r.kind} target {what}", frame=t, i=i, column="pollutant")
    keys = t[["target_set", "kind", "pollutant", "year"]].astype(str)
    dup = keys.duplicated(keep="first")
    for i in dup.to_numpy().nonzero()[0]:
        r = t.iloc[int(i)]
        what = r["pollutant"] if r["kind"] == "emission_cut" else r["kind"]
        msg = f"a second {r['kind']} row for {what} in target set {r['target_set']!r} ({r['year']})"
        p.error("targets", msg, frame=t, i=int(i), column="pollutant")
    for target_set in sorted(set(t["target_set"])):
        cuts = t[(t["target_set"] == target_set) & (t["kind"] == "emission_cut")]
        missing = [q for q in POLLUTANTS if q not in set(cuts["pollutant"])]
        if missing:
            msg = (
                f"target set {target_set!r} has no emission_cut row for {', '.join(missing)}: "
                "every pollutant needs its city target (relative bands are multiples of it)"
            )
            p.error("targets", msg, column="pollutant")


def _emitted(frames: Frames) -> pd.Series:
    """Base-year tonnes by (code, sector, pollutant)."""
    return frames["baseline"].groupby(["code", "sector", "pollutant"])["emissions_t"].sum()


def _sector_emissions(frames: Frames) -> tuple[dict[str, str], pd.Series]:
    """Each measure's sector, and base-year tonnes by (sector, pollutant)."""
    measures = frames["measures"]
    sector_of = dict(zip(measures["measure"], measures["sector"], strict=True))
    return sector_of, _emitted(frames).groupby(level=["sector", "pollutant"]).sum()


def check_removed_pollutants(p: Problems, frames: Frames) -> None:
    """A measure removes only pollutants its sector emits somewhere."""
    removals = frames["removals"]
    sector_of, by_sector = _sector_emissions(frames)
    for i, r in enumerate(removals.itertuples(index=False)):
        sector = sector_of.get(r.measure)
        if sector is None or not r.removal_t > 0:
            continue
        if by_sector.get((sector, r.pollutant), 0.0) <= 0:
            msg = (
                f"measure {r.measure!r} removes {r.pollutant}, but its sector {sector!r} "
                f"emits no {r.pollutant} anywhere in baseline.csv"
            )
            p.error("removals", msg, frame=removals, i=i, column="pollutant")


def check_removal_bounds(p: Problems, frames: Frames) -> None:
    """One unit of a measure (or the whole potential where that is less) never removes
    more than its sector emits in a district where the measure is available, even after
    business-as-usual growth. (Pollutants the sector never emits are the check above.)"""
    removals = frames["removals"]
    sector_of, by_sector = _sector_emissions(frames)
    emitted = _emitted(frames)
    zone = dict(zip(frames["units"]["code"], frames["units"]["zone"], strict=True))
    growth = frames["growth"].groupby(["series", "zone"])["index"].max()
    available = _available(frames["potentials"])
    for i, r in enumerate(removals.itertuples(index=False)):
        sector = sector_of.get(r.measure)
        if sector is None or not r.removal_t > 0 or by_sector.get((sector, r.pollutant), 0) <= 0:
            continue
        for code, qty in available.get(r.measure, ()):
            most = emitted.get((code, sector, r.pollutant), 0.0)
            most *= max(1.0, float(growth.get((sector, zone.get(code)), 1.0)))
            first = r.removal_t * min(1.0, qty)
            if first > most * (1 + REL_TOL):
                msg = (
                    f"one unit of {r.measure!r} removes {first:,.6g} t {r.pollutant}, more than "
                    f"sector {sector!r} emits in unit {code} ({most:,.6g} t with growth)"
                )
                p.error("removals", msg, frame=removals, i=i, column="removal_t")
                break


def _available(potentials: pd.DataFrame) -> dict[str, list[tuple[str, float]]]:
    """(code, potential) of each measure where it is deployable, in file order: one pass
    over plain lists (a pandas filter per removal row copied the frame's ``attrs`` each
    time and cost most of a run's data loading)."""
    out: dict[str, list[tuple[str, float]]] = {}
    columns = (potentials[c].tolist() for c in ("code", "measure", "potential"))
    for code, measure, qty in zip(*columns, strict=True):
        if qty > 0:
            out.setdefault(measure, []).append((code, float(qty)))
    return out


def warn_disagreements(p: Problems, frames: Frames) -> None:
    """Warnings: potentials that remove more than the baseline (the model caps nothing
    there: growth may make room, or not). Baseline sums against city_totals.csv are an
    error beyond 1 % (:func:`emisim.model.data.magnitude.check_city_totals`)."""
    rm = frames["removals"].merge(frames["measures"][["measure", "sector"]], on="measure")
    rm = rm.merge(frames["potentials"], on="measure")
    rm["removable_t"] = rm["removal_t"] * rm["potential"]
    removable = rm.groupby(["code", "sector", "pollutant"])["removable_t"].sum()
    ratio = (removable / _emitted(frames).reindex(removable.index)).dropna()
    over = ratio[ratio > 1 + REL_TOL]
    if len(over):
        (code, sector, q), worst = over.idxmax(), float(over.max())
        p.warn(
            "potentials",
            f"in {len(over)} (unit, sector, pollutant) cells the full potentials remove more "
            f"than the base-year emissions (at most {worst:.2f}x: {code} {sector} {q})",
        )


#: Meaning checks: each runs when the tables it reads passed the structural checks.
def check_energy_balance(p: Problems, frames: Frames) -> None:
    """A unit's coal use is part of its primary energy: coal <= energy in every unit."""
    u = frames["units"]
    for i, r in enumerate(u.itertuples(index=False)):
        if r.coal_2015_ktce > r.energy_2015_ktce * (1 + REL_TOL):
            msg = (
                f"unit {r.code} ({r.name_en}): coal {r.coal_2015_ktce:,.6g} ktce exceeds its "
                f"primary energy {r.energy_2015_ktce:,.6g} ktce (coal is part of primary energy)"
            )
            p.error("units", msg, frame=u, i=i, column="coal_2015_ktce")


MEANING = (check_targets, check_removed_pollutants, check_removal_bounds, check_energy_balance)
WARNINGS = (warn_disagreements,)
