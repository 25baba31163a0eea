"""Charts of a stored sweep (matplotlib object API): output distributions, a tornado,
sensitivity indices with confidence intervals, and how often each requirement binds.

Each chart draws a table from :mod:`emisim.sweeps.analysis` and computes nothing itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from emisim.reports.charts import PALETTE, Chart, font_context, png
from emisim.reports.i18n import translator
from emisim.reports.sweep_words import (
    output_label,
    output_scale,
    parameter_label,
    requirement_label,
)
from emisim.reports.ticks import plain_numbers
from emisim.sweeps.analysis import SweepData

#: Longest parameter label on a chart (the tables give it whole).
LABEL_CHARS = 48


def short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


@plain_numbers
def distributions_chart(data: SweepData, outputs: list[str], lang: str = "en") -> Figure:
    """A histogram of each output over the solved runs, its 5 %, 50 % and 95 % marked."""
    _ = translator(lang)
    ok = data.optimal
    n = max(1, len(outputs))
    cols = min(3, n)
    rows = -(-n // cols)
    fig = Figure(figsize=(4.2 * cols, 3.0 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    for ax, out in zip(axes, outputs, strict=False):
        v = ok[out].dropna() / output_scale(out)
        ax.hist(v, bins=min(40, max(5, len(v) // 8)), color=PALETTE[0], alpha=0.85)
        for q, style in ((0.05, ":"), (0.5, "-"), (0.95, ":")):
            ax.axvline(v.quantile(q), color=PALETTE[1], ls=style, lw=1.2)
        ax.set_xlabel(output_label(out, _, data.accounting), fontsize=8.5)
        ax.xaxis.set_major_locator(MaxNLocator(4))  # room for "1,250,000" under each tick
        ax.set_ylabel(_("runs"))
    for ax in axes[len(outputs) :]:
        ax.set_visible(False)
    title = _("{name}: distributions over {n} solved runs (5 %, 50 %, 95 %)")
    fig.suptitle(title.format(name=data.spec.name, n=len(ok)))
    return fig


@plain_numbers
def tornado_chart(
    table: pd.DataFrame,
    output: str,
    base: float,
    top: int = 15,
    lang: str = "en",
    measures: dict[str, str] | None = None,
    accounting: str = "lifetime",
) -> Figure:
    """Bars to each conditional mean, whiskers its bootstrap interval (when the table has
    them); a swing not told from noise or against the model's direction is pale and says so."""
    _ = translator(lang)
    t = table.head(top).iloc[::-1]
    s = output_scale(output)
    fig = Figure(figsize=(10, 0.38 * len(t) + 1.4), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(t))
    has_ci = "low_ci_low" in t
    sides = (("low", PALETTE[2], _("lowest fifth")), ("high", PALETTE[1], _("highest fifth")))
    for side, color, text in sides:
        err = None
        if has_ci:
            err = np.vstack([t[side] - t[f"{side}_ci_low"], t[f"{side}_ci_high"] - t[side]]) / s
        bars = ax.barh(
            y,
            (t[side] - base) / s,
            left=base / s,
            color=color,
            label=text,
            xerr=err,
            error_kw={"ecolor": "#555", "lw": 0.8, "capsize": 2},
        )
        if has_ci:
            for bar, sure in zip(bars, t["settled"] & ~t["contradicts"], strict=True):
                bar.set_alpha(1.0 if sure else 0.35)
    names = [short(parameter_label(n, _, measures or {})) for n in t["parameter"]]
    if has_ci:
        against, noise = _("against the model: noise"), _("noise?")
        names = [
            f"{n} ({against})" if c else n if ok else f"{n} ({noise})"
            for n, ok, c in zip(names, t["settled"], t["contradicts"], strict=True)
        ]
    ax.axvline(base / s, color="#333", lw=1)
    ax.set_yticks(y, names)
    what = output_label(output, _, accounting)
    ax.set_xlabel(_("mean {output}").format(output=what))
    ax.legend(loc="lower right", frameon=False)
    ax.set_title(_("Tornado: {output} when each parameter is low vs high").format(output=what))
    return fig


