"""Charts of the analyses beyond one least-cost answer (emisim.analysis): near-optimal
ranges as a band behind every district's cut, least-cost curves (total and marginal), and
the cost-equity frontier. matplotlib's object API; English and Chinese labels from
:mod:`emisim.model.vocabulary`. Each chart plots the analysis's table and computes
nothing the table does not hold.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from emisim.analysis.curves import Curve
from emisim.analysis.frontier import Frontier
from emisim.analysis.ranges import Ranges
from emisim.model.vocabulary import pollutant_label

#: Axis and legend texts, in both languages.
TEXT = {
    "en": {
        "cut": "cut rate by the final year vs the base year (%)",
        "range": "range within {eps:.0%} of the optimum",
        "tie": "exact tie set (ε = 0)",
        "shown": "presented allocation",
        "ranges_title": "Near-optimal ranges of each district's {pol} cut",
        "cost": "total discounted cost (bn yuan)",
        "marginal": "marginal cost ({unit})",
        "required": "required city-wide {pol} cut (t)",
        "scale": "all targets scaled by λ (1 = the scenario)",
        "curve_title": "Least-cost curve: {what}",
        "all": "all targets together",
        "equity": "largest deviation of a district's cut from its category's rate (pp)",
        "frontier_title": "The price of equity (cost-equity frontier)",
        "breakpoint": "breakpoints",
    },
    "zh": {
        "cut": "目标年相对基准年削减率（%）",
        "range": "成本不超过最优 {eps:.0%} 的削减范围",
        "tie": "同等最优方案范围（ε = 0）",
        "shown": "展示方案",
        "ranges_title": "各区县{pol}削减率的近优范围",
        "cost": "贴现总成本（十亿元）",
        "marginal": "边际成本（{unit}）",
        "required": "全市{pol}削减量要求（吨）",
        "scale": "全部目标按 λ 缩放（1 = 本情景）",
        "curve_title": "最小成本曲线：{what}",
        "all": "全部目标同时收紧",
        "equity": "区县削减率偏离类别基准的最大值（百分点）",
        "frontier_title": "公平的代价（成本—公平前沿）",
        "breakpoint": "拐点",
    },
}


def _t(lang: str) -> dict[str, str]:
    return TEXT.get(lang, TEXT["en"])


def ranges_chart(r: Ranges, pollutant: str, names: dict[str, str], lang: str = "en") -> Figure:
    """One horizontal band per district: the widest epsilon's range, the exact tie set
    inside it, and the presented cut as a dot."""
    t = _t(lang)
    table = r.table[r.table["pollutant"] == pollutant]
    eps = sorted(table["epsilon"].unique(), reverse=True)
    order = table[table["epsilon"] == eps[0]].sort_values("presented_pct")["code"].tolist()
    y = {c: i for i, c in enumerate(order)}
    fig = Figure(figsize=(8, max(4, 0.22 * len(order) + 1.5)))
    ax = fig.subplots()
    for k, e in enumerate(eps):
        part = table[table["epsilon"] == e]
        label = t["tie"] if e == 0 else t["range"].format(eps=e)
        ax.barh(
            [y[c] for c in part["code"]],
            part["width_pct"],
            left=part["min_pct"],
            height=0.7 - 0.3 * k,
            color=("#9ecae1", "#3182bd", "#08519c")[k % 3],
            label=label,
        )
    shown = table[table["epsilon"] == eps[0]]
    ax.plot(
        shown["presented_pct"],
        [y[c] for c in shown["code"]],
        "o",
        color="#d95f02",
        ms=4,
        label=t["shown"],
    )
    ax.set_yticks(range(len(order)), [names.get(c, c) for c in order], fontsize=7)
    ax.set_xlabel(t["cut"])
    ax.set_title(t["ranges_title"].format(pol=pollutant_label(pollutant, lang)))
    ax.legend(fontsize=7, loc="lower right")
    return fig


def curve_chart(c: Curve, unit: str, lang: str = "en") -> Figure:
    """Total cost (top) and marginal cost (bottom, a step at each breakpoint)."""
    t = _t(lang)
    d = c.table[np.isfinite(c.table["cost"])]
    x = d["required_cut_t"] if c.pollutant else d["lambda"]
    fig = Figure(figsize=(7, 6))
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.plot(x, d["cost"] / 1e9, "-", color="#0072B2")
    bp = d["kind"] == "breakpoint"
    top.plot(x[bp], d["cost"][bp] / 1e9, ".", color="#D55E00", label=t["breakpoint"])
    top.set_ylabel(t["cost"])
    top.legend(fontsize=7)
    bottom.step(x, d["marginal_price"], where="post", color="#009E73")
    bottom.set_ylabel(t["marginal"].format(unit=unit))
    pol = pollutant_label(c.pollutant, lang) if c.pollutant else ""
    bottom.set_xlabel(t["required"].format(pol=pol) if c.pollutant else t["scale"])
    what = pol if c.pollutant else t["all"]
    top.set_title(t["curve_title"].format(what=what))
    return fig


def frontier_chart(f: Frontier, lang: str = "en") -> Figure:
    t = _t(lang)
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    ax.plot(f.table["epsilon_pct"], f.table["cost"] / 1e9, "o-", color="#CC79A7")
    ax.set_xlabel(t["equity"])
    ax.set_ylabel(t["cost"])
    ax.set_title(t["frontier_title"])
    return fig


#: Section title and caption of the ranges charts in the comparison report.
RANGES_WORDS = {
    "en": (
        "Near-optimal ranges of the reference scenario",
        "For each district, the lowest and highest {pol} cut rate among plans costing at "
        "most 1 % more than the least cost (light band) and among the least-cost plans "
        "themselves (dark band); the dot is the allocation shown in this report. A short "
        "band means the cut is pinned; a long one, that it is a free choice.",
    ),
    "zh": (
        "参照情景的近优范围",
        "各区县{pol}削减率在成本不超过最优 1% 的方案中（浅色）与同等最优方案中（深色）"
        "的最低与最高值；圆点为本报告展示的分配方案。区间越短，削减越确定；越长，越可自由选择。",
    ),
}


def ranges_charts(r: Ranges, names: dict[str, str], lang: str = "en") -> list:
    """The ranges as the comparison report's charts (``ranges_<pollutant>``)."""
    from emisim.reports.charts import Chart, png

    _title, caption = RANGES_WORDS.get(lang, RANGES_WORDS["en"])
    out = []
    for q in r.table["pollutant"].unique():
        pol = pollutant_label(q, lang)
        fig = ranges_chart(r, q, names, lang)
        out.append(Chart(f"ranges_{q}", pol, caption.format(pol=pol), png(fig)))
    return out
