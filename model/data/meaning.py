"""Checks across tables that catch a plan that silently changed, or data without meaning.

Each rule once let a wrong run through as "targets met" (issue 13): a deleted target
row, two target rows for one pollutant, a removal of a pollutant the sector does not
emit, a removal per unit larger than the sector's emissions where the measure is
available. Disagreements that may be deliberate are warnings, not errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from emisim.model.data.checks import Frames, Problems
from emisim.model.data.observed import check_observed
from emisim.model.vocabulary import POLLUTANTS

#: Relative tolerance when comparing tonnes from different tables.
REL_TOL = 1e-6


#: Target kinds that belong to one pollutant.
POLLUTANT_KINDS = ("emission_cut", "key_project_t")


def check_targets(p: Problems, frames: Frames) -> None:
    """Every target set of emission cuts has exactly one per pollutant (and year), a set
    of key-project tonnes at most one per pollutant, and at most one row of every other
    kind per year."""
    t = frames["targets"]
    for i, r in enumerate(t.itertuples(index=False)):
        has = isinstance(r.pollutant, str)
        if (r.kind in POLLUTANT_KINDS) != has:
            what = "needs a pollutant" if r.kind in POLLUTANT_KINDS else "takes no pollutant"
            p.error("targets", f"a {r.kind} target {what}", frame=t, i=i, column="pollutant")
    keys = t[["target_set", "kind", "pollutant", "year"]].astype(str)
    dup = keys.duplicated(keep="first")
    for i in dup.to_numpy().nonzero()[0]:
        r = t.iloc[int(i)]
        what = r["pollutant"] if r["kind"] in POLLUTANT_KINDS else r["kind"]
        msg = f"a second {r['kind']} row for {what} in target set {r['target_set']!r} ({r['year']})"
        p.error("targets", msg, frame=t, i=int(i), column="pollutant")
    for target_set in sorted(set(t["target_set"])):
        cuts = t[(t["target_set"] == target_set) & (t["kind"] == "emission_cut")]
        if cuts.empty and (t.loc[t["target_set"] == target_set, "kind"] == "key_project_t").any():
            continue  # key-project tonnes: the plan names the pollutants it counts
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


@dataclass(frozen=True)
class Excess:
    """One unit of a measure (or its whole potential, where less) removes more than its
    sector emits in a unit where the measure is deployable."""

    i: int  # the removals.csv row (position)
    measure: str
    pollutant: str
    sector: str
    code: str
    first: float  # t removed by the first unit (or the whole potential)
    most: float  # t the sector emits there, with growth
    j: int  # the potentials.csv row (position) of (code, measure)
    has_row: bool  # False: baseline.csv has no row for (code, sector, pollutant)


def removal_excesses(frames: Frames) -> Iterator[Excess]:
    """Every removal row's first excess (in potentials.csv order), if any. Pollutants the
    sector never emits are :func:`check_removed_pollutants`'s."""
    removals = frames["removals"]
    sector_of, by_sector = _sector_emissions(frames)
    # plain dicts: a pandas look-up per (removal, unit) cost most of a run's data checks
    emitted = _emitted(frames).to_dict()
    zone = dict(zip(frames["units"]["code"], frames["units"]["zone"], strict=True))
    growth = frames["growth"].groupby(["series", "zone"])["index"].max().to_dict()
    available = _available(frames["potentials"])
    for i, r in enumerate(removals.itertuples(index=False)):
        sector = sector_of.get(r.measure)
        if sector is None or not r.removal_t > 0 or by_sector.get((sector, r.pollutant), 0) <= 0:
            continue
        for code, qty, j in available.get(r.measure, ()):
            key = (code, sector, r.pollutant)
            most = emitted.get(key, 0.0)
            most *= max(1.0, float(growth.get((sector, zone.get(code)), 1.0)))
            first = r.removal_t * min(1.0, qty)
            if first > most * (1 + REL_TOL):
                yield Excess(
                    i, r.measure, r.pollutant, sector, code, first, most, j, key in emitted
                )
                break


def check_removal_bounds(p: Problems, frames: Frames) -> None:
    """One unit of a measure (or the whole potential where that is less) never removes
    more than its sector emits in a district where the measure is available, even after
    business-as-usual growth. (Where baseline.csv has no row there at all, the missing row
    is :func:`check_baseline_cells`'s.)"""
    removals = frames["removals"]
    for x in removal_excesses(frames):
        if x.has_row:
            msg = (
                f"one unit of {x.measure!r} removes {x.first:,.6g} t {x.pollutant}, more than "
                f"sector {x.sector!r} emits in unit {x.code} ({x.most:,.6g} t with growth)"
            )
            p.error("removals", msg, frame=removals, i=x.i, column="removal_t")