@plain_numbers
def indices_chart(
    table: pd.DataFrame,
    output: str,
    top: int = 15,
    lang: str = "en",
    measures: dict[str, str] | None = None,
    accounting: str = "lifetime",
) -> Figure:
    """Sobol S1 and ST, or Morris mu*, of each parameter with their intervals."""
    _ = translator(lang)
    sobol = "ST" in table
    t = table.head(top).iloc[::-1]
    fig = Figure(figsize=(8, 0.38 * len(t) + 1.4), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(t))
    if sobol:
        ax.barh(y + 0.2, t["ST"], 0.4, xerr=t["ST_conf"], color=PALETTE[0], label=_("total (ST)"))
        ax.barh(y - 0.2, t["S1"], 0.4, xerr=t["S1_conf"], color=PALETTE[4], label=_("first (S1)"))
        ax.set_xlabel(_("Sobol index (95 % confidence interval)"))
    else:
        ax.barh(y, t["mu_star"], xerr=t["mu_star_conf"], color=PALETTE[0], label="μ*")
        ax.set_xlabel(_("Morris μ* (mean |elementary effect| per unit quantile, 95 % interval)"))
    ax.set_yticks(y, [short(parameter_label(n, _, measures or {})) for n in t["parameter"]])
    ax.legend(loc="lower right", frameon=False)
    what = output_label(output, _, accounting)
    ax.set_title(_("Sensitivity of {output}").format(output=what))
    return fig


@plain_numbers
def binding_chart(table: pd.DataFrame, lang: str = "en") -> Figure:
    """The share of solved runs in which each requirement binds."""
    _ = translator(lang)
    t = table.iloc[::-1]
    fig = Figure(figsize=(8, 0.26 * len(t) + 1.4), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(t))
    ax.barh(y, 100 * t["share_of_runs"], color=PALETTE[5])
    ax.set_yticks(y, [requirement_label(r, _) for r in t["requirement"]])
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("share of solved runs in which it binds (%)"))
    ax.set_title(_("How often each target, the coal ceiling and each band category binds"))
    return fig


def sweep_charts(
    data: SweepData, tables: dict[str, pd.DataFrame], lang: str = "en", font: str | None = None
) -> list[Chart]:
    """Every chart of the report, in reading order, in ``lang`` (``font``: a CJK family
    for zh, as :func:`emisim.reports.lang.resolve_lang` gives it)."""
    _ = translator(lang)
    names = data.labels.get(f"measure_{lang}", {})
    out = []
    outputs = data.outputs()
    with font_context(font):
        if outputs:
            fig = distributions_chart(data, outputs, lang)
            cap = _("Histograms over the solved runs; dotted lines 5 % and 95 %, solid the median.")
            out.append(Chart("distributions", _("Distributions"), cap, png(fig)))
        tor = tables.get("tornado")
        if tor is not None and len(tor):
            base = float(data.optimal["total_cost_yuan"].mean())
            fig = tornado_chart(tor, "total_cost_yuan", base, 15, lang, names, data.accounting)
            cap = _(
                "Mean total cost in the runs where a parameter lies in its lowest or highest "
                "fifth (grid: lowest or highest value), against the mean of all runs; "
                "whiskers are bootstrap intervals, simultaneous at 95 % over the parameters; "
                "pale bars cannot be told from noise."
            )
            out.append(Chart("tornado", _("Tornado: total cost"), cap, png(fig)))
        idx = tables.get("indices")
        if idx is not None and len(idx):
            sub = idx[idx["output"] == "total_cost_yuan"]
            if len(sub):
                fig = indices_chart(
                    sub.drop(columns="output"), "total_cost_yuan", 15, lang, names, data.accounting
                )
                cap = _("SALib estimates on this design; bars show 95 % bootstrap intervals.")
                title = _("Sensitivity indices: total cost")
                out.append(Chart("indices", title, cap, png(fig)))
        bind = tables.get("binding")
        if bind is not None and len(bind):
            cap = _("A band category binds in a run if any of its districts sits on a bound.")
            title = _("Binding requirements")
            out.append(Chart("binding", title, cap, png(binding_chart(bind, lang))))
    return out
