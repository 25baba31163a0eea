"""Why is a scenario infeasible? Elastic re-solve, reported in the plan's words.

Every requirement row gets a slack measured as a fraction of its natural scale (see
:mod:`emisim.model.constraints.elastic`); minimising their sum finds the smallest set of
shortfalls that makes the scenario feasible. Rows with positive slack are the conflict.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from emisim.model.build import build_model
from emisim.model.constraints.elastic import FAMILY_LABELS
from emisim.model.params import Params
from emisim.solvers.highs import SolverOptions, solve

THRESHOLD = 1e-7  # slacks are relative; smaller ones are solver noise unless nothing else

#: Rows that can block a shortfall from closing, named for the reader (duals != 0).
BLOCKING_LABELS: dict[str, str] = {
    **FAMILY_LABELS,
    "programme_cap": "plan programme quantities (upper bounds)",
    "deploy_ramp": "deployment ramp limits",
    "sector_floor": "sector emissions already cut to zero",
    "coal_floor": "unit coal use already cut to zero",
}


@dataclass(frozen=True)
class Shortfall:
    family: str  # slack family, e.g. "city_target"
    what: str  # the requirement in words
    shortfall: float  # as a fraction of the requirement's scale


def _describe(p: Params, family: str, index) -> str:
    if family in ("city_target",):
        return f"{index}: cut {p.targets[index]:.1%}"
    if family == "milestone":
        t, q = index
        return f"{q} {t}: cut {p.milestones[index]:.1%}"
    if family in ("band_lower", "band_upper"):
        b = p.bands[index]
        side = "at least" if family == "band_lower" else "at most"
        bound = b.lower if family == "band_lower" else b.upper
        return (
            f"{p.names.get(b.subject, b.subject)} ({b.family} '{b.category}'): "
            f"{b.pollutant} cut {side} {bound:.1%}"
        )
    if family == "adapt_share":
        a = p.adapt[index]
        return f"{p.names.get(a.code, a.code)} ({a.rule}): {a.pollutant} share {a.min_share:.0%}"
    if family == "coal_cap":
        return f"coal at most {p.coal_share_max:.0%} of primary energy"
    if family == "budget":
        return f"discounted cost at most {p.budget:,.0f} yuan"
    if family == "programme_fixed":
        return f"{index}: programme quantity {p.programme[index]:,.0f}"
    return str(index)


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
                found.append(Shortfall(family, _describe(p, family, index), value))
    # A conflict the size of a rounding error is still the conflict: keep the largest few.
    large = [s for s in found if s.shortfall > THRESHOLD]
    found = large or sorted(found, key=lambda s: -s.shortfall)[:5]
    relaxed = {s.family for s in found}
    blocking = tuple(
        name
        for name, rows in res.duals.items()
        if name in BLOCKING_LABELS
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
            f"{s.what} (short by {100 * s.shortfall:.3g} % of its base)" for s in items[:limit]
        )
        more = f"; and {len(items) - limit} more" if len(items) > limit else ""
        parts.append(f"{FAMILY_LABELS.get(family, family)} [{len(items)}]: {shown}{more}")
    against = [BLOCKING_LABELS[b] for b in diagnosis.blocking] or ["the measures' potentials"]
    names = " and ".join(FAMILY_LABELS.get(f, f) for f in by_family)
    return f"conflict: {names} vs {', '.join(against)}. Smallest relaxation: " + " | ".join(parts)
