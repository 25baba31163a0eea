"""Resumable storage: ``outputs/sweeps/<name>/`` holds one spec's runs as a Parquet dataset.

Layout: ``sweep.json`` (the spec, its hash, the parameter names), ``design.parquet`` (run
id and parameter values of every run) and ``runs/part-*.parquet`` (finished records,
appended in batches). Each file is written beside its target under a dot-name and renamed
into place, so a killed sweep leaves only whole parts (readers skip dot-files). A folder
holding another spec's runs is refused, never mixed.

Exact under concurrency and damage: parts are appended under a lock on the folder
(``.sweep.lock``, the ``filelock`` package), and a run already stored (by another process
sweeping the same spec into the same folder at the same time) is dropped from the part, so
no run is ever stored twice; readers also keep one record per run and say how many they
dropped (folders written before the lock). A part that cannot be read (truncated, not
Parquet) is named in a :class:`SweepWarning`; readers skip it, and the next sweep moves it
to ``quarantine/`` and computes its runs again.
"""

from __future__ import annotations

import json
import os
import uuid
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock

from emisim.model.errors import SweepError
from emisim.sweeps.plan import Plan
from emisim.sweeps.record import columns

KIND = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
LOCK = ".sweep.lock"
QUARANTINE = "quarantine"


class SweepWarning(UserWarning):
    """Stored runs were damaged or duplicated; what was done about it."""


def folder_lock(folder: Path) -> FileLock:
    """The lock every writer of ``folder`` holds while it checks and appends."""
    return FileLock(str(folder / LOCK))


def read_parts(runs: Path, columns: list[str] | None = None, skip: frozenset[Path] = frozenset()):
    """Each readable part's table, and ``(part, reason)`` for each damaged one."""
    tables, damaged = [], []
    for part in sorted(runs.glob("part-*.parquet")) if runs.exists() else []:
        if part in skip:
            continue
        try:
            tables.append((part, pq.read_table(part, columns=columns)))
        except (pa.ArrowException, OSError) as exc:
            damaged.append((part, f"{type(exc).__name__}: {exc}".splitlines()[0]))
    return tables, damaged


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
        self.lock = folder_lock(self.folder)
        self.quarantined: list[str] = []  # damaged parts moved aside by this store
        self.dropped = 0  # records not appended: another process had stored those runs
        self._seen: dict[Path, set[int]] = {}  # run ids of each part read (parts never change)

    @classmethod
    def open(cls, folder: Path | str, plan: Plan) -> Store:
        """Open (creating) the folder for ``plan``; refuse one that holds another spec."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        store = cls(folder, plan)
        with store.lock:
            store._open()
        return store

    def _open(self) -> None:
        meta = self.folder / "sweep.json"
        if meta.exists():
            held = json.loads(meta.read_text("utf-8")).get("hash")
            if held != self.plan.hash:
                raise SweepError(
                    f"{self.folder} holds the runs of a different spec (hash {held}; this spec "
                    f"is {self.plan.hash}): name the sweep differently, or remove that folder"
                )
            return
        plan = self.plan
        self.runs.mkdir(parents=True, exist_ok=True)
        design = pa.Table.from_pandas(plan.design_frame(), preserve_index=False)
        _atomic_write(self.folder / "design.parquet", lambda p: pq.write_table(design, p))
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

    def done(self) -> set[int]:
        """Run ids already stored. A damaged part is moved to ``quarantine/`` and named
        (:class:`SweepWarning`): its runs count as not stored, so they are computed again."""
        with self.lock:
            return self._stored()

    def _stored(self) -> set[int]:
        for part in [p for p in self._seen if not p.exists()]:
            del self._seen[part]
        tables, damaged = read_parts(self.runs, ["run_id"], frozenset(self._seen))
        for part, table in tables:
            self._seen[part] = set(table.column("run_id").to_pylist())
        for part, reason in damaged:
            aside = self.folder / QUARANTINE
            aside.mkdir(exist_ok=True)
            os.replace(part, aside / part.name)
            name = f"{part.relative_to(self.folder)}"
            self.quarantined.append(name)
            warnings.warn(
                f"sweep {self.folder.name}: {name} is damaged ({reason}); moved to "
                f"{QUARANTINE}/{part.name}, its runs will be computed again",
                SweepWarning,
                stacklevel=3,
            )
        return set().union(*self._seen.values())

    def append(self, records: list[dict]) -> None:
        """Write finished records as one new part (whole or not at all), leaving out runs
        already stored (by another process on the same folder): under the folder's lock,
        so no run is ever stored twice."""
        if not records:
            return
        with self.lock:
            stored = self._stored()
            keep = []
            for r in records:
                if r["run_id"] not in stored:
                    stored.add(r["run_id"])
                    keep.append(r)
            self.dropped += len(records) - len(keep)
            if not keep:
                return
            cols = {name: [r.get(name) for r in keep] for name in self.schema.names}
            table = pa.Table.from_pydict(cols, schema=self.schema)
            part = self.runs / f"part-{uuid.uuid4().hex}.parquet"
            _atomic_write(part, lambda p: pq.write_table(table, p))
            self._seen[part] = {r["run_id"] for r in keep}


def read_info(folder: Path | str) -> dict:
    meta = Path(folder) / "sweep.json"
    if not meta.exists():
        raise SweepError(f"{folder}: no sweep stored here (no sweep.json)")
    return json.loads(meta.read_text("utf-8"))


def read_records(folder: Path | str) -> tuple[dict, pd.DataFrame]:
    """A stored sweep's info and its records (one row per run, ordered by run id). Damaged
    parts are skipped and duplicated runs kept once, each said in a :class:`SweepWarning`
    (the notes are also in ``frame.attrs["notes"]``)."""
    folder = Path(folder)
    info = read_info(folder)
    tables, damaged = read_parts(folder / "runs")
    notes = [
        f"{part.relative_to(folder)} is damaged ({reason}): its runs are left out (the next "
        "sweep of this spec quarantines it and computes them again)"
        for part, reason in damaged
    ]
    if not tables:
        frame = pd.DataFrame(columns=["run_id", "status"])
    else:
        frame = pa.concat_tables([t for _, t in tables]).to_pandas()
        frame = frame.sort_values(["run_id", "computed_at"], kind="stable", na_position="last")
        twice = frame.duplicated("run_id")
        if twice.any():
            runs = frame.loc[twice, "run_id"].nunique()
            notes.append(
                f"{int(twice.sum())} duplicate records of {runs} runs left out (the same runs "
                "stored twice, e.g. by two sweeps at once before storage was locked); the "
                "first computed record of each run is kept"
            )
            frame = frame[~twice]
        frame = frame.reset_index(drop=True)
    for note in notes:
        warnings.warn(f"sweep {folder.name}: {note}", SweepWarning, stacklevel=2)
    frame.attrs["notes"] = notes
    return info, frame


def read_design(folder: Path | str) -> pd.DataFrame:
    return pq.read_table(Path(folder) / "design.parquet").to_pandas()
