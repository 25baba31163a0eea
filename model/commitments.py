"""The plan's dated commitments (``deadlines.csv``) resolved against a scenario.

Each row of the table becomes one :class:`Deadline` per subject: the city (a share of the
programme quantity or of the total potential) or, for ``scope = district``, every unit
with potential (a share of its own potential); a zone name as scope does the same for the
units of that zone only. Rows that cannot apply in a scenario (the
measure disabled, the year outside the horizon, nothing deployable) are kept as skipped,
with the reason, so the results can say so instead of dropping them silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emisim.model.errors import ScenarioError


@dataclass(frozen=True)
class Deadline:
    """By ``year``, at least ``required`` units of ``measure`` in place in ``subject``."""

    deadline: str
    measure: str
    year: int
    subject: str  # "city" or a unit code
    required: float
    basis: str  # programme | potential
    share: float
    mapping: str  # exact | approximate | partial
    gist_en: str

    @property
    def key(self) -> tuple[str, str, str]:
        """The row's labelled index in the ``deadline`` requirement family."""
        return (self.deadline, self.measure, self.subject)


@dataclass(frozen=True)
class SkippedDeadline:
    deadline: str
    measure: str
    year: int
    reason: str


def check_excepted(table: pd.DataFrame, excepted: list[str], file: str) -> None:
    """Every id in the scenario's ``deadlines_except`` names a deadline of the dataset."""
    known = set(table["deadline"])
    for i, name in enumerate(excepted):
        if name not in known:
            msg = f"unknown deadline '{name}'; expected one of {sorted(known)}"
            raise ScenarioError(file, msg, key=f"deadlines_except[{i}]")


def resolve_deadlines(
    table: pd.DataFrame,
    potential: dict[tuple[str, str], float],
    programme: dict[str, float],
    years: tuple[int, ...],
    excepted: set[str],
    zone_of: dict[str, str],
) -> tuple[tuple[Deadline, ...], tuple[SkippedDeadline, ...]]:
    """``potential`` and ``programme`` hold the scenario's enabled measures only;
    ``zone_of`` gives each unit's zone (for a row scoped to one zone)."""
    enabled = {k for _, k in potential}
    out: list[Deadline] = []
    skipped: list[SkippedDeadline] = []
    for r in table.itertuples(index=False):
        units = {d: u for (d, k), u in potential.items() if k == r.measure}
        reason = (
            "excepted by the scenario (deadlines_except)"
            if r.deadline in excepted
            else "measure disabled or without potential"
            if r.measure not in enabled
            else f"year outside the horizon {years[0]}..{years[-1]}"
            if r.year not in years
            else ""
        )
        if reason:
            skipped.append(SkippedDeadline(r.deadline, r.measure, int(r.year), reason))
            continue
        common = (r.basis, float(r.share), r.mapping, r.gist_en)
        if r.scope != "city":
            if r.scope != "district":
                units = {d: u for d, u in units.items() if zone_of.get(d) == r.scope}
            if not units:
                why = f"no unit of zone {r.scope} has potential"
                skipped.append(SkippedDeadline(r.deadline, r.measure, int(r.year), why))
            for d, u in sorted(units.items()):
                out.append(Deadline(r.deadline, r.measure, int(r.year), d, r.share * u, *common))
            continue
        base = programme[r.measure] if r.basis == "programme" else sum(units.values())
        out.append(Deadline(r.deadline, r.measure, int(r.year), "city", r.share * base, *common))
    return tuple(out), tuple(skipped)


def committed_in_full(
    deadlines: tuple[Deadline, ...],
    potential: dict[tuple[str, str], float],
    programme: dict[str, float],
    capped: bool,
) -> frozenset[str]:
    """Measures whose largest dated commitment (one deadline's rows summed over its units)
    is all that can be deployed: the sum of the measure's potentials, or its programme
    quantity where the scenario caps deployment by it (``capped``). Every unit of such a
    measure in place in the final year is committed, so counting its removal outside the
    category ceilings exempts nothing the plan leaves to choice; a measure committed only
    in part stays inside the ceilings whole."""
    largest: dict[str, float] = {}
    by_row: dict[tuple[str, str], float] = {}
    for dl in deadlines:
        key = (dl.deadline, dl.measure)
        by_row[key] = by_row.get(key, 0.0) + dl.required
    for (_deadline, measure), required in by_row.items():
        largest[measure] = max(largest.get(measure, 0.0), required)
    deployable: dict[str, float] = {}
    for (_d, k), u in potential.items():
        deployable[k] = deployable.get(k, 0.0) + u
    full = set()
    for k, required in largest.items():
        most = deployable.get(k, 0.0)
        if capped and programme.get(k) is not None:
            most = min(most, programme[k])
        if required >= most * (1 - 1e-9):
            full.add(k)
    return frozenset(full)
