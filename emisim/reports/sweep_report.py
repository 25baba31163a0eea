"""``emisim sweep report NAME``: a stored sweep's report folder, written atomically.

``outputs/sweeps/<name>/report/`` holds ``report.html`` (self-contained: charts inline as
PNG), the charts as PNG, every table as CSV and a manifest. The report reads only the
stored records, so it can be made while a sweep is still missing runs (it says so).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from emisim.outputs import GENERATOR, atomic_dir, package_versions, write_table
from emisim.reports.charts import Chart
from emisim.reports.html_analysis import figure
from emisim.reports.html_css import CSS, PRINT_CSS
from emisim.reports.html_tables import e
from emisim.reports.i18n import Translator, translator
from emisim.reports.sweep_tables import (
    binding_html,
    conclusions_html,
    distributions_html,
    indices_html,
    share,
    statuses_html,
    tornado_html,
)
from emisim.sweeps import analysis
from emisim.sweeps.analysis import SweepData
from emisim.sweeps.confidence import MIN_GROUP_RUNS
from emisim.sweeps.evaluate import DEFAULT_EVALUATOR


def report_tables(data: SweepData) -> dict[str, pd.DataFrame]:
    """Every table of the report (also what a notebook shows): :meth:`SweepData.tables`."""
    return data.tables()


def _note(text: str) -> str:
    return f"<p class='note'>{e(text)}</p>"


def _h2(text: str) -> str:
    return f"<h2>{e(text)}</h2>"


def _pinned_note(pinned: pd.DataFrame, _: Translator) -> str:
    """Which district quantities the stated tie-break pins (objective.tie_break)."""
    if not len(pinned) or pinned["pinned"].isna().all():
        return _note(_("Which district cut rates are pinned is not recorded in this sweep."))
    n, total = int(pinned["pinned"].sum()), len(pinned)
    return _note(
        _(
            "Every record shows the presented plan (the stated choice among equally cheap "
            "plans, objective.tie_break), whichever worker solved it. {n} of {total} district "
            "cut rates (district and pollutant) are pinned by that choice; the others are one "
            "of several least-cost plans, and the conclusions about them say so (list: "
            "pinned.csv)."
        ).format(n=n, total=total)
    )


def _tornado_note(tornado: pd.DataFrame, _: Translator) -> str:
    """How sure the tornado is: its intervals' level, a thin sample, flagged directions."""
    if not len(tornado) or "level" not in tornado.attrs:
        return ""
    text = _(
        "Each mean and swing carries a percentile bootstrap interval (seeded by the design) "
        "in brackets, at {each} each, so that all {n} hold together at 95 %. Only a swing "
        "whose interval excludes zero is a finding; a swing against a direction the model "
        "guarantees (a dearer measure or a deeper target never lowers the least cost) is "
        "noise, whatever its size."
    ).format(each=f"{tornado.attrs['level']:.2%}", n=len(tornado))
    out = _note(text)
    if "warning" in tornado.attrs:
        fewest = int(min(tornado["runs_low"].min(), tornado["runs_high"].min()))
        warn = _(
            "Warning: only {n} solved runs in a parameter's low or high group (fewer than "
            "{least}): the intervals are wide and the ranking is not reliable; run a larger "
            "sweep."
        ).format(n=fewest, least=MIN_GROUP_RUNS)
        out += f"<p class='note'><strong>{e(warn)}</strong></p>"
    return out


def render_html(
    data: SweepData, tables: dict[str, pd.DataFrame], charts: list[Chart], lang: str = "en"
) -> str:
    """The report page: charts first, then the conclusions as sentences, then the tables."""
    _ = translator(lang)
    spec = data.spec
    by_name = {c.name: c for c in charts}

    def charts_of(*names: str) -> list[str]:
        return [figure(by_name[n]) for n in names if n in by_name]

    meta = _("base scenario {scenario}; {kind} design, {runs} runs, seed {seed}; {k} parameters")
    meta = meta.format(
        scenario=spec.base,
        kind=spec.design.kind,
        runs=len(data.design),
        seed=spec.design.seed,
        k=len(data.names),
    )
    title = _("Sweep {name}").format(name=spec.name)
    heading = _("Conclusions that hold in at least {share} of solved runs")
    reading = [
        _(
            "Every number comes from the stored per-run records; any run can be solved again "
            "in full with emisim sweep show {name} RUN_ID."
        ).format(name=spec.name),
        _(
            "Prices are those of the city-wide targets under the base scenario's cost "
            "accounting; 0 means tightening the target costs nothing."
        ),
        _(
            "The default data are estimates with provenance grades (docs/data.md): a "
            "conclusion that survives the sweep survives these ranges, not every error."
        ),
    ]
    footer = _("emisim sweep report; evaluator default {name}").format(name=DEFAULT_EVALUATOR)
    statements = _("Every candidate statement and the share of runs in which it holds:")
    parts = [
        f"<header><h1>{e(title)}</h1>",
        f"<p>{e(spec.description)}</p><p class='meta'>{e(meta)}</p></header>",
        _h2(_("What moves the answer")),
        *charts_of("distributions", "tornado", "indices", "binding"),
        _h2(heading.format(share=share(spec.threshold))),
        conclusions_html(tables["conclusions"], data, _),
        _pinned_note(tables["pinned"], _),
        _note(f"{statements} statements.csv"),
        _h2(_("Runs")),
        *[_note(_("Storage: {note}").format(note=n)) for n in data.notes],
        statuses_html(tables["statuses"], _),
        _h2(_("Distributions over the solved runs")),
        distributions_html(tables["distributions"], data, _),
        _h2(_("Which parameters matter")),
        _tornado_note(tables["tornado"], _),
        tornado_html(tables["tornado"], data, _),
        indices_html(tables["indices"], data, _),
        _h2(_("How often each requirement binds")),
        binding_html(tables["binding"], _),
        _h2(_("Reading it")),
        "<ul class='caveats'>" + "".join(f"<li>{e(t)}</li>" for t in reading) + "</ul>",
        f"<footer>{e(footer)}</footer>",
    ]
    body = "\n".join(parts)
    return (
        f'<!doctype html><html lang="{"zh-CN" if _.zh else "en"}"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{CSS}{PRINT_CSS}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def write_sweep_report(folder: Path | str, lang: str = "en") -> Path:
    """Write ``<folder>/report/`` for the sweep stored in ``folder``, in ``lang`` (en, zh:
    Chinese needs a CJK font for the charts); returns its path."""
    from emisim.reports.lang import resolve_lang
    from emisim.reports.sweep_charts import sweep_charts

    used, font = resolve_lang(lang)
    data = analysis.load(folder)
    tables = report_tables(data)
    charts = sweep_charts(data, tables, used, font)
    target = Path(folder) / "report"
    with atomic_dir(target) as tmp:
        (tmp / "charts").mkdir()
        for chart in charts:
            (tmp / "charts" / f"{chart.name}.png").write_bytes(chart.png)
        for name, frame in tables.items():
            write_table(frame, tmp / f"{name}.csv")
        (tmp / "report.html").write_text(render_html(data, tables, charts, used), "utf-8")
        manifest = {
            "generator": GENERATOR,
            "sweep": data.spec.name,
            "runs_stored": len(data.records),
            "runs_in_design": len(data.design),
            "storage_notes": list(data.notes),
            "versions": package_versions(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return target
