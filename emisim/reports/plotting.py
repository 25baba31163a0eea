"""``result.plot`` and ``comparison.plot``: the report's charts as matplotlib Figures a
researcher can restyle, save or place in a notebook (compare PyPSA's ``n.plot``).

Each method draws through the same chart functions as the comparison report, so a chart in
a notebook and in ``report.html`` are the same chart; a result's charts are those of a
one-scenario comparison. ``result.plot`` also draws the analyses of that scenario
(:mod:`emisim.analysis`: near-optimal ranges, least-cost curves, the cost-equity frontier)
with the result's district names and price unit. ``lang="zh"`` labels everything in
Chinese (when a CJK font is installed).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from matplotlib.figure import Figure

from emisim.analysis.curves import Curve
from emisim.analysis.frontier import Frontier
from emisim.analysis.ranges import Ranges
from emisim.api import Result
from emisim.comparison import Comparison
from emisim.comparison.tables import build_tables
from emisim.model.errors import EmisimError
from emisim.model.vocabulary import POLLUTANTS, pollutant_code
from emisim.reports.analysis import curve_chart, frontier_chart, marginal_unit, ranges_chart
from emisim.reports.charts import cost_by_measure_chart, font_context, price_chart
from emisim.reports.charts_maps import map_chart
from emisim.reports.charts_time import deployment_chart
from emisim.reports.charts_units import cuts_by_unit_chart, unit_rates_chart
from emisim.reports.lang import resolve_lang, unit_names

#: The charts every ``.plot`` of a comparison or a result offers (tab completion).
CHARTS = ("map", "prices", "deployment", "costs", "bands", "abatement")


def single(result: Result) -> Comparison:
    """A comparison of one scenario with itself: the tables every chart reads."""
    tables = build_tables((result,), result.name)
    return Comparison((result,), result.name, result.name, tables)


def _pollutant(where: str, name: str, expected: str) -> str:
    """A pollutant named in any case ("NOx", "nox", "NH3-N"), as the CLI takes it."""
    code = pollutant_code(name)
    if code is None:
        raise EmisimError(f"{where}: pollutant must be {expected} {', '.join(POLLUTANTS)}")
    return code


class ComparisonPlots:
    """The charts of a comparison, one panel or series per scenario. Every method returns
    a new :class:`Figure`."""

    def __init__(self, comparison: Comparison, lang: str = "en") -> None:
        self.comparison = comparison
        self.lang, self.font = resolve_lang(lang)

    def __call__(self, lang: str) -> ComparisonPlots:
        """The same charts in another language: ``comp.plot("zh").map("SO2")``."""
        return ComparisonPlots(self.comparison, lang)

    @property
    def _comparison(self) -> Comparison:
        return self.comparison

    def _draw(self, chart: Callable[[], Figure]) -> Figure:
        with font_context(self.font):
            return chart()

    @property
    def _labels(self) -> dict[str, str]:
        return unit_names(self._comparison.results[0].dataset.units, self.lang)

    def map(self, pollutant: str = "cost") -> Figure:
        """District map of a pollutant's cut rate (% vs the base year) or, for ``"cost"``, of
        the cost of the measures placed in each district; markers show the plan categories."""
        if str(pollutant).lower() != "cost":
            pollutant = _pollutant("plot.map()", pollutant, "'cost' or one of")
        else:
            pollutant = "cost"
        comp = self._comparison
        return self._draw(lambda: map_chart(comp, pollutant, self._labels, self.lang))

    def prices(self) -> Figure:
        """The cost of the plan's target of every pollutant's city-wide cut (the price the
        key indicators lead with)."""
        return self._draw(lambda: price_chart(self._comparison, self.lang))

    def deployment(self) -> Figure:
        """Investment and annual cost by year, and the abatement in place each year."""
        results = list(self._comparison.results)
        return self._draw(lambda: deployment_chart(results, self.lang))

    def costs(self) -> Figure:
        """Cost of each abatement measure."""
        return self._draw(lambda: cost_by_measure_chart(self._comparison, self.lang))

    def bands(self) -> Figure:
        """Each district's cut rate against its plan category's band."""
        return self._draw(lambda: unit_rates_chart(self._comparison, self._labels, self.lang))

    def abatement(self, pollutant: str) -> Figure:
        """A pollutant's abatement by district, stacked by sector, with the net cut."""
        pollutant = _pollutant("plot.abatement()", pollutant, "one of")
        comp = self._comparison
        return self._draw(lambda: cuts_by_unit_chart(comp, pollutant, self._labels, self.lang))

    def __iter__(self) -> Iterator[str]:
        return iter(CHARTS)

    def __repr__(self) -> str:
        return f"<emisim plots of '{self._comparison.name}': {', '.join(CHARTS)}>"


class ResultPlots(ComparisonPlots):
    """The charts of one result, and of the analyses run on its scenario."""

    def __init__(self, result: Result, lang: str = "en") -> None:
        self.result = result
        self.lang, self.font = resolve_lang(lang)

    def __call__(self, lang: str) -> ResultPlots:
        """The same charts in another language: ``result.plot("zh").map("SO2")``."""
        return ResultPlots(self.result, lang)

    @functools.cached_property
    def _comparison(self) -> Comparison:
        return single(self.result)

    @property
    def _labels(self) -> dict[str, str]:
        return unit_names(self.result.dataset.units, self.lang)

    def ranges(self, ranges: Ranges, pollutant: str) -> Figure:
        """Near-optimal ranges (``emisim.analysis.ranges``) of a pollutant's district cuts,
        the presented cut as a dot."""
        q = _pollutant("plot.ranges()", pollutant, "one of")
        return self._draw(lambda: ranges_chart(ranges, q, self._labels, self.lang))

    def curve(self, curve: Curve, own: float | None = None) -> Figure:
        """A least-cost curve (``emisim.analysis.cost_curve``): total and marginal cost, in
        this result's price unit; ``own`` marks the scenario's own level on the x axis."""
        unit = marginal_unit(curve, self.result.summary.get("price_unit", "yuan/t"), self.lang)
        return self._draw(lambda: curve_chart(curve, unit, self.lang, own))

    def frontier(self, frontier: Frontier) -> Figure:
        """The cost-equity frontier (``emisim.analysis.frontier``)."""
        return self._draw(lambda: frontier_chart(frontier, self.lang))

    def __iter__(self) -> Iterator[str]:
        return iter((*CHARTS, "ranges", "curve", "frontier"))

    def __repr__(self) -> str:
        return f"<emisim plots of '{self.result.name}': {', '.join(self)}>"