def check_baseline_cells(p: Problems, frames: Frames) -> None:
    """A measure deployable in a unit (potentials.csv) that removes a pollutant its sector
    emits elsewhere needs the unit's baseline row of that sector and pollutant: a missing
    one is named in baseline.csv first (it used to surface as "removes more than the
    sector emits" against removals.csv, or as an infeasible run). Run before the totals
    check, which a missing row also upsets."""
    rows = frames["potentials"].attrs.get("rows") or []
    missing: dict[tuple[str, str, str], list[Excess]] = {}
    for x in removal_excesses(frames):
        if not x.has_row:
            missing.setdefault((x.code, x.sector, x.pollutant), []).append(x)
    for (code, sector, pollutant), xs in missing.items():
        where = ", ".join(
            f"{x.measure!r} (potentials.csv row {rows[x.j] if x.j < len(rows) else x.j + 2})"
            for x in xs
        )
        verb = "is" if len(xs) == 1 else "are"
        msg = (
            f"no row for unit {code}, sector {sector!r}, {pollutant}, although {where} {verb} "
            f"deployable there and remove{'s' if len(xs) == 1 else ''} {pollutant}: a baseline "
            "row missing (or a potential where the sector emits nothing)"
        )
        p.error("baseline", msg, column="emissions_t")


def _available(potentials: pd.DataFrame) -> dict[str, list[tuple[str, float, int]]]:
    """(code, potential, row position) of each measure where it is deployable, in file
    order: one pass
    over plain lists (a pandas filter per removal row copied the frame's ``attrs`` each
    time and cost most of a run's data loading)."""
    out: dict[str, list[tuple[str, float, int]]] = {}
    columns = (potentials[c].tolist() for c in ("code", "measure", "potential"))
    for j, (code, measure, qty) in enumerate(zip(*columns, strict=True)):
        if qty > 0:
            out.setdefault(measure, []).append((code, float(qty), j))
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


def check_disbenefits(p: Problems, frames: Frames) -> None:
    """A negative removal (or coal cut) is a disbenefit of a measure that removes
    something else; a measure whose every effect is negative only adds pollution, which no
    plan deploys: a sign typed wrong. (Deployed by a commitment, it used to surface as an
    infeasible run blamed on floors and the coal ceiling.)"""
    removals, measures = frames["removals"], frames["measures"]
    effects: dict[str, list[float]] = {}
    for m, r in zip(removals["measure"], removals["removal_t"], strict=True):
        effects.setdefault(m, []).append(float(r))
    for i, (m, c) in enumerate(zip(measures["measure"], measures["coal_cut_ktce"], strict=True)):
        mine = [*effects.get(m, []), float(c)]
        if not any(e < 0 for e in mine) or any(e > 0 for e in mine):
            continue
        rows = [
            j
            for j, k in enumerate(removals["measure"])
            if k == m and removals["removal_t"].iloc[j] < 0
        ]
        what = ", ".join(
            f"{removals['removal_t'].iloc[j]:,.6g} t {removals['pollutant'].iloc[j]}" for j in rows
        )
        if c < 0:
            what = ", ".join(x for x in (what, f"{c:,.6g} ktce coal") if x)
        msg = (
            f"measure {m!r} only adds ({what} per unit) and removes nothing: a negative value "
            "is a disbenefit of a measure that removes something else (a sign error?)"
        )
        if rows:
            p.error("removals", msg, frame=removals, i=rows[0], column="removal_t")
        else:
            p.error("measures", msg, frame=measures, i=i, column="coal_cut_ktce")


def warn_disbenefits(p: Problems, frames: Frames) -> None:
    """Every negative removal and coal cut, named: allowed (a disbenefit), but worth a look."""
    removals, measures = frames["removals"], frames["measures"]
    rows = removals.attrs.get("rows") or []
    neg = [
        f"row {rows[j] if j < len(rows) else j + 2} ({m}, {q}: {r:,.6g} t)"
        for j, (m, q, r) in enumerate(
            zip(removals["measure"], removals["pollutant"], removals["removal_t"], strict=True)
        )
        if r < 0
    ]
    if neg:
        p.warn("removals", f"negative removals (disbenefits: deploying adds): {'; '.join(neg)}")
    rows = measures.attrs.get("rows") or []
    neg = [
        f"row {rows[j] if j < len(rows) else j + 2} ({m}: {c:,.6g} ktce)"
        for j, (m, c) in enumerate(zip(measures["measure"], measures["coal_cut_ktce"], strict=True))
        if c < 0
    ]
    if neg:
        p.warn("measures", f"negative coal cuts (deploying adds coal use): {'; '.join(neg)}")


#: Run right after the structural checks, before the magnitude checks.
MISSING_ROWS = (check_baseline_cells,)
MEANING = (
    check_targets,
    check_removed_pollutants,
    check_removal_bounds,
    check_energy_balance,
    check_disbenefits,
    check_observed,
)
WARNINGS = (warn_disagreements, warn_disbenefits)
