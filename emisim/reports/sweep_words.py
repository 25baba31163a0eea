"""A sweep's names in the report's language: parameters (dotted paths such as
``cost.ind_desulf_upgrade``) in the plan's words, outputs with their units, requirements,
run statuses, and each candidate conclusion as a sentence saying in how many runs it holds.

Every string is marked for the message catalogue; pollutants, families and categories come
from the vocabulary; measures and districts by their names in the dataset.
"""

from __future__ import annotations

from collections.abc import Mapping

from emisim.model.requirements import FAMILIES, row_label
from emisim.reports.i18n import N_, Translator
from emisim.results.prices import BANDS_HELD, PLAN_TARGET

#: Whole-model parameters by path.
PARAMETERS = {
    "cost.*": N_("cost of every measure (one factor)"),
    "potential.*": N_("potential of every measure (one factor)"),
    "removal.*": N_("removal rate of every measure (one factor)"),
    "growth.multiplier": N_("business-as-usual growth (multiplier)"),
    "coal.share_max": N_("coal-share ceiling"),
    "economics.discount_rate": N_("discount rate"),
}
#: Sides of a category band.
SIDES = {"lower": N_("lower bound"), "upper": N_("upper bound")}
#: Units of a price under the sweep's cost accounting (``objective.accounting``).
PRICE_UNITS = {"lifetime": N_("PV yuan per t/yr"), "target_year": N_("yuan/t")}
#: Run statuses as stored.
STATUSES = {
    "optimal": N_("solved"),
    "infeasible": N_("infeasible"),
    "time_limit": N_("time limit reached"),
    "error": N_("failed"),
    "crash": N_("worker failed"),
    "not yet run": N_("not yet run"),
}
#: Each candidate conclusion (``analysis.statements`` kind) and its negation.
SENTENCES = {
    "feasible": (
        N_("The plan's requirements can all be met"),
        N_("The plan's requirements cannot all be met"),
    ),
    "target_binds": (
        N_("The {pollutant} city target binds (tightening it would cost more)"),
        N_("The {pollutant} city target does not bind (other requirements deliver it)"),
    ),
    "coal_binds": (
        N_("The coal-share ceiling binds"),
        N_("The coal-share ceiling does not bind"),
    ),
    "dearer": (
        N_("One more tonne of {pollutant} costs more than one of {other} (bands held)"),
        N_("One more tonne of {pollutant} costs no more than one of {other} (bands held)"),
    ),
    "above_city": (
        N_("{district} cuts {pollutant} by more than the city-wide rate"),
        N_("{district} cuts {pollutant} by no more than the city-wide rate"),
    ),
}
HOLDS = N_("{sentence}: holds in {share} of solved runs.")
#: The district conclusions, one sentence per pollutant and direction.
DISTRICTS = (
    N_("Cut {pollutant} by more than the city-wide rate (share of solved runs): {districts}."),
    N_("Cut {pollutant} by no more than the city-wide rate (share of solved runs): {districts}."),
)
NOT_PINNED = N_("(not pinned: one of several least-cost plans)")


def share(value: float) -> str:
    """A share of runs as a percentage ("96 %"; "100 %" only when every run)."""
    pct = 100 * value
    if 99.5 <= pct < 100:
        return ">99 %"
    return f"{pct:.0f} %"


def _wild(name: str, word: str, _: Translator) -> str:
    return word if name == "*" else name


def parameter_label(path: str, _: Translator, measures: Mapping[str, str]) -> str:
    """A varied input in the plan's words: ``cost.ind_desulf_upgrade`` -> "cost: industrial
    desulphurisation upgrade"; an unknown path is shown as it is."""
    if path in PARAMETERS:
        return _(PARAMETERS[path])
    keys = path.split(".")
    root, rest = keys[0], keys[1:]
    if root in ("cost", "potential") and len(rest) == 1:
        what = _("cost: {measure}") if root == "cost" else _("potential: {measure}")
        return what.format(measure=measures.get(rest[0], rest[0]))
    if root == "removal" and len(rest) == 2:
        measure = measures.get(rest[0], rest[0])
        return _("removal rate: {measure}, {pollutant}").format(
            measure=measure, pollutant=_.pollutant(rest[1])
        )
    if keys[:2] == ["targets", "overrides"] and len(keys) == 3:
        return _("{pollutant} city target").format(pollutant=_.pollutant(keys[2]))
    if keys[:2] == ["guidance", "bands"] and len(keys) == 5 and keys[4] in SIDES:
        family, category = keys[2], keys[3]
        fam = _("every family") if family == "*" else _.family(family)
        cat = _("every category") if category == "*" else _.category(family, category)
        if category != "*" and family == "*":
            cat = _.category("air", category)  # the same words in every family
        side = _(SIDES[keys[4]])
        return f"{fam} · {cat} · {side}"
    if keys[:2] == ["guidance", "emitter_weights"] and len(keys) == 3:
        return _("{family}: weight of emitters in the bands").format(family=_.family(keys[2]))
    return path


