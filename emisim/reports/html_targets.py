"""The headline table: every requirement family's target beside what each scenario
achieves (city-wide rows one by one, district families as counts met)."""

from __future__ import annotations

import pandas as pd

from emisim.comparison import Comparison
from emisim.comparison.tables import feasible
from emisim.model.requirements import FAMILIES, MILESTONE
from emisim.reports.html_tables import CITY_GROUPS, e, family_label, head, table
from emisim.reports.i18n import Translator
from emisim.reports.lang import unit_names

CITY = CITY_GROUPS
#: Families whose required value is a rate or a share, shown in per cent.
PERCENT = tuple(f.name for f in FAMILIES.values() if f.unit in ("cut rate", "share"))


def _money(family: str) -> bool:
    return family in FAMILIES and FAMILIES[family].unit == "yuan"


def _value(family: str, v: float) -> str:
    if family in PERCENT:
        return f"{100 * v:.2f} %"
    if _money(family):
        return f"{v / 1e9:,.2f}"
    return f"{v:,.2f}"


def _label(rec: pd.Series, _: Translator, names: dict[str, str]) -> str:
    fam = family_label(str(rec["family"]), _)
    parts = [fam]
    district = rec["family"] != MILESTONE.name and rec["subject"] not in ("city", "")
    if district:  # a city-wide family's row about one district (key-project tonnes)
        parts.append(names.get(str(rec["subject"]), str(rec["subject"])))
    if rec["pollutant"]:
        parts.append(_.pollutant(str(rec["pollutant"])))
    if rec["family"] == MILESTONE.name:
        parts.append(str(rec["subject"]).removeprefix("city "))
    if _money(str(rec["family"])):
        parts.append(_("bn yuan"))
    if rec["family"] in FAMILIES and FAMILIES[str(rec["family"])].unit == "t":
        parts.append(_("t/yr"))
    return " · ".join(parts)


def _city_rows(comp: Comparison, _: Translator) -> dict[tuple, dict[str, tuple]]:
    """(family, subject, pollutant, sense) -> scenario -> (required, achieved, met)."""
    rows: dict[tuple, dict[str, tuple]] = {}
    for r in comp.feasible:
        c = r.compliance
        for rec in c[c["family"].isin(CITY)].itertuples():
            key = (rec.family, rec.subject, rec.pollutant or "", rec.sense)
            rows.setdefault(key, {})[r.name] = (rec.required, rec.achieved, bool(rec.met))
    return rows


def targets_html(comp: Comparison, _: Translator) -> str:
    """Requirement x scenario: target and achievement side by side, coloured met/not met."""
    sense = {">=": "≥", "<=": "≤", "==": "="}
    body = []
    names = unit_names(comp.results[0].dataset.units, _.lang)
    for (fam, subject, q, s), cells in _city_rows(comp, _).items():
        rec = pd.Series({"family": fam, "subject": subject, "pollutant": q})
        row = [e(_label(rec, _, names))]
        for n in comp.scenarios:
            if n not in cells:
                row += ['<td class="na">–</td>', '<td class="na">–</td>']
                continue
            req, got, met = cells[n]
            cls = "met" if met else "unmet"
            row += [
                f"<td>{sense.get(s, s)} {_value(fam, req)}</td>",
                f'<td class="{cls}">{_value(fam, got)}</td>',
            ]
        body.append(row)
    families = sorted({f for r in comp.feasible for f in r.compliance["family"]} - set(CITY))
    for fam in families:
        row = [e(family_label(fam, _) + " · " + _("districts and measures"))]
        for n in comp.scenarios:
            r = comp.result(n)
            c = r.compliance[r.compliance["family"] == fam] if feasible(r) else None
            if c is None or c.empty:
                row += ['<td class="na">–</td>', '<td class="na">–</td>']
                continue
            met, total = int(c["met"].sum()), len(c)
            cls = "met" if met == total else "unmet"
            imposed = _("all {n} within").format(n=total)
            achieved = _("{met} met").format(met=met)
            row += [f"<td>{e(imposed)}</td>", f'<td class="{cls}">{e(achieved)}</td>']
        body.append(row)
    cols = []
    for h in head(comp, comp.scenarios, _):
        cols += [h + "<br>" + e(_("target")), h + "<br>" + e(_("achieved"))]
    return table([e(_("Requirement")), *cols], body, "num targets")
