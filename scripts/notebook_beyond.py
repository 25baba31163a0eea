"""The cells of notebook 04, beyond one least-cost answer: near-optimal ranges and the
presented allocation, a least-cost curve and the cost of the plan's target, equity and its price,
the technical maximum, and an infeasible scenario diagnosed in the plan's words
(``emisim.analysis``; docs/model.md). Written by ``make_notebooks.py``."""

from __future__ import annotations

from notebook_cells import code, figure, md

BEYOND = [
    md("""
# Beyond one least-cost answer

The plan (Chongqing's 13th Five-Year Plan for ecological civilisation) fixes city-wide cuts
of five pollutants by 2020 and sorts the 39 districts and counties into categories — large,
medium, small cut, or adapt locally — that bound how much each should cut. emisim finds the
cheapest allocation of abatement measures that meets all of it. But "the cheapest" answers
one question only, and a planning office asks others:

1. **Is the least-cost allocation the only one?** Usually not: two districts whose cheapest
   measure costs the same per tonne can trade cuts at no cost. *Near-optimal ranges* show,
   for each district, how far its cut can move while the plan stays (nearly) as cheap: what
   is pinned and what is a free choice. The allocation emisim presents among the tied plans
   is chosen by a stated rule.
2. **What does one more tonne cost?** The *least-cost curve* traces the total cost as one
   target tightens; its slope at the plan's own target is the cost of the plan's target.
3. **What does fairness cost?** The *equity objective* makes every district's cut as close as
   possible to its category's nominal rate; the *cost–equity frontier* prices each step.
4. **How much could be cut at all?** The *technical maximum*, with every requirement dropped.
5. **Why can a scenario not be met?** An infeasible scenario explained in the plan's words.

Every analysis re-solves one LP already loaded in HiGHS, warm, so hundreds of solves take
seconds. The CLI equivalents are `emisim ranges`, `emisim cost-curve`, `emisim frontier` and
`emisim run`; the default data are estimates (`docs/data.md`): read the numbers as a
demonstration of the method.
"""),
    code("""
%matplotlib inline
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import emisim
from emisim import analysis

out = Path(tempfile.mkdtemp(prefix="emisim-"))  # nothing is written inside notebooks/
result = emisim.run("plan2020")
result
"""),
    md("""
## 1. Near-optimal ranges: who *must* cut what

For every district and pollutant, `analysis.ranges` solves two LPs per cost tolerance ε:
the lowest and the highest cut rate among all plans that meet every requirement and cost at
most (1 + ε) × the least cost. ε = 1 % shows what a planner can choose for a small price;
ε = 0 is the exact tie set, the plans that are all *the* least-cost plan. This is
modelling to generate alternatives, as in PyPSA's and Calliope's near-optimal analyses. It
is the slowest step of this notebook (two LPs × two tolerances × each district and
pollutant: several hundred warm re-solves).
"""),
    code("""
ranges = analysis.ranges("plan2020")
print(f"least cost {ranges.optimum / 1e9:,.3f} bn yuan; {ranges.solves} range LPs")
ranges.table.head(10)
"""),
    md("""
Each row: the cut rate shown (`presented_pct`), its range (`min_pct` to `max_pct`) and
whether the range is a single point (`pinned`, width ≤ 0.01 percentage points). How many
district cuts are pinned at each tolerance:
"""),
    code("""
ranges.table.groupby(["epsilon", "pollutant"])["pinned"].agg(["sum", "count"]).unstack(0)
"""),
    md("""
The widest **free choices** among the exact least-cost plans: the cut of each of these
districts can be anywhere in its range without changing the total cost by a yuan, so a map
of "the" least-cost cut shows one choice among many. Another district's cut moves the other
way to keep the city-wide total. The presented cut often sits at one end of its range: the
tie-break (section 2) minimises the *sum* of deviations from the categories' nominal rates,
and, like any linear programme, it tends to give a free block of cut to one district rather
than share it out.
"""),
    code("""
exact = ranges.table[ranges.table["epsilon"] == 0]
exact.sort_values("width_pct", ascending=False)\\
    [["name", "pollutant", "min_pct", "presented_pct", "max_pct", "width_pct"]].head(8).round(1)
"""),
    md("""
The chart draws each district's VOC range as a band (light: within 1 % of the least cost;
dark: the exact tie set) and the presented cut as a dot. A district with no visible band is
pinned: its category's floor or ceiling, or its only cheap measure, decides its cut.
"""),
    figure("""
result.plot.ranges(ranges, "VOC")  # the result's district names
"""),
    md("""
Every presented cut lies inside its range, at both tolerances (a check computed from the
table, not taken on trust):
"""),
    code("""
tol = 1e-6
inside = (ranges.table["presented_pct"] >= ranges.table["min_pct"] - tol) & (
    ranges.table["presented_pct"] <= ranges.table["max_pct"] + tol
)
print(f"{inside.sum()} of {len(inside)} presented cuts inside their ranges")
assert inside.all()
"""),
    md("""
**Must-haves.** A measure is a must-have of a district when it is deployed (more than zero
units in 2020) in *every* plan within 1 % of the least cost: the decision that does not
depend on how ties are broken. `min_units` is the least any such plan deploys,
`presented_units` what the presented plan deploys. Districts with each measure as a
must-have, at both tolerances:
"""),
    code("""
count = ranges.must_have.groupby(["measure", "epsilon"])["code"].count().unstack("epsilon")
count.fillna(0).astype(int).sort_values(0.01, ascending=False)
"""),
    md("""
The exact least-cost plans (ε = 0) agree on far more than the plans within 1 % do: for
1 % more cost, most measures can be swapped for others in most districts. The counts at 1 %
are the robust core of the allocation: whatever the office chooses near the least cost, these
measures are built in these districts.
"""),
    md("""
## 2. Which least-cost plan is shown

A solver returns an arbitrary corner of the tied set. emisim states its second criterion
instead (`objective.tie_break: nominal`, the default): among the least-cost plans, the one
closest, in the sum of absolute deviations, to each category's nominal rate (the middle of a
two-sided band, or the floor of a one-sided one). `tie_break: none` shows the solver's
corner. Same cost, different "answer" for the districts with free choices:
"""),
    code("""
print("tie-break:", result.scenario.objective.tie_break)
vertex = emisim.run(result.scenario.with_changes(**{"objective.tie_break": "none"}))
both = result.allocation.merge(
    vertex.allocation, on=["code", "pollutant"], suffixes=("", "_vertex")
)
assert np.isclose(vertex.summary["total_cost_yuan"], result.summary["total_cost_yuan"], rtol=1e-8)
moved = both.assign(change=both["cut_pct_vertex"] - both["cut_pct"])
moved = moved[moved["change"].abs() > 0.5]
print(f"total cost: nominal {result.summary['total_cost_yuan'] / 1e9:,.4f} bn yuan, "
      f"solver's vertex {vertex.summary['total_cost_yuan'] / 1e9:,.4f} bn yuan; "
      f"{len(moved)} district cuts differ by more than 0.5 pp")
moved[["name", "pollutant", "cut_pct", "cut_pct_vertex"]].round(1).head(10)
"""),
    md("""
## 3. A least-cost curve and the cost of the plan's target

`analysis.cost_curve` moves one city target τ from 0 to the largest level the scenario's
other requirements allow, and records the least total cost C(τ). With the plan's bands set
as multiples of the city rate (the default, `bands="follow"`), the district floors move with
the target too. An LP's optimum is piecewise linear in its right-hand side: the curve is
exact, its breakpoints found by warm re-solves where neighbouring tangents meet, not
interpolated. Here NOx, from a small grid (5 points) refined at its breakpoints.
"""),
    code("""
curve = analysis.cost_curve("plan2020", "NOX", points=5)
t = curve.table[np.isfinite(curve.table["cost"])]
print(f"{curve.solves} re-solves; NOx cut from {curve.start:.1%} to {curve.limit:.1%} "
      f"(the technical maximum alone would allow {curve.technical:.1%}); "
      f"{(t['kind'] == 'breakpoint').sum()} breakpoints found")
t[["lambda", "kind", "cost", "marginal_price", "segment_price"]].iloc[::12]
"""),
    md("""
Two prices per point, in the result's price unit (present-value yuan per tonne of
final-year cut under the default common-horizon accounting):

* `marginal_price`: the dual price at that point, what the *next* tonne of required city cut
  costs, bands moving with the target. At a breakpoint duals are only one subgradient
  (anywhere between the slopes on either side).
* `segment_price`: the slope of the chord from this point to the next, exact on the segment
  when no breakpoint lies inside; the chart's step follows it.

At the plan's own NOx target the slope is the **cost of the plan's target** that
`result.target_prices` reports; its `bands_held_price` (the cost of one more tonne, bands
held) is the dual of the city row alone, lower because the
district floors that follow the target cost money too. Computed, not typed:
"""),
    code("""
tp = result.target_prices.set_index("pollutant")
own = t[np.isclose(t["lambda"], tp.loc["NOX", "required_cut"])].iloc[0]
before = t[t["lambda"] < own["lambda"]].iloc[-1]
print(f"plan target: NOx cut {own['lambda']:.1%} = {own['required_cut_t']:,.0f} t")
print(f"curve's marginal price there   {own['marginal_price']:,.2f}")
print(f"chord from the point before    {before['segment_price']:,.2f}")
print(f"cost of the plan's target      {tp.loc['NOX', 'plan_target_price']:,.2f}")
print(f"one more tonne, bands held     {tp.loc['NOX', 'bands_held_price']:,.2f}")
print("unit:", tp.loc["NOX", "unit"])
assert np.isclose(own["marginal_price"], tp.loc["NOX", "plan_target_price"], rtol=1e-6)
"""),
    figure("""
result.plot.curve(curve, own=own["required_cut_t"])  # in the result's price unit
"""),
    md("""
The curve does not start at zero cost: with no NOx target at all, the other targets, the
coal ceiling and the plan's dated commitments still cost money. It rises more and more
steeply, cheap measures first, then dearer ones, until the district bands and the measures'
potentials allow no more: its right end lies well below the technical maximum because the
bands and the other targets still hold. (With bands that move with the target the curve need
not be convex; it is reported as solved, not smoothed.)

## 4. Equity and its price

Least cost concentrates cuts where they are cheap. The plan's categories say instead how
hard each district should try. The **equity objective** (`objective.kind: equity`) minimises
the largest deviation of any district's cut rate from its category's nominal rate; among the
most equitable plans it shows the cheapest. Change one field of the scenario and run again:
"""),
    code("""
fair = emisim.run(result.scenario.with_changes(**{"objective.kind": "equity"}))
extra = fair.summary["total_cost_yuan"] / result.summary["total_cost_yuan"] - 1
print(f"largest deviation from the category rate: {fair.summary['objective_value']:.1%}")
print(f"cost: {fair.summary['total_cost_yuan'] / 1e9:,.3f} bn yuan vs least cost "
      f"{result.summary['total_cost_yuan'] / 1e9:,.3f} (+{extra:.2%})")
gini = {"least cost": result, "equity": fair}
pd.DataFrame({k: r.summary["equity"]["gini_per_capita_cut"] for k, r in gini.items()})\
    .rename_axis("Gini of per-capita cut")
"""),
    md("""
Between the two ends lies the **cost–equity frontier**, by the epsilon-constraint method:
for each bound on the largest deviation, the least cost of a plan that respects it (one warm
re-solve each). Its left end is the equity run above, its right end the most equitable
least-cost plan; cost never falls as equity tightens. The *price of equity* is how much each
tightening adds.
"""),
    code("""
front = analysis.frontier("plan2020", points=5)
assert np.isclose(front.table["cost"].iloc[0], fair.summary["total_cost_yuan"], rtol=1e-6)
assert (np.diff(front.table["cost"]) <= 1e-6 * front.least_cost).all()  # monotone
front.table.round(3)
"""),
    figure("""
result.plot.frontier(front)
"""),
    md("""
## 5. The technical maximum

How far could each pollutant be cut if the plan asked for nothing but what the measures can
physically do (their potentials, how fast they can be built, sector and coal floors)? One LP
per pollutant, maximising its city-wide cut, every requirement dropped. It is a ceiling:
every feasible scenario cuts less.
"""),
    code("""
tech = pd.Series(analysis.technical_maximum("plan2020"), name="technical maximum")
city = result.allocation.groupby("pollutant")[["base_t", "final_t"]].sum()
ceiling = pd.DataFrame({
    "plan target": tp["required_cut"],
    "plan2020 achieves": 1 - city["final_t"] / city["base_t"],
    "technical maximum": tech,
})
assert (ceiling["plan2020 achieves"] <= ceiling["technical maximum"] + 1e-9).all()
(100 * ceiling).round(1)
"""),
    figure("""
ax = (100 * ceiling).plot.bar(figsize=(7, 3.5), rot=0, ylabel="city-wide cut 2020 vs 2015 (%)")
ax.set_title("The plan's targets, what plan2020 achieves, and the ceiling");
"""),
    md("""
The same ceiling as a scenario: `objective.kind: max_technical` drops every requirement and
maximises the weighted sum of cuts (each pollutant weighted by 1 / its base-year total) in
one run. It is a single plan, so each pollutant's cut is at most its own maximum above:
"""),
    code("""
most = emisim.run(result.scenario.with_changes(**{"objective.kind": "max_technical"}))
most_city = most.allocation.groupby("pollutant")[["base_t", "final_t"]].sum()
ceiling["max_technical run"] = 1 - most_city["final_t"] / most_city["base_t"]
assert (ceiling["max_technical run"] <= ceiling["technical maximum"] + 1e-9).all()
(100 * ceiling).round(1)
"""),
    md("""
## 6. When the plan cannot be met

`national-assignment` replaces box 1 with much deeper air cuts (NOx −18 %). Districts in the
*large cut* category must then cut NOx by 1.3 × 18 % = 23.4 %, and some cannot with the
measures they have. `emisim.run` raises an `InfeasibleError` that says why; with
`raise_on_infeasible=False` it returns a result carrying two explanations:

* **the conflict** (HiGHS's irreducible infeasible subset): a set of requirements and limits
  that cannot hold together although any smaller part of it can, named as the plan names
  them;
* **the elastic shortfall**: one least relaxation (the smallest sum of relative shortfalls;
  others may exist), each shortfall a share of what it is measured against — for a district
  band, the district's base-year emissions in the band's sectors.
"""),
    code("""
na = emisim.run("national-assignment", raise_on_infeasible=False)
print("status:", na.status)
print("conflict:", na.iis.text("en"))
print()
print(na.explain())
"""),
    md("""
The same diagnosis in Chinese, the language of the plan (`lang="zh"`; the CLI's
`--lang zh` prints it so):
"""),
    code("""
print("冲突：", na.iis.text("zh"))
print()
print(na.explain("zh"))
"""),
    md("""
The shortfalls as a table: which district floors would have to give, and by how much of
what. The tables of an infeasible result raise `NoSolutionError` instead of showing empty
numbers.
"""),
    code("""
pd.DataFrame([{"requirement": s.what, "row": s.row, "shortfall": f"{s.shortfall:.2%}"}
              for s in na.diagnosis.shortfalls])
"""),
    md("""
## 7. Keep the tables

The analyses' tables are plain DataFrames; write them wherever you like (here a temporary
folder — `emisim ranges plan2020` and friends write the same tables, with charts and a
manifest, under `outputs/analysis/`).
"""),
    code("""
ranges.table.to_csv(out / "ranges.csv", index=False)
ranges.must_have.to_csv(out / "must_have.csv", index=False)
curve.table.to_csv(out / "cost_curve_NOX.csv", index=False)
front.table.to_csv(out / "frontier.csv", index=False)
sorted(p.name for p in out.iterdir())
"""),
]
