"""The set of charts a comparison report shows, rendered to PNG bytes."""

from __future__ import annotations

from emisim.comparison import Comparison
from emisim.model.vocabulary import POLLUTANTS
from emisim.reports.charts import (
    POLLUTANT_LABELS,
    Chart,
    cost_by_measure_chart,
    cuts_by_unit_chart,
    font_context,
    mac_chart,
    map_chart,
    png,
    unit_rates_chart,
)
from emisim.reports.lang import unit_names


def render_charts(comp: Comparison, lang: str = "en", font: str | None = None) -> list[Chart]:
    """Every chart of the report, in the report's order. ``lang``/``font`` as resolved by
    :func:`emisim.reports.lang.resolve_lang` (unit and measure names in that language)."""
    labels = unit_names(comp.results[0].dataset.units, lang)
    out: list[Chart] = []
    with font_context(font):
        out.append(
            Chart(
                "mac",
                "Marginal abatement cost per pollutant",
                "The dual of each city-wide target: what one more tonne of cut would cost in "
                "the final year (annualised yuan per tonne). Zero means the target is not "
                "binding: the cut comes for free with other requirements.",
                png(mac_chart(comp)),
            )
        )
        out.append(
            Chart(
                "cost_by_measure",
                "Cost by abatement measure",
                "Cost of each measure (each scenario's accounting; default: present value of "
                "the units' lifetimes), summed over districts; the largest "
                "measures are shown, the rest are pooled.",
                png(cost_by_measure_chart(comp, lang)),
            )
        )
        out.append(
            Chart(
                "map_cost",
                "District map: cost",
                "Cost (each scenario's accounting) of the measures placed in each district. "
                "Same colour scale in every panel.",
                png(map_chart(comp, "cost", labels)),
            )
        )
        for q in POLLUTANTS:
            out.append(
                Chart(
                    f"map_cut_{q}",
                    f"District map: {POLLUTANT_LABELS[q]} cut rate",
                    f"Each district's 2020 {POLLUTANT_LABELS[q]} emissions against 2015 (% cut, "
                    "negative = growth). Same colour scale in every panel.",
                    png(map_chart(comp, q, labels)),
                )
            )
        out.append(
            Chart(
                "unit_rates",
                "Cut rates against the plan's category bands",
                "Dots: each district's cut rate over the sectors its guidance family covers; "
                "bars: the band its plan category allows (open-ended bars have no ceiling). "
                "Scenarios without guidance show dots only.",
                png(unit_rates_chart(comp, labels)),
            )
        )
        for q in POLLUTANTS:
            out.append(
                Chart(
                    f"cuts_by_unit_{q}",
                    f"{POLLUTANT_LABELS[q]}: abatement by district and sector",
                    "Bars: 2020 abatement by the model's measures (business-as-usual minus "
                    "final emissions), stacked by sector; black ticks: the net cut against "
                    "2015, which is smaller where activity grows.",
                    png(cuts_by_unit_chart(comp, q, labels)),
                )
            )
    return out
