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

from emisim.model.params import Params
from emisim.model.requirements import FAMILIES
from emisim.model.vocabulary import LANGS, category_label, pollutant_label, requirement_label
from emisim.model.wording import measure_name, quantity, unit_name
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
    sentence: str  # in the language asked for
    #: The sentence in every language (the conflict is found once, then worded in each).
    sentences: Mapping[str, str] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` (the one asked for where no other was worded)."""
        return self.sentences.get(lang, self.sentence)


#: Sentence pieces in both languages (labels themselves come from the vocabulary).
WORDS = {
    "en": {
        "city": "the {pol} city target (cut {x:.1%})",
        "fixed": "the fixed programme quantity of {k} ({q})",
        "cap": "the programme ceiling of {k} ({q})",
        "band": "the {cat} {side} on {pol} of {who}",
        "floor": "floor",
        "ceiling": "ceiling",
        "these": "these {n} units ({names})",
        "more": "{shown} and {n} more",
        "sep": ", ",
        "and": " and ",
        "pots_unit": "the potentials of {ks} in {unit}",
        "pot_measure": "the potential of {k} in {names}",
        "measures": "{n} measures ({ks} ...)",
        "ramp": "the deployment ramp of {k} in {names}",
        "rows": "{label} ({n} rows)",
        "conflict": "{head} conflicts with {rest}",
        "alone": "{head} cannot be met",
        "limits": "the model's technical limits alone cannot hold: {rest}",
        "nothing": "a requirement without any deployable measure cannot hold",
        "feasible": "the scenario is feasible: there is no conflict",
    },
    "zh": {
        "city": "全市{pol}减排目标（削减{x:.1%}）",
        "fixed": "{k}规划工程量（按规划完成，{q}）",
        "cap": "{k}规划工程量上限（{q}）",
        "band": "{who}{pol}{cat}{side}",
        "floor": "下限",
        "ceiling": "上限",
        "these": "{names}等{n}个区县",
        "more": "{shown}等{n}个",
        "sep": "、",
        "and": "和",
        "pots_unit": "{unit}的{ks}潜力",
        "pot_measure": "{names}的{k}潜力",
        "measures": "{n}项措施（{ks}等）",
        "ramp": "{names}的{k}年度建设进度",
        "rows": "{label}（{n}行）",
        "conflict": "{head}与{rest}相互冲突",
        "alone": "{head}无法满足",
        "limits": "模型的技术约束本身无法同时满足：{rest}",
        "nothing": "某项要求没有任何可实施的措施，无法满足",
        "feasible": "该情景有可行解，不存在冲突",
    },
}


def _w(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def _names(p: Params, codes: list[str], lang: str = "en") -> str:
    w = _w(lang)
    shown = w["sep"].join(unit_name(p, c, lang) for c in codes[:NAMES_SHOWN])
    if len(codes) > NAMES_SHOWN:
        return w["more"].format(shown=shown, n=len(codes) - NAMES_SHOWN)
    return shown


def _phrases(p: Params, rows: list[tuple[str, object]], lang: str = "en") -> list[str]:
    """Requirement rows grouped into phrases: bands by family, category, side, pollutant."""
    w = _w(lang)
    bands: dict[tuple, list[str]] = defaultdict(list)
    out = []
    for fam, key in rows:
        if fam in ("band_lower", "band_upper"):
            b = p.band_by_key[key]
            bands[fam, b.family, b.category, b.pollutant].append(b.subject)
        elif fam == "city_target":
            out.append(w["city"].format(pol=pollutant_label(key, lang), x=p.targets[key]))
        elif fam in ("programme_floor", "programme_cap"):
            tpl = w["fixed" if fam == "programme_floor" else "cap"]
            q = quantity(p, key, p.programme[key], lang)
            out.append(tpl.format(k=measure_name(p, key, lang), q=q))
        else:
            out.append(FAMILIES[fam].describe(p, key, lang))
    for (fam, family, cat, q), subjects in bands.items():
        names = _names(p, subjects, lang)
        who = w["these"].format(n=len(subjects), names=names) if len(subjects) > 1 else names
        side = w["floor" if fam == "band_lower" else "ceiling"]
        pol = pollutant_label(q, lang)
        out.append(
            w["band"].format(cat=category_label(family, cat, lang), side=side, pol=pol, who=who)
        )
    return out


def _limits(
    p: Params, rows: list[tuple[str, object]], bounds: list[tuple], lang: str = "en"
) -> list[str]:
    """Technical rows and column bounds, grouped by measure or unit, whichever is fewer."""
    w = _w(lang)
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
        w["ramp"].format(k=measure_name(p, k, lang), names=_names(p, sorted(set(c)), lang))
        for k, c in sorted(ramp.items())
    ]
    out += [
        w["rows"].format(label=requirement_label(f, lang), n=n) for f, n in sorted(other.items())
    ]
    return out


def _potentials(p: Params, pairs: list[tuple[str, str]], lang: str = "en") -> list[str]:
    w = _w(lang)
    by_unit: dict[str, list[str]] = defaultdict(list)
    by_measure: dict[str, list[str]] = defaultdict(list)
    for d, k in pairs:
        by_unit[d].append(k)
        by_measure[k].append(d)
    if len(by_unit) <= len(by_measure):
        return [
            w["pots_unit"].format(
                ks=_list([measure_name(p, k, lang) for k in ks], lang), unit=unit_name(p, d, lang)
            )
            for d, ks in by_unit.items()
        ]
    return [
        w["pot_measure"].format(k=measure_name(p, k, lang), names=_names(p, ds, lang))
        for k, ds in by_measure.items()
    ]


def _list(items: list[str], lang: str = "en") -> str:
    if len(items) <= 4:
        return _and(items, lang)
    return _w(lang)["measures"].format(n=len(items), ks=_w(lang)["sep"].join(items[:4]))


def find_iis(
    p: Params, options: SolverOptions | None = None, time_limit: float = 60.0, lang: str = "en"
) -> Iis:
    """HiGHS's IIS of ``p``'s infeasible LP, named in the plan's words (``lang``: en, zh)."""
    eng = Engine(p, options)
    if eng.layout is None:
        return _plain("nothing", False, lang)
    if eng.run() not in (Status.INFEASIBLE, Status.INFEASIBLE_OR_UNBOUNDED):
        return _plain("feasible", True, lang)
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
    described = tuple((f, k, FAMILIES[f].describe(p, k, lang)) for f, k in req)
    limits = tuple(_limits(p, tech, bounds, lang))
    sentences = {
        la: _sentence(_phrases(p, req, la), _limits(p, tech, bounds, la), la) for la in LANGS
    }
    return Iis(described, limits, bool(iis.valid_), sentences[lang], sentences)


def _plain(key: str, irreducible: bool, lang: str) -> Iis:
    """An answer without a conflict to name, in every language."""
    sentences = {la: _w(la)[key] for la in LANGS}
    return Iis((), (), irreducible, sentences[lang], sentences)


def _sentence(requirements: list[str], limits: list[str], lang: str = "en") -> str:
    w = _w(lang)
    if not requirements:
        return w["limits"].format(rest=_and(limits, lang))
    head, rest = requirements[0], requirements[1:]
    against = rest + limits
    if not against:
        return w["alone"].format(head=head)
    return w["conflict"].format(head=head, rest=_and(against, lang))


def _and(items: list[str], lang: str = "en") -> str:
    w = _w(lang)
    if len(items) == 1:
        return items[0]
    return w["sep"].join(items[:-1]) + w["and"] + items[-1]
