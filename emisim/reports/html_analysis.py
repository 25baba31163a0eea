"""The report's figures, and its sections on the reference scenario's analyses
(``emisim compare --ranges --curves --frontier``): near-optimal ranges, least-cost curves
and the cost-equity frontier, each its charts with captions and a note on how to read them;
the frontier also as a table of its points."""

from __future__ import annotations

import base64
import math
import struct
from collections.abc import Mapping, Sequence

import pandas as pd

from emisim.reports.charts import Chart
from emisim.reports.html_tables import e
from emisim.reports.i18n import N_, Translator

#: Headers of the frontier's points (the report's table and the workbook's sheet).
EQUITY_BOUND = N_("Equity bound: largest deviation from the category rate")
BOUND_COST = N_("Least cost under the bound")
EXTRA_COST = N_("Extra cost over the least cost")


#: A chart at most this tall for its width prints at half a page (two to an A4 page);
#: a taller one (a map of three scenarios, the category bands) keeps a page to itself.
HALF_PAGE_ASPECT = 0.75


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG (its IHDR chunk)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def print_class(chart: Chart) -> str:
    """``half`` or ``page``: how much of an A4 page the chart takes (print stylesheet)."""
    width, height = png_size(chart.png)
    return "half" if height <= HALF_PAGE_ASPECT * width else "page"


def figure(chart: Chart) -> str:
    """A chart as an embedded PNG with its caption (kept together on paper)."""
    data = base64.b64encode(chart.png).decode("ascii")
    return (
        f'<figure class="{print_class(chart)}"><img src="data:image/png;base64,{data}" '
        f'alt="{e(chart.title)}"><figcaption>{e(chart.caption)}</figcaption></figure>'
    )


def collapsible(charts: Sequence[Chart], prefix: str) -> str:
    """Charts sharing a prefix as collapsible sections, the first one open (on paper the
    print stylesheet opens them all)."""
    picked = [c for c in charts if c.name.startswith(prefix)]
    return "".join(
        f"<details{' open' if i == 0 else ''}><summary>{e(c.title)}</summary>{figure(c)}</details>"
        for i, c in enumerate(picked)
    )


def _note(text: str) -> str:
    return f"<p class='note'>{e(text)}</p>"


def _num(x: object, spec: str) -> str:
    v = float(x)  # type: ignore[arg-type]
    return "–" if math.isnan(v) else format(0.0 if v == 0 else v, spec)


def frontier_table_html(frontier: pd.DataFrame, _: Translator) -> str:
    """One row per frontier point: the equity bound, the least cost under it and how much
    that is above the least cost of all."""
    pp, bn = _("pp"), _("bn yuan")
    head = [f"{_(EQUITY_BOUND)} ({pp})", f"{_(BOUND_COST)} ({bn})", f"{_(EXTRA_COST)} (%)"]
    th = "".join(f"<th>{e(h)}</th>" for h in head)
    rows = "".join(
        f"<tr><td>{_num(r.epsilon_pct, '.2f')}</td><td>{_num(r.cost / 1e9, ',.3f')}</td>"
        f"<td>{_num(r.extra_cost_pct, '.3f')}</td></tr>"
        for r in frontier.itertuples()
    )
    return f'<table class="num"><thead><tr>{th}</tr></thead><tbody>{rows}</tbody></table>'


#: Headers of the pinned counts (the ranges section).
PINNED_HEADERS = (
    N_("Pollutant"),
    N_("District cuts"),
    N_("Pinned within 1 % of the least cost"),
    N_("Pinned at exactly the least cost"),
)


def pinned_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Per pollutant: how many district cuts the ranges table has, and how many of them
    are pinned (range at most 0.01 pp wide) within 1 % of the least cost and at exactly
    the least cost."""
    t = table.assign(pinned=table["pinned"].astype(bool))
    out = t.pivot_table(index="pollutant", columns="epsilon", values="pinned", aggfunc="sum")
    cuts = t[t["epsilon"] == t["epsilon"].max()].groupby("pollutant").size()
    return pd.DataFrame(
        {
            "cuts": cuts,
            "pinned_1pct": out.get(0.01, pd.Series(dtype=float)),
            "pinned_exact": out.get(0.0, pd.Series(dtype=float)),
        }
    ).reindex(t["pollutant"].unique())


def pinned_table_html(table: pd.DataFrame, _: Translator) -> str:
    """How many cuts are pinned, per pollutant: the allocation shown is one of many where
    they are not."""
    counts = pinned_counts(table)
    th = "".join(f"<th>{e(_(h))}</th>" for h in PINNED_HEADERS)

    def n(v: object) -> str:
        return "–" if pd.isna(v) else f"{int(v)}"  # type: ignore[arg-type]

    rows = "".join(
        f"<tr><td>{e(_.pollutant(q))}</td><td>{int(r.cuts)}</td><td>{n(r.pinned_1pct)}</td>"
        f"<td>{n(r.pinned_exact)}</td></tr>"
        for q, r in counts.iterrows()
    )
    total = counts.sum()
    note = _(
        "Of {m} district cuts, {k} are pinned at exactly the least cost and {n} within 1 % "
        "of it; every other cut can move without raising the cost (or by less than 1 %), so "
        "the allocation shown is one of many."
    ).format(m=int(total["cuts"]), k=n(total["pinned_exact"]), n=n(total["pinned_1pct"]))
    return (
        f'<table class="num pinned"><thead><tr>{th}</tr></thead><tbody>{rows}</tbody></table>'
        + _note(note)
    )


def analysis_bodies(
    charts: Sequence[Chart], tables: Mapping[str, pd.DataFrame], _: Translator
) -> dict[str, str]:
    """Section id -> HTML of the analyses that were computed (others are left out)."""
    out = {}
    ranges = collapsible(charts, "ranges_")
    if ranges:
        out["ranges"] = (
            pinned_table_html(tables["ranges"], _) if "ranges" in tables else ""
        ) + ranges
    curves = collapsible(charts, "curve_")
    if curves:
        out["curves"] = curves + _note(
            _(
                "Each curve is exact, not sampled: the least cost of a linear programme is "
                "piecewise linear in its targets, and every breakpoint between the grid points "
                "is found by warm re-solves. Bands the plan sets as multiples of the city rate "
                "move with the target. The full tables are in cost_curves.csv and the workbook."
            )
        )
    fig = next((c for c in charts if c.name == "frontier"), None)
    if fig is not None:
        out["frontier"] = (
            figure(fig)
            + (frontier_table_html(tables["frontier"], _) if "frontier" in tables else "")
            + _note(
                _(
                    "Equity here is the largest deviation of a district's cut rate from the "
                    "nominal rate of its plan category (epsilon-constraint method: the least "
                    "cost is found again with that deviation bounded at each level). The "
                    "cost never falls as the bound tightens."
                )
            )
        )
    return out
