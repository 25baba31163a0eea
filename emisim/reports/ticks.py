"""Plain numbers on every chart axis: thousands separators, no "1e6" offset or scientific
notation, as few decimals as the ticks need (an official reads 800,000, not 0.8 under a
"1e6" in the corner). One formatter for every chart of the reports, analyses, sweeps and
notebooks: chart functions are wrapped in :func:`plain_numbers`, and a notebook's own chart
takes :func:`plain_axes`.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from typing import ParamSpec

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, LogFormatter, NullFormatter, ScalarFormatter

P = ParamSpec("P")
#: Most decimals a tick label shows.
MAX_DECIMALS = 6


def decimals(values: Sequence[float]) -> int:
    """The fewest decimals (0-6) that tell every value apart and show each one exactly to
    within a millionth of the step between them (ticks 0.25 apart: 2; 1,000 apart: 0)."""
    finite = sorted({float(v) for v in values if math.isfinite(v)})
    if len(finite) < 2:
        return 0 if not finite or float(finite[0]).is_integer() else 2
    step = min(b - a for a, b in itertools.pairwise(finite))
    for d in range(MAX_DECIMALS + 1):
        if all(abs(round(v, d) - v) <= step * 1e-6 for v in finite):
            return d
    return MAX_DECIMALS


class PlainFormatter(Formatter):
    """Tick labels as plain numbers with thousands separators ("1,250,000", "0.25"), never
    an offset or a power of ten; a minus sign, not a hyphen, as matplotlib draws it."""

    def __init__(self) -> None:
        self.places = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        self.places = decimals(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        text = f"{x:,.{self.places}f}"
        if float(text.replace(",", "")) == 0:  # no "-0"
            text = text.lstrip("-")
        return self.fix_minus(text)

    def format_data_short(self, value: float) -> str:  # the cursor's read-out
        return f"{value:,.{max(self.places, 2)}f}"


class YearFormatter(Formatter):
    """Years as written ("2016", never "2,016"), whole years only."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return f"{x:.0f}" if float(x).is_integer() else ""


def _plain_axis(axis: Axis) -> None:
    major = axis.get_major_formatter()
    if isinstance(major, ScalarFormatter | LogFormatter):
        axis.set_major_formatter(PlainFormatter())
        if axis.get_scale() == "log":  # 2x10^5 between the decades: not labelled
            axis.set_minor_formatter(NullFormatter())


def plain_axes(ax: Axes) -> Axes:
    """Plain numbers on both axes of ``ax`` where they show numbers (labelled categories,
    years and hidden axes keep theirs). Returns ``ax``."""
    for axis in (ax.xaxis, ax.yaxis):
        _plain_axis(axis)
    return ax


def plain_figure(fig: Figure) -> Figure:
    """:func:`plain_axes` on every axes of ``fig``, colour bars included."""
    for ax in fig.axes:
        plain_axes(ax)
    return fig


def plain_numbers(chart: Callable[P, Figure]) -> Callable[P, Figure]:
    """Decorate a chart function: its figure's numeric axes get :class:`PlainFormatter`."""

    @functools.wraps(chart)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> Figure:
        return plain_figure(chart(*args, **kwargs))

    return drawn


def year_axis(axis: Axis) -> None:
    """Mark ``axis`` as one of years (plain integers without separators)."""
    axis.set_major_formatter(YearFormatter())
