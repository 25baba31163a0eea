"""The Dask distributed backend: the same chunks and records, on a cluster.

``scheduler`` connects to a running cluster (``tcp://host:8786``; its workers need emisim
installed and the base scenario's data folder at the same path); without it a local
cluster of single-threaded worker processes is started and stopped around the sweep.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from emisim.model.errors import SweepError
from emisim.sweeps.evaluate import evaluate_chunk
from emisim.sweeps.plan import Plan


def dask_backend(plan: Plan, kind: str, session: str, workers: int, scheduler: str | None):
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - distributed is a dependency
        raise SweepError("the Dask backend needs dask[distributed]") from None

    def run(chunks: list[list[int]]) -> Iterator[list[dict]]:
        if scheduler:
            cluster = None
            try:
                client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise SweepError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: 8787 may be taken (no clash)
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        try:
            futures = {
                client.submit(evaluate_chunk, plan, kind, c, session, pure=False): c for c in chunks
            }
            for fut in as_completed(futures):
                chunk = futures[fut]
                try:
                    yield fut.result()
                except Exception as exc:  # a worker died (KilledWorker) or the task failed
                    msg = f"{type(exc).__name__}: {exc}"
                    yield [_failed(i, session, msg) | plan.x(i) for i in chunk]
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run


def _failed(run_id: int, session: str, message: str) -> dict:
    return {"run_id": run_id, "status": "crash", "message": message, "session": session}
