"""Requirements on measures: the plan's programme quantities and its dated
commitments (deadlines)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from emisim.model.family import Family, Key
from emisim.model.i18n import N_, gettext
from emisim.model.outcome import Outcome
from emisim.model.params import Params
from emisim.model.wording import (
    city_name,
    measure_name,
    quantity,
    say,
    unit_with_code,
    word,
)


def _programme_keys(p: Params, modes: tuple[str, ...]) -> list[str]:
    if p.programme_mode not in modes:
        return []
    deployable = {k for _d, k in p.potential}
    return sorted(k for k in p.programme if k in deployable)


def _programme_words(side: str) -> Callable[[Params, Key, str], str]:
    def describe(p: Params, k: Key, lang: str) -> str:
        parts = [word("programme", lang), word(side, lang), quantity(p, k, p.programme[k], lang)]
        return say(measure_name(p, k, lang), parts, lang)

    return describe


def _with_programme(p: Params, k: Key, v: float) -> Params:
    return replace(p, programme={**p.programme, k: v})


def _programme_conflict(template: str) -> Callable[[Params, Key, str], str]:
    def phrase(p: Params, k: Key, lang: str) -> str:
        q = quantity(p, k, p.programme[k], lang)
        return gettext(template, lang).format(k=measure_name(p, k, lang), q=q)

    return phrase


def _programme(
    name: str, sense: str, modes: tuple[str, ...], elastic: bool, title: str, conflict: str
) -> Family:
    """The plan's programme quantity as a ceiling (``<=``) or, plan-as-written, a floor."""
    return Family(
        name=name,
        schema_at="data:measures.programme_qty",
        params_field="programme",
        index=("measure",),
        sense=sense,
        row_sense=sense,
        unit="units",
        per="unit",
        elastic=elastic,
        keys=lambda p: _programme_keys(p, modes),
        required=lambda p, k: p.programme[k],
        rhs=lambda p, k: p.programme[k],
        slack_scale=lambda p, k: p.programme[k],
        describe=_programme_words("at_most" if sense == "<=" else "at_least"),
        with_required=_with_programme,
        achieved=lambda p, o, k: float(o.deployed.get(k, 0.0)),
        title=title,
        share_of=N_("of the programme quantity"),
        subject_at="measure",
        group="programme",
        groups={"programme": N_("Plan programme quantity")},
        conflict=_programme_conflict(conflict),
        moves_with=("programme_cap", "programme_floor"),  # both read Params.programme
    )


PROGRAMME_CAP = _programme(
    "programme_cap",
    "<=",
    ("upper", "fixed"),
    elastic=False,
    title=N_("plan programme quantities (upper bounds)"),
    conflict=N_("the programme ceiling of {k} ({q})"),
)
PROGRAMME_FLOOR = _programme(
    "programme_floor",
    ">=",
    ("fixed",),
    elastic=True,
    title=N_("plan programme quantities (fixed)"),
    conflict=N_("the fixed programme quantity of {k} ({q})"),
)


def _deadline_words(p: Params, key: Key, lang: str) -> str:
    dl = p.deadline_by_key[key]
    who = city_name(lang) if dl.subject == "city" else unit_with_code(p, dl.subject, lang)
    what, amount = measure_name(p, dl.measure, lang), quantity(p, dl.measure, dl.required, lang)
    if lang == "zh":  # 万州区（500101）：2017年前完成加油站……油气回收（70.2座加油站……）
        return say(who, [f"{dl.year}", word("in_place_by", lang), what, f"（{amount}）"], lang)
    return say(who, [what, amount, word("in_place_by", lang), str(dl.year)], lang, dl.deadline)


def _in_place(p: Params, o: Outcome, key: Key) -> float:
    """Units of the deadline's measure in place by its year, where it looks."""
    dl = p.deadline_by_key[key]
    where = o.codes.get(dl.measure, ()) if dl.subject == "city" else (dl.subject,)
    return float(sum(o.placed.get((d, dl.measure, dl.year), 0.0) for d in where))


def _with_deadline(p: Params, key: Key, value: float) -> Params:
    dls = tuple(replace(d, required=value) if d.key == key else d for d in p.deadlines)
    return replace(p, deadlines=dls)


DEADLINE = Family(
    name="deadline",
    schema_at="data:potentials.potential",
    params_field="deadlines",
    index=("deadline", "measure", "subject"),
    sense=">=",
    row_sense=">=",
    unit="units",
    per="unit",
    elastic=True,
    keys=lambda p: [d.key for d in p.deadlines] if p.enforce_deadlines else [],
    audited=lambda p: [d.key for d in p.deadlines],
    required=lambda p, k: p.deadline_by_key[k].required,
    rhs=lambda p, k: p.deadline_by_key[k].required,
    slack_scale=lambda p, k: p.deadline_by_key[k].required,
    describe=_deadline_words,
    with_required=_with_deadline,
    achieved=_in_place,
    title=N_("the plan's dated commitments (deadlines)"),
    share_of=N_("of the quantity the deadline requires"),
    year=lambda p, k: p.deadline_by_key[k].year,
    subject_at="subject",
    groups={"deadline": N_("Plan deadline (dated commitment)")},
)
