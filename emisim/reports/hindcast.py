"""The hindcast in words: the table of :mod:`emisim.results.hindcast` as HTML (the report's
section "What happened") and as Markdown (``emisim hindcast`` prints and writes it;
``docs/hindcast.md`` is that output), in English or Chinese through the one catalogue."""

from __future__ import annotations

import math

import pandas as pd

from emisim.reports.html_tables import GRADE_WORDS, e
from emisim.reports.i18n import N_, Translator, translator

#: Why model and official figures differ, one sentence per code of ``results.hindcast``.
REASON_TEXT = {
    "rebased": N_(
        "the official totals of the two years are on different statistical bases, so their "
        "difference is not a cut: the 2017 pollution-source census re-based them (nationally "
        "its total was {ratio} of the 2015 statistics)"
    ),
    "estimate": N_(
        "the official figure is an estimate (national total times the 2015 share), not the "
        "published one"
    ),
    "exact": N_("the least-cost model meets the requirement exactly and goes no further"),
    "side_effect": N_(
        "the model cuts beyond the target because other requirements (the plan's dated "
        "commitments, district bands, the coal ceiling) force it"
    ),
    "went_further": N_(
        "reality went further than the model: measures and policies the model lacks (closures, "
        "ultra-low emission everywhere, the Blue Sky actions) cut more than the plan required"
    ),
    "demand": N_("the model's energy demand is above what happened (growth, the 2020 slowdown)"),
    "path": N_("the model's energy follows GDP and the plan's intensity target by construction"),
}
#: Row labels of the indicators that are not a pollutant's total.
INDICATORS = {
    "coal_share": N_("Coal share of primary energy"),
    "primary_energy": N_("Primary energy"),
    "intensity_cut": N_("Energy intensity cut since {base}"),
}
HEADERS = (
    N_("Indicator"),
    N_("Model {base}"),
    N_("Official {base}"),
    N_("Model {year}"),
    N_("Official {year}"),
    N_("Model cut"),
    N_("Official cut"),
    N_("Plan requirement"),
    N_("National cut {base}-{last}, consistent basis"),
    N_("Why they differ"),
)


def _num(v: float, unit: str, _: Translator) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if unit == "share":
        return f"{v:.1%}"
    return f"{v:,.0f} " + (_("t") if unit == "t" else _("ktce"))


def _label(r: pd.Series, _: Translator) -> str:
    if r["indicator"] == "emissions":
        return _("{pollutant} total").format(pollutant=_.pollutant(r["subject"]))
    return _(INDICATORS[r["indicator"]]).format(base=int(r["base_year"]))


def _requirement(r: pd.Series, _: Translator) -> str:
    v = r["requirement"]
    if isinstance(v, float) and math.isnan(v):
        return "–"
    if r["indicator"] == "coal_share":
        return _("at most {share}").format(share=f"{v:.1%}")
    return _("cut at least {share}").format(share=f"{v:.1%}")


def _official(r: pd.Series, _: Translator) -> str:
    value = _num(r["official"], r["unit"], _)
    return f"{value} ({_(GRADE_WORDS[r['official_grade']])})" if r["official_grade"] else value


def _official_cut(r: pd.Series, _: Translator) -> str:
    cut, rebased = _num(r["official_cut"], "share", _), _("re-based")
    return f"{cut} ({rebased})" if "rebased" in r["reasons"].split(";") else cut


def cells(table: pd.DataFrame, lang: str = "en") -> tuple[list[str], list[list[str]]]:
    """The headers and the rows of the hindcast table, as text in ``lang``."""
    _ = translator(lang)
    base, year = int(table["base_year"].iloc[0]), int(table["year"].iloc[0])
    head = [_(h).format(base=base, year=year, last=year - 1) for h in HEADERS]
    rows = []
    for _i, r in table.iterrows():
        share = r["unit"] == "share"
        rows.append(
            [
                _label(r, _),
                "–"
                if share and r["indicator"] == "intensity_cut"
                else _num(r["model_base"], r["unit"], _),
                _num(r["official_base"], r["unit"], _),
                _num(r["model"], r["unit"], _),
                _official(r, _),
                _num(r["model_cut"], "share", _),
                _official_cut(r, _),
                _requirement(r, _),
                _num(r["national_cut"], "share", _),
                "; ".join(
                    _(REASON_TEXT[c]).format(ratio=f"{r['national_rebasing']:.0%}")
                    for c in r["reasons"].split(";")
                    if c
                ),
            ]
        )
    return head, rows


def sources(observed: pd.DataFrame, lang: str = "en") -> list[str]:
    """One line per official figure: what, year, value, basis, grade and source."""
    _ = translator(lang)
    return [
        f"{r.indicator} {r.subject} {r.scope} {r.year}: {r.value:,.6g} {r.unit} "
        f"({r.basis}; {_(GRADE_WORDS[r.grade])}): {r.source}"
        for r in observed.itertuples(index=False)
    ]


def hindcast_markdown(table: pd.DataFrame, observed: pd.DataFrame, lang: str = "en") -> str:
    """The table, how to read it and every official figure's source, as Markdown."""
    _ = translator(lang)
    head, rows = cells(table, lang)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows]
    notes = [_(HOW_TO_READ), "", _("Official figures and their sources:"), ""]
    notes += [f"- {line}" for line in sources(observed, lang)]
    return "\n".join([*lines, "", *notes]) + "\n"


HOW_TO_READ = N_(
    "Model: the scenario's least-cost answer, recomputed from its output tables (emissions, "
    "coal). Official: the statistics of the same year, with their grade. A cut is the fall "
    "against 2015; between two official totals on different statistical bases it is not a "
    "cut but a re-basing, so the nation's cut on its own consistent total-control basis "
    "(2015-2019) is shown as the comparable benchmark."
)


def hindcast_html(table: pd.DataFrame, observed: pd.DataFrame, _: Translator) -> str:
    """The report's section: the table, how to read it, and the sources (collapsed)."""
    head, rows = cells(table, _.lang)
    th = "".join(f"<th>{e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
    items = "".join(f"<li>{e(s)}</li>" for s in sources(observed, _.lang))
    title = _("Official figures and their sources:")
    return (
        f"<table class='hindcast'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
        f"<p class='note'>{e(_(HOW_TO_READ))}</p>"
        f"<details><summary>{e(title)}</summary><ul>{items}</ul></details>"
    )
