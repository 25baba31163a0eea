"""Charts over the plan's years: spending by year (stacked by sector) and the abatement in
place each year (how fast the measures are deployed), one column per scenario."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from emisim.api import Result
from emisim.model.vocabulary import POLLUTANTS
from emisim.reports.charts import PALETTE, infeasible_note
from emisim.reports.i18n import period_of, translator
from emisim.reports.lang import sector_names
from emisim.reports.ticks import plain_numbers, year_axis


def investment_by_year(r: Result) -> pd.DataFrame:
    """Year x sector: capital outlay on the units built that year (yuan, undiscounted)."""
    m = r.measures
    return m.pivot_table(
        index="year", columns="sector", values="capital_outlay_yuan", aggfunc="sum", fill_value=0.0
    )


def annual_cost_by_year(r: Result) -> pd.Series:
    """Year -> annual cost of the measures in place (yuan, undiscounted)."""
    return r.measures.groupby("year")["annual_cost_yuan"].sum()


def abatement_in_place(r: Result) -> pd.DataFrame:
    """Year x pollutant: removal by the measures in place, % of the 2015 emissions of the
    modelled sectors (so the pollutants share one axis)."""
    base = r.emissions.groupby("pollutant")["base_t"].sum()
    removal = r.measures.groupby("year")[[f"removal_{q}_t" for q in POLLUTANTS]].sum()
    removal.columns = list(POLLUTANTS)
    return 100 * removal / base.reindex(POLLUTANTS)


@plain_numbers
def deployment_chart(results: Sequence[Result], lang: str = "en") -> Figure:
    """Top row: investment by year, stacked by sector, and the annual cost of the measures in
    place (a line), million yuan; bottom row: the abatement in place each year per
    pollutant. Rows share their axes across scenarios."""
    _ = translator(lang).for_period(period_of(results)) if results else translator(lang)
    n = max(1, len(results))
    fig = Figure(figsize=(4.6 * n + 2.6, 7.2), layout="constrained")
    axes = fig.subplots(2, n, sharex=True, sharey="row", squeeze=False)
    names = sector_names(results[0].dataset.sectors, lang) if results else {}
    used = sorted({s for r in results if r.tables for s in investment_by_year(r).columns})
    cmap = mpl.colormaps["tab20"]
    colour = {s: cmap(i % 20) for i, s in enumerate(used)}
    for k, r in enumerate(results):
        top, bottom = axes[0, k], axes[1, k]
        top.set_title(r.name, fontsize=11, fontweight="bold")
        if not r.tables:
            infeasible_note(top, r.name, _)
            bottom.axis("off")
            continue
        spend = investment_by_year(r) / 1e6
        base = pd.Series(0.0, index=spend.index)
        for s in used:
            if s in spend.columns and (spend[s].abs() > 1e-9).any():
                top.bar(
                    spend.index, spend[s], 0.7, bottom=base, color=colour[s], label=names.get(s, s)
                )
                base = base + spend[s]
        running = annual_cost_by_year(r) / 1e6
        top.plot(
            running.index,
            running.to_numpy(),
            color="black",
            marker="o",
            ms=3.5,
            label=_("annual cost of the measures in place"),
        )
        share = abatement_in_place(r)
        for i, q in enumerate(POLLUTANTS):
            bottom.plot(
                share.index,
                share[q],
                marker="o",
                ms=3.5,
                color=PALETTE[i % len(PALETTE)],
                label=_.pollutant(q),
            )
        for ax in (top, bottom):
            ax.grid(axis="y", color="#e5e5e5", lw=0.6)
            ax.set_axisbelow(True)
    axes[0, 0].set_ylabel(_("million yuan (2015 prices, undiscounted)"), fontsize=9)
    axes[1, 0].set_ylabel(_("abatement in place, % of {base} emissions"), fontsize=9)
    for ax in axes[1]:
        ax.set_xlabel(_("year"), fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        year_axis(ax.xaxis)
    for row in (0, 1):
        handles, labels = next(
            (a.get_legend_handles_labels() for a in axes[row] if a.get_legend_handles_labels()[0]),
            ([], []),
        )
        if handles:
            axes[row, -1].legend(
                handles,
                labels,
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
                fontsize=7.5,
                frameon=False,
            )
    fig.suptitle(_("Deployment and spending by year"), fontsize=12)
    return fig
