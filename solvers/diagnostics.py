"""Why is a scenario infeasible? Elastic re-solve, reported in the plan's words.

Every requirement row gets a slack measured as a fraction of its natural scale (see
:mod:`emisim.model.constraints.elastic`); minimising their sum finds the smallest set of
shortfalls that makes the scenario feasible. Rows with positive slack are the conflict.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from emisim.model.build import build_model
from emisim.model.params import Params
from emisim.model.requirements import family as family_of
from emisim.model.vocabulary import LIMIT_LABELS, REQUIREMENT_FAMILIES, requirement_label
from emisim.solvers.compile import lp_name
from emisim.solvers.highs import SolverOptions, solve

THRESHOLD = 1e-7  # slacks are relative; smaller ones are solver noise unless nothing else

#: What a shortfall is a share of (each family's ``slack_scale``), in words.
SHARE_OF: dict[str, str] = {
    "city_target": "of the city's base-year total in the target's scope",
    "milestone": "of the city's base-year total in the target's scope",
    "band_lower": "of the unit's base-year emissions in the band's sectors",
    "band_upper": "of the unit's base-year emissions in the band's sectors",
    "adapt_share": "of the unit's base-year emissions in the rule's sectors",
    "coal_cap": "of the coal ceiling (share x primary energy)",
    "programme_cap": "of the programme quantity",
    "programme_floor": "of the programme quantity",
    "deadline": "of the quantity the deadline requires",
    "budget": "of the budget",
}

#: Row families that can block a shortfall from closing (duals != 0), in the reader's words.
BLOCKING = (*REQUIREMENT_FAMILIES, *LIMIT_LABELS["en"])


@dataclass(frozen=True)
class Shortfall:
    family: str  # requirement family, e.g. "city_target"
    what: str  # the requirement in words
    shortfall: float  # as a fraction of the requirement's scale
    row: str = ""  # the row's name in LP/MPS files, e.g. city_target(NH3N)


@dataclass(frozen=True)
class Diagnosis:
    shortfalls: tuple[Shortfall, ...]  # requirements that must give way, largest first
    blocking: tuple[str, ...]  # other requirement families binding against them

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.family for s in self.shortfalls))


def diagnose(p: Params, options: SolverOptions | None = None) -> Diagnosis:
    """Solve the elastic model: which requirements give way, and what binds against them."""
    m = build_model(p, elastic=True)
    res = solve(m, options)
    if not res.ok:
        return Diagnosis((), ())
    found = []
    for family in m.slack_families:
        for index, value in res.values.get(f"slack_{family}", {}).items():
            if value > 1e-12:
                what = family_of(family).describe(p, index, "en")
                found.append(Shortfall(family, what, value, lp_name(family, index)))
    # A conflict the size of a rounding error is still the conflict: keep the largest few.
    large = [s for s in found if s.shortfall > THRESHOLD]
    found = large or sorted(found, key=lambda s: -s.shortfall)[:5]
    relaxed = {s.family for s in found}
    blocking = tuple(
        name
        for name, rows in res.duals.items()
        if name in BLOCKING
        and name not in relaxed
        and any(abs(v) > THRESHOLD for v in rows.values())
    )
    return Diagnosis(tuple(sorted(found, key=lambda s: -s.shortfall)), blocking)


def explain(diagnosis: Diagnosis, limit: int = 3) -> str:
    """One paragraph naming the conflicting requirement families and their worst rows."""
    if not diagnosis.shortfalls:
        return "the requirements conflict, but the elastic diagnosis found no single shortfall"
    by_family: dict[str, list[Shortfall]] = defaultdict(list)
    for s in diagnosis.shortfalls:
        by_family[s.family].append(s)
    parts = []
    for family, items in by_family.items():
        shown = "; ".join(
            f"{s.what} (short by {100 * s.shortfall:.3g} % "
            f"{SHARE_OF.get(s.family, 'of its scale')}; row {s.row})"
            for s in items[:limit]
        )
        more = f"; and {len(items) - limit} more" if len(items) > limit else ""
        parts.append(f"{requirement_label(family)} [{len(items)}]: {shown}{more}")
    against = [requirement_label(b) for b in diagnosis.blocking] or ["the measures' potentials"]
    names = " and ".join(requirement_label(f) for f in by_family)
    return (
        f"conflict: {names} vs {', '.join(against)}. One least relaxation (the smallest "
        "sum of relative shortfalls; others may exist): " + " | ".join(parts)
    )
