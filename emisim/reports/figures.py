"""The set of charts a comparison report shows, rendered to PNG bytes, with their titles
and captions in the report's language."""

from __future__ import annotations

from emisim.comparison import Comparison
from emisim.model.vocabulary import POLLUTANTS
from emisim.reports.charts import Chart, cost_by_measure_chart, font_context, png, price_chart
from emisim.reports.charts_maps import map_chart
from emisim.reports.charts_time import deployment_chart
from emisim.reports.charts_units import cuts_by_unit_chart, unit_rates_chart
from emisim.reports.i18n import period_of, translator
from emisim.reports.lang import unit_names


def render_charts(comp: Comparison, lang: str = "en", font: str | None = None) -> list[Chart]:
    """Every chart of the report, in the report's order. ``lang``/``font`` as resolved by
    :func:`emisim.reports.lang.resolve_lang`."""
    _ = translator(lang).for_period(period_of(comp.results))
    labels = unit_names(comp.results[0].dataset.units, lang)
    same_scale = _("Same colour scale in every panel.")
    markers = _("Markers show each district's plan category.")
    out: list[Chart] = []
    with font_context(font):
        out.append(
            Chart(
                "prices",
                _("Cost of the plan's target per pollutant"),
                _(
                    "What tightening each city-wide target by one more tonne of final-year cut "
                    "costs, the district bands set as multiples of it moving with it: the "
                    "price the key indicators lead with (present-value yuan per tonne a year "
                    "under common-horizon and lifetime accounting, yuan per tonne under "
                    "target-year accounting; "
                    "the key indicators give its equivalent annual cost in yuan per tonne and "
                    "the cost of one more tonne with the bands held). Zero: tightening the "
                    "target costs nothing, the cut comes with other requirements."
                ),
                png(price_chart(comp, lang)),
            )
        )
        out.append(
            Chart(
                "cost_by_measure",
                _("Cost by abatement measure"),
                _(
                    "Cost of each measure under each scenario's accounting (default: present value "
                    "of the units' lifetimes), summed over districts; the largest measures are "
                    "shown, the rest are pooled."
                ),
                png(cost_by_measure_chart(comp, lang)),
            )
        )
        out.append(
            Chart(
                "deployment",
                _("Deployment and spending by year"),
                _(
                    "Top: investment (capital outlay in the year a unit is built) by sector, and "
                    "the annual cost of the measures in place (black line), undiscounted, 2015 "
                    "prices. Bottom: the abatement those measures deliver each year, as a share "
                    "of the {base} emissions of the modelled sectors."
                ),
                png(deployment_chart([r for r in comp.results], lang)),
            )
        )
        out.append(
            Chart(
                "map_cost",
                _("District map: cost"),
                _("Cost (each scenario's accounting) of the measures placed in each district.")
                + " "
                + same_scale
                + " "
                + markers,
                png(map_chart(comp, "cost", labels, lang)),
            )
        )
        for q in POLLUTANTS:
            name = _.pollutant(q)
            out.append(
                Chart(
                    f"map_cut_{q}",
                    _("District map: {pollutant} cut rate").format(pollutant=name),
                    _(
                        "Each district's {final} {pollutant} emissions against {base} (% cut; "
                        "blue = cut, red = growth)."
                    ).format(pollutant=name)
                    + " "
                    + same_scale
                    + " "
                    + markers,
                    png(map_chart(comp, q, labels, lang)),
                )
            )
        out.append(
            Chart(
                "unit_rates",
                _("Cut rates against the plan's category bands"),
                _(
                    "Dots: each district's cut rate over the sectors its guidance family covers; "
                    "bars: the band its plan category allows (open-ended bars have no ceiling). "
                    "Scenarios without guidance show dots only."
                ),
                png(unit_rates_chart(comp, labels, lang)),
            )
        )
        for q in POLLUTANTS:
            name = _.pollutant(q)
            out.append(
                Chart(
                    f"cuts_by_unit_{q}",
                    _("{pollutant}: abatement by district and sector").format(pollutant=name),
                    _(
                        "Bars: {final} abatement by the model's measures (business-as-usual minus "
                        "final emissions), stacked by sector; black ticks: the net cut against "
                        "{base}, which is smaller where activity grows. All panels share one scale."
                    ),
                    png(cuts_by_unit_chart(comp, q, labels, lang)),
                )
            )
    return out
