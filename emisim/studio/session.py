"""One browser session: its base scenario, the keys it changed, and its own warm re-solve
engine (:func:`emisim.engine`). Nothing here is shared between sessions.

A change is validated by the scenario schema first (``Scenario.with_changes``): a refused
value raises the schema's own message and leaves the session as it was. A city target moves
through ``Engine.set_target`` (the target row and the band rows that follow it); any other
key rebuilds the Params of the changed scenario and hands them to ``Engine.set_params``,
which pushes what it can and rebuilds the model only when it must.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import emisim
from emisim.analysis import conflict
from emisim.api import Result, collect_tables, resolve
from emisim.model.assemble import build_params
from emisim.model.errors import EmisimError, ScenarioError
from emisim.model.scenario import Scenario
from emisim.results.prices import plan_target_prices_from
from emisim.results.summary import summarise
from emisim.solvers.engine import Engine
from emisim.solvers.highs import Status
from emisim.solvers.presented import present
from emisim.studio.background import ranges_job

TARGET = "targets.overrides."
#: Every solve of the server process runs under this lock, one at a time: highspy (1.16)
#: keeps the flags of its interruptible solve (``startSolve``, which the engine uses so
#: that Ctrl-C stops a solve cleanly) on the Highs class, not on each object, so two
#: engines solving in two threads at once fail with "Solver is already running".
SOLVES = threading.RLock()


@dataclass
class Quick:
    """What the engine's own summary gives at once after a change (``Engine.record``)."""

    status: str
    objective: float | None = None
    #: the two prices of each city target (results.prices): the cost of the plan's target
    #: (bands set as multiples of it move with it) and of one more tonne, bands held
    plan_target: dict[str, float] = field(default_factory=dict)
    bands_held: dict[str, float] = field(default_factory=dict)
    city_cut: dict[str, float] = field(default_factory=dict)
    binding: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == str(Status.OPTIMAL)


