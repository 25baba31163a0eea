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
from emisim.reports.html_css import CSS
from emisim.reports.html_tables import e
from emisim.sweeps import analysis
from emisim.sweeps.analysis import SweepData
from emisim.sweeps.evaluate import DEFAULT_EVALUATOR


def report_tables(data: SweepData) -> dict[str, pd.DataFrame]:
    """Every table of the report (also what a notebook shows)."""
    return {
        "statuses": analysis.status_counts(data),
        "distributions": analysis.distributions(data),
        "tornado": analysis.tornado(data) if len(data.optimal) else pd.DataFrame(),
        "indices": analysis.indices(data),
        "binding": analysis.binding_shares(data),
        "conclusions": analysis.conclusions(data),
        "statements": analysis.statements(data) if len(data.optimal) else pd.DataFrame(),
        "pinned": analysis.pinned_table(data),
    }


def _table(frame: pd.DataFrame, limit: int = 60) -> str:
    if frame is None or not len(frame):
        return '<p class="note">(none)</p>'
    more = f'<p class="note">first {limit} of {len(frame)} rows; all in the CSV</p>'
    html = frame.head(limit).to_html(index=False, float_format=lambda v: f"{v:,.4g}", border=0)
    return html.replace('class="dataframe"', 'class="num"') + (more if len(frame) > limit else "")


def _pinned_note(pinned: pd.DataFrame) -> str:
    """Which district quantities the stated tie-break pins (objective.tie_break)."""
    if not len(pinned) or pinned["pinned"].isna().all():
        return '<p class="note">Which district cut rates are pinned is not recorded.</p>'
    n, total = int(pinned["pinned"].sum()), len(pinned)
    return (
        f'<p class="note">Every record shows the presented plan (the stated choice among '
        f"equally cheap plans, <code>objective.tie_break</code>), whichever worker solved it. "
        f"{n} of {total} district cut rates (district x pollutant) are pinned by that choice; "
        'the others are one of several least-cost plans, marked "not pinned" in the '
        "statements (list: pinned.csv).</p>"
    )


def _tornado_note(tornado: pd.DataFrame) -> str:
    """How sure the tornado is: its intervals' level, a thin sample, flagged directions."""
    if not len(tornado) or "level" not in tornado.attrs:
        return ""
    each = tornado.attrs["level"]
    text = (
        "Each mean and swing carries a percentile bootstrap interval (seeded by the design), "
        f"at {each:.2%} each, so that all {len(tornado)} hold together at 95 %. Only a swing "
        'whose interval excludes zero is a finding ("rises"/"falls"); a swing against a '
        "direction the model guarantees (a dearer measure or a deeper target never lowers the "
        "least cost) is noise, whatever its size."
    )
    out = f'<p class="note">{e(text)}</p>'
    if "warning" in tornado.attrs:
        out += f'<p class="note"><strong>Warning:</strong> {e(tornado.attrs["warning"])}.</p>'
    return out


def render_html(data: SweepData, tables: dict[str, pd.DataFrame], charts: list[Chart]) -> str:
    spec = data.spec
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    thr = f"{spec.threshold:.0%}"
    parts = [
        f"<header><h1>Sweep {e(spec.name)}</h1><p>{e(spec.description)}</p>",
        f'<p class="meta">base scenario <code>{e(spec.base)}</code>; {spec.design.kind} design, '
        f"{len(data.design)} runs, seed {spec.design.seed}; {len(data.names)} parameters; "
        f"made {stamp}</p></header>",
        "<h2>Runs</h2>",
        *[f'<p class="note">Storage: {e(n)}</p>' for n in data.notes],
        _table(tables["statuses"]),
        f"<h2>Conclusions that hold in at least {thr} of solved runs</h2>",
        '<p class="note">"NOT:" marks a statement that fails in at least that share. Every '
        "statement and its share is in statements.csv.</p>",
        _table(tables["conclusions"], 80),
        _pinned_note(tables["pinned"]),
        "<h2>Distributions</h2>",
        _table(tables["distributions"]),
        *[figure(c) for c in charts if c.name == "distributions"],
        "<h2>Which parameters matter</h2>",
        *[figure(c) for c in charts if c.name in ("tornado", "indices")],
        _tornado_note(tables["tornado"]),
        _table(tables["tornado"], 25),
        _table(tables["indices"], 40) if len(tables["indices"]) else "",
        "<h2>How often each requirement binds</h2>",
        *[figure(c) for c in charts if c.name == "binding"],
        _table(tables["binding"]),
        '<h2>Reading it</h2><ul class="caveats">',
        "<li>Every number comes from the stored per-run records; any run can be solved again "
        f"in full with <code>emisim sweep show {e(spec.name)} RUN_ID</code>.</li>",
        "<li>Prices are the city-target duals, annualised yuan per tonne; 0 means the target "
        "does not bind.</li>",
        "<li>The default data are estimates with provenance grades (docs/data.md): a "
        "conclusion that survives the sweep survives these ranges, not every error.</li></ul>",
        f"<footer>emisim sweep report; evaluator default {DEFAULT_EVALUATOR}</footer>",
    ]
    body = "\n".join(parts)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sweep '
        f"{e(spec.name)}</title><style>{CSS}</style></head><body><main>{body}</main></body></html>"
    )


def write_sweep_report(folder: Path | str) -> Path:
    """Write ``<folder>/report/`` for the sweep stored in ``folder``; returns its path."""
    from emisim.reports.sweep_charts import sweep_charts

    data = analysis.load(folder)
    tables = report_tables(data)
    charts = sweep_charts(data, tables)
    target = Path(folder) / "report"
    with atomic_dir(target) as tmp:
        (tmp / "charts").mkdir()
        for chart in charts:
            (tmp / "charts" / f"{chart.name}.png").write_bytes(chart.png)
        for name, frame in tables.items():
            write_table(frame, tmp / f"{name}.csv")
        (tmp / "report.html").write_text(render_html(data, tables, charts), "utf-8")
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