def output_label(output: str, _: Translator, accounting: str) -> str:
    """An output with its unit: total cost in bn yuan, a price in the accounting's unit."""
    if output == "total_cost_yuan":
        return _("total cost (bn yuan)")
    kind, _dot, q = output.partition(".")
    unit = _(PRICE_UNITS.get(accounting, PRICE_UNITS["lifetime"]))
    if kind == BANDS_HELD:
        text = _("{pollutant}: cost of one more tonne, bands held")
    elif kind == PLAN_TARGET:
        text = _("{pollutant}: cost of the plan's target")
    else:
        return output
    return f"{text.format(pollutant=_.pollutant(q))} ({unit})"


def output_scale(output: str) -> float:
    """Divide an output by this to show it in its label's unit."""
    return 1e9 if output == "total_cost_yuan" else 1.0


def requirement_label(column: str, _: Translator) -> str:
    """A ``bind.*`` column as the requirement it counts."""
    keys = column.removeprefix("bind.").split(".")
    if keys[0] == "target" and len(keys) == 2:
        return _("{pollutant} city target").format(pollutant=_.pollutant(keys[1]))
    if len(keys) == 1 and keys[0] in FAMILIES:  # the coal ceiling: the family's own words
        return row_label(keys[0], _.lang)
    if keys[0] == "band" and len(keys) == 3:
        return _("{family} bands: {category}").format(
            family=_.family(keys[1]), category=_.category(keys[1], keys[2])
        )
    return column


def status_label(status: str, _: Translator) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


def sentence(row: Mapping, holds: bool, _: Translator, districts: Mapping[str, str]) -> str:
    """One conclusion (a row of ``analysis.conclusions``) as a sentence with the share of
    runs in which it holds: the statement itself, or its negation where it fails."""
    positive, negative = SENTENCES[row["kind"]]
    a, b = str(row.get("subject") or ""), str(row.get("pollutant") or "")
    words = {"pollutant": _.pollutant(b) if b else "", "other": "", "district": ""}
    if row["kind"] == "dearer":
        words |= {"pollutant": _.pollutant(a), "other": _.pollutant(b)}
    elif row["kind"] == "above_city":
        words["district"] = districts.get(a, a)
    text = _(positive if holds else negative).format(**words)
    if row.get("pinned") is False:
        text += " " + _(NOT_PINNED)
    runs = row["share_of_runs"] if holds else 1 - row["share_of_runs"]
    return _(HOLDS).format(sentence=text, share=share(runs))


def district_sentences(
    rows: list[Mapping], _: Translator, districts: Mapping[str, str]
) -> list[str]:
    """The district conclusions (kind ``above_city``) grouped into one sentence per
    pollutant, direction and pinning, each district with the share of runs it holds in."""
    groups: dict[tuple, list[str]] = {}
    for row in rows:
        holds = bool(row["holds"])
        runs = row["share_of_runs"] if holds else 1 - row["share_of_runs"]
        key = (str(row["pollutant"]), holds, row.get("pinned") is False)
        name = districts.get(str(row["subject"]), str(row["subject"]))
        groups.setdefault(key, []).append(f"{name} {share(runs)}")
    out = []
    for (q, holds, loose), names in groups.items():
        text = _(DISTRICTS[0 if holds else 1]).format(
            pollutant=_.pollutant(q), districts=", ".join(names)
        )
        out.append(text + (" " + _(NOT_PINNED) if loose else ""))
    return out
