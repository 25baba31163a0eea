"""Write the teaching notebooks 01-04 from the cells below (04's are in
`notebook_beyond.py`), executed: stored with their outputs, so a repository page shows
every figure (`notebook_run.py`: small PNGs, no timing metadata).

Run `python scripts/make_notebooks.py [NAME ...]` after editing the cells; `make test`
checks that each stored notebook's cells are these and executes it again in a temporary
folder, comparing what every cell shows with the stored outputs (tests/test_notebooks.py).
Cells that draw a figure carry the tag "figure": the test checks each one shows an image.
Notebooks write nothing inside notebooks/: outputs go to a temporary folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook
from notebook_beyond import BEYOND
from notebook_cells import code, figure, md
from notebook_run import execute

ROOT = Path(__file__).parents[1] / "notebooks"


QUICKSTART = [
    md("""
# emisim quick start

**The plan.** Chongqing's 13th Five-Year Plan for ecological civilisation (2016–2020) sets
city-wide cuts of five pollutants against 2015 (box 1: COD, NH3-N, SO2, NOx and key-industry
VOC) and a ceiling on coal's share of primary energy (55 %). It does not say how much each of
the 39 districts and counties should cut: it sorts them into categories (boxes 4, 8 and 11:
*large*, *medium*, *small* cuts, or *adapt locally*) that say how hard each should try.

**The model.** emisim turns that into a linear programme: choose how many units of each
abatement measure (scrubbers, sewage plants, coal-boiler conversions, ...) to run in each
district and year so that the city-wide targets and the coal ceiling are met, every
district's cut lies in the band its category implies, and the total cost is least. HiGHS
solves it in about a second. The default data are estimates with provenance grades (see
`docs/data.md`): read the numbers as a demonstration of the method.

This notebook runs the plan as written, reads the allocation, draws a map and the prices,
then tightens a target and runs again.
"""),
    code("""
%matplotlib inline
import pandas as pd

import emisim
"""),
    md("""
## 1. Run the plan

`emisim.run` takes a scenario: a shipped name (`emisim scenario list` shows them), a YAML
file or a `Scenario` object. `plan2020` is box 1 of the plan with the default reading of the
categories.
"""),
    code("""
result = emisim.run("plan2020")
result
"""),
    md("""
## 2. Read the allocation

`result.allocation` has one row per district and pollutant: the 2015 base (`base_t`), the
2020 emissions (`final_t`), the cut in tonnes and per cent, and the district's plan category
with the band it implies (`lower_pct`, `upper_pct`). `binding` says whether the district sits
at the edge of its band: that is where the plan's guidance, not cost, decides its share.
"""),
    code("""
so2 = result.allocation.query("pollutant == 'SO2'")
so2[["name", "zone", "category", "base_t", "final_t", "cut_pct", "lower_pct", "binding"]]\\
    .sort_values("cut_pct", ascending=False).head(10)
"""),
    md("""
## 3. A map

`result.plot` draws the report's charts for one result; each call returns a matplotlib
Figure you can restyle or save (`fig.savefig(...)`). The tile map is a schematic: one square
per district, roughly where it lies. Colours show the NOx cut (blue: cut, red: growth on a
diverging scale); the marker in each tile is the district's air category in the plan.
"""),
    figure("""
result.plot.map("NOX")
"""),
    md("""
## 4. The prices

Each city-wide target has two prices, one name each: the **cost of the plan's target**
(`plan_target_price`: one more tonne of the target, the district bands set as multiples of it
moving with it) and the **cost of one more tonne, bands held** (`bands_held_price`: the
target row's own dual). Zero means tightening costs nothing (the cut comes with other
requirements, e.g. the coal ceiling). `summary["price_unit"]` states their unit under the
scenario's cost accounting; `*_annual` is each one's equivalent annual cost in yuan per
tonne, comparable with cost curves in the literature.
"""),
    code("""
s = result.summary
print(f"total cost ({s['accounting']} accounting): {s['total_cost_yuan'] / 1e9:.2f} bn yuan")
print(f"investment 2016-2020: {s['capital_outlay_yuan'] / 1e9:.2f} bn yuan")
pd.DataFrame({
    f"cost of the plan's target ({s['price_unit']})": s["plan_target_price"],
    f"one more tonne, bands held ({s['price_unit']})": s["bands_held_price"],
    f"plan's target, annual ({s['annual_price_unit']})": s["plan_target_price_annual"],
}).round(0)
"""),
    figure("""
result.plot.prices()
"""),
    md("""
When is the money spent? Investment falls in the year a unit is built; the line is the
annual cost of everything in place. The lower panel shows how much of each pollutant the
measures remove each year.
"""),
    figure("""
result.plot.deployment()
"""),
    md("""
## 5. Change a target and run again

A scenario is a validated object: copy it with one change. Here the city-wide NOx target
goes from the plan's rate (read from the result's requirements table, not typed here) to
12 %: what does the extra ambition cost, and who carries it?
"""),
    code("""
