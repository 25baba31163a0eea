"""The sweep report's tables as HTML in the comparison report's style: plain headers in the
report's language, shares as percentages, money in bn yuan, parameters, outputs and
requirements in the plan's words (:mod:`emisim.reports.sweep_words`), and the conclusions
as sentences saying in how many runs each holds."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from emisim.reports.html_tables import e
from emisim.reports.i18n import Translator
from emisim.reports.sweep_words import (
    district_sentences,
    output_label,
    output_scale,
    parameter_label,
    requirement_label,
    sentence,
    share,
    status_label,
)
from emisim.sweeps.analysis import SweepData


def num(value: object, digits: int = 0) -> str:
    v = float(value)  # type: ignore[arg-type]
    return "–" if math.isnan(v) else f"{0.0 if v == 0 else v:,.{digits}f}"


def table(head: Sequence[str], rows: Sequence[Sequence[str]], first_text: bool = True) -> str:
    """A report table: the first column text (left), the others numbers (right). Cells are
    already escaped HTML."""
    if not rows:
        return ""
    th = "".join(f"<th>{e(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f"<th>{c}</th>" if i == 0 and first_text else f"<td>{c}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f'<table class="num"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def measures(data: SweepData, _: Translator) -> dict[str, str]:
    return data.labels.get(f"measure_{_.lang}", {})


def districts(data: SweepData, _: Translator) -> dict[str, str]:
    return data.labels.get(f"unit_{_.lang}", {})


def statuses_html(frame: pd.DataFrame, _: Translator) -> str:
    total = int(frame["runs"].sum()) or 1
    rows = [
        [e(status_label(str(r.status), _)), num(r.runs), share(r.runs / total)]
        for r in frame.itertuples()
    ]
    return table([_("Runs"), _("number"), _("share")], rows)


def _digits(output: str) -> int:
    return 2 if output == "total_cost_yuan" else 0


def distributions_html(frame: pd.DataFrame, data: SweepData, _: Translator) -> str:
    rows = []
    for r in frame.itertuples():
        s, d = output_scale(r.output), _digits(r.output)
        cells = [r.mean, r.p5, r.median, r.p95, r.min, r.max]
        label = output_label(r.output, _, data.accounting)
        rows.append([e(label), num(r.runs), *(num(v / s, d) for v in cells)])
    head = [_("Output"), _("solved runs"), _("mean"), "5 %", _("median"), "95 %"]
    return table([*head, _("lowest"), _("highest")], rows)


def _ci(value: float, low: float, high: float, scale: float, d: int) -> str:
    if math.isnan(low):
        return num(value / scale, d)
    interval = f"[{num(low / scale, d)} – {num(high / scale, d)}]"
    return f"{num(value / scale, d)} <span class='note'>{interval}</span>"


def finding_words(row, _: Translator) -> str:
    """The tornado's verdict on one parameter, in words."""
    if row.contradicts:
        return _("against the direction the model guarantees: noise")
    if row.settled:
        return _("raises the cost") if row.swing > 0 else _("lowers the cost")
    return _("not told from noise")


def tornado_html(frame: pd.DataFrame, data: SweepData, _: Translator, limit: int = 15) -> str:
    if not len(frame):
        return ""
    s, d = output_scale("total_cost_yuan"), 2
    names = measures(data, _)
    rows = [
        [
            e(parameter_label(r.parameter, _, names)),
            f"{num(r.runs_low)} / {num(r.runs_high)}",
            _ci(r.low, r.low_ci_low, r.low_ci_high, s, d),
            _ci(r.high, r.high_ci_low, r.high_ci_high, s, d),
            _ci(r.swing, r.swing_ci_low, r.swing_ci_high, s, d),
            e(finding_words(r, _)),
        ]
        for r in frame.head(limit).itertuples()
    ]
    bn = _("bn yuan")
    head = [
        _("Parameter"),
        _("runs low / high"),
        _("mean cost, parameter low") + f" ({bn})",
        _("mean cost, parameter high") + f" ({bn})",
        _("swing") + f" ({bn})",
        _("reading"),
    ]
    more = ""
    if len(frame) > limit:
        text = _("{n} of {total} parameters; all in tornado.csv")
        more = f"<p class='note'>{e(text.format(n=limit, total=len(frame)))}</p>"
    return table(head, rows) + more


def indices_html(frame: pd.DataFrame, data: SweepData, _: Translator, limit: int = 15) -> str:
    if not len(frame):
        return ""
    sub = frame[frame["output"] == "total_cost_yuan"].head(limit)
    names = measures(data, _)
    if "ST" in sub:
        head = [_("Parameter"), _("first-order index S1"), _("total index ST")]
        rows = [
            [
                e(parameter_label(r.parameter, _, names)),
                f"{num(r.S1, 2)} ± {num(r.S1_conf, 2)}",
                f"{num(r.ST, 2)} ± {num(r.ST_conf, 2)}",
            ]
            for r in sub.itertuples()
        ]
    else:
        bn = _("bn yuan")
        head = [_("Parameter"), f"μ* ({bn})", f"σ ({bn})"]
        rows = [
            [
                e(parameter_label(r.parameter, _, names)),
                f"{num(r.mu_star / 1e9, 3)} ± {num(r.mu_star_conf / 1e9, 3)}",
                num(r.sigma / 1e9, 3),
            ]
            for r in sub.itertuples()
        ]
    return table(head, rows)


def binding_html(frame: pd.DataFrame, _: Translator) -> str:
    rows = [
        [
            e(requirement_label(r.requirement, _)),
            share(r.share_of_runs),
            num(r.mean_binding_count, 1),
        ]
        for r in frame.itertuples()
    ]
    return table([_("Requirement"), _("binds in"), _("binding rows per run (mean)")], rows)


def conclusions_html(frame: pd.DataFrame, data: SweepData, _: Translator) -> str:
    """The conclusions as sentences: the city-wide ones, then one per pollutant and
    direction naming the districts (with each one's share of runs)."""
    if not len(frame):
        none = _("No statement holds or fails in that many runs.")
        return f"<p class='note'>{e(none)}</p>"
    rows = frame.to_dict("records")
    city = [sentence(r, bool(r["holds"]), _, {}) for r in rows if r["kind"] != "above_city"]
    local = district_sentences(
        [r for r in rows if r["kind"] == "above_city"], _, districts(data, _)
    )
    out = "".join(f"<li>{e(t)}</li>" for t in city)
    if local:
        head = _("Districts against the city-wide rate")
        out += f"<li>{e(head)}<ul>" + "".join(f"<li>{e(t)}</li>" for t in local) + "</ul></li>"
    return f"<ul>{out}</ul>"
