"""Byte-reproducible results (issue 13, item 4): the model's row and term order never
follows Python's per-process hash seed, and volatile facts (timings, dates, host) live
in manifest.json only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from emisim.reports.export import CORE_DATE, ZIP_DATE, stamp_workbook


def run_plan2020(out: Path, seed: str) -> Path:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    cmd = [sys.executable, "-m", "emisim.cli", "run", "plan2020", "--quiet", "--out", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    return out / "plan2020"


def test_two_fresh_processes_with_different_hash_seeds_write_identical_files(
    tmp_path: Path,
) -> None:
    a = run_plan2020(tmp_path / "a", "1")
    b = run_plan2020(tmp_path / "b", "2")
    files = sorted(p.name for p in a.iterdir() if p.name != "manifest.json")
    assert "summary.json" in files and "allocation.csv" in files
    assert files == sorted(p.name for p in b.iterdir() if p.name != "manifest.json")
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    ma, mb = (json.loads((x / "manifest.json").read_text()) for x in (a, b))
    assert ma["run_id"] == mb["run_id"] and len(ma["run_id"]) == 16
    summary = (a / "summary.json").read_text()
    assert "timings" not in summary and "created" not in summary
    assert "timings_s" in ma and "created" in ma


def _book(path: Path) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        pd.DataFrame({"x": [1.5, 2.5]}).to_excel(xl, sheet_name="t", index=False)


def test_workbook_carries_the_run_id_and_no_clock(tmp_path: Path) -> None:
    import pandas as pd

    book = tmp_path / "w.xlsx"
    _book(book)
    stamp_workbook(book, "abc123")
    first = book.read_bytes()
    with zipfile.ZipFile(book) as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_DATE}
        core = z.read("docProps/core.xml").decode()
    assert core.count(CORE_DATE) == 2 and "emisim run abc123" in core
    assert pd.read_excel(book, sheet_name="t")["x"].tolist() == [1.5, 2.5]
    _book(book)
    stamp_workbook(book, "abc123")
    assert book.read_bytes() == first