req = result.requirements
plan_nox = float(req.query("family == 'city_target' and pollutant == 'NOX'")["required"].iloc[0])
new_nox = 0.12
step = (new_nox - plan_nox) * 100  # percentage points
print(f"NOx target: the plan's {plan_nox:.1%} -> {new_nox:.1%} ({step:.1f} points more)")

plan = emisim.load_scenario("plan2020")
targets = plan.targets.model_copy(update={"overrides": {"NOX": new_nox}})
tighter = emisim.run(plan.model_copy(update={"name": "nox-12pct", "targets": targets}))
extra = tighter.summary["total_cost_yuan"] - result.summary["total_cost_yuan"]
print(f"extra cost of {step:.1f} more points of NOx cut: {extra / 1e9:.2f} bn yuan")
print(f"NOx cost of the plan's target: {result.summary['plan_target_price']['NOX']:,.0f} -> "
      f"{tighter.summary['plan_target_price']['NOX']:,.0f} {result.summary['price_unit']}")
"""),
    figure("""
tighter.plot.map("NOX")
"""),
    md("""
## 6. Your own charts: tidy tables

`result.tidy()` stacks the result tables into one long table (scenario, table, ids,
`variable`, `value`, `unit`) that pandas, seaborn (`hue="scenario"`) and xarray
(`.set_index([...]).to_xarray()`) take as it is. Below: NOx cut per zone in both runs.
"""),
    code("""
long = pd.concat([result.tidy("allocation"), tighter.tidy("allocation")])
nox = long.query("pollutant == 'NOX' and variable == 'cut_t'")
nox.pivot_table(index="zone", columns="scenario", values="value", aggfunc="sum").round(0)
"""),
    md("""
`emisim.reports.plain_axes` numbers your own chart's axes as the report's charts are
numbered: plain figures with thousands separators, never a "1e6" in the corner.
"""),
    figure("""
from emisim.reports import plain_axes

by_zone = nox.pivot_table(index="zone", columns="scenario", values="value", aggfunc="sum")
ax = by_zone.plot.bar(figsize=(7, 3.5), rot=0, ylabel="NOx cut 2020 vs 2015 (t)")
plain_axes(ax).set_title("Who carries the tighter NOx target");
"""),
]


COMPARE = [
    md("""
# Comparing scenarios

One scenario answers one question. Set three side by side and the differences price the
assumptions:

* `plan2020`: the plan as written, every district within its category's band;
* `no-guidance`: the same city-wide targets, districts free (what does the plan's district
  guidance cost, and where would a least-cost plan put the cuts instead?);
* `high-cost`: every measure at the top of its cost range (how robust is the allocation to
  the cost data?).

`emisim.compare` solves each and builds tables whose every number is read from one run's
result tables; `comp.plot.*` draws the report's charts (one panel or series per scenario);
`emisim.reports.write_comparison` writes the report (HTML, PDF on request, workbook, CSVs,
charts). The CLI equivalent is
`emisim compare plan2020 no-guidance high-cost --pdf --lang zh`.
"""),
    code("""
%matplotlib inline
import tempfile
from pathlib import Path

import emisim
from emisim.reports import write_comparison

comp = emisim.compare(["plan2020", "no-guidance", "high-cost"], reference="plan2020")
comp
"""),
    md("""
## Key indicators

One row per scenario: cost under the scenario's accounting, investment, the two prices of
each city-wide target and their equivalent annual costs, the city-wide cuts, the coal share,
how many requirements are met and how equal the per-capita burden is (Gini).
"""),
    code("""
comp.indicators.set_index("scenario").T
"""),
    md("""
Each scenario minus the reference: the cost of the district guidance is the `no-guidance`
row of `total_cost_yuan`, with the sign reversed.
"""),
    code("""
d = comp.differences
d[d["indicator"].isin(["total_cost_yuan", "capital_outlay_yuan", "plan_target_price_NOX"])]
"""),
    md("""
## The cost of the plan's target, side by side

The price the key indicators lead with, per pollutant and scenario. Without the bands some
targets cost more at the margin (the guidance had been forcing cuts that also served the
city target) and some less. Zero: tightening the target costs nothing.
"""),
    figure("""
comp.plot.prices()
"""),
    md("""
## Where the cuts go

The same diverging colour scale in every panel: blue districts cut, red ones grow. Without
guidance the least-cost plan concentrates the cut where it is cheapest, and some districts
grow (the markers show the category the plan gave them).
"""),
    figure("""
comp.plot.map("NOx")  # comp.plot("zh").map("NOx"): the same map in Chinese
"""),
    md("""
## When the money is spent
"""),
    figure("""
comp.plot.deployment()
"""),
    md("""
## The full report

Written to a temporary folder here (nothing is written inside `notebooks/`). Open
`report.html` in a browser; `workbook.xlsx` is the policy office's version of the tables.
"""),
    code("""
out = Path(tempfile.mkdtemp(prefix="emisim-"))
folder = write_comparison(comp, out)
sorted(p.name for p in folder.iterdir())
"""),
]


SENSITIVITY = [
    md("""
# Sensitivity sweeps

Every number in the default data is an estimate, and the plan's words admit several
readings. A single run cannot say which of its conclusions are robust; a sweep can. It
solves one base scenario many times with chosen inputs varied by their dotted path, keeps a
compact record of each run (cost, prices, cut rates, what binds) and then asks which
conclusions hold in nearly every run.

