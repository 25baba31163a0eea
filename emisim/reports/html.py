"""``report.html``: one self-contained page (inline CSS, charts as base64 PNG, no script,
no network) that someone who never opens Python can read, on screen, on paper or as a PDF,
in English or Chinese."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from emisim.comparison import Comparison
from emisim.comparison.tables import feasible
from emisim.model.data.summary import grade_counts
from emisim.model.vocabulary import GRADES
from emisim.outputs import comparison_id
from emisim.reports.charts import Chart
from emisim.reports.economics import economics_html
from emisim.reports.hindcast import hindcast_html
from emisim.reports.html_analysis import analysis_bodies, collapsible, figure
from emisim.reports.html_chain import chain_html
from emisim.reports.html_css import CSS, PRINT_CSS
from emisim.reports.html_key_projects import key_projects_html
from emisim.reports.html_tables import (
    GRADE_WORDS,
    compliance_detail_html,
    compliance_summary_html,
    differences_html,
    e,
    indicators_html,
)
from emisim.reports.html_targets import targets_html
from emisim.reports.i18n import N_, Translator, period_of, translator
from emisim.reports.lang import unit_names
from emisim.results.hindcast import has_official, hindcast, official_figures

#: Section id -> heading, in the report's order (a test checks each one in Chinese).
SECTIONS = {
    "scenarios": N_("The scenarios"),
    "targets": N_("Targets and what each scenario achieves"),
    "indicators": N_("Key indicators side by side"),
    "differences": N_("Differences against the reference"),
    "compliance": N_("Plan compliance"),
    "key_projects": N_("Key-project tonnes by district"),
    "periods": N_("Two plan periods on one pathway"),
    "costs": N_("Marginal and total costs"),
    "years": N_("Deployment and spending by year"),
    "maps": N_("District maps"),
    "bands": N_("Cut rates against the plan's category bands"),
    "sectors": N_("Who cuts what: abatement by district and sector"),
    "ranges": N_("Near-optimal ranges of the reference scenario"),
    "curves": N_("Least-cost curves of the reference scenario"),
    "frontier": N_("The price of equity: cost-equity frontier of the reference scenario"),
    "hindcast": N_("What happened: the reference scenario against the official figures"),
    "caveats": N_("How to read this, and caveats"),
}


def _diagnosis(comp: Comparison, name: str, _: Translator) -> str:
    """Why a scenario is infeasible: the conflict itself (IIS) and one least relaxation."""
    said = [
        (_("Why it is infeasible:"), comp.conflict_text(name, _.lang)),
        (_("Elastic diagnosis:"), comp.diagnosis_text(name, _.lang)),
    ]
    return "".join(
        f"<p class='diagnosis'><b>{e(head)}</b> {e(text)}</p>" for head, text in said if text
    )


def _cards(comp: Comparison, _: Translator) -> str:
    out = []
    for r in comp.results:
        ok = feasible(r)
        status, reference, file_word = _(str(r.status)), _("reference"), _("file")
        badge = f'<span class="badge {"ok" if ok else "bad"}">{e(status)}</span>'
        ref = f' <span class="tag">{e(reference)}</span>' if r.name == comp.reference else ""
        src = r.scenario.source
        file = f"<p class='meta'>{e(file_word)}: <code>{e(src.name)}</code></p>" if src else ""
        diag_html = _diagnosis(comp, r.name, _)
        cls = "card ref" if r.name == comp.reference else "card"
        own = (_.zh and r.scenario.description_zh) or r.scenario.description
        text = own or _("(no description)")
        answers = r.summary.get("cost_answers_zh" if _.zh else "cost_answers", "")
        period = _("Plan period: {period}").format(period=r.dataset.plan_period.label(_.lang))
        out.append(
            f'<div class="{cls}"><h3>{e(r.name)} {badge}{ref}</h3>'
            f"<p>{e(text)}</p><p class='meta'>{e(period)}</p>"
            f"<p class='meta'>{e(answers)}</p>{file}{diag_html}</div>"
        )
    return '<div class="cards">' + "".join(out) + "</div>"


def _grades(comp: Comparison, _: Translator) -> str:
    counts = grade_counts(comp.results[0].dataset).sum()
    return ", ".join(str(int(counts.get(g, 0))) + " " + _(GRADE_WORDS[g]) for g in GRADES)


def _ranges_note(tables: Mapping[str, pd.DataFrame], _: Translator) -> str:
    """Where each district cut's near-optimal range and the pinned counts are, or that
    they were not computed."""
    if "ranges" in tables:
        return _note(
            _(
                "Each district cut's near-optimal range beside its presented value, and how "
                "many cuts are pinned: section “{title}”."
            ).format(title=_(SECTIONS["ranges"]))
        )
    return _note(
        _(
            "The near-optimal ranges were not computed (emisim compare computes them unless "
            "--no-ranges is given): the allocation shown may be one of many with the same "
            "least cost."
        )
    )


def _hindcast(comp: Comparison, _: Translator) -> str:
    """The reference scenario's final year beside the official figures of that year, when
    the dataset has them (observed.csv); nothing otherwise."""
    ref = next(r for r in comp.results if r.name == comp.reference)
    if not feasible(ref) or not has_official(ref.dataset, ref.params.final_year):
        return ""
    table = hindcast(ref.tables, ref.params, ref.dataset)
    return hindcast_html(table, official_figures(ref.dataset), _)


def _with_note(tables: str, note: str) -> str:
    """A section's tables and their note; '' where no scenario has such tables."""
    return tables + _note(note) if tables else ""


