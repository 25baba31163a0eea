"""The Python API: ``run(scenario) -> Result``. The CLI and the notebooks both call this."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from emisim.model.assemble import build_params
from emisim.model.build import build_model
from emisim.model.chain import chain_params
from emisim.model.data import Dataset, load_dataset
from emisim.model.errors import (
    EmisimError,
    InfeasibleError,
    NoSolutionError,
    SolverError,
    expect,
)
from emisim.model.params import Params
from emisim.model.scenario import Scenario, check_against, load_scenario
from emisim.results.costs import cost_headlines, cost_table
from emisim.results.deadlines import deadlines_table
from emisim.results.periods import period_costs
from emisim.results.prices import target_prices
from emisim.results.requirements import compliance_view, prices_view, requirements_table
from emisim.results.summary import summarise
from emisim.results.tables import (
    allocation_table,
    bands_table,
    coal_tables,
    deployment,
    emissions,
    measures_table,
)
from emisim.results.tidy import tidy
from emisim.solvers.budget import budget_shortfall
from emisim.solvers.diagnostics import Diagnosis, diagnose, explain
from emisim.solvers.engine import Engine
from emisim.solvers.highs import SolveResult, SolverOptions, Status, solve
from emisim.solvers.iis import Iis, find_iis
from emisim.solvers.presented import present

if TYPE_CHECKING:  # the plotting accessor's type only; imported lazily in Result.plot
    from emisim.reports.plotting import ResultPlots


@dataclass(frozen=True, repr=False)
class Result:
    """One solved scenario: its inputs, the solver's answer and the tidy tables.

    Each table is an attribute (``result.allocation``, ``result.prices``,
    ``result.requirements`` ...; ``dir(result)`` lists them), ``result.summary`` the headline
    figures, ``result.plot.*`` the report's charts and ``result.tidy()`` everything in long
    form."""

    scenario: Scenario
    dataset: Dataset
    params: Params = field(repr=False)
    solve: SolveResult
    tables: dict[str, pd.DataFrame] = field(repr=False)
    summary: dict = field(repr=False)
    diagnosis: Diagnosis | None = None
    iis: Iis | None = None  # HiGHS's irreducible infeasible subset, in the plan's words

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def status(self) -> Status:
        return self.solve.status

    def __getattr__(self, item: str) -> pd.DataFrame:
        # result.allocation, result.measures, ... are the tables
        tables = self.__dict__.get("tables", {})
        if item in tables:
            return tables[item]
        if not tables and "solve" in self.__dict__ and not item.startswith("_"):
            why = f": {explain(self.diagnosis)}" if self.diagnosis is not None else ""
            raise NoSolutionError(
                f"scenario '{self.name}' is {self.status}, so it has no '{item}' table{why}"
            )
        raise AttributeError(item)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self.__dict__.get("tables", {})})

    def __repr__(self) -> str:
        s = self.summary
        head = f"<emisim Result '{self.name}': {self.status}"
        if s.get("objective_value") is not None and self.tables:
            head += f", objective {s['objective_value']:,.6g}"
            if "total_cost_yuan" in s:
                head += f", total cost {s['total_cost_yuan'] / 1e9:,.2f} bn yuan"
            tables = ", ".join(sorted(self.tables)[:6])
            return f"{head}; tables: {tables} ...; also .summary, .plot, .tidy()>"
        return f"{head}; no tables — .diagnosis and .iis say why>"

    @property
    def plot(self) -> ResultPlots:
        """Charts of this result as matplotlib Figures: ``result.plot.map("SO2")``,
        ``.prices()``, ``.deployment()``, ``.bands()``, ``.abatement("NOX")``.

        The charts live in the reports layer, a floor above this one: it is imported here,
        lazily, when a chart is asked for (the one upward import tests/test_architecture.py
        allows), so running a scenario never loads it."""
        from emisim.reports.plotting import ResultPlots  # lazy upward import, see docstring

        return ResultPlots(self)

    def explain(self, lang: str = "en") -> str:
        """Why the scenario has no solution, in the plan's words (``lang``: en, zh): one
        least relaxation of the requirements (the elastic diagnosis); "" when solved."""
        return "" if self.diagnosis is None else explain(self.diagnosis, lang=lang)

    def tidy(self, tables: str | Sequence[str] | None = None) -> pd.DataFrame:
        """Result tables in long form (scenario, table, ids, variable, value, unit) for
        pandas, seaborn and xarray: see :mod:`emisim.results.tidy`."""
        return tidy(self.tables, self.name, tables)

    def _repr_html_(self) -> str:  # notebooks show the headline, not a wall of numbers
        s = self.summary
        rows = "".join(
            f"<tr><td>{k}</td><td>{v}</td></tr>"
            for k, v in (
                ("status", s["status"]),
                (
                    "total cost, " + s["accounting"] + " accounting (bn yuan)",
                    f"{s['total_cost_yuan'] / 1e9:,.2f}",
                ),
                ("targets met", s["targets_met"]),
                ("binding bands", s["binding_bands"]),
            )
        )
        return f"<b>emisim result: {self.name}</b><table>{rows}</table>"


def resolve(
    scenario: str | Path | Scenario, *, search_dirs: Sequence[Path] = ()
) -> tuple[Scenario, Dataset]:
    """Load a scenario (name, path or object) and the dataset it points at, cross-checked."""
    expect(scenario, (str, Path, Scenario), "scenario: expected a name, a YAML path or a Scenario")
    expect(search_dirs, (list, tuple), "search_dirs: expected a list of folders")
    sc = (
        scenario
        if isinstance(scenario, Scenario)
        else load_scenario(scenario, search_dirs=search_dirs)
    )
    ds = load_dataset(sc.data_folder)
    check_against(sc, ds, sc.source)
    return sc, ds


def scenario_params(sc: Scenario, ds: Dataset, *, search_dirs: Sequence[Path] = ()) -> Params:
    """The model instance of a scenario: its own, or a chain's over its periods' scenarios
    (each resolved against its own dataset, :func:`emisim.model.chain.chain_params`)."""
    file = str(sc.source or sc.name)
    if not sc.chain.periods:
        return build_params(ds, sc, file=file)
    dirs = (*search_dirs, *((sc.source.parent,) if sc.source else ()))
    first, later = (
        build_params(d, s, file=str(s.source or s.name))
        for s, d in (resolve(ref, search_dirs=dirs) for ref in sc.chain.periods)
    )
    return chain_params(first, later, sc.name, file, later_coal=sc.chain.later_coal)


def solver_options(sc: Scenario) -> SolverOptions:
    return SolverOptions(time_limit_s=sc.solver.time_limit_s, tolerance=sc.solver.tolerance)


def engine(
    scenario: str | Path | Scenario, *, search_dirs: Sequence[Path] = (), warm: bool = True
) -> Engine:
    """A re-solve engine loaded with a scenario (name, path or object): change it by name
    and re-solve warm (see :mod:`emisim.solvers.engine`)."""
    sc, ds = resolve(scenario, search_dirs=search_dirs)
    return Engine(scenario_params(sc, ds, search_dirs=search_dirs), solver_options(sc), warm=warm)


def solve_params(p: Params, options: SolverOptions) -> SolveResult:
    t0 = time.perf_counter()
    m = build_model(p)
    return solve(m, options, build_s=time.perf_counter() - t0)


def run(
    scenario: str | Path | Scenario,
    *,
    search_dirs: Sequence[Path] = (),
    raise_on_infeasible: bool = True,
) -> Result:
    """Solve one scenario. Infeasible scenarios raise :class:`InfeasibleError` naming the
    conflicting requirement families (or, with ``raise_on_infeasible=False``, return a
    result whose ``diagnosis`` says so and whose tables are empty)."""
    expect(raise_on_infeasible, bool, "raise_on_infeasible: expected True or False")
    sc, ds = resolve(scenario, search_dirs=search_dirs)
    file = str(sc.source or sc.name)
    p = scenario_params(sc, ds, search_dirs=search_dirs)
    options = solver_options(sc)
    res, eng = _first_solve(p, sc, options)
    if res.status in (Status.INFEASIBLE, Status.INFEASIBLE_OR_UNBOUNDED):
        short = budget_shortfall(p, options)  # one LP, not the IIS search (issue 22)
        if short is not None:
            if raise_on_infeasible:
                raise InfeasibleError(
                    f"scenario '{sc.name}' ({file}) is infeasible: {short.text()}"
                )
            summary = {
                "scenario": sc.name,
                "status": str(res.status),
                "conflict": short.text(),
                "least_cost_yuan": short.least_cost,
            }
            return Result(sc, ds, p, res, {}, summary, None, short.conflict())
        diag = diagnose(p, options)
        iis = find_iis(p, options)
        if raise_on_infeasible:
            raise InfeasibleError(
                f"scenario '{sc.name}' ({file}) is infeasible: {iis.sentence} (HiGHS's "
                f"irreducible infeasible subset). Elastic diagnosis: {explain(diag)}"
            )
        summary = {"scenario": sc.name, "status": str(res.status), "conflict": iis.sentence}
        return Result(sc, ds, p, res, {}, summary, diag, iis)
    if res.status is Status.INTERRUPTED:  # Ctrl-C: stop like any other Python code
        raise KeyboardInterrupt(f"scenario '{sc.name}': the solve was interrupted")
    if not res.ok:
        raise stopped(sc, res)
    if sc.objective.tie_break == "nominal":
        res = present(p, res, options, engine=eng)  # the stated choice among tied optima
    tables = collect_tables(p, res)
    summary = summarise(sc, ds, p, res, tables)
    if p.milestones and p.objective == "least_cost":
        summary["capital_outlay_by_year_without_milestones_yuan"] = _without_milestones(
            p, sc, options
        )
    return Result(sc, ds, p, res, tables, summary)


def _first_solve(
    p: Params, sc: Scenario, options: SolverOptions
) -> tuple[SolveResult, Engine | None]:
    """The solve, through the engine where the presented plan's second stage will follow
    (one build serves both)."""
    if sc.objective.tie_break == "nominal":
        eng = Engine(p, options)
        return eng.solve(), eng
    return solve_params(p, options), None


def _without_milestones(p: Params, sc: Scenario, options: SolverOptions) -> dict[str, float] | None:
    """Capital outlay by year of the same scenario with its interim milestones dropped,
    solved and presented as a run is: how much of the deployment timing the milestones
    decide (docs/model.md, Objective). None if that re-solve has no optimum."""
    q = replace(p, milestones={})
    res, eng = _first_solve(q, sc, options)
    if not res.ok:
        return None
    if sc.objective.tie_break == "nominal":
        res = present(q, res, options, engine=eng)
    return cost_headlines(q, measures_table(q, deployment(q, res)))["capital_outlay_by_year_yuan"]


def stopped(sc: Scenario, res: SolveResult) -> EmisimError:
    """The error for a solve that ended without an answer, naming the real cause."""
    after = f"after {res.timings.solve_s:.1f} s"
    if res.status is Status.TIME_LIMIT:
        return SolverError(
            f"scenario '{sc.name}': HiGHS reached the time limit {after} "
            f"(raise solver.time_limit_s, now {sc.solver.time_limit_s})"
        )
    if res.status is Status.UNBOUNDED:
        return SolverError(f"scenario '{sc.name}' is unbounded: the objective can grow forever")
    return SolverError(
        f"scenario '{sc.name}': HiGHS stopped with '{res.termination}' {after} "
        "(numerical trouble; check the data for extreme magnitudes)"
    )


def collect_tables(p: Params, res: SolveResult) -> dict[str, pd.DataFrame]:
    y = deployment(p, res)
    em = emissions(p, y)
    measures = measures_table(p, y)
    coal, coal_city = coal_tables(p, measures)
    total_cost = float(measures["cost_yuan"].sum())
    req = requirements_table(p, res, em, measures, coal_city, total_cost)
    bands = bands_table(p, em, req, measures)
    return {
        "allocation": allocation_table(p, em, bands),
        "bands": bands,
        "measures": measures,
        "costs": cost_table(p, measures),
        "deadlines": deadlines_table(p, y, res),
        "coal": coal,
        "coal_city": coal_city,
        "requirements": req,
        "prices": prices_view(req),
        "target_prices": target_prices(p, res, req, measures),
        "compliance": compliance_view(req),
        "emissions": em[em["year"] == p.final_year].reset_index(drop=True),
        **({"period_costs": period_costs(p, measures)} if p.period_end is not None else {}),
    }
