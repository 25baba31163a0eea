"""Comparison charts shared pieces, and the cost charts (matplotlib, object API only: no
pyplot state, nothing to close).

Every chart reads the comparison's tables or the scenarios' result tables; none computes
a number the tables do not hold. Infeasible scenarios get a labelled empty panel or slot.
Every text goes through the message catalogue (:mod:`emisim.reports.i18n`).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from emisim.comparison import Comparison
from emisim.model.vocabulary import POLLUTANTS
from emisim.reports.i18n import N_, Translator, translator
from emisim.reports.ticks import plain_numbers
from emisim.results.prices import PLAN_TARGET

#: Scenario colours, reference first (colour-blind-friendly "Okabe-Ito" order).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#999999")
DPI = 100


@dataclass(frozen=True)
class Chart:
    name: str  # file stem, e.g. "prices"
    title: str
    caption: str
    png: bytes


def colours(names: list[str]) -> dict[str, str]:
    return {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    return buf.getvalue()


@contextlib.contextmanager
def font_context(font: str | None) -> Iterator[None]:
    """Use ``font`` (a CJK family) for every text, DejaVu Sans for missing glyphs."""
    rc = {"font.family": [font, "DejaVu Sans"]} if font else {}
    with mpl.rc_context({"axes.spines.top": False, "axes.spines.right": False, **rc}):
        yield


def infeasible_note(ax: Axes, name: str, _: Translator) -> None:
    """Say in the panel that the scenario has no solution. The axes are hidden, not
    cleared, so panels sharing their axes with it keep their ticks."""
    ax.text(
        0.5,
        0.5,
        _("{name}: infeasible (no solution; see the diagnosis)").format(name=name),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color="#a33",
        fontsize=9,
        wrap=True,
    )
    ax.set_axis_off()


def _bar_labels(ax: Axes, xs: np.ndarray, vals: np.ndarray) -> None:
    """Each bar's value above it; "0" (not binding) and "n/a" (no price) at the foot."""
    foot = ax.get_xaxis_transform()
    for xi, v in zip(xs, vals, strict=True):
        if not np.isfinite(v):
            ax.text(
                xi,
                0.02,
                "n/a",
                ha="center",
                va="bottom",
                fontsize=7,
                rotation=90,
                transform=foot,
                color="#666",
            )
        elif v == 0:
            ax.text(
                xi, 0.02, "0", ha="center", va="bottom", fontsize=8, transform=foot, color="#666"
            )
        else:
            ax.text(xi, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=7, rotation=90)


#: Units of a price under each cost accounting (``summary["price_unit"]``), for the catalogue.
PRICE_UNITS = {"PV yuan per t/yr": N_("PV yuan per t/yr"), "yuan/t": N_("yuan/t")}


def price_units(comp: Comparison, _: Translator) -> str:
    """The prices' unit: one, or each scenario's where their accountings differ."""
    units = {r.name: r.summary.get("price_unit", "yuan/t") for r in comp.feasible}
    shown = {_(PRICE_UNITS.get(u, u)) for u in units.values()}
    if len(shown) <= 1:
        return next(iter(shown), _("yuan/t"))
    return "; ".join(f"{n}: {_(PRICE_UNITS.get(u, u))}" for n, u in units.items())


@plain_numbers
def price_chart(comp: Comparison, lang: str = "en") -> Figure:
    """Grouped bars: the cost of the plan's target of every pollutant per scenario — the
    price the key indicators lead with (``plan_target_price_<P>``), in the scenarios'
    price unit. Signed: a tighter target can cost less where it relaxes a band ceiling."""
    _ = translator(lang)
    ind = comp.indicators.set_index("scenario")
    col = colours(comp.scenarios)
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    ax = fig.subplots()
    n = len(comp.scenarios)
    width = 0.8 / n
    x = np.arange(len(POLLUTANTS))
    values = [ind.get(f"{PLAN_TARGET}_{q}", pd.Series(np.nan, index=ind.index)) for q in POLLUTANTS]
    table = pd.concat(values, axis=1).astype(float)
    shown_all = table.to_numpy()[np.isfinite(table.to_numpy()) & (table.to_numpy() != 0)]
    log = len(shown_all) > 1 and shown_all.min() > 0 and shown_all.max() / shown_all.min() > 50
    for i, name in enumerate(comp.scenarios):
        xs = x - 0.4 + width * (i + 0.5)
        vals = table.loc[name].to_numpy()
        shown = np.where(np.isfinite(vals) & (vals != 0), vals, np.nan)
        ax.bar(xs, shown, width * 0.92, color=col[name], label=name)
        _bar_labels(ax, xs, vals)
    if log:
        ax.set_yscale("log")
    else:
        ax.axhline(0, color="#888", lw=0.6)
    ax.set_xticks(x, [_.pollutant(q) for q in POLLUTANTS])
    unit = price_units(comp, _)
    ax.set_ylabel(_("{unit}, log scale").format(unit=unit) if log else unit)
    ax.set_title(_("Cost of the plan's target of each city-wide cut"))
    ax.legend(
        frameon=False, fontsize=8, ncols=min(n, 4), loc="upper center", bbox_to_anchor=(0.5, -0.08)
    )
    ax.margins(y=0.25)
    return fig


def measure_labels(comp: Comparison, lang: str) -> dict[str, str]:
    col = "name_zh" if lang == "zh" else "name_en"
    m = comp.results[0].dataset.measures
    out = {}
    for k, v in zip(m["measure"], m[col], strict=True):
        text = str(v)
        out[str(k)] = text if len(text) <= 46 else text[:45].rstrip() + "…"
    return out


@plain_numbers
def cost_by_measure_chart(comp: Comparison, lang: str = "en", top: int = 18) -> Figure:
    """Horizontal grouped bars: cost (each scenario's accounting) of each measure (m yuan)."""
    _ = translator(lang)
    t = comp.costs_by_measure.dropna(subset=["measure"])
    col = colours(comp.scenarios)
    wide = (
        t.pivot_table(
            index="measure",
            columns="scenario",
            values="cost_yuan",
            aggfunc="sum",
            fill_value=0.0,
        )
        / 1e6
    )
    wide = wide.reindex(columns=[s for s in comp.scenarios if s in wide.columns])
    order = wide.max(axis=1).sort_values(ascending=False)
    shown = wide.loc[order.index[:top]]
    rest = wide.loc[order.index[top:]]
    labels = measure_labels(comp, lang)
    if len(rest):
        other = _("other ({n} measures)").format(n=len(rest))
        shown.loc[other] = rest.sum()
    n = max(1, len(wide.columns))
    fig = Figure(figsize=(10, 0.24 * len(shown) * max(1, n / 2) + 1.4), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(shown))[::-1]
    h = 0.8 / n
    for i, name in enumerate(wide.columns):
        ax.barh(y + 0.4 - h * (i + 0.5), shown[name], h * 0.92, color=col[name], label=name)
    ax.set_yticks(y, [labels.get(k, k) for k in shown.index], fontsize=8)
    ax.set_xlabel(_("cost (scenario accounting), million yuan (2015 prices)"))
    ax.set_title(_("Cost by abatement measure"))
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    ax.grid(axis="x", color="#ddd", lw=0.6)
    ax.set_axisbelow(True)
    return fig
