"""A plan that silently changed is an error naming file, row and column (issue 13, item 2).

Each case once validated and solved to "targets met: yes" with a different plan. They
are made on a copy of the embedded dataset, so the rows are the real ones.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from emisim.model.data import embedded_path, load_dataset
from emisim.model.errors import DataError, DataErrors


def copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(embedded_path(), folder, ignore=shutil.ignore_patterns("inputs", "sources"))
    return folder


def edit(folder: Path, name: str, change: Callable[[list[str]], list[str]]) -> None:
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")


def row_of(folder: Path, name: str, start: str) -> int:
    """The spreadsheet row (header = 1) of the first line starting with ``start``."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(start))


def errors(folder: Path) -> list[DataError]:
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    exc = info.value
    return exc.errors if isinstance(exc, DataErrors) else [exc]


def test_deleted_target_row_is_an_error(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data, "targets.csv", lambda ls: [x for x in ls if not x.startswith("plan2020,cut_so2,")])
    (err,) = errors(data)
    assert err.file.endswith("targets.csv") and err.column == "pollutant"
    assert "target set 'plan2020' has no emission_cut row for SO2" in str(err)


def test_two_rows_for_one_pollutant_is_an_error(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data, "targets.csv", lambda ls: [*ls, "plan2020,cut_so2_again,emission_cut,SO2,0,2020"])
    (err,) = errors(data)
    assert err.file.endswith("targets.csv") and err.column == "pollutant"
    assert err.row == len((data / "targets.csv").read_text().splitlines())
    assert "a second emission_cut row for SO2 in target set 'plan2020'" in str(err)


def test_removal_of_a_pollutant_the_sector_does_not_emit(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data, "removals.csv", lambda ls: [*ls, "ultra_low_power,VOC,0.5"])
    (err,) = errors(data)
    assert err.file.endswith("removals.csv") and err.column == "pollutant"
    assert err.row == len((data / "removals.csv").read_text().splitlines())
    assert "'ultra_low_power' removes VOC, but its sector 'power' emits no VOC" in str(err)