Here, a small Sobol design on `plan2020`: one shared factor on every measure's cost
(±30 %), and the NOx and VOC city targets (±10 % of the plan's). Sobol indices apportion
the variance of an output among the inputs: the first-order index is what an input explains
alone, the total index adds everything it does together with others. Forty runs are far too
few for tight indices (the intervals below say so); the shipped specs in
`scenarios/sweeps/` use hundreds.

Each run is a warm re-solve of one model loaded in HiGHS (the engine), so a run costs
milliseconds, not the second a fresh build takes. The CLI equivalent is
`emisim sweep SPEC.yaml --report`; re-running it after an interruption computes only the
runs that are missing.
"""),
    code("""
%matplotlib inline
import tempfile
from pathlib import Path

import emisim
from emisim import sweeps

out = Path(tempfile.mkdtemp(prefix="emisim-"))  # nothing is written inside notebooks/
spec = {
    "name": "notebook-sobol",
    "description": "Which moves plan2020 more: costs or the NOx and VOC targets?",
    "base": "plan2020",
    "design": {"kind": "sobol", "samples": 8, "seed": 1},
    "parameters": [
        {"path": "cost.*", "together": True, "relative": True,
         "distribution": {"kind": "uniform", "low": 0.7, "high": 1.3}},
        {"path": "targets.overrides.NOX", "relative": True,
         "distribution": {"kind": "uniform", "low": 0.9, "high": 1.1}},
        {"path": "targets.overrides.VOC", "relative": True,
         "distribution": {"kind": "uniform", "low": 0.9, "high": 1.1}},
    ],
}
summary = emisim.sweep(spec, out=out, workers=1, progress=False)
print(summary.text())
"""),
    md("""
The records: one row per run with the drawn values (`x.` columns), the status, the
accounted total cost, both prices of each pollutant (`plan_target_price.`,
`bands_held_price.`), city and district cut rates and binding counts. Failed runs
(infeasible, time limit, an error) are rows too.
"""),
    code("""
data = sweeps.load(summary.folder)
cols = ["run_id", "status", "x.cost.*", "x.targets.overrides.NOX", "total_cost_yuan",
        "plan_target_price.NOX", "bands_held_price.NOX"]
data.records[cols].head()
"""),
    md("""
How the total cost and each varying price are distributed over the runs (median solid,
5 % and 95 % dotted). `data.plot` draws the sweep report's charts from the stored records;
`data.tables()` gives the report's tables.
"""),
    figure("""
tables = data.tables()
data.plot.distributions()
"""),
    md("""
Which input moves the total cost: the tornado compares the mean cost of the runs where an
input lies in its lowest fifth with those where it lies in its highest fifth.
"""),
    figure("data.plot.tornado()"),
    md("""
The Sobol indices of the total cost with their 95 % bootstrap intervals (SALib). With this
few runs an interval can cross zero; the ranking is what to read.
"""),
    figure("data.plot.indices()"),
    code('tables["indices"].query("output == \'total_cost_yuan\'")'),
    md("""
How often each target, the coal cap and each band category binds, and the conclusions
that hold (or fail) in at least 90 % of the solved runs.
"""),
    figure("data.plot.binding()"),
    code('tables["conclusions"].head(15)'),
    md("""
The report folder, as `emisim sweep report notebook-sobol` writes it: `report.html`, the
tables as CSV and the charts as PNG.
"""),
    code("""
folder = data.write_report()  # data.write_report("zh"): in Chinese
sorted(p.name for p in folder.iterdir())
"""),
]


#: Each notebook's file name and cells.
NOTEBOOKS = {
    "01_quickstart.ipynb": QUICKSTART,
    "02_compare.ipynb": COMPARE,
    "03_sensitivity.ipynb": SENSITIVITY,
    "04_beyond_least_cost.ipynb": BEYOND,
}


def text(name: str) -> str:
    """The notebook file's text, as written (the notebook test compares the shipped files
    with it, so an edit made only in the .ipynb or only here is caught)."""
    nb = new_notebook(
        cells=NOTEBOOKS[name],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    for i, cell in enumerate(nb.cells):  # stable ids: regenerating changes only what changed
        cell.id = f"{name[:2]}-{i:02d}"
    return nbformat.writes(nb) + "\n"


def executed(name: str) -> str:
    """The notebook file's text as stored: the cells of :func:`text`, executed top to bottom
    in a fresh kernel (``notebook_run.execute``), outputs in."""
    nb = execute(nbformat.reads(text(name), as_version=4))
    return nbformat.writes(nb) + "\n"


def main(names: list[str]) -> None:
    """Write every notebook (or those named), executed: a few minutes (04 takes ~1)."""
    ROOT.mkdir(exist_ok=True)
    for name in names or NOTEBOOKS:
        path = ROOT / name
        path.write_text(executed(name), encoding="utf-8")
        print(f"{path}: {path.stat().st_size / 1e3:,.0f} kB")


if __name__ == "__main__":
    main(sys.argv[1:])
