"""The raw-highspy floor of an analysis: every LP it solved, replayed in bare highspy.

:func:`recording` swaps ``highspy.Highs`` for a subclass that logs each call that changes
a model (options, ``passModel``, costs, bounds, rows, columns, basis) and each solve, with
the objective and status the solve ended with. :func:`replay` then rebuilds each model in
a plain ``highspy.Highs`` from its log and repeats the same changes and solves on the
calling thread (``run()``, no interrupt handling, no Python analysis in between): the
same LPs from the same warm starts, which is what the analysis cannot beat. It returns
the wall time and how many solves ended with another objective or status than the
analysis saw (0: the replay is faithful).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import highspy
import numpy as np

#: Calls that change a model, logged with copies of their array arguments.
CHANGES = (
    "setOptionValue",
    "passModel",
    "changeColsCost",
    "changeColCost",
    "changeObjectiveSense",
    "changeCoeff",
    "changeRowsBounds",
    "changeRowBounds",
    "changeColsBounds",
    "changeColBounds",
    "addVars",
    "addRow",
    "addRows",
    "deleteRows",
    "deleteVars",
    "setBasis",
    "clearSolver",
)
SKIPPED_OPTIONS = {"time_limit", "output_flag", "log_to_console"}


def _copy(value):
    return np.array(value, copy=True) if isinstance(value, np.ndarray) else value


class _Log:
    def __init__(self) -> None:
        self.events: list[tuple] = []  # (call, args) or ("run", [objective, status])

    @property
    def solves(self) -> int:
        return sum(1 for e in self.events if e[0] == "run")


LOGS: list = []  # the Recording objects made while recording


def _logged(name: str):
    def call(self, *args):
        self._log_done()
        self._log.events.append((name, tuple(_copy(a) for a in args)))
        return getattr(_BASE, name)(self, *args)

    return call


_BASE = highspy.Highs  # the real class, whatever recording() swaps in


class Recording(_BASE):
    """``highspy.Highs`` that logs its changes and solves into :data:`LOGS`."""

    def __init__(self) -> None:
        super().__init__()
        self._log = _Log()
        self._open: list | None = None
        LOGS.append(self)

    def _log_done(self) -> None:
        """The last solve's outcome, read once it has finished (before the next change)."""
        if self._open is not None:
            self._open[0] = float(self.getInfo().objective_function_value)
            self._open[1] = self.modelStatusToString(self.getModelStatus())
            self._open = None

    def _log_run(self) -> None:
        self._log_done()
        self._open = [None, None]
        self._log.events.append(("run", self._open))

    def startSolve(self):  # the interruptible path (emisim.solvers.highs.run_interruptible)
        self._log_run()
        return super().startSolve()

    def run(self):
        self._log_run()
        return super().run()

    def solve(self):
        self._log_run()
        return super().solve()


for _name in CHANGES:
    setattr(Recording, _name, _logged(_name))


@contextlib.contextmanager
def recording() -> Iterator[list[_Log]]:
    """While inside: every new ``highspy.Highs()`` records; yields the logs (complete
    once the block has ended)."""
    LOGS.clear()
    logs: list[_Log] = []
    highspy.Highs = Recording
    try:
        yield logs
    finally:
        highspy.Highs = _BASE
        for h in LOGS:
            h._log_done()
            logs.append(h._log)
        LOGS.clear()


def replay(logs: list[_Log], rel: float = 1e-6) -> dict:
    """Replay each model that solved something; wall time, solves and mismatches, and
    ``marks``: the replay's elapsed seconds at the end of each solve, in order (a sweep's
    floor per run is the time after its base solves, divided by its runs)."""
    solves = mismatches = 0
    seconds = 0.0
    marks: list[float] = []
    for log in logs:
        if not log.solves:
            continue
        h = _BASE()
        h.setOptionValue("output_flag", False)
        t0 = time.perf_counter()
        for name, args in log.events:
            if name == "run":
                h.run()
                solves += 1
                objective, status = args
                got = h.modelStatusToString(h.getModelStatus())
                value = float(h.getInfo().objective_function_value)
                if got != status or (
                    status == "Optimal" and abs(value - objective) > rel * max(abs(value), 1)
                ):
                    mismatches += 1
                marks.append(seconds + time.perf_counter() - t0)
            elif name == "setOptionValue":
                if args[0] not in SKIPPED_OPTIONS:
                    h.setOptionValue(*args)
            else:
                getattr(h, name)(*args)
        seconds += time.perf_counter() - t0
    return {
        "floor_s": seconds,
        "floor_lps": solves,
        "floor_mismatches": mismatches,
        "marks": marks,
    }