def test_a_unit_removing_more_than_its_sector_emits(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    row = row_of(data, "removals.csv", "ind_denox,NOX,")

    def times_1000(lines: list[str]) -> list[str]:
        m, q, v = lines[row - 1].split(",")
        lines[row - 1] = f"{m},{q},{float(v) * 1000}"
        return lines

    edit(data, "removals.csv", times_1000)
    (err,) = errors(data)
    assert (err.file.endswith("removals.csv"), err.row, err.column) == (True, row, "removal_t")
    assert "one unit of 'ind_denox' removes" in str(err) and "more than sector" in str(err)


def test_duplicated_header_column(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data, "removals.csv", lambda ls: [ls[0] + ",removal_t", *(x + ",1" for x in ls[1:])])
    (err,) = errors(data)
    assert (err.row, err.column) == (1, "removal_t") and "named twice" in str(err)


@pytest.mark.parametrize("table", ["baseline", "macro", "removals", "targets"])
def test_header_only_required_table(tmp_path: Path, table: str) -> None:
    data = copy_data(tmp_path)
    edit(data, f"{table}.csv", lambda ls: ls[:1])
    found = errors(data)
    assert any(e.file.endswith(f"{table}.csv") and "no rows" in str(e) for e in found)


def test_macro_without_the_base_year_or_with_a_gap(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data, "macro.csv", lambda ls: [x for x in ls if not x.startswith(("2015", "2017"))])
    messages = [str(e) for e in errors(data)]
    assert any("macro.csv" in m and "base year 2015" in m for m in messages)
    assert any("macro.csv" in m and "year 2017" in m for m in messages)


@pytest.mark.parametrize(
    "table, start, column, value",
    [
        ("baseline.csv", "500101,", "emissions_t", "1e300"),
        ("baseline.csv", "500101,", "emissions_t", "2e9"),
        ("measures.csv", "boiler_coal_to_gas,", "capex_yuan", "1e14"),
        ("growth.csv", "power,", "index", "inf"),
    ],
)
def test_absurd_magnitudes_are_refused(
    tmp_path: Path, table: str, start: str, column: str, value: str
) -> None:
    import csv

    data = copy_data(tmp_path)
    with (data / table).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    row = next(i for i, r in enumerate(rows) if ",".join(r).startswith(start))
    rows[row][rows[0].index(column)] = value
    with (data / table).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    found = errors(data)
    assert any(e.file.endswith(table) and e.row == row + 1 and e.column == column for e in found)


def test_all_errors_are_reported_in_one_pass(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data, "targets.csv", lambda ls: [x for x in ls if not x.startswith("plan2020,cut_so2,")])
    edit(data, "removals.csv", lambda ls: [*ls, "ultra_low_power,VOC,0.5"])
    found = errors(data)
    assert {Path(e.file).name for e in found} == {"targets.csv", "removals.csv"}
    bad_rows = copy_data(tmp_path / "b")
    edit(bad_rows, "baseline.csv", lambda ls: [ls[0], *(x + "x" for x in ls[1:4]), *ls[4:]])
    edit(bad_rows, "macro.csv", lambda ls: [ls[0], "20x5,1", *ls[2:]])
    found = errors(bad_rows)
    assert [(Path(e.file).name, e.row) for e in found] == [
        ("baseline.csv", 2),
        ("baseline.csv", 3),
        ("baseline.csv", 4),
        ("macro.csv", 2),
    ]


def test_three_independent_errors_of_three_kinds_are_all_reported(tmp_path: Path) -> None:
    """A bad cell, an unknown code and a removal of an unemitted pollutant, in three files:
    one pass names all three, though each kind used to wait for the one before."""
    data = copy_data(tmp_path)
    edit(data, "macro.csv", lambda ls: [ls[0], ls[1], "2016,1.1x", *ls[3:]])
    edit(data, "potentials.csv", lambda ls: [*ls, "599999,cement_denox,5"])
    edit(data, "removals.csv", lambda ls: [*ls, "ultra_low_power,VOC,0.5"])
    found = [(Path(e.file).name, e.row, e.column) for e in errors(data)]
    assert found == [
        ("macro.csv", 3, "gdp_index"),
        ("potentials.csv", len((data / "potentials.csv").read_text().splitlines()), "code"),
        ("removals.csv", len((data / "removals.csv").read_text().splitlines()), "pollutant"),
    ]


def test_an_error_is_not_reported_again_through_its_consequences(tmp_path: Path) -> None:
    """A unit whose row is broken is not also 'unknown' in every table that names it."""
    data = copy_data(tmp_path)
    row = row_of(data, "units.csv", "500103,")
    edit(data, "units.csv", lambda ls: [*ls[: row - 1], ls[row - 1].replace("500103", "5001x3")])
    found = errors(data)
    assert [(Path(e.file).name, e.row) for e in found] == [("units.csv", row)], found[:3]


def test_city_totals_that_disagree_with_the_baseline_are_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    row = row_of(data, "city_totals.csv", "SO2,")
    edit(data, "city_totals.csv", lambda ls: [*ls[: row - 1], "SO2,999999", *ls[row:]])
    with pytest.raises(DataError) as info:
        load_dataset(data)
    found = getattr(info.value, "errors", [info.value])
    assert [(Path(e.file).name, e.row, e.column) for e in found] == [
        ("city_totals.csv", row, "total_2015_t")
    ]
    assert "SO2: baseline.csv sums to" in found[0].detail


def test_cli_validate_prints_every_error_and_the_warnings(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data, "targets.csv", lambda ls: [x for x in ls if not x.startswith("plan2020,cut_so2,")])
    edit(data, "removals.csv", lambda ls: [*ls, "ultra_low_power,VOC,0.5"])
    cmd = [sys.executable, "-m", "emisim.cli", "data", "validate", str(data)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and "Traceback" not in out.stderr and len(lines) == 2
    assert all(line.startswith("emisim: error: ") for line in lines)
    files = {Path(line.split(",")[0].removeprefix("emisim: error: ")).name for line in lines}
    assert files == {"targets.csv", "removals.csv"}
    ok = subprocess.run([*cmd[:-1], str(embedded_path())], capture_output=True, text=True)
    assert ok.returncode == 0 and "valid" in ok.stdout
    assert all(x.startswith("emisim: warning: ") for x in ok.stderr.strip().splitlines())
