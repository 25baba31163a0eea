"""Why is a scenario infeasible? HiGHS's irreducible infeasible subset, in the plan's words.

``Highs.getIis`` (highspy >= 1.15) returns a set of rows and column bounds that cannot
hold together although every proper subset can: the conflict itself, not one relaxation
of it. Rows of requirement families (:mod:`emisim.model.requirements`) are named as the
plan states them; the model's technical rows and bounds (potentials, ramps, sector
floors) are grouped by measure or sector. The sentence reads like "the NH3-N city target
(cut at least 8.8%) conflicts with the small-cut ceiling on NH3-N of these 9 units (...)
and the potential of livestock_manure in 12 units".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import highspy

from emisim.model.params import Params
from emisim.model.requirements import FAMILIES
from emisim.model.vocabulary import category_label, pollutant_label, requirement_label
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolverOptions, Status

#: HiGHS's IIS strategy: from the LP (elastic), then reduced to an irreducible set.
STRATEGY = int(highspy.IisStrategy.kIisStrategyFromLp) | int(
    highspy.IisStrategy.kIisStrategyIrreducible
)
UPPER = int(highspy.IisBoundStatus.kIisBoundStatusUpper)
NAMES_SHOWN = 9


@dataclass(frozen=True)
class Iis:
    """The conflict: requirement rows (described) and technical limits (summarised)."""

    requirements: tuple[tuple[str, object, str], ...]  # (family, key, words)
    limits: tuple[str, ...]  # technical rows and bounds, grouped, in words
    irreducible: bool  # False: HiGHS returned a subset it could not reduce in time
    sentence: str


def _names(p: Params, codes: list[str]) -> str:
    shown = ", ".join(p.names.get(c, c) for c in codes[:NAMES_SHOWN])
    return shown + (f" and {len(codes) - NAMES_SHOWN} more" if len(codes) > NAMES_SHOWN else "")


def _phrases(p: Params, rows: list[tuple[str, object]]) -> list[str]:
    """Requirement rows grouped into phrases: bands by family, category, side, pollutant."""
    bands: dict[tuple, list[str]] = defaultdict(list)
    out = []
    for fam, key in rows:
        if fam in ("band_lower", "band_upper"):
            b = p.band_by_key[key]
            bands[fam, b.family, b.category, b.pollutant].append(b.subject)
        elif fam == "city_target":
            out.append(f"the {pollutant_label(key)} city target (cut {p.targets[key]:.1%})")
        elif fam == "programme_floor":
            out.append(f"the fixed programme quantity of {key} ({p.programme[key]:,.0f} units)")
        elif fam == "programme_cap":
            out.append(f"the programme ceiling of {key} ({p.programme[key]:,.0f} units)")
        else:
            out.append(FAMILIES[fam].describe(p, key, "en"))
    for (fam, family, cat, q), subjects in bands.items():
        side = "floor" if fam == "band_lower" else "ceiling"
        who = (
            f"these {len(subjects)} units ({_names(p, subjects)})"
            if len(subjects) > 1
            else _names(p, subjects)
        )
        out.append(f"the {category_label(family, cat)} {side} on {pollutant_label(q)} of {who}")
    return out


def _limits(p: Params, rows: list[tuple[str, object]], bounds: list[tuple]) -> list[str]:
    """Technical rows and column bounds, grouped by measure or unit, whichever is fewer."""
    pairs = sorted({(d, k) for (d, k, _t), side in bounds if side == UPPER})
    out = _potentials(p, pairs)
    ramp: dict[str, list[str]] = defaultdict(list)
    other: dict[str, int] = defaultdict(int)
    for fam, key in rows:
        if fam == "deploy_ramp":
            ramp[key[1]].append(key[0])
        else:
            other[fam] += 1
    out += [
        f"the deployment ramp of {k} in {_names(p, sorted(set(c)))}"
        for k, c in sorted(ramp.items())
    ]
    out += [f"{requirement_label(f)} ({n} rows)" for f, n in sorted(other.items())]
    return out


def _potentials(p: Params, pairs: list[tuple[str, str]]) -> list[str]:
    by_unit: dict[str, list[str]] = defaultdict(list)
    by_measure: dict[str, list[str]] = defaultdict(list)
    for d, k in pairs:
        by_unit[d].append(k)
        by_measure[k].append(d)
    if len(by_unit) <= len(by_measure):
        return [
            f"the potentials of {_list(ks)} in {p.names.get(d, d)}" for d, ks in by_unit.items()
        ]
    return [f"the potential of {k} in {_names(p, ds)}" for k, ds in by_measure.items()]


def _list(items: list[str]) -> str:
    if len(items) <= 4:
        return _and(items)
    return f"{len(items)} measures ({', '.join(items[:4])} ...)"


def find_iis(p: Params, options: SolverOptions | None = None, time_limit: float = 60.0) -> Iis:
    """HiGHS's IIS of ``p``'s infeasible LP, named in the plan's words."""
    eng = Engine(p, options)
    if eng.layout is None:
        return Iis((), (), False, "a requirement without any deployable measure cannot hold")
    if eng.run() not in (Status.INFEASIBLE, Status.INFEASIBLE_OR_UNBOUNDED):
        return Iis((), (), True, "the scenario is feasible: there is no conflict")
    h = eng.highs
    h.setOptionValue("iis_strategy", STRATEGY)
    h.setOptionValue("iis_time_limit", time_limit)
    _status, iis = h.getIis()
    lay = eng.layout
    rows = [lay.row_keys[i] for i in iis.row_index_]
    bounds = [
        (lay.col_keys[j][1], int(b)) for j, b in zip(iis.col_index_, iis.col_bound_, strict=True)
    ]
    req = [(f, k) for f, k in rows if f in FAMILIES]
    tech = [(f, k) for f, k in rows if f not in FAMILIES]
    described = tuple((f, k, FAMILIES[f].describe(p, k, "en")) for f, k in req)
    limits = tuple(_limits(p, tech, bounds))
    return Iis(described, limits, bool(iis.valid_), _sentence(_phrases(p, req), list(limits)))


def _sentence(requirements: list[str], limits: list[str]) -> str:
    if not requirements:
        return "the model's technical limits alone cannot hold: " + _and(limits)
    head, rest = requirements[0], requirements[1:]
    against = rest + limits
    if not against:
        return f"{head} cannot be met"
    return f"{head} conflicts with {_and(against)}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
