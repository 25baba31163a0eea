"""Scenarios side by side: ``compare([...]) -> Comparison``.

Each scenario is solved once (or taken as given, if it is already a :class:`Result`);
infeasible scenarios are kept with their diagnosis and shown as such in every table
instead of aborting the comparison. The tables are built by :mod:`emisim.comparison.tables`
from the per-scenario result tables only, so any number can be traced back to one run.
Writing the report, workbook and charts is the reports layer's job
(:func:`emisim.reports.write_comparison`).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from emisim.api import Result, run
from emisim.comparison.tables import build_tables, feasible
from emisim.model.errors import EmisimError
from emisim.model.scenario import Scenario, load_scenario
from emisim.model.scenario.checks import folder_name_problem
from emisim.solvers.diagnostics import explain

if TYPE_CHECKING:
    from emisim.reports.plotting import ComparisonPlots

ScenarioLike = str | Path | Scenario | Result

#: Longest default comparison name (a folder name under ``outputs/compare/``).
MAX_NAME = 80

TABLES = (
    "indicators",
    "differences",
    "cuts_by_zone",
    "cuts_by_category",
    "compliance",
    "costs_by_measure",
    "costs_by_unit",
    "unit_rates",
    "investment",
    "target_prices",
    "deadlines",
)


@dataclass(frozen=True)
class Comparison:
    """Several solved scenarios and the tables that set them side by side.

    ``results`` keeps every scenario's :class:`Result` in the order given (infeasible ones
    with their ``diagnosis``); ``reference`` names the scenario the ``differences`` are
    taken against; ``tables`` maps each name in :data:`TABLES` to a tidy DataFrame.
    """

    results: tuple[Result, ...]
    reference: str
    name: str
    tables: dict[str, pd.DataFrame] = field(repr=False)

    @property
    def scenarios(self) -> list[str]:
        return [r.name for r in self.results]

    def result(self, name: str) -> Result:
        for r in self.results:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def feasible(self) -> list[Result]:
        return [r for r in self.results if feasible(r)]

    def diagnosis_text(self, name: str, lang: str = "en") -> str | None:
        """One least relaxation (the elastic diagnosis) in words (``lang``: en, zh), or
        None for a solved scenario."""
        r = self.result(name)
        return None if r.diagnosis is None else explain(r.diagnosis, lang=lang)

    def conflict_text(self, name: str, lang: str = "en") -> str | None:
        """The conflict itself (HiGHS's irreducible infeasible subset) in the plan's words,
        or None for a solved scenario."""
        r = self.result(name)
        return None if r.iis is None else r.iis.text(lang)

    @property
    def indicators(self) -> pd.DataFrame:
        return self.tables["indicators"]

    @property
    def differences(self) -> pd.DataFrame:
        return self.tables["differences"]

    @property
    def cuts_by_zone(self) -> pd.DataFrame:
        return self.tables["cuts_by_zone"]

    @property
    def cuts_by_category(self) -> pd.DataFrame:
        return self.tables["cuts_by_category"]

    @property
    def compliance(self) -> pd.DataFrame:
        return self.tables["compliance"]

    @property
    def costs_by_measure(self) -> pd.DataFrame:
        return self.tables["costs_by_measure"]

    @property
    def costs_by_unit(self) -> pd.DataFrame:
        return self.tables["costs_by_unit"]

    @property
    def unit_rates(self) -> pd.DataFrame:
        return self.tables["unit_rates"]

    @property
    def plot(self) -> ComparisonPlots:
        """The report's charts of this comparison as matplotlib Figures, one panel or
        series per scenario: ``comp.plot.map("NOx")``, ``.prices()``, ``.deployment()``,
        ``.costs()``, ``.bands()``, ``.abatement("SO2")``; ``comp.plot("zh")`` in Chinese.
        The charts live in the reports layer, imported lazily (tests/test_architecture.py)."""
        from emisim.reports.plotting import ComparisonPlots  # lazy upward import

        return ComparisonPlots(self)

    def __repr__(self) -> str:
        states = ", ".join(f"{r.name} ({r.status})" for r in self.results)
        return (
            f"<emisim Comparison '{self.name}': {states}; reference {self.reference}; "
            "tables: .indicators, .differences, .cuts_by_zone ...; .result(name) for one>"
        )

    def _repr_html_(self) -> str:
        ind = self.indicators.set_index("scenario")
        keep = [c for c in ("status", "total_cost_yuan", "binding_bands") if c in ind.columns]
        return f"<b>emisim comparison: {self.name}</b>" + ind[keep].T.to_html()


def default_name(names: Sequence[str]) -> str:
    """``a_vs_b_vs_c``, made safe for a folder name and shortened (with a hash) if long."""
    safe = [re.sub(r"[^A-Za-z0-9._-]+", "-", n).strip("-.") or "scenario" for n in names]
    joined = "_vs_".join(safe)
    if len(joined) <= MAX_NAME:
        return joined
    digest = hashlib.sha256("\n".join(names).encode()).hexdigest()[:8]
    head = "_vs_".join(s[:12] for s in safe[:2])
    return f"{head}_and_{len(names) - 2}_more_{digest}"


def compare(
    scenarios: Sequence[ScenarioLike],
    reference: str | None = None,
    name: str | None = None,
    *,
    search_dirs: Sequence[Path] = (),
    progress: Callable[[str], None] | None = None,
) -> Comparison:
    """Solve (or take) each scenario and build the comparison tables.

    ``scenarios``: names, YAML paths, :class:`Scenario` objects or already-solved
    :class:`Result` objects, at least one; their names must differ. ``reference``: the
    scenario the differences are taken against (default: the first). ``name``: the
    comparison's name (default: the scenario names joined with ``_vs_``). ``progress``:
    called with one line per scenario as it is solved (the CLI prints these).
    """
    if isinstance(scenarios, str | Path | Scenario | Result):
        raise EmisimError("compare() takes a list of scenarios, e.g. ['plan2020', 'no-guidance']")
    if not scenarios:
        raise EmisimError("compare() needs at least one scenario")
    problem = None if name is None else folder_name_problem(name)
    if problem:
        raise EmisimError(f"comparison name {problem}")
    # Load every scenario first: a typo in the last one should not wait for the others' solves.
    scenarios = [
        s if isinstance(s, Result | Scenario) else load_scenario(s, search_dirs=search_dirs)
        for s in scenarios
    ]
    results = []
    for i, s in enumerate(scenarios, start=1):
        t0 = time.perf_counter()
        r = (
            s
            if isinstance(s, Result)
            else run(s, search_dirs=search_dirs, raise_on_infeasible=False)
        )
        if progress is not None:
            progress(
                f"[{i}/{len(scenarios)}] {r.name}: {r.status} ({time.perf_counter() - t0:.1f} s)"
            )
        results.append(r)
    results = tuple(results)
    names = [r.name for r in results]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise EmisimError(f"each scenario may appear once in a comparison; repeated: {dupes}")
    ref = names[0] if reference is None else reference
    if ref not in names:
        raise EmisimError(f"reference '{ref}' is not one of the compared scenarios {names}")
    return Comparison(results, ref, name or default_name(names), build_tables(results, ref))


__all__ = ["TABLES", "Comparison", "compare", "default_name"]
