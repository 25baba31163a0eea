"""District charts: abatement by district and sector, and cut rates against the plan's
category bands (matplotlib object API)."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from emisim.api import Result
from emisim.comparison import Comparison
from emisim.comparison.tables import feasible
from emisim.model.vocabulary import FAMILIES
from emisim.reports.charts import colours, infeasible_note
from emisim.reports.i18n import period_of, translator
from emisim.reports.lang import sector_names
from emisim.reports.ticks import plain_numbers


def unit_order(r: Result) -> list[str]:
    """Unit codes grouped by zone (the plan's order), then by code."""
    u = r.dataset.units
    zones = list(r.dataset.zones["zone"])
    return list(u.assign(z=u["zone"].map(zones.index)).sort_values(["z", "code"])["code"])


def abatement_by_sector(r: Result, pollutant: str, order: list[str]) -> pd.DataFrame:
    """Unit x sector: final-year abatement (BAU minus emissions, t) over the target scope."""
    scope = set(r.params.target_scope[pollutant])
    em = r.emissions[(r.emissions["pollutant"] == pollutant) & r.emissions["sector"].isin(scope)]
    ab = em.assign(ab=em["bau_t"] - em["emissions_t"])
    wide = ab.pivot_table(
        index="code", columns="sector", values="ab", aggfunc="sum", fill_value=0.0
    )
    return wide.reindex(order).fillna(0)


@plain_numbers
def cuts_by_unit_chart(
    comp: Comparison, pollutant: str, labels: Mapping[str, str], lang: str = "en"
) -> Figure:
    """Per scenario: each unit's 2020 abatement (BAU minus final) stacked by sector, and its
    net cut against 2015 (a black tick), for one pollutant, over the target scope. The
    panels share their axes, so bar heights compare across scenarios."""
    _ = translator(lang).for_period(period_of(comp.results))
    res = comp.results
    first = res[0]
    order = unit_order(first)
    stacks = {r.name: abatement_by_sector(r, pollutant, order) for r in res if feasible(r)}
    sectors = sorted({s for f in stacks.values() for s in f.columns if (f[s].abs() > 1e-6).any()})
    names_of = sector_names(first.dataset.sectors, lang)
    cmap = mpl.colormaps["tab20"]
    sc = {s: cmap(i % 20) for i, s in enumerate(sectors)}
    ratios = [1.0 if r.name in stacks else 0.25 for r in res]
    fig = Figure(figsize=(10, 1.7 * sum(ratios) + 2.2), layout="constrained")
    axes = fig.subplots(
        len(res), 1, sharex=True, sharey=True, squeeze=False, gridspec_kw={"height_ratios": ratios}
    )[:, 0]
    x = np.arange(len(order))
    for ax, r in zip(axes, res, strict=True):
        ax.set_title(r.name, loc="left", fontsize=10, fontweight="bold")
        if r.name not in stacks:
            infeasible_note(ax, r.name, _)
            continue
        bottom = np.zeros(len(order))
        for s in sectors:
            v = stacks[r.name].get(s, pd.Series(0.0, index=order)).to_numpy()
            nz = np.abs(v) > 1e-9  # zero-height bars cost time and draw nothing
            ax.bar(x[nz], v[nz], 0.8, bottom=bottom[nz], color=sc[s], label=names_of.get(s, s))
            bottom += v
        cut = r.allocation[r.allocation["pollutant"] == pollutant].set_index("code")["cut_t"]
        ax.scatter(
            x,
            cut.reindex(order).to_numpy(),
            marker="_",
            s=90,
            color="black",
            zorder=3,
            label=_("net cut vs {base}"),
        )
        ax.set_ylabel(_("t / year"), fontsize=8)
        ax.grid(axis="y", color="#e5e5e5", lw=0.6)
        ax.set_axisbelow(True)
    axes[-1].set_xticks(x, [labels.get(c, c) for c in order], rotation=90, fontsize=7)
    handles, names = next(
        (a.get_legend_handles_labels() for a in axes if a.get_legend_handles_labels()[0]),
        ([], []),
    )
    title = _("{pollutant}: {final} abatement by district and sector (t)")
    fig.suptitle(title.format(pollutant=_.pollutant(pollutant)), fontsize=11)
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


def _category_strips(ax, units: pd.DataFrame, x_of: dict[str, int], family: str, _) -> None:
    """Alternate shading and the plan's name of each category over its units."""
    bounds = units.groupby("category", sort=False)["code"].agg(["first", "last"])
    for k, (cat, (c0, c1)) in enumerate(bounds.iterrows()):
        a, b = x_of[c0], x_of[c1]
        ax.axvspan(a - 0.5, b + 0.5, color="#f1f3f6" if k % 2 else "white", zorder=0)
        ax.text(
            (a + b) / 2,
            0.97,
            _.category(family, str(cat)),
            ha="center",
            va="top",
            fontsize=8,
            style="italic",
            transform=ax.get_xaxis_transform(),
            color="#333",
        )


@plain_numbers
def unit_rates_chart(comp: Comparison, labels: Mapping[str, str], lang: str = "en") -> Figure:
    """Per guidance family and pollutant: each unit's cut rate (dots) against its category
    band (vertical bars), one colour per scenario, units grouped by category."""
    _ = translator(lang).for_period(period_of(comp.results))
    t = comp.unit_rates.dropna(subset=["code"])
    col = colours(comp.scenarios)
    names = [s for s in comp.scenarios if s in set(t["scenario"])]
    n = max(1, len(names))
    fig = Figure(figsize=(14, 2.6 * len(FAMILY_PANELS) + 0.4), layout="constrained")
    axes = fig.subplots(len(FAMILY_PANELS), 1, squeeze=False)[:, 0]
    for ax, (fam, q) in zip(axes, FAMILY_PANELS, strict=True):
        sub = t[(t["family"] == fam) & (t["pollutant"] == q)]
        title = _("{family} guidance — {pollutant}: cut % vs {base} and category band")
        ax.set_title(
            title.format(family=_.family(fam), pollutant=_.pollutant(q)), loc="left", fontsize=9.5
        )
        if sub.empty:
            ax.text(
                0.5,
                0.5,
                _("no units with a base in this family"),
                ha="center",
                transform=ax.transAxes,
                color="#666",
            )
            continue
        rank = {c: i for i, c in enumerate(FAMILIES[fam])}  # the plan's order of categories
        units = sub.drop_duplicates("code")
        units = units.assign(rank=units["category"].map(rank)).sort_values(["rank", "code"])
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
        _category_strips(ax, units, x_of, fam, _)
        ax.set_xlim(-0.6, len(units) - 0.4)
        ax.set_ylim(min(0.0, float(np.nanmin(sub["cut_pct"].to_numpy(dtype=float)))) - 1, top)
        ax.set_xticks(
            range(len(units)), [labels.get(c, c) for c in units["code"]], rotation=90, fontsize=6.5
        )
        ax.set_ylabel(_("cut %"), fontsize=8)
        ax.axhline(0, color="#999", lw=0.6)
    handles, names_ = axes[0].get_legend_handles_labels()
    fig.legend(handles, names_, loc="outside upper center", ncols=n, fontsize=9, frameon=False)
    return fig
