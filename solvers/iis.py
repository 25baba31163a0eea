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
from collections.abc import Mapping
from dataclasses import dataclass, field

import highspy

from emisim.model.i18n import N_, gettext
from emisim.model.params import Params
from emisim.model.requirements import FAMILIES, row_label
from emisim.model.vocabulary import LANGS
from emisim.model.wording import and_list, join, measure_name, unit_list, unit_name
from emisim.solvers.blame import inputs_first, suspect_inputs
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolverOptions, Status

#: HiGHS's IIS strategy: from the LP (elastic), then reduced to an irreducible set.
STRATEGY = int(highspy.IisStrategy.kIisStrategyFromLp) | int(
    highspy.IisStrategy.kIisStrategyIrreducible
)
UPPER = int(highspy.IisBoundStatus.kIisBoundStatusUpper)


@dataclass(frozen=True)
class Iis:
    """The conflict: requirement rows (described) and technical limits (summarised)."""

    requirements: tuple[tuple[str, object, str], ...]  # (family, key, words)
    limits: tuple[str, ...]  # technical rows and bounds, grouped, in words
    irreducible: bool  # False: HiGHS returned a subset it could not reduce in time
    sentence: str  # in the language asked for
    #: The sentence in every language (the conflict is found once, then worded in each).
    sentences: Mapping[str, str] = field(default_factory=dict)
    #: Data rows the conflict points at (a disbenefit typed into removals.csv or
    #: measures.csv, :mod:`emisim.solvers.blame`), named first in the sentence.
    inputs: tuple[str, ...] = ()

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` (the one asked for where no other was worded)."""
        return self.sentences.get(lang, self.sentence)


#: Sentence pieces (English, translated by the catalogue); a requirement's own phrase
#: comes from its family (``Family.conflict_phrase``, ``conflict_many``).
WORDS = {
    "pots_unit": N_("the potentials of {ks} in {unit}"),
    "pot_measure": N_("the potential of {k} in {names}"),
    "measures": N_("{n} measures ({ks} ...)"),
    "ramp": N_("the deployment ramp of {k} in {names}"),
    "rows": N_("{label} ({n} rows)"),
    "conflict": N_("{head} conflicts with {rest}"),
    "alone": N_("{head} cannot be met"),
    "limits": N_("the model's technical limits alone cannot hold: {rest}"),
    "nothing": N_("a requirement without any deployable measure cannot hold"),
    "feasible": N_("the scenario is feasible: there is no conflict"),
}


def _w(key: str, lang: str) -> str:
    return gettext(WORDS[key], lang)


def _phrases(p: Params, rows: list[tuple[str, object]], lang: str = "en") -> list[str]:
    """Requirement rows in their families' words, in the IIS's order; rows of one
    ``conflict_group`` (bands of a category, side and pollutant) named together, last."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    out = []
    for name, key in rows:
        fam = FAMILIES[name]
        if fam.conflict_group is None:
            out.append(fam.conflict_phrase(p, key, lang))
        else:
            group, member = fam.conflict_group(p, key)
            groups[name, group].append(member)
    for (name, group), members in groups.items():
        out.append(FAMILIES[name].conflict_many(p, group, members, lang))
    return out


def _limits(
    p: Params, rows: list[tuple[str, object]], bounds: list[tuple], lang: str = "en"
) -> list[str]:
    """Technical rows and column bounds, grouped by measure or unit, whichever is fewer."""
    pairs = sorted({(d, k) for (d, k, _t), side in bounds if side == UPPER})
    out = _potentials(p, pairs, lang)
    ramp: dict[str, list[str]] = defaultdict(list)
    other: dict[str, int] = defaultdict(int)
    for fam, key in rows:
        if fam == "deploy_ramp":
            ramp[key[1]].append(key[0])
        else:
            other[fam] += 1
    out += [
        _w("ramp", lang).format(
            k=measure_name(p, k, lang), names=unit_list(p, sorted(set(c)), lang)
        )
        for k, c in sorted(ramp.items())
    ]
    out += [
        _w("rows", lang).format(label=row_label(f, lang), n=n) for f, n in sorted(other.items())
    ]
    return out


def _potentials(p: Params, pairs: list[tuple[str, str]], lang: str = "en") -> list[str]:
    by_unit: dict[str, list[str]] = defaultdict(list)
    by_measure: dict[str, list[str]] = defaultdict(list)
    for d, k in pairs:
        by_unit[d].append(k)
        by_measure[k].append(d)
    if len(by_unit) <= len(by_measure):
        return [
            _w("pots_unit", lang).format(
                ks=_list([measure_name(p, k, lang) for k in ks], lang), unit=unit_name(p, d, lang)
            )
            for d, ks in by_unit.items()
        ]
    return [
        _w("pot_measure", lang).format(k=measure_name(p, k, lang), names=unit_list(p, ds, lang))
        for k, ds in by_measure.items()
    ]


def _list(items: list[str], lang: str = "en") -> str:
    if len(items) <= 4:
        return and_list(items, lang)
    return _w("measures", lang).format(n=len(items), ks=join("sep", lang).join(items[:4]))


def find_iis(
    p: Params, options: SolverOptions | None = None, time_limit: float = 60.0, lang: str = "en"
) -> Iis:
    """HiGHS's IIS of ``p``'s infeasible LP, named in the plan's words (``lang``: en, zh)."""
    eng = Engine(p, options)
    if eng._layout is None:
        return _plain("nothing", False, lang)
    if eng.run() not in (Status.INFEASIBLE, Status.INFEASIBLE_OR_UNBOUNDED):
        return _plain("feasible", True, lang)
    h = eng._highs
    h.setOptionValue("iis_strategy", STRATEGY)
    h.setOptionValue("iis_time_limit", time_limit)
    _status, iis = h.getIis()
    lay = eng._layout
    rows = [lay.row_keys[i] for i in iis.row_index_]
    bounds = [
        (lay.col_keys[j][1], int(b)) for j, b in zip(iis.col_index_, iis.col_bound_, strict=True)
    ]
    req = [(f, k) for f, k in rows if f in FAMILIES]
    tech = [(f, k) for f, k in rows if f not in FAMILIES]
    described = tuple((f, k, FAMILIES[f].describe(p, k, lang)) for f, k in req)
    limits = tuple(_limits(p, tech, bounds, lang))
    cols = [key for key, _side in bounds]
    sentences = {
        la: inputs_first(
            suspect_inputs(p, rows, cols, la),
            _sentence(_phrases(p, req, la), _limits(p, tech, bounds, la), la),
            la,
        )
        for la in LANGS
    }
    inputs = tuple(suspect_inputs(p, rows, cols, lang))
    return Iis(described, limits, bool(iis.valid_), sentences[lang], sentences, inputs)


def _plain(key: str, irreducible: bool, lang: str) -> Iis:
    """An answer without a conflict to name, in every language."""
    sentences = {la: _w(key, la) for la in LANGS}
    return Iis((), (), irreducible, sentences[lang], sentences)


def _sentence(requirements: list[str], limits: list[str], lang: str = "en") -> str:
    if not requirements:
        return _w("limits", lang).format(rest=and_list(limits, lang))
    head, rest = requirements[0], requirements[1:]
    against = rest + limits
    if not against:
        return _w("alone", lang).format(head=head)
    return _w("conflict", lang).format(head=head, rest=and_list(against, lang))
