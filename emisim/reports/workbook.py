"""``workbook.xlsx`` for a policy office: a contents sheet explaining every sheet, then one
sheet per table with human headers and units, names instead of ids, number formats, frozen
header rows, filters and sensible column widths (openpyxl styles), in English or Chinese.

The CSV files beside it keep the machine names and full precision; the workbook is for
reading, filtering and copying into documents.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from emisim.comparison import Comparison
from emisim.outputs import comparison_id
from emisim.reports.html_tables import indicator_spec
from emisim.reports.i18n import N_, Translator, period_of, translator
from emisim.reports.workbook_analysis import ANALYSIS_SHEETS, analysis_columns
from emisim.reports.workbook_plan import PLAN_PRESENTERS, plan_columns
from emisim.reports.workbook_sheets import SHEETS, Column, present

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
#: Indicator kind -> (scale applied to the value, Excel number format, unit added to a
#: label that does not carry one).
KINDS: dict[str, tuple[float, str, str | None]] = {
    "bn": (1e-9, "#,##0.00", None),
    "yuan": (1.0, "#,##0", None),
    "pct": (1.0, "0.00", None),
    "t": (1.0, "#,##0", None),
    "int": (1.0, "#,##0", N_("count")),
    "gini": (1.0, "0.000", N_("index: 0 equal, near 1 concentrated, above 1 where districts grow")),
}


def indicator_columns(comp: Comparison, _: Translator) -> dict[str, tuple[str, float, str]]:
    """Indicator -> (header with unit, scale, number format)."""
    out = {}
    for col, label, kind in indicator_spec(comp, _):
        if kind not in KINDS:
            continue
        scale, number_format, unit = KINDS[kind]
        out[col] = (label + (f" ({_(unit)})" if unit else ""), scale, number_format)
    return out


def _width(col: Column) -> float:
    """Characters wide: the longer of the header's longest word run and the values,
    counting a CJK character as two."""

    def chars(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    sample = [
        format(v, ",.2f") if isinstance(v, float) and math.isfinite(v) else str(v)
        for v in col.values.head(200)
    ]
    longest = max((chars(s) for s in sample), default=4)
    return float(min(max(longest, chars(col.header) / 2.2, 8) + 2, 60))


def write_sheet(ws: Worksheet, columns: list[Column]) -> None:
    """Header row (bold, shaded, wrapped, frozen, filtered) and the values with formats."""
    ws.append([c.header for c in columns])
    rows = len(columns[0].values) if columns else 0
    for i in range(rows):
        ws.append([_cell(c.values.iloc[i]) for c in columns])
    for j, c in enumerate(columns, start=1):
        letter = get_column_letter(j)
        head = ws.cell(1, j)
        head.font = Font(bold=True)
        head.fill = HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = _width(c)
        if c.number_format:
            for (cell,) in ws.iter_rows(min_row=2, max_row=rows + 1, min_col=j, max_col=j):
                cell.number_format = c.number_format
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "B2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(rows, 1) + 1}"


def _cell(v: object) -> object:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def contents_sheet(ws: Worksheet, comp: Comparison, titles: dict[str, str], _: Translator) -> None:
    """What the workbook is and, per sheet, what it holds."""
    ws.append([_("emisim scenario comparison: {names}").format(names=", ".join(comp.scenarios))])
    ws["A1"].font = Font(bold=True, size=14)
    periods = dict.fromkeys(r.dataset.plan_period.label(_.lang) for r in comp.results)
    ws.append(
        [
            _("Reference scenario: {name}. Run id {run_id}.").format(
                name=comp.reference,
                run_id=comparison_id(comp.results, comp.reference, comp.name),
            )
            + " "
            + _("Plan period: {period}").format(period="; ".join(periods))
        ]
    )
    ws.append(
        [
            _(
                "Money in 2015 yuan; every sheet has filters on its header row. The CSV files "
                "beside this workbook hold the same tables with machine names."
            )
        ]
    )
    ws.append([])
    ws.append([_("Sheet"), _("What it holds")])
    for cell in ws[5]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for key, (_title, about) in (SHEETS | ANALYSIS_SHEETS).items():
        if key in titles:
            ws.append([titles[key], _(about)])
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 110
    for row in ws.iter_rows(min_row=6):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


def write_workbook(
    comp: Comparison, tables: dict[str, pd.DataFrame], path: Path, lang: str = "en"
) -> None:
    """The formatted workbook of ``tables`` (as :func:`emisim.reports.export.all_tables`)."""
    _ = translator(lang).for_period(period_of(comp.results))
    wb = Workbook()
    contents = wb.active
    contents.title = _("Contents")[:31]
    titles: dict[str, str] = {}
    for key, frame in tables.items():
        if key in ANALYSIS_SHEETS:
            columns = analysis_columns(key, frame, comp, _)
        elif key in PLAN_PRESENTERS:
            columns = plan_columns(key, frame, comp, _)
        else:
            columns = present(key, frame, comp, _, indicator_columns(comp, _))
        if columns is None:
            continue
        sheets = SHEETS | ANALYSIS_SHEETS
        title = _(sheets[key][0])[:31] if key in sheets else key[:31]
        titles[key] = title
        write_sheet(wb.create_sheet(title), columns)
    contents_sheet(contents, comp, titles, _)
    wb.save(path)
