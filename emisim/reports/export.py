"""Write a comparison to ``<out>/compare/<name>/``, atomically: ``report.html`` (and
``report.pdf`` on request), ``workbook.xlsx``, the tables as CSV, the charts as PNG under
``charts/`` and ``manifest.json`` (each scenario's input hashes and versions)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from emisim.analysis.ranges import near_optimal_ranges
from emisim.comparison import TABLES, Comparison
from emisim.comparison.tables import feasible
from emisim.model.errors import expect
from emisim.outputs import (
    GENERATOR,
    atomic_dir,
    manifest,
    output_target,
    package_versions,
    write_table,
)
from emisim.reports.analysis import ranges_charts
from emisim.reports.charts import Chart, font_context
from emisim.reports.figures import render_charts
from emisim.reports.html import render_report
from emisim.reports.lang import resolve_lang, unit_names
from emisim.reports.pdf import html_to_pdf
from emisim.reports.workbook import write_workbook


def scenarios_table(comp: Comparison) -> pd.DataFrame:
    """One row per scenario: status, whether it is the reference, question, diagnosis. The
    scenario file is named, not located: a report travels without this machine's paths."""
    return pd.DataFrame(
        [
            {
                "scenario": r.name,
                "reference": r.name == comp.reference,
                "status": str(r.status),
                "feasible": feasible(r),
                "description": r.scenario.description,
                "scenario_file": r.scenario.source.name if r.scenario.source else "",
                "diagnosis": comp.diagnosis_text(r.name) or "",
            }
            for r in comp.results
        ]
    )


def all_tables(comp: Comparison) -> dict[str, pd.DataFrame]:
    extra = {n: t for n, t in comp.tables.items() if n not in TABLES}  # e.g. "ranges"
    return {"scenarios": scenarios_table(comp), **{n: comp.tables[n] for n in TABLES}, **extra}


def comparison_manifest(comp: Comparison, lang: str, files: list[str]) -> dict:
    return {
        "generator": GENERATOR,
        "comparison": comp.name,
        "reference": comp.reference,
        "scenarios": comp.scenarios,
        "status": {r.name: str(r.status) for r in comp.results},
        "lang": lang,
        "files": files,
        "versions": package_versions(),
        "runs": {r.name: manifest(r) for r in comp.results},
    }


def reference_ranges(comp: Comparison, lang: str) -> tuple[list[Chart], pd.DataFrame]:
    """Near-optimal ranges of the reference scenario (if feasible): charts and table."""
    ref = next(r for r in comp.results if r.name == comp.reference)
    if not feasible(ref):
        return [], pd.DataFrame()
    r = near_optimal_ranges(ref.params, must_haves=False)
    return ranges_charts(r, unit_names(ref.dataset.units, lang), lang), r.table


def write_comparison(
    comp: Comparison,
    out_root: Path | str = "outputs",
    *,
    lang: str = "en",
    pdf: bool = False,
    ranges: bool = False,
) -> Path:
    """Write everything to ``out_root/compare/<comp.name>/`` and return that folder.

    ``lang="zh"``: report, charts and workbook in Chinese when matplotlib has a CJK font
    (otherwise one warning and English). ``pdf=True`` also prints ``report.pdf`` through
    headless Chromium. ``ranges``: also compute the reference scenario's near-optimal
    ranges (``ranges.csv``, a workbook sheet and a report section)."""
    expect(comp, Comparison, "comp: expected the Comparison of emisim.compare()")
    expect(out_root, (str, Path), "out_root: expected a folder path")
    used, font = resolve_lang(lang)
    charts = render_charts(comp, used, font)
    tables = all_tables(comp)
    if ranges:
        with font_context(font):
            more, tables["ranges"] = reference_ranges(comp, used)
        charts = [*charts, *more]
    target = output_target(Path(out_root) / "compare", comp.name)
    files = [
        "report.html",
        *(["report.pdf"] if pdf else []),
        "workbook.xlsx",
        "manifest.json",
        *(f"{n}.csv" for n in tables),
        *(f"charts/{c.name}.png" for c in charts),
    ]
    with atomic_dir(target) as tmp:
        for name, frame in tables.items():
            write_table(frame, tmp / f"{name}.csv")
        write_workbook(comp, tables, tmp / "workbook.xlsx", used)
        (tmp / "charts").mkdir()
        for c in charts:
            (tmp / "charts" / f"{c.name}.png").write_bytes(c.png)
        text = json.dumps(
            comparison_manifest(comp, used, files), indent=2, ensure_ascii=False, default=str
        )
        (tmp / "manifest.json").write_text(text + "\n", encoding="utf-8")
        report = render_report(comp, charts, lang=used, files=files)
        (tmp / "report.html").write_text(report, encoding="utf-8")
        if pdf:
            html_to_pdf(tmp / "report.html", tmp / "report.pdf")
    return target