class Session:
    """A browser session's scenario and engine. Call its methods under :attr:`lock`
    (:data:`SOLVES`)."""

    def __init__(self, scenario: str | Path | Scenario, search_dirs: tuple[Path, ...] = ()):
        self.lock = SOLVES
        self.search_dirs = search_dirs
        self.last_used = time.monotonic()
        self.lang = "en"  # the page's language (en, zh)
        self.pollutant = "NOX"  # the map's pollutant
        with self.lock:
            self.load(scenario)

    def load(self, scenario: str | Path | Scenario) -> None:
        """Start again from ``scenario`` (a shipped name, a YAML path or a Scenario)."""
        sc, ds = resolve(scenario, search_dirs=self.search_dirs)
        if getattr(self, "_job", None) is not None:
            self._drop_job()  # the old scenario's ranges are of no use
        self.ref = scenario if isinstance(scenario, str) else str(sc.source or sc.name)
        self.base, self.dataset, self.scenario = sc, ds, sc
        self.changes: dict[str, Any] = {}
        self.engine = emisim.engine(sc, search_dirs=self.search_dirs)
        self.version = 0
        self._result: Result | None = None
        self._conflict: dict[str, str] = {}
        self._ranges = None
        self._job: tuple[int, Future] | None = None  # (version, background ranges)
        self.ranges_error = ""
        self.base_quick = self.quick()
        self.base_result: Result | None = None

    # ------------------------------------------------------------------ changes

    def change(self, path: str, value: Any) -> Quick:
        """Set one key (or, with ``value`` None, return it to the base's value) and
        re-solve warm. A value the schema refuses raises ScenarioError; nothing changes."""
        changes = dict(self.changes)
        if value is None or _base_value(self.base, path) == value:
            changes.pop(path, None)
        else:
            changes[path] = value
        sc = self._validated(changes)
        if changes == self.changes:  # the value it already has: nothing to re-solve
            return self.quick()
        if path.startswith(TARGET) and path.count(".") == 2:
            q = path.rsplit(".", 1)[1]
            tau = value if value is not None else self._base_target(q)
            self.engine.set_target(q, tau)
        else:
            self.engine.set_params(build_params(self.dataset, sc, file=sc.name))
        self.scenario, self.changes = sc, changes
        self.version += 1
        self._result, self._conflict, self._ranges = None, {}, None
        self._drop_job()
        return self.quick()

    def reset(self) -> Quick:
        for path in list(self.changes):
            self.change(path, None)
        return self.quick()

    def _validated(self, changes: dict[str, Any]) -> Scenario:
        try:
            return self.base.with_changes(**changes) if changes else self.base
        except ScenarioError as exc:
            raise ScenarioError("studio", exc.detail, key=exc.key) from None

    def _base_target(self, q: str) -> float:
        return build_params(self.dataset, self.base, file=self.base.name).targets[q]

    # ------------------------------------------------------------------ answers

    def quick(self) -> Quick:
        return quick(self.engine)

    def result(self) -> Result:
        """The full result of the scenario as it stands, as ``emisim run`` gives it: the
        presented allocation (the stated choice among tied optima) and every table."""
        if self._result is None:
            self._result = self._full()
            if not self.changes:
                self.base_result = self._result
        return self._result

    def _full(self) -> Result:
        eng, sc, p = self.engine, self.scenario, self.engine.params
        res = eng.solve()
        if not res.ok:
            summary = {"scenario": sc.name, "status": str(res.status)}
            return Result(sc, self.dataset, p, res, {}, summary)
        if sc.objective.tie_break == "nominal":
            res = present(p, res, eng.options, engine=eng)
        tables = collect_tables(p, res)
        return Result(sc, self.dataset, p, res, tables, summarise(sc, self.dataset, p, res, tables))

    def base_full(self) -> Result:
        """The base scenario's full result (solved once, on a fresh engine of its own)."""
        if self.base_result is None:
            if not self.changes:
                return self.result()
            self.base_result = emisim.run(self.base, search_dirs=self.search_dirs)
        return self.base_result

    def conflict(self, lang: str) -> str:
        """The conflict of an infeasible scenario in the plan's words (HiGHS's IIS)."""
        if lang not in self._conflict:
            try:
                self._conflict[lang] = conflict(self.scenario, lang=lang).sentence
            except EmisimError as exc:
                self._conflict[lang] = str(exc)
        return self._conflict[lang]

    @property
    def ranges_done(self):
        """The near-optimal ranges if computed for the scenario as it stands, else None
        (taken from the background job once it has finished)."""
        if self._ranges is None and self._job is not None and self._job[1].done():
            version, job = self._job
            self._job = None
            if version == self.version and not job.cancelled():
                try:
                    self._ranges = job.result()
                except Exception as exc:  # infeasible, or a broken worker: said, not pending
                    self.ranges_error = str(exc) or type(exc).__name__
        return self._ranges

    @property
    def ranges_pending(self) -> bool:
        """A background job is computing the ranges of the scenario as it stands."""
        return self.ranges_done is None and self._job is not None

    def ranges_in_background(self, submit: Callable[..., Future]) -> None:
        """Start computing the ranges of the scenario as it stands (:mod:`.background`),
        unless they are known, being computed, or failed."""
        if self.ranges_done is not None or self._job is not None or self.ranges_error:
            return
        eng = self.engine
        self._job = (self.version, submit(ranges_job, eng.params, eng.options))

    def close(self) -> None:
        """The session ends: its background job, if not started, is not run."""
        self._drop_job()

    def _drop_job(self) -> None:
        """A change makes the running job stale: cancelled if it has not started."""
        if self._job is not None:
            self._job[1].cancel()
        self._job, self.ranges_error = None, ""

    def ranges(self):
        """Near-optimal ranges of every district's cut, within 1 % of the least cost and
        at exactly the least cost, computed here and now."""
        if self.ranges_done is None:
            self._drop_job()
            eng = self.engine
            self._ranges = ranges_job(eng.params, eng.options)
        return self._ranges

    # ------------------------------------------------------------------ saving

    def own_keys(self) -> dict[str, Any]:
        """The changed keys as a nested mapping (what a saved file holds)."""
        tree: dict[str, Any] = {}
        for path, value in sorted(self.changes.items()):
            node = tree
            keys = path.split(".")
            for key in keys[:-1]:
                node = node.setdefault(key, {})
            node[keys[-1]] = value
        return tree


def _base_value(sc: Scenario, path: str) -> Any:
    node: Any = sc.model_dump(mode="python")
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def quick(eng: Engine) -> Quick:
    """Status, objective, both prices of every city target, city cuts and the binding
    requirement families, from the engine's compact summary (no tables)."""
    t0 = time.perf_counter()
    rec = eng.record()
    out = Quick(status=rec["status"], objective=rec.get("objective"))
    if out.ok:
        out.bands_held = dict(rec.get("bands_held_price", {}))
        out.city_cut = dict(rec["city_cut"])
        out.binding = tuple(rec.get("binding", ()))
        if eng._row_dual is not None:
            p, duals, rows = eng.params, eng._row_dual, eng._layout.row_of

            def dual(fam: str, key: Any) -> float:
                row = rows.get((fam, key))
                return 0.0 if row is None else float(duals[row])

            out.plan_target = plan_target_prices_from(p, list(out.bands_held), dual)
    out.seconds = time.perf_counter() - t0
    return out