def _key_projects(comp: Comparison, _: Translator) -> str:
    note = _(
        "Tonnes a year that the measures built in the period remove in its final year, by "
        "district, as the key-project requirement counts them (the plan's 重点工程减排量); "
        "the price is the cost of one more tonne a year removed by key projects."
    )
    return _with_note(key_projects_html(comp, _), note)


def _periods(comp: Comparison, _: Translator) -> str:
    note = _(
        "One pathway over both periods: the earlier plan's requirements hold in its last "
        "year, the later plan's in the final year; what the earlier period builds stays in "
        "place, keeps costing and uses up the same potential, and the later plan's "
        "key-project tonnes count only units built in its own years. Costs are 2015 yuan "
        "discounted to 2015 (common-horizon accounting): each unit pays its annualised cost "
        "in every year from the year it is built to the evaluation end, once, so a unit "
        "built in the earlier period appears in each period's costs exactly once and the "
        "parts sum to the objective. Energy use per unit of GDP is an input of each "
        "period's energy path, not a result."
    )
    return _with_note(chain_html(comp, _), note)


def _h3(text: str) -> str:
    return f"<h3>{e(text)}</h3>"


def _note(text: str) -> str:
    return f"<p class='note'>{e(text)}</p>"


def _bodies(
    comp: Comparison,
    charts: Sequence[Chart],
    tables: Mapping[str, pd.DataFrame],
    _: Translator,
) -> dict[str, str]:
    by_name = {c.name: c for c in charts}
    names = unit_names(comp.results[0].dataset.units, _.lang)

    def imgs(*keys: str) -> str:
        return "".join(figure(by_name[k]) for k in keys if k in by_name)

    bodies = {
        "scenarios": _cards(comp, _),
        "targets": targets_html(comp, _)
        + _note(
            _(
                "Each requirement family of the plan: the target a scenario imposes beside what it "
                "achieves (green: met, red: not met). District and measure families are counted."
            )
        ),
        "indicators": indicators_html(comp, _)
        + _note(
            _(
                "Costs follow each scenario's accounting (default: present value at the "
                "scenario's rate of every unit's annualised cost from its build year to one "
                "evaluation end, whatever its life), in 2015 yuan; investment is the capital "
                "outlay, undiscounted. Each city-wide target has two prices: the cost of the "
                "plan's target (the district bands set as multiples of it move with it) and the "
                "cost of one more tonne with the bands held, per tonne of final-year "
                "requirement, in present-value yuan per tonne a year under common-horizon and "
                "lifetime accounting (yuan per tonne under target-year accounting), each beside "
                "its equivalent "
                "annual cost in yuan per tonne; 0 means tightening costs nothing. The "
                "reference column is shaded."
            )
        ),
        "differences": differences_html(comp, _)
        + _note(
            _(
                "Each scenario minus the reference; relative change in brackets; rates in "
                "percentage points (pp). Red: higher than the reference, green: lower (whether "
                "that is better depends on the row)."
            )
        ),
        "compliance": _h3(_("By requirement family"))
        + compliance_summary_html(comp, _)
        + _h3(_("City-wide requirements, and every requirement a scenario does not meet"))
        + compliance_detail_html(comp, names, _)
        + _note(
            _(
                "n.a.: the scenario does not impose that requirement (e.g. guidance switched "
                "off); infeasible: the scenario has no solution."
            )
        ),
        "key_projects": _key_projects(comp, _),
        "periods": _periods(comp, _),
        "costs": imgs("prices", "cost_by_measure") + economics_html(comp, _),
        "years": imgs("deployment"),
        "maps": imgs("map_cost") + collapsible(charts, "map_cut_") + _ranges_note(tables, _),
        "bands": imgs("unit_rates"),
        "sectors": collapsible(charts, "cuts_by_unit_") + _ranges_note(tables, _),
        "hindcast": _hindcast(comp, _),
    }
    return bodies | analysis_bodies(charts, tables, _)


