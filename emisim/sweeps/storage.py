"""Resumable storage: ``outputs/sweeps/<name>/`` holds one spec's runs as a Parquet dataset.

Layout: ``sweep.json`` (the spec, its hash, the parameter names), ``design.parquet`` (run
id and parameter values of every run) and ``runs/part-*.parquet`` (finished records,
appended in batches). Each file is written beside its target under a dot-name and renamed
into place, so a killed sweep leaves only whole parts (readers skip dot-files). A folder
holding another spec's runs is refused, never mixed.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from emisim.model.errors import SweepError
from emisim.sweeps.plan import Plan
from emisim.sweeps.record import columns

KIND = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}


def schema(plan: Plan) -> pa.Schema:
    return pa.schema([(c, KIND[k]) for c, k in columns(plan.units, plan.names).items()])


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class Store:
    """The runs of one spec in one folder."""

    def __init__(self, folder: Path, plan: Plan) -> None:
        self.folder = Path(folder)
        self.plan = plan
        self.schema = schema(plan)
        self.runs = self.folder / "runs"

    @classmethod
    def open(cls, folder: Path | str, plan: Plan) -> Store:
        """Open (creating) the folder for ``plan``; refuse one that holds another spec."""
        store = cls(Path(folder), plan)
        meta = store.folder / "sweep.json"
        if meta.exists():
            held = json.loads(meta.read_text("utf-8")).get("hash")
            if held != plan.hash:
                raise SweepError(
                    f"{store.folder} holds the runs of a different spec (hash {held}; this spec "
                    f"is {plan.hash}): name the sweep differently, or remove that folder"
                )
            return store
        store.runs.mkdir(parents=True, exist_ok=True)
        design = pa.Table.from_pandas(plan.design_frame(), preserve_index=False)
        _atomic_write(store.folder / "design.parquet", lambda p: pq.write_table(design, p))
        info = {
            "name": plan.spec.name,
            "hash": plan.hash,
            "runs": plan.n_runs,
            "parameters": list(plan.names),
            "pinned": list(plan.pinned),
            "spec": plan.spec.model_dump(mode="json"),
            "base_scenario": plan.scenario.model_dump(mode="json"),
        }
        text = json.dumps(info, indent=2, ensure_ascii=False) + "\n"
        _atomic_write(meta, lambda p: p.write_text(text, "utf-8"))
        return store

    def done(self) -> set[int]:
        """Run ids already stored."""
        if not self.runs.exists() or not any(self.runs.glob("part-*.parquet")):
            return set()
        table = pads.dataset(self.runs, format="parquet").to_table(columns=["run_id"])
        return set(table.column("run_id").to_pylist())

    def append(self, records: list[dict]) -> None:
        """Write finished records as one new part (whole or not at all)."""
        if not records:
            return
        cols = {name: [r.get(name) for r in records] for name in self.schema.names}
        table = pa.Table.from_pydict(cols, schema=self.schema)
        part = self.runs / f"part-{uuid.uuid4().hex}.parquet"
        _atomic_write(part, lambda p: pq.write_table(table, p))


def read_info(folder: Path | str) -> dict:
    meta = Path(folder) / "sweep.json"
    if not meta.exists():
        raise SweepError(f"{folder}: no sweep stored here (no sweep.json)")
    return json.loads(meta.read_text("utf-8"))


def read_records(folder: Path | str) -> tuple[dict, pd.DataFrame]:
    """A stored sweep's info and its records (one row per run, ordered by run id)."""
    folder = Path(folder)
    info = read_info(folder)
    runs = folder / "runs"
    if not any(runs.glob("part-*.parquet")):
        return info, pd.DataFrame(columns=["run_id", "status"])
    frame = pads.dataset(runs, format="parquet").to_table().to_pandas()
    frame = frame.sort_values("run_id").reset_index(drop=True)
    return info, frame


def read_design(folder: Path | str) -> pd.DataFrame:
    return pq.read_table(Path(folder) / "design.parquet").to_pandas()
