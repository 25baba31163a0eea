"""District maps of a comparison: small multiples, one panel per scenario, with one colour
scale for all panels (diverging around zero where values change sign) and each unit's plan
category drawn as a marker."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
from matplotlib.colors import Normalize, TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from emisim.comparison import Comparison
from emisim.comparison.tables import feasible
from emisim.model.data import Dataset
from emisim.model.vocabulary import AIR_POLLUTANTS, FAMILIES
from emisim.reports.i18n import Translator, period_of, translator
from emisim.reports.maps import CATEGORY_MARKERS, boundaries, draw_map, tile_points
from emisim.reports.ticks import plain_numbers

#: Width of one map panel (inches): about the printed A4 page's, so a label prints at its size.
PANEL_WIDTH = 7.4


def scale(values: list[float], signed: bool) -> tuple[str, Normalize]:
    """Colour map and norm: diverging (red = growth, blue = cut) centred on zero when
    ``signed`` values take both signs, else sequential from zero."""
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if signed and lo < 0 < hi:
        return "RdBu", TwoSlopeNorm(vcenter=0.0, vmin=lo, vmax=hi)
    if signed and hi <= 0:
        return "Reds_r", Normalize(min(lo, -1e-9), 0.0)
    return ("Blues" if signed else "YlOrRd"), Normalize(0.0, max(hi, 1e-9))


def category_index(ds: Dataset, family: str) -> dict[str, int]:
    """Unit code -> position of its plan category in ``family`` (the marker to draw)."""
    g = ds.guidance
    g = g[g["family"] == family]
    order = FAMILIES[family]
    return {
        str(s): order.index(c)
        for s, c in zip(g["subject"], g["category"], strict=True)
        if c in order
    }


def category_legend(fig: Figure, family: str, used: set[int], _: Translator) -> None:
    handles = [
        Line2D([], [], marker=m, ls="", mfc="white", mec="black", label=_.category(family, c))
        for k, (m, c) in enumerate(zip(CATEGORY_MARKERS, FAMILIES[family], strict=False))
        if k in used
    ]
    title = _("Plan category ({family})").format(family=_.family(family))
    fig.legend(
        handles=handles,
        title=title,
        loc="outside lower center",
        ncols=max(1, len(handles)),
        fontsize=8,
        title_fontsize=8.5,
        frameon=False,
    )


def metric_values(comp: Comparison, metric: str) -> dict[str, dict[str, float]]:
    """Scenario -> unit -> value: cost (million yuan, the scenario's accounting) or a
    pollutant's cut %."""
    out: dict[str, dict[str, float]] = {}
    for r in comp.results:
        if not feasible(r):
            continue
        if metric == "cost":
            t = comp.costs_by_unit[comp.costs_by_unit["scenario"] == r.name]
            out[r.name] = dict(zip(t["code"], t["cost_yuan"] / 1e6, strict=True))
        else:
            a = r.allocation[r.allocation["pollutant"] == metric]
            out[r.name] = dict(zip(a["code"], a["cut_pct"], strict=True))
    return out


@plain_numbers
def map_chart(comp: Comparison, metric: str, labels: Mapping[str, str], lang: str = "en") -> Figure:
    """Small multiples of the district map, one per scenario: cost per unit
    (``metric="cost"``, million yuan) or the cut rate of a pollutant (% vs 2015)."""
    _ = translator(lang).for_period(period_of(comp.results))
    values = metric_values(comp, metric)
    every = [v for d in values.values() for v in d.values() if np.isfinite(v)]
    cmap, norm = scale(every, signed=metric != "cost")
    if metric == "cost":
        fmt, family = "{:,.0f}", "air"
        unit = _("cost (scenario accounting), million yuan")
        title = _("Cost by district")
    else:
        fmt, family = "{:.1f}", "air" if metric in AIR_POLLUTANTS else "water"
        q = _.pollutant(metric)
        unit = _("{pollutant} cut {final} vs {base}, % (negative = growth)").format(pollutant=q)
        title = _("{pollutant} cut rate by district").format(pollutant=q)
    first = comp.results[0]
    polygons = boundaries(
        dict(zip(first.dataset.units["code"], first.dataset.units["name_zh"], strict=True))
    )
    cats = category_index(first.dataset, family)
    shown = [r.name for r in comp.results if r.name in values]
    missing = [r.name for r in comp.results if r.name not in values]
    # one panel per row up to three scenarios: a panel then spans the printed page's width,
    # and each district's name is readable on A4 (see emisim.reports.maps.TILE_WIDTH)
    ncols = 1 if len(shown) <= 3 else 2
    nrows = max(1, -(-len(shown) // ncols))
    fig = Figure(figsize=(PANEL_WIDTH * ncols, 3.45 * nrows + 1.1), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[len(shown) :]:
        ax.axis("off")
    for ax, name in zip(axes, shown, strict=False):
        ax.set_title(name, fontsize=11, fontweight="bold")
        draw_map(
            ax,
            values[name],
            labels,
            cmap=cmap,
            norm=norm,
            fmt=fmt,
            polygons=polygons,
            categories=cats,
            tile_pt=tile_points(PANEL_WIDTH - 0.4),  # the panel less its margins
        )
    sm = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    cbar = fig.colorbar(sm, ax=list(axes), orientation="horizontal", shrink=0.6, aspect=40)
    cbar.set_label(unit, fontsize=9)
    category_legend(fig, family, set(cats.values()), _)
    layout = (
        _("county boundaries from cnmaps (Amap geometry, GCJ-02 offset; Wansheng not drawn)")
        if polygons
        else _("schematic tile map, not geography")
    )
    note = (
        "\n" + _("not mapped (infeasible): {names}").format(names=", ".join(missing))
        if missing
        else ""
    )
    fig.suptitle(f"{title} — {layout}{note}", fontsize=11)
    return fig
