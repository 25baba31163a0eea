"""``data.plot`` of a stored sweep (``emisim.sweeps.load(folder)``): the sweep report's
charts as matplotlib Figures, in English or Chinese, drawn from the stored records alone."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pandas as pd
from matplotlib.figure import Figure

from emisim.reports.charts import font_context
from emisim.reports.lang import resolve_lang
from emisim.reports.sweep_charts import (
    binding_chart,
    distributions_chart,
    indices_chart,
    tornado_chart,
)
from emisim.sweeps.analysis import SweepData

CHARTS = ("distributions", "tornado", "indices", "binding")


class SweepPlots:
    """The charts of one stored sweep. Every method returns a new :class:`Figure`."""

    def __init__(self, data: SweepData, lang: str = "en") -> None:
        self.data = data
        self.lang, self.font = resolve_lang(lang)

    def __call__(self, lang: str) -> SweepPlots:
        """The same charts in another language: ``data.plot("zh").tornado()``."""
        return SweepPlots(self.data, lang)

    @functools.cached_property
    def _tables(self) -> dict[str, pd.DataFrame]:
        return self.data.tables()

    @property
    def _measures(self) -> dict[str, str]:
        return self.data.labels.get(f"measure_{self.lang}", {})

    def distributions(self, outputs: list[str] | None = None) -> Figure:
        """A histogram of each output (default: every one that varies), 5 %, 50 %, 95 %."""
        with font_context(self.font):
            return distributions_chart(self.data, outputs or self.data.outputs(), self.lang)

    def tornado(self, top: int = 15) -> Figure:
        """Mean total cost with each parameter low vs high, with bootstrap intervals."""
        base = float(self.data.optimal["total_cost_yuan"].mean())
        table, d = self._tables["tornado"], self.data
        with font_context(self.font):
            return tornado_chart(
                table, "total_cost_yuan", base, top, self.lang, self._measures, d.accounting
            )

    def indices(self, output: str = "total_cost_yuan", top: int = 15) -> Figure:
        """Sobol or Morris indices of an output (a Sobol or Morris design only)."""
        idx = self._tables["indices"]
        if not len(idx) or output not in set(idx["output"]):
            raise ValueError(
                f"no sensitivity indices of {output!r} (a grid or Monte Carlo design?)"
            )
        sub = idx[idx["output"] == output].drop(columns="output")
        with font_context(self.font):
            return indices_chart(sub, output, top, self.lang, self._measures, self.data.accounting)

    def binding(self) -> Figure:
        """How often each target, the coal ceiling and each band category binds."""
        with font_context(self.font):
            return binding_chart(self._tables["binding"], self.lang)

    def __iter__(self) -> Iterator[str]:
        return iter(CHARTS)

    def __repr__(self) -> str:
        return f"<emisim plots of sweep '{self.data.spec.name}': {', '.join(CHARTS)}>"
