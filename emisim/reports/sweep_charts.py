"""Charts of a stored sweep (matplotlib object API): output distributions, a tornado,
sensitivity indices with confidence intervals, and how often each requirement binds.

Each chart draws a table from :mod:`emisim.sweeps.analysis` and computes nothing itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from emisim.reports.charts import PALETTE, Chart, font_context, png
from emisim.reports.ticks import plain_numbers
from emisim.results.prices import BANDS_HELD, PLAN_TARGET
from emisim.sweeps.analysis import SweepData

LABELS = {"total_cost_yuan": "total discounted cost (bn yuan)"}


def label(output: str) -> str:
    if output in LABELS:
        return LABELS[output]
    kind, _, q = output.partition(".")
    names = {
        BANDS_HELD: f"{q}: cost of one more tonne, bands held (price unit)",
        PLAN_TARGET: f"{q}: cost of the plan's target (price unit)",
    }
    return names.get(kind, output)


def _scale(output: str) -> float:
    return 1e9 if output == "total_cost_yuan" else 1.0


@plain_numbers
def distributions_chart(data: SweepData, outputs: list[str]) -> Figure:
    ok = data.optimal
    n = max(1, len(outputs))
    cols = min(3, n)
    rows = -(-n // cols)
    fig = Figure(figsize=(4.2 * cols, 3.0 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    for ax, out in zip(axes, outputs, strict=False):
        v = ok[out].dropna() / _scale(out)
        ax.hist(v, bins=min(40, max(5, len(v) // 8)), color=PALETTE[0], alpha=0.85)
        for q, style in ((0.05, ":"), (0.5, "-"), (0.95, ":")):
            ax.axvline(v.quantile(q), color=PALETTE[1], ls=style, lw=1.2)
        ax.set_xlabel(label(out))
        ax.set_ylabel("runs")
    for ax in axes[len(outputs) :]:
        ax.set_visible(False)
    fig.suptitle(f"{data.spec.name}: distributions over {len(ok)} solved runs (5 %, 50 %, 95 %)")
    return fig


@plain_numbers
def tornado_chart(table: pd.DataFrame, output: str, base: float, top: int = 15) -> Figure:
    """Bars to each conditional mean, whiskers its bootstrap interval (when the table has
    them); a swing not told from noise or against the model's direction is pale and says so."""
    t = table.head(top).iloc[::-1]
    s = _scale(output)
    fig = Figure(figsize=(8, 0.38 * len(t) + 1.4), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(t))
    has_ci = "low_ci_low" in t
    for side, color, text in (("low", PALETTE[2], "lowest"), ("high", PALETTE[1], "highest")):
        err = None
        if has_ci:
            err = np.vstack([t[side] - t[f"{side}_ci_low"], t[f"{side}_ci_high"] - t[side]]) / s
        bars = ax.barh(
            y,
            (t[side] - base) / s,
            left=base / s,
            color=color,
            label=f"{text} fifth",
            xerr=err,
            error_kw={"ecolor": "#555", "lw": 0.8, "capsize": 2},
        )
        if has_ci:
            for bar, sure in zip(bars, t["settled"] & ~t["contradicts"], strict=True):
                bar.set_alpha(1.0 if sure else 0.35)
    names = list(t["parameter"])
    if has_ci:
        names = [
            f"{n} (against the model: noise)" if c else n if ok else f"{n} (noise?)"
            for n, ok, c in zip(t["parameter"], t["settled"], t["contradicts"], strict=True)
        ]
    ax.axvline(base / s, color="#333", lw=1)
    ax.set_yticks(y, names)
    ax.set_xlabel(f"mean {label(output)}")
    ax.legend(loc="lower right", frameon=False)
    ax.set_title(f"Tornado: {label(output)} when each parameter is low vs high")
    return fig


@plain_numbers
def indices_chart(table: pd.DataFrame, output: str, top: int = 15) -> Figure:
    sobol = "ST" in table
    t = table.head(top).iloc[::-1]
    fig = Figure(figsize=(8, 0.38 * len(t) + 1.4), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(t))
    if sobol:
        ax.barh(y + 0.2, t["ST"], 0.4, xerr=t["ST_conf"], color=PALETTE[0], label="total (ST)")
        ax.barh(y - 0.2, t["S1"], 0.4, xerr=t["S1_conf"], color=PALETTE[4], label="first (S1)")
        ax.set_xlabel("Sobol index (95 % confidence interval)")
    else:
        ax.barh(y, t["mu_star"], xerr=t["mu_star_conf"], color=PALETTE[0], label="mu*")
        ax.set_xlabel("Morris mu* (mean |elementary effect| per unit quantile, 95 % CI)")
    ax.set_yticks(y, t["parameter"])
    ax.legend(loc="lower right", frameon=False)
    ax.set_title(f"Sensitivity of {label(output)}")
    return fig


@plain_numbers
def binding_chart(table: pd.DataFrame) -> Figure:
    t = table.iloc[::-1]
    fig = Figure(figsize=(8, 0.32 * len(t) + 1.4), layout="constrained")
    ax = fig.subplots()
    names = [r.removeprefix("bind.") for r in t["requirement"]]
    ax.barh(names, 100 * t["share_of_runs"], color=PALETTE[5])
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of solved runs in which it binds (%)")
    ax.set_title("How often each target, the coal cap and each band category binds")
    return fig


def sweep_charts(data: SweepData, tables: dict[str, pd.DataFrame]) -> list[Chart]:
    """Every chart of the report, in reading order."""
    out = []
    outputs = data.outputs()
    with font_context(None):
        if outputs:
            fig = distributions_chart(data, outputs)
            cap = "Histograms over the solved runs; dotted lines 5 % and 95 %, solid the median."
            out.append(Chart("distributions", "Distributions", cap, png(fig)))
        tor = tables.get("tornado")
        if tor is not None and len(tor):
            base = float(data.optimal["total_cost_yuan"].mean())
            fig = tornado_chart(tor, "total_cost_yuan", base)
            cap = (
                "Mean total cost in the runs where a parameter lies in its lowest or highest "
                "fifth (grid: lowest or highest value), against the mean of all runs; "
                "whiskers are bootstrap intervals, simultaneous at 95 % over the parameters; "
                "pale bars cannot be told from noise."
            )
            out.append(Chart("tornado", "Tornado: total cost", cap, png(fig)))
        idx = tables.get("indices")
        if idx is not None and len(idx):
            sub = idx[idx["output"] == "total_cost_yuan"]
            if len(sub):
                fig = indices_chart(sub.drop(columns="output"), "total_cost_yuan")
                cap = "SALib estimates on this design; bars show 95 % bootstrap intervals."
                out.append(Chart("indices", "Sensitivity indices: total cost", cap, png(fig)))
        bind = tables.get("binding")
        if bind is not None and len(bind):
            cap = "A band category binds in a run if any of its districts sits on a bound."
            out.append(Chart("binding", "Binding requirements", cap, png(binding_chart(bind))))
    return out
