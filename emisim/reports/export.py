"""Write a comparison to ``<out>/compare/<name>/``, atomically: ``report.html`` (and
``report.pdf`` on request), ``workbook.xlsx``, the tables as CSV, the charts as PNG under
``charts/`` and ``manifest.json`` (each scenario's input hashes and versions)."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from emisim.comparison import TABLES, Comparison
from emisim.comparison.tables import feasible
from emisim.model.errors import expect
from emisim.outputs import (
    GENERATOR,
    atomic_dir,
    comparison_id,
    manifest,
    output_target,
    package_versions,
    write_table,
)
from emisim.reports.figures import render_charts
from emisim.reports.html import render_report
from emisim.reports.i18n import translator
from emisim.reports.lang import resolve_lang
from emisim.reports.pdf import html_to_pdf
from emisim.reports.reference import reference_analyses
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
                "description_zh": r.scenario.description_zh or "",
                "scenario_file": r.scenario.source.name if r.scenario.source else "",
                "conflict": comp.conflict_text(r.name) or "",
                "conflict_zh": comp.conflict_text(r.name, "zh") or "",
                "diagnosis": comp.diagnosis_text(r.name) or "",
                "diagnosis_zh": comp.diagnosis_text(r.name, "zh") or "",
            }
            for r in comp.results
        ]
    )


def all_tables(comp: Comparison) -> dict[str, pd.DataFrame]:
    extra = {n: t for n, t in comp.tables.items() if n not in TABLES}  # e.g. "ranges"
    return {"scenarios": scenarios_table(comp), **{n: comp.tables[n] for n in TABLES}, **extra}


#: Fixed file dates inside workbook.xlsx (a zip) and in its document properties: the
#: workbook's bytes depend on its contents only; manifest.json keeps the real dates.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CORE_DATE = "2000-01-01T00:00:00Z"


def stamp_workbook(path: Path, run_id: str) -> None:
    """Replace the clock openpyxl writes (zip entry dates, docProps/core.xml created and
    modified) with fixed dates, and record the run id as the document's identifier."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{CORE_DATE}\g<2>",
                    data.decode("utf-8"),
                )
                text = text.replace(
                    "</cp:coreProperties>",
                    f"<dc:identifier>emisim run {run_id}</dc:identifier></cp:coreProperties>",
                )
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, data)


def comparison_manifest(comp: Comparison, lang: str, files: list[str]) -> dict:
    return {
        "generator": GENERATOR,
        "run_id": comparison_id(comp.results, comp.reference, comp.name),
        "comparison": comp.name,
        "reference": comp.reference,
        "scenarios": comp.scenarios,
        "status": {r.name: str(r.status) for r in comp.results},
        "lang": lang,
        "files": files,
        "versions": package_versions(),
        "runs": {r.name: manifest(r) for r in comp.results},
    }


def write_comparison(
    comp: Comparison,
    out_root: Path | str = "outputs",
    *,
    lang: str = "en",
    pdf: bool = False,
    ranges: bool = False,
    curves: Iterable[str] | str | bool = (),
    frontier: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write everything to ``out_root/compare/<comp.name>/`` and return that folder.

    ``lang="zh"``: report, charts and workbook in Chinese when matplotlib has a CJK font
    (otherwise one warning and English). ``pdf=True`` also prints ``report.pdf`` through
    headless Chromium. The reference scenario's analyses, each a table (CSV and workbook
    sheet), charts and a report section: ``ranges``, its near-optimal ranges;
    ``curves``, its least-cost curves (``"all"`` or True for every target tightened
    together, and/or pollutant codes); ``frontier``, its cost-equity frontier.
    ``progress`` is called with one line before each long step (the CLI prints them)."""
    expect(comp, Comparison, "comp: expected the Comparison of emisim.compare()")
    expect(out_root, (str, Path), "out_root: expected a folder path")
    used, font = resolve_lang(lang)
    more, extra = reference_analyses(
        comp, used, font, ranges=ranges, curves=curves, frontier=frontier, progress=progress
    )
    if progress is not None:
        _ = translator(used)
        progress(_("drawing charts and writing the report ..."))
    charts = [*render_charts(comp, used, font), *more]
    tables = {**all_tables(comp), **extra}
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
        stamp_workbook(
            tmp / "workbook.xlsx", comparison_id(comp.results, comp.reference, comp.name)
        )
        (tmp / "charts").mkdir()
        for c in charts:
            (tmp / "charts" / f"{c.name}.png").write_bytes(c.png)
        text = json.dumps(
            comparison_manifest(comp, used, files), indent=2, ensure_ascii=False, default=str
        )
        (tmp / "manifest.json").write_text(text + "\n", encoding="utf-8")
        report = render_report(comp, charts, lang=used, files=files, tables=tables)
        (tmp / "report.html").write_text(report, encoding="utf-8")
        if pdf:
            html_to_pdf(tmp / "report.html", tmp / "report.pdf")
    return target
