"""Key-project tonnes by district (issue 17): for each scenario with key-project
requirements, the tonnes per year the measures deployed in the period remove by the final
year in each district, per pollutant, beside the city requirement and its price. Read from
the run's ``measures`` table (final-year ``removal_<q>_t``), the same numbers the
requirement counts."""

from __future__ import annotations

import pandas as pd

from emisim.comparison import Comparison
from emisim.model.requirements import KEY_PROJECT
from emisim.model.vocabulary import POLLUTANTS
from emisim.reports.html_tables import e, table
from emisim.reports.i18n import Translator
from emisim.reports.lang import unit_names


def key_project_tonnes(
    measures: pd.DataFrame, final_year: int, since: int | None = None
) -> pd.DataFrame:
    """District x pollutant: t/yr removed in ``final_year`` by the measures in place, less
    those in place in ``since`` (a chain's earlier period: Params.key_project_from)."""
    last = measures[measures["year"] == final_year]
    cols = [f"removal_{q}_t" for q in POLLUTANTS if f"removal_{q}_t" in last.columns]
    out = last.groupby("code")[cols].sum()
    if since is not None:
        before = measures[measures["year"] == since].groupby("code")[cols].sum()
        out = out.sub(before, fill_value=0.0)
    out.columns = [c.removeprefix("removal_").removesuffix("_t") for c in out.columns]
    return out


def _one(r, names: dict[str, str], _: Translator) -> str:
    req = r.tables["requirements"]
    city = req[(req["family"] == KEY_PROJECT.name) & (req["subject"] == "city")]
    pollutants = [q for q in POLLUTANTS if q in set(city["pollutant"])]
    p = r.params
    tonnes = key_project_tonnes(r.tables["measures"], p.final_year, p.key_project_from)
    head = [e(_("District"))] + [e(_.pollutant(q)) + " (" + e(_("t/yr")) + ")" for q in pollutants]
    rows = []
    for code in tonnes.index:
        cells = [f"<td>{float(tonnes.at[code, q]):,.0f}</td>" for q in pollutants]
        rows.append([e(names.get(code, code)), *cells])
    by_q = city.set_index("pollutant")
    total = [f"<td><b>{float(tonnes[q].sum()):,.0f}</b></td>" for q in pollutants]
    rows.append([e(_("City total")), *total])
    need = [f"<td>{float(by_q.at[q, 'required']):,.0f}</td>" for q in pollutants]
    rows.append([e(_("Required by the plan")), *need])
    unit = str(by_q["price_unit"].iloc[0]) if len(by_q) else ""
    price = [f"<td>{float(by_q.at[q, 'price']):,.0f}</td>" for q in pollutants]
    rows.append([e(_("Price ({unit})").format(unit=_(unit))), *price])
    title = _("{scenario}: tonnes removed by key projects in {year}, by district").format(
        scenario=r.name, year=r.params.final_year
    )
    return f"<h3>{e(title)}</h3>" + table(head, rows, "keyprojects")


def key_projects_html(comp: Comparison, _: Translator) -> str:
    """One table per feasible scenario that requires key-project tonnes ('' if none)."""
    out = []
    for r in comp.feasible:
        req = r.tables.get("requirements")
        if req is None or not (req["family"] == KEY_PROJECT.name).any():
            continue
        out.append(_one(r, unit_names(r.dataset.units, _.lang), _))
    return "".join(out)
