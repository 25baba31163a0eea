"""The near-optimal ranges of a session's answer, computed in the background.

Every "who cuts what" view shows each district cut's range beside the presented value and
how many cuts are pinned. On plan2020 that is 780 LPs (two per cut, at 1 % of the least
cost and at exactly the least cost): 4-10 s on an idle machine, 30 s under load. The page
cannot wait for them, and they cannot run in the server process either: every solve there
holds one lock (highspy keeps its solve flags on the class, :data:`session.SOLVES`), so a
30-second job would stall every session's next change.

So the first answer comes at once and the ranges follow: the detail view, once drawn,
submits the job for the scenario as it stands to one worker *process* (its own highspy),
and the page asks every second until they are there; a change makes the job stale (it is
cancelled if it has not started, and its result is ignored if it has). One worker serves
the whole server, one job at a time, so the machine keeps a core for the answers.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from emisim.analysis import near_optimal_ranges
from emisim.analysis.ranges import Ranges
from emisim.model.params import Params
from emisim.solvers.highs import SolverOptions

#: The tolerances of the studio's ranges: the range within 1 % of the least cost, and at
#: exactly the least cost (whose pinned cuts are those no tie can move).
EPSILONS = (0.01, 0.0)


def ranges_job(p: Params, options: SolverOptions) -> Ranges:
    """The ranges of one scenario (run in the worker process)."""
    return near_optimal_ranges(p, options, epsilons=EPSILONS, must_haves=False)


class Background:
    """One worker process for the whole server, started on the first job."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, fn: Any, *args: Any) -> Future:
        with self._lock:
            if self._pool is None:
                ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
                self._pool = ProcessPoolExecutor(1, mp_context=ctx)
            return self._pool.submit(fn, *args)

    def shutdown(self) -> None:
        """Stop the worker now (the server is stopping): a job half done is of no use."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            workers = list(getattr(pool, "_processes", {}).values())  # the worker to stop
            pool.shutdown(wait=False, cancel_futures=True)
            for w in workers:
                w.terminate()