def render_report(
    comp: Comparison,
    charts: Sequence[Chart],
    *,
    lang: str = "en",
    files: Sequence[str] = (),
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> str:
    """The report's page. ``tables``: the written tables (as ``export.all_tables`` plus
    the reference analyses'), for the sections that show one of them."""
    _ = translator(lang).for_period(period_of(comp.results))
    listed = ", ".join(e(n) for n in comp.scenarios)
    infeasible = [r.name for r in comp.results if not feasible(r)]
    run_id = comparison_id(comp.results, comp.reference, comp.name)  # not a clock
    files_html = ", ".join(f"<code>{e(f)}</code>" for f in files)
    bodies = _bodies(comp, charts, tables or {}, _)
    bodies["caveats"] = _caveats(comp, files_html, _)
    sections = [(sid, _(SECTIONS[sid]), bodies[sid]) for sid in SECTIONS if bodies.get(sid)]
    nav = "".join(f'<a href="#{sid}">{e(title)}</a>' for sid, title, _html in sections)
    body = "".join(
        f'<section id="{sid}" class="{sid}"><h2>{e(title)}</h2>{html}</section>'
        for sid, title, html in sections
    )
    title = _("Scenario comparison: {names}").format(names=listed)
    meta = _(
        "emisim · Chongqing {period} · reference scenario {reference} · comparison {name} · "
        "run id {run_id}"
    ).format(
        period=e(period_of(comp.results).label(lang)),
        reference=f"<b>{e(comp.reference)}</b>",
        name=f"<code>{e(comp.name)}</code>",
        run_id=f"<code>{run_id}</code>",
    )
    page_title = _("emisim comparison")
    footer = _(
        "Generated by emisim. Every number in this report is read from the per-scenario "
        "result tables; manifest.json records each scenario's input hashes and package "
        "versions."
    )
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if _.zh else "en"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(page_title)}: {listed}</title><style>{CSS}{PRINT_CSS}</style></head>
<body><main>
<header><h1>{title}</h1>
<p class="meta">{meta}</p>
<nav>{nav}</nav></header>
<p>{_intro(comp, infeasible, _)}</p>
{body}
<footer>{e(footer)}</footer>
</main></body></html>
"""


def _intro(comp: Comparison, infeasible: list[str], _: Translator) -> str:
    text = e(
        _(
            "This report sets {n} scenarios of the emisim model side by side. Each scenario asks "
            "one question (below) of the same linear programme, which allocates Chongqing's "
            "city-wide cuts of COD, NH3-N, SO2, NOx and key-industry VOC, and its coal-share "
            "ceiling, across the 39 districts and counties and the abatement measures the plan "
            "funds, at least cost and within each district's guidance category. The tables show "
            "what each scenario costs, what the last tonne of each pollutant costs, how the cut "
            "is shared between districts and which plan requirements it meets; the differences "
            "are taken against the reference scenario {reference}."
        ).format(n=len(comp.results), reference=comp.reference)
    )
    if infeasible:
        text += " " + e(
            _(
                "{n} scenario(s) have no solution ({names}): they are kept in every table, marked "
                "infeasible, with the diagnosis of which requirements conflict."
            ).format(n=len(infeasible), names=", ".join(infeasible))
        )
    return text


def _caveats(comp: Comparison, files_html: str, _: Translator) -> str:
    items = [
        _(
            "The default data are estimates, not official statistics. The plan gives percentages "
            "and categories, not tonnes; district emissions are city totals split by proxies "
            "(county CO2, population), and most sector shares, growth rates, measure costs and "
            "removal rates are assumptions. Every number in the dataset carries a provenance "
            "grade (entries by grade: {grades}); see docs/data.md. Read the results as a "
            "demonstration of the method on plausible numbers, not as an assessment of any real "
            "district."
        ).format(grades=_grades(comp, _)),
        _(
            "Costs follow each scenario's accounting (objective.accounting; default: the present "
            "value in 2015 yuan of every unit's annualised cost from its build year to one "
            "evaluation end, whatever its life). A cost difference between two "
            "scenarios is the price of the assumption that differs, e.g. the district guidance "
            "(plan2020 vs no-guidance) or the cost case."
        ),
        _(
            "Two prices per city-wide target, from the solver's shadow prices: the cost of the "
            "plan's target (one more tonne of the target, the district bands that follow it "
            "moving too; the chart shows it) and the cost of one more tonne with the bands "
            "held (the target row's own dual). A value of 0 means the cut is met as a side "
            "effect of other requirements (bands, the coal ceiling). Beside each, its "
            "equivalent annual cost in yuan per tonne: the annualised cost of the marginal "
            "measures per tonne they remove, comparable with cost curves in the literature."
        ),
        _(
            "Cut rates are {final} emissions against {base} over each pollutant's target scope "
            "(VOC: key industries). Business-as-usual growth means a district can cut hard and "
            "still end up near its {base} level."
        ),
        _(
            "The district maps are a schematic tile layout (one equal square per unit, roughly "
            "where it lies), not geography, unless the chart's title says it uses real county "
            "boundaries (the optional maps extra)."
        ),
        _(
            "Infeasible scenarios have no allocation; their diagnosis names the smallest set of "
            "requirements that would have to give way."
        ),
    ]
    lis = "".join(f"<li>{e(t)}</li>" for t in items)
    files_word = _("Files next to this report:")
    files = f"<li>{e(files_word)} {files_html}</li>" if files_html else ""
    return f'<ul class="caveats">{lis}{files}</ul>'
