"""Run a sweep: what is missing from storage, in chunks, on local processes or Dask.

Backends: in this process (``workers=1``), a local process pool (default, one worker per
core) or Dask distributed (``scheduler`` address or a local cluster). Each worker keeps
one evaluator between chunks. Finished records are appended to storage in batches as
they arrive, so an interrupted sweep keeps them and a re-run computes only the rest.
A run that fails is a record with its status; a worker process that dies takes its
chunk's runs back to the queue one by one, and a run that kills a worker on its own is
recorded as a crash.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from emisim.model.scenario import Scenario
from emisim.sweeps.evaluate import DEFAULT_EVALUATOR, evaluate_chunk
from emisim.sweeps.plan import Plan, plan_sweep
from emisim.sweeps.spec import SweepSpec, load_spec
from emisim.sweeps.storage import Store

Chunk = list[int]


@dataclass
class Summary:
    """What a sweep invocation did."""

    name: str
    folder: Path
    runs: int  # in the design
    stored_before: int  # already present when it started
    computed: int = 0  # computed by this invocation
    statuses: dict[str, int] = field(default_factory=dict)  # of the computed runs
    wall_s: float = 0.0
    backend: str = ""
    quarantined: list[str] = field(default_factory=list)  # damaged parts moved aside
    dropped: int = 0  # computed here, but another process had stored them first

    @property
    def failures(self) -> int:
        return sum(n for s, n in self.statuses.items() if s != "optimal")

    @property
    def solves_per_s(self) -> float:
        return self.computed / self.wall_s if self.wall_s > 0 else 0.0

    def text(self) -> str:
        fail = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()) if s != "optimal")
        notes = "".join(
            f"; damaged part {q} quarantined, its runs computed again" for q in self.quarantined
        )
        if self.dropped:
            notes += f"; {self.dropped} runs not stored again (another process had stored them)"
        return (
            f"sweep {self.name}: {self.runs} runs ({self.stored_before} already stored, "
            f"{self.computed} computed on {self.backend}); failures: {fail or 'none'}{notes}; "
            f"wall {self.wall_s:.1f} s, {self.solves_per_s:.1f} solves/s -> {self.folder}"
        )


def run_sweep(
    spec: SweepSpec | str | Path,
    *,
    out: str | Path = "outputs",
    workers: int | None = None,
    scheduler: str | None = None,
    dask_local: bool = False,
    evaluator: str = DEFAULT_EVALUATOR,
    progress: bool = True,
    chunk_size: int | None = None,
    flush_s: float = 2.0,
    base: Scenario | None = None,
) -> Summary:
    """Run what is missing of ``spec``'s runs and store them under ``out/sweeps/<name>/``.

    ``workers=1`` runs in this process; ``base`` (a Scenario object) replaces the spec's
    named base; ``flush_s``: finished records are written at least this often."""
    t0 = time.perf_counter()
    folder = None
    if not isinstance(spec, SweepSpec):
        spec, folder = load_spec(spec)
    plan = plan_sweep(spec, folder, base)
    store = Store.open(Path(out) / "sweeps" / spec.name, plan)
    done = store.done()
    todo = [i for i in range(plan.n_runs) if i not in done]
    workers = workers or os.cpu_count() or 1
    summary = Summary(spec.name, store.folder, plan.n_runs, len(done))
    size = chunk_size or max(1, min(25, len(todo) // (workers * 4) or 1))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    session = uuid.uuid4().hex[:12]
    backend, summary.backend = _backend(plan, evaluator, session, workers, scheduler, dask_local)
    bar = tqdm(
        total=plan.n_runs, initial=len(done), unit="run", disable=not progress, smoothing=0.1
    )
    buffer: list[dict] = []
    last = time.perf_counter()
    try:
        for records in backend(chunks):
            buffer.extend(records)
            for r in records:
                summary.statuses[r["status"]] = summary.statuses.get(r["status"], 0) + 1
            summary.computed += len(records)
            bar.update(len(records))
            bar.set_postfix(failed=summary.failures, refresh=False)
            if time.perf_counter() - last >= flush_s:
                store.append(buffer)
                buffer, last = [], time.perf_counter()
    finally:
        store.append(buffer)  # whatever finished is kept, even on Ctrl-C
        bar.close()
        summary.wall_s = time.perf_counter() - t0
        summary.quarantined, summary.dropped = store.quarantined, store.dropped
    return summary


Backend = Callable[[list[Chunk]], Iterator[list[dict]]]


def _backend(
    plan: Plan, kind: str, session: str, workers: int, scheduler: str | None, dask_local: bool
) -> tuple[Backend, str]:
    if scheduler or dask_local:
        from emisim.sweeps.cluster import dask_backend

        where = scheduler or f"a local Dask cluster of {workers}"
        return dask_backend(plan, kind, session, workers, scheduler), f"Dask ({where})"
    if workers == 1:

        def inline(chunks: list[Chunk]) -> Iterator[list[dict]]:
            return (evaluate_chunk(plan, kind, c, session) for c in chunks)

        return inline, "1 process"

    def pool(chunks: list[Chunk]) -> Iterator[list[dict]]:
        yield from _pool(plan, kind, session, workers, chunks)

    return pool, f"{workers} local processes"


def _pool(
    plan: Plan, kind: str, session: str, workers: int, chunks: list[Chunk]
) -> Iterator[list[dict]]:
    """A spawn-started process pool; at most two chunks in flight per worker."""
    queue = [(c, False) for c in reversed(chunks)]  # (chunk, alone after a broken pool)
    ctx = multiprocessing.get_context("spawn")
    while queue:
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            flying: dict = {}
            broken = False
            while (queue or flying) and not broken:
                while queue and len(flying) < 2 * workers and not _isolating(flying, queue):
                    chunk, alone = queue.pop()
                    flying[pool.submit(evaluate_chunk, plan, kind, chunk, session)] = (chunk, alone)
                finished, _ = wait(flying, return_when=FIRST_COMPLETED)
                for fut in finished:
                    chunk, alone = flying.pop(fut)
                    try:
                        yield fut.result()
                    except BrokenProcessPool as exc:
                        broken = True
                        if alone:
                            crash = _crash(chunk[0], session, f"worker process died: {exc}")
                            yield [crash | plan.x(chunk[0])]
                        else:
                            queue.extend(([i], True) for i in chunk)
            for chunk, _alone in flying.values():  # lost with the pool: retry one by one
                queue.extend(([i], True) for i in chunk)
            if broken:
                with contextlib.suppress(Exception):
                    pool.shutdown(wait=False, cancel_futures=True)


def _isolating(flying: dict, queue: list) -> bool:
    """A run retried after a worker died flies alone, so a second death names it."""
    return bool(flying) and (queue[-1][1] or any(alone for _, alone in flying.values()))


def _crash(run_id: int, session: str, message: str) -> dict:
    return {
        "run_id": run_id,
        "status": "crash",
        "message": message,
        "session": session,
        "computed_at": "",
        "worker": "",
        "seconds": 0.0,
    }
